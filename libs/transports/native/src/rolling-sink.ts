/**
 * One slice's staging output: batches go into the current file until its size passes `maxFileBytes` (checked
 * at row-group / block boundaries), then the file is committed and the next one (`seq + 1`) opened. A slice
 * that yields no rows still writes one empty file carrying the schema.
 */
import { makeData, RecordBatch, Struct, type Schema } from 'apache-arrow';
import type { StagedFile, StagingStore } from '@goe/core';
import type { FileEncoder, FileEncoderFactory } from './file-encoder.js';
import { stagingFileName } from './naming.js';

/**
 * Settings of a {@link RollingFileSink}.
 *
 * @example
 * new RollingFileSink({ store, prefix: 'sh/sales/run-1', sliceId: 's0', extension: 'parquet', maxFileBytes: 256 << 20, open, schema })
 */
export interface RollingSinkOptions {
  readonly store: StagingStore;
  readonly prefix: string;
  readonly sliceId: string;
  /** File extension without the dot (`parquet`, `avro`). */
  readonly extension: string;
  readonly maxFileBytes: number;
  readonly open: FileEncoderFactory;
  /** The schema of an empty slice's file. */
  readonly schema: Schema;
}

/** A zero-row batch of a schema. */
function emptyBatch(schema: Schema): RecordBatch {
  const children = schema.fields.map((f) => makeData({ type: f.type, length: 0, nullCount: 0 }));
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: 0, nullCount: 0, children }));
}

/**
 * Writes one slice's batches into deterministic, size-limited staging files.
 *
 * @example
 * const sink = new RollingFileSink(options);
 * for await (const b of batches) await sink.write(b);
 * const files = await sink.finish(); // [{ path: 'sh/sales/run-1/s0-00001.parquet', rows: 65536, … }]
 */
export class RollingFileSink {
  private current: { encoder: FileEncoder; path: string; rows: number } | undefined;
  private seq = 0;
  private readonly files: StagedFile[] = [];
  private committedBytes = 0;
  rows = 0;

  constructor(private readonly options: RollingSinkOptions) {}

  /** Bytes staged so far (committed files plus what the open file has flushed). */
  get bytes(): number {
    return this.committedBytes + (this.current?.encoder.bytes ?? 0);
  }

  async write(batch: RecordBatch): Promise<void> {
    if (batch.numRows === 0) return;
    const file = this.current ?? this.open();
    await file.encoder.write(batch);
    file.rows += batch.numRows;
    this.rows += batch.numRows;
    if (file.encoder.bytes >= this.options.maxFileBytes) await this.commit();
  }

  /** Commits the open file and returns every file of the slice, in sequence order. */
  async finish(): Promise<StagedFile[]> {
    if (this.current === undefined && this.files.length === 0) {
      const file = this.open();
      await file.encoder.write(emptyBatch(this.options.schema));
    }
    await this.commit();
    return this.files;
  }

  /** Discards the open file; committed files stay (the caller deletes them). */
  async abort(reason: unknown): Promise<void> {
    const file = this.current;
    this.current = undefined;
    if (file !== undefined) await file.encoder.abort(reason);
  }

  /** The files committed so far. */
  get committed(): readonly StagedFile[] {
    return this.files;
  }

  private open(): { encoder: FileEncoder; path: string; rows: number } {
    this.seq++;
    const path = stagingFileName(this.options.prefix, this.options.sliceId, this.seq, this.options.extension);
    this.current = { encoder: this.options.open(path), path, rows: 0 };
    return this.current;
  }

  private async commit(): Promise<void> {
    const file = this.current;
    if (file === undefined) return;
    this.current = undefined;
    const bytes = await file.encoder.end();
    this.committedBytes += bytes;
    this.files.push({
      path: file.path,
      uri: this.options.store.uri(file.path),
      rows: file.rows,
      bytes,
      sliceId: this.options.sliceId,
    });
  }
}
