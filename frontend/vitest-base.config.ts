import { defineConfig } from 'vitest/config';

// Options Angular's unit-test builder passes on to Vitest. A generous timeout: the first component test of a file
// compiles Material's styles, which takes seconds on a busy 2-core machine.
export default defineConfig({
  test: {
    testTimeout: 30_000,
  },
});
