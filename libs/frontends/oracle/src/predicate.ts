/**
 * GOE's predicate DSL rendered for Oracle (reference §4.3–4.4): `"COL"` identifiers; binds named as GOE names them
 * (`:bind_0`, `:bind_1`… in visiting order) holding exact text; a datetime compared with a DATE column as
 * `TO_DATE(:bind_0, 'YYYY-MM-DD HH24:MI:SS')` and with a TIMESTAMP column as `TO_TIMESTAMP(:bind_0,
 * 'YYYY-MM-DD HH24:MI:SS.FF9')`, any other column refused. The literal form (paths that cannot bind) follows §4.3 with
 * GOE's quirk fixed: an embedded `'` is doubled.
 */
import {
  GoeError,
  predicateColumnResolver,
  quotePredicateString,
  renderPredicate,
  type PredicateAst,
  type PredicateDatetimeValue,
  type PredicateDialect,
  type PredicateValue,
  type PredicateValueContext,
  type RenderedSql,
} from '@goe/core';
import { quoteIdent } from './sql.js';
import { oracleBaseType } from './type-map.js';

const DATE_FORMAT = 'YYYY-MM-DD HH24:MI:SS';
const TIMESTAMP_FORMAT = 'YYYY-MM-DD HH24:MI:SS.FF9';

/** DATE or TIMESTAMP, by the compared column's Oracle type; anything else is refused (reference §4.3). */
function datetimeTarget(value: PredicateDatetimeValue, context: PredicateValueContext): 'DATE' | 'TIMESTAMP' {
  const base = oracleBaseType(context.columnType ?? '');
  if (base === 'DATE') return 'DATE';
  if (base === 'TIMESTAMP') return 'TIMESTAMP';
  throw new GoeError(
    'PREDICATE_INVALID',
    `datetime is not compatible with column data type: ${context.columnName} is ${context.columnType ?? 'of unknown type'} (${value.value})`,
    { column: context.columnName, hint: 'Compare datetime() values with DATE or TIMESTAMP columns' },
  );
}

/** `YYYY-MM-DD HH:MI:SS` (a date-only value at midnight); a DATE holds no fraction, so one is refused. */
function dateText(value: PredicateDatetimeValue, context: PredicateValueContext): string {
  if (value.fractionalDigits > 0) {
    throw new GoeError(
      'PREDICATE_INVALID',
      `${value.value} has fractional seconds, which the DATE column ${context.columnName} cannot hold`,
      { column: context.columnName },
    );
  }
  return value.hasTime ? value.value : `${value.value} 00:00:00`;
}

/** `YYYY-MM-DD HH:MI:SS.fffffffff`: nine fractional digits (a date-only value at midnight). */
function timestampText(value: PredicateDatetimeValue): string {
  const [day, time = '00:00:00'] = value.value.split(' ');
  const [hms, fraction = ''] = time.split('.');
  return `${day} ${hms}.${fraction.padEnd(9, '0')}`;
}

/**
 * The Oracle predicate dialect (binds). `options.columnType` must give each column's Oracle type (`DATE`,
 * `TIMESTAMP(6)`…) for datetime comparisons.
 *
 * @example
 * renderPredicate(parsePredicate('column(TIME_ID) = datetime(2011-01-01)'), ORACLE_PREDICATE_DIALECT, { columnType: () => 'DATE' })
 * // { sql: `"TIME_ID" = TO_DATE(:bind_0, 'YYYY-MM-DD HH24:MI:SS')`, params: ['2011-01-01 00:00:00'] }
 */
export const ORACLE_PREDICATE_DIALECT: PredicateDialect = {
  name: 'oracle',
  quoteIdentifier: quoteIdent,
  placeholder: (i) => `:bind_${i - 1}`,
  renderValue: (value, context) => {
    if (value.kind !== 'datetime') return value.value;
    return datetimeTarget(value, context) === 'DATE' ? dateText(value, context) : timestampText(value);
  },
  castPlaceholder: (ph, value, context) => {
    if (value.kind !== 'datetime') return ph;
    return datetimeTarget(value, context) === 'DATE'
      ? `TO_DATE(${ph}, '${DATE_FORMAT}')`
      : `TO_TIMESTAMP(${ph}, '${TIMESTAMP_FORMAT}')`;
  },
};

/**
 * The literal form (reference §4.3): numbers as written, strings quoted with `'` doubled, `TO_DATE('…', 'YYYY-MM-DD
 * HH24:MI:SS')` for DATE columns and `TIMESTAMP '…'` (nine digits) for TIMESTAMP columns.
 *
 * @example
 * renderPredicate(parsePredicate('column(ID) IN (numeric(-10), numeric(0))'), ORACLE_LITERAL_DIALECT) // { sql: '"ID" IN (-10, 0)', params: [] }
 */
export const ORACLE_LITERAL_DIALECT: PredicateDialect = {
  name: 'oracle',
  quoteIdentifier: quoteIdent,
  inlineValues: true,
  renderLiteral: (value: PredicateValue, context) => {
    if (value.kind === 'numeric') return value.value;
    if (value.kind === 'string') return quotePredicateString(value.value);
    return datetimeTarget(value, context) === 'DATE'
      ? `TO_DATE('${dateText(value, context)}', '${DATE_FORMAT}')`
      : `TIMESTAMP '${timestampText(value)}'`;
  },
};

/** A WHERE clause and its named binds (`bind_0`…), ready for `connection.query(sql, binds)`. */
export interface OracleFilter {
  readonly sql: string;
  readonly binds: Readonly<Record<string, string>>;
}

/**
 * A predicate over a table's columns (name → Oracle type) rendered with binds (`:bind_0`…; `params` in order).
 *
 * @throws GoeError `PREDICATE_INVALID` for an unknown column or a datetime compared with a non-date column
 * @example
 * renderOraclePredicate(parsePredicate('column(id) > numeric(5)'), new Map([['ID', 'NUMBER']])) // { sql: '"ID" > :bind_0', params: ['5'] }
 */
export function renderOraclePredicate(predicate: PredicateAst, columnTypes: ReadonlyMap<string, string>): RenderedSql {
  const resolve = predicateColumnResolver([...columnTypes.keys()]);
  return renderPredicate(predicate, ORACLE_PREDICATE_DIALECT, {
    resolveColumn: resolve,
    columnType: (ref) => columnTypes.get(resolve(ref)),
  });
}

/**
 * A predicate over a table's columns (name → Oracle type) as a WHERE clause with binds.
 *
 * @throws GoeError `PREDICATE_INVALID` for an unknown column or a datetime compared with a non-date column
 * @example
 * oracleFilter(parsePredicate('column(id) > numeric(5)'), new Map([['ID', 'NUMBER']])) // { sql: '"ID" > :bind_0', binds: { bind_0: '5' } }
 */
export function oracleFilter(predicate: PredicateAst, columnTypes: ReadonlyMap<string, string>): OracleFilter {
  const rendered = renderOraclePredicate(predicate, columnTypes);
  return {
    sql: rendered.sql,
    binds: Object.fromEntries(rendered.params.map((v, i) => [`bind_${i}`, String(v)])),
  };
}
