/**
 * The DuckDB session holds the database file only while it uses it: another process can read the warehouse between
 * any two calls, and not while a chunk is being loaded (from stage load to the end of the final load). Reads work
 * while another process reads; writes then wait and end BACKEND_BUSY. Fault points of the load.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalColumn, isGoeError, type BackendSession, type LoadChunk, type StagedFiles } from '@goe/core';
import { DuckdbConnection, duckdbBackend, quoteString, resolveDuckdbSettings } from '../src/index.js';
import { config, context, plan, tempDir } from './support/harness.js';

const run = promisify(execFile);
const READER = join(import.meta.dirname, 'support', 'read-duckdb.mjs');
const HOLDER = join(import.meta.dirname, 'support', 'hold-duckdb.mjs');

let tmp: Awaited<ReturnType<typeof tempDir>>;
const children: ChildProcess[] = [];
beforeEach(async () => {
  tmp = await tempDir('goe-duckdb-hold-');
});
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill();
  await tmp.cleanup();
});

type ReadResult = { ok: true; rows: unknown[][] } | { ok: false; error: string };

/** Another process opens `database` READ_ONLY once (no retry) and runs `sql`. */
async function otherProcessReads(database: string, sql: string): Promise<ReadResult> {
  const { stdout } = await run(process.execPath, [READER, database, sql]);
  return JSON.parse(stdout) as ReadResult;
}

const LOCKED = /Conflicting lock is held|Could not set lock/;
const ID = canonicalColumn({ name: 'ID', dataType: 'INTEGER_8', nullable: false });

/** `rows` rows of ID 1..rows in a Parquet file written by a throw-away in-memory DuckDB. */
async function parquetChunk(name: string, number: number, rows: number): Promise<LoadChunk> {
  const path = join(tmp.dir, `${name}.parquet`);
  const conn = await DuckdbConnection.open(resolveDuckdbSettings(config({ DUCKDB_DATABASE: ':memory:' })));
  try {
    await conn.run(
      `COPY (SELECT range::BIGINT AS "ID" FROM range(1, ${rows + 1})) TO ${quoteString(path)} (FORMAT parquet)`,
    );
  } finally {
    await conn.close();
  }
  const files: StagedFiles = {
    format: 'PARQUET',
    rows,
    files: [{ path: name, uri: `file://${path}`, rows, bytes: 0, sliceId: 's0' }],
  };
  return { number, files, scope: { kind: 'full' } };
}

