/**
 * describeTable: name resolution, columns, primary key, partitions and sub-partitions with decoded bounds,
 * sizes; partition slices and partition scopes.
 */
import { isGoeError, type SourceTable } from '@goe/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostgresFrontendSession } from '../src/index.js';
import { drain, ENGINES, openSession, uniqueSchema } from './helpers.js';
import { columnTexts } from './pg-text.js';

const DDL = (s: string) => `
CREATE SCHEMA ${s};
CREATE TABLE ${s}.sales (id bigint NOT NULL, sale_date date NOT NULL, region text NOT NULL DEFAULT 'EU', amount numeric(12,2),
  PRIMARY KEY (id, sale_date, region)) PARTITION BY RANGE (sale_date);
CREATE TABLE ${s}.p2020 PARTITION OF ${s}.sales FOR VALUES FROM (MINVALUE) TO ('2021-01-01');
CREATE TABLE ${s}.p2021 PARTITION OF ${s}.sales FOR VALUES FROM ('2021-01-01') TO ('2022-01-01') PARTITION BY LIST (region);
CREATE TABLE ${s}.p2021_eu PARTITION OF ${s}.p2021 FOR VALUES IN ('EU', 'it''s');
CREATE TABLE ${s}.p2021_other PARTITION OF ${s}.p2021 DEFAULT;
CREATE TABLE ${s}.pmax PARTITION OF ${s}.sales FOR VALUES FROM ('2022-01-01') TO (MAXVALUE);
INSERT INTO ${s}.sales SELECT g, date '2019-06-01' + (g % 1200), CASE WHEN g % 3 = 0 THEN 'US' ELSE 'EU' END, g / 100.0 FROM generate_series(1, 3000) g;
CREATE TABLE ${s}.lst (k int, v text) PARTITION BY LIST (k);
CREATE TABLE ${s}.lst_a PARTITION OF ${s}.lst FOR VALUES IN (1, -2, NULL);
CREATE TABLE ${s}.hsh (k bigint) PARTITION BY HASH (k);
CREATE TABLE ${s}.hsh0 PARTITION OF ${s}.hsh FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE ${s}.hsh1 PARTITION OF ${s}.hsh FOR VALUES WITH (MODULUS 2, REMAINDER 1);
CREATE TABLE ${s}.multi (a int, b int) PARTITION BY RANGE (a, b);
CREATE TABLE ${s}.multi_lo PARTITION OF ${s}.multi FOR VALUES FROM (MINVALUE, MINVALUE) TO (10, MAXVALUE);
CREATE TABLE ${s}."Mixed" (x int);
CREATE TABLE ${s}.mixed (y int);
CREATE TABLE ${s}."CamelOnly" (z int);
`;

