/**
 * The coverage gate's one definition of "a package" and of its thresholds, shared by the root `vitest.config.ts`
 * (glob-keyed `coverage.thresholds`) and `tools/coverage-gate/report.mjs` (the per-package table CI prints).
 *
 * A package is every npm workspace of the root package.json that has a `src/` directory; its coverage is the
 * coverage of `<dir>/src/**` (tests, dist and generated files excluded). Test-only workspaces without `src/` (the
 * private whole-stack project `apps/e2e`, Vitest project `e2e`) have no threshold of their own: they run in the same
 * coverage run and count for the packages they exercise.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Issue #11: every package needs at least this much statement and branch coverage. */
export const DEFAULT_THRESHOLDS = Object.freeze({ statements: 90, branches: 85 });

/**
 * Temporary, explicit exemptions: package directory → the lower thresholds it must hold meanwhile (so it cannot
 * regress either) and why. Empty means every package meets the default.
 *
 * @type {Readonly<Record<string, { statements: number, branches: number, reason: string }>>}
 */
export const EXEMPTIONS = Object.freeze({});

/** Source files counted, relative to a package directory. */
export const SOURCE_GLOB = 'src/**/*.{ts,mts,cts}';

/** Never counted: tests, test support, declarations, build output, generated code. */
export const EXCLUDE_GLOBS = Object.freeze([
  '**/node_modules/**',
  '**/dist/**',
  '**/test/**',
  '**/*.test.*',
  '**/*.spec.*',
  '**/*.d.ts',
  '**/*.d.mts',
  '**/*.d.cts',
  '**/generated/**',
  '**/*.generated.*',
]);

/**
 * The workspace packages that have sources, in workspace order: `{ name, dir }` with `dir` relative to the root
 * and `/`-separated (e.g. `{ name: '@goe/lock-file', dir: 'libs/locks/file' }`).
 *
 * @returns {{ name: string, dir: string }[]}
 */
export function sourcePackages() {
  const { workspaces = [] } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const dirs = [];
  for (const pattern of workspaces) {
    if (pattern.endsWith('/*')) {
      const parent = join(ROOT, pattern.slice(0, -2));
      if (!existsSync(parent)) continue;
      for (const name of readdirSync(parent).sort()) {
        if (statSync(join(parent, name)).isDirectory()) dirs.push(join(parent, name));
      }
    } else dirs.push(join(ROOT, pattern));
  }
  const out = [];
  for (const abs of dirs) {
    const pkg = join(abs, 'package.json');
    if (!existsSync(pkg) || !existsSync(join(abs, 'src'))) continue;
    out.push({ name: JSON.parse(readFileSync(pkg, 'utf8')).name, dir: relative(ROOT, abs).split(sep).join('/') });
  }
  return out;
}

/**
 * The thresholds a package must meet: the default, or its exemption.
 *
 * @param {string} dir package directory relative to the root
 * @returns {{ statements: number, branches: number, exempt?: string }}
 */
export function thresholdsFor(dir) {
  const e = EXEMPTIONS[dir];
  return e === undefined
    ? { ...DEFAULT_THRESHOLDS }
    : { statements: e.statements, branches: e.branches, exempt: e.reason };
}

/**
 * Vitest `coverage.include` and glob-keyed `coverage.thresholds` for every package.
 *
 * @returns {{ include: string[], exclude: string[], thresholds: Record<string, { statements: number, branches: number }> }}
 */
export function vitestCoverageOptions() {
  const packages = sourcePackages();
  const thresholds = {};
  for (const { dir } of packages) {
    const { statements, branches } = thresholdsFor(dir);
    thresholds[`${dir}/${SOURCE_GLOB}`] = { statements, branches };
  }
  return {
    include: packages.map(({ dir }) => `${dir}/${SOURCE_GLOB}`),
    exclude: [...EXCLUDE_GLOBS],
    thresholds,
  };
}
