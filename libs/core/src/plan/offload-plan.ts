/**
 * The OffloadPlan: everything an offload will do, decided before any write — pure data, serializable
 * (`JSON.stringify`-safe: no bigint, no functions) and printable. Preview mode shows it.
 */
import type { CanonicalColumn } from '../types/column.js';
import type { OffloadScope } from '../contracts/frontend.js';
import type { TransportMethod } from '../contracts/transport.js';
import type { IncrementalPredicateType } from '../contracts/repository.js';
import type { ColumnTransform } from '../types/column-transforms.js';
import type { StagingEncoding } from './staging-encoding.js';

/**
 * Which offload variant a plan is (GOE's offload source data class, types reference §5.3), for the printed and the
 * `--json` plan.
 *
 * @example
 * const v: OffloadVariant = { kind: 'list', offloadType: 'INCREMENTAL', predicateType: 'LIST', keyColumns: ['REGION'], highValues: [['EU']] };
 */
export interface OffloadVariant {
  /** `full`, `range` (RANGE partition append), `list` (LIST append), `list-as-range` or `predicate`. */
  readonly kind: 'full' | 'range' | 'list' | 'list-as-range' | 'predicate';
  readonly offloadType: 'FULL' | 'INCREMENTAL';
  readonly predicateType?: IncrementalPredicateType;
  /** Partition key columns (INCREMENTAL_KEY). */
  readonly keyColumns?: readonly string[];
  /** Predicate offloads: `late-arriving` or `intra-day` when not plain PREDICATE. */
  readonly predicateCase?: 'predicate' | 'late-arriving' | 'intra-day';
  /** Partitions this run offloads (partition appends). */
  readonly partitions?: readonly string[];
  /** Partitions the backend already holds. */
  readonly alreadyOffloaded?: readonly string[];
  /** The high values recorded after this run (INCREMENTAL_HIGH_VALUE). */
  readonly highValues?: readonly (readonly string[])[];
}

/** Backend partitioning of one column, from `--partition-columns` and friends (reference §5.4). */
export interface BackendPartitionColumn {
  /** Source column the partition derives from (upper case). */
  readonly sourceColumn: string;
  /** Backend column: the source column itself (native) or a synthetic `GOE_PART_…` column. */
  readonly backendColumn: string;
  readonly synthetic: boolean;
  /** `Y`/`M`/`D` for dates; digits for numbers and string prefix lengths. */
  readonly granularity: string;
  readonly digits?: number;
  /** `--partition-lower-value` / `--partition-upper-value` (integer text). */
  readonly lowerValue?: string;
  readonly upperValue?: string;
  /** `--partition-functions` entry (`DB.UDF`). */
  readonly function?: string;
}

/** Backend partitioning and clustering spec. */
export interface BackendPartitionSpec {
  readonly columns: readonly BackendPartitionColumn[];
  /** `--sort-columns` (clustering), upper case. */
  readonly sortColumns: readonly string[];
}

/** Lossy conversions the user allowed explicitly. */
export interface LossyAllowances {
  /** `--allow-decimal-scale-rounding` */
  readonly decimalScaleRounding: boolean;
  /** `--allow-floating-point-conversions` */
  readonly floatingPointConversions: boolean;
  /** `--allow-nanosecond-timestamp-columns` */
  readonly nanosecondTimestamps: boolean;
}

/** Staging file settings. */
export interface StagingSpec {
  readonly format: 'PARQUET' | 'AVRO';
  readonly compression: 'ZSTD' | 'SNAPPY' | 'NONE';
  /** Store-relative prefix of this offload's files, e.g. `sh/sales/<execution id>`. */
  readonly prefix: string;
  /** Roll over to a new file past this many bytes. */
  readonly maxFileBytes: number;
  readonly rowGroupRows: number;
  /**
   * How columns are staged where the backend's loader needs plain representations (the backend's
   * `capabilities.staging.encoding`; see `stagedColumns`). Absent: every column with its logical type.
   */
  readonly encoding?: StagingEncoding;
}

/** The whole plan of one offload command. */
export interface OffloadPlan {
  readonly planVersion: 1;
  readonly source: { readonly frontend: string; readonly owner: string; readonly table: string };
  readonly target: {
    readonly backend: string;
    readonly database: string;
    readonly table: string;
    /** `<db>_load`, only for backends that stage through one. */
    readonly loadDatabase?: string;
  };
  /** Final canonical columns (after data-type controls and NOT NULL rules), in source order. */
  readonly columns: readonly CanonicalColumn[];
  readonly scope: OffloadScope;
  readonly partitioning?: BackendPartitionSpec;
  /**
   * How the rows move: the transport method, slices read at once, rows per record batch (`batchRows`), rows per
   * round trip of a frontend that fetches in arrays (`fetchRows`, `--offload-transport-fetch-size`), and `snapshot`
   * — what the slices read at (`none`: no shared snapshot; a frontend snapshot kind such as `exported-snapshot`;
   * `given <token>`). `snapshot` and `fetchRows` are absent in plans made before they existed (`fetchRows` was
   * `batchRows` then).
   */
  readonly transport: {
    readonly method: TransportMethod;
    readonly parallelism: number;
    readonly batchRows: number;
    readonly fetchRows?: number;
    readonly snapshot?: string;
  };
  readonly staging: StagingSpec;
  readonly allow: LossyAllowances;
  /**
   * `--transform-column` transformations the backend's final load applies, in the order given (`null`: the column
   * holds NULL; `suppress`: the column is staged but left out of the backend table; `regexp_replace`/`translate`:
   * string functions with literal parameters). Absent or empty: none.
   */
  readonly columnTransforms?: readonly ColumnTransform[];
  /** The offload variant (absent in plans written before it was recorded). */
  readonly variant?: OffloadVariant;
  /** Notices the planner produced (e.g. options ignored on append). */
  readonly notices: readonly string[];
}
