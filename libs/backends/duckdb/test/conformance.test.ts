import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { DuckDBConnection, DuckDBPreparedStatement } from '@duckdb/node-api';
import { tableFromIPC } from 'apache-arrow';
import * as parquet from 'parquet-wasm';
import { NULL_EVENTS } from '@goe/core';
import {
  backendSuite,
  conformanceContext,
  countDuckDBStatements,
  createStatementCounter,
  runSuite,
} from '@goe/conformance';
import { openLocalStore } from '@goe/storage-local';
import { nativeTransport } from '@goe/transport-native';
import {
  canonicalTextSql,
  DUCKDB_SQL,
  duckdbBackend,
  DuckdbConnection,
  quoteIdent,
  quoteString,
  resolveDuckdbSettings,
} from '../src/index.js';
import { DUCKDB_FIXTURE_EXCLUSIONS } from './support/exclusions.js';
import { batchFrontend, config, sourceTable } from './support/harness.js';

const dir = mkdtempSync(join(tmpdir(), 'goe-duckdb-conformance-'));
const env = {
  DUCKDB_DATABASE: join(dir, 'warehouse', 'goe.duckdb'),
  // DUCKDB_MEMORY_LIMIT left unset: the suite runs at the product default (32MB); its 10 MiB LOBs need more, which
  // the out-of-memory retry gives them (connection.test.ts proves the retry itself)
  DUCKDB_THREADS: '2',
};
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Every statement any DuckDB connection runs (the session's, and the harness's own) is counted for the
// statements.* cases (no N+1); the prototypes are restored after the suite.
const statements = createStatementCounter();
afterAll(countDuckDBStatements(statements, DuckDBConnection.prototype, DuckDBPreparedStatement.prototype));

/** A raw connection on the suite's database (shared instance), with the session macros. */
async function connection(): Promise<DuckdbConnection> {
  const conn = await DuckdbConnection.open(resolveDuckdbSettings(config(env)));
  for (const sql of DUCKDB_SQL.sessionSetup()) await conn.run(sql);
  return conn;
}

runSuite(
  backendSuite({
    name: 'duckdb',
    adapter: duckdbBackend,
    context: conformanceContext({ config: env }),
    exclude: DUCKDB_FIXTURE_EXCLUSIONS,
    statements,
    expectedMapping: {
      FIXED_STRING: 'VARIABLE_STRING',
      LARGE_STRING: 'VARIABLE_STRING',
      BINARY: 'LARGE_BINARY',
      INTEGER_38: { dataType: 'DECIMAL', precision: 38, scale: 0 },
      DECIMAL_5_M3: { dataType: 'DECIMAL', precision: 8, scale: 0 },
    },
    // The fixture rows go through the NATIVE transport into local Parquet files, as in an offload.
    async stage({ plan, table }) {
      const store = await openLocalStore({ root: join(dir, 'staging') });
      const frontend = batchFrontend([{ id: 's0', batches: table.batches }]);
      return nativeTransport.run(
        { plan, table: sourceTable(plan.columns), frontend, store, events: NULL_EVENTS },
        conformanceContext(),
      );
    },
    // DuckDB writes the final table to Parquet (intervals as their canonical text), read back with parquet-wasm.
    async readBack({ database, table, plan }) {
      const conn = await connection();
      const file = join(dir, `${table}-readback.parquet`);
      try {
        const cols = plan.columns.map((c) =>
          c.dataType.startsWith('INTERVAL_')
            ? `${canonicalTextSql(c, quoteIdent(c.name))} AS ${quoteIdent(c.name)}`
            : quoteIdent(c.name),
        );
        const from = `${quoteIdent(conn.catalog)}.${quoteIdent(database)}.${quoteIdent(table)}`;
        await conn.run(`COPY (SELECT ${cols.join(', ')} FROM ${from}) TO ${quoteString(file)} (FORMAT parquet)`);
      } finally {
        await conn.close();
      }
      return tableFromIPC(parquet.readParquet(await readFile(file)).intoIPCStream());
    },
    async cleanup({ database }) {
      const conn = await connection();
      try {
        await conn.run(`DROP SCHEMA IF EXISTS ${quoteIdent(conn.catalog)}.${quoteIdent(database)} CASCADE`);
      } finally {
        await conn.close();
      }
    },
  }),
  { describe, it, afterAll },
);
