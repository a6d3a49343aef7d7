/**
 * Oracle → canonical, table-driven and keyed by rule id (ORACLE_TYPE_RULES, reference §2.2): every rule has cases,
 * and a test fails for a rule without one.
 */
import { describe, expect, it } from 'vitest';
import { goeErrorOf } from '../../../../tools/test-support/goe-error.js';
import { oracleType } from './support/dictionary.js';
import type { CanonicalType } from '@goe/core';
import {
  formatOracleType,
  oracleBaseType,
  oracleToCanonical,
  oracleValidOverride,
  ORACLE_TYPE_RULES,
  type OracleColumnType,
  type OracleMapping,
} from '../src/index.js';

const col = oracleType;
const chars = (dataType: string, bytes: number, length: number, used: 'B' | 'C') =>
  col(dataType, { dataLength: bytes, charLength: length, charUsed: used });
const num = (p: number | null, s: number | null) => col('NUMBER', { dataPrecision: p, dataScale: s });

type MappingCase = readonly [title: string, column: OracleColumnType, want: OracleMapping];

/** Mapping cases by rule id. */
const MAPPINGS: Readonly<Record<string, readonly MappingCase[]>> = {
  'ORA-CHAR': [
    [
      'CHAR(10 BYTE)',
      chars('CHAR', 10, 10, 'B'),
      { dataType: 'FIXED_STRING', dataLength: 10, charLength: 10, charSemantics: 'BYTE', safeMapping: true },
    ],
    [
      'CHAR(10 CHAR) in AL32UTF8',
      chars('CHAR', 40, 10, 'C'),
      { dataType: 'FIXED_STRING', dataLength: 40, charLength: 10, charSemantics: 'CHAR', safeMapping: true },
    ],
    [
      'NCHAR(5) is UNICODE',
      chars('NCHAR', 10, 5, 'C'),
      { dataType: 'FIXED_STRING', dataLength: 10, charLength: 5, charSemantics: 'UNICODE', safeMapping: true },
    ],
  ],
  'ORA-VARCHAR2': [
    [
      'VARCHAR2(30 BYTE)',
      chars('VARCHAR2', 30, 30, 'B'),
      { dataType: 'VARIABLE_STRING', dataLength: 30, charLength: 30, charSemantics: 'BYTE', safeMapping: true },
    ],
    [
      'VARCHAR2(4000 CHAR), extended',
      chars('VARCHAR2', 16000, 4000, 'C'),
      { dataType: 'VARIABLE_STRING', dataLength: 16000, charLength: 4000, charSemantics: 'CHAR', safeMapping: true },
    ],
    [
      'NVARCHAR2(20) is UNICODE',
      chars('NVARCHAR2', 40, 20, 'C'),
      { dataType: 'VARIABLE_STRING', dataLength: 40, charLength: 20, charSemantics: 'UNICODE', safeMapping: true },
    ],
    [
      'a byte length only (CHAR_LENGTH 0)',
      chars('VARCHAR2', 8, 0, 'B'),
      { dataType: 'VARIABLE_STRING', dataLength: 8, charSemantics: 'BYTE', safeMapping: true },
    ],
  ],
  'ORA-LOB-STRING': [
    ['CLOB', col('CLOB', { dataLength: 4000 }), { dataType: 'LARGE_STRING', safeMapping: true }],
    [
      'NCLOB is UNICODE',
      col('NCLOB', { dataLength: 4000 }),
      { dataType: 'LARGE_STRING', charSemantics: 'UNICODE', safeMapping: true },
    ],
    ['XMLTYPE', col('XMLTYPE', { dataLength: 2000 }), { dataType: 'LARGE_STRING', safeMapping: true }],
    ['SYS.XMLTYPE', col('SYS.XMLTYPE'), { dataType: 'LARGE_STRING', safeMapping: true }],
  ],
  'ORA-RAW': [['RAW(16)', col('RAW', { dataLength: 16 }), { dataType: 'BINARY', dataLength: 16, safeMapping: true }]],
  'ORA-BLOB': [['BLOB', col('BLOB', { dataLength: 4000 }), { dataType: 'LARGE_BINARY', safeMapping: true }]],
  'ORA-FLOAT': [
    [
      'FLOAT(126): binary digits discarded',
      col('FLOAT', { dataPrecision: 126 }),
      { dataType: 'DECIMAL', safeMapping: false, needsSampling: true },
    ],
    [
      'FLOAT(10)',
      col('FLOAT', { dataPrecision: 10 }),
      { dataType: 'DECIMAL', safeMapping: false, needsSampling: true },
    ],
  ],
  'ORA-NUMBER-PLAIN': [['NUMBER', num(null, null), { dataType: 'DECIMAL', safeMapping: false, needsSampling: true }]],
  'ORA-NUMBER-STAR': [
    ['NUMBER(*,0) (INTEGER)', num(null, 0), { dataType: 'INTEGER_38', precision: 38, scale: 0, safeMapping: true }],
    ['NUMBER(*,2)', num(null, 2), { dataType: 'DECIMAL', precision: 38, scale: 2, safeMapping: true }],
  ],
  'ORA-NUMBER-S-GT-P': [
    ['NUMBER(3,5)', num(3, 5), { dataType: 'DECIMAL', precision: 5, scale: 5, safeMapping: true }],
    ['NUMBER(1,38)', num(1, 38), { dataType: 'DECIMAL', precision: 38, scale: 38, safeMapping: true }],
  ],
  'ORA-NUMBER-NEG-SCALE': [
    ['NUMBER(10,-5): 15 digits', num(10, -5), { dataType: 'INTEGER_8', precision: 15, scale: 0, safeMapping: true }],
    [
      'NUMBER(9,-2): 11 digits (GOE: INTEGER_4, which 99999999900 overflows)',
      num(9, -2),
      { dataType: 'INTEGER_8', precision: 11, scale: 0, safeMapping: true },
    ],
    ['NUMBER(3,-2): 5 digits', num(3, -2), { dataType: 'INTEGER_4', precision: 5, scale: 0, safeMapping: true }],
    ['NUMBER(30,-8): 38 digits', num(30, -8), { dataType: 'INTEGER_38', precision: 38, scale: 0, safeMapping: true }],
  ],
  'ORA-NUMBER-INTEGRAL': [
    ['NUMBER(2)', num(2, 0), { dataType: 'INTEGER_1', precision: 2, scale: 0, safeMapping: true }],
    ['NUMBER(4)', num(4, 0), { dataType: 'INTEGER_2', precision: 4, scale: 0, safeMapping: true }],
    ['NUMBER(9)', num(9, 0), { dataType: 'INTEGER_4', precision: 9, scale: 0, safeMapping: true }],
    ['NUMBER(18)', num(18, 0), { dataType: 'INTEGER_8', precision: 18, scale: 0, safeMapping: true }],
    ['NUMBER(19)', num(19, 0), { dataType: 'INTEGER_38', precision: 19, scale: 0, safeMapping: true }],
    ['NUMBER(38)', num(38, 0), { dataType: 'INTEGER_38', precision: 38, scale: 0, safeMapping: true }],
  ],
  'ORA-NUMBER-DECIMAL': [
    ['NUMBER(12,2)', num(12, 2), { dataType: 'DECIMAL', precision: 12, scale: 2, safeMapping: true }],
    ['NUMBER(38,38)', num(38, 38), { dataType: 'DECIMAL', precision: 38, scale: 38, safeMapping: true }],
  ],
  'ORA-BINARY-FLOAT': [
    [
      'BINARY_FLOAT',
      col('BINARY_FLOAT', { dataLength: 4 }),
      { dataType: 'FLOAT', safeMapping: true, special: 'float' },
    ],
  ],
  'ORA-BINARY-DOUBLE': [
    [
      'BINARY_DOUBLE',
      col('BINARY_DOUBLE', { dataLength: 8 }),
      { dataType: 'DOUBLE', safeMapping: true, special: 'float' },
    ],
  ],
  'ORA-DATE': [['DATE', col('DATE', { dataLength: 7 }), { dataType: 'TIMESTAMP', scale: 0, safeMapping: true }]],
  'ORA-TIMESTAMP': [
    [
      'TIMESTAMP(6)',
      col('TIMESTAMP(6)', { dataLength: 11, dataScale: 6 }),
      { dataType: 'TIMESTAMP', scale: 6, safeMapping: true },
    ],
    [
      'TIMESTAMP(9)',
      col('TIMESTAMP(9)', { dataLength: 11, dataScale: 9 }),
      { dataType: 'TIMESTAMP', scale: 9, safeMapping: true },
    ],
    [
      'TIMESTAMP(0)',
      col('TIMESTAMP(0)', { dataLength: 7, dataScale: 0 }),
      { dataType: 'TIMESTAMP', scale: 0, safeMapping: true },
    ],
  ],
  'ORA-TIMESTAMP-TZ': [
    [
      'TIMESTAMP(9) WITH TIME ZONE',
      col('TIMESTAMP(9) WITH TIME ZONE', { dataLength: 13, dataScale: 9 }),
      { dataType: 'TIMESTAMP_TZ', scale: 9, safeMapping: true },
    ],
  ],
  'ORA-TIMESTAMP-LTZ': [
    [
      'TIMESTAMP(3) WITH LOCAL TIME ZONE',
      col('TIMESTAMP(3) WITH LOCAL TIME ZONE', { dataLength: 11, dataScale: 3 }),
      { dataType: 'TIMESTAMP_TZ', scale: 3, safeMapping: true },
    ],
  ],
  'ORA-INTERVAL-DS': [
    [
      'INTERVAL DAY(2) TO SECOND(6)',
      col('INTERVAL DAY(2) TO SECOND(6)', { dataLength: 11, dataPrecision: 2, dataScale: 6 }),
      { dataType: 'INTERVAL_DS', precision: 2, scale: 6, safeMapping: true },
    ],
    [
      'INTERVAL DAY(9) TO SECOND(9)',
      col('INTERVAL DAY(9) TO SECOND(9)', { dataLength: 11, dataPrecision: 9, dataScale: 9 }),
      { dataType: 'INTERVAL_DS', precision: 9, scale: 9, safeMapping: true },
    ],
  ],
  'ORA-INTERVAL-YM': [
    [
      'INTERVAL YEAR(4) TO MONTH',
      col('INTERVAL YEAR(4) TO MONTH', { dataLength: 5, dataPrecision: 4, dataScale: 0 }),
      { dataType: 'INTERVAL_YM', precision: 4, scale: 0, safeMapping: true },
    ],
  ],
  'ORA-ROWID': [
    [
      'ROWID',
      col('ROWID', { dataLength: 10 }),
      { dataType: 'VARIABLE_STRING', dataLength: 18, charLength: 18, charSemantics: 'BYTE', safeMapping: true },
    ],
    [
      'UROWID(4000)',
      col('UROWID', { dataLength: 4000 }),
      { dataType: 'VARIABLE_STRING', dataLength: 4000, charLength: 4000, charSemantics: 'BYTE', safeMapping: true },
    ],
  ],
  'ORA-BOOLEAN': [['BOOLEAN (23ai)', col('BOOLEAN', { dataLength: 1 }), { dataType: 'BOOLEAN', safeMapping: true }]],
};

