/** `defineBackend` wiring of the DuckDB backend: capabilities and `connect`. */
import { defineBackend, type AdapterContext, type BackendCapabilities, type BackendSession } from '@goe/core';
import { DUCKDB_CONFIG, resolveDuckdbSettings } from './config.js';
import { DuckdbConnection } from './connection.js';
import { DuckdbSession } from './session.js';
import { DUCKDB_MAX_DECIMAL_PRECISION } from './type-map.js';
import { DUCKDB_SQL } from './sql.js';

/**
 * What the DuckDB backend can do (read by the planner and CLI validation).
 *
 * @example
 * DUCKDB_CAPABILITIES.partitioning // [] (partition options are refused)
 */
export const DUCKDB_CAPABILITIES: BackendCapabilities = Object.freeze<BackendCapabilities>({
  partitioning: [],
  maxPartitionColumns: 0,
  clustering: false,
  maxDecimalPrecision: DUCKDB_MAX_DECIMAL_PRECISION,
  maxDecimalScale: DUCKDB_MAX_DECIMAL_PRECISION,
  maxDatetimeScale: 9,
  nanoseconds: true,
  nanInfinity: true,
  identifierCase: 'lower',
  maxIdentifierLength: 1024,
  transactionalLoad: true,
  loadDatabase: false,
  notNullConstraints: true,
  unsupportedTypes: [],
  stagingFormats: ['PARQUET'],
});

/**
 * The DuckDB backend (`QUERY_ENGINE=DUCKDB`): typed tables in a local DuckDB file loaded from staged Parquet.
 * Settings: `DUCKDB_DATABASE` (default `${OFFLOAD_HOME}/warehouse/goe.duckdb`), `DUCKDB_MEMORY_LIMIT` (default
 * `1GB`), `DUCKDB_THREADS` (default: one per core), `DUCKDB_BUSY_TIMEOUT` (default 10 s). A file held by another
 * process fails with `BACKEND_BUSY` after the busy timeout. With `ctx.readOnly` (a preview) the file is opened
 * `READ_ONLY`, a missing one is not created (the session sees an empty warehouse) and writes are refused.
 *
 * @example
 * const session = await duckdbBackend.connect(ctx);
 * for (const sql of session.ddlFor(plan)) console.log(sql);
 */
export const duckdbBackend = defineBackend({
  kind: 'backend',
  name: 'duckdb',
  apiVersion: 1,
  description: 'DuckDB (embedded analytic database file)',
  configSchema: DUCKDB_CONFIG,
  capabilities: DUCKDB_CAPABILITIES,
  async connect(ctx: AdapterContext): Promise<BackendSession> {
    const settings = resolveDuckdbSettings(ctx.config, ctx.offloadHome);
    const conn = await DuckdbConnection.open(
      ctx.readOnly === true ? { ...settings, readOnly: true } : settings,
      ctx.signal,
    );
    try {
      for (const sql of DUCKDB_SQL.sessionSetup()) await conn.run(sql);
    } catch (e) {
      await conn.close();
      throw e;
    }
    const signal = ctx.signal;
    if (signal === undefined) return new DuckdbSession(conn);
    const interrupt = () => conn.interrupt();
    signal.addEventListener('abort', interrupt, { once: true });
    return new DuckdbSession(conn, () => signal.removeEventListener('abort', interrupt));
  },
});
