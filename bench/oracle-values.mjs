#!/usr/bin/env node
/**
 * The Oracle frontend's value writer, alone: fetched rows → Arrow batches (`oracleBatch`), on the reference table's
 * shape (performance.md: 11 columns) in the form node-oracledb hands them over with GOE's fetch type handler —
 * NUMBER as decimal text, DATE/TIMESTAMP as the server's TO_CHAR text, BINARY_DOUBLE as numbers, strings, booleans —
 * with NULLs in every nullable column. No server and no driver: the cost of our decoding per row, to compare with the
 * PostgreSQL frontend's COPY-binary decoder (0.38 M rows/s on the reference machine, performance.md). A benchmark
 * script, not a test; needs `nx run @goe/frontend-oracle:build`.
 *
 *   node bench/oracle-values.mjs [--rows 1000000] [--batch 5000] [--runs 3]
 */
import { canonicalColumn } from '@goe/core';
import { oracleBatch } from '@goe/frontend-oracle';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const ROWS = arg('rows', 1_000_000);
const BATCH = arg('batch', 5000);
const RUNS = arg('runs', 3);

const columns = [
  canonicalColumn({ name: 'ID', dataType: 'INTEGER_8', precision: 18, nullable: false }),
  canonicalColumn({ name: 'QTY', dataType: 'INTEGER_4', precision: 9 }),
  canonicalColumn({ name: 'AMOUNT', dataType: 'DECIMAL', precision: 12, scale: 2 }),
  canonicalColumn({ name: 'BIG', dataType: 'DECIMAL', precision: 38, scale: 10 }),
  canonicalColumn({ name: 'RATIO', dataType: 'DOUBLE' }),
  canonicalColumn({ name: 'CODE', dataType: 'VARIABLE_STRING', charLength: 30 }),
  canonicalColumn({ name: 'NOTE', dataType: 'VARIABLE_STRING', charLength: 4000 }),
  canonicalColumn({ name: 'SALE_DATE', dataType: 'TIMESTAMP', scale: 0 }),
  canonicalColumn({ name: 'CREATED', dataType: 'TIMESTAMP', scale: 6 }),
  canonicalColumn({ name: 'UPDATED', dataType: 'TIMESTAMP_TZ', scale: 6 }),
  canonicalColumn({ name: 'FLAG', dataType: 'BOOLEAN' }),
];

const pad = (n, w = 2) => String(n).padStart(w, '0');
/** One fetched array of `BATCH` rows starting at `start`, as the driver hands them over. */
function fetched(start) {
  const rows = [];
  for (let i = start; i < start + BATCH; i++) {
    const nul = i % 17 === 0;
    const day = `2024-${pad(1 + (i % 12))}-${pad(1 + (i % 28))}`;
    rows.push([
      String(i),
      nul ? null : String(i % 1000),
      nul ? null : `${i % 100000}.${pad(i % 100)}`,
      nul ? null : `${i}.${String(i % 10_000_000_000).padStart(10, '0')}`,
      nul ? null : (i % 1000) / 7,
      nul ? null : `CODE-${i % 5000}`,
      nul ? null : `note ${i} lorem ipsum dolor sit amet, consectetur`,
      nul ? null : ` ${day} 00:00:00`,
      nul ? null : ` ${day} ${pad(i % 24)}:${pad(i % 60)}:${pad(i % 60)}.${pad(i % 1000000, 6)}000`,
      nul ? null : ` ${day} ${pad(i % 24)}:00:00.123456000`,
      nul ? null : i % 2 === 0,
    ]);
  }
  return rows;
}

// build up to 20 fetched arrays once (the driver's work; a large heap of them would tax the GC we measure), then time
// only our writer, cycling through them
const arrays = [];
for (let start = 0; start < Math.min(ROWS, 20 * BATCH); start += BATCH) arrays.push(fetched(start));
const times = [];
for (let run = 0; run < RUNS; run++) {
  const t0 = process.hrtime.bigint();
  let n = 0;
  for (let b = 0; n < ROWS; b++) n += oracleBatch(columns, arrays[b % arrays.length]).numRows;
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (n !== ROWS) throw new Error(`wrote ${n} rows, expected ${ROWS}`);
  times.push(seconds);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
const result = {
  rows: ROWS,
  batch: BATCH,
  runs: times.map((t) => Number(t.toFixed(3))),
  medianSeconds: Number(median.toFixed(3)),
  rowsPerSecond: Math.round(ROWS / median),
  ratioToPgCopyDecoder: Number((ROWS / median / 380_000).toFixed(2)),
  heapMiB: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
};
console.log(JSON.stringify(result));
