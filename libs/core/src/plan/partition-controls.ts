/**
 * Backend partitioning and clustering controls (reference §5.4, §5.5; GOE's `operation/partition_controls.py` and
 * `operation/sort_columns.py`): `--partition-columns`, `--partition-granularity`, `--partition-lower-value`,
 * `--partition-upper-value`, `--partition-digits`, `--partition-functions`, `--offload-chunk-column` and
 * `--sort-columns`, turned into a {@link BackendPartitionSpec}. Pure: partition functions are checked for form
 * only; whether a UDF exists, and its parameter/return types, is the backend adapter's check.
 *
 * Deliberate differences from GOE:
 * - when RDBMS partition keys seed the defaults, INTERVAL-typed keys stay dropped after string keys are dropped
 *   (GOE re-adds them by accident);
 * - a granularity of `0` is refused (GOE accepts it and would divide by zero);
 * - granularities are case-insensitive (`m` = `M`);
 * - `--partition-lower-value` must be below `--partition-upper-value`;
 * - a function-based partition always needs a granularity (GOE only requires it on BigQuery, the one backend
 *   with partition functions);
 * - a defaulted primary-key sort longer than the backend maximum is cut to the maximum with a notice instead of
 *   failing the offload.
 */
import { GoeError } from '../errors.js';
import type { BackendCapabilities } from '../contracts/backend.js';
import type { PartitionScheme } from '../model/table.js';
import { isDateType, isIntervalType, isNumberType, isStringType } from '../types/canonical.js';
import {
  cloneColumn,
  decodeSyntheticPartitionColumnName,
  syntheticPartitionColumnName,
  type CanonicalColumn,
  type ColumnPartitionInfo,
} from '../types/column.js';
import {
  expandColumnsCsv,
  formatNameList,
  sourceCanonical,
  type ColumnListInput,
  type SourceColumnLike,
} from '../types/data-type-controls.js';
import type { BackendPartitionColumn, BackendPartitionSpec } from './offload-plan.js';

/**
 * Default of `--partition-digits`: zero-pad width of string synthetic numbers.
 *
 * @example
 * planBackendPartitioning({ partitionColumns: 'ID', partitionGranularity: '1000' }, input).spec.columns[0]?.digits // 15 on Hadoop
 */
export const DEFAULT_PARTITION_DIGITS = 15;

/**
 * Date granularities GOE knows: year, month, day.
 *
 * @example
 * PARTITION_DATE_GRANULARITIES.includes('M') // true
 */
export const PARTITION_DATE_GRANULARITIES = ['Y', 'M', 'D'] as const;

/**
 * Sort (cluster) column limit of backends that do not state one ("unlimited" in GOE is 100).
 *
 * @example
 * DEFAULT_MAX_SORT_COLUMNS // 100
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
 * GOE's message texts of §5.4, for callers that match on them.
 *
 * @example
 * if (err.message.startsWith(PARTITION_CONTROL_MESSAGES.tooManyPartitionColumns)) suggestFewerColumns();
 */
export const PARTITION_CONTROL_MESSAGES = Object.freeze({
  tooManyPartitionColumns: 'Too many partition columns for backend system',
  missingGranularity: 'Partition granularity (--partition-granularity) mandatory for column/data type',
  stringNotSupported: 'String columns cannot be used to partition the backend table',
  stringNotSupportedFunctionSuffix: ' without corresponding partition functions',
  functionsNotSupported: 'Offload partition functions are not supported',
  functionsElements: 'elements to match partition columns',
  chunkColumnNotPartitionColumn: 'Unknown partition column supplied as --offload-chunk-column',
  unknownSortColumns: 'Unknown columns specified for backend sorting',
  tooManySortColumns: 'Too many sort columns specified for backend system',
  invalidSortColumn: 'Column is not valid for backend sorting',
});

/**
 * The partitioning and sorting options of `offload` (orchestration reference §1.2 "Backend partitioning").
 *
 * @example
 * const controls: PartitionControls = { partitionColumns: 'TIME_ID', partitionGranularity: 'M', sortColumns: 'CUST_ID' };
 */
