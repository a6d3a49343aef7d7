/** Settings, KMS key names and client options; the emulator's client reaches bigquery-emulator through the SDK. */
import { BigQuery } from '@google-cloud/bigquery';
import { randomBytes } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { emulatorDescribe } from '../../../../tools/test-support/emulator-describe.js';
import { COMMON_CONFIG, isGoeError, loadConfig } from '@goe/core';
import {
  BIGQUERY_CONFIG,
  bigqueryClientOptions,
  bigquerySettings,
  isLoopbackEndpoint,
  kmsKeyName,
} from '../src/index.js';

const config = (env: Record<string, string>) =>
  loadConfig({ schemas: [COMMON_CONFIG, BIGQUERY_CONFIG], env, file: false });
const endpoint = inject('bigqueryEndpoint');
const missing = inject('bigqueryMissing');

describe('bigquerySettings and kmsKeyName', () => {
  it('reads GOE variables with their defaults', () => {
    expect(bigquerySettings(config({}))).toEqual({ maximumBytesBilled: 1099511627776 });
    expect(
      bigquerySettings(
        config({
          BIGQUERY_DATASET_PROJECT: 'acme-analytics',
          BIGQUERY_DATASET_LOCATION: 'EU',
          BIGQUERY_ENDPOINT: 'http://127.0.0.1:9050',
          GOOGLE_APPLICATION_CREDENTIALS: '/etc/goe/sa.json',
          GOOGLE_KMS_KEY_RING_LOCATION: 'europe-west2',
          GOOGLE_KMS_KEY_RING_NAME: 'goe',
          GOOGLE_KMS_KEY_NAME: 'tables',
          BIGQUERY_MAXIMUM_BYTES_BILLED: '1000000',
        }),
      ),
    ).toEqual({
      project: 'acme-analytics',
      location: 'EU',
      endpoint: 'http://127.0.0.1:9050',
      keyFilename: '/etc/goe/sa.json',
      kmsKeyName: 'projects/acme-analytics/locations/europe-west2/keyRings/goe/cryptoKeys/tables',
      maximumBytesBilled: 1000000,
    });
    expect(bigquerySettings(undefined)).toEqual({ maximumBytesBilled: 1099511627776 });
  });

  it('takes a full KMS resource name as given, and names the missing ring variables', () => {
    const full = 'projects/k/locations/eu/keyRings/r/cryptoKeys/c';
    expect(kmsKeyName(config({ GOOGLE_KMS_KEY_NAME: full }), undefined)).toBe(full);
    expect(kmsKeyName(config({}), 'p')).toBeUndefined();
    try {
      kmsKeyName(config({ GOOGLE_KMS_KEY_NAME: 'tables', GOOGLE_KMS_KEY_RING_NAME: 'goe' }), undefined);
      expect.unreachable();
    } catch (e) {
      expect(isGoeError(e) && e.code).toBe('CONFIG_INVALID');
      expect((e as Error).message).toBe(
        'GOOGLE_KMS_KEY_NAME=tables needs GOOGLE_KMS_KEY_RING_PROJECT (or BIGQUERY_DATASET_PROJECT), GOOGLE_KMS_KEY_RING_LOCATION',
      );
    }
  });

  it('refuses a malformed project id', () => {
    expect(() => config({ BIGQUERY_DATASET_PROJECT: 'Not A Project' })).toThrow(/BIGQUERY_DATASET_PROJECT/);
  });
});

describe('bigqueryClientOptions', () => {
  it('emulator and live clients differ only in endpoint and credentials', () => {
    const emulator = bigqueryClientOptions({
      project: 'acme-analytics',
      endpoint: 'http://127.0.0.1:9050/',
      maximumBytesBilled: 1,
    });
    const live = bigqueryClientOptions({
      project: 'acme-analytics',
      keyFilename: '/etc/goe/sa.json',
      maximumBytesBilled: 1,
    });
    const endpointAndCredentials = new Set(['apiEndpoint', 'authClient', 'keyFilename']);
    for (const k of new Set([...Object.keys(emulator), ...Object.keys(live)])) {
      if (endpointAndCredentials.has(k)) continue;
      expect((emulator as Record<string, unknown>)[k], k).toEqual((live as Record<string, unknown>)[k]);
    }
    expect(emulator.apiEndpoint).toBe('http://127.0.0.1:9050');
    expect(emulator.authClient).toBeDefined();
    expect(emulator.keyFilename).toBeUndefined();
    expect(live.keyFilename).toBe('/etc/goe/sa.json');
    expect(live.authClient).toBeUndefined();
  });

  it('a loopback endpoint without a project uses the emulator project; a private endpoint authenticates', () => {
    expect(bigqueryClientOptions({ endpoint: 'http://localhost:9050', maximumBytesBilled: 1 }).projectId).toBe(
      'goe-test',
    );
    const psc = bigqueryClientOptions({
      endpoint: 'https://bigquery-acme.p.googleapis.com',
      location: 'EU',
      maximumBytesBilled: 1,
    });
    expect(psc.authClient).toBeUndefined();
    expect(psc.projectId).toBeUndefined();
    expect(psc.location).toBe('EU');
    expect(['http://[::1]:1', 'http://127.9.9.9', 'https://x.example', 'nope'].map(isLoopbackEndpoint)).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});

emulatorDescribe('the emulator client through the SDK', endpoint, missing, () => {
  it('creates and lists a dataset, runs a capped query job with an id and labels, finds the job again', async () => {
    const bq = new BigQuery(bigqueryClientOptions({ endpoint, maximumBytesBilled: 1 }));
    const dataset = `goe_client_${randomBytes(4).toString('hex')}`;
    await bq.createDataset(dataset);
    const [datasets] = await bq.getDatasets();
    expect(datasets.map((d) => d.id)).toContain(dataset);
    const jobId = `goe_verify_${randomBytes(4).toString('hex')}`;
    const [job] = await bq.createQueryJob({
      query: 'SELECT 1 AS one',
      jobId,
      labels: { goe: 'verify' },
      maximumBytesBilled: '1000000',
    });
    const [rows] = await job.getQueryResults();
    expect(rows).toEqual([{ one: 1 }]);
    const [again] = await bq.job(jobId).getMetadata();
    expect(again.status?.state).toBe('DONE');
    expect(again.configuration?.query?.maximumBytesBilled).toBe('1000000');
    await bq.dataset(dataset).delete({ force: true });
  });
});
