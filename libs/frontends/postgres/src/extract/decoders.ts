/**
 * Column decoders: one per Arrow target, each turning PostgreSQL binary COPY fields straight into Arrow
 * buffers (big-endian → little-endian byte swaps, epoch shifts, validity bits), with no per-row objects.
 */
import { GoeError } from '@goe/core';
import { makeData, type Data, type DataType } from 'apache-arrow';
import type { PostgresValueOptions } from '../config.js';
import { FixedBytes, Validity, VarBytes } from './buffers.js';

/** Decodes one column of a COPY binary stream into Arrow buffers. */
export interface ColumnDecoder {
  readonly name: string;
  /** Exact field length the wire type has, or -1 when variable. */
  readonly fieldLength: number;
  append(buf: Buffer, p: number, len: number, row: number): void;
  appendNull(row: number): void;
  /** Approximate bytes buffered so far (for the batch byte limit). */
  bytes(rows: number): number;
  /** The Arrow data of `rows` rows; the decoder starts afresh. */
  finish(rows: number): Data;
}

/** What a decoder needs to know about its column. */
export interface DecoderContext extends PostgresValueOptions {
  readonly name: string;
}

/**
 * PostgreSQL's epoch (2000-01-01) in days since 1970-01-01.
 *
 * @example
 * pgDays + PG_EPOCH_DAYS // days since 1970-01-01
 */
export const PG_EPOCH_DAYS = 10957;
/**
 * PostgreSQL's epoch in microseconds since 1970-01-01.
 *
 * @example
 * pgMicros + PG_EPOCH_MICROS // µs since 1970-01-01
 */
export const PG_EPOCH_MICROS = 946_684_800_000_000;
/**
 * 0001-01-01 in PostgreSQL days (dates before it are BC).
 *
 * @example
 * pgDays < PG_DAY_0001 // a BC date
 */
export const PG_DAY_0001 = -730119;
const US_PER_DAY = 86_400_000_000;
const TWO32 = 4294967296;
const EPOCH_HI = Math.floor(PG_EPOCH_MICROS / TWO32);
const EPOCH_LO = PG_EPOCH_MICROS - EPOCH_HI * TWO32;
const MIN_US = PG_DAY_0001 * US_PER_DAY;
const MIN_HI = Math.floor(MIN_US / TWO32);
const MIN_LO = MIN_US - MIN_HI * TWO32;

/**
 * A corrupted or unexpected byte sequence.
 *
 * @example
 * throw corrupt('bad signature') // ENGINE_ERROR 'Corrupted COPY binary stream: bad signature'
 */
export function corrupt(what: string): GoeError {
  return new GoeError('ENGINE_ERROR', `Corrupted COPY binary stream: ${what}`, { engineCode: 'GOE_COPY_DECODE' });
}

function refused(name: string, what: string, variable: string): GoeError {
  return new GoeError('TYPE_LOSSY_CONVERSION', `Column ${name}: ${what} cannot be offloaded`, {
    column: name,
    variable,
    hint: `Set ${variable}=true to offload such values as NULL${variable === 'POSTGRES_ALLOW_BC_DATES' ? ' (BC dates: kept as proleptic Gregorian)' : ''}`,
  });
}

