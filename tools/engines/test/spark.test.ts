import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, expect, test } from 'vitest';
import pg from 'pg';
import { parquetReadObjects } from 'hyparquet';
import { engineSuite, env, uniqueName } from './engine-env';

engineSuite('spark', ['GOE_TEST_SPARK_SUBMIT', 'GOE_TEST_PG_URL'], () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'goe-spark-'));
  const table = uniqueName('goe_spark_src').replace(/-/g, '_');
  afterAll(async () => {
    const c = new pg.Client({ connectionString: env.GOE_TEST_PG_URL });
    await c.connect();
    await c.query(`DROP TABLE IF EXISTS ${table}`);
    await c.end();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('spark-submit --master local[2]: PostgreSQL over JDBC -> Parquet', async () => {
    const c = new pg.Client({ connectionString: env.GOE_TEST_PG_URL });
    await c.connect();
    await c.query(`CREATE TABLE ${table} (id int PRIMARY KEY, amount numeric(12,2), d date, name text)`);
    await c.query(`INSERT INTO ${table} SELECT g, g * 1.25, DATE '2026-01-01' + g, 'row ' || g FROM generate_series(1, 500) g`);
    await c.query(`INSERT INTO ${table} VALUES (501, NULL, NULL, NULL)`);
    await c.end();

    const u = new URL(env.GOE_TEST_PG_URL);
    const jdbcUrl = `jdbc:postgresql://${u.hostname}:${u.port}${u.pathname}`;
    const out = path.join(tmp, 'out');
    const r = spawnSync(
      env.GOE_TEST_SPARK_SUBMIT,
      ['--master', env.GOE_TEST_SPARK_MASTER, '--jars', env.GOE_TEST_SPARK_JDBC_JARS, '--driver-memory', '1g',
        '--conf', 'spark.ui.enabled=false', path.join(__dirname, 'spark', 'pg_to_parquet.py'),
        jdbcUrl, decodeURIComponent(u.username), decodeURIComponent(u.password), table, out],
      {
        encoding: 'utf8',
        timeout: 240_000,
        env: { ...process.env, PYSPARK_PYTHON: env.GOE_TEST_SPARK_PYTHON, SPARK_LOCAL_IP: '127.0.0.1', SPARK_LOCAL_HOSTNAME: 'localhost' },
      },
    );
    expect(r.status, `${r.stdout}\n${r.stderr}`.slice(-3000)).toBe(0);
    expect(r.stdout).toContain('GOE_ROWS_WRITTEN=501');
    const parts = fs.readdirSync(out).filter((f) => f.endsWith('.parquet'));
    expect(parts.length).toBeGreaterThanOrEqual(1);
    let rows: any[] = [];
    for (const p of parts) {
      const buf = fs.readFileSync(path.join(out, p));
      const file = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
      rows = rows.concat(await parquetReadObjects({ file }));
    }
    rows.sort((a, b) => a.id - b.id);
    expect(rows.length).toBe(501);
    expect(rows[0]).toMatchObject({ id: 1, name: 'row 1' });
    expect(Number(rows[0].amount)).toBe(1.25);
    expect(rows[500]).toMatchObject({ id: 501, amount: null, d: null, name: null });
  }, 300_000);
});
