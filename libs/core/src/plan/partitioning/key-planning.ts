/**
 * Backend partition keys (reference §5.4, §5.5; GOE's `operation/partition_controls.py`): `--partition-columns`,
 * `--partition-granularity`, `--partition-lower-value`, `--partition-upper-value`, `--partition-digits`,
 * `--partition-functions` and `--offload-chunk-column` turned into a {@link BackendPartitionSpec}, against the traits
 * the backend declares in `capabilities.partitioning` and `capabilities.clustering`. Pure: partition functions are
 * checked for form only; whether a UDF exists, and its parameter/return types, is the backend adapter's check.
 *
 * Deliberate differences from GOE:
 * - when RDBMS partition keys seed the defaults, INTERVAL-typed keys stay dropped after string keys are dropped
 *   (GOE re-adds them by accident);
 * - a granularity of `0` is refused (GOE accepts it and would divide by zero);
 * - granularities are case-insensitive (`m` = `M`);
 * - `--partition-lower-value` must be below `--partition-upper-value`;
 * - a function-based partition always needs a granularity (GOE only requires it on the one backend with partition
 *   functions);
 * - a defaulted primary-key sort longer than the backend maximum is cut to the maximum with a notice instead of
 *   failing the offload.
 */
import type { BackendCapabilities } from '../../contracts/backend.js';
import type { PartitionScheme } from '../../model/table.js';
import { isDateType, isIntervalType, isNumberType, isStringType } from '../../types/canonical.js';
import {
  cloneColumn,
  syntheticPartitionColumnName,
  type CanonicalColumn,
  type ColumnPartitionInfo,
} from '../../types/column.js';
import { expandColumnsCsv, sourceCanonical, type SourceColumnLike } from '../../types/data-type-controls.js';
import type { BackendPartitionColumn, BackendPartitionSpec } from '../offload-plan.js';
import { PARTITION_CONTROL_MESSAGES } from './messages.js';
import {
  DEFAULT_PARTITION_DIGITS,
  normalizePartitionBound,
  normalizePartitionFunction,
  optionError,
  splitKeepEmpty,
  type PartitionControls,
} from './options.js';
import { planSortColumns } from './sort-columns.js';
import { needsSyntheticColumn } from './synthetic-columns.js';

/**
 * Inputs of {@link planBackendPartitioning} besides the options.
 *
 * @example
 * const input: PartitionPlanInput = { sourceColumns: table.columns, sourcePartitioning: table.partitioning,
 *   primaryKey: table.primaryKey, capabilities: backend.capabilities, backendName: 'Quack' };
 */
