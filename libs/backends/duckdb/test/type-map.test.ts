import { describe, expect, it } from 'vitest';
import { ALL_CANONICAL_TYPES, canonicalColumn, isGoeError, type LossyAllowances } from '@goe/core';
import { canonicalFromDuckdb, duckdbTypeFor, stagedDuckdbType, canonicalComment } from '../src/index.js';

const strict: LossyAllowances = {
  decimalScaleRounding: false,
  floatingPointConversions: false,
  nanosecondTimestamps: false,
};
const lenient: LossyAllowances = { ...strict, nanosecondTimestamps: true };
const col = (dataType: string, extra: Record<string, unknown> = {}) =>
  canonicalColumn({ name: 'C', dataType, ...extra });

function refusal(f: () => unknown) {
  try {
    f();
  } catch (e) {
    if (isGoeError(e)) return { code: e.code, message: e.message, hint: e.hint };
    throw e;
  }
  throw new Error('not refused');
}

describe('canonical → DuckDB', () => {
  it.each([
    ['FIXED_STRING', { charLength: 10 }, 'VARCHAR'],
    ['VARIABLE_STRING', {}, 'VARCHAR'],
    ['LARGE_STRING', {}, 'VARCHAR'],
    ['BINARY', { dataLength: 16 }, 'BLOB'],
    ['LARGE_BINARY', {}, 'BLOB'],
    ['INTEGER_1', {}, 'TINYINT'],
    ['INTEGER_2', {}, 'SMALLINT'],
    ['INTEGER_4', {}, 'INTEGER'],
    ['INTEGER_8', {}, 'BIGINT'],
    ['INTEGER_38', { precision: 38 }, 'DECIMAL(38,0)'],
    ['DECIMAL', { precision: 38, scale: 38 }, 'DECIMAL(38,38)'],
    ['DECIMAL', { precision: 12, scale: 2 }, 'DECIMAL(12,2)'],
    ['DECIMAL', { precision: 5, scale: -3 }, 'DECIMAL(8,0)'],
    ['DECIMAL', { precision: 10 }, 'DECIMAL(10,0)'],
    ['FLOAT', {}, 'FLOAT'],
    ['DOUBLE', {}, 'DOUBLE'],
    ['DATE', {}, 'DATE'],
    ['TIME', {}, 'TIME'],
    ['TIME', { scale: 9 }, 'TIME_NS'],
    ['TIMESTAMP', { scale: 0 }, 'TIMESTAMP'],
    ['TIMESTAMP', { scale: 6 }, 'TIMESTAMP'],
    ['TIMESTAMP', { scale: 7 }, 'TIMESTAMP_NS'],
    ['TIMESTAMP_TZ', { scale: 6 }, 'TIMESTAMP WITH TIME ZONE'],
    ['INTERVAL_YM', { precision: 9 }, 'INTERVAL'],
    ['INTERVAL_DS', { precision: 9, scale: 6 }, 'INTERVAL'],
    ['INTERVAL_MDN', {}, 'INTERVAL'],
    ['BOOLEAN', {}, 'BOOLEAN'],
  ])('%s %j → %s', (type, extra, expected) => {
    expect(duckdbTypeFor(col(type, extra), strict)).toBe(expected);
  });

  it('maps every canonical type', () => {
    for (const t of ALL_CANONICAL_TYPES) {
      const c = col(t, t === 'DECIMAL' ? { precision: 10, scale: 2 } : {});
      expect(typeof duckdbTypeFor(c)).toBe('string');
      expect(typeof stagedDuckdbType(c)).toBe('string');
    }
  });

  it('refuses DECIMAL beyond 38 digits, without precision, or with scale above precision', () => {
    expect(refusal(() => duckdbTypeFor(col('DECIMAL', { precision: 39, scale: 2 })))).toMatchObject({
      code: 'TYPE_UNSUPPORTED',
      message: "Column C: DECIMAL(39,2) exceeds DuckDB's 38 digits",
      hint: expect.stringContaining('--decimal-columns C --decimal-columns-type 38,2'),
    });
    expect(refusal(() => duckdbTypeFor(col('DECIMAL', { precision: 36, scale: -4 })))).toMatchObject({
      message: "Column C: DECIMAL(40,0) exceeds DuckDB's 38 digits",
    });
    expect(refusal(() => duckdbTypeFor(col('DECIMAL')))).toMatchObject({
      code: 'TYPE_UNSUPPORTED',
      hint: expect.stringContaining('--decimal-columns'),
    });
    expect(refusal(() => duckdbTypeFor(col('DECIMAL', { precision: 2, scale: 5 })))).toMatchObject({
      code: 'TYPE_UNSUPPORTED',
    });
  });

  it('refuses nanosecond TIMESTAMP_TZ and intervals unless --allow-nanosecond-timestamp-columns', () => {
    for (const c of [
      col('TIMESTAMP_TZ', { scale: 9 }),
      col('INTERVAL_DS', { scale: 9 }),
      col('INTERVAL_MDN', { scale: 9 }),
    ]) {
      expect(refusal(() => duckdbTypeFor(c, strict))).toMatchObject({
        code: 'TYPE_LOSSY_CONVERSION',
        hint: expect.stringContaining('--allow-nanosecond-timestamp-columns'),
      });
    }
    expect(duckdbTypeFor(col('TIMESTAMP_TZ', { scale: 9 }), lenient)).toBe('TIMESTAMP WITH TIME ZONE');
    expect(duckdbTypeFor(col('INTERVAL_DS', { scale: 9 }), lenient)).toBe('INTERVAL');
  });

  it('knows the staged (Parquet) types DuckDB reads', () => {
    expect(stagedDuckdbType(col('INTERVAL_YM'))).toBe('VARCHAR');
    expect(stagedDuckdbType(col('TIMESTAMP_TZ', { scale: 9 }))).toBe('TIMESTAMP WITH TIME ZONE');
    expect(stagedDuckdbType(col('TIMESTAMP', { scale: 9 }))).toBe('TIMESTAMP_NS');
    expect(stagedDuckdbType(col('DECIMAL', { precision: 5, scale: -3 }))).toBe('DECIMAL(8,0)');
  });
});

