/**
 * Exact JavaScript representations of canonical values and their canonical TEXT form: the one spelling every
 * conformance comparison uses, so that "equal" means "the same value", whatever driver or engine produced it.
 *
 * | canonical type | JS value | text form |
 * |---|---|---|
 * | FIXED_STRING, VARIABLE_STRING, LARGE_STRING | `string` | the string itself (no trimming, no Unicode normalization) |
 * | BINARY, LARGE_BINARY | `Uint8Array` | lower-case hex, `''` for an empty value |
 * | INTEGER_1/2/4 | `number` | decimal integer |
 * | INTEGER_8 | `bigint` | decimal integer |
 * | INTEGER_38 | `string` (decimal text) | decimal integer |
 * | DECIMAL(p,s) | `string` (decimal text) | plain decimal, exactly `s` fractional digits (none for s ≤ 0) |
 * | FLOAT / DOUBLE | `number` | `Number#toString` (FLOAT after `Math.fround`), `NaN`, `Infinity`, `-Infinity`, `-0` |
 * | DATE | {@link DateValue} `{ days }` since 1970-01-01 | `YYYY-MM-DD` (proleptic Gregorian) |
 * | TIME | `bigint` nanoseconds since midnight | `HH:MM:SS[.f…]` |
 * | TIMESTAMP | `bigint` nanoseconds since 1970-01-01T00:00 of the wall clock | `YYYY-MM-DDTHH:MM:SS[.f…]` |
 * | TIMESTAMP_TZ | `bigint` nanoseconds since the epoch (UTC) | `YYYY-MM-DDTHH:MM:SS[.f…]Z` |
 * | INTERVAL_YM/DS/MDN | `IntervalValue` from `@goe/core` | core's `formatInterval` |
 * | BOOLEAN | `boolean` | `true` / `false` |
 *
 * Fractional seconds have exactly `scale` digits (default 6), or 9 when the value is finer than the scale: a
 * text form never hides a difference between two values.
 */
import { formatInterval, GoeError, parseInterval, type CanonicalColumn, type IntervalValue } from '@goe/core';

/** A calendar date: days since 1970-01-01 in the proleptic Gregorian calendar (Arrow `Date32`). */
export interface DateValue {
  readonly days: number;
}

/** Any value {@link canonicalText} accepts. */
export type CanonicalValue =
  | string
  | number
  | bigint
  | boolean
  | Uint8Array
  | DateValue
  | IntervalValue
  | null
  | undefined;

const NS_PER_DAY = 86_400_000_000_000n;

const floorDiv = (a: bigint, b: bigint): bigint => {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
};

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (any year, no `Date` pitfalls such as years 0–99).
 *
 * @example
 * daysFromCivil(1, 1, 1) // -719162
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * The proleptic Gregorian date of a day number.
 *
 * @example
 * civilFromDays(-1) // { year: 1969, month: 12, day: 31 }
 */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

const pad = (n: number | bigint, width: number) => String(n).padStart(width, '0');

function formatYear(year: number): string {
  if (year >= 0 && year <= 9999) return pad(year, 4);
  return (year < 0 ? '-' : '+') + pad(Math.abs(year), 6);
}

/** `YYYY-MM-DD` of a day number. @example formatDate(0) // '1970-01-01' */
export function formatDate(days: number): string {
  const { year, month, day } = civilFromDays(days);
  return `${formatYear(year)}-${pad(month, 2)}-${pad(day, 2)}`;
}

const DATE_RE = /^([+-]?\d{4,6})-(\d{2})-(\d{2})/;
const TS_RE = /^([+-]?\d{4,6})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses `YYYY-MM-DD` into a {@link DateValue}.
 *
 * @throws GoeError `VALIDATION_MISMATCH` when the text is not a date.
 * @example
 * parseDate('0001-01-01') // { days: -719162 }
 */
export function parseDate(text: string): DateValue {
  const m = DATE_RE.exec(text);
  if (!m || text.length !== m[0].length)
    throw new GoeError('VALIDATION_MISMATCH', `Not a date: ${JSON.stringify(text)}`);
  return { days: daysFromCivil(Number(m[1]), Number(m[2]), Number(m[3])) };
}

