/**
 * `@goe/conformance`: the shared suites every GOE adapter must pass, and the canonical fixture generator.
 *
 * @packageDocumentation
 */
export {
  canonicalFixtures,
  fixtureTable,
  largeText,
  largeBinary,
  DEFAULT_LOB_BYTES,
  type CanonicalFixtures,
  type CanonicalFixturesOptions,
  type FixtureCase,
  type FixtureColumn,
} from './fixtures.js';
export {
  canonicalText,
  parseDate,
  parseTimestamp,
  parseDecimal,
  formatDate,
  formatTimestamp,
  formatDecimal,
  daysFromCivil,
  civilFromDays,
  toDecimalValue,
  toEpochNanos,
  toIntervalValue,
  isDateValue,
  isIntervalValue,
  type CanonicalValue,
  type DateValue,
  type DecimalValue,
} from './values.js';
export {
  arrowVectorValues,
  readArrowValue,
  arrowVectorFromValues,
  recordBatchFromValues,
  tableFromValues,
  arrowTypeSignature,
  schemaDifferences,
} from './arrow-values.js';
export { collectRows, checkRowCoverage, checkColumnValues, type CollectedRows } from './compare.js';
export { expectedAggregate, normalizeAggregateText, singleAggregateValue, idBelow, FULL_SCOPE } from './aggregates.js';
export { ConformanceError, conformanceContext, deadProcessId, isAbortError, uniqueSuffix } from './check.js';
export {
  runSuite,
  executeSuite,
  makeSuite,
  suiteSummary,
  type Suite,
  type SuiteCase,
  type SuiteResult,
  type SuiteFailure,
  type SuiteRunOptions,
  type TestRegistrar,
  type TestFunction,
  type CaseDefinition,
} from './suite.js';
export type { ExpectedMapping } from './mapping.js';
export { frontendSuite, type FrontendHarness, type TableRef } from './frontend-suite.js';
export type { PartitionedTables, PartitionedTableSpec } from './frontend-statements.js';
export {
  backendSuite,
  capabilityExclusions,
  fixturePlan,
  type BackendHarness,
  type BackendStageInput,
  type BackendReadBackInput,
} from './backend-suite.js';
export { storageSuite, type StorageHarness } from './storage-suite.js';
export { repositorySuite, type RepositoryHarness } from './repository-suite.js';
export type { RepositoryStatementsHarness } from './repository-statements.js';
export {
  createStatementCounter,
  countPgQueries,
  countPgliteStatements,
  countDuckDBStatements,
  countBetterSqlite3Statements,
  type StatementCounter,
  type StatementMeasurement,
  type WrapOptions,
  type BetterSqlite3Constructor,
} from './statement-counter.js';
export { lockSuite, type LockHarness } from './lock-suite.js';
export {
  faultSuite,
  killPoints,
  type FaultHarness,
  type FaultScenario,
  type FaultBed,
  type FaultRun,
  type FaultRunOptions,
  type FaultState,
} from './fault-suite.js';
export { transportSuite, type TransportHarness, type TransportSourceHarness } from './transport-suite.js';
