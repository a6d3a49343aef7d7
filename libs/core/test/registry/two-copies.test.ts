/**
 * Two copies of @goe/core in one process (e.g. an adapter that brought its own core into its node_modules): the
 * brands are `Symbol.for` symbols, so copy B accepts copy A's adapters and recognises copy A's errors. Proven with
 * the packed artefact, not the sources: core is built once with tsup, packed twice with `npm pack`, and each
 * tarball is extracted into its own node_modules. The same check proves one module graph per build: the ESM build
 * loads a dual plugin's ESM build, the CJS build its CJS build.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const coreDir = fileURLToPath(new URL('../..', import.meta.url));
const rootModules = join(coreDir, '..', '..', 'node_modules');
const npm = spawnSync('npm', ['--version'], { encoding: 'utf8' });
const skipReason = npm.status === 0 ? undefined : `npm is not available (${npm.error?.message ?? npm.stderr})`;
if (skipReason) console.log(`skipped: two copies of @goe/core (${skipReason})`);

let tmp: string;

/** Extracts a packed tarball into `<dir>/node_modules/@goe/core` and makes apache-arrow resolvable next to it. */
function install(tarball: string, dir: string) {
  execFileSync('tar', ['-xzf', tarball, '-C', dir]);
  mkdirSync(join(dir, 'node_modules', '@goe'), { recursive: true });
  renameSync(join(dir, 'package'), join(dir, 'node_modules', '@goe', 'core'));
  symlinkSync(join(rootModules, 'apache-arrow'), join(dir, 'node_modules', 'apache-arrow'), 'dir');
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: `copy-${dir.slice(-1)}`, private: true, type: 'module' }),
  );
  writeFileSync(
    join(dir, 'esm.mjs'),
    `export * from '@goe/core';\nexport const where = import.meta.resolve('@goe/core');\n`,
  );
  writeFileSync(join(dir, 'cjs.cjs'), `module.exports = require('@goe/core');\n`);
}

const CHECK = `
import { createRequire } from 'node:module';
import * as A from './a/esm.mjs';
import * as B from './b/esm.mjs';
const Bcjs = createRequire(import.meta.url)('./b/cjs.cjs');
const out = { whereA: A.where, whereB: B.where };
out.distinctCopies = A.defineBackend !== B.defineBackend && A.GoeError !== B.GoeError && Bcjs.GoeError !== A.GoeError;
const capabilities = { partitioning: [], maxPartitionColumns: 0, clustering: false, maxDecimalPrecision: 38, maxDecimalScale: 38,
  maxDatetimeScale: 6, nanoseconds: false, nanInfinity: true, identifierCase: 'lower', maxIdentifierLength: 63, transactionalLoad: true,
  loadDatabase: false, notNullConstraints: true, unsupportedTypes: [], stagingFormats: ['PARQUET'] };
const adapter = A.defineBackend({ kind: 'backend', name: 'copy_a', apiVersion: 1, configSchema: { group: 'a', title: 'a', variables: [] },
  capabilities, connect: async () => { throw new A.GoeError('CONNECTION_FAILED', 'from copy A'); } });
out.isAdapterB = B.isAdapter(adapter, 'backend');
out.isAdapterBWrongKind = B.isAdapter(adapter, 'frontend');
const registry = B.createRegistry().use(adapter);
out.registryB = registry.get('backend', 'COPY_A') === adapter && registry.list('backend').length === 1;
out.registryBcjs = Bcjs.createRegistry().use(adapter).has('backend', 'copy_a');
try { await registry.get('backend', 'copy_a').connect({}); } catch (e) {
  out.errorFromAInB = B.isGoeError(e) && e.code === 'CONNECTION_FAILED' && B.exitCodeFor(e) === 5;
  out.errorFromAInBcjs = Bcjs.isGoeError(e);
  out.instanceofB = e instanceof B.GoeError;
}
try { A.defineBackend({ kind: 'backend', name: 'future', apiVersion: 7, configSchema: { group: 'a', title: 'a', variables: [] }, capabilities, connect: async () => null }); }
catch (e) { out.refusalFromAInB = B.isGoeError(e) && e.code === 'ADAPTER_INVALID' && /API version 7/.test(e.message); }
try { registry.use(A.defineBackend({ kind: 'backend', name: 'copy_a', apiVersion: 1, configSchema: { group: 'a', title: 'a', variables: [] }, capabilities, connect: async () => null })); }
catch (e) { out.duplicateFromBInA = A.isGoeError(e) && e.code === 'ADAPTER_INVALID'; }
const dualA = await A.createRegistry().loadPlugins('goe-lock-dual', { root: new URL('./plugins', import.meta.url).pathname });
const dualB = await Bcjs.createRegistry().loadPlugins('goe-lock-dual', { root: new URL('./plugins', import.meta.url).pathname });
out.pluginFormats = [A.MODULE_FORMAT, dualA[0].format, Bcjs.MODULE_FORMAT, dualB[0].format];
console.log(JSON.stringify(out));
`;

