/**
 * Canonical → Apache Arrow, defined once for every transport and staging writer (architecture §4).
 *
 * | canonical | Arrow |
 * |---|---|
 * | FIXED_STRING, VARIABLE_STRING | Utf8 |
 * | LARGE_STRING | LargeUtf8 |
 * | BINARY / LARGE_BINARY | Binary / LargeBinary |
 * | INTEGER_1/2/4/8 | Int8/16/32/64 |
 * | INTEGER_38 | Decimal128(38, 0) |
 * | DECIMAL(p,s) | Decimal128(p,s) for p ≤ 38, Decimal256(p,s) for p ≤ 76; a negative scale s becomes (p−s, 0); s > p becomes (s, s) |
 * | FLOAT / DOUBLE | Float32 / Float64 (NaN and ±Infinity kept) |
 * | DATE | Date32 (days) |
 * | TIME | Time64 µs (scale ≤ 6) or ns |
 * | TIMESTAMP | Timestamp µs or ns (scale > 6), no zone |
 * | TIMESTAMP_TZ | Timestamp µs or ns, zone `UTC` (an instant) |
 * | INTERVAL_YM, INTERVAL_DS, INTERVAL_MDN | Utf8 in the exact text form of {@link formatInterval} |
 * | BOOLEAN | Bool |
 *
 * Intervals are text because no Parquet logical type holds them exactly (Parquet's INTERVAL is unsigned and
 * millisecond-based); the field metadata `goe:type` tells a loader which canonical type the text is.
 */
import {
  Binary,
  Bool,
  DateDay,
  Decimal,
  Field,
  Float32,
  Float64,
  Int16,
  Int32,
  Int64,
  Int8,
  LargeBinary,
  LargeUtf8,
  Schema,
  TimeMicrosecond,
  TimeNanosecond,
  Timestamp,
  TimeUnit,
  Utf8,
  type DataType,
} from 'apache-arrow';
import { assertNever, GoeError } from '../errors.js';
import { stagingColumn, type CanonicalColumn } from './column.js';

/** Largest decimal precision Arrow (Decimal256) holds. */
export const MAX_ARROW_DECIMAL_PRECISION = 76;

/** Field metadata key naming the canonical type of an Arrow field. */
export const ARROW_CANONICAL_TYPE_KEY = 'goe:type';

/** The Arrow timestamp/time unit for a fractional-seconds scale: µs up to 6 digits, ns above. @example timeUnitForScale(9) // 'ns' */
export function timeUnitForScale(scale: number | undefined): 'us' | 'ns' {
  return scale !== undefined && scale > 6 ? 'ns' : 'us';
}

/**
 * The exact Arrow type of a canonical column.
 *
 * @throws GoeError `TYPE_UNSUPPORTED` for a DECIMAL without precision (sample it or use `--decimal-columns`) or
 *   with more than 76 digits.
 * @example
 * arrowTypeFor(canonicalColumn({ name: 'AMOUNT', dataType: 'DECIMAL', precision: 12, scale: 2 })) // Decimal128(12,2)
 */
