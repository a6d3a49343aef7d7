/**
 * `storageSuite(harness)`: the contract of a staging store: atomic puts, sorted listing by prefix, reads, deletes
 * by prefix, URIs, and refusal of paths that leave the store.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { isGoeError, type AdapterContext, type StagingStore, type StorageAdapter } from '@goe/core';
import { check, checkEqual, conformanceContext, fail, lazy, rejection, show, uniqueSuffix } from './check.js';
import { DEFAULT_LOB_BYTES, largeBinary } from './fixtures.js';
import { makeSuite, type CaseDefinition, type Suite } from './suite.js';

/** How {@link storageSuite} reaches a store. */
export interface StorageHarness {
  /** Store or variant name, shown as `storageSuite[<name>]`. */
  readonly name: string;
  readonly adapter: StorageAdapter;
  /** Context for `adapter.open` (where the store's root, bucket or container is configured). Default `conformanceContext()`. */
  readonly context?: AdapterContext;
  /** Prefix every object of the run is written under. Default `goe-conformance-<random>/`. */
  readonly prefix?: string;
  /** Bytes of the large streamed object. Default 10 MiB. */
  readonly largeBytes?: number;
  /** Cases to skip: case id (or prefix ending in `*`) → reason. */
  readonly skip?: Readonly<Record<string, string>>;
}

async function readAll(stream: Readable): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const bytes = (text: string) => new TextEncoder().encode(text);

async function* chunks(data: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let at = 0; at < data.length; at += size) yield data.subarray(at, Math.min(at + size, data.length));
}

async function* failing(first: Uint8Array): AsyncIterable<Uint8Array> {
  yield first;
  await new Promise((r) => setTimeout(r, 5));
  throw new Error('conformance: the source stream failed');
}

/**
 * The staging store conformance suite. Cases (ids): `put.bytes`, `put.async-iterable`, `put.readable`, `put.large`
 * (a streamed object of `largeBytes`, read back by digest), `put.overwrite`, `put.atomic-failure` (a stream that
 * fails leaves no object, not even a partial or temporary one in `list`), `put.atomic-failure-keeps-previous`,
 * `exists`, `get.missing` (rejects with a GoeError), `list.sorted` (sorted by path, with sizes), `list.prefix`,
 * `delete.prefix` (returns the count, siblings kept), `delete.missing` (0), `uri` (`<scheme>://…<path>`),
 * `path.traversal` (paths with a `..` segment or a leading `/` are refused with a GoeError by put, get, list and
 * delete).
 *
 * @example
 * runSuite(storageSuite({ name: 'file', adapter: localStorage, context: conformanceContext({ config: { OFFLOAD_FS_PREFIX: dir } }) }), { describe, it, afterAll });
 */
