/**
 * GOE's data-type control options (reference §3.7) applied to canonical columns, GOE's NOT NULL rules, the
 * data-sampling trigger, and the **lossless-by-default** checks (architecture §4).
 *
 * Order of use in a planner: {@link applyDataTypeControls} (user overrides, unicode, NOT NULL) → data sampling
 * of the columns {@link needsDataSampling} selects → {@link checkLossyConversions} on the final columns.
 *
 * Deliberate differences from GOE (each one makes a silent loss or a silent no-op loud):
 * - a plain (wildcard-free) column name that matches no source column is an error
 *   (`Unknown columns specified for --option`); GOE silently ignores it;
 * - a wildcard pattern that matches nothing is an error even when another pattern of the same option
 *   matched; GOE only fails when the whole option matched nothing;
 * - `--decimal-columns-type` without `--decimal-columns` is "unbalanced"; GOE ignores it;
 * - override columns are never re-typed by data sampling (GOE's sampling could replace a user override).
 */
import { GoeError } from '../errors.js';
import type { BackendCapabilities } from '../contracts/backend.js';
import type { SourceColumn } from '../model/table.js';
import type { LossyAllowances } from '../plan/offload-plan.js';
import { isDateType, isNumberType, isStringType, type CanonicalType } from './canonical.js';
import { canonicalColumn, cloneColumn, type CanonicalColumn } from './column.js';

// ---------------------------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------------------------
// Column lists and wildcards
// ---------------------------------------------------------------------------------------------------------------

/**
 * Python's `str(list)` of names, as GOE prints them in messages: `['A', 'B']`.
 *
 * @example
 * formatNameList(['A', 'B']) // "['A', 'B']"
 */
export function formatNameList(names: readonly string[]): string {
  return `[${names.map((n) => `'${n}'`).join(', ')}]`;
}

/**
 * Splits a column-list option: comma-separated, each item trimmed and **upper-cased**; an empty item
 * (`'A,,B'`, `'A,'`) is an error. An empty or blank string (or an empty list) means "not given" and returns `[]`.
 * Duplicates are removed, first occurrence kept.
 *
 * @param option the option name for messages (default `'column list'`)
 * @throws GoeError `OPTION_INVALID` on an empty item.
 * @example
 * parseColumnsCsv(' id , amount_* ') // ['ID', 'AMOUNT_*']
 * parseColumnsCsv(['a', 'b,c']) // ['A', 'B', 'C']
 */
