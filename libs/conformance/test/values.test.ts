import { describe, expect, it } from 'vitest';
import { Decimal, makeData, makeVector, TimeUnit, Timestamp } from 'apache-arrow';
import { canonicalColumn } from '@goe/core';
import {
  arrowVectorFromValues,
  arrowVectorValues,
  canonicalText,
  civilFromDays,
  daysFromCivil,
  formatDecimal,
  normalizeAggregateText,
  parseDecimal,
  parseTimestamp,
  readArrowValue,
  recordBatchFromValues,
  toIntervalValue,
} from '@goe/conformance';

const col = (dataType: string, attrs: Record<string, number> = {}) =>
  canonicalColumn({ name: 'X', dataType, ...attrs });

describe('canonical text forms', () => {
  it('renders decimals exactly with the column scale, from text, numbers and bigints', () => {
    const d = col('DECIMAL', { precision: 10, scale: 2 });
    expect(canonicalText(d, '1.5')).toBe('1.50');
    expect(canonicalText(d, '-0.00')).toBe('0.00');
    expect(canonicalText(d, 7n)).toBe('7.00');
    expect(canonicalText(d, 0.25)).toBe('0.25');
    expect(canonicalText(d, '1.234')).toBe('1.234'); // never rounded: a finer value shows all its digits
    expect(canonicalText(d, '1E-2')).toBe('0.01');
    expect(canonicalText(col('DECIMAL', { precision: 5, scale: -3 }), '12000')).toBe('12000');
    expect(canonicalText(col('INTEGER_38'), '-00012')).toBe('-12');
    expect(() => canonicalText(col('INTEGER_4'), '1.5')).toThrow(/Not a INTEGER_4 value/);
    expect(formatDecimal(parseDecimal('-000.000100'))).toBe('-0.0001');
  });

  it('renders dates and timestamps in the proleptic Gregorian calendar, with or without a zone', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    for (const days of [-719162, -141428, -1, 0, 11016, 2932896]) {
      const { year, month, day } = civilFromDays(days);
      expect(daysFromCivil(year, month, day)).toBe(days);
    }
    expect(canonicalText(col('DATE'), { days: -141427 })).toBe('1582-10-15');
    expect(canonicalText(col('TIMESTAMP', { scale: 3 }), -1_000_000n)).toBe('1969-12-31T23:59:59.999');
    expect(canonicalText(col('TIMESTAMP', { scale: 3 }), -1n)).toBe('1969-12-31T23:59:59.999999999');
    expect(canonicalText(col('TIMESTAMP', { scale: 0 }), { days: 1 })).toBe('1970-01-02T00:00:00');
    expect(canonicalText(col('TIMESTAMP_TZ', { scale: 6 }), '2024-03-31T02:00:00+01:00')).toBe(
      '2024-03-31T01:00:00.000000Z',
    );
    expect(parseTimestamp('2024-11-03 01:30:00-05:00')).toBe(parseTimestamp('2024-11-03T06:30:00Z'));
    expect(canonicalText(col('TIME', { scale: 6 }), '23:59:59.5')).toBe('23:59:59.500000');
  });

  it('normalizes intervals per type and refuses parts a type cannot hold', () => {
    expect(canonicalText(col('INTERVAL_DS'), { months: 0, days: 1, nanoseconds: 1n })).toBe('P1DT0H0M0.000000001S');
    expect(canonicalText(col('INTERVAL_MDN'), { months: 14, days: 0, nanoseconds: 0n })).toBe('P14M0DT0S');
    expect(canonicalText(col('INTERVAL_YM'), 'P1Y2M')).toBe('P1Y2M');
    expect(() => toIntervalValue('INTERVAL_YM', { months: 1, days: 1, nanoseconds: 0n })).toThrow(
      /Not a INTERVAL_YM value/,
    );
    expect(() => toIntervalValue('INTERVAL_DS', { months: 1, days: 0, nanoseconds: 0n })).toThrow(
      /Not a INTERVAL_DS value/,
    );
  });

  it('normalizes engine-rendered aggregate text', () => {
    expect(normalizeAggregateText('DECIMAL', '1.500')).toBe('1.5');
    expect(normalizeAggregateText('INTEGER_8', '9.223372036854775807E18')).toBe('9223372036854775807');
    expect(normalizeAggregateText('DATE', '1-01-01 00:00:00')).toBe('0001-01-01');
    expect(normalizeAggregateText('VARIABLE_STRING', null)).toBeNull();
  });
});

describe('Arrow values', () => {
  it('round-trips 256-bit negative decimals and nanosecond timestamps exactly, also through slices', () => {
    const dec = col('DECIMAL', { precision: 76, scale: 38 });
    const ts = col('TIMESTAMP', { scale: 9 });
    const values = [`-${'9'.repeat(38)}.${'9'.repeat(38)}`, null, '0.00000000000000000000000000000000000001'];
    const batch = recordBatchFromValues([dec, { ...ts, name: 'T' }], [values, [-(1n << 63n), null, 1n]]);
    const sliced = batch.slice(1, 3);
    expect(arrowVectorValues(batch.getChildAt(0)!).map((v) => canonicalText(dec, v))).toEqual(
      values.map((v) => canonicalText(dec, v)),
    );
    expect(arrowVectorValues(sliced.getChildAt(1)!)).toEqual([null, 1n]);
    expect(readArrowValue(batch.getChildAt(1)!, 0)).toBe(-(1n << 63n));
    expect(canonicalText(dec, readArrowValue(sliced.getChildAt(0)!, 1))).toBe(`0.${'0'.repeat(37)}1`);
  });

  it('reads Arrow data it did not build (other units, Decimal from raw words)', () => {
    const ms = makeVector(
      makeData({
        type: new Timestamp(TimeUnit.MILLISECOND, null),
        length: 1,
        nullCount: 0,
        data: BigInt64Array.of(-1n),
      }),
    );
    expect(arrowVectorValues(ms)).toEqual([-1_000_000n]);
    const d = makeVector(
      makeData({
        type: new Decimal(2, 10, 128),
        length: 1,
        nullCount: 0,
        data: Uint32Array.of(0xffffff85, 0xffffffff, 0xffffffff, 0xffffffff),
      }),
    );
    expect(arrowVectorValues(d)).toEqual(['-1.23']);
  });

  it('refuses values that would lose information', () => {
    expect(() => arrowVectorFromValues(col('DECIMAL', { precision: 4, scale: 2 }), ['123.45'])).toThrow(
      /more than 4 digits/,
    );
    expect(() => arrowVectorFromValues(col('DECIMAL', { precision: 10, scale: 2 }), ['1.234'])).toThrow(
      /more than 2 fractional digits/,
    );
    expect(() => arrowVectorFromValues(col('TIMESTAMP', { scale: 6 }), [1n])).toThrow(
      /finer than the column's Arrow unit/,
    );
    expect(() => arrowVectorFromValues(col('INTEGER_1'), [128])).toThrow(/out of the Int8 range/);
    expect(() => arrowVectorFromValues(col('FLOAT'), [0.1])).toThrow(/not a single-precision value/);
    expect(() =>
      arrowVectorFromValues(col('TIMESTAMP', { scale: 9 }), [parseTimestamp('0001-01-01T00:00:00')]),
    ).toThrow(/64-bit ns range/);
  });
});
