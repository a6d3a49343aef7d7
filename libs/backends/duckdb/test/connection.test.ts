import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalColumn, isGoeError } from '@goe/core';
import { DuckdbConnection, duckdbBackend, mapDuckdbError, resolveDuckdbSettings } from '../src/index.js';
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
      memoryLimit: '128MB',
      busyTimeoutMs: 10_000,
    });
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