type RefusalCase = readonly [column: OracleColumnType, message: string, hint: RegExp];

/** Refusal cases by rule id. */
const REFUSALS: Readonly<Record<string, readonly RefusalCase[]>> = {
  'ORA-NUMBER-NEG-SCALE': [
    [
      num(38, -84),
      'Column C: NUMBER(38,-84) holds integers of 122 digits, more than 38',
      /--decimal-columns C --decimal-columns-type 38,0 .*--double-columns C/,
    ],
  ],
  'ORA-LONG': [
    [col('LONG', { dataLength: 0 }), 'Unsupported Oracle data type for column C: LONG', /to CLOB .*TO_LOB/],
    [col('LONG RAW', { dataLength: 0 }), 'Unsupported Oracle data type for column C: LONG RAW', /to BLOB .*TO_LOB/],
  ],
  'ORA-UNSUPPORTED': [
    [
      col('BFILE', { dataLength: 530 }),
      'Unsupported Oracle data type for column C: BFILE',
      /offload a view without it/,
    ],
    [col('SDO_GEOMETRY', { dataLength: 1 }), 'Unsupported Oracle data type for column C: SDO_GEOMETRY', /view/],
    [col('JSON', { dataLength: 8200 }), 'Unsupported Oracle data type for column C: JSON', /CLOB/],
    [col('VARCHAR', { dataLength: 10 }), 'Unsupported Oracle data type for column C: VARCHAR', /VARCHAR2/],
    [col('VECTOR'), 'Unsupported Oracle data type for column C: VECTOR', /view/],
  ],
};

