/**
 * `@goe/backend-duckdb`: the DuckDB backend of GOE (`QUERY_ENGINE=DUCKDB`).
 *
 * @packageDocumentation
 */
export { duckdbBackend, DUCKDB_CAPABILITIES } from './duckdb-backend.js';
export { DUCKDB_CONFIG, defaultMaxMemoryLimit, resolveDuckdbSettings, type DuckdbSettings } from './config.js';
export { formatSize, sizeBytes } from './size.js';
export { DuckdbConnection, duckdbInstanceOptions, mapDuckdbError, type SqlParams } from './connection.js';
export {
  DuckdbSession,
  TOO_MANY_PARTITION_COLUMNS,
  TOO_MANY_SORT_COLUMNS,
  type DuckdbSessionOptions,
} from './session.js';
export {
  duckdbTypeFor,
  stagedDuckdbType,
  canonicalFromDuckdb,
  canonicalComment,
  DUCKDB_MAX_DECIMAL_PRECISION,
} from './type-map.js';
export { DUCKDB_SQL, DUCKDB_TRANSFORMATIONS, type ColumnLoad, type DuckdbColumnDef } from './sql.js';
export { canonicalTextSql, quoteIdent, quoteString, schemaRef, tableRef, type DuckdbSchema } from './sql-text.js';
export { columnLoad, loadViewName, stagedPath, transformedLoad } from './load-steps.js';
export { DUCKDB_PREDICATE_DIALECT, scopeWhere, decimalTypeOf } from './predicate.js';
