/**
 * "Lock reclaim files linger": whatever happens — acquire/release, a refused acquisition, a stale lock reclaimed,
 * several acquirers racing for one stale lock (in this process and across processes), or an I/O failure in the
 * middle of a reclaim — the run directory afterwards holds lock files only: no `.reclaim-*` claim, no `.stale-*`
 * file moved aside.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as fsPromises from 'node:fs/promises';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { isGoeError } from '@goe/core';
import { lockFileName, openFileLock } from '../src/index.js';
import { bundleForChild } from '../../../../tools/test-support/bundle-child.js';

/** Faults injected into node:fs/promises as file-lock.ts sees it (none unless a test sets one). */
const faults = vi.hoisted(() => ({
  /** Runs before the real rename; may throw or change the file system first. */
  rename: undefined as ((from: string, to: string) => void) | undefined,
  /** An error to fail `unlink(path)` with, or undefined to unlink normally. */
  unlink: undefined as ((path: string) => Error | undefined) | undefined,
  /** An error to fail `open(path, flags)` with, or undefined to open normally. */
  open: undefined as ((path: string, flags: string) => Error | undefined) | undefined,
  /** An error to fail `method` (`writeFile`, `close`, …) of a handle opened for `path` with, or undefined. */
  handle: undefined as ((path: string, method: string) => Error | undefined) | undefined,
}));

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof fsPromises>();
  return {
    ...real,
    async rename(from: string, to: string) {
      faults.rename?.(from, to);
      return real.rename(from, to);
    },
    async unlink(path: string) {
      const error = faults.unlink?.(String(path));
      if (error) throw error;
      return real.unlink(path);
    },
    async open(path: string, flags: string, mode?: number) {
      const error = faults.open?.(String(path), flags);
      if (error) throw error;
      const fh = await real.open(path, flags, mode);
      const handleFault = faults.handle;
      if (handleFault === undefined) return fh;
      return new Proxy(fh, {
        get(target, prop) {
          const v = Reflect.get(target, prop, target) as unknown;
          if (typeof v !== 'function') return v;
          const error = handleFault(String(path), String(prop));
          if (error === undefined) return (v as (...a: unknown[]) => unknown).bind(target);
          // The real handle is closed all the same, so no descriptor leaks.
          return () => target.close().then(() => Promise.reject(error));
        },
      });
    },
  };
});

const host = hostname();
const me = { pid: process.pid, host };
const KEY = 'SH.SALES';
const LOCK = lockFileName(KEY);
const tmp = () => mkdtempSync(join(tmpdir(), 'goe-lock-clean-'));
const ls = (dir: string) => readdirSync(dir).sort();
const fault = (code: string) => Object.assign(new Error(`${code}: simulated`), { code });

