/**
 * The load path's column logic, pure: the load table's schema (the staged columns as the load job reads them), the
 * final `INSERT … SELECT` expression of each column, and the cast check's failure conditions. Staged columns follow
 * the backend's staging encoding (core's `StagingEncoding`): decimals as text, times as epoch integers, binary as
 * base64 — the forms real BigQuery and bigquery-emulator both load exactly (docs/backend-bigquery-notes.md).
 *
 * | canonical | staged (load table) | final expression | cast check fails when |
 * |---|---|---|---|
 * | DECIMAL, INTEGER_38 | STRING | `CAST(x AS NUMERIC(p,s))` / `BIGNUMERIC(p,s)` | not plain decimal text of at most p − s integer and s fraction digits |
 * | TIMESTAMP | INT64 µs (ns) | `DATETIME(TIMESTAMP_MICROS(x))` | outside 0001-01-01 … 9999-12-31 |
 * | TIMESTAMP_TZ | INT64 µs (ns) | `TIMESTAMP_MICROS(x)` | idem |
 * | TIME | INT64 µs (ns) since midnight | `TIME(TIMESTAMP_MICROS(x))` | outside 00:00 … 23:59:59.999999 |
 * | BINARY, LARGE_BINARY | STRING (base64) | `FROM_BASE64(x)` | not base64 (`SAFE.FROM_BASE64` is NULL) |
 * | FIXED/VARIABLE_STRING with a length | STRING | `x` | longer than the length |
 * | others | their BigQuery type | `x` | — |
 *
 * Nanosecond columns (`--allow-nanosecond-timestamp-columns`) are floored to microseconds.
 */
import {
  stagedColumn,
  stagingEncodingOf,
  timeUnitForScale,
  type CanonicalColumn,
  type StagingEncoding,
} from '@goe/core';
import { bigqueryTypeFor } from './type-map.js';
import { quoteIdent, type CastCheckDef } from './sql.js';

/** A field of a load job's or table's schema (the tables API shape). */
export interface SchemaField {
  readonly name: string;
  readonly type: string;
  readonly mode: 'NULLABLE' | 'REQUIRED';
  readonly precision?: string;
  readonly scale?: string;
  readonly maxLength?: string;
  readonly description?: string;
}

/**
 * The tables-API field of a BigQuery type text (`NUMERIC(12,2)` → precision and scale, `STRING(10)` → maxLength).
 *
 * @example
 * schemaField('AMT', 'NUMERIC(12,2)', true) // { name: 'AMT', type: 'NUMERIC', mode: 'NULLABLE', precision: '12', scale: '2' }
 */
export function schemaField(name: string, type: string, nullable: boolean, description?: string): SchemaField {
  const m = /^([A-Z0-9]+)(?:\((\d+)(?:,(\d+))?\))?$/.exec(type.replace(/\s+/g, ''));
  const base = m?.[1] ?? type;
  const out: { -readonly [K in keyof SchemaField]: SchemaField[K] } = {
    name,
    type: base,
    mode: nullable ? 'NULLABLE' : 'REQUIRED',
  };
  if (m?.[2] !== undefined) {
    if (base === 'STRING' || base === 'BYTES') out.maxLength = m[2];
    else {
      out.precision = m[2];
      out.scale = m[3] ?? '0';
    }
  }
  if (description !== undefined) out.description = description;
  return out;
}

/**
 * The type text of a tables-API field (`NUMERIC` with precision 12 and scale 2 → `NUMERIC(12,2)`).
 *
 * @example
 * fieldTypeText({ name: 'S', type: 'STRING', mode: 'NULLABLE', maxLength: '10' }) // 'STRING(10)'
 */
export function fieldTypeText(field: {
  readonly type?: string | null;
  readonly precision?: string | null;
  readonly scale?: string | null;
  readonly maxLength?: string | null;
}): string {
  const type = (field.type ?? '').toUpperCase();
  if (field.precision != null && field.precision !== '') return `${type}(${field.precision},${field.scale ?? 0})`;
  if (field.maxLength != null && field.maxLength !== '') return `${type}(${field.maxLength})`;
  return type;
}

/**
 * The load table's schema: every staged column NULLABLE (NOT NULL is checked by `validateStaged`, so a NULL is
 * reported, not a failed load job), typed as staged.
 *
 * @example
 * loadSchema(plan.columns, { decimal: 'text' })[1] // { name: 'AMOUNT', type: 'STRING', mode: 'NULLABLE' }
 */
