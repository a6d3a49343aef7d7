/**
 * describeSlice: connection facts without the password, the secret reference, the SQL of the slice's COPY with
 * literals inline (run here with plain pg it returns the slice's rows, in the shared snapshot), and PGlite refused.
 */
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { sliceConnection, sliceSnapshot } from '../src/slice-source.js';
import { openSession, uniqueSchema } from './helpers.js';

describe('sliceConnection', () => {
  it('keeps host, port, database, user and options, never the password', () => {
    const c = sliceConnection('postgres://goe%40x:Pa55-w0rd@db1:6432/sales?sslmode=require&password=Pa55-w0rd');
    expect(c).toEqual({
      protocol: 'postgres',
      host: 'db1',
      port: 6432,
      database: 'sales',
      user: 'goe@x',
      options: { sslmode: 'require' },
    });
    expect(JSON.stringify(c)).not.toContain('Pa55');
    expect(sliceConnection('postgresql://h')).toEqual({ protocol: 'postgres', host: 'h', port: 5432 });
  });
});

describe('sliceSnapshot', () => {
  it('imports an exported snapshot after the session settings and BEGIN; none without one', () => {
    const exported = sliceSnapshot({ kind: 'exported-snapshot', id: '00000003-0000001B-1', release: async () => {} });
    expect(exported.setup.at(-2)).toMatch(/^BEGIN ISOLATION LEVEL REPEATABLE READ/);
    expect(exported.setup.at(-1)).toBe("SET TRANSACTION SNAPSHOT '00000003-0000001B-1'");
    expect(exported.setup[0]).toBe("SET TimeZone = 'UTC'");
    expect(sliceSnapshot(undefined)).toMatchObject({ kind: 'none', id: 'none' });
  });
});

describe('describeSlice', () => {
  it('describes each slice with SQL that plain pg runs in the snapshot', async () => {
    const { session } = await openSession('pg');
    const schema = uniqueSchema('goe_slice_src');
    try {
      await session.query(
        `CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.t (id int8 PRIMARY KEY, amount numeric(12,2), note text) PARTITION BY RANGE (id);
         CREATE TABLE ${schema}.t_a PARTITION OF ${schema}.t FOR VALUES FROM (0) TO (10);
         CREATE TABLE ${schema}.t_b PARTITION OF ${schema}.t FOR VALUES FROM (10) TO (20);
         INSERT INTO ${schema}.t SELECT g, g * 1.5, 'it''s ' || g FROM generate_series(0, 19) g`,
      );
      const table = await session.describeTable(schema, 't');
      const slices = await session.planSlices(table, { kind: 'full' }, 2);
      expect(slices).toHaveLength(2);
      const snapshot = await session.snapshot();
      try {
        const sources = await Promise.all(slices.map((s) => session.describeSlice!(table, s, { snapshot })));
        await session.query(`DELETE FROM ${schema}.t`);
        const seen: string[] = [];
        for (const [i, source] of sources.entries()) {
          expect(source.sliceId).toBe(slices[i]!.id);
          expect(source.frontend).toBe('postgres');
          expect(source.secret).toEqual({ ref: 'POSTGRES_CONN', resolve: 'env', field: 'url' });
          expect(source.columns.map((c) => c.name)).toEqual(table.columns.map((c) => c.canonical.name));
          expect(source.snapshot?.id).toBe(snapshot.id);
          // No password field, no password in a URL; a password long enough to be distinctive appears nowhere (a
          // server whose password is a common word, e.g. 'goe', would match table or column names).
          const password = decodeURIComponent(new URL(session.settings.url!).password);
          const json = JSON.stringify(source);
          expect(Object.keys(source.connection)).not.toContain('password');
          if (password !== '') expect(json).not.toContain(`:${password}@`);
          if (password.length >= 8) expect(json).not.toContain(password);
          const { host, port, database, user } = source.connection;
          const client = new pg.Client({
            host,
            port,
            database,
            user,
            password: new URL(session.settings.url!).password,
          });
          await client.connect();
          try {
            for (const s of source.snapshot!.setup) await client.query(s);
            const rows = (await client.query<Record<string, string>>(source.sql)).rows;
            await client.query('COMMIT');
            seen.push(...rows.map((r) => String(r[source.columns[0]!.name])));
          } finally {
            await client.end();
          }
        }
        expect(seen.map(Number).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
      } finally {
        await snapshot.release();
      }
    } finally {
      await session.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await session.close();
    }
  });

  it('refuses PGlite, which nothing outside this process can reach', async () => {
    const { session } = await openSession('pglite');
    try {
      await session.query('CREATE TABLE t (id int8 PRIMARY KEY)');
      const table = await session.describeTable('public', 't');
      const [slice] = await session.planSlices(table, { kind: 'full' }, 1);
      await expect(session.describeSlice!(table, slice!)).rejects.toMatchObject({
        code: 'CONFIG_INVALID',
        message: expect.stringMatching(/pglite/),
      });
    } finally {
      await session.close();
    }
  });
});