/**
 * Parses ISO-like timestamp text (`YYYY-MM-DD[T| ]HH:MM:SS[.f{1,9}][Z|±HH:MM]`) into nanoseconds since the epoch;
 * an offset is applied (the result is UTC), text without one is read as a wall clock.
 *
 * @throws GoeError `VALIDATION_MISMATCH` when the text is not a timestamp.
 * @example
 * parseTimestamp('2024-03-31T02:00:00+01:00') // 1711846800000000000n
 */
export function parseTimestamp(text: string): bigint {
  const m = TS_RE.exec(text);
  if (!m) throw new GoeError('VALIDATION_MISMATCH', `Not a timestamp: ${JSON.stringify(text)}`);
  const days = BigInt(daysFromCivil(Number(m[1]), Number(m[2]), Number(m[3])));
  const secs = BigInt(Number(m[4] ?? 0) * 3600 + Number(m[5] ?? 0) * 60 + Number(m[6] ?? 0));
  let ns = days * NS_PER_DAY + secs * 1_000_000_000n + BigInt((m[7] ?? '').padEnd(9, '0') || '0');
  const zone = m[8];
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1n : 1n;
    const digits = zone.slice(1).replace(':', '');
    ns -= sign * BigInt(Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2)) * 60) * 1_000_000_000n;
  }
  return ns;
}

function fraction(ns: bigint, scale: number | undefined): string {
  const digits = Math.min(Math.max(scale ?? 6, 0), 9);
  const nine = pad(ns, 9);
  const shown = nine.slice(digits).replace(/0+$/, '') === '' ? digits : 9;
  return shown === 0 ? '' : '.' + nine.slice(0, shown);
}

function formatClock(nsOfDay: bigint, scale: number | undefined): string {
  const secs = nsOfDay / 1_000_000_000n;
  const h = secs / 3600n;
  const mi = (secs % 3600n) / 60n;
  const s = secs % 60n;
  return `${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}${fraction(nsOfDay % 1_000_000_000n, scale)}`;
}

/**
 * Timestamp text of nanoseconds since the epoch: `YYYY-MM-DDTHH:MM:SS[.f…]`, with `Z` when `zoned`.
 *
 * @param scale fractional digits to show (default 6); 9 are shown when the value is finer.
 * @example
 * formatTimestamp(-1n, 9) // '1969-12-31T23:59:59.999999999'
 */
export function formatTimestamp(epochNanos: bigint, scale?: number, zoned = false): string {
  const days = floorDiv(epochNanos, NS_PER_DAY);
  const rest = epochNanos - days * NS_PER_DAY;
  return `${formatDate(Number(days))}T${formatClock(rest, scale)}${zoned ? 'Z' : ''}`;
}

/** An exact decimal: `unscaled × 10^-scale`. */
export interface DecimalValue {
  readonly unscaled: bigint;
  readonly scale: number;
}

const DEC_RE = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Parses decimal text (also exponent forms such as `1E-4` that some engines print) exactly.
 *
 * @throws GoeError `VALIDATION_MISMATCH` when the text is not a number.
 * @example
 * parseDecimal('-12.50') // { unscaled: -1250n, scale: 2 }
 */
export function parseDecimal(text: string): DecimalValue {
  const m = DEC_RE.exec(text.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === ''))
    throw new GoeError('VALIDATION_MISMATCH', `Not a decimal number: ${JSON.stringify(text)}`);
  const frac = m[3] ?? '';
  let unscaled = BigInt((m[2] || '0') + frac);
  let scale = frac.length - Number(m[4] ?? 0);
  if (scale < 0) {
    unscaled *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { unscaled: m[1] === '-' ? -unscaled : unscaled, scale };
}

