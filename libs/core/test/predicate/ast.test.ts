import { describe, expect, it } from 'vitest';
import type { PredicateAst, PredicateComparison } from '@goe/core';
import {
  PREDICATE_COMPARISON_OPS,
  andPredicates,
  assertPredicateAst,
  orPredicates,
  parsePredicate,
  predicateColumn,
  predicateColumnNames,
  predicateColumnRefs,
  predicateComparisonOperands,
  predicateDatetime,
  predicateNumeric,
  predicateString,
  printPredicate,
  renamePredicateColumn,
  setPredicateColumnAlias,
} from '@goe/core';

const invalid = expect.objectContaining({ code: 'PREDICATE_INVALID' });
const P = (t: string): PredicateAst => parsePredicate(t);

describe('column utilities', () => {
  const ast = P(
    'column(a) = numeric(1) AND (column(S.a) IS NULL OR column(b) IN (numeric(2)) OR numeric(3) < column(t.c))',
  );

  it('lists unique upper-case names and refs in order of appearance', () => {
    expect(predicateColumnNames(ast)).toEqual(['A', 'B', 'C']);
    expect(predicateColumnRefs(ast)).toStrictEqual([
      { kind: 'column', name: 'A' },
      { kind: 'column', alias: 'S', name: 'A' },
      { kind: 'column', name: 'B' },
      { kind: 'column', alias: 'T', name: 'C' },
    ]);
  });

  it('renames case-insensitively, keeps aliases, leaves the input alone', () => {
    const before = printPredicate(ast);
    const renamed = renamePredicateColumn(ast, 'a', 'new_a');
    expect(printPredicate(renamed)).toBe(
      '(column(NEW_A) = numeric(1) AND (column(S.NEW_A) IS NULL OR column(B) IN (numeric(2)) OR numeric(3) < column(T.C)))',
    );
    expect(printPredicate(ast)).toBe(before);
    expect(renamePredicateColumn(ast, 'zzz', 'y')).toStrictEqual(ast);
    expect(() => renamePredicateColumn(ast, 'A', 'bad name')).toThrow(invalid);
    expect(() => renamePredicateColumn(ast, 'A', 'ab.c')).toThrow(/would read back as alias 'AB', column 'C'/);
  });

  it('sets and removes aliases', () => {
    expect(printPredicate(setPredicateColumnAlias(ast, 'x'))).toBe(
      '(column(X.A) = numeric(1) AND (column(X.A) IS NULL OR column(X.B) IN (numeric(2)) OR numeric(3) < column(X.C)))',
    );
    const removed = setPredicateColumnAlias(ast, undefined);
    expect(predicateColumnRefs(removed)).toStrictEqual([
      { kind: 'column', name: 'A' },
      { kind: 'column', name: 'B' },
      { kind: 'column', name: 'C' },
    ]);
    expect(() => setPredicateColumnAlias(ast, 'x1')).toThrow(/letters only/);
    expect(() => setPredicateColumnAlias(P('column(s.a.b) IS NULL'), undefined)).toThrow(/would read back as alias/);
  });

  it('splits comparisons into column and value', () => {
    const c = P('numeric(3) < column(X)') as PredicateComparison;
    expect(predicateComparisonOperands(c)).toStrictEqual({
      column: { kind: 'column', name: 'X' },
      value: { kind: 'numeric', value: '3', isDecimal: false },
      columnFirst: false,
    });
    expect(predicateComparisonOperands(P('column(X) = string("a")') as PredicateComparison).columnFirst).toBe(true);
    expect(PREDICATE_COMPARISON_OPS).toEqual(['=', '!=', '>', '>=', '<', '<=']);
  });
});

