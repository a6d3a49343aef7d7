/**
 * The runner and the lock, in one process with the memory lock (the cross-process proofs with the file lock and
 * SIGKILL live in @goe/lock-file's tests): run 1 paused during transport holds the lock; run 2 is refused with
 * LOCK_HELD before it opens the frontend, backend or staging store, and is recorded as LOCKED. Repeated 5 times.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addSales } from './support/memory-world.js';
import { createHarness } from './support/harness.js';

async function waitFor(file: string): Promise<void> {
  for (let i = 0; i < 400 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 10));
  if (!existsSync(file)) throw new Error(`no pause marker ${file}`);
}

describe('runner lock', () => {
  it('refuses a second run of the same table while the first is paused in transport (5 times)', async () => {
    for (let round = 0; round < 5; round++) {
      const h = createHarness();
      addSales(h.world);
      h.world.databases.add('sh');
      const marker = join(h.home, `pause-${round}`);
      const first = h.run({ execute: true, pauseAfterStep: 'transport_data_to_staging', pauseFile: marker });
      await waitFor(marker);
      expect(JSON.parse(readFileSync(marker, 'utf8'))).toMatchObject({
        pid: process.pid,
        step: 'STAGING_TRANSPORT',
        when: 'after',
      });
      expect(h.locks.has('SH.SALES')).toBe(true);
      const callsBefore = h.world.calls.length;

      const e = await h.fail({ execute: true });
      expect(e.code).toBe('LOCK_HELD');
      expect(e.message).toMatch(/^Another Orchestration process has locked id: SH\.SALES \(held by pid \d+ on host /);
      const secondCalls = h.world.calls.slice(callsBefore);
      expect(secondCalls).toEqual(['lock.acquire SH.SALES']); // no frontend, backend or staging session opened
      expect(h.repo.commands.at(-1)).toMatchObject({ status: 'LOCKED', error: e.message });
      expect(h.repo.steps.filter((s) => s.executionId === h.repo.commands.at(-1)!.id)).toEqual([]);

      rmSync(marker);
      const r = await first;
      expect(r.rows).toBe(3);
      expect(h.locks.size).toBe(0);
      expect(h.repo.commands.map((c) => c.status)).toEqual(['SUCCESS', 'LOCKED']);
    }
  });

  it('preview takes no lock, so it runs while an execute holds it', async () => {
    const h = createHarness();
    addSales(h.world);
    h.world.databases.add('sh');
    h.locks.set('SH.SALES', { pid: 1, host: 'elsewhere', acquiredAt: 'now' });
    expect((await h.run({})).status).toBe('PREVIEW');
    expect((await h.fail({ execute: true })).code).toBe('LOCK_HELD');
  });

  it('pauses before a step when asked through the environment', async () => {
    const h = createHarness();
    addSales(h.world);
    h.world.databases.add('sh');
    const marker = join(h.home, 'env-pause');
    const run = h.run({ execute: true }, { GOE_TEST_PAUSE_BEFORE_STEP: 'FINAL_LOAD', GOE_TEST_PAUSE_FILE: marker });
    await waitFor(marker);
    expect(h.world.calls).not.toContain('backend.finalLoad');
    rmSync(marker);
    expect((await run).rows).toBe(3);
  });
});
