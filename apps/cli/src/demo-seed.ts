/**
 * Seeds the demo database: a PGlite data directory with a range-partitioned `sh.sales` holding every
 * PostgreSQL type the frontend supports, generated set-based (no row loop in JS).
 *
 * Memory (1 M rows, whole process under 270 MB while seeding, 814 MB before): the data directory comes from
 * {@link DEMO_TEMPLATE} instead of PGlite's initdb (700–850 MB on its own); the engine runs on a worker thread
 * that ends with the seeding (a closed PGlite keeps its wasm heap otherwise), with 8 MB of shared buffers
 * (PGlite's 160 MB are touched in full at start) and `wal_level=minimal`: the table is created and filled in one
 * transaction, its primary key built after the rows, so that nothing but the catalog is WAL-logged (40% faster).
 */
import { closeSync, existsSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import { createBrotliDecompress } from 'node:zlib';
import { ensureDirectory } from '@goe/core';

/** DDL of the demo table (one partition per year 2020–2025 plus DEFAULT). */
export const DEMO_DDL = [
  'CREATE SCHEMA IF NOT EXISTS sh',
  'DROP TABLE IF EXISTS sh.sales',
  `CREATE TABLE sh.sales (
    id bigint NOT NULL,
    qty integer,
    small_qty smallint,
    amount numeric(12,2),
    big numeric(38,10),
    ratio double precision,
    ratio4 real,
    code varchar(30),
    region char(2),
    note text,
    payload bytea,
    sale_date date NOT NULL,
    created timestamp(6),
    updated timestamptz(6),
    sale_time time,
    duration interval,
    flag boolean,
    ref uuid,
    attrs jsonb
  ) PARTITION BY RANGE (sale_date)`,
  ...[2020, 2021, 2022, 2023, 2024, 2025].map(
    (y) => `CREATE TABLE sh.sales_${y} PARTITION OF sh.sales FOR VALUES FROM ('${y}-01-01') TO ('${y + 1}-01-01')`,
  ),
  'CREATE TABLE sh.sales_other PARTITION OF sh.sales DEFAULT',
];

/** The primary key, built once the rows are in (one sort per partition instead of row-by-row inserts). */
export const DEMO_PRIMARY_KEY = 'ALTER TABLE sh.sales ADD PRIMARY KEY (id, sale_date)';

/** The set-based INSERT generating `rows` rows (NULLs in every nullable column, multi-byte text, edge values). */
export function demoInsert(rows: number, from = 1): string {
  return `INSERT INTO sh.sales
  SELECT g,
    CASE WHEN g % 17 = 0 THEN NULL ELSE (g % 100)::int END,
    (g % 300)::smallint,
    CASE WHEN g % 19 = 0 THEN NULL ELSE round((g % 100000) / 7.0, 2) END,
    CASE WHEN g % 23 = 0 THEN NULL ELSE (g::numeric * 12345.6789012345 - 5e12)::numeric(38,10) END,
    CASE WHEN g % 29 = 0 THEN NULL ELSE g / 3.0::float8 END,
    (g % 1000 / 8.0)::real,
    CASE WHEN g % 31 = 0 THEN NULL WHEN g % 37 = 0 THEN '' ELSE 'C' || (g % 5000) END,
    (ARRAY['EU','UK','US','JP'])[1 + g % 4],
    CASE WHEN g % 41 = 0 THEN NULL ELSE 'note ' || g || CASE WHEN g % 3 = 0 THEN ' — ünïcødé 東京 🚀' ELSE '' END END,
    CASE WHEN g % 43 = 0 THEN NULL ELSE decode(lpad(to_hex(g), 8, '0'), 'hex') END,
    DATE '2020-01-01' + (g % 2190)::int,
    CASE WHEN g % 47 = 0 THEN NULL ELSE TIMESTAMP '2020-01-01 00:00:00' + (g * interval '37 second') + (g % 1000000) * interval '1 microsecond' END,
    CASE WHEN g % 53 = 0 THEN NULL ELSE TIMESTAMPTZ '2020-03-29 00:30:00+00' + (g * interval '61 second') END,
    CASE WHEN g % 59 = 0 THEN NULL ELSE TIME '00:00:00' + (g % 86400) * interval '1 second' END,
    CASE WHEN g % 61 = 0 THEN NULL ELSE make_interval(0, (g % 14)::int, 0, (g % 40)::int - 20, 0, 0, (g % 3600) + 0.000001 * (g % 7)) END,
    CASE WHEN g % 67 = 0 THEN NULL ELSE g % 2 = 0 END,
    md5(g::text)::uuid,
    CASE WHEN g % 71 = 0 THEN NULL ELSE jsonb_build_object('id', g, 'tag', 'x' || (g % 10)) END
  FROM generate_series(${Math.trunc(from)}, ${Math.trunc(rows)}) AS g`;
}

/** Rows inserted per statement while seeding (progress is reported after each). */
export const SEED_CHUNK_ROWS = 100_000;

/** A minimal PGlite-like interface (so tests can seed a server too). */
export interface DemoDb {
  exec(sql: string): Promise<unknown>;
  query<T>(sql: string): Promise<{ rows: T[] }>;
}

/**
 * Creates and fills `sh.sales` with `rows` rows; returns the row count.
 *
 * @example
 * await seedDemo(db, 10_000);
 */
export async function seedDemo(
  db: DemoDb,
  rows: number,
  onProgress?: (seeded: number, total: number) => void,
): Promise<number> {
  // One transaction: with wal_level=minimal, rows of a table created in it skip the WAL.
  await db.exec('BEGIN');
  try {
    for (const stmt of DEMO_DDL) await db.exec(stmt);
    // in chunks, so that a long seeding reports progress (one INSERT … SELECT per chunk, same rows as one)
    for (let from = 1; from <= rows; from += SEED_CHUNK_ROWS) {
      const to = Math.min(rows, from + SEED_CHUNK_ROWS - 1);
      await db.exec(demoInsert(to, from));
      onProgress?.(to, rows);
    }
    await db.exec(DEMO_PRIMARY_KEY);
    await db.exec('COMMIT');
  } catch (error) {
    await db.exec('ROLLBACK').catch(() => undefined);
    throw error;
  }
  await db.exec('ANALYZE sh.sales');
  const r = await db.query<{ n: string | number }>('SELECT count(*)::text AS n FROM sh.sales');
  return Number(r.rows[0]!.n);
}

/** Makes sure a directory exists. */
export function ensureDir(dir: string): void {
  ensureDirectory(dir, { variable: 'OFFLOAD_HOME', purpose: 'demo directory' });
}

/** PostgreSQL settings of the seeding engine, on top of PGlite's own start parameters. */
export const DEMO_SEED_SETTINGS = ['shared_buffers=8MB', 'wal_level=minimal', 'max_wal_senders=0'];

/** The seeding engine: a {@link DemoDb} that `close()` ends. */
export interface DemoEngine extends DemoDb {
  close(): Promise<void>;
}

/**
 * The seeding engine's thread: PGlite answering `open`, `exec`, `query` and `close` requests in order. A closed
 * PGlite keeps its wasm heap until its isolate goes (a garbage collection does not free it), so it runs on a
 * worker thread that ends with the seeding, before the offload opens the directory again.
 */
const ENGINE_THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
let db;
parentPort.on('message', async ({ op, sql }) => {
  try {
    if (op === 'open') {
      const { PGlite } = await import(workerData.pglite);
      const startParams = [...PGlite.defaultStartParams, ...workerData.settings.flatMap((s) => ['-c', s])];
      db = await PGlite.create(workerData.dir, { startParams });
      parentPort.postMessage({ ok: true });
    } else if (op === 'exec') parentPort.postMessage({ ok: true, rows: void (await db.exec(sql)) });
    else if (op === 'query') parentPort.postMessage({ ok: true, rows: (await db.query(sql)).rows });
    else parentPort.postMessage({ ok: true, rows: void (await db?.close()) });
  } catch (error) {
    parentPort.postMessage({ ok: false, error });
  }
});`;

/**
 * Opens the demo's PGlite engine on `dir` for seeding, on a worker thread (its memory goes with `close()`): a
 * directory without a database gets {@link DEMO_TEMPLATE} first (PGlite's own initdb only when the installed
 * PGlite cannot open it).
 *
 * @example
 * const db = await openDemoDb('/home/me/.goe/demo'); // PGlite on a worker thread
 * try { await seedDemo(db, 1000); } finally { await db.close(); }
 */
export async function openDemoDb(dir: string): Promise<DemoEngine> {
  const restored = existsSync(join(dir, 'PG_VERSION')) ? [] : await restoreDemoTemplate(dir);
  if (restored.length > 0) collectGarbage(); // the archive's 40 MB of decompressed chunks
  // PGlite's 9 MB wasm module compiled on one background thread, not one per core: the per-thread malloc arenas
  // of parallel compilation stay resident after it (−60 MB per engine; this one and the offload's).
  setFlagsFromString('--wasm-num-compilation-tasks=1');
  const thread = new Worker(ENGINE_THREAD, {
    eval: true,
    // PGlite's file reads and writes leave short-lived buffers: a 1 MB young generation collects them early (−45 MB)
    resourceLimits: { maxYoungGenerationSizeMb: 1 },
    workerData: { pglite: import.meta.resolve('@electric-sql/pglite'), dir, settings: DEMO_SEED_SETTINGS },
  });
  let failed: unknown;
  thread.on('error', (error) => (failed = error));
  let queue = Promise.resolve<unknown>(undefined);
  const request = <T>(op: string, sql?: string): Promise<T> => {
    const next = queue.then(
      () =>
        new Promise<T>((resolve, reject) => {
          if (failed !== undefined) return reject(failed);
          const onExit = () => reject(failed ?? new Error('The demo engine thread ended'));
          thread.once('exit', onExit);
          thread.once('message', (reply: { ok: boolean; rows?: T; error?: unknown }) => {
            thread.off('exit', onExit);
            if (reply.ok) resolve(reply.rows as T);
            else reject(reply.error);
          });
          thread.postMessage({ op, sql });
        }),
    );
    queue = next.catch(() => undefined);
    return next;
  };
  const close = async () => {
    await request('close').finally(() => thread.terminate());
  };
  try {
    await request('open').catch(async (error: unknown) => {
      if (restored.length === 0) throw error;
      // another PostgreSQL major than the template's: let PGlite initdb the directory
      for (const name of restored) rmSync(join(dir, name), { recursive: true, force: true });
      await request('open');
    });
  } catch (error) {
    await thread.terminate();
    throw error;
  }
  return {
    exec: (sql) => request('exec', sql),
    query: <T>(sql: string) => request<T[]>('query', sql).then((rows) => ({ rows })),
    close,
  };
}

/** Runs a full garbage collection (V8 frees dead buffers only then), if the runtime lets us. */
function collectGarbage(): void {
  try {
    setFlagsFromString('--expose-gc');
    (runInNewContext('gc') as () => void)();
  } catch {
    // no collection: the memory is only resident longer
  }
}

/**
 * Unpacks {@link DEMO_TEMPLATE} into `dir`, streaming (the 40 MB archive is never held whole); returns the names
 * it created at the top of `dir`.
 *
 * @example
 * await restoreDemoTemplate('/tmp/demo'); // ['PG_VERSION', 'base', 'global', …]
 */
export async function restoreDemoTemplate(dir: string): Promise<string[]> {
  const { DEMO_TEMPLATE } = await import('./demo-template.js');
  const archive = Readable.from([Buffer.from(DEMO_TEMPLATE, 'base64')]).pipe(createBrotliDecompress());
  return untar(archive, dir);
}

/** Writes the directories and regular files of a ustar archive under `dir`; returns its top-level names. */
async function untar(archive: AsyncIterable<Buffer>, dir: string): Promise<string[]> {
  const root = resolve(dir);
  const top = new Set<string>();
  let pending: Buffer = Buffer.alloc(0);
  let fd: number | undefined; // the file being written
  let left = 0; // its bytes still to come
  let skip = 0; // padding to the next 512-byte block
  try {
    for await (const chunk of archive) {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      for (;;) {
        if (fd !== undefined) {
          const n = Math.min(left, pending.length);
          writeSync(fd, pending, 0, n);
          pending = pending.subarray(n);
          if ((left -= n) > 0) break;
          closeSync(fd);
          fd = undefined;
        }
        const s = Math.min(skip, pending.length);
        pending = pending.subarray(s);
        if ((skip -= s) > 0 || pending.length < 512) break;
        if (pending[0] === 0) return [...top]; // end of archive
        const field = (at: number, length: number) => pending.toString('latin1', at, at + length).replace(/\0.*$/s, '');
        const prefix = field(345, 155);
        const path = resolve(root, prefix === '' ? field(0, 100) : `${prefix}/${field(0, 100)}`);
        const size = parseInt(field(124, 12).trim() || '0', 8);
        const type = pending[156];
        const rel = relative(root, path);
        if (rel.startsWith('..')) throw new Error(`Demo template: entry outside its directory: ${rel}`);
        if (rel !== '') top.add(rel.split(/[\\/]/)[0]!);
        pending = pending.subarray(512);
        skip = (512 - (size % 512)) % 512;
        if (type === 0x35) mkdirSync(path, { recursive: true });
        else if (type === 0x30 || type === 0) {
          mkdirSync(dirname(path), { recursive: true });
          fd = openSync(path, 'w');
          left = size;
        } else throw new Error(`Demo template: unexpected entry type ${String(type)} for ${rel}`);
      }
    }
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return [...top];
}
