/**
 * The typed AST of GOE's `--offload-predicate` DSL (reference §4.1) and the pure utilities over it.
 *
 * Invariants (what {@link parsePredicate} produces and what {@link assertPredicateAst} checks):
 * - numeric literals stay exact: a normalized decimal string, never a JS `number`;
 * - datetimes keep their text as written (nanosecond capable, calendar-validated);
 * - there is no `literal()` node: GOE's pass-through is not accepted from users;
 * - parentheses are not nodes: the parser drops them (`(a)` parses like `a`), `and`/`or` nodes always have two
 *   or more items and the canonical DSL ({@link printPredicate}) parenthesises every `and`/`or` node, as GOE's
 *   `GenericPredicate.dsl` does. The `group` kind exists for hand-built/stored ASTs only and is never produced.
 */
import { GoeError } from '../errors.js';
import {
  checkPredicateColumnRef,
  findForbiddenPredicateStringChar,
  scanPredicateDatetime,
  scanPredicateNumeric,
} from './lexer.js';

/**
 * A column reference; `name` and `alias` are upper-case ASCII (`alias` letters only). In the DSL
 * `column(S.CUST_ID)` reads as alias `S` + column `CUST_ID` whenever the text before the first `.` is letters
 * only; otherwise the whole text is the name (`column(S_1.X)` is the column `S_1.X`).
 *
 * @example
 * const ref: ColumnRef = { kind: 'column', alias: 'S', name: 'CUST_ID' }; // column(s.cust_id)
 */
export interface ColumnRef {
  readonly kind: 'column';
  /** Table alias, letters only, upper-cased; absent when the DSL names no alias. */
  readonly alias?: string;
  /** Column name, `[A-Z0-9.$#_]+`, upper-cased. */
  readonly name: string;
}

/**
 * `numeric(...)`: an exact decimal.
 *
 * @example
 * const v: PredicateNumericValue = { kind: 'numeric', value: '-12.5', isDecimal: true }; // numeric(-12.50)
 */
export interface PredicateNumericValue {
  readonly kind: 'numeric';
  /**
   * Exact decimal text, normalized: optional `-` (never `-0`), no `+`, no leading zeros, no trailing fraction
   * zeros, no trailing `.`: `-12.50` → `-12.5`, `3.` → `3`, `+007` → `7`, `.25` → `0.25`.
   */
  readonly value: string;
  /** True when written with a decimal point (`3.` and `3.0` are decimals; `3` is an integer). */
  readonly isDecimal: boolean;
}

/**
 * `datetime(...)`: a calendar-validated date or timestamp.
 *
 * @example
 * const v: PredicateDatetimeValue = { kind: 'datetime', value: '2020-01-01 10:00:00.5', hasTime: true, fractionalDigits: 1 };
 */
export interface PredicateDatetimeValue {
  readonly kind: 'datetime';
  /** `YYYY-MM-DD`, `YYYY-MM-DD HH:MI:SS` or `YYYY-MM-DD HH:MI:SS.f` (1-9 digits), exactly as written. */
  readonly value: string;
  /** True for the two timestamp forms. */
  readonly hasTime: boolean;
  /** Fractional second digits written (0-9). */
  readonly fractionalDigits: number;
}

/**
 * `string("...")`: the un-escaped text (no control or invisible format characters).
 *
 * @example
 * const v: PredicateStringValue = { kind: 'string', value: 'say "hi"' }; // string("say \"hi\"")
 */
export interface PredicateStringValue {
  readonly kind: 'string';
  readonly value: string;
}

/**
 * A literal value: exact numeric, datetime or string (GOE's `literal()` has no node).
 *
 * @example
 * const values: PredicateValue[] = [predicateNumeric('1.5'), predicateDatetime('2020-01-01'), predicateString('x')];
 */
export type PredicateValue = PredicateNumericValue | PredicateDatetimeValue | PredicateStringValue;

/**
 * Comparison operators.
 *
 * @example
 * const op: ComparisonOp = '>=';
 */
