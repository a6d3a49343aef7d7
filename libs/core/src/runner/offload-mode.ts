/**
 * Which kind of offload a command is (GOE's `offload_source_data_factory` and `get_offload_type_for_config`,
 * orchestration reference §2.6, types reference §5.3): full (optionally with a partition boundary, GOE's "100/10"),
 * RANGE partition append over one or more key columns, LIST partition append, LIST_AS_RANGE, or predicate-based
 * (PREDICATE, late-arriving data on a partition-append table, or intra-day `*_AND_PREDICATE`), from the data
 * identification options, the source's partitioning and the table's offload metadata. Pure.
 */
import { GoeError } from '../errors.js';
import type { IncrementalPredicateType, OffloadMetadata } from '../contracts/repository.js';
import type { SourceTable } from '../model/table.js';
import type { OffloadVariant } from '../plan/offload-plan.js';
import type { PredicateAst } from '../predicate/ast.js';
import { predicateColumnRefs } from '../predicate/ast.js';
import {
  IDENTIFICATION_MESSAGES,
  type DataIdentification,
  type NormalizedDataIdentification,
} from '../plan/data-identification.js';
import type { PartitionAppendKey } from '../plan/partition-append.js';
import { keyColumns, type KeyColumn } from '../plan/key-tuples.js';
import { autoSubpartition, subpartitionSupport } from '../plan/subpartitions.js';

/** How a predicate-based offload relates to the table's partition-append metadata. */
export type PredicateVariant =
  /** GOE's Case 1: INCREMENTAL_PREDICATE_TYPE PREDICATE. */
  | { readonly kind: 'predicate' }
  /**
   * GOE's Case 2, late-arriving data on a RANGE / LIST_AS_RANGE offloaded table: the predicate is ANDed with
   * `key <= backend max` and the metadata is not modified.
   */
  | { readonly kind: 'late-arriving'; readonly keys: readonly KeyColumn[] }
  /** GOE's Case 3, intra-day: RANGE_AND_PREDICATE / LIST_AS_RANGE_AND_PREDICATE, high values kept, predicates accumulated. */
  | { readonly kind: 'intra-day'; readonly keys: readonly KeyColumn[] };

/** The kind of offload. */
export type OffloadMode =
  /** Every row. `boundary`: GOE's "100/10", a RANGE high-water mark recorded for a full offload. */
  | { readonly kind: 'full'; readonly boundary?: { readonly keys: readonly KeyColumn[] } }
  /** RANGE partition append; `key` is the first key column (messages). */
  | {
      readonly kind: 'range';
      readonly key: PartitionAppendKey;
      readonly keys: readonly KeyColumn[];
      readonly predicateType: 'RANGE' | 'RANGE_AND_PREDICATE';
      /**
       * `FULL`: `--offload-type FULL` on a table offloaded by partition append (GOE's INCREMENTAL → FULL switch, or
       * FULL again): every partition not yet offloaded, MAXVALUE included; the filter only places the high-water
       * mark. Default `INCREMENTAL`.
       */
      readonly offloadType?: 'FULL' | 'INCREMENTAL';
      /** Offload by subpartition: `keys` are the subpartition key, partitions are subpartitions (INCREMENTAL_RANGE SUBPARTITION). */
      readonly subpartition?: boolean;
    }
  /** LIST partition append (LPA). */
  | { readonly kind: 'list'; readonly keys: readonly KeyColumn[]; readonly offloadType: 'FULL' | 'INCREMENTAL' }
  /** LIST_AS_RANGE: LIST partitions of one value each, appended in value order. */
  | {
      readonly kind: 'list-as-range';
      readonly keys: readonly KeyColumn[];
      readonly offloadType: 'FULL' | 'INCREMENTAL';
      readonly predicateType: 'LIST_AS_RANGE' | 'LIST_AS_RANGE_AND_PREDICATE';
    }
  | {
      readonly kind: 'predicate';
      readonly predicate: PredicateAst;
      readonly dsl: string;
      readonly variant: PredicateVariant;
      readonly predicateType: IncrementalPredicateType;
    };

