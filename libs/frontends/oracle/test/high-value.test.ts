/**
 * Oracle HIGH_VALUE decoding (reference §2.2 "Partition metadata"), with the texts Oracle's dictionary holds for
 * range, interval, multi-column and list partitions.
 */
import { describe, expect, it } from 'vitest';
import { decodeHighValue, decodeListValues, highValueBound, splitHighValue } from '../src/index.js';

const TO_DATE = (d: string) => `TO_DATE(' ${d}', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')`;

describe('splitHighValue', () => {
  it('splits on top-level commas, keeping TO_DATE(…) and quoted commas whole', () => {
    expect(splitHighValue(`${TO_DATE('2024-01-01 00:00:00')}, 100, MAXVALUE`)).toEqual([
      TO_DATE('2024-01-01 00:00:00'),
      '100',
      'MAXVALUE',
    ]);
    expect(splitHighValue("'a,b', 'it''s, here'")).toEqual(["'a,b'", "'it''s, here'"]);
    expect(splitHighValue("('EU', 1), ('US', 2)")).toEqual(["('EU', 1)", "('US', 2)"]);
  });

  it('refuses unbalanced quotes or parentheses', () => {
    expect(() => splitHighValue("'open")).toThrow('unbalanced quotes or parentheses');
    expect(() => splitHighValue('TO_DATE(')).toThrow('unbalanced quotes or parentheses');
    expect(() => splitHighValue('1)')).toThrow('unbalanced parentheses');
  });
});

describe('highValueBound', () => {
  it.each([
    ['MAXVALUE', undefined, { kind: 'MAXVALUE' }],
    ['maxvalue', undefined, { kind: 'MAXVALUE' }],
    ['DEFAULT', undefined, { kind: 'DEFAULT' }],
    ['NULL', undefined, { kind: 'value', value: null, text: 'NULL' }],
    [
      TO_DATE('2024-02-01 00:00:00'),
      'TIMESTAMP',
      { kind: 'value', value: '2024-02-01 00:00:00', text: TO_DATE('2024-02-01 00:00:00') },
    ],
    // BC dates: SYYYY writes the sign
    [
      "TO_DATE('-4712-01-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')",
      'TIMESTAMP',
      { kind: 'value', value: '-4712-01-01 00:00:00' },
    ],
    [TO_DATE('9999-12-31 23:59:59'), 'TIMESTAMP', { kind: 'value', value: '9999-12-31 23:59:59' }],
    [
      "TO_DATE(' 2024-02-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS')",
      'TIMESTAMP',
      { kind: 'value', value: '2024-02-01 00:00:00' },
    ],
    ["TIMESTAMP' 2024-03-01 00:00:00'", 'TIMESTAMP', { kind: 'value', value: '2024-03-01 00:00:00' }],
    [
      "TIMESTAMP' 2024-03-01 10:30:00.123456789'",
      'TIMESTAMP',
      { kind: 'value', value: '2024-03-01 10:30:00.123456789' },
    ],
    ["'EU'", 'VARIABLE_STRING', { kind: 'value', value: 'EU', text: "'EU'" }],
    ["'it''s'", 'VARIABLE_STRING', { kind: 'value', value: "it's" }],
    ["N'Grüße'", 'VARIABLE_STRING', { kind: 'value', value: 'Grüße' }],
    ["''", 'VARIABLE_STRING', { kind: 'value', value: '' }],
    ['100', 'INTEGER_8', { kind: 'value', value: 100, text: '100' }],
    ['-5', 'INTEGER_4', { kind: 'value', value: -5 }],
    ['99999999999999999999', 'INTEGER_38', { kind: 'value', value: 99999999999999999999n }],
    ['12.50', 'DECIMAL', { kind: 'value', value: '12.50' }],
    ['100', undefined, { kind: 'value', value: '100' }],
    ['1E+10', 'DECIMAL', { kind: 'value', value: '1E+10' }],
    ['.5', 'DECIMAL', { kind: 'value', value: '.5' }],
  ] as const)('%s', (text, type, want) => {
    expect(highValueBound(text, type)).toMatchObject(want);
  });

  it('refuses what it does not know', () => {
    for (const text of [
      "TO_TIMESTAMP_TZ('2024-01-01 00:00:00 +01:00')",
      'SYSDATE',
      "TO_DATE('01/02/2024', 'MM/DD/YYYY')",
    ]) {
      expect(() => highValueBound(text)).toThrow(`unrecognised bound ${text}`);
    }
  });
});

describe('decodeHighValue (range)', () => {
  it('one bound per key column, typed by the key types, MAXVALUE kept', () => {
    expect(
      decodeHighValue('P1', `${TO_DATE('2024-02-01 00:00:00')}, 10, MAXVALUE`, ['TIMESTAMP', 'INTEGER_4', 'DECIMAL']),
    ).toEqual([
      { kind: 'value', value: '2024-02-01 00:00:00', text: TO_DATE('2024-02-01 00:00:00') },
      { kind: 'value', value: 10, text: '10' },
      { kind: 'MAXVALUE' },
    ]);
    expect(decodeHighValue('PMAX', 'MAXVALUE')).toEqual([{ kind: 'MAXVALUE' }]);
  });

  it('names the partition and the text it cannot decode', () => {
    expect(() => decodeHighValue('SALES_P1', 'SYSDATE + 1')).toThrow(
      'Cannot decode the HIGH_VALUE of partition SALES_P1: SYSDATE + 1 (unrecognised bound SYSDATE + 1)',
    );
    expect(() => decodeHighValue('P2', "'x")).toThrow(/partition P2: 'x \(unbalanced/);
  });
});

describe('decodeListValues', () => {
  it('single-column lists: one tuple per value; DEFAULT is the default partition', () => {
    expect(decodeListValues('P_EU', "'EU', 'UK', NULL", ['VARIABLE_STRING'])).toEqual({
      values: [
        [{ kind: 'value', value: 'EU', text: "'EU'" }],
        [{ kind: 'value', value: 'UK', text: "'UK'" }],
        [{ kind: 'value', value: null, text: 'NULL' }],
      ],
      isDefault: false,
    });
    expect(decodeListValues('P_OTHER', 'DEFAULT')).toEqual({ values: [], isDefault: true });
  });

  it('multi-column lists: one tuple per parenthesised group', () => {
    expect(decodeListValues('P1', "('EU', 1), ('US', 2)", ['VARIABLE_STRING', 'INTEGER_4']).values).toEqual([
      [
        { kind: 'value', value: 'EU', text: "'EU'" },
        { kind: 'value', value: 1, text: '1' },
      ],
      [
        { kind: 'value', value: 'US', text: "'US'" },
        { kind: 'value', value: 2, text: '2' },
      ],
    ]);
  });

  it('names the partition and the text it cannot decode', () => {
    expect(() => decodeListValues('P_BAD', 'SYSDATE')).toThrow(
      'Cannot decode the HIGH_VALUE of partition P_BAD: SYSDATE',
    );
  });
});