export type ComparisonOp = '=' | '!=' | '>' | '>=' | '<' | '<=';

/**
 * Every {@link ComparisonOp}, in GOE's order.
 *
 * @example
 * PREDICATE_COMPARISON_OPS.includes('>=') // true
 */
export const PREDICATE_COMPARISON_OPS: readonly ComparisonOp[] = ['=', '!=', '>', '>=', '<', '<='];

/**
 * `column op value` or `value op column`: exactly one side is a {@link ColumnRef} (checked by
 * {@link assertPredicateAst}; `column = column` and `value = value` are rejected by the parser). Use
 * {@link predicateComparisonOperands} to get the column and the value.
 *
 * @example
 * parsePredicate('numeric(34) > column(X)') // { kind: 'comparison', op: '>', left: { kind: 'numeric', … }, right: { kind: 'column', name: 'X' } }
 */
export interface PredicateComparison {
  readonly kind: 'comparison';
  readonly op: ComparisonOp;
  readonly left: ColumnRef | PredicateValue;
  readonly right: ColumnRef | PredicateValue;
}

/**
 * `column IN (v, ...)` / `column NOT IN (v, ...)`; at least one value.
 *
 * @example
 * parsePredicate('column(A) NOT IN (numeric(1))') // { kind: 'in', negated: true, column: …, values: [ … ] }
 */
export interface PredicateInList {
  readonly kind: 'in';
  readonly negated: boolean;
  readonly column: ColumnRef;
  readonly values: readonly PredicateValue[];
}

/**
 * `column IS NULL` / `column IS NOT NULL`.
 *
 * @example
 * parsePredicate('column(A) IS NOT NULL') // { kind: 'null', negated: true, column: { kind: 'column', name: 'A' } }
 */
export interface PredicateNullTest {
  readonly kind: 'null';
  readonly negated: boolean;
  readonly column: ColumnRef;
}

/**
 * An AND or OR group of two or more predicates (nested groups are kept, not flattened).
 *
 * @example
 * parsePredicate('column(A) IS NULL OR column(B) IS NULL') // { kind: 'or', items: [ …, … ] }
 */
export interface PredicateLogical {
  readonly kind: 'and' | 'or';
  readonly items: readonly PredicateAst[];
}

/**
 * Explicit parentheses around a predicate. **Never produced by {@link parsePredicate}** (parentheses are
 * normalized away); accepted from hand-built or stored ASTs, printed and rendered as `(inner)`, and read back by
 * the parser as `inner` itself.
 *
 * @example
 * printPredicate({ kind: 'group', inner: parsePredicate('column(A) IS NULL') }) // '(column(A) IS NULL)'
 */
export interface PredicateGroup {
  readonly kind: 'group';
  readonly inner: PredicateAst;
}

/**
 * A predicate AST node: what {@link parsePredicate} returns and what frontends and backends render.
 *
 * @example
 * const ast: PredicateAst = parsePredicate('column(YEAR) < numeric(2012) OR (column(YEAR) = numeric(2012) AND column(MONTH) < numeric(6))');
 */
export type PredicateAst =
  | PredicateComparison
  | PredicateInList
  | PredicateNullTest
  | PredicateLogical
  | PredicateGroup;

function invalid(message: string): GoeError {
  return new GoeError('PREDICATE_INVALID', `Invalid offload predicate: ${message}`);
}

/**
 * The column and value of a comparison, whichever side each was written on.
 *
 * @throws GoeError `PREDICATE_INVALID` when not exactly one side is a column.
 * @example
 * const { column, value, columnFirst } = predicateComparisonOperands(parsePredicate('numeric(3) < column(X)') as PredicateComparison);
 * // column.name 'X', value.value '3', columnFirst false
 */
