/**
 * The frontend (source) contract: describe a table, share one snapshot, plan slices, extract Arrow batches,
 * count and aggregate for verification, render predicates.
 */
import type { SamplingOptions } from '../types/data-type-controls/sampling.js';
import type { RecordBatch } from 'apache-arrow';
import type { SourceTable } from '../model/table.js';
import type { PredicateAst } from '../predicate/ast.js';
import type { RenderedSql } from '../predicate/render.js';
import type { AdapterBase, Branded, ConnectCheck } from './adapter.js';
import { brandAdapter } from './adapter.js';
import { mergeCapabilities, withMethodDefaults, type CapabilitiesInput } from './defaults.js';
import type { AdapterContext } from './context.js';
import type { DescribeSliceOptions, SliceSource } from './remote.js';

/** How a frontend makes parallel readers consistent. */
export type SnapshotKind = 'scn' | 'exported-snapshot' | 'snapshot-isolation' | 'none';
/** Ways a frontend can split a table into slices. */
export type SplitMethod = 'partition' | 'subpartition' | 'extent' | 'page-range' | 'mod' | 'id_range';

/**
 * What a frontend can do; read by the runner. A session may narrow it ({@link FrontendSession.capabilities}); core
 * reads `effectiveCapabilities(adapter, session)`.
 *
 * @example
 * const capabilities: FrontendCapabilities = { snapshot: 'exported-snapshot', maxParallelism: 64 };
 */
export interface FrontendCapabilities {
  /**
   * How parallel readers share one consistent view; the runner opens a snapshot (`session.snapshot()`) unless it is
   * `'none'`. Default `'none'`.
   */
  readonly snapshot: SnapshotKind;
  /** Most parallel extraction sessions (caps the plan's parallelism); 1 for single-connection engines. Default 1. */
  readonly maxParallelism: number;
}

/**
 * Defaults of a frontend's capabilities: no shared snapshot, one extraction session.
 *
 * @example
 * DEFAULT_FRONTEND_CAPABILITIES.maxParallelism // 1
 */
export const DEFAULT_FRONTEND_CAPABILITIES: FrontendCapabilities = Object.freeze<FrontendCapabilities>({
  snapshot: 'none',
  maxParallelism: 1,
});

/** Rows an operation concerns: everything, some partitions, or a predicate (optionally AND a high-water mark). */
export type OffloadScope =
  | { readonly kind: 'full' }
  | { readonly kind: 'partitions'; readonly partitions: readonly string[] }
  | { readonly kind: 'predicate'; readonly predicate: PredicateAst };

/** A unit of parallel extraction; `params` is frontend-specific and must be JSON-serializable. */
export interface Slice {
  readonly id: string;
  readonly method: SplitMethod | 'all';
  readonly scope: OffloadScope;
  readonly params: Readonly<Record<string, string | number | boolean | null>>;
  readonly rowEstimate?: number;
}

/** An aggregate to compute for verification. */
export interface AggregateSpec {
  readonly column: string;
  readonly fn: 'min' | 'max' | 'sum' | 'count' | 'count_distinct';
}

/**
 * Aggregate results, as text rendered by the engine (exact, comparable across engines after normalization), keyed
 * by {@link aggregateKey} of each spec (`fn(COLUMN)` with the column name as given in the spec).
 */
export type AggregateResult = Readonly<Record<string, string | null>>;

/**
 * The key of one aggregate in an {@link AggregateResult}: every frontend and backend uses it.
 *
 * @example
 * aggregateKey({ column: 'AMOUNT', fn: 'max' }) // 'max(AMOUNT)'
 */
export function aggregateKey(spec: AggregateSpec): string {
  return `${spec.fn}(${spec.column})`;
}

/** Options of {@link FrontendSession.extract}. */
export interface ExtractOptions {
  /** Rows per batch, at most (default 65 536). */
  readonly batchRows?: number;
  /**
   * Rows per round trip, for a frontend whose driver fetches in arrays (`--offload-transport-fetch-size`); a batch
   * still holds at most `batchRows`. Frontends whose reads stream (a bulk export such as COPY) ignore it. Default `batchRows`.
   */
  readonly fetchRows?: number;
  /** Approximate bytes per batch (default 16 MiB). */
  readonly batchBytes?: number;
  readonly signal?: AbortSignal;
  /** The snapshot token every slice of one offload shares. */
  readonly snapshot?: SnapshotToken;
}

