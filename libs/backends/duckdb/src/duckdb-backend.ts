/** `defineBackend` wiring of the DuckDB backend: capabilities and `connect`. */
import {
  DEFAULT_BACKEND_CAPABILITIES,
  defineBackend,
  type AdapterContext,
  type BackendCapabilities,
  type BackendSession,
} from '@goe/core';
import { DUCKDB_CONFIG, resolveDuckdbSettings } from './config.js';
import { DuckdbSession } from './session.js';
import { DUCKDB_TRANSFORMATIONS } from './sql.js';
import { DUCKDB_MAX_DECIMAL_PRECISION } from './type-map.js';

/**
 * What the DuckDB backend can do (read by the planner, the runner and CLI validation): no partitioning or
 * clustering (partition and sort options are refused), 38-digit decimals, nanosecond timestamps, NaN/±Infinity,
 * atomic loads, staging from local Parquet files, and the `--transform-column` functions `null`, `suppress`,
 * `regexp_replace` and `translate` applied by the final load (`encrypt`/`tokenize` have no algorithm here: refused).
 *
 * @example
 * DUCKDB_CAPABILITIES.partitioning.kinds // [] (partition options are refused)
 * DUCKDB_CAPABILITIES.staging // { schemes: ['file'], formats: ['PARQUET'] }
 */
export const DUCKDB_CAPABILITIES: BackendCapabilities = Object.freeze<BackendCapabilities>({
  partitioning: DEFAULT_BACKEND_CAPABILITIES.partitioning,
  clustering: { maxColumns: 0, defaultToPrimaryKey: false },
  maxDecimalPrecision: DUCKDB_MAX_DECIMAL_PRECISION,
  maxDecimalScale: DUCKDB_MAX_DECIMAL_PRECISION,
  maxDatetimeScale: 9,
  nanInfinity: true,
  identifierCase: 'lower',
  maxIdentifierLength: 1024,
  load: { atomic: true, retry: 'atomic' },
  loadDatabase: false,
  notNullConstraints: true,
  unsupportedTypes: [],
  staging: { schemes: ['file'], formats: ['PARQUET'] },
  transformations: DUCKDB_TRANSFORMATIONS,
});

/**
 * The DuckDB backend (`QUERY_ENGINE=DUCKDB`): typed tables in a local DuckDB file loaded from staged Parquet.
 * Settings: `DUCKDB_DATABASE` (default `${OFFLOAD_HOME}/warehouse/goe.duckdb`), `DUCKDB_MEMORY_LIMIT` (default
 * `32MB`, doubled for a statement that runs out of memory up to `DUCKDB_MAX_MEMORY_LIMIT`), `DUCKDB_THREADS`
 * (default: one per core), `DUCKDB_BUSY_TIMEOUT` (default 10 s). The session holds the
 * file only while it uses it (reads open it `READ_ONLY`; a chunk's load holds it read-write from stage load to
 * final load), so other processes can read the warehouse during an offload; a file another process writes fails
 * with `BACKEND_BUSY` after the busy timeout. With `ctx.readOnly` (a preview) a missing file is not created (the
 * session sees an empty warehouse) and an existing one is opened `READ_ONLY` (core's preview guard refuses writes
 * before they reach the session; DuckDB refuses any that would). Extensions are never installed or loaded automatically,
 * and a file that is not a DuckDB database is refused with `CONFIG_INVALID`.
 *
 * @example
 * const session = await duckdbBackend.connect(ctx);
 * for (const sql of session.ddlFor(plan)) console.log(sql);
 */
export const duckdbBackend = defineBackend({
  kind: 'backend',
  name: 'duckdb',
  displayName: 'DuckDB',
  apiVersion: 1,
  description: 'DuckDB (embedded analytic database file)',
  configSchema: DUCKDB_CONFIG,
  capabilities: DUCKDB_CAPABILITIES,
  async connect(ctx: AdapterContext): Promise<BackendSession> {
    const settings = resolveDuckdbSettings(ctx.config, ctx.offloadHome);
    return DuckdbSession.open(ctx.readOnly === true ? { ...settings, readOnly: true } : settings, {
      ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
      ...(ctx.faultPoint === undefined ? {} : { faultPoint: ctx.faultPoint }),
      events: ctx.events,
    });
  },
});
