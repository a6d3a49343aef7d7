/**
 * Every SQL statement the PostgreSQL frontend sends, built here and registered in {@link SQL_BUILDERS}; each
 * builder has a golden file `test/golden/<name>.sql` that a test compares with its rendering of the example.
 * Identifiers are always quoted; values go in bind parameters, except inside `COPY (SELECT …)`, which takes
 * no parameters: there literals are rendered by {@link quoteLiteral}.
 */

import type { PredicateAst, SourceTable } from '@goe/core';
import { highWaterMarkSql, renderPredicateInline, renderPredicateSql } from './predicate.js';
import { qualified, quoteIdent, quoteLiteral } from './quote.js';

export { qualified, quoteIdent, quoteLiteral } from './quote.js';

/**
 * Statements run once on every new session: UTC, ISO dates, ISO 8601 intervals.
 *
 * @example
 * await conn.query(SESSION_SETUP_SQL)
 */
export const SESSION_SETUP_SQL = "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'iso_8601'";

/**
 * Server version text and number.
 *
 * @example
 * (await conn.query(SERVER_VERSION_SQL))[0].version
 */
export const SERVER_VERSION_SQL = "SELECT version() AS version, current_setting('server_version_num') AS num";

/**
 * Candidate tables for `-t owner.table`, matched case-insensitively ($1 owner, $2 table).
 *
 * @example
 * await conn.query(RESOLVE_TABLE_SQL, ['sh', 'sales'])
 */
export const RESOLVE_TABLE_SQL = `SELECT c.oid::int8::text AS oid, n.nspname::text AS schema, c.relname::text AS name, c.relkind::text AS relkind
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND lower(n.nspname) = lower($1) AND lower(c.relname) = lower($2)
ORDER BY n.nspname, c.relname`;

/**
 * Columns of a relation ($1 oid), domains resolved to their base type.
 *
 * @example
 * await conn.query(COLUMNS_SQL, [oid])
 */
export const COLUMNS_SQL = `WITH RECURSIVE cols AS (
  SELECT a.attnum, a.attname, a.attnotnull AS notnull, a.atttypid AS decl, a.atttypid AS typid, a.atttypmod AS typmod,
         pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS dflt
  FROM pg_catalog.pg_attribute a
  LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
  WHERE a.attrelid = $1::oid AND a.attnum > 0 AND NOT a.attisdropped
  UNION ALL
  SELECT c.attnum, c.attname, c.notnull OR t.typnotnull, c.decl, t.typbasetype,
         CASE WHEN c.typmod = -1 THEN t.typtypmod ELSE c.typmod END, c.dflt
  FROM cols c JOIN pg_catalog.pg_type t ON t.oid = c.typid
  WHERE t.typtype = 'd'
)
SELECT c.attnum::int4 AS attnum, c.attname::text AS name, c.notnull, c.dflt,
       t.typname::text AS typname, t.typtype::text AS typtype, t.typcategory::text AS typcategory,
       c.typmod::int4 AS typmod, pg_catalog.format_type(c.typid, c.typmod) AS formatted,
       pg_catalog.format_type(c.decl, NULL) AS declared
FROM cols c JOIN pg_catalog.pg_type t ON t.oid = c.typid
WHERE t.typtype <> 'd'
ORDER BY c.attnum`;

/**
 * Primary key columns in key order ($1 oid).
 *
 * @example
 * await conn.query(PRIMARY_KEY_SQL, [oid])
 */
export const PRIMARY_KEY_SQL = `SELECT a.attname::text AS name
FROM pg_catalog.pg_index i
CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
WHERE i.indrelid = $1::oid AND i.indisprimary
ORDER BY k.ord`;

const PARTITION_KEY_COLUMNS = `(SELECT json_agg(CASE WHEN k.attnum = 0 THEN NULL ELSE a.attname::text END ORDER BY k.ord)::text
   FROM unnest(pt.partattrs::int2[]) WITH ORDINALITY AS k(attnum, ord)
   LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = pt.partrelid AND a.attnum = k.attnum)`;

/**
 * Partitioning strategy and key of a partitioned table ($1 oid); key columns as a JSON array (null = expression).
 *
 * @example
 * await conn.query(PARTITION_KEY_SQL, [oid])
 */
export const PARTITION_KEY_SQL = `SELECT pt.partstrat::text AS strategy, pg_catalog.pg_get_partkeydef(pt.partrelid) AS keydef,
  ${PARTITION_KEY_COLUMNS} AS columns
FROM pg_catalog.pg_partitioned_table pt
WHERE pt.partrelid = $1::oid`;

/**
 * Every partition below a table ($1 oid), with bounds, sub-partitioning, estimates and sizes.
 *
 * @example
 * await conn.query(PARTITIONS_SQL, [oid])
 */
