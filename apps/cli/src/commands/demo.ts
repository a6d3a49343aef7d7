/**
 * `goe demo`: with no configuration, seeds an embedded PostgreSQL (PGlite) under `OFFLOAD_HOME/demo` with a
 * partitioned `sh.sales` of every supported type and offloads it into `OFFLOAD_HOME/warehouse/goe.duckdb`; with
 * `--backend bigquery`, into BigQuery through GCS staging (the emulators `tools/engines` starts, or a real project).
 */
import { join } from 'node:path';
import { Command } from 'commander';
import { createEventBus, GoeError, OrchestrationRunner, resolveOffloadHome } from '@goe/core';
import { outputOptions, Reporter } from '../output.js';
import { registerFirstParty } from '../adapters.js';
import { ensureDir, openDemoDb, seedDemo } from '../demo-seed.js';

/** The query the demo suggests. */
export const DEMO_QUERY =
  'SELECT region, count(*) AS sales, sum(amount) AS amount FROM sh.sales GROUP BY region ORDER BY region';

/** Builds the `demo` subcommand. */
export function demoCommand(): Command {
  return new Command('demo')
    .description('Seed an embedded PostgreSQL with sh.sales and offload it into DuckDB (no configuration needed)')
    .option('--rows <n>', 'rows to generate (default 1000000; 50000 with --backend bigquery)')
    .option(
      '--backend <name>',
      'duckdb (embedded, default) or bigquery: BIGQUERY_ENDPOINT/OFFLOAD_FS_GCS_ENDPOINT, else the emulators of ' +
        'tools/engines (GOE_TEST_BIGQUERY_ENDPOINT/GOE_TEST_GCS_ENDPOINT), else a real project; bucket ' +
        'OFFLOAD_FS_CONTAINER (default goe-demo, created on an emulator only)',
      'duckdb',
    )
    .option('--json', 'print the result as one JSON document on stdout')
    .option('-v, --verbose', 'verbose output')
    .option('--vv', 'very verbose output')
    .option('--quiet', 'only errors and the final summary')
    .option('--no-ansi', 'no colours (also NO_COLOR)')
    .action(async (parsed: Record<string, unknown>) => {
      const o = outputOptions(parsed);
      const reporter = new Reporter(o);
      const { backend, rows: rowsText } = demoSettings(parsed);
      const target = DEMO_BACKENDS[backend];
      const home = resolveOffloadHome(process.env);
      if (home.isDefault && !o.json) reporter.print(home.notice ?? `OFFLOAD_HOME not set, using ${home.path}`);
      const demoDir = join(home.path, 'demo');
      const warehouse = join(home.path, 'warehouse', 'goe.duckdb');
      ensureDir(demoDir);
      ensureDir(join(home.path, 'warehouse'));

      const t0 = Date.now();
      reporter.print(`Seeding ${Number(rowsText).toLocaleString('en-US')} rows into sh.sales (PGlite at ${demoDir})…`);
      const db = await openDemoDb(demoDir);
      let sourceRows: number;
      try {
        sourceRows = await seedDemo(db, Number(rowsText), (seeded, total) =>
          reporter.status(
            `Seeding… ${seeded.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} rows (${Math.round((100 * seeded) / total)}%)`,
          ),
        );
      } finally {
        await db.close();
      }
      reporter.print(`Seeded ${sourceRows} rows in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

      const env = {
        ...process.env,
        OFFLOAD_HOME: home.path,
        FRONTEND_DISTRIBUTION: 'POSTGRES',
        POSTGRES_CONN: `pglite://${demoDir}`,
        ...(await target.env(process.env, warehouse, (line) => reporter.print(line))),
      };
      const events = createEventBus();
      events.on('*', (e) => reporter.event(e));
      const runner = new OrchestrationRunner({
        events,
        env,
        offloadHome: home.path,
        registry: await registerFirstParty(env),
      });
      const result = await runner.offload({
        table: 'sh.sales',
        execute: true,
        createBackendDb: true,
        resetBackendTable: true,
        commandLine: ['goe', 'demo', '--backend', backend, '--rows', rowsText],
      });
      const { rows: backendRows, sample, where } = await target.look(result, warehouse, env);
      const engineName = target.name;
      if (o.json) {
        process.stdout.write(
          JSON.stringify({
            status: 'success',
            sourceRows,
            backendRows,
            backend,
            warehouse: where,
            executionId: result.executionId,
            logPath: result.logPath,
          }) + '\n',
        );
      } else {
        reporter.print(`Source rows:  ${sourceRows}`);
        reporter.print(`${`${engineName} rows:`.padEnd(13)} ${backendRows}  (${where})`);
        if (result.verification) reporter.print(result.verification);
        reporter.print(
          `Look at it:   ${DEMO_QUERY.replace('sh.sales', `${result.target.database}.${result.target.table}`)}`,
        );
        for (const row of sample) reporter.print(`              ${row.join(' | ')}`);
        reporter.print(`Took ${((Date.now() - t0) / 1000).toFixed(1)} s. Log: ${result.logPath}`);
      }
      if (backendRows !== sourceRows) {
        throw new GoeError('VALIDATION_MISMATCH', `${engineName} holds ${backendRows} rows, the source ${sourceRows}`);
      }
    });
}

/** What `goe demo` does per `--backend`: its product name, default rows, variables, and how it looks at the result. */
export interface DemoBackend {
  readonly name: string;
  readonly defaultRows: string;
  env(
    env: NodeJS.ProcessEnv,
    warehouse: string,
    print: (line: string) => void,
  ): Promise<Readonly<Record<string, string>>>;
  look(
    result: { readonly rows: number; readonly target: { readonly database: string; readonly table: string } },
    warehouse: string,
    env: Readonly<Record<string, string | undefined>>,
  ): Promise<{ rows: number; sample: string[][]; where: string }>;
}

