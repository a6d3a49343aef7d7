/**
 * Counts and aggregates for validation, in scope and (when given) at the offload's snapshot. Aggregates come
 * back as PostgreSQL text (UTC, ISO dates, strings compared in the "C" collation so min/max agree with
 * byte-wise engines), keyed `fn(COLUMN)`.
 */
import {
  aggregateKey,
  GoeError,
  isNumberType,
  isStringType,
  type AggregateResult,
  type AggregateSpec,
  type OffloadScope,
  type SourceColumn,
  type SourceTable,
} from '@goe/core';
import type { PgTableInfo } from './introspect.js';
import { renderPredicateSql } from './predicate.js';
import { scopeConditions } from './slices.js';
import { aggregateSql, countSql, qualified, quoteIdent } from './sql.js';
import { sourceWireType } from './extract/columns.js';

/** A statement with its bind values. */
export interface BoundSql {
  readonly sql: string;
  readonly params: readonly unknown[];
}

function where(table: SourceTable, info: PgTableInfo, scope: OffloadScope): { where: string[]; params: unknown[] } {
  if (scope.kind === 'predicate') {
    const r = renderPredicateSql(scope.predicate, table);
    return { where: [r.sql], params: [...r.params] };
  }
  return { where: scopeConditions(table, info, scope), params: [] };
}

/**
 * `SELECT count(*)` of a scope, with bind values.
 *
 * @example
 * countStatement(table, info, { kind: 'full' }) // { sql: 'SELECT count(*)::int8::text AS n FROM "sh"."sales"', params: [] }
 */
export function countStatement(table: SourceTable, info: PgTableInfo, scope: OffloadScope): BoundSql {
  const w = where(table, info, scope);
  return { sql: countSql(qualified(info.schema, info.name), w.where), params: w.params };
}

function findColumn(table: SourceTable, name: string): SourceColumn {
  const exact = table.columns.find((c) => c.name === name);
  if (exact) return exact;
  const matches = table.columns.filter((c) => c.name.toUpperCase() === name.toUpperCase());
  if (matches.length !== 1) {
    throw new GoeError(
      'OPTION_INVALID',
      `Column ${name} ${matches.length === 0 ? 'does not exist in' : 'is ambiguous in'} ${table.owner}.${table.name}`,
      {
        column: name,
      },
    );
  }
  return matches[0]!;
}

/**
 * The aggregate expression of one spec (text result).
 *
 * @example
 * aggregateExpression(column, 'count_distinct') // 'count(DISTINCT ("code" COLLATE "C"))::int8::text'
 */
export function aggregateExpression(column: SourceColumn, fn: AggregateSpec['fn']): string {
  const q = quoteIdent(column.name);
  const t = column.canonical.dataType;
  const wire = sourceWireType(column.dataType);
  const text = isStringType(t) ? `(${wire === 'text' || wire === 'bpchar' ? q : `${q}::text`} COLLATE "C")` : q;
  switch (fn) {
    case 'count':
      return `count(${q})::int8::text`;
    case 'count_distinct':
      return `count(DISTINCT ${isStringType(t) ? text : q})::int8::text`;
    case 'sum':
      if (!isNumberType(t))
        throw new GoeError('OPTION_INVALID', `sum() needs a numeric column; ${column.name} is ${column.dataType}`, {
          column: column.name,
        });
      return `sum(${q})::text`;
    case 'min':
    case 'max':
      if (t === 'BOOLEAN') return `${fn === 'min' ? 'bool_and' : 'bool_or'}(${q})::text`;
      return `${fn}(${isStringType(t) ? text : q})::text`;
  }
}

/**
 * One SELECT computing every aggregate; {@link aggregateKeys} names its result columns `a0`, `a1`….
 *
 * @throws GoeError `OPTION_INVALID` for an unknown column or `sum` of a non-number
 * @example
 * aggregateStatement(table, info, { kind: 'full' }, [{ column: 'id', fn: 'max' }]).sql
 * // 'SELECT max("id")::text AS a0 FROM "sh"."sales"'
 */
export function aggregateStatement(
  table: SourceTable,
  info: PgTableInfo,
  scope: OffloadScope,
  specs: readonly AggregateSpec[],
): BoundSql {
  const w = where(table, info, scope);
  const exprs = specs.map((s) => aggregateExpression(findColumn(table, s.column), s.fn));
  return { sql: aggregateSql(exprs, qualified(info.schema, info.name), w.where), params: w.params };
}

/** Result keys, `fn(COLUMN)` with the column as the spec names it. @example aggregateKeys([{ column: 'ID', fn: 'min' }]) // ['min(ID)'] */
export function aggregateKeys(specs: readonly AggregateSpec[]): string[] {
  return specs.map(aggregateKey);
}

/**
 * Maps the `a0…` row to `fn(COLUMN)` keys.
 *
 * @example
 * aggregateResult([{ column: 'ID', fn: 'max' }], { a0: '42' }) // { 'max(ID)': '42' }
 */
export function aggregateResult(
  specs: readonly AggregateSpec[],
  row: Record<string, string | null> | undefined,
): AggregateResult {
  const keys = aggregateKeys(specs);
  return Object.fromEntries(keys.map((k, i) => [k, row?.[`a${i}`] ?? null]));
}
