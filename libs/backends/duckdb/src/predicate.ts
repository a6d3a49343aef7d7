/**
 * Offload scopes as DuckDB WHERE clauses: predicates rendered by core's `renderPredicate` with `$n` binds and
 * exact casts (numerics as a DECIMAL sized from the literal, datetimes as the compared column's timestamp type).
 */
import {
  GoeError,
  predicateColumnResolver,
  renderPredicate,
  type OffloadScope,
  type PredicateDialect,
  type PredicateNumericValue,
  type RenderedSql,
} from '@goe/core';
import { quoteIdent } from './sql-text.js';

/** The DECIMAL type that holds a normalized numeric literal exactly. @example decimalTypeOf('-12.5') // 'DECIMAL(3,1)' */
export function decimalTypeOf(value: PredicateNumericValue['value']): string {
  const digits = value.replace(/^-/, '');
  const [int = '', frac = ''] = digits.split('.');
  const p = Math.max(int.replace(/^0+/, '').length + frac.length, 1, frac.length);
  if (p > 38)
    throw new GoeError('PREDICATE_INVALID', `Numeric value ${value} has more than 38 digits (DuckDB's DECIMAL limit)`);
  return `DECIMAL(${p},${frac.length})`;
}

function timestampCast(columnType: string | undefined, hasTime: boolean): string {
  const t = (columnType ?? '').toUpperCase();
  if (t === 'TIMESTAMP_NS') return 'TIMESTAMP_NS';
  if (t === 'TIMESTAMP WITH TIME ZONE') return 'TIMESTAMPTZ';
  if (t === 'DATE' && !hasTime) return 'DATE';
  return hasTime || t.startsWith('TIMESTAMP') ? 'TIMESTAMP' : 'DATE';
}

/**
 * The DuckDB predicate dialect: `"COL"`, `$n` binds of text values, `CAST($n AS DECIMAL(p,s))` for numerics and
 * `CAST($n AS TIMESTAMP|TIMESTAMP_NS|TIMESTAMPTZ|DATE)` for datetimes (per the column's DuckDB type).
 *
 * @example
 * renderPredicate(parsePredicate('column(ID) < numeric(10)'), DUCKDB_PREDICATE_DIALECT) // { sql: '"ID" < CAST($1 AS DECIMAL(2,0))', params: ['10'] }
 */
export const DUCKDB_PREDICATE_DIALECT: PredicateDialect = {
  name: 'duckdb',
  quoteIdentifier: quoteIdent,
  placeholder: (i) => `$${i}`,
  castPlaceholder: (ph, value, context) => {
    if (value.kind === 'numeric') return `CAST(${ph} AS ${decimalTypeOf(value.value)})`;
    if (value.kind === 'datetime') return `CAST(${ph} AS ${timestampCast(context.columnType, value.hasTime)})`;
    return ph;
  },
};

/**
 * The WHERE clause of a scope over a table's columns (name → DuckDB type), or undefined for the whole table.
 *
 * @throws GoeError `OPTION_INVALID` for a partition scope (DuckDB tables have no partitions);
 *   `PREDICATE_INVALID` for an unknown column.
 * @example
 * scopeWhere({ kind: 'full' }, new Map()) // undefined
 */
export function scopeWhere(
  scope: OffloadScope | undefined,
  columnTypes: ReadonlyMap<string, string>,
): RenderedSql | undefined {
  if (scope === undefined || scope.kind === 'full') return undefined;
  if (scope.kind === 'partitions') {
    throw new GoeError(
      'OPTION_INVALID',
      'DuckDB tables have no partitions: a partition scope cannot be counted on the backend',
      {
        hint: 'Express the partitions as a predicate (high-water mark) for backend counts',
      },
    );
  }
  const names = [...columnTypes.keys()];
  const resolve = predicateColumnResolver(names);
  return renderPredicate(scope.predicate, DUCKDB_PREDICATE_DIALECT, {
    resolveColumn: resolve,
    columnType: (ref) => columnTypes.get(resolve(ref)),
  });
}
