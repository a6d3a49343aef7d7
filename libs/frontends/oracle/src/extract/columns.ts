/**
 * One extraction batch: the rows node-oracledb fetched (arrays, in the SELECT's column order) written into Arrow
 * buffers of the table's canonical schema. Each column is read in an exact wire form chosen by
 * {@link extractProjection}: numbers as the driver's decimal text (fetched as strings: its Oracle NUMBER decoder
 * writes every digit), DATE and TIMESTAMP as server-side `TO_CHAR` text with all nine fractional digits (the driver's
 * `Date` would stop at milliseconds), time-zoned timestamps as their UTC text, BINARY_FLOAT/DOUBLE as numbers (NaN
 * and ±Infinity included), intervals as the driver's IntervalDS/IntervalYM, RAW/BLOB as bytes. A value that does not
 * fit its column is an error naming the column, never a rounding.
 */
import { arrowSchemaFor, formatInterval, GoeError, type CanonicalColumn, type SourceColumn } from '@goe/core';
import {
  makeData,
  RecordBatch,
  Struct,
  Type,
  type Data,
  type DataType,
  type Decimal,
  type Int,
  type Timestamp,
} from 'apache-arrow';
import { quoteIdent, textOf } from '../sql.js';
import { oracleBaseType } from '../type-map.js';

/**
 * The SELECT expression of a column in its wire form: `TO_CHAR` for DATE, TIMESTAMP and time-zoned timestamps
 * (UTC), the column itself otherwise; aliased to the column's name.
 *
 * @example
 * extractProjection({ name: 'TIME_ID', dataType: 'DATE', … }) // `TO_CHAR("TIME_ID", 'SYYYY-MM-DD HH24:MI:SS') AS "TIME_ID"`
 */
export function extractProjection(column: Pick<SourceColumn, 'name' | 'dataType'>): string {
  const base = oracleBaseType(column.dataType);
  const c = quoteIdent(column.name);
  if (base === 'DATE' || base === 'TIMESTAMP' || base.startsWith('TIMESTAMP WITH')) {
    return `${textOf(c, base)} AS ${c}`;
  }
  return c;
}

const NS_PER_DAY = 86_400_000_000_000n;
const INT64_MAX = 2n ** 63n - 1n;

