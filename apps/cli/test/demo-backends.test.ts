/** `goe demo`'s options and backends, in process: `--backend`/`--rows` checks and the BigQuery demo's variables. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isGoeError } from '@goe/core';
import { bigqueryDemoEnv, DEMO_BACKENDS, demoSettings } from '../src/commands/demo.js';

describe('demoSettings', () => {
  it('defaults to DuckDB and 1,000,000 rows; BigQuery to 50,000; the backend is case-insensitive', () => {
    expect(demoSettings({})).toEqual({ backend: 'duckdb', rows: '1000000' });
    expect(demoSettings({ backend: 'BigQuery' })).toEqual({ backend: 'bigquery', rows: '50000' });
    expect(demoSettings({ backend: 'duckdb', rows: '10' })).toEqual({ backend: 'duckdb', rows: '10' });
  });

  it.each([
    [{ backend: 'snowflake' }, 'Option --backend must be duckdb or bigquery, got "snowflake"'],
    [{ rows: '0' }, 'Option --rows must be a positive integer, got "0"'],
    [{ rows: '1e6' }, 'Option --rows must be a positive integer, got "1e6"'],
  ])('refuses %j', (parsed, message) => {
    let caught: unknown;
    try {
      demoSettings(parsed);
    } catch (e) {
      caught = e;
    }
    expect(isGoeError(caught) && caught.code).toBe('OPTION_INVALID');
    expect((caught as Error).message).toBe(message);
  });
});

describe('the demo backends', () => {
  let server: Server;
  let url = '';
  let status = 200;
  const created: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        created.push(`${req.method} ${req.url} ${body}`);
        res.writeHead(status).end('{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('DuckDB: the warehouse file and local staging', async () => {
    expect(await DEMO_BACKENDS.duckdb.env({}, '/h/warehouse/goe.duckdb', () => undefined)).toEqual({
      QUERY_ENGINE: 'DUCKDB',
      DUCKDB_DATABASE: '/h/warehouse/goe.duckdb',
      OFFLOAD_FS_SCHEME: 'file',
    });
  });

  it('BigQuery on emulators: tools/engines endpoints, project goe-test, the bucket created (or already there)', async () => {
    const lines: string[] = [];
    const env = await DEMO_BACKENDS.bigquery.env(
      { GOE_TEST_BIGQUERY_ENDPOINT: 'http://127.0.0.1:9050', GOE_TEST_GCS_ENDPOINT: url },
      '',
      (l) => lines.push(l),
    );
    expect(env).toEqual({
      QUERY_ENGINE: 'BIGQUERY',
      OFFLOAD_FS_SCHEME: 'gs',
      OFFLOAD_FS_CONTAINER: 'goe-demo',
      BIGQUERY_ENDPOINT: 'http://127.0.0.1:9050',
      OFFLOAD_FS_GCS_ENDPOINT: url,
      BIGQUERY_DATASET_PROJECT: 'goe-test',
    });
    expect(created.at(-1)).toBe('POST /storage/v1/b?project=goe-test {"name":"goe-demo"}');
    expect(lines).toEqual([`BigQuery http://127.0.0.1:9050, staging gs://goe-demo on ${url}`]);
    status = 409;
    await bigqueryDemoEnv({ OFFLOAD_FS_GCS_ENDPOINT: url, OFFLOAD_FS_CONTAINER: 'mine' }, () => undefined);
    expect(created.at(-1)).toBe('POST /storage/v1/b?project=goe-test {"name":"mine"}');
  });

  it('BigQuery: a bucket the emulator will not create is CONNECTION_FAILED', async () => {
    status = 500;
    const e = await bigqueryDemoEnv({ OFFLOAD_FS_GCS_ENDPOINT: url }, () => undefined).catch((x: unknown) => x);
    expect(isGoeError(e) && e.code).toBe('CONNECTION_FAILED');
    expect((e as Error).message).toBe(`Cannot create bucket goe-demo on ${url}: HTTP 500`);
  });

  it("BigQuery on a real project: Google's endpoints, no bucket created, the configured project", async () => {
    const before = created.length;
    const lines: string[] = [];
    const env = await bigqueryDemoEnv(
      { BIGQUERY_DATASET_PROJECT: 'acme-analytics', OFFLOAD_FS_CONTAINER: 'acme-stage' },
      (l) => lines.push(l),
    );
    expect(env).toEqual({
      QUERY_ENGINE: 'BIGQUERY',
      OFFLOAD_FS_SCHEME: 'gs',
      OFFLOAD_FS_CONTAINER: 'acme-stage',
      BIGQUERY_DATASET_PROJECT: 'acme-analytics',
    });
    expect(created.length).toBe(before);
    expect(lines).toEqual(["BigQuery (Google's endpoint), staging gs://acme-stage on Google's endpoint"]);
    expect(await bigqueryDemoEnv({ BIGQUERY_ENDPOINT: 'https://bq.example' }, () => undefined)).not.toHaveProperty(
      'BIGQUERY_DATASET_PROJECT',
    );
  });

  it('BigQuery looks at the result through the offload (its verification counted the rows)', async () => {
    expect(
      await DEMO_BACKENDS.bigquery.look({ rows: 5, target: { database: 'sh', table: 'sales' } }, '', {
        BIGQUERY_ENDPOINT: 'http://127.0.0.1:9050',
      }),
    ).toEqual({ rows: 5, sample: [], where: 'sh.sales, http://127.0.0.1:9050' });
    expect((await DEMO_BACKENDS.bigquery.look({ rows: 1, target: { database: 'a', table: 'b' } }, '', {})).where).toBe(
      'a.b, BigQuery',
    );
  });
});
