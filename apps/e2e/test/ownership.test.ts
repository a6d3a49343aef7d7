/**
 * Ownership of backend tables and cleanup after failures, on PostgreSQL (PGlite) → DuckDB through the real
 * adapters: a table another source's offload owns, or that GOE did not create, is never overwritten or filled
 * without --force; a refused offload leaves no table behind and its plain rerun works.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type OffloadOptions } from '@goe/core';
import { offload } from '@goe/stack';
import { createSourceTemplate, embeddedHome, repositoryOf, SALES_SQL, warehouse } from './support.js';

let template = '';
beforeAll(async () => {
  template = await createSourceTemplate(`${SALES_SQL}
    CREATE TABLE sh.t2 (id integer PRIMARY KEY, region varchar(10), amount numeric(12,2), sold_at timestamp, note text);
    INSERT INTO sh.t2 VALUES (100, 'X', 1.00, NULL, 'other source');
    CREATE TABLE sh.big (id integer PRIMARY KEY, v text);
    INSERT INTO sh.big SELECT g, 'v' || g FROM generate_series(1, 1000) g;`);
}, 180_000);

type Env = Record<string, string>;
const run = (env: Env, options: OffloadOptions) =>
  offload({ execute: true, createBackendDb: true, ...options }, { env });
const fail = (env: Env, options: OffloadOptions) =>
  run(env, options).then(
    () => {
      throw new Error('expected the offload to fail');
    },
    (e: Error & { code?: string; hint?: string }) => e,
  );
const ids = async (env: Env, table: string) =>
  (await warehouse(env, `SELECT id FROM goe.sh.${table} ORDER BY id`)).map((r) => Number(r[0]));

describe('ownership of backend tables, PostgreSQL → DuckDB', { timeout: 120_000 }, () => {
  it("refuses to reset another source's table, names the owner, and keeps its data and metadata", async () => {
    const { home, env } = embeddedHome(template);
    const first = await run(env, { table: 'SH.SALES' });
    for (const extra of [{ resetBackendTable: true }, {}]) {
      const e = await fail(env, { table: 'sh.t2', targetName: 'sh.sales', ...extra });
      expect(e.code).toBe('TARGET_NOT_OWNED');
      expect(e.message).toBe(
        "Backend table sh.sales belongs to the offload of sh.sales: offloading sh.t2 into it would overwrite that offload's data",
      );
      expect(e.hint).not.toMatch(/^Offload with --reset-backend-table/);
    }
    expect(await ids(env, 'sales')).toEqual([1, 2, 3, 4, 5]);
    const repo = await repositoryOf(home);
    try {
      expect((await repo.getMetadata('SH', 'SALES'))?.executionId).toBe(first.executionId);
      expect(await repo.getMetadata('SH', 'T2')).toBeUndefined();
    } finally {
      await repo.close();
    }
    // a rerun of the owner still knows its table
    expect((await fail(env, { table: 'SH.SALES' })).code).toBe('ALREADY_OFFLOADED');
  });

  it('takes a table over only with --force, leaving one metadata row per backend table', async () => {
    const { home, env } = embeddedHome(template);
    await run(env, { table: 'SH.SALES' });
    const r = await run(env, { table: 'sh.t2', targetName: 'sh.sales', resetBackendTable: true, force: true });
    expect(r.rows).toBe(1);
    expect(await ids(env, 'sales')).toEqual([100]);
    const repo = await repositoryOf(home);
    try {
      expect(await repo.getMetadata('SH', 'SALES')).toBeUndefined();
      expect(await repo.getMetadata('SH', 'T2')).toMatchObject({ backendTable: 'sales' });
      expect(await repo.getTargetOwner('sh', 'sales')).toMatchObject({ owner: 'sh', table: 't2' });
    } finally {
      await repo.close();
    }
  });

  it("refuses to drop or fill a user's own DuckDB table without --force", async () => {
    const { env } = embeddedHome(template);
    await run(env, { table: 'SH.SALES' }); // creates the warehouse and the sh schema
    await warehouse(
      env,
      "CREATE TABLE goe.sh.t2 (id INTEGER, mine VARCHAR); INSERT INTO goe.sh.t2 VALUES (7, 'keep me')",
    );
    const reset = await fail(env, { table: 'SH.T2', resetBackendTable: true });
    expect(reset.code).toBe('TARGET_NOT_OWNED');
    expect(reset.message).toBe('Backend table sh.t2 was not created by GOE: --reset-backend-table would drop it');
    const plain = await fail(env, { table: 'SH.T2' });
    expect(plain.code).toBe('ALREADY_OFFLOADED');
    expect(plain.hint).toContain('--reset-backend-table --force');
    expect(await warehouse(env, 'SELECT id, mine FROM goe.sh.t2')).toEqual([[7, 'keep me']]);
    await warehouse(env, 'DELETE FROM goe.sh.t2');
    const empty = await fail(env, { table: 'SH.T2' });
    expect(empty.code).toBe('TARGET_NOT_OWNED');
    expect(empty.message).toBe('Empty table sh.t2 was not created by GOE. Offload with --force to populate it');
  });

  it('a refused offload leaves no table behind; the plain rerun is refused the same way, and a correct one works', async () => {
    const { home, env } = embeddedHome(template);
    const refused = await fail(env, { table: 'SH.BIG', integer1Columns: 'id' });
    expect(refused.code).toBe('TYPE_LOSSY_CONVERSION');
    const tables = await warehouse(env, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'big'");
    expect(Number(tables[0]![0])).toBe(0);
    const again = await fail(env, { table: 'SH.BIG', integer1Columns: 'id' });
    expect(again.code).toBe('TYPE_LOSSY_CONVERSION'); // the same refusal, not a raw DuckDB conversion error
    const ok = await run(env, { table: 'SH.BIG' });
    expect(ok.rows).toBe(1000);
    const repo = await repositoryOf(home);
    try {
      expect((await repo.listCommands({ owner: 'SH', table: 'BIG' })).map((c) => c.status)).toEqual([
        'SUCCESS',
        'ERROR',
        'ERROR',
      ]);
      expect(await repo.getTargetOwner('sh', 'big')).toMatchObject({ executionId: ok.executionId });
    } finally {
      await repo.close();
    }
  });
});