/**
 * Options of the verification reads ({@link FrontendSession.count}, {@link FrontendSession.aggregate}).
 *
 * @example
 * await session.count(table, { kind: 'full' }, snapshot, { parallelism: 4 });
 */
export interface VerificationReadOptions {
  /**
   * Degree of parallelism the frontend runs the read with (GOE's `--verify-parallelism`), where it has such a
   * setting; 0 and 1 read serially. Default unset: the database decides.
   */
  readonly parallelism?: number;
}

/** An opaque token all parallel readers share (an SCN, an exported snapshot id…). */
export interface SnapshotToken {
  readonly kind: SnapshotKind;
  readonly id: string;
  /** Releases what holds the snapshot open. */
  release(): Promise<void>;
}

/**
 * Options of {@link FrontendSession.describeTable}: how columns without a safe precision are sampled (GOE's
 * `--data-sample-percent`, `--data-sample-parallelism`, `--decimal-padding-digits`, already checked by
 * `normalizeSamplingOptions`). Default: the frontend's own settings.
 *
 * @example
 * await session.describeTable('sh', 'sales', { sampling: { percent: 5, parallelism: 2, paddingDigits: 2 } });
 */
export interface DescribeTableOptions {
  readonly sampling?: SamplingOptions;
}

/** An open connection to a source. */
export interface FrontendSession {
  /**
   * What this session can do when it can do less than its adapter declares (e.g. an embedded engine with one
   * connection and no exported snapshot: `{ maxParallelism: 1, snapshot: 'none' }`). Fields given here win over the
   * adapter's; core reads `effectiveCapabilities(adapter, session)`. Default: none (the adapter's apply).
   */
  readonly capabilities?: Partial<FrontendCapabilities>;
  /** Source server version text. Optional in a definition; default `'unknown'`. */
  serverVersion(): Promise<string>;
  /** Describes a table; `owner`/`table` resolve case-insensitively when unambiguous. @throws GoeError `TABLE_NOT_FOUND` */
  describeTable(owner: string, table: string, options?: DescribeTableOptions): Promise<SourceTable>;
  /**
   * Opens a snapshot all slices will read. With `token` (GOE's `--offload-transport-snapshot`: an SCN, an exported
   * snapshot id…), reads at that one instead of a new one and returns a token whose `id` is `token`; a frontend that
   * cannot must throw GoeError `OPTION_INVALID` (core refuses a returned id that differs). The frontend validates
   * the token's form before using it. Optional in a definition; default a `'none'` token (id `none`).
   */
  snapshot(token?: string): Promise<SnapshotToken>;
  /** Splits the scope into at most `parallelism` slices. Optional in a definition; default one slice `all` of the whole scope. */
  planSlices(table: SourceTable, scope: OffloadScope, parallelism: number): Promise<readonly Slice[]>;
  /** Streams one slice as Arrow record batches in the canonical Arrow schema of the table. */
  extract(table: SourceTable, slice: Slice, options?: ExtractOptions): AsyncIterable<RecordBatch>;
  /** Counts rows in scope; `options` tune the read (see {@link VerificationReadOptions}). */
  count(
    table: SourceTable,
    scope: OffloadScope,
    snapshot?: SnapshotToken,
    options?: VerificationReadOptions,
  ): Promise<bigint>;
  /** Computes aggregates in scope; `options` tune the read (see {@link VerificationReadOptions}). */
  aggregate(
    table: SourceTable,
    scope: OffloadScope,
    specs: readonly AggregateSpec[],
    snapshot?: SnapshotToken,
    options?: VerificationReadOptions,
  ): Promise<AggregateResult>;
  /** Renders a predicate in this dialect with bound values. */
  renderPredicate(ast: PredicateAst, table: SourceTable): RenderedSql;
  /**
   * Describes one slice for a transport that reads the source itself elsewhere (`reads: 'source'`): connection
   * facts without secrets plus a secret reference, the extraction SQL `extract` would run with binds rendered as
   * literals, the columns of `table`, and the snapshot's setup statements. Optional: without it the frontend
   * cannot be used with such a transport (GoeError `CONFIG_INVALID`).
   *
   * @throws GoeError `CONFIG_INVALID` when this session cannot be read from elsewhere (e.g. an embedded engine)
   */
  describeSlice?(table: SourceTable, slice: Slice, options?: DescribeSliceOptions): Promise<SliceSource>;
  /**
   * The source's own `goe connect` checks beyond connecting (privileges, settings a consistent read needs…), each
   * reported on a line of its own. Optional: without it `goe connect` reports the server version only.
   */
  connectChecks?(): Promise<readonly ConnectCheck[]>;
  /** Releases the connection. Optional in a definition; default: a no-op. */
  close(): Promise<void>;
}

