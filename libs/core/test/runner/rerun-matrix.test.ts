/**
 * Every row of GOE's re-run matrix (orchestration reference §2.9) that applies to a full offload, asserting the
 * outcome and GOE's message text (Appendix A). The rows about partition-append (IPA) and predicate-based (PBO)
 * offloads run on PostgreSQL → DuckDB in libs/repositories/sqlite/test/e2e/incremental.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { RERUN_MESSAGES } from '@goe/core';
import { addSales } from './support/memory-world.js';
import { createHarness, stepsRun } from './support/harness.js';

function offloaded() {
  const h = createHarness();
  addSales(h.world);
  h.world.databases.add('sh');
  return h;
}

describe('re-run matrix (§2.9)', () => {
  it('full table already offloaded, same command: "Target table … already has data…", ALREADY_OFFLOADED, nothing changes', async () => {
    const h = offloaded();
    await h.run({ execute: true });
    const before = JSON.stringify([...h.world.tables], (_k, v: unknown) => v);
    const e = await h.fail({ execute: true });
    expect(e.code).toBe('ALREADY_OFFLOADED');
    expect(e.message).toBe(
      'Target table sh.sales already has data. Offload with --reset-backend-table to overwrite table data',
    );
    expect(JSON.stringify([...h.world.tables])).toBe(before);
    expect(h.repo.commands.map((c) => c.status)).toEqual(['SUCCESS', 'ERROR']);
    expect(h.repo.metadata.get('SH.SALES')?.executionId).toBe(h.repo.commands[0]!.id);
  });

  it('resetBackendTable drops the table and its metadata and offloads again', async () => {
    const h = offloaded();
    const first = await h.run({ execute: true });
    h.world.source.get('SH.SALES')!.rows.push({ ID: 4, REGION: 'EU', AMOUNT: '4.50' });
    h.events.length = 0;
    const second = await h.run({ execute: true, resetBackendTable: true });
    expect(stepsRun(h.events)).toEqual(expect.arrayContaining(['DROP_TABLE', 'CREATE_TABLE']));
    expect(second.rows).toBe(4);
    expect(h.world.tables.get('sh.sales')?.rows).toHaveLength(4);
    expect(h.repo.metadata.get('SH.SALES')?.executionId).toBe(second.executionId);
    expect(second.executionId).not.toBe(first.executionId);
  });

  it('crash after CREATE_TABLE (empty table, no metadata): the next run populates it with "Allowing Offload to populate existing empty table"', async () => {
    const h = offloaded();
    const e = await h.fail({ execute: true, errorAfterStep: 'CREATE_TABLE' });
    expect(e.message).toBe('Forcing exception after step: Create backend table');
    expect(h.world.tables.get('sh.sales')?.rows).toEqual([]);
    h.events.length = 0;
    const r = await h.run({ execute: true });
    expect(r.notices).toContain(RERUN_MESSAGES.populateEmpty);
    expect(r.notices).toContain('Allowing Offload to populate existing empty table');
    expect(stepsRun(h.events)).not.toContain('CREATE_TABLE');
    expect(r.rows).toBe(3);
    // …and a re-run after that is refused as already offloaded
    expect((await h.fail({ execute: true })).code).toBe('ALREADY_OFFLOADED');
  });

  it('empty table with metadata: refused unless reuseBackendTable; a re-run after the reuse is refused as offloaded', async () => {
    const h = offloaded();
    await h.run({ execute: true });
    h.world.tables.get('sh.sales')!.rows.length = 0; // emptied outside GOE
    const e = await h.fail({ execute: true });
    expect(e.code).toBe('ALREADY_OFFLOADED');
    expect(e.message).toBe(
      'Empty table sh.sales has metadata. Offload with --reuse-backend-table to populate this table',
    );
    const r = await h.run({ execute: true, reuseBackendTable: true });
    expect(r.rows).toBe(3);
    const again = await h.fail({ execute: true });
    expect(again.message).toBe(
      'Target table sh.sales already has data. Offload with --reset-backend-table to overwrite table data',
    );
  });

  it('rows but no metadata (crash after FINAL_LOAD before SAVE_METADATA): "Missing metadata for table…" until reset', async () => {
    const h = offloaded();
    const e = await h.fail({ execute: true, errorBeforeStep: 'SAVE_METADATA' });
    expect(e.message).toBe('Forcing exception before step: Save offload metadata');
    expect(h.world.tables.get('sh.sales')?.rows).toHaveLength(3);
    expect(h.repo.metadata.size).toBe(0);
    const e2 = await h.fail({ execute: true });
    expect(e2.code).toBe('ALREADY_OFFLOADED');
    expect(e2.message).toBe(
      'Missing metadata for table sh.sales. Offload with --reset-backend-table to overwrite table data',
    );
    const r = await h.run({ execute: true, resetBackendTable: true });
    expect(r.rows).toBe(3);
    expect(h.world.tables.get('sh.sales')?.rows).toHaveLength(3);
  });

  it('a failed verification leaves the rows and no new metadata, and the rerun says so', async () => {
    const h = offloaded();
    h.world.faults.dropRowOnLoad = true;
    const e = await h.fail({ execute: true });
    expect(e.code).toBe('VALIDATION_MISMATCH');
    expect(e.message).toBe('Source and Hybrid mismatch: 1 differences, 3 origin_rows, 2 backend_rows');
    expect(h.world.tables.get('sh.sales')?.rows).toHaveLength(2);
    expect(h.repo.metadata.size).toBe(0);
    expect(h.repo.steps.map((s) => s.stepId)).not.toContain('SAVE_METADATA');
    expect(h.repo.commands.at(-1)?.error).toBe(
      'VALIDATION_MISMATCH: Source and Hybrid mismatch: 1 differences, 3 origin_rows, 2 backend_rows',
    );

    h.world.faults.dropRowOnLoad = false;
    const rerun = await h.fail({ execute: true });
    expect(rerun.message).toBe(
      'Missing metadata for table sh.sales. Offload with --reset-backend-table to overwrite table data',
    );
    expect(rerun.hint).toContain('failed verification: Source and Hybrid mismatch');
    expect(h.events.some((ev) => ev.type === 'warning' && ev.message.includes('failed verification'))).toBe(true);
  });

  it('the rerun after a failed aggregate verification says so too', async () => {
    const h = offloaded();
    h.world.faults.dropRowOnLoad = true;
    const e = await h.fail({ execute: true, verify: 'aggregate' });
    expect(e.message).toMatch(/^Source and target mismatch: /);
    h.world.faults.dropRowOnLoad = false;
    expect((await h.fail({ execute: true })).hint).toContain('failed verification: Source and target mismatch');
  });

  it('any run in preview: no backend, staging or repository writes (see preview.test.ts for the full proof)', async () => {
    const h = offloaded();
    const r = await h.run({ resetBackendTable: true });
    expect(r.status).toBe('PREVIEW');
    expect(h.world.tables.size).toBe(0);
    expect(h.repo.commands.map((c) => c.status)).toEqual(['PREVIEW']);
  });

  // The incremental rows (IPA RANGE same/later boundary, PBO same predicate, crash after FINAL_LOAD before
  // SAVE_METADATA, source partitions dropped) need partition bounds, a backend MAX and predicate counts: they run
  // on the real PostgreSQL (PGlite) → DuckDB stack in libs/repositories/sqlite/test/e2e/incremental.test.ts.
});
