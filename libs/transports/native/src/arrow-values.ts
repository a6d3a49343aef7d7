/**
 * Exact value access to Arrow columns without Arrow JS's lossy getters (which turn 64-bit timestamps into
 * millisecond numbers and decimals into approximations): validity, 64-bit integers as bigint, decimals as
 * unscaled bigint, strings and binaries from offsets. Used by the Avro writer.
 *
 * Arrow JS slices value and offset buffers with the data (`values[0]` is the first row of a slice); only the
 * validity bitmap and boolean bits are addressed through `data.offset`, as Arrow JS's own getters do.
 */
import type { Data, DataType, Type } from 'apache-arrow';

/**
 * Reads one value of a column chunk; `null` for a NULL.
 *
 * @example
 * const read: ValueReader<bigint> = bigintReader(data); read(0) // 1n or null
 */
export type ValueReader<T> = (index: number) => T | null;

/**
 * True when row `index` of `data` is valid (not NULL).
 *
 * @example
 * isValid(batch.getChildAt(0)!.data[0]!, 3) // false for a NULL in row 3
 */
export function isValid(data: Data, index: number): boolean {
  const bitmap = data.nullBitmap;
  if (data.nullCount === 0 || bitmap === undefined || bitmap.length === 0) return true;
  const i = data.offset + index;
  return (bitmap[i >> 3]! & (1 << (i & 7))) !== 0;
}

function nullable<T>(data: Data, read: (i: number) => T): ValueReader<T> {
  if (data.nullCount === 0) return read;
  return (i) => (isValid(data, i) ? read(i) : null);
}

/**
 * A reader of 8/16/32-bit integers, floats and dates (days) as numbers.
 *
 * @example
 * numberReader(int32Data)(0) // 42
 */
export function numberReader(data: Data): ValueReader<number> {
  const values = data.values as ArrayLike<number>;
  return nullable(data, (i) => values[i]!);
}

/**
 * A reader of 64-bit integers, times and timestamps as bigint (exact).
 *
 * @example
 * bigintReader(timestampData)(0) // 1700000000000000n (µs)
 */
export function bigintReader(data: Data): ValueReader<bigint> {
  const values = data.values as BigInt64Array;
  return nullable(data, (i) => values[i]!);
}

/**
 * A reader of booleans.
 *
 * @example
 * boolReader(boolData)(0) // true
 */
export function boolReader(data: Data): ValueReader<boolean> {
  const values = data.values as Uint8Array;
  return nullable(data, (i) => {
    const j = data.offset + i;
    return (values[j >> 3]! & (1 << (j & 7))) !== 0;
  });
}

/**
 * A reader of Decimal128/256 values as unscaled two's-complement bigint.
 *
 * @example
 * decimalReader(decimal12_2Data)(0) // -150n for -1.50
 */
export function decimalReader(data: Data<DataType<Type.Decimal>>): ValueReader<bigint> {
  const bitWidth = (data.type as unknown as { bitWidth: number }).bitWidth;
  const words = bitWidth / 32;
  const values = data.values as unknown as Uint32Array;
  const top = 1n << BigInt(bitWidth);
  const sign = 1n << BigInt(bitWidth - 1);
  return nullable(data, (i) => {
    const base = i * words;
    let v = 0n;
    for (let w = words - 1; w >= 0; w--) v = (v << 32n) | BigInt(values[base + w]!);
    return v >= sign ? v - top : v;
  });
}

/**
 * A reader of binary values (Binary / LargeBinary) as views into the column buffer.
 *
 * @example
 * bytesReader(binaryData)(0) // Uint8Array [0x00, 0xff]
 */
export function bytesReader(data: Data): ValueReader<Uint8Array> {
  const offsets = data.valueOffsets as Int32Array | BigInt64Array;
  const values = data.values as Uint8Array;
  return nullable(data, (i) => {
    const start = Number(offsets[i]!);
    const end = Number(offsets[i + 1]!);
    return values.subarray(start, end);
  });
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * A reader of Utf8 / LargeUtf8 values as strings.
 *
 * @example
 * stringReader(utf8Data)(0) // 'héllo'
 */
export function stringReader(data: Data): ValueReader<string> {
  const bytes = bytesReader(data);
  return (i) => {
    const b = bytes(i);
    return b === null ? null : decoder.decode(b);
  };
}

/**
 * Two's-complement big-endian bytes of an unscaled decimal (the Avro `decimal` logical type on `bytes`), minimal
 * length.
 *
 * @example
 * decimalToBytes(-1n) // Uint8Array [0xff]
 */
export function decimalToBytes(value: bigint): Uint8Array {
  let len = 1;
  while (value >= 1n << BigInt(8 * len - 1) || value < -(1n << BigInt(8 * len - 1))) len++;
  let v = value < 0n ? (1n << BigInt(8 * len)) + value : value;
  const out = new Uint8Array(len);
  for (let k = len - 1; k >= 0; k--) {
    out[k] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}
