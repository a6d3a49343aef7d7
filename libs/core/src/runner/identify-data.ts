/**
 * The data half of "Find data to offload": for a partition append (RANGE, LIST, LIST_AS_RANGE), which partitions the
 * backend already holds (its key values, one query) and which to offload now; for a predicate-based offload, whether
 * the source has matching rows and the backend has them already. Sets the plan scope, the chunks, the verification
 * scopes and the high values to record, or marks a no-op.
 */
import { GoeError } from '../errors.js';
import type { BackendSession } from '../contracts/backend.js';
import type { OffloadScope } from '../contracts/frontend.js';
import { andPredicates, type PredicateAst } from '../predicate/ast.js';
import { printPredicate } from '../predicate/printer.js';
import { chunkPartitions, PARTITION_APPEND_MESSAGES } from '../plan/partition-append.js';
import type { SourcePartition, SourceTable } from '../model/table.js';
import {
  boundFromPartition,
  compareKeyTuples,
  formatKeyTuple,
  tupleAtOrAbove,
  parseKeyTuple,
  tupleBelow,
  tupleRange,
  type KeyBound,
  type KeyColumn,
  type KeyTuple,
} from '../plan/key-tuples.js';
import {
  planRangeAppend,
  rangePartitionsBetween,
  recordedBound,
  compareKeyBounds,
  tupleIsBelow,
  type RangeIdentification,
} from '../plan/range-append.js';
import {
  LIST_APPEND_MESSAGES,
  listAsRangeBoundary,
  parseListValues,
  planListAppend,
  planListAsRange,
  type ListAsRangePlan,
  type ListIdentification,
} from '../plan/list-append.js';
import type { DataIdentification } from '../plan/data-identification.js';
import { checkCommonBoundary, chunkByHighValue, subpartitionView } from '../plan/subpartitions.js';
import { OFFLOAD_MODE_MESSAGES, recordedPredicateType, type OffloadMode } from './offload-mode.js';
import type { Discovery, Identification, RunState } from './run-state.js';

/**
 * Texts of predicate-based offloads (reference §2.6: "Already offloaded", "(overlap)").
 *
 * @example
 * PREDICATE_OFFLOAD_MESSAGES.alreadyOffloaded('column(ID) < numeric(3)') // 'Already offloaded: column(ID) < numeric(3)'
 */
export const PREDICATE_OFFLOAD_MESSAGES = Object.freeze({
  noRows: (dsl: string) => `No rows to offload: the source has no rows matching ${dsl}`,
  alreadyOffloaded: (dsl: string) => `Already offloaded: ${dsl}`,
  overlap: (dsl: string, backend: bigint, source: bigint) =>
    `Already offloaded (overlap): ${backend} backend rows match ${dsl}, the source has ${source}`,
  missingKeyValues: (backend: string, what: string) =>
    `The ${backend} backend cannot offload ${what}: its session has no partitionKeyValues method`,
  emptyBackend: 'No rows to offload: the backend table holds no partition-append rows to bound the late-arriving data',
});

/**
 * Refuses, before anything changes, a partition append the backend session cannot detect: a multi-column key (or a
 * LIST append) needs `partitionKeyValues`.
 *
 * @throws GoeError `OPTION_INVALID` naming the backend and the missing method
 * @example
 * requireKeyValues('Quack', session, keys, 'LIST') // throws when session.partitionKeyValues is missing
 */
export function requireKeyValues(
  backendName: string,
  session: Pick<BackendSession, 'partitionKeyValues'>,
  keys: readonly KeyColumn[],
  variant: 'RANGE' | 'LIST' | 'LIST_AS_RANGE',
): void {
  if (session.partitionKeyValues !== undefined) return;
  if (variant === 'LIST')
    throw new GoeError(
      'OPTION_INVALID',
      PREDICATE_OFFLOAD_MESSAGES.missingKeyValues(backendName, 'LIST partition append'),
    );
  if (keys.length > 1)
    throw new GoeError(
      'OPTION_INVALID',
      PREDICATE_OFFLOAD_MESSAGES.missingKeyValues(
        backendName,
        `a ${keys.length}-column partition key (${keys.map((k) => k.column).join(', ')})`,
      ),
    );
}

