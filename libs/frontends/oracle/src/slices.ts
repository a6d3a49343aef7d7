/**
 * Slice planning for Oracle (reference orchestration §5.2, GOE's `get_transport_split_type`), pure: given what
 * introspection found and what the planner read (extents, the key's MIN/MAX), the split method and its slices.
 * 1. at least as many partitions in scope as slices (at most {@link MAX_UNION_ALL_SPLITS}) → `partition`;
 * 2. else as many subpartitions → `subpartition`;
 * 3. an IOT: more than one partition → `partition` with fewer slices (a notice says so); else a single-column numeric
 *    key with a MIN/MAX → `id_range`; else `mod` over `ORA_HASH`;
 * 4. a heap table → `extent`: ROWID ranges of its extents (`DBA_EXTENTS`), balanced by blocks; without the grant,
 *    `mod`.
 * Slice params are JSON-serializable (for Spark-family transports): names and ROWID ranges as JSON text.
 */
import { GoeError, type OffloadScope, type Slice, type SourcePartition, type SourceTable } from '@goe/core';
import type { SliceRead } from './extract/extract.js';
import type { OracleTableInfo } from './introspect.js';
import { quoteIdent } from './sql.js';

/** GOE's most branches of one UNION ALL (partition and subpartition splits). */
export const MAX_UNION_ALL_SPLITS = 1024;

/** One extent of the table (`ORACLE_SQL.dbaExtents`). */
export interface OracleExtent {
  readonly dataObjectId: number;
  readonly relativeFno: number;
  readonly blockId: number;
  readonly blocks: number;
  /** The (sub)partition the extent belongs to (`DBA_EXTENTS.PARTITION_NAME`), null for a table's own segment. */
  readonly partition?: string | null;
}

/** What slice planning reads besides the table. */
export interface SlicePlanInput {
  readonly table: SourceTable;
  readonly info: Pick<OracleTableInfo, 'iotType'>;
  readonly scope: OffloadScope;
  readonly parallelism: number;
  /** The table's extents, or undefined when `DBA_EXTENTS` is not granted. */
  readonly extents?: readonly OracleExtent[];
  /** MIN and MAX of a single-column numeric primary key (IOTs), as exact integer text; undefined when empty. */
  readonly keyRange?: { readonly min: string; readonly max: string };
}

/** The planned split: method, slices and what the user should know. */
export interface SlicePlan {
  readonly method: Slice['method'];
  readonly slices: readonly Slice[];
  readonly notices: readonly string[];
}

const ROWID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function base64Digits(value: number, digits: number): string {
  let out = '';
  let v = value;
  for (let i = 0; i < digits; i++) {
    out = ROWID_ALPHABET[v % 64]! + out;
    v = Math.floor(v / 64);
  }
  return out;
}

/**
 * An extended ROWID as text (`OOOOOOFFFBBBBBBRRR`: data object, relative file, block, row in Oracle's base64), what
 * `DBMS_ROWID.ROWID_CREATE(1, obj, fno, block, row)` returns.
 *
 * @example
 * rowidText(73196, 4, 151, 0) // 'AAAR3sAAEAAAACXAAA'
 */
export function rowidText(dataObjectId: number, relativeFno: number, block: number, row: number): string {
  return base64Digits(dataObjectId, 6) + base64Digits(relativeFno, 3) + base64Digits(block, 6) + base64Digits(row, 3);
}

/** The partitions a scope reads (all of them unless it names some). */
function partitionsInScope(table: SourceTable, scope: OffloadScope): readonly SourcePartition[] {
  const all = table.partitioning.partitions;
  if (scope.kind !== 'partitions') return all;
  const wanted = new Set(scope.partitions.map((p) => p.toUpperCase()));
  return all.filter((p) => wanted.has(p.name.toUpperCase()));
}

/** Units dealt round-robin into `n` slices (GOE: batch = i mod parallelism). */
function roundRobin<T>(units: readonly T[], n: number): T[][] {
  const out: T[][] = Array.from({ length: Math.min(n, units.length) }, () => []);
  units.forEach((u, i) => out[i % out.length]!.push(u));
  return out;
}

function sliceOf(method: Slice['method'], i: number, scope: OffloadScope, params: Slice['params']): Slice {
  return { id: `${method}-${i}`, method, scope, params };
}

