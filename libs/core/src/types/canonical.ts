/**
 * GOE's canonical type system (reference §1.1), plus one deliberate extension:
 * `INTERVAL_MDN`, an interval of months, days and nanoseconds held together (a source `interval` that keeps the
 * three fields apart), which neither `INTERVAL_YM` nor `INTERVAL_DS` holds exactly.
 */
import { GoeError } from '../errors.js';

/** Class flags of a canonical type (reference §1.1). */
export interface CanonicalTypeClass {
  readonly number: boolean;
  readonly date: boolean;
  readonly string: boolean;
  readonly binary: boolean;
  readonly interval: boolean;
  readonly tz: boolean;
  readonly hasTime: boolean;
  /** Default byte length GOE fills into `dataLength` when none is given. */
  readonly byteLength?: number;
  /** One-line meaning. */
  readonly description: string;
}

const f = { number: false, date: false, string: false, binary: false, interval: false, tz: false, hasTime: false };

/**
 * Every canonical type with its class flags, in GOE's order; `INTERVAL_MDN` (ours) last.
 *
 * @example
 * CANONICAL_TYPES.TIMESTAMP_TZ.tz // true
 */
export const CANONICAL_TYPES = {
  FIXED_STRING: { ...f, string: true, description: 'blank-padded fixed-length character string (CHAR/NCHAR)' },
  LARGE_STRING: { ...f, string: true, description: 'LOB text (CLOB, NCLOB, LONG, TEXT)' },
  VARIABLE_STRING: { ...f, string: true, description: 'bounded or unbounded variable-length string' },
  BINARY: { ...f, binary: true, description: 'bounded binary (RAW, VARBINARY, BYTE)' },
  LARGE_BINARY: { ...f, binary: true, description: 'LOB binary (BLOB, LONG RAW, bytea)' },
  INTEGER_1: { ...f, number: true, byteLength: 1, description: '1-byte signed integer (precision 1-2)' },
  INTEGER_2: { ...f, number: true, byteLength: 2, description: '2-byte signed integer (precision 3-4)' },
  INTEGER_4: { ...f, number: true, byteLength: 4, description: '4-byte signed integer (precision 5-9)' },
  INTEGER_8: { ...f, number: true, byteLength: 8, description: '8-byte signed integer (precision 10-18)' },
  INTEGER_38: { ...f, number: true, description: '38-digit integer (precision 19-38)' },
  DECIMAL: { ...f, number: true, description: 'exact decimal (precision, scale); either may be unset' },
  FLOAT: { ...f, number: true, byteLength: 4, description: 'IEEE 754 single precision' },
  DOUBLE: { ...f, number: true, byteLength: 8, description: 'IEEE 754 double precision' },
  DATE: { ...f, date: true, description: 'calendar date without a time part' },
  TIME: { ...f, hasTime: true, description: 'time of day without a date' },
  TIMESTAMP: {
    ...f,
    date: true,
    hasTime: true,
    description: 'date and time without a zone; scale = fractional digits',
  },
  TIMESTAMP_TZ: { ...f, date: true, hasTime: true, tz: true, description: 'an instant: date and time with a zone' },
  INTERVAL_DS: {
    ...f,
    interval: true,
    description: 'day-to-second interval (precision = day digits, scale = fractional digits)',
  },
  INTERVAL_YM: { ...f, interval: true, description: 'year-to-month interval (precision = year digits)' },
  BOOLEAN: { ...f, description: 'boolean' },
  INTERVAL_MDN: {
    ...f,
    interval: true,
    description:
      'GOE-TS extension: months, days and nanoseconds held independently (an interval keeping the three apart)',
  },
} as const satisfies Record<string, CanonicalTypeClass>;

/** A canonical type name, e.g. `'DECIMAL'`. */
export type CanonicalType = keyof typeof CANONICAL_TYPES;

/** GOE's 20 canonical types, in GOE's order (`ALL_CANONICAL_TYPES`). */
export const GOE_CANONICAL_TYPES = [
  'FIXED_STRING',
  'LARGE_STRING',
  'VARIABLE_STRING',
  'BINARY',
  'LARGE_BINARY',
  'INTEGER_1',
  'INTEGER_2',
  'INTEGER_4',
  'INTEGER_8',
  'INTEGER_38',
  'DECIMAL',
  'FLOAT',
  'DOUBLE',
  'DATE',
  'TIME',
  'TIMESTAMP',
  'TIMESTAMP_TZ',
  'INTERVAL_DS',
  'INTERVAL_YM',
  'BOOLEAN',
] as const satisfies readonly CanonicalType[];

/** Every canonical type we support: GOE's 20 plus our documented extensions. */
export const ALL_CANONICAL_TYPES = Object.keys(CANONICAL_TYPES) as readonly CanonicalType[];

