/**
 * The partitioning and sorting options of `offload` (`--partition-*`, `--sort-columns`, `--offload-chunk-column`)
 * and their parsing: bounds, partition function names, CSV lists with empty items.
 */
import { GoeError } from '../../errors.js';
import type { ColumnListInput } from '../../types/data-type-controls.js';

/**
 * Default of `--partition-digits`: zero-pad width of string synthetic numbers.
 *
 * @example
 * planBackendPartitioning({ partitionColumns: 'ID', partitionGranularity: '1000' }, input).spec.columns[0]?.digits // 15 where synthetic numbers are strings
 */
export const DEFAULT_PARTITION_DIGITS = 15;

/**
 * Date granularities GOE knows: year, month, day (the default of `capabilities.partitioning.dateGranularities`).
 *
 * @example
 * PARTITION_DATE_GRANULARITIES.includes('M') // true
 */
export const PARTITION_DATE_GRANULARITIES = ['Y', 'M', 'D'] as const;

/**
 * GOE's sort (cluster) column limit of backends that cluster without a stated limit ("unlimited" in GOE is 100); a
 * value for `capabilities.clustering.maxColumns`.
 *
 * @example
 * defineBackend({ ..., capabilities: { clustering: { maxColumns: DEFAULT_MAX_SORT_COLUMNS } } })
 */
export const DEFAULT_MAX_SORT_COLUMNS = 100;

/**
 * Value of `--sort-columns` that means "no sorting".
 *
 * @example
 * planBackendPartitioning({ sortColumns: SORT_COLUMNS_NONE }, input).spec.sortColumns // []
 */
export const SORT_COLUMNS_NONE = 'NONE';

/**
 * The partitioning and sorting options of `offload` (orchestration reference §1.2 "Backend partitioning").
 *
 * @example
 * const controls: PartitionControls = { partitionColumns: 'TIME_ID', partitionGranularity: 'M', sortColumns: 'CUST_ID' };
 */
export interface PartitionControls {
  /** `--partition-columns` (wildcards allowed); default: the RDBMS partition columns (see `planBackendPartitioning`). */
  readonly partitionColumns?: ColumnListInput;
  /** `--partition-granularity`: one per partition column; `Y`/`M`/`D` for dates, an integer for numbers and string prefixes. Empty items take the default. */
  readonly partitionGranularity?: string | readonly string[];
  /** `--partition-lower-value`: integral lower bound of native integer range partitioning. */
  readonly partitionLowerValue?: string | number | bigint;
  /** `--partition-upper-value`: integral upper bound of native integer range partitioning. */
  readonly partitionUpperValue?: string | number | bigint;
  /** `--partition-digits`: zero-pad width of string synthetic numbers; default {@link DEFAULT_PARTITION_DIGITS} (15). */
  readonly partitionDigits?: number;
  /** `--partition-functions`: one `DB.UDF` per partition column (empty items: none); backends with the `function` kind only. */
  readonly partitionFunctions?: string | readonly string[];
  /** `--sort-columns`: cluster columns (wildcards allowed) or `NONE`; not set → backend default. */
  readonly sortColumns?: ColumnListInput;
  /** `--offload-chunk-column`: must be one of the partition columns. */
  readonly offloadChunkColumn?: string;
}

/** An `OPTION_INVALID` error with its column/variable details. @internal */
export const optionError = (message: string, details: { column?: string; variable?: string; hint?: string } = {}) =>
  new GoeError('OPTION_INVALID', message, details);

/**
 * Splits a CSV keeping empty items as `undefined` (GOE's `empty_strings_to_none`). @internal
 *
 * @example
 * splitKeepEmpty('a,,b') // ['a', undefined, 'b']
 */
export function splitKeepEmpty(input: string | readonly string[] | undefined): (string | undefined)[] {
  if (input === undefined) return [];
  const raw = typeof input === 'string' ? input : input.join(',');
  if (raw.trim() === '') return [];
  return raw.split(',').map((s) => (s.trim() === '' ? undefined : s.trim()));
}

/**
 * Normalizes `--partition-lower-value`/`--partition-upper-value`: integral text (negatives allowed).
 *
 * @throws GoeError `OPTION_INVALID` "Invalid value for --partition-lower-value, must be an integral number: X".
 * @example
 * normalizePartitionBound(' -10 ', '--partition-lower-value') // '-10'
 */
export function normalizePartitionBound(
  value: string | number | bigint | undefined | null,
  option: string,
): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = String(value).trim();
  if (text === '') return undefined;
  if (!/^-?\d+$/.test(text)) {
    throw optionError(`Invalid value for ${option}, must be an integral number: ${String(value)}`, {
      variable: option,
    });
  }
  return BigInt(text).toString();
}

/**
 * Normalizes one `--partition-functions` entry to `DB.NAME`.
 *
 * @throws GoeError `OPTION_INVALID` "Offload partition function is missing database name: F" or a malformed name.
 * @example
 * normalizePartitionFunction('udfs.to_band') // 'udfs.to_band'
 */
export function normalizePartitionFunction(fn: string, defaultDatabase?: string): string {
  const parts = fn.trim().split('.');
  if (parts.length === 1) {
    if (!defaultDatabase) {
      throw optionError(`Offload partition function is missing database name: ${fn}`, {
        variable: '--partition-functions',
      });
    }
    return `${defaultDatabase}.${parts[0]}`;
  }
  if (parts.length !== 2 || parts.some((p) => !/^[A-Za-z0-9_$#-]+$/.test(p))) {
    throw optionError(`Offload partition function must be given as DB.NAME: ${fn}`, {
      variable: '--partition-functions',
    });
  }
  return parts.join('.');
}