export interface PartitionPlanInput {
  /** Source columns (or their canonical mappings), in source order. */
  readonly sourceColumns: readonly SourceColumnLike[];
  /** Canonical columns after data-type controls (dates landed as strings are detected here); default the source mappings. */
  readonly finalColumns?: readonly CanonicalColumn[];
  /** How the source is partitioned (seeds default partition columns and LIST granularities). */
  readonly sourcePartitioning?: Pick<PartitionScheme, 'method' | 'columns'>;
  /** Source primary key, for `clustering.defaultToPrimaryKey`. */
  readonly primaryKey?: readonly string[];
  /** The backend's partitioning and clustering traits (its session-effective capabilities). */
  readonly capabilities: Pick<BackendCapabilities, 'partitioning' | 'clustering'>;
  /** The backend's name in hints ("Quack allows at most 1 partition column(s)"); default `'backend system'`. */
  readonly backendName?: string;
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

/**
 * Plans backend partitioning and sorting from GOE's options (reference §5.4, §5.5) and the backend's traits:
 *
 * - **Columns**: `--partition-columns` (wildcards; unknown names fail later with "Offload partitioning column not
 *   found"), else the RDBMS partition columns — none when the backend cannot partition or the source is HASH
 *   partitioned; INTERVAL-typed keys dropped; string keys dropped (with a notice) when the backend cannot
 *   partition by string and no `--partition-functions` are given. More than `partitioning.maxColumns` → "Too many
 *   partition columns for backend system" (also when it cannot partition at all).
 * - **Granularity**: given per column, else for an RDBMS LIST key numbers `1`, strings their byte length, dates `D`
 *   (unless landed as string); other dates `partitioning.defaultDateGranularity`; missing → "Partition granularity
 *   (--partition-granularity) mandatory for column/data type". Dates need one of `partitioning.dateGranularities`,
 *   everything else (also dates landed as strings) a positive integer.
 * - **Strings** (and dates landed as strings via `--variable-string-columns`) on a backend without the `string`
 *   kind → "String columns cannot be used to partition the backend table[ without corresponding partition
 *   functions]".
 * - **Digits**: dates 1, numbers `undefined` when `partitioning.syntheticNumbers` is `'integer'`, else
 *   `--partition-digits` (default 15).
 * - **Native vs synthetic** per `needsSyntheticColumn` (`partitioning.synthetic` or its hook); synthetic names from
 *   {@link syntheticPartitionColumnName}. Numeric and function keys on a backend whose synthetic numbers are
 *   integers need `--partition-lower-value` and `--partition-upper-value` (within `partitioning.integerRange`).
 * - **Sort columns**: see `planSortColumns`.
 *
 * @throws GoeError `OPTION_INVALID` with GOE's message texts ({@link PARTITION_CONTROL_MESSAGES}).
 * @example
 * const { spec } = planBackendPartitioning({ partitionColumns: 'time_id' }, {
 *   sourceColumns,
 *   capabilities: { partitioning: { ...DEFAULT_BACKEND_CAPABILITIES.partitioning, kinds: ['date', 'integer-range'], maxColumns: 1 },
 *     clustering: { maxColumns: 4, defaultToPrimaryKey: true } },
 * });
 * spec.columns[0] // { sourceColumn: 'TIME_ID', backendColumn: 'TIME_ID', synthetic: false, granularity: 'M', digits: 1 }
 */
export function planBackendPartitioning(controls: PartitionControls, input: PartitionPlanInput): PartitionPlan {
  const notices: string[] = [];
  const traits = input.capabilities.partitioning;
  const backendName = input.backendName ?? 'backend system';
  const canPartition = traits.kinds.length > 0 && traits.maxColumns > 0;
  const stringPartitioning = traits.kinds.includes('string');
  const functionsSupported = traits.kinds.includes('function');
  const syntheticStrings = traits.syntheticNumbers === 'string';
  const dateGranularities = traits.dateGranularities.map((g) => g.toUpperCase());
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

  const sort = planSortColumns(
    controls,
    {
      sourceColumns: input.sourceColumns,
      finalColumns: finals,
      clustering: input.capabilities.clustering,
      ...(input.primaryKey === undefined ? {} : { primaryKey: input.primaryKey }),
      ...(input.existingBackendTable === undefined ? {} : { existingBackendTable: input.existingBackendTable }),
    },
    notices,
  );

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

  if (!canPartition || partitionColumns.length > traits.maxColumns) {
    throw optionError(`${PARTITION_CONTROL_MESSAGES.tooManyPartitionColumns}: ${partitionColumns.join(',')}`, {
      column: partitionColumns[0],
      variable: '--partition-columns',
      hint: canPartition
        ? `${backendName} allows at most ${traits.maxColumns} partition column(s); choose them with --partition-columns`
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
    return fn === undefined ? undefined : normalizePartitionFunction(fn, traits.defaultFunctionDatabase);
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
      const validType = traits.isValidType
        ? traits.isValidType(fin)
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
      granularity = traits.defaultDateGranularity.toUpperCase();
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
      if (traits.integerRange !== undefined && BigInt(lower) < traits.integerRange.min) {
        throw optionError(
          `--partition-lower-value is below minimum supported value: ${lower} < ${traits.integerRange.min}`,
          {
            column: src.name,
            variable: '--partition-lower-value',
          },
        );
      }
      if (traits.integerRange !== undefined && BigInt(upper) > traits.integerRange.max) {
        throw optionError(
          `--partition-upper-value is above maximum supported value: ${upper} > ${traits.integerRange.max}`,
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
    const synthetic = needsSyntheticColumn(
      fin,
      { ...(fn === undefined ? {} : { function: fn }), dateAsString },
      traits,
    );
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
