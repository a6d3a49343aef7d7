/**
 * RANGE partition append over a key of one or more columns (GOE's `OffloadSourceDataIpaRange`, types reference
 * §4.5, §5.3): high values are tuples compared lexicographically, a `MAXVALUE` component truncates a high value and
 * makes it inclusive. Also plans GOE's "100/10" (`--offload-type FULL` with a partition boundary: every partition is
 * offloaded, the boundary still places the high-water mark). Pure.
 *
 * Already-offloaded detection reads the backend's lexicographic maximum key tuple (GOE's rule): partitions are
 * offloaded up to and including the first high value above the backend maximum (FULL too: a rerun loads only the
 * partitions the backend lacks).
 */
import type { SourcePartition, SourceTable } from '../model/table.js';
import type { PredicateAst } from '../predicate/ast.js';
import {
  boundFromPartition,
  compareKeyTuples,
  formatKeyTuple,
  tupleRange,
  type KeyBound,
  type KeyColumn,
  type KeyTuple,
} from './key-tuples.js';
import {
  chunkPartitions,
  DEFAULT_MAX_CHUNK_BYTES,
  DEFAULT_MAX_CHUNK_COUNT,
  namedBoundPartition,
  PARTITION_APPEND_MESSAGES,
} from './partition-append.js';

/** What a RANGE append selects: every partition (`none`), those below a tuple, or up to a named partition. */
export type RangeIdentification =
  | { readonly kind: 'none' }
  /** Partitions whose high value is ≤ `value` (all their rows are below it); `value` may be a prefix of the key. */
  | { readonly kind: 'less-than'; readonly value: KeyTuple; readonly option: string }
  | { readonly kind: 'partition-name'; readonly name: string };

/** Inputs of {@link planRangeAppend}. */
export interface RangeAppendInput {
  readonly table: SourceTable;
  readonly keys: readonly KeyColumn[];
  readonly identification: RangeIdentification;
  /**
   * `FULL`: every partition the backend lacks (MAXVALUE and DEFAULT too, last); the identification only places the
   * high-water mark. Default `INCREMENTAL`.
   */
  readonly offloadType?: 'FULL' | 'INCREMENTAL';
  /** The backend's lexicographic maximum key tuple; `null` for an empty or new table. */
  readonly backendMax: KeyTuple | null;
  /**
   * FULL with a backend maximum: whether the partitions without a lower bound (DEFAULT, or MAXVALUE starting at
   * MINVALUE) are loaded too, which the maximum cannot tell (e.g. by row counts); default false.
   */
  readonly outOfRangeOffloaded?: boolean;
  /** `--max-offload-chunk-count`; default 100. */
  readonly maxChunkCount?: number;
  /** `--max-offload-chunk-size` in bytes; default 16 GiB. */
  readonly maxChunkBytes?: number;
}

/** The high-water mark of a RANGE append: the partition and its high value. */
export interface RangeHighWaterMark {
  readonly partition: string;
  readonly bound: KeyBound;
  /** The high value for messages and the single-column metadata (`2024-03-01`, `2024, 3`). */
  readonly value: string;
}

/** The partitions one run offloads, and what it records. */
export interface RangeAppendPlan {
  /** Partitions to offload, oldest first. */
  readonly partitions: readonly string[];
  readonly chunks: readonly (readonly string[])[];
  /** Partitions the backend already holds (by its maximum key tuple). */
  readonly alreadyOffloaded: readonly string[];
  readonly highWaterMark?: RangeHighWaterMark;
  /** Backend rows of this run's partitions (lexicographic range); absent when unbounded. */
  readonly backendScope?: PredicateAst;
  readonly notices: readonly string[];
}

interface Ranged {
  readonly p: SourcePartition;
  readonly upper: KeyBound;
  lower: KeyBound | null;
}

/**
 * Compares two bounds as the sets of keys below them: a shorter exclusive bound sorts before every longer bound
 * sharing its prefix, a shorter inclusive one after.
 *
 * @example
 * compareKeyBounds(keys, { values: ['2020'], inclusive: true }, { values: ['2020', '6'], inclusive: false }) // 1
 */