/** Override cases: source type → targets it may and may not take (rule ORA-OVERRIDE). */
const OVERRIDES: readonly (readonly [string, readonly CanonicalType[], readonly CanonicalType[]])[] = [
  ['CHAR', ['FIXED_STRING'], ['VARIABLE_STRING', 'LARGE_STRING']],
  ['NCHAR', ['FIXED_STRING'], ['VARIABLE_STRING']],
  ['CLOB', ['LARGE_STRING'], ['VARIABLE_STRING']],
  ['NCLOB', ['LARGE_STRING'], ['FIXED_STRING']],
  ['VARCHAR2', ['VARIABLE_STRING'], ['LARGE_STRING', 'INTEGER_8', 'DATE']],
  ['NVARCHAR2', ['VARIABLE_STRING'], ['FIXED_STRING']],
  ['RAW', ['BINARY'], ['LARGE_BINARY']],
  ['BLOB', ['LARGE_BINARY'], ['BINARY']],
  ['BINARY_FLOAT', ['FLOAT', 'DOUBLE'], ['DECIMAL']],
  ['BINARY_DOUBLE', ['DOUBLE'], ['FLOAT', 'DECIMAL']],
  [
    'NUMBER',
    ['INTEGER_1', 'INTEGER_2', 'INTEGER_4', 'INTEGER_8', 'INTEGER_38', 'DECIMAL', 'FLOAT', 'DOUBLE'],
    ['VARIABLE_STRING', 'DATE'],
  ],
  ['FLOAT', ['DECIMAL', 'DOUBLE', 'INTEGER_8'], ['TIMESTAMP']],
  ['TIMESTAMP(9) WITH TIME ZONE', ['TIMESTAMP_TZ'], ['TIMESTAMP', 'DATE', 'VARIABLE_STRING']],
  ['TIMESTAMP(6) WITH LOCAL TIME ZONE', ['TIMESTAMP_TZ'], ['TIMESTAMP']],
  [
    'DATE',
    ['DATE', 'TIMESTAMP', 'TIMESTAMP_TZ', 'VARIABLE_STRING', 'FIXED_STRING', 'LARGE_STRING'],
    ['INTEGER_8', 'TIME'],
  ],
  ['TIMESTAMP(6)', ['DATE', 'TIMESTAMP_TZ', 'VARIABLE_STRING'], ['DOUBLE']],
  ['INTERVAL DAY(2) TO SECOND(6)', ['INTERVAL_DS'], ['INTERVAL_YM', 'VARIABLE_STRING']],
  ['INTERVAL YEAR(2) TO MONTH', ['INTERVAL_YM'], ['INTERVAL_DS']],
  ['ROWID', [], ['VARIABLE_STRING']],
  ['XMLTYPE', [], ['LARGE_STRING']],
];

