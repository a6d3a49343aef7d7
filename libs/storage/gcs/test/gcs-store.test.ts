/**
 * The GCS store against fake-gcs-server: bounded memory on large streamed uploads, missing buckets and objects,
 * retries on 429/5xx (a fault proxy in front of the emulator), permission and network errors, corruption caught
 * by CRC32C in both directions, and a prefix that confines listing and deletes.
 */
import { createHash } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isGoeError, type GoeError } from '@goe/core';
import { openGcsStore, type GcsStagingStore } from '../src/index.js';
import { emulatorClient, emulatorDescribe, endpoint, faultProxy, freshBucket, type FaultProxy } from './emulator.js';

const MiB = 1024 * 1024;
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

async function rejection(p: Promise<unknown>): Promise<GoeError> {
  try {
    await p;
  } catch (e) {
    if (isGoeError(e)) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

/** `n` MiB of deterministic pseudo-random bytes, one fresh buffer per MiB, and their digest. */
function generated(n: number): { source: () => AsyncIterable<Uint8Array>; sha: string } {
  const block = (i: number) => {
    const b = Buffer.alloc(MiB);
    for (let j = 0; j < MiB; j += 4) b.writeUInt32LE((Math.imul(i + 1, 2654435761) ^ j) >>> 0, j);
    return b;
  };
  const h = createHash('sha256');
  for (let i = 0; i < n; i++) h.update(block(i));
  return {
    sha: h.digest('hex'),
    source: async function* () {
      for (let i = 0; i < n; i++) yield block(i);
    },
  };
}

emulatorDescribe('GCS store on fake-gcs-server', () => {
  let bucket: string;
  let store: GcsStagingStore;
  let proxy: FaultProxy;
  const through = (maxRetries: number, chunkMiB = 1) =>
    openGcsStore({ bucket, prefix: 'goe', endpoint: proxy.url, maxRetries, chunkMiB });

  beforeAll(async () => {
    bucket = await freshBucket();
    store = await openGcsStore({ bucket, prefix: 'goe/stage', endpoint, chunkMiB: 1 });
    proxy = await faultProxy(endpoint);
  });
  afterAll(async () => {
    await proxy?.close();
  });

  it('streams a 48 MiB upload in 1 MiB chunks with bounded memory, and reads it back by digest', async () => {
    const { source, sha } = generated(48);
    gc();
    const before = process.memoryUsage();
    let peak = 0;
    // live memory only: a full GC before every sample, so garbage not yet collected does not count
    const timer = setInterval(() => {
      gc();
      const m = process.memoryUsage();
      peak = Math.max(peak, m.arrayBuffers - before.arrayBuffers);
    }, 5);
    try {
      expect(await store.put('big/a.bin', source())).toBe(48 * MiB);
    } finally {
      clearInterval(timer);
    }
    // one chunk being sent plus the pieces queued before it (measured: 4-11 MiB; 25+ MiB when the SDK is handed
    // whole megabyte buffers, which it keeps until the upload ends)
    expect(peak).toBeLessThan(16 * MiB);
    const back = createHash('sha256');
    for await (const c of await store.get('big/a.bin')) back.update(c as Buffer);
    expect(back.digest('hex')).toBe(sha);
    const [meta] = await store.client.bucket(bucket).file('goe/stage/big/a.bin').getMetadata();
    expect(meta.contentType).toBe('application/octet-stream');
  });

  it('records a content type by extension and gives gs:// URIs under the prefix', async () => {
    await store.put('t/s0-00001.parquet', new Uint8Array([1, 2, 3]));
    const [meta] = await store.client.bucket(bucket).file('goe/stage/t/s0-00001.parquet').getMetadata();
    expect(meta.contentType).toBe('application/vnd.apache.parquet');
    expect(store.uri('t/s0-00001.parquet')).toBe(`gs://${bucket}/goe/stage/t/s0-00001.parquet`);
  });

  it('lists and deletes only under its prefix: objects beside it in the bucket are kept', async () => {
    const client = emulatorClient();
    await client.bucket(bucket).file('goe/stagex/keep.bin').save('x', { resumable: false });
    await client.bucket(bucket).file('other/keep.bin').save('x', { resumable: false });
    const whole = await openGcsStore({ bucket, prefix: 'goe/stage', endpoint });
    await whole.put('d/1.bin', new Uint8Array([1]));
    await whole.put('d/2.bin', new Uint8Array([2, 2]));
    expect((await whole.list('d/')).map((o) => [o.path, o.size])).toEqual([
      ['d/1.bin', 1],
      ['d/2.bin', 2],
    ]);
    expect(await whole.delete('')).toBeGreaterThanOrEqual(2);
    expect(await whole.list('')).toEqual([]);
    const [rest] = await client.bucket(bucket).getFiles();
    expect(rest.map((f) => f.name).sort()).toEqual(['goe/stagex/keep.bin', 'other/keep.bin']);
  });

  it('refuses a missing bucket with CONFIG_INVALID naming OFFLOAD_FS_CONTAINER, for every operation', async () => {
    const s = await openGcsStore({ bucket: 'goe-no-such-bucket', prefix: 'goe', endpoint, maxRetries: 0 });
    const calls = [
      () => s.put('a.bin', new Uint8Array([1])),
      () => s.put('b.bin', Readable.from([Buffer.alloc(10)])),
      () => s.list(''),
      () => s.get('a.bin'),
      () => s.delete(''),
    ];
    for (const call of calls) {
      const e = await rejection(call());
      expect(e.code).toBe('CONFIG_INVALID');
      expect(e.variable).toBe('OFFLOAD_FS_CONTAINER');
      expect(e.message).toContain('gs://goe-no-such-bucket does not exist');
    }
  });

  it('reports a missing object as ENGINE_ERROR 404 with its URI', async () => {
    const e = await rejection(store.get('nope/a.bin'));
    expect(e.code).toBe('ENGINE_ERROR');
    expect(e.engineCode).toBe('404');
    expect(e.message).toBe(`Staged object not found: nope/a.bin (gs://${bucket}/goe/stage/nope/a.bin)`);
    expect(await store.exists('nope/a.bin')).toBe(false);
  });

  it('retries 503 and 429 answers with backoff and completes the upload and the listing', async () => {
    let failures = 0;
    proxy.rule = (method) => {
      if ((method === 'POST' || method === 'PUT') && failures < 2) return { status: failures++ === 0 ? 503 : 429 };
      return 'pass';
    };
    const s = await through(3);
    const data = Buffer.alloc(3 * MiB + 5, 7);
    expect(await s.put('retry/a.bin', Readable.from([data]))).toBe(data.length);
    expect(failures).toBe(2);
    let listFailures = 0;
    proxy.rule = (method) => (method === 'GET' && listFailures++ === 0 ? { status: 500 } : 'pass');
    expect((await s.list('retry/')).map((o) => o.size)).toEqual([data.length]);
    proxy.rule = () => 'pass';
    expect((await readAll(await s.get('retry/a.bin'))).equals(data)).toBe(true);
  }, 60_000);

  it('gives up after OFFLOAD_FS_GCS_MAX_RETRIES with ENGINE_ERROR carrying the status, and leaves no object', async () => {
    proxy.rule = (method) => (method === 'POST' || method === 'PUT' ? { status: 503 } : 'pass');
    const s = await through(0);
    const e = await rejection(s.put('gaveup/a.bin', new Uint8Array([1, 2, 3])));
    expect(e.code).toBe('ENGINE_ERROR');
    expect(e.engineCode).toBe('503');
    expect(e.message).toContain(`GCS could not upload gs://${bucket}/goe/gaveup/a.bin`);
    proxy.rule = () => 'pass';
    expect(await s.exists('gaveup/a.bin')).toBe(false);
  });

  it('maps 403 and 401 to CONNECTION_FAILED with the role or credentials to fix', async () => {
    const s = await through(0);
    proxy.rule = () => ({
      status: 403,
      body: JSON.stringify({ error: { code: 403, message: 'goe@x.iam does not have storage.objects.create access' } }),
    });
    const denied = await rejection(s.put('a.bin', new Uint8Array([1])));
    expect(denied.code).toBe('CONNECTION_FAILED');
    expect(denied.hint).toContain(`roles/storage.objectAdmin`);
    expect(denied.message).toContain('storage.objects.create');
    proxy.rule = () => ({ status: 401 });
    const unauth = await rejection(s.list(''));
    expect(unauth.code).toBe('CONNECTION_FAILED');
    expect(unauth.hint).toContain('GOOGLE_APPLICATION_CREDENTIALS');
    proxy.rule = () => 'pass';
  });

  it('maps an unreachable endpoint to CONNECTION_FAILED naming it', async () => {
    const closed = await faultProxy(endpoint);
    const url = closed.url;
    await closed.close();
    const s = await openGcsStore({ bucket, prefix: 'goe', endpoint: url, maxRetries: 0 });
    const e = await rejection(s.list(''));
    expect(e.code).toBe('CONNECTION_FAILED');
    expect(e.message).toContain(`Cannot reach GCS at ${url}`);
    expect(e.hint).toContain('OFFLOAD_FS_GCS_ENDPOINT');
  });

  it('catches a byte corrupted on the way up (CRC32C) and leaves no object', async () => {
    proxy.rule = (method) => (method === 'POST' || method === 'PUT' ? 'corrupt-request' : 'pass');
    const s = await through(0);
    const e = await rejection(s.put('corrupt/up.bin', Readable.from([Buffer.alloc(2 * MiB + 3, 9)])));
    expect(e.code).toBe('ENGINE_ERROR');
    expect(e.message).toMatch(/corrupt|mismatch|hash|crc/i);
    proxy.rule = () => 'pass';
    expect(await s.exists('corrupt/up.bin')).toBe(false);
  });

  it('catches a byte corrupted on the way down (CRC32C): the read stream fails', async () => {
    const s = await through(0);
    await s.put('corrupt/down.bin', Buffer.alloc(MiB, 5));
    proxy.rule = (method, url) => (method === 'GET' && url.includes('alt=media') ? 'corrupt-response' : 'pass');
    const e = await rejection(readAll(await s.get('corrupt/down.bin')));
    expect(e.code).toBe('ENGINE_ERROR');
    expect(e.message).toContain(
      `GCS could not read gs://${bucket}/goe/corrupt/down.bin: The downloaded data did not match`,
    );
    proxy.rule = () => 'pass';
  });
});
