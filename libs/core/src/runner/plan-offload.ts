/**
 * Pure planning: options + the described source table + backend capabilities → an {@link OffloadPlan}. No I/O;
 * everything the plan needs is passed in, so preview shows exactly what execute will do.
 */
import { GoeError } from '../errors.js';
import type { BackendCapabilities } from '../contracts/backend.js';
import type { OffloadScope } from '../contracts/frontend.js';
import type { SourceTable } from '../model/table.js';
import type { OffloadPlan, StagingSpec } from '../plan/offload-plan.js';
import { planBackendPartitioning } from '../plan/partition-controls.js';
import {
  applyDataTypeControls,
  checkLossyConversions,
  planScaleRounding,
  resolveLossyAllowances,
  sourceCanonical,
  type NotNullPropagation,
} from '../types/data-type-controls.js';
import {
  describeColumnTransform,
  parseTransformColumn,
  planColumnTransforms,
  transformedColumns,
  type ColumnTransform,
} from '../types/column-transforms.js';
import { predicateColumnNames } from '../predicate/ast.js';
import type { CanonicalColumn } from '../types/column.js';
import type { OffloadOptions } from './options.js';
import type { TargetNames } from './target-naming.js';

/** Default roll-over size of one staging file: 256 MiB. @example DEFAULT_STAGING_FILE_BYTES // 268435456 */
export const DEFAULT_STAGING_FILE_BYTES = 256 * 1024 * 1024;
/**
 * Default Parquet row group: 32 768 rows. A writer holds one row group per open file (the NATIVE transport one per
 * slice), so this bounds the transport's memory: measured on the benchmark table (1 M rows, 2 slices), 122 880-row
 * groups kept the transport at 207 MB resident, 32 768-row groups at 162 MB, at the same speed.
 *
 * @example DEFAULT_ROW_GROUP_ROWS // 32768
 */
export const DEFAULT_ROW_GROUP_ROWS = 32_768;
/**
 * Default rows of one record batch a frontend yields to the transport: a row group's worth, so that a batch is one
 * Parquet page per column. The batch is the unit of the transport's per-batch work (decode, check, encode, progress):
 * on the 10M-row benchmark table, 5 000-row batches (GOE's fetch size, which was the batch size before) took 19-22 s
 * to transport, 32 768-row ones 16.7 s. A frontend's byte limit per batch (`ExtractOptions.batchBytes`) still
 * bounds wide rows. `--offload-transport-fetch-size` now sets `fetchRows` only, the round trip of drivers that fetch
 * in arrays.
 *
 * @example DEFAULT_BATCH_ROWS // 32768
 */
export const DEFAULT_BATCH_ROWS = 32_768;

/** Everything {@link planOffload} reads. */
export interface PlanOffloadInput {
  readonly options: OffloadOptions;
  readonly source: SourceTable;
  readonly frontend: string;
  /**
   * The backend: its name (recorded in the plan), its product name for hints (default: the name) and its
   * session-effective capabilities (types, decimal limits, partitioning and clustering traits).
   */
  readonly backend: {
    readonly name: string;
    readonly displayName?: string;
    readonly capabilities: BackendCapabilities;
  };
  readonly target: TargetNames;
  /** Offloading into a backend table that already exists (no reset): data-type and partition options are ignored with notices. */
  readonly existingBackendTable: boolean;
  /**
   * The `--transform-column` settings recorded in the offload metadata of the existing backend table
   * (`OffloadMetadata.columnTransforms`, `[]` when it was loaded without any). When given with
   * `existingBackendTable`, they are applied instead of `options.transformColumns` (GOE retains table settings on
   * append), with the notices of {@link retainedTransformNotices}. Default: absent (the options apply).
   */
  readonly recordedTransforms?: readonly string[];
  /** Rows to offload; default the whole table. */
  readonly scope?: OffloadScope;
  readonly transport: {
    readonly method: string;
    readonly parallelism: number;
    readonly batchRows: number;
    /** Rows per round trip of frontends that fetch in arrays (see `OffloadPlan.transport.fetchRows`); default absent. */
    readonly fetchRows?: number;
    /** What the slices read at (see `OffloadPlan.transport.snapshot`); default absent. */
    readonly snapshot?: string;
  };
  readonly staging: { readonly format: StagingSpec['format']; readonly compress: boolean; readonly prefix: string };
  /** `OFFLOAD_NOT_NULL_PROPAGATION`; default `AUTO`. */
  readonly notNullPropagation?: NotNullPropagation;
}

/**
 * Builds the plan of a (full) offload: canonical columns after data-type controls and NOT NULL rules, the
 * lossless-by-default gate, backend partitioning (refused by a backend without partitioning), transport and
 * staging settings, and the notices to show.
 *
 * @throws GoeError `TYPE_UNSUPPORTED` for a column type the backend cannot hold, `TYPE_LOSSY_CONVERSION`,
 *   `OPTION_INVALID` for bad controls or partition options the backend cannot honour
 * @example
 * const plan = planOffload({ options, source, frontend: 'acme', backend: { name: 'quack', capabilities },
 *   target, existingBackendTable: false, transport: { method: 'NATIVE', parallelism: 2, batchRows: 32768, fetchRows: 5000 },
 *   staging: { format: 'PARQUET', compress: false, prefix: 'sh/sales/<execution id>' } });
 */