/** The backend's lexicographic maximum key tuple (one query), or null for an empty table. */
async function backendMax(found: Discovery, keys: readonly KeyColumn[]): Promise<KeyTuple | null> {
  const { backend, target } = found;
  if (backend.partitionKeyValues !== undefined) {
    const [row] = await backend.partitionKeyValues(
      target.database,
      target.table,
      keys.map((k) => k.column),
      'max',
    );
    return row === undefined || row.some((v) => v === null) ? null : (row as string[]);
  }
  const v = await backend.maxPartitionValue(target.database, target.table, keys[0]!.column);
  return v === null ? null : [v];
}

/** Every distinct key tuple of the backend table (one query); tuples with a NULL are left out. */
async function backendValues(found: Discovery, keys: readonly KeyColumn[]): Promise<KeyTuple[]> {
  const { backend, target } = found;
  const rows = await backend.partitionKeyValues!(
    target.database,
    target.table,
    keys.map((k) => k.column),
    'distinct',
  );
  return rows.filter((r) => r.every((v) => v !== null)) as string[][];
}

function rangeIdentification(id: DataIdentification, keys: readonly KeyColumn[]): RangeIdentification {
  if (id.kind === 'less-than') {
    if (id.option.startsWith('--older-than-') && keys[0]!.kind !== 'datetime')
      throw new GoeError(
        'OPTION_INVALID',
        `${id.option} needs a date or timestamp partition key; ${keys[0]!.column} is ${keys[0]!.dataType} (use --less-than-value)`,
        { variable: id.option },
      );
    return { kind: 'less-than', value: parseKeyTuple(keys, id.value, id.option), option: id.option };
  }
  if (id.kind === 'partition-name') return id;
  return { kind: 'none' };
}

function listIdentification(id: DataIdentification, keys: readonly KeyColumn[]): ListIdentification {
  if (id.kind === 'equal-to-values')
    return { kind: 'equal-to-values', values: id.values.map((v) => parseListValues(keys, v, '--equal-to-values')) };
  if (id.kind === 'partition-names') return { kind: 'partition-names', names: id.names };
  if (id.kind === 'partition-name') return { kind: 'partition-names', names: [id.name] };
  if (id.kind === 'less-than') {
    const r = rangeIdentification(id, keys);
    return r.kind === 'less-than' ? r : { kind: 'none' };
  }
  return { kind: 'none' };
}

/** The MAXVALUE (and DEFAULT) partitions of a RANGE table, and the highest high value of the others. */
interface OutOfRange {
  readonly parts: readonly SourcePartition[];
  readonly top?: KeyBound;
}

function outOfRangeOf(table: SourceTable, keys: readonly KeyColumn[]): OutOfRange {
  const parts: SourcePartition[] = [];
  let top: KeyBound | undefined;
  for (const p of table.partitioning.partitions) {
    const upper =
      p.isDefault === true || p.upperBound === undefined ? 'MAXVALUE' : boundFromPartition(keys, p.upperBound);
    if (upper === 'MAXVALUE') parts.push(p);
    else if (top === undefined || compareKeyBounds(keys, upper, top) > 0) top = upper;
  }
  return top === undefined ? { parts } : { parts, top };
}

/**
 * Whether the backend holds rows of the MAXVALUE partition (GOE's walk: it is offloaded when the backend maximum is
 * at or above every other partition's high value).
 */
function outOfRangeLoaded(keys: readonly KeyColumn[], max: KeyTuple | null, o: OutOfRange): boolean {
  return o.parts.length > 0 && max !== null && (o.top === undefined || !tupleIsBelow(keys, max, o.top));
}

/** The high value of a RANGE partition by name (undefined for MAXVALUE / DEFAULT / unknown). */
function upperOf(table: SourceTable, keys: readonly KeyColumn[], name: string): KeyBound | undefined {
  const p = table.partitioning.partitions.find((x) => x.name === name);
  if (p === undefined || p.isDefault === true || p.upperBound === undefined) return undefined;
  const b = boundFromPartition(keys, p.upperBound);
  return b === 'MAXVALUE' ? undefined : b;
}

