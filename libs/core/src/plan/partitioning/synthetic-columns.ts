/** Native vs synthetic partition columns (reference §5.5): which keys get a `GOE_PART_…` column, and decoding one. */
import type { BackendPartitioning } from '../../contracts/backend.js';
import { isDateType, isStringType } from '../../types/canonical.js';
import {
  decodeSyntheticPartitionColumnName,
  type CanonicalColumn,
  type ColumnPartitionInfo,
} from '../../types/column.js';

const NATIVE_INTEGERS = new Set(['INTEGER_1', 'INTEGER_2', 'INTEGER_4', 'INTEGER_8']);

/**
 * Whether a partition key needs a synthetic `GOE_PART_…` column on a backend: always with a partition function;
 * else the backend's `needsSyntheticColumn` hook when it has one; else per `partitioning.synthetic` — `'always'`;
 * `'never'`; `'non-native'`: yes for strings, dates landed as strings, dates without the `date` kind, numbers other
 * than 1–8 byte integers and integers without the `integer-range` kind.
 *
 * @example
 * needsSyntheticColumn(saleDate, { dateAsString: false }, { ...DEFAULT_BACKEND_CAPABILITIES.partitioning, kinds: ['date'] }) // false
 */
export function needsSyntheticColumn(
  column: CanonicalColumn,
  key: { readonly function?: string; readonly dateAsString: boolean },
  partitioning: BackendPartitioning,
): boolean {
  if (key.function !== undefined) return true;
  if (partitioning.needsSyntheticColumn) return partitioning.needsSyntheticColumn(column, key);
  if (partitioning.synthetic === 'always') return true;
  if (partitioning.synthetic === 'never') return false;
  if (key.dateAsString || isStringType(column.dataType)) return true;
  if (isDateType(column.dataType)) return !partitioning.kinds.includes('date');
  if (NATIVE_INTEGERS.has(column.dataType)) return !partitioning.kinds.includes('integer-range');
  return true;
}

/**
 * Partition info of an existing backend column decoded from its synthetic name (GOE's
 * `_derive_partition_info` fallback, reference §1.5): granularity and source column from the name, `digits` =
 * length of the granularity token but only for string-based backend columns, `undefined` for names that are not
 * synthetic.
 *
 * @example
 * partitionInfoFromSyntheticName('GOE_PART_000001000_ID', 0, true) // { position: 0, granularity: '000001000', sourceColumnName: 'ID', digits: 9 }
 * partitionInfoFromSyntheticName('GOE_PART_1000_ID', 0, false)?.digits // undefined
 */
export function partitionInfoFromSyntheticName(
  name: string,
  position: number,
  backendColumnIsString: boolean,
): ColumnPartitionInfo | undefined {
  const decoded = decodeSyntheticPartitionColumnName(name);
  if (!decoded) return undefined;
  return {
    position,
    granularity: decoded.granularity,
    sourceColumnName: decoded.sourceColumn,
    ...(backendColumnIsString ? { digits: decoded.digits } : {}),
  };
}
