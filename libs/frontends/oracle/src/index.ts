/**
 * `@goe/frontend-oracle`: the Oracle frontend of GOE (node-oracledb thin mode; one AS OF SCN snapshot; slices by
 * partition, subpartition, ROWID range, key range or modulo; exact values into Arrow; LOBs streamed). How it is
 * proven without a server, and what only the opt-in live suite can prove: the package README.
 *
 * @packageDocumentation
 */
export { oracleFrontend, createOracleFrontend, ORACLE_CAPABILITIES } from './oracle-frontend.js';
export {
  openOracleSession,
  DEFAULT_FETCH_ROWS,
  LOB_FETCH_ROWS,
  isNotGranted,
  type OracleFrontendSession,
  type OracleSessionOptions,
} from './session.js';
export { sampleOracleColumns, columnsToSample } from './sampling.js';
export { describeOracleSlice, inlineBinds, oracleSliceConnection, ORACLE_SLICE_SECRET } from './slice-source.js';
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
export {
  ORACLE_LITERAL_DIALECT,
  ORACLE_PREDICATE_DIALECT,
  oracleFilter,
  renderOraclePredicate,
  type OracleFilter,
} from './predicate.js';
export { extractProjection, oracleBatch, unscaledAt } from './extract/columns.js';
export { extractFetchTypeHandler, extractSlice, type RowSource, type SliceRead } from './extract/extract.js';
export {
  extractSelect,
  lobBatches,
  LOB_BATCH_BYTES,
  LOB_INLINE_LIMIT,
  type ExtractSelect,
  type LobReader,
  type LobSlot,
} from './extract/lobs.js';
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
