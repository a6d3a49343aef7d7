/**
 * Aggregate expectations and normalization at their edges, and the fixture set refusing what it cannot give:
 * an unknown column, a bad lobBytes.
 */
import { describe, expect, it } from 'vitest';
import { isGoeError } from '@goe/core';
import { expectedAggregate, normalizeAggregateText, singleAggregateValue } from '../src/aggregates.js';
import { ConformanceError } from '../src/check.js';
import { canonicalFixtures, type FixtureColumn } from '../src/fixtures.js';

const fixtures = canonicalFixtures({ lobBytes: 16 });

/** A fixture column with only the given (NULL or not) values. */
function withValues(fc: FixtureColumn, values: unknown[]): FixtureColumn {
  return {
    ...fc,
    cases: values.map((value, i) => ({ ...fc.cases[0]!, id: `${fc.key}.t${i}`, value })),
  } as FixtureColumn;
}

describe('normalizeAggregateText', () => {
  it('keeps text that only looks numeric when it is not, and non-date text of a DATE as it is', () => {
    expect(normalizeAggregateText('DECIMAL', ' 1.500 ')).toBe('1.5');
    expect(normalizeAggregateText('DECIMAL', 'NaN')).toBe('NaN');
    expect(normalizeAggregateText('VARIABLE_STRING', '007')).toBe('7');
    expect(normalizeAggregateText('VARIABLE_STRING', 'abc')).toBe('abc');
    expect(normalizeAggregateText('DATE', '1-2-3 00:00:00')).toBe('0001-02-03');
    expect(normalizeAggregateText('DATE', 'infinity')).toBe('infinity');
    expect(normalizeAggregateText('DATE', undefined)).toBeNull();
  });
});

describe('expectedAggregate', () => {
  it('is NULL for min, max and sum of a column with only NULLs, and counts 0', () => {
    const empty = withValues(fixtures.column('INTEGER_4')!, [null, null]);
    expect(expectedAggregate(empty, 'min')).toBeNull();
    expect(expectedAggregate(empty, 'sum')).toBeNull();
    expect(expectedAggregate(empty, 'count')).toBe('0');
  });

  it('sums exactly across scales and orders decimals numerically', () => {
    const dec = withValues(fixtures.column('INTEGER_8')!, [10n, -3n, 2n, 2n]);
    expect(expectedAggregate(dec, 'sum')).toBe('11');
    expect(expectedAggregate(dec, 'min')).toBe('-3');
    expect(expectedAggregate(dec, 'max')).toBe('10');
    expect(expectedAggregate(dec, 'count_distinct')).toBe('3');
  });

  it('gives min and max of dates but refuses what the fixtures cannot derive', () => {
    const date = fixtures.byType('DATE')[0]!;
    expect(expectedAggregate(date, 'min')).toMatch(/^-?\+?\d{4,6}-\d{2}-\d{2}$/);
    expect(() => expectedAggregate(date, 'sum')).toThrow(ConformanceError);
    expect(() => expectedAggregate(fixtures.byType('BOOLEAN')[0]!, 'max')).toThrow(
      'no fixture-derived max for BOOLEAN',
    );
    expect(() => expectedAggregate(date, 'median' as never)).toThrow('unknown aggregate median');
  });
});

describe('singleAggregateValue', () => {
  it('returns the one entry, NULL included, and fails on any other number of entries', () => {
    expect(singleAggregateValue({ 'max(ID)': '12' }, 'max')).toBe('12');
    expect(singleAggregateValue({ 'max(ID)': null }, 'max')).toBeNull();
    expect(() => singleAggregateValue({}, 'max(ID)')).toThrow(
      'max(ID): expected one result entry for one aggregate spec, got {}',
    );
    expect(() => singleAggregateValue({ a: '1', b: '2' }, 'max(ID)')).toThrow(ConformanceError);
  });
});

describe('canonicalFixtures', () => {
  it('refuses an unknown column and a bad lobBytes', () => {
    const unknown = (() => {
      try {
        fixtures.valueAt(0, 'NO_SUCH_TYPE');
      } catch (e) {
        return e;
      }
    })();
    expect(isGoeError(unknown) && unknown.code).toBe('OPTION_INVALID');
    expect((unknown as Error).message).toBe('No fixture column NO_SUCH_TYPE');
    expect(fixtures.caseAt(0, 'NO_SUCH_TYPE')).toBeUndefined();
    for (const lobBytes of [-1, 1.5]) {
      expect(() => canonicalFixtures({ lobBytes })).toThrow(`lobBytes must be a non-negative integer, got ${lobBytes}`);
    }
  });
});
