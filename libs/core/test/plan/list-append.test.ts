/**
 * LIST partition append (LPA) and LIST_AS_RANGE (types reference §4.5, §5.3; orchestration reference §2.6, §2.7):
 * which LIST partitions one run offloads, detection from the backend's distinct key values (LPA) or its maximum
 * (LIST_AS_RANGE), the DEFAULT (OUT-OF-LIST) partition rules, the recorded high values, the backend scope (IN lists
 * of at most 1000 values) and chunking.
 */
import { describe, expect, it } from 'vitest';
import {
  UNPARTITIONED,
  canonicalColumn,
  printPredicate,
  type CanonicalType,
  type PartitionBound,
  type SourcePartition,
  type SourceTable,
} from '@goe/core';
import { keyColumns, type KeyColumn, type KeyTuple } from '../../src/plan/key-tuples.js';
import {
  LIST_APPEND_MESSAGES,
  LIST_IN_CHUNK,
  listAsRangeBoundary,
  parseListValues,
  planListAppend,
  planListAsRange,
  type ListAppendInput,
  type ListAppendPlan,
  type ListAsRangeInput,
  type ListAsRangePlan,
  type ListIdentification,
} from '../../src/plan/list-append.js';
import { goeError } from '../support/goe-error.js';

// ---------------------------------------------------------------------------------------------------------------
// fixtures

const COLUMNS: readonly (readonly [string, CanonicalType])[] = [
  ['REGION', 'VARIABLE_STRING'],
  ['YEAR', 'INTEGER_4'],
  ['ID', 'INTEGER_8'],
  ['TIME_ID', 'DATE'],
];

function v(value: string | number | null): PartitionBound {
  return {
    kind: 'value',
    value,
    text: value === null ? 'NULL' : typeof value === 'string' ? `'${value}'` : String(value),
  };
}

/** A LIST partition listing one-column values (or tuples when given arrays). */
function lp(
  name: string,
  values: readonly (string | number | null | readonly (string | number)[])[],
  sizeBytes?: number,
): SourcePartition {
  return {
    name,
    values: values.map((x) =>
      Array.isArray(x) ? x.map((c) => v(c as string | number)) : [v(x as string | number | null)],
    ),
    ...(sizeBytes === undefined ? {} : { sizeBytes }),
  };
}
const DEF: SourcePartition = { name: 'P_DEF', isDefault: true };

function table(partitions: readonly SourcePartition[], columns: readonly string[] = ['REGION']): SourceTable {
  return {
    owner: 'SH',
    name: 'SALES',
    columns: COLUMNS.map(([name, dataType]) => ({
      name,
      dataType: dataType.toLowerCase(),
      nullable: true,
      safeMapping: true,
      canonical: canonicalColumn({ name, dataType }),
    })),
    primaryKey: [],
    partitioning: partitions.length === 0 ? UNPARTITIONED : { method: 'list', columns, partitions },
  };
}

function keys(...columns: string[]): KeyColumn[] {
  const r = keyColumns(table([]), columns);
  if (!('keys' in r)) throw new Error(r.reason);
  return r.keys;
}
const REGION = keys('REGION');
const ID = keys('ID');
const DATE = keys('TIME_ID');
const REGION_YEAR = keys('REGION', 'YEAR');

const REGIONS = table([
  lp('P_US', ['US', 'CA'], 100),
  lp('P_EU', ['EU'], 100),
  lp('P_ASIA', ['JP', '東京'], 100),
  lp('P_AF', ['ZA'], 100),
  DEF,
]);

const NONE: ListIdentification = { kind: 'none' };

function lpa(
  identification: ListIdentification,
  backendValues: readonly KeyTuple[] = [],
  extra: Partial<ListAppendInput> = {},
): ListAppendPlan {
  return planListAppend({
    table: REGIONS,
    keys: REGION,
    identification,
    offloadType: 'INCREMENTAL',
    backendValues,
    ...extra,
  });
}

