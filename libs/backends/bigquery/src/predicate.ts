/**
 * Offload scopes as BigQuery WHERE clauses: core's predicate DSL rendered with named STRING parameters (`@p0`…) cast
 * to the compared column's type — BIGNUMERIC for numbers (76 digits, exact), DATE/DATETIME/TIMESTAMP for datetimes.
 */
import {
  GoeError,
  predicateColumnResolver,
  renderPredicate,
  type OffloadScope,
  type PredicateDialect,
} from '@goe/core';
import { quoteIdent } from './sql.js';

function datetimeCast(columnType: string | undefined, hasTime: boolean): string {
  const t = (columnType ?? '').toUpperCase();
  if (t === 'TIMESTAMP') return 'TIMESTAMP';
  if (t === 'DATE' && !hasTime) return 'DATE';
  return 'DATETIME';
}

/**
 * The BigQuery predicate dialect: `` `COL` ``, `@p<n-1>` STRING parameters, `CAST(@p0 AS BIGNUMERIC)` for numbers
 * and `CAST(@p0 AS DATE|DATETIME|TIMESTAMP)` for datetimes (per the column's type).
 *
 * @example
 * renderPredicate(parsePredicate('column(ID) < numeric(10)'), BIGQUERY_PREDICATE_DIALECT) // { sql: '`ID` < CAST(@p0 AS BIGNUMERIC)', params: ['10'] }
 */
export const BIGQUERY_PREDICATE_DIALECT: PredicateDialect = {
  name: 'bigquery',
  quoteIdentifier: quoteIdent,
  placeholder: (i) => `@p${i - 1}`,
  castPlaceholder: (ph, value, context) => {
    if (value.kind === 'numeric') return `CAST(${ph} AS BIGNUMERIC)`;
    if (value.kind === 'datetime') return `CAST(${ph} AS ${datetimeCast(context.columnType, value.hasTime)})`;
    return ph;
  },
};

/** A WHERE clause and its named parameters. */
export interface ScopeFilter {
  readonly sql: string;
  readonly params: Readonly<Record<string, string>>;
}

/**
 * The WHERE clause of a scope over a table's columns (name → BigQuery type); `{ sql: '' }` for the whole table.
 *
 * @throws GoeError `OPTION_INVALID` for a partition scope; `PREDICATE_INVALID` for an unknown column.
 * @example
 * scopeFilter({ kind: 'full' }, new Map()) // { sql: '', params: {} }
 */
export function scopeFilter(scope: OffloadScope | undefined, columnTypes: ReadonlyMap<string, string>): ScopeFilter {
  if (scope === undefined || scope.kind === 'full') return { sql: '', params: {} };
  if (scope.kind === 'partitions') {
    throw new GoeError('OPTION_INVALID', 'A partition scope cannot be counted on BigQuery: give it as a predicate', {
      hint: 'The runner passes backend scopes as predicates over the table columns',
    });
  }
  const resolve = predicateColumnResolver([...columnTypes.keys()]);
  const rendered = renderPredicate(scope.predicate, BIGQUERY_PREDICATE_DIALECT, {
    resolveColumn: resolve,
    columnType: (ref) => columnTypes.get(resolve(ref)),
  });
  return {
    sql: rendered.sql,
    params: Object.fromEntries(rendered.params.map((v, i) => [`p${i}`, String(v)])),
  };
}