/** The methods a {@link FrontendDefinition}'s session may leave out (see {@link FrontendSession} for their defaults). */
export type OptionalFrontendSessionMethod = 'serverVersion' | 'snapshot' | 'planSlices' | 'close';
/** A session as an adapter's `connect` returns it: {@link OptionalFrontendSessionMethod}s may be missing. */
export type FrontendSessionInput = Omit<FrontendSession, OptionalFrontendSessionMethod> &
  Partial<Pick<FrontendSession, OptionalFrontendSessionMethod>>;

/** A frontend adapter, complete (as core reads it). */
export interface FrontendAdapter extends AdapterBase<'frontend'> {
  readonly capabilities: FrontendCapabilities;
  connect(ctx: AdapterContext): Promise<FrontendSession>;
}

/** A frontend adapter as written: capabilities may be left out or given in part, optional session methods omitted. */
export interface FrontendDefinition extends AdapterBase<'frontend'> {
  readonly capabilities?: CapabilitiesInput<FrontendCapabilities>;
  connect(ctx: AdapterContext): Promise<FrontendSessionInput>;
}

/**
 * Defines a frontend adapter (a plain, frozen, branded object): fills capability defaults
 * ({@link DEFAULT_FRONTEND_CAPABILITIES}) and wraps `connect` so every session has the optional methods
 * (`serverVersion` → `'unknown'`, `snapshot` → a `'none'` token, `planSlices` → one `all` slice, `close` → no-op).
 * A version-1 definition gets the same defaults.
 *
 * @example
 * export const quackFrontend = defineFrontend({
 *   kind: 'frontend', name: 'quack', apiVersion: 2, configSchema, capabilities: { maxParallelism: 8 },
 *   connect: (ctx) => openSession(ctx),
 * });
 */
export function defineFrontend<T extends FrontendDefinition>(
  definition: T,
): Branded<
  Omit<T, 'capabilities' | 'connect'> &
    FrontendAdapter & { connect(ctx: AdapterContext): Promise<Awaited<ReturnType<T['connect']>> & FrontendSession> }
> {
  const capabilities = mergeCapabilities(DEFAULT_FRONTEND_CAPABILITIES, definition.capabilities);
  return brandAdapter('frontend', {
    ...definition,
    capabilities,
    connect: async (ctx: AdapterContext) => withFrontendSessionDefaults(await definition.connect(ctx)),
  }) as never;
}

/** A snapshot token that holds nothing (the default `snapshot()`). */
const NO_SNAPSHOT: SnapshotToken = Object.freeze({ kind: 'none', id: 'none', release: async () => undefined });

/** Completes a session with the defaults of its optional methods. @internal */
export function withFrontendSessionDefaults(session: FrontendSessionInput): FrontendSession {
  return withMethodDefaults(session as FrontendSession, ['serverVersion', 'snapshot', 'planSlices', 'close'], () => ({
    serverVersion: async () => 'unknown',
    snapshot: async () => NO_SNAPSHOT,
    planSlices: async (_table: SourceTable, scope: OffloadScope): Promise<readonly Slice[]> => [
      { id: 'all', method: 'all', scope, params: {} },
    ],
    close: async () => undefined,
  }));
}
