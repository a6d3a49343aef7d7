/**
 * Preview is read-only by construction: the guards refuse every write member of the backend session and the
 * staging store before it reaches the adapter, pass reads through, and a preview offload over adapters whose
 * writes really write reaches none of them.
 */
import { describe, expect, it } from 'vitest';
import {
  BACKEND_SESSION_ACCESS,
  guardBackendSession,
  guardFrontendSession,
  guardStagingStore,
  loadIdOf,
  parseRecordedScope,
  PREVIEW_WRITE_REFUSED,
  STAGING_STORE_ACCESS,
  type LoadChunk,
  type OffloadPlan,
} from '@goe/core';
import { memoryBackend, memoryFrontend, memoryStorage } from './support/memory-adapters.js';
import { addSales, createWorld } from './support/memory-world.js';
import { createHarness } from './support/harness.js';

const ctx = { readOnly: true } as const;
const WRITES = /backend\.(createDatabase|createTable|stageLoad|finalLoad|dropStaged|dropTable|deleteScope)/;

describe('preview guard', () => {
  it('refuses every backend write before the adapter, passes reads, and classifies every member', async () => {
    const world = createWorld();
    world.databases.add('sh');
    const session = await memoryBackend(world).connect({} as never);
    for (const name of Object.keys(session)) expect(BACKEND_SESSION_ACCESS).toHaveProperty(name);
    const guarded = guardBackendSession('memory', session, ctx);
    const plan = { target: { database: 'sh', table: 'sales' }, columns: [] } as unknown as OffloadPlan;
    const chunk = { number: 1, files: { files: [] } } as unknown as LoadChunk;
    const writes: [string, () => Promise<unknown>][] = [
      ['createDatabase', () => guarded.createDatabase('x')],
      ['createTable', () => guarded.createTable(plan)],
      ['stageLoad', () => guarded.stageLoad(plan, chunk)],
      ['finalLoad', () => guarded.finalLoad(plan, chunk)],
      ['dropStaged', () => guarded.dropStaged(plan, chunk)],
      ['dropTable', () => guarded.dropTable('sh', 'sales')],
    ];
    for (const [name, call] of writes)
      await expect(call()).rejects.toMatchObject({ code: 'INTERNAL', message: PREVIEW_WRITE_REFUSED('memory', name) });
    expect(world.calls.filter((c) => WRITES.test(c))).toEqual([]);
    expect(world.databases.has('x')).toBe(false);
    expect(await guarded.databaseExists('sh')).toBe(true);
    expect(guarded.ddlFor(plan)).toEqual(['CREATE TABLE sh.sales ()']);
    // an optional member the session lacks stays absent
    expect(guarded.deleteScope).toBeUndefined();
    // outside preview the session is handed over as it is
    expect(guardBackendSession('memory', session, {})).toBe(session);
  });

  it('refuses store puts and deletes, and passes frontend reads', async () => {
    const world = createWorld();
    world.objects.set('sh/sales/a', new Uint8Array([1]));
    const store = guardStagingStore('memory', await memoryStorage(world).open({} as never), ctx);
    await expect(store.put('sh/sales/b', new Uint8Array([2]))).rejects.toMatchObject({
      message: PREVIEW_WRITE_REFUSED('memory', 'put'),
    });
    await expect(store.delete('sh')).rejects.toMatchObject({ message: PREVIEW_WRITE_REFUSED('memory', 'delete') });
    expect([...world.objects.keys()]).toEqual(['sh/sales/a']);
    expect((await store.list('sh')).map((o) => o.path)).toEqual(['sh/sales/a']);
    expect(Object.keys(STAGING_STORE_ACCESS).sort()).toEqual(
      ['close', 'delete', 'exists', 'get', 'list', 'put', 'uri'].sort(),
    );
    addSales(world);
    const frontend = guardFrontendSession('memory', await memoryFrontend(world).connect({} as never), ctx);
    expect((await frontend.describeTable('SH', 'SALES')).name).toBe('SALES');
  });

  it('a preview of a reset over adapters whose writes write reaches no write', async () => {
    const h = createHarness();
    addSales(h.world);
    await h.run({ execute: true, createBackendDb: true });
    h.world.calls.length = 0;
    const r = await h.run({ resetBackendTable: true, createBackendDb: true });
    expect(r.status).toBe('PREVIEW');
    expect(h.world.calls).toEqual(expect.arrayContaining(['backend.connect', 'frontend.describeTable']));
    expect(h.world.calls.filter((c) => WRITES.test(c) || c === 'storage.open')).toEqual([]);
  });
});

describe('non-atomic load helpers', () => {
  const plan = { target: { database: 'sh', table: 'sales' } } as unknown as OffloadPlan;
  const chunk = (uris: string[], partitions = ['P1']) =>
    ({
      number: 1,
      scope: { kind: 'partitions', partitions },
      files: { files: uris.map((uri) => ({ uri })) },
    }) as unknown as LoadChunk;

  it('derives the same load id from the same target, scope and staged file names, whatever the run prefix', () => {
    const a = loadIdOf(plan, chunk(['file:///s/sh/sales/run1/s0.parquet', 'file:///s/sh/sales/run1/s1.parquet']));
    const b = loadIdOf(plan, chunk(['file:///s/sh/sales/run2/s1.parquet', 'file:///s/sh/sales/run2/s0.parquet']));
    expect(a).toMatch(/^goe-[0-9a-f]{32}$/);
    expect(b).toBe(a);
    expect(loadIdOf(plan, chunk(['file:///s/sh/sales/run1/s0.parquet']))).not.toBe(a);
    expect(loadIdOf(plan, chunk(['file:///s/sh/sales/run1/s0.parquet', 'file:///x/s1.parquet'], ['P2']))).not.toBe(a);
  });

  it('reads recorded chunk scopes back', () => {
    expect(parseRecordedScope('full table')).toEqual({ kind: 'full' });
    expect(parseRecordedScope('partitions P1, P2')).toEqual({ kind: 'partitions', partitions: ['P1', 'P2'] });
    expect(parseRecordedScope('predicate column(ID) <= numeric(12000)').kind).toBe('predicate');
    expect(() => parseRecordedScope('something else')).toThrow(/Cannot read the recorded chunk scope/);
  });
});
