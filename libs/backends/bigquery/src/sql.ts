/**
 * Every BigQuery statement the backend renders, registered in {@link BIGQUERY_SQL}; each builder has a golden file
 * `test/golden/<name>.sql` citing its reference rule and parsed by sqlglot's bigquery dialect
 * (tools/test-support/golden-sql.ts). Identifiers are quoted with backticks, one pair per path part (names with a
 * backtick are refused); values go in
 * named query parameters (`@p0`), except in DDL, which takes none: there literals are rendered by
 * {@link quoteString}.
 */
import { GoeError } from '@goe/core';

/** A dataset: its project and name. */
export interface DatasetRef {
  readonly project: string;
  readonly dataset: string;
}

/** One column of a CREATE TABLE: name, BigQuery type, nullability, optional description. */
export interface ColumnDef {
  readonly name: string;
  readonly type: string;
  readonly nullable: boolean;
  readonly description?: string;
}

/** Table partitioning as DDL renders it (reference §5.4, §7.2). */
export type PartitionDef =
  | {
      readonly kind: 'time';
      readonly column: string;
      readonly columnType: 'DATE' | 'DATETIME' | 'TIMESTAMP';
      readonly granularity: 'DAY' | 'MONTH' | 'YEAR';
    }
  | {
      readonly kind: 'range';
      readonly column: string;
      readonly start: bigint;
      readonly end: bigint;
      readonly interval: bigint;
    };

/** Options of a CREATE TABLE besides its columns. */
export interface TableOptions {
  readonly partition?: PartitionDef;
  /** CLUSTER BY columns, at most 4. */
  readonly cluster?: readonly string[];
  /** Customer-managed encryption key (GOOGLE_KMS_KEY_NAME's full resource name). */
  readonly kmsKeyName?: string;
  readonly description?: string;
}

/** An aggregate the verification asks for; `type` (the column's BigQuery type) picks the text form of min/max. */
export interface AggregateDef {
  readonly column: string;
  readonly fn: 'count' | 'count_distinct' | 'min' | 'max' | 'sum';
  readonly type?: string;
}

/**
 * A value as text, the same on BigQuery and bigquery-emulator: datetimes with a space separator and six fractional
 * digits (`CAST` gives a `T` on the emulator), timestamps in UTC with `+00`, everything else `CAST(… AS STRING)`.
 * Years below 1000 come without leading zeros (`FORMAT_*('%Y')`); readers pad them ({@link padYear}).
 *
 * @example
 * textOf('`CREATED`', 'DATETIME') // "FORMAT_DATETIME('%Y-%m-%d %H:%M:%E6S', `CREATED`)"
 */
export function textOf(expr: string, type: string | undefined): string {
  switch ((type ?? '').toUpperCase()) {
    case 'DATETIME':
      return `FORMAT_DATETIME('%Y-%m-%d %H:%M:%E6S', ${expr})`;
    case 'TIMESTAMP':
      return `FORMAT_TIMESTAMP('%Y-%m-%d %H:%M:%E6S+00', ${expr}, 'UTC')`;
    case 'DATE':
      return `FORMAT_DATE('%Y-%m-%d', ${expr})`;
    case 'TIME':
      return `FORMAT_TIME('%H:%M:%E6S', ${expr})`;
    case 'BYTES':
      return `TO_BASE64(${expr})`;
    default:
      return `CAST(${expr} AS STRING)`;
  }
}

/**
 * Pads the year of a date or datetime text to four digits (`FORMAT_DATE('%Y')` writes year 1 as `1`).
 *
 * @example
 * padYear('1-01-01 00:00:00.000000') // '0001-01-01 00:00:00.000000'
 */
export function padYear(text: string): string {
  const m = /^(\d{1,3})-/.exec(text);
  return m === null ? text : `${m[1]!.padStart(4, '0')}${text.slice(m[1]!.length)}`;
}

/** One column of the staged-rows check: its name and whether the final column is NOT NULL. */
export interface StagedCheckColumn {
  readonly name: string;
  readonly notNull: boolean;
}

/** One conversion the cast check counts failures of: the column and a condition true for a value it would lose. */
export interface CastCheckDef {
  readonly column: string;
  /** A boolean expression over the load column, true when the final cast would fail or lose the value. */
  readonly fails: string;
}

/**
 * Quotes one identifier (a project, dataset, table or column name) in backticks. Names with a backtick, a
 * backslash or a control character are refused: BigQuery names never need them (reference §6: GOE never escapes
 * inside quotes), and refusing them keeps every statement free of identifier escapes.
 *
 * @throws GoeError `OPTION_INVALID` naming the identifier
 * @example
 * quoteIdent('my-project') // '`my-project`'
 */
