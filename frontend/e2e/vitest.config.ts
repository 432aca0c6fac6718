import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// End-to-end tests: the real host (built DLL, SQLite in a temp folder, Development, generated data imported)
// and Debian's chromium driven by playwright-core. One ordered suite in one process: later steps use the people
// the administrator creates in the first.
export default defineConfig({
  resolve: { alias: { '@gen': fileURLToPath(new URL('../src/gen', import.meta.url)) } },
  test: {
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['e2e/harness/global-setup.ts'],
    fileParallelism: false,
    sequence: { concurrent: false },
    testTimeout: 120_000,
    hookTimeout: 600_000,
    reporters: ['default', ['junit', { outputFile: 'artifacts/e2e-junit.xml' }]],
  },
});
