import { expect } from 'vitest';
import {
  LOSSY_ALLOWANCE_OPTIONS,
  applyDataTypeControls,
  canonicalColumn,
  checkLossyConversions,
  checkValueRanges,
  integralPart,
  integralRange,
  narrowedColumns,
  widerOption,
  isGoeError,
  type CanonicalColumn,
  type CanonicalColumnInput,
  type DataTypeControls,
  type GoeError,
  type LossyAllowances,
} from '@goe/core';
import { ruleCase, ruleSuite } from '../support/rule-case.js';
import { BIGQUERY_LIMITS, SALES, SNOWFLAKE_LIMITS, SYNAPSE_LIMITS } from './fixtures.js';

type Limits = typeof BIGQUERY_LIMITS;

const c = (name: string, dataType: string, extra: Partial<CanonicalColumnInput> = {}) =>
  canonicalColumn({ name, dataType, ...extra });

function errorOf(fn: () => unknown): GoeError {
  try {
    fn();
  } catch (e) {
    if (isGoeError(e)) return e;
    throw e;
  }
  throw new Error('expected a GoeError');
}

/** Checks one source → final conversion: refused without `allow`, accepted with it. */
function expectLossy(
  source: CanonicalColumn,
  final: CanonicalColumn,
  allow: keyof LossyAllowances | undefined,
  limits: Limits = SNOWFLAKE_LIMITS,
  message?: RegExp,
) {
  const e = errorOf(() => checkLossyConversions([source], [final], limits, {}));
  expect(e.code).toBe('TYPE_LOSSY_CONVERSION');
  expect(e.column).toBe(final.name);
  expect(e.message).toContain(`column ${final.name}`);
  if (message) expect(e.message).toMatch(message);
  if (allow) {
    expect(e.message).toContain(`Include ${LOSSY_ALLOWANCE_OPTIONS[allow]} option to proceed with the offload`);
    expect(e.variable).toBe(LOSSY_ALLOWANCE_OPTIONS[allow]);
    expect(() => checkLossyConversions([source], [final], limits, { [allow]: true })).not.toThrow();
  } else {
    expect(() =>
      checkLossyConversions([source], [final], limits, {
        decimalScaleRounding: true,
        floatingPointConversions: true,
        nanosecondTimestamps: true,
      }),
    ).toThrow();
  }
}

function expectLossless(source: CanonicalColumn, final: CanonicalColumn, limits: Limits = SNOWFLAKE_LIMITS) {
  expect(() => checkLossyConversions([source], [final], limits)).not.toThrow();
}

function planAndCheck(
  controls: DataTypeControls,
  limits: Limits = BIGQUERY_LIMITS,
  allow: Partial<LossyAllowances> = {},
) {
  const { columns } = applyDataTypeControls(SALES, controls, { backend: limits });
  return checkLossyConversions(SALES, columns, limits, allow);
}

