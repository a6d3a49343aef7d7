/** GOE's NOT NULL rules: `--not-null-columns` and `--not-null-propagation` applied to canonical columns. */
import { GoeError } from '../../errors.js';
import { cloneColumn, type CanonicalColumn } from '../column.js';
import { expandColumnsCsv, formatNameList } from './column-lists.js';
import { DATA_TYPE_CONTROL_DEFAULTS, type ColumnListInput, type NotNullPropagation } from './options.js';

/**
 * Normalizes `--not-null-propagation` (case-insensitive); `undefined` → `AUTO`.
 *
 * @throws GoeError `OPTION_INVALID` for anything but AUTO/NONE.
 * @example
 * normalizeNotNullPropagation('none') // 'NONE'
 */
export function normalizeNotNullPropagation(value: string | undefined | null): NotNullPropagation {
  if (value === undefined || value === null || value === '') return DATA_TYPE_CONTROL_DEFAULTS.notNullPropagation;
  const v = value.trim().toUpperCase();
  if (v === 'AUTO' || v === 'NONE') return v;
  throw new GoeError('OPTION_INVALID', `Invalid value for --not-null-propagation: ${value} (expected AUTO or NONE)`, {
    variable: '--not-null-propagation',
  });
}

/**
 * GOE's NOT NULL rules (`apply_not_null_columns_csv`): with `--not-null-columns`, exactly those columns (wildcards
 * allowed) become NOT NULL and every other column nullable; otherwise `NONE` makes every column nullable and `AUTO`
 * (the default) keeps the source nullability. Returns new columns; the input is not mutated.
 *
 * @throws GoeError `OPTION_INVALID` "Unknown columns specified for NOT NULL: ['X']" for names (or patterns) that match
 *   no column.
 * @example
 * applyNotNullControls(columns, 'ID,*_KEY').filter((c) => !c.nullable).map((c) => c.name) // ['ID', 'CUST_KEY']
 */
export function applyNotNullControls(
  columns: readonly CanonicalColumn[],
  notNullColumns?: ColumnListInput,
  propagation: NotNullPropagation = 'AUTO',
): CanonicalColumn[] {
  const names = columns.map((c) => c.name);
  const requested = expandColumnsCsv(notNullColumns, names, { option: '--not-null-columns', retainNonMatching: true });
  if (requested.length > 0) {
    const upperNames = new Set(names.map((n) => n.toUpperCase()));
    const bad = [...new Set(requested.map((n) => n.toUpperCase()).filter((n) => !upperNames.has(n)))];
    if (bad.length > 0) {
      throw new GoeError('OPTION_INVALID', `Unknown columns specified for NOT NULL: ${formatNameList(bad)}`, {
        variable: '--not-null-columns',
        column: bad[0],
      });
    }
    const wanted = new Set(requested.map((n) => n.toUpperCase()));
    return columns.map((c) => cloneColumn(c, { nullable: !wanted.has(c.name.toUpperCase()) }));
  }
  if (normalizeNotNullPropagation(propagation) === 'NONE')
    return columns.map((c) => cloneColumn(c, { nullable: true }));
  return [...columns];
}
