/** The state one offload command carries through its steps. */
import type { AdapterContext } from '../contracts/context.js';
import type { BackendSession, LoadChunk } from '../contracts/backend.js';
import type { FrontendSession, OffloadScope, SnapshotToken } from '../contracts/frontend.js';
import type { MetadataRepository, OffloadMetadata, TargetOwnership } from '../contracts/repository.js';
import type { StagingStore } from '../contracts/storage.js';
import type { Logger } from '../logging.js';
import type { SourceTable } from '../model/table.js';
import type { OffloadPlan } from '../plan/offload-plan.js';
import type { KeyTuple } from '../plan/key-tuples.js';
import type { OffloadMode } from './offload-mode.js';
import type { OffloadAdapters } from './adapters.js';
import type { NormalizedOffloadOptions } from './options.js';
import type { RerunAction } from './rerun.js';
import type { RunSettings } from './run-settings.js';
import type { StepRunner } from './step-runner.js';
import type { TargetNames } from './target-naming.js';

/** Fixed inputs of a command (adapters read the configuration through `ctx.config`; steps read `settings`). */
export interface RunInputs {
  readonly opts: NormalizedOffloadOptions;
  readonly executionId: string;
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

/**
 * What "Find data to offload" found, before anything was changed: the sessions it opened, the source table, the
 * target names, the backend table as it was, the offload mode and the re-run decision.
 */
export interface Discovery {
  readonly frontend: FrontendSession;
  readonly backend: BackendSession;
  readonly source: SourceTable;
  readonly target: TargetNames;
  /** Whether the target database existed. */
  readonly databaseExists: boolean;
  /** Whether the backend table existed. */
  readonly tableExists: boolean;
  /** The offload metadata of the source table, when there was any. */
  readonly metadata?: OffloadMetadata;
  /** The recorded owner of the backend table, when there was one. */
  readonly ownership?: TargetOwnership;
  /** Full, RANGE / LIST / LIST_AS_RANGE partition append, or predicate-based. */
  readonly mode: OffloadMode;
  /** The re-run matrix's decision (`create` under `--ddl-file`). */
  readonly action: RerunAction;
  /** The failed verification of the previous command on this table, as a sentence. */
  readonly lastFailure?: string;
}

/**
 * The data half of "Find data to offload": which rows this run offloads, in which chunks, and what verification
 * counts. Empty for a full offload (every default applies).
 */
export interface Identification {
  /** The partitions of this run's partition append (RANGE, LIST, LIST_AS_RANGE), and those already offloaded. */
  readonly append?: { readonly partitions: readonly string[]; readonly alreadyOffloaded: readonly string[] };
  /**
   * The high values "Save offload metadata" records (GOE's INCREMENTAL_HIGH_VALUE): RANGE and LIST_AS_RANGE one
   * tuple (`partition` is the high-water mark partition), LIST every value tuple offloaded so far; `text` for logs.
   */
  readonly highValues?: { readonly values: readonly KeyTuple[]; readonly partition?: string; readonly text: string };
  /** The scope of the plan; default full. */
  readonly planScope?: OffloadScope;
  /** The scope of each chunk; default the plan's scope, one chunk. */
  readonly chunkScopes?: readonly OffloadScope[];
  /** What verification counts: the source scope and the backend scope; default the plan's scope and the whole table. */
  readonly verifyScopes?: VerifyScopes;
  /** A no-op partition append whose metadata lags the backend: verify the partitions between the two high-water marks, then save metadata. */
  readonly catchUp?: { readonly from: string; readonly to: string };
  /** Set when there is nothing to offload (the message says why): the command ends as a no-op. */
  readonly noop?: string;
}

/** The source and backend scopes "Verify exported data" compares. */
export interface VerifyScopes {
  readonly source: OffloadScope;
  readonly backend?: OffloadScope;
}

/**
 * The backend table as this run has left it so far: starts as {@link Discovery} found it; "Drop backend table",
 * "Create backend table" (and its undo) and claiming the table change it.
 */
export interface TargetTableState {
  exists: boolean;
  /** The source's offload metadata (removed by "Drop backend table"). */
  metadata: OffloadMetadata | undefined;
  /** The recorded owner of the backend table (this source once the run claimed it). */
  ownership: TargetOwnership | undefined;
}

/** What the steps after "Analyzing data types" work on: found, identified, planned, and the table's current state. */
export interface PlannedOffload {
  readonly found: Discovery;
  readonly identified: Identification;
  readonly plan: OffloadPlan;
  readonly table: TargetTableState;
}

/** Sessions and resources opened so far: closed by the runner whatever happens. */
export interface OpenResources {
  frontend?: FrontendSession;
  backend?: BackendSession;
  /** Opened by "Setup staging area" (execute only). */
  store?: StagingStore;
  /** Taken before the chunks are loaded (execute, consistent read, a frontend with snapshots). */
  snapshot?: SnapshotToken;
}

/** What accumulates while the steps run. */
export interface RunState extends RunInputs {
  readonly open: OpenResources;
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
