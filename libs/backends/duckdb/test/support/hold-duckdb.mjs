// Holds a DuckDB database file open (as a writer) for argv[3] milliseconds, like another offload would.
import { setTimeout } from 'node:timers';
import { DuckDBInstance } from '@duckdb/node-api';

const [path, ms] = process.argv.slice(2);
const db = await DuckDBInstance.create(path);
const conn = await db.connect();
await conn.run('CREATE TABLE IF NOT EXISTS held (x INTEGER)');
process.stdout.write('ready\n');
setTimeout(() => {
  conn.closeSync();
  db.closeSync();
  process.exit(0);
}, Number(ms));
