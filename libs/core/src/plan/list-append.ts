/**
 * LIST partition append (LPA) and LIST_AS_RANGE (types reference §4.5, §5.3; orchestration reference §2.6, §2.7):
 * which LIST partitions one run offloads, which the backend already holds, the value tuples recorded as high
 * values, and the backend scope of the run. Pure: the caller reads the backend's distinct key tuples (LPA) or its
 * lexicographic maximum (LIST_AS_RANGE) in one query and passes them in.
 *
 * The DEFAULT partition (GOE's `OUT-OF-LIST`) has no known values: it is never offloaded under INCREMENTAL and is
 * offloaded whole under FULL.
 */
import { GoeError } from '../errors.js';
import type { SourcePartition, SourceTable } from '../model/table.js';
import { andPredicates, orPredicates, predicateColumn, type PredicateAst } from '../predicate/ast.js';
import {
  compareKeyTuples,
  formatKeyTuple,
  keyTupleId,
  keyLiteral,
  normaliseKeyValue,
  splitKeyCsv,
  tupleAtOrAbove,
  tupleBelow,
  type KeyColumn,
  type KeyTuple,
} from './key-tuples.js';
import {
  DEFAULT_MAX_CHUNK_BYTES,
  DEFAULT_MAX_CHUNK_COUNT,
  PARTITION_APPEND_MESSAGES,
  chunkPartitions,
} from './partition-append.js';

/** How the partitions of a LIST offload are identified. */
export type ListIdentification =
  | { readonly kind: 'none' }
  /** One entry per `--equal-to-values` option: that partition's values, flattened (see {@link parseListValues}). */
  | { readonly kind: 'equal-to-values'; readonly values: readonly KeyTuple[] }
  | { readonly kind: 'partition-names'; readonly names: readonly string[] }
  /** LIST_AS_RANGE only: `--less-than-value` and friends. */
  | { readonly kind: 'less-than'; readonly value: KeyTuple; readonly option: string };

/** What {@link planListAppend} and {@link planListAsRange} both take. */
export interface ListPlanInputBase {
  readonly table: SourceTable;
  readonly keys: readonly KeyColumn[];
  readonly identification: ListIdentification;
  readonly offloadType: 'FULL' | 'INCREMENTAL';
  /** `--max-offload-chunk-count`; default 100. */
  readonly maxChunkCount?: number;
  /** `--max-offload-chunk-size` in bytes; default 16 GiB. */
  readonly maxChunkBytes?: number;
}

/** Inputs of {@link planListAppend}. */
export interface ListAppendInput extends ListPlanInputBase {
  /** Distinct key tuples the backend holds (one backend query). */
  readonly backendValues: readonly KeyTuple[];
}

/** The LIST partitions one run offloads, and what it records. */
export interface ListAppendPlan {
  /** Partitions to offload, ordered by their smallest value; a DEFAULT partition (FULL only) last. */
  readonly partitions: readonly string[];
  readonly chunks: readonly (readonly string[])[];
  /** Partitions the backend already holds (any of their values is in the backend). */
  readonly alreadyOffloaded: readonly string[];
  /** Every value tuple offloaded after this run (already offloaded + this run's), ascending: GOE's LIST high values. */
  readonly highValues: readonly KeyTuple[];
  /**
   * Backend values in no listed partition: rows of an offloaded DEFAULT partition or of a partition dropped since.
   * A non-empty list with a DEFAULT partition present means INCREMENTAL must be refused
   * ({@link LIST_APPEND_MESSAGES.defaultOffloaded}); the caller decides.
   */
  readonly unlistedBackendValues: readonly KeyTuple[];
  /** Backend rows of this run's partitions: key IN (…) (chunks of ≤ 1000 values, OR-ed; GOE §4.5). */
  readonly backendScope?: PredicateAst;
  readonly notices: readonly string[];
}

/** Inputs of {@link planListAsRange}. */
export interface ListAsRangeInput extends ListPlanInputBase {
  /** Backend lexicographic max tuple, or null. */
  readonly backendMax: KeyTuple | null;
}

