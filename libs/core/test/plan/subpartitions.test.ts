/**
 * Offload by subpartition (types reference §5.1; orchestration reference §2.6, §2.7): qualifying schemes, GOE's
 * automatic switch, the subpartition-level view fed to the RANGE partition append planner, common boundaries (and
 * GOE's "No common boundary at HWM" refusal with its recommendation), and chunking that keeps subpartitions sharing
 * a high value in one chunk.
 */
import { describe, expect, it } from 'vitest';
import {
  canonicalColumn,
  printPredicate,
  type CanonicalType,
  type PartitionBound,
  type PartitionMethod,
  type SourcePartition,
  type SourceTable,
} from '@goe/core';
import { keyColumns, type KeyColumn } from '../../src/plan/key-tuples.js';
import { planPartitionAppend } from '../../src/plan/partition-append.js';
import {
  SUBPARTITION_MESSAGES,
  autoSubpartition,
  checkCommonBoundary,
  chunkByHighValue,
  commonBoundaries,
  subpartitionSupport,
  subpartitionView,
} from '../../src/plan/subpartitions.js';
import { goeError } from '../support/goe-error.js';

// ---------------------------------------------------------------------------------------------------------------
// fixtures

const COLUMNS: readonly (readonly [string, CanonicalType])[] = [
  ['REGION', 'VARIABLE_STRING'],
  ['TIME_ID', 'DATE'],
  ['TS', 'TIMESTAMP'],
  ['YEAR', 'INTEGER_4'],
  ['MONTH', 'INTEGER_2'],
  ['ID', 'INTEGER_8'],
  ['RATIO', 'DOUBLE'],
];

function v(value: string | number): PartitionBound {
  return { kind: 'value', value, text: typeof value === 'string' ? `'${value}'` : String(value) };
}
const MAXVALUE: PartitionBound = { kind: 'MAXVALUE' };
const MINVALUE: PartitionBound = { kind: 'MINVALUE' };

/** A RANGE subpartition [lower, upper) on one column (bounds given as values or markers). */
function sp(name: string, lower: PartitionBound, upper: PartitionBound, sizeBytes = 100): SourcePartition {
  return { name, lowerBound: [lower], upperBound: [upper], sizeBytes };
}

/** Monthly subpartitions from MINVALUE through the given month starts, then (optionally) MAXVALUE. */
function monthly(prefix: string, months: readonly string[], withMax = true): SourcePartition[] {
  const out: SourcePartition[] = [];
  let lower: PartitionBound = MINVALUE;
  for (const m of months) {
    out.push(sp(`${prefix}_${m.slice(0, 7).replace('-', '')}`, lower, v(m)));
    lower = v(m);
  }
  if (withMax) out.push(sp(`${prefix}_MAX`, lower, MAXVALUE));
  return out;
}

function table(
  method: PartitionMethod,
  columns: readonly string[],
  partitions: readonly SourcePartition[],
  sub?: { method: PartitionMethod; columns: readonly string[] },
): SourceTable {
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
    partitioning: { method, columns, partitions, ...(sub === undefined ? {} : { subpartitioning: sub }) },
  };
}

function keys(t: SourceTable, ...columns: string[]): KeyColumn[] {
  const r = keyColumns(t, columns);
  if (!('keys' in r)) throw new Error(r.reason);
  return r.keys;
}

const RANGE_SUB = { method: 'range' as const, columns: ['TIME_ID'] };

/** LIST(REGION) / RANGE(TIME_ID): EU has Jan–Apr 2020, US lacks the March boundary; both end in MAXVALUE. */
const LIST_RANGE = table(
  'list',
  ['REGION'],
  [
    { name: 'EU', values: [[v('EU')]], subpartitions: monthly('EU', ['2020-02-01', '2020-03-01', '2020-04-01']) },
    { name: 'US', values: [[v('US')]], subpartitions: monthly('US', ['2020-02-01', '2020-04-01']) },
  ],
  RANGE_SUB,
);
const TIME = keys(LIST_RANGE, 'TIME_ID');

// ---------------------------------------------------------------------------------------------------------------