/**
 * The demo's backends: `duckdb` (the embedded warehouse file, counted and queried read-only) and `bigquery` (the
 * emulators or a real project; the offload's own verification counts the rows).
 *
 * @example
 * DEMO_BACKENDS.bigquery.defaultRows // '50000'
 */
export const DEMO_BACKENDS: Readonly<Record<'duckdb' | 'bigquery', DemoBackend>> = {
  duckdb: {
    name: 'DuckDB',
    defaultRows: '1000000',
    env: async (_env, warehouse) => ({ QUERY_ENGINE: 'DUCKDB', DUCKDB_DATABASE: warehouse, OFFLOAD_FS_SCHEME: 'file' }),
    look: async (result, warehouse) => ({
      ...(await duckdbLook(warehouse, result.target.database, result.target.table)),
      where: warehouse,
    }),
  },
  bigquery: {
    name: 'BigQuery',
    defaultRows: '50000',
    env: (env, _warehouse, print) => bigqueryDemoEnv(env, print),
    look: async (result, _warehouse, env) => ({
      rows: result.rows,
      sample: [],
      where: `${result.target.database}.${result.target.table}, ${env.BIGQUERY_ENDPOINT ?? 'BigQuery'}`,
    }),
  },
};

/**
 * `--backend` and `--rows` checked: the backend (default duckdb) and the rows as digits (its default when unset).
 *
 * @throws GoeError `OPTION_INVALID` naming the option
 * @example
 * demoSettings({ backend: 'BigQuery' }) // { backend: 'bigquery', rows: '50000' }
 */
export function demoSettings(parsed: Readonly<Record<string, unknown>>): {
  backend: keyof typeof DEMO_BACKENDS;
  rows: string;
} {
  const backend = String(parsed.backend ?? 'duckdb').toLowerCase();
  if (backend !== 'duckdb' && backend !== 'bigquery') {
    throw new GoeError('OPTION_INVALID', `Option --backend must be duckdb or bigquery, got ${JSON.stringify(backend)}`);
  }
  const rows = String(parsed.rows ?? DEMO_BACKENDS[backend].defaultRows);
  if (!/^\d+$/.test(rows) || Number(rows) < 1) {
    throw new GoeError('OPTION_INVALID', `Option --rows must be a positive integer, got ${JSON.stringify(rows)}`);
  }
  return { backend, rows };
}

const isLoopback = (url: string | undefined) =>
  url !== undefined && /^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:|\/|$)/.test(url);

/**
 * The variables of a BigQuery demo: BigQuery and GCS endpoints from BIGQUERY_ENDPOINT/OFFLOAD_FS_GCS_ENDPOINT, else
 * from the emulators `tools/engines` started (GOE_TEST_BIGQUERY_ENDPOINT/GOE_TEST_GCS_ENDPOINT, project goe-test),
 * else Google's; the bucket OFFLOAD_FS_CONTAINER (default `goe-demo`) is created only on a loopback emulator.
 */
export async function bigqueryDemoEnv(
  env: NodeJS.ProcessEnv,
  print: (line: string) => void,
): Promise<Record<string, string>> {
  const bigquery = env.BIGQUERY_ENDPOINT ?? env.GOE_TEST_BIGQUERY_ENDPOINT;
  const gcs = env.OFFLOAD_FS_GCS_ENDPOINT ?? env.GOE_TEST_GCS_ENDPOINT;
  const bucket = env.OFFLOAD_FS_CONTAINER ?? 'goe-demo';
  const project = env.BIGQUERY_DATASET_PROJECT ?? (isLoopback(bigquery) ? 'goe-test' : undefined);
  if (isLoopback(gcs)) {
    const res = await fetch(`${gcs}/storage/v1/b?project=${project ?? 'goe-test'}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: bucket }),
    });
    if (!res.ok && res.status !== 409) {
      throw new GoeError('CONNECTION_FAILED', `Cannot create bucket ${bucket} on ${gcs}: HTTP ${res.status}`);
    }
  }
  print(`BigQuery ${bigquery ?? "(Google's endpoint)"}, staging gs://${bucket} on ${gcs ?? "Google's endpoint"}`);
  return {
    QUERY_ENGINE: 'BIGQUERY',
    OFFLOAD_FS_SCHEME: 'gs',
    OFFLOAD_FS_CONTAINER: bucket,
    ...(bigquery === undefined ? {} : { BIGQUERY_ENDPOINT: bigquery }),
    ...(gcs === undefined ? {} : { OFFLOAD_FS_GCS_ENDPOINT: gcs }),
    ...(project === undefined ? {} : { BIGQUERY_DATASET_PROJECT: project }),
  };
}

/** Counts rows of the offloaded DuckDB table and runs {@link DEMO_QUERY} on it (read-only). */
export async function duckdbLook(
  file: string,
  database: string,
  table: string,
): Promise<{ rows: number; sample: string[][] }> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  // Never install or load an extension on our own (no download: a non-DuckDB file fails here, clearly).
  const instance = await DuckDBInstance.create(file, {
    access_mode: 'READ_ONLY',
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  });
  const conn = await instance.connect();
  try {
    const q = [database, table].map((p) => `"${p.replace(/"/g, '""')}"`).join('.');
    const reader = await conn.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM ${q}`);
    const look = await conn.runAndReadAll(DEMO_QUERY.replace('sh.sales', q));
    return { rows: Number(reader.getRows()[0]![0]), sample: look.getRows().map((r) => r.map((v) => String(v))) };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
