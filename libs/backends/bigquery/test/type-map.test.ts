/** Canonical ↔ BigQuery mapping, table-driven and keyed by the reference rule (goe-types-and-dialects.md §3.1, §3.6). */
import { describe, expect, it } from 'vitest';
import { canonicalColumn, isGoeError, type CanonicalColumn, type GoeError } from '@goe/core';
import { bigqueryTypeFor, canonicalDescription, canonicalFromBigquery } from '../src/index.js';

const col = (c: Partial<CanonicalColumn> & Pick<CanonicalColumn, 'dataType'>) => canonicalColumn({ name: 'C', ...c });
const allowNs = { decimalScaleRounding: false, floatingPointConversions: false, nanosecondTimestamps: true };

function refusal(f: () => unknown): GoeError {
  try {
    f();
  } catch (e) {
    if (isGoeError(e)) return e;
    throw e;
  }
  throw new Error('expected a GoeError');
}

describe('canonical → BigQuery (§3.1, §3.6)', () => {
  it.each([
    ['§3.1 strings with a length', col({ dataType: 'VARIABLE_STRING', charLength: 30 }), 'STRING(30)'],
    ['§3.1 strings by byte length', col({ dataType: 'FIXED_STRING', dataLength: 3 }), 'STRING(3)'],
    ['§3.1 strings without a length', col({ dataType: 'VARIABLE_STRING' }), 'STRING'],
    ['§3.6 LARGE_STRING', col({ dataType: 'LARGE_STRING', charLength: 4000 }), 'STRING'],
    ['§3.1 BINARY with a length', col({ dataType: 'BINARY', dataLength: 16 }), 'BYTES(16)'],
    ['§3.1 BINARY without a length', col({ dataType: 'BINARY' }), 'BYTES'],
    ['§3.6 LARGE_BINARY', col({ dataType: 'LARGE_BINARY' }), 'BYTES'],
    ['§3.1 INTEGER_1', col({ dataType: 'INTEGER_1' }), 'INT64'],
    ['§3.1 INTEGER_2', col({ dataType: 'INTEGER_2' }), 'INT64'],
    ['§3.1 INTEGER_4', col({ dataType: 'INTEGER_4' }), 'INT64'],
    ['§3.1 INTEGER_8', col({ dataType: 'INTEGER_8' }), 'INT64'],
    ['§3.1 INTEGER_38 p ≤ 29', col({ dataType: 'INTEGER_38', precision: 29 }), 'NUMERIC(29,0)'],
    ['§3.1 INTEGER_38 p > 29', col({ dataType: 'INTEGER_38', precision: 30 }), 'BIGNUMERIC(38,0)'],
    ['§3.1 INTEGER_38 without p', col({ dataType: 'INTEGER_38' }), 'BIGNUMERIC(38,0)'],
    ['§3.1 DECIMAL in NUMERIC', col({ dataType: 'DECIMAL', precision: 12, scale: 2 }), 'NUMERIC(12,2)'],
    ['§3.1 DECIMAL at NUMERIC limits', col({ dataType: 'DECIMAL', precision: 38, scale: 9 }), 'NUMERIC(38,9)'],
    ['§3.1 quirk fixed: DECIMAL(5,5) is NUMERIC', col({ dataType: 'DECIMAL', precision: 5, scale: 5 }), 'NUMERIC(5,5)'],
    ['§3.1 scale > 9 → BIGNUMERIC', col({ dataType: 'DECIMAL', precision: 38, scale: 10 }), 'BIGNUMERIC(38,10)'],
    ['§3.1 integral > 29 → BIGNUMERIC', col({ dataType: 'DECIMAL', precision: 31, scale: 1 }), 'BIGNUMERIC(31,1)'],
    ['§3.0 BIGNUMERIC limits', col({ dataType: 'DECIMAL', precision: 76, scale: 38 }), 'BIGNUMERIC(76,38)'],
    ['§3.0 negative scale', col({ dataType: 'DECIMAL', precision: 5, scale: -3 }), 'NUMERIC(8,0)'],
    ['§3.6 DECIMAL without precision', col({ dataType: 'DECIMAL' }), 'BIGNUMERIC'],
    ['§3.1 FLOAT', col({ dataType: 'FLOAT' }), 'FLOAT64'],
    ['§3.1 DOUBLE', col({ dataType: 'DOUBLE' }), 'FLOAT64'],
    ['§3.1 DATE', col({ dataType: 'DATE' }), 'DATE'],
    ['§3.1 TIME', col({ dataType: 'TIME', scale: 6 }), 'TIME'],
    ['§3.1 TIMESTAMP', col({ dataType: 'TIMESTAMP', scale: 3 }), 'DATETIME'],
    ['§3.1 TIMESTAMP_TZ', col({ dataType: 'TIMESTAMP_TZ' }), 'TIMESTAMP'],
    ['§3.1 INTERVAL_YM', col({ dataType: 'INTERVAL_YM' }), 'STRING'],
    ['§3.1 INTERVAL_DS', col({ dataType: 'INTERVAL_DS', scale: 9 }), 'STRING'],
    ['§3.1 INTERVAL_MDN', col({ dataType: 'INTERVAL_MDN' }), 'STRING'],
    ['§3.1 BOOLEAN', col({ dataType: 'BOOLEAN' }), 'BOOL'],
  ])('%s', (_rule, column, want) => {
    expect(bigqueryTypeFor(column)).toBe(want);
  });

  it.each([
    [
      '§3.0 more than 38 integral digits',
      col({ dataType: 'DECIMAL', precision: 40, scale: 1 }),
      'exceeds BigQuery',
      '--decimal-columns-type 39,1',
    ],
    [
      '§3.0 more than 38 fractional digits',
      col({ dataType: 'DECIMAL', precision: 50, scale: 40 }),
      'exceeds BigQuery',
      '--decimal-columns-type 48,38',
    ],
    [
      '§3.0 more than 76 digits',
      col({ dataType: 'DECIMAL', precision: 77, scale: 38 }),
      'exceeds BigQuery',
      '--decimal-columns-type',
    ],
    [
      'scale above precision',
      col({ dataType: 'DECIMAL', precision: 3, scale: 5 }),
      'scale larger than its precision',
      '--decimal-columns-type 5,5',
    ],
  ])('refuses %s with TYPE_UNSUPPORTED naming the column and the option', (_rule, column, message, hint) => {
    const e = refusal(() => bigqueryTypeFor(column));
    expect(e.code).toBe('TYPE_UNSUPPORTED');
    expect(e.column).toBe('C');
    expect(e.message).toContain(message);
    expect(e.hint).toContain(hint);
  });

  it.each(['TIME', 'TIMESTAMP', 'TIMESTAMP_TZ'] as const)(
    '§3.0 max datetime scale 6: %s(9) needs --allow-nanosecond-timestamp-columns',
    (dataType) => {
      const e = refusal(() => bigqueryTypeFor(col({ dataType, scale: 9 })));
      expect(e.code).toBe('TYPE_LOSSY_CONVERSION');
      expect(e.hint).toContain('--allow-nanosecond-timestamp-columns');
      expect(() => bigqueryTypeFor(col({ dataType, scale: 9 }), allowNs)).not.toThrow();
    },
  );

  it('records interval types in the column description', () => {
    expect(canonicalDescription(col({ dataType: 'INTERVAL_DS' }))).toBe('goe:INTERVAL_DS');
    expect(canonicalDescription(col({ dataType: 'VARIABLE_STRING' }))).toBeUndefined();
  });
});

