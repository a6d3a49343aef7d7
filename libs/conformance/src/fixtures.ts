/**
 * The canonical fixture generator: one or more columns per canonical type, each with named cases holding exact
 * values (see `values.ts` for the JS representation and the canonical text form), laid out as one table.
 *
 * Table layout: column `ID` (INTEGER_8, NOT NULL, primary key) numbers the rows 0…n−1; every fixture column is named
 * `C_<key>` and holds its cases in order from row 0 (case `null`, so row 0 is NULL in every fixture column); rows past
 * a column's last case are NULL. A case's `row` is its ID.
 */
import type { Table } from 'apache-arrow';
import {
  ALL_CANONICAL_TYPES,
  canonicalColumn,
  GoeError,
  type CanonicalColumn,
  type CanonicalType,
  type IntervalValue,
} from '@goe/core';
import { canonicalText, parseDate, parseTimestamp, type CanonicalValue } from './values.js';
import { tableFromValues } from './arrow-values.js';

/** One named value of a fixture column. */
export interface FixtureCase {
  /** `<column key>.<case name>`, e.g. `DECIMAL_38_10.max`; unique across the fixtures. */
  readonly id: string;
  /** e.g. `max`, `year-1`, `london-spring-after`. */
  readonly name: string;
  /** What the case is about. */
  readonly title: string;
  /** The row (= `ID` value) holding the case. */
  readonly row: number;
  /** The exact value (`null` for NULL). For large cases generated on first access. */
  readonly value: CanonicalValue;
  /** The canonical text form of the value (`null` for NULL). For large cases generated on first access. */
  readonly text: string | null;
  /** True for the large-object cases (10 MiB by default). */
  readonly large?: boolean;
  /** TIMESTAMP_TZ cases about a time zone: the zone and the wall clock there, with its UTC offset. */
  readonly zoned?: { readonly zone: string; readonly local: string };
  /** Set by {@link CanonicalFixtures.exclude}: why the case is not used (its value is then NULL). */
  readonly excluded?: string;
}

/** A fixture column: a canonical column and its cases. */
export interface FixtureColumn {
  /** e.g. `DECIMAL_38_10`; the column is named `C_<key>`. */
  readonly key: string;
  readonly type: CanonicalType;
  readonly column: CanonicalColumn;
  readonly cases: readonly FixtureCase[];
}

/** Options of {@link canonicalFixtures}. */
export interface CanonicalFixturesOptions {
  /**
   * Bytes of the large-object cases (`LARGE_STRING.lob` UTF-8 bytes, `LARGE_BINARY.lob` bytes). Default
   * 10 MiB (10 485 760). Values are generated deterministically on first access, so unused fixtures cost nothing.
   */
  readonly lobBytes?: number;
}

/** The fixture set: columns, cases and the table layout. */
export interface CanonicalFixtures {
  /** `ID`: INTEGER_8, NOT NULL, the primary key, values 0…rowCount−1. */
  readonly idColumn: CanonicalColumn;
  /** Fixture columns in table order (every type of `ALL_CANONICAL_TYPES` at least once). */
  readonly columns: readonly FixtureColumn[];
  /** Every column of the table, `ID` first. */
  readonly tableColumns: readonly CanonicalColumn[];
  /** Always `['ID']`. */
  readonly primaryKey: readonly string[];
  readonly rowCount: number;
  readonly lobBytes: number;
  /** Exclusions applied by {@link CanonicalFixtures.exclude}: key → reason. */
  readonly exclusions: Readonly<Record<string, string>>;
  /** Fixture columns of one canonical type. */
  byType(type: CanonicalType): readonly FixtureColumn[];
  /** A fixture column by key (`DECIMAL_38_10`) or column name (`C_DECIMAL_38_10`), case-insensitively. */
  column(keyOrName: string): FixtureColumn | undefined;
  /** A case by id. */
  caseById(id: string): FixtureCase | undefined;
  /** The case at a row of a column, if any (rows past the last case are NULL). */
  caseAt(row: number, keyOrName: string): FixtureCase | undefined;
  /** The value at a row of a column (`ID`: the row number as bigint). */
  valueAt(row: number, keyOrName: string): CanonicalValue;
  /** The rows as objects keyed by column name, `ID` included (large values are materialized). */
  rows(): Iterable<Readonly<Record<string, CanonicalValue>>>;
  /**
   * A copy without some columns or cases, for engines that cannot hold them. Keys are column keys or names
   * (the column is dropped) or case ids (the value becomes NULL and the case carries `excluded`).
   *
   * @throws GoeError `OPTION_INVALID` for a key that names no column or case.
   */
  exclude(exclusions: Readonly<Record<string, string>>): CanonicalFixtures;
}

