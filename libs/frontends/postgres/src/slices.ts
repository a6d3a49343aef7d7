/**
 * Slice planning: leaf partitions and ctid page ranges (balanced by pages, large relations split in halves
 * until there are enough units), or ranges / remainders of an integer primary key. Every slice turns into one
 * or more `SELECT … FROM relation WHERE scope [AND slice condition]` statements.
 */
import { GoeError, type OffloadScope, type Slice, type SourceTable } from '@goe/core';
import type { PostgresSplitMethod } from './config.js';
import type { PgConnection } from './connection.js';
import type { PgRelation, PgTableInfo } from './introspect.js';
import { renderPredicateInline } from './predicate.js';
import { ctidRangeSql, keyRangeConditionSql, keyRangeSql, modConditionSql, qualified, quoteLiteral } from './sql.js';

/** A relation, or a page range `[f, t)` of it (`t` absent: to the end). Short keys: it is JSON in slice params. */
/** A heap (a table or leaf partition) or a page range of one: schema, name, pages, first page, end page. */
export interface Unit {
  s: string;
  n: string;
  p: number;
  f?: number;
  t?: number;
}

/** One SELECT source of a slice. */
export interface SliceSource {
  readonly from: string;
  readonly where: readonly string[];
}

function leavesInScope(info: PgTableInfo, scope: OffloadScope): readonly PgRelation[] {
  if (scope.kind !== 'partitions') return info.leaves;
  if (info.relkind !== 'p') throw new GoeError('OPTION_INVALID', `${info.schema}.${info.name} is not partitioned`);
  const out = new Map<string, PgRelation>();
  for (const name of scope.partitions) {
    const key =
      [...info.partitionLeaves.keys()].find((k) => k === name) ??
      [...info.partitionLeaves.keys()].find((k) => k.toLowerCase() === name.toLowerCase());
    if (key === undefined)
      throw new GoeError('OPTION_INVALID', `Unknown partition ${name} of ${info.schema}.${info.name}`);
    for (const l of info.partitionLeaves.get(key)!) out.set(`${l.schema}.${l.name}`, l);
  }
  return [...out.values()];
}

/**
 * The WHERE conditions of a scope with inline literals: a predicate, or `tableoid IN (…)` for partitions.
 *
 * @example
 * scopeConditions(table, info, { kind: 'full' }) // []
 */
export function scopeConditions(table: SourceTable, info: PgTableInfo, scope: OffloadScope): string[] {
  if (scope.kind === 'predicate') return [renderPredicateInline(scope.predicate, table)];
  if (scope.kind === 'partitions') {
    const leaves = leavesInScope(info, scope);
    if (leaves.length === 0) return ['false'];
    return [`tableoid IN (${leaves.map((l) => `${quoteLiteral(qualified(l.schema, l.name))}::regclass`).join(', ')})`];
  }
  return [];
}

function split(u: Unit): [Unit, Unit] | undefined {
  const from = u.f ?? 0;
  const to = u.t ?? u.p;
  if (to - from < 2) return undefined;
  const mid = from + Math.floor((to - from) / 2);
  const lo: Unit = { s: u.s, n: u.n, p: u.p, f: from, t: mid };
  const hi: Unit = { s: u.s, n: u.n, p: u.p, f: mid, ...(u.t === undefined ? {} : { t: u.t }) };
  if (lo.f === 0) delete lo.f;
  return [lo, hi];
}

const weight = (u: Unit) => Math.max(1, (u.t ?? u.p) - (u.f ?? 0));

