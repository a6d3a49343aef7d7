/**
 * `goe demo`: with no configuration, seeds an embedded PostgreSQL (PGlite) under `OFFLOAD_HOME/demo` with a
 * partitioned `sh.sales` of every supported type and offloads it into `OFFLOAD_HOME/warehouse/goe.duckdb`.
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
    .option('--rows <n>', 'rows to generate', '1000000')
    .option('--json', 'print the result as one JSON document on stdout')
    .option('-v, --verbose', 'verbose output')
    .option('--vv', 'very verbose output')
    .option('--quiet', 'only errors and the final summary')
    .option('--no-ansi', 'no colours (also NO_COLOR)')
    .action(async (parsed: Record<string, unknown>) => {
      const o = outputOptions(parsed);
      const reporter = new Reporter(o);
      const rowsText = String(parsed.rows);
      if (!/^\d+$/.test(rowsText) || Number(rowsText) < 1) {
        throw new GoeError(
          'OPTION_INVALID',
          `Option --rows must be a positive integer, got ${JSON.stringify(rowsText)}`,
        );
      }
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
        sourceRows = await seedDemo(db, Number(rowsText));
      } finally {
        await db.close();
      }
      reporter.print(`Seeded ${sourceRows} rows in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

      const env = {
        ...process.env,
        OFFLOAD_HOME: home.path,
        FRONTEND_DISTRIBUTION: 'POSTGRES',
        POSTGRES_CONN: `pglite://${demoDir}`,
        QUERY_ENGINE: 'DUCKDB',
        DUCKDB_DATABASE: warehouse,
        OFFLOAD_FS_SCHEME: 'file',
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
        commandLine: ['goe', 'demo', '--rows', rowsText],
      });
      const { rows: backendRows, sample } = await duckdbLook(warehouse, result.target.database, result.target.table);
      if (o.json) {
        process.stdout.write(
          JSON.stringify({
            status: 'success',
            sourceRows,
            backendRows,
            warehouse,
            executionId: result.executionId,
            logPath: result.logPath,
          }) + '\n',
        );
      } else {
        reporter.print(`Source rows:  ${sourceRows}`);
        reporter.print(`DuckDB rows:  ${backendRows}  (${warehouse})`);
        if (result.verification) reporter.print(result.verification);
        reporter.print(
          `Look at it:   ${DEMO_QUERY.replace('sh.sales', `${result.target.database}.${result.target.table}`)}`,
        );
        for (const row of sample) reporter.print(`              ${row.join(' | ')}`);
        reporter.print(`Took ${((Date.now() - t0) / 1000).toFixed(1)} s. Log: ${result.logPath}`);
      }
      if (backendRows !== sourceRows) {
        throw new GoeError('VALIDATION_MISMATCH', `DuckDB holds ${backendRows} rows, the source ${sourceRows}`);
      }
    });
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
