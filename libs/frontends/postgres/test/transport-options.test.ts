/**
 * Transport options on the PostgreSQL frontend: `--offload-transport-snapshot` (read at a snapshot another
 * transaction exported: rows committed after it stay out of the offload, into DuckDB) and `--verify-parallelism`
 * (`SET LOCAL max_parallel_workers_per_gather` inside the verification read's transaction).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { countPgliteStatements, countPgQueries, createStatementCounter } from '@goe/conformance';
import { isGoeError, type SourceTable } from '@goe/core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SNAPSHOT_ID_PATTERN } from '../src/snapshot.js';
import { verificationSetupSql } from '../src/verify.js';
import type { PostgresFrontendSession } from '../src/index.js';
import { openSession, pgUrl, uniqueSchema } from './helpers.js';
import { offloadToDuckdb, openWarehouse, type Warehouse } from './e2e/offload.js';

async function thrown(p: Promise<unknown>): Promise<Error & { code?: string; variable?: string }> {
  try {
    await p;
  } catch (e) {
    return e as Error & { code?: string; variable?: string };
  }
  throw new Error('expected a failure');
}

describe('--offload-transport-snapshot on a PostgreSQL server', () => {
  let session: PostgresFrontendSession;
  let table: SourceTable;
  let dir: string;
  let warehouse: Warehouse;
  const schema = uniqueSchema('goe_given_snap');

  beforeAll(async () => {
    ({ session } = await openSession('pg'));
    await session.query(`CREATE SCHEMA ${schema};
      CREATE TABLE ${schema}.t (id int PRIMARY KEY, v text NOT NULL);
      INSERT INTO ${schema}.t SELECT g, 'a' || g FROM generate_series(1, 100) g;
      ANALYZE ${schema}.t;`);
    table = await session.describeTable(schema, 't');
    dir = await mkdtemp(join(tmpdir(), 'goe-given-snap-'));
    warehouse = await openWarehouse(dir);
  }, 60_000);
  afterAll(async () => {
    await warehouse?.close();
    await session?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await session?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("offloads the rows as of session A's exported snapshot, not session B's later inserts", async () => {
    const a = new pg.Client({ connectionString: pgUrl() });
    const b = new pg.Client({ connectionString: pgUrl() });
    await a.connect();
    await b.connect();
    try {
      await a.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      const token = (await a.query<{ id: string }>('SELECT pg_export_snapshot() AS id')).rows[0]!.id;
      expect(token).toMatch(SNAPSHOT_ID_PATTERN);
      await b.query(`INSERT INTO ${schema}.t SELECT g, 'b' || g FROM generate_series(101, 150) g`);
      expect(await session.count(table, { kind: 'full' })).toBe(150n);

      const given = await session.snapshot(token);
      expect(given).toMatchObject({ kind: 'exported-snapshot', id: token });
      expect(await session.count(table, { kind: 'full' }, given)).toBe(100n);
      expect(await session.count(table, { kind: 'full' }, given, { parallelism: 2 })).toBe(100n);
      await given.release();

      const r = await offloadToDuckdb({
        frontend: session,
        source: table,
        warehouse,
        database: 'snap',
        table: 't',
        snapshotToken: token,
      });
      expect(r.loaded).toBe(100n);
      expect(await warehouse.backend.count('snap', 't')).toBe(100n);
      expect(await warehouse.backend.aggregate('snap', 't', [{ column: 'id', fn: 'max' }])).toEqual({
        'max(id)': '100',
      });
    } finally {
      await a.query('COMMIT').catch(() => undefined);
      await a.end();
      await b.end();
    }
  }, 60_000);

  it('refuses a token of another form before using it, and one the server does not know', async () => {
    for (const bad of ["x'; DROP TABLE t; --", '0000000a-0000001b-1', '00000003-0000001B-1-x', '']) {
      const e = await thrown(session.snapshot(bad));
      expect(isGoeError(e) && [e.code, e.variable]).toEqual(['OPTION_INVALID', '--offload-transport-snapshot']);
      expect(e.message).toMatch(/is not an exported snapshot id/);
    }
    const unknown = await thrown(session.snapshot('00000003-0000FFFF-1'));
    expect(unknown.code).toBe('OPTION_INVALID');
    expect(unknown.message).toMatch(/cannot be imported \(the transaction that exported it must stay open/);
  });
});

describe('--offload-transport-snapshot on PGlite', () => {
  it('is refused clearly (one connection, no exported snapshots)', async () => {
    const { session } = await openSession('pglite');
    try {
      expect(session.capabilities.snapshot).toBe('none');
      const e = await thrown(session.snapshot('00000003-0000001B-1'));
      expect(isGoeError(e) && [e.code, e.variable]).toEqual(['OPTION_INVALID', '--offload-transport-snapshot']);
      expect(e.message).toMatch(/PGlite cannot read at a given snapshot/);
    } finally {
      await session.close();
    }
  });
});

describe('--verify-parallelism', () => {
  it('renders SET LOCAL max_parallel_workers_per_gather (0/1 serial) and refuses what is not an integer 0…1024', () => {
    expect(verificationSetupSql({ parallelism: 8 })).toEqual(['SET LOCAL max_parallel_workers_per_gather = 8']);
    expect(verificationSetupSql({ parallelism: 1 })).toEqual(['SET LOCAL max_parallel_workers_per_gather = 0']);
    expect(verificationSetupSql({ parallelism: 0 })).toEqual(['SET LOCAL max_parallel_workers_per_gather = 0']);
    expect(verificationSetupSql({})).toEqual([]);
    expect(verificationSetupSql()).toEqual([]);
    for (const bad of [-1, 1.5, 5000])
      expect(() => verificationSetupSql({ parallelism: bad })).toThrow(/--verify-parallelism/);
  });

  it.each(['pg', 'pglite'] as const)(
    '%s: the count and aggregate run the SET inside their transaction',
    async (engine) => {
      const { session } = await openSession(engine);
      const schema = uniqueSchema('goe_verify_par');
      const counter = createStatementCounter();
      const restore =
        engine === 'pg'
          ? countPgQueries(counter, pg.Client.prototype)
          : countPgliteStatements(counter, PGlite.prototype);
      try {
        await session.query(`CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.t (id int PRIMARY KEY);
        INSERT INTO ${schema}.t SELECT generate_series(1, 10)`);
        const table = await session.describeTable(schema, 't');
        const snapshot = engine === 'pg' ? await session.snapshot() : undefined;
        try {
          for (const snap of [undefined, snapshot]) {
            const counted = await counter.measure(() =>
              session.count(table, { kind: 'full' }, snap, { parallelism: 4 }),
            );
            expect(counted.result).toBe(10n);
            const text = counted.statements.join('\n');
            expect(text).toMatch(
              /BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY[\s\S]*SET LOCAL max_parallel_workers_per_gather = 4[\s\S]*count\(\*\)[\s\S]*COMMIT/,
            );
            const agg = await counter.measure(() =>
              session.aggregate(table, { kind: 'full' }, [{ column: 'id', fn: 'max' }], snap, { parallelism: 1 }),
            );
            expect(agg.result).toEqual({ 'max(id)': '10' });
            expect(agg.statements.join('\n')).toMatch(/SET LOCAL max_parallel_workers_per_gather = 0/);
          }
          const plain = await counter.measure(() => session.count(table, { kind: 'full' }));
          expect(plain.statements.join('\n')).not.toMatch(/max_parallel_workers_per_gather/);
        } finally {
          await snapshot?.release();
        }
      } finally {
        restore();
        await session.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
        await session.close();
      }
    },
    60_000,
  );

  it('a failing verification read is rolled back: the session (its held metadata connection) reads on', async () => {
    const { session } = await openSession('pg');
    const schema = uniqueSchema('goe_verify_rb');
    try {
      await session.query(
        `CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.t (id int); CREATE TABLE ${schema}.u (id int)`,
      );
      const t = await session.describeTable(schema, 't');
      await session.query(`DROP TABLE ${schema}.t`);
      await expect(session.count(t, { kind: 'full' }, undefined, { parallelism: 2 })).rejects.toThrow();
      const u = await session.describeTable(schema, 'u');
      expect(await session.count(u, { kind: 'full' }, undefined, { parallelism: 2 })).toBe(0n);
    } finally {
      await session.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
      await session.close();
    }
  }, 60_000);
});
