/**
 * `describeTable`: resolves `owner.table` (case-insensitively when unambiguous), reads columns with types,
 * typmods, nullability and defaults, the primary key, declarative partitions and sub-partitions with decoded
 * bounds, sizes and row estimates, and sizes unconstrained numerics by sampling.
 */
import {
  canonicalColumn,
  GoeError,
  type CanonicalType,
  type EventSink,
  type PartitionMethod,
  type PartitionScheme,
  type SamplingOptions,
  type SourceColumn,
  type SourcePartition,
  type SourceTable,
} from '@goe/core';
import type { PostgresSettings } from './config.js';
import type { PgConnection } from './connection.js';
import { decodePartitionBound } from './partition-bounds.js';
import { autoSamplePercent, sampleNumericColumns } from './sampling.js';
import {
  COLUMNS_SQL,
  PARTITION_KEY_SQL,
  PARTITIONS_SQL,
  PRIMARY_KEY_SQL,
  qualified,
  RELATION_SIZE_SQL,
  RESOLVE_TABLE_SQL,
  SERVER_VERSION_SQL,
} from './sql.js';
import { mapPostgresType, numericTypmod, type CanonicalMapping, type PgColumnType } from './type-map.js';

/** A relation slices read: a leaf partition or the table itself. */
export interface PgRelation {
  readonly schema: string;
  readonly name: string;
  /** Heap pages (the larger of `relpages` and the file size / block size). */
  readonly pages: number;
  readonly rowEstimate?: number;
  readonly sizeBytes?: number;
}

/** What the frontend remembers about a described table, beyond {@link SourceTable}. */
export interface PgTableInfo {
  readonly schema: string;
  readonly name: string;
  /** `r` table, `p` partitioned, `v` view, `m` materialized view, `f` foreign table. */
  readonly relkind: string;
  /** The relations holding the rows: leaf partitions, or the table itself. */
  readonly leaves: readonly PgRelation[];
  /** Partition name (any level) → the leaves below it (itself when it is a leaf). */
  readonly partitionLeaves: ReadonlyMap<string, readonly PgRelation[]>;
}

interface CandidateRow {
  oid: string;
  schema: string;
  name: string;
  relkind: string;
}
interface ColumnRow extends PgColumnType {
  attnum: number;
  name: string;
  notnull: boolean;
  dflt: string | null;
}
interface PartitionRow {
  oid: string;
  parent: string;
  level: number;
  schema: string;
  name: string;
  relkind: string;
  bound: string | null;
  substrategy: string | null;
  subcolumns: string | null;
  reltuples: number;
  bytes: string;
  pages: string;
}

const STRATEGY: Record<string, PartitionMethod> = { r: 'range', l: 'list', h: 'hash' };

function unquote(name: string): { text: string; exact: boolean } {
  const m = /^"(.*)"$/s.exec(name);
  return m ? { text: m[1]!.replace(/""/g, '"'), exact: true } : { text: name, exact: false };
}

/**
 * Finds the one table `owner.table` names: an exact (case-sensitive) match wins, else the only
 * case-insensitive match; `"Quoted"` parts must match exactly.
 *
 * @throws GoeError `TABLE_NOT_FOUND` when nothing matches, or when several match (listing the candidates)
 *
 * @example
 * await resolveTable(conn, 'SH', 'SALES') // { oid: '16384', schema: 'sh', name: 'sales', relkind: 'r' }
 */
export async function resolveTable(conn: PgConnection, owner: string, table: string): Promise<CandidateRow> {
  const o = unquote(owner);
  const t = unquote(table);
  let rows = await conn.query<CandidateRow>(RESOLVE_TABLE_SQL, [o.text, t.text]);
  if (o.exact) rows = rows.filter((r) => r.schema === o.text);
  if (t.exact) rows = rows.filter((r) => r.name === t.text);
  const exact = rows.filter((r) => r.schema === o.text && r.name === t.text);
  if (exact.length === 1) return exact[0]!;
  if (rows.length === 1) return rows[0]!;
  if (rows.length === 0) {
    throw new GoeError('TABLE_NOT_FOUND', `Table ${owner}.${table} does not exist`, {
      hint: 'Check -t owner.table; quote mixed-case names like sh."Sales"',
    });
  }
  throw new GoeError(
    'TABLE_NOT_FOUND',
    `Table ${owner}.${table} is ambiguous: ${rows.map((r) => qualified(r.schema, r.name)).join(', ')}`,
    {
      hint: 'Name one of them exactly, with quotes for mixed case',
    },
  );
}

