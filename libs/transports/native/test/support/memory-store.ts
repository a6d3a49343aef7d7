/** An in-memory StagingStore for tests: atomic by construction, optionally slow or failing. */
import { Readable } from 'node:stream';
import type { StagingStore, StoredObject } from '@goe/core';

export interface MemoryStore extends StagingStore {
  readonly objects: Map<string, Uint8Array>;
  /** Paths whose put is in progress. */
  readonly writing: Set<string>;
  bytes(path: string): Uint8Array;
}

export interface MemoryStoreOptions {
  /** Awaited before consuming each chunk (backpressure tests). */
  readonly gate?: () => Promise<void>;
  /** Fail the put of paths matching this. */
  readonly failPut?: RegExp;
}

export function memoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  const objects = new Map<string, Uint8Array>();
  const writing = new Set<string>();
  return {
    objects,
    writing,
    bytes(path) {
      const b = objects.get(path);
      if (!b) throw new Error(`no object ${path}`);
      return b;
    },
    async put(path, data) {
      writing.add(path);
      try {
        const parts: Uint8Array[] = [];
        const source: AsyncIterable<Uint8Array> | Iterable<Uint8Array> = data instanceof Uint8Array ? [data] : data;
        for await (const chunk of source) {
          if (options.gate) await options.gate();
          if (options.failPut?.test(path)) throw new Error(`store refused ${path}`);
          parts.push(chunk);
        }
        const all = Buffer.concat(parts);
        objects.set(path, new Uint8Array(all.buffer, all.byteOffset, all.byteLength));
        return all.byteLength;
      } finally {
        writing.delete(path);
      }
    },
    async list(prefix) {
      return [...objects.entries()]
        .filter(([p]) => p.startsWith(prefix))
        .map(([path, b]): StoredObject => ({ path, size: b.byteLength }))
        .sort((a, b) => (a.path < b.path ? -1 : 1));
    },
    async get(path) {
      return Readable.from([Buffer.from(this.bytes(path))]);
    },
    async exists(path) {
      return objects.has(path);
    },
    async delete(prefix) {
      let n = 0;
      for (const p of [...objects.keys()]) if (p.startsWith(prefix) && objects.delete(p)) n++;
      return n;
    },
    uri: (path) => `mem:///${path}`,
    close: async () => {},
  };
}
