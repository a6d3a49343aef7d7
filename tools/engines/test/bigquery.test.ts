import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { afterAll, expect, test } from 'vitest';
import { BigQuery } from '@google-cloud/bigquery';
import { Storage } from '@google-cloud/storage';
import { OAuth2Client } from 'google-auth-library';
import { engineSuite, env, uniqueName } from './engine-env';
import { writeParquet } from './parquet-fixture';

engineSuite('bigquery', ['GOE_TEST_BIGQUERY_ENDPOINT'], () => {
  // @google-cloud/bigquery authenticates even with a custom apiEndpoint (unlike @google-cloud/storage), and a
  // service-account key would make google-auth-library fetch a token from Google: hand it a static fake token
  const authClient = new OAuth2Client();
  authClient.setCredentials({ access_token: 'goe-fake-token', expiry_date: Date.now() + 24 * 3600_000 });
  const bq = new BigQuery({
    projectId: env.GOE_TEST_BIGQUERY_PROJECT,
    apiEndpoint: env.GOE_TEST_BIGQUERY_ENDPOINT,
    authClient,
    autoRetry: false,
  });
  // the emulator crashes on some reserved dataset names (ai/ml/obj/mysql: bigquery-emulator #517)
  const datasetId = uniqueName('goe_ds').replace(/-/g, '_');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'goe-bq-'));

  afterAll(async () => {
    await bq.dataset(datasetId).delete({ force: true }).catch(() => {});
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('dataset, table, Parquet load job with explicit schema, typed query', async () => {
    const [dataset] = await bq.createDataset(datasetId);
    const schema = [
      { name: 'id', type: 'INT64', mode: 'REQUIRED' },
      { name: 'amount', type: 'NUMERIC' },
      { name: 'd', type: 'DATE' },
      { name: 'ts', type: 'TIMESTAMP' },
      { name: 'name', type: 'STRING' },
    ];
    const [table] = await dataset.createTable('offloaded', { schema });
    const file = writeParquet(path.join(tmp, 'part-0001.parquet'));
    // the emulator's PARQUET branch needs the schema in the load config (nil schema -> panic)
    const [job] = await table.load(file, { sourceFormat: 'PARQUET', schema: { fields: schema }, writeDisposition: 'WRITE_APPEND' });
    expect(job.status?.errorResult).toBeUndefined();
    const [rows] = await bq.query({
      query: `SELECT id, amount, d, ts, name FROM \`${env.GOE_TEST_BIGQUERY_PROJECT}.${datasetId}.offloaded\` ORDER BY id`,
      useLegacySql: false,
    });
    expect(rows.map((r: any) => [r.id, r.amount === null ? null : Number(r.amount), r.d?.value ?? null, r.name])).toEqual([
      [1, 12.5, '2026-01-31', 'alpha'],
      [2, -0.01, '1999-12-31', 'beta'],
      [3, null, null, null],
    ]);
    expect(new Date(rows[0].ts.value).toISOString()).toBe('2026-01-31T12:34:56.789Z');
    expect(rows[2].ts).toBeNull();
    const [agg] = await bq.query(`SELECT COUNT(*) n, SUM(amount) s FROM \`${datasetId}.offloaded\``);
    expect(agg[0].n).toBe(3);
  });

  // GOE's BigQuery load path stages files in GCS: the emulator reads gs:// through fake-gcs (STORAGE_EMULATOR_HOST)
  test.skipIf(!env.GOE_TEST_BIGQUERY_GCS_ENDPOINT)('Parquet load job from gs:// (fake-gcs) with explicit schema', async () => {
    const storage = new Storage({
      apiEndpoint: env.GOE_TEST_BIGQUERY_GCS_ENDPOINT,
      projectId: env.GOE_TEST_BIGQUERY_PROJECT,
      credentials: { client_email: 'goe@goe-test.iam.example', private_key: 'unused' }, // never used: custom endpoint
      retryOptions: { autoRetry: false },
    });
    const [bucket] = await storage.createBucket(uniqueName('goe-bq-stage'));
    const file = writeParquet(path.join(tmp, 'part-0002.parquet'));
    await bucket.upload(file, { destination: 'offload/part-0002.parquet', resumable: false });
    const dataset = bq.dataset(datasetId);
    const [exists] = await dataset.exists();
    if (!exists) await dataset.create();
    const schema = [
      { name: 'id', type: 'INT64' },
      { name: 'amount', type: 'NUMERIC' },
      { name: 'd', type: 'DATE' },
      { name: 'ts', type: 'TIMESTAMP' },
      { name: 'name', type: 'STRING' },
    ];
    const [table] = await dataset.createTable('from_gcs', { schema });
    const [job] = await table.load(bucket.file('offload/part-0002.parquet'), { sourceFormat: 'PARQUET', schema: { fields: schema } });
    expect(job.status?.errorResult).toBeUndefined();
    const [rows] = await bq.query(`SELECT id, name FROM \`${datasetId}.from_gcs\` ORDER BY id`);
    expect(rows.map((r: any) => [r.id, r.name])).toEqual([[1, 'alpha'], [2, 'beta'], [3, null]]);
    await bucket.deleteFiles({ force: true });
    await bucket.delete();
  });
});
