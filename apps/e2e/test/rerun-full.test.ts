/**
 * The full-offload rows of GOE's re-run matrix (orchestration reference §2.9) that need a backend table in a
 * particular state, on PostgreSQL (PGlite) → DuckDB through the real adapters: an empty table left by a crash after
 * CREATE_TABLE, and an empty table that has metadata. (Already offloaded, rows without metadata and reset are in
 * offload.test.ts; preview in lock-preview.test.ts; the incremental rows in incremental.test.ts.)
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { RERUN_MESSAGES, type OffloadOptions } from '@goe/core';
import { offload } from '@goe/stack';
import { bundleForChild } from '../../../tools/test-support/bundle-child.js';
import { createSourceTemplate, embeddedHome, repositoryOf, warehouse } from './support.js';

let template = '';
let child = '';
beforeAll(async () => {
  [template, child] = await Promise.all([
    createSourceTemplate(),
    bundleForChild(fileURLToPath(new URL('./kill-child.ts', import.meta.url))),
  ]);
}, 240_000);

type Env = Record<string, string>;
const run = (env: Env, options: Omit<OffloadOptions, 'table'> = {}) =>
  offload({ table: 'SH.SALES', execute: true, createBackendDb: true, ...options }, { env });
const fail = (env: Env, options: Omit<OffloadOptions, 'table'> = {}) =>
  run(env, options).then(
    () => {
      throw new Error('expected the offload to fail');
    },
    (e: Error & { code?: string }) => e,
  );

const tableCount = async (env: Env) =>
  Number((await warehouse(env, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'sales'"))[0]![0]);
/** Runs the offload in a child process killed (SIGKILL) right after "Create backend table". */
async function killedAfterCreateTable(env: Env): Promise<void> {
  const r = spawnSync(process.execPath, [child, JSON.stringify({ ...env, GOE_TEST_KILL_AT: 'after:CREATE_TABLE' })], {
    encoding: 'utf8',
  });
  expect(r.signal).toBe('SIGKILL');
}
const rowsIn = async (env: Env) => Number((await warehouse(env, 'SELECT count(*) FROM goe.sh.sales'))[0]![0]);

describe(
  're-run matrix, full offload rows on an existing empty table (§2.9), PostgreSQL → DuckDB',
  { timeout: 120_000 },
  () => {
    it('crash after CREATE_TABLE (empty table, no metadata): the next run populates it; the run after that is refused', async () => {
      const { home, env } = embeddedHome(template);
      // a failure cleans up the empty table it created; a kill (GOE_TEST_KILL_AT, the fault suite) leaves it
      const failed = await fail(env, { errorAfterStep: 'CREATE_TABLE' });
      expect(failed.message).toBe('Forcing exception after step: Create backend table');
      expect(await tableCount(env)).toBe(0);
      await killedAfterCreateTable(env);
      expect(await rowsIn(env)).toBe(0);
      const r = await run(env);
      expect(r).toMatchObject({ status: 'SUCCESS', rows: 5 });
      expect(r.notices).toContain(RERUN_MESSAGES.populateEmpty);
      expect(await rowsIn(env)).toBe(5);
      const again = await fail(env);
      expect(again.code).toBe('ALREADY_OFFLOADED');
      expect(again.message).toBe(RERUN_MESSAGES.alreadyHasData('sh', 'sales'));
      const repo = await repositoryOf(home);
      try {
        expect((await repo.getMetadata('sh', 'sales'))?.executionId).toBe(r.executionId);
      } finally {
        await repo.close();
      }
    });

    it('empty table with metadata: refused until --reuse-backend-table populates it; the run after that is refused', async () => {
      const { env } = embeddedHome(template);
      await run(env);
      await warehouse(env, 'DELETE FROM goe.sh.sales');
      const refused = await fail(env);
      expect(refused.code).toBe('ALREADY_OFFLOADED');
      expect(refused.message).toBe(
        'Empty table sh.sales has metadata. Offload with --reuse-backend-table to populate this table',
      );
      expect(await rowsIn(env)).toBe(0);
      const reused = await run(env, { reuseBackendTable: true });
      expect(reused).toMatchObject({ status: 'SUCCESS', rows: 5 });
      expect(reused.verification).toBe('Source and DuckDB table data matches: offload successful');
      const again = await fail(env, { reuseBackendTable: true });
      expect(again.message).toBe(RERUN_MESSAGES.alreadyHasData('sh', 'sales'));
      expect(await rowsIn(env)).toBe(5);
    });
  },
);
