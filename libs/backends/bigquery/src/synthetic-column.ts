/**
 * Synthetic partition columns (reference §5.5, BigQuery): `GOE_PART_<g>_<COL>` INT64 for a NUMERIC/BIGNUMERIC key and
 * `GOE_PART_U<n>_<COL>` INT64 for a key with a `--partition-functions` UDF. The definition comes from the plan of a
 * new table, or — on an append, where partition options are retained — from the existing table, whose synthetic
 * column records it in its description. A partition function is checked against BigQuery before anything is written.
 */
import { GoeError, type OffloadPlan } from '@goe/core';
import type { BigqueryApi, TableInfo } from './api.js';
import { finalExpression } from './load-sql.js';
import { BIGQUERY_SQL, quoteIdent } from './sql.js';
import { bigqueryTypeFor } from './type-map.js';

/** How a synthetic partition column is computed from its source column (exactly one of `function`, `granularity`). */
export interface SyntheticColumn {
  /** The column's name, e.g. `GOE_PART_1000_AMOUNT`, `GOE_PART_U0_REGION`. */
  readonly name: string;
  /** The source column it is computed from. */
  readonly source: string;
  /** A partition function's full path: project, dataset, routine. */
  readonly function?: readonly [string, string, string];
  /** The granularity of a decimal key (a positive integer, as text). */
  readonly granularity?: string;
}

/** The description that marks a synthetic column in BigQuery (followed by its definition as JSON). */
export const SYNTHETIC_DESCRIPTION_PREFIX = 'GOE synthetic partition column: ';

/** Parameter types a partition function may take (reference §3.1); it must return INT64. */
export const PARTITION_FUNCTION_PARAMETER_TYPES: readonly string[] = Object.freeze([
  'BIGNUMERIC',
  'INT64',
  'NUMERIC',
  'STRING',
]);

/**
 * The synthetic partition column a plan creates, or undefined when its table is not partitioned (or natively).
 *
 * @throws GoeError `OPTION_INVALID` for a malformed `--partition-functions` value or `--partition-granularity`
 * @example
 * syntheticDefinitionOf(plan, 'acme') // { name: 'GOE_PART_U0_REGION', source: 'REGION', function: ['acme', 'udfs', 'region_len'] }
 */
export function syntheticDefinitionOf(plan: OffloadPlan, project: string): SyntheticColumn | undefined {
  const key = plan.partitioning?.columns[0];
  if (key === undefined || !key.synthetic) return undefined;
  if (key.function !== undefined) {
    const parts = key.function.split('.');
    if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === '')) {
      throw new GoeError('OPTION_INVALID', `Invalid --partition-functions value for BigQuery: ${key.function}`, {
        variable: '--partition-functions',
        hint: 'Give the function as DATASET.FUNCTION (or PROJECT.DATASET.FUNCTION)',
      });
    }
    const path = (parts.length === 2 ? [project, ...parts] : parts) as [string, string, string];
    return { name: key.backendColumn, source: key.sourceColumn, function: path };
  }
  if (!/^[1-9]\d*$/.test(key.granularity)) {
    throw new GoeError(
      'OPTION_INVALID',
      `Invalid --partition-granularity for ${key.sourceColumn}: ${key.granularity}`,
      {
        variable: '--partition-granularity',
        hint: 'Numeric partition keys take a positive integer granularity',
      },
    );
  }
  return { name: key.backendColumn, source: key.sourceColumn, granularity: key.granularity };
}

/**
 * The description recorded on a synthetic column, so that an append computes it again the same way.
 *
 * @example
 * syntheticDescription({ name: 'GOE_PART_1000_AMT', source: 'AMT', granularity: '1000' })
 * // 'GOE synthetic partition column: {"source":"AMT","granularity":"1000"}'
 */
export function syntheticDescription(column: SyntheticColumn): string {
  return `${SYNTHETIC_DESCRIPTION_PREFIX}${JSON.stringify({
    source: column.source,
    ...(column.function === undefined ? {} : { function: column.function }),
    ...(column.granularity === undefined ? {} : { granularity: column.granularity }),
  })}`;
}

/**
 * The synthetic partition column of an existing table: read from its description, or — for a table without one
 * (created by another tool) — from a `GOE_PART_<g>_<COL>` name. Undefined when the table has none.
 *
 * @throws GoeError `VALIDATION_MISMATCH` for a `GOE_PART_…` column whose definition cannot be recovered
 * @example
 * syntheticFromTable('sh', 'sales', info) // { name: 'GOE_PART_1000_AMT', source: 'AMT', granularity: '1000' }
 */
export function syntheticFromTable(database: string, table: string, info: TableInfo): SyntheticColumn | undefined {
  const field = info.fields.find((f) => /^GOE_PART_/i.test(f.name));
  if (field === undefined) return undefined;
  const recorded = field.description?.startsWith(SYNTHETIC_DESCRIPTION_PREFIX)
    ? parseRecorded(field.description.slice(SYNTHETIC_DESCRIPTION_PREFIX.length))
    : undefined;
  if (recorded !== undefined) return { name: field.name, ...recorded };
  const byName = /^GOE_PART_([1-9]\d*)_(.+)$/i.exec(field.name);
  const source = byName && info.fields.find((f) => f.name.toUpperCase() === byName[2]!.toUpperCase());
  if (byName && source) return { name: field.name, source: source.name, granularity: byName[1]! };
  throw new GoeError(
    'VALIDATION_MISMATCH',
    `Cannot load ${database}.${table}: its partition column ${field.name} does not record how it is computed`,
    { hint: 'Offload with --reset-backend-table to recreate the table' },
  );
}

