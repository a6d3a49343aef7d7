/**
 * The local-disk {@link StagingStore}: atomic puts (temporary name in the same directory, fsync, rename, fsync
 * of the directory), sorted listings, prefix deletes, `file://` URIs. Nothing half-written is ever visible.
 */
import { mkdir, open, readdir, realpath, rename, rmdir, stat, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Readable } from 'node:stream';
import { GoeError, ensureDirectory, isGoeError, type StagingStore, type StoredObject } from '@goe/core';
import { isTempName, resolveInside, tempTarget, TEMP_SUFFIX } from './paths.js';

/**
 * Options of {@link openLocalStore}.
 *
 * @example
 * openLocalStore({ root: '/data/goe/staging', fsync: true })
 */
export interface LocalStoreOptions {
  /** Absolute or relative directory holding the staged files; created when missing. */
  readonly root: string;
  /** fsync files and directories on `put` (default `true`; turn off only for throw-away tests). */
  readonly fsync?: boolean;
}

/**
 * A {@link StagingStore} on local disk, plus the absolute path of an object (what local engines read).
 *
 * @example
 * const store: LocalStagingStore = await openLocalStore({ root: dir });
 * store.localPath('a/b.parquet') // `${dir}/a/b.parquet`
 */
export interface LocalStagingStore extends StagingStore {
  /** The absolute root directory. */
  readonly root: string;
  /** The absolute local path of a store-relative path (checked like every other path). */
  localPath(path: string): string;
}

/**
 * Opens (creating when missing) a local staging store rooted at `options.root`.
 *
 * @throws GoeError `ENGINE_ERROR` when the root cannot be created.
 * @example
 * const store = await openLocalStore({ root: '/tmp/goe-staging' });
 * await store.put('sh/sales/0-00001.parquet', bytes);
 * store.uri('sh/sales/0-00001.parquet'); // 'file:///tmp/goe-staging/sh/sales/0-00001.parquet'
 */
export async function openLocalStore(options: LocalStoreOptions): Promise<LocalStagingStore> {
  const wanted = options.root;
  // one level at a time: Node's recursive mkdir spins where a parent refuses new entries (e.g. under /proc)
  ensureDirectory(wanted, { purpose: 'staging directory' });
  const root = await realpath(wanted);
  return new LocalStore(root, options.fsync ?? true);
}

class LocalStore implements LocalStagingStore {
  constructor(
    readonly root: string,
    private readonly sync: boolean,
  ) {}

  localPath(path: string): string {
    return resolveInside(this.root, path, false);
  }

  async put(path: string, data: Readable | AsyncIterable<Uint8Array> | Uint8Array): Promise<number> {
    const target = this.localPath(path);
    const dir = dirname(target);
    await mkdir(dir, { recursive: true }).catch((e: unknown) => {
      throw fsError(e, `create ${dir}`);
    });
    await this.assertReal(dir);
    const temp = join(dir, `.${basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`);
    const handle = await open(temp, 'wx', 0o640).catch((e: unknown) => {
      throw fsError(e, `create ${temp}`);
    });
    let bytes = 0;
    try {
      const chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array> = data instanceof Uint8Array ? [data] : data;
      for await (const chunk of chunks) {
        const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        let off = 0;
        while (off < buf.byteLength) {
          const { bytesWritten } = await handle.write(buf, off, buf.byteLength - off);
          off += bytesWritten;
        }
        bytes += buf.byteLength;
      }
      if (this.sync) await handle.sync();
      await handle.close();
      await rename(temp, target);
    } catch (e) {
      await handle.close().catch(() => undefined);
      await unlink(temp).catch(() => undefined);
      throw isGoeError(e) ? e : fsError(e, `write ${path}`);
    }
    if (this.sync) await syncDir(dir);
    return bytes;
  }

