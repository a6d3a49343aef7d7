/** Oracle slice planning (reference orchestration §5.2): the split method chosen as GOE chooses it, and its slices. */
import { describe, expect, it } from 'vitest';
import { canonicalColumn, type SourcePartition, type SourceTable } from '@goe/core';
import { checkSql } from '../../../../tools/sql-check/sql-check.js';
import {
  MAX_UNION_ALL_SPLITS,
  ORACLE_SQL,
  planOracleSlices,
  rowidText,
  sliceReads,
  type OracleExtent,
} from '../src/index.js';

const columns = [
  {
    name: 'ID',
    dataType: 'NUMBER(12)',
    nullable: false,
    safeMapping: true,
    canonical: canonicalColumn({ name: 'ID', dataType: 'INTEGER_8', nullable: false }),
  },
  {
    name: 'NOTE',
    dataType: 'VARCHAR2(10 BYTE)',
    nullable: true,
    safeMapping: true,
    canonical: canonicalColumn({ name: 'NOTE', dataType: 'VARIABLE_STRING' }),
  },
];
const parts = (n: number, subs = 0): SourcePartition[] =>
  Array.from({ length: n }, (_, i) => ({
    name: `P${i}`,
    ...(subs === 0 ? {} : { subpartitions: Array.from({ length: subs }, (_, j) => ({ name: `P${i}_S${j}` })) }),
  }));
const table = (partitions: SourcePartition[] = [], primaryKey = ['ID']): SourceTable => ({
  owner: 'SH',
  name: 'SALES',
  columns,
  primaryKey,
  partitioning: { method: partitions.length === 0 ? 'none' : 'range', columns: ['ID'], partitions },
});
const HEAP = { iotType: null };
const IOT = { iotType: 'IOT' };
const FULL = { kind: 'full' } as const;
const extent = (block: number, blocks: number): OracleExtent => ({
  dataObjectId: 73196,
  relativeFno: 4,
  blockId: block,
  blocks,
});

describe('rowidText', () => {
  it("encodes an extended ROWID as DBMS_ROWID.ROWID_CREATE does (Oracle's documented example)", () => {
    expect(rowidText(73196, 4, 151, 0)).toBe('AAAR3sAAEAAAACXAAA');
    expect(rowidText(0, 0, 0, 0)).toBe('AAAAAAAAAAAAAAAAAA');
    expect(rowidText(2 ** 32 - 1, 1023, 2 ** 22 - 1, 32767)).toBe('D/////AP/AAP///H//');
  });
});

