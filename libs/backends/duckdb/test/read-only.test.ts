/**
 * The DuckDB backend in a preview (`AdapterContext.readOnly`): a missing database file is not created (nor its
 * directory), an existing one is opened READ_ONLY and stays byte-identical (DuckDB itself refuses a write), core's
 * preview guard refuses every write before it reaches the session, and a file another process writes is still
 * BACKEND_BUSY after the busy timeout.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  canonicalColumn,
  guardBackendSession,
  isGoeError,
  PREVIEW_WRITE_REFUSED,
  type AdapterContext,
  type BackendSession,
  type LoadChunk,
} from '@goe/core';
import { DuckdbConnection, duckdbBackend, resolveDuckdbSettings } from '../src/index.js';
import { duckdbCatalogName } from '../src/connection.js';
import { config, context, plan, tempDir } from './support/harness.js';

let tmp: Awaited<ReturnType<typeof tempDir>>;
const children: ChildProcess[] = [];

beforeEach(async () => {
  tmp = await tempDir('goe-duckdb-ro-');
});
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill();
  await tmp.cleanup();
});

const readOnly = (values: Record<string, string>): AdapterContext => ({ ...context(values), readOnly: true });
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

const ID = canonicalColumn({ name: 'ID', dataType: 'INTEGER_8', nullable: false });
const NAME = canonicalColumn({ name: 'NAME', dataType: 'VARIABLE_STRING', nullable: true });

/** Expects `p` to reject with core's INTERNAL preview refusal naming `member`. */
async function refused(p: Promise<unknown>, member: string): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isGoeError(err), String(err)).toBe(true);
  if (!isGoeError(err)) return;
  expect(err.code).toBe('INTERNAL');
  expect(err.message).toBe(PREVIEW_WRITE_REFUSED('duckdb', member));
}

/** Every write through core's preview guard is refused before it reaches the session. */
async function expectWritesRefused(session: BackendSession): Promise<void> {
  const guarded = guardBackendSession('duckdb', session, { readOnly: true });
  const p = plan('sh', 'sales', [ID, NAME]);
  const chunk = { number: 1 } as unknown as LoadChunk;
  await refused(guarded.createDatabase('sh'), 'createDatabase');
  await refused(guarded.createTable(p), 'createTable');
  await refused(guarded.dropTable('sh', 'sales'), 'dropTable');
  await refused(guarded.stageLoad(p, chunk), 'stageLoad');
  await refused(guarded.finalLoad(p, chunk), 'finalLoad');
  await refused(guarded.dropStaged(p, chunk), 'dropStaged');
}