export interface PartitionControls {
  /** `--partition-columns` (wildcards allowed); default: the RDBMS partition columns (see {@link planBackendPartitioning}). */
  readonly partitionColumns?: ColumnListInput;
  /** `--partition-granularity`: one per partition column; `Y`/`M`/`D` for dates, an integer for numbers and string prefixes. Empty items take the default. */
  readonly partitionGranularity?: string | readonly string[];
  /** `--partition-lower-value`: integral lower bound of native integer range partitioning. */
  readonly partitionLowerValue?: string | number | bigint;
  /** `--partition-upper-value`: integral upper bound of native integer range partitioning. */
  readonly partitionUpperValue?: string | number | bigint;
  /** `--partition-digits`: zero-pad width of string synthetic numbers; default {@link DEFAULT_PARTITION_DIGITS} (15). */
  readonly partitionDigits?: number;
  /** `--partition-functions`: one `DB.UDF` per partition column (empty items: none); BigQuery only. */
  readonly partitionFunctions?: string | readonly string[];
  /** `--sort-columns`: cluster columns (wildcards allowed) or `NONE`; not set → backend default. */
  readonly sortColumns?: ColumnListInput;
  /** `--offload-chunk-column`: must be one of the partition columns. */
  readonly offloadChunkColumn?: string;
}

/**
 * What partition planning needs to know about a backend beyond {@link BackendCapabilities}. Every member is
 * optional; the defaults describe GOE's BigQuery and Hadoop behaviour from the capabilities.
 *
 * @example
 * const bigQueryTraits: PartitionBackendTraits = { name: 'BigQuery', maxSortColumns: 4, defaultSortToPrimaryKey: true };
 */
export interface PartitionBackendTraits {
  /** Backend name for messages; default `'backend system'`. */
  readonly name?: string;
  /** Most sort (cluster) columns; default {@link DEFAULT_MAX_SORT_COLUMNS} when `clustering`, else 0 (BigQuery: 4). */
  readonly maxSortColumns?: number;
  /** Cluster by the source primary key when `--sort-columns` is not set (GOE: BigQuery). Default `false`. */
  readonly defaultSortToPrimaryKey?: boolean;
  /** Granularity of date keys without one; default `'M'` (GOE's BigQuery and Hadoop). */
  readonly defaultDateGranularity?: string;
  /** Accepted date granularities; default `['Y', 'M', 'D']`. */
  readonly dateGranularities?: readonly string[];
  /**
   * Synthetic numbers are zero-padded strings (Hadoop) rather than integers (BigQuery). Default: true when the
   * backend partitions by string (`capabilities.partitioning` includes `'string'`).
   */
  readonly syntheticNumbersAreStrings?: boolean;
  /** Database of partition functions given without one; default none ("missing database name" error). */
  readonly defaultUdfDatabase?: string;
  /** Lowest `--partition-lower-value` the backend accepts (BigQuery: −2^63). */
  readonly partitionRangeMin?: bigint;
  /** Highest `--partition-upper-value` the backend accepts (BigQuery: 2^63 − 1). */
  readonly partitionRangeMax?: bigint;
  /**
   * Whether a key needs a synthetic `GOE_PART_…` column. Default: yes with a function; yes always when synthetic
   * numbers are strings (Hadoop); otherwise no for dates (`'date'` capability) and 1–8 byte integers
   * (`'integer-range'` capability), yes for INTEGER_38, DECIMAL, FLOAT, DOUBLE and strings.
   */
  readonly needsSyntheticColumn?: (
    column: CanonicalColumn,
    key: { readonly function?: string; readonly dateAsString: boolean },
  ) => boolean;
  /** Whether a (final canonical) column may partition the table; default: date, number and string types. */
  readonly isValidPartitionType?: (column: CanonicalColumn) => boolean;
  /** Whether a (final canonical) column may sort/cluster the table; default: any. */
  readonly isValidSortType?: (column: CanonicalColumn) => boolean;
}

