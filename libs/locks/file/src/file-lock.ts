/**
 * The file OrchestrationLock: one lock file per key in a directory (`OFFLOAD_HOME/run`), created atomically with
 * `open(path, 'wx')`, holding pid, host, execution id and time as JSON. Never waits. A lock whose process is gone
 * (same host, `process.kill(pid, 0)` → ESRCH) is reclaimed at once, race-safely: one reclaimer per stale file wins
 * an exclusive claim, checks the stale file is still in place, moves it aside by `rename`, checks it moved the very
 * file it judged, deletes it, removes its claim, and then competes for the lock like any other process. Only lock
 * files stay in the directory: claims and moved-aside files are removed whether the reclaim succeeds or fails
 * (those of a process killed mid-reclaim are swept after a minute).
 */
import { createHash, randomUUID } from 'node:crypto';
import { link, mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { GoeError } from '@goe/core';
import type { LockHandle, LockHolder, OrchestrationLock } from '@goe/core';
import { isStale, parseLockRecord, toHolder } from './holder.js';
import type { LockRecord } from './holder.js';
import { lockFileName } from './lock-file-name.js';

/** Options of {@link openFileLock}. */
export interface FileLockOptions {
  /** Directory of the lock files (created when missing, mode 0775); GOE uses `${OFFLOAD_HOME}/run`. */
  readonly dir: string;
  /**
   * Milliseconds an incomplete lock file (created but not yet written) counts as held; older ones were left by a
   * process killed between create and write, and are reclaimed. Default 10 000.
   */
  readonly incompleteGraceMs?: number;
}

/** A lock file as read from one open file descriptor. */
interface Observed {
  readonly text: string;
  readonly record: LockRecord | undefined;
  readonly ino: number;
  readonly mtimeMs: number;
}

const CLAIM_MAX_AGE_MS = 60_000;
const ATTEMPTS = 5;

/**
 * Opens the file lock service on a directory.
 *
 * @example
 * const locks = await openFileLock({ dir: '/home/goe/.goe/run' });
 * const handle = await locks.acquire('SH.SALES', { pid: process.pid, host: os.hostname(), executionId });
 * try { await offloadSales(); } finally { await handle.release(); }
 */
export async function openFileLock(options: FileLockOptions): Promise<OrchestrationLock> {
  const { dir } = options;
  const grace = options.incompleteGraceMs ?? 10_000;
  const held = new Set<LockHandle>();

  const acquire = async (key: string, holder: Omit<LockHolder, 'acquiredAt'>): Promise<LockHandle> => {
    await mkdir(dir, { recursive: true, mode: 0o775 });
    await sweepClaims(dir);
    const path = join(dir, lockFileName(key));
    const record: LockRecord = {
      key,
      pid: holder.pid,
      host: holder.host,
      ...(holder.executionId === undefined ? {} : { executionId: holder.executionId }),
      acquiredAt: new Date().toISOString(),
      token: randomUUID(),
    };
    let last: Observed | undefined;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (await tryCreate(path, record)) {
        const handle = makeHandle(key, path, record.token, () => held.delete(handle));
        held.add(handle);
        return handle;
      }
      const seen = await observe(path);
      if (seen === undefined) continue; // released meanwhile
      last = seen;
      const abandoned = seen.record === undefined ? Date.now() - seen.mtimeMs > grace : isStale(seen.record);
      if (!abandoned) throw lockHeld(key, seen.record, path);
      await reclaim(path, seen);
    }
    throw lockHeld(key, last?.record, path);
  };

  return {
    acquire,
    async holder(key) {
      const seen = await observe(join(dir, lockFileName(key)));
      if (seen?.record === undefined || isStale(seen.record)) return undefined;
      return toHolder(seen.record);
    },
    async close() {
      for (const h of [...held]) await h.release();
    },
  };
}

function makeHandle(key: string, path: string, token: string, forget: () => void): LockHandle {
  let released = false;
  return {
    key,
    async release() {
      if (released) return;
      released = true;
      forget();
      const seen = await observe(path);
      if (seen?.record?.token === token) await unlink(path).catch(ignoreMissing);
    },
  };
}