describe('BigQuery → canonical (§3.1)', () => {
  it.each([
    ['STRING', undefined, { dataType: 'VARIABLE_STRING' }],
    ['STRING(30)', undefined, { dataType: 'VARIABLE_STRING', charLength: 30 }],
    ['BYTES', undefined, { dataType: 'BINARY' }],
    ['BYTES(16)', undefined, { dataType: 'BINARY', dataLength: 16 }],
    ['INT64', undefined, { dataType: 'INTEGER_8' }],
    ['INTEGER', undefined, { dataType: 'INTEGER_8' }],
    ['NUMERIC', undefined, { dataType: 'DECIMAL', precision: 38, scale: 9 }],
    ['NUMERIC(12, 2)', undefined, { dataType: 'DECIMAL', precision: 12, scale: 2 }],
    ['NUMERIC(10)', undefined, { dataType: 'DECIMAL', precision: 10, scale: 0 }],
    ['BIGNUMERIC', undefined, { dataType: 'DECIMAL', precision: 76, scale: 38 }],
    ['BIGNUMERIC(40,10)', undefined, { dataType: 'DECIMAL', precision: 40, scale: 10 }],
    ['FLOAT64', undefined, { dataType: 'DOUBLE' }],
    ['DATE', undefined, { dataType: 'DATE' }],
    ['DATETIME', undefined, { dataType: 'TIMESTAMP', scale: 6 }],
    ['TIME', undefined, { dataType: 'TIME', scale: 6 }],
    ['TIMESTAMP', undefined, { dataType: 'TIMESTAMP_TZ', scale: 6 }],
    ['BOOL', undefined, { dataType: 'BOOLEAN' }],
    ['STRING', 'goe:INTERVAL_YM', { dataType: 'INTERVAL_YM' }],
    ['STRING', 'goe:INTERVAL_DS', { dataType: 'INTERVAL_DS', scale: 6 }],
    ['STRING', 'goe:INTERVAL_MDN', { dataType: 'INTERVAL_MDN', scale: 6 }],
    ['STRING', 'goe:SOMETHING', { dataType: 'VARIABLE_STRING' }],
    ['STRING', 'a user description', { dataType: 'VARIABLE_STRING' }],
  ])('%s (%s)', (type, description, want) => {
    expect(canonicalFromBigquery('C', type, true, description)).toMatchObject({ name: 'C', nullable: true, ...want });
  });

  it.each(['STRUCT<a INT64>', 'ARRAY<INT64>', 'GEOGRAPHY', 'JSON', 'INTERVAL'])('refuses %s', (type) => {
    const e = refusal(() => canonicalFromBigquery('C', type, false));
    expect(e.code).toBe('TYPE_UNSUPPORTED');
    expect(e.message).toBe(`Column C: BigQuery type ${type} has no canonical type`);
  });

  it('round-trips every canonical type the mapping writes', () => {
    for (const c of [
      col({ dataType: 'DECIMAL', precision: 12, scale: 2 }),
      col({ dataType: 'DECIMAL', precision: 40, scale: 10 }),
      col({ dataType: 'VARIABLE_STRING', charLength: 30 }),
      col({ dataType: 'INTERVAL_YM' }),
      col({ dataType: 'DATE' }),
      col({ dataType: 'BOOLEAN' }),
    ]) {
      const back = canonicalFromBigquery('C', bigqueryTypeFor(c), true, canonicalDescription(c));
      expect(back.dataType).toBe(c.dataType);
      expect(back.precision).toBe(c.precision);
    }
  });
});