describe.each(ENGINES)('describeTable on %s', (engine) => {
  let session: PostgresFrontendSession;
  let sales: SourceTable;
  const schema = uniqueSchema('goe_intro');

  beforeAll(async () => {
    ({ session } = await openSession(engine));
    await session.query(DDL(schema));
    await session.query(`ANALYZE ${schema}.sales`);
    sales = await session.describeTable(schema.toUpperCase(), 'SALES');
  });
  afterAll(async () => {
    await session?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await session?.close();
  });

  it('reports columns, nullability, defaults, primary key, size and version', async () => {
    expect(sales.owner).toBe(schema);
    expect(sales.name).toBe('sales');
    expect(sales.columns.map((c) => [c.name, c.dataType, c.nullable])).toEqual([
      ['id', 'bigint', false],
      ['sale_date', 'date', false],
      ['region', 'text', false],
      ['amount', 'numeric(12,2)', true],
    ]);
    expect(sales.columns[2]!.dataDefault).toBe("'EU'::text");
    expect(sales.columns[3]!).toMatchObject({ precision: 12, scale: 2 });
    expect(sales.primaryKey).toEqual(['id', 'sale_date', 'region']);
    expect(sales.rowEstimate).toBe(3000);
    expect(sales.sizeBytes).toBeGreaterThan(0);
    expect(sales.serverVersion).toMatch(/^PostgreSQL 1[5-9]\./);
    expect(await session.serverVersion()).toBe(sales.serverVersion);
  });

  it('decodes range partitions with MINVALUE/MAXVALUE and list sub-partitions with DEFAULT', () => {
    const p = sales.partitioning;
    expect(p.method).toBe('range');
    expect(p.columns).toEqual(['sale_date']);
    expect(p.partitions.map((x) => x.name)).toEqual(['p2020', 'p2021', 'pmax']);
    const [p2020, p2021, pmax] = p.partitions;
    expect(p2020!.lowerBound).toEqual([{ kind: 'MINVALUE' }]);
    expect(p2020!.upperBound).toEqual([{ kind: 'value', value: '2021-01-01', text: "'2021-01-01'" }]);
    expect(pmax!.upperBound).toEqual([{ kind: 'MAXVALUE' }]);
    expect(p2021!.subpartitions!.map((x) => [x.name, x.values, x.isDefault])).toEqual([
      [
        'p2021_eu',
        [[{ kind: 'value', value: 'EU', text: "'EU'" }], [{ kind: 'value', value: "it's", text: "'it''s'" }]],
        undefined,
      ],
      ['p2021_other', undefined, true],
    ]);
    expect(p.partitions.reduce((s, x) => s + (x.rowEstimate ?? 0), 0)).toBe(3000);
  });

  it('leaves the row estimate unknown, not 0, for partitions never analysed (progress then has no total)', async () => {
    const lst = await session.describeTable(schema, 'lst');
    expect(lst.rowEstimate).toBeUndefined();
    expect(lst.partitioning.partitions[0]!.rowEstimate).toBeUndefined();
  });

  it('decodes list (with NULL), hash and multi-column range bounds', async () => {
    const lst = await session.describeTable(schema, 'lst');
    expect(lst.partitioning.partitions[0]!.values).toEqual([
      [{ kind: 'value', value: 1, text: '1' }],
      [{ kind: 'value', value: -2, text: "'-2'" }],
      [{ kind: 'value', value: null, text: 'NULL' }],
    ]);
    const hsh = await session.describeTable(schema, 'hsh');
    expect(hsh.partitioning.method).toBe('hash');
    expect(hsh.partitioning.partitions.map((x) => x.hash)).toEqual([
      { modulus: 2, remainder: 0 },
      { modulus: 2, remainder: 1 },
    ]);
    const multi = await session.describeTable(schema, 'multi');
    expect(multi.partitioning.columns).toEqual(['a', 'b']);
    expect(multi.partitioning.partitions[0]!.upperBound).toEqual([
      { kind: 'value', value: 10, text: '10' },
      { kind: 'MAXVALUE' },
    ]);
  });

  it('resolves names case-insensitively when unambiguous, exactly when quoted or exact', async () => {
    expect((await session.describeTable(schema, 'camelonly')).name).toBe('CamelOnly');
    expect((await session.describeTable(schema, '"Mixed"')).columns[0]!.name).toBe('x');
    expect((await session.describeTable(schema, 'mixed')).columns[0]!.name).toBe('y');
    const ambiguous = await session.describeTable(schema, 'MIXED').catch((e: unknown) => e);
    expect(isGoeError(ambiguous) && ambiguous.code).toBe('TABLE_NOT_FOUND');
    expect(String((ambiguous as Error).message)).toContain(`"${schema}"."Mixed", "${schema}"."mixed"`);
    const missing = await session.describeTable(schema, 'nope').catch((e: unknown) => e);
    expect(isGoeError(missing) && missing.code).toBe('TABLE_NOT_FOUND');
  });

  it('plans partition slices covering every row once, and honours a partition scope', async () => {
    const parallelism = engine === 'pg' ? 3 : 1;
    const slices = await session.planSlices(sales, { kind: 'full' }, 3);
    expect(slices.length).toBe(parallelism);
    expect(new Set(slices.map((s) => s.method))).toEqual(new Set(['partition']));
    const ids: string[] = [];
    for (const slice of slices) ids.push(...columnTexts(await drain(session.extract(sales, slice)), 'id').keys());
    expect(ids.length).toBe(3000);
    expect(new Set(ids).size).toBe(3000);

    const scope = { kind: 'partitions' as const, partitions: ['p2021'] };
    const want = await session.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${schema}.p2021`);
    expect(String(await session.count(sales, scope))).toBe(want[0]!.n);
    const scoped = await session.planSlices(sales, scope, 4);
    let rows = 0;
    for (const slice of scoped) for (const b of await drain(session.extract(sales, slice))) rows += b.numRows;
    expect(String(rows)).toBe(want[0]!.n);
  });
});
