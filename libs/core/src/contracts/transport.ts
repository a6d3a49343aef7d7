/** The transport contract: moves the plan's slices from the frontend into staging files. */
import type { OffloadPlan } from '../plan/offload-plan.js';
import type { EventSink } from '../events.js';
import type { FrontendSession, SnapshotToken } from './frontend.js';
import type { StagingStore } from './storage.js';
import type { SourceTable } from '../model/table.js';
import type { AdapterBase, Branded } from './adapter.js';
import { brandAdapter } from './adapter.js';
import type { AdapterContext } from './context.js';

/** GOE's transport method names (`--offload-transport-method`). */
export const TRANSPORT_METHODS = [
  'NATIVE',
  'SPARK_SUBMIT',
  'SPARK_THRIFT',
  'SPARK_LIVY',
  'SPARK_DATAPROC_GCLOUD',
  'SPARK_BATCHES_GCLOUD',
  'SQOOP',
  'SQOOP_BY_QUERY',
] as const;
/** A transport method name. */
export type TransportMethod = (typeof TRANSPORT_METHODS)[number];

/** One staged file. */
export interface StagedFile {
  readonly path: string;
  readonly uri: string;
  readonly rows: number;
  readonly bytes: number;
  readonly sliceId: string;
}

/** Everything a transport run staged. */
export interface StagedFiles {
  readonly format: 'PARQUET' | 'AVRO';
  readonly files: readonly StagedFile[];
  readonly rows: number;
}

/** Result of {@link TransportAdapter.available}. */
export interface Availability {
  readonly ok: boolean;
  /** Why not, when `ok` is false (shown by AUTO selection and `goe connect`). */
  readonly reason?: string;
}

/** What a transport run needs. */
export interface TransportRunInput {
  readonly plan: OffloadPlan;
  readonly table: SourceTable;
  readonly frontend: FrontendSession;
  readonly store: StagingStore;
  readonly events: EventSink;
  readonly snapshot?: SnapshotToken;
  readonly signal?: AbortSignal;
  /**
   * The run's fault points (see `AdapterContext.faultPoint`): a transport reports `transport:batch` with the rows
   * staged so far after each batch it writes. Absent outside fault tests.
   */
  readonly faultPoint?: (name: string, detail?: { readonly rows?: number }) => void;
}

/** What a transport can do. */
export interface TransportCapabilities {
  readonly method: TransportMethod;
  readonly parallel: boolean;
  readonly stagingFormats: readonly ('PARQUET' | 'AVRO')[];
}

/** A transport adapter definition. */
export interface TransportAdapter extends AdapterBase<'transport'> {
  readonly capabilities: TransportCapabilities;
  /** Whether this transport's configuration is complete here (GOE's AUTO selection takes the first that is). */
  available(ctx: AdapterContext): Promise<Availability>;
  run(input: TransportRunInput, ctx: AdapterContext): Promise<StagedFiles>;
}

/**
 * Defines a transport adapter.
 *
 * @example
 * export const nativeTransport = defineTransport({ kind: 'transport', name: 'native', aliases: ['query_import'], apiVersion: 1, ... });
 */
export function defineTransport<T extends TransportAdapter>(definition: T): Branded<T> {
  return brandAdapter('transport', definition);
}
