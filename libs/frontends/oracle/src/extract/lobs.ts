/**
 * LOB columns of an extraction, streamed without holding a fetched array's LOBs at once: each CLOB, NCLOB or BLOB is
 * selected twice. Values of up to {@link LOB_INLINE_LIMIT} characters (bytes for BLOB) arrive in line in the fetched
 * row as `DBMS_LOB.SUBSTR` text or RAW — no locator, no extra round trip, which is what most LOB columns hold. Longer
 * values, and empty LOBs (`EMPTY_CLOB()` is not NULL, and `DBMS_LOB.SUBSTR` of it is), arrive as LOB locators
 * (appended after the table's columns); each is read whole by its own round trip when its row is written, then
 * released. The batches of a fetched array are cut whenever the values read through locators reach a byte budget
 * ({@link LOB_BATCH_BYTES}), so memory is bounded by the budget plus the largest single LOB — never by the fetch size
 * times the LOB size.
 */
import type { CanonicalColumn, SourceColumn } from '@goe/core';
import type { RecordBatch } from 'apache-arrow';
import { quoteIdent } from '../sql.js';
import { oracleBaseType } from '../type-map.js';
import { extractProjection, oracleBatch } from './columns.js';

/**
 * The longest LOB value read in line, per LOB type: characters for CLOB/NCLOB (1,000 characters are at most 4,000
 * bytes of `VARCHAR2` in AL32UTF8 and of `NVARCHAR2` in AL16UTF16, the SQL limits without `MAX_STRING_SIZE=EXTENDED`),
 * bytes for BLOB (the 2,000-byte SQL `RAW` limit). Longer values go by locator.
 */
export const LOB_INLINE_LIMIT: Readonly<Record<'CLOB' | 'NCLOB' | 'BLOB', number>> = {
  CLOB: 1000,
  NCLOB: 1000,
  BLOB: 2000,
};

/**
 * Characters or bytes of LOB values read through locators after which a batch is cut (default 32 MiB): a bound on
 * the LOB data held at once, besides the largest single value.
 */
export const LOB_BATCH_BYTES = 32 * 1024 * 1024;

/** A LOB column of the select list: its column's position and the position of its locator. */
export interface LobSlot {
  /** Position of the column (its in-line value) in the fetched row and in the table. */
  readonly column: number;
  /** Position of its locator, after the table's columns. */
  readonly locator: number;
}

/** The select list of an extraction: every column in its wire form, then one locator per LOB column. */
export interface ExtractSelect {
  readonly projections: readonly string[];
  readonly lobs: readonly LobSlot[];
}

function lobType(dataType: string): 'CLOB' | 'NCLOB' | 'BLOB' | undefined {
  const base = oracleBaseType(dataType);
  return base === 'CLOB' || base === 'NCLOB' || base === 'BLOB' ? base : undefined;
}

/**
 * The select list of an extraction: {@link extractProjection} for every column, except LOB columns, whose in-line
 * form is `CASE WHEN DBMS_LOB.GETLENGTH(c) BETWEEN 1 AND n THEN DBMS_LOB.SUBSTR(c, n, 1) END` and whose locator
 * (`CASE WHEN DBMS_LOB.GETLENGTH(c) = 0 OR DBMS_LOB.GETLENGTH(c) > n THEN c END`) is appended after the columns.
 *
 * @example
 * extractSelect([{ name: 'ID', dataType: 'NUMBER' }, { name: 'DOC', dataType: 'CLOB' }]).lobs // [{ column: 1, locator: 2 }]
 */
export function extractSelect(columns: readonly Pick<SourceColumn, 'name' | 'dataType'>[]): ExtractSelect {
  const projections = columns.map(extractProjection);
  const lobs: LobSlot[] = [];
  columns.forEach((column, i) => {
    const type = lobType(column.dataType);
    if (type === undefined) return;
    const c = quoteIdent(column.name);
    const n = LOB_INLINE_LIMIT[type];
    const length = `DBMS_LOB.GETLENGTH(${c})`;
    projections[i] = `CASE WHEN ${length} BETWEEN 1 AND ${n} THEN DBMS_LOB.SUBSTR(${c}, ${n}, 1) END AS ${c}`;
    lobs.push({ column: i, locator: projections.length });
    projections.push(`CASE WHEN ${length} = 0 OR ${length} > ${n} THEN ${c} END`);
  });
  return { projections, lobs };
}

/** Reads a LOB locator whole (string for CLOB/NCLOB, bytes for BLOB) and releases it. */
export type LobReader = (locator: unknown) => Promise<string | Buffer>;

/**
 * The batches of one fetched array whose LOB columns are split as {@link extractSelect} does: each locator read (in
 * row order) into its column's slot, a batch cut whenever the values read reach `budget` characters or bytes.
 *
 * @example
 * for await (const batch of lobBatches(columns, rows, select.lobs, readLob)) …
 */
export async function* lobBatches(
  columns: readonly CanonicalColumn[],
  rows: unknown[][],
  lobs: readonly LobSlot[],
  read: LobReader,
  budget = LOB_BATCH_BYTES,
  signal?: AbortSignal,
): AsyncIterable<RecordBatch> {
  let start = 0;
  let held = 0;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    for (const slot of lobs) {
      const locator = row[slot.locator];
      if (locator === null || locator === undefined) continue;
      signal?.throwIfAborted();
      const value = await read(locator);
      row[slot.column] = value;
      row[slot.locator] = null;
      held += value.length;
    }
    if (held >= budget) {
      yield oracleBatch(columns, rows.slice(start, r + 1));
      rows.fill([], start, r + 1); // the values written are released with their batch
      start = r + 1;
      held = 0;
    }
  }
  if (start < rows.length) yield oracleBatch(columns, start === 0 ? rows : rows.slice(start));
}
