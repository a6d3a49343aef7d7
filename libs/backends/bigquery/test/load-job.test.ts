/**
 * Load jobs a rerun finds again: the find-or-submit rules on a scripted jobs API, and on bigquery-emulator a run
 * killed while its load job is RUNNING, then a rerun that polls that job and submits no second one.
 */
import { describe, expect, it } from 'vitest';
import { isGoeError, canonicalColumn } from '@goe/core';
import {
  BigquerySession,
  loadJobPrefix,
  MAX_LOAD_ATTEMPTS,
  runLoadJob,
  type BigqueryApi,
  type JobStatus,
  type LoadJobSpec,
} from '../src/index.js';
import { emulatorsDescribe, PROJECT, stagedRows } from './support/emulators.js';

const spec: LoadJobSpec = {
  uris: ['gs://b/x/s0-00002.parquet', 'gs://b/x/s0-00001.parquet'],
  format: 'PARQUET',
  dataset: 'sh_load',
  table: 'sales_1',
  fields: [{ name: 'ID', type: 'INT64', mode: 'NULLABLE' }],
  labels: { goe_chunk: '1' },
};

/** A jobs API whose job states follow a script per id (then stay at the last one). */
function scripted(script: Record<string, (JobStatus | undefined)[]>, tableExists = true) {
  const inserted: string[] = [];
  const polls: Record<string, number> = {};
  const api: BigqueryApi = {
    project: 'acme',
    query: async () => ({ rows: [] }),
    datasetNames: async () => [],
    datasetLocation: async () => 'US',
    createDataset: async () => undefined,
    table: async () => (tableExists ? { fields: [] } : undefined),
    createTable: async () => undefined,
    deleteTable: async () => undefined,
    insertLoadJob: async (id) => {
      inserted.push(id);
      script[id] ??= [{ state: 'RUNNING' }, { state: 'DONE' }];
    },
    job: async (id) => {
      const states = script[id];
      if (states === undefined) return undefined;
      const n = (polls[id] = (polls[id] ?? 0) + 1);
      return states[Math.min(n - 1, states.length - 1)];
    },
  };
  return { api, inserted, polls };
}

const prefix = loadJobPrefix('acme', spec);
const fast = { pollMs: 1, maxPollMs: 2 };

describe('runLoadJob', () => {
  it('has a deterministic id prefix over the project, destination and the sorted file URIs', () => {
    expect(prefix).toMatch(/^goe_load_[0-9a-f]{32}$/);
    expect(loadJobPrefix('acme', { ...spec, uris: [...spec.uris].reverse() })).toBe(prefix);
    expect(loadJobPrefix('acme', { ...spec, table: 'sales_2' })).not.toBe(prefix);
    expect(loadJobPrefix('other', spec)).not.toBe(prefix);
  });

  it('submits attempt 1 when no job has its id, and waits until it is DONE', async () => {
    const s = scripted({});
    expect(await runLoadJob(s.api, spec, fast)).toEqual({ jobId: `${prefix}_1`, submitted: true });
    expect(s.inserted).toEqual([`${prefix}_1`]);
    expect(s.polls[`${prefix}_1`]).toBe(2); // RUNNING, DONE (the lookup before found none)
  });

  it('waits for a job of an earlier run still RUNNING instead of submitting another', async () => {
    const found: string[] = [];
    const s = scripted({ [`${prefix}_1`]: [{ state: 'PENDING' }, { state: 'RUNNING' }, { state: 'DONE' }] });
    const out = await runLoadJob(s.api, spec, { ...fast, onFound: (id, state) => found.push(`${id} ${state}`) });
    expect(out).toEqual({ jobId: `${prefix}_1`, submitted: false });
    expect(s.inserted).toEqual([]);
    expect(found).toEqual([`${prefix}_1 PENDING`]);
  });

  it('takes a finished job whose table exists; loads again (attempt 2) when the table was dropped since', async () => {
    const done = { [`${prefix}_1`]: [{ state: 'DONE' as const }] };
    expect(await runLoadJob(scripted(done).api, spec, fast)).toEqual({ jobId: `${prefix}_1`, submitted: false });
    const dropped = scripted({ ...done }, false);
    expect(await runLoadJob(dropped.api, spec, fast)).toEqual({ jobId: `${prefix}_2`, submitted: true });
    expect(dropped.inserted).toEqual([`${prefix}_2`]);
  });

  it('moves past a failed job of an earlier run to the next attempt', async () => {
    const s = scripted({ [`${prefix}_1`]: [{ state: 'DONE', error: 'quota exceeded' }] });
    expect(await runLoadJob(s.api, spec, fast)).toEqual({ jobId: `${prefix}_2`, submitted: true });
    expect(s.inserted).toEqual([`${prefix}_2`]);
  });

  it('fails with BigQuery’s message when the job it submitted fails', async () => {
    const s = scripted({});
    const api: BigqueryApi = {
      ...s.api,
      insertLoadJob: (id, sp) => s.api.insertLoadJob(id, sp),
      job: async (id) => ((await s.api.job(id)) === undefined ? undefined : { state: 'DONE', error: 'Bad Parquet' }),
    };
    const e = await runLoadJob(api, spec, fast).catch((x: unknown) => x);
    expect(isGoeError(e) && e.code).toBe('ENGINE_ERROR');
    expect((e as Error).message).toBe(`Load job ${prefix}_1 failed: Bad Parquet`);
  });

  it(`gives up after ${MAX_LOAD_ATTEMPTS} failed jobs of earlier runs`, async () => {
    const failed = Object.fromEntries(
      Array.from({ length: MAX_LOAD_ATTEMPTS }, (_, i) => [
        `${prefix}_${i + 1}`,
        [{ state: 'DONE' as const, error: 'x' }],
      ]),
    );
    const e = await runLoadJob(scripted(failed).api, spec, fast).catch((x: unknown) => x);
    expect((e as Error).message).toBe(`Load of sh_load.sales_1 failed ${MAX_LOAD_ATTEMPTS} times: x`);
  });

  it('stops waiting when the signal aborts', async () => {
    const s = scripted({ [`${prefix}_1`]: [{ state: 'RUNNING' }] });
    const abort = new AbortController();
    const run = runLoadJob(s.api, spec, { pollMs: 5, signal: abort.signal });
    setTimeout(() => abort.abort(new Error('killed')), 20);
    await expect(run).rejects.toThrow('killed');
    expect(s.inserted).toEqual([]);
  });
});

