import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // engines are shared processes; keep suites from starving each other on 2 cores
    fileParallelism: false,
  },
});
