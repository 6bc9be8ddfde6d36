import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // e2e tests each launch Chromium; two cores cannot run many at once.
    maxWorkers: 2,
  },
});
