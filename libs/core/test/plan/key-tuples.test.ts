/**
 * Multi-column partition keys as tuples (types reference §4.5 threshold clauses, §5.3 RANGE semantics): which
 * columns can be a key, lexicographic comparison with prefixes, partition bounds with MAXVALUE/MINVALUE components,
 * user CSV tuples, and the lexicographic threshold predicates (checked against an evaluator over a value grid).
 */
import { describe, expect, it } from 'vitest';
import {
  UNPARTITIONED,
  canonicalColumn,
  compareKeyText,
  printPredicate,
  type CanonicalType,
  type PartitionBound,
  type PredicateAst,
  type PredicateValue,
  type SourceTable,
} from '@goe/core';
import {
  boundFromPartition,
  compareKeyTuples,
  formatKeyTuple,
  keyColumns,
  keyLiteral,
  normaliseKeyValue,
  parseKeyTuple,
  tupleAtOrAbove,
  tupleBelow,
  tupleBelowDsl,
  tupleRange,
  type KeyBound,
  type KeyColumn,
  type KeyTuple,
} from '../../src/plan/key-tuples.js';
import { goeError } from '../support/goe-error.js';

// ---------------------------------------------------------------------------------------------------------------
// fixtures

const COLUMNS: readonly (readonly [string, CanonicalType])[] = [
  ['YEAR', 'INTEGER_4'],
  ['MONTH', 'INTEGER_2'],
  ['TIME_ID', 'DATE'],
  ['TS', 'TIMESTAMP'],
  ['TS_TZ', 'TIMESTAMP_TZ'],
  ['REGION', 'VARIABLE_STRING'],
  ['CODE', 'FIXED_STRING'],
  ['AMOUNT', 'DECIMAL'],
  ['BIG_ID', 'INTEGER_38'],
  ['RATIO', 'DOUBLE'],
  ['odd name', 'INTEGER_4'],
];

const TABLE: SourceTable = {
  owner: 'SH',
  name: 'SALES',
  columns: COLUMNS.map(([name, dataType]) => ({
    name,
    dataType: dataType.toLowerCase(),
    nullable: true,
    safeMapping: true,
    canonical: canonicalColumn({ name, dataType }),
  })),
  primaryKey: [],
  partitioning: UNPARTITIONED,
};

function keys(...columns: string[]): KeyColumn[] {
  const r = keyColumns(TABLE, columns);
  if (!('keys' in r)) throw new Error(r.reason);
  return r.keys;
}

const YM = keys('YEAR', 'MONTH');
const YEAR = keys('YEAR');
const DATE = keys('TIME_ID');
const TS = keys('TS');
const REGION = keys('REGION');
const REGION_YEAR = keys('REGION', 'YEAR');

function v(value: string | number | bigint): PartitionBound {
  return { kind: 'value', value, text: typeof value === 'string' ? `'${value}'` : String(value) };
}
const MAXVALUE: PartitionBound = { kind: 'MAXVALUE' };
const MINVALUE: PartitionBound = { kind: 'MINVALUE' };

// A tiny evaluator of the AST the threshold builders produce (comparisons on key values, AND, OR).
function literalText(value: PredicateValue): string {
  return value.value;
}
function evaluate(ast: PredicateAst, keyset: readonly KeyColumn[], row: KeyTuple): boolean {
  switch (ast.kind) {
    case 'and':
      return ast.items.every((i) => evaluate(i, keyset, row));
    case 'or':
      return ast.items.some((i) => evaluate(i, keyset, row));
    case 'comparison': {
      if (ast.left.kind !== 'column' || ast.right.kind === 'column') throw new Error('unexpected comparison shape');
      const i = keyset.findIndex((k) => k.column === (ast.left as { name: string }).name);
      const c = compareKeyText(keyset[i]!.kind, row[i]!, literalText(ast.right));
      return { '<': c < 0, '<=': c <= 0, '=': c === 0, '!=': c !== 0, '>': c > 0, '>=': c >= 0 }[ast.op];
    }
    default:
      throw new Error(`unexpected node ${ast.kind}`);
  }
}

/** Every (year, month) pair of a small grid, including negative years. */
const GRID: KeyTuple[] = ['-1', '0', '2019', '2020', '2021'].flatMap((y) =>
  ['-5', '1', '5', '6', '7', '12'].map((m) => [y, m]),
);

