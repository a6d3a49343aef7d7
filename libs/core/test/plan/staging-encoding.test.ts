import { describe, expect, it } from 'vitest';
import {
  canonicalColumn,
  formatOffloadPlan,
  isGoeError,
  parseOffloadPlan,
  serializeOffloadPlan,
  stagedColumn,
  stagedColumns,
  stagingEncodingOf,
  type CanonicalType,
  type OffloadPlan,
  type StagingEncoding,
} from '@goe/core';

const ALL: StagingEncoding = { decimal: 'text', timelike: 'epoch-int64', binary: 'base64' };
const col = (dataType: CanonicalType, extra: Record<string, unknown> = {}) =>
  canonicalColumn({ name: `C_${dataType}`, dataType, nullable: false, ...extra } as never);

describe('staging encodings', () => {
  it.each<[CanonicalType, Record<string, unknown>, string | undefined, CanonicalType]>([
    ['DECIMAL', { precision: 12, scale: 2 }, 'decimal', 'VARIABLE_STRING'],
    ['INTEGER_38', { precision: 38 }, 'decimal', 'VARIABLE_STRING'],
    ['TIME', { scale: 6 }, 'timelike', 'INTEGER_8'],
    ['TIMESTAMP', { scale: 9 }, 'timelike', 'INTEGER_8'],
    ['TIMESTAMP_TZ', {}, 'timelike', 'INTEGER_8'],
    ['BINARY', { dataLength: 16 }, 'binary', 'LARGE_STRING'],
    ['LARGE_BINARY', {}, 'binary', 'LARGE_STRING'],
    ['DATE', {}, undefined, 'DATE'],
    ['DOUBLE', {}, undefined, 'DOUBLE'],
    ['INTERVAL_DS', {}, undefined, 'INTERVAL_DS'],
  ])('%s is staged as %s → %s', (type, extra, kind, staged) => {
    const c = col(type, extra);
    expect(stagingEncodingOf(c, ALL)).toBe(kind);
    const s = stagedColumn(c, ALL);
    expect(s.dataType).toBe(staged);
    expect([s.name, s.nullable]).toEqual([c.name, false]);
    if (kind === undefined) expect(s).toBe(c);
  });

  it('leaves columns alone without an encoding, or when the encoding does not name their kind', () => {
    const cols = [col('DECIMAL', { precision: 5, scale: 1 }), col('TIME')];
    expect(stagedColumns(cols, undefined)).toBe(cols);
    expect(stagingEncodingOf(cols[0]!, { timelike: 'epoch-int64' })).toBeUndefined();
    expect(stagingEncodingOf(cols[1]!, { decimal: 'text' })).toBeUndefined();
    expect(stagingEncodingOf(col('BINARY'), { decimal: 'text' })).toBeUndefined();
    expect(stagedColumns(cols, { binary: 'base64' })).toEqual(cols);
  });
});

const plan: OffloadPlan = {
  planVersion: 1,
  source: { frontend: 'x', owner: 'SH', table: 'SALES' },
  target: { backend: 'quack', database: 'sh', table: 'sales' },
  columns: [col('DECIMAL', { precision: 12, scale: 2 })],
  scope: { kind: 'full' },
  transport: { method: 'NATIVE', parallelism: 1, batchRows: 1000 },
  staging: { format: 'PARQUET', compression: 'NONE', prefix: 'p', maxFileBytes: 1024, rowGroupRows: 10, encoding: ALL },
  allow: { decimalScaleRounding: false, floatingPointConversions: false, nanosecondTimestamps: false },
  notices: [],
};

describe('plans carry the staging encoding', () => {
  it('round-trips it and shows it', () => {
    expect(parseOffloadPlan(serializeOffloadPlan(plan))).toEqual(plan);
    expect(formatOffloadPlan(plan)).toContain(
      'row groups of 10 rows, decimals as text, times as epoch integers, binary as base64',
    );
    const none = { ...plan, staging: { ...plan.staging, encoding: undefined } };
    expect(formatOffloadPlan(none)).toMatch(/row groups of 10 rows\n/);
  });

  it('refuses an unknown encoding', () => {
    const bad = serializeOffloadPlan(plan).replace('"epoch-int64"', '"epoch-millis"');
    let caught: unknown;
    try {
      parseOffloadPlan(bad);
    } catch (e) {
      caught = e;
    }
    expect(isGoeError(caught)).toBe(true);
    expect(String((caught as Error).message)).toMatch(/timelike/);
  });
});