/**
 * GOE's texts for offload types and predicate types (Appendix A).
 *
 * @example
 * OFFLOAD_MODE_MESSAGES.missingPredicate.startsWith('Missing --offload-predicate option') // true
 */
export const OFFLOAD_MODE_MESSAGES = Object.freeze({
  predicateTypeChange: 'INCREMENTAL_PREDICATE_TYPE cannot be changed for offloaded table',
  missingPredicate:
    'Missing --offload-predicate option. This option is mandatory to offload tables with an INCREMENTAL_PREDICATE_TYPE configuration of PREDICATE',
  fullWithPredicate: 'OFFLOAD_TYPE FULL is not compatible with INCREMENTAL_PREDICATE_TYPE PREDICATE',
  unresolvedColumn: (name: string) => `Unable to resolve column ${name} of --offload-predicate`,
  incrementalNotValid: (table: string, reason: string) =>
    `Offload type INCREMENTAL is not valid for ${table} (${reason}): offloading the whole table`,
  listWithPredicate: '--offload-predicate is incompatible with INCREMENTAL_PREDICATE_TYPE: LIST',
  predicateTypeRequired: '--offload-predicate-type required',
  allKeyColumns: 'Offload predicate must contain a predicate for all existing partition key columns',
  appendedHighValue: 'Appended IPA high value to offload predicate',
  switchingType: (from: string, to: string) =>
    `Enabling force option when switching OFFLOAD_TYPE ("${from}" -> "${to}")`,
  invalidCombination: (partitionType: string, predicateType: string) =>
    `INCREMENTAL_PREDICATE_TYPE ${predicateType} is not valid for ${partitionType} partitioned tables`,
  noModifyHybridView: (type: string) => `--no-modify-hybrid-view is not valid for INCREMENTAL_PREDICATE_TYPE ${type}`,
  listNeedsIdentification:
    'Switching a LIST partitioned table from OFFLOAD_TYPE FULL to INCREMENTAL needs --equal-to-values or --partition-names',
  outOfRangeOffloaded: 'Offload type INCREMENTAL invalid when OUT-OF-RANGE partition has been offloaded',
  autoSubpartition: (scheme: string) => `Setting --offload-by-subpartition due to partition scheme: ${scheme}`,
  subpartitionFullToIncremental:
    'Switching OFFLOAD_TYPE from FULL to INCREMENTAL is not supported for offloads by subpartition',
  subpartitionLpa: (option: string) => `${option} cannot be used with --offload-by-subpartition (RANGE subpartitions)`,
  lpaOnRange: (option: string, name: string) =>
    `${option} selects LIST partitions; ${name} is RANGE partitioned (use --less-than-value or one --partition-names)`,
});

/** Inputs of {@link decideOffloadMode}. */
export interface OffloadModeInput {
  readonly source: SourceTable;
  readonly identification: NormalizedDataIdentification;
  /** The table's offload metadata; pass `undefined` when `--reset-backend-table` discards it. */
  readonly metadata?: OffloadMetadata;
}

/** {@link decideOffloadMode}'s result. */
export interface OffloadModeDecision {
  readonly mode: OffloadMode;
  readonly warnings: string[];
  readonly notices: string[];
}

/**
 * The INCREMENTAL_PREDICATE_TYPE metadata records (metadata written before it was recorded: RANGE with a key,
 * PREDICATE with predicates).
 *
 * @example
 * recordedPredicateType({ ...m, offloadType: 'INCREMENTAL', incrementalKey: 'TIME_ID' }) // 'RANGE'
 */
export function recordedPredicateType(metadata: OffloadMetadata | undefined): IncrementalPredicateType | undefined {
  if (metadata === undefined) return undefined;
  if (metadata.predicateType !== undefined) return metadata.predicateType;
  if (metadata.incrementalKey !== undefined) return 'RANGE';
  if (metadata.offloadType === 'INCREMENTAL' && (metadata.predicates ?? []).length > 0) return 'PREDICATE';
  return undefined;
}

