import { describe, expect, it } from 'vitest';
import type { PredicateDialect, PredicateValueContext } from '@goe/core';
import {
  ANSI_INLINE_PREDICATE_DIALECT,
  ANSI_PREDICATE_DIALECT,
  ansiPredicateLiteral,
  parsePredicate,
  predicateColumnResolver,
  quotePredicateIdentifier,
  quotePredicateString,
  renderPredicate,
} from '@goe/core';

const INJECTION = `column(s) = string("x' OR '1'='1")`;

describe('renderPredicate: bind mode (ANSI preset)', () => {
  it('keeps a quote-laden string value in params only', () => {
    const { sql, params } = renderPredicate(parsePredicate(INJECTION), ANSI_PREDICATE_DIALECT);
    expect(sql).toBe('"S" = ?');
    expect(sql).not.toContain("'");
    expect(params).toEqual(["x' OR '1'='1"]);
  });

  it('binds each IN-list value, in reading order (params follow the text left to right)', () => {
    const ast = parsePredicate(
      'numeric(5) < column(a) AND column(b) NOT IN (string("x"), string("y"), string("z")) AND column(c) IN (numeric(1.50))',
    );
    expect(renderPredicate(ast, ANSI_PREDICATE_DIALECT)).toEqual({
      sql: '(CAST(? AS NUMERIC) < "A" AND "B" NOT IN (?, ?, ?) AND "C" IN (CAST(? AS NUMERIC)))',
      params: ['5', 'x', 'y', 'z', '1.5'],
    });
  });

  it('casts datetimes by their form and binds their text', () => {
    const ast = parsePredicate(
      'column(d) >= datetime(2020-01-01) OR column(t) < datetime(2020-01-01 10:11:12.123456789)',
    );
    expect(renderPredicate(ast, ANSI_PREDICATE_DIALECT)).toEqual({
      sql: '("D" >= CAST(? AS DATE) OR "T" < CAST(? AS TIMESTAMP))',
      params: ['2020-01-01', '2020-01-01 10:11:12.123456789'],
    });
  });

  it('binds numerics as exact text, never a JS number', () => {
    const ast = parsePredicate(
      'column(a) IN (numeric(0.00000000000000000001), numeric(1234567890123456789012345678901234567890))',
    );
    const { params } = renderPredicate(ast, ANSI_PREDICATE_DIALECT);
    expect(params).toEqual(['0.00000000000000000001', '1234567890123456789012345678901234567890']);
    for (const p of params) expect(typeof p).toBe('string');
  });

  it('renders null tests, aliases and GOE-shaped groups', () => {
    const ast = parsePredicate('(column(s.id) IS NULL OR column(id) IS NOT NULL) AND column(x) = string("")');
    expect(renderPredicate(ast, ANSI_PREDICATE_DIALECT)).toEqual({
      sql: '(("S"."ID" IS NULL OR "ID" IS NOT NULL) AND "X" = ?)',
      params: [''],
    });
  });

  it('does not modify the AST', () => {
    const ast = parsePredicate('column(a) IN (numeric(1), numeric(2)) OR column(b) IS NULL');
    const copy = structuredClone(ast);
    renderPredicate(ast, ANSI_PREDICATE_DIALECT, { resolveColumn: (r) => r.name.toLowerCase() });
    expect(ast).toStrictEqual(copy);
  });
});

describe('renderPredicate: inline mode (ANSI preset)', () => {
  it('doubles quotes inside string literals', () => {
    const { sql, params } = renderPredicate(parsePredicate(INJECTION), ANSI_INLINE_PREDICATE_DIALECT);
    expect(sql).toBe(`"S" = 'x'' OR ''1''=''1'`);
    expect(sql).toContain("'x'' OR ''1''=''1'");
    expect(params).toEqual([]);
  });

  it('renders GOE reference examples', () => {
    const r = (t: string): string => renderPredicate(parsePredicate(t), ANSI_INLINE_PREDICATE_DIALECT).sql;
    expect(r('column(PROD_ID) = numeric(171)')).toBe('"PROD_ID" = 171');
    expect(r('(column(ID) = numeric(10)) AND (column(ID) < numeric(2.2))')).toBe('("ID" = 10 AND "ID" < 2.2)');
    expect(r('column(ID) in (numeric(-10),numeric(0),numeric(10))')).toBe('"ID" IN (-10, 0, 10)');
    expect(r('column(TXN_TIME) = datetime(1970-01-01 12:13:14)')).toBe(`"TXN_TIME" = TIMESTAMP '1970-01-01 12:13:14'`);
    expect(r('column(TXN_DATE) = datetime(1970-01-01)')).toBe(`"TXN_DATE" = DATE '1970-01-01'`);
    expect(r('column(n) = numeric(3.)')).toBe('"N" = 3');
    expect(r('column(s) = string("a\\\\b\\"c")')).toBe(`"S" = 'a\\b"c'`);
  });

  it('uses a dialect renderLiteral when given', () => {
    const dialect: PredicateDialect = {
      name: 'bracket-like',
      inlineValues: true,
      quoteIdentifier: (n) => quotePredicateIdentifier(n, '[', ']'),
      renderLiteral: (v, ctx) =>
        v.kind === 'string' && ctx.columnType === 'nvarchar' ? `N${ansiPredicateLiteral(v)}` : ansiPredicateLiteral(v),
    };
    const ast = parsePredicate('column(a) = string("é") AND column(b) = string("x")');
    expect(renderPredicate(ast, dialect, { columnType: (r) => (r.name === 'A' ? 'nvarchar' : 'varchar') }).sql).toBe(
      "([A] = N'é' AND [B] = 'x')",
    );
  });
});

