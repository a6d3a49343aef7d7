import { expect } from 'vitest';
import {
  CANONICAL_TYPE_OPTION_NAMES,
  DATA_TYPE_CONTROL_DEFAULTS,
  DATA_TYPE_CONTROL_OPTIONS,
  DECIMAL_SPEC_PATTERN,
  LEGACY_TYPE_OPTION_NAMES,
  applyDataTypeControls,
  applyNotNullControls,
  canonicalColumn,
  columnPatternRegExp,
  expandColumnsCsv,
  isGoeError,
  matchColumnPattern,
  normalizeNotNullPropagation,
  parseColumnsCsv,
  parseDecimalSpec,
  resolveLossyAllowances,
  timestampTzScale,
  validCanonicalDecimalSpec,
  type CanonicalColumn,
  type DataTypeControlContext,
  type DataTypeControls,
  type GoeError,
} from '@goe/core';
import { ruleCase, ruleSuite } from '../support/rule-case.js';
import { BIGQUERY_LIMITS, HIVE_LIMITS, SALES, SNOWFLAKE_LIMITS, sourceColumn } from './fixtures.js';

const BQ: DataTypeControlContext = { backend: BIGQUERY_LIMITS };
const SF: DataTypeControlContext = { backend: SNOWFLAKE_LIMITS };

function apply(controls: DataTypeControls, context: DataTypeControlContext = BQ) {
  return applyDataTypeControls(SALES, controls, context);
}

function byName(columns: readonly CanonicalColumn[], name: string): CanonicalColumn {
  const c = columns.find((x) => x.name === name);
  if (!c) throw new Error(`no column ${name}`);
  return c;
}

function errorOf(fn: () => unknown): GoeError {
  try {
    fn();
  } catch (e) {
    if (isGoeError(e)) return e;
    throw e;
  }
  throw new Error('expected a GoeError');
}

