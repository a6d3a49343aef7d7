import { describe, expect, it } from 'vitest';
import type { ColumnRef, PredicateAst, PredicateValue } from '@goe/core';
import { parsePredicate, printPredicate, tokenizePredicate } from '@goe/core';

const col = (name: string, alias?: string): ColumnRef =>
  alias === undefined ? { kind: 'column', name } : { kind: 'column', alias, name };
const num = (value: string, isDecimal = false): PredicateValue => ({ kind: 'numeric', value, isDecimal });
const dt = (value: string): PredicateValue => {
  const frac = /\.(\d+)$/.exec(value)?.[1]?.length ?? 0;
  return { kind: 'datetime', value, hasTime: value.length > 10, fractionalDigits: frac };
};
const str = (value: string): PredicateValue => ({ kind: 'string', value });

/** Every example of reference §4.1 with its expected AST. */
const REFERENCE_EXAMPLES: readonly (readonly [string, PredicateAst])[] = [
  ['column(CUSTOMER_ID) = numeric(10)', { kind: 'comparison', op: '=', left: col('CUSTOMER_ID'), right: num('10') }],
  ['numeric(34) > column(X)', { kind: 'comparison', op: '>', left: num('34'), right: col('X') }],
  [
    'column(SALES.CUSTOMER_ID) IN (numeric(120), numeric(121))',
    { kind: 'in', negated: false, column: col('CUSTOMER_ID', 'SALES'), values: [num('120'), num('121')] },
  ],
  [
    'column(txn_desc) NOT IN (string("A"), string("B"))',
    { kind: 'in', negated: true, column: col('TXN_DESC'), values: [str('A'), str('B')] },
  ],
  ['column(id) IS NOT NULL', { kind: 'null', negated: true, column: col('ID') }],
  [
    '(column(EVENT_TIME) >= datetime(2020-01-01)) AND (column(EVENT_CODE) IN (numeric(17), numeric(18)))',
    {
      kind: 'and',
      items: [
        { kind: 'comparison', op: '>=', left: col('EVENT_TIME'), right: dt('2020-01-01') },
        { kind: 'in', negated: false, column: col('EVENT_CODE'), values: [num('17'), num('18')] },
      ],
    },
  ],
  [
    'column(YEAR) < numeric(2012) OR (column(YEAR) = numeric(2012) AND column(MONTH) < numeric(6))',
    {
      kind: 'or',
      items: [
        { kind: 'comparison', op: '<', left: col('YEAR'), right: num('2012') },
        {
          kind: 'and',
          items: [
            { kind: 'comparison', op: '=', left: col('YEAR'), right: num('2012') },
            { kind: 'comparison', op: '<', left: col('MONTH'), right: num('6') },
          ],
        },
      ],
    },
  ],
];