export function compareKeyBounds(keys: readonly KeyColumn[], a: KeyBound, b: KeyBound): number {
  const n = Math.min(a.values.length, b.values.length);
  const c = compareKeyTuples(keys, a.values.slice(0, n), b.values.slice(0, n));
  if (c !== 0) return c;
  // a bound as long as the common prefix: exclusive below, inclusive above every longer bound sharing it
  const rank = (x: KeyBound) => (x.values.length > n ? 0 : x.inclusive ? 1 : -1);
  const d = rank(a) - rank(b);
  return d === 0 ? 0 : d < 0 ? -1 : 1;
}

/**
 * Whether a full key tuple lies below a bound (the rows {@link tupleBelow} selects).
 *
 * @example
 * tupleIsBelow(keys, ['2020', '5'], { values: ['2020', '6'], inclusive: false }) // true
 */
export function tupleIsBelow(keys: readonly KeyColumn[], tuple: KeyTuple, bound: KeyBound): boolean {
  const c = compareKeyTuples(keys, tuple.slice(0, bound.values.length), bound.values);
  return c < 0 || (c === 0 && bound.inclusive);
}

/**
 * The high value recorded in metadata as a bound: a tuple as long as the key is exclusive, a shorter one (truncated
 * at MAXVALUE) inclusive.
 *
 * @example
 * recordedBound(keys, ['2024', '3']) // { values: ['2024', '3'], inclusive: false }
 */
export function recordedBound(keys: readonly KeyColumn[], values: KeyTuple): KeyBound {
  return { values, inclusive: values.length < keys.length };
}

/**
 * Plans a RANGE partition append (or a FULL offload with a boundary).
 *
 * @throws GoeError `OPTION_INVALID` naming `--partition-names` for an unknown partition or one without a high value
 * @example
 * planRangeAppend({ table, keys: [yearKey, monthKey], identification: { kind: 'less-than', value: ['2024', '3'], option: '--less-than-value' }, backendMax: null })
 * // { partitions: ['P_2024_01', 'P_2024_02'], highWaterMark: { partition: 'P_2024_02', value: '2024, 3', … }, … }
 */
export function planRangeAppend(input: RangeAppendInput): RangeAppendPlan {
  const { table, keys, identification } = input;
  const full = input.offloadType === 'FULL';
  const notices: string[] = [];
  const ranged: Ranged[] = [];
  const outOfRange: SourcePartition[] = [];
  for (const p of table.partitioning.partitions) {
    const upper =
      p.isDefault === true || p.upperBound === undefined ? 'MAXVALUE' : boundFromPartition(keys, p.upperBound);
    if (upper === 'MAXVALUE') outOfRange.push(p);
    else ranged.push({ p, upper, lower: null });
  }
  ranged.sort((a, b) => compareKeyBounds(keys, a.upper, b.upper));
  for (const [i, r] of ranged.entries()) {
    const lower = r.p.lowerBound === undefined ? undefined : boundFromPartition(keys, r.p.lowerBound);
    r.lower =
      lower === undefined
        ? i === 0
          ? null
          : ranged[i - 1]!.upper
        : lower === 'MAXVALUE' || lower.values.length === 0
          ? null
          : lower;
  }
  const max = input.backendMax;
  const offloadedSet = offloadedByMax(keys, ranged, max);
  const offloaded = (r: Ranged) => offloadedSet.has(r);
  let limit: KeyBound | undefined;
  if (identification.kind === 'less-than') limit = { values: identification.value, inclusive: false };
  else if (identification.kind === 'partition-name') {
    const named = namedBoundPartition(ranged, identification.name, table);
    limit = named.upper;
  }
  const inScope = ranged.filter((r) => limit === undefined || compareKeyBounds(keys, r.upper, limit) <= 0);
  const done = ranged.filter(offloaded);
  const toOffload = full ? ranged.filter((r) => !offloaded(r)) : inScope.filter((r) => !offloaded(r));
  if (limit === undefined && !full)
    for (const p of outOfRange) notices.push(PARTITION_APPEND_MESSAGES.outOfRange(p.name));
  const hwm = limit !== undefined ? inScope.at(-1) : full ? undefined : (toOffload.at(-1) ?? done.at(-1));
  // FULL: the MAXVALUE / DEFAULT partitions come last; loaded once every ranged partition is and the backend holds
  // rows above them (a MAXVALUE partition's lower bound), or the caller says so (a DEFAULT partition's rows are anywhere)
  const outDone = full ? outOfRange.filter((p) => toOffload.length === 0 && outOfRangeLoaded(keys, p, max, input)) : [];
  const chunked = full
    ? [...toOffload.map((r) => r.p), ...outOfRange.filter((p) => !outDone.includes(p))]
    : toOffload.map((r) => r.p);
  const chunks = chunkPartitions(
    chunked,
    input.maxChunkCount ?? DEFAULT_MAX_CHUNK_COUNT,
    input.maxChunkBytes ?? DEFAULT_MAX_CHUNK_BYTES,
  );
  const first = toOffload[0];
  const last = toOffload.at(-1);
  const backendScope = full
    ? undefined
    : last === undefined
      ? undefined
      : tupleRange(keys, first?.lower ?? undefined, last.upper);
  return {
    partitions: chunked.map((p) => p.name),
    chunks,
    alreadyOffloaded: [...done.map((r) => r.p.name), ...outDone.map((p) => p.name)],
    ...(hwm === undefined
      ? {}
      : { highWaterMark: { partition: hwm.p.name, bound: hwm.upper, value: formatKeyTuple(hwm.upper.values) } }),
    ...(backendScope === undefined ? {} : { backendScope }),
    notices,
  };
}

