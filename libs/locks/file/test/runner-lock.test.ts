/**
 * The orchestration runner with the real file lock and SQLite repository across processes:
 * - run 1 (a child process) pauses after "Transport data to staging" holding the lock; run 2 is refused with
 *   LOCK_HELD before it opens the frontend, backend or staging store, and is recorded as LOCKED — 5 times;
 * - a run killed with SIGKILL while holding the lock does not block an immediate rerun.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ABANDONED_COMMAND_MESSAGE, COMMON_CONFIG, OrchestrationRunner, loadConfig } from '@goe/core';
import type { PauseMarker } from '@goe/core';
import { openSqliteRepository, sqliteRepository } from '@goe/repository-sqlite';
import { fileLock } from '../src/index.js';
import {
  MEMORY_CONFIG,
  memoryBackend,
  memoryFrontend,
  memoryStorage,
  memoryTransport,
} from '../../../core/test/runner/support/memory-adapters.js';
import { addSales, createWorld } from '../../../core/test/runner/support/memory-world.js';
import { bundleForChild } from '../../../../tools/test-support/bundle-child.js';

let child = '';
const children: ChildProcess[] = [];
beforeAll(async () => {
  child = await bundleForChild(fileURLToPath(new URL('./support/runner-child.ts', import.meta.url)));
}, 120_000);
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/** Starts run 1 in a child and resolves once it is paused (marker written). */
async function startPausedRun(
  home: string,
  marker: string,
): Promise<{ proc: ChildProcess; out: Promise<string>; pause: PauseMarker }> {
  const proc = spawn(process.execPath, [child, home, marker], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(proc);
  let text = '';
  proc.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  const out = new Promise<string>((r) => proc.on('exit', () => r(text.trim())));
  for (let i = 0; i < 1500 && !existsSync(marker); i++) {
    if (proc.exitCode !== null) throw new Error(`run 1 exited early: ${text}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const pause = JSON.parse(readFileSync(marker, 'utf8')) as PauseMarker;
  return { proc, out, pause };
}

/** Run 2, in this process, with recording memory adapters. */
async function runHere(home: string) {
  const world = createWorld();
  addSales(world);
  world.databases.add('sh');
  const env = { OFFLOAD_HOME: home };
  const runner = new OrchestrationRunner({
    config: loadConfig({ schemas: [COMMON_CONFIG, MEMORY_CONFIG], env, offloadHome: home, file: false }),
    env,
    offloadHome: home,
    adapters: {
      frontend: memoryFrontend(world),
      backend: memoryBackend(world),
      transport: memoryTransport(world),
      storage: memoryStorage(world),
      repository: sqliteRepository,
      lock: fileLock,
    },
  });
  try {
    return { world, result: await runner.offload({ table: 'SH.SALES', execute: true }) };
  } catch (e) {
    return { world, error: e as Error & { code?: string } };
  }
}

async function commands(home: string) {
  const repo = await openSqliteRepository({ path: join(home, 'repo', 'goe.sqlite') });
  try {
    return await repo.listCommands({ owner: 'SH', table: 'SALES' });
  } finally {
    await repo.close();
  }
}

describe('runner + file lock across processes', () => {
  it('refuses run 2 with LOCK_HELD before it opens anything while run 1 is paused in transport (5 times)', async () => {
    const home = mkdtempSync(join(tmpdir(), 'goe-home-lock-'));
    for (let round = 1; round <= 5; round++) {
      const marker = join(home, `pause-${round}`);
      const run1 = await startPausedRun(home, marker);
      expect(run1.pause).toMatchObject({ pid: run1.proc.pid, step: 'STAGING_TRANSPORT', when: 'after' });

      const run2 = await runHere(home);
      expect(run2.error?.code).toBe('LOCK_HELD');
      expect(run2.error?.message).toContain(
        `Another Orchestration process has locked id: SH.SALES (held by pid ${run1.proc.pid} on host `,
      );
      expect(run2.world.calls).toEqual([]); // no frontend, backend, staging or transport call
      const [latest] = await commands(home);
      expect(latest).toMatchObject({ status: 'LOCKED', error: run2.error?.message });

      rmSync(marker);
      expect(await run1.out).toBe(`done ${run1.pause.executionId}`);
      expect(run1.proc.exitCode).toBe(0);
    }
    const statuses = (await commands(home)).map((c) => c.status).reverse();
    expect(statuses.filter((s) => s === 'SUCCESS')).toHaveLength(5);
    expect(statuses.filter((s) => s === 'LOCKED')).toHaveLength(5);
  }, 180_000);

  it('does not let a run killed with SIGKILL block an immediate rerun', async () => {
    const home = mkdtempSync(join(tmpdir(), 'goe-home-kill-'));
    const marker = join(home, 'pause');
    const run1 = await startPausedRun(home, marker);
    run1.proc.kill('SIGKILL');
    await run1.out;
    expect(run1.proc.signalCode).toBe('SIGKILL');
    const started = Date.now();
    const run2 = await runHere(home);
    expect(run2.error).toBeUndefined();
    expect(run2.result?.rows).toBe(3);
    expect(Date.now() - started).toBeLessThan(10_000);
    const byId = new Map((await commands(home)).map((c) => [c.id, c.status]));
    expect(byId.get(run1.pause.executionId)).toBe('ERROR'); // closed as abandoned by the rerun, which holds the lock
    expect(byId.get(run2.result!.executionId)).toBe('SUCCESS');
    expect((await commands(home)).find((c) => c.id === run1.pause.executionId)?.error).toBe(ABANDONED_COMMAND_MESSAGE);
  }, 120_000);
});