/** `mod` slices: `MOD(ORA_HASH(col), n) = i` over the first primary-key column, else the first column. */
function modSlices(input: SlicePlanInput, n: number): SlicePlan {
  const column = input.table.primaryKey[0] ?? input.table.columns[0]?.name;
  if (column === undefined) throw new GoeError('INTERNAL', `${input.table.owner}.${input.table.name} has no columns`);
  return {
    method: 'mod',
    slices: Array.from({ length: n }, (_, i) => sliceOf('mod', i, input.scope, { column, modulus: n, remainder: i })),
    notices: [],
  };
}

/** `id_range` slices: `n` equal ranges `[lo, hi)` of the key, the last one open-ended. */
function idRangeSlices(input: SlicePlanInput, column: string, min: bigint, max: bigint, n: number): SlicePlan {
  const span = max - min + 1n;
  const parts = BigInt(n) > span ? Number(span) : n;
  const step = span / BigInt(parts);
  return {
    method: 'id_range',
    slices: Array.from({ length: parts }, (_, i) => {
      const lo = min + step * BigInt(i);
      const hi = i === parts - 1 ? null : String(lo + step);
      return sliceOf('id_range', i, input.scope, { column, lo: String(lo), hi });
    }),
    notices: [],
  };
}

/** The extents a scope reads: those of its partitions (and their subpartitions) for a partition scope, else all. */
function extentsInScope(input: SlicePlanInput, extents: readonly OracleExtent[]): readonly OracleExtent[] {
  if (input.scope.kind !== 'partitions') return extents;
  const names = new Set(
    partitionsInScope(input.table, input.scope).flatMap((p) => [p.name, ...(p.subpartitions ?? []).map((s) => s.name)]),
  );
  return extents.filter((e) => e.partition != null && names.has(e.partition));
}

/** `extent` slices: extents balanced by blocks (largest first, each to the lightest slice), as ROWID ranges. */
function extentSlices(input: SlicePlanInput, extents: readonly OracleExtent[], n: number): SlicePlan {
  const bins = Array.from({ length: Math.min(n, extents.length) }, () => ({ blocks: 0, ranges: [] as string[][] }));
  for (const e of [...extents].sort((a, b) => b.blocks - a.blocks)) {
    const bin = bins.reduce((min, b) => (b.blocks < min.blocks ? b : min));
    bin.blocks += e.blocks;
    bin.ranges.push([
      rowidText(e.dataObjectId, e.relativeFno, e.blockId, 0),
      rowidText(e.dataObjectId, e.relativeFno, e.blockId + e.blocks - 1, 32767),
    ]);
  }
  return {
    method: 'extent',
    slices: bins.map((b, i) =>
      sliceOf('extent', i, input.scope, { rowidRanges: JSON.stringify(b.ranges), blocks: b.blocks }),
    ),
    notices: [],
  };
}

/**
 * The split of a table into at most `parallelism` slices (see the module comment).
 *
 * @example
 * planOracleSlices({ table, info, scope: { kind: 'full' }, parallelism: 4, extents }).method // 'extent'
 */
export function planOracleSlices(input: SlicePlanInput): SlicePlan {
  const n = Math.max(1, Math.floor(input.parallelism));
  const { table, scope } = input;
  if (n === 1) return { method: 'all', slices: [sliceOf('all', 0, scope, {})], notices: [] };
  const partitions = partitionsInScope(table, scope);
  if (partitions.length >= n && partitions.length <= MAX_UNION_ALL_SPLITS) {
    return {
      method: 'partition',
      slices: roundRobin(partitions, n).map((ps, i) =>
        sliceOf('partition', i, scope, { partitions: JSON.stringify(ps.map((p) => p.name)) }),
      ),
      notices: [],
    };
  }
  const subpartitions = partitions.flatMap((p) => p.subpartitions ?? []);
  if (subpartitions.length >= n && subpartitions.length <= MAX_UNION_ALL_SPLITS) {
    return {
      method: 'subpartition',
      slices: roundRobin(subpartitions, n).map((ps, i) =>
        sliceOf('subpartition', i, scope, { subpartitions: JSON.stringify(ps.map((p) => p.name)) }),
      ),
      notices: [],
    };
  }
  if (input.info.iotType !== null) {
    if (partitions.length > 1) {
      const tuned = partitions.length;
      return {
        method: 'partition',
        slices: partitions.map((p, i) => sliceOf('partition', i, scope, { partitions: JSON.stringify([p.name]) })),
        notices: [`Overriding transport parallelism: ${n} -> ${tuned}`],
      };
    }
    const key = table.primaryKey.length === 1 ? table.columns.find((c) => c.name === table.primaryKey[0]) : undefined;
    const numeric = key !== undefined && /^INTEGER_/.test(key.canonical.dataType);
    const range = input.keyRange;
    if (numeric && range !== undefined && /^-?\d+$/.test(range.min) && /^-?\d+$/.test(range.max)) {
      return idRangeSlices(input, key.name, BigInt(range.min), BigInt(range.max), n);
    }
    return modSlices(input, n);
  }
  const extents = input.extents === undefined ? undefined : extentsInScope(input, input.extents);
  if (extents !== undefined && extents.length > 0) return extentSlices(input, extents, n);
  const plan = modSlices(input, n);
  return input.extents === undefined
    ? {
        ...plan,
        notices: [
          'No SELECT on DBA_EXTENTS for ORA_ADM_USER: slices split by MOD(ORA_HASH(key)) instead of ROWID ranges',
        ],
      }
    : plan;
}

