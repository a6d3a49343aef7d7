/**
 * The extract loop of one slice: `SELECT <exact wire forms> FROM t [PARTITION (p)] AS OF SCN :scn [WHERE …]` fetched
 * by node-oracledb in arrays of `batchRows` rows (one round trip each), every array written into one Arrow batch of
 * the table's canonical schema. Memory is bounded by one fetched array and its batch; LOBs longer than a few
 * thousand bytes are read through locators one at a time and cut batches by bytes (`lobs.ts`).
 */
import { GoeError, type SourceTable } from '@goe/core';
import oracledb from 'oracledb';
import type { RecordBatch } from 'apache-arrow';
import type { OracleBinds } from '../connection.js';
import { ORACLE_SQL, type ReadOptions } from '../sql.js';
import { oracleBatch } from './columns.js';
import { extractSelect, lobBatches, LOB_BATCH_BYTES } from './lobs.js';

/**
 * node-oracledb's fetch type handler for extraction: NUMBER (and FLOAT, a NUMBER) as strings — the driver's NUMBER
 * decoder writes every digit. Every other type as the driver reads it: LOB columns as locators (the select list
 * reads short values in line, `lobs.ts`), DATE and TIMESTAMP never (the SELECT turns them into text).
 *
 * @example
 * extractFetchTypeHandler({ name: 'AMOUNT', dbType: oracledb.DB_TYPE_NUMBER }) // { type: oracledb.STRING }
 */
export function extractFetchTypeHandler(metadata: oracledb.Metadata<unknown>): oracledb.FetchTypeResponse | undefined {
  return metadata.dbType === oracledb.DB_TYPE_NUMBER ? { type: oracledb.STRING } : undefined;
}

/** What the extract loop needs of a session: a query fetched in arrays, and LOB locators read. */
export interface RowSource {
  /** The rows of a query in arrays of up to `fetchArraySize` rows, with {@link extractFetchTypeHandler}. */
  fetchRows(sql: string, binds: OracleBinds, fetchArraySize: number, signal?: AbortSignal): AsyncIterable<unknown[][]>;
  /**
   * A fetched LOB locator read whole — text for CLOB/NCLOB, bytes for BLOB — then released; driver errors mapped.
   * Needed only for tables with LOB columns.
   */
  readLob?(locator: unknown): Promise<string | Buffer>;
}

/** How one slice is read. */
export interface SliceRead extends ReadOptions {
  /** Binds of the slice: `scn` when `asOfScn`, the predicate's `bind_n`, ROWID range bounds… */
  readonly binds?: OracleBinds;
  /** Characters or bytes of LOB values read through locators after which a batch is cut; default `LOB_BATCH_BYTES`. */
  readonly lobBatchBytes?: number;
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
  const select = extractSelect(table.columns);
  const sql = ORACLE_SQL.extract({ owner: table.owner, table: table.name }, select.projections, read);
  const canonical = table.columns.map((c) => c.canonical);
  const readLob = select.lobs.length > 0 ? lobReader(source) : undefined;
  for await (const rows of source.fetchRows(sql, read.binds ?? {}, batchRows, signal)) {
    if (rows.length === 0) continue;
    if (readLob === undefined) yield oracleBatch(canonical, rows);
    else yield* lobBatches(canonical, rows, select.lobs, readLob, read.lobBatchBytes ?? LOB_BATCH_BYTES, signal);
  }
}

function lobReader(source: RowSource): (locator: unknown) => Promise<string | Buffer> {
  const read = source.readLob?.bind(source);
  if (read === undefined) {
    throw new GoeError('INTERNAL', 'This row source reads no LOB locators', {
      hint: 'Give the row source a readLob method',
    });
  }
  return read;
}
