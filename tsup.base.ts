import { defineConfig, type Options } from 'tsup';

/**
 * The one tsup configuration every publishable package uses: ESM + CJS + `.d.ts`/`.d.cts`,
 * Node 20 target, no bundled dependencies (peer and regular dependencies stay external).
 *
 * @example
 * // libs/core/tsup.config.ts
 * import { libraryConfig } from '../../tsup.base.ts';
 * export default libraryConfig({ entry: ['src/index.ts'] });
 */
export function libraryConfig(overrides: Options = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    platform: 'node',
    splitting: false,
    treeshake: true,
    ...overrides,
  });
}
