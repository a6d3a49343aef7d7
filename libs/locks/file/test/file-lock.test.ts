import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isGoeError } from '@goe/core';
import { fileLock, lockFileName, openFileLock } from '../src/index.js';
import { bundleForChild } from '../../../../tools/test-support/bundle-child.js';

const host = hostname();
const me = { pid: process.pid, host };
const tmp = () => mkdtempSync(join(tmpdir(), 'goe-lock-'));
let child = '';
const children: ChildProcess[] = [];
beforeAll(async () => {
  child = await bundleForChild(fileURLToPath(new URL('./support/lock-child.ts', import.meta.url)));
});
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/** Starts a child and resolves with it once it printed its first line. */
function start(args: string[]): Promise<{ proc: ChildProcess; line: string }> {
  return new Promise((resolveFn, reject) => {
    const proc = spawn(process.execPath, [child, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(proc);
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolveFn({ proc, line: out.slice(0, nl) });
    });
    proc.on('exit', (code) => reject(new Error(`child exited ${String(code)} before printing: ${out}`)));
  });
}

/** A pid that certainly belonged to a process that has exited. */
async function deadPid(): Promise<number> {
  const p = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => p.on('exit', r));
  return p.pid!;
}

describe('file lock', () => {
  it('holds one lock per key, refuses a second holder with LOCK_HELD naming pid and host, and releases', async () => {
    const dir = tmp();
    const locks = await openFileLock({ dir });
    const h = await locks.acquire('SH.SALES', { ...me, executionId: 'e-1' });
    const record = JSON.parse(readFileSync(join(dir, 'orchestration_SH.SALES.lock'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(record).toMatchObject({ key: 'SH.SALES', pid: process.pid, host, executionId: 'e-1' });
    expect(typeof record.acquiredAt).toBe('string');

    const err = await locks.acquire('SH.SALES', { ...me, executionId: 'e-2' }).catch((e: unknown) => e);
    expect(isGoeError(err) && err.code).toBe('LOCK_HELD');
    expect((err as Error).message).toContain('Another Orchestration process has locked id: SH.SALES');
    expect((err as Error).message).toContain(`pid ${process.pid} on host ${host}, execution e-1`);
    expect(await locks.holder('SH.SALES')).toMatchObject({ pid: process.pid, host, executionId: 'e-1' });

    const other = await locks.acquire('SH.TIMES', me);
    await h.release();
    await h.release();
    expect(await locks.holder('SH.SALES')).toBeUndefined();
    await (await locks.acquire('SH.SALES', me)).release();
    await other.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('encodes keys into safe file names', () => {
    expect(lockFileName('SH.SALES')).toBe('orchestration_SH.SALES.lock');
    expect(lockFileName('dbo.My Table/x')).toBe('orchestration_dbo.My%20Table%2Fx.lock');
    expect(lockFileName('..')).toBe('orchestration_%2E..lock');
    expect(lockFileName('ÄÖ.x')).toBe('orchestration_%C3%84%C3%96.x.lock');
    const long = lockFileName('A'.repeat(500));
    expect(long.length).toBeLessThan(220);
    expect(long).not.toBe(lockFileName(`${'A'.repeat(499)}B`));
  });

  it('reclaims at once a lock whose process is gone, but never one held on another host', async () => {
    const dir = tmp();
    const locks = await openFileLock({ dir });
    const path = join(dir, lockFileName('SH.SALES'));
    writeFileSync(
      path,
      JSON.stringify({ key: 'SH.SALES', pid: await deadPid(), host, acquiredAt: 'then', token: 't' }),
    );
    expect(await locks.holder('SH.SALES')).toBeUndefined();
    const h = await locks.acquire('SH.SALES', me);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ pid: process.pid });
    await h.release();

    writeFileSync(
      path,
      JSON.stringify({ key: 'SH.SALES', pid: await deadPid(), host: 'elsewhere', acquiredAt: 'then', token: 't' }),
    );
    await expect(locks.acquire('SH.SALES', me)).rejects.toThrow(/on host elsewhere/);
  });

  it('treats a just-created empty lock file as held and an old one as abandoned', async () => {
    const dir = tmp();
    const locks = await openFileLock({ dir, incompleteGraceMs: 5_000 });
    const path = join(dir, lockFileName('A.B'));
    writeFileSync(path, '');
    await expect(locks.acquire('A.B', me)).rejects.toMatchObject({ code: 'LOCK_HELD' });
    const old = new Date(Date.now() - 60_000);
    utimesSync(path, old, old);
    await (await locks.acquire('A.B', me)).release();
  });

  it('re-acquires at once after the holding child process is killed with SIGKILL', async () => {
    const dir = tmp();
    const { proc, line } = await start([dir, 'SH.SALES', 'hold', '0']);
    expect(line).toBe('acquired');
    const locks = await openFileLock({ dir });
    await expect(locks.acquire('SH.SALES', me)).rejects.toThrow(new RegExp(`pid ${proc.pid} on host`));
    proc.kill('SIGKILL');
    await new Promise((r) => proc.once('exit', r));
    const started = Date.now();
    const h = await locks.acquire('SH.SALES', me);
    expect(Date.now() - started).toBeLessThan(1_000);
    await h.release();
  });

  it('lets exactly one of several racing processes take over a stale lock', async () => {
    for (let round = 0; round < 2; round++) {
      const dir = tmp();
      writeFileSync(
        join(dir, lockFileName('X.Y')),
        JSON.stringify({ key: 'X.Y', pid: await deadPid(), host, acquiredAt: 'then', token: 'dead' }),
      );
      const at = String(Date.now() + 6_000);
      const results = await Promise.all(Array.from({ length: 4 }, () => start([dir, 'X.Y', 'try', '1500', at])));
      const lines = results.map((r) => r.line);
      expect(
        lines.filter((l) => l === 'acquired'),
        lines.join('; '),
      ).toHaveLength(1);
      expect(lines.filter((l) => l.startsWith('held Another Orchestration process has locked id: X.Y'))).toHaveLength(
        3,
      );
      await Promise.all(
        results.map((r) => new Promise((res) => (r.proc.exitCode !== null ? res(0) : r.proc.once('exit', res)))),
      );
    }
  }, 60_000);

  it('opens from an adapter context in OFFLOAD_HOME/run', async () => {
    const home = tmp();
    const config = {
      get: () => undefined,
      require: () => {
        throw new Error('x');
      },
      keys: () => [],
      mask: (t: string) => t,
    };
    const locks = await fileLock.open({ config, events: { emit: () => undefined }, offloadHome: home });
    await locks.acquire('A.B', me);
    expect(readdirSync(join(home, 'run'))).toEqual(['orchestration_A.B.lock']);
    await locks.close();
    expect(readdirSync(join(home, 'run'))).toEqual([]);
    await expect(fileLock.open({ config, events: { emit: () => undefined } })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
    });
  });
});
