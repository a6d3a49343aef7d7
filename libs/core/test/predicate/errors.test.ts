import { describe, expect, it } from 'vitest';
import { PREDICATE_LIMITS, isGoeError, parsePredicate } from '@goe/core';

/** Parses `text`, expecting a PREDICATE_INVALID error; returns it. */
function reject(text: string, options?: Parameters<typeof parsePredicate>[1]) {
  try {
    parsePredicate(text, options);
  } catch (e) {
    if (!isGoeError(e)) throw e;
    expect(e.code).toBe('PREDICATE_INVALID');
    expect(e.message.startsWith('Unexpected offload predicate syntax')).toBe(true);
    return e;
  }
  throw new Error(`parsed, but should have been rejected: ${JSON.stringify(text)}`);
}

/**
 * `[input, where, reason]`: `where` is the 1-based column of the caret on line 1, or a substring whose first
 * occurrence the caret must point at.
 */
const CASES: readonly (readonly [string, number | string, RegExp])[] = [
  // structure
  ['', 1, /empty/],
  ['   ', 4, /empty/],
  ['column(a)', 10, /expected an operator.*found the end of input/],
  ['column(a) = column(b)', 'column(b)', /column with a column/],
  ['numeric(1) = numeric(2)', 'numeric(2)', /value with a value/],
  ['column(a) = numeric(1) AND column(b) = numeric(2) OR column(c) IS NULL', 'OR', /AND and OR cannot be mixed/],
  ['column(a) IS NULL OR column(b) IS NULL AND column(c) IS NULL', 'AND', /AND and OR cannot be mixed/],
  ['NOT column(a) IS NULL', 1, /unary NOT is not supported/],
  ['column(a) IS', 13, /expected NULL or NOT NULL after IS, found the end of input/],
  ['column(a) IS NOT', 17, /expected NULL after IS NOT/],
  ['column(a) NOT numeric(1)', 'numeric', /expected IN after NOT/],
  ['column(a) IN ()', 15, /at least one value/],
  ['column(a) IN (numeric(1),)', 26, /expected a value in the list, found '\)'/],
  ['column(a) IN numeric(1)', 'numeric', /expected '\(' to start the value list/],
  ['column(a) IN (numeric(1)', 25, /expected ',' or '\)' in the value list, found the end of input/],
  ['column(a) IN (column(b))', 'column(b)', /values only/],
  ['numeric(1) IN (numeric(1))', 'IN', /need a column on the left/],
  ['column(a) = numeric(1))', 23, /unbalanced '\)'/],
  ['(column(a) = numeric(1)', 24, /expected '\)' to close the '\(' at column 1, found the end of input/],
  ['column(a) = numeric(1) column(b) IS NULL', 'column(b)', /expected AND, OR or the end of the predicate/],
  ['column(a) = ', 13, /expected a value after '=', found the end of input/],
  ['= numeric(1)', 1, /expected a predicate/],
  // calls
  ['Column(x) IS NULL', 1, /'Column' must be written in lower case: column\(\.\.\.\)/],
  ['COLUMN(x) IS NULL', 1, /must be written in lower case/],
  ['column(x) = Numeric(1)', 'Numeric', /'Numeric' must be written in lower case/],
  ['column(x) = DATETIME(2020-01-01)', 'DATETIME', /lower case/],
  ['column a = numeric(1)', 8, /expected '\(' after 'column', found 'a'/],
  ['column() IS NULL', 8, /expected a column name/],
  ['column(a b) IS NULL', 10, /expected '\)' to close column\(\.\.\.\), found 'b'/],
  ['column(a-b) IS NULL', 9, /expected '\)' to close column/],
  ['literal("SYSDATE") = column(a)', 1, /literal\(\.\.\.\) is not accepted/],
  ['column(a) = literal("1 OR 1=1")', 'literal', /literal\(\.\.\.\) is not accepted/],
  ['a = numeric(1)', 1, /unexpected word 'a'.*column\(NAME\)/],
  // numerics
  ['column(a) = numeric()', 21, /expected a number/],
  ['column(a) = numeric(.)', 21, /expected digits/],
  ['column(a) = numeric(1e5)', 'e5', /exponent notation is not supported/],
  ['column(a) = numeric(--1)', 22, /sign .* only once/],
  ['column(a) = numeric(+-1)', 22, /sign .* only once/],
  ['column(a) = numeric(1-)', 22, /sign is only allowed before the first digit/],
  ['column(a) = numeric(1.2.3)', '.3', /only one '\.'/],
  ['column(a) = numeric(1_000)', '_', /digit separators/],
  ['column(a) = numeric(1 000)', '000', /expected '\)' to close numeric/],
  ['column(a) = numeric(0x10)', 'x', /expected a digit, found 'x'/],
  // datetimes
  ['column(a) = datetime(2012-01-01 6:00:01)', '6:00', /hour must have 2 digits/],
  ['column(a) = datetime(2012-01-01 06:00:01.)', '.)', /'\.' must be followed by 1 to 9 fractional/],
  ['column(a) = datetime(2012-01-01 06:00:01.1234567890)', '0)', /at most 9 fractional second digits/],
  ['column(a) = datetime(2012-13-01)', '13', /month 13 is not between 01 and 12/],
  ['column(a) = datetime(2012-00-01)', '00-', /month 00/],
  ['column(a) = datetime(2023-02-29)', '29', /day 29 does not exist in 2023-02/],
  ['column(a) = datetime(1900-02-29)', '29', /day 29 does not exist/],
  ['column(a) = datetime(2012-04-31)', '31', /day 31 does not exist/],
  ['column(a) = datetime(2012-01-01 24:00:00)', '24', /hour 24 is not between 00 and 23/],
  ['column(a) = datetime(2012-01-01 23:60:00)', '60', /minute 60/],
  ['column(a) = datetime(2012-01-01 23:59:60)', '60', /second 60/],
  ['column(a) = datetime(2012-01-01T10:00:00)', 'T', /not 'T'/],
  ['column(a) = datetime(12-01-01)', 22, /year must have 4 digits/],
  ['column(a) = datetime(0000-01-01)', 22, /year 0000/],
  ['column(a) = datetime(2012-01-01 10:00:00+02:00)', '+', /time zones are not supported/],
  ['column(a) = datetime(2012/01/01)', '/', /expected '-' after the year/],
  ['column(a) = datetime(2012-01-01  10:00:00)', ' 10', /hour must have 2 digits/],
  ['column(a) = datetime(2012-01-01 10:00)', 38, /expected ':' after the minute/],
  // strings
  ['column(a) = string("abc', '"abc', /unterminated string/],
  ['column(a) = string("abc)', '"abc', /unterminated string/],
  ["column(a) = string('abc')", "'", /single quotes are not accepted/],
  ["column(a) = 'abc'", "'", /single quotes are not accepted/],
  ['column(a) = "abc"', '"', /string\("\.\.\."\)/],
  ['column(a) = string(abc)', 'abc', /expected a double-quoted string/],
  ['column(a) = string("a\\nb")', '\\', /unsupported escape '\\n'/],
  ['column(a) = string("a\u0000b")', '\u0000', /U\+0000/],
  ['column(a) = string("a\nb")', '\n', /U\+000A is not allowed in a string value/],
  ['column(a) = string("a\u202Eb")', '\u202E', /U\+202E/],
  ['column(a) = string("a\u200Bb")', '\u200B', /U\+200B/],
  ['column(a) = string("x") "y"', '"y"', /string\("\.\.\."\)/],
  // hostile / SQL
  ['column(x); DROP TABLE y', ';', /';' is not allowed/],
  ['column(a) = numeric(1) -- comment', '--', /comments are not allowed/],
  ['column(a) = numeric(1) /* c */', '/*', /comments are not allowed/],
  ['column(a) = numeric(1) # c', '#', /comments are not allowed/],
  ['column(a) = numeric(1) UNION SELECT 1', 'UNION', /SQL is not accepted: 'UNION'/],
  ['column(a) = numeric(1) OR 1=1', '1=1', /numbers and dates must be written as values/],
  ["column(a) = numeric(1) OR 'a'='a'", "'a'", /single quotes/],
  ['column(a) BETWEEN numeric(1) AND numeric(2)', 'BETWEEN', /BETWEEN is not supported/],
  ['column(a) LIKE string("x%")', 'LIKE', /LIKE is not supported/],
  ['column(a) == numeric(1)', '==', /'==' is not an operator/],
  ['column(a) <> numeric(1)', '<>', /'<>' is not supported; use '!='/],
  ['column(a) ! numeric(1)', '!', /'!' must be followed by '='/],
  ['column(a) = numeric(1)\u0000', '\u0000', /control or invisible character U\+0000/],
  ['column(a)\u000b= numeric(1)', '\u000b', /U\+000B is not accepted as whitespace/],
  ['\u0441olumn(a) IS NULL', 1, /non-ASCII character 'с' \(U\+0441\).*look-alike/],
  ['column(a) \uFF1D numeric(1)', '\uFF1D', /U\+FF1D/],
  ['column(\uFF41) IS NULL', '\uFF41', /expected a column name.*U\+FF41/],
  ['column(a)\u00A0= numeric(1)', '\u00A0', /U\+00A0.*plain space/],
  ['column(a) = numeric(\uFF11)', '\uFF11', /U\+FF11/],
  ['\uFEFFcolumn(a) IS NULL', 1, /U\+FEFF/],
  ['column(a) = numeric(1) OR column(a) = string("x") --', '--', /comments/],
];