/**
 * Decides the kind of offload.
 *
 * | identification | table / metadata | outcome |
 * |---|---|---|
 * | `--offload-predicate` | no metadata, or PREDICATE | predicate-based (PREDICATE) |
 * | `--offload-predicate` | RANGE / LIST_AS_RANGE, same or no `--offload-predicate-type` | late-arriving: `key <= backend max` ANDed, metadata kept |
 * | `--offload-predicate` | `*_AND_PREDICATE` requested or recorded | intra-day: the predicate must name every key column |
 * | `--offload-predicate` | LIST | refused: "--offload-predicate is incompatible with INCREMENTAL_PREDICATE_TYPE: LIST" |
 * | `--less-than-value`, `--older-than-*`, one `--partition-names` | RANGE table | RANGE append (tuples for multi-column keys) |
 * | the same with `--offload-type FULL` | RANGE table | full, high-water mark recorded ("100/10") |
 * | the same | LIST table | LIST_AS_RANGE |
 * | `--equal-to-values`, `--partition-names` (CSV) | LIST table | LIST append |
 * | none | partition-append metadata | the recorded variant, every remaining partition |
 * | `--offload-type FULL` (any identification) | partition-append metadata, INCREMENTAL or FULL | the recorded variant as FULL: every partition not yet offloaded, MAXVALUE / DEFAULT included; notice "Enabling force option when switching OFFLOAD_TYPE…" on a switch |
 * | none | PREDICATE metadata | refused: "Missing --offload-predicate option…" |
 * | none, `--offload-type INCREMENTAL` | none | RANGE / LIST append, or full with a warning when the table cannot be |
 * | none | none or FULL | full |
 *
 * @throws GoeError `OPTION_INVALID` naming the option
 * @example
 * decideOffloadMode({ source, identification: { identification: { kind: 'none' } } }) // { mode: { kind: 'full' }, warnings: [], notices: [] }
 */
