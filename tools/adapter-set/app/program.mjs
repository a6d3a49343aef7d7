/**
 * The ESM twin of program.cjs: `import` of `@goe/core` and `goe-backend-quack`, the same registry loading and
 * offload, and the package roots the resolve hook (record-modules.mjs) saw.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRegistry, offload } from '@goe/core';
import * as quack from 'goe-backend-quack';
import { sqliteRepository } from '@goe/repository-sqlite';
import { fileLock } from '@goe/lock-file';

const require = createRequire(import.meta.url);
const { rootsOf, loadedModules } = require('./module-roots.cjs');
const here = dirname(fileURLToPath(import.meta.url));

const registry = createRegistry();
const loaded = await registry.loadPlugins('goe-backend-quack', { root: here, cwd: here });
for (const a of [sqliteRepository, fileLock]) if (a) registry.use(a);
const sameObjects = loaded.includes(quack.quackBackend);
const result = await offload(
  { table: process.env.PROGRAM_TABLE, execute: true, createBackendDb: true, offloadTransportMethod: 'CHILDPROC' },
  { registry },
);
// require.cache here only holds the CommonJS helpers; every ESM load went through the resolve hook
const roots = rootsOf(loadedModules(require.cache, process.env.GOE_MODULE_LOG));
console.log(
  JSON.stringify({
    format: 'esm',
    rows: String(result.rows),
    sameObjects,
    registered: loaded.map((a) => `${a.kind}:${a.name}`),
    roots,
  }),
);
