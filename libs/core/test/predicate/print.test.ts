import { describe, expect, it } from 'vitest';
import type { ColumnRef, ComparisonOp, PredicateAst, PredicateValue } from '@goe/core';
import {
  ANSI_PREDICATE_DIALECT,
  parsePredicate,
  predicateColumn,
  predicateDatetime,
  predicateNumeric,
  predicateString,
  printPredicate,
  renderPredicate,
} from '@goe/core';

describe('printPredicate: canonical DSL', () => {
  it.each([
    ['column(c1) not in (numeric(1))', 'column(C1) NOT IN (numeric(1))'],
    ['column(id) is not null', 'column(ID) IS NOT NULL'],
    ['column(id) is null', 'column(ID) IS NULL'],
    ['((column(a) = numeric(1)))', 'column(A) = numeric(1)'],
    ['column(a)=numeric(1) and column(b)>=numeric(2)', '(column(A) = numeric(1) AND column(B) >= numeric(2))'],
    ['(column(a) = numeric(1)) or (column(b) != string("x"))', '(column(A) = numeric(1) OR column(B) != string("x"))'],
    [
      'column(YEAR) < numeric(2012) OR (column(YEAR) = numeric(2012) AND column(MONTH) < numeric(6))',
      '(column(YEAR) < numeric(2012) OR (column(YEAR) = numeric(2012) AND column(MONTH) < numeric(6)))',
    ],
    ['numeric(34) > column(x)', 'numeric(34) > column(X)'],
    ['column(s.x) IN (numeric(1),numeric(2))', 'column(S.X) IN (numeric(1), numeric(2))'],
    ['column(a) = numeric(3.)', 'column(A) = numeric(3.0)'],
    ['column(a) = numeric(+007.50)', 'column(A) = numeric(7.5)'],
    ['column(a) = numeric(-.5)', 'column(A) = numeric(-0.5)'],
    ['column(a) = numeric(0.00000000000000000001)', 'column(A) = numeric(0.00000000000000000001)'],
    [
      'column(a) = numeric(1234567890123456789012345678901234567890)',
      'column(A) = numeric(1234567890123456789012345678901234567890)',
    ],
    ['column(a) = datetime(2020-01-01)', 'column(A) = datetime(2020-01-01)'],
    ['column(a) = datetime(2020-01-01 00:00:00.000000000)', 'column(A) = datetime(2020-01-01 00:00:00.000000000)'],
    ['column(a) = string("a\\"b\\\\c")', 'column(A) = string("a\\"b\\\\c")'],
    ["column(a) = string(\"x' OR '1'='1\")", "column(A) = string(\"x' OR '1'='1\")"],
  ])('%s → %s', (input, canonical) => {
    expect(printPredicate(parsePredicate(input))).toBe(canonical);
    expect(printPredicate(parsePredicate(canonical))).toBe(canonical);
  });

  it('refuses hand-built ASTs no DSL text can express', () => {
    const a = predicateColumn('A');
    const one: PredicateAst = { kind: 'null', negated: false, column: a };
    const bad: unknown[] = [
      { kind: 'and', items: [one] },
      { kind: 'or', items: [] },
      { kind: 'comparison', op: '=', left: a, right: a },
      { kind: 'comparison', op: '=', left: predicateNumeric('1'), right: predicateNumeric('2') },
      { kind: 'comparison', op: '<>', left: a, right: predicateNumeric('1') },
      { kind: 'comparison', op: '=', left: a, right: { kind: 'numeric', value: '1e5', isDecimal: false } },
      { kind: 'comparison', op: '=', left: a, right: { kind: 'numeric', value: '010', isDecimal: false } },
      { kind: 'comparison', op: '=', left: a, right: { kind: 'numeric', value: '1.5', isDecimal: false } },
      {
        kind: 'comparison',
        op: '=',
        left: a,
        right: { kind: 'datetime', value: '2020-02-30', hasTime: false, fractionalDigits: 0 },
      },
      {
        kind: 'comparison',
        op: '=',
        left: a,
        right: { kind: 'datetime', value: '2020-02-03', hasTime: true, fractionalDigits: 0 },
      },
      { kind: 'comparison', op: '=', left: a, right: { kind: 'string', value: 'a\u0000b' } },
      { kind: 'comparison', op: '=', left: a, right: { kind: 'literal', value: 'SYSDATE' } },
      { kind: 'null', negated: false, column: { kind: 'column', name: 'X) OR (1' } },
      { kind: 'null', negated: false, column: { kind: 'column', name: 'x' } },
      { kind: 'null', negated: false, column: { kind: 'column', name: 'A.B' } },
      { kind: 'null', negated: false, column: { kind: 'column', alias: 'S1', name: 'B' } },
      { kind: 'in', negated: false, column: a, values: [] },
      { kind: 'group', inner: { kind: 'and', items: [one] } },
      { kind: 'group' },
      null,
    ];
    for (const ast of bad) {
      expect(() => printPredicate(ast as PredicateAst), JSON.stringify(ast)).toThrow(
        expect.objectContaining({
          code: 'PREDICATE_INVALID',
          message: expect.stringMatching(/^Invalid offload predicate: /),
        }),
      );
    }
  });
});

