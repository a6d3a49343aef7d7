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

/** A datetime as whole seconds since the epoch and nanoseconds of the second (both exact numbers). */
interface Instant {
  readonly seconds: number;
  readonly nanos: number;
}

/** Two-digit, four-digit… number at `at` of `s`, or -1 when a character is not a digit. */
function digitsAt(s: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * The server's `TO_CHAR(x, 'SYYYY-MM-DD HH24:MI:SS[.FF9]')` text of a year AD — `' 2024-01-31 12:00:00.000000000'`,
 * 20 or 30 characters — read by position without a regular expression or a BigInt (the hot path); undefined for
 * any other text.
 */
function fastInstant(s: string): Instant | undefined {
  if ((s.length !== 20 && s.length !== 30) || s.charCodeAt(0) !== 32) return undefined;
  if (s[5] !== '-' || s[8] !== '-' || s[11] !== ' ' || s[14] !== ':' || s[17] !== ':') return undefined;
  const year = digitsAt(s, 1, 4);
  const month = digitsAt(s, 6, 2);
  const day = digitsAt(s, 9, 2);
  const hh = digitsAt(s, 12, 2);
  const mi = digitsAt(s, 15, 2);
  const ss = digitsAt(s, 18, 2);
  const nanos = s.length === 30 && s[20] === '.' ? digitsAt(s, 21, 9) : s.length === 20 ? 0 : -1;
  if (year < 1 || month < 0 || day < 0 || hh < 0 || mi < 0 || ss < 0 || nanos < 0) return undefined;
  return { seconds: daysFromCivil(year, month, day) * 86400 + hh * 3600 + mi * 60 + ss, nanos };
}

/** A `SYYYY-MM-DD HH24:MI:SS[.FF9]` text (UTC or zone-less) as an {@link Instant}. */
function instantOf(column: CanonicalColumn, value: unknown): Instant {
  if (typeof value === 'string') {
    const fast = fastInstant(value);
    if (fast !== undefined) return fast;
  }
  const m = typeof value === 'string' ? DATETIME.exec(value) : null;
  if (m === null) throw refuse(column, value, 'is not a datetime text (SYYYY-MM-DD HH24:MI:SS)');
  if (m[1] === '-' || Number(m[2]) < 1) {
    throw refuse(column, value, 'is before year 1, which the canonical TIMESTAMP cannot hold');
  }
  const days = daysFromCivil(Number(m[2]), Number(m[3]), Number(m[4]));
  const seconds = days * 86400 + Number(m[5]) * 3600 + Number(m[6]) * 60 + Number(m[7]);
  return { seconds, nanos: Number((m[8] ?? '').padEnd(9, '0')) };
}

/** 2^32, for splitting a safe integer into 32-bit words. */
const TWO_32 = 4294967296;

/**
 * Writes a safe integer as a little-endian two's-complement integer of `words` 32-bit words at word `at` — no BigInt
 * (Arrow's buffers are little-endian, as every platform Node runs on).
 */
function writeSafeInteger(target: Uint32Array, at: number, words: number, n: number): void {
  const hi = Math.floor(n / TWO_32);
  target[at] = n - hi * TWO_32;
  target[at + 1] = hi >>> 0;
  const fill = n < 0 ? 0xffffffff : 0;
  for (let w = 2; w < words; w++) target[at + w] = fill;
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
/** Decimal text the fast path reads: an optional sign, digits, an optional fraction (the driver writes `-.5`). */
const PLAIN_DECIMAL = /^(-?)(\d*)(?:\.(\d*))?$/;
const POW10 = Array.from({ length: 16 }, (_, i) => 10 ** i);

/**
 * The unscaled value of a decimal text at `scale` as a number when it is exact — at most 15 digits once scaled, so
 * below 2^53 — else undefined (the BigInt path decides, and refuses what does not fit).
 */
function fastUnscaled(text: unknown, scale: number): number | undefined {
  if (typeof text !== 'string' || text.length > 17 || scale > 15) return undefined;
  const m = PLAIN_DECIMAL.exec(text);
  if (m === null) return undefined;
  const int = m[2] ?? '';
  const fraction = m[3] ?? '';
  if ((int === '' && fraction === '') || fraction.length > scale || int.length + scale > 15) return undefined;
  const n =
    Number(int === '' ? 0 : int) * POW10[scale]! +
    (fraction === '' ? 0 : Number(fraction) * POW10[scale - fraction.length]!);
  return m[1] === '-' ? -n : n;
}

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
      const words = bits === 64 ? new Uint32Array(data.buffer) : undefined;
      const maxNumber = bits === 64 ? Number.MAX_SAFE_INTEGER : 2 ** (bits - 1) - 1;
      each((v, i) => {
        const text = typeof v === 'number' ? String(v) : v;
        const fast = fastUnscaled(text, 0);
        if (fast !== undefined && fast <= maxNumber && fast >= -maxNumber - 1) {
          if (words === undefined) data[i] = fast as never;
          else writeSafeInteger(words, 2 * i, 2, fast);
          return;
        }
        const n = unscaledAt(column, text, 0);
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
      const limitNumber = precision >= 16 ? Number.MAX_SAFE_INTEGER : 10 ** precision - 1;
      each((v, i) => {
        const fast = fastUnscaled(v, scale);
        if (fast !== undefined && fast <= limitNumber && fast >= -limitNumber) {
          writeSafeInteger(data, i * words, words, fast);
          return;
        }
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
      const nanosecond = (type as Timestamp).unit === 3; // TimeUnit.NANOSECOND = 3, else microseconds
      const unit = nanosecond ? 1n : 1000n;
      const data = new BigInt64Array(length);
      const words = new Uint32Array(data.buffer);
      each((v, i) => {
        const t = instantOf(column, v);
        if (!nanosecond && t.nanos % 1000 !== 0) {
          throw refuse(column, v, 'is finer than microseconds (the column scale is at most 6)');
        }
        // microseconds within ±285 years of 1970 are exact numbers: no BigInt
        if (!nanosecond && Math.abs(t.seconds) < 9e9) {
          writeSafeInteger(words, 2 * i, 2, t.seconds * 1e6 + t.nanos / 1000);
          return;
        }
        const ns = BigInt(t.seconds) * 1_000_000_000n + BigInt(t.nanos);
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
        const t = instantOf(column, v);
        if (t.nanos !== 0 || t.seconds % 86400 !== 0) {
          throw refuse(column, v, 'has a time of day, which a DATE column cannot hold');
        }
        data[i] = t.seconds / 86400;
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
      // text is measured, then written in place (no per-value byte arrays); binary values are copied
      const parts: (Uint8Array | string | undefined)[] = new Array(length);
      const sizes = new Float64Array(length);
      let total = 0;
      each((v, i) => {
        const part = binary ? binaryOf(column, v) : textOfValue(column, v);
        parts[i] = part;
        sizes[i] = typeof part === 'string' ? Buffer.byteLength(part, 'utf8') : part.length;
        total += sizes[i]!;
      });
      if (!large && total > 0x7fffffff) throw refuse(column, `${total} bytes`, 'exceed a 32-bit-offset Arrow column');
      const data = new Uint8Array(total);
      const view = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      const offsets = large ? new BigInt64Array(length + 1) : new Int32Array(length + 1);
      let at = 0;
      for (let i = 0; i < length; i++) {
        const p = parts[i];
        if (typeof p === 'string') at += view.write(p, at, 'utf8');
        else if (p !== undefined) {
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