/** Further forms: every operator both ways, null tests, nesting, values, GOE's test-suite style inputs. */
const MORE_FORMS: readonly (readonly [string, PredicateAst])[] = [
  ['column(A) != numeric(1)', { kind: 'comparison', op: '!=', left: col('A'), right: num('1') }],
  ['column(A) > numeric(1)', { kind: 'comparison', op: '>', left: col('A'), right: num('1') }],
  ['column(A) <= numeric(1)', { kind: 'comparison', op: '<=', left: col('A'), right: num('1') }],
  ['numeric(1) >= column(A)', { kind: 'comparison', op: '>=', left: num('1'), right: col('A') }],
  ['string("x") != column(A)', { kind: 'comparison', op: '!=', left: str('x'), right: col('A') }],
  ['datetime(2001-01-01) < column(A)', { kind: 'comparison', op: '<', left: dt('2001-01-01'), right: col('A') }],
  ['column(a) is null', { kind: 'null', negated: false, column: col('A') }],
  ['column(a) Is NoT nUlL', { kind: 'null', negated: true, column: col('A') }],
  ['column(a) not   in (numeric(1))', { kind: 'in', negated: true, column: col('A'), values: [num('1')] }],
  [
    'column(a)IN(numeric(1),numeric(2))',
    { kind: 'in', negated: false, column: col('A'), values: [num('1'), num('2')] },
  ],
  [
    'column(ID) in (numeric(-10),numeric(0),numeric(10))',
    { kind: 'in', negated: false, column: col('ID'), values: [num('-10'), num('0'), num('10')] },
  ],
  ['((column(a) IS NULL))', { kind: 'null', negated: false, column: col('A') }],
  [
    '(column(ID) = numeric(10)) AND (column(ID) < numeric(2.2))',
    {
      kind: 'and',
      items: [
        { kind: 'comparison', op: '=', left: col('ID'), right: num('10') },
        { kind: 'comparison', op: '<', left: col('ID'), right: num('2.2', true) },
      ],
    },
  ],
  [
    'column(a) IS NULL and column(b) IS NULL AND column(c) IS NULL',
    {
      kind: 'and',
      items: [
        { kind: 'null', negated: false, column: col('A') },
        { kind: 'null', negated: false, column: col('B') },
        { kind: 'null', negated: false, column: col('C') },
      ],
    },
  ],
  [
    '(column(a) IS NULL OR column(b) IS NULL) AND column(c) IS NULL',
    {
      kind: 'and',
      items: [
        {
          kind: 'or',
          items: [
            { kind: 'null', negated: false, column: col('A') },
            { kind: 'null', negated: false, column: col('B') },
          ],
        },
        { kind: 'null', negated: false, column: col('C') },
      ],
    },
  ],
  [
    '((column(a) IS NULL AND column(b) IS NULL) AND column(c) IS NULL)',
    {
      kind: 'and',
      items: [
        {
          kind: 'and',
          items: [
            { kind: 'null', negated: false, column: col('A') },
            { kind: 'null', negated: false, column: col('B') },
          ],
        },
        { kind: 'null', negated: false, column: col('C') },
      ],
    },
  ],
  ['column(PROD_ID) = numeric(171)', { kind: 'comparison', op: '=', left: col('PROD_ID'), right: num('171') }],
  [
    'column(TXN_TIME) = datetime(1970-01-01 12:13:14)',
    { kind: 'comparison', op: '=', left: col('TXN_TIME'), right: dt('1970-01-01 12:13:14') },
  ],
  [
    'column(T) = datetime(2020-09-23 13:01:01.123)',
    { kind: 'comparison', op: '=', left: col('T'), right: dt('2020-09-23 13:01:01.123') },
  ],
  [
    'column(T) = datetime(2020-09-23 13:01:01.123456789)',
    { kind: 'comparison', op: '=', left: col('T'), right: dt('2020-09-23 13:01:01.123456789') },
  ],
  [
    'column(T) = datetime(2000-02-29 23:59:59.1)',
    { kind: 'comparison', op: '=', left: col('T'), right: dt('2000-02-29 23:59:59.1') },
  ],
  [
    'column(T) = datetime( 2024-02-29 00:00:00 )',
    { kind: 'comparison', op: '=', left: col('T'), right: dt('2024-02-29 00:00:00') },
  ],
  [
    'column(product_code) = string("ABC")',
    { kind: 'comparison', op: '=', left: col('PRODUCT_CODE'), right: str('ABC') },
  ],
  [
    'column(s) = string("say \\"hi\\" \\\\ bye")',
    { kind: 'comparison', op: '=', left: col('S'), right: str('say "hi" \\ bye') },
  ],
  ['column(s) = string("it\'s")', { kind: 'comparison', op: '=', left: col('S'), right: str("it's") }],
  ['column(s) = string("")', { kind: 'comparison', op: '=', left: col('S'), right: str('') }],
  [
    'column(s) = string("Müller 日本 😀")',
    { kind: 'comparison', op: '=', left: col('S'), right: str('Müller 日本 😀') },
  ],
  ["column(s) = string(\"x' OR '1'='1\")", { kind: 'comparison', op: '=', left: col('S'), right: str("x' OR '1'='1") }],
  [
    'column(s) = string("--; /* */ DROP")',
    { kind: 'comparison', op: '=', left: col('S'), right: str('--; /* */ DROP') },
  ],
  ['column ( col$#_1 ) = numeric ( 1 )', { kind: 'comparison', op: '=', left: col('COL$#_1'), right: num('1') }],
  ['column(1A.B) IS NULL', { kind: 'null', negated: false, column: col('1A.B') }],
  ['column(s_x.b) IS NULL', { kind: 'null', negated: false, column: col('S_X.B') }],
  ['column(s.a.b) IS NULL', { kind: 'null', negated: false, column: col('A.B', 'S') }],
  ['\n\tcolumn(a)\r\n=\tnumeric(1)\n', { kind: 'comparison', op: '=', left: col('A'), right: num('1') }],
];

