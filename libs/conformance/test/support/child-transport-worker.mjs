// The test transport's worker: a plain Node program that knows nothing of GOE. It receives slice sources over
// IPC, resolves the secret from its own environment, reads each slice with `pg` (snapshot setup, then the SQL),
// writes one Parquet file per slice (apache-arrow + parquet-wasm) into the staging directory, and reports the
// files and its module graph. After each slice it waits for the parent's "continue" (the between-slices hook).
import { register, createRequire } from 'node:module';
import { MessageChannel } from 'node:worker_threads';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const resolved = new Set();
const { port1, port2 } = new MessageChannel();
port1.on('message', (url) => resolved.add(url));
port1.unref();
register('./child-transport-hooks.mjs', { parentURL: import.meta.url, data: { port: port2 }, transferList: [port2] });

const { default: pg } = await import('pg');
const arrow = await import('apache-arrow');
const parquet = await import('parquet-wasm');
const require = createRequire(import.meta.url);

function secretValue(secret) {
  if (secret.resolve === 'env') {
    const v = process.env[secret.ref];
    if (v === undefined) throw new Error(`secret ${secret.ref} is not in the environment`);
    return v;
  }
  if (secret.resolve === 'file') return readFileSync(secret.ref, 'utf8').trim();
  throw new Error(`cannot resolve a secret by ${secret.resolve}`);
}

function clientConfig(source) {
  const c = source.connection;
  const config = { host: c.host, port: c.port, database: c.database, user: c.user };
  if (source.secret) {
    const value = secretValue(source.secret);
    config.password = source.secret.field === 'url' ? decodeURIComponent(new URL(value).password) : value;
  }
  return config;
}

function vectorFor(type, values) {
  if (type === 'INTEGER_8')
    return arrow.vectorFromArray(
      values.map((v) => (v === null ? null : BigInt(v))),
      new arrow.Int64(),
    );
  if (/^INTEGER_[124]$/.test(type))
    return arrow.vectorFromArray(
      values.map((v) => (v === null ? null : Number(v))),
      new arrow.Int32(),
    );
  return arrow.vectorFromArray(
    values.map((v) => (v === null ? null : String(v))),
    new arrow.Utf8(),
  );
}

async function readSlice(source) {
  const client = new pg.Client(clientConfig(source));
  client.setTypeParser?.(20, (v) => v); // int8 as text
  await client.connect();
  try {
    for (const statement of source.snapshot?.setup ?? []) await client.query(statement);
    const result = await client.query({ text: source.sql, rowMode: 'array' });
    if (source.snapshot) await client.query('COMMIT');
    const columns = {};
    source.columns.forEach(
      (c, i) =>
        (columns[c.name] = vectorFor(
          c.type,
          result.rows.map((r) => r[i]),
        )),
    );
    return new arrow.Table(columns);
  } finally {
    await client.end();
  }
}

const waitFor = (type) =>
  new Promise((resolve) => {
    const on = (m) => {
      if (m.type !== type) return;
      process.off('message', on);
      resolve(m);
    };
    process.on('message', on);
  });

const job = await waitFor('job');
try {
  const files = [];
  for (const source of job.sources) {
    const table = await readSlice(source);
    const path = `${job.prefix.replace(/\/$/, '')}/${source.sliceId.replace(/[^A-Za-z0-9_.-]/g, '_')}-00001.parquet`;
    const bytes = parquet.writeParquet(parquet.Table.fromIPCStream(arrow.tableToIPC(table, 'stream')));
    mkdirSync(dirname(join(job.root, path)), { recursive: true });
    writeFileSync(join(job.root, path), bytes);
    files.push({ path, bytes: bytes.length, sliceId: source.sliceId });
    process.send({ type: 'slice-read', sliceId: source.sliceId });
    await waitFor('continue');
  }
  const modules = [...resolved, ...Object.keys(require.cache)];
  process.send({ type: 'done', files, modules }, () => process.disconnect());
} catch (error) {
  process.send({ type: 'error', message: String(error?.message ?? error) }, () => process.disconnect());
}
