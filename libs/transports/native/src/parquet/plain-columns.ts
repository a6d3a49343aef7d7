/**
 * Arrow columns → Parquet PLAIN data pages, straight from the Arrow buffers (no per-value objects): the physical
 * and logical Parquet type of each staged Arrow type, and the page bytes of a row range.
 *
 * | Arrow (core's `arrowTypeFor`) | Parquet physical | logical / converted |
 * |---|---|---|
 * | Bool | BOOLEAN | — |
 * | Int8, Int16 | INT32 | INTEGER(8/16, signed) / INT_8, INT_16 |
 * | Int32, Int64 | INT32, INT64 | — |
 * | Float32, Float64 | FLOAT, DOUBLE | — (NaN and ±Infinity bit-exact) |
 * | Decimal128(p ≤ 9), (p ≤ 18) | INT32, INT64 | DECIMAL(p,s) |
 * | Decimal128(p > 18), Decimal256 | FIXED_LEN_BYTE_ARRAY(16 / 32), big-endian | DECIMAL(p,s) |
 * | DateDay | INT32 | DATE |
 * | Time64 µs / ns | INT64 | TIME(MICROS / NANOS, not UTC-adjusted) |
 * | Timestamp µs / ns | INT64 | TIMESTAMP(unit, UTC-adjusted when the Arrow type has a zone) |
 * | Utf8, LargeUtf8 | BYTE_ARRAY | STRING / UTF8 |
 * | Binary, LargeBinary | BYTE_ARRAY | — |
 *
 * Spec: https://parquet.apache.org/docs/file-format/ and `LogicalTypes.md` of apache/parquet-format.
 */
import { Type, type Data, type DataType, type Field } from 'apache-arrow';
import { GoeError } from '@goe/core';

/** Parquet physical types (`parquet.thrift` `Type`). */
export const PHYSICAL = { BOOLEAN: 0, INT32: 1, INT64: 2, FLOAT: 4, DOUBLE: 5, BYTE_ARRAY: 6, FLBA: 7 } as const;

/** A Parquet logical type annotation, as written into the schema. */
export type LogicalAnnotation =
  | { readonly kind: 'STRING' }
  | { readonly kind: 'DATE' }
  | { readonly kind: 'INTEGER'; readonly bitWidth: 8 | 16 }
  | { readonly kind: 'DECIMAL'; readonly precision: number; readonly scale: number }
  | { readonly kind: 'TIME' | 'TIMESTAMP'; readonly unit: 'MICROS' | 'NANOS'; readonly utc: boolean };

/**
 * How one Arrow column is stored: its Parquet physical type, type length (FIXED_LEN_BYTE_ARRAY), logical
 * annotation, and how its values are copied (`copy`).
 *
 * @example
 * parquetColumnOf(new Field('AMOUNT', new Decimal(2, 12, 128), true)) // { physical: INT64, copy: 'decimal64', … }
 */
export interface ParquetColumn {
  readonly name: string;
  readonly optional: boolean;
  readonly physical: (typeof PHYSICAL)[keyof typeof PHYSICAL];
  readonly typeLength?: number;
  readonly logical?: LogicalAnnotation;
  readonly copy: ValueCopy;
}

type ValueCopy =
  | 'bool'
  | 'int8'
  | 'int16'
  | 'words1'
  | 'words2'
  | 'decimal32'
  | 'decimal64'
  | 'decimal-be16'
  | 'decimal-be32'
  | 'bytes32'
  | 'bytes64';

function unsupported(field: Field): GoeError {
  return new GoeError('INTERNAL', `No Parquet mapping for Arrow ${String(field.type)} (column ${field.name})`, {
    column: field.name,
  });
}

function timeUnit(field: Field, unit: number): 'MICROS' | 'NANOS' {
  // Arrow TimeUnit: SECOND 0, MILLISECOND 1, MICROSECOND 2, NANOSECOND 3; core stages µs or ns only
  if (unit === 2) return 'MICROS';
  if (unit === 3) return 'NANOS';
  throw unsupported(field);
}