ruleSuite('data-type control options (§3.7)', () => {
  for (const [n, type] of [
    ['1', 'INTEGER_1'],
    ['2', 'INTEGER_2'],
    ['4', 'INTEGER_4'],
    ['8', 'INTEGER_8'],
    ['38', 'INTEGER_38'],
  ] as const) {
    ruleCase(`T3.7-opt-integer-${n}`, `--integer-${n}-columns assigns ${type}`, () => {
      const key = `integer${n}Columns` as keyof DataTypeControls;
      const { columns, overrides } = apply({ [key]: 'big_num' });
      const col = byName(columns, 'big_num');
      expect(col).toMatchObject({ dataType: type, fromOverride: true, safeMapping: true });
      expect(col.precision).toBeUndefined();
      expect(overrides).toEqual({ big_num: `--integer-${n}-columns` });
      expect(CANONICAL_TYPE_OPTION_NAMES[type]).toBe(`--integer-${n}-columns`);
    });
  }
  ruleCase('T3.7-opt-date', '--date-columns assigns DATE', () => {
    const { columns } = apply({ dateColumns: 'created,sale_date' });
    expect(byName(columns, 'created')).toMatchObject({ dataType: 'DATE', fromOverride: true });
    expect(byName(columns, 'sale_date')).toMatchObject({ dataType: 'DATE', fromOverride: true });
  });
  ruleCase('T3.7-opt-decimal', '--decimal-columns groups pair positionally with --decimal-columns-type', () => {
    const { columns, overrides } = apply({
      decimalColumns: ['price', ['qty', 'big_num']],
      decimalColumnsType: ['18,4', '38, 0'],
    });
    expect(byName(columns, 'price')).toMatchObject({
      dataType: 'DECIMAL',
      precision: 18,
      scale: 4,
      fromOverride: true,
    });
    expect(byName(columns, 'qty')).toMatchObject({ dataType: 'DECIMAL', precision: 38, scale: 0 });
    expect(byName(columns, 'big_num')).toMatchObject({ dataType: 'DECIMAL', precision: 38, scale: 0 });
    expect(overrides.price).toBe('--decimal-columns');
  });
  ruleCase(
    'T3.7-opt-timestamp-tz',
    '--timestamp-tz-columns uses the backend max datetime scale, capped by the source scale',
    () => {
      expect(byName(apply({ timestampTzColumns: 'created' }).columns, 'created')).toMatchObject({
        dataType: 'TIMESTAMP_TZ',
        scale: 6,
      });
      // timestamp(6) into a nanosecond backend: 6, never 9 (the old behaviour asked for 9, then refused it)
      expect(byName(apply({ timestampTzColumns: 'created' }, SF).columns, 'created')).toMatchObject({
        dataType: 'TIMESTAMP_TZ',
        scale: 6,
      });
      const ns = [sourceColumn('ts9', 'timestamp(9)', { dataType: 'TIMESTAMP', scale: 9 })];
      const unknown = [sourceColumn('tsx', 'timestamp', { dataType: 'TIMESTAMP' })];
      expect(applyDataTypeControls(ns, { timestampTzColumns: 'ts9' }, BQ).columns[0]?.scale).toBe(6);
      expect(applyDataTypeControls(ns, { timestampTzColumns: 'ts9' }, SF).columns[0]?.scale).toBe(9);
      expect(applyDataTypeControls(unknown, { timestampTzColumns: 'tsx' }, SF).columns[0]?.scale).toBe(9);
      expect(byName(apply({ timestampTzColumns: 'sale_date' }, SF).columns, 'sale_date').scale).toBe(0);
      expect(timestampTzScale(canonicalColumn({ name: 'X', dataType: 'TIMESTAMP', scale: 3 }), 6)).toBe(3);
    },
  );
  ruleCase('T3.7-opt-double', '--double-columns assigns DOUBLE', () => {
    expect(byName(apply({ doubleColumns: 'price,ratio' }).columns, 'price')).toMatchObject({
      dataType: 'DOUBLE',
      dataLength: 8,
    });
    expect(byName(apply({ doubleColumns: 'price,ratio' }).columns, 'ratio').dataType).toBe('DOUBLE');
  });
  ruleCase('T3.7-opt-variable-string', '--variable-string-columns assigns VARIABLE_STRING without a length', () => {
    const { columns } = apply({ variableStringColumns: 'sale_date,name' });
    const d = byName(columns, 'sale_date');
    expect(d).toMatchObject({ dataType: 'VARIABLE_STRING', fromOverride: true });
    expect([d.dataLength, d.charLength, d.charSemantics]).toEqual([undefined, undefined, undefined]);
    expect(byName(columns, 'name').charLength).toBeUndefined();
  });
  ruleCase('T3.7-opt-unicode', '--unicode-string-columns sets UNICODE semantics and keeps type and lengths', () => {
    const { columns, overrides } = apply({ unicodeStringColumns: 'name,code' });
    expect(byName(columns, 'name')).toMatchObject({
      dataType: 'VARIABLE_STRING',
      charLength: 100,
      charSemantics: 'UNICODE',
      fromOverride: true,
    });
    expect(byName(columns, 'code')).toMatchObject({
      dataType: 'FIXED_STRING',
      charLength: 3,
      charSemantics: 'UNICODE',
    });
    expect(overrides).toEqual({ name: '--unicode-string-columns', code: '--unicode-string-columns' });
  });
  ruleCase('T3.7-opt-not-null', '--not-null-columns sets nullable', () => {
    const { columns } = apply({ notNullColumns: 'qty' });
    expect(byName(columns, 'qty').nullable).toBe(false);
    expect(byName(columns, 'id').nullable).toBe(true);
  });
  ruleCase('T3.7-opt-allow-decimal-scale-rounding', 'defaults to false', () => {
    expect(DATA_TYPE_CONTROL_DEFAULTS.allow.decimalScaleRounding).toBe(false);
    expect(resolveLossyAllowances().decimalScaleRounding).toBe(false);
    expect(resolveLossyAllowances({ decimalScaleRounding: true }).decimalScaleRounding).toBe(true);
  });
  ruleCase('T3.7-opt-allow-floating-point-conversions', 'defaults to false', () => {
    expect(DATA_TYPE_CONTROL_DEFAULTS.allow.floatingPointConversions).toBe(false);
    expect(resolveLossyAllowances({}).floatingPointConversions).toBe(false);
    expect(resolveLossyAllowances({ floatingPointConversions: true }).floatingPointConversions).toBe(true);
  });
  ruleCase('T3.7-opt-allow-nanosecond-timestamp-columns', 'defaults to false', () => {
    expect(DATA_TYPE_CONTROL_DEFAULTS.allow.nanosecondTimestamps).toBe(false);
    expect(resolveLossyAllowances({ nanosecondTimestamps: true })).toEqual({
      decimalScaleRounding: false,
      floatingPointConversions: false,
      nanosecondTimestamps: true,
    });
  });
  ruleCase('T3.7-opt-data-sample-defaults', '--data-sample-percent AUTO, --data-sample-parallelism 0', () => {
    expect(DATA_TYPE_CONTROL_DEFAULTS.dataSamplePercent).toBe('AUTO');
    expect(DATA_TYPE_CONTROL_DEFAULTS.dataSampleParallelism).toBe(0);
  });
  ruleCase('T3.7-opt-decimal-padding-default', '--decimal-padding-digits 2', () => {
    expect(DATA_TYPE_CONTROL_DEFAULTS.decimalPaddingDigits).toBe(2);
  });
});

