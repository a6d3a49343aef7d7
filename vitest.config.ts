import { defineConfig } from 'vitest/config';
import { vitestCoverageOptions } from './tools/coverage-gate/packages.mjs';

const { include, exclude, thresholds } = vitestCoverageOptions();

/**
 * Root Vitest configuration: runs every package's own `vitest.config.ts` as a project, and the private whole-stack
 * project `apps/e2e` (Vitest project `e2e`: PGlite → DuckDB through the full runner).
 *
 * Coverage (`npm test -- --coverage`, issue #11) is configured here, at the root, as Vitest projects require: every
 * workspace package's `src/**`, with per-package thresholds (glob-keyed: 90 % statements, 85 % branches, exemptions
 * in tools/coverage-gate/packages.mjs) that fail the run, and a `json-summary` that tools/coverage-gate/report.mjs prints per
 * package. The provider is `@vitest/coverage-v8` extended to count the Node child processes tests start (the
 * bundled CLI, test child bundles), remapped through their source maps: tools/coverage-gate/provider.mjs.
 */
export default defineConfig({
  test: {
    projects: ['libs/*/vitest.config.ts', 'libs/*/*/vitest.config.ts', 'apps/*/vitest.config.ts'],
    coverage: {
      provider: 'custom',
      customProviderModule: './tools/coverage-gate/provider.mjs',
      include,
      exclude,
      reporter: ['text-summary', 'json-summary', 'json'],
      reportsDirectory: 'coverage',
      reportOnFailure: true, // a failing test must not hide the coverage table
      thresholds,
    },
  },
});
