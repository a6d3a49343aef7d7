/**
 * Every SQL statement the DuckDB backend runs, built by pure functions registered in {@link DUCKDB_SQL} (each has a
 * golden file under `test/golden/`). Inputs are already-resolved names, types and expressions; nothing here
 * touches a connection.
 */
import { aggregateKey, GoeError, type AggregateSpec, type CanonicalColumn, type ColumnTransform } from '@goe/core';
import {
  canonicalTextSql,
  pathList,
  quoteIdent,
  quoteString,
  schemaRef,
  SESSION_SETUP,
  tableRef,
  type DuckdbSchema,
} from './sql-text.js';

/**
 * A final-table column as `createTable` and the load steps see it.
 *
 * @example
 * const def: DuckdbColumnDef = { name: 'I', type: 'INTERVAL', nullable: true, comment: 'goe:INTERVAL_DS' };
 */
export interface DuckdbColumnDef {
  readonly name: string;
  /** DuckDB type (see `duckdbTypeFor`). */
  readonly type: string;
  readonly nullable: boolean;
  /** `goe:<canonical type>` for intervals. */
  readonly comment?: string;
}

/**
 * How one column goes from the staged view into the final table.
 *
 * @example
 * columnLoad(col, 'VARCHAR', 'INTERVAL', allow) // { name: 'I', expr: 'goe_interval_ds("I")', check: '…' }
 */
export interface ColumnLoad {
  readonly name: string;
  /** Expression over the staged column producing the final value. */
  readonly expr: string;
  /** Boolean SQL, true for a staged value the final load would lose or reject; absent when none can be. */
  readonly check?: string;
}

/**
 * A `--transform-column` transformation over a column's load expression (`expr`, of DuckDB type `finalType`):
 * `null` → `CAST(NULL AS <type>)`, `regexp_replace(expr, '<pattern>', '<replacement>', 'g')` (every match),
 * `translate(expr, '<from>', '<to>')`; parameters are string literals quoted by {@link quoteString}, never raw text.
 * `suppress` has no expression (the load omits the column); `encrypt`/`tokenize` are not DuckDB transformations.
 *
 * @throws GoeError `OPTION_INVALID` for a function DuckDB does not apply.
 * @example
 * columnTransform({ column: 'E', fn: 'translate', params: ['ab', "x'"] }, '"E"', 'VARCHAR') // `translate("E", 'ab', 'x''')`
 */
function columnTransform(transform: ColumnTransform, expr: string, finalType: string): string {
  const [a = '', b = ''] = transform.params;
  switch (transform.fn) {
    case 'null':
      return `CAST(NULL AS ${finalType})`;
    case 'regexp_replace':
      return `regexp_replace(${expr}, ${quoteString(a)}, ${quoteString(b)}, 'g')`;
    case 'translate':
      return `translate(${expr}, ${quoteString(a)}, ${quoteString(b)})`;
    default:
      throw new GoeError(
        'OPTION_INVALID',
        `--transform-column ${transform.column}:${transform.fn} is not supported by the DuckDB backend (it supports: ${DUCKDB_TRANSFORMATIONS.join(', ')})`,
        { variable: '--transform-column', column: transform.column },
      );
  }
}

/** The `--transform-column` functions the DuckDB final load applies. @example DUCKDB_TRANSFORMATIONS.includes('null') // true */
export const DUCKDB_TRANSFORMATIONS: readonly string[] = Object.freeze([
  'null',
  'suppress',
  'regexp_replace',
  'translate',
]);

/** `CREATE SCHEMA IF NOT EXISTS "catalog"."db"`. */
function createSchema(schema: DuckdbSchema): string {
  return `CREATE SCHEMA IF NOT EXISTS ${schemaRef(schema)}`;
}

/** `SELECT count(*)` of schemas named `database` (case-insensitively, as DuckDB resolves names). */
function schemaExists(): string {
  return 'SELECT count(*) FROM information_schema.schemata WHERE catalog_name = current_database() AND lower(schema_name) = lower($1)';
}

/** `SELECT count(*)` of tables named `$2` in schema `$1`. */
function tableExists(): string {
  return "SELECT count(*) FROM information_schema.tables WHERE table_catalog = current_database() AND lower(table_schema) = lower($1) AND lower(table_name) = lower($2) AND table_type = 'BASE TABLE'";
}