describe('identifier quoting', () => {
  it('doubles embedded quotes', () => {
    expect(quotePredicateIdentifier('A"B')).toBe('"A""B"');
    expect(quotePredicateIdentifier('"')).toBe('""""');
    expect(quotePredicateIdentifier('X]Y', '[', ']')).toBe('[X]]Y]');
    expect(quotePredicateIdentifier('a`b', '`')).toBe('`a``b`');
  });

  it('doubles an embedded double quote of a resolved column name', () => {
    const ast = parsePredicate('column(weird) = numeric(1)');
    expect(renderPredicate(ast, ANSI_PREDICATE_DIALECT, { resolveColumn: () => 'we"ird' }).sql).toBe(
      '"we""ird" = CAST(? AS NUMERIC)',
    );
  });

  it('rejects empty identifiers and control characters', () => {
    expect(() => quotePredicateIdentifier('')).toThrow(expect.objectContaining({ code: 'PREDICATE_INVALID' }));
    expect(() => quotePredicateIdentifier('a\u0000b')).toThrow(/Invalid identifier/);
  });

  it('quotes string literals with doubling', () => {
    expect(quotePredicateString("it's")).toBe("'it''s'");
    expect(quotePredicateString("''")).toBe("''''''");
  });
});

describe('columns and types', () => {
  it('resolves columns case-insensitively and keeps the alias', () => {
    const ast = parsePredicate('column(s.txn_date) >= datetime(2020-01-01) AND column(ID) = numeric(1)');
    const resolveColumn = predicateColumnResolver(['id', 'txn_date', 'other']);
    expect(renderPredicate(ast, ANSI_PREDICATE_DIALECT, { resolveColumn }).sql).toBe(
      '("S"."txn_date" >= CAST(? AS DATE) AND "id" = CAST(? AS NUMERIC))',
    );
  });

  it('fails on unknown or ambiguous columns with GOE message', () => {
    const resolveColumn = predicateColumnResolver(['id', 'Dup', 'dup']);
    expect(() =>
      renderPredicate(parsePredicate('column(nope) IS NULL'), ANSI_PREDICATE_DIALECT, { resolveColumn }),
    ).toThrow(
      expect.objectContaining({
        code: 'PREDICATE_INVALID',
        message: "Unable to resolve column 'NOPE' in offload predicate",
        column: 'NOPE',
      }),
    );
    expect(() =>
      renderPredicate(parsePredicate('column(dup) IS NULL'), ANSI_PREDICATE_DIALECT, { resolveColumn }),
    ).toThrow(expect.objectContaining({ hint: 'ambiguous: Dup, dup' }));
    expect(resolveColumn({ kind: 'column', name: 'Dup' })).toBe('Dup');
  });

  it('passes column type and names to the value hooks; custom placeholder, renderValue and cast', () => {
    const seen: PredicateValueContext[] = [];
    const colonLike: PredicateDialect = {
      name: 'colon-like',
      placeholder: (i) => `:${i}`,
      renderValue: (v, ctx) => {
        seen.push(ctx);
        return v.kind === 'numeric' && !v.isDecimal ? BigInt(v.value) : v.value;
      },
      castPlaceholder: (ph, v, ctx) =>
        v.kind === 'datetime' && ctx.columnType === 'DATE' ? `TO_DATE(${ph}, 'YYYY-MM-DD HH24:MI:SS')` : ph,
    };
    const ast = parsePredicate(
      'column(TIME_ID) = datetime(2011-01-01 00:00:00) AND numeric(171) = column(PROD_ID) AND column(X) = numeric(2.5)',
    );
    const out = renderPredicate(ast, colonLike, { columnType: (r) => (r.name === 'TIME_ID' ? 'DATE' : 'NUMBER') });
    expect(out).toEqual({
      sql: `("TIME_ID" = TO_DATE(:1, 'YYYY-MM-DD HH24:MI:SS') AND :2 = "PROD_ID" AND "X" = :3)`,
      params: ['2011-01-01 00:00:00', 171n, '2.5'],
    });
    expect(seen.map((c) => [c.column.name, c.columnName, c.columnType])).toEqual([
      ['TIME_ID', 'TIME_ID', 'DATE'],
      ['PROD_ID', 'PROD_ID', 'NUMBER'],
      ['X', 'X', 'NUMBER'],
    ]);
  });

  it('supports ? and @pN placeholders', () => {
    const ast = parsePredicate('column(a) IN (string("1"), string("2"))');
    expect(renderPredicate(ast, { name: 'odbc', placeholder: () => '?' }).sql).toBe('"A" IN (?, ?)');
    expect(renderPredicate(ast, { name: 'at-p', placeholder: (i) => `@p${i}` }).sql).toBe('"A" IN (@p1, @p2)');
  });

  it('refuses a bind-mode dialect without placeholder, and invalid ASTs', () => {
    const ast = parsePredicate('column(a) = numeric(1)');
    expect(() => renderPredicate(ast, { name: 'broken' })).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
    expect(() => renderPredicate({ kind: 'and', items: [] }, ANSI_PREDICATE_DIALECT)).toThrow(
      expect.objectContaining({ code: 'PREDICATE_INVALID' }),
    );
    expect(() => renderPredicate(ast, ANSI_PREDICATE_DIALECT, { resolveColumn: () => '' })).toThrow(
      /Unable to resolve column 'A'/,
    );
  });
});