describe('legacy group nodes (never produced by the parser)', () => {
  it('print as parentheses and read back as the inner node', () => {
    const a: PredicateAst = { kind: 'null', negated: false, column: predicateColumn('A') };
    const b: PredicateAst = { kind: 'comparison', op: '=', left: predicateColumn('B'), right: predicateNumeric('1') };
    const grouped: PredicateAst = {
      kind: 'or',
      items: [
        { kind: 'group', inner: { kind: 'and', items: [a, b] } },
        { kind: 'group', inner: a },
      ],
    };
    expect(printPredicate(grouped)).toBe('((column(A) IS NULL AND column(B) = numeric(1)) OR (column(A) IS NULL))');
    expect(parsePredicate(printPredicate(grouped))).toStrictEqual({
      kind: 'or',
      items: [{ kind: 'and', items: [a, b] }, a],
    });
    expect(renderPredicate(grouped, ANSI_PREDICATE_DIALECT).sql).toBe(
      '(("A" IS NULL AND "B" = CAST(? AS NUMERIC)) OR ("A" IS NULL))',
    );
  });
});

/** A small deterministic PRNG (mulberry32) so the generated set is the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generator(seed: number) {
  const rnd = prng(seed);
  const int = (n: number): number => Math.floor(rnd() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const chars = (pool: string, min: number, max: number): string =>
    Array.from({ length: min + int(max - min + 1) }, () => pick([...pool])).join('');
  const pad = (n: number, w: number): string => String(n).padStart(w, '0');

  const column = (): ColumnRef => {
    for (;;) {
      const name = chars('ABCXYZ019$#_', 1, 6) + (rnd() < 0.2 ? `.${chars('ABC1_', 1, 3)}` : '');
      const alias = rnd() < 0.3 ? chars('abcsXYZ', 1, 4) : undefined;
      try {
        return predicateColumn(rnd() < 0.5 ? name.toLowerCase() : name, alias);
      } catch {
        // an alias-less `A.B` would read back as alias A; draw again
      }
    }
  };
  const value = (): PredicateValue => {
    switch (int(3)) {
      case 0: {
        const sign = pick(['', '', '-', '+']);
        const whole = chars('0123456789', 0, 45);
        const frac = rnd() < 0.5 ? `.${chars('0123456789', whole === '' ? 1 : 0, 25)}` : '';
        return predicateNumeric(`${sign}${whole === '' && frac === '' ? '0' : whole}${frac}`);
      }
      case 1: {
        const y = 1 + int(9999);
        const m = 1 + int(12);
        const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
        const dim = m === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
        let text = `${pad(y, 4)}-${pad(m, 2)}-${pad(1 + int(dim), 2)}`;
        if (rnd() < 0.6) text += ` ${pad(int(24), 2)}:${pad(int(60), 2)}:${pad(int(60), 2)}`;
        if (text.length > 10 && rnd() < 0.5) text += `.${chars('0123456789', 1, 9)}`;
        return predicateDatetime(text);
      }
      default:
        return predicateString(chars(`abcXYZ 019'"\\;-/*(),=%_éß日😀`, 0, 12));
    }
  };
  const ops: readonly ComparisonOp[] = ['=', '!=', '>', '>=', '<', '<='];
  const node = (depth: number): PredicateAst => {
    const r = rnd();
    if (depth < 3 && r < 0.3) {
      return { kind: rnd() < 0.5 ? 'and' : 'or', items: Array.from({ length: 2 + int(3) }, () => node(depth + 1)) };
    }
    if (r < 0.6) {
      return rnd() < 0.5
        ? { kind: 'comparison', op: pick(ops), left: column(), right: value() }
        : { kind: 'comparison', op: pick(ops), left: value(), right: column() };
    }
    if (r < 0.85)
      return { kind: 'in', negated: rnd() < 0.5, column: column(), values: Array.from({ length: 1 + int(5) }, value) };
    return { kind: 'null', negated: rnd() < 0.5, column: column() };
  };
  return node;
}

describe('round trip over a generated set', () => {
  const node = generator(20240601);
  const asts = Array.from({ length: 600 }, () => node(0));

  it('parsePredicate(printPredicate(ast)) deep-equals ast for 600 generated ASTs', () => {
    for (const ast of asts) {
      const printed = printPredicate(ast);
      expect(parsePredicate(printed), printed).toStrictEqual(ast);
    }
  });

  it('binds every value in ANSI rendering (no quote char in the SQL, one ? per value)', () => {
    for (const ast of asts) {
      const { sql, params } = renderPredicate(ast, ANSI_PREDICATE_DIALECT);
      expect(sql).not.toContain("'");
      const outsideIdentifiers = sql.replace(/"(?:[^"]|"")*"/g, '""');
      expect(outsideIdentifiers.match(/\?/g)?.length ?? 0).toBe(params.length);
      for (const p of params) expect(typeof p).toBe('string');
    }
  });
});