/**
 * Inputs of {@link planBackendPartitioning} besides the options.
 *
 * @example
 * const input: PartitionPlanInput = { sourceColumns: table.columns, sourcePartitioning: table.partitioning, primaryKey: table.primaryKey, capabilities };
 */
export interface PartitionPlanInput {
  /** Source columns (or their canonical mappings), in source order. */
  readonly sourceColumns: readonly SourceColumnLike[];
  /** Canonical columns after data-type controls (dates landed as strings are detected here); default the source mappings. */
  readonly finalColumns?: readonly CanonicalColumn[];
  /** How the source is partitioned (seeds default partition columns and LIST granularities). */
  readonly sourcePartitioning?: Pick<PartitionScheme, 'method' | 'columns'>;
  /** Source primary key, for {@link PartitionBackendTraits.defaultSortToPrimaryKey}. */
  readonly primaryKey?: readonly string[];
  readonly capabilities: Pick<BackendCapabilities, 'partitioning' | 'maxPartitionColumns' | 'clustering'>;
  readonly traits?: PartitionBackendTraits;
  /** Offloading into an existing backend table: partition options are ignored with a notice. Default `false`. */
  readonly existingBackendTable?: boolean;
}

/**
 * The result of {@link planBackendPartitioning}.
 *
 * @example
 * const { spec, columns, notices } = planBackendPartitioning(controls, input);
 */
export interface PartitionPlan {
  /** Partition columns (in `--partition-columns` order) and sort columns. */
  readonly spec: BackendPartitionSpec;
  /** The final columns with `partitionInfo` set on each partition source column (GOE's canonical partition info). */
  readonly columns: readonly CanonicalColumn[];
  /** True when `--sort-columns` was given (a list or `NONE`); false when sorting was defaulted. */
  readonly sortColumnsSpecified: boolean;
  readonly notices: readonly string[];
}

const optionError = (message: string, details: { column?: string; variable?: string; hint?: string } = {}) =>
  new GoeError('OPTION_INVALID', message, details);

