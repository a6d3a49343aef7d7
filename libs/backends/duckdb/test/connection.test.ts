import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalColumn, isGoeError } from '@goe/core';
import {
  defaultMaxMemoryLimit,
  DuckdbConnection,
  duckdbBackend,
  formatSize,
  mapDuckdbError,
  resolveDuckdbSettings,
  sizeBytes,
} from '../src/index.js';
import { config, context, plan, tempDir } from './support/harness.js';

let tmp: Awaited<ReturnType<typeof tempDir>>;
const children: ChildProcess[] = [];

beforeEach(async () => {
  tmp = await tempDir('goe-duckdb-conn-');
});
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill();
  await tmp.cleanup();
});

/** Starts a child process holding `path` for `ms` and waits until it holds it. */
async function holder(path: string, ms: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'support', 'hold-duckdb.mjs'), path, String(ms)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  expect(line.toString()).toBe('ready\n');
  return child;
}

describe('DuckDB connection', () => {
  it('refuses a database file another process holds with BACKEND_BUSY after the busy timeout', async () => {
    const database = join(tmp.dir, 'busy.duckdb');
    const child = await holder(database, 20_000);
    const started = Date.now();
    const err = await duckdbBackend
      .connect(context({ DUCKDB_DATABASE: database, DUCKDB_BUSY_TIMEOUT: '1' }))
      .catch((e: unknown) => e);
    const waited = Date.now() - started;
    expect(isGoeError(err)).toBe(true);
    if (!isGoeError(err)) return;
    expect(err.code).toBe('BACKEND_BUSY');
    expect(err.exitCode).toBe(3);
    expect(err.message).toBe(`DuckDB database ${database} is in use by another process (PID ${child.pid})`);
    expect(err.hint).toMatch(/DUCKDB_BUSY_TIMEOUT/);
    expect(waited).toBeGreaterThanOrEqual(900);
  });

  it('waits for the other process within the busy timeout, then opens', async () => {
    const database = join(tmp.dir, 'wait.duckdb');
    await holder(database, 1500);
    const session = await duckdbBackend.connect(context({ DUCKDB_DATABASE: database, DUCKDB_BUSY_TIMEOUT: '20' }));
    try {
      expect(await session.tableExists('main', 'held')).toBe(true);
    } finally {
      await session.close();
    }
  });

  it('shares one instance between sessions of this process and closes it with the last one', async () => {
    const database = join(tmp.dir, 'shared.duckdb');
    const a = await duckdbBackend.connect(context({ DUCKDB_DATABASE: database }));
    const b = await duckdbBackend.connect(context({ DUCKDB_DATABASE: database }));
    await a.createDatabase('shared');
    expect(await b.databaseExists('SHARED')).toBe(true);
    await a.close();
    expect(await b.databaseExists('shared')).toBe(true);
    await b.close();
    await a.close(); // idempotent
    // the file is free again: another process can take it
    const child = await holder(database, 100);
    await once(child, 'exit');
  });

  it('qualifies names with the catalog, so a schema named like the database file resolves', async () => {
    const session = await duckdbBackend.connect(context({ DUCKDB_DATABASE: join(tmp.dir, 'sh.duckdb') }));
    try {
      const id = canonicalColumn({ name: 'ID', dataType: 'INTEGER_8', nullable: false });
      await session.createDatabase('sh');
      await session.createTable(plan('sh', 'sales', [id]));
      expect(await session.count('sh', 'sales')).toBe(0n);
      expect((await session.describeTable('sh', 'sales')).columns.map((c) => c.name)).toEqual(['ID']);
    } finally {
      await session.close();
    }
  });

  it('maps engine errors to ENGINE_ERROR with the DuckDB error class and the SQL', async () => {
    const conn = await DuckdbConnection.open(resolveDuckdbSettings(config({ DUCKDB_DATABASE: ':memory:' })));
    try {
      const err = await conn.run('SELECT * FROM no_such_table').catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'ENGINE_ERROR', engineCode: 'CATALOG', sql: 'SELECT * FROM no_such_table' });
      expect((err as Error).message).toMatch(/^DuckDB: Catalog Error: Table with name no_such_table does not exist/);
    } finally {
      await conn.close();
    }
    expect(mapDuckdbError(new Error('Conversion Error: x')).engineCode).toBe('CONVERSION');
    expect(mapDuckdbError('weird').engineCode).toBe('DUCKDB');
  });

  it('resolves settings with defaults and refuses malformed values', () => {
    expect(resolveDuckdbSettings(config({}), '/home/x/.goe')).toEqual({
      database: '/home/x/.goe/warehouse/goe.duckdb',
      memoryLimit: '32MB',
      maxMemoryLimit: defaultMaxMemoryLimit(),
      busyTimeoutMs: 10_000,
    });
    expect(resolveDuckdbSettings(config({ DUCKDB_MAX_MEMORY_LIMIT: '1GiB' }), '/h').maxMemoryLimit).toBe('1GiB');
    const below = (() => {
      try {
        resolveDuckdbSettings(config({ DUCKDB_MEMORY_LIMIT: '1GB', DUCKDB_MAX_MEMORY_LIMIT: '512MB' }));
      } catch (e) {
        return e;
      }
    })();
    expect(below).toMatchObject({ code: 'CONFIG_INVALID', variable: 'DUCKDB_MAX_MEMORY_LIMIT' });
    expect(() => resolveDuckdbSettings(config({ DUCKDB_MAX_MEMORY_LIMIT: 'all' }))).toThrow(/DUCKDB_MAX_MEMORY_LIMIT/);
    expect(
      resolveDuckdbSettings(
        config({ DUCKDB_THREADS: '2', DUCKDB_MEMORY_LIMIT: '256MB', DUCKDB_BUSY_TIMEOUT: '0' }),
        '/h',
      ),
    ).toMatchObject({
      threads: 2,
      memoryLimit: '256MB',
      busyTimeoutMs: 0,
    });
    expect(() => resolveDuckdbSettings(config({ DUCKDB_MEMORY_LIMIT: 'lots' }))).toThrow(/DUCKDB_MEMORY_LIMIT/);
    expect(() => resolveDuckdbSettings(config({ DUCKDB_THREADS: '0' }))).toThrow(/DUCKDB_THREADS/);
  });
});

