/**
 * Streaming Parquet files with parquet-wasm: Arrow JS batches go through Arrow IPC into a wasm `RecordBatch`
 * stream that `transformParquetStream` turns into Parquet bytes, one row group at a time, straight into the
 * staging store. At most one batch waits in front of the encoder, so memory is one in-flight batch, the row
 * group being built (bounded by `rowGroupRows`) and the encoded row groups the store has not taken yet.
 */
import { Table, tableToIPC, type RecordBatch } from 'apache-arrow';
import * as parquet from 'parquet-wasm';
import type { StagingStore } from '@goe/core';
import { deferred, type Deferred, type FileEncoder, type FileEncoderFactory } from '../file-encoder.js';

/**
 * Parquet writer settings taken from the plan's staging spec.
 *
 * @example
 * parquetEncoderFactory(store, { compression: 'SNAPPY', rowGroupRows: 65_536 })
 */
export interface ParquetEncoderOptions {
  readonly compression: 'ZSTD' | 'SNAPPY' | 'NONE';
  /** Rows per row group (parquet-wasm buffers one whole row group). */
  readonly rowGroupRows: number;
}

const CODECS = {
  ZSTD: parquet.Compression.ZSTD,
  SNAPPY: parquet.Compression.SNAPPY,
  NONE: parquet.Compression.UNCOMPRESSED,
} as const;

/**
 * The `created_by` written into every staged Parquet file.
 *
 * @example
 * (await parquetInfo(bytes)).createdBy // starts with PARQUET_CREATED_BY
 */
export const PARQUET_CREATED_BY = 'GOE for TypeScript (@goe/transport-native, parquet-wasm)';

/**
 * Writer settings: the codec, row groups of `rowGroupRows`, and no column statistics. A staging file is read once,
 * whole, by a loader, so min/max statistics buy nothing; and with them parquet-wasm keeps memory for every row
 * group of a decimal (fixed-length byte array) column until the file closes (measured: +8 MB of wasm memory per
 * million rows of the benchmark table in one file), so memory would grow with the file size.
 */
function writerProperties(options: ParquetEncoderOptions): parquet.WriterProperties {
  return new parquet.WriterPropertiesBuilder()
    .setCompression(CODECS[options.compression])
    .setMaxRowGroupSize(options.rowGroupRows)
    .setStatisticsEnabled(parquet.EnabledStatistics.None)
    .setCreatedBy(PARQUET_CREATED_BY)
    .build();
}

/** Converts an Arrow JS batch into parquet-wasm batches (through one Arrow IPC stream buffer). */
function toWasm(batch: RecordBatch): parquet.RecordBatch[] {
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
  private readonly input: ReadableStream<parquet.RecordBatch>;
  private controller!: ReadableStreamDefaultController<parquet.RecordBatch>;
  private demand = quietDeferred();
  private readonly stored: Promise<number>;
  private failed: unknown;
  private aborted: { reason: unknown } | undefined;

  constructor(store: StagingStore, path: string, options: ParquetEncoderOptions) {
    this.input = new ReadableStream<parquet.RecordBatch>(
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
    const output = parquet.transformParquetStream(this.input, writerProperties(options));
    this.stored = output.then((stream) =>
      store.put(path, this.guard(stream as ReadableStream<Uint8Array> & AsyncIterable<Uint8Array>)),
    );
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
    for (const b of toWasm(batch)) {
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
 * A factory of streaming Parquet encoders writing to `store`.
 *
 * @example
 * const open = parquetEncoderFactory(store, { compression: 'ZSTD', rowGroupRows: 65_536 });
 * const file = open('sh/sales/run-1/s0-00001.parquet');
 * await file.write(batch);
 * const bytes = await file.end();
 */
export function parquetEncoderFactory(store: StagingStore, options: ParquetEncoderOptions): FileEncoderFactory {
  return (path) => new ParquetEncoder(store, path, options);
}
