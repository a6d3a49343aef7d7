/**
 * The NATIVE transport run: plan the slices, extract them concurrently (at most `plan.transport.parallelism`
 * at a time, all on one snapshot), write each slice's batches into size-limited staging files, report
 * progress, stop everything on the first failure or on abort, and leave no file of a failed run behind.
 */
import {
  arrowSchemaFor,
  stagedColumns,
  GoeError,
  isGoeError,
  withPlanColumns,
  type StagedFile,
  type StagedFiles,
  type TransportRunInput,
} from '@goe/core';
import type { OffloadPlan, Slice } from '@goe/core';
import { availableParallelism } from 'node:os';
import type { Schema } from 'apache-arrow';
import { conformBatch } from './conform.js';
import { encodeStagedBatch } from './staging-encoding.js';
import { RollingFileSink } from './rolling-sink.js';
import { parquetEncoderFactory } from './parquet/parquet-encoder.js';
import { EncodeWorkerPool } from './parquet/encode-worker.js';
import { plainParquetEncoderFactory } from './parquet/plain-encoder.js';
import { reclaimMemory } from './reclaim-memory.js';
import { avroEncoderFactory } from './avro/avro-encoder.js';
import { avroSchemaFor } from './avro/avro-schema.js';
import type { FileEncoderFactory } from './file-encoder.js';

/**
 * Largest accepted `rowGroupRows` (parquet-wasm's own default, which buffers ~1 M rows).
 *
 * @example
 * plan.staging.rowGroupRows <= MAX_ROW_GROUP_ROWS // required
 */
export const MAX_ROW_GROUP_ROWS = 1_048_576;

/**
 * ArrayBuffer memory (decoded batches, Parquet pages, socket chunks, live and dead) above which the transport runs a
 * full garbage collection after a batch (`reclaimMemory`). V8 collects dead buffers on its own only once they
 * grew by about 64 MB since its last collection, and a transport that allocates a batch's worth every few
 * milliseconds often passes 100 MB before it does. Measured on the 10M-row benchmark table (2 slices, 32 768-row
 * batches): the transport's peak went from 234–259 MB to about 223 MB with 5–13 collections in 305 batches, at the
 * same speed; at 40 MiB it collected after almost every batch and took 3.5 s longer.
 *
 * @example
 * process.memoryUsage().arrayBuffers > TRANSPORT_BUFFER_BUDGET // collect now
 */
export const TRANSPORT_BUFFER_BUDGET = 64 * 1024 * 1024;

function checkPlan(plan: OffloadPlan): void {
  const s = plan.staging;
  const bad = (what: string) => new GoeError('OPTION_INVALID', `Invalid staging settings: ${what}`);
  if (s.format !== 'PARQUET' && s.format !== 'AVRO') throw bad(`format ${String(s.format)}`);
  if (!Number.isInteger(s.rowGroupRows) || s.rowGroupRows < 1 || s.rowGroupRows > MAX_ROW_GROUP_ROWS)
    throw bad(`rowGroupRows ${s.rowGroupRows} (1 to ${MAX_ROW_GROUP_ROWS})`);
  if (!(s.maxFileBytes > 0)) throw bad(`maxFileBytes ${s.maxFileBytes}`);
  if (!Number.isInteger(plan.transport.parallelism) || plan.transport.parallelism < 1)
    throw bad(`parallelism ${plan.transport.parallelism}`);
  if (!Number.isInteger(plan.transport.batchRows) || plan.transport.batchRows < 1)
    throw bad(`batchRows ${plan.transport.batchRows}`);
}

/**
 * Settings of {@link runNativeTransport} that do not come from the plan.
 *
 * @example
 * await runNativeTransport(input, signal, { encodeThreads: 0 }); // encode Parquet on the calling thread
 */
export interface NativeTransportOptions {
  /**
   * Worker threads encoding Parquet files (`OFFLOAD_TRANSPORT_ENCODE_THREADS`); `0` encodes on the calling thread.
   * Default: {@link defaultEncodeThreads}.
   */
  readonly encodeThreads?: number;
  /** ArrayBuffer bytes above which a batch is followed by a full garbage collection. Default {@link TRANSPORT_BUFFER_BUDGET}. */
  readonly bufferBudget?: number;
}