/**
 * The Parquet storage of an Arrow field of core's staging schema.
 *
 * @throws GoeError `INTERNAL` for an Arrow type core never stages (e.g. a seconds timestamp).
 * @example
 * parquetColumnOf(new Field('ID', new Int64(), false)).physical // PHYSICAL.INT64
 */
export function parquetColumnOf(field: Field): ParquetColumn {
  const base = { name: field.name, optional: field.nullable };
  const t = field.type as DataType & {
    bitWidth?: number;
    precision?: number;
    scale?: number;
    unit?: number;
    timezone?: string | null;
  };
  switch (t.typeId) {
    case Type.Bool:
      return { ...base, physical: PHYSICAL.BOOLEAN, copy: 'bool' };
    case Type.Int:
      if (t.bitWidth === 8)
        return { ...base, physical: PHYSICAL.INT32, logical: { kind: 'INTEGER', bitWidth: 8 }, copy: 'int8' };
      if (t.bitWidth === 16)
        return { ...base, physical: PHYSICAL.INT32, logical: { kind: 'INTEGER', bitWidth: 16 }, copy: 'int16' };
      if (t.bitWidth === 32) return { ...base, physical: PHYSICAL.INT32, copy: 'words1' };
      return { ...base, physical: PHYSICAL.INT64, copy: 'words2' };
    case Type.Float:
      return t.precision === 1
        ? { ...base, physical: PHYSICAL.FLOAT, copy: 'words1' }
        : t.precision === 2
          ? { ...base, physical: PHYSICAL.DOUBLE, copy: 'words2' }
          : (() => {
              throw unsupported(field);
            })();
    case Type.Decimal: {
      const logical = { kind: 'DECIMAL', precision: t.precision!, scale: t.scale! } as const;
      if (t.bitWidth === 256)
        return { ...base, physical: PHYSICAL.FLBA, typeLength: 32, logical, copy: 'decimal-be32' };
      if (t.precision! <= 9) return { ...base, physical: PHYSICAL.INT32, logical, copy: 'decimal32' };
      if (t.precision! <= 18) return { ...base, physical: PHYSICAL.INT64, logical, copy: 'decimal64' };
      return { ...base, physical: PHYSICAL.FLBA, typeLength: 16, logical, copy: 'decimal-be16' };
    }
    case Type.Date:
      if (t.unit !== 0) throw unsupported(field); // DateUnit.DAY
      return { ...base, physical: PHYSICAL.INT32, logical: { kind: 'DATE' }, copy: 'words1' };
    case Type.Time:
      if (t.bitWidth !== 64) throw unsupported(field);
      return {
        ...base,
        physical: PHYSICAL.INT64,
        logical: { kind: 'TIME', unit: timeUnit(field, t.unit!), utc: false },
        copy: 'words2',
      };
    case Type.Timestamp:
      return {
        ...base,
        physical: PHYSICAL.INT64,
        logical: { kind: 'TIMESTAMP', unit: timeUnit(field, t.unit!), utc: t.timezone != null },
        copy: 'words2',
      };
    case Type.Utf8:
      return { ...base, physical: PHYSICAL.BYTE_ARRAY, logical: { kind: 'STRING' }, copy: 'bytes32' };
    case Type.LargeUtf8:
      return { ...base, physical: PHYSICAL.BYTE_ARRAY, logical: { kind: 'STRING' }, copy: 'bytes64' };
    case Type.Binary:
      return { ...base, physical: PHYSICAL.BYTE_ARRAY, copy: 'bytes32' };
    case Type.LargeBinary:
      return { ...base, physical: PHYSICAL.BYTE_ARRAY, copy: 'bytes64' };
    default:
      throw unsupported(field);
  }
}

/** The encoded body of one data page: definition levels (optional columns) and PLAIN values. */
export interface PageBody {
  /** `[4-byte length][RLE/bit-packed hybrid levels]`, or undefined for a required column. */
  readonly levels: Uint8Array | undefined;
  readonly values: Uint8Array;
  /** Levels (= rows) in the page. */
  readonly count: number;
}

function isValid(bitmap: Uint8Array, bit: number): boolean {
  return (bitmap[bit >> 3]! & (1 << (bit & 7))) !== 0;
}

