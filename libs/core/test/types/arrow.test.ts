import { describe, expect, it } from 'vitest';
import { TimeUnit, type Decimal, type Timestamp } from 'apache-arrow';
import {
  ALL_CANONICAL_TYPES,
  ARROW_CANONICAL_TYPE_KEY,
  MAX_ARROW_DECIMAL_PRECISION,
  arrowFieldFor,
  arrowSchemaFor,
  arrowTypeFor,
  canonicalColumn,
  formatInterval,
  isGoeError,
  parseInterval,
  timeUnitForScale,
  type CanonicalColumnInput,
  type IntervalValue,
} from '@goe/core';

const col = (dataType: string, extra: Partial<CanonicalColumnInput> = {}) =>
  canonicalColumn({ name: 'C', dataType, ...extra });

describe('canonical → Arrow type (architecture §4)', () => {
  const table: [string, Partial<CanonicalColumnInput>, string][] = [
    ['FIXED_STRING', { charLength: 3 }, 'Utf8'],
    ['VARIABLE_STRING', {}, 'Utf8'],
    ['LARGE_STRING', {}, 'LargeUtf8'],
    ['BINARY', { dataLength: 16 }, 'Binary'],
    ['LARGE_BINARY', {}, 'LargeBinary'],
    ['INTEGER_1', {}, 'Int8'],
    ['INTEGER_2', {}, 'Int16'],
    ['INTEGER_4', {}, 'Int32'],
    ['INTEGER_8', {}, 'Int64'],
    ['INTEGER_38', {}, 'Decimal[38e0]'],
    ['INTEGER_38', { precision: 20 }, 'Decimal[38e0]'],
    ['DECIMAL', { precision: 12, scale: 2 }, 'Decimal[12e+2]'],
    ['DECIMAL', { precision: 12 }, 'Decimal[12e0]'],
    ['DECIMAL', { precision: 38, scale: 10 }, 'Decimal[38e+10]'],
    ['DECIMAL', { precision: 39, scale: 2 }, 'Decimal[39e+2]'],
    ['DECIMAL', { precision: 76, scale: 38 }, 'Decimal[76e+38]'],
    ['FLOAT', {}, 'Float32'],
    ['DOUBLE', {}, 'Float64'],
    ['DATE', {}, 'Date32<DAY>'],
    ['TIME', {}, 'Time64<MICROSECOND>'],
    ['TIME', { scale: 6 }, 'Time64<MICROSECOND>'],
    ['TIME', { scale: 9 }, 'Time64<NANOSECOND>'],
    ['TIMESTAMP', {}, 'Timestamp<MICROSECOND>'],
    ['TIMESTAMP', { scale: 0 }, 'Timestamp<MICROSECOND>'],
    ['TIMESTAMP', { scale: 6 }, 'Timestamp<MICROSECOND>'],
    ['TIMESTAMP', { scale: 7 }, 'Timestamp<NANOSECOND>'],
    ['TIMESTAMP', { scale: 9 }, 'Timestamp<NANOSECOND>'],
    ['TIMESTAMP_TZ', { scale: 6 }, 'Timestamp<MICROSECOND, UTC>'],
    ['TIMESTAMP_TZ', { scale: 9 }, 'Timestamp<NANOSECOND, UTC>'],
    ['INTERVAL_DS', { precision: 9, scale: 9 }, 'Utf8'],
    ['INTERVAL_YM', { precision: 9 }, 'Utf8'],
    ['INTERVAL_MDN', {}, 'Utf8'],
    ['BOOLEAN', {}, 'Bool'],
  ];

  it.each(table)('%s %j → %s', (type, extra, expected) => {
    expect(arrowTypeFor(col(type, extra)).toString()).toBe(expected);
  });

  it('covers every canonical type', () => {
    expect(new Set(table.map(([t]) => t))).toEqual(new Set(ALL_CANONICAL_TYPES));
  });

  it('uses Decimal128 up to 38 digits and Decimal256 above', () => {
    const d38 = arrowTypeFor(col('DECIMAL', { precision: 38, scale: 0 })) as Decimal;
    const d39 = arrowTypeFor(col('DECIMAL', { precision: 39, scale: 0 })) as Decimal;
    expect([d38.bitWidth, d39.bitWidth]).toEqual([128, 256]);
    expect((arrowTypeFor(col('INTEGER_38')) as Decimal).bitWidth).toBe(128);
    expect(MAX_ARROW_DECIMAL_PRECISION).toBe(76);
  });

  it('normalizes a negative scale to (p - s, 0)', () => {
    const d = arrowTypeFor(col('DECIMAL', { precision: 5, scale: -2 })) as Decimal;
    expect([d.precision, d.scale, d.bitWidth]).toEqual([7, 0, 128]);
    const wide = arrowTypeFor(col('DECIMAL', { precision: 37, scale: -3 })) as Decimal;
    expect([wide.precision, wide.scale, wide.bitWidth]).toEqual([40, 0, 256]);
  });

  it('widens a scale above the precision to (s, s) (Oracle NUMBER(3,5))', () => {
    const d = arrowTypeFor(col('DECIMAL', { precision: 3, scale: 5 })) as Decimal;
    expect([d.precision, d.scale, d.bitWidth]).toEqual([5, 5, 128]);
  });

  it('refuses DECIMAL without precision or above 76 digits, naming the column', () => {
    for (const extra of [{}, { precision: 77 }, { precision: 75, scale: -2 }]) {
      try {
        arrowTypeFor(canonicalColumn({ name: 'AMOUNT', dataType: 'DECIMAL', ...extra }));
        throw new Error('expected an error');
      } catch (e) {
        expect(isGoeError(e) && e.code === 'TYPE_UNSUPPORTED' && e.column === 'AMOUNT', String(e)).toBe(true);
      }
    }
  });

  it('uses µs up to scale 6, ns above; TIMESTAMP has no zone and TIMESTAMP_TZ is UTC', () => {
    expect([undefined, 0, 3, 6, 7, 9].map(timeUnitForScale)).toEqual(['us', 'us', 'us', 'us', 'ns', 'ns']);
    const plain = arrowTypeFor(col('TIMESTAMP', { scale: 9 })) as Timestamp;
    const tz = arrowTypeFor(col('TIMESTAMP_TZ', { scale: 3 })) as Timestamp;
    expect([plain.unit, plain.timezone]).toEqual([TimeUnit.NANOSECOND, null]);
    expect([tz.unit, tz.timezone]).toEqual([TimeUnit.MICROSECOND, 'UTC']);
  });

  it('builds fields with nullability and goe:type metadata, and schemas in column order', () => {
    const a = canonicalColumn({ name: 'A', dataType: 'DECIMAL', precision: 10, scale: 2, nullable: false });
    const b = canonicalColumn({ name: 'B', dataType: 'INTERVAL_DS' });
    const field = arrowFieldFor(a);
    expect(field.nullable).toBe(false);
    expect(field.metadata.get(ARROW_CANONICAL_TYPE_KEY)).toBe('DECIMAL');
    expect(field.metadata.get('goe:precision')).toBe('10');
    expect(field.metadata.get('goe:scale')).toBe('2');
    expect(arrowFieldFor(b).metadata.get('goe:type')).toBe('INTERVAL_DS');
    expect(arrowFieldFor(b).metadata.has('goe:precision')).toBe(false);
    expect(arrowSchemaFor([a, b]).fields.map((f) => f.name)).toEqual(['A', 'B']);
  });
});