function parseRecorded(text: string): Omit<SyntheticColumn, 'name'> | undefined {
  try {
    const v = JSON.parse(text) as { source?: unknown; function?: unknown; granularity?: unknown };
    if (typeof v.source !== 'string') return undefined;
    const fn = v.function;
    if (Array.isArray(fn) && fn.length === 3 && fn.every((p) => typeof p === 'string' && p !== '')) {
      return { source: v.source, function: fn as [string, string, string] };
    }
    if (typeof v.granularity === 'string' && /^[1-9]\d*$/.test(v.granularity)) {
      return { source: v.source, granularity: v.granularity };
    }
    return undefined;
  } catch {
    return undefined;
  }
}

/** A partition function's path as SQL: `` `project`.`dataset`.`routine` ``. */
function functionRef(path: readonly string[]): string {
  return path.map(quoteIdent).join('.');
}

function sourceColumnOf(column: SyntheticColumn, plan: OffloadPlan) {
  const source = plan.columns.find((c) => c.name.toUpperCase() === column.source.toUpperCase());
  if (source === undefined) {
    throw new GoeError('OPTION_INVALID', `Partition source column ${column.source} is not a column of the table`);
  }
  return source;
}

/**
 * The final-load expression of a synthetic column over the load table: `CAST(FLOOR(CAST(x AS BIGNUMERIC) / g) * g
 * AS INT64)` or `` `project`.`DB`.`UDF`(x) ``, x being the source column's final value.
 *
 * @example
 * syntheticExpression({ name: 'GOE_PART_1000_AMT', source: 'AMT', granularity: '1000' }, plan)
 * // { name: 'GOE_PART_1000_AMT', expr: 'CAST(FLOOR(CAST(CAST(`AMT` AS NUMERIC(12,2)) AS BIGNUMERIC) / 1000) * 1000 AS INT64)' }
 */
export function syntheticExpression(
  column: SyntheticColumn,
  plan: OffloadPlan,
): { readonly name: string; readonly expr: string } {
  const x = finalExpression(sourceColumnOf(column, plan), plan.staging.encoding, plan.allow);
  if (column.function !== undefined) return { name: column.name, expr: `${functionRef(column.function)}(${x})` };
  const g = column.granularity ?? '1';
  return { name: column.name, expr: `CAST(FLOOR(CAST(${x} AS BIGNUMERIC) / ${g}) * ${g} AS INT64)` };
}

/**
 * The synthetic partition column of a plan with its final-load expression (reference §5.5), or undefined when the
 * table is not partitioned or natively.
 *
 * @example
 * syntheticColumnOf(plan, 'acme') // { name: 'GOE_PART_1000_AMOUNT', expr: 'CAST(FLOOR(CAST(CAST(`AMOUNT` AS NUMERIC(12,2)) AS BIGNUMERIC) / 1000) * 1000 AS INT64)' }
 */
export function syntheticColumnOf(
  plan: OffloadPlan,
  project: string,
): { readonly name: string; readonly expr: string } | undefined {
  const column = syntheticDefinitionOf(plan, project);
  return column === undefined ? undefined : syntheticExpression(column, plan);
}

/**
 * Checks a partition function against BigQuery (reference §5.5): it exists, takes one argument of the source
 * column's BigQuery type (BIGNUMERIC, INT64, NUMERIC or STRING) and returns INT64 — by calling it once on a typed
 * NULL ({@link BIGQUERY_SQL.partitionFunctionCheck}), which reads no table, and reading the result's type.
 *
 * @throws GoeError `OPTION_INVALID` (`--partition-functions`) naming the function and what is wrong
 * @example
 * await checkPartitionFunction(api, { name: 'GOE_PART_U0_REGION', source: 'REGION', function: ['p', 'udfs', 'f'] }, plan);
 */
export async function checkPartitionFunction(
  api: BigqueryApi,
  column: SyntheticColumn,
  plan: OffloadPlan,
): Promise<void> {
  if (column.function === undefined) return;
  const name = column.function.join('.');
  const source = sourceColumnOf(column, plan);
  const type = bigqueryTypeFor(source, plan.allow);
  const refuse = (message: string, hint?: string) =>
    new GoeError('OPTION_INVALID', message, {
      variable: '--partition-functions',
      column: source.name,
      ...(hint === undefined ? {} : { hint }),
    });
  if (!PARTITION_FUNCTION_PARAMETER_TYPES.includes(type.replace(/\(.*$/, ''))) {
    throw refuse(
      `Partition function parameter type does not match data type: ${source.name} is ${type}, and partition functions take ${PARTITION_FUNCTION_PARAMETER_TYPES.join(', ')}`,
    );
  }
  let result;
  try {
    result = await api.query(BIGQUERY_SQL.partitionFunctionCheck(column.function, type));
  } catch (e) {
    const text = e instanceof Error ? e.message : String(e);
    if (/function not found|not found: function|routine .* not found/i.test(text)) {
      throw refuse(`Partition function does not exist: ${name}`, `Create it, or correct --partition-functions`);
    }
    if (/no matching signature|coerce|argument/i.test(text)) {
      throw refuse(
        `Partition function parameter type does not match data type: ${name} must have exactly 1 input parameter of type ${type} (the type of ${source.name})`,
        text.split('\n')[0],
      );
    }
    throw e;
  }
  const returns = result.types?.[0]?.toUpperCase();
  if (returns !== undefined && returns !== 'INT64' && returns !== 'INTEGER') {
    throw refuse(`Partition function ${name} returns ${returns}: a partition function must return INT64`);
  }
}