/** The names a partition scope reads, in reads of at most {@link MAX_UNION_ALL_SPLITS} partitions each. */
function scopePartitionChunks(scope: OffloadScope): readonly (readonly string[])[] | undefined {
  if (scope.kind !== 'partitions') return undefined;
  const chunks: string[][] = [];
  for (let i = 0; i < scope.partitions.length; i += MAX_UNION_ALL_SPLITS) {
    chunks.push(scope.partitions.slice(i, i + MAX_UNION_ALL_SPLITS));
  }
  return chunks;
}

/**
 * The reads of one slice, each a {@link SliceRead} for `extractSlice` (one SELECT each, read in turn): a partition or
 * subpartition per name, a ROWID range per extent range, or one read with the `mod`/`id_range` condition (for a
 * partition scope, over its partitions: one `UNION ALL` read per {@link MAX_UNION_ALL_SPLITS} of them). Every read is
 * `AS OF SCN :scn` when the snapshot has an SCN, and keeps the scope's own predicate (`scopeWhere`, with its binds).
 *
 * @example
 * sliceReads(slice, { scn: '4242' }) // [{ asOfScn: true, partition: { name: 'P0' }, binds: { scn: '4242' } }, …]
 */
export function sliceReads(
  slice: Slice,
  snapshot: { readonly scn?: string },
  scopeWhere: { readonly sql: string; readonly binds: Readonly<Record<string, string>> } = { sql: '', binds: {} },
): SliceRead[] {
  const p = slice.params;
  const scn: Record<string, string> = snapshot.scn === undefined ? {} : { scn: snapshot.scn };
  const base = { asOfScn: snapshot.scn !== undefined, binds: { ...scn, ...scopeWhere.binds } };
  const and = (condition: string) => (scopeWhere.sql === '' ? condition : `${condition} AND (${scopeWhere.sql})`);
  const plain = scopeWhere.sql === '' ? {} : { where: scopeWhere.sql };
  const names = (text: unknown) => JSON.parse(String(text)) as string[];
  /** One read, or one per chunk of the scope's partitions. */
  const scoped = (read: SliceRead): SliceRead[] =>
    scopePartitionChunks(slice.scope)?.map((chunk) => ({ ...read, partitions: { names: chunk } })) ?? [read];
  switch (slice.method) {
    case 'partition':
      return names(p.partitions).map((name) => ({ ...base, ...plain, partition: { name } }));
    case 'subpartition':
      return names(p.subpartitions).map((name) => ({ ...base, ...plain, partition: { name, sub: true } }));
    case 'extent':
      return (JSON.parse(String(p.rowidRanges)) as [string, string][]).map(([lo, hi]) => ({
        ...base,
        where: and('ROWID BETWEEN CHARTOROWID(:rowid_lo) AND CHARTOROWID(:rowid_hi)'),
        binds: { ...base.binds, rowid_lo: lo, rowid_hi: hi },
      }));
    case 'mod':
      return scoped({
        ...base,
        where: and(`MOD(ORA_HASH(${quoteIdent(String(p.column))}), :slice_modulus) = :slice_remainder`),
        binds: { ...base.binds, slice_modulus: String(p.modulus), slice_remainder: String(p.remainder) },
      });
    case 'id_range': {
      const c = quoteIdent(String(p.column));
      const upper = p.hi === null ? '' : ` AND ${c} < :slice_hi`;
      return scoped({
        ...base,
        where: and(`${c} >= :slice_lo${upper}`),
        binds: { ...base.binds, slice_lo: String(p.lo), ...(p.hi === null ? {} : { slice_hi: String(p.hi) }) },
      });
    }
    case 'all':
      return scoped({ ...base, ...plain });
    default:
      throw new GoeError('INTERNAL', `Oracle cannot read a ${slice.method} slice`);
  }
}
