import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAdapter, NULL_EVENTS, type AdapterContext, type ResolvedConfig } from '@goe/core';
import { localStorage, resolveLocalRoot } from '../src/index.js';

function config(values: Record<string, string>): ResolvedConfig {
  return {
    get: <T>(name: string) => values[name] as T | undefined,
    require: <T>(name: string) => values[name] as T,
    keys: () => Object.keys(values),
    mask: (t: string) => t,
  } as ResolvedConfig;
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'goe-local-adapter-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('localStorage adapter', () => {
  it('is a branded storage adapter for the file scheme', () => {
    expect(isAdapter(localStorage, 'storage')).toBe(true);
    expect(localStorage.name).toBe('file');
    expect(localStorage.capabilities).toEqual({ scheme: 'file', aliases: [] });
  });

  it('roots the store at OFFLOAD_FS_PREFIX', async () => {
    const ctx: AdapterContext = { config: config({ OFFLOAD_FS_PREFIX: join(dir, 'stage') }), events: NULL_EVENTS };
    const store = await localStorage.open(ctx);
    await store.put('a.bin', new Uint8Array([1]));
    expect(store.uri('a.bin')).toBe(pathToFileURL(join(dir, 'stage', 'a.bin')).href);
  });

  it('falls back to OFFLOAD_HOME/staging', async () => {
    const ctx: AdapterContext = { config: config({}), events: NULL_EVENTS, offloadHome: dir };
    const store = await localStorage.open(ctx);
    expect(store.uri('x')).toBe(pathToFileURL(join(dir, 'staging', 'x')).href);
  });

  it('accepts a file:// prefix and refuses other schemes', () => {
    expect(resolveLocalRoot(config({ OFFLOAD_FS_PREFIX: pathToFileURL(join(dir, 'u')).href }))).toBe(join(dir, 'u'));
    expect(() => resolveLocalRoot(config({ OFFLOAD_FS_PREFIX: 'gs://bucket/goe' }))).toThrow(/not a local path/);
  });
});
