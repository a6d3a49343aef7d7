/**
 * The column model shared by every adapter (reference §1.2) and backend partition info with GOE's synthetic
 * partition column names (reference §1.5).
 */
import { GoeError } from '../errors.js';
import {
  CANONICAL_TYPES,
  isBinaryType,
  isCanonicalType,
  isStringType,
  normalizeCharSemantics,
  normalizeNullable,
  type CanonicalType,
  type CharSemantics,
} from './canonical.js';

/** Backend partitioning of one column (GOE's `ColumnPartitionInfo`). */
export interface ColumnPartitionInfo {
  /** 0-based position among partition columns. */
  readonly position: number;
  /** The source column the partition key derives from. */
  readonly sourceColumnName?: string;
  /** `Y`, `M`, `D` for dates, or an integer (as number or digit string) for numbers and string prefixes. */
  readonly granularity?: string;
  /** Zero-pad width of a string synthetic number. */
  readonly digits?: number;
  /** Native integer range partitioning lower bound. */
  readonly rangeStart?: bigint | number | string;
  /** Native integer range partitioning upper bound. */
  readonly rangeEnd?: bigint | number | string;
  /** A `DB.UDF` partition function (for a backend with partition functions). */
  readonly function?: string;
}

/** A column as any dialect describes it (source, canonical or backend). */
export interface ColumnAttributes {
  /** Non-empty column name. */
  readonly name: string;
  /** Dialect type name; for canonical columns a {@link CanonicalType}. */
  readonly dataType: string;
  /** Bytes for strings and binaries. */
  readonly dataLength?: number;
  /** Length in characters. */
  readonly charLength?: number;
  readonly charSemantics?: CharSemantics;
  readonly precision?: number;
  /** Scale; may be negative on a source whose NUMBER scale may be negative. */
  readonly scale?: number;
  /** Default `true`. */
  readonly nullable: boolean;
  /** Source default expression, not validated. */
  readonly dataDefault?: string;
  /** Whether the mapping cannot lose data (default `true`), merged with {@link isSafeMapping}. */
  readonly safeMapping: boolean;
  readonly partitionInfo?: ColumnPartitionInfo;
}

/** A column of the canonical model: what every frontend maps into and every backend maps out of. */
export interface CanonicalColumn extends ColumnAttributes {
  readonly dataType: CanonicalType;
  /** True when created by a data-type control option or `--unicode-string-columns`. */
  readonly fromOverride?: boolean;
  /**
   * The exact DECIMAL the column is **staged** as when it differs from the column's own type: set when
   * `--allow-decimal-scale-rounding` lets a smaller scale through, so the source values are staged exactly and the
   * backend's cast to the final type does the (documented) rounding. See {@link stagingColumn}.
   */
  readonly stagedAs?: { readonly dataType: 'DECIMAL'; readonly precision: number; readonly scale: number };
}

/**
 * The column as it is staged (extracted, written to staging files, read by the backend's load): its
 * {@link CanonicalColumn.stagedAs} type when set, else the column itself.
 *
 * @example
 * stagingColumn({ ...canonicalColumn({ name: 'A', dataType: 'DECIMAL', precision: 10, scale: 2 }), stagedAs: { dataType: 'DECIMAL', precision: 10, scale: 4 } }).scale // 4
 */
export function stagingColumn(column: CanonicalColumn): CanonicalColumn {
  if (column.stagedAs === undefined) return column;
  const { stagedAs, ...rest } = column;
  return Object.freeze({ ...rest, ...stagedAs });
}

/** Input of {@link canonicalColumn}: loose inputs (string nullables, lower-case semantics) are normalized. */
export interface CanonicalColumnInput {
  name: string;
  dataType: CanonicalType | string;
  dataLength?: number | null;
  charLength?: number | null;
  charSemantics?: string | null;
  precision?: number | null;
  scale?: number | null;
  nullable?: boolean | string | null;
  dataDefault?: string | null;
  safeMapping?: boolean | null;
  partitionInfo?: ColumnPartitionInfo | null;
  fromOverride?: boolean;
}

function opt<T>(v: T | null | undefined): T | undefined {
  return v === null ? undefined : v;
}

/**
 * Builds a validated, frozen canonical column. Fills the default byte length of fixed-size types; `nullable`
 * defaults to `true`, `safeMapping` to `true`.
 *
 * @example
 * canonicalColumn({ name: 'ID', dataType: 'INTEGER_8', nullable: 'N' })
 * // { name: 'ID', dataType: 'INTEGER_8', dataLength: 8, nullable: false, safeMapping: true }
 */
export function canonicalColumn(input: CanonicalColumnInput): CanonicalColumn {
  if (typeof input.name !== 'string' || input.name.length === 0) {
    throw new GoeError('OPTION_INVALID', 'Column name must be a non-empty string');
  }
  if (!isCanonicalType(input.dataType)) {
    throw new GoeError(
      'TYPE_UNSUPPORTED',
      `Unknown canonical data type for column ${input.name}: ${String(input.dataType)}`,
      {
        column: input.name,
      },
    );
  }
  const t = input.dataType;
  const cls = CANONICAL_TYPES[t] as { byteLength?: number };
  const col: Record<string, unknown> = {
    name: input.name,
    dataType: t,
    nullable: normalizeNullable(input.nullable ?? undefined) ?? true,
    safeMapping: input.safeMapping ?? true,
  };
  const dataLength = opt(input.dataLength) ?? cls.byteLength;
  const set = (k: string, v: unknown) => {
    if (v !== undefined && v !== null) col[k] = v;
  };
  set('dataLength', dataLength);
  set('charLength', opt(input.charLength));
  set('charSemantics', normalizeCharSemantics(input.charSemantics));
  set('precision', opt(input.precision));
  set('scale', opt(input.scale));
  set('dataDefault', opt(input.dataDefault));
  set('partitionInfo', opt(input.partitionInfo));
  if (input.fromOverride) col.fromOverride = true;
  for (const k of ['dataLength', 'charLength', 'precision'] as const) {
    const v = col[k];
    if (v !== undefined && (!Number.isInteger(v) || (v as number) < 0)) {
      throw new GoeError(
        'OPTION_INVALID',
        `Column ${input.name}: ${k} must be a non-negative integer, got ${String(v)}`,
        {
          column: input.name,
        },
      );
    }
  }
  if (col.scale !== undefined && !Number.isInteger(col.scale)) {
    throw new GoeError('OPTION_INVALID', `Column ${input.name}: scale must be an integer`, { column: input.name });
  }
  return Object.freeze(col) as unknown as CanonicalColumn;
}

