/** `--sort-columns` (reference §5.4): cluster columns given, `NONE`, or the backend's default (the primary key). */
import type { BackendClustering } from '../../contracts/backend.js';
import type { CanonicalColumn } from '../../types/column.js';
import {
  expandColumnsCsv,
  formatNameList,
  sourceCanonical,
  type SourceColumnLike,
} from '../../types/data-type-controls.js';
import { PARTITION_CONTROL_MESSAGES } from './messages.js';
import { optionError, SORT_COLUMNS_NONE, type PartitionControls } from './options.js';

/** What {@link planSortColumns} reads besides the options. */
export interface SortColumnsInput {
  readonly sourceColumns: readonly SourceColumnLike[];
  /** Final canonical columns (for the backend's type check). */
  readonly finalColumns: readonly CanonicalColumn[];
  readonly primaryKey?: readonly string[];
  readonly clustering: BackendClustering;
  readonly existingBackendTable?: boolean;
}

/**
 * Plans the sort (cluster) columns: `NONE` → none; a list → must exist, have a type the backend accepts and fit
 * `clustering.maxColumns`; not set → the primary key (cut to the maximum, with a notice) on a backend whose
 * `clustering.defaultToPrimaryKey` is set and for a new table, else none.
 *
 * @throws GoeError `OPTION_INVALID` with GOE's §5.4 texts
 * @example
 * planSortColumns({ sortColumns: 'id' }, { sourceColumns, finalColumns, clustering: { maxColumns: 4, defaultToPrimaryKey: true } }, [])
 * // { columns: ['ID'], specified: true }
 */
export function planSortColumns(
  controls: Pick<PartitionControls, 'sortColumns'>,
  input: SortColumnsInput,
  notices: string[],
): { columns: string[]; specified: boolean } {
  const { clustering } = input;
  const max = clustering.maxColumns;
  const raw = controls.sortColumns;
  const rawText = raw === undefined ? '' : typeof raw === 'string' ? raw : raw.join(',');
  if (rawText.trim() === '') {
    const pk = input.primaryKey ?? [];
    if (input.existingBackendTable || !clustering.defaultToPrimaryKey || pk.length === 0 || max === 0) {
      return { columns: [], specified: false };
    }
    let columns = pk.map((c) => c.toUpperCase());
    if (columns.length > max) {
      columns = columns.slice(0, max);
      notices.push(`Sorting by the first ${max} primary key columns (backend maximum): ${columns.join(',')}`);
    }
    return { columns, specified: false };
  }
  if (rawText.trim().toUpperCase() === SORT_COLUMNS_NONE) return { columns: [], specified: true };

  const names = input.sourceColumns.map((c) => sourceCanonical(c).name);
  const upperNames = new Set(names.map((n) => n.toUpperCase()));
  const requested = expandColumnsCsv(raw, names, { option: '--sort-columns', retainNonMatching: true });
  const unknown = requested.filter((n) => !upperNames.has(n.toUpperCase()));
  if (unknown.length > 0) {
    throw optionError(`${PARTITION_CONTROL_MESSAGES.unknownSortColumns}: ${formatNameList(unknown)}`, {
      column: unknown[0],
      variable: '--sort-columns',
    });
  }
  if (clustering.isValidType) {
    for (const name of requested) {
      const col = input.finalColumns.find((c) => c.name.toUpperCase() === name.toUpperCase());
      if (col && !clustering.isValidType(col)) {
        throw optionError(`${PARTITION_CONTROL_MESSAGES.invalidSortColumn}: ${col.name}/${col.dataType}`, {
          column: col.name,
          variable: '--sort-columns',
        });
      }
    }
  }
  if (requested.length > max) {
    throw optionError(`${PARTITION_CONTROL_MESSAGES.tooManySortColumns}: ${requested.length} > ${max}`, {
      variable: '--sort-columns',
      column: requested[max],
      hint: max === 0 ? 'The backend cannot sort (cluster) tables; remove --sort-columns' : undefined,
    });
  }
  return { columns: requested.map((n) => n.toUpperCase()), specified: true };
}