/** Writes an unsigned varint at `pos`; returns the next position. */
function varint(out: Uint8Array, pos: number, n: number): number {
  while (n >= 0x80) {
    out[pos++] = (n & 0x7f) | 0x80;
    n >>>= 7;
  }
  out[pos++] = n;
  return pos;
}

/**
 * Definition levels of rows [start, start + n) as one RLE run (no NULLs) or one bit-packed run (bit width 1,
 * which is the Arrow validity bitmap itself), with the 4-byte length prefix of a V1 data page.
 */
function definitionLevels(data: Data, start: number, n: number, nulls: boolean): Uint8Array {
  if (!nulls) {
    const out = new Uint8Array(4 + 5 + 1);
    const end = varint(out, 4, n * 2);
    out[end] = 1;
    new DataView(out.buffer).setUint32(0, end + 1 - 4, true);
    return out.subarray(0, end + 1);
  }
  const groups = (n + 7) >> 3;
  const out = new Uint8Array(4 + 5 + groups);
  const at = varint(out, 4, groups * 2 + 1);
  const bitmap = data.nullBitmap!;
  const first = data.offset + start;
  if ((first & 7) === 0) out.set(bitmap.subarray(first >> 3, (first >> 3) + groups), at);
  else {
    for (let i = 0; i < n; i++) if (isValid(bitmap, first + i)) out[at + (i >> 3)]! |= 1 << (i & 7);
  }
  if ((n & 7) !== 0) out[at + groups - 1]! &= (1 << (n & 7)) - 1; // padding bits of the last group are zero
  const end = at + groups;
  new DataView(out.buffer).setUint32(0, end - 4, true);
  return out.subarray(0, end);
}

function words(values: ArrayBufferView): Int32Array {
  return new Int32Array(values.buffer, values.byteOffset, values.byteLength >> 2);
}

function outOfPrecision(column: ParquetColumn, row: number): GoeError {
  const l = column.logical as { precision: number; scale: number };
  return new GoeError(
    'VALIDATION_MISMATCH',
    `Column ${column.name}: a value of row ${row} of the batch does not fit DECIMAL(${l.precision},${l.scale})`,
    { column: column.name },
  );
}

/** PLAIN values of the fixed-width copies, for the valid rows of [start, start + n). */
function fixedValues(column: ParquetColumn, data: Data, start: number, n: number, valid: number, nulls: boolean) {
  const bitmap = data.nullBitmap;
  const first = data.offset + start;
  const src = data.values as ArrayBufferView;
  switch (column.copy) {
    case 'words1':
    case 'words2': {
      const w = column.copy === 'words1' ? 1 : 2;
      const bytes = new Uint8Array(src.buffer, src.byteOffset + start * w * 4, n * w * 4);
      // without NULLs the PLAIN values are the Arrow buffer itself: the page shares it (no copy). A frontend never
      // reuses a batch's buffers (a consumer may keep batches), so they hold still until the page is written.
      if (!nulls) return bytes;
      const s = words(src);
      const out = new Int32Array(valid * w);
      let k = 0;
      for (let i = 0; i < n; i++) {
        if (!isValid(bitmap!, first + i)) continue;
        const at = (start + i) * w;
        out[k++] = s[at]!;
        if (w === 2) out[k++] = s[at + 1]!;
      }
      return new Uint8Array(out.buffer);
    }
    case 'int8':
    case 'int16': {
      const s = src as Int8Array | Int16Array;
      const out = new Int32Array(valid);
      let k = 0;
      for (let i = 0; i < n; i++) if (!nulls || isValid(bitmap!, first + i)) out[k++] = s[start + i]!;
      return new Uint8Array(out.buffer);
    }
    case 'decimal32':
    case 'decimal64': {
      const s = words(src);
      const wide = column.copy === 'decimal64';
      const out = new Int32Array(valid * (wide ? 2 : 1));
      let k = 0;
      for (let i = 0; i < n; i++) {
        if (nulls && !isValid(bitmap!, first + i)) continue;
        const at = (start + i) * 4;
        const lo = s[at]!;
        const hi = s[at + 1]!;
        const sign = (wide ? hi : lo) >> 31;
        if (s[at + 2] !== sign || s[at + 3] !== sign || (!wide && hi !== sign)) throw outOfPrecision(column, start + i);
        out[k++] = lo;
        if (wide) out[k++] = hi;
      }
      return new Uint8Array(out.buffer);
    }
    case 'decimal-be16':
    case 'decimal-be32': {
      const width = column.copy === 'decimal-be16' ? 16 : 32;
      const s = new Uint8Array(src.buffer, src.byteOffset, src.byteLength);
      const out = new Uint8Array(valid * width);
      let k = 0;
      for (let i = 0; i < n; i++) {
        if (nulls && !isValid(bitmap!, first + i)) continue;
        const at = (start + i) * width + width - 1;
        for (let j = 0; j < width; j++) out[k++] = s[at - j]!;
      }
      return out;
    }
    default: {
      // bool: bit-packed, LSB first, one bit per valid value
      const s = src as Uint8Array;
      const out = new Uint8Array((valid + 7) >> 3);
      let k = 0;
      for (let i = 0; i < n; i++) {
        if (nulls && !isValid(bitmap!, first + i)) continue;
        if (isValid(s, first + i)) out[k >> 3]! |= 1 << (k & 7);
        k++;
      }
      return out;
    }
  }
}

