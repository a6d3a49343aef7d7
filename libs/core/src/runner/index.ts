/** The orchestration runner: `offload()`, `OrchestrationRunner`, GOE's steps, pure planning helpers. */
export { offload } from './offload.js';
export { OrchestrationRunner, ABANDONED_COMMAND_MESSAGE } from './orchestration-runner.js';
export type { OffloadDeps } from './orchestration-runner.js';
export type { OffloadResult } from './offload-flow.js';
export {
  normalizeOffloadOptions,
  parseChunkSize,
  parseChunkCount,
  checkOptionValues,
  optionFlag,
  MAX_PARTITION_DIGITS,
  MAX_DECIMAL_PADDING_DIGITS,
} from './options.js';
export { OPTION_VARIABLES, optionVariable, resolveOptionOverrides, applyOptionOverrides } from './option-variables.js';
export type { OptionVariable, OptionOverride, OptionOverrides, OptionValues } from './option-variables.js';
export {
  GOE_VERSION,
  checkRepositoryVersion,
  lastWriterVersion,
  compareMajorMinor,
  majorMinor,
} from './version-check.js';
export { resolveRunSettings, RUN_SETTING_DEFAULTS, parseDecimalSize, parseStatsMethod } from './run-settings.js';
export type { RunSettings, RunSettingsPaths, StatsMethod, TransportRunOptions } from './run-settings.js';
export { planSourceSnapshot, openSourceSnapshot, SOURCE_SNAPSHOT_MESSAGES } from './source-snapshot.js';
export type { SourceSnapshotPlan } from './source-snapshot.js';
export { decideOffloadMode, OFFLOAD_MODE_MESSAGES, offloadVariantOf, recordedPredicateType } from './offload-mode.js';
export type { OffloadMode, OffloadModeDecision, OffloadModeInput, PredicateVariant } from './offload-mode.js';
export { PREDICATE_OFFLOAD_MESSAGES, requireKeyValues } from './identify-data.js';
export { offloadMetadataFields } from './flow-finish.js';
export type { MetadataFields, MetadataFieldsInput } from './flow-finish.js';
export type { OffloadOptions, NormalizedOffloadOptions, VerifyMode, TestHookEnv } from './options.js';
export { OFFLOAD_STEPS, OFFLOAD_STEP_LIST, findStep, parseSkipSteps, stepIdOf } from './steps.js';
export type { StepDefinition, StepCode } from './steps.js';
export { planOffload, DEFAULT_STAGING_FILE_BYTES, DEFAULT_ROW_GROUP_ROWS, DEFAULT_BATCH_ROWS } from './plan-offload.js';
export type { PlanOffloadInput } from './plan-offload.js';
export { planTargetNames } from './target-naming.js';
export type { TargetNames, TargetNamingInput, IdentifierCase } from './target-naming.js';
export { decideRerun, RERUN_MESSAGES } from './rerun.js';
export type { RerunAction, RerunState, TargetOwnerKind } from './rerun.js';
export {
  parseFaultSpec,
  faultPointsFrom,
  NO_FAULT_POINTS,
  FAULT_VARIABLE,
  FAULT_TRACE_VARIABLE,
  ADAPTER_FAULT_POINTS,
  ERROR_TOKEN_POINTS,
  parseErrorToken,
  errorTokenException,
} from './fault-points.js';
export type { FaultSpec, FaultPoints } from './fault-points.js';
export { verifyOffload, aggregateSpecs, aggregateKinds, compareAggregates, VERIFY_MESSAGES } from './verify.js';
export type { VerifyInput, VerifyResult, AggregateValueKind } from './verify.js';
export {
  resolveAdapters,
  adapterSchemas,
  chooseTransport,
  chooseOffloadTransport,
  settleTransport,
  decimalSizeText,
  SMALL_TABLE_THRESHOLD_NOTICE,
} from './adapters.js';
export type { OffloadAdapters, ResolvedAdapters } from './adapters.js';
export { DDL_FILE_MESSAGES } from './flow-load.js';
export { fileTimestamp, standardFileName } from './command-log.js';
export type { PauseMarker } from './test-hooks.js';
export {
  BACKEND_SESSION_ACCESS,
  FRONTEND_SESSION_ACCESS,
  STAGING_STORE_ACCESS,
  PREVIEW_WRITE_REFUSED,
  readOnlyView,
  guardBackendSession,
  guardFrontendSession,
  guardStagingStore,
} from './preview-guard.js';
export type { MemberAccess } from './preview-guard.js';
export {
  loadIdOf,
  checkLoadRetry,
  partitionsPredicate,
  backendScope,
  parseRecordedScope,
  coversWholeBackendPartitions,
  deleteChunkScope,
} from './load-retry.js';
