/**
 * Every row of GOE's re-run matrix (orchestration reference §2.9) that applies to a full offload, asserting the
 * outcome and GOE's message text (Appendix A). The rows about partition-append (IPA) and predicate-based (PBO)
 * offloads run on PostgreSQL → DuckDB in apps/e2e/test/incremental.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { RERUN_MESSAGES } from '@goe/core';
import { addSourceTable } from './support/memory-world.js';
import { salesHarness, stepsRun } from './support/harness.js';

describe('re-run matrix (§2.9)', () => {
  it('full table already offloaded, same command: "Target table … already has data…", ALREADY_OFFLOADED, nothing changes', async () => {
    const h = salesHarness();
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
    const h = salesHarness();
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

  it('a failure after CREATE_TABLE drops the empty table it created (cleanup); the rerun creates it again', async () => {
    const h = salesHarness();
    const e = await h.fail({ execute: true, errorAfterStep: 'CREATE_TABLE' });
    expect(e.message).toBe('Forcing exception after step: Create backend table');
    expect(h.world.tables.has('sh.sales')).toBe(false);
    expect(h.repo.targets.size).toBe(0); // the claim of a table this run created and dropped is released
    h.events.length = 0;
    const r = await h.run({ execute: true });
    expect(stepsRun(h.events)).toContain('CREATE_TABLE');
    expect(r.rows).toBe(3);
  });

  it('a table creation that fails leaves no ownership claim and no metadata (only the ERROR command row)', async () => {
    const h = salesHarness();
    h.world.faults.failCreateTable = true;
    const e = await h.fail({ execute: true });
    expect(e.message).toBe('createTable failed');
    expect(h.repo.targets.size).toBe(0);
    expect(h.repo.metadata.size).toBe(0);
    expect(h.repo.commands.map((c) => c.status)).toEqual(['ERROR']);
    h.world.faults.failCreateTable = false;
    expect((await h.run({ execute: true })).rows).toBe(3);
  });

  it('killed after CREATE_TABLE (empty table this source owns, no metadata): the next run populates it with "Allowing Offload to populate existing empty table"', async () => {
    const h = salesHarness();
    await h.run({ execute: true });
    h.world.tables.get('sh.sales')!.rows.length = 0; // the state a SIGKILL after CREATE_TABLE leaves…
    h.repo.metadata.clear(); // …with the claim recorded before the table was created, and no metadata
    h.events.length = 0;
    const r = await h.run({ execute: true });
    expect(r.notices).toContain(RERUN_MESSAGES.populateEmpty);
    expect(stepsRun(h.events)).not.toContain('CREATE_TABLE');
    expect(r.rows).toBe(3);
    expect((await h.fail({ execute: true })).code).toBe('ALREADY_OFFLOADED');
  });

  it('an empty table GOE did not create is refused without --force (TARGET_NOT_OWNED), populated with it', async () => {
    const h = salesHarness();
    await h.run({ execute: true });
    h.world.tables.get('sh.sales')!.rows.length = 0;
    h.repo.metadata.clear();
    h.repo.targets.clear(); // a table created outside GOE
    const e = await h.fail({ execute: true });
    expect(e.code).toBe('TARGET_NOT_OWNED');
    expect(e.message).toBe('Empty table sh.sales was not created by GOE. Offload with --force to populate it');
    const r = await h.run({ execute: true, force: true });
    expect(r.rows).toBe(3);
    expect(h.repo.targets.get('SH.SALES')?.executionId).toBe(r.executionId);
  });

  it('empty table with metadata: refused unless reuseBackendTable; a re-run after the reuse is refused as offloaded', async () => {
    const h = salesHarness();
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

  it('rows but no metadata (stopped after FINAL_LOAD before SAVE_METADATA): the rerun verifies them and saves the metadata, loading nothing', async () => {
    const h = salesHarness();
    const e = await h.fail({ execute: true, errorBeforeStep: 'SAVE_METADATA' });
    expect(e.message).toBe('Forcing exception before step: Save offload metadata');
    expect(h.world.tables.get('sh.sales')?.rows).toHaveLength(3); // loaded rows are kept
    expect(h.repo.metadata.size).toBe(0);
    h.events.length = 0;
    const r = await h.run({ execute: true });
    expect(r).toMatchObject({ status: 'NOOP', rows: 0 });
    expect(r.notices.join('\n')).toContain('holds the rows of an offload that stopped before saving metadata');
    expect(r.verification).toBe('Source and memory table data matches: offload successful');
    expect(stepsRun(h.events)).not.toContain('FINAL_LOAD');
    expect(h.world.tables.get('sh.sales')?.rows).toHaveLength(3);
    expect(h.repo.metadata.get('SH.SALES')?.executionId).toBe(r.executionId);
    expect((await h.fail({ execute: true })).message).toBe(RERUN_MESSAGES.alreadyHasData('sh', 'sales'));
  });

  it('rows but no metadata in a table GOE did not create: "Missing metadata for table…", and reset needs --force', async () => {
    const h = salesHarness();
    await h.run({ execute: true });
    h.repo.metadata.clear();
    h.repo.targets.clear(); // the user's own table with rows
    const e = await h.fail({ execute: true });
    expect(e.code).toBe('ALREADY_OFFLOADED');
    expect(e.message).toBe(RERUN_MESSAGES.missingMetadata('sh', 'sales'));
    expect(e.hint).toContain('--reset-backend-table --force');
    const reset = await h.fail({ execute: true, resetBackendTable: true });
    expect(reset.code).toBe('TARGET_NOT_OWNED');
    expect(h.world.tables.get('sh.sales')?.rows).toHaveLength(3); // untouched
    const r = await h.run({ execute: true, resetBackendTable: true, force: true });
    expect(r.rows).toBe(3);
  });

  it("another source's table is refused (TARGET_NOT_OWNED naming the owner); --force takes it over and removes the other metadata", async () => {
    const h = salesHarness();
    addSourceTable(h.world, 'SH', 'SALES2', [['ID', 'INTEGER_8', false]], [{ ID: 7 }]);
    const first = await h.run({ execute: true });
    const e = await h.fail({ execute: true, table: 'SH.SALES2', targetName: 'sh.sales', resetBackendTable: true });
    expect(e.code).toBe('TARGET_NOT_OWNED');
    expect(e.message).toBe(
      "Backend table sh.sales belongs to the offload of SH.SALES: offloading SH.SALES2 into it would overwrite that offload's data",
    );
    expect(h.repo.metadata.get('SH.SALES')?.executionId).toBe(first.executionId);
    expect(h.world.tables.get('sh.sales')?.rows).toHaveLength(3);
    const plain = await h.fail({ execute: true, table: 'SH.SALES2', targetName: 'sh.sales' });
    expect(plain.code).toBe('TARGET_NOT_OWNED');
    expect(plain.hint).toMatch(/another --target-name, or add --force/);
    const forced = await h.run({
      execute: true,
      table: 'SH.SALES2',
      targetName: 'sh.sales',
      resetBackendTable: true,
      force: true,
    });
    expect(forced.rows).toBe(1);
    expect(forced.notices.join('\n')).toContain('taking over backend table sh.sales from the offload of SH.SALES');
    expect(h.repo.metadata.has('SH.SALES')).toBe(false); // no two metadata rows name one table
    expect(h.repo.metadata.get('SH.SALES2')?.backendTable).toBe('sales');
    expect(h.repo.targets.get('SH.SALES')).toMatchObject({ owner: 'SH', table: 'SALES2' });
  });

  it('a failed verification leaves the rows and no new metadata; the rerun verifies again and says how to reload', async () => {
    const h = salesHarness();
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
    expect(rerun.code).toBe('VALIDATION_MISMATCH');
    expect(rerun.hint).toContain('--reset-backend-table');
    expect(h.events.some((ev) => ev.type === 'warning' && ev.message.includes('failed verification'))).toBe(true);
    expect(h.repo.metadata.size).toBe(0);
    const reset = await h.run({ execute: true, resetBackendTable: true });
    expect(reset.rows).toBe(3);
  });

  it('the rerun after a failed aggregate verification says so too', async () => {
    const h = salesHarness();
    h.world.faults.dropRowOnLoad = true;
    const e = await h.fail({ execute: true, verify: 'aggregate' });
    expect(e.message).toMatch(/^Source and target mismatch: /);
    h.world.faults.dropRowOnLoad = false;
    const rerun = await h.fail({ execute: true });
    expect(rerun.hint).toContain('failed verification: Source and target mismatch');
  });

  it('any run in preview: no backend, staging or repository writes (see preview.test.ts for the full proof)', async () => {
    const h = salesHarness();
    const r = await h.run({ resetBackendTable: true });
    expect(r.status).toBe('PREVIEW');
    expect(h.world.tables.size).toBe(0);
    expect(h.repo.commands.map((c) => c.status)).toEqual(['PREVIEW']);
  });

  // The incremental rows (IPA RANGE same/later boundary, PBO same predicate, crash after FINAL_LOAD before
  // SAVE_METADATA, source partitions dropped) need partition bounds, a backend MAX and predicate counts: they run
  // on the real PostgreSQL (PGlite) → DuckDB stack in apps/e2e/test/incremental.test.ts.
});