  async list(prefix: string): Promise<readonly StoredObject[]> {
    const out: StoredObject[] = [];
    await this.walk(prefix, (path, size) => out.push({ path, size }), false);
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async get(path: string): Promise<Readable> {
    const abs = this.localPath(path);
    await this.assertReal(dirname(abs)).catch((e: unknown) => {
      throw isGoeError(e) ? e : missing(path, e);
    });
    const handle = await open(abs, 'r').catch((e: unknown) => {
      throw missing(path, e);
    });
    return handle.createReadStream();
  }

  async exists(path: string): Promise<boolean> {
    try {
      return (await stat(this.localPath(path))).isFile();
    } catch (e) {
      if (isGoeError(e)) throw e;
      return false;
    }
  }

  async delete(prefix: string): Promise<number> {
    let count = 0;
    const dirs = new Set<string>();
    await this.walk(
      prefix,
      async (path, _size, abs, temp) => {
        await unlink(abs).catch((e: unknown) => {
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw fsError(e, `delete ${path}`);
        });
        if (!temp) count++;
        dirs.add(dirname(abs));
      },
      true,
    );
    // Remove directories left empty, deepest first, never the root.
    const sorted = [...dirs].sort((a, b) => b.length - a.length);
    for (let d of sorted) {
      while (d.startsWith(this.root + sep)) {
        try {
          await rmdir(d);
        } catch {
          break;
        }
        d = dirname(d);
      }
    }
    return count;
  }

  uri(path: string): string {
    return pathToFileURL(this.localPath(path)).href;
  }

  async close(): Promise<void> {}

  /** Refuses a directory whose real path (symlinks resolved) leaves the root. */
  private async assertReal(dir: string): Promise<void> {
    const real = await realpath(dir);
    if (real !== this.root && !real.startsWith(this.root + sep)) {
      throw new GoeError('OPTION_INVALID', `Staging path ${dir} resolves outside the staging root ${this.root}`, {
        hint: 'Remove the symbolic link that points outside the staging directory',
      });
    }
  }

  /** Visits the files whose store path starts with `prefix`; temp files only when `withTemp`. */
  private async walk(
    prefix: string,
    visit: (path: string, size: number, abs: string, temp: boolean) => unknown,
    withTemp: boolean,
  ): Promise<void> {
    resolveInside(this.root, prefix, true);
    const cut = prefix.lastIndexOf('/');
    const startRel = cut < 0 ? '' : prefix.slice(0, cut);
    const start = startRel === '' ? this.root : resolveInside(this.root, startRel, true);
    const recurse = async (absDir: string, relDir: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(absDir, { withFileTypes: true });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return;
        throw fsError(e, `list ${relDir || '/'}`);
      }
      for (const entry of entries) {
        const rel = relDir === '' ? entry.name : `${relDir}/${entry.name}`;
        const abs = join(absDir, entry.name);
        if (entry.isDirectory()) {
          // Descend only where the prefix can still match.
          if (rel.startsWith(prefix) || prefix.startsWith(rel + '/')) await recurse(abs, rel);
        } else if (entry.isFile()) {
          const temp = isTempName(entry.name);
          if (temp && !withTemp) continue;
          const logical = temp ? `${relDir === '' ? '' : relDir + '/'}${tempTarget(entry.name)}` : rel;
          if (!logical.startsWith(prefix)) continue;
          const size = withTemp ? 0 : (await stat(abs)).size;
          await visit(rel, size, abs, temp);
        }
      }
    };
    await recurse(start, startRel);
  }
}

async function syncDir(dir: string): Promise<void> {
  try {
    const h = await open(dir, 'r');
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  } catch {
    // Some filesystems refuse fsync on directories; the rename is still atomic.
  }
}

function missing(path: string, cause: unknown): GoeError {
  return new GoeError('ENGINE_ERROR', `Staged object not found: ${path}`, {
    engineCode: (cause as NodeJS.ErrnoException).code ?? 'ENOENT',
    cause,
  });
}

function fsError(e: unknown, what: string): GoeError {
  const err = e as NodeJS.ErrnoException;
  return new GoeError('ENGINE_ERROR', `Could not ${what}: ${err.message ?? String(e)}`, {
    ...(err.code === undefined ? {} : { engineCode: err.code }),
    cause: e,
  });
}
