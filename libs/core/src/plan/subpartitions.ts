/**
 * Offload by subpartition (types reference §5.1; orchestration reference §2.6, §2.7): which schemes qualify, GOE's
 * automatic switch, the table seen at subpartition level (for the RANGE partition append planner), the common
 * boundaries a subpartition high-water mark must sit on, and chunking that keeps subpartitions sharing a high value
 * together. Pure.
 */
import { GoeError } from '../errors.js';
import type { PartitionMethod, SourcePartition, SourceTable } from '../model/table.js';
import {
  boundFromPartition,
  compareKeyTuples,
  formatKeyTuple,
  keyColumns,
  keyTupleId,
  type KeyBound,
  type KeyColumn,
  type KeyTuple,
} from './key-tuples.js';
import { DEFAULT_MAX_CHUNK_BYTES, DEFAULT_MAX_CHUNK_COUNT } from './partition-append.js';

/**
 * GOE's subpartition texts (reference §5.1).
 *
 * @example
 * SUBPARTITION_MESSAGES.noCommonBoundary('2020-03-01') // 'No common boundary at HWM 2020-03-01'
 */
export const SUBPARTITION_MESSAGES = Object.freeze({
  noCommonBoundary: (hwm: string) => `No common boundary at HWM ${hwm}`,
  minimumRecommended: (boundary: string) => `Minimum recommended common boundary is ${boundary}`,
  noBoundaryAbove: 'There is no common boundary above it: offload the remaining data with --offload-type=FULL',
});

const isRange = (m: PartitionMethod | undefined) => m === 'range' || m === 'interval';

/**
 * Whether a table can be offloaded by subpartition: (LIST, RANGE), (HASH, RANGE) and (RANGE, RANGE) schemes whose
 * RANGE subpartition key columns are of supported key types. `keys` are the subpartition key columns.
 *
 * @example
 * subpartitionSupport(listRangeTable) // { ok: true, keys: ['TIME_ID'] }
 * subpartitionSupport(rangeListTable) // { ok: false, reason: 'SH.SALES is RANGE/LIST partitioned (…)' }
 */
export function subpartitionSupport(
  table: SourceTable,
): { readonly ok: true; readonly keys: string[] } | { readonly ok: false; readonly reason: string } {
  const name = `${table.owner}.${table.name}`;
  const p = table.partitioning;
  const sub = p.subpartitioning;
  if (p.method === 'none' || sub === undefined || sub.method === 'none')
    return { ok: false, reason: `${name} is not subpartitioned` };
  const top = isRange(p.method) ? 'range' : p.method;
  if (!['list', 'hash', 'range'].includes(top) || !isRange(sub.method))
    return {
      ok: false,
      reason: `${name} is ${p.method.toUpperCase()}/${sub.method.toUpperCase()} partitioned (offload by subpartition needs LIST, HASH or RANGE partitions with RANGE subpartitions)`,
    };
  const k = keyColumns(table, sub.columns);
  if ('reason' in k) return { ok: false, reason: `subpartition key: ${k.reason}` };
  return { ok: true, keys: k.keys.map((c) => c.column) };
}

/**
 * GOE's automatic `--offload-by-subpartition` switch, from the scheme alone: the table qualifies
 * ({@link subpartitionSupport}) and, for RANGE/RANGE, only when the top-level key is not usable for a RANGE
 * partition append. The caller applies it only on a fresh offload whose derived offload type is INCREMENTAL.
 *
 * @example
 * autoSubpartition(listRangeTable) // true
 * autoSubpartition(rangeRangeTableWithDateKeys) // false: the top-level RANGE key is usable
 */
export function autoSubpartition(table: SourceTable): boolean {
  if (!subpartitionSupport(table).ok) return false;
  if (!isRange(table.partitioning.method)) return true;
  return 'reason' in keyColumns(table, table.partitioning.columns);
}

/**
 * The table seen at subpartition level: partitions are every subpartition of every partition (name, bounds on the
 * subpartition key, size, rows), partitioned by the subpartition method and key; the top level is dropped.
 * Partitions without subpartitions contribute nothing.
 *
 * @throws GoeError `INTERNAL` when the table is not subpartitioned
 * @example
 * subpartitionView(listRangeTable).partitioning // { method: 'range', columns: ['TIME_ID'], partitions: [EU_2020_01, …, US_2020_01, …] }
 */
export function subpartitionView(table: SourceTable): SourceTable {
  const sub = table.partitioning.subpartitioning;
  if (sub === undefined) throw new GoeError('INTERNAL', `${table.owner}.${table.name} is not subpartitioned`);
  return {
    ...table,
    partitioning: {
      method: sub.method,
      columns: sub.columns,
      partitions: table.partitioning.partitions.flatMap((p) => p.subpartitions ?? []),
    },
  };
}

/** A subpartition's high value: `undefined` for DEFAULT, no upper bound or MAXVALUE. */
function highValue(keys: readonly KeyColumn[], s: SourcePartition): KeyBound | undefined {
  if (s.isDefault === true || s.upperBound === undefined || s.upperBound.length === 0) return undefined;
  const b = boundFromPartition(keys, s.upperBound);
  return b === 'MAXVALUE' ? undefined : b;
}

function boundId(keys: readonly KeyColumn[], b: KeyBound): string {
  return `${keyTupleId(keys, b.values)}${b.inclusive ? '\u0001' : ''}`;
}

