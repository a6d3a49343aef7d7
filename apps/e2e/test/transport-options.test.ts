/**
 * Transport, statistics and staging options through the whole embedded stack (PGlite → NATIVE → Parquet → DuckDB):
 * `--compress-load-table` (the preserved staged files' Parquet codec), `--offload-stats` (DuckDB ANALYZE step,
 * NONE, COPY refused with GOE's text), `--offload-transport-consistent-read false` (plan and notice).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { offload } from '@goe/stack';
import { SOURCE_SNAPSHOT_MESSAGES } from '@goe/core';
import { createSourceTemplate, embeddedHome, repositoryOf, warehouse } from './support.js';

let template = '';
beforeAll(async () => {
  template = await createSourceTemplate();
}, 180_000);

/** Every staged Parquet file under a directory. */
function parquetFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.parquet'))
    .map((f) => join(dir, f));
}

/** The codecs of a Parquet file's column chunks, read by DuckDB from the file's metadata. */
async function codecs(env: Record<string, string>, file: string): Promise<string[]> {
  const rows = await warehouse(env, `SELECT DISTINCT compression FROM parquet_metadata('${file.replace(/'/g, "''")}')`);
  return rows.map((r) => String(r[0])).sort();
}

describe('e2e: --compress-load-table', () => {
  it('staged Parquet files are SNAPPY with it and UNCOMPRESSED without (kept with --preserve-load-table)', async () => {
    for (const [compressLoadTable, codec] of [
      [true, 'SNAPPY'],
      [false, 'UNCOMPRESSED'],
    ] as const) {
      const { home, env } = embeddedHome(template);
      const r = await offload(
        { table: 'SH.SALES', execute: true, createBackendDb: true, preserveLoadTable: true, compressLoadTable },
        { env },
      );
      expect(r.status).toBe('SUCCESS');
      expect(r.plan.staging.compression).toBe(compressLoadTable ? 'SNAPPY' : 'NONE');
      const files = parquetFiles(join(home, 'staging'));
      expect(files.length).toBeGreaterThan(0);
      for (const f of files) expect(await codecs(env, f)).toEqual([codec]);
    }
  }, 180_000);
});

describe('e2e: --offload-stats and consistent read', () => {
  it('NATIVE runs "Compute backend statistics" (DuckDB ANALYZE); NONE skips it; COPY is refused up front', async () => {
    const { home, env } = embeddedHome(template);
    const r = await offload({ table: 'SH.SALES', execute: true, createBackendDb: true }, { env });
    const repo = await repositoryOf(home);
    try {
      expect((await repo.listSteps(r.executionId)).find((s) => s.stepId === 'COMPUTE_STATS')).toMatchObject({
        status: 'SUCCESS',
        details: { method: 'NATIVE' },
      });
      const none = await offload(
        { table: 'SH.SALES', execute: true, resetBackendTable: true, offloadStats: 'NONE' },
        { env },
      );
      expect((await repo.listSteps(none.executionId)).map((s) => s.stepId)).not.toContain('COMPUTE_STATS');
    } finally {
      await repo.close();
    }
    const copy = await offload({ table: 'SH.SALES', offloadStats: 'COPY' }, { env }).catch(
      (e: Error & { code?: string }) => e,
    );
    expect((copy as { code?: string }).code).toBe('OPTION_INVALID');
    expect((copy as Error).message).toBe('Invalid --offload-stats value for DuckDB backend: COPY');
  }, 180_000);

  it('consistent read off: the plan reads without a snapshot and says so', async () => {
    const { env } = embeddedHome(template);
    const r = await offload(
      { table: 'SH.SALES', createBackendDb: true, offloadTransportConsistentRead: false },
      { env },
    );
    expect(r.plan.transport.snapshot).toBe('none');
    expect(r.notices).toContain(SOURCE_SNAPSHOT_MESSAGES.inconsistent);
    const on = await offload({ table: 'SH.SALES', createBackendDb: true }, { env });
    // PGlite has one connection and no exported snapshot: nothing shared either way, without the notice
    expect(on.plan.transport.snapshot).toBe('none');
    expect(on.notices).not.toContain(SOURCE_SNAPSHOT_MESSAGES.inconsistent);
  }, 180_000);
});
