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
  type SnapshotToken,
  type SourceTable,
  type VerificationReadOptions,
} from '@goe/core';
import type { PgConnection } from './connection.js';
import type { PgTableInfo } from './introspect.js';
import { beginRead, endRead } from './snapshot.js';
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

/** Most parallel workers a verification read asks for (PostgreSQL's own `max_parallel_workers` still caps it). */
export const MAX_VERIFY_PARALLELISM = 1024;

/**
 * The statements that give a verification read its degree of parallelism (`--verify-parallelism`), run inside its
 * transaction: `SET LOCAL max_parallel_workers_per_gather = N`, 0 for 0 and 1 (serial); none when unset.
 *
 * @throws GoeError `OPTION_INVALID` (`--verify-parallelism`) for a value that is not an integer 0…1024
 * @example
 * verificationSetupSql({ parallelism: 4 }) // ['SET LOCAL max_parallel_workers_per_gather = 4']
 * verificationSetupSql({ parallelism: 1 }) // ['SET LOCAL max_parallel_workers_per_gather = 0']
 * verificationSetupSql({}) // []
 */
export function verificationSetupSql(options: VerificationReadOptions = {}): string[] {
  const n = options.parallelism;
  if (n === undefined) return [];
  if (!Number.isInteger(n) || n < 0 || n > MAX_VERIFY_PARALLELISM)
    throw new GoeError(
      'OPTION_INVALID',
      `Invalid --verify-parallelism value: ${n} (expected an integer from 0 to ${MAX_VERIFY_PARALLELISM})`,
      { variable: '--verify-parallelism' },
    );
  return [`SET LOCAL max_parallel_workers_per_gather = ${n <= 1 ? 0 : n}`];
}

/**
 * Runs one verification statement in its own read-only REPEATABLE READ transaction on `conn`: the snapshot
 * imported when it is an exported one, then `setup` (see {@link verificationSetupSql}); rolled back on failure.
 * Returns the first row.
 *
 * @example
 * const row = await readInTransaction(conn, snapshot, verificationSetupSql({ parallelism: 4 }), countStatement(table, info, scope));
 */
export async function readInTransaction<R>(
  conn: PgConnection,
  snapshot: SnapshotToken | undefined,
  setup: readonly string[],
  statement: BoundSql,
): Promise<R | undefined> {
  try {
    await beginRead(conn, snapshot);
    for (const sql of setup) await conn.query(sql);
    const rows = await conn.query<R>(statement.sql, statement.params);
    await endRead(conn);
    return rows[0];
  } catch (error) {
    await conn.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
