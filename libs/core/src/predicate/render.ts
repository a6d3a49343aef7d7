/**
 * The one renderer contract every SQL dialect implements for offload predicates (reference §4.3): identifiers
 * quoted with doubling of the closing quote, values bound as parameters (or, for paths that cannot bind,
 * inlined as quoted literals with doubling). Dialects only supply hooks; {@link renderPredicate} does the walk.
 */
import { GoeError } from '../errors.js';
import type { ColumnRef, PredicateAst, PredicateValue } from './ast.js';
import { assertPredicateAst, predicateComparisonOperands } from './ast.js';

/**
 * SQL text with positional bind values (`params[0]` is placeholder 1); `params` is empty in inline mode.
 *
 * @example
 * const { sql, params }: RenderedSql = renderPredicate(ast, ANSI_PREDICATE_DIALECT); // await client.query(`… WHERE ${sql}`, params)
 */
export interface RenderedSql {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/**
 * What a dialect hook knows about the value it renders.
 *
 * @example
 * const castPlaceholder = (ph: string, v: PredicateValue, ctx: PredicateValueContext) =>
 *   v.kind === 'datetime' && ctx.columnType === 'DATE' ? `TO_DATE(${ph}, 'YYYY-MM-DD HH24:MI:SS')` : ph;
 */
export interface PredicateValueContext {
  /** The column the value is compared with (as written in the predicate). */
  readonly column: ColumnRef;
  /** The real column name (what `resolveColumn` returned, else `column.name`), unquoted. */
  readonly columnName: string;
  /** What `options.columnType` returned for the column (e.g. a canonical or source type name), if given. */
  readonly columnType: string | undefined;
}

/**
 * The SQL dialect hooks {@link renderPredicate} needs. Plain objects; every member but `name` is optional and
 * has a default.
 *
 * @example
 * const acme: PredicateDialect = {
 *   name: 'acme',
 *   quoteIdentifier: (n) => quotePredicateIdentifier(n, '[', ']'),
 *   placeholder: (i) => `@p${i}`,
 * };
 */
export interface PredicateDialect {
  /** For messages, e.g. `ansi` or the adapter's name. */
  readonly name: string;
  /** Quotes one identifier (column or alias). Default {@link quotePredicateIdentifier}: `"x"` with `"` doubled. */
  quoteIdentifier?(name: string): string;
  /** The placeholder of the 1-based bind `index`, e.g. `$1`, `?`, `:1`, `@p1`. Required unless `inlineValues`. */
  placeholder?(index: number): string;
  /**
   * Converts a value into the bound parameter. Default: `value.value`, i.e. always a string (exact numeric text,
   * datetime text as written, the string itself); never a JS `number`.
   */
  renderValue?(value: PredicateValue, context: PredicateValueContext): unknown;
  /** Text around the placeholder, e.g. `CAST($1 AS numeric)`. Default: the placeholder alone. */
  castPlaceholder?(placeholder: string, value: PredicateValue, context: PredicateValueContext): string;
  /** Render literals instead of binds (for paths that cannot bind). Default `false`. */
  readonly inlineValues?: boolean;
  /** Literal text of a value when `inlineValues`. Default {@link ansiPredicateLiteral}. */
  renderLiteral?(value: PredicateValue, context: PredicateValueContext): string;
}

/**
 * Options of {@link renderPredicate}.
 *
 * @example
 * const options: PredicateRenderOptions = { resolveColumn: predicateColumnResolver(table.columns.map((c) => c.name)) };
 */
export interface PredicateRenderOptions {
  /**
   * Maps a column reference to the real column name (e.g. the table's lower-case name); throw a GoeError
   * `PREDICATE_INVALID` for an unknown column (see {@link predicateColumnResolver}). Default: `ref.name`. The
   * alias, when present, is kept and quoted.
   */
  resolveColumn?(ref: ColumnRef): string;
  /** The column's data type, passed to the dialect hooks as `context.columnType`. Default: none. */
  columnType?(ref: ColumnRef): string | undefined;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Quotes an identifier, doubling every embedded closing quote. Default quotes `"`; use `('[', ']')` for a
 * dialect that brackets identifiers.
 *
 * @throws GoeError `PREDICATE_INVALID` for an empty name or one holding control characters.
 * @example
 * quotePredicateIdentifier('A"B')          // '"A""B"'
 * quotePredicateIdentifier('X]', '[', ']') // '[X]]]'
 */
export function quotePredicateIdentifier(name: string, open = '"', close = open): string {
  if (typeof name !== 'string' || name === '' || CONTROL.test(name))
    throw new GoeError('PREDICATE_INVALID', `Invalid identifier in offload predicate: ${JSON.stringify(name)}`);
  return `${open}${name.split(close).join(close + close)}${close}`;
}

/**
 * Quotes a string literal, doubling every embedded quote (`'` by default). For a dialect where `\` escapes
 * inside literals, supply a dialect-specific `renderLiteral` instead.
 *
 * @example
 * quotePredicateString("x' OR '1'='1") // "'x'' OR ''1''=''1'"
 */
export function quotePredicateString(value: string, quote = "'"): string {
  return `${quote}${value.split(quote).join(quote + quote)}${quote}`;
}

/**
 * The default inline literal: numerics as their exact text (`-1.5`), datetimes as ANSI typed literals
 * (`DATE '2020-01-01'`, `TIMESTAMP '2020-01-01 12:00:00.5'`), strings single-quoted with `'` doubled.
 *
 * @example
 * ansiPredicateLiteral({ kind: 'string', value: "O'Brien" }) // "'O''Brien'"
 */
export function ansiPredicateLiteral(value: PredicateValue): string {
  switch (value.kind) {
    case 'numeric':
      return value.value;
    case 'datetime':
      return `${value.hasTime ? 'TIMESTAMP' : 'DATE'} ${quotePredicateString(value.value)}`;
    case 'string':
      return quotePredicateString(value.value);
  }
}

/**
 * A neutral bind dialect in standard SQL, for examples, tests and as a starting point for an adapter's own:
 * `"COL"` identifiers, `?` placeholders, every value bound as text; numerics as `CAST(? AS NUMERIC)` (exact,
 * whatever the column's numeric type), datetimes as `CAST(? AS TIMESTAMP)` or `CAST(? AS DATE)` for date-only
 * values, strings as a bare `?` (typed by the compared column). Adapters spread it and override what their
 * engine spells differently (e.g. numbered placeholders).
 *
 * @example
 * renderPredicate(parsePredicate('column(ID) = numeric(10)'), ANSI_PREDICATE_DIALECT)
 * // { sql: '"ID" = CAST(? AS NUMERIC)', params: ['10'] }
 * const acme: PredicateDialect = { ...ANSI_PREDICATE_DIALECT, name: 'acme', placeholder: (i) => `:${i}` };
 */
export const ANSI_PREDICATE_DIALECT: PredicateDialect = {
  name: 'ansi',
  placeholder: () => '?',
  castPlaceholder: (placeholder, value) => {
    if (value.kind === 'numeric') return `CAST(${placeholder} AS NUMERIC)`;
    if (value.kind === 'datetime') return `CAST(${placeholder} AS ${value.hasTime ? 'TIMESTAMP' : 'DATE'})`;
    return placeholder;
  },
};

/**
 * An inline (no binds) ANSI dialect: `"COL"` identifiers, literals from {@link ansiPredicateLiteral}
 * (single-quoted strings with `'` doubled). Use only where binding is impossible.
 *
 * @example
 * renderPredicate(parsePredicate('column(N) = string("it\'s")'), ANSI_INLINE_PREDICATE_DIALECT)
 * // { sql: `"N" = 'it''s'`, params: [] }
 */
export const ANSI_INLINE_PREDICATE_DIALECT: PredicateDialect = { name: 'ansi-inline', inlineValues: true };

/**
 * A `resolveColumn` over a table's column names: an exact match wins, else a unique case-insensitive one.
 *
 * @throws (the returned function) GoeError `PREDICATE_INVALID` "Unable to resolve column 'X' in offload predicate"
 *   for no match or an ambiguous case-insensitive match.
 * @example
 * renderPredicate(ast, ANSI_PREDICATE_DIALECT, { resolveColumn: predicateColumnResolver(['id', 'txn_date']) });
 */
export function predicateColumnResolver(columns: readonly string[]): (ref: ColumnRef) => string {
  return (ref) => {
    if (columns.includes(ref.name)) return ref.name;
    const matches = columns.filter((c) => c.toUpperCase() === ref.name);
    if (matches.length === 1) return matches[0]!;
    throw new GoeError('PREDICATE_INVALID', `Unable to resolve column '${ref.name}' in offload predicate`, {
      column: ref.name,
      ...(matches.length > 1 ? { hint: `ambiguous: ${matches.join(', ')}` } : {}),
    });
  };
}

/**
 * Renders a predicate as SQL for `dialect`: ` = `, ` != `, ` IN (a, b)`, ` NOT IN (...)`, `IS [NOT] NULL`, every
 * AND/OR group fully parenthesised `(p1 AND p2)` (GOE's shape), columns `"ALIAS"."COL"`. In bind mode each value
 * (each IN-list value too) becomes one placeholder and one entry of `params`, in reading order: value text is
 * never concatenated into the SQL. Pure: no I/O, the AST is not modified.
 *
 * @throws GoeError `PREDICATE_INVALID` for an invalid AST or an unresolvable column; `INTERNAL` for a bind-mode
 *   dialect without `placeholder`.
 * @example
 * renderPredicate(parsePredicate('column(a) IN (string("x"), string("y")) AND column(b) IS NULL'), ANSI_PREDICATE_DIALECT)
 * // { sql: '("A" IN (?, ?) AND "B" IS NULL)', params: ['x', 'y'] }
 */
export function renderPredicate(
  ast: PredicateAst,
  dialect: PredicateDialect,
  options: PredicateRenderOptions = {},
): RenderedSql {
  assertPredicateAst(ast);
  const placeholder = dialect.placeholder?.bind(dialect);
  if (dialect.inlineValues !== true && placeholder === undefined)
    throw new GoeError('INTERNAL', `Predicate dialect '${dialect.name}' has neither placeholder() nor inlineValues`);
  const quote = (n: string): string =>
    dialect.quoteIdentifier ? dialect.quoteIdentifier(n) : quotePredicateIdentifier(n);
  const params: unknown[] = [];

  const column = (ref: ColumnRef): { sql: string; context: PredicateValueContext } => {
    const columnName = options.resolveColumn ? options.resolveColumn(ref) : ref.name;
    if (typeof columnName !== 'string' || columnName === '')
      throw new GoeError('PREDICATE_INVALID', `Unable to resolve column '${ref.name}' in offload predicate`, {
        column: ref.name,
      });
    const sql = ref.alias === undefined ? quote(columnName) : `${quote(ref.alias)}.${quote(columnName)}`;
    return { sql, context: { column: ref, columnName, columnType: options.columnType?.(ref) } };
  };
  const value = (v: PredicateValue, context: PredicateValueContext): string => {
    if (dialect.inlineValues === true)
      return dialect.renderLiteral ? dialect.renderLiteral(v, context) : ansiPredicateLiteral(v);
    params.push(dialect.renderValue ? dialect.renderValue(v, context) : v.value);
    const ph = placeholder!(params.length);
    return dialect.castPlaceholder ? dialect.castPlaceholder(ph, v, context) : ph;
  };
  const walk = (node: PredicateAst): string => {
    switch (node.kind) {
      case 'comparison': {
        const ops = predicateComparisonOperands(node);
        const c = column(ops.column);
        const v = value(ops.value, c.context);
        return ops.columnFirst ? `${c.sql} ${node.op} ${v}` : `${v} ${node.op} ${c.sql}`;
      }
      case 'in': {
        const c = column(node.column);
        const list = node.values.map((v) => value(v, c.context)).join(', ');
        return `${c.sql} ${node.negated ? 'NOT IN' : 'IN'} (${list})`;
      }
      case 'null':
        return `${column(node.column).sql} ${node.negated ? 'IS NOT NULL' : 'IS NULL'}`;
      case 'and':
      case 'or':
        return `(${node.items.map(walk).join(node.kind === 'and' ? ' AND ' : ' OR ')})`;
      case 'group': {
        const inner = walk(node.inner);
        return node.inner.kind === 'and' || node.inner.kind === 'or' || node.inner.kind === 'group'
          ? inner
          : `(${inner})`;
      }
    }
  };
  return { sql: walk(ast), params };
}
