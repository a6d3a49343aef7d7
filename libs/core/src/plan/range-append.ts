/**
 * RANGE partition append over a key of one or more columns (GOE's `OffloadSourceDataIpaRange`, types reference
 * §4.5, §5.3): high values are tuples compared lexicographically, a `MAXVALUE` component truncates a high value and
 * makes it inclusive. Also plans GOE's "100/10" (`--offload-type FULL` with a partition boundary: every partition is
 * offloaded, the boundary still places the high-water mark). Pure.
 *
 * Already-offloaded detection reads the backend's lexicographic maximum key tuple (GOE's rule): a partition is
 * offloaded when the backend maximum is at or above its lower bound.
 */
import { GoeError } from '../errors.js';
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
  /** `FULL`: every partition (MAXVALUE and DEFAULT too); the identification only places the high-water mark. Default `INCREMENTAL`. */
  readonly offloadType?: 'FULL' | 'INCREMENTAL';
  /** The backend's lexicographic maximum key tuple; `null` for an empty or new table. */
  readonly backendMax: KeyTuple | null;
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
  const offloaded = (r: Ranged) => max !== null && (r.lower === null || !tupleIsBelow(keys, max, r.lower));
  let limit: KeyBound | undefined;
  if (identification.kind === 'less-than') limit = { values: identification.value, inclusive: false };
  else if (identification.kind === 'partition-name') {
    const named = ranged.find((r) => r.p.name.toUpperCase() === identification.name.toUpperCase());
    if (named === undefined) {
      const any = table.partitioning.partitions.some((p) => p.name.toUpperCase() === identification.name.toUpperCase());
      throw new GoeError(
        'OPTION_INVALID',
        any
          ? `Partition ${identification.name} has no high value (MAXVALUE or DEFAULT): it cannot be the high-water mark`
          : PARTITION_APPEND_MESSAGES.unknownPartition(identification.name, `${table.owner}.${table.name}`),
        { variable: '--partition-names' },
      );
    }
    limit = named.upper;
  }
  const inScope = ranged.filter((r) => limit === undefined || compareKeyBounds(keys, r.upper, limit) <= 0);
  const done = full ? [] : ranged.filter(offloaded);
  const toOffload = full ? ranged : inScope.filter((r) => !offloaded(r));
  if (limit === undefined && !full)
    for (const p of outOfRange) notices.push(PARTITION_APPEND_MESSAGES.outOfRange(p.name));
  const hwm = limit !== undefined ? inScope.at(-1) : full ? undefined : (toOffload.at(-1) ?? done.at(-1));
  const chunked = full ? [...toOffload.map((r) => r.p), ...outOfRange] : toOffload.map((r) => r.p);
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
    alreadyOffloaded: done.map((r) => r.p.name),
    ...(hwm === undefined
      ? {}
      : { highWaterMark: { partition: hwm.p.name, bound: hwm.upper, value: formatKeyTuple(hwm.upper.values) } }),
    ...(backendScope === undefined ? {} : { backendScope }),
    notices,
  };
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
