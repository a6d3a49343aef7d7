// Writes the small typed Parquet file the warehouse smoke tests load (id, amount DECIMAL(12,2), d DATE,
// ts TIMESTAMP(µs, UTC-adjusted), name STRING), including a row of NULLs.
import fs from 'node:fs';
import { ByteWriter, parquetWrite } from 'hyparquet-writer';

export const ROWS = [
  { id: 1, amount: 12.5, d: new Date('2026-01-31T00:00:00Z'), ts: new Date('2026-01-31T12:34:56.789Z'), name: 'alpha' },
  { id: 2, amount: -0.01, d: new Date('1999-12-31T00:00:00Z'), ts: new Date('1999-12-31T23:59:59.000Z'), name: 'beta' },
  { id: 3, amount: null, d: null, ts: null, name: null },
];

export function writeParquet(file: string): string {
  const writer = new ByteWriter();
  parquetWrite({
    writer,
    columnData: [
      { name: 'id', data: ROWS.map((r) => BigInt(r.id)) },
      { name: 'amount', data: ROWS.map((r) => r.amount) },
      { name: 'd', data: ROWS.map((r) => r.d) },
      { name: 'ts', data: ROWS.map((r) => (r.ts ? BigInt(r.ts.getTime()) * 1000n : null)) },
      { name: 'name', data: ROWS.map((r) => r.name) },
    ],
    schema: [
      { name: 'root', num_children: 5 },
      { name: 'id', type: 'INT64', repetition_type: 'REQUIRED' },
      { name: 'amount', type: 'INT64', converted_type: 'DECIMAL', scale: 2, precision: 12, repetition_type: 'OPTIONAL' },
      { name: 'd', type: 'INT32', converted_type: 'DATE', repetition_type: 'OPTIONAL' },
      // microseconds: bigquery-emulator 0.8.1 reads a TIMESTAMP_MILLIS column as if it held micros
      // (2026-01-31T12:34:56.789Z came back as 1970-01-21T11:37:42.896Z)
      { name: 'ts', type: 'INT64', converted_type: 'TIMESTAMP_MICROS', repetition_type: 'OPTIONAL' },
      { name: 'name', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
    ],
  });
  fs.writeFileSync(file, Buffer.from(writer.getBuffer()));
  return file;
}