export function arrowTypeFor(column: CanonicalColumn): DataType {
  const t = column.dataType;
  switch (t) {
    case 'FIXED_STRING':
    case 'VARIABLE_STRING':
    case 'INTERVAL_YM':
    case 'INTERVAL_DS':
    case 'INTERVAL_MDN':
      return new Utf8();
    case 'LARGE_STRING':
      return new LargeUtf8();
    case 'BINARY':
      return new Binary();
    case 'LARGE_BINARY':
      return new LargeBinary();
    case 'INTEGER_1':
      return new Int8();
    case 'INTEGER_2':
      return new Int16();
    case 'INTEGER_4':
      return new Int32();
    case 'INTEGER_8':
      return new Int64();
    case 'INTEGER_38':
      return new Decimal(0, 38, 128);
    case 'DECIMAL': {
      if (column.precision === undefined) {
        throw new GoeError(
          'TYPE_UNSUPPORTED',
          `Column ${column.name}: DECIMAL without a precision has no exact Arrow type`,
          {
            column: column.name,
            hint: 'Let data sampling size it, or give --decimal-columns with --decimal-columns-type',
          },
        );
      }
      let p = column.precision;
      let s = column.scale ?? 0;
      if (s < 0) {
        p -= s;
        s = 0;
      }
      // A scale above the precision (a source NUMBER(3,5): values below 0.001) needs p = s: Parquet requires s <= p.
      if (s > p) p = s;
      if (p > MAX_ARROW_DECIMAL_PRECISION) {
        throw new GoeError(
          'TYPE_UNSUPPORTED',
          `Column ${column.name}: DECIMAL(${p},${s}) exceeds ${MAX_ARROW_DECIMAL_PRECISION} digits`,
          {
            column: column.name,
          },
        );
      }
      return new Decimal(s, p, p <= 38 ? 128 : 256);
    }
    case 'FLOAT':
      return new Float32();
    case 'DOUBLE':
      return new Float64();
    case 'DATE':
      return new DateDay();
    case 'TIME':
      return timeUnitForScale(column.scale) === 'ns' ? new TimeNanosecond() : new TimeMicrosecond();
    case 'TIMESTAMP':
    case 'TIMESTAMP_TZ': {
      const unit = timeUnitForScale(column.scale) === 'ns' ? TimeUnit.NANOSECOND : TimeUnit.MICROSECOND;
      return new Timestamp(unit, t === 'TIMESTAMP_TZ' ? 'UTC' : null);
    }
    case 'BOOLEAN':
      return new Bool();
    default:
      return assertNever(t, 'canonical type');
  }
}

/**
 * An Arrow field for a canonical column, carrying `goe:type` (and precision/scale where set) as metadata.
 *
 * @example
 * arrowFieldFor(col).metadata.get('goe:type') // 'INTERVAL_DS'
 */
export function arrowFieldFor(column: CanonicalColumn): Field {
  const md = new Map<string, string>([[ARROW_CANONICAL_TYPE_KEY, column.dataType]]);
  if (column.precision !== undefined) md.set('goe:precision', String(column.precision));
  if (column.scale !== undefined) md.set('goe:scale', String(column.scale));
  return new Field(column.name, arrowTypeFor(column), column.nullable, md);
}

/**
 * The Arrow schema of a list of canonical columns, as they are staged ({@link stagingColumn}: a column rounded by
 * the backend's cast is staged at its source's exact DECIMAL).
 *
 * @example
 * arrowSchemaFor(table.columns).fields.length
 */
export function arrowSchemaFor(columns: readonly CanonicalColumn[]): Schema {
  return new Schema(columns.map((c) => arrowFieldFor(stagingColumn(c))));
}

/** An exact interval value: months, days and nanoseconds, each signed and independent. */
export interface IntervalValue {
  readonly months: number;
  readonly days: number;
  readonly nanoseconds: bigint;
}

function formatSeconds(ns: bigint): string {
  const neg = ns < 0n;
  const abs = neg ? -ns : ns;
  const whole = abs / 1_000_000_000n;
  const frac = abs % 1_000_000_000n;
  let s = whole.toString();
  if (frac !== 0n) s += '.' + frac.toString().padStart(9, '0').replace(/0+$/, '');
  return (neg ? '-' : '') + s;
}

/**
 * The exact text form of an interval in staging files (ISO 8601 durations, signs allowed per component):
 * - `INTERVAL_YM`: `[-]P<y>Y<m>M` (from months only)
 * - `INTERVAL_DS`: `[-]P<d>DT<h>H<m>M<s[.fffffffff]>S` (days and nanoseconds, one sign)
 * - `INTERVAL_MDN`: `P<months>M<days>DT<seconds[.fffffffff]>S`, each component with its own sign
 *
 * @example
 * formatInterval('INTERVAL_MDN', { months: 14, days: -3, nanoseconds: 1_000n }) // 'P14M-3DT0.000001S'
 * formatInterval('INTERVAL_YM', { months: -14, days: 0, nanoseconds: 0n }) // '-P1Y2M'
 */