describe('planOracleSlices', () => {
  it('one slice for a parallelism of 1', () => {
    expect(planOracleSlices({ table: table(parts(8)), info: HEAP, scope: FULL, parallelism: 1 })).toEqual({
      method: 'all',
      slices: [{ id: 'all-0', method: 'all', scope: FULL, params: {} }],
      notices: [],
    });
  });

  it('partitions ≥ parallelism: partition slices dealt round-robin, only those in scope', () => {
    const plan = planOracleSlices({ table: table(parts(5)), info: HEAP, scope: FULL, parallelism: 2 });
    expect(plan.method).toBe('partition');
    expect(plan.slices.map((s) => JSON.parse(String(s.params.partitions)))).toEqual([
      ['P0', 'P2', 'P4'],
      ['P1', 'P3'],
    ]);
    const scoped = planOracleSlices({
      table: table(parts(5)),
      info: HEAP,
      scope: { kind: 'partitions', partitions: ['p1', 'P3'] },
      parallelism: 2,
    });
    expect(scoped.slices.map((s) => s.params.partitions)).toEqual(['["P1"]', '["P3"]']);
  });

  it('fewer partitions but enough subpartitions: subpartition slices', () => {
    const plan = planOracleSlices({ table: table(parts(2, 3)), info: HEAP, scope: FULL, parallelism: 4 });
    expect(plan.method).toBe('subpartition');
    expect(plan.slices.map((s) => JSON.parse(String(s.params.subpartitions)))).toEqual([
      ['P0_S0', 'P1_S1'],
      ['P0_S1', 'P1_S2'],
      ['P0_S2'],
      ['P1_S0'],
    ]);
  });

  it(`more than ${MAX_UNION_ALL_SPLITS} partitions in scope: no partition split (ROWID ranges instead)`, () => {
    const plan = planOracleSlices({
      table: table(parts(MAX_UNION_ALL_SPLITS + 1)),
      info: HEAP,
      scope: FULL,
      parallelism: 4,
      extents: [extent(8, 8)],
    });
    expect(plan.method).toBe('extent');
  });

  it('a heap table: extents balanced by blocks into ROWID ranges', () => {
    const plan = planOracleSlices({
      table: table(),
      info: HEAP,
      scope: FULL,
      parallelism: 2,
      extents: [extent(8, 8), extent(16, 128), extent(144, 8), extent(152, 1024)],
    });
    expect(plan.method).toBe('extent');
    expect(plan.slices.map((s) => s.params.blocks)).toEqual([1024, 144]);
    expect(JSON.parse(String(plan.slices[0]!.params.rowidRanges))).toEqual([
      [rowidText(73196, 4, 152, 0), rowidText(73196, 4, 1175, 32767)],
    ]);
    expect(JSON.parse(String(plan.slices[1]!.params.rowidRanges))).toHaveLength(3);
  });

  it('a heap table without DBA_EXTENTS: mod over the first key column, with a notice', () => {
    const plan = planOracleSlices({ table: table(), info: HEAP, scope: FULL, parallelism: 3 });
    expect(plan).toMatchObject({
      method: 'mod',
      notices: [
        'No SELECT on DBA_EXTENTS for ORA_ADM_USER: slices split by MOD(ORA_HASH(key)) instead of ROWID ranges',
      ],
    });
    expect(plan.slices.map((s) => s.params)).toEqual([
      { column: 'ID', modulus: 3, remainder: 0 },
      { column: 'ID', modulus: 3, remainder: 1 },
      { column: 'ID', modulus: 3, remainder: 2 },
    ]);
    const noKey = planOracleSlices({ table: table([], []), info: HEAP, scope: FULL, parallelism: 2, extents: [] });
    expect(noKey.notices).toEqual([]);
    expect(noKey.slices[0]!.params.column).toBe('ID'); // the first column
  });

  it('an IOT: a few partitions lower the parallelism (notice); a numeric key splits by id range, else mod', () => {
    const few = planOracleSlices({ table: table(parts(3)), info: IOT, scope: FULL, parallelism: 8 });
    expect(few).toMatchObject({ method: 'partition', notices: ['Overriding transport parallelism: 8 -> 3'] });
    expect(few.slices).toHaveLength(3);
    const ranged = planOracleSlices({
      table: table(),
      info: IOT,
      scope: FULL,
      parallelism: 3,
      keyRange: { min: '1', max: '10' },
    });
    expect(ranged.method).toBe('id_range');
    expect(ranged.slices.map((s) => s.params)).toEqual([
      { column: 'ID', lo: '1', hi: '4' },
      { column: 'ID', lo: '4', hi: '7' },
      { column: 'ID', lo: '7', hi: null },
    ]);
    const tiny = planOracleSlices({
      table: table(),
      info: IOT,
      scope: FULL,
      parallelism: 4,
      keyRange: { min: '5', max: '6' },
    });
    expect(tiny.slices.map((s) => s.params)).toEqual([
      { column: 'ID', lo: '5', hi: '6' },
      { column: 'ID', lo: '6', hi: null },
    ]);
    expect(planOracleSlices({ table: table(), info: IOT, scope: FULL, parallelism: 2 }).method).toBe('mod');
    expect(
      planOracleSlices({
        table: table([], ['NOTE']),
        info: IOT,
        scope: FULL,
        parallelism: 2,
        keyRange: { min: 'a', max: 'z' },
      }).method,
    ).toBe('mod');
  });

  it('slice params are JSON-serializable (Spark-family transports carry them)', () => {
    const plan = planOracleSlices({
      table: table(),
      info: HEAP,
      scope: FULL,
      parallelism: 2,
      extents: [extent(8, 8), extent(16, 8)],
    });
    expect(JSON.parse(JSON.stringify(plan.slices))).toEqual(plan.slices);
  });
});