/** The LIST_AS_RANGE partitions one run offloads, and what it records. */
export interface ListAsRangePlan {
  /** Partitions to offload, by value; a DEFAULT partition (FULL only) last. */
  readonly partitions: readonly string[];
  readonly chunks: readonly (readonly string[])[];
  /** Partitions whose value is ≤ the backend maximum. */
  readonly alreadyOffloaded: readonly string[];
  /** The high-water mark partition and its value: the hybrid boundary is `key <= HV` (backend) / `key > HV` (source). */
  readonly highWaterMark?: { readonly partition: string; readonly value: KeyTuple };
  /** Backend rows of this run's partitions (key IN their values; with DEFAULT, NOT IN the offloaded values). */
  readonly backendScope?: PredicateAst;
  readonly notices: readonly string[];
}

/**
 * GOE's LIST texts (reference §2.6, §5.3).
 *
 * @example
 * LIST_APPEND_MESSAGES.outOfList('P_DEF') // 'Cannot offload OUT-OF-LIST partition P_DEF for offload type INCREMENTAL'
 */
export const LIST_APPEND_MESSAGES = Object.freeze({
  outOfList: (name: string) => `Cannot offload OUT-OF-LIST partition ${name} for offload type INCREMENTAL`,
  notOffloadingDefault: (name: string) => `Not offloading partition ${name} with high_value of OUT-OF-LIST`,
  notOffloadingNull: (name: string) =>
    `Not offloading partition ${name}: its values include NULL, which LIST partition append cannot track`,
  defaultOffloaded: 'Offload type invalid when DEFAULT partition has been offloaded',
  notCompatible: 'partition identification options are not compatible',
});

/** Values per IN list (GOE §4.5). @example LIST_IN_CHUNK // 1000 */
export const LIST_IN_CHUNK = 1000;

/**
 * Parses one `--equal-to-values` option: one partition's values as CSV (`"…"` quotes a string holding commas),
 * flattened: a one-column key takes any number of values (`A,B` is a partition listing A and B); an n-column key
 * takes n, 2n, … components, each n a value tuple. Each component is validated and normalised with its column's
 * kind (dates `YYYY-M[M]-D[D]` zero-padded).
 *
 * @throws GoeError `OPTION_INVALID` naming `option` for an empty text, a component count that is not a multiple of
 *   the key's columns, bad quoting, or a value not of its column's kind
 * @example
 * parseListValues([regionKey], 'EU,US', '--equal-to-values') // ['EU', 'US']
 * parseListValues([regionKey, yearKey], 'EU,2020,US,2021', '--equal-to-values') // ['EU', '2020', 'US', '2021']
 */
export function parseListValues(keys: readonly KeyColumn[], text: string, option: string): KeyTuple {
  if (text.trim() === '') throw new GoeError('OPTION_INVALID', `Empty ${option} value`, { variable: option });
  const parts = splitKeyCsv(text, option);
  if (parts.length % keys.length !== 0)
    throw new GoeError(
      'OPTION_INVALID',
      `${option} value ${text} has ${parts.length} values; each value of the ${keys.length}-column partition key (${keys.map((k) => k.column).join(', ')}) needs ${keys.length}`,
      { variable: option },
    );
  return parts.map((p, i) => normaliseKeyValue(keys[i % keys.length]!, p, option));
}

/** A LIST partition with its value tuples (DEFAULT: none), as the planners see it. */
interface Listed {
  readonly p: SourcePartition;
  readonly values: KeyTuple[];
  readonly ids: Set<string>;
  readonly hasNull: boolean;
  readonly isDefault: boolean;
}

