import { defineConfig, type Options } from 'tsup';

/**
 * The one tsup configuration every publishable package uses: ESM + CJS + `.d.ts`/`.d.cts`,
 * Node 20 target, no bundled dependencies (peer and regular dependencies stay external).
 *
 * Each build gets `__GOE_MODULE_FORMAT__` (`"esm"` or `"cjs"`) so code that loads other packages at run time
 * (core's plugin loader, `@goe/stack`'s catalog) uses `import()` in the ESM build and `require` in the CJS build:
 * one module graph per process (architecture §3). An `esbuildOptions` override is chained after this one.
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
    esbuildOptions(options, context) {
      options.define = { ...options.define, __GOE_MODULE_FORMAT__: JSON.stringify(context.format) };
      overrides.esbuildOptions?.(options, context);
    },
  });
}