ruleSuite('source-type validation (§3.7)', () => {
  const invalid = (controls: DataTypeControls, column: string, option: string) => {
    const e = errorOf(() => apply(controls));
    expect(e.code).toBe('OPTION_INVALID');
    expect(e.message).toContain(`Invalid data type conversion for column ${column}:`);
    expect(e.message).toContain(`(${option})`);
    expect(e.column).toBe(column);
    expect(e.variable).toBe(option);
  };
  ruleCase('T3.7-src-integer-numeric', 'integer options refuse non-numeric and floating sources', () => {
    for (const col of ['name', 'created', 'flag', 'rate'])
      invalid({ integer4Columns: col }, col, '--integer-4-columns');
    expect(byName(apply({ integer2Columns: 'price' }).columns, 'price').dataType).toBe('INTEGER_2');
  });
  ruleCase('T3.7-src-double-numeric', '--double-columns refuses non-numeric sources', () => {
    for (const col of ['name', 'sale_date', 'flag']) invalid({ doubleColumns: col }, col, '--double-columns');
    invalid({ decimalColumns: ['code'], decimalColumnsType: ['10,2'] }, 'code', '--decimal-columns');
  });
  ruleCase('T3.7-src-date-dates', '--date-columns takes DATE and TIMESTAMP, not TIMESTAMP_TZ or non-dates', () => {
    for (const col of ['created_tz', 'name', 'qty', 't']) invalid({ dateColumns: col }, col, '--date-columns');
  });
  ruleCase('T3.7-src-timestamp-tz-dates', '--timestamp-tz-columns takes date sources only', () => {
    expect(byName(apply({ timestampTzColumns: 'sale_date' }).columns, 'sale_date').dataType).toBe('TIMESTAMP_TZ');
    expect(byName(apply({ timestampTzColumns: 'created_tz' }).columns, 'created_tz').scale).toBe(6);
    for (const col of ['t', 'name', 'id']) invalid({ timestampTzColumns: col }, col, '--timestamp-tz-columns');
  });
  ruleCase('T3.7-src-variable-string-dates', '--variable-string-columns takes dates and variable strings', () => {
    expect(byName(apply({ variableStringColumns: 'created' }).columns, 'created').dataType).toBe('VARIABLE_STRING');
    for (const col of ['created_tz', 'qty', 'code', 'notes'])
      invalid({ variableStringColumns: col }, col, '--variable-string-columns');
  });
  ruleCase('T3.7-src-unicode-strings', '--unicode-string-columns refuses non-string sources', () => {
    const e = errorOf(() => apply({ unicodeStringColumns: 'name,sale_date' }));
    expect(e.message).toBe(
      'Invalid data type conversion for column sale_date: date is not string based (--unicode-string-columns)',
    );
    const e2 = errorOf(() => apply({ variableStringColumns: 'sale_date', unicodeStringColumns: 'sale_date' }));
    expect(e2.message).toMatch(/column sale_date: date is not string based/);
    expect(byName(apply({ unicodeStringColumns: 'notes' }).columns, 'notes').charSemantics).toBe('UNICODE');
  });
  ruleCase('T3.7-src-invalid-message', 'the message names column, source type, target type and option', () => {
    expect(errorOf(() => apply({ decimalColumns: ['flag'], decimalColumnsType: ['10,2'] })).message).toBe(
      'Invalid data type conversion for column flag: boolean -> DECIMAL(10,2) (--decimal-columns)',
    );
    const strict: DataTypeControlContext = {
      backend: BIGQUERY_LIMITS,
      validOverride: (src, target) => src.dataType !== 'bigint' || target === 'INTEGER_8',
    };
    expect(errorOf(() => applyDataTypeControls(SALES, { integer4Columns: 'id' }, strict)).message).toBe(
      'Invalid data type conversion for column id: bigint -> INTEGER_4 (--integer-4-columns)',
    );
  });
});