export function predicateComparisonOperands(node: PredicateComparison): {
  column: ColumnRef;
  value: PredicateValue;
  columnFirst: boolean;
} {
  const { left, right } = node;
  if (left?.kind === 'column' && right?.kind !== 'column' && right !== undefined)
    return { column: left, value: right, columnFirst: true };
  if (right?.kind === 'column' && left?.kind !== 'column' && left !== undefined)
    return { column: right, value: left, columnFirst: false };
  throw invalid('a comparison needs exactly one column side and one value side');
}

/**
 * Builds a {@link ColumnRef}, upper-cased and validated like the DSL's `column(...)`.
 *
 * @throws GoeError `PREDICATE_INVALID` for a name outside `[A-Za-z0-9.$#_]+`, an alias that is not letters only,
 *   or an alias-less name the DSL would read back as `alias.column` (e.g. `A.B`).
 * @example
 * predicateColumn('cust_id', 's') // { kind: 'column', alias: 'S', name: 'CUST_ID' }
 */
export function predicateColumn(name: string, alias?: string): ColumnRef {
  const ref: ColumnRef =
    alias === undefined
      ? { kind: 'column', name: name.toUpperCase() }
      : { kind: 'column', alias: alias.toUpperCase(), name: name.toUpperCase() };
  // validate the text as given (upper-casing could turn e.g. 'ß' into valid ASCII), report it upper-cased
  const problem = checkPredicateColumnRef({ kind: 'column', name, ...(alias === undefined ? {} : { alias }) });
  if (problem !== undefined) throw invalid(checkPredicateColumnRef(ref) ?? problem);
  return ref;
}

/**
 * Builds an exact numeric value from decimal text (same rules as `numeric(...)`) or a bigint. JS numbers are
 * deliberately not accepted: they cannot hold every decimal exactly.
 *
 * @throws GoeError `PREDICATE_INVALID` for text that is not a signed integer or decimal.
 * @example
 * predicateNumeric('-012.50') // { kind: 'numeric', value: '-12.5', isDecimal: true }
 * predicateNumeric(10n)       // { kind: 'numeric', value: '10', isDecimal: false }
 */
export function predicateNumeric(value: string | bigint): PredicateNumericValue {
  const r = scanPredicateNumeric(typeof value === 'bigint' ? value.toString() : value);
  if (!r.ok) throw invalid(`numeric value: ${r.reason}`);
  return r.value;
}

/**
 * Builds a datetime value from `YYYY-MM-DD[ HH:MI:SS[.f{1,9}]]` (same rules as `datetime(...)`).
 *
 * @throws GoeError `PREDICATE_INVALID` for a malformed or impossible date/time (e.g. `2023-02-29`).
 * @example
 * predicateDatetime('2020-01-01 12:00:00.5') // { kind: 'datetime', value: '2020-01-01 12:00:00.5', hasTime: true, fractionalDigits: 1 }
 */
export function predicateDatetime(value: string): PredicateDatetimeValue {
  const r = scanPredicateDatetime(value);
  if (!r.ok) throw invalid(`datetime value: ${r.reason}`);
  return r.value;
}

/**
 * Builds a string value (the text as-is; no escaping needed).
 *
 * @throws GoeError `PREDICATE_INVALID` when the text holds control, invisible-format or lone-surrogate characters.
 * @example
 * predicateString("O'Brien") // { kind: 'string', value: "O'Brien" }
 */
export function predicateString(value: string): PredicateStringValue {
  const bad = findForbiddenPredicateStringChar(value);
  if (bad >= 0) throw invalid(`string value holds a forbidden character at offset ${bad}`);
  return { kind: 'string', value };
}

