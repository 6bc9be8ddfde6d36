import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Each test file removes the cookie-audit-* temporary folders it made (tests/cleanup.ts).
    setupFiles: ['tests/cleanup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // e2e tests each launch Chromium; two cores cannot run many at once.
    maxWorkers: 2,
  },
});