export function quoteIdent(name: string): string {
  // eslint-disable-next-line no-control-regex
  if (name === '' || /[`\\\u0000-\u001f]/.test(name)) {
    throw new GoeError('OPTION_INVALID', `Invalid BigQuery identifier ${JSON.stringify(name)}`, {
      hint: 'BigQuery names are non-empty and hold no backtick, backslash or control character; rename with --target-name',
    });
  }
  return `\`${name}\``;
}

/**
 * A string literal for DDL options (`'…'` with `\'` and `\\` escaped, newlines as `\n`).
 *
 * @example
 * quoteString("Offload dataset for GOE") // "'Offload dataset for GOE'"
 */
export function quoteString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;
}

/** `` `project`.`dataset` ``. @example datasetRef({ project: 'p', dataset: 'sh' }) // '`p`.`sh`' */
export function datasetRef(ds: DatasetRef): string {
  return `${quoteIdent(ds.project)}.${quoteIdent(ds.dataset)}`;
}

/** `` `project`.`dataset`.`table` ``. @example tableRef({ project: 'p', dataset: 'sh' }, 'sales') // '`p`.`sh`.`sales`' */
export function tableRef(ds: DatasetRef, table: string): string {
  return `${datasetRef(ds)}.${quoteIdent(table)}`;
}

function partitionClause(p: PartitionDef): string {
  if (p.kind === 'range') {
    return `PARTITION BY RANGE_BUCKET(${quoteIdent(p.column)}, GENERATE_ARRAY(${p.start}, ${p.end}, ${p.interval}))`;
  }
  if (p.columnType === 'DATE') return `PARTITION BY DATE_TRUNC(${quoteIdent(p.column)}, ${p.granularity})`;
  if (p.columnType === 'DATETIME') return `PARTITION BY DATETIME_TRUNC(${quoteIdent(p.column)}, ${p.granularity})`;
  return `PARTITION BY TIMESTAMP_TRUNC(${quoteIdent(p.column)}, ${p.granularity})`;
}

function aggregateExpr(a: AggregateDef, i: number): string {
  const c = quoteIdent(a.column);
  const expr =
    a.fn === 'count'
      ? `COUNT(${c})`
      : a.fn === 'count_distinct'
        ? `COUNT(DISTINCT ${c})`
        : a.fn === 'sum'
          ? `SUM(${c})`
          : a.fn === 'min'
            ? `MIN(${c})`
            : `MAX(${c})`;
  return `${a.fn === 'min' || a.fn === 'max' ? textOf(expr, a.type) : `CAST(${expr} AS STRING)`} AS \`a${i}\``;
}

const where = (predicate: string) => (predicate === '' ? '' : ` WHERE ${predicate}`);

/**
 * The BigQuery statement builders (pure functions of names and canonical-derived definitions).
 *
 * @example
 * BIGQUERY_SQL.count(ds, 'sales', '`ID` < @p0') // 'SELECT COUNT(*) AS `n` FROM `p`.`sh`.`sales` WHERE `ID` < @p0'
 */
export const BIGQUERY_SQL = {
  /** CREATE SCHEMA for the final or the load dataset (reference §7.2, `--create-backend-db`). */
  createSchema: (ds: DatasetRef, options: { readonly location?: string; readonly description: string }) =>
    `CREATE SCHEMA IF NOT EXISTS ${datasetRef(ds)} OPTIONS (${[
      `description = ${quoteString(options.description)}`,
      ...(options.location === undefined ? [] : [`location = ${quoteString(options.location)}`]),
    ].join(', ')})`,
  /**
   * The columns of one table from the dataset's INFORMATION_SCHEMA, in one statement (@table). Column
   * descriptions (the `goe:INTERVAL_*` markers) come with the table's schema from the tables API.
   */
  describeColumns: (ds: DatasetRef) =>
    `SELECT column_name, data_type, is_nullable\nFROM ${datasetRef(ds)}.INFORMATION_SCHEMA.COLUMNS\nWHERE table_name = @table\nORDER BY ordinal_position`,
  /** CREATE TABLE from canonical-derived columns (reference §7.2), for preview, `--ddl-file` and execution. */
  createTable: (ds: DatasetRef, table: string, columns: readonly ColumnDef[], options: TableOptions = {}) => {
    const cols = columns.map(
      (c) =>
        `  ${quoteIdent(c.name)} ${c.type}${c.nullable ? '' : ' NOT NULL'}${c.description === undefined ? '' : ` OPTIONS (description = ${quoteString(c.description)})`}`,
    );
    const opts = [
      ...(options.description === undefined ? [] : [`description = ${quoteString(options.description)}`]),
      ...(options.kmsKeyName === undefined ? [] : [`kms_key_name = ${quoteString(options.kmsKeyName)}`]),
    ];
    return [
      `CREATE TABLE ${tableRef(ds, table)} (\n${cols.join(',\n')}\n)`,
      ...(options.partition === undefined ? [] : [partitionClause(options.partition)]),
      ...(options.cluster === undefined || options.cluster.length === 0
        ? []
        : [`CLUSTER BY ${options.cluster.map(quoteIdent).join(', ')}`]),
      ...(opts.length === 0 ? [] : [`OPTIONS (${opts.join(', ')})`]),
    ].join('\n');
  },
  /** DROP TABLE IF EXISTS (reference §1.2 `--reset-backend-table`, §7.2). */
  dropTable: (ds: DatasetRef, table: string) => `DROP TABLE IF EXISTS ${tableRef(ds, table)}`,
  /** Row count of a table or a scope of it (reference §8.1). */
  count: (ds: DatasetRef, table: string, predicate: string) =>
    `SELECT COUNT(*) AS \`n\` FROM ${tableRef(ds, table)}${where(predicate)}`,
  /** Aggregates of the verification, as text, in one statement (reference §8.1, §1.4). */
  aggregate: (ds: DatasetRef, table: string, aggregates: readonly AggregateDef[], predicate: string) =>
    `SELECT ${aggregates.map(aggregateExpr).join(', ')}\nFROM ${tableRef(ds, table)}${where(predicate)}`,
  /** The largest value of a high-water-mark column, as text (reference §4.5). */
  maxValue: (ds: DatasetRef, table: string, column: string, type?: string) =>
    `SELECT ${textOf(`MAX(${quoteIdent(column)})`, type)} AS \`v\` FROM ${tableRef(ds, table)}`,
  /** Deletes a scope before a chunk is loaded again (the load is not atomic with the repository). */
  deleteScope: (ds: DatasetRef, table: string, predicate: string) =>
    `DELETE FROM ${tableRef(ds, table)} WHERE ${predicate === '' ? 'TRUE' : predicate}`,
  /**
   * The staged-rows check of a load table in one statement (reference §7.3 "validate staged"): its row count and, per
   * NOT NULL final column, the NULLs staged for it.
   */
  stagedCheck: (load: DatasetRef, loadTable: string, columns: readonly StagedCheckColumn[]) =>
    `SELECT ${[
      'CAST(COUNT(*) AS STRING) AS `n`',
      ...columns
        .filter((c) => c.notNull)
        .map((c, i) => `CAST(COUNTIF(${quoteIdent(c.name)} IS NULL) AS STRING) AS \`z${i}\``),
    ].join(', ')}\nFROM ${tableRef(load, loadTable)}`,
  /**
   * The cast check of a load table in one statement (reference §7.3, GOE's "Validate type conversions"): per
   * converted column, the values its final cast would fail on or lose.
   */
  castCheck: (load: DatasetRef, loadTable: string, checks: readonly CastCheckDef[]) =>
    `SELECT ${checks
      .map((c, i) => `CAST(COUNTIF(${quoteIdent(c.column)} IS NOT NULL AND (${c.fails})) AS STRING) AS \`c${i}\``)
      .join(',\n  ')}\nFROM ${tableRef(load, loadTable)}`,
  /**
   * Partition key values in one statement (reference §4.5, §5.3 appends): `max` the lexicographic maximum tuple
   * with no NULL component, `distinct` every tuple; values as text ({@link textOf}).
   */
  keyValues: (
    ds: DatasetRef,
    table: string,
    columns: readonly { readonly name: string; readonly type: string }[],
    mode: 'max' | 'distinct',
  ) => {
    const select = columns.map((c, i) => `${textOf(quoteIdent(c.name), c.type)} AS \`k${i}\``).join(', ');
    if (mode === 'distinct') return `SELECT DISTINCT ${select}\nFROM ${tableRef(ds, table)}`;
    return `SELECT ${select}\nFROM ${tableRef(ds, table)}\nWHERE ${columns
      .map((c) => `${quoteIdent(c.name)} IS NOT NULL`)
      .join(' AND ')}\nORDER BY ${columns.map((c) => `${quoteIdent(c.name)} DESC`).join(', ')}\nLIMIT 1`;
  },
  /**
   * A partition function called once on a typed NULL (reference §5.5: it exists, takes one parameter of the key's
   * type, returns INT64): BigQuery refuses a missing function or a wrong signature, and the result's type is the
   * function's return type. Reads no table.
   */
  partitionFunctionCheck: (path: readonly string[], type: string) =>
    `SELECT ${path.map(quoteIdent).join('.')}(CAST(NULL AS ${type})) AS \`v\``,
  /** The typed INSERT … SELECT from the load table (reference §7.2, §7.3), one cast expression per column. */
  insertFinal: (
    final: DatasetRef,
    load: DatasetRef,
    table: string,
    loadTable: string,
    columns: readonly { readonly name: string; readonly expr: string }[],
  ) =>
    `INSERT INTO ${tableRef(final, table)} (${columns.map((c) => quoteIdent(c.name)).join(', ')})\nSELECT\n${columns
      .map((c) => `  ${c.expr}`)
      .join(',\n')}\nFROM ${tableRef(load, loadTable)}`,
} as const;
