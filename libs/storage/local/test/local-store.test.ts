import { mkdtemp, readdir, rm, symlink, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isGoeError } from '@goe/core';
import { openLocalStore, type LocalStagingStore } from '../src/index.js';

let dir: string;
let store: LocalStagingStore;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'goe-local-'));
  store = await openLocalStore({ root: join(dir, 'staging') });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function text(path: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of await store.get(path)) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function rawFiles(d: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(d, { withFileTypes: true, recursive: true })) if (e.isFile()) out.push(e.name);
  return out.sort();
}

const enc = (s: string) => new TextEncoder().encode(s);

describe('local staging store', () => {
  it('puts bytes, Readables and async iterables and reads them back', async () => {
    expect(await store.put('a/one.bin', enc('héllo'))).toBe(6);
    expect(await store.put('a/two.bin', Readable.from([Buffer.from('ab'), Buffer.from('cd')]))).toBe(4);
    async function* gen() {
      yield enc('x');
      yield enc('yz');
    }
    expect(await store.put('b/three.bin', gen())).toBe(3);
    expect(await text('a/one.bin')).toBe('héllo');
    expect(await text('a/two.bin')).toBe('abcd');
    expect(await text('b/three.bin')).toBe('xyz');
  });

  it('replaces an existing object atomically', async () => {
    await store.put('r.txt', enc('old'));
    await store.put('r.txt', enc('new!'));
    expect(await text('r.txt')).toBe('new!');
    expect(await store.list('')).toEqual([{ path: 'r.txt', size: 4 }]);
  });

  it('leaves nothing visible when the stream fails', async () => {
    async function* failing() {
      yield enc('partial data');
      throw new Error('source broke');
    }
    await expect(store.put('x/fail.parquet', failing())).rejects.toThrow('source broke');
    expect(await store.exists('x/fail.parquet')).toBe(false);
    expect(await store.list('')).toEqual([]);
    expect(await rawFiles(store.root)).toEqual([]);
  });

  it('hides an object while it is being written', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    async function* slow() {
      yield enc('first');
      await gate;
      yield enc('second');
    }
    const pending = store.put('w/slow.bin', slow());
    await new Promise((r) => setTimeout(r, 20));
    expect(await store.exists('w/slow.bin')).toBe(false);
    expect(await store.list('w/')).toEqual([]);
    expect((await rawFiles(store.root)).length).toBe(1); // the temporary file
    release();
    expect(await pending).toBe(11);
    expect(await store.list('w/')).toEqual([{ path: 'w/slow.bin', size: 11 }]);
  });

  it('lists by prefix, sorted by path', async () => {
    for (const p of [
      't/s1-00002.parquet',
      't/s0-00001.parquet',
      't/s1-00001.parquet',
      'u/z.bin',
      't/sub/a.bin',
      'tt/x.bin',
    ]) {
      await store.put(p, enc(p));
    }
    expect((await store.list('t/')).map((o) => o.path)).toEqual([
      't/s0-00001.parquet',
      't/s1-00001.parquet',
      't/s1-00002.parquet',
      't/sub/a.bin',
    ]);
    expect((await store.list('t/s1-')).map((o) => o.path)).toEqual(['t/s1-00001.parquet', 't/s1-00002.parquet']);
    expect((await store.list('t')).map((o) => o.path)).toContain('tt/x.bin');
    expect((await store.list('')).length).toBe(6);
    expect(await store.list('nothing/here/')).toEqual([]);
    expect((await store.list('t/')).find((o) => o.path === 't/sub/a.bin')?.size).toBe('t/sub/a.bin'.length);
  });

  it('tells whether an object exists, and refuses to read a missing one', async () => {
    await store.put('e/here', enc('1'));
    expect(await store.exists('e/here')).toBe(true);
    expect(await store.exists('e/gone')).toBe(false);
    expect(await store.exists('e')).toBe(false); // a directory is not an object
    const err = await store.get('e/gone').catch((e: unknown) => e);
    expect(isGoeError(err) && err.code).toBe('ENGINE_ERROR');
  });

  it('deletes by prefix, removes emptied directories and stale temporary files', async () => {
    await store.put('d/run1/a.parquet', enc('a'));
    await store.put('d/run1/b.parquet', enc('b'));
    await store.put('d/run2/a.parquet', enc('c'));
    await writeFile(join(store.root, 'd/run1/.c.parquet.999-0123abcd.goe-tmp'), 'crashed writer');
    expect(await store.delete('d/run1/')).toBe(2);
    expect(await rawFiles(join(store.root, 'd'))).toEqual(['a.parquet']);
    expect((await readdir(join(store.root, 'd'))).sort()).toEqual(['run2']);
    expect(await store.delete('d/')).toBe(1);
    expect(await readdir(store.root)).toEqual([]);
    expect(await store.delete('d/')).toBe(0);
  });

  it('returns file:// URIs of the local files', async () => {
    await store.put('sh/sales/a b#1.parquet', enc('x'));
    const uri = store.uri('sh/sales/a b#1.parquet');
    expect(uri.startsWith('file:///')).toBe(true);
    expect(uri).toContain('a%20b%231.parquet');
    expect(fileURLToPath(uri)).toBe(join(store.root, 'sh/sales/a b#1.parquet'));
  });

  it.each([
    '../x',
    'a/../../x',
    'a/./b',
    '/etc/passwd',
    'a\\b',
    '',
    'a//b',
    'a/b/',
    'nul\u0000',
    'x/.y.bin.1-0123abcd.goe-tmp',
  ])('refuses the path %j', async (bad) => {
    for (const op of [() => store.put(bad, enc('x')), () => store.get(bad), () => store.exists(bad)]) {
      const err = await op().catch((e: unknown) => e);
      expect(isGoeError(err) && err.code).toBe('OPTION_INVALID');
    }
    expect(() => store.uri(bad)).toThrow(/Invalid staging path/);
  });

  it.each(['../', '/abs', 'a/../..'])('refuses the prefix %j', async (bad) => {
    await expect(store.list(bad)).rejects.toThrow(/Invalid staging path/);
    await expect(store.delete(bad)).rejects.toThrow(/Invalid staging path/);
  });

  it('refuses a symbolic link leading out of the root', async () => {
    const outside = join(dir, 'outside');
    await mkdir(outside);
    await symlink(outside, join(store.root, 'link'));
    const err = await store.put('link/evil.bin', enc('x')).catch((e: unknown) => e);
    expect(isGoeError(err) && err.code).toBe('OPTION_INVALID');
    expect(await readdir(outside)).toEqual([]);
  });
});
