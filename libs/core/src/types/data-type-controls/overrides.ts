/**
 * Which canonical type a user override may give a source column (the dialect-neutral rule a frontend can make
 * stricter), and the canonical mapping of a source column.
 */
import type { SourceColumn } from '../../model/table.js';
import { isDateType, isNumberType, type CanonicalType } from '../canonical.js';
import type { CanonicalColumn } from '../column.js';

/**
 * A source column: a frontend {@link SourceColumn} (its `canonical` mapping is used) or a canonical column.
 *
 * @example
 * applyDataTypeControls(table.columns, controls, context); // SourceColumn[] or CanonicalColumn[]
 */
export type SourceColumnLike = SourceColumn | CanonicalColumn;

/** The canonical mapping of a source column. @example sourceCanonical(sourceColumn).dataType // 'DECIMAL' */
export function sourceCanonical(column: SourceColumnLike): CanonicalColumn {
  return 'canonical' in column ? column.canonical : column;
}

const EXACT_NUMBERS: readonly CanonicalType[] = [
  'INTEGER_1',
  'INTEGER_2',
  'INTEGER_4',
  'INTEGER_8',
  'INTEGER_38',
  'DECIMAL',
];

/**
 * The dialect-neutral override rule (the common part of GOE's frontend `valid_canonical_override`), by the
 * source column's canonical type:
 * - integer options (INTEGER_1…INTEGER_38): exact numeric sources (integers, DECIMAL) only;
 * - `--decimal-columns`: any numeric source (FLOAT/DOUBLE → DECIMAL then needs `--allow-floating-point-conversions`);
 * - `--double-columns`: any numeric source;
 * - `--date-columns`: DATE and TIMESTAMP (not TIMESTAMP_TZ: a zone cannot be dropped);
 * - `--timestamp-tz-columns`: any date source (DATE, TIMESTAMP, TIMESTAMP_TZ);
 * - `--variable-string-columns`: DATE, TIMESTAMP (dates landed as text) and VARIABLE_STRING;
 * - anything else: invalid.
 * A frontend may pass a stricter rule to {@link applyDataTypeControls}.
 *
 * @example
 * validCanonicalOverride(canonicalColumn({ name: 'D', dataType: 'TIMESTAMP_TZ' }), 'DATE') // false
 */
export function validCanonicalOverride(source: CanonicalColumn, target: CanonicalType): boolean {
  const t = source.dataType;
  switch (target) {
    case 'INTEGER_1':
    case 'INTEGER_2':
    case 'INTEGER_4':
    case 'INTEGER_8':
    case 'INTEGER_38':
      return EXACT_NUMBERS.includes(t);
    case 'DECIMAL':
    case 'DOUBLE':
      return isNumberType(t);
    case 'DATE':
      return t === 'DATE' || t === 'TIMESTAMP';
    case 'TIMESTAMP_TZ':
      return isDateType(t);
    case 'VARIABLE_STRING':
      return t === 'DATE' || t === 'TIMESTAMP' || t === 'VARIABLE_STRING';
    default:
      return false;
  }
}