abstract class FixedDecoder implements ColumnDecoder {
  protected validity = new Validity();
  protected values: FixedBytes;
  /** Rows of the largest batch so far: the next batch's buffers start that big (no regrowth). */
  protected capacity = 0;
  constructor(
    protected readonly type: DataType,
    readonly name: string,
    readonly fieldLength: number,
    protected readonly outWidth: number,
  ) {
    this.values = new FixedBytes(outWidth);
  }
  abstract append(buf: Buffer, p: number, len: number, row: number): void;
  appendNull(row: number): void {
    this.values.slot(row);
    this.validity.unset(row);
  }
  bytes(rows: number): number {
    return rows * this.outWidth;
  }
  finish(rows: number): Data {
    const bytes = this.values.finish(rows);
    const nullBitmap = this.validity.finish(rows);
    const nullCount = this.validity.nullCount;
    this.capacity = Math.max(this.capacity, rows);
    this.values = new FixedBytes(this.outWidth, this.capacity);
    this.validity = new Validity(this.capacity);
    const ArrayType = (
      this.type as unknown as { ArrayType: new (b: ArrayBufferLike, o: number, n: number) => ArrayLike<unknown> }
    ).ArrayType;
    const elementBytes = (ArrayType as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
    const data = new ArrayType(bytes.buffer, bytes.byteOffset, bytes.byteLength / elementBytes);
    return makeData({ type: this.type, length: rows, nullCount, nullBitmap, data } as never);
  }
}

/**
 * 8-byte integers, doubles and times: big-endian wire bytes reversed into little-endian values.
 *
 * @example
 * new Swap8Decoder(new Int64(), 'id')
 */
export class Swap8Decoder extends FixedDecoder {
  constructor(type: DataType, name: string) {
    super(type, name, 8, 8);
  }
  append(buf: Buffer, p: number, _len: number, row: number): void {
    const o = this.values.slot(row);
    const out = this.values.bytes;
    out[o] = buf[p + 7]!;
    out[o + 1] = buf[p + 6]!;
    out[o + 2] = buf[p + 5]!;
    out[o + 3] = buf[p + 4]!;
    out[o + 4] = buf[p + 3]!;
    out[o + 5] = buf[p + 2]!;
    out[o + 6] = buf[p + 1]!;
    out[o + 7] = buf[p]!;
    this.validity.set(row);
  }
}

/**
 * 4-byte integers and floats, byte-swapped.
 *
 * @example
 * new Swap4Decoder(new Float32(), 'ratio')
 */
export class Swap4Decoder extends FixedDecoder {
  constructor(type: DataType, name: string) {
    super(type, name, 4, 4);
  }
  append(buf: Buffer, p: number, _len: number, row: number): void {
    const o = this.values.slot(row);
    const out = this.values.bytes;
    out[o] = buf[p + 3]!;
    out[o + 1] = buf[p + 2]!;
    out[o + 2] = buf[p + 1]!;
    out[o + 3] = buf[p]!;
    this.validity.set(row);
  }
}

/**
 * 2-byte integers, byte-swapped.
 *
 * @example
 * new Swap2Decoder(new Int16(), 'qty')
 */
export class Swap2Decoder extends FixedDecoder {
  constructor(type: DataType, name: string) {
    super(type, name, 2, 2);
  }
  append(buf: Buffer, p: number, _len: number, row: number): void {
    const o = this.values.slot(row);
    const out = this.values.bytes;
    out[o] = buf[p + 1]!;
    out[o + 1] = buf[p]!;
    this.validity.set(row);
  }
}

/**
 * `smallint` into Int8 (INTEGER_1), range-checked.
 *
 * @example
 * new Int8Decoder(new Int8(), 'flag_code')
 */
export class Int8Decoder extends FixedDecoder {
  constructor(type: DataType, name: string) {
    super(type, name, 2, 1);
  }
  append(buf: Buffer, p: number, _len: number, row: number): void {
    const v = ((buf[p]! << 24) >> 16) | buf[p + 1]!;
    if (v < -128 || v > 127) {
      throw new GoeError('TYPE_LOSSY_CONVERSION', `Column ${this.name}: ${v} does not fit INTEGER_1`, {
        column: this.name,
      });
    }
    const o = this.values.slot(row);
    this.values.bytes[o] = v & 0xff;
    this.validity.set(row);
  }
}

/**
 * `boolean` into a bit-packed Bool.
 *
 * @example
 * new BoolDecoder(new Bool(), 'flag')
 */
export class BoolDecoder extends FixedDecoder {
  constructor(type: DataType, name: string) {
    super(type, name, 1, 1);
  }
  override append(buf: Buffer, p: number, _len: number, row: number): void {
    const o = this.values.slot(row);
    this.values.bytes[o] = buf[p] === 0 ? 0 : 1;
    this.validity.set(row);
  }
  override finish(rows: number): Data {
    const bytes = this.values.finish(rows);
    const packed = new Uint8Array((rows + 7) >> 3);
    for (let i = 0; i < rows; i++) if (bytes[i]) packed[i >> 3]! |= 1 << (i & 7);
    const nullBitmap = this.validity.finish(rows);
    const nullCount = this.validity.nullCount;
    this.capacity = Math.max(this.capacity, rows);
    this.values = new FixedBytes(1, this.capacity);
    this.validity = new Validity(this.capacity);
    return makeData({ type: this.type, length: rows, nullCount, nullBitmap, data: packed } as never);
  }
}

/**
 * `date` into Date32 (days since 1970): +10957 days; ±infinity and BC checked.
 *
 * @example
 * new DateDecoder(new DateDay(), { name: 'sale_date', allowInfiniteDates: false, allowBcDates: false, allowNumericSpecialValues: false })
 */
export class DateDecoder extends FixedDecoder {
  constructor(
    type: DataType,
    private readonly ctx: DecoderContext,
  ) {
    super(type, ctx.name, 4, 4);
  }
  append(buf: Buffer, p: number, _len: number, row: number): void {
    const d = (buf[p]! << 24) | (buf[p + 1]! << 16) | (buf[p + 2]! << 8) | buf[p + 3]!;
    if (d === 0x7fffffff || d === -0x80000000) {
      if (!this.ctx.allowInfiniteDates)
        throw refused(this.name, `date ${d > 0 ? 'infinity' : '-infinity'}`, 'POSTGRES_ALLOW_INFINITE_DATES');
      this.appendNull(row);
      return;
    }
    if (d < PG_DAY_0001 && !this.ctx.allowBcDates)
      throw refused(this.name, 'a date before 0001-01-01 (BC)', 'POSTGRES_ALLOW_BC_DATES');
    const v = d + PG_EPOCH_DAYS;
    const o = this.values.slot(row);
    const out = this.values.bytes;
    out[o] = v & 0xff;
    out[o + 1] = (v >>> 8) & 0xff;
    out[o + 2] = (v >>> 16) & 0xff;
    out[o + 3] = v >>> 24;
    this.validity.set(row);
  }
}

/**
 * `timestamp`/`timestamptz` into Timestamp µs (or ns): +946 684 800 000 000 µs; ±infinity and BC checked.
 *
 * @example
 * new TimestampDecoder(new Timestamp(TimeUnit.MICROSECOND, 'UTC'), ctx, false)
 */
export class TimestampDecoder extends FixedDecoder {
  constructor(
    type: DataType,
    private readonly ctx: DecoderContext,
    private readonly nanos: boolean,
  ) {
    super(type, ctx.name, 8, 8);
  }
  append(buf: Buffer, p: number, _len: number, row: number): void {
    const hi = (buf[p]! << 24) | (buf[p + 1]! << 16) | (buf[p + 2]! << 8) | buf[p + 3]!;
    const lo = ((buf[p + 4]! << 24) | (buf[p + 5]! << 16) | (buf[p + 6]! << 8) | buf[p + 7]!) >>> 0;
    if ((hi === 0x7fffffff && lo === 0xffffffff) || (hi === -0x80000000 && lo === 0)) {
      if (!this.ctx.allowInfiniteDates) {
        throw refused(this.name, `timestamp ${hi > 0 ? 'infinity' : '-infinity'}`, 'POSTGRES_ALLOW_INFINITE_DATES');
      }
      this.appendNull(row);
      return;
    }
    if ((hi < MIN_HI || (hi === MIN_HI && lo < MIN_LO)) && !this.ctx.allowBcDates) {
      throw refused(this.name, 'a timestamp before 0001-01-01 (BC)', 'POSTGRES_ALLOW_BC_DATES');
    }
    let rlo = lo + EPOCH_LO;
    let rhi = hi + EPOCH_HI;
    if (rlo >= TWO32) {
      rlo -= TWO32;
      rhi += 1;
    }
    const o = this.values.slot(row);
    const out = this.values.bytes;
    if (this.nanos) {
      const ns = (BigInt(rhi) * 4294967296n + BigInt(rlo)) * 1000n;
      if (ns > 9223372036854775807n || ns < -9223372036854775808n) {
        throw new GoeError(
          'TYPE_LOSSY_CONVERSION',
          `Column ${this.name}: timestamp out of the nanosecond range (1677-2262)`,
          { column: this.name },
        );
      }
      new DataView(out.buffer, out.byteOffset).setBigInt64(o, ns, true);
    } else {
      out[o] = rlo & 0xff;
      out[o + 1] = (rlo >>> 8) & 0xff;
      out[o + 2] = (rlo >>> 16) & 0xff;
      out[o + 3] = rlo >>> 24;
      out[o + 4] = rhi & 0xff;
      out[o + 5] = (rhi >>> 8) & 0xff;
      out[o + 6] = (rhi >>> 16) & 0xff;
      out[o + 7] = (rhi >>> 24) & 0xff;
    }
    this.validity.set(row);
  }
}

/**
 * `time` into Time64 ns (µs × 1000); the µs case uses {@link Swap8Decoder}.
 *
 * @example
 * new TimeNanosDecoder(new TimeNanosecond(), 'at')
 */
export class TimeNanosDecoder extends FixedDecoder {
  constructor(type: DataType, name: string) {
    super(type, name, 8, 8);
  }
  append(buf: Buffer, p: number, _len: number, row: number): void {
    const o = this.values.slot(row);
    const us = buf.readBigInt64BE(p);
    new DataView(this.values.bytes.buffer, this.values.bytes.byteOffset).setBigInt64(o, us * 1000n, true);
    this.validity.set(row);
  }
}

/**
 * Text and bytea into Utf8/Binary (32-bit offsets) or LargeUtf8/LargeBinary (64-bit offsets).
 *
 * @example
 * new VarDecoder(new Utf8(), 'note', false)
 */
export class VarDecoder implements ColumnDecoder {
  readonly fieldLength: number = -1;
  private validity = new Validity();
  private values: VarBytes;
  private capacity = 0;
  private byteHint = 64 * 1024;
  constructor(
    private readonly type: DataType,
    readonly name: string,
    private readonly large: boolean,
  ) {
    this.values = new VarBytes(large);
  }
  append(buf: Buffer, p: number, len: number, row: number): void {
    this.values.append(buf, p, len);
    this.values.end(row);
    this.validity.set(row);
  }
  appendNull(row: number): void {
    this.values.end(row);
    this.validity.unset(row);
  }
  bytes(rows: number): number {
    return this.values.length + rows * (this.large ? 8 : 4);
  }
  /** Direct access for decoders that write text themselves (intervals). */
  get buffer(): VarBytes {
    return this.values;
  }
  markValid(row: number): void {
    this.values.end(row);
    this.validity.set(row);
  }
  finish(rows: number): Data {
    const { offsets, data } = this.values.finish(rows);
    const nullBitmap = this.validity.finish(rows);
    const nullCount = this.validity.nullCount;
    this.capacity = Math.max(this.capacity, rows);
    this.byteHint = Math.min(Math.max(this.byteHint, data.length + (data.length >> 3)), 64 * 1024 * 1024);
    this.values = new VarBytes(this.large, this.capacity, this.byteHint);
    this.validity = new Validity(this.capacity);
    return makeData({ type: this.type, length: rows, nullCount, nullBitmap, valueOffsets: offsets, data } as never);
  }
}
