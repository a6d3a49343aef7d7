/**
 * Recursive-descent parser of the `--offload-predicate` DSL (reference §4.1) over the tokens of
 * {@link tokenizePredicate}.
 */
import type { ColumnRef, PredicateAst, PredicateValue } from './ast.js';
import type { PredicateKeyword, PredicateToken } from './lexer.js';
import { PREDICATE_HINTS, PREDICATE_LIMITS, predicateSyntaxError, tokenizePredicate } from './lexer.js';

/**
 * Per-call limits of {@link parsePredicate}; each defaults to {@link PREDICATE_LIMITS}.
 *
 * @example
 * parsePredicate(text, { maxInListLength: 5_000 });
 */
export interface PredicateParseOptions {
  /** Longest accepted input, in UTF-16 code units (default 65 536). */
  readonly maxLength?: number;
  /** Deepest accepted nesting of parentheses, IN lists not counted (default 64). */
  readonly maxDepth?: number;
  /** Most values accepted in one IN / NOT IN list (default 1 000). */
  readonly maxInListLength?: number;
}

const isKeyword = (t: PredicateToken, ...k: PredicateKeyword[]): boolean =>
  t.kind === 'keyword' && k.includes(t.keyword);

class PredicateParser {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: readonly PredicateToken[],
    private readonly maxDepth: number,
    private readonly maxInListLength: number,
  ) {}

  parse(): PredicateAst {
    if (this.tokens.length === 1)
      throw this.fail(
        this.peek(),
        'the predicate is empty; expected e.g. column(ID) = numeric(1)',
        PREDICATE_HINTS.column,
      );
    const ast = this.expression(0);
    const end = this.next();
    if (end.kind === ')') throw this.fail(end, "unbalanced ')': it closes no '('");
    if (end.kind !== 'eof')
      throw this.fail(end, `expected AND, OR or the end of the predicate, found ${this.describe(end)}`);
    return ast;
  }

  private peek(): PredicateToken {
    return this.tokens[this.pos]!;
  }

  private next(): PredicateToken {
    const t = this.tokens[this.pos]!;
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  private fail(t: PredicateToken, reason: string, hint?: string): Error {
    return predicateSyntaxError(this.text, t.start, reason, hint);
  }

  private describe(t: PredicateToken): string {
    if (t.kind === 'eof') return 'the end of input';
    const raw = this.text.slice(t.start, t.end);
    const s = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
    return `'${s.replace(/[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu, '?')}'`;
  }

  /** predicate ( (AND predicate)+ | (OR predicate)+ )? — AND and OR may not be mixed at one level. */
  private expression(depth: number): PredicateAst {
    const first = this.primary(depth);
    const t = this.peek();
    if (t.kind !== 'keyword' || (t.keyword !== 'AND' && t.keyword !== 'OR')) return first;
    const items = [first];
    while (isKeyword(this.peek(), t.keyword)) {
      this.next();
      items.push(this.primary(depth));
    }
    const after = this.peek();
    if (isKeyword(after, 'AND', 'OR'))
      throw this.fail(after, 'AND and OR cannot be mixed at one level without parentheses', PREDICATE_HINTS.group);
    return { kind: t.keyword === 'AND' ? 'and' : 'or', items };
  }

  private primary(depth: number): PredicateAst {
    const t = this.next();
    switch (t.kind) {
      case '(': {
        if (depth + 1 > this.maxDepth) throw this.fail(t, `parentheses nest deeper than ${this.maxDepth} levels`);
        const inner = this.expression(depth + 1);
        const close = this.next();
        if (close.kind !== ')') {
          const col = [...this.text.slice(this.text.lastIndexOf('\n', t.start - 1) + 1, t.start)].length + 1;
          throw this.fail(close, `expected ')' to close the '(' at column ${col}, found ${this.describe(close)}`);
        }
        return inner;
      }
      case 'column':
        return this.columnPredicate(t.ref);
      case 'value':
        return this.valueFirst(t.value);
      case 'keyword':
        if (t.keyword === 'NOT') throw this.fail(t, 'unary NOT is not supported; use !=, NOT IN or IS NOT NULL');
        break;
      default:
        break;
    }
    throw this.fail(
      t,
      `expected a predicate (column(...), a value such as numeric(...), or '('), found ${this.describe(t)}`,
      PREDICATE_HINTS.column,
    );
  }

  private columnPredicate(column: ColumnRef): PredicateAst {
    const t = this.next();
    if (t.kind === 'op') {
      const rhs = this.next();
      if (rhs.kind === 'value') return { kind: 'comparison', op: t.op, left: column, right: rhs.value };
      if (rhs.kind === 'column')
        throw this.fail(rhs, 'comparing a column with a column is not supported; one side must be a value');
      throw this.fail(rhs, `expected a value after '${t.op}', found ${this.describe(rhs)}`, PREDICATE_HINTS.numeric);
    }
    if (isKeyword(t, 'IN')) return { kind: 'in', negated: false, column, values: this.valueList() };
    if (isKeyword(t, 'NOT')) {
      const n = this.next();
      if (!isKeyword(n, 'IN'))
        throw this.fail(n, `expected IN after NOT, found ${this.describe(n)}`, PREDICATE_HINTS.list);
      return { kind: 'in', negated: true, column, values: this.valueList() };
    }
    if (isKeyword(t, 'IS')) {
      let n = this.next();
      const negated = isKeyword(n, 'NOT');
      if (negated) n = this.next();
      if (!isKeyword(n, 'NULL'))
        throw this.fail(
          n,
          `expected ${negated ? 'NULL after IS NOT' : 'NULL or NOT NULL after IS'}, found ${this.describe(n)}`,
          PREDICATE_HINTS.nullTest,
        );
      return { kind: 'null', negated, column };
    }
    throw this.fail(
      t,
      `expected an operator (=, !=, >, >=, <, <=), IN, NOT IN, IS NULL or IS NOT NULL after the column, found ${this.describe(t)}`,
      PREDICATE_HINTS.operator,
    );
  }

  private valueFirst(value: PredicateValue): PredicateAst {
    const t = this.next();
    if (t.kind === 'op') {
      const rhs = this.next();
      if (rhs.kind === 'column') return { kind: 'comparison', op: t.op, left: value, right: rhs.ref };
      if (rhs.kind === 'value')
        throw this.fail(
          rhs,
          'comparing a value with a value is not supported; one side must be column(...)',
          PREDICATE_HINTS.column,
        );
      throw this.fail(rhs, `expected column(...) after '${t.op}', found ${this.describe(rhs)}`, PREDICATE_HINTS.column);
    }
    if (isKeyword(t, 'IN', 'NOT', 'IS'))
      throw this.fail(
        t,
        'IN, NOT IN and IS [NOT] NULL need a column on the left, e.g. column(X) IN (...)',
        PREDICATE_HINTS.column,
      );
    throw this.fail(
      t,
      `expected an operator (=, !=, >, >=, <, <=) after the value, found ${this.describe(t)}`,
      PREDICATE_HINTS.operator,
    );
  }

  private valueList(): PredicateValue[] {
    const open = this.next();
    if (open.kind !== '(')
      throw this.fail(open, `expected '(' to start the value list, found ${this.describe(open)}`, PREDICATE_HINTS.list);
    const values: PredicateValue[] = [];
    for (;;) {
      const v = this.next();
      if (v.kind === ')' && values.length === 0)
        throw this.fail(v, 'a value list needs at least one value', PREDICATE_HINTS.list);
      if (v.kind === 'column') throw this.fail(v, 'a value list holds values only, not columns', PREDICATE_HINTS.list);
      if (v.kind !== 'value')
        throw this.fail(v, `expected a value in the list, found ${this.describe(v)}`, PREDICATE_HINTS.list);
      if (values.length >= this.maxInListLength)
        throw this.fail(v, `a value list may hold at most ${this.maxInListLength} values`, PREDICATE_HINTS.list);
      values.push(v.value);
      const sep = this.next();
      if (sep.kind === ')') return values;
      if (sep.kind !== ',')
        throw this.fail(
          sep,
          `expected ',' or ')' in the value list, found ${this.describe(sep)}`,
          PREDICATE_HINTS.list,
        );
    }
  }
}