function summary(p: ListAppendPlan | ListAsRangePlan) {
  const { backendScope, ...rest } = p;
  return { ...rest, backendScope: backendScope === undefined ? undefined : printPredicate(backendScope) };
}

// ---------------------------------------------------------------------------------------------------------------

describe('parseListValues', () => {
  it("reads one partition's values: any number for a one-column key, multiples of n for n columns", () => {
    expect(parseListValues(REGION, 'EU,US', '--equal-to-values')).toEqual(['EU', 'US']);
    expect(parseListValues(REGION, '"a,b",東京', '--equal-to-values')).toEqual(['a,b', '東京']);
    expect(parseListValues(REGION_YEAR, 'EU, 2020,US,2021', '--equal-to-values')).toEqual(['EU', '2020', 'US', '2021']);
    expect(parseListValues(DATE, '2020-1-5', '--equal-to-values')).toEqual(['2020-01-05']);
  });

  it('refuses empty text, an odd component count for a multi-column key and values not of the kind', () => {
    const cases: [readonly KeyColumn[], string, string][] = [
      [REGION, '', 'Empty --equal-to-values value'],
      [
        REGION_YEAR,
        'EU,2020,US',
        '--equal-to-values value EU,2020,US has 3 values; each value of the 2-column partition key (REGION, YEAR) needs 2',
      ],
      [ID, '1,x', 'Invalid --equal-to-values value for partition key ID (INTEGER_8): x'],
    ];
    for (const [k, text, message] of cases) {
      const e = goeError(() => parseListValues(k, text, '--equal-to-values'));
      expect([e.code, e.variable, e.message]).toEqual(['OPTION_INVALID', '--equal-to-values', message]);
    }
  });
});

