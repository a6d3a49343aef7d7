/**
 * Runs the published conformance suites of the installed `@goe/conformance` on the installed `goe-backend-quack`
 * adapters: storageSuite (dirstore), backendSuite (quack, fixture rows staged by the NATIVE transport into a
 * dirstore), frontendSuite (pgwire, against PG_URL) and transportSuite (childproc) when the installed conformance
 * package has it. Writes `[{ name, ok, error? }]` per case run to the file named by argv[2]; prints the suites' own
 * count lines and `skipped: …` lines.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as conformance from '@goe/conformance';
import { NULL_EVENTS, UNPARTITIONED } from '@goe/core';
import { nativeTransport } from '@goe/transport-native';
import {
  DUCKDB_SQL,
  DuckdbConnection,
  canonicalTextSql,
  quoteIdent,
  quoteString,
  resolveDuckdbSettings,
} from '@goe/backend-duckdb';
import { tableFromIPC } from 'apache-arrow';
import * as parquet from 'parquet-wasm';
import pg from 'pg';
import {
  childprocTransport,
  delegateConfig,
  dirstoreStorage,
  openDirStore,
  pgwireFrontend,
  quackBackend,
} from 'goe-backend-quack';
import { createFixtureTable, PG_EXCLUSIONS } from './pg-fixtures.mjs';

const { backendSuite, conformanceContext, executeSuite, frontendSuite, storageSuite } = conformance;
const out = process.argv[2];
const pgUrl = process.env.PG_URL;
const dir = mkdtempSync(join(tmpdir(), 'goe-adapter-set-suites-'));
const results = [];

async function run(suite) {
  const r = await executeSuite(suite);
  for (const id of r.passedIds) results.push({ name: `${r.name} ${id}`, ok: true });
  for (const f of r.failures) {
    const error = f.error instanceof Error ? f.error.message : String(f.error);
    results.push({ name: `${r.name} ${f.id}`, ok: false, error: error.split('\n')[0] });
  }
}

// Fixture columns and cases DuckDB (quack's engine) cannot hold exactly (the same list @goe/backend-duckdb keeps).
const DUCKDB_EXCLUSIONS = {
  DECIMAL_76_38: 'DuckDB DECIMAL holds 38 digits',
  TIMESTAMP_TZ_NS: 'DuckDB TIMESTAMPTZ holds microseconds',
  'TIMESTAMP_NS.min': 'outside DuckDB TIMESTAMP_NS range',
  'TIMESTAMP_NS.max': 'DuckDB reads int64 max nanoseconds as infinity',
  'INTERVAL_YM.max': 'DuckDB INTERVAL months are 32-bit',
  'INTERVAL_YM.min': 'DuckDB INTERVAL months are 32-bit',
  'INTERVAL_MDN.nanosecond': 'DuckDB INTERVAL holds microseconds',
  'DOUBLE.negative-zero': 'DuckDB folds -0.0 into 0.0 when it checkpoints (duckdb/duckdb#25580)',
};

try {
  // storageSuite: the dirstore store
  await run(
    storageSuite({
      name: 'dirstore',
      adapter: dirstoreStorage,
      context: conformanceContext({ config: { DIRSTORE_ROOT: join(dir, 'store-suite') } }),
    }),
  );

  // backendSuite: quack, staged as Parquet in a dirstore by the NATIVE transport
  const quackEnv = {
    QUACK_DATABASE: join(dir, 'warehouse', 'quack.duckdb'),
    DUCKDB_MEMORY_LIMIT: '512MB',
    DUCKDB_THREADS: '2',
  };
  const quackContext = conformanceContext({ config: quackEnv });
  // a raw connection on the suite's database, with the delegate's session macros (canonical text of intervals)
  const connection = async () => {
    const conn = await DuckdbConnection.open(resolveDuckdbSettings(delegateConfig(quackContext.config)));
    for (const sql of DUCKDB_SQL.sessionSetup()) await conn.run(sql);
    return conn;
  };
  await run(
    backendSuite({
      name: 'quack',
      adapter: quackBackend,
      context: quackContext,
      exclude: DUCKDB_EXCLUSIONS,
      expectedMapping: {
        FIXED_STRING: 'VARIABLE_STRING',
        LARGE_STRING: 'VARIABLE_STRING',
        BINARY: 'LARGE_BINARY',
        INTEGER_38: { dataType: 'DECIMAL', precision: 38, scale: 0 },
        DECIMAL_5_M3: { dataType: 'DECIMAL', precision: 8, scale: 0 },
      },
      async stage({ plan, table }) {
        const store = await openDirStore(join(dir, 'backend-stage'));
        const frontend = {
          planSlices: async (_t, scope) => [{ id: 's0', method: 'all', scope, params: {} }],
          async *extract() {
            for (const b of table.batches) yield b;
          },
        };
        const source = {
          owner: 'GOE_E2E',
          name: 'FIXTURES',
          columns: plan.columns.map((c) => ({ ...c, canonical: c })),
          primaryKey: ['ID'],
          partitioning: UNPARTITIONED,
        };
        return nativeTransport.run({ plan, table: source, frontend, store, events: NULL_EVENTS }, conformanceContext());
      },
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
  );

  // frontendSuite: pgwire against the PostgreSQL server
  if (pgUrl) {
    const context = conformanceContext({ config: { POSTGRES_CONN: pgUrl } });
    const schema = `goe_adapter_set_${process.pid}`;
    await run(
      frontendSuite({
        name: 'pgwire',
        adapter: pgwireFrontend,
        context,
        exclude: PG_EXCLUSIONS,
        expectedMapping: {
          INTEGER_1: 'INTEGER_2',
          LARGE_STRING: 'VARIABLE_STRING',
          BINARY: 'LARGE_BINARY',
          DECIMAL_5_M3: 'INTEGER_4',
          INTERVAL_YM: 'INTERVAL_MDN',
          INTERVAL_DS: 'INTERVAL_MDN',
        },
        createTable: (fixtures) => createFixtureTable(pgUrl, schema, fixtures),
        async dropTable() {
          const client = new pg.Client({ connectionString: pgUrl });
          await client.connect();
          await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
          await client.end();
        },
      }),
    );
  } else {
    console.log('skipped: frontendSuite[pgwire] (no PG_URL)');
  }

  // transportSuite: childproc (a transport that reads the source itself in a child process)
  if (typeof conformance.transportSuite === 'function' && pgUrl) {
    const { transportHarness } = await import('./transport-harness.mjs');
    await run(
      conformance.transportSuite(
        await transportHarness({
          pgUrl,
          dir,
          transport: childprocTransport,
          frontend: pgwireFrontend,
          store: dirstoreStorage,
        }),
      ),
    );
  } else {
    console.log(
      'skipped: transportSuite[childproc] (the installed @goe/conformance has no transportSuite, or no PG_URL)',
    );
  }
} finally {
  writeFileSync(out, JSON.stringify(results, null, 1));
  rmSync(dir, { recursive: true, force: true });
}