describe('subpartitionSupport', () => {
  it('allows (LIST, RANGE), (HASH, RANGE), (RANGE, RANGE) and INTERVAL tops with a supported RANGE subpartition key', () => {
    expect(subpartitionSupport(LIST_RANGE)).toEqual({ ok: true, keys: ['TIME_ID'] });
    for (const top of ['hash', 'range', 'interval'] as const)
      expect(subpartitionSupport(table(top, ['ID'], [], { method: 'range', columns: ['year', 'MONTH'] }))).toEqual({
        ok: true,
        keys: ['YEAR', 'MONTH'],
      });
    expect(subpartitionSupport(table('list', ['REGION'], [], { method: 'interval', columns: ['TIME_ID'] })).ok).toBe(
      true,
    );
  });

  it('gives reasons: not subpartitioned, other method pairs, an unsupported subpartition key', () => {
    expect(subpartitionSupport(table('range', ['TIME_ID'], []))).toEqual({
      ok: false,
      reason: 'SH.SALES is not subpartitioned',
    });
    expect(subpartitionSupport(table('none', [], [], RANGE_SUB))).toEqual({
      ok: false,
      reason: 'SH.SALES is not subpartitioned',
    });
    expect(subpartitionSupport(table('range', ['TIME_ID'], [], { method: 'list', columns: ['REGION'] }))).toEqual({
      ok: false,
      reason:
        'SH.SALES is RANGE/LIST partitioned (offload by subpartition needs LIST, HASH or RANGE partitions with RANGE subpartitions)',
    });
    expect(subpartitionSupport(table('list', ['REGION'], [], { method: 'hash', columns: ['ID'] })).ok).toBe(false);
    expect(subpartitionSupport(table('list', ['REGION'], [], { method: 'range', columns: ['RATIO'] }))).toEqual({
      ok: false,
      reason:
        'subpartition key: partition key column RATIO (DOUBLE) of SH.SALES is not supported for partition append (supported: integers, decimals, dates, timestamps without time zone, strings)',
    });
  });
});

describe('autoSubpartition', () => {
  it('switches on for qualifying LIST/HASH tops, and for RANGE/RANGE only when the top key is not range-valid', () => {
    expect(autoSubpartition(LIST_RANGE)).toBe(true);
    expect(autoSubpartition(table('hash', ['ID'], [], RANGE_SUB))).toBe(true);
    expect(autoSubpartition(table('range', ['YEAR'], [], RANGE_SUB))).toBe(false);
    expect(autoSubpartition(table('range', ['RATIO'], [], RANGE_SUB))).toBe(true);
    expect(autoSubpartition(table('range', ['TIME_ID'], [], { method: 'list', columns: ['REGION'] }))).toBe(false);
  });
});

describe('subpartitionView', () => {
  it('flattens every subpartition into the partitions of a table partitioned by the subpartition key', () => {
    const view = subpartitionView(LIST_RANGE);
    expect(view.partitioning.method).toBe('range');
    expect(view.partitioning.columns).toEqual(['TIME_ID']);
    expect(view.partitioning.subpartitioning).toBeUndefined();
    expect(view.partitioning.partitions.map((p) => p.name)).toEqual([
      'EU_202002',
      'EU_202003',
      'EU_202004',
      'EU_MAX',
      'US_202002',
      'US_202004',
      'US_MAX',
    ]);
    expect(view.partitioning.partitions[1]).toEqual(sp('EU_202003', v('2020-02-01'), v('2020-03-01')));
    expect(view.columns).toBe(LIST_RANGE.columns);
    expect(goeError(() => subpartitionView(table('range', ['TIME_ID'], []))).code).toBe('INTERNAL');
  });

  it('feeds the RANGE partition append planner: the HWM selects subpartitions of every partition', () => {
    const view = subpartitionView(LIST_RANGE);
    const plan = planPartitionAppend({
      table: view,
      key: TIME[0]!,
      identification: { kind: 'less-than', value: '2020-04-01', option: '--older-than-date' },
      backendMax: '2020-01-15',
    });
    expect(plan.alreadyOffloaded).toEqual(['EU_202002', 'US_202002']);
    expect(plan.partitions).toEqual(['EU_202003', 'EU_202004', 'US_202004']);
    expect(plan.highWaterMark?.value).toBe('2020-04-01');
    expect(printPredicate(plan.backendScope!)).toBe(
      '(column(TIME_ID) >= datetime(2020-02-01) AND column(TIME_ID) < datetime(2020-04-01))',
    );
    expect(() => checkCommonBoundary(LIST_RANGE, TIME, ['2020-04-01'], '--older-than-date')).not.toThrow();
    expect(chunkByHighValue(view, TIME, plan.partitions, 1)).toEqual([['EU_202003'], ['EU_202004', 'US_202004']]);
  });
});

