/**
 * A local npm registry holding this workspace's public packages, as a release would publish them: shared by the
 * consumer test (tools/consumer/run.mjs) and the doc code-block check (tools/doc-blocks/run.mjs).
 *
 * - `startRegistry(work)`: verdaccio (pinned, installed once under `.tmp/verdaccio` for every caller, its storage
 *   under `<work>/registry`), `@goe/*` never proxied, every other package proxied from the public registry; returns
 *   its URL, an npmrc that points at it (the user's own npm settings kept, e.g. `nodedir`) and `stop()`.
 * - `publishWorkspace(registry)`: `npm publish` of every public workspace package (build first).
 * - `seedPrebuilds(npmCache)`: native addons a consumer compiles from source because their prebuilt binaries live on
 *   GitHub (unreachable here) are put into npm's prebuild cache, built from the workspace's own compiled copy, under
 *   the exact name `prebuild-install` looks for; an install then unpacks it instead of compiling (better-sqlite3:
 *   ~60 s of C++ per install).
 * - `seedSalesSource(dir, rows)`: a PGlite directory holding `sh.sales` (ids 1..rows), the table the README and the
 *   docs offload.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { fetch } = globalThis;
/** The last verdaccio release for Node 20 (6.9 needs Node 22). */
export const VERDACCIO_VERSION = '6.8.0';

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 600_000, ...opts });
  return { code: r.status, out: r.stdout ?? '', err: r.stderr ?? '', error: r.error };
}

const freePort = () =>
  new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
    s.on('error', rej);
  });

/** Starts verdaccio under `work`; resolves `{ url, npmrc, stop }` once it answers and a publishing user exists. */
export async function startRegistry(work) {
  const verdaccio = join(ROOT, '.tmp', 'verdaccio'); // one install for the consumer test and the doc-block check
  if (!existsSync(join(verdaccio, 'node_modules', '.bin', 'verdaccio'))) {
    mkdirSync(verdaccio, { recursive: true });
    writeFileSync(join(verdaccio, 'package.json'), '{ "private": true }\n');
    const r = run('npm', ['i', '--no-audit', '--no-fund', `verdaccio@${VERDACCIO_VERSION}`], { cwd: verdaccio });
    if (r.code !== 0) throw new Error(`installing verdaccio failed:\n${r.err}`);
  }
  const dir = join(work, 'registry');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  writeFileSync(
    join(dir, 'config.yaml'),
    [
      `storage: ${join(dir, 'storage')}`,
      'auth:',
      `  htpasswd: { file: ${join(dir, 'htpasswd')}, max_users: 10 }`,
      'uplinks:',
      '  npmjs: { url: https://registry.npmjs.org/, timeout: 60s }',
      'packages:',
      "  '@goe/*': { access: $all, publish: $authenticated }", // never proxied: the names are ours here
      "  '**': { access: $all, publish: $authenticated, proxy: npmjs }",
      'log: { type: stdout, format: pretty, level: warn }',
      '',
    ].join('\n'),
  );
  const child = spawn(
    join(verdaccio, 'node_modules', '.bin', 'verdaccio'),
    ['--config', join(dir, 'config.yaml'), '--listen', `127.0.0.1:${port}`],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}-/ping`)).ok) break;
    } catch {
      // not up yet
    }
    if (i > 100 || child.exitCode !== null) throw new Error(`verdaccio did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const user = await fetch(`${url}-/user/org.couchdb.user:goe-ci`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'goe-ci', password: 'local-registry-only' }),
  });
  const { token } = await user.json();
  // the user's own npm settings are kept (e.g. nodedir for native builds), with this registry and its token
  const userconfig = execFileSync('npm', ['config', 'get', 'userconfig'], { encoding: 'utf8' }).trim();
  const kept = existsSync(userconfig)
    ? readFileSync(userconfig, 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '' && !/^\s*(registry\s*=|\/\/|@[^:]+:registry)/.test(l))
    : [];
  const npmrc = join(dir, 'npmrc');
  writeFileSync(
    npmrc,
    [...kept, `registry=${url}`, `//127.0.0.1:${port}/:_authToken=${token}`, 'fund=false', 'audit=false', ''].join(
      '\n',
    ),
  );
  return { url, npmrc, stop: () => child.kill('SIGTERM') };
}