// ---------------------------------------------------------------------------------------------------------------

describe('keyColumns', () => {
  it('maps each key column to its type and comparison kind, matching names case-insensitively', () => {
    expect(keyColumns(TABLE, ['year', 'TIME_ID', 'TS', 'REGION', 'CODE', 'AMOUNT', 'BIG_ID'])).toEqual({
      keys: [
        { column: 'YEAR', dataType: 'INTEGER_4', kind: 'number' },
        { column: 'TIME_ID', dataType: 'DATE', kind: 'datetime' },
        { column: 'TS', dataType: 'TIMESTAMP', kind: 'datetime' },
        { column: 'REGION', dataType: 'VARIABLE_STRING', kind: 'string' },
        { column: 'CODE', dataType: 'FIXED_STRING', kind: 'string' },
        { column: 'AMOUNT', dataType: 'DECIMAL', kind: 'number' },
        { column: 'BIG_ID', dataType: 'INTEGER_38', kind: 'number' },
      ],
    });
  });

  it('gives a reason for no columns, an unknown or expression column, an unsupported type, an unnameable column', () => {
    expect(keyColumns(TABLE, [])).toEqual({ reason: 'SH.SALES has no partition key columns' });
    expect(keyColumns(TABLE, ['YEAR', '(expression)'])).toEqual({
      reason: 'partition key (expression) of SH.SALES is not a column of the table',
    });
    expect(keyColumns(TABLE, ['RATIO'])).toEqual({
      reason:
        'partition key column RATIO (DOUBLE) of SH.SALES is not supported for partition append (supported: integers, decimals, dates, timestamps without time zone, strings)',
    });
    expect(keyColumns(TABLE, ['TS_TZ'])).toHaveProperty('reason', expect.stringContaining('TS_TZ (TIMESTAMP_TZ)'));
    expect(keyColumns(TABLE, ['odd name'])).toEqual({
      reason:
        'partition key column "odd name" of SH.SALES has characters the predicate DSL cannot name (letters, digits, . $ # _)',
    });
  });
});

describe('compareKeyTuples', () => {
  it('compares lexicographically, each component with its kind (numbers as numbers, negatives first)', () => {
    expect(compareKeyTuples(YM, ['2020', '10'], ['2020', '9'])).toBe(1);
    expect(compareKeyTuples(YM, ['2019', '12'], ['2020', '1'])).toBe(-1);
    expect(compareKeyTuples(YM, ['-1', '12'], ['0', '-5'])).toBe(-1);
    expect(compareKeyTuples(YM, ['2020', '06'], ['2020', '6'])).toBe(0);
    expect(compareKeyTuples(REGION_YEAR, ['b', '1'], ['a', '9'])).toBe(1);
  });

  it('treats a shorter tuple as a prefix: the common prefix decides, then shorter < longer', () => {
    expect(compareKeyTuples(YM, ['2020'], ['2020', '1'])).toBe(-1);
    expect(compareKeyTuples(YM, ['2020', '1'], ['2020'])).toBe(1);
    expect(compareKeyTuples(YM, ['2021'], ['2020', '12'])).toBe(1);
    expect(compareKeyTuples(YM, [], [])).toBe(0);
  });

  it('compares dates with timestamps as calendar values and strings by code point (multi-byte included)', () => {
    expect(compareKeyTuples(DATE, ['2020-01-01'], ['2020-01-01 00:00:00'])).toBe(0);
    expect(compareKeyTuples(TS, ['2020-01-01T10:00:00.000'], ['2020-01-01 09:59:59.999999'])).toBe(1);
    expect(compareKeyTuples(REGION, ['Zürich'], ['Zurich'])).toBe(1);
    expect(compareKeyTuples(REGION, ['😀'], ['\uffff'])).toBe(1); // code points, not UTF-16 units
  });

  it('rejects a component that is not of its kind, and a tuple longer than the key', () => {
    expect(goeError(() => compareKeyTuples(YM, ['2020', 'x'], ['2020', '1'])).code).toBe('OPTION_INVALID');
    expect(goeError(() => compareKeyTuples(YEAR, ['1', '2'], ['1', '3'])).code).toBe('INTERNAL');
  });
});