describe('Oracle → canonical (reference §2.2), keyed by rule', () => {
  for (const [rule, cases] of Object.entries(MAPPINGS)) {
    it.each(cases)(`[${rule}] %s`, (_title, column, want) => {
      expect(oracleToCanonical('C', column)).toEqual(want);
    });
  }

  for (const [rule, cases] of Object.entries(REFUSALS)) {
    it.each(cases)(`[${rule}] refuses %o`, async (column, message, hint) => {
      const e = await goeErrorOf(() => oracleToCanonical('C', column));
      expect(e).toMatchObject({ code: 'TYPE_UNSUPPORTED', message, column: 'C' });
      expect(e.hint).toMatch(hint);
    });
  }

  it.each(OVERRIDES)('[ORA-OVERRIDE] %s', (source, valid, invalid) => {
    for (const t of valid) expect(oracleValidOverride(source, t), `${source} → ${t}`).toBe(true);
    for (const t of invalid) expect(oracleValidOverride(source, t), `${source} → ${t}`).toBe(false);
  });

  it('[ORA-NORMALISE] type names lose their figures, any case and spacing', () => {
    expect(oracleBaseType('TIMESTAMP(6)')).toBe('TIMESTAMP');
    expect(oracleBaseType('timestamp(9)  with local time zone')).toBe('TIMESTAMP WITH LOCAL TIME ZONE');
    expect(oracleBaseType('INTERVAL DAY(2) TO SECOND(6)')).toBe('INTERVAL DAY TO SECOND');
    expect(oracleBaseType('INTERVAL YEAR(4) TO MONTH')).toBe('INTERVAL YEAR TO MONTH');
    expect(oracleBaseType('"SYS"."XMLTYPE"')).toBe('XMLTYPE');
    expect(oracleBaseType(' NUMBER ')).toBe('NUMBER');
  });

  it('every rule of ORACLE_TYPE_RULES has a case, and every case cites a rule', () => {
    const cited = new Set([...Object.keys(MAPPINGS), ...Object.keys(REFUSALS), 'ORA-OVERRIDE', 'ORA-NORMALISE']);
    const rules = ORACLE_TYPE_RULES.map((r) => r.id);
    expect(rules.filter((id) => !cited.has(id))).toEqual([]);
    expect([...cited].filter((id) => !rules.includes(id))).toEqual([]);
    expect(new Set(rules).size).toBe(rules.length);
  });
});

