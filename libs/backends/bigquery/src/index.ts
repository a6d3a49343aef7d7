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
  padYear,
  textOf,
  type AggregateDef,
  type CastCheckDef,
  type StagedCheckColumn,
  type ColumnDef,
  type DatasetRef,
  type PartitionDef,
  type TableOptions,
} from './sql.js';
export { BIGQUERY_CONFIG, bigquerySettings, kmsKeyName, type BigquerySettings } from './config.js';
export { bigqueryBackend, BIGQUERY_CAPABILITIES } from './bigquery-backend.js';
export {
  BigquerySession,
  loadTableOf,
  partitionOf,
  syntheticColumnOf,
  MAX_CLUSTER_COLUMNS,
  MAX_LOAD_URIS,
  MAX_PARTITIONS,
  type BigquerySessionOptions,
} from './session.js';
export {
  sdkApi,
  bigqueryError,
  errorStatus,
  type BigqueryApi,
  type JobStatus,
  type LoadJobSpec,
  type QueryOptions,
  type QueryResult,
  type TableInfo,
  type TableSpec,
} from './api.js';
export { runLoadJob, loadJobPrefix, MAX_LOAD_ATTEMPTS, type LoadJobOptions, type LoadJobOutcome } from './load-job.js';
export { castCheckOf, fieldTypeText, finalExpression, loadSchema, schemaField, type SchemaField } from './load-sql.js';
export { BIGQUERY_PREDICATE_DIALECT, scopeFilter, type ScopeFilter } from './predicate.js';
export { bigqueryClientOptions, emulatorAuthClient, isLoopbackEndpoint, EMULATOR_PROJECT } from './client-options.js';