let child = '';
const children: ChildProcess[] = [];
beforeAll(async () => {
  child = await bundleForChild(fileURLToPath(new URL('./support/lock-child.ts', import.meta.url)));
}, 120_000);
afterEach(() => {
  faults.rename = faults.open = faults.handle = faults.unlink = undefined;
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/** A pid that certainly belonged to a process that has exited. */
async function deadPid(): Promise<number> {
  const p = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => p.on('exit', r));
  return p.pid!;
}

/** Writes a complete lock record of a dead process on this host; returns its text. */
async function writeStale(dir: string, key = KEY): Promise<string> {
  const text = JSON.stringify({ key, pid: await deadPid(), host, acquiredAt: 'then', token: 'dead' });
  writeFileSync(join(dir, lockFileName(key)), text);
  return text;
}

/** The claim name a reclaimer of the lock file at `path` uses (inode, mtime and content of what it judged). */
function claimNameFor(path: string): string {
  const st = statSync(path);
  const text = readFileSync(path, 'utf8');
  const id = createHash('sha256').update(`${st.ino}\0${st.mtimeMs}\0${text}`).digest('hex').slice(0, 24);
  return `${lockFileName(KEY)}.reclaim-${id}`;
}

describe('the lock directory holds lock files only', () => {
  it('after acquire and release', async () => {
    const dir = tmp();
    const locks = await openFileLock({ dir });
    for (let i = 0; i < 3; i++) {
      const h = await locks.acquire(KEY, me);
      expect(ls(dir)).toEqual([LOCK]);
      await h.release();
      expect(ls(dir)).toEqual([]);
    }
  });

  it('after an acquisition refused with LOCK_HELD', async () => {
    const dir = tmp();
    const holder = await openFileLock({ dir });
    const h = await holder.acquire(KEY, { ...me, executionId: 'first' });
    const other = await openFileLock({ dir });
    for (let i = 0; i < 3; i++) {
      await expect(other.acquire(KEY, { ...me, executionId: 'second' })).rejects.toMatchObject({ code: 'LOCK_HELD' });
      expect(ls(dir)).toEqual([LOCK]);
    }
    expect(JSON.parse(readFileSync(join(dir, LOCK), 'utf8'))).toMatchObject({ executionId: 'first' });
    await h.release();
    expect(ls(dir)).toEqual([]);
  });

  it('after a stale lock of a dead process is reclaimed', async () => {
    const dir = tmp();
    await writeStale(dir);
    const locks = await openFileLock({ dir });
    const h = await locks.acquire(KEY, { ...me, executionId: 'reclaimer' });
    expect(ls(dir)).toEqual([LOCK]);
    expect(JSON.parse(readFileSync(join(dir, LOCK), 'utf8'))).toMatchObject({ pid: process.pid });
    await h.release();
    expect(ls(dir)).toEqual([]);
  });

  it('after an abandoned incomplete lock file is reclaimed', async () => {
    const dir = tmp();
    const path = join(dir, LOCK);
    writeFileSync(path, '{"key":"SH.SAL');
    const old = new Date(Date.now() - 60_000);
    utimesSync(path, old, old);
    const locks = await openFileLock({ dir, incompleteGraceMs: 1_000 });
    const h = await locks.acquire(KEY, me);
    expect(ls(dir)).toEqual([LOCK]);
    await h.release();
    expect(ls(dir)).toEqual([]);
  });

  it('after 8 acquirers in this process race for one stale lock (10 rounds): one wins, the rest get LOCK_HELD', async () => {
    for (let round = 0; round < 10; round++) {
      const dir = tmp();
      await writeStale(dir);
      const services = await Promise.all(Array.from({ length: 8 }, () => openFileLock({ dir })));
      const results = await Promise.allSettled(
        services.map((s, i) => s.acquire(KEY, { ...me, executionId: `racer-${i}` })),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      expect(won, `round ${round}`).toHaveLength(1);
      for (const r of results) {
        if (r.status === 'rejected') expect(isGoeError(r.reason) && r.reason.code, `round ${round}`).toBe('LOCK_HELD');
      }
      expect(ls(dir), `round ${round}`).toEqual([LOCK]);
      expect(JSON.parse(readFileSync(join(dir, LOCK), 'utf8'))).toMatchObject({ pid: process.pid });
      await won[0]!.value.release();
      expect(ls(dir), `round ${round}`).toEqual([]);
    }
  });

  it('after 4 processes race for one stale lock', async () => {
    const dir = tmp();
    await writeStale(dir);
    const at = String(Date.now() + 4_000);
    const runs = await Promise.all(
      Array.from({ length: 4 }, () => {
        const proc = spawn(process.execPath, [child, dir, KEY, 'try', '300', at], {
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        children.push(proc);
        let out = '';
        proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
        return new Promise<string>((r) => proc.on('exit', () => r(out.trim())));
      }),
    );
    expect(
      runs.filter((l) => l === 'acquired'),
      runs.join('; '),
    ).toHaveLength(1);
    expect(runs.filter((l) => l.startsWith('held '))).toHaveLength(3);
    expect(ls(dir)).toEqual([]); // the winner released after 300 ms; no claim or moved-aside file anywhere
  }, 60_000);
});

describe('a reclaim that fails part-way removes its claim and moved-aside file', () => {
  it('when the stale file cannot be moved aside', async () => {
    const dir = tmp();
    const text = await writeStale(dir);
    faults.rename = () => {
      throw fault('EIO');
    };
    const err = await (await openFileLock({ dir })).acquire(KEY, me).catch((e: unknown) => e);
    expect(isGoeError(err) && err.code).toBe('ENGINE_ERROR');
    expect((err as Error).message).toMatch(/^Cannot move stale lock file .*: EIO: simulated$/);
    expect(ls(dir)).toEqual([LOCK]);
    expect(readFileSync(join(dir, LOCK), 'utf8')).toBe(text); // still there, reclaimed on the next try
    faults.rename = undefined;
    await (await (await openFileLock({ dir })).acquire(KEY, me)).release();
    expect(ls(dir)).toEqual([]);
  });

  it('when the file moved aside cannot be read back: it is put back, not deleted unverified', async () => {
    const dir = tmp();
    const text = await writeStale(dir);
    faults.open = (path, flags) => (path.includes('.stale-') && flags === 'r' ? fault('EIO') : undefined);
    const err = await (await openFileLock({ dir })).acquire(KEY, me).catch((e: unknown) => e);
    expect(isGoeError(err) && err.code).toBe('ENGINE_ERROR');
    expect((err as Error).message).toMatch(/^Cannot read lock file .*\.stale-.*: EIO: simulated$/);
    expect(ls(dir)).toEqual([LOCK]);
    expect(readFileSync(join(dir, LOCK), 'utf8')).toBe(text);
  });

  it('when a live lock replaced the stale one just before the move: it is put back and the acquirer refused', async () => {
    const dir = tmp();
    await writeStale(dir);
    const live = JSON.stringify({
      key: KEY,
      pid: process.pid,
      host,
      executionId: 'live',
      acquiredAt: 'now',
      token: 'l',
    });
    faults.rename = (from) => {
      if (!from.endsWith('.lock')) return;
      faults.rename = undefined;
      writeFileSync(join(dir, 'incoming'), live);
      renameSync(join(dir, 'incoming'), from); // a new inode at the lock path, as if another process took it
    };
    const err = await (await openFileLock({ dir })).acquire(KEY, me).catch((e: unknown) => e);
    expect(isGoeError(err) && err.code).toBe('LOCK_HELD');
    expect((err as Error).message).toContain(`pid ${process.pid} on host ${host}, execution live`);
    expect(ls(dir)).toEqual([LOCK]);
    expect(readFileSync(join(dir, LOCK), 'utf8')).toBe(live);
  });

  it('when the claim cannot be created', async () => {
    const dir = tmp();
    await writeStale(dir);
    faults.open = (path) => (path.includes('.reclaim-') ? fault('EACCES') : undefined);
    await expect((await openFileLock({ dir })).acquire(KEY, me)).rejects.toThrow(
      /^Cannot create lock claim .*\.reclaim-[0-9a-f]{24}: EACCES: simulated$/,
    );
    expect(ls(dir)).toEqual([LOCK]);
  });

  it('when the claim cannot be closed', async () => {
    const dir = tmp();
    await writeStale(dir);
    faults.handle = (path, method) => (path.includes('.reclaim-') && method === 'close' ? fault('EIO') : undefined);
    await expect((await openFileLock({ dir })).acquire(KEY, me)).rejects.toThrow(/^Cannot create lock claim .*: EIO/);
    expect(ls(dir)).toEqual([LOCK]);
  });

  it('when the lock file cannot be created or written', async () => {
    const dir = tmp();
    const locks = await openFileLock({ dir });
    faults.open = (path, flags) => (path.endsWith('.lock') && flags === 'wx' ? fault('EACCES') : undefined);
    await expect(locks.acquire(KEY, me)).rejects.toThrow(/^Cannot create lock file .*: EACCES: simulated$/);
    expect(ls(dir)).toEqual([]);
    faults.open = undefined;
    faults.handle = (path, method) => (path.endsWith('.lock') && method === 'writeFile' ? fault('ENOSPC') : undefined);
    await expect(locks.acquire(KEY, me)).rejects.toMatchObject({
      code: 'ENGINE_ERROR',
      message: expect.stringMatching(/^Cannot write lock file .*: ENOSPC: simulated$/),
    });
    expect(ls(dir)).toEqual([]); // the half-created lock file is removed too
  });
});

describe('races with the holder', () => {
  it('takes a lock released between its failed create and its look at the file', async () => {
    const dir = tmp();
    const holder = await openFileLock({ dir });
    const held = await holder.acquire(KEY, { ...me, executionId: 'holder' });
    let releasedMeanwhile = false;
    faults.open = (path, flags) => {
      if (flags === 'r' && path.endsWith(LOCK) && !releasedMeanwhile) {
        releasedMeanwhile = true;
        rmSync(path); // the holder's release lands right here
      }
      return undefined;
    };
    const h = await (await openFileLock({ dir })).acquire(KEY, { ...me, executionId: 'next' });
    expect(releasedMeanwhile).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, LOCK), 'utf8'))).toMatchObject({ executionId: 'next' });
    expect(ls(dir)).toEqual([LOCK]);
    await held.release(); // not its file any more: left alone
    expect(ls(dir)).toEqual([LOCK]);
    await h.release();
    expect(ls(dir)).toEqual([]);
  });

  it('reports a lock file it cannot read as an engine error, not as free', async () => {
    const dir = tmp();
    await (await openFileLock({ dir })).acquire(KEY, me);
    faults.open = (path, flags) => (flags === 'r' && path.endsWith(LOCK) ? fault('EACCES') : undefined);
    await expect((await openFileLock({ dir })).acquire(KEY, me)).rejects.toMatchObject({
      code: 'ENGINE_ERROR',
      message: expect.stringMatching(/^Cannot read lock file .*: EACCES: simulated$/),
    });
    expect(ls(dir)).toEqual([LOCK]);
  });
});

