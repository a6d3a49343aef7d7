/**
 * `@goe/frontend-oracle` — work in progress (private, not published): the Oracle → canonical type mapping
 * (reference §2.2, rule-keyed) and the decoding of partition bounds (`HIGH_VALUE`). The connection (node-oracledb
 * thin mode), introspection, extraction and SQL builders follow: see docs/frontend-oracle-notes.md.
 *
 * @packageDocumentation
 */
export {
  formatOracleType,
  oracleBaseType,
  oracleToCanonical,
  oracleValidOverride,
  ORACLE_TYPE_RULES,
  type OracleColumnType,
  type OracleMapping,
  type OracleTypeRule,
} from './type-map.js';
export { ORACLE_CONFIG, oracleSettings, type OracleLogin, type OracleSettings } from './config.js';
export {
  connectOracle,
  oracleError,
  type OracleBinds,
  type OracleConnection,
  type OracleDriver,
} from './connection.js';
export {
  describeOracleTable,
  type DictionaryReader,
  type OracleDescription,
  type OracleTableInfo,
} from './introspect.js';
export { ORACLE_LITERAL_DIALECT, ORACLE_PREDICATE_DIALECT, oracleFilter, type OracleFilter } from './predicate.js';
export { extractProjection, oracleBatch, unscaledAt } from './extract/columns.js';
export { extractFetchTypeHandler, extractSlice, type RowSource, type SliceRead } from './extract/extract.js';
export {
  MAX_UNION_ALL_SPLITS,
  planOracleSlices,
  rowidText,
  sliceReads,
  type OracleExtent,
  type SlicePlan,
  type SlicePlanInput,
} from './slices.js';
export { decodeHighValue, decodeListValues, highValueBound, splitHighValue } from './high-value.js';
export {
  ORACLE_SQL,
  parallelHint,
  quoteIdent,
  tableRef,
  textOf,
  type OracleAggregate,
  type OracleTableRef,
  type ReadOptions,
  type SampleColumn,
} from './sql.js';