ruleSuite('lossless by default (§3.7 --allow-* options)', () => {
  ruleCase(
    'T3.7-lossy-scale',
    'a scale reduction or a scale above the backend maximum needs --allow-decimal-scale-rounding',
    () => {
      expectLossy(
        c('P', 'DECIMAL', { precision: 12, scale: 4 }),
        c('P', 'DECIMAL', { precision: 12, scale: 2 }),
        'decimalScaleRounding',
        SNOWFLAKE_LIMITS,
        /reduces the scale from 4 to 2/,
      );
      expectLossy(c('P', 'DECIMAL', { precision: 12, scale: 4 }), c('P', 'INTEGER_8'), 'decimalScaleRounding');
      expectLossy(
        c('P', 'DECIMAL', { precision: 38, scale: 38 }),
        c('P', 'DECIMAL', { precision: 38, scale: 38 }),
        'decimalScaleRounding',
        SNOWFLAKE_LIMITS,
        /scale above the backend maximum 37/,
      );
      expectLossless(c('P', 'DECIMAL', { precision: 12, scale: 2 }), c('P', 'DECIMAL', { precision: 14, scale: 4 }));
      expectLossless(c('P', 'DECIMAL', { precision: 12, scale: 2 }), c('P', 'DECIMAL', { precision: 12, scale: 2 }));
      expect(() => planAndCheck({ decimalColumns: ['price'], decimalColumnsType: ['12,2'] })).toThrow(
        /column price: DECIMAL\(12,4\) -> DECIMAL\(12,2\)/,
      );
      expect(
        planAndCheck({ decimalColumns: ['price'], decimalColumnsType: ['12,2'] }, BIGQUERY_LIMITS, {
          decimalScaleRounding: true,
        }),
      ).toEqual([]);
    },
  );
  ruleCase(
    'T3.7-lossy-narrowing',
    'narrowing without an override is refused naming the wider option; an override narrowing is left to the data',
    () => {
      expectLossy(
        c('N', 'INTEGER_8'),
        c('N', 'INTEGER_4'),
        undefined,
        SNOWFLAKE_LIMITS,
        /INTEGER_8 -> INTEGER_4 narrows/,
      );
      const e = errorOf(() => checkLossyConversions([c('N', 'INTEGER_8')], [c('N', 'INTEGER_4')], SNOWFLAKE_LIMITS));
      expect(e.hint).toBe('Use --integer-8-columns N');
      expect(e.message).not.toContain('--allow-decimal-scale-rounding');
      expectLossy(c('N', 'DECIMAL', { precision: 12, scale: 0 }), c('N', 'INTEGER_4'), undefined);
      expectLossy(
        c('N', 'DECIMAL', { precision: 12, scale: 2 }),
        c('N', 'DECIMAL', { precision: 11, scale: 2 }),
        undefined,
      );
      expect(
        errorOf(() =>
          checkLossyConversions(
            [c('N', 'DECIMAL', { precision: 12, scale: 2 })],
            [c('N', 'DECIMAL', { precision: 11, scale: 2 })],
            SNOWFLAKE_LIMITS,
          ),
        ).hint,
      ).toBe('Use --decimal-columns N --decimal-columns-type 12,2');
      expectLossy(c('N', 'INTEGER_38'), c('N', 'INTEGER_8'), undefined);
      expectLossless(c('N', 'DECIMAL', { precision: 9, scale: 0 }), c('N', 'INTEGER_4'));
      expectLossless(c('N', 'INTEGER_4', { precision: 4 }), c('N', 'INTEGER_2'));
      expectLossless(c('N', 'INTEGER_4'), c('N', 'INTEGER_8'));
      expectLossless(c('N', 'INTEGER_8'), c('N', 'DECIMAL', { precision: 19, scale: 0 }));
      expectLossless(c('N', 'DECIMAL', { precision: 5, scale: -2 }), c('N', 'INTEGER_4'));
      expectLossless(c('N', 'DECIMAL'), c('N', 'DECIMAL', { precision: 10, scale: 2 }));
      // overrides: accepted here, listed for the data check
      expect(planAndCheck({ integer4Columns: 'id' })).toEqual([]);
      expect(planAndCheck({ integer1Columns: 'qty' })).toEqual([]);
      expect(planAndCheck({ integer8Columns: 'amount' })).toEqual([]);
      const final = applyDataTypeControls(
        SALES,
        { integer4Columns: 'id', decimalColumns: ['big_num'], decimalColumnsType: ['10,0'] },
        { backend: SNOWFLAKE_LIMITS },
      ).columns;
      expect(narrowedColumns(SALES, final)).toEqual([
        {
          column: 'id',
          option: '--integer-4-columns',
          type: 'INTEGER_4',
          min: -2147483648n,
          max: 2147483647n,
          scale: 0,
        },
        {
          column: 'big_num',
          option: '--decimal-columns',
          type: 'DECIMAL(10,0)',
          min: -9999999999n,
          max: 9999999999n,
          scale: 0,
        },
      ]);
    },
  );
  ruleCase(
    'T3.7-lossy-narrowing',
    'an override narrowing is refused by the data, naming range and remedy',
    async () => {
      const narrowed = narrowedColumns(
        [c('QTY', 'INTEGER_8'), c('AMT', 'DECIMAL', { precision: 12, scale: 2 }), c('E', 'INTEGER_8')],
        [
          c('QTY', 'INTEGER_2', { fromOverride: true }),
          c('AMT', 'DECIMAL', { precision: 6, scale: 2, fromOverride: true }),
          c('E', 'INTEGER_1', { fromOverride: true }),
        ],
      );
      expect(narrowed.map((n) => n.column)).toEqual(['QTY', 'AMT', 'E']);
      const reads: unknown[] = [];
      const fits = await checkValueRanges(narrowed, async (specs) => {
        reads.push(specs);
        return {
          'min(QTY)': '-32768',
          'max(QTY)': '300',
          'min(AMT)': '-9999.99',
          'max(AMT)': '12.5',
          'min(E)': null,
          'max(E)': null,
        };
      });
      expect(reads).toHaveLength(1);
      expect(fits).toEqual([
        'Column QTY: values -32768..300 fit INTEGER_2',
        'Column AMT: values -9999.99..12.5 fit DECIMAL(6,2)',
        'Column E: no values in scope; INTEGER_1 holds them',
      ]);
      const refuse = async (min: string, max: string, column = 'QTY') => {
        try {
          await checkValueRanges(
            narrowed.filter((n) => n.column === column),
            async () => ({ [`min(${column})`]: min, [`max(${column})`]: max }),
          );
        } catch (e) {
          if (isGoeError(e)) return e;
        }
        throw new Error('expected a refusal');
      };
      const e = await refuse('-5', '40000');
      expect(e).toMatchObject({
        code: 'TYPE_LOSSY_CONVERSION',
        column: 'QTY',
        variable: '--integer-2-columns',
        message:
          'Column QTY: values from -5 to 40000 do not fit INTEGER_2 (-32768 to 32767) requested by --integer-2-columns',
        hint: 'Use --integer-4-columns QTY instead',
      });
      expect((await refuse('-32769', '0')).hint).toBe('Use --integer-4-columns QTY instead');
      expect((await refuse('0', '9223372036854775808')).hint).toBe('Use --integer-38-columns QTY instead');
      expect((await refuse('0', '1e40')).hint).toBe('Use --decimal-columns QTY --decimal-columns-type 41,0 instead');
      expect((await refuse('0', '123456.78', 'AMT')).hint).toBe(
        'Use --decimal-columns AMT --decimal-columns-type 8,2 instead',
      );
      expect(await checkValueRanges([], async () => Promise.reject(new Error('not read')))).toEqual([]);
      expect(await checkValueRanges(narrowed.slice(0, 1), async () => ({ 'min(QTY)': 'x', 'max(QTY)': '1' }))).toEqual([
        "Column QTY: range x..1 not numeric; left to the load's cast check",
      ]);
      expect(integralPart('-12.50')).toBe(-12n);
      expect(integralPart('1.5e1')).toBe(15n);
      expect(integralPart('.5')).toBe(0n);
      expect(integralPart('2e-3')).toBe(0n);
      expect(integralPart('abc')).toBeUndefined();
      expect(integralRange(c('S', 'INTEGER_2', { precision: 3 }))).toEqual({ min: -999n, max: 999n });
      expect(integralRange(c('S', 'DOUBLE'))).toBeUndefined();
      expect(widerOption('X', -100n, 100n, 0)).toBe('--integer-1-columns X');
    },
  );
  ruleCase(
    'T3.7-lossy-to-float',
    'an exact number into FLOAT/DOUBLE needs --allow-floating-point-conversions unless exact',
    () => {
      expectLossy(
        c('N', 'DECIMAL', { precision: 10, scale: 2 }),
        c('N', 'DOUBLE'),
        'floatingPointConversions',
        SNOWFLAKE_LIMITS,
        /is not exact in binary floating point/,
      );
      expectLossy(c('N', 'INTEGER_8'), c('N', 'DOUBLE'), 'floatingPointConversions');
      expectLossy(c('N', 'INTEGER_4'), c('N', 'FLOAT'), 'floatingPointConversions');
      expectLossy(c('N', 'DECIMAL'), c('N', 'DOUBLE'), 'floatingPointConversions');
      expectLossless(c('N', 'INTEGER_4'), c('N', 'DOUBLE'));
      expectLossless(c('N', 'DECIMAL', { precision: 15, scale: 0 }), c('N', 'DOUBLE'));
      expectLossless(c('N', 'INTEGER_2'), c('N', 'FLOAT'));
      expect(() => planAndCheck({ doubleColumns: 'price' })).toThrow(/--allow-floating-point-conversions/);
      expect(planAndCheck({ doubleColumns: 'qty' })).toEqual([]);
    },
  );
  ruleCase(
    'T3.7-lossy-from-float',
    'FLOAT/DOUBLE into DECIMAL, or DOUBLE into FLOAT, needs --allow-floating-point-conversions',
    () => {
      expectLossy(c('F', 'DOUBLE'), c('F', 'DECIMAL', { precision: 38, scale: 10 }), 'floatingPointConversions');
      expectLossy(c('F', 'FLOAT'), c('F', 'DECIMAL', { precision: 20, scale: 5 }), 'floatingPointConversions');
      expectLossy(c('F', 'DOUBLE'), c('F', 'FLOAT'), 'floatingPointConversions', SNOWFLAKE_LIMITS, /loses precision/);
      expectLossless(c('F', 'FLOAT'), c('F', 'DOUBLE'));
      expect(() => planAndCheck({ decimalColumns: ['rate'], decimalColumnsType: ['30,10'] })).toThrow(
        /column rate: DOUBLE -> DECIMAL\(30,10\)/,
      );
    },
  );
  ruleCase('T3.7-lossy-nan', 'FLOAT/DOUBLE into a backend without NaN needs --allow-floating-point-conversions', () => {
    expectLossy(
      c('F', 'DOUBLE'),
      c('F', 'DOUBLE'),
      'floatingPointConversions',
      SYNAPSE_LIMITS,
      /NaN and Infinity .* loaded as NULL/,
    );
    expectLossy(c('F', 'FLOAT'), c('F', 'DOUBLE'), 'floatingPointConversions', SYNAPSE_LIMITS);
    expectLossless(c('F', 'DOUBLE'), c('F', 'DOUBLE'), SNOWFLAKE_LIMITS);
    expectLossless(c('N', 'INTEGER_4'), c('N', 'DOUBLE'), SYNAPSE_LIMITS);
  });
  ruleCase(
    'T3.7-lossy-nanoseconds',
    'fractional seconds beyond the backend need --allow-nanosecond-timestamp-columns',
    () => {
      expectLossy(
        c('T', 'TIMESTAMP', { scale: 9 }),
        c('T', 'TIMESTAMP', { scale: 9 }),
        'nanosecondTimestamps',
        BIGQUERY_LIMITS,
        /9 fractional second digits but the backend holds 6/,
      );
      expectLossy(
        c('T', 'TIMESTAMP_TZ', { scale: 9 }),
        c('T', 'TIMESTAMP_TZ', { scale: 6 }),
        'nanosecondTimestamps',
        SNOWFLAKE_LIMITS,
        /truncates fractional seconds from 9 to 6/,
      );
      expectLossy(c('T', 'TIME', { scale: 7 }), c('T', 'TIME', { scale: 7 }), 'nanosecondTimestamps', BIGQUERY_LIMITS);
      expectLossy(c('T', 'TIMESTAMP'), c('T', 'TIMESTAMP', { scale: 9 }), 'nanosecondTimestamps', SYNAPSE_LIMITS);
      expectLossless(c('T', 'TIMESTAMP', { scale: 9 }), c('T', 'TIMESTAMP', { scale: 9 }), SNOWFLAKE_LIMITS);
      expectLossless(c('T', 'TIMESTAMP', { scale: 3 }), c('T', 'TIMESTAMP_TZ', { scale: 6 }), BIGQUERY_LIMITS);
      expectLossless(c('D', 'DATE'), c('D', 'TIMESTAMP_TZ', { scale: 6 }), BIGQUERY_LIMITS);
      const ns = [c('created', 'TIMESTAMP', { scale: 9 })];
      const { columns } = applyDataTypeControls(ns, { timestampTzColumns: 'created' }, { backend: BIGQUERY_LIMITS });
      expect(() => checkLossyConversions(ns, columns, BIGQUERY_LIMITS)).toThrow(/--allow-nanosecond-timestamp-columns/);
    },
  );
  ruleCase(
    'T3.7-lossy-date-drops-time',
    'TIMESTAMP → DATE is accepted only through --date-columns, with a notice',
    () => {
      expect(planAndCheck({ dateColumns: 'created' })).toEqual([
        'Column created: --date-columns drops the time part of TIMESTAMP(6) values',
      ]);
      expect(planAndCheck({ dateColumns: 'sale_date' })).toEqual([]);
      const e = errorOf(() =>
        checkLossyConversions([c('T', 'TIMESTAMP', { scale: 6 })], [c('T', 'DATE')], BIGQUERY_LIMITS),
      );
      expect(e.message).toBe('Lossy conversion for column T: TIMESTAMP(6) -> DATE drops the time part');
      expect(e.hint).toBe('Request it explicitly with --date-columns T');
    },
  );
  ruleCase(
    'T3.7-lossy-precision-above-max',
    'a precision above the backend maximum is refused with a --decimal-columns hint',
    () => {
      const src = c('BIG', 'DECIMAL', { precision: 40, scale: 2 });
      const e = errorOf(() =>
        checkLossyConversions([src], [src], SNOWFLAKE_LIMITS, {
          decimalScaleRounding: true,
          floatingPointConversions: true,
          nanosecondTimestamps: true,
        }),
      );
      expect(e.message).toBe('Lossy conversion for column BIG: DECIMAL(40,2) exceeds the backend maximum precision 38');
      expect(e.hint).toMatch(/^Use --decimal-columns BIG --decimal-columns-type p,s with p <= 38/);
      expect(e.variable).toBeUndefined();
      expectLossy(
        c('W', 'DECIMAL', { precision: 60, scale: 10 }),
        c('W', 'DECIMAL', { precision: 60, scale: 10 }),
        undefined,
        BIGQUERY_LIMITS,
        /more than 38 integral digits/,
      );
      expectLossless(
        c('W', 'DECIMAL', { precision: 76, scale: 38 }),
        c('W', 'DECIMAL', { precision: 76, scale: 38 }),
        BIGQUERY_LIMITS,
      );
      expect(() =>
        checkLossyConversions([], [c('GOE_PART_M_X', 'DECIMAL', { precision: 30, scale: 0 })], SNOWFLAKE_LIMITS),
      ).not.toThrow();
    },
  );
});