describe('races between reclaimers', () => {
  it('backs off when another reclaimer replaced the stale lock before it got the claim', async () => {
    const dir = tmp();
    await writeStale(dir);
    const live = JSON.stringify({
      key: KEY,
      pid: process.pid,
      host,
      executionId: 'faster',
      acquiredAt: 'now',
      token: 'f',
    });
    let moved: string[] = [];
    faults.open = (path, flags) => {
      if (flags === 'wx' && path.includes('.reclaim-')) {
        faults.open = undefined;
        // The faster reclaimer finished and took the lock between our look at the stale file and our claim.
        rmSync(join(dir, LOCK));
        writeFileSync(join(dir, LOCK), live);
      }
      return undefined;
    };
    faults.rename = (from) => {
      moved = [...moved, from];
    };
    const err = await (await openFileLock({ dir })).acquire(KEY, me).catch((e: unknown) => e);
    expect(isGoeError(err) && err.code).toBe('LOCK_HELD');
    expect((err as Error).message).toContain('execution faster');
    expect(moved).toEqual([]); // the new lock was never moved aside, not even for a moment
    expect(ls(dir)).toEqual([LOCK]);
    expect(readFileSync(join(dir, LOCK), 'utf8')).toBe(live);
  });

  it('takes the lock when the stale file vanished before it could move it', async () => {
    const dir = tmp();
    await writeStale(dir);
    faults.rename = (from) => {
      faults.rename = undefined;
      rmSync(from); // removed by hand, say
    };
    const h = await (await openFileLock({ dir })).acquire(KEY, { ...me, executionId: 'after' });
    expect(JSON.parse(readFileSync(join(dir, LOCK), 'utf8'))).toMatchObject({ executionId: 'after' });
    expect(ls(dir)).toEqual([LOCK]);
    await h.release();
    expect(ls(dir)).toEqual([]);
  });
});