function listed(table: SourceTable, keys: readonly KeyColumn[]): Listed[] {
  return table.partitioning.partitions.map((p) => {
    if (p.isDefault === true) return { p, values: [], ids: new Set(), hasNull: false, isDefault: true };
    if ((p.values?.length ?? 0) === 0)
      throw new GoeError('ENGINE_ERROR', `LIST partition ${p.name} reports no values and is not the DEFAULT partition`);
    const values: KeyTuple[] = [];
    let hasNull = false;
    for (const tuple of p.values ?? []) {
      if (tuple.length !== keys.length)
        throw new GoeError(
          'ENGINE_ERROR',
          `Partition ${p.name} lists a value of ${tuple.length} components for the ${keys.length}-column key`,
        );
      if (tuple.some((b) => b.kind !== 'value' || b.value === null)) {
        hasNull = true;
        continue;
      }
      values.push(tuple.map((b) => String((b as { value: unknown }).value)));
    }
    values.sort((a, b) => compareKeyTuples(keys, a, b));
    return { p, values, ids: new Set(values.map((t) => keyTupleId(keys, t))), hasNull, isDefault: false };
  });
}

function byFirstValue(keys: readonly KeyColumn[]) {
  return (a: Listed, b: Listed): number =>
    a.isDefault !== b.isDefault
      ? a.isDefault
        ? 1
        : -1
      : a.values.length === 0 || b.values.length === 0
        ? b.values.length - a.values.length
        : compareKeyTuples(keys, a.values[0]!, b.values[0]!);
}

function describeValues(parts: readonly Listed[]): string {
  const shown = parts.filter((l) => !l.isDefault).slice(0, 50);
  const text = shown.map((l) => `${l.p.name} (${l.values.map((t) => formatKeyTuple(t)).join('; ')})`).join(', ');
  return parts.length > shown.length + parts.filter((l) => l.isDefault).length ? `${text}, …` : text;
}

function findNamed(table: SourceTable, all: readonly Listed[], names: readonly string[]): Listed[] {
  const wanted = names.flatMap((n) => n.split(',')).map((n) => n.trim());
  return wanted.map((name) => {
    const l = all.find((x) => x.p.name.toUpperCase() === name.toUpperCase());
    if (l === undefined)
      throw new GoeError(
        'OPTION_INVALID',
        PARTITION_APPEND_MESSAGES.unknownPartition(name, `${table.owner}.${table.name}`),
        { variable: '--partition-names' },
      );
    return l;
  });
}

/** `key [NOT] IN (…)` over a one-column key's values, in chunks of {@link LIST_IN_CHUNK} values. */
function inLists(key: KeyColumn, tuples: readonly KeyTuple[], negated: boolean): PredicateAst[] {
  const lists: PredicateAst[] = [];
  for (let i = 0; i < tuples.length; i += LIST_IN_CHUNK)
    lists.push({
      kind: 'in',
      negated,
      column: predicateColumn(key.column),
      values: tuples.slice(i, i + LIST_IN_CHUNK).map((t) => keyLiteral(key, t[0]!)),
    });
  return lists;
}

/** OR of `key IN (…)` chunks for a one-column key; OR of tuple equalities otherwise. */
function inValues(keys: readonly KeyColumn[], tuples: readonly KeyTuple[]): PredicateAst {
  if (keys.length === 1) return orPredicates(...inLists(keys[0]!, tuples, false));
  return orPredicates(
    ...tuples.map((t) =>
      andPredicates(
        ...t.map(
          (v, i): PredicateAst => ({
            kind: 'comparison',
            op: '=',
            left: predicateColumn(keys[i]!.column),
            right: keyLiteral(keys[i]!, v),
          }),
        ),
      ),
    ),
  );
}

/** Rows whose key is not one of `tuples` (a NULL key component included): AND of `NOT IN` chunks, OR IS NULL. */
function notInValues(keys: readonly KeyColumn[], tuples: readonly KeyTuple[]): PredicateAst {
  let notIn: PredicateAst;
  if (keys.length === 1) {
    notIn = andPredicates(...inLists(keys[0]!, tuples, true));
  } else {
    notIn = andPredicates(
      ...tuples.map((t) =>
        orPredicates(
          ...t.map(
            (v, i): PredicateAst => ({
              kind: 'comparison',
              op: '!=',
              left: predicateColumn(keys[i]!.column),
              right: keyLiteral(keys[i]!, v),
            }),
          ),
        ),
      ),
    );
  }
  return orPredicates(notIn, ...nullOf(keys));
}

