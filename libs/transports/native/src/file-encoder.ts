/** The seam between the rolling file sink and a file format (Parquet, Avro). */
import type { RecordBatch } from 'apache-arrow';

/**
 * Writes one staging file; its bytes stream into `StagingStore.put` while batches arrive.
 *
 * @example
 * const file = open('sh/sales/run-1/s0-00001.parquet'); await file.write(batch); await file.end(); // bytes
 */
export interface FileEncoder {
  /** Encodes a batch; resolves when the encoder can take the next one (backpressure). */
  write(batch: RecordBatch): Promise<void>;
  /** Bytes handed to the store so far (grows at row-group / block boundaries). */
  readonly bytes: number;
  /** Finishes the file (footer) and waits for the store to commit it; resolves to the file size. */
  end(): Promise<number>;
  /** Discards the file: the store never makes it visible. */
  abort(reason: unknown): Promise<void>;
}

/**
 * Opens an encoder writing the store object at `path`.
 *
 * @example
 * const open: FileEncoderFactory = parquetEncoderFactory(store, { compression: 'ZSTD', rowGroupRows: 65536 });
 */
export type FileEncoderFactory = (path: string) => FileEncoder;

/**
 * A promise with its settle functions.
 *
 * @example
 * const d: Deferred<void> = deferred(); d.resolve();
 */
export interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(reason: unknown): void;
}

/**
 * Makes a {@link Deferred}.
 *
 * @example
 * const d = deferred<number>(); setTimeout(() => d.resolve(1)); await d.promise // 1
 */
export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Counts the bytes of an async byte stream as they pass. */
export async function* countBytes(
  source: AsyncIterable<Uint8Array>,
  onBytes: (n: number) => void,
): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    onBytes(chunk.byteLength);
    yield chunk;
  }
}
