/**
 * The streaming writer of uncompressed staging Parquet files (`compression: 'NONE'`, the default): each batch's
 * columns are encoded on the calling thread into PLAIN data pages (one page per batch and column, at most
 * {@link PAGE_ROWS} rows), a row group's column chunks are handed to the store as soon as it holds
 * `rowGroupRows` rows, and the footer (with the Arrow schema under `ARROW:schema`, as Arrow writers do) closes
 * the file. Memory: the pages of one row group plus what the store has not taken yet (at most one more row
 * group before `write` waits). No statistics and no dictionaries (a staging file is read once, whole).
 *
 * Measured on the benchmark table (1 M rows, 2 slices): the copy costs a fraction of the Arrow IPC round trip
 * that parquet-wasm needs, so the main thread does it with no encoder worker and no wasm heap.
 */
import { Table, tableToIPC, type RecordBatch, type Schema } from 'apache-arrow';
import { GoeError, type StagingStore } from '@goe/core';
import { deferred, type Deferred, type FileEncoder, type FileEncoderFactory } from '../file-encoder.js';
import { encodePage, parquetColumnOf, type ParquetColumn } from './plain-columns.js';
import { CompactWriter } from './thrift-compact.js';
import { PARQUET_CREATED_BY } from './writer-settings.js';

/** Largest number of rows in one data page. @example PAGE_ROWS // 32768 */
export const PAGE_ROWS = 32_768;

const MAGIC = new Uint8Array([0x50, 0x41, 0x52, 0x31]); // PAR1
const ENCODING = { PLAIN: 0, RLE: 3 } as const;
const CONVERTED = { UTF8: 0, DECIMAL: 5, DATE: 6, INT_8: 15, INT_16: 16 } as const;

interface ChunkBuffer {
  readonly parts: Uint8Array[];
  bytes: number;
  values: number;
}

interface ChunkMeta {
  readonly offset: number;
  readonly bytes: number;
  readonly values: number;
}

interface RowGroupMeta {
  readonly rows: number;
  readonly columns: readonly ChunkMeta[];
}

/** The `ARROW:schema` value: the base64 Arrow IPC schema message (an IPC stream without its end marker). */
function arrowSchemaValue(schema: Schema): string {
  const bytes = tableToIPC(new Table(schema), 'stream');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength - 8).toString('base64');
}

function pageHeader(body: number, count: number): Uint8Array {
  const w = new CompactWriter();
  w.structBegin();
  w.i32(1, 0); // DATA_PAGE
  w.i32(2, body);
  w.i32(3, body);
  w.structField(5); // DataPageHeader
  w.i32(1, count);
  w.i32(2, ENCODING.PLAIN);
  w.i32(3, ENCODING.RLE);
  w.i32(4, ENCODING.RLE);
  w.structEnd();
  w.structEnd();
  return w.bytes().slice();
}

function schemaElement(w: CompactWriter, c: ParquetColumn): void {
  w.structBegin();
  w.i32(1, c.physical);
  if (c.typeLength !== undefined) w.i32(2, c.typeLength);
  w.i32(3, c.optional ? 1 : 0); // OPTIONAL : REQUIRED
  w.string(4, c.name);
  const l = c.logical;
  if (l === undefined) {
    w.structEnd();
    return;
  }
  const converted =
    l.kind === 'STRING'
      ? CONVERTED.UTF8
      : l.kind === 'DATE'
        ? CONVERTED.DATE
        : l.kind === 'DECIMAL'
          ? CONVERTED.DECIMAL
          : l.kind === 'INTEGER'
            ? l.bitWidth === 8
              ? CONVERTED.INT_8
              : CONVERTED.INT_16
            : undefined; // TIME/TIMESTAMP: the converted types mean UTC-adjusted millis/micros; the logical type says it
  if (converted !== undefined) w.i32(6, converted);
  if (l.kind === 'DECIMAL') {
    w.i32(7, l.scale);
    w.i32(8, l.precision);
  }
  w.structField(10); // LogicalType union
  switch (l.kind) {
    case 'STRING':
      w.structField(1);
      w.structEnd();
      break;
    case 'DATE':
      w.structField(6);
      w.structEnd();
      break;
    case 'DECIMAL':
      w.structField(5);
      w.i32(1, l.scale);
      w.i32(2, l.precision);
      w.structEnd();
      break;
    case 'INTEGER':
      w.structField(10);
      w.i8(1, l.bitWidth);
      w.bool(2, true);
      w.structEnd();
      break;
    default:
      w.structField(l.kind === 'TIME' ? 7 : 8);
      w.bool(1, l.utc);
      w.structField(2); // TimeUnit union
      w.structField(l.unit === 'MICROS' ? 2 : 3);
      w.structEnd();
      w.structEnd();
      w.structEnd();
  }
  w.structEnd(); // LogicalType
  w.structEnd();
}