/** Default bytes of the large-object cases: 10 MiB. @example canonicalFixtures().lobBytes === DEFAULT_LOB_BYTES // true */
export const DEFAULT_LOB_BYTES = 10 * 1024 * 1024;

/** A tiny deterministic PRNG (xorshift32). */
function xorshift(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

/**
 * Deterministic text of exactly `bytes` UTF-8 bytes mixing 1-, 2-, 3- and 4-byte characters (ASCII, `é`, `漢`,
 * `😀`): a 4 KiB block repeated, then ASCII to the exact length.
 *
 * @example
 * Buffer.byteLength(largeText(1000)) // 1000
 */
export function largeText(bytes: number): string {
  const next = xorshift(0x60e);
  const alphabet = ['a', 'b', 'Z', '0', ' ', '\n', 'é', 'ß', '漢', 'か', '😀', '👍'];
  let block = '';
  let blockBytes = 0;
  while (blockBytes < 4096 - 4) {
    const ch = alphabet[next() % alphabet.length]!;
    block += ch;
    blockBytes += Buffer.byteLength(ch);
  }
  const reps = Math.floor(bytes / blockBytes);
  return block.repeat(reps) + 'x'.repeat(bytes - reps * blockBytes);
}

/**
 * Deterministic pseudo-random bytes.
 *
 * @example
 * largeBinary(16).length // 16
 */
export function largeBinary(bytes: number): Uint8Array {
  const next = xorshift(0xb10b);
  const out = new Uint8Array(bytes);
  const words = new Uint32Array(out.buffer, 0, Math.floor(bytes / 4));
  for (let i = 0; i < words.length; i++) words[i] = next();
  for (let i = words.length * 4; i < bytes; i++) out[i] = next() & 0xff;
  return out;
}

interface CaseSpec {
  readonly name: string;
  readonly title: string;
  readonly value: CanonicalValue | (() => CanonicalValue);
  readonly large?: boolean;
  readonly zoned?: { readonly zone: string; readonly local: string };
}

interface ColumnSpec {
  readonly key: string;
  readonly type: CanonicalType;
  readonly attrs?: {
    dataLength?: number;
    charLength?: number;
    charSemantics?: string;
    precision?: number;
    scale?: number;
  };
  readonly cases: readonly CaseSpec[];
}

const NULL_CASE: CaseSpec = { name: 'null', title: 'NULL', value: null };
const c = (name: string, title: string, value: CaseSpec['value'], extra: Partial<CaseSpec> = {}): CaseSpec => ({
  name,
  title,
  value,
  ...extra,
});
const ts = (text: string) => parseTimestamp(text);
const date = (text: string) => parseDate(text);
const nines = (n: number) => '9'.repeat(n);
const ym = (months: number): IntervalValue => ({ months, days: 0, nanoseconds: 0n });
const ds = (nanoseconds: bigint): IntervalValue => ({ months: 0, days: 0, nanoseconds });
const S = 1_000_000_000n;
const zoned = (name: string, title: string, utc: string, zone: string, local: string) =>
  c(name, title, ts(utc), { zoned: { zone, local } });

function columnSpecs(lobBytes: number): ColumnSpec[] {
  return [
    {
      key: 'FIXED_STRING',
      type: 'FIXED_STRING',
      attrs: { charLength: 10, dataLength: 40, charSemantics: 'CHAR' },
      cases: [
        NULL_CASE,
        c('padded', 'short value blank-padded to the length', 'abc       '),
        c('full', 'every character used', 'abcdefghij'),
        c('blanks', 'only blanks', '          '),
        c('multibyte', 'multi-byte characters counted as characters', 'é漢字       '),
      ],
    },
    {
      key: 'LARGE_STRING',
      type: 'LARGE_STRING',
      cases: [
        NULL_CASE,
        c('empty', 'empty string (not NULL)', ''),
        c('multibyte', 'mixed scripts and emoji', 'Grüße, 漢字, 😀'),
        c('lob', `${lobBytes} bytes of mixed 1-4 byte UTF-8`, () => largeText(lobBytes), { large: true }),
      ],
    },
    {
      key: 'VARIABLE_STRING',
      type: 'VARIABLE_STRING',
      attrs: { charLength: 1000, dataLength: 4000, charSemantics: 'CHAR' },
      cases: [
        NULL_CASE,
        c('empty', 'empty string (not NULL)', ''),
        c('space', 'one blank (not trimmed)', ' '),
        c('ascii', 'plain ASCII', 'hello, world'),
        c('trailing-blanks', 'trailing blanks kept', 'abc   '),
        c('emoji', 'surrogate pairs, skin tone modifier, ZWJ sequence', '😀👍🏽👨‍👩‍👧'),
        c('cjk', 'Chinese, Japanese, Korean', '漢字かな한국어'),
        c('combining', 'decomposed characters (not normalized to NFC)', 'e\u0301 a\u0308 n\u0303'),
        c('rtl', 'right-to-left script', 'مرحبا بالعالم'),
        c('quotes', 'quotes, backslash, LIKE wildcards, comment markers', `O'Reilly "q" \\ % _ ; -- /* */`),
        c('control', 'tab, newline, carriage return', 'tab\tnewline\ncr\r'),
        c('max-length', 'charLength ASCII characters', 'x'.repeat(1000)),
        c('max-length-multibyte', 'charLength 3-byte characters', '漢'.repeat(1000)),
      ],
    },
    {
      key: 'BINARY',
      type: 'BINARY',
      attrs: { dataLength: 16 },
      cases: [
        NULL_CASE,
        c('empty', 'zero bytes (not NULL)', new Uint8Array(0)),
        c('zero-byte', 'a single 0x00', Uint8Array.of(0)),
        c('edges', 'sign-bit edges', Uint8Array.of(0x00, 0x7f, 0x80, 0xff)),
        c('max-length', 'dataLength bytes of 0xff', new Uint8Array(16).fill(0xff)),
      ],
    },
    {
      key: 'LARGE_BINARY',
      type: 'LARGE_BINARY',
      cases: [
        NULL_CASE,
        c('empty', 'zero bytes (not NULL)', new Uint8Array(0)),
        c(
          'all-bytes',
          'every byte value 0x00-0xff',
          Uint8Array.from({ length: 256 }, (_, i) => i),
        ),
        c('lob', `${lobBytes} pseudo-random bytes`, () => largeBinary(lobBytes), { large: true }),
      ],
    },
    {
      key: 'INTEGER_1',
      type: 'INTEGER_1',
      cases: [
        NULL_CASE,
        c('min', 'Int8 minimum', -128),
        c('max', 'Int8 maximum', 127),
        c('zero', 'zero', 0),
        c('minus-one', '-1', -1),
      ],
    },
    {
      key: 'INTEGER_2',
      type: 'INTEGER_2',
      cases: [
        NULL_CASE,
        c('min', 'Int16 minimum', -32768),
        c('max', 'Int16 maximum', 32767),
        c('zero', 'zero', 0),
        c('minus-one', '-1', -1),
      ],
    },
    {
      key: 'INTEGER_4',
      type: 'INTEGER_4',
      cases: [
        NULL_CASE,
        c('min', 'Int32 minimum', -2147483648),
        c('max', 'Int32 maximum', 2147483647),
        c('zero', 'zero', 0),
        c('minus-one', '-1', -1),
      ],
    },
    {
      key: 'INTEGER_8',
      type: 'INTEGER_8',
      cases: [
        NULL_CASE,
        c('min', 'Int64 minimum', -9223372036854775808n),
        c('max', 'Int64 maximum', 9223372036854775807n),
        c('beyond-double', '2^53 + 1 (not a safe JS number)', 9007199254740993n),
        c('zero', 'zero', 0n),
      ],
    },
    {
      key: 'INTEGER_38',
      type: 'INTEGER_38',
      attrs: { precision: 38, scale: 0 },
      cases: [
        NULL_CASE,
        c('min', '38 digits, negative', '-' + nines(38)),
        c('max', '38 digits', nines(38)),
        c('beyond-int64', 'Int64 maximum + 1', '9223372036854775808'),
        c('zero', 'zero', '0'),
      ],
    },
    {
      key: 'DECIMAL',
      type: 'DECIMAL',
      attrs: { precision: 18, scale: 4 },
      cases: [
        NULL_CASE,
        c('zero', 'zero', '0.0000'),
        c('max', 'largest DECIMAL(18,4)', nines(14) + '.' + nines(4)),
        c('min', 'smallest DECIMAL(18,4)', '-' + nines(14) + '.' + nines(4)),
        c('smallest-positive', 'one unit of the last place', '0.0001'),
        c('smallest-negative', 'minus one unit of the last place', '-0.0001'),
        c('typical', 'a typical amount', '12345.6789'),
      ],
    },
    {
      key: 'DECIMAL_38_10',
      type: 'DECIMAL',
      attrs: { precision: 38, scale: 10 },
      cases: [
        NULL_CASE,
        c('max', 'largest DECIMAL(38,10) (Decimal128 maximum precision)', nines(28) + '.' + nines(10)),
        c('min', 'smallest DECIMAL(38,10)', '-' + nines(28) + '.' + nines(10)),
        c('smallest-positive', 'one unit of the last place', '0.0000000001'),
        c('beyond-int64', 'Int64 maximum + 1 and a fraction', '9223372036854775808.0000000001'),
      ],
    },
    {
      key: 'DECIMAL_38_38',
      type: 'DECIMAL',
      attrs: { precision: 38, scale: 38 },
      cases: [
        NULL_CASE,
        c('max', 'largest DECIMAL(38,38): maximum scale', '0.' + nines(38)),
        c('min', 'smallest DECIMAL(38,38)', '-0.' + nines(38)),
        c('smallest-positive', 'one unit of the 38th place', '0.' + '0'.repeat(37) + '1'),
      ],
    },
    {
      key: 'DECIMAL_76_38',
      type: 'DECIMAL',
      attrs: { precision: 76, scale: 38 },
      cases: [
        NULL_CASE,
        c('max', 'largest DECIMAL(76,38) (Decimal256)', nines(38) + '.' + nines(38)),
        c('min', 'smallest DECIMAL(76,38)', '-' + nines(38) + '.' + nines(38)),
        c('smallest-positive', 'one unit of the last place', '0.' + '0'.repeat(37) + '1'),
        c('large-integer-part', '10^37: 38 integer digits', '1' + '0'.repeat(37)),
      ],
    },
    {
      key: 'DECIMAL_5_M3',
      type: 'DECIMAL',
      attrs: { precision: 5, scale: -3 },
      cases: [
        NULL_CASE,
        c('max', 'largest NUMBER(5,-3): 99999 thousands', '99999000'),
        c('min', 'smallest NUMBER(5,-3)', '-99999000'),
        c('one-unit', 'one unit (1000)', '1000'),
        c('zero', 'zero', '0'),
      ],
    },
    {
      key: 'FLOAT',
      type: 'FLOAT',
      cases: [
        NULL_CASE,
        c('zero', 'zero', 0),
        c('negative-zero', '-0', -0),
        c('fraction', 'float32 nearest to 0.1', Math.fround(0.1)),
        c('max', 'largest float32', 3.4028234663852886e38),
        c('lowest', 'most negative float32', -3.4028234663852886e38),
        c('min-normal', 'smallest normal float32', 1.1754943508222875e-38),
        c('min-subnormal', 'smallest subnormal float32', 1.401298464324817e-45),
        c('nan', 'NaN', Number.NaN),
        c('infinity', '+Infinity', Number.POSITIVE_INFINITY),
        c('negative-infinity', '-Infinity', Number.NEGATIVE_INFINITY),
      ],
    },
    {
      key: 'DOUBLE',
      type: 'DOUBLE',
      cases: [
        NULL_CASE,
        c('zero', 'zero', 0),
        c('negative-zero', '-0', -0),
        c('fraction', 'double nearest to 0.1', 0.1),
        c('max', 'largest double', Number.MAX_VALUE),
        c('lowest', 'most negative double', -Number.MAX_VALUE),
        c('min-normal', 'smallest normal double', 2.2250738585072014e-308),
        c('min-subnormal', 'smallest subnormal double', Number.MIN_VALUE),
        c('max-safe-integer', '2^53 - 1', Number.MAX_SAFE_INTEGER),
        c('nan', 'NaN', Number.NaN),
        c('infinity', '+Infinity', Number.POSITIVE_INFINITY),
        c('negative-infinity', '-Infinity', Number.NEGATIVE_INFINITY),
      ],
    },
    {
      key: 'DATE',
      type: 'DATE',
      cases: [
        NULL_CASE,
        c('year-1', 'first day of year 1 (proleptic Gregorian)', date('0001-01-01')),
        c('year-9999', 'last day of year 9999', date('9999-12-31')),
        c('epoch', '1970-01-01', date('1970-01-01')),
        c('pre-1970', 'the day before the epoch', date('1969-12-31')),
        c('year-1900', '1900-03-01 (1900 is not a leap year)', date('1900-03-01')),
        c('leap-day', '2000-02-29', date('2000-02-29')),
        c('gregorian-start', '1582-10-15, first day of the Gregorian calendar', date('1582-10-15')),
        c(
          'julian-gap',
          '1582-10-10, skipped by the Julian/Gregorian switch (valid proleptic Gregorian)',
          date('1582-10-10'),
        ),
      ],
    },
    {
      key: 'TIME',
      type: 'TIME',
      attrs: { scale: 6 },
      cases: [
        NULL_CASE,
        c('midnight', '00:00:00', 0n),
        c('last-microsecond', '23:59:59.999999', 86_399_999_999_000n),
        c('typical', '12:34:56.789012', (12n * 3600n + 34n * 60n + 56n) * S + 789_012_000n),
      ],
    },
    {
      key: 'TIMESTAMP',
      type: 'TIMESTAMP',
      attrs: { scale: 6 },
      cases: [
        NULL_CASE,
        c('year-1', 'first instant of year 1', ts('0001-01-01T00:00:00')),
        c('year-9999', 'last microsecond of year 9999', ts('9999-12-31T23:59:59.999999')),
        c('epoch', '1970-01-01T00:00:00', 0n),
        c('pre-1970', 'one microsecond before the epoch', ts('1969-12-31T23:59:59.999999')),
        c('year-1900', 'before 32-bit time_t', ts('1900-01-01T00:00:00')),
        c('leap-day', '2000-02-29T12:00:00', ts('2000-02-29T12:00:00')),
        c('microseconds', 'every microsecond digit', ts('2024-01-02T03:04:05.123456')),
        c(
          'dst-gap-new-york',
          'naive 02:30 on 2024-03-10, absent in America/New_York, still a valid naive value',
          ts('2024-03-10T02:30:00'),
        ),
        c(
          'dst-gap-london',
          'naive 01:30 on 2024-03-31, absent in Europe/London, still a valid naive value',
          ts('2024-03-31T01:30:00'),
        ),
        c(
          'dst-overlap-new-york',
          'naive 01:30 on 2024-11-03, twice in America/New_York, one naive value',
          ts('2024-11-03T01:30:00'),
        ),
      ],
    },
    {
      key: 'TIMESTAMP_NS',
      type: 'TIMESTAMP',
      attrs: { scale: 9 },
      cases: [
        NULL_CASE,
        c('nanoseconds', 'every nanosecond digit', ts('2024-01-02T03:04:05.123456789')),
        c('pre-1970', 'one nanosecond before the epoch', ts('1969-12-31T23:59:59.999999999')),
        c('after-epoch', 'one nanosecond after the epoch', 1n),
        c('min', 'smallest 64-bit nanosecond timestamp', -(1n << 63n)),
        c('max', 'largest 64-bit nanosecond timestamp', (1n << 63n) - 1n),
        c(
          'dst-gap-ns',
          'naive instant in the America/New_York gap, with nanoseconds',
          ts('2024-03-10T02:30:00.000000001'),
        ),
      ],
    },
    {
      key: 'TIMESTAMP_TZ',
      type: 'TIMESTAMP_TZ',
      attrs: { scale: 6 },
      cases: [
        NULL_CASE,
        c('year-1', 'first instant of year 1 UTC', ts('0001-01-01T00:00:00Z')),
        c('year-9999', 'last microsecond of year 9999 UTC', ts('9999-12-31T23:59:59.999999Z')),
        c('epoch', 'the epoch', 0n),
        c('pre-1970', '1969-07-20T20:17:40Z', ts('1969-07-20T20:17:40Z')),
        zoned(
          'london-spring-before',
          'last microsecond of GMT before BST',
          '2024-03-31T00:59:59.999999Z',
          'Europe/London',
          '2024-03-31T00:59:59.999999+00:00',
        ),
        zoned(
          'london-spring-after',
          'first instant of BST (clocks 01:00 → 02:00)',
          '2024-03-31T01:00:00Z',
          'Europe/London',
          '2024-03-31T02:00:00+01:00',
        ),
        zoned(
          'london-autumn-bst',
          '01:30 BST, first of the repeated hour',
          '2024-10-27T00:30:00Z',
          'Europe/London',
          '2024-10-27T01:30:00+01:00',
        ),
        zoned(
          'london-autumn-gmt',
          '01:30 GMT, second of the repeated hour',
          '2024-10-27T01:30:00Z',
          'Europe/London',
          '2024-10-27T01:30:00+00:00',
        ),
        zoned(
          'new-york-spring-before',
          'last microsecond of EST before EDT',
          '2024-03-10T06:59:59.999999Z',
          'America/New_York',
          '2024-03-10T01:59:59.999999-05:00',
        ),
        zoned(
          'new-york-spring-after',
          'first instant of EDT (clocks 02:00 → 03:00)',
          '2024-03-10T07:00:00Z',
          'America/New_York',
          '2024-03-10T03:00:00-04:00',
        ),
        zoned(
          'new-york-autumn-edt',
          '01:30 EDT, first of the repeated hour',
          '2024-11-03T05:30:00Z',
          'America/New_York',
          '2024-11-03T01:30:00-04:00',
        ),
        zoned(
          'new-york-autumn-est',
          '01:30 EST, second of the repeated hour',
          '2024-11-03T06:30:00Z',
          'America/New_York',
          '2024-11-03T01:30:00-05:00',
        ),
      ],
    },
    {
      key: 'TIMESTAMP_TZ_NS',
      type: 'TIMESTAMP_TZ',
      attrs: { scale: 9 },
      cases: [
        NULL_CASE,
        zoned(
          'london-spring-after-ns',
          'one nanosecond into BST',
          '2024-03-31T01:00:00.000000001Z',
          'Europe/London',
          '2024-03-31T02:00:00.000000001+01:00',
        ),
        c('pre-1970', 'one nanosecond before the epoch', ts('1969-12-31T23:59:59.999999999Z')),
        c('min', 'smallest 64-bit nanosecond instant', -(1n << 63n)),
        c('max', 'largest 64-bit nanosecond instant', (1n << 63n) - 1n),
      ],
    },
    {
      key: 'INTERVAL_DS',
      type: 'INTERVAL_DS',
      attrs: { precision: 9, scale: 6 },
      cases: [
        NULL_CASE,
        c('zero', 'zero', ds(0n)),
        c('positive', '1 day 02:03:04.5', ds(93_784_500_000_000n)),
        c('negative', '-(1 day 02:03:04.5)', ds(-93_784_500_000_000n)),
        c('microsecond', 'one microsecond', ds(1_000n)),
        c(
          'max',
          '999999999 days 23:59:59.999999 (DAY(9) TO SECOND(6))',
          ds(999_999_999n * 86_400n * S + 86_399_999_999_000n),
        ),
        c('min', 'the negated maximum', ds(-(999_999_999n * 86_400n * S + 86_399_999_999_000n))),
      ],
    },
    {
      key: 'INTERVAL_YM',
      type: 'INTERVAL_YM',
      attrs: { precision: 9 },
      cases: [
        NULL_CASE,
        c('zero', 'zero', ym(0)),
        c('positive', '1 year 2 months', ym(14)),
        c('negative', '-(1 year 2 months)', ym(-14)),
        c('months', '11 months', ym(11)),
        c('max', '999999999 years 11 months (YEAR(9) TO MONTH)', ym(999_999_999 * 12 + 11)),
        c('min', 'the negated maximum', ym(-(999_999_999 * 12 + 11))),
      ],
    },
    {
      key: 'BOOLEAN',
      type: 'BOOLEAN',
      cases: [NULL_CASE, c('true', 'true', true), c('false', 'false', false)],
    },
    {
      key: 'INTERVAL_MDN',
      type: 'INTERVAL_MDN',
      cases: [
        NULL_CASE,
        c('zero', 'zero', { months: 0, days: 0, nanoseconds: 0n }),
        c('mixed-signs', '14 months, -3 days, 1 microsecond', { months: 14, days: -3, nanoseconds: 1_000n }),
        c('negative', '-1 month -2 days -3 seconds', { months: -1, days: -2, nanoseconds: -3n * S }),
        c('day-not-24h', '1 day and 25 hours (kept apart)', { months: 0, days: 1, nanoseconds: 25n * 3600n * S }),
        c('nanosecond', 'one nanosecond', { months: 0, days: 0, nanoseconds: 1n }),
        c('max', 'Int32 months and days, a large microsecond count', {
          months: 2147483647,
          days: 2147483647,
          nanoseconds: 9_223_372_036_854_775_000n,
        }),
        c('min', 'Int32 minimum months and days', {
          months: -2147483648,
          days: -2147483648,
          nanoseconds: -9_223_372_036_854_775_000n,
        }),
      ],
    },
  ];
}

function normalizeKey(keyOrName: string): string {
  const upper = keyOrName.toUpperCase();
  return upper.startsWith('C_') ? upper.slice(2) : upper;
}

function makeCase(fc: { key: string; column: CanonicalColumn }, spec: CaseSpec, row: number): FixtureCase {
  const base: Record<string, unknown> = { id: `${fc.key}.${spec.name}`, name: spec.name, title: spec.title, row };
  if (spec.large) base.large = true;
  if (spec.zoned) base.zoned = spec.zoned;
  if (typeof spec.value === 'function') {
    const make = spec.value;
    let value: CanonicalValue;
    let made = false;
    let text: string | null | undefined;
    Object.defineProperty(base, 'value', {
      enumerable: true,
      get: () => {
        if (!made) {
          value = make();
          made = true;
        }
        return value;
      },
    });
    Object.defineProperty(base, 'text', {
      enumerable: true,
      get: () =>
        text === undefined ? (text = canonicalText(fc.column, (base as { value: CanonicalValue }).value)) : text,
    });
  } else {
    base.value = spec.value;
    base.text = canonicalText(fc.column, spec.value);
  }
  return Object.freeze(base) as unknown as FixtureCase;
}

function buildFixtures(
  columns: readonly FixtureColumn[],
  lobBytes: number,
  exclusions: Readonly<Record<string, string>>,
): CanonicalFixtures {
  const idColumn = canonicalColumn({ name: 'ID', dataType: 'INTEGER_8', nullable: false });
  const byKey = new Map(columns.map((fc) => [fc.key, fc]));
  const byId = new Map(columns.flatMap((fc) => fc.cases.map((k) => [k.id, k] as const)));
  const rowCount = Math.max(1, ...columns.map((fc) => fc.cases.length));
  const fixtures: CanonicalFixtures = {
    idColumn,
    columns,
    tableColumns: [idColumn, ...columns.map((fc) => fc.column)],
    primaryKey: ['ID'],
    rowCount,
    lobBytes,
    exclusions,
    byType: (type) => columns.filter((fc) => fc.type === type),
    column: (keyOrName) => byKey.get(normalizeKey(keyOrName)),
    caseById: (id) => byId.get(id),
    caseAt: (row, keyOrName) => byKey.get(normalizeKey(keyOrName))?.cases[row],
    valueAt(row, keyOrName) {
      if (keyOrName.toUpperCase() === 'ID') return BigInt(row);
      const fc = byKey.get(normalizeKey(keyOrName));
      if (!fc) throw new GoeError('OPTION_INVALID', `No fixture column ${keyOrName}`);
      return fc.cases[row]?.value ?? null;
    },
    *rows() {
      for (let row = 0; row < rowCount; row++) {
        const out: Record<string, CanonicalValue> = { ID: BigInt(row) };
        for (const fc of columns) out[fc.column.name] = fc.cases[row]?.value ?? null;
        yield out;
      }
    },
    exclude(more) {
      const keep: FixtureColumn[] = [];
      const dropped = new Set<string>();
      const caseReasons = new Map<string, string>();
      for (const [key, reason] of Object.entries(more)) {
        const fc = byKey.get(normalizeKey(key));
        if (fc) dropped.add(fc.key);
        else if (byId.has(key)) caseReasons.set(key, reason);
        else throw new GoeError('OPTION_INVALID', `Exclusion ${JSON.stringify(key)} names no fixture column or case`);
      }
      for (const fc of columns) {
        if (dropped.has(fc.key)) continue;
        const cases = fc.cases.map((k) => {
          const reason = caseReasons.get(k.id);
          if (reason === undefined) return k;
          return Object.freeze({
            id: k.id,
            name: k.name,
            title: k.title,
            row: k.row,
            value: null,
            text: null,
            excluded: reason,
            ...(k.zoned ? { zoned: k.zoned } : {}),
          });
        });
        keep.push(Object.freeze({ ...fc, cases }));
      }
      return buildFixtures(keep, lobBytes, { ...exclusions, ...more });
    },
  };
  return Object.freeze(fixtures);
}

/**
 * The canonical fixtures: every canonical type (`ALL_CANONICAL_TYPES`) with NULL, minimum and maximum, maximum
 * precision and scale (DECIMAL(38,s) and DECIMAL(76,38)), a negative scale (DECIMAL(5,−3)), years 1 and 9999,
 * pre-1970 values, DST edges in Europe/London and America/New_York (zoned), naive timestamps inside DST gaps,
 * nanoseconds, NaN/±Infinity/−0, empty string vs NULL, multi-byte text (emoji, CJK, combining marks) and 10 MiB
 * large objects (made on first access). See the package README for the full list.
 *
 * @param options `lobBytes` (default 10 MiB).
 * @example
 * const fixtures = canonicalFixtures();
 * fixtures.caseById('DECIMAL_76_38.max')?.text // '99999999999999999999999999999999999999.99999999999999999999999999999999999999'
 * fixtures.byType('TIMESTAMP_TZ').map((c) => c.column.name) // ['C_TIMESTAMP_TZ', 'C_TIMESTAMP_TZ_NS']
 */
export function canonicalFixtures(options: CanonicalFixturesOptions = {}): CanonicalFixtures {
  const lobBytes = options.lobBytes ?? DEFAULT_LOB_BYTES;
  if (!Number.isInteger(lobBytes) || lobBytes < 0)
    throw new GoeError('OPTION_INVALID', `lobBytes must be a non-negative integer, got ${lobBytes}`);
  const columns = columnSpecs(lobBytes).map((spec) => {
    const column = canonicalColumn({ name: `C_${spec.key}`, dataType: spec.type, ...spec.attrs });
    const fc = { key: spec.key, type: spec.type, column };
    return Object.freeze({ ...fc, cases: Object.freeze(spec.cases.map((k, row) => makeCase(fc, k, row))) });
  });
  const missing = ALL_CANONICAL_TYPES.filter((t) => !columns.some((fc) => fc.type === t));
  if (missing.length > 0) throw new GoeError('INTERNAL', `No fixtures for ${missing.join(', ')}`);
  return buildFixtures(columns, lobBytes, {});
}

/**
 * The fixtures as an Arrow table of one record batch in the exact canonical Arrow schema
 * (`arrowSchemaFor(fixtures.tableColumns)`), built from the raw values (no lossy builders). Materializes the
 * large objects.
 *
 * @param fixtures default `canonicalFixtures()`.
 * @example
 * const table = fixtureTable(canonicalFixtures({ lobBytes: 1024 }));
 * table.schema.fields[0]?.name // 'ID'
 */
export function fixtureTable(fixtures: CanonicalFixtures = canonicalFixtures()): Table {
  const ids = Array.from({ length: fixtures.rowCount }, (_, i) => BigInt(i));
  const values = fixtures.columns.map((fc) =>
    Array.from({ length: fixtures.rowCount }, (_, row) => fc.cases[row]?.value ?? null),
  );
  return tableFromValues(fixtures.tableColumns, [ids, ...values]);
}
