import { defineConfig } from 'tsup';
import { cpSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const manifest = require('./package.json') as {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};
/**
 * The adapter packages the binary bundles: the `@goe/*` packages the CLI's own package.json lists (the embedded
 * stack). Every other first-party adapter (`@goe/storage-gcs`, `@goe/backend-bigquery`…) stays an external import
 * even when the workspace has it, so its engine SDK never lands in the binary: installed beside the CLI it is
 * loaded at run time, and missing, the registry says "needs @goe/…, which is not installed".
 */
function bundled(pkg: string): boolean {
  const name = pkg.split('/').slice(0, 2).join('/');
  return name in (manifest.dependencies ?? {}) || name in (manifest.devDependencies ?? {});
}

/**
 * The `goe` binary: our code bundled into ESM files; engine drivers and native modules stay external and are
 * dependencies of @goe/cli. Entries: `goe` (the binary), `core` (the bundled `@goe/core` as a module of its own —
 * `splitting` makes `goe.js` and `core.js` share one core chunk, so plugins redirected to `core.js` get the CLI's
 * core) and `plugin-hook` (the resolve hook doing that redirect, see src/plugin-graph.ts).
 */
export default defineConfig({
  entry: { goe: 'src/goe.ts', core: 'src/core.ts', 'plugin-hook': 'src/plugin-hook.ts' },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  clean: true,
  sourcemap: true,
  splitting: true,
  dts: false,
  noExternal: [/^@goe\//],
  esbuildPlugins: [
    {
      name: 'missing-goe-adapters-external',
      setup(build) {
        build.onResolve({ filter: /^@goe\// }, (args) =>
          bundled(args.path) ? undefined : { path: args.path, external: true },
        );
      },
    },
  ],
  esbuildOptions(options) {
    options.conditions = ['import', 'module', 'default'];
  },
  // `goe init` writes offload.env from the templates generated from the adapters' schemas (templates/conf)
  async onSuccess() {
    cpSync('../../templates/conf', 'dist/templates/conf', { recursive: true });
  },
});