function nullOf(keys: readonly KeyColumn[]): PredicateAst[] {
  return keys.map((k) => ({ kind: 'null', negated: false, column: predicateColumn(k.column) }));
}

/**
 * The backend rows of this run: the values of its partitions (IS NULL added when one lists NULL); with a DEFAULT
 * partition, every row whose key is not an already-offloaded value (`undefined`: nothing offloaded yet, the whole
 * table).
 */
function runScope(
  keys: readonly KeyColumn[],
  run: readonly Listed[],
  offloadedValues: readonly KeyTuple[],
): PredicateAst | undefined {
  if (run.length === 0) return undefined;
  if (run.some((l) => l.isDefault))
    return offloadedValues.length === 0 ? undefined : notInValues(keys, offloadedValues);
  const values = sortedUnique(
    keys,
    run.flatMap((l) => l.values),
  );
  const items = [
    ...(values.length === 0 ? [] : [inValues(keys, values)]),
    ...(run.some((l) => l.hasNull) ? nullOf(keys) : []),
  ];
  return items.length === 0 ? undefined : orPredicates(...items);
}

function sortedUnique(keys: readonly KeyColumn[], tuples: readonly KeyTuple[]): KeyTuple[] {
  const seen = new Map<string, KeyTuple>();
  for (const t of tuples) {
    const id = keyTupleId(keys, t);
    if (!seen.has(id)) seen.set(id, t);
  }
  return [...seen.values()].sort((a, b) => compareKeyTuples(keys, a, b));
}

function chunks(run: readonly Listed[], input: { maxChunkCount?: number; maxChunkBytes?: number }): string[][] {
  return chunkPartitions(
    run.map((l) => l.p),
    input.maxChunkCount ?? DEFAULT_MAX_CHUNK_COUNT,
    input.maxChunkBytes ?? DEFAULT_MAX_CHUNK_BYTES,
  );
}

/**
 * Plans a LIST partition append (GOE LPA). A partition is already offloaded when any of its values is in the
 * backend. INCREMENTAL never selects the DEFAULT partition (its values are unknown) nor one listing NULL; FULL
 * offloads every partition not yet offloaded, DEFAULT included (counted as offloaded when the backend holds values
 * in no listed partition). `equal-to-values` entries must each equal one partition's value set.
 *
 * @throws GoeError `OPTION_INVALID` naming `--equal-to-values` for values matching no partition (listing the
 *   partitions' values), `--partition-names` for an unknown partition or, under INCREMENTAL, a DEFAULT partition
 *   ({@link LIST_APPEND_MESSAGES.outOfList}) or one listing NULL, and the option of a `less-than` identification
 * @example
 * planListAppend({ table, keys, identification: { kind: 'equal-to-values', values: [['EU']] }, offloadType: 'INCREMENTAL', backendValues: [['US']] })
 * // { partitions: ['P_EU'], alreadyOffloaded: ['P_US'], highValues: [['EU'], ['US']], backendScope: column(REGION) IN (string("EU")), … }
 */
