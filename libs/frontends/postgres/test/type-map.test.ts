/** The pure PostgreSQL → canonical mapping table. */
import { isGoeError } from '@goe/core';
import { describe, expect, it } from 'vitest';
import {
  decimalMapping,
  integralType,
  mapPostgresType,
  numericTypmod,
  sampledNumericMapping,
  type PgColumnType,
} from '../src/type-map.js';
import { autoSamplePercent } from '../src/sampling.js';

const t = (typname: string, typmod = -1, extra: Partial<PgColumnType> = {}): PgColumnType => ({
  typname,
  typtype: 'b',
  typcategory: 'X',
  typmod,
  formatted: typname,
  declared: typname,
  ...extra,
});
const numeric = (p: number, s: number) => t('numeric', ((p << 16) | (s & 0x7ff)) + 4);

function code(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    return isGoeError(e) ? `${e.code}:${e.column}` : String(e);
  }
}

describe('PostgreSQL → canonical', () => {
  it.each([
    ['int2', -1, 'INTEGER_2'],
    ['int4', -1, 'INTEGER_4'],
    ['int8', -1, 'INTEGER_8'],
    ['oid', -1, 'INTEGER_8'],
    ['float4', -1, 'FLOAT'],
    ['float8', -1, 'DOUBLE'],
    ['bool', -1, 'BOOLEAN'],
    ['text', -1, 'VARIABLE_STRING'],
    ['varchar', 34, 'VARIABLE_STRING'],
    ['bpchar', 9, 'FIXED_STRING'],
    ['bytea', -1, 'LARGE_BINARY'],
    ['date', -1, 'DATE'],
    ['timestamp', 3, 'TIMESTAMP'],
    ['timestamptz', -1, 'TIMESTAMP_TZ'],
    ['time', -1, 'TIME'],
    ['interval', -1, 'INTERVAL_MDN'],
    ['uuid', -1, 'VARIABLE_STRING'],
    ['json', -1, 'LARGE_STRING'],
    ['jsonb', -1, 'LARGE_STRING'],
    ['xml', -1, 'LARGE_STRING'],
    ['citext', -1, 'VARIABLE_STRING'],
    ['inet', -1, 'VARIABLE_STRING'],
  ])('%s (typmod %i) → %s', (typname, typmod, want) => {
    expect(mapPostgresType('c', t(typname, typmod)).dataType).toBe(want);
  });

  it('keeps lengths and fractional digits', () => {
    expect(mapPostgresType('c', t('varchar', 34))).toMatchObject({ charLength: 30, charSemantics: 'CHAR' });
    expect(mapPostgresType('c', t('bpchar', 9))).toMatchObject({ dataType: 'FIXED_STRING', charLength: 5 });
    expect(mapPostgresType('c', t('timestamp', 3))).toMatchObject({ scale: 3 });
    expect(mapPostgresType('c', t('timestamptz'))).toMatchObject({ scale: 6 });
    expect(mapPostgresType('c', t('mood', -1, { typtype: 'e' })).dataType).toBe('VARIABLE_STRING');
  });

  it('maps numeric(p,s) exactly, with integral detection', () => {
    expect(numericTypmod(numeric(12, 2).typmod)).toEqual({ precision: 12, scale: 2 });
    expect(numericTypmod(numeric(5, -2).typmod)).toEqual({ precision: 5, scale: -2 });
    expect(mapPostgresType('c', numeric(2, 0)).dataType).toBe('INTEGER_1');
    expect(mapPostgresType('c', numeric(4, 0)).dataType).toBe('INTEGER_2');
    expect(mapPostgresType('c', numeric(9, 0)).dataType).toBe('INTEGER_4');
    expect(mapPostgresType('c', numeric(18, 0)).dataType).toBe('INTEGER_8');
    expect(mapPostgresType('c', numeric(38, 0)).dataType).toBe('INTEGER_38');
    expect(mapPostgresType('c', numeric(50, 0))).toMatchObject({ dataType: 'DECIMAL', precision: 50, scale: 0 });
    expect(mapPostgresType('c', numeric(38, 10))).toMatchObject({
      dataType: 'DECIMAL',
      precision: 38,
      scale: 10,
      safeMapping: true,
    });
    expect(mapPostgresType('c', numeric(76, 20))).toMatchObject({ dataType: 'DECIMAL', precision: 76, scale: 20 });
    expect(mapPostgresType('c', numeric(5, -2))).toMatchObject({ dataType: 'INTEGER_4', precision: 7 });
    expect(mapPostgresType('c', numeric(3, 5))).toMatchObject({ dataType: 'DECIMAL', precision: 5, scale: 5 });
    expect(mapPostgresType('c', t('numeric'))).toMatchObject({
      dataType: 'DECIMAL',
      needsSampling: true,
      safeMapping: false,
    });
  });

  it('refuses what has no exact canonical type, naming the column', () => {
    expect(code(() => mapPostgresType('wide', numeric(77, 0)))).toBe('TYPE_UNSUPPORTED:wide');
    expect(code(() => decimalMapping('wide', 1000, 0, true))).toBe('TYPE_UNSUPPORTED:wide');
    expect(code(() => mapPostgresType('a', t('_int4', -1, { typcategory: 'A' })))).toBe('TYPE_UNSUPPORTED:a');
    expect(code(() => mapPostgresType('r', t('int4range', -1, { typtype: 'r' })))).toBe('TYPE_UNSUPPORTED:r');
    expect(code(() => mapPostgresType('p', t('point', -1, { typcategory: 'G' })))).toBe('TYPE_UNSUPPORTED:p');
    expect(code(() => mapPostgresType('z', t('timetz')))).toBe('TYPE_UNSUPPORTED:z');
    expect(code(() => mapPostgresType('m', t('money')))).toBe('TYPE_UNSUPPORTED:m');
  });

  it("follows GOE's integral detection and sampling rules", () => {
    expect(integralType(18, 0, true)).toBe('INTEGER_8');
    expect(integralType(18, 0, false)).toBe('INTEGER_38');
    expect(integralType(10, 2, true)).toBeUndefined();
    expect(sampledNumericMapping('x', 17, 0)).toMatchObject({ dataType: 'INTEGER_38', safeMapping: false });
    expect(sampledNumericMapping('x', 0, 0)).toMatchObject({ dataType: 'INTEGER_1', precision: 1 });
    expect(sampledNumericMapping('x', 30, 6)).toMatchObject({ dataType: 'DECIMAL', precision: 36, scale: 6 });
    expect(autoSamplePercent(-1, 10 * 1024 ** 2)).toBe(100);
    expect(autoSamplePercent(-1, 100 * 1024 ** 3)).toBeCloseTo(2);
    expect(autoSamplePercent(5, 100 * 1024 ** 3)).toBe(5);
  });
});
