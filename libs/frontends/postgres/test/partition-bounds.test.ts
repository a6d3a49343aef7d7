/**
 * decodePartitionBound on the texts `pg_get_expr(relpartbound, oid)` prints: typed values (integers, bigints past
 * 2^53, booleans, NULL), quoting (doubled quotes, E'' escapes), multi-column keys, hash bounds, and a clear
 * ENGINE_ERROR for anything else.
 */
import { describe, expect, it } from 'vitest';
import { isGoeError } from '@goe/core';
import { decodePartitionBound } from '../src/partition-bounds.js';

const v = (value: string | number | bigint | boolean | null, text: string) => ({ kind: 'value', value, text });

/** The message of the ENGINE_ERROR decoding `text` throws. */
function refusal(text: string, types: Parameters<typeof decodePartitionBound>[1] = ['INTEGER_4']): string {
  try {
    decodePartitionBound(text, types);
  } catch (e) {
    if (isGoeError(e) && e.code === 'ENGINE_ERROR') return e.message;
    throw e;
  }
  throw new Error(`decoded without error: ${text}`);
}

describe('decodePartitionBound', () => {
  it('reads DEFAULT in any case and with surrounding blanks', () => {
    expect(decodePartitionBound('DEFAULT', [])).toEqual({ isDefault: true });
    expect(decodePartitionBound('  default \n', ['DATE'])).toEqual({ isDefault: true });
  });

  it('types integer keys as numbers, as bigints beyond 2^53, and keeps the text', () => {
    expect(decodePartitionBound('FOR VALUES FROM (-5) TO (9007199254740993)', ['INTEGER_8'])).toEqual({
      lowerBound: [v(-5, '-5')],
      upperBound: [v(9007199254740993n, '9007199254740993')],
    });
    expect(decodePartitionBound("FOR VALUES FROM ('10') TO ('20')", ['INTEGER_2'])).toEqual({
      lowerBound: [v(10, "'10'")],
      upperBound: [v(20, "'20'")],
    });
  });

  it('keeps numbers as text for non-integer and expression keys', () => {
    expect(decodePartitionBound('FOR VALUES FROM (1.5) TO (2.5)', ['DECIMAL'])).toEqual({
      lowerBound: [v('1.5', '1.5')],
      upperBound: [v('2.5', '2.5')],
    });
    expect(decodePartitionBound('FOR VALUES IN (7)', [undefined])).toEqual({ values: [[v('7', '7')]] });
  });

  it('reads MINVALUE, MAXVALUE, NULL, TRUE and FALSE as words in any case', () => {
    expect(decodePartitionBound('for values from (minvalue, MINVALUE) to (MAXVALUE, maxvalue)', ['DATE'])).toEqual({
      lowerBound: [{ kind: 'MINVALUE' }, { kind: 'MINVALUE' }],
      upperBound: [{ kind: 'MAXVALUE' }, { kind: 'MAXVALUE' }],
    });
    expect(decodePartitionBound('FOR VALUES IN (NULL, true, FALSE)', ['BOOLEAN'])).toEqual({
      values: [[v(null, 'NULL')], [v(true, 'true')], [v(false, 'false')]],
    });
  });

  it('types quoted booleans for BOOLEAN keys only', () => {
    expect(decodePartitionBound("FOR VALUES IN ('TRUE', 'false')", ['BOOLEAN'])).toEqual({
      values: [[v(true, "'TRUE'")], [v(false, "'false'")]],
    });
    expect(decodePartitionBound("FOR VALUES IN ('true')", ['VARIABLE_STRING'])).toEqual({
      values: [[v('true', "'true'")]],
    });
  });

  it("unquotes doubled quotes and E'' escapes, keeping the raw literal as text", () => {
    expect(decodePartitionBound("FOR VALUES IN ('it''s', 'a,b (c)')", ['VARIABLE_STRING'])).toEqual({
      values: [[v("it's", "'it''s'")], [v('a,b (c)', "'a,b (c)'")]],
    });
    expect(decodePartitionBound("FOR VALUES IN (E'back\\\\slash', e'it\\'s')", ['VARIABLE_STRING'])).toEqual({
      values: [[v('back\\slash', "E'back\\\\slash'")], [v("it's", "e'it\\'s'")]],
    });
    // Outside an E'' string a backslash is an ordinary character.
    expect(decodePartitionBound("FOR VALUES IN ('C:\\dir')", ['VARIABLE_STRING'])).toEqual({
      values: [[v('C:\\dir', "'C:\\dir'")]],
    });
  });

  it('types each column of a multi-column key by its own type, later ones by the first when not given', () => {
    expect(decodePartitionBound("FOR VALUES FROM (1, 'a') TO (2, 'b')", ['INTEGER_4', 'VARIABLE_STRING'])).toEqual({
      lowerBound: [v(1, '1'), v('a', "'a'")],
      upperBound: [v(2, '2'), v('b', "'b'")],
    });
    expect(decodePartitionBound('FOR VALUES FROM (1, 2) TO (3, 4)', ['INTEGER_4'])).toEqual({
      lowerBound: [v(1, '1'), v(2, '2')],
      upperBound: [v(3, '3'), v(4, '4')],
    });
  });

  it('reads hash bounds', () => {
    expect(decodePartitionBound('FOR VALUES WITH (modulus 8, remainder 3)', ['INTEGER_4'])).toEqual({
      hash: { modulus: 8, remainder: 3 },
    });
    expect(decodePartitionBound('FOR VALUES WITH (MODULUS 2,REMAINDER 0)', [])).toEqual({
      hash: { modulus: 2, remainder: 0 },
    });
  });

  it.each([
    ['', 'Unrecognised partition bound: '],
    ['PARTITION OF x', 'Unrecognised partition bound: PARTITION OF x'],
    ['FOR VALUES BETWEEN (1) AND (2)', 'Unrecognised partition bound: FOR VALUES BETWEEN (1) AND (2)'],
    ['FOR VALUES FROM (1)', 'Unrecognised partition bound: FOR VALUES FROM (1)'],
    ['FOR VALUES FROM (1) UNTIL (2)', 'Unrecognised partition bound: FOR VALUES FROM (1) UNTIL (2)'],
    ['FOR VALUES FROM 1 TO 2', 'Unrecognised partition bound: FOR VALUES FROM 1 TO 2'],
    ['FOR VALUES IN (', 'Unrecognised partition bound: FOR VALUES IN ('],
    ['FOR VALUES IN (1 2)', 'Unrecognised partition bound: FOR VALUES IN (1 2)'],
    ['FOR VALUES IN (1', 'Unrecognised partition bound: FOR VALUES IN (1'],
    ["FOR VALUES IN ('open", "Unrecognised partition bound: FOR VALUES IN ('open"],
    ["FOR VALUES IN (E'ends in \\", "Unrecognised partition bound: FOR VALUES IN (E'ends in \\"],
    ['FOR VALUES IN (,)', "Unexpected ',' in a partition bound"],
    ['FOR VALUES IN ())', "Unexpected ')' in a partition bound"],
    ['FOR VALUES WITH (modulus 4)', 'Unrecognised partition bound: FOR VALUES WITH (modulus 4)'],
  ])('refuses %j', (text, message) => {
    expect(refusal(text)).toBe(message);
  });
});
