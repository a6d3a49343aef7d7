/* global require, __dirname */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS program */
/**
 * A CommonJS program: `require('@goe/core')` and `require('goe-backend-quack')`, registers the set through the
 * registry (GOE_PLUGINS-style loading from this project's node_modules), offloads one table with the adapters the
 * configuration names, and prints a JSON line with the result and the package roots this process loaded.
 */
const { createRegistry, offload } = require('@goe/core');
const quack = require('goe-backend-quack');
const { rootsOf, loadedModules } = require('./module-roots.cjs');

async function main() {
  const registry = createRegistry();
  const loaded = await registry.loadPlugins('goe-backend-quack', { root: __dirname, cwd: __dirname });
  for (const a of [require('@goe/repository-sqlite').sqliteRepository, require('@goe/lock-file').fileLock]) {
    if (a) registry.use(a);
  }
  const sameObjects = loaded.includes(quack.quackBackend);
  const result = await offload(
    { table: process.env.PROGRAM_TABLE, execute: true, createBackendDb: true, offloadTransportMethod: 'CHILDPROC' },
    { registry },
  );
  const roots = rootsOf(loadedModules(require.cache, process.env.GOE_MODULE_LOG));
  console.log(
    JSON.stringify({
      format: 'cjs',
      rows: String(result.rows),
      sameObjects,
      registered: loaded.map((a) => `${a.kind}:${a.name}`),
      roots,
    }),
  );
}
main().catch((e) => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
});
