/** PostgreSQL (PGlite) → DuckDB through the real adapters, resolved from the configuration by the registry. */
import { describe, expect, it, beforeAll } from 'vitest';
import { RERUN_MESSAGES } from '@goe/core';
import { offload } from '@goe/stack';
import type { GoeEvent } from '@goe/core';
import { createSourceTemplate, embeddedHome, repositoryOf, warehouseState } from './support.js';

let template = '';
beforeAll(async () => {
  template = await createSourceTemplate();
}, 180_000);

describe('e2e: PostgreSQL → DuckDB', () => {
  it('offloads, verifies, records everything in SQLite, and applies the re-run matrix', async () => {
    const { home, env } = embeddedHome(template);
    const events: GoeEvent[] = [];
    const r = await offload(
      { table: 'SH.SALES', execute: true, createBackendDb: true },
      { env, events: { emit: (e) => void events.push(e) } },
    );
    expect(r).toMatchObject({ status: 'SUCCESS', rows: 5, target: { database: 'sh', table: 'sales' } });
    expect(r.verification).toBe('Source and DuckDB table data matches: offload successful');
    expect(events.some((e) => e.type === 'progress')).toBe(true);
    const state = JSON.parse(await warehouseState(env, [['sh', 'sales']])) as Record<
      string,
      { rows: string; aggregates: Record<string, string> }
    >;
    expect(state['sh.sales']?.rows).toBe('5');
    expect(state['sh.sales']?.aggregates['max(note)']).toBe('ünïcödé');

    const repo = await repositoryOf(home);
    try {
      expect(await repo.getCommand(r.executionId)).toMatchObject({
        status: 'SUCCESS',
        owner: 'SH',
        table: 'SALES',
        logPath: r.logPath,
      });
      expect((await repo.listSteps(r.executionId)).map((s) => s.stepId)).toEqual([
        'FIND_OFFLOAD_DATA',
        'ANALYZE_DATA_TYPES',
        'CREATE_DB',
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
      ]);
      expect(await repo.listChunks(r.executionId)).toEqual([
        expect.objectContaining({ chunkNumber: 1, rows: 5, status: 'SUCCESS' }),
      ]);
      expect(await repo.getMetadata('SH', 'SALES')).toMatchObject({
        backendDatabase: 'sh',
        backendTable: 'sales',
        offloadType: 'FULL',
        executionId: r.executionId,
      });
    } finally {
      await repo.close();
    }

    // already offloaded
    const again = await offload({ table: 'SH.SALES', execute: true }, { env }).catch(
      (e: Error & { code?: string }) => e,
    );
    expect((again as { code?: string }).code).toBe('ALREADY_OFFLOADED');
    expect((again as Error).message).toBe(RERUN_MESSAGES.alreadyHasData('sh', 'sales'));
    // crash before saving metadata after a reset: rows without metadata
    const crashed = await offload(
      { table: 'SH.SALES', execute: true, resetBackendTable: true, errorBeforeStep: 'save_offload_metadata' },
      { env },
    ).catch((e: Error) => e);
    expect((crashed as Error).message).toBe('Forcing exception before step: Save offload metadata');
    // the rerun verifies the rows the crashed run loaded and saves their metadata, loading nothing
    const repaired = await offload({ table: 'SH.SALES', execute: true }, { env });
    expect(repaired).toMatchObject({ status: 'NOOP', rows: 0 });
    expect(repaired.verification).toBe('Source and DuckDB table data matches: offload successful');
    const repo2 = await repositoryOf(home);
    try {
      expect((await repo2.getMetadata('SH', 'SALES'))?.executionId).toBe(repaired.executionId);
    } finally {
      await repo2.close();
    }
    // reset reloads it, and aggregate verification agrees
    const reset = await offload(
      { table: 'sh.sales', execute: true, resetBackendTable: true, verify: 'aggregate' },
      { env },
    );
    expect(reset.rows).toBe(5);
    expect(reset.verification).toBe('Source and DuckDB table data matches: offload successful');
  }, 180_000);
});