/**
 * Decimal text with exactly `scale` fractional digits, or more when the value needs them (never rounded); with no
 * `scale`, the fewest digits that hold the value.
 *
 * @example
 * formatDecimal({ unscaled: 15n, scale: 1 }, 4) // '1.5000'
 * formatDecimal({ unscaled: -0n, scale: 0 }, 2) // '0.00'
 */
export function formatDecimal(value: DecimalValue, scale?: number): string {
  let { unscaled, scale: s } = value;
  const want = Math.max(scale ?? 0, 0);
  // drop trailing zeros beyond the wanted scale, pad up to it
  while (s > want && unscaled % 10n === 0n) {
    unscaled /= 10n;
    s -= 1;
  }
  if (s < want) {
    unscaled *= 10n ** BigInt(want - s);
    s = want;
  }
  const neg = unscaled < 0n;
  const digits = (neg ? -unscaled : unscaled).toString().padStart(s + 1, '0');
  const text = s === 0 ? digits : `${digits.slice(0, digits.length - s)}.${digits.slice(digits.length - s)}`;
  return neg ? `-${text}` : text;
}

/**
 * The exact decimal of a numeric value: a bigint, a finite number or decimal text.
 *
 * @throws GoeError `VALIDATION_MISMATCH` for anything else.
 * @example
 * toDecimalValue('1.50') // { unscaled: 150n, scale: 2 }
 */
export function toDecimalValue(value: CanonicalValue, what = 'numeric'): DecimalValue {
  if (typeof value === 'bigint') return { unscaled: value, scale: 0 };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw mismatch(what, value);
    return parseDecimal(String(value));
  }
  if (typeof value === 'string') return parseDecimal(value);
  throw mismatch(what, value);
}

function mismatch(what: string, value: unknown): GoeError {
  const shown =
    typeof value === 'bigint'
      ? `${value}n`
      : value instanceof Uint8Array
        ? `Uint8Array(${value.length})`
        : JSON.stringify(value);
  return new GoeError('VALIDATION_MISMATCH', `Not a ${what} value: ${shown}`);
}

/** True for a {@link DateValue}. @example isDateValue({ days: 0 }) // true */
export function isDateValue(value: unknown): value is DateValue {
  return (
    typeof value === 'object' && value !== null && typeof (value as DateValue).days === 'number' && !('months' in value)
  );
}

/** True for an `IntervalValue`. @example isIntervalValue({ months: 0, days: 0, nanoseconds: 0n }) // true */
export function isIntervalValue(value: unknown): value is IntervalValue {
  return (
    typeof value === 'object' &&
    value !== null &&
    'months' in value &&
    typeof (value as IntervalValue).nanoseconds === 'bigint'
  );
}

/**
 * Nanoseconds since the epoch of a timestamp value: a bigint, a {@link DateValue} (midnight) or timestamp text.
 *
 * @throws GoeError `VALIDATION_MISMATCH` for anything else.
 * @example
 * toEpochNanos({ days: 1 }) // 86400000000000n
 */
export function toEpochNanos(value: CanonicalValue, what = 'timestamp'): bigint {
  if (typeof value === 'bigint') return value;
  if (isDateValue(value)) return BigInt(value.days) * NS_PER_DAY;
  if (typeof value === 'string') return parseTimestamp(value);
  throw mismatch(what, value);
}

/**
 * The exact interval of a value in a column of the given interval type: an `IntervalValue` or its text form.
 * INTERVAL_DS values are normalized to `{ months: 0, days: 0, nanoseconds }` (what `parseInterval` returns).
 *
 * @throws GoeError `VALIDATION_MISMATCH` when the value has parts the type cannot hold (days in a YM interval…).
 * @example
 * toIntervalValue('INTERVAL_DS', { months: 0, days: 1, nanoseconds: 1n }) // { months: 0, days: 0, nanoseconds: 86400000000001n }
 */