export const PARTITIONS_SQL = `WITH RECURSIVE tree AS (
  SELECT i.inhrelid AS oid, i.inhparent AS parent, 1 AS level
  FROM pg_catalog.pg_inherits i WHERE i.inhparent = $1::oid
  UNION ALL
  SELECT i.inhrelid, i.inhparent, t.level + 1
  FROM pg_catalog.pg_inherits i JOIN tree t ON i.inhparent = t.oid
)
SELECT t.oid::int8::text AS oid, t.parent::int8::text AS parent, t.level::int4 AS level,
       n.nspname::text AS schema, c.relname::text AS name, c.relkind::text AS relkind,
       pg_catalog.pg_get_expr(c.relpartbound, c.oid) AS bound,
       pt.partstrat::text AS substrategy,
       CASE WHEN pt.partrelid IS NULL THEN NULL ELSE ${PARTITION_KEY_COLUMNS} END AS subcolumns,
       c.reltuples::float8 AS reltuples, pg_catalog.pg_table_size(c.oid)::int8::text AS bytes,
       greatest(c.relpages::int8, pg_catalog.pg_relation_size(c.oid) / current_setting('block_size')::int8)::text AS pages
FROM tree t
JOIN pg_catalog.pg_class c ON c.oid = t.oid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_partitioned_table pt ON pt.partrelid = c.oid
ORDER BY t.level, c.relname`;

/**
 * Size, estimate and page count of one relation ($1 oid).
 *
 * @example
 * await conn.query(RELATION_SIZE_SQL, [oid])
 */
export const RELATION_SIZE_SQL = `SELECT pg_catalog.pg_table_size(c.oid)::int8::text AS bytes, c.reltuples::float8 AS reltuples,
       greatest(c.relpages::int8, pg_catalog.pg_relation_size(c.oid) / current_setting('block_size')::int8)::text AS pages
FROM pg_catalog.pg_class c WHERE c.oid = $1::oid`;

/**
 * Opens the coordinator transaction whose snapshot every slice shares.
 *
 * @example
 * await conn.query(BEGIN_SNAPSHOT_SQL)
 */
export const BEGIN_SNAPSHOT_SQL = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';
/**
 * Exports the coordinator's snapshot.
 *
 * @example
 * (await conn.query(EXPORT_SNAPSHOT_SQL))[0].id // '00000003-0000001B-1'
 */
export const EXPORT_SNAPSHOT_SQL = 'SELECT pg_catalog.pg_export_snapshot() AS id';
/**
 * Ends a read transaction.
 *
 * @example
 * await conn.query(COMMIT_SQL)
 */
export const COMMIT_SQL = 'COMMIT';

/**
 * Imports an exported snapshot into a fresh REPEATABLE READ transaction (`SET TRANSACTION SNAPSHOT` takes no
 * parameters; the id is checked to be a snapshot id first).
 *
 * @example
 * setTransactionSnapshotSql('00000003-0000001B-1') // "SET TRANSACTION SNAPSHOT '00000003-0000001B-1'"
 */
export function setTransactionSnapshotSql(id: string): string {
  if (!/^[0-9A-Fa-f-]+$/.test(id)) throw new Error(`Not a snapshot id: ${JSON.stringify(id)}`);
  return `SET TRANSACTION SNAPSHOT ${quoteLiteral(id)}`;
}

/** One numeric column to size by sampling. */
export interface SampleColumn {
  readonly name: string;
}

/**
 * The data-sampling query for unconstrained numeric columns (GOE §2.1): per column, the most integral digits,
 * the largest scale actually used (`min_scale`) and how many NaN/±Infinity values were seen.
 *
 * @example
 * sampleNumericSql('"sh"."t"', [{ name: 'X' }], 100)
 */
export function sampleNumericSql(from: string, columns: readonly SampleColumn[], percent: number): string {
  const parts = columns.map((c, i) => {
    const q = quoteIdent(c.name);
    const special = `${q}::numeric IN ('NaN', 'Infinity', '-Infinity')`;
    return [
      `max(CASE WHEN ${special} THEN NULL WHEN abs(${q}::numeric) < 1 THEN 0 ELSE length(trunc(abs(${q}::numeric))::text) END)::int4 AS i${i}`,
      `max(CASE WHEN ${special} THEN NULL ELSE min_scale(${q}::numeric) END)::int4 AS s${i}`,
      `count(*) FILTER (WHERE ${special})::int8::text AS x${i}`,
    ].join(',\n       ');
  });
  const sample = percent > 0 && percent < 100 ? ` TABLESAMPLE SYSTEM (${Number(percent.toFixed(6))})` : '';
  return `SELECT ${parts.join(',\n       ')}\nFROM ${from}${sample}`;
}