function unitSlices(table: SourceTable, info: PgTableInfo, scope: OffloadScope, parallelism: number): Slice[] {
  let units: Unit[] = leavesInScope(info, scope).map((l) => ({ s: l.schema, n: l.name, p: l.pages }));
  while (units.length < parallelism) {
    const biggest = units.reduce<Unit | undefined>(
      (a, u) => (a === undefined || weight(u) > weight(a) ? u : a),
      undefined,
    );
    const halves = biggest && split(biggest);
    if (!halves) break;
    units = units.filter((u) => u !== biggest).concat(halves);
  }
  const bins: Unit[][] = Array.from({ length: Math.min(parallelism, Math.max(1, units.length)) }, () => []);
  const load = bins.map(() => 0);
  for (const u of [...units].sort((a, b) => weight(b) - weight(a))) {
    const i = load.indexOf(Math.min(...load));
    bins[i]!.push(u);
    load[i]! += weight(u);
  }
  const totalPages = info.leaves.reduce((s, l) => s + Math.max(1, l.pages), 0);
  const method = info.relkind === 'p' ? 'partition' : 'page-range';
  return bins.map((bin, i) => ({
    id: `${method}-${i}`,
    method,
    scope,
    params: { units: JSON.stringify(bin) },
    ...(table.rowEstimate === undefined
      ? {}
      : { rowEstimate: Math.round((table.rowEstimate * load[i]!) / totalPages) }),
  }));
}

function integerKey(table: SourceTable, method: string): string {
  const pk = table.primaryKey;
  const col = pk.length === 1 ? table.columns.find((c) => c.name === pk[0]) : undefined;
  if (!col || !['INTEGER_1', 'INTEGER_2', 'INTEGER_4', 'INTEGER_8', 'INTEGER_38'].includes(col.canonical.dataType)) {
    throw new GoeError(
      'OPTION_INVALID',
      `POSTGRES_SPLIT_METHOD=${method} needs a single-column integer primary key on ${table.owner}.${table.name}`,
      {
        variable: 'POSTGRES_SPLIT_METHOD',
      },
    );
  }
  return col.name;
}

/** Inputs of {@link planPostgresSlices}. */
export interface PlanSlicesInput {
  readonly table: SourceTable;
  readonly info: PgTableInfo;
  readonly scope: OffloadScope;
  readonly parallelism: number;
  readonly method: PostgresSplitMethod;
  /** Runs the key-range query of `id_range` (in the snapshot, when one is used). */
  readonly conn: () => Promise<PgConnection>;
}

/**
 * Splits a scope into at most `parallelism` slices (see the module comment). Views and foreign tables, and a
 * parallelism of 1 on an unpartitioned table, give one slice of method `all`.
 *
 * @throws GoeError `OPTION_INVALID` for an unknown partition, or `id_range`/`mod` without an integer primary key
 * @example
 * const slices = await planPostgresSlices({ table, info, scope: { kind: 'full' }, parallelism: 4, method: 'auto', conn });
 */
export async function planPostgresSlices(input: PlanSlicesInput): Promise<Slice[]> {
  const { table, info, scope } = input;
  const n = Math.max(1, Math.floor(input.parallelism));
  const all: Slice = {
    id: 'all',
    method: 'all',
    scope,
    params: {},
    ...(table.rowEstimate === undefined ? {} : { rowEstimate: table.rowEstimate }),
  };
  if (info.relkind === 'v' || info.relkind === 'f' || (n === 1 && info.relkind !== 'p')) return [all];
  const method = input.method === 'auto' ? (info.relkind === 'p' ? 'partition' : 'page-range') : input.method;
  if (method === 'partition' || method === 'page-range') return unitSlices(table, info, scope, n);
  const key = integerKey(table, method);
  if (method === 'mod') {
    return Array.from({ length: n }, (_, r) => ({
      id: `mod-${r}`,
      method: 'mod' as const,
      scope,
      params: { column: key, modulus: n, remainder: r },
    }));
  }
  const from = qualified(info.schema, info.name);
  const conn = await input.conn();
  const range = (
    await conn.query<{ lo: string | null; hi: string | null }>(
      keyRangeSql(key, from, scopeConditions(table, info, scope)),
    )
  )[0];
  if (!range || range.lo === null || range.hi === null) return [all];
  const lo = BigInt(range.lo);
  const hi = BigInt(range.hi);
  const count = BigInt(n);
  const step = (hi - lo + count) / count;
  const slices: Slice[] = [];
  for (let i = 0n; i < count; i++) {
    const a = lo + step * i;
    if (a > hi) break;
    slices.push({
      id: `id_range-${i}`,
      method: 'id_range',
      scope,
      params: {
        column: key,
        lo: i === 0n ? null : a.toString(),
        hi: i === count - 1n || a + step > hi ? null : (a + step).toString(),
      },
    });
  }
  return slices;
}