/**
 * GOE's detection (orchestration reference §2.6): walking the partitions by high value, a partition is offloaded
 * while its high value is at or below the backend maximum, and so are the partitions of the first high value above
 * it (they hold the maximum; subpartitions sharing that high value are swallowed together) when one of them starts
 * at or below the maximum; the walk stops there. A lower bound alone decides nothing: subpartition ranges repeat
 * across their parent partitions.
 */
function offloadedByMax(keys: readonly KeyColumn[], ranged: readonly Ranged[], max: KeyTuple | null): Set<Ranged> {
  const out = new Set<Ranged>();
  if (max === null) return out;
  const containsMax = (r: Ranged) => r.lower === null || !tupleIsBelow(keys, max, r.lower);
  let above: KeyBound | undefined;
  for (const r of ranged) {
    if (!tupleIsBelow(keys, max, r.upper)) out.add(r);
    else {
      above ??= r.upper;
      if (compareKeyBounds(keys, r.upper, above) !== 0) break;
    }
  }
  const group =
    above === undefined ? [] : ranged.filter((r) => !out.has(r) && compareKeyBounds(keys, r.upper, above) === 0);
  if (group.some(containsMax)) for (const r of group) out.add(r);
  return out;
}

/** Whether a MAXVALUE / DEFAULT partition of a FULL offload is loaded (every ranged partition is). */
function outOfRangeLoaded(
  keys: readonly KeyColumn[],
  p: SourcePartition,
  max: KeyTuple | null,
  input: RangeAppendInput,
): boolean {
  if (max === null) return false;
  const lower = p.isDefault === true || p.lowerBound === undefined ? undefined : boundFromPartition(keys, p.lowerBound);
  if (lower === undefined || lower === 'MAXVALUE' || lower.values.length === 0)
    return input.outOfRangeOffloaded === true;
  return !tupleIsBelow(keys, max, lower);
}

/**
 * The RANGE partitions whose high value is above `above` and at most `upTo`, oldest first: the partitions between
 * two high-water marks.
 *
 * @example
 * rangePartitionsBetween(table, keys, { values: ['2024', '3'], inclusive: false }, { values: ['2024', '5'], inclusive: false }) // ['P_2024_03', 'P_2024_04']
 */
export function rangePartitionsBetween(
  table: SourceTable,
  keys: readonly KeyColumn[],
  above: KeyBound,
  upTo: KeyBound,
): string[] {
  const out: { name: string; upper: KeyBound }[] = [];
  for (const p of table.partitioning.partitions) {
    if (p.isDefault === true || p.upperBound === undefined) continue;
    const upper = boundFromPartition(keys, p.upperBound);
    if (upper === 'MAXVALUE') continue;
    if (compareKeyBounds(keys, upper, above) > 0 && compareKeyBounds(keys, upper, upTo) <= 0)
      out.push({ name: p.name, upper });
  }
  return out.sort((a, b) => compareKeyBounds(keys, a.upper, b.upper)).map((p) => p.name);
}
