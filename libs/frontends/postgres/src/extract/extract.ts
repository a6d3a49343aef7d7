/**
 * Extraction of one slice: a connection of its own, a REPEATABLE READ transaction (importing the shared
 * snapshot), then per source `COPY (SELECT …) TO STDOUT (FORMAT binary)` decoded into Arrow record batches.
 * The generator pulls from the stream only as fast as its consumer pulls batches (backpressure).
 */
import { GoeError, type EventSink, type ExtractOptions, type Slice, type SourceTable } from '@goe/core';
import type { RecordBatch } from 'apache-arrow';
import type { PostgresValueOptions } from '../config.js';
import type { PgConnector } from '../connection.js';
import type { PgTableInfo } from '../introspect.js';
import { sliceSources } from '../slices.js';
import { beginRead, endRead } from '../snapshot.js';
import { selectSql } from '../sql.js';
import { CopyBinaryDecoder } from './copy-binary.js';
import { extractionColumns } from './columns.js';

/**
 * Default rows per batch.
 *
 * @example
 * session.extract(table, slice, { batchRows: DEFAULT_BATCH_ROWS })
 */
export const DEFAULT_BATCH_ROWS = 65_536;
/**
 * Default bytes per batch.
 *
 * @example
 * session.extract(table, slice, { batchBytes: DEFAULT_BATCH_BYTES })
 */
export const DEFAULT_BATCH_BYTES = 16 * 1024 * 1024;
/**
 * Most heap pages one `COPY` reads on PGlite (8 MB of table): PGlite materializes a COPY's whole output before
 * its first byte streams, so a partition or table is read as page ranges of this size to bound that (the demo's
 * 1M-row offload: 483 MB → see the README of @goe/cli); PostgreSQL servers stream, and read one COPY per unit.
 *
 * @example
 * sliceSources(table, info, slice, { maxPages: PGLITE_COPY_PAGES })
 */
export const PGLITE_COPY_PAGES = 1024;

/** What {@link extractSlice} needs. */
export interface ExtractSliceInput {
  readonly connector: PgConnector;
  readonly table: SourceTable;
  readonly info: PgTableInfo;
  readonly slice: Slice;
  readonly options: ExtractOptions;
  readonly values: PostgresValueOptions;
  readonly events?: EventSink;
}

/**
 * Streams one slice as record batches whose schema is exactly `arrowSchemaFor(table canonical columns)`.
 *
 * @throws GoeError `ENGINE_ERROR` (SQL errors, corrupted stream), `TYPE_LOSSY_CONVERSION` (a value the
 *   target cannot hold, column named), `ABORTED`
 * @example
 * for await (const batch of extractSlice({ connector, table, info, slice, options: { batchRows: 10_000 }, values })) write(batch);
 */
export async function* extractSlice(input: ExtractSliceInput): AsyncGenerator<RecordBatch> {
  const { options, slice } = input;
  const limits = {
    batchRows: Math.max(1, options.batchRows ?? DEFAULT_BATCH_ROWS),
    batchBytes: Math.max(1, options.batchBytes ?? DEFAULT_BATCH_BYTES),
  };
  const columns = extractionColumns(input.table.columns, input.values);
  const sources = sliceSources(
    input.table,
    input.info,
    slice,
    input.connector.engine === 'pglite' ? { maxPages: PGLITE_COPY_PAGES } : {},
  );
  const signal = options.signal;
  const checkAbort = () => {
    if (signal?.aborted) throw new GoeError('ABORTED', 'Extraction cancelled', { cause: signal.reason });
  };
  checkAbort();
  const conn = await input.connector.open();
  let rows = 0;
  let bytes = 0;
  try {
    await beginRead(conn, options.snapshot);
    for (const source of sources) {
      const decoder = new CopyBinaryDecoder(columns.schema, columns.decoders(), limits);
      const select = selectSql(columns.projections, source.from, source.where);
      for await (const chunk of conn.copyOut(select, signal)) {
        decoder.push(chunk);
        for (const batch of decoder.take()) {
          checkAbort();
          rows += batch.numRows;
          input.events?.emit({ type: 'progress', slice: slice.id, rows, bytes: bytes + decoder.totalBytes });
          yield batch;
        }
      }
      decoder.end();
      bytes += decoder.totalBytes;
      for (const batch of decoder.take()) {
        checkAbort();
        rows += batch.numRows;
        input.events?.emit({ type: 'progress', slice: slice.id, rows, bytes });
        yield batch;
      }
    }
    await endRead(conn);
  } finally {
    await conn.close();
  }
}