describe('boundFromPartition', () => {
  it('reads value bounds as exclusive tuples', () => {
    expect(boundFromPartition(YM, [v(2020), v(6)])).toEqual({ values: ['2020', '6'], inclusive: false });
    expect(boundFromPartition(YM, [v(-3), v(-5)])).toEqual({ values: ['-3', '-5'], inclusive: false });
    expect(boundFromPartition(YEAR, [v(12345678901234567890n)])).toEqual({
      values: ['12345678901234567890'],
      inclusive: false,
    });
    expect(boundFromPartition(DATE, [v('2020-01-01')])).toEqual({ values: ['2020-01-01'], inclusive: false });
  });

  it('truncates at MAXVALUE (inclusive) and MINVALUE (exclusive); a leading MAXVALUE is the open top', () => {
    expect(boundFromPartition(YM, [v(2020), MAXVALUE])).toEqual({ values: ['2020'], inclusive: true });
    expect(boundFromPartition(YM, [v(2020), MINVALUE])).toEqual({ values: ['2020'], inclusive: false });
    expect(boundFromPartition(YM, [MAXVALUE, MAXVALUE])).toBe('MAXVALUE');
    expect(boundFromPartition(YM, [MINVALUE, MINVALUE])).toEqual({ values: [], inclusive: false });
  });

  it('refuses empty or over-long bounds, NULL and DEFAULT components and values not of the kind', () => {
    expect(goeError(() => boundFromPartition(YM, [])).message).toBe(
      'A partition bound has 0 values for a 2-column key (YEAR, MONTH)',
    );
    expect(goeError(() => boundFromPartition(YEAR, [v(1), v(2)])).code).toBe('ENGINE_ERROR');
    expect(goeError(() => boundFromPartition(YEAR, [{ kind: 'value', value: null, text: 'NULL' }])).message).toBe(
      'A partition bound on YEAR is NULL',
    );
    expect(goeError(() => boundFromPartition(YEAR, [{ kind: 'DEFAULT' }])).message).toBe(
      'A partition bound on YEAR is DEFAULT',
    );
    expect(goeError(() => boundFromPartition(DATE, [v('2020-02-30')])).message).toBe(
      'A partition bound on TIME_ID (DATE) is not a value of its type: 2020-02-30',
    );
  });
});