export function toIntervalValue(
  type: 'INTERVAL_YM' | 'INTERVAL_DS' | 'INTERVAL_MDN',
  value: CanonicalValue,
): IntervalValue {
  let v: IntervalValue;
  if (typeof value === 'string') v = parseInterval(type, value);
  else if (isIntervalValue(value)) v = value;
  else throw mismatch(type, value);
  switch (type) {
    case 'INTERVAL_YM':
      if (v.days !== 0 || v.nanoseconds !== 0n) throw mismatch(type, formatInterval('INTERVAL_MDN', v));
      return v;
    case 'INTERVAL_DS':
      if (v.months !== 0) throw mismatch(type, formatInterval('INTERVAL_MDN', v));
      return { months: 0, days: 0, nanoseconds: BigInt(v.days) * NS_PER_DAY + v.nanoseconds };
    default:
      return v;
  }
}

const FLOAT_RE = /^(?:NaN|[+-]?Infinity|[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)$/;

function formatFloat(n: number): string {
  return Object.is(n, -0) ? '-0' : String(n);
}

/**
 * The canonical text form of a value in a column (see the table at the top of this module), or `null` for NULL.
 * Lenient about the input representation where the meaning is unambiguous: integers as number, bigint or text;
 * a {@link DateValue} in a TIMESTAMP column (midnight); ISO text for dates and timestamps; interval text.
 *
 * @throws GoeError `VALIDATION_MISMATCH` when the value cannot be a value of the column's type.
 * @example
 * canonicalText(canonicalColumn({ name: 'D', dataType: 'DECIMAL', precision: 10, scale: 2 }), '1.5') // '1.50'
 * canonicalText(canonicalColumn({ name: 'T', dataType: 'TIMESTAMP_TZ', scale: 9 }), 1n) // '1970-01-01T00:00:00.000000001Z'
 */
export function canonicalText(column: CanonicalColumn, value: CanonicalValue): string | null {
  if (value === null || value === undefined) return null;
  const t = column.dataType;
  switch (t) {
    case 'FIXED_STRING':
    case 'VARIABLE_STRING':
    case 'LARGE_STRING':
      if (typeof value !== 'string') throw mismatch(t, value);
      return value;
    case 'BINARY':
    case 'LARGE_BINARY':
      if (!(value instanceof Uint8Array)) throw mismatch(t, value);
      return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex');
    case 'INTEGER_1':
    case 'INTEGER_2':
    case 'INTEGER_4':
    case 'INTEGER_8':
    case 'INTEGER_38': {
      const d = toDecimalValue(value, t);
      const text = formatDecimal(d);
      if (text.includes('.')) throw mismatch(t, value);
      return text;
    }
    case 'DECIMAL':
      return formatDecimal(toDecimalValue(value, t), Math.max(column.scale ?? 0, 0));
    case 'FLOAT':
    case 'DOUBLE': {
      let n: number;
      if (typeof value === 'number') n = value;
      else if (typeof value === 'string' && FLOAT_RE.test(value)) n = Number(value);
      else throw mismatch(t, value);
      return formatFloat(t === 'FLOAT' ? Math.fround(n) : n);
    }
    case 'DATE':
      if (isDateValue(value)) return formatDate(value.days);
      if (typeof value === 'string') return formatDate(parseDate(value).days);
      throw mismatch(t, value);
    case 'TIME': {
      const ns = typeof value === 'string' ? parseTimestamp(`1970-01-01T${value}`) : value;
      if (typeof ns !== 'bigint' || ns < 0n || ns >= NS_PER_DAY) throw mismatch(t, value);
      return formatClock(ns, column.scale);
    }
    case 'TIMESTAMP':
    case 'TIMESTAMP_TZ':
      return formatTimestamp(toEpochNanos(value, t), column.scale, t === 'TIMESTAMP_TZ');
    case 'INTERVAL_YM':
    case 'INTERVAL_DS':
    case 'INTERVAL_MDN':
      return formatInterval(t, toIntervalValue(t, value));
    case 'BOOLEAN':
      if (typeof value === 'boolean') return String(value);
      if (value === 'true' || value === 'false') return value;
      throw mismatch(t, value);
    default: {
      const never: never = t;
      throw new GoeError('INTERNAL', `Unexpected canonical type ${String(never)}`);
    }
  }
}
