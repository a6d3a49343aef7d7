import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { isGoeError } from '@goe/core';
import type { MetadataRepository } from '@goe/core';
import { MIGRATIONS, SQLITE_SCHEMA_VERSION, migrate, openSqliteRepository, sqlitePathFromUrl } from '../src/index.js';

const open: MetadataRepository[] = [];
const tmp = () => mkdtempSync(join(tmpdir(), 'goe-repo-'));
async function repoAt(path: string): Promise<MetadataRepository> {
  const r = await openSqliteRepository({ path });
  open.push(r);
  return r;
}
afterEach(async () => {
  for (const r of open.splice(0)) await r.close();
});

describe('SQLite repository', () => {
  it('records a command with its steps and chunks', async () => {
    const repo = await repoAt(join(tmp(), 'repo', 'goe.sqlite'));
    const at = new Date().toISOString();
    await repo.startCommand({
      id: 'e1',
      command: 'OFFLOAD',
      commandLine: 'goe offload -t sh.sales -x',
      owner: 'SH',
      table: 'SALES',
      startedAt: at,
      logPath: '/l.log',
      goeVersion: '1.4.0',
    });
    await repo.startStep({
      executionId: 'e1',
      stepId: 'STAGING_TRANSPORT',
      title: 'Transport data to staging',
      startedAt: at,
    });
    await repo.endStep('e1', 'STAGING_TRANSPORT', 'SUCCESS', { rows: 3 });
    await repo.startStep({
      executionId: 'e1',
      stepId: 'STAGING_TRANSPORT',
      title: 'Transport data to staging',
      startedAt: at,
    });
    await repo.endStep('e1', 'STAGING_TRANSPORT', 'ERROR');
    await repo.startChunk({ executionId: 'e1', chunkNumber: 1, scope: 'full', startedAt: at });
    await repo.endChunk('e1', 1, 'SUCCESS', 42);
    await repo.endCommand('e1', 'SUCCESS');

    const cmd = await repo.getCommand('e1');
    expect(cmd).toMatchObject({
      id: 'e1',
      status: 'SUCCESS',
      owner: 'SH',
      table: 'SALES',
      logPath: '/l.log',
      commandLine: 'goe offload -t sh.sales -x',
      goeVersion: '1.4.0',
    });
    expect(cmd?.endedAt).toBeDefined();
    expect(cmd).not.toHaveProperty('error');
    const steps = await repo.listSteps('e1');
    expect(steps.map((s) => [s.stepId, s.status])).toEqual([
      ['STAGING_TRANSPORT', 'SUCCESS'],
      ['STAGING_TRANSPORT', 'ERROR'],
    ]);
    expect(steps[0]?.details).toEqual({ rows: 3 });
    expect(await repo.listChunks('e1')).toEqual([
      expect.objectContaining({ chunkNumber: 1, status: 'SUCCESS', rows: 42, scope: 'full' }),
    ]);
    expect(await repo.listCommands({ owner: 'sh', table: 'sales' })).toHaveLength(1);
    expect(await repo.listCommands({ owner: 'SH', table: 'OTHER' })).toHaveLength(0);
    await expect(repo.endCommand('nope', 'ERROR')).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('lists commands newest first and honours limit', async () => {
    const repo = await repoAt(':memory:');
    for (let i = 0; i < 3; i++) {
      await repo.startCommand({
        id: `c${i}`,
        command: 'OFFLOAD',
        commandLine: 'x',
        owner: 'A',
        table: 'B',
        startedAt: `2025-01-0${i + 1}T00:00:00.000Z`,
      });
    }
    expect((await repo.listCommands()).map((c) => c.id)).toEqual(['c2', 'c1', 'c0']);
    expect((await repo.listCommands({ limit: 1 })).map((c) => c.id)).toEqual(['c2']);
    await repo.endCommand('c1', 'LOCKED', 'Another Orchestration process has locked id: A.B');
    expect(await repo.getCommand('c1')).toMatchObject({
      status: 'LOCKED',
      error: 'Another Orchestration process has locked id: A.B',
    });
  });

  it('saves, replaces and deletes offload metadata, matching names case-insensitively', async () => {
    const repo = await repoAt(':memory:');
    const m = {
      owner: 'SH',
      table: 'SALES',
      backendDatabase: 'sh',
      backendTable: 'sales',
      offloadType: 'FULL' as const,
      executionId: 'e1',
      updatedAt: 'now',
      snapshot: '123',
    };
    await repo.saveMetadata(m);
    expect(await repo.getMetadata('sh', 'sales')).toEqual(m);
    await repo.saveMetadata({
      ...m,
      offloadType: 'INCREMENTAL',
      incrementalKey: 'TIME_ID',
      highWaterMark: "DATE '2020-01-01'",
      predicates: ['a', 'b'],
      executionId: 'e2',
    });
    expect(await repo.getMetadata('SH', 'SALES')).toMatchObject({
      offloadType: 'INCREMENTAL',
      predicates: ['a', 'b'],
      executionId: 'e2',
    });
    await repo.deleteMetadata('Sh', 'Sales');
    expect(await repo.getMetadata('SH', 'SALES')).toBeUndefined();
  });

  it('migrates an older file forward and keeps its rows', async () => {
    const path = join(tmp(), 'old.sqlite');
    const db = new BetterSqlite3(path);
    expect(migrate(db, path, 1)).toBe(1);
    db.prepare(
      `INSERT INTO offload_metadata (owner_key, table_key, owner, table_name, backend_database, backend_table,
      offload_type, execution_id, updated_at) VALUES ('SH','SALES','SH','SALES','sh','sales','FULL','e0','t')`,
    ).run();
    db.close();
    const repo = await repoAt(path);
    expect(await repo.schemaVersion()).toBe(SQLITE_SCHEMA_VERSION);
    expect(SQLITE_SCHEMA_VERSION).toBe(MIGRATIONS.length);
    expect(await repo.getMetadata('SH', 'SALES')).toMatchObject({ backendTable: 'sales', executionId: 'e0' });
    const raw = new BetterSqlite3(path, { readonly: true });
    expect(raw.prepare('SELECT execution_id_initial AS i FROM offload_metadata').get()).toEqual({ i: 'e0' });
    expect(raw.prepare('SELECT version FROM schema_version ORDER BY version').all()).toEqual([
      { version: 1 },
      { version: 2 },
      { version: 3 },
      { version: 4 },
      { version: 5 },
      { version: 6 },
      { version: 7 },
    ]);
    raw.close();
    // migration 4: the offloaded table is owned by its source (from the metadata)
    expect(await repo.getTargetOwner('SH', 'SALES')).toMatchObject({ owner: 'SH', table: 'SALES', executionId: 'e0' });
  });

  it('refuses a file written by a newer GOE with a clear error', async () => {
    const path = join(tmp(), 'new.sqlite');
    const db = new BetterSqlite3(path);
    migrate(db, path);
    db.prepare("INSERT INTO schema_version VALUES (99, 'from the future', 'now')").run();
    db.close();
    const err = await openSqliteRepository({ path }).catch((e: unknown) => e);
    expect(isGoeError(err) && err.code).toBe('CONFIG_INVALID');
    expect(String((err as Error).message)).toContain(
      `is at schema version 99, newer than this @goe/repository-sqlite supports (${SQLITE_SCHEMA_VERSION})`,
    );
  });

  it('refuses a file that is not a SQLite database', async () => {
    const path = join(tmp(), 'junk.sqlite');
    writeFileSync(path, 'this is not a database'.repeat(100));
    await expect(openSqliteRepository({ path })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      variable: 'OFFLOAD_REPOSITORY_URL',
    });
  });

  it('uses WAL and a busy timeout', async () => {
    const path = join(tmp(), 'wal.sqlite');
    await repoAt(path);
    const raw = new BetterSqlite3(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('fails after close', async () => {
    const repo = await openSqliteRepository({ path: ':memory:' });
    await repo.close();
    await expect(repo.getCommand('x')).rejects.toMatchObject({ code: 'INTERNAL' });
  });
});

describe('sqlitePathFromUrl', () => {
  it('accepts the documented forms', () => {
    expect(sqlitePathFromUrl('sqlite:/a/b.sqlite')).toBe('/a/b.sqlite');
    expect(sqlitePathFromUrl('sqlite:///a/b%20c.sqlite')).toBe('/a/b c.sqlite');
    expect(sqlitePathFromUrl('sqlite://localhost/a/b.sqlite')).toBe('/a/b.sqlite');
    expect(sqlitePathFromUrl('sqlite:repo/x.sqlite', '/home/goe')).toBe('/home/goe/repo/x.sqlite');
    expect(sqlitePathFromUrl('sqlite::memory:')).toBe(':memory:');
    expect(sqlitePathFromUrl(undefined, '/home/goe/.goe')).toBe('/home/goe/.goe/repo/goe.sqlite');
  });
  it('refuses other schemes and hosts, naming the variable', () => {
    expect(() => sqlitePathFromUrl('postgres://u:p@h/db')).toThrow(/must be sqlite:<path>.*got scheme postgres:/);
    expect(() => sqlitePathFromUrl('sqlite://server/x')).toThrow(/names host server/);
    expect(() => sqlitePathFromUrl('sqlite:')).toThrow(/empty path/);
  });
});