describe('DuckDB session: holding the database file', () => {
  it('lets another process read between any two calls, not while a chunk is loaded', async () => {
    const database = join(tmp.dir, 'wh.duckdb');
    const count = (table: string) => `SELECT count(*) FROM wh.sh.${table}`;
    const session: BackendSession = await duckdbBackend.connect(context({ DUCKDB_DATABASE: database }));
    try {
      await session.createDatabase('sh');
      const sales = plan('sh', 'sales', [ID]);
      await session.createTable(sales);
      expect(await otherProcessReads(database, count('sales'))).toEqual({ ok: true, rows: [['0']] });
      expect(await session.tableExists('sh', 'sales')).toBe(true);
      expect(await session.count('sh', 'sales')).toBe(0n);
      expect(await otherProcessReads(database, count('sales'))).toEqual({ ok: true, rows: [['0']] });

      const chunk = await parquetChunk('sales-1', 1, 1000);
      await session.stageLoad(sales, chunk);
      const during = await otherProcessReads(database, count('sales'));
      expect(during.ok).toBe(false);
      expect(!during.ok && during.error).toMatch(LOCKED);
      // this process reads on through the held instance
      expect(await session.count('sh', 'sales')).toBe(0n);
      expect(await session.validateStaged(sales, chunk)).toMatchObject({ ok: true });
      expect(await session.validateCasts(sales, chunk)).toMatchObject({ ok: true });
      expect((await otherProcessReads(database, count('sales'))).ok).toBe(false);
      expect(await session.finalLoad(sales, chunk)).toBe(1000n);
      expect(await otherProcessReads(database, count('sales'))).toEqual({ ok: true, rows: [['1000']] });
      await session.dropStaged(sales, chunk);
      expect(await otherProcessReads(database, count('sales_load_1'))).toMatchObject({
        ok: false,
        error: expect.stringMatching(/sales_load_1 does not exist/),
      });
      expect(await otherProcessReads(database, count('sales'))).toEqual({ ok: true, rows: [['1000']] });
    } finally {
      await session.close();
    }
  });

  it('holds one connection per chunk, so two chunk loads can overlap', async () => {
    const database = join(tmp.dir, 'wh.duckdb');
    const session = await duckdbBackend.connect(context({ DUCKDB_DATABASE: database }));
    try {
      await session.createDatabase('sh');
      const a = plan('sh', 'a', [ID]);
      const b = plan('sh', 'b', [ID]);
      await session.createTable(a);
      await session.createTable(b);
      const a1 = await parquetChunk('a-1', 1, 10);
      const b1 = await parquetChunk('b-1', 1, 20);
      const a2 = await parquetChunk('a-2', 2, 30);
      await session.stageLoad(a, a1);
      await session.stageLoad(b, b1);
      await session.stageLoad(a, a2);
      const loads = await Promise.all([session.finalLoad(a, a2), session.finalLoad(b, b1), session.finalLoad(a, a1)]);
      expect(loads).toEqual([30n, 20n, 10n]);
      expect(await otherProcessReads(database, 'SELECT count(*) FROM wh.sh.a')).toEqual({ ok: true, rows: [['40']] });
    } finally {
      await session.close();
    }
  });

  it('releases the chunk when a validation fails, and when the session closes', async () => {
    const database = join(tmp.dir, 'wh.duckdb');
    const count = 'SELECT count(*) FROM wh.sh.sales';
    const session = await duckdbBackend.connect(context({ DUCKDB_DATABASE: database }));
    const sales = plan('sh', 'sales', [ID]);
    try {
      await session.createDatabase('sh');
      await session.createTable(sales);
      const chunk = await parquetChunk('sales-1', 1, 5);
      const lying = { ...chunk, files: { ...chunk.files, rows: 6 } };
      await session.stageLoad(sales, lying);
      expect((await otherProcessReads(database, count)).ok).toBe(false);
      expect(await session.validateStaged(sales, lying)).toMatchObject({ ok: false });
      expect(await otherProcessReads(database, count)).toEqual({ ok: true, rows: [['0']] });
      await session.stageLoad(sales, chunk);
      expect((await otherProcessReads(database, count)).ok).toBe(false);
    } finally {
      await session.close();
    }
    expect(await otherProcessReads(database, count)).toEqual({ ok: true, rows: [['0']] });
  });

  it('reads while another process reads the file; writes wait for it and end BACKEND_BUSY', async () => {
    const database = join(tmp.dir, 'wh.duckdb');
    const setup = await duckdbBackend.connect(context({ DUCKDB_DATABASE: database }));
    await setup.createDatabase('sh');
    await setup.createTable(plan('sh', 'sales', [ID]));
    await setup.close();

    const child = spawn(process.execPath, [HOLDER, database, '60000', 'READ_ONLY'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    const [line] = (await once(child.stdout!, 'data')) as [Buffer];
    expect(line.toString()).toBe('ready\n');

    const session = await duckdbBackend.connect(context({ DUCKDB_DATABASE: database, DUCKDB_BUSY_TIMEOUT: '0' }));
    try {
      expect(await session.databaseExists('sh')).toBe(true);
      expect((await session.describeTable('sh', 'sales')).columns.map((c) => c.name)).toEqual(['ID']);
      expect(await session.count('sh', 'sales')).toBe(0n);
      const err = await session.createDatabase('other').catch((e: unknown) => e);
      expect(isGoeError(err) && err.code).toBe('BACKEND_BUSY');
      expect(isGoeError(err) && err.message).toBe(
        `DuckDB database ${database} is in use by another process (PID ${child.pid})`,
      );
    } finally {
      await session.close();
    }
  });

  it('keeps a :memory: database for the whole session', async () => {
    const session = await duckdbBackend.connect(context({ DUCKDB_DATABASE: ':memory:' }));
    try {
      await session.createDatabase('sh');
      await session.createTable(plan('sh', 'sales', [ID]));
      expect(await session.tableExists('sh', 'sales')).toBe(true);
      expect(session.ddlFor(plan('sh', 'sales', [ID]))[0]).toMatch(/^CREATE TABLE "memory"\."sh"\."sales"/);
    } finally {
      await session.close();
    }
  });
});

describe('DuckDB session: fault points of the load', () => {
  it("reports load:staged after the stage load and load:before-commit inside the final load's transaction", async () => {
    const database = join(tmp.dir, 'wh.duckdb');
    const points: string[] = [];
    let failAt: string | undefined;
    const faultPoint = (name: string) => {
      points.push(name);
      if (name === failAt) throw new Error(`fault at ${name}`);
    };
    const session = await duckdbBackend.connect({ ...context({ DUCKDB_DATABASE: database }), faultPoint });
    try {
      await session.createDatabase('sh');
      const sales = plan('sh', 'sales', [ID]);
      await session.createTable(sales);
      const chunk = await parquetChunk('sales-1', 1, 100);

      failAt = 'load:before-commit';
      await session.stageLoad(sales, chunk);
      expect(points).toEqual(['load:staged']);
      await expect(session.finalLoad(sales, chunk)).rejects.toThrow('fault at load:before-commit');
      expect(points).toEqual(['load:staged', 'load:before-commit']);
      expect(await session.count('sh', 'sales')).toBe(0n); // rolled back: the point is before COMMIT

      failAt = undefined;
      points.length = 0;
      await session.stageLoad(sales, chunk);
      expect(await session.finalLoad(sales, chunk)).toBe(100n);
      expect(points).toEqual(['load:staged', 'load:before-commit']);
      expect(await session.count('sh', 'sales')).toBe(100n);
    } finally {
      await session.close();
    }
  });
});