/**
 * The Parquet footer (`FileMetaData`) of a file.
 *
 * @example
 * fileMetadata(columns, rowGroups, arrowSchemaValue(schema)) // thrift compact bytes
 */
function fileMetadata(columns: readonly ParquetColumn[], groups: readonly RowGroupMeta[], arrowSchema: string) {
  const w = new CompactWriter();
  w.structBegin();
  w.i32(1, 1); // version
  w.listField(2, 'struct', columns.length + 1);
  w.structBegin();
  w.string(4, 'schema');
  w.i32(5, columns.length);
  w.structEnd();
  for (const c of columns) schemaElement(w, c);
  w.i64(
    3,
    groups.reduce((t, g) => t + g.rows, 0),
  );
  w.listField(4, 'struct', groups.length);
  groups.forEach((g, ordinal) => {
    w.structBegin();
    w.listField(1, 'struct', g.columns.length);
    let total = 0;
    g.columns.forEach((m, i) => {
      const c = columns[i]!;
      total += m.bytes;
      w.structBegin();
      w.i64(2, m.offset); // file_offset
      w.structField(3); // ColumnMetaData
      w.i32(1, c.physical);
      w.listField(2, 'i32', c.optional ? 2 : 1);
      w.listI32(ENCODING.PLAIN);
      if (c.optional) w.listI32(ENCODING.RLE);
      w.listField(3, 'binary', 1);
      w.listString(c.name);
      w.i32(4, 0); // UNCOMPRESSED
      w.i64(5, m.values);
      w.i64(6, m.bytes);
      w.i64(7, m.bytes);
      w.i64(9, m.offset); // data_page_offset
      w.structEnd();
      w.structEnd();
    });
    w.i64(2, total);
    w.i64(3, g.rows);
    w.i64(5, g.columns[0]?.offset ?? 4);
    w.i64(6, total);
    w.i16(7, ordinal);
    w.structEnd();
  });
  w.listField(5, 'struct', 1);
  w.structBegin();
  w.string(1, 'ARROW:schema');
  w.string(2, arrowSchema);
  w.structEnd();
  w.string(6, PARQUET_CREATED_BY);
  w.structEnd();
  return w.bytes();
}

class PlainParquetEncoder implements FileEncoder {
  bytes = 0;
  private readonly columns: readonly ParquetColumn[];
  private chunks: ChunkBuffer[];
  private groupRows = 0;
  private readonly groups: RowGroupMeta[] = [];
  private readonly queue: Uint8Array[] = [];
  private queued = 0;
  private closed = false;
  private aborted: { reason: unknown } | undefined;
  private wake: Deferred<undefined> | undefined;
  private drained: Deferred<undefined> | undefined;
  private readonly stored: Promise<number>;
  private failed: unknown;

  constructor(
    store: StagingStore,
    path: string,
    private readonly schema: Schema,
    private readonly rowGroupRows: number,
  ) {
    this.columns = schema.fields.map(parquetColumnOf);
    this.chunks = this.columns.map(() => ({ parts: [], bytes: 0, values: 0 }));
    this.emit(MAGIC);
    this.stored = store.put(path, this.output());
    this.stored.catch((e: unknown) => {
      this.failed = e;
      this.drained?.reject(e);
    });
  }