/** The public (publishable) workspace packages: `{ name, dir }`. */
export function publicPackages() {
  const out = execFileSync('npm', ['query', '.workspace'], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(out)
    .filter((p) => !p.private)
    .map((p) => ({ name: p.name, dir: join(ROOT, p.location) }));
}

/** `npm publish`es every public package to `registry`; returns `[{ name, ok, detail }]`. */
export function publishWorkspace(registry) {
  return publicPackages().map((pkg) => {
    const r = run('npm', ['publish', '--ignore-scripts', '--userconfig', registry.npmrc], { cwd: pkg.dir });
    return { name: pkg.name, ok: r.code === 0, detail: r.err.slice(-2000) };
  });
}

/**
 * The file prebuild-install caches `pkgDir`'s binary download as under `npmCache`, computed by that package's own
 * prebuild-install (`getDownloadUrl`, `cachedPrebuild`) for this Node, platform and architecture.
 */
export function prebuildCacheEntry(npmCache, pkgDir) {
  const require = createRequire(join(pkgDir, 'package.json'));
  const util = require('prebuild-install/util');
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const url = util.getDownloadUrl({
    pkg,
    runtime: 'node',
    abi: process.versions.modules,
    platform: process.platform,
    arch: process.arch,
    libc: '', // glibc: what prebuild-install's rc.js uses there
    'tag-prefix': 'v',
  });
  const saved = process.env.npm_config_cache;
  process.env.npm_config_cache = npmCache;
  try {
    return { url, file: util.cachedPrebuild(url) };
  } finally {
    if (saved === undefined) delete process.env.npm_config_cache;
    else process.env.npm_config_cache = saved;
  }
}

/**
 * Puts the workspace's compiled better-sqlite3 into the prebuild cache under `npmCache`, so that an install unpacks
 * it (as it would a GitHub download) instead of compiling. prebuild-install looks in `$npm_config_cache/_prebuilds`,
 * and npm does not pass its cache setting to install scripts: give the `.npm` directory of the HOME the install runs
 * with. Returns the cached file, or undefined when the workspace has no compiled copy (the install then compiles).
 */
export function seedPrebuilds(npmCache = join(process.env.HOME ?? '.', '.npm')) {
  const require = createRequire(join(ROOT, 'libs', 'repositories', 'sqlite', 'package.json'));
  const pkgDir = dirname(require.resolve('better-sqlite3/package.json'));
  const binary = join(pkgDir, 'build', 'Release', 'better_sqlite3.node');
  if (!existsSync(binary)) return undefined;
  const { file } = prebuildCacheEntry(npmCache, pkgDir);
  mkdirSync(dirname(file), { recursive: true });
  // the layout of a prebuilt tarball: build/Release/<addon>.node
  execFileSync('tar', ['-czf', file, '-C', pkgDir, 'build/Release/better_sqlite3.node']);
  return file;
}

/**
 * A PGlite directory holding the tables the README and the docs offload: `sh.sales` of `rows` rows (ids 1..rows),
 * RANGE-partitioned by `sold` into one partition a year (2023, 2024, 2025), and `sh.orders` (not partitioned, a
 * `region` for predicates). Made with the CLI's PGlite.
 */
export async function seedSalesSource(dir, rows) {
  const require = createRequire(join(ROOT, 'apps', 'cli', 'package.json'));
  const { PGlite } = await import(require.resolve('@electric-sql/pglite'));
  rmSync(dir, { recursive: true, force: true });
  const db = await PGlite.create(dir);
  await db.exec(`CREATE SCHEMA sh;
    CREATE TABLE sh.sales (id bigint NOT NULL, region char(2) NOT NULL, amount numeric(12,2), sold date NOT NULL,
      note text, PRIMARY KEY (id, sold)) PARTITION BY RANGE (sold);
    CREATE TABLE sh.sales_2023 PARTITION OF sh.sales FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
    CREATE TABLE sh.sales_2024 PARTITION OF sh.sales FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
    CREATE TABLE sh.sales_2025 PARTITION OF sh.sales FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
    INSERT INTO sh.sales SELECT g, (ARRAY['EU','UK','US','JP'])[1 + g % 4], round((g % 1000) / 7.0, 2),
      DATE '2023-01-01' + (g % 1095), 'sale ' || g FROM generate_series(1, ${rows}) AS g;
    CREATE TABLE sh.orders (id bigint PRIMARY KEY, region char(2) NOT NULL, total numeric(12,2));
    INSERT INTO sh.orders SELECT g, (ARRAY['EU','UK','US','JP'])[1 + g % 4], g * 1.5 FROM generate_series(1, ${rows}) AS g;`);
  await db.close();
}
