/**
 * What a backend adds to the plan checks through the contract: `checkPlan` (e.g. BigQuery's partition-function
 * signature) runs in "Analyzing data types", in preview and execute mode, before anything is written; and the
 * structure check of an existing table ignores the columns the backend reports as synthetic (`GOE_PART_…`).
 */
import { describe, expect, it } from 'vitest';
import { RERUN_MESSAGES } from '@goe/core';
import { salesHarness, stepsRun } from './support/harness.js';

describe('BackendSession.checkPlan', () => {
  it('runs once per command, in preview and execute, after the plan and before the table is created', async () => {
    const h = salesHarness();
    await h.run({});
    expect(h.world.calls.filter((c) => c === 'backend.checkPlan')).toHaveLength(1);
    await h.run({ execute: true });
    const calls = h.world.calls.filter((c) => c === 'backend.checkPlan' || c === 'backend.createTable');
    expect(calls).toEqual(['backend.checkPlan', 'backend.checkPlan', 'backend.createTable']);
  });

  it('a refusal stops the command in "Analyzing data types": nothing is created, the error keeps its option', async () => {
    const h = salesHarness();
    h.world.faults.refusePlan = 'Partition function does not exist: p.udfs.f';
    for (const execute of [false, true]) {
      h.events.length = 0;
      const e = await h.fail({ execute });
      expect(e).toMatchObject({
        code: 'OPTION_INVALID',
        message: 'Partition function does not exist: p.udfs.f',
        variable: '--partition-functions',
      });
      expect(stepsRun(h.events)).not.toContain('CREATE_TABLE');
    }
    expect(h.world.tables.size).toBe(0);
    expect(h.world.calls).not.toContain('backend.createTable');
  });
});

describe('the structure check of an existing table', () => {
  /** A table this source owns, emptied with its metadata cleared (the state a kill after CREATE_TABLE leaves). */
  async function emptiedWith(extra: string) {
    const h = salesHarness();
    await h.run({ execute: true });
    const table = h.world.tables.get('sh.sales')!;
    table.rows.length = 0;
    table.columns.push(extra);
    h.repo.metadata.clear();
    return h;
  }

  it('ignores a synthetic GOE_PART_ column the backend reports', async () => {
    const h = await emptiedWith('GOE_PART_10_ID');
    const r = await h.run({ execute: true });
    expect(r.notices).toContain(RERUN_MESSAGES.populateEmpty);
    expect(r.rows).toBe(3);
  });

  it('refuses any other column only the backend has', async () => {
    const h = await emptiedWith('NOTE');
    const e = await h.fail({ execute: true });
    expect(e).toMatchObject({
      code: 'VALIDATION_MISMATCH',
      message: 'Column mismatch detected between the source and backend table. Resolve before offloading',
      hint: 'Only in the source: -; only in the backend: NOTE',
    });
  });
});
