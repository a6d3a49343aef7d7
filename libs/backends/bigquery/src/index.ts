/**
 * `@goe/backend-bigquery` — the BigQuery backend adapter ({@link bigqueryBackend}): the canonical ↔ BigQuery type
 * mapping, the SQL/DDL builders (golden files checked by sqlglot's bigquery dialect and executed on
 * bigquery-emulator), load jobs a rerun finds again, synthetic partition columns and partition functions, and
 * verification capped by `maximumBytesBilled`. Design notes: docs/backend-bigquery-notes.md.
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
export {
  checkPartitionFunction,
  syntheticColumnOf,
  syntheticDefinitionOf,
  syntheticDescription,
  syntheticExpression,
  syntheticFromTable,
  PARTITION_FUNCTION_PARAMETER_TYPES,
  SYNTHETIC_DESCRIPTION_PREFIX,
  type SyntheticColumn,
} from './synthetic-column.js';
export { runLoadJob, loadJobPrefix, MAX_LOAD_ATTEMPTS, type LoadJobOptions, type LoadJobOutcome } from './load-job.js';
export { castCheckOf, fieldTypeText, finalExpression, loadSchema, schemaField, type SchemaField } from './load-sql.js';
export { BIGQUERY_PREDICATE_DIALECT, expandSyntheticPredicate, scopeFilter, type ScopeFilter } from './predicate.js';
export { bigqueryClientOptions, emulatorAuthClient, isLoopbackEndpoint, EMULATOR_PROJECT } from './client-options.js';
