// Holds a DuckDB database file open for argv[3] milliseconds, like another offload would: as a writer, or with
// argv[4] = 'READ_ONLY' as a reader (another process querying the warehouse). Never installs or loads extensions.
import { setTimeout } from 'node:timers';
import { DuckDBInstance } from '@duckdb/node-api';

const [path, ms, mode] = process.argv.slice(2);
const readOnly = mode === 'READ_ONLY';
const db = await DuckDBInstance.create(path, {
  autoinstall_known_extensions: 'false',
  autoload_known_extensions: 'false',
  ...(readOnly ? { access_mode: 'READ_ONLY' } : {}),
});
const conn = await db.connect();
if (!readOnly) await conn.run('CREATE TABLE IF NOT EXISTS held (x INTEGER)');
process.stdout.write('ready\n');
setTimeout(() => {
  conn.closeSync();
  db.closeSync();
  process.exit(0);
}, Number(ms));