/**
 * The SELECT a slice extracts: projections (with the casts extraction needs), source, optional WHERE.
 *
 * @example
 * selectSql(['"id"', '"amount"'], '"sh"."sales"', ['"id" > 10']) // 'SELECT "id", "amount" FROM "sh"."sales" WHERE ("id" > 10)'
 */
export function selectSql(projections: readonly string[], from: string, where: readonly string[]): string {
  const w = where.length === 0 ? '' : ` WHERE ${where.map((c) => `(${c})`).join(' AND ')}`;
  return `SELECT ${projections.join(', ')} FROM ${from}${w}`;
}

/**
 * The COPY statement extraction sends: to STDOUT on a server; PGlite writes to its `/dev/blob` device.
 *
 * @example
 * copyOutSql('SELECT 1', 'pglite') // "COPY (SELECT 1) TO '/dev/blob' (FORMAT binary)"
 */
export function copyOutSql(select: string, engine: 'pg' | 'pglite' = 'pg'): string {
  return `COPY (${select}) TO ${engine === 'pg' ? 'STDOUT' : "'/dev/blob'"} (FORMAT binary)`;
}

/** `SELECT count(*)` in scope. @example countSql('"sh"."t"', []) // 'SELECT count(*)::int8::text AS n FROM "sh"."t"' */
export function countSql(from: string, where: readonly string[]): string {
  return selectSql(['count(*)::int8::text AS n'], from, where);
}

/**
 * An aggregate expression per spec, already rendered (see `verify.ts`).
 *
 * @example
 * aggregateSql(['max("id")::text'], '"sh"."sales"', []) // 'SELECT max("id")::text AS a0 FROM "sh"."sales"'
 */
export function aggregateSql(expressions: readonly string[], from: string, where: readonly string[]): string {
  return selectSql(
    expressions.map((e, i) => `${e} AS a${i}`),
    from,
    where,
  );
}

/**
 * Lowest and highest value of an integer key in scope, as text.
 *
 * @example
 * keyRangeSql('id', '"sh"."t"', []) // 'SELECT min("id")::text AS lo, max("id")::text AS hi FROM "sh"."t"'
 */
export function keyRangeSql(column: string, from: string, where: readonly string[]): string {
  const q = quoteIdent(column);
  return selectSql([`min(${q})::text AS lo`, `max(${q})::text AS hi`], from, where);
}

/**
 * A ctid page-range condition (`ctid >= '(a,0)' AND ctid < '(b,0)'`); `to` undefined leaves it open-ended.
 *
 * @example
 * ctidRangeSql(0, 128) // "ctid >= '(0,0)'::tid AND ctid < '(128,0)'::tid"
 */
export function ctidRangeSql(from: number, to: number | undefined): string {
  const lo = `ctid >= '(${from},0)'::tid`;
  return to === undefined ? lo : `${lo} AND ctid < '(${to},0)'::tid`;
}

/**
 * `"key" >= lo AND "key" < hi` (either side optional) over an integer key.
 *
 * @example
 * keyRangeConditionSql('id', '10', '20') // '"id" >= 10 AND "id" < 20'
 */
export function keyRangeConditionSql(column: string, lo: string | undefined, hi: string | undefined): string {
  const q = quoteIdent(column);
  const parts: string[] = [];
  if (lo !== undefined) parts.push(`${q} >= ${checkInteger(lo)}`);
  if (hi !== undefined) parts.push(`${q} < ${checkInteger(hi)}`);
  return parts.length === 0 ? 'true' : parts.join(' AND ');
}

/**
 * `abs("key" % n) = r` over an integer key: every row lands in exactly one remainder 0…n-1.
 *
 * @example
 * modConditionSql('id', 4, 1) // 'abs("id" % 4) = 1'
 */
export function modConditionSql(column: string, modulus: number, remainder: number): string {
  return `abs(${quoteIdent(column)} % ${modulus}) = ${remainder}`;
}

function checkInteger(text: string): string {
  if (!/^-?\d+$/.test(text)) throw new Error(`Not an integer: ${JSON.stringify(text)}`);
  return text;
}

/** A registered SQL builder: its golden file name and a rendering of a representative example. */
export interface SqlGolden {
  readonly name: string;
  readonly render: () => string;
}

/**
 * Every SQL builder of this frontend with an example rendering; `test/sql-golden.test.ts` compares each with
 * `test/golden/<name>.sql` (set `UPDATE_GOLDEN=1` to rewrite them after a deliberate change).
 *
 * @example
 * SQL_BUILDERS.find((b) => b.name === 'count')!.render()
 */