describe('parseKeyTuple', () => {
  it('parses 1..n CSV components, validating and normalising each with its kind', () => {
    expect(parseKeyTuple(YM, '2020,5', '--less-than-value')).toEqual(['2020', '5']);
    expect(parseKeyTuple(YM, ' 2020 , -5 ', '--less-than-value')).toEqual(['2020', '-5']);
    expect(parseKeyTuple(YM, '2020', '--less-than-value')).toEqual(['2020']);
    expect(parseKeyTuple(keys('TIME_ID', 'YEAR'), '2020-1-5,3', '--less-than-value')).toEqual(['2020-01-05', '3']);
  });

  it('normalises human dates: YYYY-M[M]-D[D], an optional time, midnight only for DATE keys', () => {
    expect(parseKeyTuple(DATE, '2020-1-5', '--older-than-date')).toEqual(['2020-01-05']);
    expect(parseKeyTuple(DATE, '2020-01-05 00:00:00', '--older-than-date')).toEqual(['2020-01-05']);
    expect(parseKeyTuple(TS, '2020-1-5 9:30', '--less-than-value')).toEqual(['2020-01-05 09:30:00']);
    expect(parseKeyTuple(TS, '2020-01-05T09:30:15.25', '--less-than-value')).toEqual(['2020-01-05 09:30:15.25']);
    expect(parseKeyTuple(TS, '2020-01-05', '--less-than-value')).toEqual(['2020-01-05']);
    const e = goeError(() => parseKeyTuple(DATE, '2020-01-05 10:00:00', '--older-than-date'));
    expect([e.code, e.variable, e.message]).toEqual([
      'OPTION_INVALID',
      '--older-than-date',
      'Invalid --older-than-date value for partition key TIME_ID (DATE): 2020-01-05 10:00:00',
    ]);
    expect(goeError(() => parseKeyTuple(DATE, '2020-02-30', '--older-than-date')).variable).toBe('--older-than-date');
    expect(goeError(() => parseKeyTuple(DATE, '05/01/2020', '--older-than-date')).variable).toBe('--older-than-date');
  });

  it('keeps strings as written, quoted components may hold commas and "" quotes, multi-byte text intact', () => {
    expect(parseKeyTuple(REGION_YEAR, '"a,b", 7', '--equal-to-values')).toEqual(['a,b', '7']);
    expect(parseKeyTuple(REGION_YEAR, '"say ""hi""",1', '--equal-to-values')).toEqual(['say "hi"', '1']);
    expect(parseKeyTuple(REGION, ' Zürich ', '--equal-to-values')).toEqual([' Zürich ']);
    expect(parseKeyTuple(REGION, '東京', '--equal-to-values')).toEqual(['東京']);
    expect(parseKeyTuple(REGION_YEAR, ',1', '--equal-to-values')).toEqual(['', '1']);
  });

  it('refuses empty text, too many components, bad quoting and values not of the kind, naming the option', () => {
    const cases: [readonly KeyColumn[], string, string][] = [
      [YM, '  ', 'Empty --less-than-value value'],
      [YM, '2020,1,1', '--less-than-value value 2020,1,1 has 3 values; the partition key has 2 columns (YEAR, MONTH)'],
      [YEAR, '1,2', '--less-than-value value 1,2 has 2 values; the partition key has 1 column (YEAR)'],
      [REGION_YEAR, '"a,b', 'Unterminated quote in --less-than-value value: "a,b'],
      [REGION_YEAR, '"a"x,1', 'Unexpected text after a quoted value in --less-than-value: "a"x,1'],
      [YM, '2020,x', 'Invalid --less-than-value value for partition key MONTH (INTEGER_2): x'],
      [YM, ',1', 'Invalid --less-than-value value for partition key YEAR (INTEGER_4): '],
    ];
    for (const [k, text, message] of cases) {
      const e = goeError(() => parseKeyTuple(k, text, '--less-than-value'));
      expect([e.code, e.variable, e.message]).toEqual(['OPTION_INVALID', '--less-than-value', message]);
    }
  });

  it('normaliseKeyValue validates one component', () => {
    expect(normaliseKeyValue(YEAR[0]!, ' +7 ', '--x')).toBe('+7');
    expect(goeError(() => normaliseKeyValue(YEAR[0]!, '7e3', '--x')).variable).toBe('--x');
  });
});

describe('threshold predicates (GOE §4.5 lexicographic expansion)', () => {
  it('single column: backend key < hv (<= when inclusive), source the complement', () => {
    const b: KeyBound = { values: ['2020'], inclusive: false };
    expect(printPredicate(tupleBelow(YEAR, b))).toBe('column(YEAR) < numeric(2020)');
    expect(printPredicate(tupleAtOrAbove(YEAR, b))).toBe('column(YEAR) >= numeric(2020)');
    const inc: KeyBound = { values: ['2020'], inclusive: true };
    expect(printPredicate(tupleBelow(YEAR, inc))).toBe('column(YEAR) <= numeric(2020)');
    expect(printPredicate(tupleAtOrAbove(YEAR, inc))).toBe('column(YEAR) > numeric(2020)');
  });

  it('two columns: the lexicographic expansion', () => {
    const b: KeyBound = { values: ['2020', '6'], inclusive: false };
    expect(printPredicate(tupleBelow(YM, b))).toBe(
      '(column(YEAR) < numeric(2020) OR (column(YEAR) = numeric(2020) AND column(MONTH) < numeric(6)))',
    );
    expect(printPredicate(tupleAtOrAbove(YM, b))).toBe(
      '(column(YEAR) > numeric(2020) OR (column(YEAR) = numeric(2020) AND column(MONTH) >= numeric(6)))',
    );
    expect(tupleBelowDsl(YM, { values: ['1', '5'], inclusive: true })).toBe(
      '(column(YEAR) < numeric(1) OR (column(YEAR) = numeric(1) AND column(MONTH) <= numeric(5)))',
    );
  });

  it('a MAXVALUE-truncated bound puts the prefix equality on the backend side', () => {
    const b = boundFromPartition(YM, [v(2020), MAXVALUE]) as KeyBound;
    expect(printPredicate(tupleBelow(YM, b))).toBe('column(YEAR) <= numeric(2020)');
    expect(printPredicate(tupleAtOrAbove(YM, b))).toBe('column(YEAR) > numeric(2020)');
  });

  it('below and at-or-above partition every row of the grid exactly as compareKeyTuples orders them', () => {
    const bounds: KeyBound[] = [
      { values: ['2020', '6'], inclusive: false },
      { values: ['2020', '6'], inclusive: true },
      { values: ['-1', '-5'], inclusive: false },
      { values: ['2020'], inclusive: true },
      { values: ['2020'], inclusive: false },
      { values: ['0'], inclusive: true },
    ];
    for (const b of bounds) {
      const below = tupleBelow(YM, b);
      const above = tupleAtOrAbove(YM, b);
      for (const row of GRID) {
        const c = compareKeyTuples(YM, row.slice(0, b.values.length), b.values);
        const expected = b.inclusive ? c <= 0 : c < 0;
        expect({ b, row, below: evaluate(below, YM, row) }).toEqual({ b, row, below: expected });
        expect(evaluate(above, YM, row)).toBe(!expected);
      }
    }
  });

  it('three columns of mixed kinds expand to three terms with typed literals', () => {
    const k = keys('REGION', 'TIME_ID', 'TS');
    expect(
      printPredicate(tupleBelow(k, { values: ['東京', '2020-01-01', '2020-01-01T10:00:00.5'], inclusive: false })),
    ).toBe(
      '(column(REGION) < string("東京") OR (column(REGION) = string("東京") AND column(TIME_ID) < datetime(2020-01-01)) OR (column(REGION) = string("東京") AND column(TIME_ID) = datetime(2020-01-01) AND column(TS) < datetime(2020-01-01 10:00:00.5)))',
    );
  });

  it('refuses an empty bound', () => {
    expect(goeError(() => tupleBelow(YM, { values: [], inclusive: false })).code).toBe('INTERNAL');
  });
});