function num(text: string | number | null | undefined): number {
  return text === null || text === undefined ? 0 : Number(text);
}

function estimate(reltuples: number): number | undefined {
  return reltuples >= 0 ? Math.round(reltuples) : undefined;
}

/** The rows of several leaves: unknown when any leaf's is (never analysed), so a sum never passes for a count. */
function sumEstimates(leaves: readonly { readonly rowEstimate?: number }[]): number | undefined {
  let total = 0;
  for (const l of leaves) {
    if (l.rowEstimate === undefined) return undefined;
    total += l.rowEstimate;
  }
  return total;
}

function sourceColumn(row: ColumnRow, mapping: CanonicalMapping, settings: PostgresSettings): SourceColumn {
  const nullable = !row.notnull;
  const nullsAdded =
    (mapping.special === 'numeric' && settings.allowNumericSpecialValues) ||
    (mapping.special === 'datetime' && settings.allowInfiniteDates);
  const canonical = canonicalColumn({
    name: row.name,
    dataType: mapping.dataType,
    precision: mapping.precision ?? null,
    scale: mapping.scale ?? null,
    charLength: mapping.charLength ?? null,
    charSemantics: mapping.charSemantics ?? null,
    nullable: nullable || nullsAdded,
    safeMapping: mapping.safeMapping,
    dataDefault: row.dflt,
  });
  const ps = row.typname === 'numeric' ? numericTypmod(row.typmod) : undefined;
  const len = (row.typname === 'varchar' || row.typname === 'bpchar') && row.typmod >= 4 ? row.typmod - 4 : undefined;
  return {
    name: row.name,
    dataType: row.formatted,
    nullable,
    safeMapping: mapping.safeMapping,
    ...(ps ? { precision: ps.precision, scale: ps.scale } : {}),
    ...(len === undefined ? {} : { charLength: len, charSemantics: 'CHAR' as const }),
    ...(row.dflt === null ? {} : { dataDefault: row.dflt }),
    canonical,
  };
}

function buildPartitions(
  rows: readonly PartitionRow[],
  ownerSchema: string,
  parentOid: string,
  keyTypes: readonly (CanonicalType | undefined)[],
  typeOf: (column: string | null) => CanonicalType | undefined,
  leavesOut: Map<string, PgRelation[]>,
): SourcePartition[] {
  return rows
    .filter((r) => r.parent === parentOid)
    .map((r) => {
      const bound = r.bound === null ? {} : decodePartitionBound(r.bound, keyTypes);
      const name = r.schema === ownerSchema ? r.name : `${r.schema}.${r.name}`;
      let subpartitions: SourcePartition[] | undefined;
      let leaves: PgRelation[];
      if (r.relkind === 'p') {
        const subKeys = (JSON.parse(r.subcolumns ?? '[]') as (string | null)[]).map(typeOf);
        subpartitions = buildPartitions(rows, ownerSchema, r.oid, subKeys, typeOf, leavesOut);
        leaves = subpartitions.flatMap((s) => leavesOut.get(s.name) ?? []);
      } else {
        const rowEstimate = estimate(r.reltuples);
        leaves = [
          {
            schema: r.schema,
            name: r.name,
            pages: num(r.pages),
            sizeBytes: num(r.bytes),
            ...(rowEstimate === undefined ? {} : { rowEstimate }),
          },
        ];
      }
      leavesOut.set(name, leaves);
      const rowEstimate = sumEstimates(leaves);
      return {
        name,
        ...bound,
        ...(r.bound === null ? {} : { boundText: r.bound }),
        ...(rowEstimate === undefined ? {} : { rowEstimate }),
        sizeBytes: leaves.reduce((s, l) => s + (l.sizeBytes ?? 0), 0),
        ...(subpartitions ? { subpartitions } : {}),
      } as SourcePartition;
    });
}

async function partitioning(
  conn: PgConnection,
  schema: string,
  oid: string,
  columns: readonly SourceColumn[],
  leavesOut: Map<string, PgRelation[]>,
): Promise<PartitionScheme> {
  const key = (await conn.query<{ strategy: string; keydef: string; columns: string }>(PARTITION_KEY_SQL, [oid]))[0];
  if (key === undefined) return { method: 'none', columns: [], partitions: [] };
  const typeOf = (c: string | null) => (c === null ? undefined : columns.find((x) => x.name === c)?.canonical.dataType);
  const keyColumns = JSON.parse(key.columns) as (string | null)[];
  const rows = await conn.query<PartitionRow>(PARTITIONS_SQL, [oid]);
  const partitions = buildPartitions(rows, schema, oid, keyColumns.map(typeOf), typeOf, leavesOut);
  const subs = rows.filter((r) => r.parent === oid);
  const allSub = subs.length > 0 && subs.every((r) => r.relkind === 'p' && r.substrategy === subs[0]!.substrategy);
  const names = keyColumns.map((c) => c ?? key.keydef);
  return {
    method: STRATEGY[key.strategy] ?? 'none',
    columns: names,
    partitions,
    ...(allSub
      ? {
          subpartitioning: {
            method: STRATEGY[subs[0]!.substrategy ?? ''] ?? 'none',
            columns: (JSON.parse(subs[0]!.subcolumns ?? '[]') as (string | null)[]).map((c) => c ?? '(expression)'),
          },
        }
      : {}),
  };
}

