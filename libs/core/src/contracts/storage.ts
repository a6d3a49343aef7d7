/** The staging store contract: one per URI scheme (`file://`, `gs://`, `s3://`, `abfs(s)://`, `hdfs://`). */
import type { Readable } from 'node:stream';
import type { AdapterBase, Branded } from './adapter.js';
import { brandAdapter } from './adapter.js';
import type { AdapterContext } from './context.js';

/** One stored object. */
export interface StoredObject {
  /** Path relative to the store root, `/`-separated. */
  readonly path: string;
  readonly size: number;
}

/** An open staging store. Paths are relative, `/`-separated, never starting with `/` or containing `..`. */
export interface StagingStore {
  /** Writes a stream atomically: readers see the whole object or nothing. Returns the byte count. */
  put(path: string, data: Readable | AsyncIterable<Uint8Array> | Uint8Array): Promise<number>;
  /** Objects under a prefix, sorted by path. */
  list(prefix: string): Promise<readonly StoredObject[]>;
  /** Reads an object. @throws GoeError `TABLE_NOT_FOUND`-style `ENGINE_ERROR` when missing */
  get(path: string): Promise<Readable>;
  exists(path: string): Promise<boolean>;
  /** Deletes every object under a prefix; returns how many. */
  delete(prefix: string): Promise<number>;
  /** The URI a backend loads from, e.g. `file:///home/goe/staging/sh/sales/part-0001.parquet`. */
  uri(path: string): string;
  close(): Promise<void>;
}

/** What a staging store can do. */
export interface StorageCapabilities {
  readonly scheme: string;
  readonly atomicPut: boolean;
}

/** A staging store adapter definition. */
export interface StorageAdapter extends AdapterBase<'storage'> {
  readonly capabilities: StorageCapabilities;
  open(ctx: AdapterContext): Promise<StagingStore>;
}

/**
 * Defines a staging store adapter.
 *
 * @example
 * export const localStorage = defineStorage({ kind: 'storage', name: 'file', apiVersion: 1, configSchema, capabilities: { scheme: 'file', atomicPut: true }, open });
 */
export function defineStorage<T extends StorageAdapter>(definition: T): Branded<T> {
  return brandAdapter('storage', definition);
}
