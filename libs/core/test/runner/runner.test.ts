import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OFFLOAD_STEPS } from '@goe/core';
import { addSales } from './support/memory-world.js';
import { createHarness, salesHarness, stepsRun } from './support/harness.js';

const EXECUTE_ORDER = [
  'FIND_OFFLOAD_DATA',
  'ANALYZE_DATA_TYPES',
  'CREATE_TABLE',
  'STAGING_SETUP',
  'STAGING_TRANSPORT',
  'VALIDATE_DATA',
  'VALIDATE_CASTS',
  'FINAL_LOAD',
  'COMPUTE_STATS',
  'STAGING_CLEANUP',
  'VERIFY_EXPORTED_DATA',
  'SAVE_METADATA',
];

describe('OrchestrationRunner: execute', () => {
  it("runs GOE's steps in order, records them, verifies before saving metadata, and logs to one file", async () => {
    const h = salesHarness();
    const r = await h.run({ execute: true });
    expect(r).toMatchObject({
      status: 'SUCCESS',
      rows: 3,
      source: { owner: 'SH', table: 'SALES' },
      target: { database: 'sh', table: 'sales' },
    });
    expect(r.verification).toBe('Source and memory table data matches: offload successful');
    expect(stepsRun(h.events)).toEqual(EXECUTE_ORDER);
    expect(h.world.tables.get('sh.sales')?.rows).toHaveLength(3);
    expect(h.world.objects.size).toBe(0); // staging cleaned up

    const [cmd] = h.repo.commands;
    expect(cmd).toMatchObject({
      id: r.executionId,
      command: 'OFFLOAD',
      status: 'SUCCESS',
      owner: 'SH',
      table: 'SALES',
      logPath: r.logPath,
    });
    expect(h.repo.steps.map((s) => [s.stepId, s.status])).toEqual(EXECUTE_ORDER.map((c) => [c, 'SUCCESS']));
    expect(h.repo.steps.map((s) => s.title)).toContain(OFFLOAD_STEPS.VERIFY_EXPORTED_DATA.title);
    expect(h.repo.chunks).toEqual([
      expect.objectContaining({ chunkNumber: 1, status: 'SUCCESS', rows: 3, scope: 'full table' }),
    ]);
    expect(h.repo.metadata.get('SH.SALES')).toMatchObject({
      backendDatabase: 'sh',
      backendTable: 'sales',
      offloadType: 'FULL',
      snapshot: 'snap-1',
      executionId: r.executionId,
    });
    expect(h.world.calls).toContain('frontend.snapshot.release');

    expect(readdirSync(join(h.home, 'log'))).toEqual([
      expect.stringMatching(/^offload_SH\.SALES_\d{8}_\d{6}_\d{6}\.log$/),
    ]);
    const log = readFileSync(r.logPath, 'utf8');
    expect(log).toContain('Find data to offload');
    expect(log).toContain('Total rows offloaded: 3');
    expect(log).toContain('Source and memory table data matches: offload successful');
    expect(log.indexOf('Verify exported data')).toBeLessThan(log.indexOf('Save offload metadata'));
    expect(h.locks.size).toBe(0);
    expect(h.world.calls.filter((c) => c.startsWith('lock.'))).toEqual([
      'lock.acquire SH.SALES',
      'lock.release SH.SALES',
    ]);
  });

  it('emits typed events: step start/end pairs, progress, notices', async () => {
    const h = salesHarness();
    await h.run({ execute: true });
    const types = new Set(h.events.map((e) => e.type));
    for (const t of ['step:start', 'step:end', 'progress', 'log']) expect(types).toContain(t);
    expect(h.events.filter((e) => e.type === 'step:start')).toHaveLength(
      h.events.filter((e) => e.type === 'step:end').length,
    );
    expect(h.events.find((e) => e.type === 'progress')).toMatchObject({ rows: 3 });
  });

  it('refuses a missing backend database without createBackendDb, creates it with', async () => {
    const h = createHarness();
    addSales(h.world);
    const e = await h.fail({ execute: true });
    expect(e).toMatchObject({ code: 'OPTION_INVALID' });
    expect(e.message).toBe(
      'Offload target database sh does not exist or is incomplete, please create it or include --create-backend-db option',
    );
    expect(h.repo.commands.at(-1)).toMatchObject({ status: 'ERROR' });
    const r = await h.run({ execute: true, createBackendDb: true });
    expect(stepsRun(h.events)).toContain('CREATE_DB');
    expect(h.world.databases.has('sh')).toBe(true);
    expect(r.rows).toBe(3);
  });

  it('names the target per DB_NAME_PREFIX, BACKEND_IDENTIFIER_CASE and targetName', async () => {
    const h = createHarness({ env: { DB_NAME_PREFIX: 'DEV', BACKEND_IDENTIFIER_CASE: 'UPPER' } });
    addSales(h.world);
    const r = await h.run({ execute: true, createBackendDb: true });
    expect(r.target).toEqual({ database: 'DEV_SH', table: 'SALES' });
    const h2 = createHarness({ env: { BACKEND_IDENTIFIER_CASE: 'NO_MODIFY' } });
    addSales(h2.world);
    const r2 = await h2.run({ execute: true, createBackendDb: true, targetName: 'Mart.Sales_Copy' });
    expect(r2.target).toEqual({ database: 'Mart', table: 'Sales_Copy' });
    // later runs reuse the names recorded in metadata even without --target-name
    const again = await h2.fail({ execute: true });
    expect(again.message).toContain('Target table Mart.Sales_Copy already has data');
  });

  it('honours skipSteps and refuses skipping a mandatory step', async () => {
    const h = salesHarness();
    await h.run({ execute: true, skipSteps: 'validate_type_conversions,verify_exported_data' });
    const steps = h.repo.steps.map((s) => s.stepId);
    expect(steps).not.toContain('VALIDATE_CASTS');
    expect(steps).not.toContain('VERIFY_EXPORTED_DATA');
    expect(
      h.events.filter((e) => e.type === 'step:end' && e.status === 'skipped').map((e) => (e as { step: string }).step),
    ).toEqual(['VALIDATE_CASTS', 'VERIFY_EXPORTED_DATA']);
    const e = await h.fail({ execute: true, skipSteps: ['find_data_to_offload'] });
    expect(e.message).toBe('Step "Find data to offload" is mandatory and cannot be skipped');
    await expect(h.run({ skipSteps: 'no_such_step' })).rejects.toThrow(/Unknown step for --skip-steps: no_such_step/);
  });

  it('errorBeforeStep / errorAfterStep force failures (GOE test hooks)', async () => {
    const h = salesHarness();
    const e = await h.fail({ execute: true, errorBeforeStep: 'Create backend table' });
    expect(e.message).toBe('Forcing exception before step: Create backend table');
    expect(h.world.tables.has('sh.sales')).toBe(false);
    expect(h.repo.steps.at(-1)).toMatchObject({ stepId: 'CREATE_TABLE', status: 'ERROR' });
    expect(h.repo.commands.at(-1)).toMatchObject({
      status: 'ERROR',
      error: 'INTERNAL: Forcing exception before step: Create backend table',
    });

    const e2 = await h.fail({ execute: true, errorBeforeStep: 'FINAL_LOAD' });
    expect(e2.message).toBe('Forcing exception before step: Load staged data');
    expect(h.world.tables.has('sh.sales')).toBe(false); // GOE left an empty table; the cleanup drops what this run created
    expect(h.repo.chunks.at(-1)).toMatchObject({ status: 'ERROR' });
    expect(h.locks.size).toBe(0); // released in finally
  });

  it('verify: aggregate compares aggregates; noVerify skips the step', async () => {
    const h = salesHarness();
    const r = await h.run({ execute: true, verify: 'aggregate' });
    expect(r.verification).toBe('Source and memory table data matches: offload successful');
    const h2 = salesHarness();
    await h2.run({ execute: true, noVerify: true });
    expect(stepsRun(h2.events)).not.toContain('VERIFY_EXPORTED_DATA');
    expect(h2.repo.metadata.size).toBe(1);
  });

  it('a failed cast validation stops before the final load', async () => {
    const h = salesHarness();
    h.world.faults.castFailure = 'AMOUNT';
    const e = await h.fail({ execute: true });
    expect(e).toMatchObject({
      code: 'VALIDATION_MISMATCH',
      message: 'Data type conversion issue in load data: AMOUNT',
    });
    expect(h.world.calls).not.toContain('backend.finalLoad');
  });

  it('refuses partition options on a backend without partitioning', async () => {
    const h = salesHarness();
    const e = await h.fail({ execute: true, partitionColumns: 'ID' });
    expect(e.code).toBe('OPTION_INVALID');
    expect(e.message).toContain('Too many partition columns for backend system');
    expect(e.hint).toContain('cannot partition tables');
  });

  it('validates options before anything is recorded', async () => {
    const h = salesHarness();
    await expect(h.run({ table: 'SALES' })).rejects.toThrow('Option -t or --table required in form SCHEMA.TABLENAME');
    await expect(h.run({ resetBackendTable: true, reuseBackendTable: true })).rejects.toMatchObject({
      code: 'OPTION_INVALID',
    });
    for (const bad of [
      { table: 'SH.SAL\nES' },
      { executionId: 'not-a-uuid' },
      { offloadTransportParallelism: 0 },
      { offloadTransportFetchSize: 1e12 },
      { ddlFile: '/tmp/x\ny.sql' },
    ])
      await expect(h.run(bad)).rejects.toMatchObject({
        code: 'OPTION_INVALID',
        message: expect.not.stringMatching(/\n/),
      });
    expect(h.repo.commands).toHaveLength(0);
    expect(existsSync(join(h.home, 'log'))).toBe(false);
  });

  it("refuses an --execution-id already used, leaving that command's row as it was", async () => {
    const h = salesHarness();
    const first = await h.run({ execute: true });
    const e = await h.fail({ execute: true, resetBackendTable: true, executionId: first.executionId });
    expect(e).toMatchObject({ code: 'OPTION_INVALID', variable: '--execution-id' });
    expect(h.repo.commands.map((c) => [c.id, c.status])).toEqual([[first.executionId, 'SUCCESS']]);
  });
});