export function loadSchema(
  columns: readonly CanonicalColumn[],
  encoding: StagingEncoding | undefined,
): readonly SchemaField[] {
  const allowAll = { decimalScaleRounding: true, floatingPointConversions: true, nanosecondTimestamps: true };
  return columns.map((c) => {
    const staged = stagedColumn(c, encoding);
    const type = bigqueryTypeFor(staged, allowAll).replace(/\(.*\)$/, '');
    return schemaField(c.name, type, true);
  });
}

const MICROS = { min: -62135596800000000n, max: 253402300799999999n, day: 86399999999n };

function micros(x: string, column: CanonicalColumn): string {
  return timeUnitForScale(column.scale) === 'ns' ? `DIV(${x} - MOD(MOD(${x}, 1000) + 1000, 1000), 1000)` : x;
}

/**
 * The final `INSERT … SELECT` expression of a column read from the load table.
 *
 * @example
 * finalExpression(canonicalColumn({ name: 'T', dataType: 'TIME', scale: 6 }), { timelike: 'epoch-int64' }, allow) // 'TIME(TIMESTAMP_MICROS(`T`))'
 */
export function finalExpression(
  column: CanonicalColumn,
  encoding: StagingEncoding | undefined,
  allow: Parameters<typeof bigqueryTypeFor>[1],
): string {
  const x = quoteIdent(column.name);
  switch (stagingEncodingOf(column, encoding)) {
    case 'decimal':
      return `CAST(${x} AS ${bigqueryTypeFor(column, allow)})`;
    case 'timelike': {
      const ts = `TIMESTAMP_MICROS(${micros(x, column)})`;
      return column.dataType === 'TIME' ? `TIME(${ts})` : column.dataType === 'TIMESTAMP' ? `DATETIME(${ts})` : ts;
    }
    case 'binary':
      return `FROM_BASE64(${x})`;
    default:
      return x;
  }
}

/**
 * The pattern of the decimal text a NUMERIC/BIGNUMERIC(p,s) column takes exactly: at most p − s integer digits (a
 * lone `0` always) and s fraction digits (any number when rounding is allowed). The staged text is plain (no
 * exponent, no `+`), so the pattern is the exact precision check, the same on BigQuery and bigquery-emulator (whose
 * casts read `'12x'` as 12 and ignore type parameters).
 *
 * @example
 * decimalPattern('NUMERIC(12,2)', false) // '^-?(0|[0-9]{1,10})(\\.[0-9]{1,2})?$'
 */
export function decimalPattern(type: string, rounding: boolean): string {
  const m = /\((\d+),(\d+)\)$/.exec(type);
  const [p, s] = m === null ? [76, 38] : [Number(m[1]), Number(m[2])];
  const integral = p - s > 0 ? `(0|[0-9]{1,${p - s}})` : '0';
  const fraction = rounding ? '(\\.[0-9]+)?' : s > 0 ? `(\\.[0-9]{1,${s}})?` : '';
  return `^-?${integral}${fraction}$`;
}

/**
 * The conditions under which a column's final cast fails or loses its value (for `BIGQUERY_SQL.castCheck`), or
 * undefined when every staged value converts.
 *
 * @example
 * castCheckOf(amount, { decimal: 'text' }, allow) // { column: 'AMOUNT', fails: 'SAFE_CAST(`AMOUNT` AS NUMERIC(12,2)) IS NULL' }
 */
export function castCheckOf(
  column: CanonicalColumn,
  encoding: StagingEncoding | undefined,
  allow: Parameters<typeof bigqueryTypeFor>[1],
): CastCheckDef | undefined {
  const x = quoteIdent(column.name);
  switch (stagingEncodingOf(column, encoding)) {
    case 'decimal': {
      const type = bigqueryTypeFor(column, allow);
      return {
        column: column.name,
        fails: `NOT REGEXP_CONTAINS(${x}, r'${decimalPattern(type, allow?.decimalScaleRounding === true)}')`,
      };
    }
    case 'timelike': {
      const v = micros(x, column);
      const [lo, hi] = column.dataType === 'TIME' ? [0n, MICROS.day] : [MICROS.min, MICROS.max];
      return { column: column.name, fails: `${v} < ${lo} OR ${v} > ${hi}` };
    }
    case 'binary':
      return { column: column.name, fails: `SAFE.FROM_BASE64(${x}) IS NULL` };
    default: {
      const length = /^(?:STRING|BYTES)\((\d+)\)$/.exec(bigqueryTypeFor(column, allow))?.[1];
      return length === undefined ? undefined : { column: column.name, fails: `LENGTH(${x}) > ${length}` };
    }
  }
}
