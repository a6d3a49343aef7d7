// Another process reading the warehouse: opens argv[2] READ_ONLY (no extension is installed or loaded), runs the
// query argv[3], prints {"ok":true,"rows":[…]} or {"ok":false,"error":"…"} on one line, and exits 0.
import { DuckDBInstance } from '@duckdb/node-api';

const [path, sql] = process.argv.slice(2);
let out;
try {
  const db = await DuckDBInstance.create(path, {
    access_mode: 'READ_ONLY',
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  });
  try {
    const conn = await db.connect();
    try {
      const reader = await conn.runAndReadAll(sql);
      out = { ok: true, rows: reader.getRowsJS().map((r) => r.map((v) => (typeof v === 'bigint' ? String(v) : v))) };
    } finally {
      conn.closeSync();
    }
  } finally {
    db.closeSync();
  }
} catch (e) {
  out = { ok: false, error: e instanceof Error ? e.message : String(e) };
}
process.stdout.write(`${JSON.stringify(out)}\n`);
