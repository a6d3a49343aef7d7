/**
 * The extract loop of one slice: `SELECT <exact wire forms> FROM t [PARTITION (p)] AS OF SCN :scn [WHERE …]` fetched
 * by node-oracledb in arrays of `batchRows` rows (one round trip each), every array written into one Arrow batch of
 * the table's canonical schema. Memory is bounded by one fetched array and its batch.
 */
import { GoeError, type SourceTable } from '@goe/core';
import oracledb from 'oracledb';
import type { RecordBatch } from 'apache-arrow';
import type { OracleBinds } from '../connection.js';
import { ORACLE_SQL, type ReadOptions } from '../sql.js';
import { extractProjection, oracleBatch } from './columns.js';

/**
 * node-oracledb's fetch type handler for extraction: NUMBER (and FLOAT, a NUMBER) as strings — the driver's NUMBER
 * decoder writes every digit — and CLOB/NCLOB as strings, BLOB as bytes (LOBs read in line, no LOB locators). Every
 * other type as the driver reads it (DATE and TIMESTAMP never reach it: the SELECT turns them into text).
 *
 * @example
 * extractFetchTypeHandler({ name: 'AMOUNT', dbType: oracledb.DB_TYPE_NUMBER }) // { type: oracledb.STRING }
 */
export function extractFetchTypeHandler(metadata: oracledb.Metadata<unknown>): oracledb.FetchTypeResponse | undefined {
  const t = metadata.dbType;
  if (t === oracledb.DB_TYPE_NUMBER || t === oracledb.DB_TYPE_CLOB || t === oracledb.DB_TYPE_NCLOB) {
    return { type: oracledb.STRING };
  }
  if (t === oracledb.DB_TYPE_BLOB) return { type: oracledb.BUFFER };
  return undefined;
}

/** What the extract loop needs of a session: a query fetched in arrays. */
export interface RowSource {
  /** The rows of a query in arrays of up to `fetchArraySize` rows, with {@link extractFetchTypeHandler}. */
  fetchRows(sql: string, binds: OracleBinds, fetchArraySize: number, signal?: AbortSignal): AsyncIterable<unknown[][]>;
}

/** How one slice is read. */
export interface SliceRead extends ReadOptions {
  /** Binds of the slice: `scn` when `asOfScn`, the predicate's `bind_n`, ROWID range bounds… */
  readonly binds?: OracleBinds;
}

/**
 * The batches of one slice of `table`, `batchRows` rows at most each.
 *
 * @throws GoeError `VALIDATION_MISMATCH` naming the column of a value that does not fit it; driver errors mapped
 * @example
 * for await (const batch of extractSlice(session, table, { asOfScn: true, binds: { scn: '123' } }, 10_000)) …
 */
export async function* extractSlice(
  source: RowSource,
  table: SourceTable,
  read: SliceRead,
  batchRows: number,
  signal?: AbortSignal,
): AsyncIterable<RecordBatch> {
  if (!Number.isInteger(batchRows) || batchRows < 1) {
    throw new GoeError('OPTION_INVALID', `Invalid fetch size: ${batchRows}`, { hint: 'Give a positive integer' });
  }
  const sql = ORACLE_SQL.extract({ owner: table.owner, table: table.name }, table.columns.map(extractProjection), read);
  const canonical = table.columns.map((c) => c.canonical);
  for await (const rows of source.fetchRows(sql, read.binds ?? {}, batchRows, signal)) {
    if (rows.length > 0) yield oracleBatch(canonical, rows);
  }
}