export function planListAppend(input: ListAppendInput): ListAppendPlan {
  const { table, keys, identification, offloadType } = input;
  const incremental = offloadType === 'INCREMENTAL';
  const all = listed(table, keys).sort(byFirstValue(keys));
  const notices: string[] = [];
  const backendIds = new Set(input.backendValues.map((t) => keyTupleId(keys, t)));
  const listedIds = new Set(all.flatMap((l) => [...l.ids]));
  const unlisted = sortedUnique(
    keys,
    input.backendValues.filter((t) => !listedIds.has(keyTupleId(keys, t))),
  );
  const offloaded = (l: Listed) =>
    l.isDefault ? !incremental && unlisted.length > 0 : [...l.ids].some((id) => backendIds.has(id));

  let selected: Listed[];
  if (identification.kind === 'less-than')
    throw new GoeError(
      'OPTION_INVALID',
      `${identification.option} selects RANGE or LIST_AS_RANGE partitions; ${table.owner}.${table.name} is offloaded by LIST values: ${LIST_APPEND_MESSAGES.notCompatible} (use --equal-to-values or --partition-names, or --offload-predicate-type LIST_AS_RANGE)`,
      { variable: identification.option },
    );
  if (identification.kind === 'equal-to-values') {
    selected = identification.values.map((flat) => {
      const tuples: KeyTuple[] = [];
      for (let i = 0; i < flat.length; i += keys.length) tuples.push(flat.slice(i, i + keys.length));
      const ids = new Set(tuples.map((t) => keyTupleId(keys, t)));
      const match = all.find((l) => !l.isDefault && l.ids.size === ids.size && [...ids].every((id) => l.ids.has(id)));
      if (match === undefined)
        throw new GoeError(
          'OPTION_INVALID',
          `--equal-to-values ${tuples.map(formatKeyTuple).join('; ')} does not match the values of a partition of ${table.owner}.${table.name}; its partitions: ${describeValues(all)}`,
          { variable: '--equal-to-values' },
        );
      return match;
    });
  } else if (identification.kind === 'partition-names') {
    selected = findNamed(table, all, identification.names);
    for (const l of selected) {
      if (incremental && l.isDefault)
        throw new GoeError('OPTION_INVALID', LIST_APPEND_MESSAGES.outOfList(l.p.name), {
          variable: '--partition-names',
        });
      if (incremental && l.hasNull)
        throw new GoeError('OPTION_INVALID', LIST_APPEND_MESSAGES.notOffloadingNull(l.p.name), {
          variable: '--partition-names',
        });
    }
  } else {
    selected = all.filter((l) => {
      if (!incremental) return true;
      if (l.isDefault) notices.push(LIST_APPEND_MESSAGES.notOffloadingDefault(l.p.name));
      else if (l.hasNull) notices.push(LIST_APPEND_MESSAGES.notOffloadingNull(l.p.name));
      return !l.isDefault && !l.hasNull;
    });
  }
  selected = [...new Set(selected)].sort(byFirstValue(keys));
  const done = all.filter(offloaded);
  const run = (incremental ? selected : all).filter((l) => !offloaded(l));
  const offloadedValues = [...done.flatMap((l) => l.values), ...unlisted];
  const highValues = sortedUnique(keys, [
    ...offloadedValues,
    ...(incremental ? run : selected).flatMap((l) => l.values), // FULL: the filter places the high values
  ]);
  const backendScope = runScope(keys, run, offloadedValues);
  return {
    partitions: run.map((l) => l.p.name),
    chunks: chunks(run, input),
    alreadyOffloaded: done.map((l) => l.p.name),
    highValues,
    unlistedBackendValues: unlisted,
    ...(backendScope === undefined ? {} : { backendScope }),
    notices,
  };
}

/**
 * Plans a LIST_AS_RANGE offload (GOE §5.3): every non-DEFAULT partition holds exactly one value tuple and they are
 * ordered by it; a partition is already offloaded when its value is ≤ the backend maximum. `less-than` keeps values
 * strictly below X; a named partition is the high-water mark (≤). INCREMENTAL never offloads DEFAULT (notice when
 * no filter is given); FULL takes every partition not yet offloaded, DEFAULT included, and the filter still places
 * the high-water mark.
 *
 * @throws GoeError `OPTION_INVALID` naming `--offload-predicate-type` when a partition holds several values (or
 *   NULL), `--partition-names` for an unknown, DEFAULT or second partition, `--equal-to-values` when given
 * @example
 * planListAsRange({ table, keys, identification: { kind: 'less-than', value: ['2020-03-01'], option: '--older-than-date' }, offloadType: 'INCREMENTAL', backendMax: ['2020-01-01'] })
 * // { partitions: ['P_20200201'], alreadyOffloaded: ['P_20200101'], highWaterMark: { partition: 'P_20200201', value: ['2020-02-01'] }, … }
 */
