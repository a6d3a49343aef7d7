/** normalizeSamplingOptions, planScaleRounding, stagingColumn and checkTransformColumns (issue #13 item 6). */
import { describe, expect, it } from 'vitest';
import {
  arrowSchemaFor,
  canonicalColumn,
  checkTransformColumns,
  isGoeError,
  normalizeSamplingOptions,
  planScaleRounding,
  stagingColumn,
  type GoeError,
} from '@goe/core';

function errorOf(fn: () => unknown): GoeError {
  try {
    fn();
  } catch (e) {
    if (isGoeError(e)) return e;
    throw e;
  }
  throw new Error('expected a GoeError');
}

describe('normalizeSamplingOptions', () => {
  it('normalizes AUTO, percentages, parallelism and padding', () => {
    expect(normalizeSamplingOptions({})).toEqual({ paddingDigits: 2 });
    expect(normalizeSamplingOptions({ dataSamplePercent: 'auto' })).toEqual({ percent: -1, paddingDigits: 2 });
    expect(
      normalizeSamplingOptions({ dataSamplePercent: '0.5', dataSampleParallelism: '4', decimalPaddingDigits: 0 }),
    ).toEqual({
      percent: 0.5,
      parallelism: 4,
      paddingDigits: 0,
    });
    expect(normalizeSamplingOptions({ dataSamplePercent: 100 }).percent).toBe(100);
  });
  it('refuses bad values naming the option', () => {
    for (const [input, option] of [
      [{ dataSamplePercent: '101' }, '--data-sample-percent'],
      [{ dataSamplePercent: '-1' }, '--data-sample-percent'],
      [{ dataSamplePercent: 'half' }, '--data-sample-percent'],
      [{ dataSampleParallelism: -1 }, '--data-sample-parallelism'],
      [{ dataSampleParallelism: '2x' }, '--data-sample-parallelism'],
      [{ dataSampleParallelism: 1025 }, '--data-sample-parallelism'],
      [{ decimalPaddingDigits: 39 }, '--decimal-padding-digits'],
      [{ decimalPaddingDigits: 1.5 }, '--decimal-padding-digits'],
    ] as const) {
      const e = errorOf(() => normalizeSamplingOptions(input));
      expect(e).toMatchObject({ code: 'OPTION_INVALID', variable: option });
      expect(e.message).toContain(option);
    }
  });
});

describe('planScaleRounding / stagingColumn', () => {
  const src = [
    canonicalColumn({ name: 'AMT', dataType: 'DECIMAL', precision: 10, scale: 4 }),
    canonicalColumn({ name: 'Q', dataType: 'DECIMAL', precision: 12, scale: 2 }),
    canonicalColumn({ name: 'N', dataType: 'DECIMAL', safeMapping: false }),
    canonicalColumn({ name: 'I', dataType: 'INTEGER_8' }),
  ];
  const final = [
    canonicalColumn({ name: 'AMT', dataType: 'DECIMAL', precision: 10, scale: 2, fromOverride: true }),
    canonicalColumn({ name: 'Q', dataType: 'INTEGER_8', fromOverride: true }),
    canonicalColumn({ name: 'N', dataType: 'DECIMAL', precision: 10, scale: 0, fromOverride: true }),
    canonicalColumn({ name: 'I', dataType: 'INTEGER_4', fromOverride: true }),
    canonicalColumn({ name: 'SYNTH', dataType: 'INTEGER_8' }),
  ];
  it('stages rounded columns at their exact source decimal, only when allowed', () => {
    expect(planScaleRounding(src, final, {}).columns).toBe(final);
    const { columns, notices } = planScaleRounding(src, final, { decimalScaleRounding: true });
    expect(columns.map((c) => c.stagedAs)).toEqual([
      { dataType: 'DECIMAL', precision: 10, scale: 4 },
      { dataType: 'DECIMAL', precision: 12, scale: 2 },
      undefined,
      undefined,
      undefined,
    ]);
    expect(notices).toEqual([
      "Column AMT: values are rounded from scale 4 to 2 (DECIMAL(10,4) -> DECIMAL(10,2)) by the backend's cast, as --allow-decimal-scale-rounding allows",
      "Column Q: values are rounded from scale 2 to 0 (DECIMAL(12,2) -> INTEGER_8) by the backend's cast, as --allow-decimal-scale-rounding allows",
    ]);
    expect(stagingColumn(columns[0]!)).toMatchObject({ dataType: 'DECIMAL', precision: 10, scale: 4 });
    expect(stagingColumn(columns[0]!).stagedAs).toBeUndefined();
    expect(stagingColumn(final[3]!)).toBe(final[3]);
    expect(String(arrowSchemaFor([columns[1]!]).fields[0]!.type)).toBe(
      String(arrowSchemaFor([src[1]!]).fields[0]!.type),
    );
  });
});

describe('checkTransformColumns', () => {
  it('checks the syntax only (applying is planColumnTransforms); malformed values name the form', () => {
    expect(() => checkTransformColumns(undefined)).not.toThrow();
    expect(() => checkTransformColumns(['NAME:tokenize', "N:regexp_replace('a','b')"])).not.toThrow();
    expect(errorOf(() => checkTransformColumns(['N:translate(a)'])).message).toContain(
      'translate takes 2 parameter(s), got 1',
    );
    expect(errorOf(() => checkTransformColumns(['N:rot13'])).message).toContain('expected COLUMN:function');
    expect(errorOf(() => checkTransformColumns(['N:null(x)'])).variable).toBe('--transform-column');
  });
});
