import { afterAll, beforeAll, expect, test } from 'vitest';
import pg from 'pg';
import { engineSuite, env, uniqueName } from './engine-env';

for (const [engine, urlVar] of [
  ['postgres', 'GOE_TEST_PG_URL'],
  ['embedded-postgres', 'GOE_TEST_EMBEDDED_PG_URL'],
] as const) {
  engineSuite(engine, [urlVar], () => {
    let client: pg.Client;
    const schema = uniqueName('goe').replace(/-/g, '_');

    beforeAll(async () => {
      client = new pg.Client({ connectionString: env[urlVar], connectionTimeoutMillis: 5000 });
      await client.connect();
    });
    afterAll(async () => {
      await client?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {});
      await client?.end();
    });

    test('version, DDL, typed insert and select', async () => {
      const v = await client.query('SHOW server_version');
      expect(v.rows[0].server_version).toMatch(/^\d+/);
      await client.query(`CREATE SCHEMA ${schema}`);
      await client.query(`CREATE TABLE ${schema}.t (id int PRIMARY KEY, amount numeric(12,2), d date, ts timestamp, note text)`);
      await client.query(`INSERT INTO ${schema}.t VALUES (1, 12.5, '2026-01-31', '2026-01-31 12:34:56.789', 'a'), (2, NULL, NULL, NULL, NULL)`);
      const r = await client.query(`SELECT id, amount, to_char(d, 'YYYY-MM-DD') d, note FROM ${schema}.t ORDER BY id`);
      expect(r.rows).toEqual([
        { id: 1, amount: '12.50', d: '2026-01-31', note: 'a' },
        { id: 2, amount: null, d: null, note: null },
      ]);
    });
  });
}