/** Types that are dates (`DATE_CANONICAL_TYPES`). */
export const DATE_CANONICAL_TYPES = ['DATE', 'TIMESTAMP', 'TIMESTAMP_TZ'] as const satisfies readonly CanonicalType[];
/** Types that are numbers (`NUMERIC_CANONICAL_TYPES`). */
export const NUMERIC_CANONICAL_TYPES = [
  'INTEGER_1',
  'INTEGER_2',
  'INTEGER_4',
  'INTEGER_8',
  'INTEGER_38',
  'DECIMAL',
  'FLOAT',
  'DOUBLE',
] as const satisfies readonly CanonicalType[];
/** Types that are strings (`STRING_CANONICAL_TYPES`). */
export const STRING_CANONICAL_TYPES = [
  'FIXED_STRING',
  'LARGE_STRING',
  'VARIABLE_STRING',
] as const satisfies readonly CanonicalType[];
/** Integer types and their precision ranges (GOE's INTEGER_n rules). */
export const INTEGER_TYPE_PRECISION = {
  INTEGER_1: { min: 1, max: 2 },
  INTEGER_2: { min: 3, max: 4 },
  INTEGER_4: { min: 5, max: 9 },
  INTEGER_8: { min: 10, max: 18 },
  INTEGER_38: { min: 19, max: 38 },
} as const;

/** True when `value` names a canonical type. @example isCanonicalType('DATE') // true */
export function isCanonicalType(value: unknown): value is CanonicalType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(CANONICAL_TYPES, value);
}
/** True for number types. @example isNumberType('DOUBLE') // true */
export function isNumberType(t: CanonicalType): boolean {
  return CANONICAL_TYPES[t].number;
}
/** True for DATE, TIMESTAMP, TIMESTAMP_TZ (TIME is not date-based). @example isDateType('TIME') // false */
export function isDateType(t: CanonicalType): boolean {
  return CANONICAL_TYPES[t].date;
}
/** True for string types. @example isStringType('LARGE_STRING') // true */
export function isStringType(t: CanonicalType): boolean {
  return CANONICAL_TYPES[t].string;
}
/** True for binary types. @example isBinaryType('BINARY') // true */
export function isBinaryType(t: CanonicalType): boolean {
  return CANONICAL_TYPES[t].binary;
}
/** True for interval types. @example isIntervalType('INTERVAL_MDN') // true */
export function isIntervalType(t: CanonicalType): boolean {
  return CANONICAL_TYPES[t].interval;
}
/** True for types with a time part. @example hasTimePart('TIME') // true */
export function hasTimePart(t: CanonicalType): boolean {
  return CANONICAL_TYPES[t].hasTime;
}
/** True for types with a time zone. @example hasTimeZone('TIMESTAMP_TZ') // true */
export function hasTimeZone(t: CanonicalType): boolean {
  return CANONICAL_TYPES[t].tz;
}

/** How a string length was declared (reference §1.3). */
export type CharSemantics = 'BYTE' | 'CHAR' | 'UNICODE';

/**
 * The safe-mapping merge rule (reference §1.4): an explicit `false` always wins; `true` never overwrites a
 * prior `false`; `undefined` keeps the prior.
 *
 * @example
 * isSafeMapping(undefined, true) // true
 * isSafeMapping(false, true) // false
 */
export function isSafeMapping(
  prior: boolean | undefined | null,
  next: boolean | undefined | null,
): boolean | undefined {
  if (next === undefined || next === null) return prior ?? undefined;
  if (next === false) return false;
  return prior ?? true;
}

/**
 * Normalizes a char-semantics input (upper-cased; anything but BYTE/CHAR/UNICODE is an error).
 *
 * @example
 * normalizeCharSemantics('char') // 'CHAR'
 */
export function normalizeCharSemantics(value: string | undefined | null): CharSemantics | undefined {
  if (value === undefined || value === null) return undefined;
  const v = value.toUpperCase();
  if (v === 'BYTE' || v === 'CHAR' || v === 'UNICODE') return v;
  throw new GoeError('OPTION_INVALID', `Invalid char semantics: ${value} (expected BYTE, CHAR or UNICODE)`);
}

/**
 * Normalizes a nullable input: booleans as is; `Y/YES/TRUE` and `N/NO/FALSE` in any case; anything else is an
 * error (reference §1.2).
 *
 * @example
 * normalizeNullable('yes') // true
 */
export function normalizeNullable(value: boolean | string | undefined | null): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  const v = value.toUpperCase();
  if (v === 'Y' || v === 'YES' || v === 'TRUE') return true;
  if (v === 'N' || v === 'NO' || v === 'FALSE') return false;
  throw new GoeError('OPTION_INVALID', `Invalid nullable value: ${value} (expected Y/YES/TRUE or N/NO/FALSE)`);
}