/** Columns of table `$2` in schema `$1`: name, type, nullable, comment, in order. */
function describeColumns(): string {
  return 'SELECT column_name, data_type, is_nullable, comment FROM duckdb_columns() WHERE database_name = current_database() AND lower(schema_name) = lower($1) AND lower(table_name) = lower($2) ORDER BY column_index';
}

/** The final table DDL plus one `COMMENT ON COLUMN` per interval column. */
function createTable(schema: DuckdbSchema, table: string, columns: readonly DuckdbColumnDef[]): string[] {
  const cols = columns.map((c) => `  ${quoteIdent(c.name)} ${c.type}${c.nullable ? '' : ' NOT NULL'}`);
  const out = [`CREATE TABLE ${tableRef(schema, table)} (\n${cols.join(',\n')}\n)`];
  for (const c of columns) {
    if (c.comment !== undefined)
      out.push(`COMMENT ON COLUMN ${tableRef(schema, table)}.${quoteIdent(c.name)} IS ${quoteString(c.comment)}`);
  }
  return out;
}

/** `DROP TABLE IF EXISTS`. */
function dropTable(schema: DuckdbSchema, table: string): string {
  return `DROP TABLE IF EXISTS ${tableRef(schema, table)}`;
}

/** The staging view of one chunk over its Parquet files, with the plan's columns in order. */
function createLoadView(
  schema: DuckdbSchema,
  view: string,
  columns: readonly string[],
  paths: readonly string[],
): string {
  return `CREATE OR REPLACE VIEW ${tableRef(schema, view)} AS\nSELECT ${columns.map(quoteIdent).join(', ')}\nFROM read_parquet(${pathList(paths)})`;
}

/** The staging view of a chunk without files: no rows, the staged types. */
function createEmptyLoadView(
  schema: DuckdbSchema,
  view: string,
  columns: readonly { name: string; type: string }[],
): string {
  return `CREATE OR REPLACE VIEW ${tableRef(schema, view)} AS\nSELECT ${columns.map((c) => `CAST(NULL AS ${c.type}) AS ${quoteIdent(c.name)}`).join(', ')}\nLIMIT 0`;
}

/** The staged view's column names and types (`DESCRIBE`). */
function describeView(schema: DuckdbSchema, view: string): string {
  return `DESCRIBE ${tableRef(schema, view)}`;
}

/** `DROP VIEW IF EXISTS`. */
function dropView(schema: DuckdbSchema, view: string): string {
  return `DROP VIEW IF EXISTS ${tableRef(schema, view)}`;
}

/** Rows per staged file, and NULLs per NOT NULL column, in one pass over the files. */
function stagedCounts(paths: readonly string[], notNull: readonly string[]): string {
  const nulls = notNull.map((c, i) => `,\n  count(*) FILTER (WHERE ${quoteIdent(c)} IS NULL) AS nulls_${i}`).join('');
  return `SELECT goe_staged_file, count(*) AS staged_rows${nulls}\nFROM read_parquet(${pathList(paths)}, filename = 'goe_staged_file')\nGROUP BY goe_staged_file\nORDER BY goe_staged_file`;
}

/** Counts, per checked column, the staged values the final load would lose or reject. */
function castFailures(schema: DuckdbSchema, view: string, loads: readonly ColumnLoad[]): string {
  const checked = loads.filter((l) => l.check !== undefined);
  const cols = checked.map((l, i) => `  count(*) FILTER (WHERE ${l.check}) AS failures_${i}`);
  return `SELECT\n${cols.join(',\n')}\nFROM ${tableRef(schema, view)}`;
}

/** GOE's suggested query showing up to 50 staged rows that fail a cast. */
function castFailureSample(schema: DuckdbSchema, view: string, loads: readonly ColumnLoad[]): string {
  const checked = loads.filter((l) => l.check !== undefined);
  const where = checked.map((l) => `(${l.check})`).join('\n   OR ');
  return `SELECT ${checked.map((l) => quoteIdent(l.name)).join(', ')}\nFROM ${tableRef(schema, view)}\nWHERE ${where}\nLIMIT 50`;
}

/** The typed INSERT … SELECT of one chunk into the final table. */
function insertFinal(schema: DuckdbSchema, table: string, view: string, loads: readonly ColumnLoad[]): string {
  const names = loads.map((l) => quoteIdent(l.name)).join(', ');
  const exprs = loads.map((l) => `  ${l.expr} AS ${quoteIdent(l.name)}`).join(',\n');
  return `INSERT INTO ${tableRef(schema, table)} (${names})\nSELECT\n${exprs}\nFROM ${tableRef(schema, view)}`;
}

