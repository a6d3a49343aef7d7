/**
 * Edges of the local staging store: no fsync, string chunks, sources failing with odd values, file-system errors
 * reported as ENGINE_ERROR naming what could not be done, temporary files at the root, entries that are neither
 * file nor directory, and where the staging root comes from when nothing is configured.
 */
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GoeError, isGoeError, type ResolvedConfig } from '@goe/core';
import { openLocalStore, resolveLocalRoot, type LocalStagingStore } from '../src/index.js';
import { resolveInside, tempTarget } from '../src/paths.js';

let dir: string;
let store: LocalStagingStore;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'goe-local-edges-'));
  store = await openLocalStore({ root: join(dir, 'staging'), fsync: false });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const enc = (s: string) => new TextEncoder().encode(s);

async function text(path: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of await store.get(path)) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The error a promise rejects with. */
async function failure(p: Promise<unknown>): Promise<GoeError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!isGoeError(e)) throw new Error(`expected a GoeError, got ${String(e)}`);
  return e;
}

function config(values: Record<string, string>): ResolvedConfig {
  return {
    get: <T>(name: string) => values[name] as T | undefined,
    require: <T>(name: string) => values[name] as T,
    keys: () => Object.keys(values),
    mask: (t: string) => t,
  } as ResolvedConfig;
}

describe('local staging store without fsync', () => {
  it('writes bytes and string chunks and reads them back', async () => {
    expect(await store.put('a/bytes.bin', enc('abc'))).toBe(3);
    async function* strings() {
      yield 'héllo ' as unknown as Uint8Array; // a Readable in string mode yields strings
      yield 'wörld' as unknown as Uint8Array;
    }
    expect(await store.put('a/strings.txt', strings())).toBe(13);
    expect(await text('a/bytes.bin')).toBe('abc');
    expect(await text('a/strings.txt')).toBe('héllo wörld');
    expect((await store.list('a/')).map((o) => [o.path, o.size])).toEqual([
      ['a/bytes.bin', 3],
      ['a/strings.txt', 13],
    ]);
  });
});

describe('a failing source', () => {
  it('passes a GoeError through unchanged and leaves no temporary file', async () => {
    const own = new GoeError('VALIDATION_MISMATCH', 'the source changed under the transport');
    async function* cancelled() {
      yield enc('x');
      throw own;
    }
    expect(await failure(store.put('c/x.bin', cancelled()))).toBe(own);
    expect(await readdir(join(store.root, 'c'))).toEqual([]);
  });

  it('wraps a thrown non-Error as ENGINE_ERROR naming the object, without an engine code', async () => {
    async function* odd() {
      yield enc('x');
      throw 'the socket went away';
    }
    const e = await failure(store.put('c/odd.bin', odd()));
    expect(e.code).toBe('ENGINE_ERROR');
    expect(e.message).toBe('Could not write c/odd.bin: the socket went away');
    expect(e.engineCode).toBeUndefined();
    expect(await readdir(join(store.root, 'c'))).toEqual([]);
  });
});

describe('file-system errors', () => {
  it('cannot create a directory where a file is', async () => {
    await store.put('f', enc('x'));
    const e = await failure(store.put('f/g.bin', enc('y')));
    expect(e.code).toBe('ENGINE_ERROR');
    expect(e.message).toMatch(/^Could not create .*staging\/f: /);
    expect(['ENOTDIR', 'EEXIST']).toContain(e.engineCode);
    expect(await text('f')).toBe('x');
  });

  it('lists and deletes nothing below a file', async () => {
    await store.put('f', enc('x'));
    expect(await store.list('f/')).toEqual([]);
    expect(await store.list('f/x')).toEqual([]);
    expect(await store.delete('f/')).toBe(0);
    expect(await store.exists('f')).toBe(true);
  });

  it('reports a missing directory on get as a missing object', async () => {
    const e = await failure(store.get('nowhere/x.bin'));
    expect(e.code).toBe('ENGINE_ERROR');
    expect(e.message).toBe('Staged object not found: nowhere/x.bin');
    expect(e.engineCode).toBe('ENOENT');
  });
});

describe('walking the store', () => {
  it('deletes a stale temporary file at the root without counting it, and skips links and other entries', async () => {
    await store.put('keep.bin', enc('k'));
    await store.put('old.bin', enc('o'));
    await writeFile(join(store.root, '.old.bin.4242-0123abcd.goe-tmp'), 'crashed writer');
    await writeFile(join(store.root, '.keep.bin.4242-89abcdef.goe-tmp'), 'crashed writer');
    await mkdir(join(dir, 'elsewhere'));
    await writeFile(join(dir, 'elsewhere', 'secret.bin'), 's');
    await symlink(join(dir, 'elsewhere', 'secret.bin'), join(store.root, 'old-link.bin'));

    expect((await store.list('')).map((o) => o.path)).toEqual(['keep.bin', 'old.bin']); // link and temps hidden
    expect(await store.delete('old')).toBe(1);
    expect((await readdir(store.root)).sort()).toEqual(['.keep.bin.4242-89abcdef.goe-tmp', 'keep.bin', 'old-link.bin']);
    expect(await readdir(join(dir, 'elsewhere'))).toEqual(['secret.bin']);
  });

  it('lists many objects in path order whatever the directory order', async () => {
    const names = ['m', 'b', 'z', 'a', 'k', 'c', 'y', 'd'].map((n) => `s/${n}.bin`);
    for (const n of names) await store.put(n, enc(n));
    expect((await store.list('s/')).map((o) => o.path)).toEqual([...names].sort());
  });
});

describe('paths and roots', () => {
  it('refuses a path that is not a string', () => {
    expect(() => resolveInside('/stage', 42 as unknown as string, false)).toThrow(
      'Invalid staging path 42: not a string',
    );
  });

  it('maps only temporary names to their target', () => {
    expect(tempTarget('.x.parquet.1234-0a1b2c3d.goe-tmp')).toBe('x.parquet');
    expect(tempTarget('.x.parquet.goe-tmp')).toBe('.x.parquet.goe-tmp');
  });

  it('falls back to OFFLOAD_HOME from the config, then to ~/.goe/staging', () => {
    expect(resolveLocalRoot(config({ OFFLOAD_HOME: join(dir, 'home') }))).toBe(join(dir, 'home', 'staging'));
    expect(resolveLocalRoot(config({ OFFLOAD_FS_PREFIX: '   ' }))).toBe(join(homedir(), '.goe', 'staging'));
    expect(resolveLocalRoot(undefined)).toBe(join(homedir(), '.goe', 'staging'));
  });

  it('resolves ~, ~/ and relative prefixes', () => {
    expect(resolveLocalRoot(config({ OFFLOAD_FS_PREFIX: '~' }))).toBe(homedir());
    expect(resolveLocalRoot(config({ OFFLOAD_FS_PREFIX: '~/stage' }))).toBe(join(homedir(), 'stage'));
    expect(resolveLocalRoot(config({ OFFLOAD_FS_PREFIX: 'rel/stage' }))).toBe(resolve('rel/stage'));
  });
});
