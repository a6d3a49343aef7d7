/**
 * The source table model every frontend reports: columns in the source dialect with their canonical mapping,
 * partitioning with decoded bounds, primary key, size.
 */
import type { CanonicalColumn, ColumnAttributes } from '../types/column.js';

/** A source column: its own dialect attributes and its canonical mapping. */
export interface SourceColumn extends ColumnAttributes {
  /** The canonical column this source column maps to (before data-type controls). */
  readonly canonical: CanonicalColumn;
}

/** Partitioning methods a source may report. */
export type PartitionMethod = 'range' | 'list' | 'hash' | 'interval' | 'none';

/** One bound value of a range or list partition. `MINVALUE`/`MAXVALUE`/`DEFAULT` are markers, not values. */
export type PartitionBound =
  | { readonly kind: 'value'; readonly value: string | number | bigint | boolean | null; readonly text: string }
  | { readonly kind: 'MINVALUE' | 'MAXVALUE' | 'DEFAULT' };

/** A partition (or sub-partition) of a source table. */
export interface SourcePartition {
  readonly name: string;
  /** Range partitions: exclusive upper bound per key column ("high value"). */
  readonly upperBound?: readonly PartitionBound[];
  /** Range partitions: inclusive lower bound per key column, where the source records one. */
  readonly lowerBound?: readonly PartitionBound[];
  /** List partitions: the listed values (each a tuple over the key columns). */
  readonly values?: readonly (readonly PartitionBound[])[];
  /** Hash partitions: modulus and remainder. */
  readonly hash?: { readonly modulus: number; readonly remainder: number };
  /** True for the DEFAULT partition. */
  readonly isDefault?: boolean;
  /** The source's own text of the bound expression, for messages. */
  readonly boundText?: string;
  readonly rowEstimate?: number;
  readonly sizeBytes?: number;
  readonly subpartitions?: readonly SourcePartition[];
}

/** How a source table is partitioned. */
export interface PartitionScheme {
  readonly method: PartitionMethod;
  /** Partition key columns (source names). */
  readonly columns: readonly string[];
  readonly partitions: readonly SourcePartition[];
  /** Sub-partitioning method and key, when every partition is itself partitioned. */
  readonly subpartitioning?: { readonly method: PartitionMethod; readonly columns: readonly string[] };
}

/** A source table as described by `FrontendSession.describeTable`. */
export interface SourceTable {
  readonly owner: string;
  readonly name: string;
  readonly columns: readonly SourceColumn[];
  readonly primaryKey: readonly string[];
  readonly partitioning: PartitionScheme;
  readonly sizeBytes?: number;
  readonly rowEstimate?: number;
  /** The source's own version text, e.g. `Acme 15.18`. */
  readonly serverVersion?: string;
}

/** A table without partitions. @example UNPARTITIONED.method // 'none' */
export const UNPARTITIONED: PartitionScheme = Object.freeze({ method: 'none', columns: [], partitions: [] });

/** A backend table as `BackendSession.describeTable` reports it. */
export interface BackendTable {
  readonly database: string;
  readonly name: string;
  readonly columns: readonly CanonicalColumn[];
  /** Backend-dialect type text per column, in column order. */
  readonly backendTypes: readonly string[];
  /**
   * Columns the backend derived for partitioning and that have no source column (GOE's synthetic `GOE_PART_…`
   * columns): the structure check of an append ignores them. Default: none.
   */
  readonly syntheticColumns?: readonly string[];
}