/** Splits a CSV keeping empty items as `undefined` (GOE's `empty_strings_to_none`). */
function splitKeepEmpty(input: string | readonly string[] | undefined): (string | undefined)[] {
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

const NATIVE_INTEGERS = new Set(['INTEGER_1', 'INTEGER_2', 'INTEGER_4', 'INTEGER_8']);

/**
 * Plans backend partitioning and sorting from GOE's options (reference §5.4, §5.5):
 *
 * - **Columns**: `--partition-columns` (wildcards; unknown names fail later with "Offload partitioning column not
 *   found"), else the RDBMS partition columns — none when the backend cannot partition or the source is HASH
 *   partitioned; INTERVAL-typed keys dropped; string keys dropped (with a notice) when the backend cannot
 *   partition by string and no `--partition-functions` are given. More than the backend allows → "Too many
 *   partition columns for backend system" (also when it cannot partition at all).
 * - **Granularity**: given per column, else for an RDBMS LIST key numbers `1`, strings their byte length, dates `D`
 *   (unless landed as string); other dates the backend default (`M`); missing → "Partition granularity
 *   (--partition-granularity) mandatory for column/data type". Dates need a date granularity, everything else
 *   (also dates landed as strings) a positive integer.
 * - **Strings** (and dates landed as strings via `--variable-string-columns`) on a backend without string
 *   partitioning → "String columns cannot be used to partition the backend table[ without corresponding
 *   partition functions]".
 * - **Digits**: dates 1, numbers `undefined` when synthetic numbers are integers (BigQuery), else
 *   `--partition-digits` (default 15).
 * - **Native vs synthetic** per {@link PartitionBackendTraits.needsSyntheticColumn}; synthetic names from
 *   {@link syntheticPartitionColumnName}. Numeric and function keys on a backend whose synthetic numbers are
 *   integers need `--partition-lower-value` and `--partition-upper-value`.
 * - **Sort columns**: `NONE`, a list (must exist, valid type, at most the backend maximum) or, when not set, the
 *   primary key on backends that default to it.
 *
 * @throws GoeError `OPTION_INVALID` with GOE's message texts ({@link PARTITION_CONTROL_MESSAGES}).
 * @example
 * const { spec } = planBackendPartitioning({ partitionColumns: 'time_id' }, {
 *   sourceColumns, capabilities: { partitioning: ['date', 'integer-range', 'function'], maxPartitionColumns: 1, clustering: true },
 *   traits: { maxSortColumns: 4 },
 * });
 * spec.columns[0] // { sourceColumn: 'TIME_ID', backendColumn: 'TIME_ID', synthetic: false, granularity: 'M', digits: 1 }
 */
export function planBackendPartitioning(controls: PartitionControls, input: PartitionPlanInput): PartitionPlan {
  const notices: string[] = [];
  const caps = input.capabilities;
  const traits = input.traits ?? {};
  const backendName = traits.name ?? 'backend system';
  const canPartition = caps.partitioning.length > 0 && caps.maxPartitionColumns > 0;
  const stringPartitioning = caps.partitioning.includes('string');
  const functionsSupported = caps.partitioning.includes('function');
  const syntheticStrings = traits.syntheticNumbersAreStrings ?? stringPartitioning;
  const dateGranularities = (traits.dateGranularities ?? PARTITION_DATE_GRANULARITIES).map((g) => g.toUpperCase());
  const pfText = functionsSupported ? PARTITION_CONTROL_MESSAGES.stringNotSupportedFunctionSuffix : '';

  const base = input.sourceColumns.map(sourceCanonical);
  const names = base.map((c) => c.name);
  const finals = input.finalColumns ?? base;
  const finalFor = (name: string) => finals.find((c) => c.name.toUpperCase() === name.toUpperCase());

  const digits = controls.partitionDigits ?? DEFAULT_PARTITION_DIGITS;
  if (!Number.isInteger(digits) || digits < 1) {
    throw optionError(
      `Invalid value for --partition-digits, must be a positive integer: ${String(controls.partitionDigits)}`,
      {
        variable: '--partition-digits',
      },
    );
  }
  const lower = normalizePartitionBound(controls.partitionLowerValue, '--partition-lower-value');
  const upper = normalizePartitionBound(controls.partitionUpperValue, '--partition-upper-value');
  if (lower !== undefined && upper !== undefined && BigInt(lower) >= BigInt(upper)) {
    throw optionError(`--partition-lower-value must be less than --partition-upper-value: ${lower} >= ${upper}`, {
      variable: '--partition-lower-value',
    });
  }
  const functions = splitKeepEmpty(controls.partitionFunctions);
  if (functions.some((f) => f !== undefined) && !functionsSupported) {
    throw optionError(`${PARTITION_CONTROL_MESSAGES.functionsNotSupported} on ${backendName}`, {
      variable: '--partition-functions',
    });
  }
  const granularities = splitKeepEmpty(controls.partitionGranularity);
  const userColumns = expandColumnsCsv(controls.partitionColumns, names, {
    option: '--partition-columns',
    retainNonMatching: true,
  });

  const partitionOptionsGiven = [
    userColumns.length > 0 ? '--partition-columns' : undefined,
    granularities.length > 0 ? '--partition-granularity' : undefined,
    lower !== undefined ? '--partition-lower-value' : undefined,
    upper !== undefined ? '--partition-upper-value' : undefined,
    controls.partitionDigits !== undefined ? '--partition-digits' : undefined,
    functions.length > 0 ? '--partition-functions' : undefined,
  ].filter((o): o is string => o !== undefined);

  const sort = planSortColumns(controls, input, traits, finals, notices);

  if (input.existingBackendTable) {
    if (partitionOptionsGiven.length > 0) {
      notices.push(
        `Retaining partitioning of the existing backend table: ignoring ${partitionOptionsGiven.join(', ')}`,
      );
    }
    return {
      spec: { columns: [], sortColumns: sort.columns },
      columns: finals,
      sortColumnsSpecified: sort.specified,
      notices,
    };
  }

  const partitionColumns =
    userColumns.length > 0
      ? userColumns
      : defaultPartitionColumns(
          input,
          base,
          functions.some((f) => f !== undefined),
          canPartition,
          stringPartitioning,
          pfText,
          notices,
        );

  if (controls.offloadChunkColumn !== undefined && controls.offloadChunkColumn.trim() !== '') {
    const chunk = controls.offloadChunkColumn.trim().toUpperCase();
    if (!partitionColumns.some((p) => p.toUpperCase() === chunk)) {
      throw optionError(`${PARTITION_CONTROL_MESSAGES.chunkColumnNotPartitionColumn}: ${chunk}`, {
        column: chunk,
        variable: '--offload-chunk-column',
      });
    }
  }

  if (partitionColumns.length === 0) {
    const unused = partitionOptionsGiven.filter((o) => o !== '--partition-columns' && o !== '--partition-digits');
    if (unused.length > 0) notices.push(`Ignoring ${unused.join(', ')}: there are no backend partition columns`);
    return {
      spec: { columns: [], sortColumns: sort.columns },
      columns: finals,
      sortColumnsSpecified: sort.specified,
      notices,
    };
  }

  if (!canPartition || partitionColumns.length > caps.maxPartitionColumns) {
    throw optionError(`${PARTITION_CONTROL_MESSAGES.tooManyPartitionColumns}: ${partitionColumns.join(',')}`, {
      column: partitionColumns[0],
      variable: '--partition-columns',
      hint: canPartition
        ? `${backendName} allows at most ${caps.maxPartitionColumns} partition column(s); choose them with --partition-columns`
        : `${backendName} cannot partition tables; remove --partition-columns`,
    });
  }

  if (functions.length > 0 && functions.length !== partitionColumns.length) {
    throw optionError(
      `Offload partition functions "${functions.map((f) => f ?? '').join(',')}" should have ${partitionColumns.length} ${PARTITION_CONTROL_MESSAGES.functionsElements}: ${partitionColumns.join(',')}`,
      { variable: '--partition-functions' },
    );
  }
  const fnList = partitionColumns.map((_, i) => {
    const fn = functions[i];
    return fn === undefined ? undefined : normalizePartitionFunction(fn, traits.defaultUdfDatabase);
  });

  if (granularities.length > 0 && granularities.length !== partitionColumns.length) {
    throw optionError(
      `Backend partition granularity "${granularities.map((g) => g ?? '').join(',')}" should have ${partitionColumns.length} elements (${partitionColumns.join(',')})`,
      { variable: '--partition-granularity' },
    );
  }

  const sourceMethod = input.sourcePartitioning?.method;
  const sourceKeys = new Set((input.sourcePartitioning?.columns ?? []).map((c) => c.toUpperCase()));
  const specColumns: BackendPartitionColumn[] = [];
  const infos = new Map<string, ColumnPartitionInfo>();
  let rangeUsed = false;

  partitionColumns.forEach((requested, position) => {
    const index = names.findIndex((n) => n.toUpperCase() === requested.toUpperCase());
    if (index < 0) {
      throw optionError(`Offload partitioning column not found: ${requested}`, {
        column: requested,
        variable: '--partition-columns',
      });
    }
    const source = input.sourceColumns[index]!;
    const src = base[index]!;
    const fin = finalFor(src.name) ?? src;
    const fn = fnList[position];
    const typeText = `${src.name}/${source.dataType}`;
    const dateAsString = isDateType(src.dataType) && isStringType(fin.dataType);

    if (!fn && (isStringType(src.dataType) || isStringType(fin.dataType)) && !stringPartitioning) {
      throw optionError(`${PARTITION_CONTROL_MESSAGES.stringNotSupported}${pfText}: ${src.name}`, {
        column: src.name,
        variable: '--partition-columns',
      });
    }
    if (!fn) {
      const validType = traits.isValidPartitionType
        ? traits.isValidPartitionType(fin)
        : isDateType(fin.dataType) || isNumberType(fin.dataType) || isStringType(fin.dataType);
      if (!validType) {
        throw optionError(
          `Partition column data type is not supported in this version: ${fin.dataType} (column ${src.name})`,
          {
            column: src.name,
            variable: '--partition-columns',
          },
        );
      }
    }

    let granularity = granularities[position]?.toUpperCase();
    if (granularity === undefined && sourceMethod === 'list' && sourceKeys.has(src.name.toUpperCase())) {
      if (isNumberType(src.dataType)) granularity = '1';
      else if (isStringType(src.dataType)) {
        const bytes = source.dataLength ?? src.dataLength;
        if (bytes !== undefined) granularity = String(bytes);
      } else if (isDateType(src.dataType) && !dateAsString) granularity = 'D';
      if (granularity !== undefined) {
        notices.push(`Defaulting granularity to ${granularity} for LIST partition column: ${src.name}`);
      }
    }
    if (granularity === undefined && isDateType(src.dataType) && !dateAsString) {
      granularity = (traits.defaultDateGranularity ?? 'M').toUpperCase();
    }
    if (granularity === undefined) {
      throw optionError(
        `${PARTITION_CONTROL_MESSAGES.missingGranularity}: ${typeText}${dateAsString ? ' (as variable string)' : ''}`,
        { column: src.name, variable: '--partition-granularity' },
      );
    }
    const invalid = () =>
      optionError(`Partition granularity ${granularity} not valid for column/data type: ${typeText}`, {
        column: src.name,
        variable: '--partition-granularity',
      });
    if (isDateType(src.dataType) && !dateAsString) {
      if (!dateGranularities.includes(granularity)) throw invalid();
    } else if (!/^\d+$/.test(granularity) || BigInt(granularity) === 0n) {
      throw invalid();
    }

    const keyDigits = isDateType(src.dataType)
      ? 1
      : isNumberType(src.dataType) && !syntheticStrings
        ? undefined
        : digits;
    const usesRange = !syntheticStrings && (fn !== undefined || (isNumberType(src.dataType) && !dateAsString));
    if (usesRange) {
      rangeUsed = true;
      const typeOfKey = `${src.name}/${fn ? `${fn}()` : fin.dataType}`;
      if (lower === undefined) {
        throw optionError(`--partition-lower-value is required for partition column/type: ${typeOfKey}`, {
          column: src.name,
          variable: '--partition-lower-value',
        });
      }
      if (upper === undefined) {
        throw optionError(`--partition-upper-value is required for partition column/type: ${typeOfKey}`, {
          column: src.name,
          variable: '--partition-upper-value',
        });
      }
      if (traits.partitionRangeMin !== undefined && BigInt(lower) < traits.partitionRangeMin) {
        throw optionError(
          `--partition-lower-value is below minimum supported value: ${lower} < ${traits.partitionRangeMin}`,
          {
            column: src.name,
            variable: '--partition-lower-value',
          },
        );
      }
      if (traits.partitionRangeMax !== undefined && BigInt(upper) > traits.partitionRangeMax) {
        throw optionError(
          `--partition-upper-value is above maximum supported value: ${upper} > ${traits.partitionRangeMax}`,
          {
            column: src.name,
            variable: '--partition-upper-value',
          },
        );
      }
    }

    const info: ColumnPartitionInfo = {
      position,
      sourceColumnName: src.name,
      granularity,
      ...(keyDigits !== undefined ? { digits: keyDigits } : {}),
      ...(usesRange ? { rangeStart: lower, rangeEnd: upper } : {}),
      ...(fn !== undefined ? { function: fn } : {}),
    };
    const synthetic =
      fn !== undefined ||
      (traits.needsSyntheticColumn
        ? traits.needsSyntheticColumn(fin, { dateAsString })
        : defaultNeedsSynthetic(fin, dateAsString, syntheticStrings, caps.partitioning));
    infos.set(src.name.toUpperCase(), info);
    specColumns.push({
      sourceColumn: src.name.toUpperCase(),
      backendColumn: synthetic ? syntheticPartitionColumnName(src.name, info, isNumberType(src.dataType)) : fin.name,
      synthetic,
      granularity,
      ...(keyDigits !== undefined ? { digits: keyDigits } : {}),
      ...(usesRange ? { lowerValue: lower, upperValue: upper } : {}),
      ...(fn !== undefined ? { function: fn } : {}),
    });
  });

  if ((lower !== undefined || upper !== undefined) && !rangeUsed) {
    notices.push(
      'Ignoring --partition-lower-value/--partition-upper-value: no partition column uses integer range partitioning',
    );
  }

  const columns = finals.map((c) => {
    const info = infos.get(c.name.toUpperCase());
    return info ? cloneColumn(c, { partitionInfo: info }) : c;
  });
  return {
    spec: { columns: specColumns, sortColumns: sort.columns },
    columns,
    sortColumnsSpecified: sort.specified,
    notices,
  };
}

function defaultNeedsSynthetic(
  column: CanonicalColumn,
  dateAsString: boolean,
  syntheticStrings: boolean,
  kinds: readonly string[],
): boolean {
  if (syntheticStrings || dateAsString || isStringType(column.dataType)) return true;
  if (isDateType(column.dataType)) return !kinds.includes('date');
  if (NATIVE_INTEGERS.has(column.dataType)) return !kinds.includes('integer-range');
  return true;
}

function defaultPartitionColumns(
  input: PartitionPlanInput,
  base: readonly CanonicalColumn[],
  functionsGiven: boolean,
  canPartition: boolean,
  stringPartitioning: boolean,
  pfText: string,
  notices: string[],
): string[] {
  const scheme = input.sourcePartitioning;
  if (!scheme || scheme.method === 'none' || scheme.columns.length === 0 || !canPartition) return [];
  if (scheme.method === 'hash') {
    notices.push('Backend partition columns not seeded by RDBMS partition columns for HASH partitioned table');
    return [];
  }
  const keys = scheme.columns
    .map((k) => base.find((c) => c.name.toUpperCase() === k.toUpperCase()))
    .filter((c): c is CanonicalColumn => c !== undefined);
  const seedNotice = (desc: string, kept: readonly CanonicalColumn[], middle = '') =>
    notices.push(
      `${desc} RDBMS partition columns cannot be used to partition the backend table${middle}` +
        (kept.length === 0 ? '. Table will be offloaded to a non-partitioned table.' : ''),
    );
  let kept = keys.filter((c) => !isIntervalType(c.dataType));
  if (kept.length < keys.length) seedNotice('INTERVAL', kept);
  if (!stringPartitioning && !functionsGiven && kept.some((c) => isStringType(c.dataType))) {
    kept = kept.filter((c) => !isStringType(c.dataType));
    seedNotice('Character-based', kept, pfText);
  }
  return kept.map((c) => c.name);
}

function planSortColumns(
  controls: PartitionControls,
  input: PartitionPlanInput,
  traits: PartitionBackendTraits,
  finals: readonly CanonicalColumn[],
  notices: string[],
): { columns: string[]; specified: boolean } {
  const max = traits.maxSortColumns ?? (input.capabilities.clustering ? DEFAULT_MAX_SORT_COLUMNS : 0);
  const raw = controls.sortColumns;
  const rawText = raw === undefined ? '' : typeof raw === 'string' ? raw : raw.join(',');
  if (rawText.trim() === '') {
    const pk = input.primaryKey ?? [];
    if (input.existingBackendTable || !traits.defaultSortToPrimaryKey || pk.length === 0 || max === 0) {
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
  if (traits.isValidSortType) {
    for (const name of requested) {
      const col = finals.find((c) => c.name.toUpperCase() === name.toUpperCase());
      if (col && !traits.isValidSortType(col)) {
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