describe('tupleRange', () => {
  it('ANDs at-or-above the lower bound with below the upper bound; either side optional', () => {
    const lo: KeyBound = { values: ['2020', '1'], inclusive: false };
    const hi: KeyBound = { values: ['2020', '6'], inclusive: false };
    const r = tupleRange(YM, lo, hi)!;
    for (const row of GRID)
      expect(evaluate(r, YM, row)).toBe(
        compareKeyTuples(YM, row, lo.values) >= 0 && compareKeyTuples(YM, row, hi.values) < 0,
      );
    expect(printPredicate(tupleRange(YM, undefined, { values: ['2020'], inclusive: false })!)).toBe(
      'column(YEAR) < numeric(2020)',
    );
    expect(printPredicate(tupleRange(YM, { values: ['2020'], inclusive: true }, undefined)!)).toBe(
      'column(YEAR) > numeric(2020)',
    );
    expect(tupleRange(YM, undefined, undefined)).toBeUndefined();
    // an empty lower bound (MINVALUE) does not restrict
    expect(tupleRange(YM, { values: [], inclusive: false }, undefined)).toBeUndefined();
  });
});

describe('keyLiteral and formatKeyTuple', () => {
  it('types literals per kind: DATE keeps the day, TIMESTAMP the time, numbers exact', () => {
    expect(keyLiteral(DATE[0]!, '2020-01-01 00:00:00')).toEqual({
      kind: 'datetime',
      value: '2020-01-01',
      hasTime: false,
      fractionalDigits: 0,
    });
    expect(keyLiteral(TS[0]!, '2020-01-01T10:00')).toMatchObject({ value: '2020-01-01 10:00:00' });
    expect(keyLiteral(TS[0]!, '2020-01-01')).toMatchObject({ value: '2020-01-01', hasTime: false });
    expect(keyLiteral(YEAR[0]!, ' -0012.50 ')).toMatchObject({ kind: 'numeric', value: '-12.5' });
    expect(keyLiteral(REGION[0]!, 'a"b')).toEqual({ kind: 'string', value: 'a"b' });
    expect(goeError(() => keyLiteral(TS[0]!, 'yesterday')).code).toBe('PREDICATE_INVALID');
  });

  it('formats tuples for messages', () => {
    expect(formatKeyTuple(['2020', '6'])).toBe('2020, 6');
    expect(formatKeyTuple(['x'])).toBe('x');
  });
});
