/**
 * The metadata repository contract: command executions, their steps and chunks, and per-table offload
 * metadata (GOE's `OrchestrationRepoClientInterface`, reference §4).
 */
import type { AdapterBase, Branded } from './adapter.js';
import { brandAdapter } from './adapter.js';
import { withMethodDefaults } from './defaults.js';
import type { AdapterContext } from './context.js';

/**
 * Status of a command, step or chunk. `ERROR`: it failed (the error is recorded); `INTERRUPTED`: a signal
 * (SIGINT/SIGTERM) or an `AbortSignal` stopped it, after its cleanup ran.
 */
export type ExecutionStatus = 'EXECUTING' | 'SUCCESS' | 'ERROR' | 'PREVIEW' | 'LOCKED' | 'NOOP' | 'INTERRUPTED';

/** A recorded command execution. */
export interface CommandExecution {
  /** Execution id (UUID). */
  readonly id: string;
  /** `OFFLOAD`, `CONNECT`, … */
  readonly command: string;
  /** The command line with secrets masked. */
  readonly commandLine: string;
  readonly owner?: string;
  readonly table?: string;
  readonly status: ExecutionStatus;
  readonly startedAt: string;
  readonly endedAt?: string;
  readonly logPath?: string;
  readonly error?: string;
  /** The GOE version (`major.minor.patch`) that started the command; read by the repository version check. */
  readonly goeVersion?: string;
}

