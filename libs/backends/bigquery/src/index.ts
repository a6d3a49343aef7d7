/**
 * `@goe/backend-bigquery` — work in progress (private, not published): the canonical ↔ BigQuery type mapping and
 * the SQL/DDL builders, proven by golden files (sqlglot's bigquery dialect) and executed on bigquery-emulator. The
 * backend adapter (sessions, load jobs, verification) is not here yet: see docs/backend-bigquery-notes.md.
 *
 * @packageDocumentation
 */
export {
  BIGQUERY_LIMITS,
  CANONICAL_DESCRIPTION_PREFIX,
  bigqueryTypeFor,
  canonicalDescription,
  canonicalFromBigquery,
} from './type-map.js';
export {
  BIGQUERY_SQL,
  datasetRef,
  quoteIdent,
  quoteString,
  tableRef,
  type AggregateDef,
  type ColumnDef,
  type DatasetRef,
  type PartitionDef,
  type TableOptions,
} from './sql.js';
export { BIGQUERY_CONFIG, bigquerySettings, kmsKeyName, type BigquerySettings } from './config.js';
export { bigqueryClientOptions, emulatorAuthClient, isLoopbackEndpoint, EMULATOR_PROJECT } from './client-options.js';