describe('planListAppend (LPA)', () => {
  it('INCREMENTAL without a filter: every listed partition not yet offloaded, never DEFAULT (notice)', () => {
    expect(summary(lpa(NONE))).toEqual({
      partitions: ['P_US', 'P_EU', 'P_ASIA', 'P_AF'],
      chunks: [['P_US', 'P_EU', 'P_ASIA', 'P_AF']],
      alreadyOffloaded: [],
      highValues: [['CA'], ['EU'], ['JP'], ['US'], ['ZA'], ['東京']],
      unlistedBackendValues: [],
      backendScope:
        'column(REGION) IN (string("CA"), string("EU"), string("JP"), string("US"), string("ZA"), string("東京"))',
      notices: [LIST_APPEND_MESSAGES.notOffloadingDefault('P_DEF')],
    });
    expect(LIST_APPEND_MESSAGES.notOffloadingDefault('P_DEF')).toBe(
      'Not offloading partition P_DEF with high_value of OUT-OF-LIST',
    );
  });

  it('a partition is already offloaded when any one of its values is in the backend; high values accumulate', () => {
    const p = lpa(NONE, [['CA'], ['EU']]);
    expect(summary(p)).toMatchObject({
      partitions: ['P_ASIA', 'P_AF'],
      alreadyOffloaded: ['P_US', 'P_EU'],
      highValues: [['CA'], ['EU'], ['JP'], ['US'], ['ZA'], ['東京']],
      backendScope: 'column(REGION) IN (string("JP"), string("ZA"), string("東京"))',
    });
    // re-run after everything: nothing to do, no scope
    const again = lpa(NONE, [['CA'], ['US'], ['EU'], ['JP'], ['東京'], ['ZA']]);
    expect(again.partitions).toEqual([]);
    expect(again.chunks).toEqual([]);
    expect(again.backendScope).toBeUndefined();
    expect(again.alreadyOffloaded).toEqual(['P_US', 'P_EU', 'P_ASIA', 'P_AF']);
  });

  it('--equal-to-values selects the partition whose value set equals each option (order-insensitive)', () => {
    const p = lpa({ kind: 'equal-to-values', values: [['US', 'CA'], ['EU']] }, [['EU']]);
    expect(summary(p)).toMatchObject({
      partitions: ['P_US'],
      alreadyOffloaded: ['P_EU'],
      highValues: [['CA'], ['EU'], ['US']],
      backendScope: 'column(REGION) IN (string("CA"), string("US"))',
      notices: [],
    });
  });

  it('--equal-to-values matching no partition value set (a subset, an unknown value) is refused listing the values', () => {
    for (const values of [[['US']], [['XX']], [['US', 'CA', 'EU']]]) {
      const e = goeError(() => lpa({ kind: 'equal-to-values', values }));
      expect([e.code, e.variable]).toEqual(['OPTION_INVALID', '--equal-to-values']);
      expect(e.message).toContain('its partitions: P_US (CA; US), P_EU (EU), P_ASIA (JP; 東京), P_AF (ZA)');
    }
    expect(goeError(() => lpa({ kind: 'equal-to-values', values: [['XX']] })).message).toMatch(
      /^--equal-to-values XX does not match the values of a partition of SH\.SALES/,
    );
  });

  it('--partition-names takes several names (CSV or repeated, any case); unknown names are refused', () => {
    const p = lpa({ kind: 'partition-names', names: ['p_af,P_EU', 'P_AF'] });
    expect(p.partitions).toEqual(['P_EU', 'P_AF']);
    expect(p.highValues).toEqual([['EU'], ['ZA']]);
    const e = goeError(() => lpa({ kind: 'partition-names', names: ['P_XX'] }));
    expect([e.code, e.variable, e.message]).toEqual([
      'OPTION_INVALID',
      '--partition-names',
      'Partition P_XX does not exist in SH.SALES',
    ]);
  });

  it('INCREMENTAL may not name the DEFAULT partition (GOE text); FULL may', () => {
    const e = goeError(() => lpa({ kind: 'partition-names', names: ['P_DEF'] }));
    expect([e.variable, e.message]).toEqual([
      '--partition-names',
      'Cannot offload OUT-OF-LIST partition P_DEF for offload type INCREMENTAL',
    ]);
    expect(lpa({ kind: 'partition-names', names: ['P_DEF'] }, [], { offloadType: 'FULL' }).partitions).toContain(
      'P_DEF',
    );
  });

  it('FULL offloads every partition, DEFAULT last; nothing offloaded yet: the whole table (no scope)', () => {
    const p = lpa(NONE, [], { offloadType: 'FULL' });
    expect(summary(p)).toEqual({
      partitions: ['P_US', 'P_EU', 'P_ASIA', 'P_AF', 'P_DEF'],
      chunks: [['P_US', 'P_EU', 'P_ASIA', 'P_AF', 'P_DEF']],
      alreadyOffloaded: [],
      highValues: [['CA'], ['EU'], ['JP'], ['US'], ['ZA'], ['東京']],
      unlistedBackendValues: [],
      backendScope: undefined,
      notices: [],
    });
  });

  it('FULL after an INCREMENTAL run: the scope is every key not yet offloaded, NULL keys included', () => {
    const p = lpa(NONE, [['EU'], ['US']], { offloadType: 'FULL' });
    expect(summary(p)).toMatchObject({
      partitions: ['P_ASIA', 'P_AF', 'P_DEF'],
      alreadyOffloaded: ['P_US', 'P_EU'],
      backendScope: '(column(REGION) NOT IN (string("CA"), string("US"), string("EU")) OR column(REGION) IS NULL)',
    });
  });

  it('FULL with a filter offloads everything but the filter places the high values (GOE 100/10)', () => {
    const p = lpa({ kind: 'equal-to-values', values: [['EU']] }, [], { offloadType: 'FULL' });
    expect(p.partitions).toEqual(['P_US', 'P_EU', 'P_ASIA', 'P_AF', 'P_DEF']);
    expect(p.highValues).toEqual([['EU']]);
  });

  it('backend values in no listed partition are reported; with them FULL counts DEFAULT as offloaded', () => {
    const p = lpa(NONE, [['EU'], ['MARS'], ['MARS']], { offloadType: 'FULL' });
    expect(p.unlistedBackendValues).toEqual([['MARS']]);
    expect(p.alreadyOffloaded).toEqual(['P_EU', 'P_DEF']);
    expect(p.partitions).toEqual(['P_US', 'P_ASIA', 'P_AF']);
    expect(p.highValues).toContainEqual(['MARS']);
    const inc = lpa(NONE, [['MARS']]);
    expect(inc.unlistedBackendValues).toEqual([['MARS']]);
    expect(inc.alreadyOffloaded).toEqual([]);
  });

  it('--less-than-value is not a LIST identification', () => {
    const e = goeError(() => lpa({ kind: 'less-than', value: ['M'], option: '--less-than-value' }));
    expect([e.code, e.variable]).toEqual(['OPTION_INVALID', '--less-than-value']);
    expect(e.message).toContain('partition identification options are not compatible');
  });

  it('matches backend renderings: numbers exactly (007 = 7.0), dates with a midnight time', () => {
    const ids = table([lp('P1', [1]), lp('P7', [7]), lp('P10', [10])], ['ID']);
    const p = planListAppend({
      table: ids,
      keys: ID,
      identification: NONE,
      offloadType: 'INCREMENTAL',
      backendValues: [['007'], ['1.0']],
    });
    expect(p.partitions).toEqual(['P10']);
    expect(p.alreadyOffloaded).toEqual(['P1', 'P7']);
    expect(printPredicate(p.backendScope!)).toBe('column(ID) IN (numeric(10))');
    const days = table([lp('D1', ['2020-01-01']), lp('D2', ['2020-01-02'])], ['TIME_ID']);
    const d = planListAppend({
      table: days,
      keys: DATE,
      identification: { kind: 'equal-to-values', values: [['2020-01-02']] },
      offloadType: 'INCREMENTAL',
      backendValues: [['2020-01-01 00:00:00']],
    });
    expect(summary(d)).toMatchObject({
      partitions: ['D2'],
      alreadyOffloaded: ['D1'],
      highValues: [['2020-01-01'], ['2020-01-02']], // the source's value text, not the backend rendering
      backendScope: 'column(TIME_ID) IN (datetime(2020-01-02))',
    });
  });

  it('splits IN lists at 1000 values (GOE §4.5), OR-ed; NOT IN lists AND-ed', () => {
    const many = Array.from({ length: 2500 }, (_, i) => i + 1);
    const t = table([lp('P_MANY', many), lp('P_OTHER', [0]), DEF], ['ID']);
    const p = planListAppend({
      table: t,
      keys: ID,
      identification: NONE,
      offloadType: 'INCREMENTAL',
      backendValues: [['0']],
    });
    expect(p.partitions).toEqual(['P_MANY']);
    const scope = p.backendScope!;
    expect(scope.kind).toBe('or');
    const lists = (scope as unknown as { items: { kind: string; values: unknown[] }[] }).items;
    expect(lists.map((l) => [l.kind, l.values.length])).toEqual([
      ['in', LIST_IN_CHUNK],
      ['in', LIST_IN_CHUNK],
      ['in', 500],
    ]);
    expect(p.highValues).toHaveLength(2501);
    const full = planListAppend({
      table: t,
      keys: ID,
      identification: NONE,
      offloadType: 'FULL',
      backendValues: many.map((n) => [String(n)]),
    });
    expect(full.partitions).toEqual(['P_OTHER', 'P_DEF']);
    const notIn = (
      full.backendScope as unknown as { items: { kind: string; items?: { negated: boolean; values: unknown[] }[] }[] }
    ).items;
    expect(notIn[0]!.kind).toBe('and');
    expect(notIn[0]!.items!.map((l) => [l.negated, l.values.length])).toEqual([
      [true, 1000],
      [true, 1000],
      [true, 500],
    ]);
    expect(printPredicate(notIn[1] as never)).toBe('column(ID) IS NULL');
  });

  it('multi-column LIST keys: tuples match as wholes; scopes are OR-ed tuple equalities', () => {
    const t = table(
      [
        lp('P_EU20', [
          ['EU', 2020],
          ['EU', 2021],
        ]),
        lp('P_US20', [['US', 2020]]),
        DEF,
      ],
      ['REGION', 'YEAR'],
    );
    const p = planListAppend({
      table: t,
      keys: REGION_YEAR,
      identification: { kind: 'equal-to-values', values: [['EU', '2021', 'EU', '2020']] },
      offloadType: 'INCREMENTAL',
      backendValues: [['US', '2020']],
    });
    expect(summary(p)).toMatchObject({
      partitions: ['P_EU20'],
      alreadyOffloaded: ['P_US20'],
      highValues: [
        ['EU', '2020'],
        ['EU', '2021'],
        ['US', '2020'],
      ],
      backendScope:
        '((column(REGION) = string("EU") AND column(YEAR) = numeric(2020)) OR (column(REGION) = string("EU") AND column(YEAR) = numeric(2021)))',
    });
    const full = planListAppend({
      table: t,
      keys: REGION_YEAR,
      identification: NONE,
      offloadType: 'FULL',
      backendValues: [['US', '2020']],
    });
    expect(printPredicate(full.backendScope!)).toBe(
      '((column(REGION) != string("US") OR column(YEAR) != numeric(2020)) OR column(REGION) IS NULL OR column(YEAR) IS NULL)',
    );
    const bad = { ...t, partitioning: { ...t.partitioning, partitions: [lp('P_BAD', ['EU'])] } };
    expect(
      goeError(() =>
        planListAppend({
          table: bad,
          keys: REGION_YEAR,
          identification: NONE,
          offloadType: 'INCREMENTAL',
          backendValues: [],
        }),
      ).code,
    ).toBe('ENGINE_ERROR');
  });

  it('a partition listing NULL: INCREMENTAL skips it (notice) or refuses it by name; FULL scopes IS NULL', () => {
    const t = table([lp('P_A', ['A']), lp('P_NULL', [null, 'B'])]);
    const inc = planListAppend({
      table: t,
      keys: REGION,
      identification: NONE,
      offloadType: 'INCREMENTAL',
      backendValues: [],
    });
    expect(inc.partitions).toEqual(['P_A']);
    expect(inc.notices).toEqual([LIST_APPEND_MESSAGES.notOffloadingNull('P_NULL')]);
    const e = goeError(() =>
      planListAppend({
        table: t,
        keys: REGION,
        identification: { kind: 'partition-names', names: ['P_NULL'] },
        offloadType: 'INCREMENTAL',
        backendValues: [],
      }),
    );
    expect([e.variable, e.message]).toEqual(['--partition-names', LIST_APPEND_MESSAGES.notOffloadingNull('P_NULL')]);
    const full = planListAppend({
      table: t,
      keys: REGION,
      identification: NONE,
      offloadType: 'FULL',
      backendValues: [['A']],
    });
    expect(full.partitions).toEqual(['P_NULL']);
    expect(printPredicate(full.backendScope!)).toBe('(column(REGION) IN (string("B")) OR column(REGION) IS NULL)');
  });

  it('a non-DEFAULT partition without values is an engine error (never a whole-table scope)', () => {
    const t = table([lp('P_A', ['A']), { name: 'P_EMPTY' }]);
    const e = goeError(() =>
      planListAppend({ table: t, keys: REGION, identification: NONE, offloadType: 'INCREMENTAL', backendValues: [] }),
    );
    expect([e.code, e.message]).toEqual([
      'ENGINE_ERROR',
      'LIST partition P_EMPTY reports no values and is not the DEFAULT partition',
    ]);
  });

  it('chunks by --max-offload-chunk-count and --max-offload-chunk-size', () => {
    expect(lpa(NONE, [], { maxChunkCount: 3 }).chunks).toEqual([['P_US', 'P_EU', 'P_ASIA'], ['P_AF']]);
    expect(lpa(NONE, [], { maxChunkBytes: 250 }).chunks).toEqual([
      ['P_US', 'P_EU'],
      ['P_ASIA', 'P_AF'],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------------

/** Daily LIST partitions of one value each, out of order, plus DEFAULT. */
const DAILY = table(
  [
    lp('D03', ['2020-01-03'], 10),
    lp('D01', ['2020-01-01'], 10),
    lp('D02', ['2020-01-02'], 10),
    lp('D04', ['2020-01-04'], 10),
    DEF,
  ],
  ['TIME_ID'],
);

function lar(
  identification: ListIdentification,
  backendMax: KeyTuple | null = null,
  extra: Partial<ListAsRangeInput> = {},
): ListAsRangePlan {
  return planListAsRange({
    table: DAILY,
    keys: DATE,
    identification,
    offloadType: 'INCREMENTAL',
    backendMax,
    ...extra,
  });
}
const lessThan = (value: string, option = '--older-than-date'): ListIdentification => ({
  kind: 'less-than',
  value: [value],
  option,
});

describe('planListAsRange (LIST_AS_RANGE)', () => {
  it('orders one-value partitions by value; without a filter INCREMENTAL takes them all but DEFAULT (notice)', () => {
    expect(summary(lar(NONE))).toEqual({
      partitions: ['D01', 'D02', 'D03', 'D04'],
      chunks: [['D01', 'D02', 'D03', 'D04']],
      alreadyOffloaded: [],
      highWaterMark: { partition: 'D04', value: ['2020-01-04'] },
      backendScope:
        'column(TIME_ID) IN (datetime(2020-01-01), datetime(2020-01-02), datetime(2020-01-03), datetime(2020-01-04))',
      notices: ['Not offloading partition P_DEF with high_value of OUT-OF-LIST'],
    });
  });

  it('--less-than-value keeps values strictly below X; partitions ≤ the backend max are already offloaded', () => {
    expect(summary(lar(lessThan('2020-01-03'), ['2020-01-01']))).toEqual({
      partitions: ['D02'],
      chunks: [['D02']],
      alreadyOffloaded: ['D01'],
      highWaterMark: { partition: 'D02', value: ['2020-01-02'] },
      backendScope: 'column(TIME_ID) IN (datetime(2020-01-02))',
      notices: [],
    });
    // same boundary again: nothing to offload, the HWM stays at the filter's partition
    const again = lar(lessThan('2020-01-03'), ['2020-01-02 00:00:00']);
    expect(again.partitions).toEqual([]);
    expect(again.highWaterMark).toEqual({ partition: 'D02', value: ['2020-01-02'] });
    expect(again.backendScope).toBeUndefined();
  });

  it('--partition-names names the high-water mark partition (≤)', () => {
    expect(lar({ kind: 'partition-names', names: ['d03'] }).partitions).toEqual(['D01', 'D02', 'D03']);
    const two = goeError(() => lar({ kind: 'partition-names', names: ['D01,D02'] }));
    expect([two.variable, two.message]).toEqual([
      '--partition-names',
      '--partition-names takes one partition for LIST_AS_RANGE (the high-water mark); got 2: D01, D02',
    ]);
    expect(goeError(() => lar({ kind: 'partition-names', names: ['P_DEF'] })).message).toBe(
      'Partition P_DEF has no high value (DEFAULT): it cannot be the high-water mark',
    );
    expect(goeError(() => lar({ kind: 'partition-names', names: ['NOPE'] })).message).toBe(
      'Partition NOPE does not exist in SH.SALES',
    );
  });

  it('without a filter and nothing new, the HWM is the newest offloaded partition', () => {
    const p = lar(NONE, ['2020-01-09']);
    expect(p.partitions).toEqual([]);
    expect(p.alreadyOffloaded).toEqual(['D01', 'D02', 'D03', 'D04']);
    expect(p.highWaterMark).toEqual({ partition: 'D04', value: ['2020-01-04'] });
  });

  it('FULL takes every partition and DEFAULT, the filter still places the HWM; scope NOT IN the offloaded', () => {
    const p = lar(lessThan('2020-01-03'), ['2020-01-01'], { offloadType: 'FULL' });
    expect(summary(p)).toEqual({
      partitions: ['D02', 'D03', 'D04', 'P_DEF'],
      chunks: [['D02', 'D03', 'D04', 'P_DEF']],
      alreadyOffloaded: ['D01'],
      highWaterMark: { partition: 'D02', value: ['2020-01-02'] },
      backendScope: '(column(TIME_ID) NOT IN (datetime(2020-01-01)) OR column(TIME_ID) IS NULL)',
      notices: [],
    });
    expect(lar(NONE, null, { offloadType: 'FULL' }).backendScope).toBeUndefined();
  });

  it('refuses partitions of several values (or NULL), naming them, and --equal-to-values', () => {
    const t = table([lp('A', ['2020-01-01', '2020-01-02']), lp('B', ['2020-01-03']), lp('C', [null])], ['TIME_ID']);
    const e = goeError(() =>
      planListAsRange({ table: t, keys: DATE, identification: NONE, offloadType: 'INCREMENTAL', backendMax: null }),
    );
    expect([e.code, e.variable, e.message]).toEqual([
      'OPTION_INVALID',
      '--offload-predicate-type',
      'LIST_AS_RANGE needs LIST partitions of exactly one value each; SH.SALES has A (2020-01-01; 2020-01-02), C (NULL)',
    ]);
    const eq = goeError(() => lar({ kind: 'equal-to-values', values: [['2020-01-01']] }));
    expect([eq.variable, eq.message.includes('partition identification options are not compatible')]).toEqual([
      '--equal-to-values',
      true,
    ]);
  });

  it('multi-column one-value partitions sort lexicographically; a prefix X keeps tuples below it', () => {
    const t = table(
      [lp('EU21', [['EU', 2021]]), lp('EU20', [['EU', 2020]]), lp('AS20', [['AS', 2020]]), lp('US19', [['US', 2019]])],
      ['REGION', 'YEAR'],
    );
    const base = { table: t, keys: REGION_YEAR, offloadType: 'INCREMENTAL' as const, backendMax: ['AS', '2020'] };
    const p = planListAsRange({
      ...base,
      identification: { kind: 'less-than', value: ['EU'], option: '--less-than-value' },
    });
    expect(p.alreadyOffloaded).toEqual(['AS20']);
    expect(p.partitions).toEqual([]);
    const q = planListAsRange({
      ...base,
      identification: { kind: 'less-than', value: ['EU', '2021'], option: '--less-than-value' },
    });
    expect(q.partitions).toEqual(['EU20']);
    expect(q.highWaterMark).toEqual({ partition: 'EU20', value: ['EU', '2020'] });
  });

  it('the hybrid boundary is key <= HV (backend) / key > HV (source)', () => {
    const b = listAsRangeBoundary(DATE, ['2020-01-02']);
    expect(printPredicate(b.backend)).toBe('column(TIME_ID) <= datetime(2020-01-02)');
    expect(printPredicate(b.source)).toBe('column(TIME_ID) > datetime(2020-01-02)');
    const m = listAsRangeBoundary(REGION_YEAR, ['EU', '2020']);
    expect(printPredicate(m.backend)).toBe(
      '(column(REGION) < string("EU") OR (column(REGION) = string("EU") AND column(YEAR) <= numeric(2020)))',
    );
  });
});