/** Reads offset `i` of 32- or 64-bit Arrow value offsets as a number (64-bit ones through their two words). */
function offsetAt(offsets: Int32Array, wide: boolean, i: number): number {
  return wide ? (offsets[2 * i]! >>> 0) + offsets[2 * i + 1]! * 0x1_0000_0000 : offsets[i]!;
}

/** PLAIN BYTE_ARRAY values (4-byte little-endian length, then the bytes) of the valid rows of [start, start + n). */
function byteArrayValues(column: ParquetColumn, data: Data, start: number, n: number, nulls: boolean): Uint8Array {
  const wide = column.copy === 'bytes64';
  const offsets = words(data.valueOffsets as ArrayBufferView);
  const bytes = data.values as Uint8Array;
  const bitmap = data.nullBitmap;
  const first = data.offset + start;
  let size = 0;
  for (let i = 0; i < n; i++) {
    if (nulls && !isValid(bitmap!, first + i)) continue;
    size += 4 + offsetAt(offsets, wide, start + i + 1) - offsetAt(offsets, wide, start + i);
  }
  const out = new Uint8Array(size);
  let p = 0;
  for (let i = 0; i < n; i++) {
    if (nulls && !isValid(bitmap!, first + i)) continue;
    let a = offsetAt(offsets, wide, start + i);
    const b = offsetAt(offsets, wide, start + i + 1);
    const len = b - a;
    out[p] = len & 0xff;
    out[p + 1] = (len >>> 8) & 0xff;
    out[p + 2] = (len >>> 16) & 0xff;
    out[p + 3] = len >>> 24;
    p += 4;
    if (len > 64) {
      out.set(bytes.subarray(a, b), p);
      p += len;
    } else while (a < b) out[p++] = bytes[a++]!;
  }
  return out;
}

/**
 * The levels and PLAIN values of rows [start, start + n) of one column.
 *
 * @throws GoeError `VALIDATION_MISMATCH` for NULLs in a required column or a decimal beyond its precision.
 * @example
 * const page = encodePage(parquetColumnOf(field), batch.data.children[0], 0, batch.numRows);
 */
export function encodePage(column: ParquetColumn, data: Data, start: number, n: number): PageBody {
  const nulls = data.nullCount > 0 && data.nullBitmap !== undefined && data.nullBitmap.length > 0;
  let valid = n;
  if (nulls) {
    const bitmap = data.nullBitmap!;
    const first = data.offset + start;
    for (let i = 0; i < n; i++) if (!isValid(bitmap, first + i)) valid--;
  }
  if (!column.optional && valid < n) {
    throw new GoeError('VALIDATION_MISMATCH', `NOT NULL column has NULL values: ${column.name}`, {
      column: column.name,
    });
  }
  const values =
    column.copy === 'bytes32' || column.copy === 'bytes64'
      ? byteArrayValues(column, data, start, n, nulls)
      : fixedValues(column, data, start, n, valid, nulls);
  return { levels: column.optional ? definitionLevels(data, start, n, nulls) : undefined, values, count: n };
}