/** `SELECT count(*)` of a table, optionally filtered. */
function count(schema: DuckdbSchema, table: string, where?: string): string {
  return `SELECT count(*) FROM ${tableRef(schema, table)}${where === undefined ? '' : `\nWHERE ${where}`}`;
}

function aggregateExpr(spec: AggregateSpec, column: CanonicalColumn): string {
  const c = quoteIdent(column.name);
  switch (spec.fn) {
    case 'count':
      return `CAST(count(${c}) AS VARCHAR)`;
    case 'count_distinct':
      return `CAST(count(DISTINCT ${c}) AS VARCHAR)`;
    case 'sum':
      return `CAST(sum(${c}) AS VARCHAR)`;
    case 'min':
    case 'max':
      return canonicalTextSql(column, `${spec.fn}(${c})`);
  }
}

/** Aggregates rendered as text (min/max in the canonical text form), one column per spec, keyed `fn(COLUMN)`. */
function aggregate(
  schema: DuckdbSchema,
  table: string,
  specs: readonly { spec: AggregateSpec; column: CanonicalColumn }[],
  where?: string,
): string {
  const cols = specs.map(({ spec, column }) => `  ${aggregateExpr(spec, column)} AS ${quoteIdent(aggregateKey(spec))}`);
  return `SELECT\n${cols.join(',\n')}\nFROM ${tableRef(schema, table)}${where === undefined ? '' : `\nWHERE ${where}`}`;
}

/** The largest value of a column, as canonical text. */
function maxValue(schema: DuckdbSchema, table: string, column: CanonicalColumn): string {
  return `SELECT ${canonicalTextSql(column, `max(${quoteIdent(column.name)})`)}\nFROM ${tableRef(schema, table)}`;
}

/**
 * Partition key tuples as canonical text (as `maxValue` renders them), in one statement: `max` the lexicographic
 * maximum tuple among rows with no NULL key component, `distinct` every distinct tuple.
 */
function keyValues(
  schema: DuckdbSchema,
  table: string,
  columns: readonly CanonicalColumn[],
  mode: 'max' | 'distinct',
): string {
  const select = columns.map((c) => canonicalTextSql(c, quoteIdent(c.name))).join(', ');
  if (mode === 'distinct') return `SELECT DISTINCT ${select}\nFROM ${tableRef(schema, table)}`;
  const notNull = columns.map((c) => `${quoteIdent(c.name)} IS NOT NULL`).join(' AND ');
  const order = columns.map((c) => `${quoteIdent(c.name)} DESC`).join(', ');
  return `SELECT ${select}\nFROM ${tableRef(schema, table)}\nWHERE ${notNull}\nORDER BY ${order}\nLIMIT 1`;
}

/** Every column of a table as canonical text, ordered by the first column (verification and tests). */
function selectCanonicalText(
  schema: DuckdbSchema,
  table: string,
  columns: readonly CanonicalColumn[],
  orderBy: string,
): string {
  const cols = columns.map((c) => `  ${canonicalTextSql(c, quoteIdent(c.name))} AS ${quoteIdent(c.name)}`);
  return `SELECT\n${cols.join(',\n')}\nFROM ${tableRef(schema, table)}\nORDER BY ${quoteIdent(orderBy)}`;
}

/** Statements run once per connection (time zone, interval macros). */
function sessionSetup(): readonly string[] {
  return SESSION_SETUP;
}

/**
 * Every SQL builder of the DuckDB backend, in one list (the golden-file test covers each entry).
 *
 * @example
 * DUCKDB_SQL.createSchema('sh') // 'CREATE SCHEMA IF NOT EXISTS "sh"'
 */
export const DUCKDB_SQL = Object.freeze({
  sessionSetup,
  createSchema,
  schemaExists,
  tableExists,
  describeColumns,
  createTable,
  dropTable,
  createLoadView,
  createEmptyLoadView,
  describeView,
  dropView,
  stagedCounts,
  castFailures,
  castFailureSample,
  columnTransform,
  insertFinal,
  count,
  aggregate,
  maxValue,
  keyValues,
  selectCanonicalText,
});
