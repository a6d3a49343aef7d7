/**
 * The data-type control options (reference §3.7) as data: the option bag a planner passes, each option's CLI
 * name and canonical type, the defaults, and the `--allow-*` lossy allowances resolved against their defaults.
 */
import type { LossyAllowances } from '../../plan/offload-plan.js';
import type { CanonicalType } from '../canonical.js';

/**
 * A column list option: GOE's CSV text (`'ID,AMOUNT_*'`) or a list of names/patterns (each item may itself be CSV).
 *
 * @example
 * const list: ColumnListInput = ['ID', 'AMOUNT_*']; // same as 'ID,AMOUNT_*'
 */
export type ColumnListInput = string | readonly string[];

/**
 * `--not-null-propagation` values: `AUTO` keeps source nullability, `NONE` makes every column nullable.
 *
 * @example
 * const propagation: NotNullPropagation = 'NONE';
 */
export type NotNullPropagation = 'AUTO' | 'NONE';

/**
 * GOE's data-type control options of `offload` (reference §3.7; orchestration reference §1.2 "Data type
 * controls"). Every column list accepts `*` wildcards; names are matched case-insensitively. All options are
 * optional and default to "not given".
 *
 * @example
 * const controls: DataTypeControls = { integer4Columns: 'QTY', decimalColumns: ['PRICE,COST'], decimalColumnsType: ['12,2'], notNullColumns: 'ID' };
 */
export interface DataTypeControls {
  /** `--integer-1-columns`: numeric columns → INTEGER_1. */
  readonly integer1Columns?: ColumnListInput;
  /** `--integer-2-columns`: numeric columns → INTEGER_2. */
  readonly integer2Columns?: ColumnListInput;
  /** `--integer-4-columns`: numeric columns → INTEGER_4. */
  readonly integer4Columns?: ColumnListInput;
  /** `--integer-8-columns`: numeric columns → INTEGER_8. */
  readonly integer8Columns?: ColumnListInput;
  /** `--integer-38-columns`: numeric columns → INTEGER_38. */
  readonly integer38Columns?: ColumnListInput;
  /** `--decimal-columns`, repeatable: one column group per occurrence, paired positionally with {@link decimalColumnsType}. */
  readonly decimalColumns?: readonly ColumnListInput[];
  /** `--decimal-columns-type`, repeatable: `"p,s"` per {@link decimalColumns} group. */
  readonly decimalColumnsType?: readonly string[];
  /** `--date-columns`: DATE/TIMESTAMP columns → DATE (drops the time part). */
  readonly dateColumns?: ColumnListInput;
  /** `--timestamp-tz-columns`: date columns → TIMESTAMP_TZ with the backend's maximum datetime scale. */
  readonly timestampTzColumns?: ColumnListInput;
  /** `--double-columns`: numeric columns → DOUBLE. */
  readonly doubleColumns?: ColumnListInput;
  /** `--variable-string-columns`: (date) columns → VARIABLE_STRING without a length. */
  readonly variableStringColumns?: ColumnListInput;
  /** `--unicode-string-columns`: string columns get char semantics `UNICODE`. */
  readonly unicodeStringColumns?: ColumnListInput;
  /** `--not-null-columns`: exactly these columns are NOT NULL, every other column nullable. */
  readonly notNullColumns?: ColumnListInput;
  /** `--not-null-propagation` (env `OFFLOAD_NOT_NULL_PROPAGATION`); default `AUTO`. Ignored when `notNullColumns` is given. */
  readonly notNullPropagation?: NotNullPropagation;
  /**
   * `--data-sample-percent`: `AUTO` (default; the frontend sizes the sample) or 0–100 (0 disables sampling of
   * number/date columns lacking a safe precision). Checked by {@link normalizeSamplingOptions}.
   */
  readonly dataSamplePercent?: string | number;
  /** `--data-sample-parallelism` (env `DATA_SAMPLE_PARALLELISM`): parallelism of the sampling query; 0/1 serial. Default 0. */
  readonly dataSampleParallelism?: number;
  /** `--decimal-padding-digits`: digits added to sampled decimals' integral part and scale. Default 2. */
  readonly decimalPaddingDigits?: number;
  /**
   * `--transform-column` (hidden GOE option), repeatable: `COL:fn[(params)]`. Not supported here yet: refused by
   * {@link applyDataTypeControls} (`checkTransformColumns`) naming the function and why.
   */
  readonly transformColumns?: readonly string[];
  /** `--allow-*` permissions for {@link checkLossyConversions}; each defaults to `false`. */
  readonly allow?: Partial<LossyAllowances>;
}

/**
 * A data-type control option name.
 *
 * @example
 * const option: DataTypeControlOption = '--date-columns';
 */
export type DataTypeControlOption =
  | '--integer-1-columns'
  | '--integer-2-columns'
  | '--integer-4-columns'
  | '--integer-8-columns'
  | '--integer-38-columns'
  | '--date-columns'
  | '--decimal-columns'
  | '--timestamp-tz-columns'
  | '--double-columns'
  | '--variable-string-columns';

/**
 * One type-producing option: its {@link DataTypeControls} key, CLI name and the canonical type it assigns.
 *
 * @example
 * DATA_TYPE_CONTROL_OPTIONS[0] // { key: 'integer1Columns', option: '--integer-1-columns', type: 'INTEGER_1' }
 */