describe('formatOracleType (messages)', () => {
  it.each([
    [num(null, null), 'NUMBER'],
    [num(null, 0), 'NUMBER(*,0)'],
    [num(10, 0), 'NUMBER(10)'],
    [num(10, null), 'NUMBER(10)'],
    [num(12, 2), 'NUMBER(12,2)'],
    [num(10, -5), 'NUMBER(10,-5)'],
    [col('FLOAT'), 'FLOAT'],
    [col('FLOAT', { dataPrecision: 63 }), 'FLOAT(63)'],
    [chars('VARCHAR2', 120, 30, 'C'), 'VARCHAR2(30 CHAR)'],
    [chars('CHAR', 3, 3, 'B'), 'CHAR(3 BYTE)'],
    [chars('NVARCHAR2', 40, 20, 'C'), 'NVARCHAR2(20)'],
    [chars('NCHAR', 2, 1, 'C'), 'NCHAR(1)'],
    [col('RAW', { dataLength: 16 }), 'RAW(16)'],
    [col('UROWID', { dataLength: 4000 }), 'UROWID(4000)'],
    [col('TIMESTAMP(3)', { dataScale: 3 }), 'TIMESTAMP(3)'],
    [col('TIMESTAMP'), 'TIMESTAMP(6)'],
    [col('TIMESTAMP(9) WITH TIME ZONE', { dataScale: 9 }), 'TIMESTAMP(9) WITH TIME ZONE'],
    [col('TIMESTAMP WITH LOCAL TIME ZONE'), 'TIMESTAMP(6) WITH LOCAL TIME ZONE'],
    [col('INTERVAL DAY(3) TO SECOND(2)', { dataPrecision: 3, dataScale: 2 }), 'INTERVAL DAY(3) TO SECOND(2)'],
    [col('INTERVAL DAY TO SECOND'), 'INTERVAL DAY(2) TO SECOND(6)'],
    [col('INTERVAL YEAR(4) TO MONTH', { dataPrecision: 4 }), 'INTERVAL YEAR(4) TO MONTH'],
    [col('INTERVAL YEAR TO MONTH'), 'INTERVAL YEAR(2) TO MONTH'],
    [col(' SDO_GEOMETRY '), 'SDO_GEOMETRY'],
  ])('%o → %s', (column, want) => {
    expect(formatOracleType(column)).toBe(want);
  });

  it('defaults: a TIMESTAMP without a scale is TIMESTAMP(6); intervals without figures take Oracle’s defaults', () => {
    expect(oracleToCanonical('T', col('TIMESTAMP'))).toMatchObject({ scale: 6 });
    expect(oracleToCanonical('T', col('TIMESTAMP WITH TIME ZONE'))).toMatchObject({ scale: 6 });
    expect(oracleToCanonical('I', col('INTERVAL DAY TO SECOND'))).toMatchObject({ precision: 2, scale: 6 });
    expect(oracleToCanonical('I', col('INTERVAL YEAR TO MONTH'))).toMatchObject({ precision: 2 });
  });
});