export function parseColumnsCsv(input: ColumnListInput | undefined | null, option = 'column list'): string[] {
  if (input === undefined || input === null) return [];
  const raw = typeof input === 'string' ? input : input.join(',');
  if (raw.trim() === '') return [];
  const out: string[] = [];
  for (const item of raw.split(',')) {
    const name = item.trim().toUpperCase();
    if (name === '') {
      throw new GoeError('OPTION_INVALID', `Empty column name in ${option}: ${JSON.stringify(raw)}`, {
        variable: option,
        hint: 'Remove the doubled or trailing comma',
      });
    }
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

/**
 * The regular expression of a column pattern: case-insensitive, anchored at both ends, `*` matches any run of
 * characters and **every other character is literal** (GOE's `wildcard_matches_in_list`).
 *
 * @example
 * columnPatternRegExp('AMOUNT_*').test('amount_usd') // true
 * columnPatternRegExp('A.B').test('AXB') // false ('.' is literal)
 */
export function columnPatternRegExp(pattern: string): RegExp {
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[\\^$.|?+()[\]{}]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, 'i');
}

/**
 * Names in `names` matching a column pattern (see {@link columnPatternRegExp}), in `names` order.
 *
 * @example
 * matchColumnPattern('*_ID', ['CUST_ID', 'ID', 'PROD_ID']) // ['CUST_ID', 'PROD_ID']
 */
export function matchColumnPattern(pattern: string, names: readonly string[]): string[] {
  const re = columnPatternRegExp(pattern);
  return names.filter((n) => re.test(n));
}

/**
 * Options of {@link expandColumnsCsv}.
 *
 * @example
 * expandColumnsCsv('ID,NOPE', names, { option: '--sort-columns', retainNonMatching: true }) // ['ID', 'NOPE']
 */
export interface ExpandColumnsOptions {
  /** Option name for messages; default `'column list'`. */
  readonly option?: string;
  /**
   * Keep names/patterns that match nothing (as upper-cased text) instead of failing, so the caller can report them
   * with its own message (GOE's `retain_non_matching_names`, used by NOT NULL, sort and partition columns).
   * Default `false`.
   */
  readonly retainNonMatching?: boolean;
}

/**
 * GOE's `expand_columns_csv`: parses a column list ({@link parseColumnsCsv}) and expands `*` wildcards against
 * `referenceNames`, returning the **reference spelling** of every match, in option order, without duplicates.
 *
 * @throws GoeError `OPTION_INVALID` "No columns match pattern: P" for a wildcard matching nothing, and
 *   "Unknown columns specified for OPTION: ['X']" for plain names matching nothing (unless `retainNonMatching`).
 * @example
 * expandColumnsCsv('id,amount_*', ['id', 'amount_usd', 'amount_eur', 'note']) // ['id', 'amount_usd', 'amount_eur']
 */
export function expandColumnsCsv(
  input: ColumnListInput | undefined | null,
  referenceNames: readonly string[],
  options: ExpandColumnsOptions = {},
): string[] {
  const option = options.option ?? 'column list';
  const out: string[] = [];
  const unknown: string[] = [];
  const add = (n: string) => {
    if (!out.includes(n)) out.push(n);
  };
  for (const pattern of parseColumnsCsv(input, option)) {
    if (pattern.includes('*')) {
      const matches = matchColumnPattern(pattern, referenceNames);
      if (matches.length === 0) {
        if (options.retainNonMatching) {
          add(pattern);
          continue;
        }
        throw new GoeError('OPTION_INVALID', `No columns match pattern: ${pattern} (${option})`, { variable: option });
      }
      matches.forEach(add);
    } else {
      const match = referenceNames.find((n) => n.toUpperCase() === pattern);
      if (match !== undefined) add(match);
      else if (options.retainNonMatching) add(pattern);
      else unknown.push(pattern);
    }
  }
  if (unknown.length > 0) {
    throw new GoeError('OPTION_INVALID', `Unknown columns specified for ${option}: ${formatNameList(unknown)}`, {
      variable: option,
      column: unknown[0],
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Decimal spec
// ---------------------------------------------------------------------------------------------------------------

/**
 * GOE's `--decimal-columns-type` syntax: 1–2 digit precision (no leading zero), comma, 1–2 digit scale.
 *
 * @example
 * DECIMAL_SPEC_PATTERN.test('12, 2') // true
 * DECIMAL_SPEC_PATTERN.test('100,2') // false
 */
export const DECIMAL_SPEC_PATTERN = /^([1-9][0-9]?)\s*,\s*([0-9][0-9]?)$/;

/**
 * Backend limits the decimal spec is validated against.
 *
 * @example
 * const limits: DecimalLimits = { maxDecimalPrecision: 38, maxDecimalScale: 37 };
 */
export type DecimalLimits = Pick<BackendCapabilities, 'maxDecimalPrecision' | 'maxDecimalScale'>;

/**
 * GOE's `valid_canonical_decimal_spec`: `1 ≤ p ≤ maxPrecision`, `0 ≤ s ≤ maxScale`, `s ≤ p`.
 *
 * @example
 * validCanonicalDecimalSpec(10, 2, 38, 37) // true
 * validCanonicalDecimalSpec(2, 3, 38, 37) // false (scale above precision)
 */
export function validCanonicalDecimalSpec(
  precision: number,
  scale: number,
  maxPrecision: number,
  maxScale: number,
): boolean {
  return !(precision < 1 || precision > maxPrecision || scale < 0 || scale > maxScale || scale > precision);
}

/**
 * Parses and validates one `--decimal-columns-type` value against the backend limits.
 *
 * @param columns the paired `--decimal-columns` text, named in messages
 * @throws GoeError `OPTION_INVALID` with GOE's texts: `--decimal-columns-type must be of format
 *   "precision,scale" where 1<=precision<=P and 0<=scale<=S and scale<=precision`, or
 *   `--decimal-columns-type precision|scale is beyond backend maximum: x > max`.
 * @example
 * parseDecimalSpec('12, 2', { maxDecimalPrecision: 38, maxDecimalScale: 37 }) // { precision: 12, scale: 2 }
 */
export function parseDecimalSpec(
  spec: string,
  limits: DecimalLimits,
  columns = '',
): { readonly precision: number; readonly scale: number } {
  const p = limits.maxDecimalPrecision;
  const s = limits.maxDecimalScale;
  const where = ` (got ${JSON.stringify(spec)}${columns ? ` for --decimal-columns ${columns}` : ''})`;
  const template = `--decimal-columns-type must be of format "precision,scale" where 1<=precision<=${p} and 0<=scale<=${s} and scale<=precision`;
  const m = DECIMAL_SPEC_PATTERN.exec(spec.trim());
  const fail = (message: string) =>
    new GoeError('OPTION_INVALID', message + where, {
      variable: '--decimal-columns-type',
      column: columns || undefined,
    });
  if (!m) throw fail(template);
  const precision = Number(m[1]);
  const scale = Number(m[2]);
  if (scale > precision) throw fail(template);
  if (precision > p) throw fail(`--decimal-columns-type precision is beyond backend maximum: ${precision} > ${p}`);
  if (scale > s) throw fail(`--decimal-columns-type scale is beyond backend maximum: ${scale} > ${s}`);
  if (!validCanonicalDecimalSpec(precision, scale, p, s)) throw fail(template);
  return { precision, scale };
}

// ---------------------------------------------------------------------------------------------------------------
// Override validity
// ---------------------------------------------------------------------------------------------------------------

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
const FLOATS: readonly CanonicalType[] = ['FLOAT', 'DOUBLE'];

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

// ---------------------------------------------------------------------------------------------------------------
// Type text
// ---------------------------------------------------------------------------------------------------------------

/**
 * A compact canonical type text for messages and plans: `DECIMAL(12,2)`, `TIMESTAMP(9)`, `VARIABLE_STRING(100 CHAR)`,
 * `BINARY(16)`, `INTEGER_8`.
 *
 * @example
 * describeCanonicalType(canonicalColumn({ name: 'A', dataType: 'DECIMAL', precision: 12, scale: 2 })) // 'DECIMAL(12,2)'
 */
export function describeCanonicalType(column: CanonicalColumn): string {
  const t = column.dataType;
  const { precision: p, scale: s } = column;
  switch (t) {
    case 'DECIMAL':
    case 'INTERVAL_DS':
      if (p === undefined && s === undefined) return t;
      return `${t}(${p ?? '*'}${s === undefined ? '' : `,${s}`})`;
    case 'INTEGER_38':
    case 'INTERVAL_YM':
      return p === undefined ? t : `${t}(${p})`;
    case 'TIME':
    case 'TIMESTAMP':
    case 'TIMESTAMP_TZ':
      return s === undefined ? t : `${t}(${s})`;
    case 'FIXED_STRING':
    case 'VARIABLE_STRING':
    case 'LARGE_STRING':
      if (column.charLength !== undefined) return `${t}(${column.charLength} CHAR)`;
      return column.dataLength === undefined ? t : `${t}(${column.dataLength} BYTE)`;
    case 'BINARY':
    case 'LARGE_BINARY':
      return column.dataLength === undefined ? t : `${t}(${column.dataLength})`;
    default:
      return t;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// NOT NULL
// ---------------------------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------------------------
// applyDataTypeControls
// ---------------------------------------------------------------------------------------------------------------

/**
 * What {@link applyDataTypeControls} needs to know about the backend and the frontend.
 *
 * @example
 * const context: DataTypeControlContext = { backend: backend.capabilities, existingBackendTable: false };
 */
export interface DataTypeControlContext {
  /** Backend limits: decimal spec bounds, TIMESTAMP_TZ scale; `notNullConstraints` only for a notice. */
  readonly backend: Pick<BackendCapabilities, 'maxDecimalPrecision' | 'maxDecimalScale' | 'maxDatetimeScale'> &
    Partial<Pick<BackendCapabilities, 'notNullConstraints'>>;
  /** The frontend's override rule; default {@link validCanonicalOverride} on the source's canonical mapping. */
  readonly validOverride?: (source: SourceColumnLike, target: CanonicalType) => boolean;
  /**
   * True when offloading into an existing backend table (incremental append): every option is ignored with a
   * notice and the source canonical columns are returned unchanged. Default `false`.
   */
  readonly existingBackendTable?: boolean;
}

/**
 * The result of {@link applyDataTypeControls}.
 *
 * @example
 * const { columns, overrides, notices } = applyDataTypeControls(source, controls, context);
 */
export interface DataTypeControlResult {
  /** Final canonical columns, in source order. */
  readonly columns: readonly CanonicalColumn[];
  /** The option that typed each overridden column (column name → option); `--unicode-string-columns` included. */
  readonly overrides: Readonly<Record<string, string>>;
  /** Notices for the user (e.g. options ignored on append). */
  readonly notices: readonly string[];
}

function optionGiven(controls: DataTypeControls, key: keyof DataTypeControls): boolean {
  const v = controls[key];
  if (typeof v === 'string') return v.trim() !== '';
  return Array.isArray(v) && v.length > 0;
}

/**
 * Applies GOE's data-type control options to the source columns' canonical mappings (reference §3.7):
 * 1. every list is upper-cased, split and wildcard-expanded against the source column names;
 * 2. options assign types in GOE's order ({@link DATA_TYPE_CONTROL_OPTIONS}); a column named by two options is a
 *    conflict; `--decimal-columns`/`--decimal-columns-type` pair positionally and are validated against the backend;
 *    TIMESTAMP_TZ gets the backend's maximum datetime scale;
 * 3. each override is checked against its source type ("Invalid data type conversion for column …");
 * 4. override columns carry only type, precision/scale, the source nullability, `safeMapping: true` and
 *    `fromOverride: true` — no lengths;
 * 5. `--unicode-string-columns` sets char semantics UNICODE (string sources only);
 * 6. NOT NULL rules ({@link applyNotNullControls}).
 *
 * @throws GoeError `OPTION_INVALID` for malformed lists, wildcards matching nothing, unknown names, conflicts,
 *   unbalanced or invalid decimal specs and invalid conversions; every message names the column(s) and the option.
 * @example
 * const { columns } = applyDataTypeControls(source, { integer4Columns: 'qty', decimalColumns: ['PRICE'], decimalColumnsType: ['12,2'] },
 *   { backend: { maxDecimalPrecision: 38, maxDecimalScale: 37, maxDatetimeScale: 6 } });
 */
export function applyDataTypeControls(
  sourceColumns: readonly SourceColumnLike[],
  controls: DataTypeControls,
  context: DataTypeControlContext,
): DataTypeControlResult {
  const baseColumns = sourceColumns.map(sourceCanonical);
  const notices: string[] = [];

  if (context.existingBackendTable) {
    const ignored = [
      ...DATA_TYPE_CONTROL_OPTIONS.filter((o) => optionGiven(controls, o.key)).map((o) => o.option),
      ...(optionGiven(controls, 'decimalColumnsType') && !optionGiven(controls, 'decimalColumns')
        ? ['--decimal-columns-type']
        : []),
      ...(optionGiven(controls, 'unicodeStringColumns') ? ['--unicode-string-columns'] : []),
      ...(optionGiven(controls, 'notNullColumns') ? ['--not-null-columns'] : []),
    ];
    if (ignored.length > 0) {
      notices.push(`Retaining column data types of the existing backend table: ignoring ${ignored.join(', ')}`);
    }
    return { columns: baseColumns, overrides: {}, notices };
  }

  const names = baseColumns.map((c) => c.name);
  const assigned = new Map<string, { option: string; column: CanonicalColumn }>();

  const assign = (
    option: string,
    type: CanonicalType,
    list: ColumnListInput | undefined,
    precision?: number,
    scale?: number,
  ) => {
    const matched = expandColumnsCsv(list, names, { option });
    if (matched.length === 0) return;
    const conflicting = matched.filter((n) => assigned.has(n.toUpperCase()));
    if (conflicting.length > 0) {
      throw new GoeError(
        'OPTION_INVALID',
        `Data type conflict for columns ${formatNameList(conflicting)} when assigning type with ${option}`,
        { variable: option, column: conflicting[0] },
      );
    }
    for (const name of matched) {
      const index = names.indexOf(name);
      const source = baseColumns[index]!;
      const column = canonicalColumn({
        name: source.name,
        dataType: type,
        precision,
        scale,
        nullable: source.nullable,
        safeMapping: true,
        fromOverride: true,
      });
      assigned.set(name.toUpperCase(), { option, column });
    }
  };

  for (const spec of DATA_TYPE_CONTROL_OPTIONS) {
    if (spec.type === 'DECIMAL') {
      const groups = controls.decimalColumns ?? [];
      const types = controls.decimalColumnsType ?? [];
      if (groups.length === 0 && types.length === 0) continue;
      if (groups.length !== types.length) {
        throw new GoeError(
          'OPTION_INVALID',
          `Unbalanced --decimal-columns, --decimal-columns-type pairs (--decimal-columns * ${groups.length}, --decimal-columns-type * ${types.length})`,
          { variable: '--decimal-columns', hint: 'Give one --decimal-columns-type "p,s" per --decimal-columns list' },
        );
      }
      groups.forEach((group, i) => {
        const text = typeof group === 'string' ? group : group.join(',');
        const { precision, scale } = parseDecimalSpec(types[i]!, context.backend, text);
        assign('--decimal-columns', 'DECIMAL', group, precision, scale);
      });
    } else if (spec.type === 'TIMESTAMP_TZ') {
      assign(
        spec.option,
        spec.type,
        controls[spec.key] as ColumnListInput | undefined,
        undefined,
        context.backend.maxDatetimeScale,
      );
    } else {
      assign(spec.option, spec.type, controls[spec.key] as ColumnListInput | undefined);
    }
  }

  const overrides: Record<string, string> = {};
  let columns = baseColumns.map((base, i) => {
    const hit = assigned.get(base.name.toUpperCase());
    if (!hit) return base;
    const source = sourceColumns[i]!;
    const valid = context.validOverride
      ? context.validOverride(source, hit.column.dataType)
      : validCanonicalOverride(base, hit.column.dataType);
    if (!valid) {
      throw new GoeError(
        'OPTION_INVALID',
        `Invalid data type conversion for column ${base.name}: ${source.dataType} -> ${describeCanonicalType(hit.column)} (${hit.option})`,
        { column: base.name, variable: hit.option },
      );
    }
    overrides[base.name] = hit.option;
    return hit.column;
  });

  const unicode = expandColumnsCsv(controls.unicodeStringColumns, names, { option: '--unicode-string-columns' });
  if (unicode.length > 0) {
    const wanted = new Set(unicode.map((n) => n.toUpperCase()));
    columns = columns.map((col, i) => {
      if (!wanted.has(col.name.toUpperCase())) return col;
      const base = baseColumns[i]!;
      if (!isStringType(base.dataType)) {
        throw new GoeError(
          'OPTION_INVALID',
          `Invalid data type conversion for column ${base.name}: ${sourceColumns[i]!.dataType} is not string based (--unicode-string-columns)`,
          { column: base.name, variable: '--unicode-string-columns' },
        );
      }
      overrides[col.name] ??= '--unicode-string-columns';
      return cloneColumn(col, { charSemantics: 'UNICODE', fromOverride: true });
    });
  }

  if (optionGiven(controls, 'notNullColumns') && context.backend.notNullConstraints === false) {
    notices.push(
      'NOT NULL constraints are not supported by the backend system: --not-null-columns is used for staged-data validation only',
    );
  }
  columns = applyNotNullControls(
    columns,
    controls.notNullColumns,
    normalizeNotNullPropagation(controls.notNullPropagation),
  );

  return { columns, overrides, notices };
}

// ---------------------------------------------------------------------------------------------------------------
// Data sampling trigger
// ---------------------------------------------------------------------------------------------------------------

/**
 * Backend limits that decide whether a column must be sampled.
 *
 * @example
 * const limits: SamplingLimits = { maxDecimalScale: 37, maxDecimalIntegralMagnitude: 38 };
 */
export interface SamplingLimits extends Pick<BackendCapabilities, 'maxDecimalScale'> {
  /** Largest number of integral digits of a backend decimal; default 38 (every GOE backend). */
  readonly maxDecimalIntegralMagnitude?: number;
}

/**
 * GOE's sampling trigger (`offload_source_to_canonical_mappings`, reference §2.1 and §1.4): a column is sampled
 * when its canonical mapping is number- or date-based and unsafe (`safeMapping: false`); or numeric with source
 * `precision − scale` above the backend's integral magnitude (38); or numeric with a canonical scale above the
 * backend's maximum scale; or date-based when the frontend's minimum datetime is below the backend's
 * (`dateBelowBackendMin`). Override columns (`fromOverride`) are never sampled: the user chose their type.
 *
 * @example
 * needsDataSampling(src, canonicalColumn({ name: 'N', dataType: 'DECIMAL', safeMapping: false }), { maxDecimalScale: 37 }) // true
 */
export function needsDataSampling(
  source: SourceColumnLike,
  canonical: CanonicalColumn,
  limits: SamplingLimits,
  options: { readonly dateBelowBackendMin?: boolean } = {},
): boolean {
  if (canonical.fromOverride) return false;
  const t = canonical.dataType;
  const number = isNumberType(t);
  const date = isDateType(t);
  if ((number || date) && canonical.safeMapping === false) return true;
  if (number) {
    const src = sourceCanonical(source);
    const p = source.precision ?? src.precision;
    const s = source.scale ?? src.scale ?? 0;
    if (p !== undefined && p - s > (limits.maxDecimalIntegralMagnitude ?? 38)) return true;
    if (canonical.scale !== undefined && canonical.scale > limits.maxDecimalScale) return true;
  }
  return date && options.dateBelowBackendMin === true;
}

// ---------------------------------------------------------------------------------------------------------------
// Lossless by default
// ---------------------------------------------------------------------------------------------------------------

/**
 * Backend limits read by {@link checkLossyConversions}.
 *
 * @example
 * checkLossyConversions(source, final, { maxDecimalPrecision: 38, maxDecimalScale: 37, maxDatetimeScale: 6, nanInfinity: true });
 */
export type LossyCheckLimits = Pick<
  BackendCapabilities,
  'maxDecimalPrecision' | 'maxDecimalScale' | 'maxDatetimeScale' | 'nanInfinity'
> & {
  /** Largest number of integral digits of a backend decimal; default 38. */
  readonly maxDecimalIntegralMagnitude?: number;
};

/**
 * CLI names of the `--allow-*` options, by {@link LossyAllowances} key.
 *
 * @example
 * LOSSY_ALLOWANCE_OPTIONS.nanosecondTimestamps // '--allow-nanosecond-timestamp-columns'
 */
export const LOSSY_ALLOWANCE_OPTIONS = Object.freeze({
  decimalScaleRounding: '--allow-decimal-scale-rounding',
  floatingPointConversions: '--allow-floating-point-conversions',
  nanosecondTimestamps: '--allow-nanosecond-timestamp-columns',
} as const satisfies Record<keyof LossyAllowances, string>);

const INTEGER_MAX: Partial<Record<CanonicalType, bigint>> = {
  INTEGER_1: 127n,
  INTEGER_2: 32_767n,
  INTEGER_4: 2_147_483_647n,
  INTEGER_8: 9_223_372_036_854_775_807n,
};
const FLOAT_EXACT_INTEGER: Partial<Record<CanonicalType, bigint>> = { FLOAT: 2n ** 24n, DOUBLE: 2n ** 53n };

const pow10 = (n: number): bigint => (n <= 0 ? 1n : 10n ** BigInt(n));

/** Largest integral magnitude and fractional digits an exact numeric column holds; `undefined` parts are unknown. */
function exactShape(col: CanonicalColumn, role: 'source' | 'target'): { maxAbs?: bigint; scale?: number } | undefined {
  const t = col.dataType;
  const intMax = INTEGER_MAX[t];
  if (intMax !== undefined) {
    if (role === 'source' && col.precision !== undefined) {
      const byPrecision = pow10(col.precision) - 1n;
      return { maxAbs: byPrecision < intMax ? byPrecision : intMax, scale: 0 };
    }
    return { maxAbs: intMax, scale: 0 };
  }
  if (t === 'INTEGER_38') return { maxAbs: pow10(col.precision ?? 38) - 1n, scale: 0 };
  if (t === 'DECIMAL') {
    const p = col.precision;
    const s = col.scale;
    if (p === undefined) return { scale: s === undefined ? undefined : Math.max(s, 0) };
    const integral = p - (s ?? 0);
    return { maxAbs: integral > 0 ? pow10(integral) - 1n : 0n, scale: Math.max(s ?? 0, 0) };
  }
  return undefined;
}

function lossy(column: string, what: string, allowKey: keyof LossyAllowances | undefined, hint?: string): GoeError {
  const option = allowKey === undefined ? undefined : LOSSY_ALLOWANCE_OPTIONS[allowKey];
  const tail = option === undefined ? '' : `. Include ${option} option to proceed with the offload`;
  return new GoeError('TYPE_LOSSY_CONVERSION', `Lossy conversion for column ${column}: ${what}${tail}`, {
    column,
    variable: option,
    hint: hint ?? (option === undefined ? undefined : `Add ${option} if the loss is acceptable`),
  });
}

/**
 * The lossless-by-default gate (architecture §4). Compares each final canonical column with its source column
 * (matched by name, case-insensitively; final columns without a source, e.g. synthetic ones, are skipped) and with
 * the backend limits, and throws on the first conversion that can lose data unless its `--allow-*` option was given:
 *
 * | loss | allowed by |
 * |---|---|
 * | decimal scale reduced (incl. DECIMAL(p,s>0) → integer), integral digits narrowed, scale above the backend maximum | `--allow-decimal-scale-rounding` |
 * | exact number → FLOAT/DOUBLE (unless every value is an integer the float holds exactly), FLOAT/DOUBLE → DECIMAL, DOUBLE → FLOAT, NaN/±Infinity into a backend without them | `--allow-floating-point-conversions` |
 * | fractional seconds above the backend's `maxDatetimeScale` (e.g. nanoseconds into a µs backend) or above the final column's scale | `--allow-nanosecond-timestamp-columns` |
 * | DECIMAL precision above the backend maximum, or more than 38 integral digits | never: use `--decimal-columns` |
 * | TIMESTAMP → DATE | allowed when requested with `--date-columns` (a notice is returned); refused otherwise |
 *
 * Unknown source precision/scale (e.g. an unbounded NUMBER) is not judged here: sampling sizes such columns and
 * staged-data validation catches what remains.
 *
 * @returns notices for explicitly requested losses (e.g. `--date-columns` dropping a time part).
 * @throws GoeError `TYPE_LOSSY_CONVERSION` naming the column and the option that allows the loss.
 * @example
 * checkLossyConversions(source, final, backend.capabilities, { decimalScaleRounding: true })
 */
export function checkLossyConversions(
  sourceColumns: readonly SourceColumnLike[],
  finalColumns: readonly CanonicalColumn[],
  backendCaps: LossyCheckLimits,
  allow: Partial<LossyAllowances> = {},
): readonly string[] {
  const ok = resolveLossyAllowances(allow);
  const notices: string[] = [];
  const maxIntegral = backendCaps.maxDecimalIntegralMagnitude ?? 38;
  const sources = new Map(sourceColumns.map((c) => [sourceCanonical(c).name.toUpperCase(), sourceCanonical(c)]));

  for (const col of finalColumns) {
    const name = col.name;
    const t = col.dataType;
    const dst = describeCanonicalType(col);

    // Backend decimal limits.
    if (t === 'DECIMAL' && col.precision !== undefined) {
      const s = col.scale ?? 0;
      const hint = `Use --decimal-columns ${name} --decimal-columns-type p,s with p <= ${backendCaps.maxDecimalPrecision} and p - s <= ${maxIntegral}`;
      if (col.precision > backendCaps.maxDecimalPrecision) {
        throw lossy(
          name,
          `${dst} exceeds the backend maximum precision ${backendCaps.maxDecimalPrecision}`,
          undefined,
          hint,
        );
      }
      if (col.precision - s > maxIntegral) {
        throw lossy(name, `${dst} has more than ${maxIntegral} integral digits, the backend maximum`, undefined, hint);
      }
      if (s > backendCaps.maxDecimalScale && !ok.decimalScaleRounding) {
        throw lossy(
          name,
          `${dst} has a scale above the backend maximum ${backendCaps.maxDecimalScale}; values would be rounded`,
          'decimalScaleRounding',
        );
      }
    }

    const src = sources.get(name.toUpperCase());
    if (src === undefined) continue;
    const st = src.dataType;
    const from = describeCanonicalType(src);

    // Numbers.
    const srcExact = exactShape(src, 'source');
    const dstExact = exactShape(col, 'target');
    if (srcExact && dstExact) {
      if (
        srcExact.scale !== undefined &&
        dstExact.scale !== undefined &&
        dstExact.scale < srcExact.scale &&
        !ok.decimalScaleRounding
      ) {
        throw lossy(
          name,
          `${from} -> ${dst} reduces the scale from ${srcExact.scale} to ${dstExact.scale}; values would be rounded`,
          'decimalScaleRounding',
        );
      }
      if (
        srcExact.maxAbs !== undefined &&
        dstExact.maxAbs !== undefined &&
        dstExact.maxAbs < srcExact.maxAbs &&
        !ok.decimalScaleRounding
      ) {
        throw lossy(name, `${from} -> ${dst} narrows the number; large values would not fit`, 'decimalScaleRounding');
      }
    }
    const floatLimit = FLOAT_EXACT_INTEGER[t];
    if (srcExact && floatLimit !== undefined && !ok.floatingPointConversions) {
      const exact = srcExact.scale === 0 && srcExact.maxAbs !== undefined && srcExact.maxAbs <= floatLimit;
      if (!exact) {
        throw lossy(name, `${from} -> ${dst} is not exact in binary floating point`, 'floatingPointConversions');
      }
    }
    if (FLOATS.includes(st) && !ok.floatingPointConversions) {
      if (dstExact)
        throw lossy(
          name,
          `${from} -> ${dst} cannot hold NaN, Infinity or every binary fraction`,
          'floatingPointConversions',
        );
      if (st === 'DOUBLE' && t === 'FLOAT')
        throw lossy(name, `${from} -> ${dst} loses precision`, 'floatingPointConversions');
      if (FLOATS.includes(t) && !backendCaps.nanInfinity) {
        throw lossy(
          name,
          `${dst} NaN and Infinity values cannot be stored by the backend and would be loaded as NULL`,
          'floatingPointConversions',
        );
      }
    }

    // Dates and times.
    if (st === 'TIMESTAMP' && t === 'DATE') {
      if (!col.fromOverride) {
        throw lossy(
          name,
          `${from} -> DATE drops the time part`,
          undefined,
          `Request it explicitly with --date-columns ${name}`,
        );
      }
      notices.push(`Column ${name}: --date-columns drops the time part of ${from} values`);
    }
    if ((t === 'TIMESTAMP' || t === 'TIMESTAMP_TZ' || t === 'TIME') && !ok.nanosecondTimestamps) {
      const srcScale =
        st === 'DATE' ? 0 : st === 'TIMESTAMP' || st === 'TIMESTAMP_TZ' || st === 'TIME' ? src.scale : undefined;
      const max = backendCaps.maxDatetimeScale;
      if (srcScale !== undefined && srcScale > max) {
        throw lossy(
          name,
          `${from} has ${srcScale} fractional second digits but the backend holds ${max}; the extra digits would be truncated`,
          'nanosecondTimestamps',
        );
      }
      if (srcScale !== undefined && col.scale !== undefined && col.scale < srcScale) {
        throw lossy(
          name,
          `${from} -> ${dst} truncates fractional seconds from ${srcScale} to ${col.scale} digits`,
          'nanosecondTimestamps',
        );
      }
      if (srcScale === undefined && col.scale !== undefined && col.scale > max) {
        throw lossy(
          name,
          `${dst} has ${col.scale} fractional second digits but the backend holds ${max}`,
          'nanosecondTimestamps',
        );
      }
    }
  }
  return notices;
}
