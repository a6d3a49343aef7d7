/**
 * Growable column buffers for the hot path: a validity bitmap, fixed-width values, and variable-width bytes with
 * offsets. No per-value objects: everything is written into typed arrays that grow by doubling.
 */
import { endianness } from 'node:os';
import { GoeError } from '@goe/core';

if (endianness() !== 'LE') {
  throw new GoeError(
    'INTERNAL',
    '@goe/frontend-postgres decodes into little-endian Arrow buffers and needs a little-endian CPU',
  );
}

/**
 * Smallest capacity a buffer starts with (rows).
 *
 * @example
 * new FixedBytes(8).bytes.length === INITIAL_ROWS * 8 // true
 */
export const INITIAL_ROWS = 1024;

/**
 * A validity bitmap (bit set = valid) that grows with the row count.
 *
 * @example
 * const v = new Validity(); v.set(0); v.unset(1); v.finish(2) // Uint8Array [0b01], nullCount 1
 */
export class Validity {
  bits: Uint8Array;
  nullCount = 0;
  constructor(rows = INITIAL_ROWS) {
    this.bits = new Uint8Array((rows + 7) >> 3);
  }

  /** Marks row `i` valid. */
  set(i: number): void {
    if (i >> 3 >= this.bits.length) this.grow(i);
    this.bits[i >> 3]! |= 1 << (i & 7);
  }

  /** Marks row `i` null (bits start cleared). */
  unset(i: number): void {
    if (i >> 3 >= this.bits.length) this.grow(i);
    this.nullCount++;
  }

  private grow(i: number): void {
    const next = new Uint8Array(Math.max(this.bits.length * 2, (i >> 3) + 1));
    next.set(this.bits);
    this.bits = next;
  }

  /** The bitmap of `rows` rows, or an empty array when nothing is null. */
  finish(rows: number): Uint8Array {
    return this.nullCount === 0 ? new Uint8Array(0) : this.bits.subarray(0, (rows + 7) >> 3);
  }
}

/**
 * Fixed-width little-endian values, `width` bytes each.
 *
 * @example
 * const f = new FixedBytes(4); f.bytes[f.slot(0)] = 1; f.finish(1).length // 4
 */
export class FixedBytes {
  bytes: Uint8Array;
  constructor(
    readonly width: number,
    rows = INITIAL_ROWS,
  ) {
    this.bytes = new Uint8Array(rows * width);
  }

  /** Byte offset of row `i`, growing the buffer when needed. */
  slot(i: number): number {
    const o = i * this.width;
    if (o + this.width > this.bytes.length) {
      const next = new Uint8Array(Math.max(this.bytes.length * 2, o + this.width));
      next.set(this.bytes);
      this.bytes = next;
    }
    return o;
  }

  /** The values of `rows` rows as an `ArrayBuffer` slice view. */
  finish(rows: number): Uint8Array {
    return this.bytes.subarray(0, rows * this.width);
  }
}

/**
 * Values shorter than this are copied byte by byte; longer ones with `Buffer.copy`.
 *
 * @example
 * SHORT_COPY_BYTES // 64
 */
export const SHORT_COPY_BYTES = 64;

/**
 * Variable-width bytes with 32-bit (Utf8/Binary) or 64-bit (LargeUtf8/LargeBinary) offsets.
 *
 * @example
 * const v = new VarBytes(false); v.append(Buffer.from('hi'), 0, 2); v.end(0); v.finish(1).offsets // Int32Array [0, 2]
 */
export class VarBytes {
  data: Uint8Array;
  length = 0;
  offsets: Int32Array;
  constructor(
    readonly large: boolean,
    rows = INITIAL_ROWS,
    bytes = 64 * 1024,
  ) {
    this.data = new Uint8Array(bytes);
    this.offsets = new Int32Array((rows + 1) * (large ? 2 : 1));
  }

  /** Ensures room for `n` more bytes. */
  reserve(n: number): void {
    if (this.length + n <= this.data.length) return;
    const next = new Uint8Array(Math.max(this.data.length * 2, this.length + n));
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }

  /**
   * Copies `len` bytes from `src` at `p`: a plain loop below {@link SHORT_COPY_BYTES} (cheaper than the native
   * `Buffer.copy` call for typical keys and names), `Buffer.copy` above.
   */
  append(src: Buffer, p: number, len: number): void {
    this.reserve(len);
    const d = this.data;
    let o = this.length;
    if (len < SHORT_COPY_BYTES) {
      for (let k = 0; k < len; k++) d[o++] = src[p + k]!;
    } else {
      src.copy(d, o, p, p + len);
      o += len;
    }
    this.length = o;
  }

  /** Appends one ASCII byte. */
  appendByte(b: number): void {
    this.reserve(1);
    this.data[this.length++] = b;
  }

  /** Records the end offset of row `i`. */
  end(i: number): void {
    const k = this.large ? (i + 1) * 2 : i + 1;
    if (k + 1 >= this.offsets.length) {
      const next = new Int32Array(Math.max(this.offsets.length * 2, k + 2));
      next.set(this.offsets);
      this.offsets = next;
    }
    if (this.large) {
      this.offsets[k] = this.length | 0;
      this.offsets[k + 1] = Math.floor(this.length / 4294967296);
    } else {
      if (this.length > 0x7fffffff)
        throw new GoeError('INTERNAL', 'A batch column exceeds 2 GiB of text; lower the batch size');
      this.offsets[k] = this.length;
    }
  }

  /** Offsets (`Int32Array` or `BigInt64Array`) and data of `rows` rows. */
  finish(rows: number): { offsets: Int32Array | BigInt64Array; data: Uint8Array } {
    const n = rows + 1;
    const offsets = this.large
      ? new BigInt64Array(this.offsets.buffer, this.offsets.byteOffset, n)
      : this.offsets.subarray(0, n);
    return { offsets, data: this.data.subarray(0, this.length) };
  }
}