ruleSuite('column lists and wildcards (§3.7)', () => {
  const names = ['cust_id', 'prod_id', 'ID', 'amount_usd', 'amount.eur', 'AMOUNTXEUR'];
  ruleCase('T3.7-csv-upper', 'items are trimmed and upper-cased', () => {
    expect(parseColumnsCsv(' id , Amount_* ')).toEqual(['ID', 'AMOUNT_*']);
    expect(parseColumnsCsv(['a', 'b,c', 'A'])).toEqual(['A', 'B', 'C']);
    expect(parseColumnsCsv('')).toEqual([]);
    expect(parseColumnsCsv('   ')).toEqual([]);
    expect(parseColumnsCsv([])).toEqual([]);
    expect(parseColumnsCsv(undefined)).toEqual([]);
  });
  ruleCase('T3.7-csv-empty-item', 'an empty item is an error', () => {
    for (const bad of ['A,,B', 'A,', ',A', 'A, ,B']) {
      const e = errorOf(() => parseColumnsCsv(bad, '--date-columns'));
      expect(e.message).toMatch(/^Empty column name in --date-columns/);
      expect(e.code).toBe('OPTION_INVALID');
    }
    expect(() => apply({ integer8Columns: 'qty,' })).toThrow(/Empty column name in --integer-8-columns/);
  });
  ruleCase(
    'T3.7-wildcard-expand',
    'patterns expand to the source spelling, in option order, without duplicates',
    () => {
      expect(expandColumnsCsv('*_id,id', names)).toEqual(['cust_id', 'prod_id', 'ID']);
      expect(expandColumnsCsv('ID,*ID', names)).toEqual(['ID', 'cust_id', 'prod_id']);
      expect(expandColumnsCsv('*', ['A', 'B'])).toEqual(['A', 'B']);
      const { columns } = apply({ integer8Columns: 'q*,*_num' });
      expect([byName(columns, 'qty').dataType, byName(columns, 'big_num').dataType]).toEqual([
        'INTEGER_8',
        'INTEGER_8',
      ]);
    },
  );
  ruleCase('T3.7-wildcard-case-insensitive', 'matching ignores case', () => {
    expect(matchColumnPattern('CUST_*', names)).toEqual(['cust_id']);
    expect(matchColumnPattern('cust_*', ['CUST_ID'])).toEqual(['CUST_ID']);
    expect(expandColumnsCsv('Id', names)).toEqual(['ID']);
  });
  ruleCase('T3.7-wildcard-anchored', 'patterns match whole names only', () => {
    expect(matchColumnPattern('ID', names)).toEqual(['ID']);
    expect(matchColumnPattern('*ID', names)).toEqual(['cust_id', 'prod_id', 'ID']);
    expect(matchColumnPattern('CUST', names)).toEqual([]);
    expect(columnPatternRegExp('A*').test('BA')).toBe(false);
  });
  ruleCase('T3.7-wildcard-only-star', 'every character but * is literal', () => {
    expect(matchColumnPattern('AMOUNT.EUR', names)).toEqual(['amount.eur']);
    expect(matchColumnPattern('AMOUNT?EUR', names)).toEqual([]);
    expect(matchColumnPattern('A[M]*', names)).toEqual([]);
    expect(matchColumnPattern('(.*)', ['(X)', 'X'])).toEqual([]);
    expect(matchColumnPattern('$#*', ['$#1', 'A'])).toEqual(['$#1']);
  });
  ruleCase('T3.7-wildcard-no-match', 'a wildcard matching nothing fails', () => {
    const e = errorOf(() => apply({ dateColumns: 'created,zz*' }));
    expect(e.message).toBe('No columns match pattern: ZZ* (--date-columns)');
    expect(e.code).toBe('OPTION_INVALID');
    expect(expandColumnsCsv('zz*', names, { retainNonMatching: true })).toEqual(['ZZ*']);
  });
  ruleCase('T3.7-unknown-column', 'a plain name matching nothing fails', () => {
    const e = errorOf(() => apply({ doubleColumns: 'rate,nope,nada' }));
    expect(e.message).toBe("Unknown columns specified for --double-columns: ['NOPE', 'NADA']");
    expect(e.column).toBe('NOPE');
  });
  ruleCase('T3.7-conflict', 'a column named by two options fails with GOE’s text', () => {
    const e = errorOf(() => apply({ integer4Columns: 'qty,id', doubleColumns: 'rate,QTY' }));
    expect(e.message).toBe("Data type conflict for columns ['qty'] when assigning type with --double-columns");
    const e2 = errorOf(() => apply({ decimalColumns: ['price', 'p*'], decimalColumnsType: ['18,4', '20,4'] }));
    expect(e2.message).toBe("Data type conflict for columns ['price'] when assigning type with --decimal-columns");
    const e3 = errorOf(() => apply({ dateColumns: 'created', timestampTzColumns: 'cr*' }));
    expect(e3.message).toBe(
      "Data type conflict for columns ['created'] when assigning type with --timestamp-tz-columns",
    );
  });
  ruleCase('T3.7-assignment-order', 'options assign in GOE order; the later option reports the conflict', () => {
    expect(DATA_TYPE_CONTROL_OPTIONS.map((o) => o.type)).toEqual([
      'INTEGER_1',
      'INTEGER_2',
      'INTEGER_4',
      'INTEGER_8',
      'INTEGER_38',
      'DATE',
      'DECIMAL',
      'TIMESTAMP_TZ',
      'DOUBLE',
      'VARIABLE_STRING',
    ]);
    const pairs: [keyof DataTypeControls, keyof DataTypeControls, string][] = [
      ['integer38Columns', 'integer1Columns', '--integer-38-columns'],
      ['doubleColumns', 'integer8Columns', '--double-columns'],
      ['variableStringColumns', 'dateColumns', '--variable-string-columns'],
      ['timestampTzColumns', 'dateColumns', '--timestamp-tz-columns'],
    ];
    for (const [later, earlier, option] of pairs) {
      const column = later === 'doubleColumns' || later === 'integer38Columns' ? 'qty' : 'created';
      const e = errorOf(() => apply({ [later]: column, [earlier]: column }));
      expect(e.message, `${later} vs ${earlier}`).toBe(
        `Data type conflict for columns ['${column}'] when assigning type with ${option}`,
      );
    }
    const dec = errorOf(() =>
      apply({ decimalColumns: ['created'], decimalColumnsType: ['10,0'], dateColumns: 'created' }),
    );
    expect(dec.message).toMatch(/when assigning type with --decimal-columns$/);
    const tz = errorOf(() =>
      apply({ decimalColumns: ['qty'], decimalColumnsType: ['10,0'], timestampTzColumns: 'qty' }),
    );
    expect(tz.message).toMatch(/when assigning type with --timestamp-tz-columns$/);
  });
  ruleCase(
    'T3.7-override-no-lengths',
    'override columns carry type, p/s or scale and the source nullability only',
    () => {
      const { columns } = apply(
        { integer8Columns: 'code', variableStringColumns: 'name' },
        { ...BQ, validOverride: () => true },
      );
      expect(byName(columns, 'code')).toEqual(
        canonicalColumn({ name: 'code', dataType: 'INTEGER_8', nullable: false, fromOverride: true }),
      );
      expect(byName(columns, 'name')).toEqual(
        canonicalColumn({ name: 'name', dataType: 'VARIABLE_STRING', fromOverride: true }),
      );
      const ts = byName(apply({ timestampTzColumns: 'created' }).columns, 'created');
      expect(ts).toEqual(canonicalColumn({ name: 'created', dataType: 'TIMESTAMP_TZ', scale: 6, fromOverride: true }));
      expect(byName(apply({ integer8Columns: 'id' }).columns, 'id').nullable).toBe(false);
    },
  );
});