/** Refusal of INCREMENTAL once the DEFAULT partition of a LIST table has been offloaded (GOE's text). */
function defaultOffloaded(): GoeError {
  return new GoeError('OPTION_INVALID', LIST_APPEND_MESSAGES.defaultOffloaded, {
    variable: '--offload-type',
    hint: 'Offload with --offload-type FULL, or the whole table again with --reset-backend-table',
  });
}

/** Identifies the data of an offload (nothing to identify for a plain full one: `{}`). @internal */
export async function identifyData(s: RunState, found: Discovery): Promise<Identification> {
  const { mode, source } = found;
  const hasTable = found.tableExists && found.action.kind !== 'reset';
  /** Appending to this source's table that has rows but no metadata (a first run stopped before saving it). */
  const unrecorded = hasTable && found.metadata === undefined && found.action.kind === 'append';
  const noop = (message: string) => {
    s.notice(message);
    return message;
  };
  const chunking = { maxChunkCount: s.settings.maxChunkCount, maxChunkBytes: s.settings.maxChunkBytes };
  const id = s.opts.identification.identification;
  const partitions = (names: readonly string[]): OffloadScope => ({ kind: 'partitions', partitions: names });
  const predicateScope = (predicate: PredicateAst): OffloadScope => ({ kind: 'predicate', predicate });
  const logPlan = (lines: string[]) => s.logger.info(lines.join('\n'));
  /** A LIST / LIST_AS_RANGE append's scopes: its partitions, by chunk, verified against its backend scope. */
  const appendScopes = (append: {
    readonly partitions: readonly string[];
    readonly chunks: readonly (readonly string[])[];
    readonly backendScope?: PredicateAst;
  }) => {
    const scope = partitions(append.partitions);
    return {
      planScope: scope,
      chunkScopes: append.chunks.map(partitions),
      verifyScopes: {
        source: scope,
        ...(append.backendScope === undefined ? {} : { backend: predicateScope(append.backendScope) }),
      },
    };
  };
  if (mode.kind === 'full') {
    if (mode.boundary === undefined) return {};
    return identifyFullWithBoundary(s, found, mode.boundary.keys, { hasTable, unrecorded, chunking, noop, logPlan });
  }
  if (mode.kind === 'range') {
    const keys = mode.keys;
    const max = hasTable ? await backendMax(found, keys) : null;
    // offload by subpartition: the subpartitions are the partitions; the HWM must be a common boundary
    const table = mode.subpartition === true ? subpartitionView(source) : source;
    const rangeId = rangeIdentification(id, keys);
    const outOfRange = outOfRangeOf(table, keys);
    const maxLoaded = outOfRangeLoaded(keys, max, outOfRange);
    if (mode.offloadType === 'FULL') {
      // INCREMENTAL → FULL (or FULL again): every partition not yet offloaded, MAXVALUE included; the filter places the HWM
      const all = planRangeAppend({ table, keys, identification: { kind: 'none' }, backendMax: max, ...chunking });
      const filtered =
        rangeId.kind === 'none'
          ? all
          : planRangeAppend({ table, keys, identification: rangeId, backendMax: max, ...chunking });
      if (mode.subpartition === true && rangeId.kind !== 'none' && filtered.highWaterMark !== undefined)
        checkCommonBoundary(
          source,
          keys,
          filtered.highWaterMark.bound.values,
          rangeId.kind === 'less-than' ? rangeId.option : '--partition-names',
        );
      // a previous FULL run offloaded the MAXVALUE partition even when it was empty
      const maxDone = maxLoaded || (hasTable && found.metadata?.offloadType === 'FULL');
      const extra = maxDone ? [] : outOfRange.parts;
      const names = [...all.partitions, ...extra.map((p) => p.name)];
      const parts = names.map((n) => table.partitioning.partitions.find((p) => p.name === n)!);
      const chunks =
        mode.subpartition === true
          ? chunkByHighValue(table, keys, names, chunking.maxChunkCount, chunking.maxChunkBytes)
          : chunkPartitions(parts, chunking.maxChunkCount, chunking.maxChunkBytes);
      const alreadyOffloaded = [...all.alreadyOffloaded, ...(maxDone ? outOfRange.parts.map((p) => p.name) : [])];
      const hwm = filtered.highWaterMark;
      const lastDone = all.alreadyOffloaded.at(-1);
      const boundary = lastDone === undefined ? undefined : upperOf(table, keys, lastDone);
      logPlan([
        `Partition append (RANGE, OFFLOAD_TYPE FULL) on ${keys.map((k) => k.column).join(', ')}; backend maximum: ${max === null ? 'none' : formatKeyTuple(max)}`,
        `Already offloaded: ${alreadyOffloaded.join(', ') || 'none'}`,
        `Partitions to offload: ${names.join(', ') || 'none'}${chunks.length > 1 ? ` in ${chunks.length} chunks` : ''}`,
        `High-water mark: ${hwm === undefined ? 'none' : `${hwm.partition} (${hwm.value})`}`,
      ]);
      const append = { partitions: names, alreadyOffloaded };
      const highValues =
        hwm === undefined
          ? {}
          : { highValues: { values: [hwm.bound.values], partition: hwm.partition, text: hwm.value } };
      if (names.length === 0) return { append, ...highValues, noop: noop(PARTITION_APPEND_MESSAGES.noPartitions) };
      const scope = partitions(names);
      return {
        append,
        ...highValues,
        planScope: scope,
        chunkScopes: chunks.map(partitions),
        verifyScopes: {
          source: scope,
          ...(boundary === undefined ? {} : { backend: predicateScope(tupleAtOrAbove(keys, boundary)) }),
        },
      };
    }
    if (maxLoaded)
      throw new GoeError('OPTION_INVALID', OFFLOAD_MODE_MESSAGES.outOfRangeOffloaded, {
        variable: '--offload-type',
        hint: 'Offload with --offload-type FULL, or the whole table again with --reset-backend-table',
      });
    const ranged = planRangeAppend({ table, keys, identification: rangeId, backendMax: max, ...chunking });
    if (mode.subpartition === true && rangeId.kind !== 'none' && ranged.highWaterMark !== undefined)
      checkCommonBoundary(
        source,
        keys,
        ranged.highWaterMark.bound.values,
        rangeId.kind === 'less-than' ? rangeId.option : '--partition-names',
      );
    const append =
      mode.subpartition === true
        ? {
            ...ranged,
            chunks: chunkByHighValue(table, keys, ranged.partitions, chunking.maxChunkCount, chunking.maxChunkBytes),
          }
        : ranged;
    const columns = keys.map((k) => k.column).join(', ');
    logPlan([
      `Partition append (RANGE) on ${columns}; backend maximum: ${max === null ? 'none' : formatKeyTuple(max)}`,
      `Already offloaded: ${append.alreadyOffloaded.join(', ') || 'none'}`,
      `Partitions to offload: ${append.partitions.join(', ') || 'none'}${append.chunks.length > 1 ? ` in ${append.chunks.length} chunks` : ''}`,
      `High-water mark: ${append.highWaterMark === undefined ? 'none' : `${append.highWaterMark.partition} (${append.highWaterMark.value})`}`,
    ]);
    for (const n of append.notices) s.notice(n);
    const now = append.highWaterMark;
    const highValues =
      now === undefined
        ? {}
        : { highValues: { values: [now.bound.values], partition: now.partition, text: now.value } };
    const md = found.metadata;
    const recordedValues =
      md?.incrementalKey === undefined
        ? undefined
        : (md.highValues?.[0] ?? (md.highWaterMark === undefined ? undefined : [md.highWaterMark]));
    const recorded = recordedValues === undefined ? undefined : recordedBound(keys, recordedValues);
    if (append.partitions.length === 0) {
      const nothing = { append, ...highValues, noop: noop(PARTITION_APPEND_MESSAGES.noPartitions) };
      if (
        s.opts.execute &&
        recorded !== undefined &&
        now !== undefined &&
        compareKeyBounds(keys, now.bound, recorded) > 0
      ) {
        // a run loaded these partitions and stopped before saving metadata: verify them, then save it
        const from = formatKeyTuple(recorded.values);
        s.notice(PARTITION_APPEND_MESSAGES.metadataLags(from, now.partition, now.value));
        return {
          ...nothing,
          catchUp: { from, to: now.value },
          verifyScopes: {
            source: partitions(rangePartitionsBetween(table, keys, recorded, now.bound)),
            backend: predicateScope(tupleRange(keys, recorded, now.bound)!),
          },
        };
      }
      if (s.opts.execute && unrecorded && now !== undefined && append.alreadyOffloaded.length > 0) {
        // this source's table holds partitions a first run loaded before it could save metadata: verify, then save
        return {
          ...nothing,
          catchUp: { from: '', to: now.value },
          verifyScopes: {
            source: partitions(append.alreadyOffloaded),
            backend: predicateScope(tupleBelow(keys, now.bound)),
          },
        };
      }
      return nothing;
    }
    const scope = partitions(append.partitions);
    const planned = { append, ...highValues, planScope: scope, chunkScopes: append.chunks.map(partitions) };
    const hwm = now!.bound;
    if (unrecorded && append.alreadyOffloaded.length > 0) {
      // a first run loaded some partitions and stopped before saving metadata: verify them with this run's
      return {
        ...planned,
        verifyScopes: {
          source: partitions([...append.alreadyOffloaded, ...append.partitions]),
          backend: predicateScope(tupleBelow(keys, hwm)),
        },
      };
    }
    const lagging = recorded === undefined ? [] : rangePartitionsBetween(table, keys, recorded, hwm);
    if (recorded !== undefined && lagging.length > append.partitions.length) {
      // partitions a previous run loaded without saving metadata: verify them with this run's
      s.notice(PARTITION_APPEND_MESSAGES.verifyingLag(formatKeyTuple(recorded.values)));
      return {
        ...planned,
        verifyScopes: { source: partitions(lagging), backend: predicateScope(tupleRange(keys, recorded, hwm)!) },
      };
    }
    return {
      ...planned,
      verifyScopes: {
        source: scope,
        ...(append.backendScope === undefined ? {} : { backend: predicateScope(append.backendScope) }),
      },
    };
  }
  if (mode.kind === 'list') {
    const keys = mode.keys;
    const values = hasTable ? await backendValues(found, keys) : [];
    const append = planListAppend({
      table: source,
      keys,
      identification: listIdentification(id, keys),
      offloadType: mode.offloadType,
      backendValues: values,
      ...chunking,
    });
    const hasDefault = source.partitioning.partitions.some((p) => p.isDefault === true);
    if (mode.offloadType === 'INCREMENTAL' && hasDefault && append.unlistedBackendValues.length > 0)
      throw defaultOffloaded();
    logPlan([
      `Partition append (LIST) on ${keys.map((k) => k.column).join(', ')}; backend key values: ${values.length}`,
      `Already offloaded: ${append.alreadyOffloaded.join(', ') || 'none'}`,
      `Partitions to offload: ${append.partitions.join(', ') || 'none'}${append.chunks.length > 1 ? ` in ${append.chunks.length} chunks` : ''}`,
    ]);
    for (const n of append.notices) s.notice(n);
    const highValues = {
      highValues: {
        values: append.highValues,
        text: append.highValues.map((t) => `(${formatKeyTuple(t)})`).join(', '),
      },
    };
    if (append.partitions.length === 0) {
      const nothing = { append, ...highValues, noop: noop(PARTITION_APPEND_MESSAGES.noPartitions) };
      const recorded = found.metadata?.highValues ?? [];
      if (
        s.opts.execute &&
        hasTable &&
        append.alreadyOffloaded.length > 0 &&
        (unrecorded || (found.metadata?.incrementalKey !== undefined && recorded.length < append.highValues.length))
      ) {
        // partitions a run loaded before it could save metadata: verify what the backend holds, then save
        return {
          ...nothing,
          catchUp: { from: recorded.map((t) => `(${formatKeyTuple(t)})`).join(', '), to: highValues.highValues.text },
          verifyScopes: { source: partitions(append.alreadyOffloaded) },
        };
      }
      return nothing;
    }
    return { append, ...highValues, ...appendScopes(append) };
  }
  if (mode.kind === 'list-as-range') {
    const keys = mode.keys;
    const max = hasTable ? await backendMax(found, keys) : null;
    const defaultLoaded = hasTable && listAsRangeDefaultLoaded(source, keys, max, found.metadata);
    if (mode.offloadType === 'INCREMENTAL' && defaultLoaded) throw defaultOffloaded();
    const planned = planListAsRange({
      table: source,
      keys,
      identification: listIdentification(id, keys),
      offloadType: mode.offloadType,
      backendMax: max,
      ...chunking,
    });
    // FULL again once DEFAULT is offloaded: the listed partitions not yet offloaded, the filter still placing the HWM
    const append = defaultLoaded ? listAsRangeWithoutDefault(planned, source, keys, max, chunking) : planned;
    const now = append.highWaterMark;
    logPlan([
      `Partition append (LIST_AS_RANGE) on ${keys.map((k) => k.column).join(', ')}; backend maximum: ${max === null ? 'none' : formatKeyTuple(max)}`,
      `Already offloaded: ${append.alreadyOffloaded.join(', ') || 'none'}`,
      `Partitions to offload: ${append.partitions.join(', ') || 'none'}`,
      `High-water mark: ${now === undefined ? 'none' : `${now.partition} (${formatKeyTuple(now.value)})`}`,
    ]);
    for (const n of append.notices) s.notice(n);
    const highValues =
      now === undefined
        ? {}
        : { highValues: { values: [now.value], partition: now.partition, text: formatKeyTuple(now.value) } };
    if (append.partitions.length === 0) {
      const nothing = { append, ...highValues, noop: noop(PARTITION_APPEND_MESSAGES.noPartitions) };
      const recorded = found.metadata?.highValues?.[0];
      const lags =
        now !== undefined &&
        (unrecorded ||
          (recorded !== undefined &&
            compareKeyBounds(keys, { values: now.value, inclusive: true }, { values: recorded, inclusive: true }) > 0));
      if (s.opts.execute && hasTable && lags && append.alreadyOffloaded.length > 0) {
        return {
          ...nothing,
          catchUp: { from: recorded === undefined ? '' : formatKeyTuple(recorded), to: formatKeyTuple(now.value) },
          verifyScopes: {
            source: partitions(append.alreadyOffloaded),
            backend: predicateScope(listAsRangeBoundary(keys, now.value).backend),
          },
        };
      }
      return nothing;
    }
    return { append, ...highValues, ...appendScopes(append) };
  }
  let predicate = mode.predicate;
  let dsl = mode.dsl;
  if (mode.variant.kind === 'late-arriving') {
    const max = hasTable ? await backendMax(found, mode.variant.keys) : null;
    if (max === null) return { noop: noop(PREDICATE_OFFLOAD_MESSAGES.emptyBackend) };
    predicate = andPredicates(mode.predicate, tupleBelow(mode.variant.keys, { values: max, inclusive: true }));
    dsl = printPredicate(predicate);
    s.notice(OFFLOAD_MODE_MESSAGES.appendedHighValue);
  }
  const scope = predicateScope(predicate);
  const sourceRows = await found.frontend.count(source, scope);
  s.logger.info(`Predicate ${dsl}: ${sourceRows} source rows`);
  if (sourceRows === 0n) return { noop: noop(PREDICATE_OFFLOAD_MESSAGES.noRows(dsl)) };
  if (hasTable) {
    const backendRows = await found.backend.count(found.target.database, found.target.table, scope);
    s.logger.info(`Predicate ${dsl}: ${backendRows} backend rows`);
    if (backendRows === sourceRows) {
      const nothing = { noop: noop(PREDICATE_OFFLOAD_MESSAGES.alreadyOffloaded(dsl)) };
      // loaded by a run that stopped before saving metadata (a first run, or one whose predicate or predicate type
      // the metadata does not record yet): verify, then save it
      const lags = predicateMetadataLags(mode, found.metadata, s.opts.identification.noModifyHybridView === true);
      if (s.opts.execute && (unrecorded || lags))
        return {
          ...nothing,
          catchUp: lags
            ? { from: recordedPredicateType(found.metadata) ?? '', to: `${mode.predicateType} ${mode.dsl}` }
            : { from: '', to: '' },
          verifyScopes: { source: scope, backend: scope },
        };
      return nothing;
    }
    if (backendRows > 0n) {
      throw new GoeError('ALREADY_OFFLOADED', PREDICATE_OFFLOAD_MESSAGES.overlap(dsl, backendRows, sourceRows), {
        hint: 'Offload a predicate that does not overlap the rows offloaded before, or the whole table again with --reset-backend-table',
      });
    }
  }
  return { planScope: scope, verifyScopes: { source: scope, backend: scope } };
}