describe('release', () => {
  it('is done when the lock file vanished just before its unlink', async () => {
    const dir = tmp();
    const h = await (await openFileLock({ dir })).acquire(KEY, me);
    faults.unlink = (path) => {
      if (!path.endsWith(LOCK)) return undefined;
      rmSync(path);
      return fault('ENOENT');
    };
    await expect(h.release()).resolves.toBeUndefined();
    expect(ls(dir)).toEqual([]);
  });

  it('reports a lock file it cannot delete, which stays', async () => {
    const dir = tmp();
    const h = await (await openFileLock({ dir })).acquire(KEY, me);
    faults.unlink = (path) => (path.endsWith(LOCK) ? fault('EACCES') : undefined);
    await expect(h.release()).rejects.toMatchObject({ code: 'EACCES' });
    expect(ls(dir)).toEqual([LOCK]);
  });
});

describe('claims and moved-aside files', () => {
  it('of a reclaimer at work elsewhere are left alone; the lock is reported held until the claim is swept', async () => {
    const dir = tmp();
    await writeStale(dir);
    const claim = claimNameFor(join(dir, LOCK));
    writeFileSync(join(dir, claim), '');
    const locks = await openFileLock({ dir });
    await expect(locks.acquire(KEY, me)).rejects.toMatchObject({ code: 'LOCK_HELD' });
    expect(ls(dir)).toEqual([LOCK, claim].sort());

    // A claim older than a minute was left by a reclaimer that died: swept, and the stale lock reclaimed.
    const old = new Date(Date.now() - 120_000);
    utimesSync(join(dir, claim), old, old);
    const h = await locks.acquire(KEY, me);
    expect(ls(dir)).toEqual([LOCK]);
    await h.release();
    expect(ls(dir)).toEqual([]);
  });

  it('left by a process killed mid-reclaim are swept after a minute, younger ones kept', async () => {
    const dir = tmp();
    const names = {
      oldClaim: `${lockFileName('A.B')}.reclaim-000000000000000000000000`,
      oldAside: `${lockFileName('A.B')}.stale-00000000-0000-0000-0000-000000000000`,
      youngClaim: `${lockFileName('C.D')}.reclaim-111111111111111111111111`,
      other: 'notes.txt',
    };
    for (const n of Object.values(names)) writeFileSync(join(dir, n), '');
    const old = new Date(Date.now() - 120_000);
    utimesSync(join(dir, names.oldClaim), old, old);
    utimesSync(join(dir, names.oldAside), old, old);
    utimesSync(join(dir, names.other), old, old);
    const h = await (await openFileLock({ dir })).acquire(KEY, me);
    expect(ls(dir)).toEqual([LOCK, names.youngClaim, names.other].sort());
    await h.release();
  });
});
