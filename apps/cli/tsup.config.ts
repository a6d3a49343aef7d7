import { defineConfig } from 'tsup';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** A first-party adapter package this workspace does not have yet stays an external import (the registry says "install it"). */
function installed(pkg: string): boolean {
  try {
    require.resolve(`${pkg}/package.json`);
    return true;
  } catch {
    return false;
  }
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
          installed(args.path) ? undefined : { path: args.path, external: true },
        );
      },
    },
  ],
  esbuildOptions(options) {
    options.conditions = ['import', 'module', 'default'];
  },
});