export function decideOffloadMode(input: OffloadModeInput): OffloadModeDecision {
  const { source, metadata } = input;
  const n = input.identification;
  const { identification: id, offloadType } = n;
  const name = `${source.owner}.${source.name}`;
  const recorded = recordedPredicateType(metadata);
  const warnings: string[] = [];
  const notices: string[] = [];
  const done = (mode: OffloadMode): OffloadModeDecision => ({ mode, warnings, notices });
  const method = source.partitioning.method;
  const isList = method === 'list';
  const isRange = method === 'range' || method === 'interval';
  const tableKeys = () => keyColumns(source, source.partitioning.columns);
  const recordedKeys = (): readonly KeyColumn[] => {
    const k = keyColumns(
      source,
      (metadata?.incrementalKey ?? '').split(',').filter((c) => c !== ''),
    );
    if ('reason' in k)
      throw new GoeError('OPTION_INVALID', `${name} was offloaded by partition append but ${k.reason}`, {
        hint: 'Offload the whole table again with --reset-backend-table',
      });
    return k.keys;
  };
  if (n.noModifyHybridView === true && id.kind !== 'predicate')
    throw new GoeError('OPTION_INVALID', OFFLOAD_MODE_MESSAGES.noModifyHybridView(recorded ?? 'none'), {
      variable: '--no-modify-hybrid-view',
      hint: '--no-modify-hybrid-view applies to --offload-predicate on a RANGE or LIST_AS_RANGE offloaded table',
    });

  if (id.kind === 'predicate') {
    checkColumns(source, id.predicate, name);
    const requested = n.predicateType;
    const predicate = (variant: PredicateVariant, predicateType: IncrementalPredicateType) =>
      done({ kind: 'predicate', predicate: id.predicate, dsl: id.dsl, variant, predicateType });
    if (recorded === 'LIST')
      throw new GoeError('OPTION_INVALID', OFFLOAD_MODE_MESSAGES.listWithPredicate, {
        variable: '--offload-predicate',
      });
    if (recorded === 'RANGE' || recorded === 'LIST_AS_RANGE') {
      if (requested === undefined || requested === recorded) {
        if (offloadType !== undefined && offloadType !== metadata!.offloadType)
          throw new GoeError(
            'OPTION_INVALID',
            OFFLOAD_MODE_MESSAGES.switchingType(metadata!.offloadType, offloadType),
            {
              variable: '--offload-type',
              hint: 'Late-arriving data keeps the offload type of the table',
            },
          );
        return predicate({ kind: 'late-arriving', keys: recordedKeys() }, recorded);
      }
      if (requested === `${recorded}_AND_PREDICATE`) {
        const keys = recordedKeys();
        checkAllKeys(id.predicate, keys);
        return predicate({ kind: 'intra-day', keys }, requested);
      }
      throw new GoeError('OPTION_INVALID', OFFLOAD_MODE_MESSAGES.predicateTypeRequired, {
        variable: '--offload-predicate-type',
        hint: `${name} is offloaded with INCREMENTAL_PREDICATE_TYPE ${recorded}: give no type (late-arriving data) or ${recorded}_AND_PREDICATE`,
      });
    }
    if (recorded === 'RANGE_AND_PREDICATE' || recorded === 'LIST_AS_RANGE_AND_PREDICATE') {
      if (requested !== undefined && requested !== recorded)
        throw new GoeError('OPTION_INVALID', OFFLOAD_MODE_MESSAGES.predicateTypeChange, {
          variable: '--offload-predicate-type',
        });
      const keys = recordedKeys();
      checkAllKeys(id.predicate, keys);
      return predicate({ kind: 'intra-day', keys }, recorded);
    }
    if (offloadType === 'FULL')
      throw new GoeError('OPTION_INVALID', OFFLOAD_MODE_MESSAGES.fullWithPredicate, { variable: '--offload-type' });
    if (requested === 'RANGE_AND_PREDICATE' || requested === 'LIST_AS_RANGE_AND_PREDICATE') {
      if (recorded === 'PREDICATE')
        throw new GoeError('OPTION_INVALID', OFFLOAD_MODE_MESSAGES.predicateTypeChange, {
          variable: '--offload-predicate-type',
        });
      const want = requested === 'RANGE_AND_PREDICATE' ? isRange : isList;
      const k = tableKeys();
      if (!want || 'reason' in k)
        throw new GoeError(
          'OPTION_INVALID',
          OFFLOAD_MODE_MESSAGES.invalidCombination(method.toUpperCase(), requested),
          'reason' in k && want
            ? { variable: '--offload-predicate-type', hint: k.reason }
            : { variable: '--offload-predicate-type' },
        );
      checkAllKeys(id.predicate, k.keys);
      return predicate({ kind: 'intra-day', keys: k.keys }, requested);
    }
    if (requested !== undefined && requested !== 'PREDICATE')
      throw new GoeError(
        'OPTION_INVALID',
        OFFLOAD_MODE_MESSAGES.invalidCombination('any', `${requested} with --offload-predicate`),
        {
          variable: '--offload-predicate-type',
        },
      );
    if (n.noModifyHybridView === true)
      throw new GoeError('OPTION_INVALID', OFFLOAD_MODE_MESSAGES.noModifyHybridView('PREDICATE'), {
        variable: '--no-modify-hybrid-view',
      });
    return predicate({ kind: 'predicate' }, 'PREDICATE');
  }

  if (recorded === 'PREDICATE') {
    if (id.kind === 'none')
      throw new GoeError('OPTION_INVALID', OFFLOAD_MODE_MESSAGES.missingPredicate, { variable: '--offload-predicate' });
    throw new GoeError('OPTION_INVALID', OFFLOAD_MODE_MESSAGES.predicateTypeChange, {
      variable: optionOf(id),
      hint: `${name} is offloaded by predicate; offload more rows with --offload-predicate, or start again with --reset-backend-table`,
    });
  }
  const family = familyOf(id);
  const requested = n.predicateType;
  if (requested === 'PREDICATE' || requested === 'RANGE_AND_PREDICATE' || requested === 'LIST_AS_RANGE_AND_PREDICATE')
    if (requested !== recorded)
      throw new GoeError('OPTION_INVALID', `--offload-predicate-type ${requested} needs --offload-predicate`, {
        variable: '--offload-predicate-type',
      });
  const appended = metadata?.offloadType === 'INCREMENTAL' && metadata.incrementalKey !== undefined;
  const incremental = offloadType ?? (appended || family !== 'none' ? 'INCREMENTAL' : undefined);
  /**
   * `--offload-type FULL` on a table offloaded by partition append (GOE: explicit --offload-type wins): the
   * partitions not yet offloaded, MAXVALUE / DEFAULT included, appended; OFFLOAD_TYPE FULL recorded.
   */
  // (also a repeated --offload-type FULL of a RANGE / LIST table: what is offloaded is found by partition, a no-op when all is)
  const fullAppend =
    offloadType === 'FULL' && (metadata?.incrementalKey !== undefined || metadata?.offloadType === 'FULL');
  if (
    metadata !== undefined &&
    (isList || isRange) &&
    incremental !== undefined &&
    incremental !== metadata.offloadType
  )
    notices.push(OFFLOAD_MODE_MESSAGES.switchingType(metadata.offloadType, incremental));
  const bySubpartition = n.offloadBySubpartition === true || metadata?.incrementalRange === 'SUBPARTITION';
  const autoSub =
    !bySubpartition &&
    metadata === undefined &&
    incremental === 'INCREMENTAL' &&
    family !== 'lpa' &&
    autoSubpartition(source);
  if (bySubpartition || autoSub) {
    const support = subpartitionSupport(source);
    if (!support.ok)
      throw new GoeError('OPTION_INVALID', `--offload-by-subpartition cannot be used: ${support.reason}`, {
        variable: '--offload-by-subpartition',
      });
    if (family === 'lpa')
      throw new GoeError('OPTION_INVALID', OFFLOAD_MODE_MESSAGES.subpartitionLpa(optionOf(id)), {
        variable: optionOf(id),
      });
    if (metadata?.offloadType === 'FULL' && incremental === 'INCREMENTAL')
      throw new GoeError('OPTION_INVALID', OFFLOAD_MODE_MESSAGES.subpartitionFullToIncremental, {
        variable: '--offload-type',
        hint: 'Offload the whole table again with --reset-backend-table',
      });
    const sub = keyColumns(source, support.keys);
    if ('reason' in sub) throw new GoeError('INTERNAL', sub.reason);
    if (metadata?.incrementalKey !== undefined) checkSameKeys(sub.keys, metadata.incrementalKey, name);
    const predicateType = recorded === 'RANGE_AND_PREDICATE' ? 'RANGE_AND_PREDICATE' : 'RANGE';
    if (fullAppend)
      return done({
        kind: 'range',
        key: sub.keys[0]!,
        keys: sub.keys,
        predicateType,
        subpartition: true,
        offloadType: 'FULL',
      });
    if (incremental !== 'INCREMENTAL') return done({ kind: 'full' });
    if (autoSub)
      notices.push(
        OFFLOAD_MODE_MESSAGES.autoSubpartition(
          `${method.toUpperCase()}/${(source.partitioning.subpartitioning?.method ?? '').toUpperCase()}`,
        ),
      );
    return done({ kind: 'range', key: sub.keys[0]!, keys: sub.keys, predicateType, subpartition: true });
  }
  if (!isList && !isRange) {
    if (appended && family === 'none')
      throw new GoeError(
        'OPTION_INVALID',
        `${name} was offloaded by partition append but ${method === 'none' ? notPartitioned(source) : notRangeOrList(source)}`,
        {
          hint: 'Offload the whole table again with --reset-backend-table',
        },
      );
    if (family !== 'none') {
      const reason = 'reason' in tableKeys() || method === 'none' ? notPartitioned(source) : notRangeOrList(source);
      throw new GoeError('OPTION_INVALID', `${optionOf(id)} cannot be used: ${reason}`, { variable: optionOf(id) });
    }
    if (incremental === 'INCREMENTAL' && metadata === undefined)
      warnings.push(
        OFFLOAD_MODE_MESSAGES.incrementalNotValid(
          name,
          method === 'none' ? notPartitioned(source) : notRangeOrList(source),
        ),
      );
    return done({ kind: 'full' });
  }
  const k = tableKeys();
  if ('reason' in k) {
    if (family !== 'none')
      throw new GoeError('OPTION_INVALID', `${optionOf(id)} cannot be used: ${k.reason}`, { variable: optionOf(id) });
    if (appended)
      throw new GoeError('OPTION_INVALID', `${name} was offloaded by partition append but ${k.reason}`, {
        hint: 'Offload the whole table again with --reset-backend-table',
      });
    if (incremental === 'INCREMENTAL' && metadata === undefined)
      warnings.push(OFFLOAD_MODE_MESSAGES.incrementalNotValid(name, k.reason));
    return done({ kind: 'full' });
  }
  const keys = k.keys;
  if (metadata?.incrementalKey !== undefined) checkSameKeys(keys, metadata.incrementalKey, name);
  if (isRange) {
    if (requested === 'LIST' || requested === 'LIST_AS_RANGE')
      throw new GoeError('OPTION_INVALID', OFFLOAD_MODE_MESSAGES.invalidCombination('RANGE', requested), {
        variable: '--offload-predicate-type',
      });
    if (id.kind === 'equal-to-values')
      throw new GoeError('OPTION_INVALID', OFFLOAD_MODE_MESSAGES.lpaOnRange('--equal-to-values', name), {
        variable: '--equal-to-values',
      });
    if (id.kind === 'partition-names')
      throw new GoeError('OPTION_INVALID', IDENTIFICATION_MESSAGES.onePartitionName, { variable: '--partition-names' });
    const predicateType = recorded === 'RANGE_AND_PREDICATE' ? 'RANGE_AND_PREDICATE' : 'RANGE';
    if (fullAppend) return done({ kind: 'range', key: keys[0]!, keys, predicateType, offloadType: 'FULL' });
    if (incremental !== 'INCREMENTAL')
      return done(family === 'none' ? { kind: 'full' } : { kind: 'full', boundary: { keys } });
    return done({ kind: 'range', key: keys[0]!, keys, predicateType });
  }
  // LIST table
  const recordedAsRange = recorded === 'LIST_AS_RANGE' || recorded === 'LIST_AS_RANGE_AND_PREDICATE';
  // one --partition-names is LIST append on a LIST table unless LIST_AS_RANGE is recorded or requested
  const asRange =
    requested === 'LIST_AS_RANGE' ||
    (requested === undefined &&
      (id.kind === 'less-than' || ((id.kind === 'partition-name' || family === 'none') && recordedAsRange)));
  if (requested === 'RANGE')
    throw new GoeError('OPTION_INVALID', OFFLOAD_MODE_MESSAGES.invalidCombination('LIST', requested), {
      variable: '--offload-predicate-type',
    });
  if (asRange && family === 'lpa' && id.kind === 'equal-to-values')
    throw new GoeError(
      'OPTION_INVALID',
      OFFLOAD_MODE_MESSAGES.invalidCombination('LIST', 'LIST_AS_RANGE with --equal-to-values'),
      {
        variable: '--equal-to-values',
      },
    );
  if (!asRange && id.kind === 'less-than')
    throw new GoeError('OPTION_INVALID', `${optionOf(id)} cannot be used with INCREMENTAL_PREDICATE_TYPE LIST`, {
      variable: optionOf(id),
      hint: 'Use --equal-to-values or --partition-names, or --offload-predicate-type LIST_AS_RANGE',
    });
  if (recorded !== undefined && metadata?.incrementalKey !== undefined) {
    const was = recorded.startsWith('LIST_AS_RANGE') ? 'LIST_AS_RANGE' : recorded;
    if (was !== (asRange ? 'LIST_AS_RANGE' : 'LIST'))
      throw new GoeError('OPTION_INVALID', OFFLOAD_MODE_MESSAGES.predicateTypeChange, {
        variable: requested === undefined ? optionOf(id) : '--offload-predicate-type',
        hint: `${name} is offloaded with INCREMENTAL_PREDICATE_TYPE ${recorded}`,
      });
  }
  if (incremental !== 'INCREMENTAL' && family === 'none' && !fullAppend) return done({ kind: 'full' });
  if (metadata?.offloadType === 'FULL' && incremental === 'INCREMENTAL' && family === 'none')
    throw new GoeError('OPTION_INVALID', OFFLOAD_MODE_MESSAGES.listNeedsIdentification, { variable: '--offload-type' });
  const type = incremental === 'FULL' ? 'FULL' : 'INCREMENTAL';
  if (asRange)
    return done({
      kind: 'list-as-range',
      keys,
      offloadType: type,
      predicateType: recorded === 'LIST_AS_RANGE_AND_PREDICATE' ? 'LIST_AS_RANGE_AND_PREDICATE' : 'LIST_AS_RANGE',
    });
  return done({ kind: 'list', keys, offloadType: type });
}