/** Per top-level partition with subpartitions: its subpartitions' finite high values, and whether one is open. */
function boundarySets(table: SourceTable, keys: readonly KeyColumn[]) {
  return table.partitioning.partitions
    .filter((p) => (p.subpartitions?.length ?? 0) > 0)
    .map((p) => {
      const bounds = new Map<string, KeyBound>();
      let open = false;
      for (const s of p.subpartitions!) {
        const hv = highValue(keys, s);
        if (hv === undefined) open = true;
        else bounds.set(boundId(keys, hv), hv);
      }
      return { bounds, open };
    });
}

/**
 * The subpartition high values shared by every top-level partition that has subpartitions, ascending (GOE
 * `get_subpartition_boundary_info`): the boundaries a subpartition high-water mark can sit on without splitting
 * any partition's data.
 *
 * @example
 * commonBoundaries(listRangeTable, [timeKey]) // [['2020-02-01'], ['2020-03-01']]
 */
export function commonBoundaries(table: SourceTable, keys: readonly KeyColumn[]): KeyTuple[] {
  const sets = boundarySets(table, keys);
  if (sets.length === 0) return [];
  const [first, ...rest] = sets;
  return [...first!.bounds.entries()]
    .filter(([id]) => rest.every((s) => s.bounds.has(id)))
    .map(([, b]) => b.values)
    .sort((a, b) => compareKeyTuples(keys, a, b));
}

/**
 * Whether `hwm` is a boundary of every partition that still has data at or above it: each partition either has a
 * subpartition ending exactly at `hwm`, or lies wholly below it (all its subpartitions end at or before `hwm`).
 */
function boundaryHolds(
  keys: readonly KeyColumn[],
  sets: ReturnType<typeof boundarySets>,
  hwm: KeyTuple,
  hwmInclusive: boolean,
): boolean {
  const id = boundId(keys, { values: hwm, inclusive: hwmInclusive });
  return sets.every(
    (s) =>
      s.bounds.has(id) ||
      (!s.open && [...s.bounds.values()].every((b) => compareKeyTuples(keys, b.values, hwm) <= 0 && !b.inclusive)),
  );
}

/**
 * Checks that a subpartition high-water mark is a common boundary: every top-level partition still holding data at
 * or above it has a subpartition ending exactly there (partitions wholly below it do not constrain).
 *
 * @throws GoeError `OPTION_INVALID` naming `option`: GOE's "No common boundary at HWM <v>", followed by "Minimum
 *   recommended common boundary is <w>" when a valid boundary exists above, else a pointer to `--offload-type=FULL`
 * @example
 * checkCommonBoundary(listRangeTable, [timeKey], ['2020-02-15'], '--less-than-value')
 * // throws 'No common boundary at HWM 2020-02-15. Minimum recommended common boundary is 2020-03-01'
 */
export function checkCommonBoundary(
  table: SourceTable,
  keys: readonly KeyColumn[],
  hwm: KeyTuple,
  option: string,
): void {
  const sets = boundarySets(table, keys);
  if (boundaryHolds(keys, sets, hwm, false)) return;
  const above = sets
    .flatMap((s) => [...s.bounds.values()])
    .filter((b) => !b.inclusive && compareKeyTuples(keys, b.values, hwm) > 0)
    .sort((a, b) => compareKeyTuples(keys, a.values, b.values))
    .find((b) => boundaryHolds(keys, sets, b.values, false));
  throw new GoeError(
    'OPTION_INVALID',
    `${SUBPARTITION_MESSAGES.noCommonBoundary(formatKeyTuple(hwm))}. ${
      above === undefined
        ? SUBPARTITION_MESSAGES.noBoundaryAbove
        : SUBPARTITION_MESSAGES.minimumRecommended(formatKeyTuple(above.values))
    }`,
    { variable: option },
  );
}

/**
 * Chunks partitions (oldest first) like `chunkPartitions` — at most `maxCount` partitions and `maxBytes` bytes per
 * chunk — except that partitions sharing the high value of the chunk's last partition are always pulled into the
 * same chunk (GOE §2.7), so a failed run never leaves a high-water mark half loaded. `names` are looked up in
 * `view` (e.g. {@link subpartitionView}); an unknown name has no size and no high value.
 *
 * @example
 * chunkByHighValue(view, [timeKey], ['EU_01', 'US_01', 'EU_02', 'US_02'], 1) // [['EU_01', 'US_01'], ['EU_02', 'US_02']]
 */
export function chunkByHighValue(
  view: SourceTable,
  keys: readonly KeyColumn[],
  names: readonly string[],
  maxCount: number = DEFAULT_MAX_CHUNK_COUNT,
  maxBytes: number = DEFAULT_MAX_CHUNK_BYTES,
): string[][] {
  const byName = new Map(view.partitioning.partitions.map((p) => [p.name, p]));
  const out: string[][] = [];
  let current: string[] = [];
  let bytes = 0;
  let lastId: string | undefined;
  for (const name of names) {
    const p = byName.get(name);
    const hv = p === undefined ? undefined : highValue(keys, p);
    const id = hv === undefined ? undefined : boundId(keys, hv);
    const size = p?.sizeBytes ?? 0;
    const sameHv = id !== undefined && id === lastId;
    if (current.length > 0 && !sameHv && (current.length >= maxCount || bytes + size > maxBytes)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(name);
    bytes += size;
    lastId = id;
  }
  if (current.length > 0) out.push(current);
  return out;
}