describe('combiners', () => {
  const a = P('column(A) = numeric(1)');
  const b = P('column(B) IS NULL');
  const or = P('column(C) = numeric(1) OR column(C) = numeric(2)');

  it('build AND/OR groups that print parenthesised and round-trip', () => {
    const and = andPredicates(or, a, b);
    expect(printPredicate(and)).toBe(
      '((column(C) = numeric(1) OR column(C) = numeric(2)) AND column(A) = numeric(1) AND column(B) IS NULL)',
    );
    expect(P(printPredicate(and))).toStrictEqual(and);
    const nested = orPredicates(andPredicates(a, b), andPredicates(a, or));
    expect(P(printPredicate(nested))).toStrictEqual(nested);
    expect(printPredicate(orPredicates(a, a))).toBe('(column(A) = numeric(1) OR column(A) = numeric(1))');
  });

  it('return a single predicate unchanged and refuse none', () => {
    expect(andPredicates(a)).toBe(a);
    expect(orPredicates(b)).toBe(b);
    expect(() => andPredicates()).toThrow(invalid);
    expect(() => orPredicates()).toThrow(/OR of no predicates/);
  });
});

describe('value and column constructors', () => {
  it('normalize and validate like the DSL', () => {
    expect(predicateNumeric('-012.50')).toStrictEqual({ kind: 'numeric', value: '-12.5', isDecimal: true });
    expect(predicateNumeric(-(10n ** 40n))).toStrictEqual({
      kind: 'numeric',
      value: `-1${'0'.repeat(40)}`,
      isDecimal: false,
    });
    expect(() => predicateNumeric('1e5')).toThrow(/exponent/);
    expect(() => predicateNumeric('')).toThrow(invalid);
    expect(predicateDatetime('2024-02-29 23:59:59.999999999')).toStrictEqual({
      kind: 'datetime',
      value: '2024-02-29 23:59:59.999999999',
      hasTime: true,
      fractionalDigits: 9,
    });
    expect(() => predicateDatetime('2023-02-29')).toThrow(/day 29 does not exist/);
    expect(predicateString('O\'Brien "x" \\')).toStrictEqual({ kind: 'string', value: 'O\'Brien "x" \\' });
    expect(() => predicateString('a\u0000')).toThrow(invalid);
    expect(() => predicateString('\u202Eevil')).toThrow(invalid);
    expect(predicateColumn('cust_id', 's')).toStrictEqual({ kind: 'column', alias: 'S', name: 'CUST_ID' });
    expect(predicateColumn('x')).toStrictEqual({ kind: 'column', name: 'X' });
    expect(() => predicateColumn('x y')).toThrow(/must match/);
    expect(() => predicateColumn('\uFF41')).toThrow(invalid);
  });

  it('assertPredicateAst accepts what the parser produces', () => {
    for (const t of ['column(a) IS NULL', 'numeric(1) = column(a) OR column(b) IN (string("x"))']) {
      expect(() => assertPredicateAst(P(t))).not.toThrow();
    }
    expect(() => assertPredicateAst({ kind: 'or', items: [P('column(a) IS NULL')] })).toThrow(
      /OR needs at least two items/,
    );
  });
});

describe('non-ASCII names', () => {
  it('are rejected before upper-casing could make them ASCII', () => {
    expect(() => predicateColumn('straße')).toThrow(invalid);
    expect(() => predicateColumn('a', 'ﬀ')).toThrow(/letters only/);
  });
});

describe('utilities over legacy group nodes', () => {
  it('walk into groups and reject comparisons without exactly one column', () => {
    const g: PredicateAst = { kind: 'group', inner: P('column(a) IS NULL AND numeric(1) = column(s.b)') };
    expect(predicateColumnNames(g)).toEqual(['A', 'B']);
    expect(printPredicate(renamePredicateColumn(g, 'b', 'c'))).toBe('(column(A) IS NULL AND numeric(1) = column(S.C))');
    const a = predicateColumn('A');
    expect(() => predicateComparisonOperands({ kind: 'comparison', op: '=', left: a, right: a })).toThrow(
      /exactly one column/,
    );
  });
});