/** `rpa` (range options), `lpa` (list options) or `none`. */
function familyOf(id: DataIdentification): 'rpa' | 'lpa' | 'none' {
  if (id.kind === 'less-than' || id.kind === 'partition-name') return 'rpa';
  if (id.kind === 'equal-to-values' || id.kind === 'partition-names') return 'lpa';
  return 'none';
}

function optionOf(id: DataIdentification): string {
  if (id.kind === 'less-than') return id.option;
  if (id.kind === 'equal-to-values') return '--equal-to-values';
  if (id.kind === 'predicate') return '--offload-predicate';
  return '--partition-names';
}

function notPartitioned(source: SourceTable): string {
  return `${source.owner}.${source.name} is not partitioned`;
}

function notRangeOrList(source: SourceTable): string {
  return `${source.owner}.${source.name} is ${source.partitioning.method.toUpperCase()} partitioned (partition append needs RANGE or LIST partitioning)`;
}

function checkColumns(source: SourceTable, predicate: PredicateAst, name: string): void {
  const columns = new Set(source.columns.map((c) => c.name.toUpperCase()));
  for (const ref of predicateColumnRefs(predicate)) {
    if (!columns.has(ref.name.toUpperCase())) {
      throw new GoeError('OPTION_INVALID', OFFLOAD_MODE_MESSAGES.unresolvedColumn(ref.name), {
        variable: '--offload-predicate',
        column: ref.name,
        hint: `Columns of ${name}: ${source.columns.map((c) => c.name).join(', ')}`,
      });
    }
  }
}

