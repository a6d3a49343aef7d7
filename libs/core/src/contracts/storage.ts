/** The staging store contract: one per URI scheme (`file://`, and an object store's or distributed file system's own, e.g. `acme://`). */
import type { Readable } from 'node:stream';
import type { AdapterBase, Branded } from './adapter.js';
import { brandAdapter } from './adapter.js';
import { mergeCapabilities, withMethodDefaults, type CapabilitiesInput } from './defaults.js';
import type { AdapterContext } from './context.js';
import { GoeError } from '../errors.js';

/** One stored object. */
export interface StoredObject {
  /** Path relative to the store root, `/`-separated. */
  readonly path: string;
  readonly size: number;
}

/**
 * Staging file formats GOE writes and loads.
 *
 * @example
 * const format: StagingFormat = 'PARQUET';
 */
export type StagingFormat = 'PARQUET' | 'AVRO';

/** An open staging store. Paths are relative, `/`-separated, never starting with `/` or containing `..`. */
export interface StagingStore {
  /** Writes a stream atomically: readers see the whole object or nothing. Returns the byte count. */
  put(path: string, data: Readable | AsyncIterable<Uint8Array> | Uint8Array): Promise<number>;
  /** Objects under a prefix, sorted by path. */
  list(prefix: string): Promise<readonly StoredObject[]>;
  /** Reads an object. @throws GoeError `TABLE_NOT_FOUND`-style `ENGINE_ERROR` when missing */
  get(path: string): Promise<Readable>;
  /** Whether an object exists. Optional in a definition; default: looks for the path in `list(path)`. */
  exists(path: string): Promise<boolean>;
  /** Deletes every object under a prefix; returns how many. */
  delete(prefix: string): Promise<number>;
  /** The URI a backend loads from, e.g. `file:///home/goe/staging/sh/sales/part-0001.parquet`. */
  uri(path: string): string;
  /** Releases what the store holds. Optional in a definition; default: a no-op. */
  close(): Promise<void>;
}

/** The methods a {@link StorageDefinition}'s store may leave out (see {@link StagingStore} for their defaults). */
export type OptionalStoreMethod = 'exists' | 'close';
/** A store as an adapter's `open` returns it: {@link OptionalStoreMethod}s may be missing. */
export type StagingStoreInput = Omit<StagingStore, OptionalStoreMethod> &
  Partial<Pick<StagingStore, OptionalStoreMethod>>;

/**
 * What a staging store can do; read by core's staging compatibility check (plan time).
 *
 * @example
 * const capabilities: StorageCapabilities = { scheme: 'acme', aliases: ['acmes'] };
 */
export interface StorageCapabilities {
  /**
   * The URI scheme of the URIs it hands a backend (`file`, `acme`…), matched against the backend's and the
   * transport's `staging.schemes`. Default: the adapter name.
   */
  readonly scheme: string;
  /** Other spellings of the scheme the same store serves (e.g. `acmes` for `acme`). Default none. */
  readonly aliases?: readonly string[];
}

/**
 * Defaults of a storage adapter's capabilities (besides `scheme`, which defaults to the adapter name): no aliases.
 *
 * @example
 * DEFAULT_STORAGE_CAPABILITIES.aliases // []
 */
export const DEFAULT_STORAGE_CAPABILITIES: Omit<StorageCapabilities, 'scheme'> = Object.freeze({ aliases: [] });

/** A staging store adapter, complete (as core reads it). */
export interface StorageAdapter extends AdapterBase<'storage'> {
  readonly capabilities: StorageCapabilities;
  open(ctx: AdapterContext): Promise<StagingStore>;
}

/** A staging store adapter as written: capabilities and optional store methods may be left out. */
export interface StorageDefinition extends AdapterBase<'storage'> {
  readonly capabilities?: CapabilitiesInput<StorageCapabilities>;
  open(ctx: AdapterContext): Promise<StagingStoreInput>;
}

/**
 * Defines a staging store adapter: fills capability defaults ({@link DEFAULT_STORAGE_CAPABILITIES}, `scheme` =
 * the name) and wraps `open` so the store has every method (`exists` via `list`, `close` a no-op).
 *
 * @example
 * export const localStorage = defineStorage({ kind: 'storage', name: 'file', apiVersion: 2, configSchema, capabilities: { scheme: 'file' }, open });
 */
export function defineStorage<T extends StorageDefinition>(
  definition: T,
): Branded<
  Omit<T, 'capabilities' | 'open'> &
    StorageAdapter & { open(ctx: AdapterContext): Promise<Awaited<ReturnType<T['open']>> & StagingStore> }
> {
  const capabilities = mergeCapabilities<StorageCapabilities>(
    { scheme: definition.name, ...DEFAULT_STORAGE_CAPABILITIES },
    definition.capabilities,
  );
  return brandAdapter('storage', {
    ...definition,
    capabilities,
    open: async (ctx: AdapterContext) => withStoreDefaults(await definition.open(ctx)),
  }) as never;
}

/** Completes a store with the defaults of its optional methods. @internal */
export function withStoreDefaults(store: StagingStoreInput): StagingStore {
  return withMethodDefaults(store as StagingStore, ['exists', 'close'], (s) => ({
    exists: async (path: string) => (await s.list(path)).some((o) => o.path === path),
    close: async () => undefined,
  }));
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Checks a store-relative path as every staging store must (the rule `storageSuite`'s `path.traversal` case
 * holds stores to) and returns its segments. Refused: a non-string, an empty path (unless `prefix`), a leading
 * `/`, `\`, control characters, and empty, `.` or `..` segments. A `prefix` may be empty (the whole store) or
 * end with `/`.
 *
 * @param options.prefix check a prefix (for `list` and `delete`) rather than an object path. Default false.
 * @throws GoeError `OPTION_INVALID` naming the path
 * @example
 * checkStagingPath('sh/sales/s0-00001.parquet') // ['sh', 'sales', 's0-00001.parquet']
 * checkStagingPath('sh/', { prefix: true }) // ['sh']
 * checkStagingPath('../etc/passwd') // throws OPTION_INVALID: path traversal is not allowed
 */
export function checkStagingPath(path: string, options: { readonly prefix?: boolean } = {}): readonly string[] {
  const prefix = options.prefix ?? false;
  const refuse = (why: string): never => {
    throw new GoeError('OPTION_INVALID', `Invalid staging path ${JSON.stringify(path)}: ${why}`, {
      hint: 'Staging paths are relative, /-separated, without . or .. segments',
    });
  };
  if (typeof path !== 'string') return refuse('not a string');
  if (path === '') return prefix ? [] : refuse('empty');
  if (path.startsWith('/')) refuse('absolute paths are not allowed');
  if (path.includes('\\')) refuse('backslashes are not allowed');
  if (CONTROL_CHARACTERS.test(path)) refuse('control characters are not allowed');
  const segments = path.split('/');
  if (prefix && segments[segments.length - 1] === '') segments.pop();
  for (const s of segments) {
    if (s === '') refuse('empty segment');
    if (s === '.' || s === '..') refuse('path traversal is not allowed');
  }
  return segments;
}
