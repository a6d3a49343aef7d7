/**
 * The frontend (source) contract: describe a table, share one snapshot, plan slices, extract Arrow batches,
 * count and aggregate for verification, render predicates.
 */
import type { RecordBatch } from 'apache-arrow';
import type { SourceTable } from '../model/table.js';
import type { PredicateAst } from '../predicate/ast.js';
import type { RenderedSql } from '../predicate/render.js';
import type { AdapterBase, Branded } from './adapter.js';
import { brandAdapter } from './adapter.js';
import type { AdapterContext } from './context.js';
import type { DescribeSliceOptions, SliceSource } from './remote.js';

/** How a frontend makes parallel readers consistent. */
export type SnapshotKind = 'scn' | 'exported-snapshot' | 'snapshot-isolation' | 'none';
/** Ways a frontend can split a table into slices. */
export type SplitMethod = 'partition' | 'subpartition' | 'extent' | 'page-range' | 'mod' | 'id_range';

/** What a frontend can do; read by the planner and CLI validation. */
export interface FrontendCapabilities {
  readonly snapshot: SnapshotKind;
  readonly splitBy: readonly SplitMethod[];
  /** Most parallel extraction sessions; 1 for single-connection engines. */
  readonly maxParallelism: number;
  readonly partitionMethods: readonly ('range' | 'list' | 'hash' | 'interval')[];
  /** Identifiers fold to this case when unquoted. */
  readonly identifierCase: 'upper' | 'lower';
  readonly dataSampling: boolean;
}

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
  /** Rows per batch (default 65 536). */
  readonly batchRows?: number;
  /** Approximate bytes per batch (default 16 MiB). */
  readonly batchBytes?: number;
  readonly signal?: AbortSignal;
  /** The snapshot token every slice of one offload shares. */
  readonly snapshot?: SnapshotToken;
}

/** An opaque token all parallel readers share (an SCN, an exported snapshot id…). */
export interface SnapshotToken {
  readonly kind: SnapshotKind;
  readonly id: string;
  /** Releases what holds the snapshot open. */
  release(): Promise<void>;
}

/** An open connection to a source. */
export interface FrontendSession {
  /** Source server version text. */
  serverVersion(): Promise<string>;
  /** Describes a table; `owner`/`table` resolve case-insensitively when unambiguous. @throws GoeError `TABLE_NOT_FOUND` */
  describeTable(owner: string, table: string): Promise<SourceTable>;
  /** Opens a snapshot all slices will read. */
  snapshot(): Promise<SnapshotToken>;
  /** Splits the scope into at most `parallelism` slices. */
  planSlices(table: SourceTable, scope: OffloadScope, parallelism: number): Promise<readonly Slice[]>;
  /** Streams one slice as Arrow record batches in the canonical Arrow schema of the table. */
  extract(table: SourceTable, slice: Slice, options?: ExtractOptions): AsyncIterable<RecordBatch>;
  /** Counts rows in scope. */
  count(table: SourceTable, scope: OffloadScope, snapshot?: SnapshotToken): Promise<bigint>;
  /** Computes aggregates in scope. */
  aggregate(
    table: SourceTable,
    scope: OffloadScope,
    specs: readonly AggregateSpec[],
    snapshot?: SnapshotToken,
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
  /** Releases the connection. Optional in a definition; default: a no-op. */
  close(): Promise<void>;
}

/** A frontend adapter definition. */
export interface FrontendAdapter extends AdapterBase<'frontend'> {
  readonly capabilities: FrontendCapabilities;
  connect(ctx: AdapterContext): Promise<FrontendSession>;
}

/**
 * Defines a frontend adapter (a plain, frozen, branded object).
 *
 * @example
 * export const postgresFrontend = defineFrontend({
 *   kind: 'frontend', name: 'postgres', apiVersion: 1, configSchema, capabilities,
 *   connect: (ctx) => openSession(ctx),
 * });
 */
export function defineFrontend<T extends FrontendAdapter>(definition: T): Branded<T> {
  return brandAdapter('frontend', definition);
}