export interface DataTypeControlOptionSpec {
  readonly key: keyof DataTypeControls;
  readonly option: DataTypeControlOption;
  readonly type: CanonicalType;
}

/**
 * The type-producing options **in GOE's assignment order** (`_gen_base_canonical_overrides` then
 * `gen_canonical_overrides`): INTEGER_1, INTEGER_2, INTEGER_4, INTEGER_8, INTEGER_38, DATE, DECIMAL pairs,
 * TIMESTAMP_TZ, DOUBLE, VARIABLE_STRING. A column named by a later option than an earlier one is a conflict.
 *
 * @example
 * DATA_TYPE_CONTROL_OPTIONS.map((o) => o.option)[5] // '--date-columns'
 */
export const DATA_TYPE_CONTROL_OPTIONS = [
  { key: 'integer1Columns', option: '--integer-1-columns', type: 'INTEGER_1' },
  { key: 'integer2Columns', option: '--integer-2-columns', type: 'INTEGER_2' },
  { key: 'integer4Columns', option: '--integer-4-columns', type: 'INTEGER_4' },
  { key: 'integer8Columns', option: '--integer-8-columns', type: 'INTEGER_8' },
  { key: 'integer38Columns', option: '--integer-38-columns', type: 'INTEGER_38' },
  { key: 'dateColumns', option: '--date-columns', type: 'DATE' },
  { key: 'decimalColumns', option: '--decimal-columns', type: 'DECIMAL' },
  { key: 'timestampTzColumns', option: '--timestamp-tz-columns', type: 'TIMESTAMP_TZ' },
  { key: 'doubleColumns', option: '--double-columns', type: 'DOUBLE' },
  { key: 'variableStringColumns', option: '--variable-string-columns', type: 'VARIABLE_STRING' },
] as const satisfies readonly DataTypeControlOptionSpec[];

/**
 * GOE's `CANONICAL_TYPE_OPTION_NAMES`: the option name per canonical type, used in conflict messages. It also
 * lists legacy present-side names (`--binary-columns`, `--large-binary-columns`, `--large-string-columns`,
 * `--interval-ds-columns`, `--interval-ym-columns`) that have **no** offload option; see
 * {@link LEGACY_TYPE_OPTION_NAMES}.
 *
 * @example
 * CANONICAL_TYPE_OPTION_NAMES.TIMESTAMP_TZ // '--timestamp-tz-columns'
 */
export const CANONICAL_TYPE_OPTION_NAMES: Readonly<Partial<Record<CanonicalType, string>>> = Object.freeze({
  BINARY: '--binary-columns',
  DATE: '--date-columns',
  DECIMAL: '--decimal-columns',
  DOUBLE: '--double-columns',
  INTEGER_1: '--integer-1-columns',
  INTEGER_2: '--integer-2-columns',
  INTEGER_4: '--integer-4-columns',
  INTEGER_8: '--integer-8-columns',
  INTEGER_38: '--integer-38-columns',
  LARGE_STRING: '--large-string-columns',
  LARGE_BINARY: '--large-binary-columns',
  VARIABLE_STRING: '--variable-string-columns',
  INTERVAL_DS: '--interval-ds-columns',
  INTERVAL_YM: '--interval-ym-columns',
  TIMESTAMP_TZ: '--timestamp-tz-columns',
});

/**
 * Names in {@link CANONICAL_TYPE_OPTION_NAMES} that are not offload options (GOE present-side leftovers).
 *
 * @example
 * LEGACY_TYPE_OPTION_NAMES.includes('--binary-columns') // true
 */
export const LEGACY_TYPE_OPTION_NAMES = [
  '--binary-columns',
  '--large-binary-columns',
  '--large-string-columns',
  '--interval-ds-columns',
  '--interval-ym-columns',
] as const;

/**
 * Defaults of the data-type related offload options (reference §3.7, orchestration reference §1.2):
 * `--not-null-propagation` AUTO, `--data-sample-percent` AUTO, `--data-sample-parallelism` 0,
 * `--decimal-padding-digits` 2, every `--allow-*` false.
 *
 * @example
 * DATA_TYPE_CONTROL_DEFAULTS.decimalPaddingDigits // 2
 */
export const DATA_TYPE_CONTROL_DEFAULTS = Object.freeze({
  notNullPropagation: 'AUTO' as NotNullPropagation,
  dataSamplePercent: 'AUTO' as const,
  dataSampleParallelism: 0,
  decimalPaddingDigits: 2,
  allow: Object.freeze({
    decimalScaleRounding: false,
    floatingPointConversions: false,
    nanosecondTimestamps: false,
  }) as LossyAllowances,
});

/**
 * Fills unset `--allow-*` flags with their default `false`.
 *
 * @example
 * resolveLossyAllowances({ nanosecondTimestamps: true }).decimalScaleRounding // false
 */
export function resolveLossyAllowances(allow: Partial<LossyAllowances> = {}): LossyAllowances {
  return Object.freeze({
    decimalScaleRounding: allow.decimalScaleRounding === true,
    floatingPointConversions: allow.floatingPointConversions === true,
    nanosecondTimestamps: allow.nanosecondTimestamps === true,
  });
}