/**
 * Copies a column, optionally overriding attributes (GOE's `clone`).
 *
 * @example
 * cloneColumn(col, { nullable: false })
 */
export function cloneColumn<C extends ColumnAttributes>(column: C, overrides: Partial<C> = {}): C {
  return Object.freeze({ ...column, ...overrides });
}

/** True for string columns with neither a byte nor a char length (`is_unbound_string`). @example isUnboundString(col) */
export function isUnboundString(column: CanonicalColumn): boolean {
  return isStringType(column.dataType) && column.dataLength === undefined && column.charLength === undefined;
}

/** True for string or binary columns. @example isStringOrBinary(col) */
export function isStringOrBinary(column: CanonicalColumn): boolean {
  return isStringType(column.dataType) || isBinaryType(column.dataType);
}

/**
 * Finds a column by name, case-insensitively (`match_table_column`).
 *
 * @example
 * matchTableColumn('id', columns)?.name // 'ID'
 */
export function matchTableColumn<C extends { name: string }>(name: string, columns: readonly C[]): C | undefined {
  const n = name.toUpperCase();
  return columns.find((c) => c.name.toUpperCase() === n);
}

/**
 * The position of a column by name, case-insensitively, or -1 (`match_table_column_position`).
 *
 * @example
 * matchTableColumnPosition('id', columns) // 0
 */
export function matchTableColumnPosition(name: string, columns: readonly { name: string }[]): number {
  const n = name.toUpperCase();
  return columns.findIndex((c) => c.name.toUpperCase() === n);
}

/**
 * Columns with partition info, ordered by `partitionInfo.position` (`get_partition_columns`).
 *
 * @example
 * getPartitionColumns(columns).map((c) => c.name)
 */
export function getPartitionColumns<C extends ColumnAttributes>(columns: readonly C[]): C[] {
  return columns
    .filter((c) => c.partitionInfo !== undefined)
    .sort((a, b) => a.partitionInfo!.position - b.partitionInfo!.position);
}

/**
 * The partition column derived from a source column, case-insensitively (`match_partition_column_by_source`).
 *
 * @example
 * matchPartitionColumnBySource('time_id', columns)?.name // 'GOE_PART_M_TIME_ID'
 */
export function matchPartitionColumnBySource<C extends ColumnAttributes>(
  source: string,
  columns: readonly C[],
): C | undefined {
  const n = source.toUpperCase();
  return columns.find((c) => c.partitionInfo?.sourceColumnName?.toUpperCase() === n);
}

const SYNTHETIC_RE = /^GOE_PART_(Y|M|D|\d+|U\d+)_([A-Z0-9$#_]+)$/i;

/**
 * GOE's synthetic partition column name (reference §1.5): `GOE_PART_<desc>_<SOURCE>`, upper case, where desc is
 * `U<position>` with a function, the granularity zero-padded to `digits` for number sources, else the granularity.
 *
 * @example
 * syntheticPartitionColumnName('time_id', { position: 0, granularity: 'M' }) // 'GOE_PART_M_TIME_ID'
 * syntheticPartitionColumnName('id', { position: 0, granularity: '1000', digits: 10 }, true) // 'GOE_PART_0000001000_ID'
 */
export function syntheticPartitionColumnName(
  sourceColumn: string,
  info: ColumnPartitionInfo,
  numberSource = false,
): string {
  let desc: string;
  if (info.function) desc = `U${info.position}`;
  else if (numberSource && info.digits !== undefined && info.granularity !== undefined)
    desc = String(info.granularity).padStart(info.digits, '0');
  else desc = String(info.granularity ?? '');
  return `GOE_PART_${desc}_${sourceColumn}`.toUpperCase();
}

/** What {@link decodeSyntheticPartitionColumnName} recognises. */
export interface SyntheticPartitionName {
  /** `Y`/`M`/`D`, digits, or `U<n>`. */
  readonly granularity: string;
  /** The source column, as written. */
  readonly sourceColumn: string;
  /** Length of the granularity token (GOE keeps it only for string-based backend columns). */
  readonly digits: number;
}

/**
 * Recognises a synthetic partition column name, or returns `undefined`.
 *
 * @example
 * decodeSyntheticPartitionColumnName('goe_part_m_h1_time_id') // { granularity: 'm', sourceColumn: 'h1_time_id', digits: 1 }
 * decodeSyntheticPartitionColumnName('goe_part_month_x') // undefined
 */
export function decodeSyntheticPartitionColumnName(name: string): SyntheticPartitionName | undefined {
  const m = SYNTHETIC_RE.exec(name);
  if (!m) return undefined;
  return { granularity: m[1]!, sourceColumn: m[2]!, digits: m[1]!.length };
}

/** True when `name` is a synthetic partition column name. @example isSyntheticPartitionColumnName('GOE_PART_Y_X') // true */
export function isSyntheticPartitionColumnName(name: string): boolean {
  return SYNTHETIC_RE.test(name);
}