/** Days since 1970-01-01 of a proleptic Gregorian date. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

const DATETIME = /^\s*(-?)(\d{1,4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;

function refuse(column: CanonicalColumn, value: unknown, why: string): GoeError {
  const shown = typeof value === 'string' ? value : Buffer.isBuffer(value) ? `${value.length} bytes` : String(value);
  return new GoeError('VALIDATION_MISMATCH', `Column ${column.name}: ${shown} ${why}`, { column: column.name });
}

/** Nanoseconds since the epoch of `SYYYY-MM-DD HH24:MI:SS[.FF9]` text (UTC or zone-less). */
function epochNanos(column: CanonicalColumn, value: unknown): bigint {
  const m = typeof value === 'string' ? DATETIME.exec(value) : null;
  if (m === null) throw refuse(column, value, 'is not a datetime text (SYYYY-MM-DD HH24:MI:SS)');
  if (m[1] === '-' || Number(m[2]) < 1) {
    throw refuse(column, value, 'is before year 1, which the canonical TIMESTAMP cannot hold');
  }
  const days = daysFromCivil(Number(m[2]), Number(m[3]), Number(m[4]));
  const seconds = Number(m[5]) * 3600 + Number(m[6]) * 60 + Number(m[7]);
  const fraction = BigInt((m[8] ?? '').padEnd(9, '0'));
  return BigInt(days) * NS_PER_DAY + BigInt(seconds) * 1_000_000_000n + fraction;
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * The unscaled value of a decimal text at `scale` (`-.5` at scale 2 → -50n; `1e126` at scale 0 → 10n ** 126n).
 *
 * @throws GoeError `VALIDATION_MISMATCH` when the text has more fractional digits than `scale`, or is not a number
 */
export function unscaledAt(column: CanonicalColumn, text: unknown, scale: number): bigint {
  const m = typeof text === 'string' ? DECIMAL.exec(text.trim()) : null;
  if (m === null || (m[2] === '' && (m[3] ?? '') === '')) throw refuse(column, text, 'is not a decimal number');
  const fraction = m[3] ?? '';
  const digits = BigInt(`${m[2] || '0'}${fraction}`);
  const shift = Number(m[4] ?? '0') - fraction.length + scale;
  let unscaled: bigint;
  if (shift >= 0) unscaled = digits * 10n ** BigInt(shift);
  else {
    const divisor = 10n ** BigInt(-shift);
    if (digits % divisor !== 0n) throw refuse(column, text, `has more than ${scale} fractional digits`);
    unscaled = digits / divisor;
  }
  return m[1] === '-' ? -unscaled : unscaled;
}

/** Writes the 2^(32·words) two's complement of `value` little-endian into `target` at word `at`. */
function writeWords(target: Uint32Array, at: number, words: number, value: bigint): void {
  let v = value < 0n ? (1n << BigInt(32 * words)) + value : value;
  for (let w = 0; w < words; w++) {
    target[at + w] = Number(v & 0xffffffffn);
    v >>= 32n;
  }
}

const encoder = new TextEncoder();

/** One column's Arrow data from the fetched values of that column (`values[i]` is row i). */
function columnData(column: CanonicalColumn, type: DataType, values: readonly unknown[]): Data {
  const length = values.length;
  const nullBitmap = new Uint8Array((length + 7) >> 3);
  let nullCount = 0;
  for (let i = 0; i < length; i++) {
    if (values[i] === null || values[i] === undefined) nullCount++;
    else nullBitmap[i >> 3]! |= 1 << (i & 7);
  }
  const common = { type, length, nullCount, nullBitmap };
  const each = (write: (v: unknown, i: number) => void) => {
    for (let i = 0; i < length; i++) {
      const v = values[i];
      if (v !== null && v !== undefined) write(v, i);
    }
  };
  switch (type.typeId) {
    case Type.Int: {
      const bits = (type as Int).bitWidth;
      const data =
        bits === 8
          ? new Int8Array(length)
          : bits === 16
            ? new Int16Array(length)
            : bits === 32
              ? new Int32Array(length)
              : new BigInt64Array(length);
      const max = (1n << BigInt(bits - 1)) - 1n;
      each((v, i) => {
        const n = unscaledAt(column, typeof v === 'number' ? String(v) : v, 0);
        if (n > max || n < -max - 1n) throw refuse(column, v, `is out of the ${bits}-bit integer range`);
        data[i] = (bits === 64 ? n : Number(n)) as never;
      });
      return makeData({ ...common, type: type as Int, data } as never);
    }
    case Type.Decimal: {
      const { bitWidth, precision, scale } = type as Decimal;
      const words = bitWidth / 32;
      const data = new Uint32Array(length * words);
      const limit = 10n ** BigInt(precision);
      each((v, i) => {
        const n = unscaledAt(column, v, scale);
        if (n >= limit || n <= -limit) throw refuse(column, v, `has more than ${precision} digits`);
        writeWords(data, i * words, words, n);
      });
      return makeData({ ...common, type: type as Decimal, data } as never);
    }
    case Type.Float: {
      const single = column.dataType === 'FLOAT';
      const data = single ? new Float32Array(length) : new Float64Array(length);
      each((v, i) => {
        const n = typeof v === 'number' ? v : Number(v);
        if (single && !Number.isNaN(n) && Math.fround(n) !== n)
          throw refuse(column, v, 'is not a single-precision value');
        data[i] = n;
      });
      return makeData({ ...common, type, data } as never);
    }
    case Type.Timestamp: {
      const unit = (type as Timestamp).unit === 3 ? 1n : 1000n; // TimeUnit.NANOSECOND = 3, else microseconds
      const data = new BigInt64Array(length);
      each((v, i) => {
        const ns = epochNanos(column, v);
        if (ns % unit !== 0n) throw refuse(column, v, 'is finer than microseconds (the column scale is at most 6)');
        const raw = ns / unit;
        if (raw > INT64_MAX || raw < -INT64_MAX - 1n) {
          throw refuse(
            column,
            v,
            unit === 1n
              ? 'is outside the years 1677–2262 a nanosecond timestamp can hold (a scale of 6 or less holds years 1–9999)'
              : 'is outside the 64-bit microsecond range',
          );
        }
        data[i] = raw;
      });
      return makeData({ ...common, type: type as Timestamp, data } as never);
    }
    case Type.Date: {
      const data = new Int32Array(length);
      each((v, i) => {
        const ns = epochNanos(column, v);
        if (ns % NS_PER_DAY !== 0n) throw refuse(column, v, 'has a time of day, which a DATE column cannot hold');
        data[i] = Number(ns / NS_PER_DAY);
      });
      return makeData({ ...common, type, data } as never);
    }
    case Type.Bool: {
      const data = new Uint8Array((length + 7) >> 3);
      each((v, i) => {
        if (v === true || v === 1 || v === '1') data[i >> 3]! |= 1 << (i & 7);
      });
      return makeData({ ...common, type, data } as never);
    }
    case Type.Utf8:
    case Type.LargeUtf8:
    case Type.Binary:
    case Type.LargeBinary: {
      const binary = type.typeId === Type.Binary || type.typeId === Type.LargeBinary;
      const large = type.typeId === Type.LargeUtf8 || type.typeId === Type.LargeBinary;
      const parts: (Uint8Array | undefined)[] = new Array(length);
      let total = 0;
      each((v, i) => {
        const bytes = binary ? binaryOf(column, v) : encoder.encode(textOfValue(column, v));
        parts[i] = bytes;
        total += bytes.length;
      });
      if (!large && total > 0x7fffffff) throw refuse(column, `${total} bytes`, 'exceed a 32-bit-offset Arrow column');
      const data = new Uint8Array(total);
      const offsets = large ? new BigInt64Array(length + 1) : new Int32Array(length + 1);
      let at = 0;
      for (let i = 0; i < length; i++) {
        const p = parts[i];
        if (p !== undefined) {
          data.set(p, at);
          at += p.length;
        }
        offsets[i + 1] = (large ? BigInt(at) : at) as never;
      }
      return makeData({ ...common, type, data, valueOffsets: offsets } as never);
    }
    default:
      throw new GoeError('INTERNAL', `No Oracle value writer for ${String(type)} (column ${column.name})`);
  }
}

function binaryOf(column: CanonicalColumn, v: unknown): Uint8Array {
  if (v instanceof Uint8Array) return v;
  throw refuse(column, v, 'is not binary');
}

interface IntervalLike {
  readonly years?: number;
  readonly months?: number;
  readonly days?: number;
  readonly hours?: number;
  readonly minutes?: number;
  readonly seconds?: number;
  readonly fseconds?: number;
}

/** The canonical text of a value of a string-typed column (intervals in core's ISO 8601 form). */
function textOfValue(column: CanonicalColumn, v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && v !== null && (column.dataType === 'INTERVAL_DS' || column.dataType === 'INTERVAL_YM')) {
    const iv = v as IntervalLike;
    if (column.dataType === 'INTERVAL_YM') {
      return formatInterval('INTERVAL_YM', {
        months: (iv.years ?? 0) * 12 + (iv.months ?? 0),
        days: 0,
        nanoseconds: 0n,
      });
    }
    const ns =
      BigInt(((iv.hours ?? 0) * 60 + (iv.minutes ?? 0)) * 60 + (iv.seconds ?? 0)) * 1_000_000_000n +
      BigInt(iv.fseconds ?? 0);
    return formatInterval('INTERVAL_DS', { months: 0, days: iv.days ?? 0, nanoseconds: ns });
  }
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  throw refuse(column, v, 'is not text');
}

/**
 * A record batch in the table's canonical Arrow schema from fetched rows (arrays in column order).
 *
 * @throws GoeError `VALIDATION_MISMATCH` naming the column of a value that does not fit it
 * @example
 * oracleBatch(columns, [['1', '2024-01-31 00:00:00'], ['2', null]]).numRows // 2
 */
export function oracleBatch(columns: readonly CanonicalColumn[], rows: readonly (readonly unknown[])[]): RecordBatch {
  const schema = arrowSchemaFor(columns);
  const children = columns.map((column, c) =>
    columnData(
      column,
      schema.fields[c]!.type as DataType,
      rows.map((r) => r[c]),
    ),
  );
  const struct = makeData({ type: new Struct(schema.fields), length: rows.length, nullCount: 0, children });
  return new RecordBatch(schema, struct);
}
