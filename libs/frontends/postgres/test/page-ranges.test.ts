/**
 * PGlite materializes a COPY's whole output before streaming it, so its extraction reads a table or partition as
 * page ranges of at most PGLITE_COPY_PAGES pages: every row exactly once, and no COPY larger than one range.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import type { Slice, SourceTable } from '@goe/core';
import { countPgliteStatements, createStatementCounter } from '@goe/conformance';
import type { PostgresFrontendSession } from '../src/index.js';
import { PGLITE_COPY_PAGES } from '../src/extract/extract.js';
import { cutUnit, sliceSources } from '../src/slices.js';
import { openSession } from './helpers.js';

describe('cutUnit', () => {
  it('keeps a unit within the limit whole', () => {
    expect(cutUnit({ s: 'sh', n: 'sales', p: 1024 }, 1024)).toEqual([{ s: 'sh', n: 'sales', p: 1024 }]);
    expect(cutUnit({ s: 'sh', n: 'sales', p: 0 }, 1024)).toEqual([{ s: 'sh', n: 'sales', p: 0 }]);
  });

  it('cuts a large unit into consecutive ranges, the last one open', () => {
    expect(cutUnit({ s: 'sh', n: 'sales', p: 2500 }, 1024)).toEqual([
      { s: 'sh', n: 'sales', p: 2500, f: 0, t: 1024 },
      { s: 'sh', n: 'sales', p: 2500, f: 1024, t: 2048 },
      { s: 'sh', n: 'sales', p: 2500, f: 2048 },
    ]);
  });

  it('cuts a page range within its bounds, keeping its end', () => {
    expect(cutUnit({ s: 'sh', n: 'sales', p: 5000, f: 1000, t: 3100 }, 1000)).toEqual([
      { s: 'sh', n: 'sales', p: 5000, f: 1000, t: 2000 },
      { s: 'sh', n: 'sales', p: 5000, f: 2000, t: 3000 },
      { s: 'sh', n: 'sales', p: 5000, f: 3000, t: 3100 },
    ]);
  });
});

describe('sliceSources with maxPages', () => {
  const table = { owner: 'sh', name: 'sales', columns: [], primaryKey: [] } as unknown as SourceTable;
  const leaf = { schema: 'sh', name: 'sales', pages: 2100 };
  const info = { schema: 'sh', name: 'sales', relkind: 'r', leaves: [leaf] } as never;
  const units = JSON.stringify([{ s: 'sh', n: 'sales', p: 2100 }]);
  const pageSlice: Slice = { id: 'page-range-0', method: 'page-range', scope: { kind: 'full' }, params: { units } };
  const all: Slice = { id: 'all', method: 'all', scope: { kind: 'full' }, params: {} };

  it('reads a page-range slice as ranges of at most maxPages pages', () => {
    expect(sliceSources(table, info, pageSlice, { maxPages: 1000 }).map((s) => s.where)).toEqual([
      ["ctid >= '(0,0)'::tid AND ctid < '(1000,0)'::tid"],
      ["ctid >= '(1000,0)'::tid AND ctid < '(2000,0)'::tid"],
      ["ctid >= '(2000,0)'::tid"],
    ]);
    expect(sliceSources(table, info, pageSlice)).toEqual([{ from: '"sh"."sales"', where: [] }]);
  });

  it('reads an "all" slice of a plain table as ranges too, and a view or partitioned table whole', () => {
    expect(sliceSources(table, info, all, { maxPages: 1000 })).toHaveLength(3);
    expect(sliceSources(table, { ...(info as object), relkind: 'v' } as never, all, { maxPages: 1000 })).toEqual([
      { from: '"sh"."sales"', where: [] },
    ]);
  });
});

describe('PGlite extraction in page ranges', () => {
  let session: PostgresFrontendSession;
  let table: SourceTable;
  const rows = 120_000; // about 2.3 page ranges of PGLITE_COPY_PAGES

  beforeAll(async () => {
    ({ session } = await openSession('pglite'));
    await session.query(
      `CREATE TABLE public.big (id bigint PRIMARY KEY, pad text);
       INSERT INTO public.big SELECT g, repeat('x', 120) FROM generate_series(1, ${rows}) g;
       ANALYZE public.big;`,
    );
    table = await session.describeTable('public', 'big');
  }, 60_000);
  afterAll(async () => session?.close());

  it('reads every row exactly once across its page ranges', async () => {
    const [slice] = await session.planSlices(table, { kind: 'full' }, 1);
    expect(slice!.method).toBe('all');
    let count = 0;
    let sum = 0n;
    const statements = createStatementCounter();
    const restore = countPgliteStatements(statements, PGlite.prototype);
    try {
      for await (const batch of session.extract(table, slice!, { batchRows: 10_000 })) {
        const ids = batch.getChildAt(0)!;
        for (let i = 0; i < batch.numRows; i++) sum += BigInt(ids.get(i) as bigint);
        count += batch.numRows;
      }
    } finally {
      restore();
    }
    const copies = statements.statements.filter((s) => /COPY/i.test(s));
    expect(copies).toHaveLength(3);
    expect(copies[2]).toContain(`ctid >= '(${2 * PGLITE_COPY_PAGES},0)'::tid`);
    expect(count).toBe(rows);
    expect(sum).toBe((BigInt(rows) * BigInt(rows + 1)) / 2n);
    const pages = Number(
      (await session.query<{ n: string }>(`SELECT pg_relation_size('public.big') / 8192 AS n`))[0]!.n,
    );
    expect(pages).toBeGreaterThan(2 * PGLITE_COPY_PAGES);
  });
});
