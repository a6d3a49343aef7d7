/**
 * DuckDB never installs or loads an extension on its own (no download is attempted: this machine has no network),
 * and a DUCKDB_DATABASE that is not a DuckDB database file fails with one clear CONFIG_INVALID and stays unchanged.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isGoeError, type AdapterContext } from '@goe/core';
import { DuckdbConnection, duckdbBackend, duckdbInstanceOptions, resolveDuckdbSettings } from '../src/index.js';
import { config, context, tempDir } from './support/harness.js';

let tmp: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  tmp = await tempDir('goe-duckdb-notdb-');
});
afterEach(async () => {
  await tmp.cleanup();
});

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** A real SQLite database file with one table and a row. */
function sqliteFile(path: string): void {
  const db = new Database(path);
  try {
    db.exec(`CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);`);
  } finally {
    db.close();
  }
}

async function connectError(ctx: AdapterContext): Promise<unknown> {
  return duckdbBackend.connect(ctx).then(
    async (session) => {
      await session.close();
      return undefined;
    },
    (e: unknown) => e,
  );
}

describe('DuckDB extensions and foreign files', () => {
  it('opens every instance with automatic extension install and load off', async () => {
    const settings = resolveDuckdbSettings(config({ DUCKDB_DATABASE: join(tmp.dir, 'wh.duckdb') }));
    expect(duckdbInstanceOptions(settings)).toMatchObject({
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    });
    const sql = `SELECT current_setting('autoinstall_known_extensions'), current_setting('autoload_known_extensions')`;
    for (const s of [settings, { ...settings, readOnly: true }, { ...settings, database: ':memory:' }]) {
      const conn = await DuckdbConnection.open(s);
      try {
        expect(await conn.rows(sql)).toEqual([[false, false]]);
      } finally {
        await conn.close();
      }
    }
  });

  it('refuses a SQLite file with CONFIG_INVALID naming DUCKDB_DATABASE, and leaves it unchanged', async () => {
    const database = join(tmp.dir, 'repo.sqlite');
    sqliteFile(database);
    const before = sha256(database);
    for (const ctx of [
      context({ DUCKDB_DATABASE: database }),
      { ...context({ DUCKDB_DATABASE: database }), readOnly: true },
    ]) {
      const err = await connectError(ctx);
      expect(isGoeError(err), String(err)).toBe(true);
      if (!isGoeError(err)) return;
      expect(err.code).toBe('CONFIG_INVALID');
      expect(err.exitCode).toBe(2);
      expect(err.variable).toBe('DUCKDB_DATABASE');
      expect(err.message).toBe(`DUCKDB_DATABASE ${database} is a SQLite database, not a DuckDB database file`);
      expect(err.message).not.toMatch(/download|extension|http/i);
    }
    expect(sha256(database)).toBe(before);
    expect(readdirSync(tmp.dir)).toEqual(['repo.sqlite']); // no WAL, no .tmp
  });

  it('refuses any other non-DuckDB file the same way, through DuckdbConnection too', async () => {
    const junk = join(tmp.dir, 'notes.duckdb');
    writeFileSync(junk, 'not a database\n'.repeat(100));
    const empty = join(tmp.dir, 'empty.duckdb');
    writeFileSync(empty, '');
    for (const [path, what] of [
      [junk, 'not a DuckDB database'],
      [empty, 'an empty file'],
    ] as const) {
      const before = sha256(path);
      await expect(
        DuckdbConnection.open(resolveDuckdbSettings(config({ DUCKDB_DATABASE: path }))),
      ).rejects.toMatchObject({
        code: 'CONFIG_INVALID',
        variable: 'DUCKDB_DATABASE',
        message: `DUCKDB_DATABASE ${path} is ${what}, not a DuckDB database file`,
      });
      expect(sha256(path)).toBe(before);
    }
  });
});
