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

/** An aggregate the verification asks for. */
export interface AggregateDef {
  readonly column: string;
  readonly fn: 'count' | 'count_distinct' | 'min' | 'max' | 'sum';
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
  return `CAST(${expr} AS STRING) AS \`a${i}\``;
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
  maxValue: (ds: DatasetRef, table: string, column: string) =>
    `SELECT CAST(MAX(${quoteIdent(column)}) AS STRING) AS \`v\` FROM ${tableRef(ds, table)}`,
  /** Deletes a scope before a chunk is loaded again (the load is not atomic with the repository). */
  deleteScope: (ds: DatasetRef, table: string, predicate: string) =>
    `DELETE FROM ${tableRef(ds, table)} WHERE ${predicate === '' ? 'TRUE' : predicate}`,
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