/**
 * Describes a table (see the module comment).
 *
 * @throws GoeError `TABLE_NOT_FOUND`, `TYPE_UNSUPPORTED` (naming the column), `ENGINE_ERROR`
 * @example
 * const { table, info } = await describePostgresTable(conn, 'sh', 'sales', settings, events);
 */
export async function describePostgresTable(
  conn: PgConnection,
  owner: string,
  tableName: string,
  settings: PostgresSettings,
  events?: EventSink,
  sampling?: SamplingOptions,
): Promise<{ table: SourceTable; info: PgTableInfo }> {
  const rel = await resolveTable(conn, owner, tableName);
  const colRows = await conn.query<ColumnRow>(COLUMNS_SQL, [rel.oid]);
  const mappings = colRows.map((r) => mapPostgresType(r.name, r));
  const size = (await conn.query<{ bytes: string; reltuples: number; pages: string }>(RELATION_SIZE_SQL, [rel.oid]))[0];
  const leavesOut = new Map<string, PgRelation[]>();
  let columns = colRows.map((r, i) => sourceColumn(r, mappings[i]!, settings));
  const scheme = await partitioning(conn, rel.schema, rel.oid, columns, leavesOut);
  const leafSet = new Set<PgRelation>();
  for (const p of scheme.partitions) for (const l of leavesOut.get(p.name) ?? []) leafSet.add(l);
  const ownRows = estimate(num(size?.reltuples ?? -1));
  const leaves: PgRelation[] =
    rel.relkind === 'p'
      ? [...leafSet]
      : [
          {
            schema: rel.schema,
            name: rel.name,
            pages: num(size?.pages),
            sizeBytes: num(size?.bytes),
            ...(ownRows === undefined ? {} : { rowEstimate: ownRows }),
          },
        ];
  const sizeBytes = leaves.reduce((s, l) => s + (l.sizeBytes ?? 0), 0);
  const rowEstimate = rel.relkind === 'p' ? sumEstimates(leaves) : ownRows;

  const toSample = colRows.filter((_, i) => mappings[i]!.needsSampling).map((r) => r.name);
  const percent = autoSamplePercent(sampling?.percent ?? settings.dataSamplePercent, sizeBytes);
  if (toSample.length > 0 && percent > 0) {
    const outcomes = await sampleNumericColumns(
      conn,
      qualified(rel.schema, rel.name),
      toSample,
      rel.relkind === 'v' ? 100 : percent,
      events,
      sampling,
    );
    columns = columns.map((c, i) => {
      const mapping = outcomes.get(c.name)?.mapping;
      return mapping ? sourceColumn(colRows[i]!, mapping, settings) : c;
    });
  }
  const pk = await conn.query<{ name: string }>(PRIMARY_KEY_SQL, [rel.oid]);
  const version = (await conn.query<{ version: string }>(SERVER_VERSION_SQL))[0]?.version ?? '';
  const table: SourceTable = {
    owner: rel.schema,
    name: rel.name,
    columns,
    primaryKey: pk.map((r) => r.name),
    partitioning: scheme,
    sizeBytes,
    ...(rowEstimate === undefined ? {} : { rowEstimate }),
    serverVersion: shortVersion(version),
  };
  return {
    table,
    info: { schema: rel.schema, name: rel.name, relkind: rel.relkind, leaves, partitionLeaves: leavesOut },
  };
}

/**
 * `PostgreSQL 15.18` from `version()` text.
 *
 * @example
 * shortVersion('PostgreSQL 15.18 (Debian 15.18-0+deb12u1) on x86_64…') // 'PostgreSQL 15.18'
 */
export function shortVersion(version: string): string {
  const m = /^PostgreSQL (\S+)/.exec(version);
  return m ? `PostgreSQL ${m[1]!.replace(/,$/, '')}` : version;
}
