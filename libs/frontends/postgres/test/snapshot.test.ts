/**
 * One snapshot for all slices: a parallel extraction of a table that a background connection updates,
 * inserts into and deletes from during the extraction returns exactly the rows of one snapshot; counts and
 * aggregates at that snapshot agree. Also: every split method covers each row exactly once.
 */
import type { SourceTable } from '@goe/core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostgresFrontendSession } from '../src/index.js';
import { drain, openSession, pgUrl, uniqueSchema } from './helpers.js';
import { columnTexts } from './pg-text.js';

const ROWS = 20_000;

async function rowsOf(
  session: PostgresFrontendSession,
  table: SourceTable,
  slices: Awaited<ReturnType<PostgresFrontendSession['planSlices']>>,
  options: Parameters<PostgresFrontendSession['extract']>[2],
  afterFirstBatch?: () => Promise<void>,
) {
  const all = new Map<string, string | number | null>();
  await Promise.all(
    slices.map(async (slice) => {
      let first = true;
      for await (const batch of session.extract(table, slice, options)) {
        for (const [id, v] of columnTexts([batch], 'v')) {
          if (all.has(id)) throw new Error(`row ${id} read twice`);
          all.set(id, v);
        }
        if (first && afterFirstBatch) await afterFirstBatch();
        first = false;
      }
    }),
  );
  return all;
}

describe('exported snapshot on pg', () => {
  let session: PostgresFrontendSession;
  let table: SourceTable;
  const schema = uniqueSchema('goe_snap');

  beforeAll(async () => {
    ({ session } = await openSession('pg'));
    await session.query(`CREATE SCHEMA ${schema};
      CREATE TABLE ${schema}.t (id int PRIMARY KEY, v int NOT NULL, pad text);
      INSERT INTO ${schema}.t SELECT g, 0, repeat('x', 100) FROM generate_series(1, ${ROWS}) g;
      ANALYZE ${schema}.t;`);
    table = await session.describeTable(schema, 't');
  });
  afterAll(async () => {
    await session?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await session?.close();
  });

  it('a parallel extraction during concurrent writes returns exactly the rows of one snapshot', async () => {
    const snapshot = await session.snapshot();
    expect(snapshot.kind).toBe('exported-snapshot');
    const writer = new pg.Client({ connectionString: pgUrl() });
    await writer.connect();
    let stop = false;
    let writes = 0;
    const background = (async () => {
      while (!stop) {
        const id = 1 + Math.floor(Math.random() * ROWS);
        await writer.query(`UPDATE ${schema}.t SET v = v + 1 WHERE id = $1`, [id]);
        await writer.query(`INSERT INTO ${schema}.t VALUES ($1, 7, 'new')`, [ROWS + 1 + writes]);
        await writer.query(`DELETE FROM ${schema}.t WHERE id = $1`, [1 + ((writes * 7919) % ROWS)]);
        writes++;
      }
    })();
    try {
      const slices = await session.planSlices(table, { kind: 'full' }, 4);
      expect(slices.length).toBe(4);
      expect(slices.every((s) => s.method === 'page-range')).toBe(true);
      // every slice pauses after its first batch until the writer has committed 30 more changes
      const parallel = await rowsOf(session, table, slices, { snapshot, batchRows: 500 }, async () => {
        const target = writes + 30;
        while (writes < target) await new Promise((r) => setTimeout(r, 5));
      });
      stop = true;
      await background;
      expect(writes).toBeGreaterThanOrEqual(30);
      // the snapshot saw the table as it was: ROWS rows, all v = 0
      expect(parallel.size).toBe(ROWS);
      expect([...parallel.values()].every((v) => v === '0')).toBe(true);
      expect(await session.count(table, { kind: 'full' }, snapshot)).toBe(BigInt(ROWS));
      expect(
        await session.aggregate(
          table,
          { kind: 'full' },
          [
            { column: 'v', fn: 'sum' },
            { column: 'ID', fn: 'max' },
          ],
          snapshot,
        ),
      ).toEqual({
        'sum(v)': '0',
        'max(ID)': String(ROWS),
      });
      // the live table moved on
      const live = await session.count(table, { kind: 'full' });
      const liveSum = await session.aggregate(table, { kind: 'full' }, [{ column: 'v', fn: 'sum' }]);
      expect(live === BigInt(ROWS) && liveSum['sum(v)'] === '0').toBe(false);
    } finally {
      stop = true;
      await background.catch(() => undefined);
      await writer.end();
      await snapshot.release();
    }
  });

  it.each(['page-range', 'id_range', 'mod'])('split method %s covers every row exactly once', async (method) => {
    const { session: s } = await openSession('pg', { POSTGRES_SPLIT_METHOD: method });
    try {
      const t = await s.describeTable(schema, 't');
      const slices = await s.planSlices(t, { kind: 'full' }, 3);
      expect(slices.length).toBe(3);
      const rows = await rowsOf(s, t, slices, {});
      expect(BigInt(rows.size)).toBe(await s.count(t, { kind: 'full' }));
    } finally {
      await s.close();
    }
  });

  it('honours an AbortSignal mid-stream', async () => {
    const [slice] = await session.planSlices(table, { kind: 'full' }, 1);
    const controller = new AbortController();
    let batches = 0;
    const run = (async () => {
      for await (const _ of session.extract(table, slice!, { signal: controller.signal, batchRows: 100 })) {
        batches++;
        if (batches === 2) controller.abort(new Error('stop'));
      }
    })();
    await expect(run).rejects.toMatchObject({ code: 'ABORTED' });
    expect(batches).toBe(2);
    expect(await session.count(table, { kind: 'full' })).toBeGreaterThan(0n); // the session is still usable
  });
});

describe('snapshot on PGlite', () => {
  it('reports kind none and reads in one transaction per slice', async () => {
    const { session } = await openSession('pglite');
    try {
      await session.query(
        'CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t SELECT g, g FROM generate_series(1, 100) g',
      );
      expect(session.capabilities).toMatchObject({ snapshot: 'none', maxParallelism: 1 });
      const snapshot = await session.snapshot();
      expect(snapshot.kind).toBe('none');
      const table = await session.describeTable('public', 't');
      const slices = await session.planSlices(table, { kind: 'full' }, 4);
      expect(slices.length).toBe(1);
      expect((await drain(session.extract(table, slices[0]!, { snapshot }))).reduce((n, b) => n + b.numRows, 0)).toBe(
        100,
      );
      await snapshot.release();
    } finally {
      await session.close();
    }
  });
});