export function storageSuite(harness: StorageHarness): Suite {
  const ctx = harness.context ?? conformanceContext();
  const root = harness.prefix ?? `goe-conformance-${uniqueSuffix()}/`;
  const base = root.endsWith('/') ? root : `${root}/`;
  const largeBytes = harness.largeBytes ?? DEFAULT_LOB_BYTES;
  let opened: StagingStore | undefined;
  const store = lazy(async () => (opened = await harness.adapter.open(ctx)));
  const p = (caseId: string, rest: string) => `${base}${caseId}/${rest}`;

  const cases: CaseDefinition[] = [
    {
      id: 'put.bytes',
      title: 'put(Uint8Array) returns the byte count and get() returns the same bytes',
      run: async () => {
        const s = await store();
        const data = bytes('hello, staging — ✓');
        checkEqual(await s.put(p('put.bytes', 'a.bin'), data), data.length, 'put byte count');
        checkEqual(sha(await readAll(await s.get(p('put.bytes', 'a.bin')))), sha(data), 'digest read back');
        checkEqual(await s.exists(p('put.bytes', 'a.bin')), true, 'exists after put');
      },
    },
    {
      id: 'put.async-iterable',
      title: 'put(AsyncIterable<Uint8Array>) stores the concatenated chunks',
      run: async () => {
        const s = await store();
        const data = largeBinary(100_000);
        checkEqual(await s.put(p('put.async-iterable', 'a.bin'), chunks(data, 7_777)), data.length, 'put byte count');
        checkEqual(sha(await readAll(await s.get(p('put.async-iterable', 'a.bin')))), sha(data), 'digest read back');
      },
    },
    {
      id: 'put.readable',
      title: 'put(Readable) stores the stream',
      run: async () => {
        const s = await store();
        const data = largeBinary(50_000);
        checkEqual(
          await s.put(p('put.readable', 'a.bin'), Readable.from(chunks(data, 4096))),
          data.length,
          'put byte count',
        );
        checkEqual(sha(await readAll(await s.get(p('put.readable', 'a.bin')))), sha(data), 'digest read back');
      },
    },
    {
      id: 'put.large',
      title: `a ${largeBytes}-byte streamed object reads back identical`,
      run: async () => {
        const s = await store();
        const data = largeBinary(largeBytes);
        checkEqual(await s.put(p('put.large', 'big.bin'), chunks(data, 1 << 20)), data.length, 'put byte count');
        const listed = await s.list(p('put.large', ''));
        checkEqual(
          listed.map((o) => `${o.path}:${o.size}`).join(','),
          `${p('put.large', 'big.bin')}:${data.length}`,
          'list after put',
        );
        checkEqual(sha(await readAll(await s.get(p('put.large', 'big.bin')))), sha(data), 'digest read back');
      },
    },
    {
      id: 'put.overwrite',
      title: 'a second put replaces the object',
      run: async () => {
        const s = await store();
        await s.put(p('put.overwrite', 'a.txt'), bytes('first, longer version'));
        await s.put(p('put.overwrite', 'a.txt'), bytes('second'));
        checkEqual(
          Buffer.from(await readAll(await s.get(p('put.overwrite', 'a.txt')))).toString(),
          'second',
          'content',
        );
      },
    },
    {
      id: 'put.atomic-failure',
      title: 'a put whose stream fails leaves nothing visible (no partial, no temporary object)',
      run: async () => {
        const s = await store();
        await rejection(
          s.put(p('put.atomic-failure', 'a.bin'), failing(largeBinary(1 << 20))),
          'put of a failing stream',
        );
        checkEqual(await s.exists(p('put.atomic-failure', 'a.bin')), false, 'exists after a failed put');
        const listed = await s.list(p('put.atomic-failure', ''));
        checkEqual(listed.length, 0, `objects listed after a failed put (${show(listed.map((o) => o.path))})`);
      },
    },
    {
      id: 'put.atomic-failure-keeps-previous',
      title: 'a failed put over an existing object keeps the previous content',
      run: async () => {
        const s = await store();
        const path = p('put.atomic-failure-keeps-previous', 'a.txt');
        await s.put(path, bytes('previous'));
        await rejection(s.put(path, failing(bytes('partial new content'))), 'put of a failing stream');
        checkEqual(
          Buffer.from(await readAll(await s.get(path))).toString(),
          'previous',
          'content after a failed overwrite',
        );
      },
    },
    {
      id: 'exists',
      title: 'exists is false for a missing object',
      run: async () => checkEqual(await (await store()).exists(p('exists', 'missing.bin')), false, 'exists(missing)'),
    },
    {
      id: 'get.missing',
      title: 'get of a missing object rejects with a GoeError',
      run: async () => {
        const error = await rejection((await store()).get(p('get.missing', 'missing.bin')), 'get(missing)');
        check(isGoeError(error), `get(missing) rejected with ${String(error)}, not a GoeError`);
      },
    },
    {
      id: 'list.sorted',
      title: 'list returns every object under the prefix, sorted by path, with sizes',
      run: async () => {
        const s = await store();
        const names = ['c/d.bin', 'b.bin', 'a/z.bin', 'a.bin', 'B.bin'];
        for (const [i, name] of names.entries()) await s.put(p('list.sorted', name), new Uint8Array(i + 1));
        const listed = await s.list(p('list.sorted', ''));
        const want = names
          .map((name, i) => ({ path: p('list.sorted', name), size: i + 1 }))
          .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
        checkEqual(show(listed.map((o) => ({ path: o.path, size: o.size }))), show(want), 'list');
      },
    },
    {
      id: 'list.prefix',
      title: 'list of a sub-prefix returns only what is under it; an unknown prefix lists nothing',
      run: async () => {
        const s = await store();
        for (const name of ['x/1.bin', 'x/2.bin', 'xy/3.bin', 'y/4.bin'])
          await s.put(p('list.prefix', name), new Uint8Array(1));
        checkEqual(
          (await s.list(p('list.prefix', 'x/'))).map((o) => o.path).join(','),
          [p('list.prefix', 'x/1.bin'), p('list.prefix', 'x/2.bin')].join(','),
          'list(x/)',
        );
        checkEqual((await s.list(p('list.prefix', 'nothing/'))).length, 0, 'list(unknown prefix)');
      },
    },
    {
      id: 'delete.prefix',
      title: 'delete removes everything under a prefix, returns the count and keeps siblings',
      run: async () => {
        const s = await store();
        for (const name of ['a/1.bin', 'a/2.bin', 'a/sub/3.bin', 'ab/4.bin', 'b/5.bin'])
          await s.put(p('delete.prefix', name), new Uint8Array(1));
        checkEqual(await s.delete(p('delete.prefix', 'a/')), 3, 'delete(a/) count');
        checkEqual((await s.list(p('delete.prefix', 'a/'))).length, 0, 'objects left under a/');
        checkEqual(
          (await s.list(p('delete.prefix', ''))).map((o) => o.path).join(','),
          [p('delete.prefix', 'ab/4.bin'), p('delete.prefix', 'b/5.bin')].join(','),
          'siblings kept',
        );
      },
    },
    {
      id: 'delete.missing',
      title: 'delete of an empty prefix returns 0',
      run: async () => checkEqual(await (await store()).delete(p('delete.missing', 'none/')), 0, 'delete(missing)'),
    },
    {
      id: 'uri',
      title: `uri(path) is a ${harness.adapter.capabilities.scheme}:// URI ending with the path`,
      run: async () => {
        const path = p('uri', 'part-00001.parquet');
        const uri = (await store()).uri(path);
        check(
          uri.startsWith(`${harness.adapter.capabilities.scheme}://`),
          `uri ${uri} does not start with ${harness.adapter.capabilities.scheme}://`,
        );
        check(uri.endsWith(path), `uri ${uri} does not end with ${path}`);
      },
    },
    {
      id: 'path.traversal',
      title: 'paths with a .. segment or a leading / are refused by put, get, list and delete',
      run: async () => {
        const s = await store();
        for (const bad of [
          '../escape.bin',
          `${base}../../escape.bin`,
          '/absolute.bin',
          `${base}a/./../../../x.bin`,
          `${base}..`,
        ]) {
          for (const [op, call] of [
            ['put', () => s.put(bad, bytes('x'))],
            ['get', () => s.get(bad)],
            ['list', () => s.list(bad)],
            ['delete', () => s.delete(bad)],
          ] as const) {
            let error: unknown;
            try {
              await call();
            } catch (e) {
              error = e;
            }
            if (error === undefined) fail(`${op}(${JSON.stringify(bad)}) was accepted`);
            check(isGoeError(error), `${op}(${JSON.stringify(bad)}) rejected with ${String(error)}, not a GoeError`);
          }
        }
      },
    },
  ];

  return makeSuite(`storageSuite[${harness.name}]`, cases, harness.skip, async () => {
    if (!opened) return;
    try {
      await opened.delete(base);
    } finally {
      await opened.close();
    }
  });
}
