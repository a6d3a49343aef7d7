/**
 * Staging encodings: how staged files represent columns whose logical Parquet/Avro types a backend's loader does not
 * read exactly. A backend declares them (`capabilities.staging.encoding`), the planner copies them into the plan
 * (`plan.staging.encoding`), and a transport stages each such column as the plain column {@link stagedColumn} gives:
 *
 * | encoding | canonical types | staged as | exact form |
 * |---|---|---|---|
 * | `decimal: 'text'` | DECIMAL, INTEGER_38 | VARIABLE_STRING | the plain decimal text (`-12.50`; no exponent) |
 * | `timelike: 'epoch-int64'` | TIME, TIMESTAMP, TIMESTAMP_TZ | INTEGER_8 | micro- or nanoseconds (per the column's scale, {@link timeUnitForScale}) since the epoch (since midnight for TIME), no logical type |
 * | `binary: 'base64'` | BINARY, LARGE_BINARY | LARGE_STRING | standard base64 with padding |
 *
 * The backend's load turns them back (e.g. `CAST(x AS NUMERIC)`, `TIMESTAMP_MICROS(x)`, `FROM_BASE64(x)`), so every
 * value stays exact and a staged value the backend cannot read is caught by its cast check.
 */
import { canonicalColumn, type CanonicalColumn } from '../types/column.js';

/**
 * Column representations a backend's loader needs instead of the logical staging types (see the module table).
 * Every field is optional; absent means the logical type.
 *
 * @example
 * const encoding: StagingEncoding = { decimal: 'text', timelike: 'epoch-int64', binary: 'base64' };
 */
export interface StagingEncoding {
  /** DECIMAL and INTEGER_38 as decimal text. */
  readonly decimal?: 'text';
  /** TIME, TIMESTAMP and TIMESTAMP_TZ as 64-bit integers in their unit, without a logical type. */
  readonly timelike?: 'epoch-int64';
  /** BINARY and LARGE_BINARY as base64 text. */
  readonly binary?: 'base64';
}

/**
 * How a column is staged under an encoding: the column itself when the encoding leaves it alone, else a column of the
 * same name and nullability with the staged type (VARIABLE_STRING, INTEGER_8 or LARGE_STRING).
 *
 * @example
 * stagedColumn(canonicalColumn({ name: 'AMT', dataType: 'DECIMAL', precision: 12, scale: 2 }), { decimal: 'text' }).dataType // 'VARIABLE_STRING'
 */
export function stagedColumn(column: CanonicalColumn, encoding: StagingEncoding | undefined): CanonicalColumn {
  const kind = stagingEncodingOf(column, encoding);
  if (kind === undefined) return column;
  const base = { name: column.name, nullable: column.nullable };
  switch (kind) {
    case 'decimal':
      return canonicalColumn({ ...base, dataType: 'VARIABLE_STRING' });
    case 'timelike':
      return canonicalColumn({ ...base, dataType: 'INTEGER_8' });
    case 'binary':
      return canonicalColumn({ ...base, dataType: 'LARGE_STRING' });
  }
}

/**
 * Which encoding applies to a column (`'decimal'`, `'timelike'`, `'binary'`), or undefined when it is staged with its
 * logical type.
 *
 * @example
 * stagingEncodingOf(canonicalColumn({ name: 'T', dataType: 'TIME' }), { timelike: 'epoch-int64' }) // 'timelike'
 */
export function stagingEncodingOf(
  column: CanonicalColumn,
  encoding: StagingEncoding | undefined,
): 'decimal' | 'timelike' | 'binary' | undefined {
  if (encoding === undefined) return undefined;
  switch (column.dataType) {
    case 'DECIMAL':
    case 'INTEGER_38':
      return encoding.decimal === 'text' ? 'decimal' : undefined;
    case 'TIME':
    case 'TIMESTAMP':
    case 'TIMESTAMP_TZ':
      return encoding.timelike === 'epoch-int64' ? 'timelike' : undefined;
    case 'BINARY':
    case 'LARGE_BINARY':
      return encoding.binary === 'base64' ? 'binary' : undefined;
    default:
      return undefined;
  }
}

/**
 * The columns of a plan as staged under its encoding ({@link stagedColumn} of each).
 *
 * @example
 * const staged = stagedColumns(plan.columns, plan.staging.encoding); // arrowSchemaFor(staged) is the staged schema
 */
export function stagedColumns(
  columns: readonly CanonicalColumn[],
  encoding: StagingEncoding | undefined,
): readonly CanonicalColumn[] {
  return encoding === undefined ? columns : columns.map((c) => stagedColumn(c, encoding));
}
