/**
 * The framing of PostgreSQL's binary COPY format (signature, flags, header extension, rows of length-prefixed
 * fields, trailer) over a stream of arbitrary chunks, feeding {@link ColumnDecoder}s and cutting record batches
 * by rows and bytes. Any unexpected byte fails loudly with `ENGINE_ERROR`.
 */
import { makeData, RecordBatch, Struct, type Schema } from 'apache-arrow';
import { corrupt, type ColumnDecoder } from './decoders.js';

const SIGNATURE = [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00];
const HEADER_FIXED = SIGNATURE.length + 8;

/** Limits of one record batch. */
export interface BatchLimits {
  /** Rows per batch (default 65 536). */
  readonly batchRows: number;
  /** Approximate bytes per batch (default 16 MiB). */
  readonly batchBytes: number;
}

function toBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/**
 * Decodes one COPY binary stream into Arrow record batches of a fixed schema.
 *
 * @example
 * const decoder = new CopyBinaryDecoder(schema, decoders, { batchRows: 65536, batchBytes: 16 << 20 });
 * for await (const chunk of conn.copyOut(select)) { decoder.push(chunk); yield* decoder.take(); }
 * decoder.end(); yield* decoder.take();
 */
export class CopyBinaryDecoder {
  private pending: Buffer[] = [];
  private pendingLength = 0;
  private need = 0;
  private headerDone = false;
  private trailerSeen = false;
  private rows = 0;
  private ready: RecordBatch[] = [];
  /** Rows decoded so far (all batches). */
  totalRows = 0;
  /** Bytes received so far. */
  totalBytes = 0;
  private readonly fieldLengths: Int32Array;
  private readonly lens: Int32Array;

  constructor(
    private readonly schema: Schema,
    private readonly columns: readonly ColumnDecoder[],
    private readonly limits: BatchLimits,
  ) {
    this.fieldLengths = Int32Array.from(columns.map((c) => c.fieldLength));
    this.lens = new Int32Array(columns.length);
  }

  /** Feeds the next chunk of the stream. */
  push(chunk: Uint8Array): void {
    this.pushRange(toBuffer(chunk), 0, chunk.length);
  }

  /**
   * Feeds bytes `[start, end)` of `buf` as the next piece of the stream (a CopyData payload within a socket read):
   * rows are decoded in place; only a row split across pieces is copied.
   */
  pushRange(buf: Buffer, start: number, end: number): void {
    if (end <= start) return;
    this.totalBytes += end - start;
    if (this.trailerSeen) throw corrupt('data after the trailer');
    if (this.pendingLength > 0) {
      // Complete the pending row with as few bytes of this piece as needed, then decode the piece in place.
      const before = this.pendingLength;
      const length = end - start;
      let take = 0;
      for (;;) {
        if (before + length < this.need || this.need - before <= take) {
          this.pending.push(buf.subarray(start, end));
          this.pendingLength += length;
          return;
        }
        take = this.need - before;
        const joined = Buffer.concat([...this.pending, buf.subarray(start, start + take)], before + take);
        const pos = this.decode(joined, 0, joined.length);
        if (pos > 0) {
          start += pos - before;
          this.pending = [];
          this.pendingLength = 0;
          break;
        }
      }
    }
    const pos = this.decode(buf, start, end);
    if (pos < end) {
      if (this.trailerSeen) throw corrupt('data after the trailer');
      this.pending.push(buf.subarray(pos, end));
      this.pendingLength = end - pos;
    }
  }

  /** Declares the end of the stream: a missing trailer or a partial row is a truncated stream. */
  end(): void {
    if (!this.headerDone) throw corrupt('truncated before the end of the header');
    if (this.pendingLength > 0 || !this.trailerSeen) throw corrupt('truncated (no trailer, or a partial row)');
    if (this.rows > 0) this.flush();
  }

  /** Batches completed since the last call. */
  take(): RecordBatch[] {
    const out = this.ready;
    this.ready = [];
    return out;
  }

  private header(buf: Buffer, at: number, end: number): number {
    if (end - at < HEADER_FIXED) {
      this.need = HEADER_FIXED;
      return at;
    }
    for (let i = 0; i < SIGNATURE.length; i++) if (buf[at + i] !== SIGNATURE[i]) throw corrupt('bad signature');
    const flags = buf.readUInt32BE(at + SIGNATURE.length);
    if ((flags & 0xfffeffff) !== 0 || (flags & 0x10000) !== 0)
      throw corrupt(`unsupported header flags 0x${flags.toString(16)}`);
    const ext = buf.readUInt32BE(at + SIGNATURE.length + 4);
    if (ext > 1 << 20) throw corrupt(`header extension of ${ext} bytes`);
    if (end - at < HEADER_FIXED + ext) {
      this.need = HEADER_FIXED + ext;
      return at;
    }
    this.headerDone = true;
    return at + HEADER_FIXED + ext;
  }

  /**
   * Decodes complete rows of `buf` from `start` to `end`; returns where the first incomplete item starts (`need`:
   * its known size).
   */
  private decode(buf: Buffer, start: number, end: number): number {
    let pos = start;
    if (!this.headerDone) {
      pos = this.header(buf, pos, end);
      if (!this.headerDone) return pos;
    }
    const n = this.columns.length;
    const columns = this.columns;
    const fixed = this.fieldLengths;
    const { batchRows, batchBytes } = this.limits;
    for (;;) {
      if (end - pos < 2) {
        this.need = 2;
        return pos;
      }
      const count = (buf[pos]! << 8) | buf[pos + 1]!;
      if (count === 0xffff) {
        this.trailerSeen = true;
        return pos + 2;
      }
      if (count !== n) throw corrupt(`row with ${count} fields, expected ${n}`);
      // First pass: is the whole row here, and are the field lengths sane? (lengths kept for the second pass)
      const lens = this.lens;
      let p = pos + 2;
      for (let i = 0; i < n; i++) {
        if (end - p < 4) {
          this.need = p + 4 - pos;
          return pos;
        }
        const len = (buf[p]! << 24) | (buf[p + 1]! << 16) | (buf[p + 2]! << 8) | buf[p + 3]!;
        lens[i] = len;
        p += 4;
        if (len === -1) continue;
        const f = fixed[i]!;
        if (len < 0 || (f >= 0 && len !== f)) {
          throw corrupt(`field length ${len} in column ${columns[i]!.name}${f >= 0 ? ` (expected ${f})` : ''}`);
        }
        if (end - p < len) {
          this.need = p + len - pos;
          return pos;
        }
        p += len;
      }
      // Second pass: decode.
      const row = this.rows;
      p = pos + 2;
      for (let i = 0; i < n; i++) {
        const len = lens[i]!;
        p += 4;
        if (len < 0) columns[i]!.appendNull(row);
        else {
          columns[i]!.append(buf, p, len, row);
          p += len;
        }
      }
      const rowBytes = p - pos;
      pos = p;
      this.rows = row + 1;
      this.totalRows++;
      if (this.rows >= batchRows || (((row & 63) === 63 || rowBytes > 65536) && this.batchBytes() >= batchBytes))
        this.flush();
    }
  }

  private batchBytes(): number {
    let total = 0;
    for (const c of this.columns) total += c.bytes(this.rows);
    return total;
  }

  private flush(): void {
    const rows = this.rows;
    const children = this.columns.map((c) => c.finish(rows));
    const data = makeData({ type: new Struct(this.schema.fields), length: rows, nullCount: 0, children });
    this.ready.push(new RecordBatch(this.schema, data));
    this.rows = 0;
  }
}