describe('parsePredicate rejects malformed and hostile input', () => {
  it('has at least 40 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(CASES)('%j', (text, where, reason) => {
    const e = reject(text);
    const column = typeof where === 'number' ? where : [...text.slice(0, text.indexOf(where))].length + 1;
    if (typeof where === 'string') expect(text.indexOf(where)).toBeGreaterThanOrEqual(0);
    expect(e.message).toContain(`at line 1, column ${column}:`);
    expect(e.message).toMatch(reason);
    const [, excerpt, caret] = e.message.split('\n');
    expect(caret).toMatch(/^ *\^$/);
    expect(excerpt).not.toMatch(/[\u0000-\u001f\u007f\u200b\u202e\ufeff]/); // eslint-disable-line no-control-regex
  });

  it('reports line and column on multi-line input', () => {
    const e = reject('column(a) = numeric(1)\nAND column(b) = numeric(2)\n  OR column(c) IS NULL');
    expect(e.message).toMatch(/at line 3, column 3: AND and OR cannot be mixed/);
    expect(e.message.split('\n').slice(1)).toEqual(['    OR column(c) IS NULL', '    ^']);
  });

  it('attaches a usage hint', () => {
    expect(reject('column(a) = datetime(2020-1-1)').hint).toMatch(/datetime\(<yyyy-mm-dd>\)/);
  });

  it('limits the input length', () => {
    const text = `column(a) = string("${'x'.repeat(PREDICATE_LIMITS.maxLength)}")`;
    const e = reject(text);
    expect(e.message).toMatch(/column 65537: the predicate is 65558 characters long; at most 65536 are accepted/);
    expect(e.message.length).toBeLessThan(400);
    expect(reject('column(a) IS NULL', { maxLength: 10 }).message).toMatch(/column 11: .*at most 10/);
  });

  it('limits the nesting depth', () => {
    const deep = (n: number): string => `${'('.repeat(n)}column(a) IS NULL${')'.repeat(n)}`;
    expect(parsePredicate(deep(64))).toEqual({ kind: 'null', negated: false, column: { kind: 'column', name: 'A' } });
    expect(reject(deep(65)).message).toMatch(/column 65: parentheses nest deeper than 64 levels/);
    expect(reject(deep(100_000).slice(0, 60_000)).message).toMatch(/deeper than 64/);
    expect(reject(deep(3), { maxDepth: 2 }).message).toMatch(/column 3: parentheses nest deeper than 2 levels/);
  });

  it('limits IN-list length', () => {
    const list = (n: number): string =>
      `column(a) IN (${Array.from({ length: n }, (_, i) => `numeric(${i})`).join(', ')})`;
    expect(parsePredicate(list(1000)).kind).toBe('in');
    const text = list(1001);
    const e = reject(text);
    expect(e.message).toContain(
      `column ${text.indexOf('numeric(1000)') + 1}: a value list may hold at most 1000 values`,
    );
    expect(reject(list(3), { maxInListLength: 2 }).message).toMatch(/at most 2 values/);
  });

  it('keeps error excerpts short on long lines', () => {
    const text = `column(a) IN (${'numeric(1), '.repeat(50)}numeric(1e3))`;
    const [, excerpt, caret] = reject(text).message.split('\n');
    expect(excerpt!.length).toBeLessThan(90);
    expect(excerpt![caret!.length - 1]).toBe('e');
  });
});
