/** The lock record and staleness rule (holder.ts), and what release, close and holder() do with foreign files. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isProcessAlive, isStale, parseLockRecord, thisHost, toHolder } from '../src/holder.js';
import type { LockRecord } from '../src/holder.js';
import { lockFileName, openFileLock } from '../src/index.js';

const host = hostname();
const me = { pid: process.pid, host };
const tmp = () => mkdtempSync(join(tmpdir(), 'goe-lock-holder-'));
const record = (over: Partial<LockRecord> = {}): LockRecord => ({
  key: 'SH.SALES',
  pid: process.pid,
  host,
  acquiredAt: '2024-01-01T00:00:00.000Z',
  token: 't-1',
  ...over,
});

async function deadPid(): Promise<number> {
  const p = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => p.on('exit', r));
  return p.pid!;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('parseLockRecord', () => {
  it('accepts a complete record and keeps its execution id', () => {
    const r = record({ executionId: 'e-1' });
    expect(parseLockRecord(JSON.stringify(r))).toEqual(r);
  });

  it.each([
    ['empty text', ''],
    ['half-written JSON', '{"key":"SH.SALES","pid":'],
    ['an empty object', '{}'],
    ['JSON null', 'null'],
    ['a pid that is a string', JSON.stringify({ ...record(), pid: '12' })],
    ['no host', JSON.stringify({ ...record(), host: undefined })],
    ['no token', JSON.stringify({ ...record(), token: undefined })],
    ['no acquiredAt', JSON.stringify({ ...record(), acquiredAt: 5 })],
  ])('rejects %s', (_what, text) => {
    expect(parseLockRecord(text)).toBeUndefined();
  });
});

describe('isProcessAlive', () => {
  it('is true for this process and false for one that has exited', async () => {
    expect(isProcessAlive(process.pid)).toBe(true);
    expect(isProcessAlive(await deadPid())).toBe(false);
  });

  it.each([0, -1, 1.5, Number.NaN])('is false for the impossible pid %s without asking the system', (pid) => {
    const kill = vi.spyOn(process, 'kill');
    expect(isProcessAlive(pid)).toBe(false);
    expect(kill).not.toHaveBeenCalled();
  });

  it('is true when the process exists but belongs to another user (EPERM), false on other errors', () => {
    const kill = vi.spyOn(process, 'kill').mockImplementation(() => {
      throw Object.assign(new Error('kill EPERM'), { code: 'EPERM' });
    });
    expect(isProcessAlive(4242)).toBe(true);
    expect(kill).toHaveBeenCalledWith(4242, 0);
    kill.mockImplementation(() => {
      throw Object.assign(new Error('kill ESRCH'), { code: 'ESRCH' });
    });
    expect(isProcessAlive(4242)).toBe(false);
  });
});

describe('isStale and toHolder', () => {
  it('judges only records of this host, and stale only when the process is gone', async () => {
    const dead = await deadPid();
    expect(thisHost()).toBe(host);
    expect(isStale(record({ pid: dead }))).toBe(true);
    expect(isStale(record())).toBe(false);
    expect(isStale(record({ pid: dead, host: `not-${host}` }))).toBe(false);
  });

  it('exposes pid, host, time and execution id only when there is one', () => {
    expect(toHolder(record())).toEqual({ pid: process.pid, host, acquiredAt: '2024-01-01T00:00:00.000Z' });
    expect(toHolder(record({ executionId: 'e-9' }))).toEqual({
      pid: process.pid,
      host,
      acquiredAt: '2024-01-01T00:00:00.000Z',
      executionId: 'e-9',
    });
  });
});

describe('release, close and holder() with files the service does not own', () => {
  it('release leaves a lock file that is no longer its own (another token) in place', async () => {
    const dir = tmp();
    const locks = await openFileLock({ dir });
    const h = await locks.acquire('SH.SALES', me);
    const path = join(dir, lockFileName('SH.SALES'));
    const theirs = JSON.stringify(record({ executionId: 'theirs', token: 'someone-else' }));
    writeFileSync(path, theirs);
    await h.release();
    expect(readFileSync(path, 'utf8')).toBe(theirs);
  });

  it('release of a lock file removed meanwhile is a no-op', async () => {
    const dir = tmp();
    const locks = await openFileLock({ dir });
    const h = await locks.acquire('SH.SALES', me);
    rmSync(join(dir, lockFileName('SH.SALES')));
    await expect(h.release()).resolves.toBeUndefined();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('close releases every lock still held, once', async () => {
    const dir = tmp();
    const locks = await openFileLock({ dir });
    const a = await locks.acquire('A.ONE', me);
    await locks.acquire('B.TWO', me);
    await locks.acquire('C.THREE', me);
    await a.release();
    expect(readdirSync(dir).sort()).toEqual([lockFileName('B.TWO'), lockFileName('C.THREE')].sort());
    await locks.close();
    expect(readdirSync(dir)).toEqual([]);
    await locks.close();
  });

  it('holder() reports a lock of another host, and nothing for a missing, incomplete or stale one', async () => {
    const dir = tmp();
    const locks = await openFileLock({ dir });
    const path = join(dir, lockFileName('SH.SALES'));
    expect(await locks.holder('SH.SALES')).toBeUndefined();
    writeFileSync(path, JSON.stringify(record({ host: 'elsewhere', pid: 1, executionId: 'x-1' })));
    expect(await locks.holder('SH.SALES')).toEqual({
      pid: 1,
      host: 'elsewhere',
      acquiredAt: '2024-01-01T00:00:00.000Z',
      executionId: 'x-1',
    });
    writeFileSync(path, '');
    expect(await locks.holder('SH.SALES')).toBeUndefined();
    writeFileSync(path, JSON.stringify(record({ pid: await deadPid() })));
    expect(await locks.holder('SH.SALES')).toBeUndefined();
  });

  it('names the creating process in LOCK_HELD while a fresh lock file is still empty', async () => {
    const dir = tmp();
    writeFileSync(join(dir, lockFileName('SH.SALES')), '');
    const locks = await openFileLock({ dir });
    await expect(locks.acquire('SH.SALES', me)).rejects.toThrow(
      'Another Orchestration process has locked id: SH.SALES (held by a process that is creating the lock file)',
    );
  });
});
