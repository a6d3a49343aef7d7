/**
 * The canonical text forms at their edges: years outside 0000–9999, exponents, whole-second clocks, and — what
 * keeps a suite from comparing garbage — a VALIDATION_MISMATCH naming the type and the value for every value that
 * cannot belong to a column.
 */
import { describe, expect, it } from 'vitest';
import { canonicalColumn, isGoeError } from '@goe/core';
import {
  canonicalText,
  formatDate,
  formatTimestamp,
  parseDate,
  parseDecimal,
  parseTimestamp,
  toDecimalValue,
  toEpochNanos,
  toIntervalValue,
} from '../src/values.js';
import type { CanonicalValue } from '../src/values.js';

const col = (dataType: string, attrs: Record<string, number> = {}) =>
  canonicalColumn({ name: 'X', dataType, ...attrs });

/** The message of the VALIDATION_MISMATCH `fn` throws. */
function mismatch(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (isGoeError(e) && e.code === 'VALIDATION_MISMATCH') return e.message;
    throw e;
  }
  throw new Error('no error');
}

describe('years outside 0000-9999', () => {
  it('are written with a sign and six digits, and read back', () => {
    const bc = parseDate('-000044-03-15').days;
    expect(formatDate(bc)).toBe('-000044-03-15');
    const far = parseDate('+012345-01-01').days;
    expect(formatDate(far)).toBe('+012345-01-01');
    expect(formatTimestamp(BigInt(far) * 86_400_000_000_000n, 0)).toBe('+012345-01-01T00:00:00');
    expect(formatDate(parseDate('0000-12-31').days)).toBe('0000-12-31');
  });
});

describe('parsing', () => {
  it('reads a date-only timestamp as midnight, and fractions of any length', () => {
    expect(parseTimestamp('1970-01-02')).toBe(86_400_000_000_000n);
    expect(parseTimestamp('1970-01-01 00:00:01.5')).toBe(1_500_000_000n);
    expect(parseTimestamp('1970-01-01T00:00:00.000000001Z')).toBe(1n);
    expect(parseTimestamp('1970-01-01T01:00:00-0130')).toBe(9_000_000_000_000n);
  });

  it('reads exponents, signs and bare fractions exactly', () => {
    expect(parseDecimal('1.5E3')).toEqual({ unscaled: 1500n, scale: 0 });
    expect(parseDecimal('+2e+2')).toEqual({ unscaled: 200n, scale: 0 });
    expect(parseDecimal(' -.25 ')).toEqual({ unscaled: -25n, scale: 2 });
    expect(parseDecimal('7.')).toEqual({ unscaled: 7n, scale: 0 });
  });

  it.each([
    [() => parseDate('2024-01-01T00:00:00'), 'Not a date: "2024-01-01T00:00:00"'],
    [() => parseDate('01/02/2024'), 'Not a date: "01/02/2024"'],
    [() => parseTimestamp('2024-01-01 25h'), 'Not a timestamp: "2024-01-01 25h"'],
    [() => parseDecimal('.'), 'Not a decimal number: "."'],
    [() => parseDecimal('-'), 'Not a decimal number: "-"'],
    [() => parseDecimal('1,5'), 'Not a decimal number: "1,5"'],
    [() => toDecimalValue(true), 'Not a numeric value: true'],
    [() => toEpochNanos(5), 'Not a timestamp value: 5'],
    [() => toIntervalValue('INTERVAL_DS', 5n), 'Not a INTERVAL_DS value: 5n'],
  ])('refuses %#: %s', (fn, message) => {
    expect(mismatch(fn)).toBe(message);
  });

  it('refuses non-finite numbers as decimals', () => {
    // (the message shows NaN and Infinity as "null": JSON.stringify's rendering)
    expect(mismatch(() => toDecimalValue(Number.NaN))).toMatch(/^Not a numeric value: /);
    expect(mismatch(() => toDecimalValue(-Infinity, 'DECIMAL'))).toMatch(/^Not a DECIMAL value: /);
  });
});

describe('canonicalText', () => {
  it('writes whole seconds without a fraction at scale 0, and all nine digits when finer', () => {
    expect(canonicalText(col('TIME', { scale: 0 }), '13:45:07')).toBe('13:45:07');
    expect(canonicalText(col('TIME', { scale: 0 }), 1n)).toBe('00:00:00.000000001');
    expect(canonicalText(col('TIMESTAMP', { scale: 0 }), { days: 1 })).toBe('1970-01-02T00:00:00');
  });

  it('accepts booleans as values or as the words true and false', () => {
    expect(canonicalText(col('BOOLEAN'), false)).toBe('false');
    expect(canonicalText(col('BOOLEAN'), 'true')).toBe('true');
  });

  const bytes = new Uint8Array([1, 2, 3]);
  it.each<[string, CanonicalValue, string]>([
    ['VARIABLE_STRING', 5, 'Not a VARIABLE_STRING value: 5'],
    ['FIXED_STRING', bytes, 'Not a FIXED_STRING value: Uint8Array(3)'],
    ['BINARY', '00ff', 'Not a BINARY value: "00ff"'],
    ['LARGE_BINARY', 12n, 'Not a LARGE_BINARY value: 12n'],
    ['INTEGER_4', '1.5', 'Not a INTEGER_4 value: "1.5"'],
    ['INTEGER_8', bytes, 'Not a INTEGER_8 value: Uint8Array(3)'],
    ['DOUBLE', '1,5', 'Not a DOUBLE value: "1,5"'],
    ['FLOAT', true, 'Not a FLOAT value: true'],
    ['DATE', 19000, 'Not a DATE value: 19000'],
    ['TIME', -1n, 'Not a TIME value: -1n'],
    ['TIME', 86_400_000_000_000n, 'Not a TIME value: 86400000000000n'],
    ['TIME', 5, 'Not a TIME value: 5'],
    ['TIMESTAMP', bytes, 'Not a TIMESTAMP value: Uint8Array(3)'],
    ['BOOLEAN', 'yes', 'Not a BOOLEAN value: "yes"'],
    ['BOOLEAN', 1, 'Not a BOOLEAN value: 1'],
  ])('refuses in a %s column the value %s', (type, value, message) => {
    expect(mismatch(() => canonicalText(col(type), value))).toBe(message);
  });

  it('refuses interval values with parts the type cannot hold', () => {
    expect(mismatch(() => canonicalText(col('INTERVAL_YM'), { months: 1, days: 2, nanoseconds: 0n }))).toMatch(
      /^Not a INTERVAL_YM value: /,
    );
    expect(mismatch(() => canonicalText(col('INTERVAL_DS'), { months: 3, days: 0, nanoseconds: 0n }))).toMatch(
      /^Not a INTERVAL_DS value: /,
    );
  });

  it('is NULL for null and undefined whatever the type', () => {
    expect(canonicalText(col('DATE'), null)).toBeNull();
    expect(canonicalText(col('BOOLEAN'), undefined)).toBeNull();
  });
});
