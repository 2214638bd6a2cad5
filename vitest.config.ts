import { defineConfig } from "vitest/config";

// shared/ unit tests and the end-to-end tests that run against the functions server
// `npm test` starts (FUNCTIONS_URL, SUPABASE_DB_URL in the environment).
export default defineConfig({
  test: {
    include: ["shared/**/*.test.ts", "tests/e2e/**/*.test.ts", "tests/security/**/*.test.ts", "tests/guards/**/*.test.ts", "tests/otel/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