emulatorsDescribe('a run killed while its load job is RUNNING, then a rerun (bigquery-emulator)', () => {
  it('the rerun polls the job of the killed run and submits no second one', async () => {
    const columns = [
      canonicalColumn({ name: 'ID', dataType: 'INTEGER_8', nullable: false }),
      canonicalColumn({ name: 'AMT', dataType: 'DECIMAL', precision: 12, scale: 2 }),
    ];
    const {
      api: real,
      plan,
      store,
      chunk,
    } = await stagedRows('goe_kill', columns, [
      [1n, 2n, 3n],
      ['1.50', null, '-2.25'],
    ]);
    const settings = { project: PROJECT, maximumBytesBilled: 1e12 };
    await new BigquerySession(real, { settings }).createTable(plan);

    // run 1: the job is submitted, then BigQuery keeps reporting it RUNNING until the process is killed
    const inserted1: string[] = [];
    const kill = new AbortController();
    const stuck: BigqueryApi = {
      ...real,
      insertLoadJob: async (id, s) => {
        inserted1.push(id);
        await real.insertLoadJob(id, s);
        setTimeout(() => kill.abort(new Error('killed')), 30);
      },
      job: async (id) => ((await real.job(id)) === undefined ? undefined : { state: 'RUNNING' }),
    };
    const run1 = new BigquerySession(stuck, { settings, signal: kill.signal, loadJob: { pollMs: 5 } });
    await expect(run1.stageLoad(plan, chunk)).rejects.toThrow('killed');
    expect(inserted1).toHaveLength(1);

    // run 2: the same job id is found RUNNING for two more polls, then DONE; nothing is submitted
    const inserted2: string[] = [];
    let polls = 0;
    const found: string[] = [];
    const rerun: BigqueryApi = {
      ...real,
      insertLoadJob: async (id, s) => {
        inserted2.push(id);
        await real.insertLoadJob(id, s);
      },
      job: async (id) => {
        const status = await real.job(id);
        return status !== undefined && polls++ < 2 ? { state: 'RUNNING' } : status;
      },
    };
    const run2 = new BigquerySession(rerun, {
      settings,
      loadJob: { pollMs: 5 },
      onFoundJob: (id, state) => found.push(`${id} ${state}`),
    });
    await run2.stageLoad(plan, chunk);
    expect(inserted2).toEqual([]);
    expect(found).toEqual([`${inserted1[0]} RUNNING`]);
    const staged = await run2.validateStaged(plan, chunk);
    expect(staged).toMatchObject({ ok: true, details: { loadRows: 3 } });
    expect(await run2.finalLoad(plan, chunk)).toBe(3n);
    await store.close();
  });
});
