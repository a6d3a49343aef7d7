import { expect } from 'vitest';
import {
  applyDataTypeControls,
  canonicalColumn,
  cloneColumn,
  decodeSyntheticPartitionColumnName,
  getPartitionColumns,
  isGoeError,
  isSyntheticPartitionColumnName,
  isUnboundString,
  matchPartitionColumnBySource,
  matchTableColumn,
  matchTableColumnPosition,
  normalizeNullable,
  partitionInfoFromSyntheticName,
  syntheticPartitionColumnName,
  type ColumnPartitionInfo,
} from '@goe/core';
import { ruleCase, ruleSuite } from '../support/rule-case.js';

const limits = { backend: { maxDecimalPrecision: 38, maxDecimalScale: 37, maxDatetimeScale: 6 } };

function goeErrorOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (e) {
    if (isGoeError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a GoeError');
}

ruleSuite('column attributes (§1.2)', () => {
  ruleCase('T1.2-name-required', 'an empty or missing name is refused', () => {
    expect(goeErrorOf(() => canonicalColumn({ name: '', dataType: 'DATE' })).message).toMatch(
      /name must be a non-empty string/,
    );
    expect(() => canonicalColumn({ name: undefined as unknown as string, dataType: 'DATE' })).toThrow(/non-empty/);
  });
  ruleCase('T1.2-data-type-required', 'the data type must be a canonical type', () => {
    const e = goeErrorOf(() => canonicalColumn({ name: 'C', dataType: 'NUMBER' }));
    expect(e.code).toBe('TYPE_UNSUPPORTED');
    expect(e.message).toMatch(/column C: NUMBER/);
    expect(() => canonicalColumn({ name: 'C', dataType: '' })).toThrow();
  });
  ruleCase('T1.2-data-length', 'dataLength is optional and a non-negative integer', () => {
    expect(canonicalColumn({ name: 'C', dataType: 'BINARY', dataLength: 16 }).dataLength).toBe(16);
    expect(canonicalColumn({ name: 'C', dataType: 'BINARY' }).dataLength).toBeUndefined();
    expect(() => canonicalColumn({ name: 'C', dataType: 'BINARY', dataLength: 1.5 })).toThrow(/dataLength/);
    expect(() => canonicalColumn({ name: 'C', dataType: 'BINARY', dataLength: -1 })).toThrow(/dataLength/);
  });
  ruleCase('T1.2-char-length', 'charLength is optional and a non-negative integer', () => {
    expect(canonicalColumn({ name: 'C', dataType: 'FIXED_STRING', charLength: 3 }).charLength).toBe(3);
    expect(canonicalColumn({ name: 'C', dataType: 'FIXED_STRING', charLength: null }).charLength).toBeUndefined();
    expect(() => canonicalColumn({ name: 'C', dataType: 'FIXED_STRING', charLength: 2.5 })).toThrow(/charLength/);
  });
  ruleCase('T1.2-char-semantics-upper', 'char semantics are upper-cased', () => {
    expect(canonicalColumn({ name: 'C', dataType: 'FIXED_STRING', charSemantics: 'char' }).charSemantics).toBe('CHAR');
    expect(canonicalColumn({ name: 'C', dataType: 'FIXED_STRING', charSemantics: 'Byte' }).charSemantics).toBe('BYTE');
    expect(canonicalColumn({ name: 'C', dataType: 'FIXED_STRING', charSemantics: null }).charSemantics).toBeUndefined();
  });
  ruleCase('T1.2-char-semantics-invalid', 'other char semantics are an error', () => {
    expect(
      goeErrorOf(() => canonicalColumn({ name: 'C', dataType: 'FIXED_STRING', charSemantics: 'BYTES' })).message,
    ).toMatch(/Invalid char semantics: BYTES/);
  });
  ruleCase('T1.2-precision-scale', 'precision and scale are optional integers', () => {
    expect(canonicalColumn({ name: 'C', dataType: 'DECIMAL', precision: 10, scale: 2 })).toMatchObject({
      precision: 10,
      scale: 2,
    });
    const unset = canonicalColumn({ name: 'C', dataType: 'DECIMAL', precision: null, scale: null });
    expect('precision' in unset || 'scale' in unset).toBe(false);
    expect(() => canonicalColumn({ name: 'C', dataType: 'DECIMAL', precision: 10.5 })).toThrow(/precision/);
    expect(() => canonicalColumn({ name: 'C', dataType: 'DECIMAL', scale: 0.5 })).toThrow(/scale/);
  });
  ruleCase('T1.2-scale-negative', 'a negative scale is allowed (Oracle NUMBER(5,-2))', () => {
    expect(canonicalColumn({ name: 'C', dataType: 'DECIMAL', precision: 5, scale: -2 }).scale).toBe(-2);
  });
  ruleCase('T1.2-nullable-true', 'Y, YES, TRUE in any case are true', () => {
    for (const v of ['Y', 'y', 'YES', 'yes', 'True', 'TRUE']) expect(normalizeNullable(v), v).toBe(true);
    expect(canonicalColumn({ name: 'C', dataType: 'DATE', nullable: 'yes' }).nullable).toBe(true);
    expect(canonicalColumn({ name: 'C', dataType: 'DATE' }).nullable).toBe(true);
  });
  ruleCase('T1.2-nullable-false', 'N, NO, FALSE in any case are false', () => {
    for (const v of ['N', 'n', 'NO', 'no', 'False', 'FALSE']) expect(normalizeNullable(v), v).toBe(false);
    expect(canonicalColumn({ name: 'C', dataType: 'DATE', nullable: 'N' }).nullable).toBe(false);
  });
  ruleCase('T1.2-nullable-invalid', 'other nullable strings are an error', () => {
    for (const v of ['1', '0', 'maybe', '']) expect(() => normalizeNullable(v), v).toThrow(/Invalid nullable value/);
  });
  ruleCase('T1.2-data-default', 'the default expression is kept as is', () => {
    expect(canonicalColumn({ name: 'C', dataType: 'DATE', dataDefault: 'sysdate -- anything' }).dataDefault).toBe(
      'sysdate -- anything',
    );
  });
  ruleCase('T1.2-safe-mapping-default', 'safeMapping defaults to true', () => {
    expect(canonicalColumn({ name: 'C', dataType: 'DATE' }).safeMapping).toBe(true);
    expect(canonicalColumn({ name: 'C', dataType: 'DATE', safeMapping: null }).safeMapping).toBe(true);
    expect(canonicalColumn({ name: 'C', dataType: 'DATE', safeMapping: false }).safeMapping).toBe(false);
  });
  ruleCase('T1.2-partition-info', 'partition info is optional and kept', () => {
    const info: ColumnPartitionInfo = { position: 0, granularity: 'M', sourceColumnName: 'C' };
    expect(canonicalColumn({ name: 'C', dataType: 'DATE', partitionInfo: info }).partitionInfo).toEqual(info);
    expect(canonicalColumn({ name: 'C', dataType: 'DATE', partitionInfo: null }).partitionInfo).toBeUndefined();
  });
  ruleCase('T1.2-staging-file-column-name', 'canonical columns never carry a staging file column name', () => {
    const col = canonicalColumn({
      name: 'C',
      dataType: 'DATE',
      stagingFileColumnName: 'X',
    } as never) as unknown as Record<string, unknown>;
    expect(col.stagingFileColumnName).toBeUndefined();
  });
  ruleCase('T1.2-from-override', 'fromOverride marks control-created and unicode columns only', () => {
    expect(canonicalColumn({ name: 'C', dataType: 'DATE' }).fromOverride).toBeUndefined();
    const src = [
      canonicalColumn({ name: 'T', dataType: 'TIMESTAMP', scale: 6 }),
      canonicalColumn({ name: 'S', dataType: 'VARIABLE_STRING' }),
      canonicalColumn({ name: 'K', dataType: 'INTEGER_8' }),
    ];
    const { columns } = applyDataTypeControls(src, { dateColumns: 't', unicodeStringColumns: 's' }, limits);
    expect(columns.map((c) => c.fromOverride)).toEqual([true, true, undefined]);
  });
  ruleCase('T1.2-match-table-column', 'matchTableColumn is case-insensitive', () => {
    const cols = [
      canonicalColumn({ name: 'Id', dataType: 'INTEGER_8' }),
      canonicalColumn({ name: 'NAME', dataType: 'VARIABLE_STRING' }),
    ];
    expect(matchTableColumn('ID', cols)?.name).toBe('Id');
    expect(matchTableColumn('name', cols)?.name).toBe('NAME');
    expect(matchTableColumn('nope', cols)).toBeUndefined();
  });
  ruleCase('T1.2-match-table-column-position', 'matchTableColumnPosition is case-insensitive', () => {
    const cols = [{ name: 'A' }, { name: 'b' }];
    expect(matchTableColumnPosition('B', cols)).toBe(1);
    expect(matchTableColumnPosition('a', cols)).toBe(0);
    expect(matchTableColumnPosition('c', cols)).toBe(-1);
  });
  ruleCase(
    'T1.2-match-partition-by-source',
    'matchPartitionColumnBySource is case-insensitive on the source name',
    () => {
      const cols = [
        canonicalColumn({ name: 'TIME_ID', dataType: 'DATE' }),
        canonicalColumn({
          name: 'GOE_PART_M_TIME_ID',
          dataType: 'VARIABLE_STRING',
          partitionInfo: { position: 0, sourceColumnName: 'time_id' },
        }),
      ];
      expect(matchPartitionColumnBySource('TIME_ID', cols)?.name).toBe('GOE_PART_M_TIME_ID');
      expect(matchPartitionColumnBySource('other', cols)).toBeUndefined();
    },
  );
  ruleCase('T1.2-get-partition-columns', 'partition columns are returned by position', () => {
    const cols = [
      canonicalColumn({ name: 'A', dataType: 'DATE', partitionInfo: { position: 1 } }),
      canonicalColumn({ name: 'B', dataType: 'DATE' }),
      canonicalColumn({ name: 'C', dataType: 'DATE', partitionInfo: { position: 0 } }),
    ];
    expect(getPartitionColumns(cols).map((c) => c.name)).toEqual(['C', 'A']);
    expect(cols.map((c) => c.name)).toEqual(['A', 'B', 'C']);
  });
  ruleCase('T1.2-unbound-string', 'a string without byte and char length is unbound', () => {
    expect(isUnboundString(canonicalColumn({ name: 'S', dataType: 'VARIABLE_STRING' }))).toBe(true);
    expect(isUnboundString(canonicalColumn({ name: 'S', dataType: 'VARIABLE_STRING', dataLength: 10 }))).toBe(false);
    expect(isUnboundString(canonicalColumn({ name: 'S', dataType: 'VARIABLE_STRING', charLength: 10 }))).toBe(false);
    expect(isUnboundString(canonicalColumn({ name: 'B', dataType: 'BINARY' }))).toBe(false);
  });
  ruleCase(
    'T1.2-unbound-string-snowflake',
    'the core rule is length-based; 16777216 is the Snowflake adapter’s exception',
    () => {
      expect(isUnboundString(canonicalColumn({ name: 'S', dataType: 'VARIABLE_STRING', dataLength: 16_777_216 }))).toBe(
        false,
      );
    },
  );
  ruleCase('T1.2-clone', 'cloneColumn copies and overrides without touching the original', () => {
    const col = canonicalColumn({ name: 'S', dataType: 'VARIABLE_STRING', charLength: 5, nullable: true });
    const clone = cloneColumn(col, {
      name: 'T',
      nullable: false,
      charLength: 9,
      charSemantics: 'CHAR',
      partitionInfo: { position: 0 },
    });
    expect(clone).toMatchObject({
      name: 'T',
      dataType: 'VARIABLE_STRING',
      nullable: false,
      charLength: 9,
      charSemantics: 'CHAR',
    });
    expect(col).toMatchObject({ name: 'S', nullable: true, charLength: 5 });
    expect(Object.isFrozen(clone)).toBe(true);
    expect(cloneColumn(col)).toEqual(col);
  });
});

ruleSuite('partition info and synthetic names (§1.5)', () => {
  const info = (i: Partial<ColumnPartitionInfo> = {}): ColumnPartitionInfo => ({ position: 0, ...i });
  ruleCase('T1.5-field-position', 'position is 0-based and orders partition columns', () => {
    expect(info().position).toBe(0);
    expect(syntheticPartitionColumnName('x', info({ position: 2, function: 'DB.F' }))).toBe('GOE_PART_U2_X');
  });
  ruleCase('T1.5-field-source-column-name', 'sourceColumnName links a partition column to its source', () => {
    const col = canonicalColumn({
      name: 'GOE_PART_Y_D',
      dataType: 'VARIABLE_STRING',
      partitionInfo: info({ sourceColumnName: 'D' }),
    });
    expect(matchPartitionColumnBySource('d', [col])?.partitionInfo?.sourceColumnName).toBe('D');
  });
  ruleCase('T1.5-field-granularity', 'granularity is Y/M/D or an integer (string or number text)', () => {
    for (const g of ['Y', 'M', 'D', '1000', '2'])
      expect(syntheticPartitionColumnName('c', info({ granularity: g }))).toBe(`GOE_PART_${g}_C`);
  });
  ruleCase('T1.5-field-digits', 'digits is the zero-pad width of string synthetic numbers', () => {
    expect(syntheticPartitionColumnName('id', info({ granularity: '5', digits: 4 }), true)).toBe('GOE_PART_0005_ID');
  });
  ruleCase('T1.5-field-range-start', 'rangeStart holds the native integer range lower bound', () => {
    const col = canonicalColumn({ name: 'ID', dataType: 'INTEGER_8', partitionInfo: info({ rangeStart: -100n }) });
    expect(col.partitionInfo?.rangeStart).toBe(-100n);
  });
  ruleCase('T1.5-field-range-end', 'rangeEnd holds the native integer range upper bound', () => {
    const col = canonicalColumn({ name: 'ID', dataType: 'INTEGER_8', partitionInfo: info({ rangeEnd: '1000' }) });
    expect(col.partitionInfo?.rangeEnd).toBe('1000');
  });
  ruleCase('T1.5-field-function', 'function is a DB.UDF name', () => {
    expect(info({ function: 'udfs.band' }).function).toBe('udfs.band');
    expect(syntheticPartitionColumnName('c', info({ function: 'udfs.band', granularity: '10' }))).toBe('GOE_PART_U0_C');
  });
  ruleCase('T1.5-name-upper', 'the synthetic name is upper case', () => {
    expect(syntheticPartitionColumnName('time_id', info({ granularity: 'm' }))).toBe('GOE_PART_M_TIME_ID');
  });
  ruleCase('T1.5-name-function', 'a function gives U<position>, whatever the granularity and digits', () => {
    expect(
      syntheticPartitionColumnName('c', info({ position: 1, function: 'D.F', granularity: '100', digits: 10 }), true),
    ).toBe('GOE_PART_U1_C');
  });
  ruleCase('T1.5-name-number-digits', 'number sources pad the granularity to digits', () => {
    expect(syntheticPartitionColumnName('id', info({ granularity: '1000', digits: 10 }), true)).toBe(
      'GOE_PART_0000001000_ID',
    );
  });
  ruleCase('T1.5-name-granularity', 'otherwise the granularity is used as given', () => {
    expect(syntheticPartitionColumnName('id', info({ granularity: '1000', digits: 10 }), false)).toBe(
      'GOE_PART_1000_ID',
    );
    expect(syntheticPartitionColumnName('id', info({ granularity: '1000' }), true)).toBe('GOE_PART_1000_ID');
    expect(syntheticPartitionColumnName('s', info({ granularity: '2', digits: 15 }))).toBe('GOE_PART_2_S');
  });
  ruleCase('T1.5-regex', 'recognition is case-insensitive and anchored', () => {
    for (const n of [
      'GOE_PART_Y_X',
      'goe_part_y_x',
      'GOE_PART_000001000_ID',
      'GOE_PART_U0_C',
      'goe_part_d_a$b#c',
      'GOE_PART_M_TIME_ID',
    ]) {
      expect(isSyntheticPartitionColumnName(n), n).toBe(true);
    }
    for (const n of ['X_GOE_PART_Y_X', 'GOE_PART_Y_', 'GOE_PART_Y_X-Y', 'GOE_PART__X', 'GOE_PARTY_X']) {
      expect(isSyntheticPartitionColumnName(n), n).toBe(false);
    }
  });
  ruleCase('T1.5-regex-groups', 'decoding yields the granularity and the source column', () => {
    expect(decodeSyntheticPartitionColumnName('GOE_PART_0000001000_ID')).toMatchObject({
      granularity: '0000001000',
      sourceColumn: 'ID',
    });
    expect(decodeSyntheticPartitionColumnName('GOE_PART_U3_CUST_ID')).toMatchObject({
      granularity: 'U3',
      sourceColumn: 'CUST_ID',
    });
  });
  ruleCase('T1.5-regex-h1-time-id', 'goe_part_m_h1_time_id → h1_time_id', () => {
    expect(decodeSyntheticPartitionColumnName('goe_part_m_h1_time_id')).toEqual({
      granularity: 'm',
      sourceColumn: 'h1_time_id',
      digits: 1,
    });
  });
  ruleCase('T1.5-regex-not-U-x', 'goe_part_U_x is not synthetic', () => {
    expect(decodeSyntheticPartitionColumnName('goe_part_U_x')).toBeUndefined();
  });
  ruleCase('T1.5-regex-not-1U-x', 'goe_part_1U_x is not synthetic', () => {
    expect(isSyntheticPartitionColumnName('goe_part_1U_x')).toBe(false);
  });
  ruleCase('T1.5-regex-not-p-x', 'goe_part_p_x is not synthetic', () => {
    expect(isSyntheticPartitionColumnName('goe_part_p_x')).toBe(false);
    expect(isSyntheticPartitionColumnName('goe_part_p_time_id')).toBe(false);
  });
  ruleCase('T1.5-regex-not-month-x', 'goe_part_month_x is not synthetic', () => {
    expect(isSyntheticPartitionColumnName('goe_part_month_x')).toBe(false);
  });
  ruleCase('T1.5-decode-digits', 'digits = length of the granularity token', () => {
    expect(decodeSyntheticPartitionColumnName('GOE_PART_000001000_ID')?.digits).toBe(9);
    expect(decodeSyntheticPartitionColumnName('GOE_PART_Y_D')?.digits).toBe(1);
  });
  ruleCase('T1.5-decode-digits-string-only', 'decoded digits are kept only for string backend columns', () => {
    expect(partitionInfoFromSyntheticName('GOE_PART_000001000_ID', 2, true)).toEqual({
      position: 2,
      granularity: '000001000',
      sourceColumnName: 'ID',
      digits: 9,
    });
    expect(partitionInfoFromSyntheticName('GOE_PART_1000_ID', 0, false)).toEqual({
      position: 0,
      granularity: '1000',
      sourceColumnName: 'ID',
    });
    expect(partitionInfoFromSyntheticName('ID', 0, true)).toBeUndefined();
  });
});
