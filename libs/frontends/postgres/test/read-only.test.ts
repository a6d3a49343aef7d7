/**
 * The PostgreSQL frontend in a preview (`AdapterContext.readOnly`): a `pglite://<dir>` without a database is
 * refused with one clear line instead of being initialised, an existing PGlite directory is read (one engine for
 * the whole file: PGlite starts in seconds), and read-only connections refuse writes on both engines.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { isGoeError, NULL_EVENTS, type AdapterContext, type GoeError } from '@goe/core';
import { postgresFrontend, resolvePostgresSettings } from '../src/index.js';
import { assertSourceExists, createConnector } from '../src/connection.js';
import { pgUrl, staticConfig } from './helpers.js';

let root: string;
let pgDir: string;

const previewCtx = (conn: string): AdapterContext => ({
  config: staticConfig({ POSTGRES_CONN: conn }),
  events: NULL_EVENTS,
  readOnly: true,
});

async function failure(p: Promise<unknown>): Promise<GoeError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isGoeError(err), String(err)).toBe(true);
  return err as GoeError;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'goe-pg-ro-'));
  pgDir = join(root, 'source');
  const db = await PGlite.create(pgDir);
  try {
    await db.exec(`
      CREATE SCHEMA sh;
      CREATE TABLE sh.sales (id bigint PRIMARY KEY, region text NOT NULL, amount numeric(10,2));
      INSERT INTO sh.sales SELECT g, 'r' || (g % 3), g * 1.5 FROM generate_series(1, 250) g;
    `);
  } finally {
    await db.close();
  }
}, 120_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('PostgreSQL frontend, read-only (preview)', () => {
  it('refuses a missing pglite directory without creating it: CONNECTION_FAILED naming POSTGRES_CONN and the directory', async () => {
    const dir = join(root, 'missing', 'pg');
    const err = await failure(postgresFrontend.connect(previewCtx(`pglite://${dir}`)));
    expect(err.code).toBe('CONNECTION_FAILED');
    expect(err.exitCode).toBe(5);
    expect(err.message).toBe(
      `POSTGRES_CONN: no PGlite database in ${dir} (no such directory); a preview does not create one`,
    );
    expect(err.message).not.toContain('\n');
    expect(err.hint).toBe('Run `goe demo` to create the demo database, or point POSTGRES_CONN at an existing database');
    expect(err.variable).toBe('POSTGRES_CONN');
    expect(existsSync(join(root, 'missing'))).toBe(false);
  });

  it('refuses an empty pglite directory and leaves it empty', async () => {
    const dir = join(root, 'empty');
    mkdirSync(dir);
    const err = await failure(postgresFrontend.connect(previewCtx(`pglite://${dir}`)));
    expect(err.message).toBe(
      `POSTGRES_CONN: no PGlite database in ${dir} (empty directory); a preview does not create one`,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses it in the connector too (createConnector with readOnly settings), before PGlite starts', async () => {
    const dir = join(root, 'missing-too');
    const settings = { ...resolvePostgresSettings(staticConfig({ POSTGRES_CONN: `pglite://${dir}` })), readOnly: true };
    const connector = createConnector(settings);
    try {
      const err = await failure(connector.open());
      expect(err.code).toBe('CONNECTION_FAILED');
      expect(err.message).toContain(dir);
    } finally {
      await connector.close();
    }
    expect(existsSync(dir)).toBe(false);
  });

  it('checks nothing for a server, for pglite://memory, or when writable', () => {
    const settings = (conn: string) => resolvePostgresSettings(staticConfig({ POSTGRES_CONN: conn }));
    expect(() => assertSourceExists({ ...settings('postgres://u:pw@h/db'), readOnly: true })).not.toThrow();
    expect(() => assertSourceExists({ ...settings('pglite://memory'), readOnly: true })).not.toThrow();
    expect(() => assertSourceExists(settings(`pglite://${join(root, 'nowhere')}`))).not.toThrow();
  });

  it('reads an existing pglite directory (describeTable, count) and refuses writes', async () => {
    const session = await postgresFrontend.connect(previewCtx(`pglite://${pgDir}`));
    try {
      const table = await session.describeTable('sh', 'sales');
      expect(table.columns.map((c) => c.name)).toEqual(['id', 'region', 'amount']);
      expect(await session.count(table, { kind: 'full' })).toBe(250n);
      // the engine is shared by directory: a read-only connector on it leases read-only transactions
      const connector = createConnector({
        ...resolvePostgresSettings(staticConfig({ POSTGRES_CONN: `pglite://${pgDir}` })),
        readOnly: true,
      });
      try {
        const conn = await connector.open();
        try {
          const err = await failure(conn.query('INSERT INTO sh.sales VALUES (1000, $1, 1)', ['x']));
          expect(err).toMatchObject({ code: 'ENGINE_ERROR', engineCode: '25006' });
        } finally {
          await conn.close();
        }
      } finally {
        await connector.close();
      }
      expect(await session.count(table, { kind: 'full' })).toBe(250n);
    } finally {
      await session.close();
    }
  });

  it('opens read-only transactions on a server too, and never prints the password', async () => {
    const url = pgUrl();
    const connector = createConnector({
      ...resolvePostgresSettings(staticConfig({ POSTGRES_CONN: url })),
      readOnly: true,
    });
    const conn = await connector.open();
    try {
      expect(await conn.query('SHOW default_transaction_read_only')).toEqual([{ default_transaction_read_only: 'on' }]);
      const err = await failure(conn.query('CREATE SCHEMA goe_read_only_refused'));
      expect(err).toMatchObject({ code: 'ENGINE_ERROR', engineCode: '25006' });
      const password = decodeURIComponent(new URL(url).password);
      if (password !== '') expect(`${err.message} ${err.hint ?? ''}`).not.toContain(password);
    } finally {
      await conn.close();
      await connector.close();
    }
  });
});
