import { defineConfig } from 'vitest/config';

/** Root Vitest configuration: runs every package's own `vitest.config.ts` as a project. */
export default defineConfig({
  test: {
    projects: ['libs/*/vitest.config.ts', 'libs/*/*/vitest.config.ts', 'apps/*/vitest.config.ts'],
  },
});
