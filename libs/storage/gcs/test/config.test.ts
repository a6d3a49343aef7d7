/** Pure parts of the GCS store: settings from the configuration, names, client options, error mapping. */
import { describe, expect, it } from 'vitest';
import { loadConfig, COMMON_CONFIG, isGoeError, GoeError } from '@goe/core';
import {
  GCS_STORAGE_CONFIG,
  checkBucketName,
  contentTypeOf,
  gcsClientOptions,
  gcsError,
  gcsSettings,
  gcsStorage,
  gsUri,
  httpStatus,
  isLoopbackEndpoint,
  normalizePrefix,
  objectName,
} from '../src/index.js';

const config = (env: Record<string, string>) =>
  loadConfig({ schemas: [COMMON_CONFIG, GCS_STORAGE_CONFIG], env, file: false });

function thrown(f: () => unknown): GoeError {
  try {
    f();
  } catch (e) {
    if (isGoeError(e)) return e;
    throw e;
  }
  throw new Error('expected a GoeError');
}

describe('gcsSettings', () => {
  it('reads the bucket, prefix (default goe), endpoint, key file, chunk and retries', () => {
    expect(gcsSettings(config({ OFFLOAD_FS_CONTAINER: 'acme-stage' }))).toEqual({
      bucket: 'acme-stage',
      prefix: 'goe',
      chunkMiB: 8,
      maxRetries: 5,
    });
    expect(
      gcsSettings(
        config({
          OFFLOAD_FS_CONTAINER: 'acme-stage',
          OFFLOAD_FS_PREFIX: '/offload/stage/',
          OFFLOAD_FS_GCS_ENDPOINT: 'http://127.0.0.1:4443',
          GOOGLE_APPLICATION_CREDENTIALS: '/etc/goe/sa.json',
          OFFLOAD_FS_GCS_CHUNK_MIB: '16',
          OFFLOAD_FS_GCS_MAX_RETRIES: '0',
        }),
      ),
    ).toEqual({
      bucket: 'acme-stage',
      prefix: 'offload/stage',
      endpoint: 'http://127.0.0.1:4443',
      keyFilename: '/etc/goe/sa.json',
      chunkMiB: 16,
      maxRetries: 0,
    });
    expect(gcsSettings(config({ OFFLOAD_FS_CONTAINER: 'b1x', OFFLOAD_FS_PREFIX: '' })).prefix).toBe('');
  });

  it("refuses a missing bucket with GOE's message", () => {
    const e = thrown(() => gcsSettings(config({})));
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toBe('OFFLOAD_FS_CONTAINER/--offload-fs-container required for scheme: gs');
    expect(e.variable).toBe('OFFLOAD_FS_CONTAINER');
    expect(thrown(() => gcsSettings(undefined)).code).toBe('CONFIG_INVALID');
  });

  it('the schema refuses out-of-range chunks and retries and a non-http endpoint', () => {
    const bad: Record<string, string>[] = [
      { OFFLOAD_FS_GCS_CHUNK_MIB: '0' },
      { OFFLOAD_FS_GCS_CHUNK_MIB: '257' },
      { OFFLOAD_FS_GCS_MAX_RETRIES: '-1' },
      { OFFLOAD_FS_GCS_ENDPOINT: 'ftp://x' },
    ];
    for (const env of bad) {
      expect(() => config({ OFFLOAD_FS_CONTAINER: 'acme', ...env })).toThrow(/OFFLOAD_FS_GCS_/);
    }
  });
});

describe('checkBucketName', () => {
  it.each(['abc', 'acme-stage', 'acme_stage.eu', 'a1.b2.c3', 'x'.repeat(63)])('accepts %s', (b) => {
    expect(checkBucketName(b)).toBe(b);
  });
  it.each([
    ['gs://acme', 'it is a URI'],
    ['ab', 'invalid characters or shape'],
    ['Acme', 'invalid characters or shape'],
    ['-acme', 'invalid characters or shape'],
    ['acme-', 'invalid characters or shape'],
    ['ac me', 'invalid characters or shape'],
    ['x'.repeat(64), 'too long'],
    ['a..b', 'too long, or an empty'],
    [`${'x'.repeat(64)}.b`, 'too long, or an empty'],
    ['goog-stage', 'reserved'],
    ['my-g00gle-stage', 'reserved'],
  ])('refuses %s (%s)', (b, why) => {
    const e = thrown(() => checkBucketName(b));
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toContain(why);
    expect(e.variable).toBe('OFFLOAD_FS_CONTAINER');
  });
});

describe('normalizePrefix', () => {
  it.each([
    ['goe', 'goe'],
    ['/goe/stage/', 'goe/stage'],
    ['  goe  ', 'goe'],
    ['gs://acme/goe/x', 'goe/x'],
    ['gs://acme', ''],
    ['GS://acme/p', 'p'],
    ['/', ''],
  ])('%s → %s', (p, want) => {
    expect(normalizePrefix(p, 'acme')).toBe(want);
  });
  it.each([
    ['s3://acme/goe', 'is a s3:// URI'],
    ['gs://other/goe', 'names the bucket other'],
    ['goe/../x', 'segment'],
    ['goe//x', 'segment'],
    ['goe/./x', 'segment'],
    ['goe\u0000x', 'control character'],
  ])('refuses %s', (p, why) => {
    const e = thrown(() => normalizePrefix(p, 'acme'));
    expect(e.message).toContain(why);
    expect(e.variable).toBe('OFFLOAD_FS_PREFIX');
  });
});