/** Creates the lock file exclusively and writes the record; false when it exists. */
async function tryCreate(path: string, record: LockRecord): Promise<boolean> {
  let fh;
  try {
    fh = await open(path, 'wx', 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw ioError(`Cannot create lock file ${path}`, e);
  }
  try {
    await fh.writeFile(JSON.stringify(record));
    await fh.sync();
  } catch (e) {
    await fh.close().catch(() => undefined);
    await unlink(path).catch(() => undefined);
    throw ioError(`Cannot write lock file ${path}`, e);
  }
  await fh.close();
  return true;
}

/** Reads a lock file (content, inode, mtime) through one descriptor; undefined when there is none. */
async function observe(path: string): Promise<Observed | undefined> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw ioError(`Cannot read lock file ${path}`, e);
  }
  try {
    const st = await fh.stat();
    const text = await fh.readFile('utf8');
    return { text, record: parseLockRecord(text), ino: st.ino, mtimeMs: st.mtimeMs };
  } finally {
    await fh.close();
  }
}

/**
 * Removes the stale lock file `seen` if it is still the one at `path`. One process at a time per stale file holds
 * the claim (`<lock>.reclaim-<inode>-<hash>`, created with `wx`). The holder checks that `path` still is the file
 * it judged — only a claim holder ever moves that file, so it stays in place while the claim is held, and a
 * reclaimer that judged it before an earlier reclaim finished finds it gone and backs off — then renames it aside,
 * checks inode and content once more (putting back a file it should not have moved), deletes it and removes its
 * claim. The claim and the moved-aside file are removed on failure too. Losers simply look again.
 */
async function reclaim(path: string, seen: Observed): Promise<void> {
  const id = createHash('sha256').update(`${seen.ino}\0${seen.mtimeMs}\0${seen.text}`).digest('hex').slice(0, 24);
  const claim = `${path}.reclaim-${id}`;
  let fh;
  try {
    fh = await open(claim, 'wx', 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw ioError(`Cannot create lock claim ${claim}`, e);
  }
  try {
    await fh.close().catch((e: unknown) => {
      throw ioError(`Cannot create lock claim ${claim}`, e);
    });
    const now = await observe(path);
    if (now === undefined || now.ino !== seen.ino || now.mtimeMs !== seen.mtimeMs || now.text !== seen.text) return;
    await moveAsideAndDelete(path, seen);
  } finally {
    await unlink(claim).catch(() => undefined); // best effort: sweepClaims removes what a failure here leaves
  }
}

/**
 * Renames the judged stale file aside and deletes it; puts it back instead when it is not the file judged or
 * cannot be read. The moved-aside name never outlives the call.
 */
async function moveAsideAndDelete(path: string, seen: Observed): Promise<void> {
  const aside = `${path}.stale-${randomUUID()}`;
  try {
    await rename(path, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw ioError(`Cannot move stale lock file ${path}`, e);
  }
  let putBack = true; // also when it cannot be read: unverified, it is not ours to delete
  try {
    const moved = await observe(aside);
    putBack = moved !== undefined && (moved.ino !== seen.ino || moved.text !== seen.text);
  } finally {
    if (putBack) await link(aside, path).catch(() => undefined); // not the file we judged: put it back
    await unlink(aside).catch(() => undefined);
  }
}

/**
 * Deletes claims and moved-aside files older than a minute: only a process killed in the middle of a reclaim leaves
 * them (a live reclaimer removes its own, whatever happens), and a claim only needs to outlive that reclaim.
 */
async function sweepClaims(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  const now = Date.now();
  for (const name of names) {
    if (!name.includes('.lock.reclaim-') && !name.includes('.lock.stale-')) continue;
    const p = join(dir, name);
    const st = await stat(p).catch(() => undefined);
    if (st !== undefined && now - st.mtimeMs > CLAIM_MAX_AGE_MS) await unlink(p).catch(() => undefined);
  }
}

function lockHeld(key: string, holder: LockHolder | undefined, path: string): GoeError {
  const who =
    holder === undefined
      ? 'a process that is creating the lock file'
      : `pid ${holder.pid} on host ${holder.host}${holder.executionId === undefined ? '' : `, execution ${holder.executionId}`}, since ${holder.acquiredAt}`;
  return new GoeError('LOCK_HELD', `Another Orchestration process has locked id: ${key} (held by ${who})`, {
    hint: `Wait for that command to finish. The lock is ${path}; it is reclaimed automatically once its process is gone (same host only).`,
  });
}

function ioError(message: string, cause: unknown): GoeError {
  return new GoeError('ENGINE_ERROR', `${message}: ${cause instanceof Error ? cause.message : String(cause)}`, {
    cause,
    ...(typeof (cause as { code?: unknown }).code === 'string' ? { engineCode: (cause as { code: string }).code } : {}),
  });
}

function ignoreMissing(e: unknown): void {
  if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
}