describe('DuckDB sizes and the out-of-memory retry', () => {
  it('reads and writes sizes in DuckDB units', () => {
    expect(sizeBytes('32MB')).toBe(32_000_000);
    expect(sizeBytes('1GiB')).toBe(2 ** 30);
    expect(sizeBytes(' 1.5 kb ')).toBe(1500);
    expect(sizeBytes('7B')).toBe(7);
    expect(() => sizeBytes('lots')).toThrow(/Not a DuckDB size/);
    expect(() => sizeBytes('3 parsecs')).toThrow(/Not a DuckDB size/);
    expect(formatSize(64_000_000)).toBe('64MB');
    expect(formatSize(1536)).toBe('2KiB');
    expect(defaultMaxMemoryLimit(16e9)).toBe('12800MB');
    expect(defaultMaxMemoryLimit(1)).toBe('1MB');
  });

  // ten values of 10 MiB each: DuckDB needs a block of 10 MiB per value, more than an 8MB limit holds
  const BIG = `SELECT repeat('x', 10485760) || i AS v FROM range(10) r(i)`;
  /** An in-memory database starting at an 8MB limit that may be raised to 1GB. */
  const small = () =>
    DuckdbConnection.open({ database: ':memory:', memoryLimit: '8MB', maxMemoryLimit: '1GB', busyTimeoutMs: 0 });
  const limitOf = async (conn: DuckdbConnection) =>
    String((await conn.rows(`SELECT current_setting('memory_limit')`))[0]![0]);

  it('retries a statement that ran out of memory at twice the limit, up to the maximum, and says so', async () => {
    const conn = await small();
    const raised: string[] = [];
    conn.onMemoryLimitRaised = (from, to) => raised.push(`${from}→${to}`);
    try {
      await conn.run(`CREATE TABLE t AS ${BIG}`);
      expect(Number((await conn.rows('SELECT count(*) FROM t'))[0]![0])).toBe(10);
      expect(raised[0]).toBe('8MB→16MB');
      expect(raised.length).toBeGreaterThan(1);
      // the raised limit stays for the instance's next statements
      expect(sizeBytes((await limitOf(conn)).replace(/\s/g, ''))).toBeGreaterThan(100e6);
    } finally {
      await conn.close();
    }
  });

  it('retries a whole transaction after rolling it back, so its rows land once', async () => {
    const conn = await small();
    let attempts = 0;
    try {
      await conn.run('CREATE TABLE t (v VARCHAR)');
      await conn.transaction(async () => {
        attempts++;
        await conn.run(`INSERT INTO t VALUES ('first')`);
        await conn.run(`INSERT INTO t ${BIG}`);
      });
      expect(attempts).toBeGreaterThan(1);
      expect(Number((await conn.rows('SELECT count(*) FROM t'))[0]![0])).toBe(11);
    } finally {
      await conn.close();
    }
  });

  it('fails with the engine error when the limit may not be raised (no maximum, or at the maximum)', async () => {
    for (const maxMemoryLimit of [undefined, '8MB']) {
      const conn = await DuckdbConnection.open({
        database: ':memory:',
        memoryLimit: '8MB',
        ...(maxMemoryLimit === undefined ? {} : { maxMemoryLimit }),
        busyTimeoutMs: 0,
      });
      let raised = 0;
      conn.onMemoryLimitRaised = () => raised++;
      try {
        const error = await conn.run(`CREATE TABLE t AS ${BIG}`).catch((e: unknown) => e);
        expect(error).toMatchObject({ code: 'ENGINE_ERROR', engineCode: 'OUT_OF_MEMORY' });
        expect(raised).toBe(0);
        expect(await limitOf(conn)).toMatch(/^7\.6 MiB$|^8/);
      } finally {
        await conn.close();
      }
    }
  });

  it('does not retry other errors', async () => {
    const conn = await small();
    let raised = 0;
    conn.onMemoryLimitRaised = () => raised++;
    try {
      await expect(conn.transaction(() => conn.run('SELECT * FROM missing'))).rejects.toMatchObject({
        engineCode: 'CATALOG',
      });
      expect(raised).toBe(0);
    } finally {
      await conn.close();
    }
  });
});