function checkValue(v: PredicateValue): void {
  switch (v.kind) {
    case 'numeric': {
      const r = scanPredicateNumeric(v.value);
      if (
        !r.ok ||
        r.value.value !== v.value ||
        typeof v.isDecimal !== 'boolean' ||
        (v.value.includes('.') && !v.isDecimal)
      )
        throw invalid(`numeric value '${String(v.value)}' is not normalized exact decimal text`);
      return;
    }
    case 'datetime': {
      const r = scanPredicateDatetime(v.value);
      if (!r.ok) throw invalid(`datetime value: ${r.reason}`);
      if (r.value.hasTime !== v.hasTime || r.value.fractionalDigits !== v.fractionalDigits)
        throw invalid(`datetime value '${v.value}' disagrees with its hasTime/fractionalDigits`);
      return;
    }
    case 'string':
      if (typeof v.value !== 'string' || findForbiddenPredicateStringChar(v.value) >= 0)
        throw invalid('string value holds a forbidden character');
      return;
    default:
      throw invalid(`unknown value kind '${String((v as { kind: unknown }).kind)}'`);
  }
}

function checkColumn(c: ColumnRef): void {
  if (c?.kind !== 'column') throw invalid('expected a column reference');
  const problem = checkPredicateColumnRef(c);
  if (problem !== undefined) throw invalid(problem);
  if (c.name !== c.name.toUpperCase() || (c.alias !== undefined && c.alias !== c.alias.toUpperCase()))
    throw invalid(`column '${c.name}' must be upper-case`);
}

/**
 * Checks that a (possibly hand-built) AST is one {@link parsePredicate} could have produced, so printing and
 * rendering it is safe and `parsePredicate(printPredicate(ast))` deep-equals it. The printer and the renderer call
 * this first.
 *
 * @throws GoeError `PREDICATE_INVALID` naming the first problem (unknown kind or operator, a comparison without
 *   exactly one column, an empty IN list, an AND/OR with fewer than two items, non-normalized values, bad names).
 * @example
 * assertPredicateAst({ kind: 'and', items: [] }); // throws: AND needs at least two items
 */
export function assertPredicateAst(ast: PredicateAst): void {
  switch (ast?.kind) {
    case 'comparison': {
      if (!PREDICATE_COMPARISON_OPS.includes(ast.op)) throw invalid(`unknown operator '${String(ast.op)}'`);
      const { column, value } = predicateComparisonOperands(ast);
      checkColumn(column);
      checkValue(value);
      return;
    }
    case 'in':
      checkColumn(ast.column);
      if (!Array.isArray(ast.values) || ast.values.length === 0) throw invalid('an IN list needs at least one value');
      ast.values.forEach(checkValue);
      return;
    case 'null':
      checkColumn(ast.column);
      return;
    case 'and':
    case 'or':
      if (!Array.isArray(ast.items) || ast.items.length < 2)
        throw invalid(`${ast.kind.toUpperCase()} needs at least two items`);
      ast.items.forEach(assertPredicateAst);
      return;
    case 'group':
      assertPredicateAst(ast.inner);
      return;
    default:
      throw invalid(`unknown node kind '${String((ast as { kind?: unknown } | undefined)?.kind)}'`);
  }
}

function mapColumns(ast: PredicateAst, fn: (c: ColumnRef) => ColumnRef): PredicateAst {
  switch (ast.kind) {
    case 'comparison': {
      const { column, value, columnFirst } = predicateComparisonOperands(ast);
      return columnFirst
        ? { kind: 'comparison', op: ast.op, left: fn(column), right: value }
        : { kind: 'comparison', op: ast.op, left: value, right: fn(column) };
    }
    case 'in':
    case 'null':
      return { ...ast, column: fn(ast.column) };
    case 'and':
    case 'or':
      return { kind: ast.kind, items: ast.items.map((i) => mapColumns(i, fn)) };
    case 'group':
      return { kind: 'group', inner: mapColumns(ast.inner, fn) };
  }
}

function collectColumns(ast: PredicateAst, out: ColumnRef[]): void {
  switch (ast.kind) {
    case 'comparison':
      out.push(predicateComparisonOperands(ast).column);
      return;
    case 'in':
    case 'null':
      out.push(ast.column);
      return;
    case 'and':
    case 'or':
      for (const i of ast.items) collectColumns(i, out);
      return;
    case 'group':
      collectColumns(ast.inner, out);
  }
}