describe('sliceReads', () => {
  const SNAP = { scn: '4242' };
  const reads = (
    parallelism: number,
    extra: Partial<Parameters<typeof planOracleSlices>[0]> = {},
    where?: { sql: string; binds: Record<string, string> },
  ) =>
    planOracleSlices({ table: table(), info: HEAP, scope: FULL, parallelism, ...extra }).slices.map((s) =>
      sliceReads(s, SNAP, where),
    );

  it('partition and subpartition slices read each (sub)partition AS OF the SCN, keeping the scope predicate', () => {
    const [first] = planOracleSlices({ table: table(parts(4, 2)), info: HEAP, scope: FULL, parallelism: 2 }).slices;
    expect(sliceReads(first!, SNAP, { sql: '"ID" > :bind_0', binds: { bind_0: '5' } })).toEqual([
      { asOfScn: true, binds: { scn: '4242', bind_0: '5' }, where: '"ID" > :bind_0', partition: { name: 'P0' } },
      { asOfScn: true, binds: { scn: '4242', bind_0: '5' }, where: '"ID" > :bind_0', partition: { name: 'P2' } },
    ]);
    const subs = planOracleSlices({ table: table(parts(1, 2)), info: HEAP, scope: FULL, parallelism: 2 }).slices;
    expect(sliceReads(subs[1]!, SNAP)).toEqual([
      { asOfScn: true, binds: { scn: '4242' }, partition: { name: 'P0_S1', sub: true } },
    ]);
  });

  it('extent slices read one ROWID range each; mod and id_range slices add their condition to the scope', () => {
    const [extentReads] = reads(1 + 1, { extents: [extent(8, 8)] });
    expect(extentReads).toEqual([
      {
        asOfScn: true,
        where: 'ROWID BETWEEN CHARTOROWID(:rowid_lo) AND CHARTOROWID(:rowid_hi)',
        binds: { scn: '4242', rowid_lo: rowidText(73196, 4, 8, 0), rowid_hi: rowidText(73196, 4, 15, 32767) },
      },
    ]);
    const [modRead] = reads(2, {}, { sql: '"NOTE" IS NULL', binds: {} });
    expect(modRead).toEqual([
      {
        asOfScn: true,
        where: 'MOD(ORA_HASH("ID"), :slice_modulus) = :slice_remainder AND ("NOTE" IS NULL)',
        binds: { scn: '4242', slice_modulus: '2', slice_remainder: '0' },
      },
    ]);
    const ranged = planOracleSlices({
      table: table(),
      info: IOT,
      scope: FULL,
      parallelism: 2,
      keyRange: { min: '1', max: '10' },
    });
    expect(ranged.slices.map((s) => sliceReads(s, SNAP)[0])).toEqual([
      {
        asOfScn: true,
        where: '"ID" >= :slice_lo AND "ID" < :slice_hi',
        binds: { scn: '4242', slice_lo: '1', slice_hi: '6' },
      },
      { asOfScn: true, where: '"ID" >= :slice_lo', binds: { scn: '4242', slice_lo: '6' } },
    ]);
    expect(reads(1)[0]).toEqual([{ asOfScn: true, binds: { scn: '4242' } }]);
    expect(() => sliceReads({ id: 'x', method: 'page-range', scope: FULL, params: {} }, SNAP)).toThrow(
      'Oracle cannot read a page-range slice',
    );
  });

  it('every read renders SQL that passes the SQL checker', () => {
    const all = [
      ...planOracleSlices({ table: table(parts(4)), info: HEAP, scope: FULL, parallelism: 2 }).slices,
      ...planOracleSlices({ table: table(), info: HEAP, scope: FULL, parallelism: 2, extents: [extent(8, 8)] }).slices,
      ...planOracleSlices({ table: table(), info: HEAP, scope: FULL, parallelism: 2 }).slices,
      ...planOracleSlices({ table: table(), info: IOT, scope: FULL, parallelism: 2, keyRange: { min: '1', max: '9' } })
        .slices,
    ].flatMap((s) => sliceReads(s, SNAP, { sql: '"ID" > :bind_0', binds: { bind_0: '1' } }));
    const sql = all.map((r, i) => ({
      id: String(i),
      dialect: 'oracle',
      sql: ORACLE_SQL.extract({ owner: 'SH', table: 'SALES' }, ['"ID"'], r),
    }));
    expect(checkSql(sql).results.filter((r) => !r.ok)).toEqual([]);
  }, 120_000);
});