function checkAllKeys(predicate: PredicateAst, keys: readonly KeyColumn[]): void {
  const named = new Set(predicateColumnRefs(predicate).map((r) => r.name.toUpperCase()));
  const missing = keys.filter((k) => !named.has(k.column.toUpperCase()));
  if (missing.length > 0)
    throw new GoeError('OPTION_INVALID', OFFLOAD_MODE_MESSAGES.allKeyColumns, {
      variable: '--offload-predicate',
      hint: `Missing: ${missing.map((k) => k.column).join(', ')}`,
    });
}

function checkSameKeys(keys: readonly KeyColumn[], recorded: string, name: string): void {
  const now = keys.map((k) => k.column.toUpperCase()).join(',');
  if (now !== recorded.toUpperCase().replace(/\s+/g, '')) {
    throw new GoeError(
      'OPTION_INVALID',
      `The partition key of ${name} is now ${keys.map((k) => k.column).join(',')} but it was offloaded by partition append on ${recorded}`,
      { hint: 'Offload the whole table again with --reset-backend-table' },
    );
  }
}

/**
 * The plan's description of a decided mode (printed and in the `--json` plan): kind, types, key columns, this run's
 * partitions and the high values recorded after it.
 *
 * @example
 * offloadVariantOf({ kind: 'list', keys: [regionKey], offloadType: 'INCREMENTAL' }, { highValues: { values: [['EU']], text: '(EU)' } })
 * // { kind: 'list', offloadType: 'INCREMENTAL', predicateType: 'LIST', keyColumns: ['REGION'], highValues: [['EU']] }
 */
