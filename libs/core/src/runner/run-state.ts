/** The state one offload command carries through its steps. */
import type { ResolvedConfig } from '../config/schema.js';
import type { AdapterContext } from '../contracts/context.js';
import type { BackendSession, LoadChunk } from '../contracts/backend.js';
import type { FrontendSession, OffloadScope, SnapshotToken } from '../contracts/frontend.js';
import type { MetadataRepository, OffloadMetadata, TargetOwnership } from '../contracts/repository.js';
import type { StagingStore } from '../contracts/storage.js';
import type { Logger } from '../logging.js';
import type { SourceTable } from '../model/table.js';
import type { OffloadPlan } from '../plan/offload-plan.js';
import type { PartitionAppendPlan } from '../plan/partition-append.js';
import type { OffloadMode } from './offload-mode.js';
import type { OffloadAdapters } from './adapters.js';
import type { NormalizedOffloadOptions } from './options.js';
import type { RerunAction } from './rerun.js';
import type { RunSettings } from './run-settings.js';
import type { StepRunner } from './step-runner.js';
import type { TargetNames } from './target-naming.js';

/** Fixed inputs of a command. */
export interface RunInputs {
  readonly opts: NormalizedOffloadOptions;
  readonly executionId: string;
  readonly config: ResolvedConfig;
  /** The options and configuration values the steps use, resolved once (steps read these, not the configuration). */
  readonly settings: RunSettings;
  readonly ctx: AdapterContext;
  readonly adapters: OffloadAdapters;
  readonly repo: MetadataRepository;
  readonly logger: Logger;
  readonly steps: StepRunner;
  /** Masks secrets in any text. */
  readonly mask: (text: string) => string;
  /** Reports a notice (collected for "Messages", logged, sent as an event). */
  readonly notice: (message: string) => void;
  /** Reports a warning (collected, logged, sent as an event). */
  readonly warn: (message: string) => void;
}

/** What the steps learn and open along the way. */
export interface RunState extends RunInputs {
  frontend?: FrontendSession;
  backend?: BackendSession;
  store?: StagingStore;
  snapshot?: SnapshotToken;
  source?: SourceTable;
  metadata?: OffloadMetadata;
  /** The recorded owner of the backend table, as found by "Find data to offload". */
  ownership?: TargetOwnership;
  target?: TargetNames;
  databaseExists?: boolean;
  tableExists?: boolean;
  action?: RerunAction;
  plan?: OffloadPlan;
  /** Full, partition append or predicate-based (decided in "Find data to offload"). */
  mode?: OffloadMode;
  /** The partition append of this run (partition append only). */
  append?: PartitionAppendPlan;
  /** The scope of the plan (default full). */
  planScope?: OffloadScope;
  /** The scope of each chunk (default: the plan's scope, one chunk). */
  chunkScopes?: readonly OffloadScope[];
  /** What verification counts: the source scope and the backend scope (default: the plan's scope and the whole table). */
  verifyScopes?: { readonly source: OffloadScope; readonly backend?: OffloadScope };
  /** A no-op partition append whose metadata lags the backend: verify the partitions between the two high-water marks, then save metadata. */
  catchUp?: { readonly from: string; readonly to: string };
  /** The failed verification of the previous command on this table, as a sentence. */
  lastFailure?: string;
  /** Set when there is nothing to offload (the message says why): the command ends as a no-op. */
  noop?: string;
  chunks: LoadChunk[];
  /**
   * What a failure (or an interruption) must undo, newest last: registered by the step that made the change, run
   * in reverse order by the runner when the command fails; an entry whose `when()` is false is skipped.
   */
  readonly undo: UndoAction[];
  rowsLoaded: bigint;
  /**
   * The chunk whose final load started and has not ended, on a backend whose loads are not atomic: its record stays
   * `EXECUTING` until the undo deleted its scope (then `ERROR`), so a later command cleans it if the undo could not.
   */
  partialLoad?: number;
  /** Chunks whose final load succeeded in this run. */
  finalLoads: number;
  rowsTransported: number;
  /** Ids of the jobs a remote transport submitted in this run (also logged), so that a later run can find them. */
  transportJobs?: string[];
  verification?: string;
  ddlFile?: string;
}

/** One registered cleanup of a failed command. */
export interface UndoAction {
  /** Logged as "Cleanup after failure: <title>". */
  readonly title: string;
  /** Whether it still applies (e.g. a table created by this run is dropped only while nothing was loaded into it). */
  readonly when?: () => boolean;
  readonly run: () => Promise<void>;
}

/** Returns a value that a previous step must have set. @throws Error when it is missing (a bug). @internal */
export function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`Internal error: ${what} is not known at this point`);
  return value;
}
