import { defineConfig } from "vitest/config";

// The liveness test runs alone, first, on the stack `npm test` has just started (scripts/test.mjs):
// it waits for pg_cron's own schedule, so nothing else should be running its jobs meanwhile.
export default defineConfig({
  test: {
    include: ["tests/liveness/**/*.test.ts"],
    testTimeout: 240_000,
    hookTimeout: 60_000,
  },
});