ruleSuite('decimal spec (§3.7)', () => {
  const TEMPLATE_38 =
    '--decimal-columns-type must be of format "precision,scale" where 1<=precision<=38 and 0<=scale<=37 and scale<=precision';
  ruleCase('T3.7-decimal-count', 'unbalanced groups and types fail', () => {
    expect(errorOf(() => apply({ decimalColumns: ['price', 'qty'], decimalColumnsType: ['10,2'] })).message).toBe(
      'Unbalanced --decimal-columns, --decimal-columns-type pairs (--decimal-columns * 2, --decimal-columns-type * 1)',
    );
    expect(errorOf(() => apply({ decimalColumns: ['price'] })).message).toMatch(
      /\(--decimal-columns \* 1, --decimal-columns-type \* 0\)/,
    );
    expect(errorOf(() => apply({ decimalColumnsType: ['10,2'] })).message).toMatch(
      /\(--decimal-columns \* 0, --decimal-columns-type \* 1\)/,
    );
    expect(apply({ decimalColumns: [], decimalColumnsType: [] }).columns).toHaveLength(SALES.length);
  });
  ruleCase('T3.7-decimal-regex', 'the spec is 1–2 digit precision, comma, 1–2 digit scale', () => {
    for (const ok of ['1,0', '10,2', '38, 0', '9 ,9', '99,99']) expect(DECIMAL_SPEC_PATTERN.test(ok), ok).toBe(true);
    for (const bad of ['0,0', '01,0', '100,2', '10', '10,2,1', '10;2', '10,', ',2', 'p,s', '10,002', '1.5,1']) {
      expect(DECIMAL_SPEC_PATTERN.test(bad), bad).toBe(false);
    }
    const e = errorOf(() => parseDecimalSpec('10;2', SNOWFLAKE_LIMITS, 'PRICE'));
    expect(e.message).toBe(`${TEMPLATE_38} (got "10;2" for --decimal-columns PRICE)`);
    expect(e.column).toBe('PRICE');
    expect(parseDecimalSpec(' 12 , 3 ', SNOWFLAKE_LIMITS)).toEqual({ precision: 12, scale: 3 });
  });
  ruleCase('T3.7-decimal-precision-bounds', '1 <= p <= backend max precision', () => {
    expect(parseDecimalSpec('76,0', BIGQUERY_LIMITS)).toEqual({ precision: 76, scale: 0 });
    expect(errorOf(() => parseDecimalSpec('39,2', SNOWFLAKE_LIMITS)).message).toMatch(
      /^--decimal-columns-type precision is beyond backend maximum: 39 > 38/,
    );
    expect(errorOf(() => apply({ decimalColumns: ['price'], decimalColumnsType: ['77,2'] })).message).toMatch(
      /precision is beyond backend maximum: 77 > 76/,
    );
    expect(validCanonicalDecimalSpec(0, 0, 38, 37)).toBe(false);
    expect(validCanonicalDecimalSpec(38, 0, 38, 37)).toBe(true);
    expect(validCanonicalDecimalSpec(39, 0, 38, 37)).toBe(false);
  });
  ruleCase('T3.7-decimal-scale-bounds', '0 <= s <= backend max scale', () => {
    expect(errorOf(() => parseDecimalSpec('38,38', SNOWFLAKE_LIMITS)).message).toMatch(
      /scale is beyond backend maximum: 38 > 37/,
    );
    expect(parseDecimalSpec('38,38', HIVE_LIMITS)).toEqual({ precision: 38, scale: 38 });
    expect(validCanonicalDecimalSpec(10, -1, 38, 37)).toBe(false);
    expect(validCanonicalDecimalSpec(38, 37, 38, 37)).toBe(true);
  });
  ruleCase('T3.7-decimal-scale-le-precision', 's <= p', () => {
    expect(errorOf(() => parseDecimalSpec('2,3', SNOWFLAKE_LIMITS)).message).toMatch(
      /^--decimal-columns-type must be of format/,
    );
    expect(parseDecimalSpec('3,3', SNOWFLAKE_LIMITS)).toEqual({ precision: 3, scale: 3 });
    expect(validCanonicalDecimalSpec(2, 3, 38, 37)).toBe(false);
  });
});

