/**
 * Streaming Parquet files with parquet-wasm: Arrow JS batches go through Arrow IPC into a wasm `RecordBatch`
 * stream that `transformParquetStream` turns into Parquet bytes, one row group at a time, straight into the
 * staging store. At most one batch waits in front of the encoder, so memory is one in-flight batch, the row
 * group being built (bounded by `rowGroupRows`) and the encoded row groups the store has not taken yet.
 *
 * This file is the encoder on the calling thread (`OFFLOAD_TRANSPORT_ENCODE_THREADS=0`); `encode-worker.ts` runs
 * the same encoding on worker threads.
 */
import { Table, tableToIPC, type RecordBatch } from 'apache-arrow';
import type * as ParquetWasm from 'parquet-wasm';
import type { StagingStore } from '@goe/core';
import { deferred, type Deferred, type FileEncoder, type FileEncoderFactory } from '../file-encoder.js';
import { writerSettings, type ParquetEncoderOptions, type WriterSettings } from './writer-settings.js';
import { workerParquetEncoderFactory, type EncodeWorkerPool } from './encode-worker.js';

export { PARQUET_CREATED_BY, type ParquetEncoderOptions } from './writer-settings.js';

type Parquet = typeof ParquetWasm;
let loaded: Promise<Parquet> | undefined;

/** parquet-wasm, loaded on first use (with encoder workers the main thread never needs it). */
function loadParquet(): Promise<Parquet> {
  loaded ??= import('parquet-wasm');
  return loaded;
}

/** The writer properties of {@link writerSettings} (the encoder worker builds them the same way). */
function writerProperties(parquet: Parquet, s: WriterSettings): ParquetWasm.WriterProperties {
  return new parquet.WriterPropertiesBuilder()
    .setCompression(parquet.Compression[s.codec])
    .setMaxRowGroupSize(s.rowGroupRows)
    .setStatisticsEnabled(parquet.EnabledStatistics[s.statistics])
    .setDictionaryEnabled(s.dictionary)
    .setCreatedBy(s.createdBy)
    .build();
}

/** Converts an Arrow JS batch into parquet-wasm batches (through one Arrow IPC stream buffer). */
function toWasm(parquet: Parquet, batch: RecordBatch): ParquetWasm.RecordBatch[] {
  const table = parquet.Table.fromIPCStream(tableToIPC(new Table([batch]), 'stream'));
  try {
    return table.recordBatches();
  } finally {
    table.free();
  }
}

/** A deferred whose rejection is never reported as unhandled (it is awaited only while a write waits). */
function quietDeferred(): Deferred<undefined> {
  const d = deferred<undefined>();
  d.promise.catch(() => undefined);
  return d;
}

class ParquetEncoder implements FileEncoder {
  bytes = 0;
  private readonly input: ReadableStream<ParquetWasm.RecordBatch>;
  private controller!: ReadableStreamDefaultController<ParquetWasm.RecordBatch>;
  private parquet: Parquet | undefined;
  private demand = quietDeferred();
  private readonly stored: Promise<number>;
  private failed: unknown;
  private aborted: { reason: unknown } | undefined;

  constructor(store: StagingStore, path: string, options: ParquetEncoderOptions) {
    this.input = new ReadableStream<ParquetWasm.RecordBatch>(
      {
        start: (c) => {
          this.controller = c;
        },
        pull: () => {
          this.demand.resolve(undefined);
        },
      },
      { highWaterMark: 1 },
    );
    this.stored = loadParquet().then(async (parquet) => {
      const stream = await parquet.transformParquetStream(
        this.input,
        writerProperties(parquet, writerSettings(options)),
      );
      return store.put(path, this.guard(stream as ReadableStream<Uint8Array> & AsyncIterable<Uint8Array>));
    });
    this.stored.catch((e: unknown) => {
      this.failed = e;
      this.demand.reject(e);
    });
  }

  /**
   * The bytes the store consumes: counted, and failed after an abort (parquet-wasm ends the file cleanly when
   * its input errors, so the store must be told the object is not to be committed).
   */
  private async *guard(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    for await (const chunk of source) {
      if (this.aborted) throw this.aborted.reason;
      this.bytes += chunk.byteLength;
      yield chunk;
    }
    if (this.aborted) throw this.aborted.reason;
  }

  /**
   * Backpressure: parquet-wasm pulls the next batch only while its output is below its own buffer threshold (a
   * few KiB, or one row group) or the store has taken what it emitted; a batch waits here until it is pulled.
   */
  async write(batch: RecordBatch): Promise<void> {
    this.parquet ??= await loadParquet();
    for (const b of toWasm(this.parquet, batch)) {
      while ((this.controller.desiredSize ?? 0) <= 0) {
        if (this.failed !== undefined) throw this.failed;
        this.demand = quietDeferred();
        await this.demand.promise;
      }
      this.controller.enqueue(b);
    }
  }

  async end(): Promise<number> {
    this.controller.close();
    return this.stored;
  }

  async abort(reason: unknown): Promise<void> {
    this.aborted = { reason };
    try {
      this.controller.error(reason);
    } catch {
      // already closed or errored
    }
    await this.stored.catch(() => undefined);
  }
}

/**
 * A factory of streaming Parquet encoders writing to `store`: on the workers of `pool` when given, else on the
 * calling thread.
 *
 * @example
 * const open = parquetEncoderFactory(store, { compression: 'ZSTD', rowGroupRows: 65_536 });
 * const file = open('sh/sales/run-1/s0-00001.parquet');
 * await file.write(batch);
 * const bytes = await file.end();
 */
export function parquetEncoderFactory(
  store: StagingStore,
  options: ParquetEncoderOptions,
  pool?: EncodeWorkerPool,
): FileEncoderFactory {
  if (pool !== undefined && pool.size > 0) return workerParquetEncoderFactory(store, options, pool);
  return (path) => new ParquetEncoder(store, path, options);
}
