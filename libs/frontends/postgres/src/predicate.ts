/**
 * Offload predicates (GOE's DSL AST) and high-water-mark clauses rendered in PostgreSQL: with bind parameters
 * (`$1`, `$2`… for count and aggregate queries) or with inline literals (inside `COPY (SELECT …)`, which takes
 * no parameters). Columns resolve case-insensitively against the table and are type-checked (GOE §4.2).
 */
import {
  GoeError,
  isDateType,
  isNumberType,
  isStringType,
  predicateColumnResolver,
  renderPredicate,
  type CanonicalType,
  type PartitionBound,
  type PredicateAst,
  type PredicateDialect,
  type PredicateRenderOptions,
  type PredicateValue,
  type PredicateValueContext,
  type RenderedSql,
  type SourceTable,
} from '@goe/core';
import { quoteIdent, quoteLiteral } from './quote.js';

function invalid(message: string): GoeError {
  return new GoeError('PREDICATE_INVALID', message);
}

/** GOE §4.2: numbers compare with number columns, datetimes with date columns, strings with string columns. */
function checkType(value: PredicateValue, context: PredicateValueContext): CanonicalType {
  const t = context.columnType as CanonicalType;
  if (t === 'LARGE_STRING' || t === 'LARGE_BINARY')
    throw invalid(`Data type is not supported for offload predicate: ${t} (column ${context.columnName})`);
  const ok = value.kind === 'numeric' ? isNumberType(t) : value.kind === 'datetime' ? isDateType(t) : isStringType(t);
  if (!ok)
    throw invalid(
      `Columns of data type ${t} cannot be compared to ${value.kind} values (column ${context.columnName})`,
    );
  return t;
}

function datetimeType(t: CanonicalType, hasTime: boolean): string {
  if (t === 'TIMESTAMP_TZ') return 'timestamptz';
  return t === 'DATE' && !hasTime ? 'date' : 'timestamp';
}

/**
 * PostgreSQL's bind dialect without column types: `"COL"` identifiers, `$n` placeholders, every value bound as
 * text; numerics as `CAST($n AS numeric)` (exact, whatever the column's numeric type), datetimes as
 * `CAST($n AS timestamp)` or `CAST($n AS date)` for date-only values, strings as a bare `$n` (typed by the
 * compared column). {@link renderPredicateSql} adds the column type checks.
 *
 * @example
 * renderPredicate(parsePredicate('column(ID) = numeric(10)'), POSTGRES_PREDICATE_DIALECT)
 * // { sql: '"ID" = CAST($1 AS numeric)', params: ['10'] }
 */
export const POSTGRES_PREDICATE_DIALECT: PredicateDialect = {
  name: 'postgres',
  placeholder: (index) => `$${index}`,
  castPlaceholder: (placeholder, value) => {
    if (value.kind === 'numeric') return `CAST(${placeholder} AS numeric)`;
    if (value.kind === 'datetime') return `CAST(${placeholder} AS ${value.hasTime ? 'timestamp' : 'date'})`;
    return placeholder;
  },
};

/**
 * Bind dialect: {@link POSTGRES_PREDICATE_DIALECT} (`CAST($n AS numeric|date|timestamp)`, bare `$n` for
 * strings) plus type checks and `timestamptz` for TIMESTAMP_TZ columns (the literal is read in UTC).
 */
const BIND_DIALECT: PredicateDialect = {
  ...POSTGRES_PREDICATE_DIALECT,
  castPlaceholder(placeholder, value, context) {
    const t = checkType(value, context);
    if (value.kind === 'datetime') return `CAST(${placeholder} AS ${datetimeType(t, value.hasTime)})`;
    return POSTGRES_PREDICATE_DIALECT.castPlaceholder!(placeholder, value, context);
  },
};

/** Inline dialect for `COPY (SELECT …)`: exact numeric text, typed datetime literals, {@link quoteLiteral} strings. */
const INLINE_DIALECT: PredicateDialect = {
  name: 'postgres-inline',
  inlineValues: true,
  quoteIdentifier: quoteIdent,
  renderLiteral(value, context) {
    const t = checkType(value, context);
    if (value.kind === 'numeric') return value.value.startsWith('-') ? `(${value.value})` : value.value;
    if (value.kind === 'datetime') return `${quoteLiteral(value.value)}::${datetimeType(t, value.hasTime)}`;
    return quoteLiteral(value.value);
  },
};