export function planOffload(input: PlanOffloadInput): OffloadPlan {
  const { options, source, backend, target } = input;
  const caps = backend.capabilities;
  for (const col of source.columns) {
    const t = sourceCanonical(col).dataType;
    if (caps.unsupportedTypes.includes(t)) {
      throw new GoeError(
        'TYPE_UNSUPPORTED',
        `Column ${col.name} (${col.dataType} → ${t}) cannot be offloaded to ${backend.name}`,
        {
          column: col.name,
          hint: 'Convert it with a data-type control option, or exclude the table',
        },
      );
    }
  }
  const allow = resolveLossyAllowances(options.allow);
  const controls = applyDataTypeControls(
    source.columns,
    { ...options, notNullPropagation: options.notNullPropagation ?? input.notNullPropagation ?? 'AUTO' },
    { backend: caps, existingBackendTable: input.existingBackendTable },
  );
  const lossNotices = checkLossyConversions(source.columns, controls.columns, caps, allow);
  // --allow-decimal-scale-rounding: stage the source's exact decimal, the backend's cast rounds (types/scale-rounding)
  const rounding = planScaleRounding(source.columns, controls.columns, allow);
  const partitions = planBackendPartitioning(options, {
    sourceColumns: source.columns,
    finalColumns: rounding.columns,
    sourcePartitioning: source.partitioning,
    primaryKey: source.primaryKey,
    capabilities: caps,
    backendName: backend.displayName ?? backend.name,
    existingBackendTable: input.existingBackendTable,
  });
  const spec = partitions.spec;
  const retained = input.existingBackendTable ? input.recordedTransforms : undefined;
  const transformNotices = retained === undefined ? [] : retainedTransformNotices(retained, options.transformColumns);
  const columnTransforms = planTransforms(
    input,
    retained ?? options.transformColumns,
    partitions.columns,
    spec.columns.map((c) => c.sourceColumn),
  );
  return {
    planVersion: 1,
    source: { frontend: input.frontend, owner: source.owner, table: source.name },
    target: {
      backend: backend.name,
      database: target.database,
      table: target.table,
      ...(target.loadDatabase === undefined ? {} : { loadDatabase: target.loadDatabase }),
    },
    columns: transformedColumns(partitions.columns, columnTransforms),
    ...(columnTransforms.length > 0 ? { columnTransforms } : {}),
    scope: input.scope ?? { kind: 'full' },
    ...(spec.columns.length > 0 || spec.sortColumns.length > 0 ? { partitioning: spec } : {}),
    transport: input.transport,
    staging: {
      format: input.staging.format,
      compression: input.staging.compress ? 'SNAPPY' : 'NONE',
      prefix: input.staging.prefix,
      maxFileBytes: DEFAULT_STAGING_FILE_BYTES,
      rowGroupRows: DEFAULT_ROW_GROUP_ROWS,
      ...(backend.capabilities.staging.encoding === undefined
        ? {}
        : { encoding: backend.capabilities.staging.encoding }),
    },
    allow,
    notices: [...controls.notices, ...lossNotices, ...rounding.notices, ...partitions.notices, ...transformNotices],
  };
}

/**
 * `--transform-column` against the final columns and the backend's `transformations`: the source partition key
 * (and sub-partition key) when the offload identifies data by it, the backend partition columns and the columns of
 * a predicate scope may not be transformed.
 */
function planTransforms(
  input: PlanOffloadInput,
  values: readonly string[] | undefined,
  columns: readonly CanonicalColumn[],
  backendKeys: readonly string[],
): ColumnTransform[] {
  const { options, source, backend } = input;
  const scope = input.scope ?? { kind: 'full' };
  const sourceKeys =
    scope.kind === 'full'
      ? []
      : [...source.partitioning.columns, ...(source.partitioning.subpartitioning?.columns ?? [])];
  return planColumnTransforms(values, {
    columns,
    supported: backend.capabilities.transformations ?? [],
    backendName: backend.displayName ?? backend.name,
    keyColumns: [...sourceKeys, ...backendKeys],
    predicateColumns: scope.kind === 'predicate' ? predicateColumnNames(scope.predicate) : [],
    ...(input.existingBackendTable ? {} : { notNullColumns: options.notNullColumns }),
  });
}

/**
 * GOE's texts for `--transform-column` on an append to an existing backend table, whose recorded settings are
 * retained: one notice listing the recorded settings (when there are any), and one naming the given values that
 * differ from them, which are ignored. Values compare by column (case-insensitive), function and parameters.
 *
 * @example
 * retainedTransformNotices(['SSN:null'], ['ssn:null', 'NOTE:suppress'])
 * // ['Retaining --transform-column settings of the existing backend table: SSN:null',
 * //  'Retaining --transform-column settings of the existing backend table: ignoring --transform-column NOTE:suppress']
 */
export function retainedTransformNotices(recorded: readonly string[], given: readonly string[] | undefined): string[] {
  const prefix = 'Retaining --transform-column settings of the existing backend table';
  const key = (value: string): string => {
    try {
      const p = parseTransformColumn(value);
      return describeColumnTransform({ column: p.column.toUpperCase(), fn: p.fn, params: p.params });
    } catch {
      return value;
    }
  };
  const kept = new Set(recorded.map(key));
  const ignored = (given ?? []).filter((v) => !kept.has(key(v)));
  return [
    ...(recorded.length > 0 ? [`${prefix}: ${recorded.join(', ')}`] : []),
    ...(ignored.length > 0 ? [`${prefix}: ignoring ${ignored.map((v) => `--transform-column ${v}`).join(', ')}`] : []),
  ];
}