export function planListAsRange(input: ListAsRangeInput): ListAsRangePlan {
  const { table, keys, identification, offloadType, backendMax } = input;
  const incremental = offloadType === 'INCREMENTAL';
  const all = listed(table, keys);
  const multi = all.filter((l) => !l.isDefault && (l.values.length !== 1 || l.hasNull));
  if (multi.length > 0)
    throw new GoeError(
      'OPTION_INVALID',
      `LIST_AS_RANGE needs LIST partitions of exactly one value each; ${table.owner}.${table.name} has ${multi
        .slice(0, 20)
        .map((l) => `${l.p.name} (${l.hasNull ? 'NULL' : l.values.map(formatKeyTuple).join('; ')})`)
        .join(', ')}${multi.length > 20 ? ', …' : ''}`,
      { variable: '--offload-predicate-type' },
    );
  const ranged = all.filter((l) => !l.isDefault).sort(byFirstValue(keys));
  const defaults = all.filter((l) => l.isDefault);
  const value = (l: Listed) => l.values[0]!;
  const offloaded = (l: Listed) => backendMax !== null && compareKeyTuples(keys, value(l), backendMax) <= 0;
  const notices: string[] = [];

  let inScope: Listed[];
  let limited = true;
  if (identification.kind === 'less-than') {
    inScope = ranged.filter((l) => compareKeyTuples(keys, value(l), identification.value) < 0);
  } else if (identification.kind === 'partition-names') {
    const named = findNamed(table, all, identification.names);
    if (named.length !== 1)
      throw new GoeError(
        'OPTION_INVALID',
        `--partition-names takes one partition for LIST_AS_RANGE (the high-water mark); got ${named.length}: ${named.map((l) => l.p.name).join(', ')}`,
        { variable: '--partition-names' },
      );
    const hwm = named[0]!;
    if (hwm.isDefault)
      throw new GoeError(
        'OPTION_INVALID',
        `Partition ${hwm.p.name} has no high value (DEFAULT): it cannot be the high-water mark`,
        { variable: '--partition-names' },
      );
    inScope = ranged.filter((l) => compareKeyTuples(keys, value(l), value(hwm)) <= 0);
  } else if (identification.kind === 'equal-to-values') {
    throw new GoeError(
      'OPTION_INVALID',
      `--equal-to-values selects LIST partitions by value sets; LIST_AS_RANGE selects by a boundary: ${LIST_APPEND_MESSAGES.notCompatible} (use --less-than-value or --partition-names)`,
      { variable: '--equal-to-values' },
    );
  } else {
    inScope = ranged;
    limited = false;
  }
  const done = ranged.filter(offloaded);
  const toOffload = [
    ...(incremental ? inScope : ranged).filter((l) => !offloaded(l)),
    ...(incremental ? [] : defaults),
  ];
  if (incremental && !limited)
    for (const d of defaults) notices.push(LIST_APPEND_MESSAGES.notOffloadingDefault(d.p.name));
  const newRanged = toOffload.filter((l) => !l.isDefault);
  const hwm = limited ? inScope.at(-1) : (newRanged.at(-1) ?? done.at(-1));
  const backendScope = runScope(
    keys,
    toOffload,
    done.map((l) => value(l)),
  );
  return {
    partitions: toOffload.map((l) => l.p.name),
    chunks: chunks(toOffload, input),
    alreadyOffloaded: done.map((l) => l.p.name),
    ...(hwm === undefined ? {} : { highWaterMark: { partition: hwm.p.name, value: value(hwm) } }),
    ...(backendScope === undefined ? {} : { backendScope }),
    notices,
  };
}

/**
 * The hybrid boundary of a LIST_AS_RANGE high value: `key <= HV` on the backend, `key > HV` on the source
 * (GOE's `equality_with_gt=False`).
 *
 * @example
 * printPredicate(listAsRangeBoundary(keys, ['2020-02-01']).backend) // 'column(TIME_ID) <= datetime(2020-02-01)'
 */
export function listAsRangeBoundary(
  keys: readonly KeyColumn[],
  value: KeyTuple,
): { readonly backend: PredicateAst; readonly source: PredicateAst } {
  const bound = { values: value, inclusive: true };
  return { backend: tupleBelow(keys, bound), source: tupleAtOrAbove(keys, bound) };
}