/** Options of {@link sliceSources}. */
export interface SliceSourceOptions {
  /**
   * Most heap pages one source of a partition / page-range slice reads: a unit larger than that is read as several
   * consecutive page ranges, the last of which keeps the unit's own end (open when it has none, so pages added
   * since introspection are still read). Default: one source per unit.
   */
  readonly maxPages?: number;
}

/**
 * A unit as consecutive page ranges of at most `maxPages` pages, covering exactly the pages the unit covers.
 *
 * @example
 * cutUnit({ s: 'sh', n: 'sales', p: 2500 }, 1024) // ranges [0,1024) [1024,2048) [2048,open)
 */
export function cutUnit(u: Unit, maxPages: number): Unit[] {
  const from = u.f ?? 0;
  const end = u.t ?? u.p;
  const out: Unit[] = [];
  let f = from;
  while (end - f > maxPages) {
    out.push({ s: u.s, n: u.n, p: u.p, f, t: f + maxPages });
    f += maxPages;
  }
  if (out.length === 0) return [u];
  out.push({ s: u.s, n: u.n, p: u.p, f, ...(u.t === undefined ? {} : { t: u.t }) });
  return out;
}

/** The conditions of a unit's source: the scope's, plus its page range when it has one. */
function unitWhere(u: Unit, where: readonly string[]): readonly string[] {
  return u.f === undefined && u.t === undefined ? where : [...where, ctidRangeSql(u.f ?? 0, u.t)];
}

/**
 * The SELECT sources of a slice: one per unit for partition / page-range slices (or per page range of at most
 * `options.maxPages` pages), else the table with the slice's key condition.
 *
 * @example
 * sliceSources(table, info, slice) // [{ from: '"sh"."sales"', where: ["ctid >= '(0,0)'::tid AND ctid < '(64,0)'::tid"] }]
 */
export function sliceSources(
  table: SourceTable,
  info: PgTableInfo,
  slice: Slice,
  options: SliceSourceOptions = {},
): SliceSource[] {
  const scope = slice.scope;
  const p = slice.params;
  if (slice.method === 'partition' || slice.method === 'page-range') {
    const where = scope.kind === 'predicate' ? [renderPredicateInline(scope.predicate, table)] : [];
    const planned = JSON.parse(String(p.units)) as Unit[];
    const max = options.maxPages;
    const units = max === undefined ? planned : planned.flatMap((u) => cutUnit(u, max));
    return units.map((u) => ({ from: qualified(u.s, u.n), where: unitWhere(u, where) }));
  }
  const where = scopeConditions(table, info, scope);
  const from = qualified(info.schema, info.name);
  if (slice.method === 'id_range') {
    const cond = keyRangeConditionSql(
      String(p.column),
      p.lo === null ? undefined : String(p.lo),
      p.hi === null ? undefined : String(p.hi),
    );
    return [{ from, where: [...where, cond] }];
  }
  if (slice.method === 'mod')
    return [{ from, where: [...where, modConditionSql(String(p.column), Number(p.modulus), Number(p.remainder))] }];
  if (slice.method === 'all') {
    const leaf = info.relkind === 'r' && info.leaves.length === 1 ? info.leaves[0] : undefined;
    if (options.maxPages === undefined || leaf === undefined) return [{ from, where }];
    // a plain table read whole: the same page ranges a page-range slice of it would read
    return cutUnit({ s: leaf.schema, n: leaf.name, p: leaf.pages }, options.maxPages).map((u) => ({
      from,
      where: unitWhere(u, where),
    }));
  }
  throw new GoeError('OPTION_INVALID', `Slice method ${slice.method} is not one the PostgreSQL frontend plans`);
}
