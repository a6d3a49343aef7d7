/**
 * The incremental rows of GOE's re-run matrix (orchestration reference §2.9) on PostgreSQL (PGlite) → DuckDB through
 * the real adapters: RANGE partition append (IPA) by `--older-than-date`, predicate-based offload (PBO), a crash
 * between the final load and saving metadata, and source partitions dropped after their offload.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { PARTITION_APPEND_MESSAGES, PREDICATE_OFFLOAD_MESSAGES } from '@goe/core';
import type { OffloadOptions } from '@goe/core';
import {
  backendRows,
  createSourceTemplate,
  embeddedHome,
  failOffload,
  MATCHES,
  metadataOf,
  repositoryOf,
  runOffload,
  sourceSql,
  warehouseState,
} from './support.js';

/** Monthly RANGE partitions of 2024 (January: 31 rows, February: 29, March: 31, April: 30), and a plain table. */
const SOURCE_SQL = `
  CREATE SCHEMA sh;
  CREATE TABLE sh.sales (id integer, sold_on date NOT NULL, amount numeric(10,2), region text) PARTITION BY RANGE (sold_on);
  CREATE TABLE sh.sales_2024_01 PARTITION OF sh.sales FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');
  CREATE TABLE sh.sales_2024_02 PARTITION OF sh.sales FOR VALUES FROM ('2024-02-01') TO ('2024-03-01');
  CREATE TABLE sh.sales_2024_03 PARTITION OF sh.sales FOR VALUES FROM ('2024-03-01') TO ('2024-04-01');
  CREATE TABLE sh.sales_2024_04 PARTITION OF sh.sales FOR VALUES FROM ('2024-04-01') TO ('2024-05-01');
  CREATE TABLE sh.sales_max PARTITION OF sh.sales FOR VALUES FROM ('2024-05-01') TO (MAXVALUE);
  INSERT INTO sh.sales SELECT g, DATE '2024-01-01' + g, g * 1.5, CASE WHEN g % 3 = 0 THEN 'EU' ELSE 'US' END
    FROM generate_series(0, 120) g;
  CREATE TABLE sh.orders (id integer PRIMARY KEY, region text, amount numeric(10,2));
  INSERT INTO sh.orders SELECT g, CASE WHEN g % 2 = 0 THEN 'EU' ELSE 'US' END, g FROM generate_series(1, 50) g;
`;

let template = '';
beforeAll(async () => {
  template = await createSourceTemplate(SOURCE_SQL);
}, 180_000);

type Env = Record<string, string>;
/** The options of an offload of sh.sales unless `table` says otherwise. */
type SalesOptions = Omit<OffloadOptions, 'table'> & { table?: string };

const run = (env: Env, options: SalesOptions) => runOffload(env, { table: 'SH.SALES', ...options });
const fail = (env: Env, options: SalesOptions) => failOffload(env, { table: 'SH.SALES', ...options });