export function formatInterval(type: 'INTERVAL_YM' | 'INTERVAL_DS' | 'INTERVAL_MDN', v: IntervalValue): string {
  switch (type) {
    case 'INTERVAL_YM': {
      const neg = v.months < 0;
      const m = Math.abs(v.months);
      return `${neg ? '-' : ''}P${Math.trunc(m / 12)}Y${m % 12}M`;
    }
    case 'INTERVAL_DS': {
      const total = BigInt(v.days) * 86_400_000_000_000n + v.nanoseconds;
      const neg = total < 0n;
      let rest = neg ? -total : total;
      const days = rest / 86_400_000_000_000n;
      rest %= 86_400_000_000_000n;
      const h = rest / 3_600_000_000_000n;
      rest %= 3_600_000_000_000n;
      const mi = rest / 60_000_000_000n;
      rest %= 60_000_000_000n;
      return `${neg ? '-' : ''}P${days}DT${h}H${mi}M${formatSeconds(rest)}S`;
    }
    case 'INTERVAL_MDN':
      return `P${v.months}M${v.days}DT${formatSeconds(v.nanoseconds)}S`;
    default:
      return assertNever(type, 'interval type');
  }
}

const YM_RE = /^(-)?P(\d+)Y(\d+)M$/;
const DS_RE = /^(-)?P(\d+)DT(\d+)H(\d+)M(\d+)(?:\.(\d{1,9}))?S$/;
const MDN_RE = /^P(-?\d+)M(-?\d+)DT(-?)(\d+)(?:\.(\d{1,9}))?S$/;

function nanos(whole: string, frac: string | undefined): bigint {
  return BigInt(whole) * 1_000_000_000n + BigInt((frac ?? '').padEnd(9, '0') || '0');
}

/**
 * Parses the text form written by {@link formatInterval} back into its exact value.
 *
 * @throws GoeError `VALIDATION_MISMATCH` when the text is not in the documented form.
 * @example
 * parseInterval('INTERVAL_DS', '-P1DT2H3M4.5S') // { months: 0, days: 0, nanoseconds: -93784500000000n }
 */
export function parseInterval(type: 'INTERVAL_YM' | 'INTERVAL_DS' | 'INTERVAL_MDN', text: string): IntervalValue {
  const bad = () => new GoeError('VALIDATION_MISMATCH', `Not a ${type} text value: ${JSON.stringify(text)}`);
  switch (type) {
    case 'INTERVAL_YM': {
      const m = YM_RE.exec(text);
      if (!m) throw bad();
      const months = Number(m[2]) * 12 + Number(m[3]);
      return { months: m[1] && months !== 0 ? -months : months, days: 0, nanoseconds: 0n };
    }
    case 'INTERVAL_DS': {
      const m = DS_RE.exec(text);
      if (!m) throw bad();
      const ns =
        BigInt(m[2]!) * 86_400_000_000_000n +
        BigInt(m[3]!) * 3_600_000_000_000n +
        BigInt(m[4]!) * 60_000_000_000n +
        nanos(m[5]!, m[6]);
      return { months: 0, days: 0, nanoseconds: m[1] ? -ns : ns };
    }
    case 'INTERVAL_MDN': {
      const m = MDN_RE.exec(text);
      if (!m) throw bad();
      const ns = nanos(m[4]!, m[5]);
      return { months: Number(m[1]) || 0, days: Number(m[2]) || 0, nanoseconds: m[3] ? -ns : ns };
    }
    default:
      return assertNever(type, 'interval type');
  }
}