/**
 * Whether a LIST_AS_RANGE table's DEFAULT partition has been offloaded: the table has one and the last offload was
 * FULL (which takes it), or the backend maximum is above every listed value (rows only DEFAULT holds).
 */
function listAsRangeDefaultLoaded(
  source: SourceTable,
  keys: readonly KeyColumn[],
  max: KeyTuple | null,
  metadata: { readonly offloadType: 'FULL' | 'INCREMENTAL' } | undefined,
): boolean {
  const parts = source.partitioning.partitions;
  if (!parts.some((p) => p.isDefault === true)) return false;
  if (metadata?.offloadType === 'FULL') return true;
  if (max === null) return false;
  const values = parts.flatMap((p) =>
    p.isDefault === true ? [] : (p.values ?? []).map((t) => t.map((b) => (b.kind === 'value' ? String(b.value) : ''))),
  );
  return values.every((v) => compareKeyTuples(keys, max, v) > 0);
}

/**
 * Whether the metadata lacks what a predicate-based offload records (its predicate type, or its predicate unless
 * `--no-modify-hybrid-view`): a run loaded the rows and stopped before "Save offload metadata". Late-arriving data
 * records nothing.
 */
function predicateMetadataLags(
  mode: Extract<OffloadMode, { kind: 'predicate' }>,
  metadata: Discovery['metadata'],
  noModify: boolean,
): boolean {
  if (metadata === undefined || mode.variant.kind === 'late-arriving') return false;
  if (recordedPredicateType(metadata) !== mode.predicateType) return true;
  return !noModify && !(metadata.predicates ?? []).includes(mode.dsl);
}