describe('DuckDB → canonical', () => {
  it.each([
    ['VARCHAR', 'VARIABLE_STRING', {}],
    ['BLOB', 'LARGE_BINARY', {}],
    ['TINYINT', 'INTEGER_1', {}],
    ['HUGEINT', 'INTEGER_38', { precision: 38, scale: 0 }],
    ['DECIMAL(12,2)', 'DECIMAL', { precision: 12, scale: 2 }],
    ['TIMESTAMP_NS', 'TIMESTAMP', { scale: 9 }],
    ['TIMESTAMP WITH TIME ZONE', 'TIMESTAMP_TZ', { scale: 6 }],
    ['TIME_NS', 'TIME', { scale: 9 }],
    ['INTERVAL', 'INTERVAL_MDN', { scale: 6 }],
    ['BOOLEAN', 'BOOLEAN', {}],
  ])('%s → %s', (duck, type, extra) => {
    expect(canonicalFromDuckdb('C', duck, true)).toMatchObject({ dataType: type, ...extra });
  });

  it('reads the canonical interval type back from the column comment', () => {
    for (const t of ['INTERVAL_YM', 'INTERVAL_DS', 'INTERVAL_MDN'] as const) {
      expect(canonicalFromDuckdb('C', 'INTERVAL', false, canonicalComment(col(t)))).toMatchObject({
        dataType: t,
        nullable: false,
      });
    }
  });

  it('round-trips every canonical type to a DuckDB type and back to the same family', () => {
    for (const t of ALL_CANONICAL_TYPES) {
      const c = col(t, t === 'DECIMAL' ? { precision: 10, scale: 2 } : {});
      const back = canonicalFromDuckdb('C', duckdbTypeFor(c), true, canonicalComment(c));
      expect(duckdbTypeFor(back)).toBe(duckdbTypeFor(c));
    }
  });

  it('refuses nested types', () => {
    expect(refusal(() => canonicalFromDuckdb('C', 'INTEGER[]', true))).toMatchObject({ code: 'TYPE_UNSUPPORTED' });
  });
});
