import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import snowflake from 'snowflake-sdk';
import { engineSuite, env, uniqueName } from './engine-env';
import { writeParquet } from './parquet-fixture';
import { tcpOpen } from '../lib/common.mjs';

engineSuite('snowflake', ['GOE_TEST_SNOWFLAKE_ACCESS_URL'], () => {
  let conn: snowflake.Connection;
  const db = uniqueName('GOE_DB').replace(/-/g, '_').toUpperCase();

  const exec = (sqlText: string, binds?: snowflake.Binds) =>
    new Promise<any[]>((resolve, reject) =>
      conn.execute({ sqlText, binds, complete: (err, _stmt, rows) => (err ? reject(err) : resolve(rows ?? [])) }),
    );

  beforeAll(async () => {
    snowflake.configure({ logLevel: 'ERROR' });
    // fail fast instead of the driver's ~95 s login retry loop when nothing listens
    const port = Number(env.GOE_TEST_SNOWFLAKE_PORT);
    if (!(await tcpOpen(port))) throw new Error(`nothing listens on ${env.GOE_TEST_SNOWFLAKE_ACCESS_URL}`);
    conn = snowflake.createConnection({
      accessUrl: env.GOE_TEST_SNOWFLAKE_ACCESS_URL,
      account: env.GOE_TEST_SNOWFLAKE_ACCOUNT,
      username: env.GOE_TEST_SNOWFLAKE_USER,
      password: env.GOE_TEST_SNOWFLAKE_PASSWORD,
      sfRetryMaxLoginRetries: 0, // default login retries take ~95 s to give up on a refused port; 0 -> under 1 s
      timeout: 10_000,
    } as snowflake.ConnectionOptions);
    // connectAsync(cb) resolves even when the login fails (the error only reaches cb): wrap connect() instead
    await new Promise<void>((resolve, reject) => conn.connect((err) => (err ? reject(err) : resolve())));
  });
  afterAll(async () => {
    if (!conn) return;
    await exec(`DROP DATABASE IF EXISTS ${db}`).catch(() => {});
    await new Promise((r) => conn.destroy(r));
  });

  test('login, DDL and a typed SELECT (NUMBER scale, DATE, TIMESTAMP_NTZ/TZ, NULLs) through the JSON proxy', async () => {
    await exec(`CREATE DATABASE ${db}`);
    await exec(`USE DATABASE ${db}`);
    await exec('CREATE SCHEMA OFFLOAD');
    await exec('USE SCHEMA OFFLOAD');
    await exec(`CREATE TABLE T (ID NUMBER(10,0), AMOUNT NUMBER(12,2), D DATE, TS_NTZ TIMESTAMP_NTZ, TS_TZ TIMESTAMP_TZ, NAME VARCHAR, FLAG BOOLEAN)`);
    // fakesnow/DuckDB: a TIMESTAMP_TZ literal with '+00:00' fails ("Unknown TimeZone '+00:00'"); '+00' works
    const ins = await exec(`INSERT INTO T VALUES
      (1, 12.50, '2026-01-31', '2026-01-31 12:34:56.789', '2026-01-31 12:34:56.789+00', 'alpha', TRUE),
      (2, -0.01, '1999-12-31', '1999-12-31 23:59:59', '1999-12-31 23:59:59+00', 'beta', FALSE),
      (3, NULL, NULL, NULL, NULL, NULL, NULL)`);
    expect(ins[0]['number of rows inserted']).toBe(3);
    const rows = await exec('SELECT ID, AMOUNT, D, TS_NTZ, TS_TZ, NAME, FLAG FROM T ORDER BY ID');
    expect(rows.map((r) => [r.ID, r.AMOUNT, r.NAME, r.FLAG])).toEqual([
      [1, 12.5, 'alpha', true],
      [2, -0.01, 'beta', false],
      [3, null, null, null],
    ]);
    // snowflake-sdk returns DATE / TIMESTAMP_* as Date-like objects
    expect(new Date(rows[0].D).toISOString()).toBe('2026-01-31T00:00:00.000Z');
    expect(new Date(rows[0].TS_NTZ).toISOString()).toBe('2026-01-31T12:34:56.789Z');
    expect(new Date(rows[0].TS_TZ).toISOString()).toBe('2026-01-31T12:34:56.789Z');
    expect(new Date(rows[1].D).toISOString()).toBe('1999-12-31T00:00:00.000Z');
    expect(rows[2].D).toBeNull();
    expect(rows[2].TS_NTZ).toBeNull();
    expect(rows[2].TS_TZ).toBeNull();
    // scale survives as text too
    const txt = await exec('SELECT TO_VARCHAR(AMOUNT) A FROM T WHERE ID = 1');
    expect(txt[0].A).toMatch(/^12\.50?$/);
  });

  test('external stage over a local Parquet file and COPY INTO ... MATCH_BY_COLUMN_NAME', async () => {
    // GOE stages in S3/GCS/Azure; fakesnow reads sources through DuckDB, whose httpfs extension cannot be
    // downloaded here, so the nearest supported path is an external stage with a file:// URL.
    const dir = path.join(env.GOE_TEST_SNOWFLAKE_STAGE_DIR, uniqueName('stage'));
    fs.mkdirSync(dir, { recursive: true });
    writeParquet(path.join(dir, 'part-0001.parquet'));
    await exec(`USE DATABASE ${db}`);
    await exec('USE SCHEMA OFFLOAD');
    await exec('CREATE TABLE LOADED (ID NUMBER(18,0), AMOUNT NUMBER(12,2), D DATE, TS TIMESTAMP_NTZ, NAME VARCHAR)');
    await exec(`CREATE STAGE GOE_STAGE URL='file://${dir}/'`);
    const copied = await exec(
      "COPY INTO LOADED FROM @GOE_STAGE FILE_FORMAT = (TYPE = 'PARQUET') MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE",
    );
    expect(copied.length).toBe(1);
    const rows = await exec('SELECT ID, AMOUNT, D, TS, NAME FROM LOADED ORDER BY ID');
    expect(rows.map((r) => [r.ID, r.AMOUNT, r.NAME])).toEqual([
      [1, 12.5, 'alpha'],
      [2, -0.01, 'beta'],
      [3, null, null],
    ]);
    expect(new Date(rows[0].D).toISOString()).toBe('2026-01-31T00:00:00.000Z');
    expect(new Date(rows[0].TS).toISOString()).toBe('2026-01-31T12:34:56.789Z');
    expect(rows[2].TS).toBeNull();
  });
});