function options(table: SourceTable): PredicateRenderOptions {
  const resolve = predicateColumnResolver(table.columns.map((c) => c.name));
  return {
    resolveColumn: resolve,
    columnType: (ref) => {
      const name = resolve(ref);
      return table.columns.find((c) => c.name === name)?.canonical.dataType;
    },
  };
}

/**
 * Renders a predicate with bind parameters (`$1`, `$2`…) through core's `renderPredicate`; values are passed as
 * text and cast where the column needs it (`CAST($n AS numeric)`, `… AS date|timestamp|timestamptz`, UTC).
 *
 * @throws GoeError `PREDICATE_INVALID` for an unknown or ambiguous column, or a value of the wrong family
 * @example
 * renderPredicateSql(parsePredicate('column(id) >= numeric(10)'), table) // { sql: '"id" >= CAST($1 AS numeric)', params: ['10'] }
 */
export function renderPredicateSql(ast: PredicateAst, table: SourceTable): RenderedSql {
  return renderPredicate(ast, BIND_DIALECT, options(table));
}

/**
 * Renders a predicate with inline literals (for `COPY (SELECT …)`, which cannot take parameters): strings via
 * {@link quoteLiteral}, numbers as exact decimal text, datetimes as typed literals.
 *
 * @example
 * renderPredicateInline(parsePredicate('column(note) = string("O\'Brien")'), table) // `"note" = 'O''Brien'`
 */
export function renderPredicateInline(ast: PredicateAst, table: SourceTable): string {
  return renderPredicate(ast, INLINE_DIALECT, options(table)).sql;
}

/** One column of a high-water mark: its name and the bound value (as a partition reports it). */
export interface HighWaterMarkColumn {
  readonly name: string;
  readonly bound: PartitionBound;
}

function literal(bound: PartitionBound): string | undefined {
  if (bound.kind !== 'value') return undefined;
  return bound.text;
}

/**
 * GOE's threshold clauses (reference §4.5) over one or more key columns: `source` selects the rows at or above
 * the high-water mark (still to offload), `backend` those below it. A MAXVALUE component truncates the tuple
 * and moves equality to the backend side. `equalityWithGt` (default true) puts equality on the source side
 * (RANGE); false puts it on the backend side (LIST_AS_RANGE).
 *
 * @example
 * highWaterMarkSql([{ name: 'time_id', bound: { kind: 'value', value: '2020-01-01', text: "'2020-01-01'" } }])
 * // { source: `"time_id" >= '2020-01-01'`, backend: `"time_id" < '2020-01-01'` }
 */
export function highWaterMarkSql(
  columns: readonly HighWaterMarkColumn[],
  equalityWithGt = true,
): { source: string; backend: string } {
  if (columns.length === 0) throw invalid('A high-water mark needs at least one column');
  const cut = columns.findIndex((c) => literal(c.bound) === undefined);
  const cols = (cut < 0 ? columns : columns.slice(0, cut)).map((c) => ({
    q: quoteIdent(c.name),
    v: literal(c.bound)!,
  }));
  let eqSource = equalityWithGt;
  if (cut >= 0) eqSource = false;
  if (cols.length === 0) return { source: 'false', backend: 'true' };
  if (columns.length === 1 && cut < 0) {
    const c = cols[0]!;
    return eqSource
      ? { source: `${c.q} >= ${c.v}`, backend: `${c.q} < ${c.v}` }
      : { source: `${c.q} > ${c.v}`, backend: `${c.q} <= ${c.v}` };
  }
  const terms = (op: '<' | '>') =>
    cols.map((c, i) => {
      const eq = cols.slice(0, i).map((p) => `${p.q} = ${p.v}`);
      return eq.length === 0 ? `${c.q} ${op} ${c.v}` : `(${[...eq, `${c.q} ${op} ${c.v}`].join(' AND ')})`;
    });
  const equal = `(${cols.map((c) => `${c.q} = ${c.v}`).join(' AND ')})`;
  const source = [...terms('>'), ...(eqSource ? [equal] : [])];
  const backend = [...terms('<'), ...(eqSource ? [] : [equal])];
  return { source: `(${source.join(' OR ')})`, backend: `(${backend.join(' OR ')})` };
}