describe('objectName and gsUri', () => {
  it('puts paths under the root and refuses traversal, absolute paths, controls, empties and long names', () => {
    expect(objectName('goe/', 'sh/a.parquet', false)).toBe('goe/sh/a.parquet');
    expect(objectName('', 'a', false)).toBe('a');
    expect(objectName('goe/', '', true)).toBe('goe/');
    expect(objectName('goe/', 'sh/', true)).toBe('goe/sh/');
    for (const bad of ['', '/a', 'a\\b', 'a\nb', 'a//b', 'a/../b', './a', 'sh/', 'x'.repeat(1021)]) {
      const e = thrown(() => objectName('goe/', bad, false));
      expect(e.code).toBe('OPTION_INVALID');
      expect(e.message).toContain(JSON.stringify(bad));
    }
    expect(thrown(() => objectName('goe/', 42 as unknown as string, false)).message).toContain('not a string');
    expect(objectName('goe/', 'é'.repeat(510), false)).toHaveLength(514);
    expect(thrown(() => objectName('goe/', 'é'.repeat(511), false)).message).toContain('1024 bytes');
    expect(gsUri('acme', 'goe/a b.parquet')).toBe('gs://acme/goe/a b.parquet');
  });

  it('content types by extension', () => {
    expect(['a.parquet', 'a.avro', 'a.csv', 'a.json', 'a.jsonl', 'a.bin'].map(contentTypeOf)).toEqual([
      'application/vnd.apache.parquet',
      'application/avro',
      'text/csv',
      'application/json',
      'application/json',
      'application/octet-stream',
    ]);
  });
});

describe('gcsClientOptions', () => {
  it('emulator and live clients differ only in endpoint and credentials', () => {
    const emulator = gcsClientOptions({ bucket: 'b', prefix: 'goe', endpoint: 'http://127.0.0.1:4443/' });
    const live = gcsClientOptions({ bucket: 'b', prefix: 'goe', keyFilename: '/etc/goe/sa.json' });
    const endpointAndCredentials = new Set([
      'apiEndpoint',
      'useAuthWithCustomEndpoint',
      'keyFilename',
      'credentials',
      'projectId',
    ]);
    const keys = new Set([...Object.keys(emulator), ...Object.keys(live)]);
    for (const k of keys) {
      if (endpointAndCredentials.has(k)) continue;
      expect((emulator as Record<string, unknown>)[k], k).toEqual((live as Record<string, unknown>)[k]);
    }
    expect(emulator.apiEndpoint).toBe('http://127.0.0.1:4443');
    expect(emulator.useAuthWithCustomEndpoint).toBe(false);
    expect(live.apiEndpoint).toBeUndefined();
    expect(live.keyFilename).toBe('/etc/goe/sa.json');
    expect(live.retryOptions).toMatchObject({ autoRetry: true, maxRetries: 5, maxRetryDelay: 64, totalTimeout: 600 });
  });

  it('authenticates a private (non-loopback) endpoint and turns retries off at 0', () => {
    const psc = gcsClientOptions({
      bucket: 'b',
      prefix: '',
      endpoint: 'https://storage-acme.p.googleapis.com',
      maxRetries: 0,
    });
    expect(psc.useAuthWithCustomEndpoint).toBe(true);
    expect(psc.credentials).toBeUndefined();
    expect(psc.retryOptions).toMatchObject({ autoRetry: false, maxRetries: 0 });
  });

  it('isLoopbackEndpoint', () => {
    expect(
      ['http://localhost:1', 'http://127.0.0.1:4443', 'http://127.1.2.3', 'http://[::1]:80'].map(isLoopbackEndpoint),
    ).toEqual([true, true, true, true]);
    expect(['https://storage.googleapis.com', 'http://10.0.0.1', 'not a url'].map(isLoopbackEndpoint)).toEqual([
      false,
      false,
      false,
    ]);
  });
});

describe('gcsError', () => {
  const ctx = { action: 'upload', uri: 'gs://acme/goe/a.bin', bucket: 'acme' };
  it('maps statuses, network codes and missing buckets', () => {
    const missingBucket = gcsError({ code: 404, message: 'The specified bucket does not exist.' }, ctx);
    expect([missingBucket.code, missingBucket.variable]).toEqual(['CONFIG_INVALID', 'OFFLOAD_FS_CONTAINER']);
    expect(gcsError({ code: 404, message: 'No such object' }, { ...ctx, bucketExists: false }).code).toBe(
      'CONFIG_INVALID',
    );
    const missingObject = gcsError({ code: 404, message: 'bucket does not exist' }, { ...ctx, bucketExists: true });
    expect([missingObject.code, missingObject.engineCode]).toEqual(['ENGINE_ERROR', '404']);
    expect(gcsError({ response: { status: 403 }, message: 'denied' }, ctx).code).toBe('CONNECTION_FAILED');
    const refused = gcsError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), ctx);
    expect(refused.message).toContain('Cannot reach GCS at https://storage.googleapis.com');
    expect(refused.hint).toBe('Check the network path to Google');
    const other = gcsError(Object.assign(new Error('boom'), { code: 'EPIPE' }), ctx);
    expect([other.code, other.engineCode]).toEqual(['ENGINE_ERROR', 'EPIPE']);
    expect(gcsError('text', ctx).message).toBe('GCS could not upload gs://acme/goe/a.bin: text');
    const goe = new GoeError('ABORTED', 'stop');
    expect(gcsError(goe, ctx)).toBe(goe);
    expect(httpStatus(null)).toBeUndefined();
    expect(httpStatus({ status: 500 })).toBe(500);
  });
});

describe('gcsStorage adapter', () => {
  it('is the gs scheme with the gcs alias and declares its config schema', () => {
    expect(gcsStorage.name).toBe('gs');
    expect(gcsStorage.capabilities).toMatchObject({ scheme: 'gs', aliases: ['gcs'] });
    expect(gcsStorage.configSchema).toBe(GCS_STORAGE_CONFIG);
  });
});
