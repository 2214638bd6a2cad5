import { defineConfig } from "vitest/config";

// The slow fault-injection suite (`npm run test:faults`): each file builds and breaks its own
// durable stack, one file at a time.
export default defineConfig({
  test: {
    root: new URL("../..", import.meta.url).pathname,
    include: ["tests/faults/**/*.test.ts"],
    fileParallelism: false,
    testTimeout: 60 * 60_000,
    hookTimeout: 10 * 60_000,
    pool: "forks",
  },
});