/**
 * The default number of Parquet encoder threads: one per slice extracted at the same time, leaving one core to
 * the main thread (which reads and decodes every slice); none on a single core. Measured on 2 cores with the
 * benchmark table (uncompressed Parquet): one encoder thread keeps up with two slices, a second one only adds
 * its memory (about 70 MB: a row group and parquet-wasm's own copy of the code).
 *
 * @example
 * defaultEncodeThreads(2, 2) // 1
 * defaultEncodeThreads(4, 8) // 4
 * defaultEncodeThreads(2, 1) // 0
 */
export function defaultEncodeThreads(parallelism: number, cores = availableParallelism()): number {
  return cores <= 1 ? 0 : Math.max(1, Math.min(parallelism, cores - 1));
}

function encoderFactory(
  input: TransportRunInput,
  pool: EncodeWorkerPool | undefined,
): { open: FileEncoderFactory; extension: string } {
  const { plan, store } = input;
  if (plan.staging.format === 'AVRO') {
    const columns = stagedColumns(plan.columns, plan.staging.encoding);
    const schema = avroSchemaFor(plan.target.table, plan.target.loadDatabase ?? plan.target.database, columns);
    return {
      open: avroEncoderFactory(store, schema, columns, plan.staging.compression === 'NONE' ? 'null' : 'deflate'),
      extension: 'avro',
    };
  }
  if (plan.staging.compression === 'NONE')
    return {
      open: plainParquetEncoderFactory(
        store,
        arrowSchemaFor(stagedColumns(plan.columns, plan.staging.encoding)),
        plan.staging.rowGroupRows,
      ),
      extension: 'parquet',
    };
  return {
    open: parquetEncoderFactory(
      store,
      { compression: plan.staging.compression, rowGroupRows: plan.staging.rowGroupRows },
      pool,
    ),
    extension: 'parquet',
  };
}

function aborted(reason: unknown): GoeError {
  if (isGoeError(reason)) return reason;
  return new GoeError('ABORTED', 'Transport cancelled', reason === undefined ? {} : { cause: reason });
}

/**
 * Runs the NATIVE transport: `frontend.planSlices`, then `frontend.extract` per slice into Parquet (or Avro)
 * files named `<prefix>/<sliceId>-<seq>.<ext>`. Parquet files are encoded on `options.encodeThreads` worker
 * threads (started for the run and terminated at its end), or on the calling thread when it is 0. The run ends
 * with one full garbage collection ({@link reclaimMemory}) so that its freed buffers are returned before the
 * backend loads.
 *
 * @returns every staged file sorted by path, with row counts; `rows` is their sum.
 * @throws GoeError `ABORTED` when the signal fires; the first slice error otherwise (files of the run deleted).
 * @example
 * const staged = await runNativeTransport({ plan, table, frontend, store, events, snapshot, signal });
 */
export async function runNativeTransport(
  input: TransportRunInput,
  signal?: AbortSignal,
  options: NativeTransportOptions = {},
): Promise<StagedFiles> {
  checkPlan(input.plan);
  const threads = options.encodeThreads ?? defaultEncodeThreads(input.plan.transport.parallelism);
  if (!Number.isInteger(threads) || threads < 0)
    throw new GoeError('OPTION_INVALID', `Invalid encoder threads: ${threads} (0 or more)`);
  const schema = arrowSchemaFor(input.plan.columns);
  const staged = arrowSchemaFor(stagedColumns(input.plan.columns, input.plan.staging.encoding));
  // uncompressed Parquet is written on this thread (plain-encoder.ts); parquet-wasm compresses on the workers
  const compressed = input.plan.staging.format === 'PARQUET' && input.plan.staging.compression !== 'NONE';
  const pool = compressed && threads > 0 ? new EncodeWorkerPool(threads) : undefined;
  const { open, extension } = encoderFactory(input, pool);

  const stop = new AbortController();
  const outer = [input.signal, signal].filter((s): s is AbortSignal => s !== undefined);
  for (const s of outer) if (s.aborted) throw aborted(s.reason);
  const onAbort = (e: Event) => stop.abort(aborted((e.target as AbortSignal).reason));
  for (const s of outer) s.addEventListener('abort', onAbort, { once: true });
  try {
    return await runSlices(
      input,
      stop,
      { schema, staged },
      open,
      extension,
      options.bufferBudget ?? TRANSPORT_BUFFER_BUDGET,
    );
  } finally {
    for (const s of outer) s.removeEventListener('abort', onAbort);
    await pool?.close();
    reclaimMemory();
  }
}