export function offloadVariantOf(
  mode: OffloadMode,
  identified: {
    readonly append?: { readonly partitions: readonly string[]; readonly alreadyOffloaded: readonly string[] };
    readonly highValues?: { readonly values: readonly (readonly string[])[] };
  } = {},
): OffloadVariant {
  const hv = identified.highValues === undefined ? {} : { highValues: identified.highValues.values };
  const parts =
    identified.append === undefined
      ? {}
      : { partitions: identified.append.partitions, alreadyOffloaded: identified.append.alreadyOffloaded };
  const cols = (keys: readonly KeyColumn[]) => ({ keyColumns: keys.map((k) => k.column) });
  switch (mode.kind) {
    case 'full':
      return mode.boundary === undefined
        ? { kind: 'full', offloadType: 'FULL' }
        : { kind: 'full', offloadType: 'FULL', predicateType: 'RANGE', ...cols(mode.boundary.keys), ...hv };
    case 'range':
      return {
        kind: 'range',
        offloadType: mode.offloadType ?? 'INCREMENTAL',
        predicateType: mode.predicateType,
        ...cols(mode.keys),
        ...parts,
        ...hv,
      };
    case 'list':
      return {
        kind: 'list',
        offloadType: mode.offloadType,
        predicateType: 'LIST',
        ...cols(mode.keys),
        ...parts,
        ...hv,
      };
    case 'list-as-range':
      return {
        kind: 'list-as-range',
        offloadType: mode.offloadType,
        predicateType: mode.predicateType,
        ...cols(mode.keys),
        ...parts,
        ...hv,
      };
    case 'predicate':
      return {
        kind: 'predicate',
        offloadType: 'INCREMENTAL',
        predicateType: mode.predicateType,
        predicateCase: mode.variant.kind,
        ...(mode.variant.kind === 'predicate' ? {} : cols(mode.variant.keys)),
      };
  }
}

/**
 * Whether this offload appends to an existing backend table that has offload metadata (the re-run matrix's
 * `incremental`): a partition append (RANGE, LIST, LIST_AS_RANGE) finds what is loaded from the backend's data,
 * whatever OFFLOAD_TYPE the metadata records (FULL → INCREMENTAL, INCREMENTAL → FULL, FULL again); a predicate
 * appends to INCREMENTAL metadata, and late-arriving data also to a FULL offload with a boundary (GOE's 100/10); a
 * full offload never appends.
 *
 * @example
 * appendsToOffloadedTable({ kind: 'full' }, metadata) // false
 * appendsToOffloadedTable({ kind: 'list', keys, offloadType: 'FULL' }, { ...metadata, offloadType: 'FULL' }) // true
 */
export function appendsToOffloadedTable(mode: OffloadMode, metadata: Pick<OffloadMetadata, 'offloadType'>): boolean {
  if (mode.kind === 'full') return false;
  if (mode.kind === 'predicate') return metadata.offloadType === 'INCREMENTAL' || mode.variant.kind === 'late-arriving';
  return true;
}