describe('parsePredicate: grammar forms', () => {
  it.each(REFERENCE_EXAMPLES)('reference §4.1 example %s', (text, expected) => {
    expect(parsePredicate(text)).toStrictEqual(expected);
  });

  it.each(MORE_FORMS)('%s', (text, expected) => {
    expect(parsePredicate(text)).toStrictEqual(expected);
  });

  it.each([...REFERENCE_EXAMPLES, ...MORE_FORMS])('round-trips %s', (text) => {
    const ast = parsePredicate(text);
    const printed = printPredicate(ast);
    expect(parsePredicate(printed)).toStrictEqual(ast);
    expect(printPredicate(parsePredicate(printed))).toBe(printed);
  });

  it('reads keywords case-insensitively but names upper-cased', () => {
    expect(parsePredicate('column(a) = numeric(1) Or column(b) IS null')).toStrictEqual(
      parsePredicate('column(A) = numeric(1) OR column(B) IS NULL'),
    );
  });
});

describe('parsePredicate: numerics stay exact', () => {
  it.each([
    ['numeric(0.00000000000000000001)', '0.00000000000000000001', true],
    ['numeric(1234567890123456789012345678901234567890)', '1234567890123456789012345678901234567890', false],
    [
      'numeric(-1234567890123456789012345678901234567890.000000000000000000001)',
      '-1234567890123456789012345678901234567890.000000000000000000001',
      true,
    ],
    ['numeric(9007199254740993)', '9007199254740993', false],
    ['numeric(0.1)', '0.1', true],
    ['numeric(3.)', '3', true],
    ['numeric(.5)', '0.5', true],
    ['numeric(-.5)', '-0.5', true],
    ['numeric(+7)', '7', false],
    ['numeric(007)', '7', false],
    ['numeric(-12.50)', '-12.5', true],
    ['numeric(-0)', '0', false],
    ['numeric(-0.000)', '0', true],
    ['numeric(3.0)', '3', true],
  ])('%s → %s', (text, value, isDecimal) => {
    const ast = parsePredicate(`column(N) = ${text}`);
    expect(ast).toStrictEqual({
      kind: 'comparison',
      op: '=',
      left: col('N'),
      right: { kind: 'numeric', value, isDecimal },
    });
    if (ast.kind !== 'comparison') throw new Error('comparison expected');
    expect(typeof (ast.right as { value: unknown }).value).toBe('string');
  });

  it('produces no JS number for any value', () => {
    const ast = parsePredicate('column(A) IN (numeric(1), numeric(2.5), numeric(-3)) OR numeric(4) < column(B)');
    const values = JSON.stringify(ast, (k, v: unknown) => {
      if (k === 'value') expect(typeof v).toBe('string');
      return v;
    });
    expect(values).toContain('"value":"2.5"');
  });
});

describe('tokenizePredicate', () => {
  it('lexes calls whole and ends with eof', () => {
    const tokens = tokenizePredicate('column( s.id ) >= numeric(-01.50)');
    expect(tokens.map((t) => t.kind)).toEqual(['column', 'op', 'value', 'eof']);
    expect(tokens[0]).toMatchObject({ kind: 'column', ref: { alias: 'S', name: 'ID' }, start: 0, end: 14 });
    expect(tokens[2]).toMatchObject({ kind: 'value', value: { value: '-1.5', isDecimal: true } });
  });
});