  private async *output(): AsyncGenerator<Uint8Array> {
    for (;;) {
      if (this.aborted) throw this.aborted.reason;
      const next = this.queue.shift();
      if (next !== undefined) {
        this.queued -= next.byteLength;
        if (this.queued === 0) this.drained?.resolve(undefined);
        yield next;
        continue;
      }
      if (this.closed) return;
      this.wake = deferred<undefined>();
      await this.wake.promise;
    }
  }

  private emit(part: Uint8Array): void {
    this.queue.push(part);
    this.queued += part.byteLength;
    this.bytes += part.byteLength;
    this.wake?.resolve(undefined);
  }

  async write(batch: RecordBatch): Promise<void> {
    if (this.failed !== undefined) throw this.failed;
    const children = batch.data.children;
    let start = 0;
    while (start < batch.numRows) {
      const n = Math.min(batch.numRows - start, this.rowGroupRows - this.groupRows, PAGE_ROWS);
      this.columns.forEach((c, i) => {
        const page = encodePage(c, children[i]!, start, n);
        const chunk = this.chunks[i]!;
        const body = (page.levels?.byteLength ?? 0) + page.values.byteLength;
        const header = pageHeader(body, page.count);
        chunk.parts.push(header);
        if (page.levels !== undefined) chunk.parts.push(page.levels);
        chunk.parts.push(page.values);
        chunk.bytes += header.byteLength + body;
        chunk.values += n;
      });
      this.groupRows += n;
      start += n;
      if (this.groupRows === this.rowGroupRows) await this.flushRowGroup();
    }
  }

  /** Hands the row group's column chunks to the store; waits while an earlier row group is still queued. */
  private async flushRowGroup(): Promise<void> {
    if (this.groupRows === 0) return;
    while (this.queued > 0 && this.failed === undefined) {
      this.drained = deferred<undefined>();
      this.drained.promise.catch(() => undefined);
      await this.drained.promise.catch(() => undefined);
    }
    if (this.failed !== undefined) throw this.failed;
    const metas: ChunkMeta[] = [];
    for (const chunk of this.chunks) {
      metas.push({ offset: this.bytes, bytes: chunk.bytes, values: chunk.values });
      for (const part of chunk.parts) this.emit(part);
    }
    this.groups.push({ rows: this.groupRows, columns: metas });
    this.chunks = this.columns.map(() => ({ parts: [], bytes: 0, values: 0 }));
    this.groupRows = 0;
  }

  async end(): Promise<number> {
    await this.flushRowGroup();
    const footer = fileMetadata(this.columns, this.groups, arrowSchemaValue(this.schema));
    const tail = new Uint8Array(footer.byteLength + 8);
    tail.set(footer);
    new DataView(tail.buffer).setUint32(footer.byteLength, footer.byteLength, true);
    tail.set(MAGIC, footer.byteLength + 4);
    this.emit(tail);
    this.closed = true;
    this.wake?.resolve(undefined);
    const size = await this.stored;
    if (size !== this.bytes)
      throw new GoeError('INTERNAL', `Staging store wrote ${size} bytes of a ${this.bytes}-byte Parquet file`);
    return size;
  }

  async abort(reason: unknown): Promise<void> {
    this.aborted = { reason };
    this.wake?.resolve(undefined);
    await this.stored.catch(() => undefined);
  }
}

/**
 * A factory of streaming uncompressed Parquet encoders writing to `store`, on the calling thread.
 *
 * @example
 * const open = plainParquetEncoderFactory(store, arrowSchemaFor(plan.columns), 122_880);
 * const file = open('sh/sales/run-1/s0-00001.parquet');
 * await file.write(batch);
 * const bytes = await file.end();
 */
export function plainParquetEncoderFactory(
  store: StagingStore,
  schema: Schema,
  rowGroupRows: number,
): FileEncoderFactory {
  return (path) => new PlainParquetEncoder(store, path, schema, rowGroupRows);
}
