/** The transport contract: moves the plan's slices from the frontend into staging files. */
import type { OffloadPlan } from '../plan/offload-plan.js';
import type { EventSink } from '../events.js';
import type { FrontendSession, SnapshotToken } from './frontend.js';
import type { StagingStore } from './storage.js';
import type { SourceTable } from '../model/table.js';
import type { AdapterBase, Branded } from './adapter.js';
import { brandAdapter } from './adapter.js';
import { mergeCapabilities, type CapabilitiesInput } from './defaults.js';
import type { StagingFormat } from './storage.js';
import type { AdapterContext } from './context.js';
import type { SliceSource, TransportJob, TransportReads } from './remote.js';

/**
 * A transport method name (`--offload-transport-method`, `capabilities.method`, the plan's `transport.method`): an
 * open string, whatever an installed transport declares. The first-party names belong to the catalog that ships
 * them (`@goe/stack`'s `FIRST_PARTY_TRANSPORT_RULES`), not to core.
 *
 * @example
 * const method: TransportMethod = 'QUACK_LOADER';
 */
export type TransportMethod = string;

/** One staged file. */
export interface StagedFile {
  readonly path: string;
  readonly uri: string;
  /**
   * Rows in the file; absent when the transport cannot know (a remote job that reports only file names). The
   * backend's `validateStaged` counts the staged rows itself, so an unknown count is never trusted.
   */
  readonly rows?: number;
  readonly bytes: number;
  readonly sliceId: string;
}

/** Everything a transport run staged. */
export interface StagedFiles {
  readonly format: StagingFormat;
  readonly files: readonly StagedFile[];
  /** The sum of the files' rows; absent when any file's count is unknown. */
  readonly rows?: number;
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
  /** The frontend session, for a transport that reads in this process (`capabilities.reads` `'session'`). */
  readonly frontend?: FrontendSession;
  /**
   * One serializable description per slice, for a transport that reads the source itself elsewhere
   * (`capabilities.reads` `'source'`); the runner plans the slices and builds them with
   * `FrontendSession.describeSlice`. Absent for `'session'` transports.
   */
  readonly sources?: readonly SliceSource[];
  /**
   * Reports a job the transport submitted, as soon as it has an id. The runner logs `Transport job <id> submitted`
   * and records the id in the repository, so that a later run can find it with {@link TransportAdapter.findJob}
   * after this process died. It may return a promise: await it before waiting on the job (and cancel the job when it
   * rejects: the job could not be recorded).
   *
   * @example
   * const job = await submit(sources); await input.onJob?.(job); const status = await waitFor(job);
   */
  readonly onJob?: (job: TransportJob) => void | Promise<void>;
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

/**
 * What a transport can do; read by the runner (parallelism, the plan's method) and by the staging compatibility
 * check at plan time.
 *
 * @example
 * const capabilities: TransportCapabilities = { method: 'NATIVE', parallel: true, staging: { schemes: '*', formats: ['PARQUET'] }, reads: 'session' };
 */
export interface TransportCapabilities {
  /** The method name shown in the plan and matched by `--offload-transport-method`. Default: the adapter name in upper case. */
  readonly method: string;
  /** Whether it runs slices in parallel (`OFFLOAD_TRANSPORT_PARALLELISM` applies); default `false` (one slice at a time). */
  readonly parallel: boolean;
  /**
   * Staging it can write: URI `schemes` of the stores it writes to (`'*'`: any store it is handed, as an in-process
   * transport writing through `StagingStore.put`) and file `formats`. Default `{ schemes: '*', formats: ['PARQUET'] }`.
   */
  readonly staging: { readonly schemes: readonly string[] | '*'; readonly formats: readonly StagingFormat[] };
  /**
   * `'session'` (default): reads through the in-process `FrontendSession`; `'source'`: runs elsewhere and reads the
   * source itself from `TransportRunInput.sources`.
   */
  readonly reads: TransportReads;
}

/**
 * Defaults of a transport's capabilities besides `method` (which defaults to the adapter name in upper case):
 * `parallel: false`, `staging: { schemes: '*', formats: ['PARQUET'] }`, `reads: 'session'`.
 *
 * @example
 * DEFAULT_TRANSPORT_CAPABILITIES.reads // 'session'
 */
export const DEFAULT_TRANSPORT_CAPABILITIES: Omit<TransportCapabilities, 'method'> = Object.freeze({
  parallel: false,
  staging: Object.freeze({ schemes: '*' as const, formats: Object.freeze(['PARQUET'] as const) }),
  reads: 'session' as const,
});

/** A transport adapter definition. */
export interface TransportAdapter extends AdapterBase<'transport'> {
  readonly capabilities: TransportCapabilities;
  /** Whether this transport's configuration is complete here (GOE's AUTO selection takes the first that is). */
  available(ctx: AdapterContext): Promise<Availability>;
  run(input: TransportRunInput, ctx: AdapterContext): Promise<StagedFiles>;
  /**
   * Finds a job an earlier run submitted (its id was logged), so that a rerun after a crash can cancel or adopt it.
   * Optional: transports that submit no job leave it out. Resolves `undefined` when the job is unknown.
   */
  findJob?(id: string, ctx: AdapterContext): Promise<TransportJob | undefined>;
}

/**
 * How a transport reads the source (`capabilities.reads`, default `'session'`).
 *
 * @example
 * transportReads(nativeTransport) // 'session'
 */
export function transportReads(adapter: Pick<TransportAdapter, 'capabilities'>): TransportReads {
  return (adapter.capabilities as { readonly reads?: TransportReads }).reads ?? 'session';
}

/** A transport adapter as written: capabilities may be left out or given in part (see {@link DEFAULT_TRANSPORT_CAPABILITIES}). */
export interface TransportDefinition extends Omit<TransportAdapter, 'capabilities'> {
  readonly capabilities?: CapabilitiesInput<TransportCapabilities>;
}

/**
 * Defines a transport adapter, filling capability defaults ({@link DEFAULT_TRANSPORT_CAPABILITIES}; `method`
 * defaults to the name in upper case).
 *
 * @example
 * export const nativeTransport = defineTransport({ kind: 'transport', name: 'native', aliases: ['query_import'], apiVersion: 2,
 *   capabilities: { method: 'NATIVE', parallel: true }, configSchema, available, run });
 */
export function defineTransport<T extends TransportDefinition>(
  definition: T,
): Branded<Omit<T, 'capabilities'> & TransportAdapter> {
  const given = definition.capabilities as
    | (CapabilitiesInput<TransportCapabilities> & { stagingFormats?: unknown })
    | undefined;
  // API version 1 declared `stagingFormats`; it is `staging.formats` now.
  const { stagingFormats, ...rest } = given ?? {};
  const upgraded =
    Array.isArray(stagingFormats) && rest.staging === undefined
      ? { ...rest, staging: { formats: stagingFormats } }
      : rest;
  const capabilities = mergeCapabilities<TransportCapabilities>(
    { method: definition.name.toUpperCase(), ...DEFAULT_TRANSPORT_CAPABILITIES },
    upgraded,
  );
  return brandAdapter('transport', { ...definition, capabilities });
}