describe('commonBoundaries', () => {
  it('returns the high values every partition shares, ascending (duplicates across partitions counted once)', () => {
    expect(commonBoundaries(LIST_RANGE, TIME)).toEqual([['2020-02-01'], ['2020-04-01']]);
  });

  it('compares values by kind: a date and a midnight timestamp text are one boundary', () => {
    const t = table(
      'hash',
      ['ID'],
      [
        { name: 'H0', subpartitions: [sp('H0_A', MINVALUE, v('2020-02-01 00:00:00'))] },
        {
          name: 'H1',
          subpartitions: [sp('H1_A', MINVALUE, v('2020-02-01')), sp('H1_B', v('2020-02-01'), v('2020-03-01'))],
        },
        { name: 'H2', subpartitions: [] },
      ],
      RANGE_SUB,
    );
    expect(commonBoundaries(t, TIME)).toEqual([['2020-02-01 00:00:00']]);
    expect(commonBoundaries(table('hash', ['ID'], [], RANGE_SUB), TIME)).toEqual([]);
  });

  it('multi-column subpartition keys: tuples, a MAXVALUE component making a distinct (inclusive) boundary', () => {
    const sub = { method: 'range' as const, columns: ['YEAR', 'MONTH'] };
    const ym = (name: string, y: number, m: PartitionBound): SourcePartition => ({
      name,
      upperBound: [v(y), m],
    });
    const t = table(
      'list',
      ['REGION'],
      [
        { name: 'EU', subpartitions: [ym('EU1', 2020, v(6)), ym('EU2', 2020, MAXVALUE), ym('EU3', 2021, v(-1))] },
        { name: 'US', subpartitions: [ym('US1', 2020, v(6)), ym('US2', 2020, v(12)), ym('US3', 2021, v(-1))] },
      ],
      sub,
    );
    const k = keys(t, 'YEAR', 'MONTH');
    expect(commonBoundaries(t, k)).toEqual([
      ['2020', '6'],
      ['2021', '-1'],
    ]);
  });
});

describe('checkCommonBoundary', () => {
  it('accepts a common boundary', () => {
    expect(() => checkCommonBoundary(LIST_RANGE, TIME, ['2020-02-01'], '--less-than-value')).not.toThrow();
  });

  it('refuses a boundary one partition lacks, recommending the next common boundary (GOE texts)', () => {
    const e = goeError(() => checkCommonBoundary(LIST_RANGE, TIME, ['2020-03-01'], '--older-than-date'));
    expect([e.code, e.variable, e.message]).toEqual([
      'OPTION_INVALID',
      '--older-than-date',
      'No common boundary at HWM 2020-03-01. Minimum recommended common boundary is 2020-04-01',
    ]);
    expect(e.message).toContain(SUBPARTITION_MESSAGES.minimumRecommended('2020-04-01'));
  });

  it('with no common boundary above, points to --offload-type=FULL', () => {
    const e = goeError(() => checkCommonBoundary(LIST_RANGE, TIME, ['2020-05-01'], '--less-than-value'));
    expect(e.message).toBe(
      'No common boundary at HWM 2020-05-01. There is no common boundary above it: offload the remaining data with --offload-type=FULL',
    );
  });

  it('a partition lying wholly below the HWM does not constrain it; one with an open subpartition does', () => {
    const old = { name: 'OLD', values: [[v('XX')]], subpartitions: monthly('OLD', ['2020-02-01'], false) };
    const t = table('list', ['REGION'], [...LIST_RANGE.partitioning.partitions, old], RANGE_SUB);
    expect(commonBoundaries(t, TIME)).toEqual([['2020-02-01']]); // strict intersection
    expect(() => checkCommonBoundary(t, TIME, ['2020-04-01'], '--less-than-value')).not.toThrow();
    const open = { ...old, subpartitions: monthly('OLD', ['2020-02-01'], true) };
    const t2 = table('list', ['REGION'], [...LIST_RANGE.partitioning.partitions, open], RANGE_SUB);
    expect(goeError(() => checkCommonBoundary(t2, TIME, ['2020-04-01'], '--less-than-value')).message).toBe(
      'No common boundary at HWM 2020-04-01. There is no common boundary above it: offload the remaining data with --offload-type=FULL',
    );
  });
});

describe('chunkByHighValue', () => {
  const view = subpartitionView(LIST_RANGE);
  const ordered = ['EU_202002', 'US_202002', 'EU_202003', 'EU_202004', 'US_202004'];

  it('pulls partitions sharing the last high value into the same chunk whatever the count limit', () => {
    expect(chunkByHighValue(view, TIME, ordered, 1)).toEqual([
      ['EU_202002', 'US_202002'],
      ['EU_202003'],
      ['EU_202004', 'US_202004'],
    ]);
    expect(chunkByHighValue(view, TIME, ordered, 3)).toEqual([
      ['EU_202002', 'US_202002', 'EU_202003'],
      ['EU_202004', 'US_202004'],
    ]);
    expect(chunkByHighValue(view, TIME, ordered)).toEqual([ordered]);
  });

  it('and whatever the size limit; unknown names and MAXVALUE subpartitions never join a previous HV group', () => {
    expect(chunkByHighValue(view, TIME, ordered, 100, 150)).toEqual([
      ['EU_202002', 'US_202002'],
      ['EU_202003'],
      ['EU_202004', 'US_202004'],
    ]);
    expect(chunkByHighValue(view, TIME, ['EU_MAX', 'US_MAX', 'NOPE', 'GONE'], 1)).toEqual([
      ['EU_MAX'],
      ['US_MAX'],
      ['NOPE'],
      ['GONE'],
    ]);
    expect(chunkByHighValue(view, TIME, [])).toEqual([]);
  });
});