ruleSuite('append and legacy names (§3.7)', () => {
  ruleCase('T3.7-append-ignored', 'on an existing backend table the options are ignored with a notice', () => {
    const result = applyDataTypeControls(
      SALES,
      {
        integer4Columns: 'nope',
        decimalColumns: ['price'],
        decimalColumnsType: ['bad'],
        unicodeStringColumns: 'name',
        notNullColumns: 'x',
      },
      { ...BQ, existingBackendTable: true },
    );
    expect(result.columns).toEqual(SALES.map((c) => c.canonical));
    expect(result.overrides).toEqual({});
    expect(result.notices).toEqual([
      'Retaining column data types of the existing backend table: ignoring --integer-4-columns, --decimal-columns, --unicode-string-columns, --not-null-columns',
    ]);
    expect(applyDataTypeControls(SALES, {}, { ...BQ, existingBackendTable: true }).notices).toEqual([]);
  });
  ruleCase(
    'T3.7-append-unicode-rederived',
    'on append core leaves char semantics as the source mapping has them',
    () => {
      const { columns } = applyDataTypeControls(
        SALES,
        { unicodeStringColumns: 'name' },
        { ...BQ, existingBackendTable: true },
      );
      expect(byName(columns, 'name').charSemantics).toBe('CHAR');
    },
  );
  ruleCase('T3.7-legacy-option-names', 'legacy present-side names have no offload option', () => {
    for (const legacy of LEGACY_TYPE_OPTION_NAMES) {
      expect(Object.values(CANONICAL_TYPE_OPTION_NAMES)).toContain(legacy);
      expect(DATA_TYPE_CONTROL_OPTIONS.map((o) => o.option) as readonly string[]).not.toContain(legacy);
    }
    for (const o of DATA_TYPE_CONTROL_OPTIONS) expect(CANONICAL_TYPE_OPTION_NAMES[o.type]).toBe(o.option);
    expect(Object.keys(CANONICAL_TYPE_OPTION_NAMES)).toHaveLength(
      DATA_TYPE_CONTROL_OPTIONS.length + LEGACY_TYPE_OPTION_NAMES.length,
    );
  });
});