describe('re-run matrix, incremental rows (§2.9), PostgreSQL → DuckDB', { timeout: 180_000 }, () => {
  it('IPA RANGE, same --older-than-date: "No partitions to offload", nothing changes (exit 0, status NOOP)', async () => {
    const { home, env } = embeddedHome(template);
    const first = await run(env, { olderThanDate: '2024-03-01' });
    expect(first).toMatchObject({ status: 'SUCCESS', rows: 60 });
    expect(first.verification).toBe(MATCHES);
    expect(first.notices).not.toContain(PARTITION_APPEND_MESSAGES.noPartitions);
    const meta = await metadataOf(home, 'SALES');
    expect(meta).toMatchObject({
      offloadType: 'INCREMENTAL',
      incrementalKey: 'sold_on',
      highWaterMark: '2024-03-01',
      executionId: first.executionId,
    });
    const state = await warehouseState(env, [['sh', 'sales']]);

    const again = await run(env, { olderThanDate: '2024-03-01' });
    expect(again).toMatchObject({ status: 'NOOP', rows: 0 });
    expect(again.notices).toContain('No partitions to offload');
    expect(await warehouseState(env, [['sh', 'sales']])).toBe(state);
    expect(await metadataOf(home, 'SALES')).toEqual(meta);
    const repo = await repositoryOf(home);
    try {
      expect((await repo.getCommand(again.executionId))?.status).toBe('NOOP');
      expect(await repo.listChunks(again.executionId)).toEqual([]);
    } finally {
      await repo.close();
    }
  });

  it('IPA RANGE, later boundary: appends only the new partitions, verifies them, and advances the metadata HWM', async () => {
    const { home, env } = embeddedHome(template);
    const first = await run(env, { olderThanDate: '2024-03-01' });
    const second = await run(env, { olderThanDate: '2024-04-01' });
    expect(second).toMatchObject({ status: 'SUCCESS', rows: 31 });
    expect(second.plan.scope).toEqual({ kind: 'partitions', partitions: ['sales_2024_03'] });
    expect(second.verification).toBe(MATCHES);
    expect(await backendRows(env, 'sales')).toBe(91);
    expect(await metadataOf(home, 'SALES')).toMatchObject({
      offloadType: 'INCREMENTAL',
      highWaterMark: '2024-04-01',
      executionId: second.executionId,
    });
    expect(first.executionId).not.toBe(second.executionId);
    // without an identification option the metadata's type applies: every remaining partition but MAXVALUE
    const rest = await run(env, {});
    expect(rest).toMatchObject({ status: 'SUCCESS', rows: 30 });
    expect(rest.notices).toContain(PARTITION_APPEND_MESSAGES.outOfRange('sales_max'));
    expect(await backendRows(env, 'sales')).toBe(121);
    expect((await metadataOf(home, 'SALES'))?.highWaterMark).toBe('2024-05-01');
  });

  it('PBO, same predicate: "Already offloaded", metadata unchanged; a new predicate appends; an overlap is refused', async () => {
    const { home, env } = embeddedHome(template);
    const eu = 'column(REGION) = string("EU")';
    const first = await run(env, { table: 'SH.ORDERS', offloadPredicate: eu });
    expect(first).toMatchObject({ status: 'SUCCESS', rows: 25 });
    expect(first.verification).toBe(MATCHES);
    const meta = await metadataOf(home, 'ORDERS');
    expect(meta).toMatchObject({ offloadType: 'INCREMENTAL', predicates: [eu], executionId: first.executionId });
    expect(meta?.incrementalKey).toBeUndefined();

    const again = await run(env, { table: 'SH.ORDERS', offloadPredicate: eu });
    expect(again).toMatchObject({ status: 'NOOP', rows: 0 });
    expect(again.notices).toContain(PREDICATE_OFFLOAD_MESSAGES.alreadyOffloaded(eu));
    expect(again.notices.some((n) => n.startsWith('Already offloaded'))).toBe(true);
    expect(await metadataOf(home, 'ORDERS')).toEqual(meta);
    expect(await backendRows(env, 'orders')).toBe(25);

    const us = 'column(REGION) = string("US") AND column(ID) <= numeric(11)';
    const more = await run(env, { table: 'SH.ORDERS', offloadPredicate: us });
    expect(more).toMatchObject({ status: 'SUCCESS', rows: 6 });
    expect(await backendRows(env, 'orders')).toBe(31);
    expect((await metadataOf(home, 'ORDERS'))?.predicates).toEqual([
      eu,
      '(column(REGION) = string("US") AND column(ID) <= numeric(11))',
    ]);

    const overlap = await fail(env, { table: 'SH.ORDERS', offloadPredicate: 'column(ID) <= numeric(20)' });
    expect(overlap.code).toBe('ALREADY_OFFLOADED');
    expect(overlap.message).toBe(
      'Already offloaded (overlap): 16 backend rows match column(ID) <= numeric(20), the source has 20',
    );
    expect(await backendRows(env, 'orders')).toBe(31);
    // a predicate-based table needs a predicate
    const missing = await fail(env, { table: 'SH.ORDERS' });
    expect(missing.message).toBe(
      'Missing --offload-predicate option. This option is mandatory to offload tables with an INCREMENTAL_PREDICATE_TYPE configuration of PREDICATE',
    );
  });

  it('crash after FINAL_LOAD before SAVE_METADATA (IPA): the rerun does not load the partitions again (backend MAX), and brings the metadata up to date', async () => {
    const { home, env } = embeddedHome(template);
    await run(env, { olderThanDate: '2024-03-01' });
    const crashed = await fail(env, { olderThanDate: '2024-04-01', errorAfterStep: 'FINAL_LOAD' });
    expect(crashed.message).toBe('Forcing exception after step: Load staged data');
    expect(await backendRows(env, 'sales')).toBe(91);
    expect((await metadataOf(home, 'SALES'))?.highWaterMark).toBe('2024-03-01');

    const rerun = await run(env, { olderThanDate: '2024-04-01' });
    expect(rerun).toMatchObject({ status: 'NOOP', rows: 0 });
    expect(rerun.notices).toContain('No partitions to offload');
    expect(await backendRows(env, 'sales')).toBe(91);
    expect(rerun.verification).toBe(MATCHES);
    expect(await metadataOf(home, 'SALES')).toMatchObject({
      highWaterMark: '2024-04-01',
      executionId: rerun.executionId,
    });
  });

  it('source partitions dropped after offload: verification still succeeds; a no-op when every offloaded partition is gone', async () => {
    const { home, env } = embeddedHome(template);
    await run(env, { olderThanDate: '2024-03-01' });
    await sourceSql(home, 'DROP TABLE sh.sales_2024_01;');
    const next = await run(env, { olderThanDate: '2024-04-01' });
    expect(next).toMatchObject({ status: 'SUCCESS', rows: 31 });
    expect(next.verification).toBe(MATCHES);
    expect(await backendRows(env, 'sales')).toBe(91);

    await sourceSql(home, 'DROP TABLE sh.sales_2024_02; DROP TABLE sh.sales_2024_03;');
    const noop = await run(env, { olderThanDate: '2024-04-01' });
    expect(noop).toMatchObject({ status: 'NOOP', rows: 0 });
    expect(noop.notices).toContain('No partitions to offload');
    expect(await backendRows(env, 'sales')).toBe(91);
    expect((await metadataOf(home, 'SALES'))?.highWaterMark).toBe('2024-04-01');
  });

  it('chunks: one partition per chunk with --max-offload-chunk-count 1; a run failing after chunk 1 is resumed by the rerun', async () => {
    const { home, env } = embeddedHome(template);
    const crashed = await fail(env, {
      olderThanDate: '2024-04-01',
      maxOffloadChunkCount: 1,
      errorAfterStep: 'FINAL_LOAD',
    });
    expect(crashed.message).toBe('Forcing exception after step: Load staged data');
    expect(await backendRows(env, 'sales')).toBe(31);
    // rows but no metadata in this source's own table (GOE refused it as "Missing metadata…"): the rerun resumes,
    // loading only the partitions the backend lacks, and verifies every partition before saving the metadata
    const first = await run(env, { olderThanDate: '2024-04-01', maxOffloadChunkCount: 1 });
    expect(first).toMatchObject({ status: 'SUCCESS', rows: 60 });
    expect(first.plan.scope).toEqual({ kind: 'partitions', partitions: ['sales_2024_02', 'sales_2024_03'] });
    expect(first.verification).toBe(MATCHES);
    expect(await backendRows(env, 'sales')).toBe(91);
    const firstRepo = await repositoryOf(home);
    try {
      expect(await firstRepo.getMetadata('sh', 'sales')).toMatchObject({ highWaterMark: '2024-04-01' });
    } finally {
      await firstRepo.close();
    }

    const { home: home2, env: env2 } = embeddedHome(template);
    await run(env2, { olderThanDate: '2024-02-01' });
    const second = await fail(env2, {
      olderThanDate: '2024-05-01',
      maxOffloadChunkCount: 1,
      errorAfterStep: 'FINAL_LOAD',
    });
    expect(second.code).toBe('INTERNAL');
    expect(await backendRows(env2, 'sales')).toBe(60);
    const resumed = await run(env2, { olderThanDate: '2024-05-01', maxOffloadChunkCount: 1 });
    expect(resumed).toMatchObject({ status: 'SUCCESS', rows: 61 });
    expect(resumed.plan.scope).toEqual({ kind: 'partitions', partitions: ['sales_2024_03', 'sales_2024_04'] });
    expect(resumed.verification).toBe(MATCHES);
    expect(resumed.notices.some((n) => n.includes('above the recorded high-water mark 2024-02-01'))).toBe(true);
    expect(await backendRows(env2, 'sales')).toBe(121);
    const repo = await repositoryOf(home2);
    try {
      expect((await repo.listChunks(resumed.executionId)).map((c) => [c.chunkNumber, c.rows, c.scope])).toEqual([
        [1, 31, 'partitions sales_2024_03'],
        [2, 30, 'partitions sales_2024_04'],
      ]);
      expect(await repo.getMetadata('sh', 'sales')).toMatchObject({ highWaterMark: '2024-05-01' });
    } finally {
      await repo.close();
    }
    expect(home).not.toBe(home2);
  });
});