describe('DuckDB backend, read-only (preview)', () => {
  it('does not create a missing database file or its directory, and reads as an empty warehouse', async () => {
    const database = join(tmp.dir, 'warehouse', 'goe.duckdb');
    const session = await duckdbBackend.connect(readOnly({ DUCKDB_DATABASE: database }));
    try {
      expect(await session.serverVersion()).toMatch(/^DuckDB v\d/);
      expect(await session.databaseExists('sh')).toBe(false);
      expect(await session.tableExists('sh', 'sales')).toBe(false);
      await expect(session.describeTable('sh', 'sales')).rejects.toMatchObject({ code: 'TABLE_NOT_FOUND' });
      // the DDL names the catalog the file will have, exactly as an execute run writes it
      expect(session.ddlFor(plan('sh', 'sales', [ID, NAME]))[0]).toBe(
        'CREATE TABLE "goe"."sh"."sales" (\n  "ID" BIGINT NOT NULL,\n  "NAME" VARCHAR\n)',
      );
      await expectWritesRefused(session);
    } finally {
      await session.close();
    }
    expect(readdirSync(tmp.dir)).toEqual([]);
    expect(existsSync(database)).toBe(false);
  });

  it('opens the default path under OFFLOAD_HOME without creating warehouse/', async () => {
    const ctx: AdapterContext = { ...readOnly({}), offloadHome: tmp.dir };
    expect(resolveDuckdbSettings(ctx.config, ctx.offloadHome).database).toBe(join(tmp.dir, 'warehouse', 'goe.duckdb'));
    const session = await duckdbBackend.connect(ctx);
    await session.close();
    expect(readdirSync(tmp.dir)).toEqual([]);
  });

  it('opens an existing file READ_ONLY: reads work, writes are refused, the file is byte-identical', async () => {
    const database = join(tmp.dir, 'wh.duckdb');
    const writer = await duckdbBackend.connect(context({ DUCKDB_DATABASE: database }));
    try {
      await writer.createDatabase('sh');
      await writer.createTable(plan('sh', 'sales', [ID, NAME]));
    } finally {
      await writer.close();
    }
    const conn = await DuckdbConnection.open(resolveDuckdbSettings(config({ DUCKDB_DATABASE: database })));
    try {
      await conn.run(`INSERT INTO "wh"."sh"."sales" SELECT g, 'n' || g FROM range(1, 101) t(g)`);
    } finally {
      await conn.close();
    }
    const files = readdirSync(tmp.dir).sort();
    const before = sha256(database);

    const session = await duckdbBackend.connect(readOnly({ DUCKDB_DATABASE: database }));
    try {
      expect(await session.databaseExists('SH')).toBe(true);
      expect(await session.tableExists('sh', 'sales')).toBe(true);
      expect((await session.describeTable('sh', 'sales')).columns.map((c) => c.name)).toEqual(['ID', 'NAME']);
      expect(await session.count('sh', 'sales')).toBe(100n);
      expect(await session.count('sh', 'sales', { kind: 'full' })).toBe(100n);
      expect(session.ddlFor(plan('sh', 'sales', [ID]))[0]).toMatch(/^CREATE TABLE "wh"\."sh"\."sales"/);
      await expectWritesRefused(session);
      // unguarded, DuckDB itself refuses: the file is open READ_ONLY
      await expect(session.createDatabase('other')).rejects.toMatchObject({
        code: 'ENGINE_ERROR',
        message: expect.stringMatching(/read-only/),
      });
      expect(await session.count('sh', 'sales')).toBe(100n);
    } finally {
      await session.close();
    }
    expect(readdirSync(tmp.dir).sort()).toEqual(files);
    expect(sha256(database)).toBe(before);
  });

  it('lets DuckDB itself refuse SQL writes on a read-only file connection', async () => {
    const database = join(tmp.dir, 'ro.duckdb');
    const writer = await duckdbBackend.connect(context({ DUCKDB_DATABASE: database }));
    await writer.createDatabase('sh');
    await writer.close();
    const conn = await DuckdbConnection.open({
      ...resolveDuckdbSettings(config({ DUCKDB_DATABASE: database })),
      readOnly: true,
    });
    try {
      expect(conn.readOnly).toBe(true);
      expect(conn.fileExists).toBe(true);
      await expect(conn.run('CREATE SCHEMA other')).rejects.toMatchObject({
        code: 'ENGINE_ERROR',
        message: expect.stringMatching(/read-only mode/),
      });
    } finally {
      await conn.close();
    }
  });

  it('is BACKEND_BUSY after the busy timeout when another process writes the file', async () => {
    const database = join(tmp.dir, 'busy.duckdb');
    const child = spawn(
      process.execPath,
      [join(import.meta.dirname, 'support', 'hold-duckdb.mjs'), database, '20000'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    children.push(child);
    const [line] = (await once(child.stdout!, 'data')) as [Buffer];
    expect(line.toString()).toBe('ready\n');
    const started = Date.now();
    const err = await duckdbBackend
      .connect(readOnly({ DUCKDB_DATABASE: database, DUCKDB_BUSY_TIMEOUT: '1' }))
      .catch((e: unknown) => e);
    expect(isGoeError(err)).toBe(true);
    if (!isGoeError(err)) return;
    expect(err.code).toBe('BACKEND_BUSY');
    expect(err.message).toBe(`DuckDB database ${database} is in use by another process (PID ${child.pid})`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('shares a writer of this process with a preview, and makes a writer wait for a read-only instance', async () => {
    const database = join(tmp.dir, 'shared.duckdb');
    const settings = resolveDuckdbSettings(config({ DUCKDB_DATABASE: database }));
    // a read-write connection of this process (e.g. a chunk load) serves the reads of a preview
    const writer = await DuckdbConnection.open(settings);
    const preview = await duckdbBackend.connect(readOnly({ DUCKDB_DATABASE: database }));
    await writer.run('CREATE SCHEMA sh');
    expect(await preview.databaseExists('sh')).toBe(true);
    await refused(guardBackendSession('duckdb', preview, { readOnly: true }).createDatabase('x'), 'createDatabase');
    await preview.close();
    await writer.close();

    // a read-only instance of this process (a read in progress) makes a write wait for it, up to the busy timeout
    const ro = await DuckdbConnection.open({ ...settings, readOnly: true });
    const impatient = await duckdbBackend.connect(context({ DUCKDB_DATABASE: database, DUCKDB_BUSY_TIMEOUT: '0' }));
    try {
      expect(await impatient.databaseExists('sh')).toBe(true); // reads share it
      await expect(impatient.createDatabase('now')).rejects.toMatchObject({
        code: 'BACKEND_BUSY',
        message: expect.stringContaining('open read-only'),
      });
    } finally {
      await impatient.close();
    }
    const again = await duckdbBackend.connect(context({ DUCKDB_DATABASE: database, DUCKDB_BUSY_TIMEOUT: '10' }));
    try {
      const waiting = again.createDatabase('later');
      setTimeout(() => void ro.close(), 200);
      await waiting;
      expect(await again.databaseExists('later')).toBe(true);
    } finally {
      await again.close();
    }
  });

  it('names the catalog of a missing file the way DuckDB does', () => {
    expect(duckdbCatalogName('/h/.goe/warehouse/goe.duckdb')).toBe('goe');
    expect(duckdbCatalogName('/d/a.b.duckdb')).toBe('a');
    expect(duckdbCatalogName('/d/.hidden.duckdb')).toBe('hidden');
    expect(duckdbCatalogName('/d/plain')).toBe('plain');
    expect(duckdbCatalogName('/d/main.duckdb')).toBe('main_db');
    expect(duckdbCatalogName('/d/memory.duckdb')).toBe('memory');
    expect(duckdbCatalogName(':memory:')).toBe('memory');
  });
});