/**
 * Unique column names (upper-case, without alias) in order of first appearance (GOE `column_names()`).
 *
 * @example
 * predicateColumnNames(parsePredicate('column(a) = numeric(1) AND column(S.a) IS NULL')) // ['A']
 */
export function predicateColumnNames(ast: PredicateAst): string[] {
  const refs: ColumnRef[] = [];
  collectColumns(ast, refs);
  return [...new Set(refs.map((r) => r.name))];
}

/**
 * Unique column references (alias and name pairs) in order of first appearance (GOE `alias_column_names()`).
 *
 * @example
 * predicateColumnRefs(parsePredicate('column(s.a) = numeric(1)')) // [{ kind: 'column', alias: 'S', name: 'A' }]
 */
export function predicateColumnRefs(ast: PredicateAst): ColumnRef[] {
  const refs: ColumnRef[] = [];
  collectColumns(ast, refs);
  const seen = new Map<string, ColumnRef>();
  for (const r of refs) {
    const key = `${r.alias ?? ''}.${r.name}`;
    if (!seen.has(key)) seen.set(key, r);
  }
  return [...seen.values()];
}

/**
 * Renames a column everywhere it appears, whatever its alias (GOE `rename_column`): the match is
 * case-insensitive and the new name is upper-cased. Returns a new AST; the input is not modified.
 *
 * @throws GoeError `PREDICATE_INVALID` when `newName` is not a valid DSL column name.
 * @example
 * printPredicate(renamePredicateColumn(parsePredicate('column(a) = numeric(1)'), 'A', 'b')) // 'column(B) = numeric(1)'
 */
export function renamePredicateColumn(ast: PredicateAst, oldName: string, newName: string): PredicateAst {
  const from = oldName.toUpperCase();
  return mapColumns(ast, (c) => (c.name === from ? predicateColumn(newName, c.alias) : c));
}

/**
 * Sets (or, with `undefined`, removes) the alias of every column (GOE `set_column_alias`). Returns a new AST.
 *
 * @throws GoeError `PREDICATE_INVALID` when the alias is not letters only, or when removing it would make a
 *   dotted name read back as `alias.column`.
 * @example
 * printPredicate(setPredicateColumnAlias(parsePredicate('column(a) IS NULL'), 'x')) // 'column(X.A) IS NULL'
 */
export function setPredicateColumnAlias(ast: PredicateAst, alias: string | undefined): PredicateAst {
  return mapColumns(ast, (c) => predicateColumn(c.name, alias));
}

function combine(kind: 'and' | 'or', predicates: readonly PredicateAst[]): PredicateAst {
  if (predicates.length === 0) throw invalid(`${kind.toUpperCase()} of no predicates`);
  if (predicates.length === 1) return predicates[0]!;
  return { kind, items: [...predicates] };
}

/**
 * ANDs predicates into one group (GOE `create_and_relation_predicate`; e.g. a high-water mark AND the user's
 * predicate). One predicate is returned as-is; nested groups are kept, not flattened.
 *
 * @throws GoeError `PREDICATE_INVALID` when called with no predicate.
 * @example
 * printPredicate(andPredicates(parsePredicate('column(A) = numeric(1)'), parsePredicate('column(B) IS NULL')))
 * // '(column(A) = numeric(1) AND column(B) IS NULL)'
 */
export function andPredicates(...predicates: PredicateAst[]): PredicateAst {
  return combine('and', predicates);
}

/**
 * ORs predicates into one group (GOE `create_or_relation_predicate`; e.g. all offloaded predicates of a
 * hybrid view). One predicate is returned as-is; nested groups are kept, not flattened.
 *
 * @throws GoeError `PREDICATE_INVALID` when called with no predicate.
 * @example
 * printPredicate(orPredicates(parsePredicate('column(A) = numeric(1)'), parsePredicate('column(A) = numeric(2)')))
 * // '(column(A) = numeric(1) OR column(A) = numeric(2))'
 */
export function orPredicates(...predicates: PredicateAst[]): PredicateAst {
  return combine('or', predicates);
}