async function runSlices(
  input: TransportRunInput,
  stop: AbortController,
  schemas: { readonly schema: Schema; readonly staged: Schema },
  open: FileEncoderFactory,
  extension: string,
  bufferBudget: number,
): Promise<StagedFiles> {
  const { plan, frontend, store, events } = input;
  const { schema, staged } = schemas;
  if (frontend === undefined)
    throw new GoeError('INTERNAL', 'The NATIVE transport reads through the frontend session, and none was given');
  const table = withPlanColumns(input.table, plan.columns);

  const slices = await frontend.planSlices(table, plan.scope, plan.transport.parallelism);
  const ids = new Set(slices.map((s) => s.id));
  if (ids.size !== slices.length)
    throw new GoeError('INTERNAL', `Frontend planned duplicate slice ids: ${slices.map((s) => s.id).join(', ')}`);
  const totalRows = slices.reduce<number | undefined>(
    (t, s) => (t === undefined || s.rowEstimate === undefined ? undefined : t + s.rowEstimate),
    0,
  );

  const sinks = new Map<string, RollingFileSink>();
  const progress = () => {
    let rows = 0;
    let bytes = 0;
    for (const k of sinks.values()) {
      rows += k.rows;
      bytes += k.bytes;
    }
    events.emit({ type: 'progress', rows, bytes, ...(totalRows === undefined ? {} : { totalRows }) });
  };

  const runSlice = async (slice: Slice): Promise<StagedFile[]> => {
    const sink = new RollingFileSink({
      store,
      prefix: plan.staging.prefix,
      sliceId: slice.id,
      extension,
      maxFileBytes: plan.staging.maxFileBytes,
      open,
      schema: staged,
    });
    sinks.set(slice.id, sink);
    try {
      const batches = frontend.extract(table, slice, {
        batchRows: plan.transport.batchRows,
        ...(plan.transport.fetchRows === undefined ? {} : { fetchRows: plan.transport.fetchRows }),
        signal: stop.signal,
        ...(input.snapshot === undefined ? {} : { snapshot: input.snapshot }),
      });
      for await (const batch of batches) {
        if (stop.signal.aborted) throw stop.signal.reason;
        await sink.write(encodeStagedBatch(conformBatch(batch, schema), plan.columns, plan.staging.encoding, staged));
        if (process.memoryUsage().arrayBuffers > bufferBudget) reclaimMemory();
        if (input.faultPoint !== undefined) {
          let staged = 0;
          for (const k of sinks.values()) staged += k.rows;
          input.faultPoint('transport:batch', { rows: staged });
        }
        events.emit({
          type: 'progress',
          slice: slice.id,
          rows: sink.rows,
          bytes: sink.bytes,
          ...(slice.rowEstimate === undefined ? {} : { totalRows: slice.rowEstimate }),
        });
        progress();
      }
      if (stop.signal.aborted) throw stop.signal.reason;
      return await sink.finish();
    } catch (e) {
      await sink.abort(e);
      throw e;
    }
  };

  const results: StagedFile[][] = [];
  let next = 0;
  let failure: unknown;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < slices.length) {
      const i = next++;
      try {
        results[i] = await runSlice(slices[i]!);
      } catch (e) {
        if (failure === undefined) {
          failure = stop.signal.aborted ? stop.signal.reason : e;
          stop.abort(failure);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(plan.transport.parallelism, Math.max(slices.length, 1)) }, worker));

  if (failure !== undefined) {
    for (const sink of sinks.values()) {
      for (const f of sink.committed) await store.delete(f.path).catch(() => undefined);
    }
    throw failure;
  }
  const files = results.flat().sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const rows = files.reduce((t, f) => t + (f.rows ?? 0), 0);
  // the final event is exact: every row staged, the files' bytes, and the total now known
  events.emit({ type: 'progress', rows, bytes: files.reduce((t, f) => t + f.bytes, 0), totalRows: rows });
  return { format: plan.staging.format, files, rows };
}