ruleSuite('NOT NULL (§3.7)', () => {
  const cols = SALES.map((c) => c.canonical);
  const notNull = (columns: readonly CanonicalColumn[]) => columns.filter((c) => !c.nullable).map((c) => c.name);
  ruleCase('T3.7-not-null-exact', 'exactly the listed columns become NOT NULL', () => {
    expect(notNull(cols)).toEqual(['id', 'code']);
    expect(notNull(applyNotNullControls(cols, 'qty,NAME'))).toEqual(['qty', 'name']);
    expect(notNull(applyNotNullControls(cols, 'qty', 'NONE'))).toEqual(['qty']);
    expect(notNull(cols)).toEqual(['id', 'code']);
  });
  ruleCase('T3.7-not-null-wildcards', 'wildcards select NOT NULL columns', () => {
    expect(notNull(applyNotNullControls(cols, 'created*'))).toEqual(['created', 'created_tz']);
    expect(notNull(apply({ notNullColumns: '*' }).columns)).toHaveLength(SALES.length);
  });
  ruleCase('T3.7-not-null-unknown', 'unknown names and unmatched patterns fail', () => {
    const e = errorOf(() => applyNotNullControls(cols, 'qty,nope,zz*'));
    expect(e.message).toBe("Unknown columns specified for NOT NULL: ['NOPE', 'ZZ*']");
    expect(e.variable).toBe('--not-null-columns');
  });
  ruleCase('T3.7-not-null-auto', 'AUTO keeps the source nullability', () => {
    expect(notNull(applyNotNullControls(cols, undefined, 'AUTO'))).toEqual(['id', 'code']);
    expect(notNull(apply({ notNullPropagation: 'AUTO' }).columns)).toEqual(['id', 'code']);
  });
  ruleCase('T3.7-not-null-none', 'NONE makes every column nullable', () => {
    expect(notNull(applyNotNullControls(cols, undefined, 'NONE'))).toEqual([]);
    expect(notNull(apply({ notNullPropagation: 'NONE' }).columns)).toEqual([]);
    expect(notNull(apply({ notNullPropagation: 'none' as 'NONE' }).columns)).toEqual([]);
    expect(() => normalizeNotNullPropagation('SOME')).toThrow(/Invalid value for --not-null-propagation: SOME/);
  });
  ruleCase('T3.7-not-null-default-auto', 'the default is AUTO', () => {
    expect(DATA_TYPE_CONTROL_DEFAULTS.notNullPropagation).toBe('AUTO');
    expect(normalizeNotNullPropagation(undefined)).toBe('AUTO');
    expect(notNull(apply({}).columns)).toEqual(['id', 'code']);
  });
  ruleCase('T3.7-not-null-ddl', 'a backend without NOT NULL constraints gets a notice', () => {
    expect(apply({ notNullColumns: 'qty' }, { backend: HIVE_LIMITS }).notices).toEqual([
      'NOT NULL constraints are not supported by the backend system: --not-null-columns is used for staged-data validation only',
    ]);
    expect(apply({ notNullColumns: 'qty' }).notices).toEqual([]);
  });
});