export const SQL_BUILDERS: SqlGolden[] = [
  { name: 'session-setup', render: () => SESSION_SETUP_SQL },
  { name: 'server-version', render: () => SERVER_VERSION_SQL },
  { name: 'resolve-table', render: () => RESOLVE_TABLE_SQL },
  { name: 'columns', render: () => COLUMNS_SQL },
  { name: 'primary-key', render: () => PRIMARY_KEY_SQL },
  { name: 'partition-key', render: () => PARTITION_KEY_SQL },
  { name: 'partitions', render: () => PARTITIONS_SQL },
  { name: 'relation-size', render: () => RELATION_SIZE_SQL },
  { name: 'begin-snapshot', render: () => BEGIN_SNAPSHOT_SQL },
  { name: 'export-snapshot', render: () => EXPORT_SNAPSHOT_SQL },
  { name: 'set-transaction-snapshot', render: () => setTransactionSnapshotSql('00000003-0000001B-1') },
  { name: 'commit', render: () => COMMIT_SQL },
  {
    name: 'sample-numeric',
    render: () => sampleNumericSql(qualified('sh', 'sales'), [{ name: 'big' }, { name: 'Mixed"Case' }], 12.5),
  },
  {
    name: 'copy-out',
    render: () =>
      copyOutSql(selectSql(['"id"', '"amount"', '"note"::text'], qualified('sh', 'sales'), [ctidRangeSql(0, 128)])),
  },
  { name: 'copy-out-pglite', render: () => copyOutSql(selectSql(['"id"'], qualified('sh', 'sales'), []), 'pglite') },
  { name: 'count', render: () => countSql(qualified('sh', 'sales'), ['"id" >= $1::numeric']) },
  {
    name: 'aggregate',
    render: () => aggregateSql(['min("id")::text', 'count(DISTINCT "code")::int8::text'], qualified('sh', 'sales'), []),
  },
  { name: 'key-range', render: () => keyRangeSql('id', qualified('sh', 'sales'), []) },
  { name: 'ctid-range', render: () => ctidRangeSql(128, undefined) },
  { name: 'key-range-condition', render: () => keyRangeConditionSql('id', '-5', '1000') },
  { name: 'mod-condition', render: () => modConditionSql('id', 4, 1) },
  { name: 'predicate-binds', render: () => renderGoldenPredicate(false) },
  { name: 'predicate-inline', render: () => renderGoldenPredicate(true) },
  {
    name: 'high-water-mark',
    render: () => {
      const hv = highWaterMarkSql([
        { name: 'year', bound: { kind: 'value', value: 2012, text: '2012' } },
        { name: 'month', bound: { kind: 'value', value: 6, text: '6' } },
      ]);
      // the source form, then the form the backend is given (here both are PostgreSQL text)
      return `SELECT * FROM "sh"."sales" WHERE ${hv.source};\nSELECT * FROM "sh"."sales" WHERE ${hv.backend}`;
    },
  },
];

const GOLDEN_TABLE = {
  owner: 'sh',
  name: 'sales',
  primaryKey: [],
  partitioning: { method: 'none', columns: [], partitions: [] },
  columns: [
    ['id', 'bigint', 'INTEGER_8'],
    ['Note', 'text', 'VARIABLE_STRING'],
    ['sale_date', 'date', 'DATE'],
    ['created', 'timestamp(6) without time zone', 'TIMESTAMP'],
  ].map(([name, dataType, canonical]) => ({
    name: name!,
    dataType: dataType!,
    nullable: true,
    safeMapping: true,
    canonical: { name: name!, dataType: canonical, nullable: true, safeMapping: true },
  })),
} as unknown as SourceTable;

const GOLDEN_PREDICATE: PredicateAst = {
  kind: 'and',
  items: [
    {
      kind: 'comparison',
      op: '>=',
      left: { kind: 'column', name: 'ID' },
      right: { kind: 'numeric', value: '-10', isDecimal: false },
    },
    {
      kind: 'in',
      negated: true,
      column: { kind: 'column', name: 'NOTE' },
      values: [
        { kind: 'string', value: "O'Brien" },
        { kind: 'string', value: 'a\\b' },
      ],
    },
    {
      kind: 'or',
      items: [
        {
          kind: 'comparison',
          op: '<',
          left: { kind: 'datetime', value: '2020-01-01', hasTime: false, fractionalDigits: 0 },
          right: { kind: 'column', name: 'SALE_DATE' },
        },
        {
          kind: 'comparison',
          op: '=',
          left: { kind: 'column', name: 'CREATED' },
          right: { kind: 'datetime', value: '2020-01-01 12:00:00.5', hasTime: true, fractionalDigits: 1 },
        },
        { kind: 'null', negated: false, column: { kind: 'column', name: 'CREATED' } },
      ],
    },
  ],
};

function renderGoldenPredicate(inline: boolean): string {
  if (inline) return renderPredicateInline(GOLDEN_PREDICATE, GOLDEN_TABLE);
  const r = renderPredicateSql(GOLDEN_PREDICATE, GOLDEN_TABLE);
  return `${r.sql}\n-- params: ${JSON.stringify(r.params)}`;
}