/**
 * GOE's "100/10" (`--offload-type FULL` with a partition boundary): every partition, chunked by partition
 * (`--max-offload-chunk-count`), the MAXVALUE / DEFAULT partitions last; the boundary places the high-water mark. On
 * this source's table that a killed run left with rows and no metadata (the re-run matrix's append), the partitions
 * the backend holds are found by its maximum (a DEFAULT partition, whose rows are anywhere, by row counts) and only
 * the others are loaded; with nothing left, the whole table is verified and the metadata saved (a catch-up).
 */
async function identifyFullWithBoundary(
  s: RunState,
  found: Discovery,
  keys: readonly KeyColumn[],
  c: {
    readonly hasTable: boolean;
    readonly unrecorded: boolean;
    readonly chunking: { readonly maxChunkCount: number; readonly maxChunkBytes: number };
    readonly noop: (message: string) => string;
    readonly logPlan: (lines: string[]) => void;
  },
): Promise<Identification> {
  const { source } = found;
  const resume = c.hasTable && c.unrecorded;
  const max = resume ? await backendMax(found, keys) : null;
  const plan = (outOfRangeOffloaded: boolean) =>
    planRangeAppend({
      table: source,
      keys,
      identification: rangeIdentification(s.opts.identification.identification, keys),
      offloadType: 'FULL',
      backendMax: max,
      outOfRangeOffloaded,
      ...c.chunking,
    });
  let full = plan(false);
  /** A MAXVALUE / DEFAULT partition without a lower bound: the backend maximum cannot tell whether it is loaded. */
  const boundless = (name: string) => {
    const p = source.partitioning.partitions.find((x) => x.name === name);
    if (p === undefined || p.isDefault === true) return true;
    const upper = p.upperBound === undefined ? 'MAXVALUE' : boundFromPartition(keys, p.upperBound);
    const lower = p.lowerBound === undefined ? undefined : boundFromPartition(keys, p.lowerBound);
    return upper === 'MAXVALUE' && (lower === undefined || lower === 'MAXVALUE' || lower.values.length === 0);
  };
  if (max !== null && full.partitions.length > 0 && full.partitions.every(boundless)) {
    // only partitions without a lower bound are left: loaded when the backend holds more rows than the others
    const [backendRows, doneRows] = await Promise.all([
      found.backend.count(found.target.database, found.target.table),
      found.frontend.count(source, { kind: 'partitions', partitions: full.alreadyOffloaded }),
    ]);
    if (backendRows > doneRows) full = plan(true);
  }
  const hwm = full.highWaterMark;
  c.logPlan([
    `Full offload with a partition boundary on ${keys.map((k) => k.column).join(', ')}${resume ? `; backend maximum: ${max === null ? 'none' : formatKeyTuple(max)}` : ''}`,
    ...(resume ? [`Already offloaded: ${full.alreadyOffloaded.join(', ') || 'none'}`] : []),
    `Partitions to offload: ${full.partitions.join(', ') || 'none'}${full.chunks.length > 1 ? ` in ${full.chunks.length} chunks` : ''}`,
    `High-water mark: ${hwm === undefined ? 'none' : `${hwm.partition} (${hwm.value})`}`,
  ]);
  const highValues =
    hwm === undefined ? {} : { highValues: { values: [hwm.bound.values], partition: hwm.partition, text: hwm.value } };
  const partitions = (names: readonly string[]): OffloadScope => ({ kind: 'partitions', partitions: names });
  const whole: OffloadScope = { kind: 'full' };
  if (!resume) return { ...highValues, chunkScopes: full.chunks.map(partitions) };
  const append = { partitions: full.partitions, alreadyOffloaded: full.alreadyOffloaded };
  if (full.partitions.length === 0) {
    // every partition is loaded and no metadata was saved: verify the whole table, then save it
    const nothing = { append, ...highValues, noop: c.noop(PARTITION_APPEND_MESSAGES.noPartitions) };
    return s.opts.execute
      ? { ...nothing, catchUp: { from: '', to: hwm?.value ?? '' }, verifyScopes: { source: whole } }
      : nothing;
  }
  return {
    append,
    ...highValues,
    planScope: partitions(full.partitions),
    chunkScopes: full.chunks.map(partitions),
    verifyScopes: { source: whole },
  };
}

/** A FULL LIST_AS_RANGE plan without the DEFAULT partition (already offloaded): `planned` keeps its high-water mark. */
function listAsRangeWithoutDefault(
  planned: ListAsRangePlan,
  source: SourceTable,
  keys: readonly KeyColumn[],
  max: KeyTuple | null,
  chunking: { readonly maxChunkCount: number; readonly maxChunkBytes: number },
): ListAsRangePlan {
  const rest = planListAsRange({
    table: source,
    keys,
    identification: { kind: 'none' },
    offloadType: 'INCREMENTAL',
    backendMax: max,
    ...chunking,
  });
  const defaults = source.partitioning.partitions.filter((p) => p.isDefault === true).map((p) => p.name);
  return {
    partitions: rest.partitions,
    chunks: rest.chunks,
    alreadyOffloaded: [...rest.alreadyOffloaded, ...defaults],
    ...(planned.highWaterMark === undefined ? {} : { highWaterMark: planned.highWaterMark }),
    ...(rest.backendScope === undefined ? {} : { backendScope: rest.backendScope }),
    notices: [],
  };
}