/** A recorded step of a command. */
export interface CommandStep {
  readonly executionId: string;
  readonly stepId: string;
  readonly title: string;
  readonly status: ExecutionStatus;
  readonly startedAt: string;
  readonly endedAt?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** A recorded chunk of an offload. */
export interface OffloadChunkRecord {
  readonly executionId: string;
  readonly chunkNumber: number;
  readonly status: ExecutionStatus;
  readonly rows?: number;
  readonly scope: string;
  readonly startedAt: string;
  readonly endedAt?: string;
}

/**
 * GOE's INCREMENTAL_PREDICATE_TYPE: how the offloaded part of an incremental offload is described.
 *
 * @example
 * const t: IncrementalPredicateType = 'LIST_AS_RANGE';
 */
export type IncrementalPredicateType =
  | 'RANGE'
  | 'LIST'
  | 'LIST_AS_RANGE'
  | 'PREDICATE'
  | 'RANGE_AND_PREDICATE'
  | 'LIST_AS_RANGE_AND_PREDICATE';

/**
 * Every {@link IncrementalPredicateType}, in GOE's order.
 *
 * @example
 * INCREMENTAL_PREDICATE_TYPES.includes('LIST') // true
 */
export const INCREMENTAL_PREDICATE_TYPES: readonly IncrementalPredicateType[] = Object.freeze([
  'PREDICATE',
  'LIST',
  'LIST_AS_RANGE',
  'LIST_AS_RANGE_AND_PREDICATE',
  'RANGE',
  'RANGE_AND_PREDICATE',
]);

/** Per-table offload metadata (GOE's `OrchestrationMetadata`). */
export interface OffloadMetadata {
  readonly owner: string;
  readonly table: string;
  readonly backendDatabase: string;
  readonly backendTable: string;
  /** `FULL` or `INCREMENTAL`. */
  readonly offloadType: 'FULL' | 'INCREMENTAL';
  /** GOE's INCREMENTAL_KEY: the partition key columns of a partition append, as CSV (`TIME_ID` or `YEAR,MONTH`). */
  readonly incrementalKey?: string;
  /** The high-water mark of a single-column RANGE key as value text (kept for compatibility; see `highValues`). */
  readonly highWaterMark?: string;
  /** GOE's INCREMENTAL_PREDICATE_TYPE; absent in metadata written before it was recorded (read as RANGE/PREDICATE). */
  readonly predicateType?: IncrementalPredicateType;
  /** GOE's INCREMENTAL_RANGE: whether the high values are partition or subpartition bounds; default `PARTITION`. */
  readonly incrementalRange?: 'PARTITION' | 'SUBPARTITION';
  /**
   * GOE's INCREMENTAL_HIGH_VALUE as value texts: RANGE and LIST_AS_RANGE one tuple (one text per key column, a
   * MAXVALUE-truncated tuple is shorter); LIST every value tuple offloaded so far.
   */
  readonly highValues?: readonly (readonly string[])[];
  /** GOE's INCREMENTAL_PREDICATE_VALUE: predicate DSL texts of the rows offloaded by predicate. */
  readonly predicates?: readonly string[];
  /**
   * The `--transform-column` settings the backend table was loaded with, in GOE's `COL:fn('p1', 'p2')` text (the
   * order given); absent when none. An append to the table applies these again (GOE retains table settings).
   */
  readonly columnTransforms?: readonly string[];
  readonly snapshot?: string;
  readonly executionId: string;
  readonly updatedAt: string;
}

/**
 * Who owns a backend table: the source table whose offload created it. Recorded before GOE creates the table (so a
 * table left by a crashed run is still known to be GOE's), moved only by `--force`, removed when GOE drops the table.
 * Backend names match case-insensitively.
 */
export interface TargetOwnership {
  readonly backendDatabase: string;
  readonly backendTable: string;
  /** The source owner (schema) whose offload owns the table. */
  readonly owner: string;
  /** The source table whose offload owns the table. */
  readonly table: string;
  /** The command that claimed it. */
  readonly executionId: string;
  readonly claimedAt: string;
}

/** An open repository. */
export interface MetadataRepository {
  startCommand(exec: Omit<CommandExecution, 'status' | 'endedAt'> & { status?: ExecutionStatus }): Promise<void>;
  endCommand(id: string, status: ExecutionStatus, error?: string): Promise<void>;
  getCommand(id: string): Promise<CommandExecution | undefined>;
  listCommands(filter?: { owner?: string; table?: string; limit?: number }): Promise<readonly CommandExecution[]>;
  startStep(step: Omit<CommandStep, 'status' | 'endedAt'>): Promise<void>;
  endStep(
    executionId: string,
    stepId: string,
    status: ExecutionStatus,
    details?: Readonly<Record<string, unknown>>,
  ): Promise<void>;
  listSteps(executionId: string): Promise<readonly CommandStep[]>;
  startChunk(chunk: Omit<OffloadChunkRecord, 'status' | 'endedAt'>): Promise<void>;
  endChunk(executionId: string, chunkNumber: number, status: ExecutionStatus, rows?: number): Promise<void>;
  listChunks(executionId: string): Promise<readonly OffloadChunkRecord[]>;
  getMetadata(owner: string, table: string): Promise<OffloadMetadata | undefined>;
  saveMetadata(metadata: OffloadMetadata): Promise<void>;
  deleteMetadata(owner: string, table: string): Promise<void>;
  /** The owner of a backend table, if GOE created it (case-insensitive names). */
  getTargetOwner(backendDatabase: string, backendTable: string): Promise<TargetOwnership | undefined>;
  /** Records (or moves) the ownership of a backend table. */
  claimTarget(ownership: TargetOwnership): Promise<void>;
  /** Forgets the owner of a backend table (GOE dropped it); harmless when none is recorded. */
  releaseTarget(backendDatabase: string, backendTable: string): Promise<void>;
  /** The schema version the repository is at. */
  schemaVersion(): Promise<number>;
  /** Releases the connection. Optional in a definition; default: a no-op. */
  close(): Promise<void>;
}

/** A repository as an adapter's `open` returns it: `close` may be missing. */
export type MetadataRepositoryInput = Omit<MetadataRepository, 'close'> & Partial<Pick<MetadataRepository, 'close'>>;

/** A repository adapter, complete (as core reads it). */
export interface RepositoryAdapter extends AdapterBase<'repository'> {
  /** URL schemes it serves (`OFFLOAD_REPOSITORY_URL`), e.g. `['acme']`. */
  readonly schemes: readonly string[];
  open(ctx: AdapterContext): Promise<MetadataRepository>;
}

/** A repository adapter as written: `schemes` defaults to `[name]`, `close` to a no-op. */
export interface RepositoryDefinition extends AdapterBase<'repository'> {
  readonly schemes?: readonly string[];
  open(ctx: AdapterContext): Promise<MetadataRepositoryInput>;
}

/**
 * Defines a repository adapter: `schemes` defaults to `[name]`, and the repository `open` returns gets a no-op
 * `close` when it has none.
 *
 * @example
 * export const acmeRepository = defineRepository({ kind: 'repository', name: 'acme', apiVersion: 2, schemes: ['acme'], configSchema, open });
 */
export function defineRepository<T extends RepositoryDefinition>(
  definition: T,
): Branded<
  Omit<T, 'schemes' | 'open'> &
    RepositoryAdapter & { open(ctx: AdapterContext): Promise<Awaited<ReturnType<T['open']>> & MetadataRepository> }
> {
  return brandAdapter('repository', {
    ...definition,
    schemes: definition.schemes ?? [definition.name],
    open: async (ctx: AdapterContext): Promise<MetadataRepository> =>
      withMethodDefaults((await definition.open(ctx)) as MetadataRepository, ['close'], () => ({
        close: async () => undefined,
      })),
  }) as never;
}