/**
 * Parses `--offload-predicate` text into a {@link PredicateAst}.
 *
 * Grammar (reference §4.1): `column op value`, `value op column` (op one of `= != > >= < <=`),
 * `column [NOT] IN (value, ...)`, `column IS [NOT] NULL`, parenthesised predicates, and `AND`/`OR` groups that
 * may not be mixed at one level without parentheses. Keywords are case-insensitive; `column`, `numeric`,
 * `datetime` and `string` must be lower-case. Values are `numeric(±digits[.digits])` (kept exact),
 * `datetime(YYYY-MM-DD[ HH:MI:SS[.f{1,9}]])` (calendar-checked) and `string("...")` (double quotes, `\"` and
 * `\\` escapes). Columns `column([ALIAS.]NAME)` are upper-cased. `literal(...)`, unary NOT, SQL, comments and
 * `;` are rejected. Parentheses leave no node behind: `(a)` parses like `a`.
 *
 * @param options Limits (defaults {@link PREDICATE_LIMITS}: 65 536 characters, 64 nesting levels, 1 000 list values).
 * @throws GoeError `PREDICATE_INVALID`, message "Unexpected offload predicate syntax at line L, column C: <reason>"
 *   plus a caret excerpt; `hint` holds a usage hint where one applies.
 * @example
 * parsePredicate('column(sales.cust_id) IN (numeric(120), numeric(121))');
 * // { kind: 'in', negated: false, column: { kind: 'column', alias: 'SALES', name: 'CUST_ID' },
 * //   values: [{ kind: 'numeric', value: '120', isDecimal: false }, { kind: 'numeric', value: '121', isDecimal: false }] }
 */
export function parsePredicate(text: string, options: PredicateParseOptions = {}): PredicateAst {
  const tokens = tokenizePredicate(text, { maxLength: options.maxLength ?? PREDICATE_LIMITS.maxLength });
  return new PredicateParser(
    text,
    tokens,
    options.maxDepth ?? PREDICATE_LIMITS.maxDepth,
    options.maxInListLength ?? PREDICATE_LIMITS.maxInListLength,
  ).parse();
}