describe('interval text form', () => {
  const v = (months: number, days: number, nanoseconds: bigint): IntervalValue => ({ months, days, nanoseconds });
  const H = 3_600_000_000_000n;
  const S = 1_000_000_000n;

  const cases: ['INTERVAL_YM' | 'INTERVAL_DS' | 'INTERVAL_MDN', IntervalValue, string][] = [
    ['INTERVAL_YM', v(14, 0, 0n), 'P1Y2M'],
    ['INTERVAL_YM', v(-14, 0, 0n), '-P1Y2M'],
    ['INTERVAL_YM', v(0, 0, 0n), 'P0Y0M'],
    ['INTERVAL_YM', v(-1_199_999_999, 0, 0n), '-P99999999Y11M'],
    ['INTERVAL_DS', v(0, 0, 0n), 'P0DT0H0M0S'],
    ['INTERVAL_DS', v(0, 0, 93_784n * S + 500_000_000n), 'P1DT2H3M4.5S'],
    ['INTERVAL_DS', v(0, 0, -(93_784n * S + 500_000_000n)), '-P1DT2H3M4.5S'],
    ['INTERVAL_DS', v(0, 0, 1n), 'P0DT0H0M0.000000001S'],
    ['INTERVAL_DS', v(0, 0, -(59n * S + 123_456_789n)), '-P0DT0H0M59.123456789S'],
    ['INTERVAL_DS', v(0, 0, 999_999_999n * 24n * H + 23n * H), 'P999999999DT23H0M0S'],
    ['INTERVAL_MDN', v(14, -3, 1_000n), 'P14M-3DT0.000001S'],
    ['INTERVAL_MDN', v(-1, 2, -(3n * S + 999_999_999n)), 'P-1M2DT-3.999999999S'],
    ['INTERVAL_MDN', v(0, 0, -1n), 'P0M0DT-0.000000001S'],
    ['INTERVAL_MDN', v(0, 0, 0n), 'P0M0DT0S'],
    ['INTERVAL_MDN', v(1, 31, 25n * H), 'P1M31DT90000S'],
  ];

  it.each(cases)('%s %o ↔ %s', (type, value, text) => {
    expect(formatInterval(type, value)).toBe(text);
    expect(parseInterval(type, text)).toEqual(value);
  });

  it('INTERVAL_DS folds days into one signed duration (mixed signs become one sign)', () => {
    expect(parseInterval('INTERVAL_DS', formatInterval('INTERVAL_DS', v(0, 2, 3n * H)))).toEqual(v(0, 0, 51n * H));
    const text = formatInterval('INTERVAL_DS', v(0, 1, -H));
    expect(text).toBe('P0DT23H0M0S');
    expect(parseInterval('INTERVAL_DS', text)).toEqual(v(0, 0, 23n * H));
  });

  it('keeps every component of a mixed-sign INTERVAL_MDN independent', () => {
    const value = v(-7, 40, 86_400n * S + 1n);
    expect(parseInterval('INTERVAL_MDN', formatInterval('INTERVAL_MDN', value))).toEqual(value);
  });

  it('never returns a negative zero', () => {
    expect(Object.is(parseInterval('INTERVAL_YM', '-P0Y0M').months, 0)).toBe(true);
    const mdn = parseInterval('INTERVAL_MDN', 'P-0M-0DT-0S');
    expect([Object.is(mdn.months, 0), Object.is(mdn.days, 0), mdn.nanoseconds]).toEqual([true, true, 0n]);
  });

  it('parses 1–9 fraction digits exactly', () => {
    expect(parseInterval('INTERVAL_DS', 'P0DT0H0M1.1S').nanoseconds).toBe(1_100_000_000n);
    expect(parseInterval('INTERVAL_DS', 'P0DT0H0M1.000000009S').nanoseconds).toBe(1_000_000_009n);
    expect(parseInterval('INTERVAL_MDN', 'P0M0DT-1.12S').nanoseconds).toBe(-1_120_000_000n);
  });

  it('rejects text outside the documented forms', () => {
    for (const [type, text] of [
      ['INTERVAL_YM', 'P1Y'],
      ['INTERVAL_YM', '+P1Y2M'],
      ['INTERVAL_DS', 'P1DT2H3M4.1234567891S'],
      ['INTERVAL_DS', 'P1D'],
      ['INTERVAL_MDN', 'P1M2D'],
      ['INTERVAL_MDN', '-P1M2DT3S'],
      ['INTERVAL_MDN', ''],
    ] as const) {
      expect(() => parseInterval(type, text), `${type} ${text}`).toThrow(/Not a INTERVAL_/);
    }
  });
});