const DUAL_LOCK = (format: string) =>
  `{ kind: 'lock', name: 'dual', apiVersion: 2, format: '${format}', configSchema: { group: 'd', title: 'd', variables: [] }, open: async () => null, [Symbol.for('goe:adapter')]: 'lock' }`;

/** A plugin with an ESM and a CJS build under `<tmp>/plugins/node_modules`. */
function installDualPlugin(dir: string) {
  const pkg = join(dir, 'plugins', 'node_modules', 'goe-lock-dual');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(
    join(pkg, 'package.json'),
    JSON.stringify({
      name: 'goe-lock-dual',
      version: '1.0.0',
      type: 'module',
      exports: { '.': { import: './index.js', require: './index.cjs' } },
    }),
  );
  writeFileSync(join(pkg, 'index.js'), `export const dualLock = ${DUAL_LOCK('esm')};\n`);
  writeFileSync(join(pkg, 'index.cjs'), `exports.dualLock = ${DUAL_LOCK('cjs')};\n`);
}

describe.skipIf(skipReason !== undefined)('two copies of @goe/core', () => {
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'goe-two-cores-'));
    const stage = join(tmp, 'stage');
    // Build once, into a private directory (libs/core/dist stays untouched); core names no adapter package.
    execFileSync('npx', ['tsup', '--out-dir', join(stage, 'dist'), '--no-dts'], { cwd: coreDir, stdio: 'pipe' });
    cpSync(join(coreDir, 'package.json'), join(stage, 'package.json'));
    for (const copy of ['a', 'b']) {
      const dir = join(tmp, copy);
      mkdirSync(dir);
      execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], { cwd: stage, stdio: 'pipe' });
      const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
      install(join(dir, tarball), dir);
    }
    installDualPlugin(tmp);
    writeFileSync(join(tmp, 'check.mjs'), CHECK);
  }, 120_000);

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('copy B accepts copy A adapters and recognises copy A errors (ESM and CJS); each build loads its format of a plugin', () => {
    const run = spawnSync(process.execPath, ['check.mjs'], { cwd: tmp, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(out.whereA).toMatch(/\/a\/node_modules\/@goe\/core\/dist\/index\.js$/);
    expect(out.whereB).toMatch(/\/b\/node_modules\/@goe\/core\/dist\/index\.js$/);
    expect(out).toMatchObject({
      distinctCopies: true,
      isAdapterB: true,
      isAdapterBWrongKind: false,
      registryB: true,
      registryBcjs: true,
      errorFromAInB: true,
      errorFromAInBcjs: true,
      instanceofB: false, // why brands are needed: instanceof fails across copies
      refusalFromAInB: true,
      duplicateFromBInA: true,
      pluginFormats: ['esm', 'esm', 'cjs', 'cjs'],
    });
    // the packed package is what npm would install: a manifest and the built files only
    const manifest = JSON.parse(
      readFileSync(join(tmp, 'a', 'node_modules', '@goe', 'core', 'package.json'), 'utf8'),
    ) as { name: string };
    expect(manifest.name).toBe('@goe/core');
    expect(readdirSync(dirname(fileURLToPath(String(out.whereA))))).toContain('index.cjs');
  });
});
