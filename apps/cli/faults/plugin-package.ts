/**
 * Installs the fault suite's `nonatomic` backend as a plugin package the bundled CLI loads with `GOE_PLUGINS`:
 * `<root>/node_modules/goe-backend-nonatomic`, one ESM file bundling the fixture with its `@goe/*` sources (engine
 * drivers stay external and resolve from the workspace's node_modules, so `<root>` must lie inside the workspace).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { workspaceAliases } from '../../../vitest.aliases.ts';

/** The plugin's package name (`goe-<kind>-<name>`). */
export const NON_ATOMIC_PLUGIN = 'goe-backend-nonatomic';

/** Default plugin root: `.tmp/fault-plugins` in the workspace (ignored by git; not wiped by a CLI build). */
export const FAULT_PLUGINS_ROOT = resolve(__dirname, '../../../.tmp/fault-plugins');

/**
 * Bundles `non-atomic-backend.ts` into `<root>/node_modules/goe-backend-nonatomic/index.mjs` with its package.json;
 * returns the root (the value of `GOE_PLUGINS_ROOT`).
 *
 * @example
 * const root = await installNonAtomicPlugin(); // env: { GOE_PLUGINS: NON_ATOMIC_PLUGIN, GOE_PLUGINS_ROOT: root }
 */
export async function installNonAtomicPlugin(root: string = FAULT_PLUGINS_ROOT): Promise<string> {
  const dir = join(root, 'node_modules', NON_ATOMIC_PLUGIN);
  mkdirSync(dir, { recursive: true });
  const aliases = workspaceAliases();
  await build({
    entryPoints: [resolve(__dirname, 'non-atomic-backend.ts')],
    outfile: join(dir, 'index.mjs'),
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    define: { __GOE_MODULE_FORMAT__: '"esm"' },
    banner: {
      js: "import { createRequire as __goeRequire } from 'node:module'; const require = __goeRequire(import.meta.url);",
    },
    logLevel: 'error',
    plugins: [
      {
        name: 'workspace-sources-bundled-drivers-external',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) => {
            const alias = aliases[args.path];
            if (alias !== undefined) return { path: alias };
            if (args.path.startsWith('@goe/')) return undefined;
            return { path: args.path, external: true };
          });
        },
      },
    ],
  });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify(
      { name: NON_ATOMIC_PLUGIN, version: '0.0.0', type: 'module', main: 'index.mjs', exports: './index.mjs' },
      null,
      2,
    ),
  );
  return root;
}
