/**
 * RANGE partition append over one or more key columns (types reference §4.5, §5.3): tuple high values compared
 * lexicographically, MAXVALUE components, a `--less-than-value` prefix, detection from the backend's maximum tuple,
 * GOE's "100/10" (FULL with a boundary), the partitions between two high-water marks.
 */
import { describe, expect, it } from 'vitest';
import {
  PARTITION_APPEND_MESSAGES,
  canonicalColumn,
  compareKeyBounds,
  planRangeAppend,
  printPredicate,
  rangePartitionsBetween,
  recordedBound,
  tupleIsBelow,
  type KeyColumn,
  type PartitionBound,
  type SourcePartition,
  type SourceTable,
} from '@goe/core';
import { goeError } from '../support/goe-error.js';

const v = (value: string | number): PartitionBound => ({ kind: 'value', value, text: String(value) });
const MAX: PartitionBound = { kind: 'MAXVALUE' };
const MIN: PartitionBound = { kind: 'MINVALUE' };

const YR: KeyColumn = { column: 'YR', dataType: 'INTEGER_4', kind: 'number' };
const MO: KeyColumn = { column: 'MO', dataType: 'INTEGER_4', kind: 'number' };
const KEYS = [YR, MO];

function table(partitions: readonly SourcePartition[]): SourceTable {
  return {
    owner: 'SH',
    name: 'MONTHLY',
    columns: ['ID', 'YR', 'MO'].map((name) => ({
      name,
      dataType: 'integer',
      nullable: false,
      safeMapping: true,
      canonical: canonicalColumn({ name, dataType: 'INTEGER_4' }),
    })),
    primaryKey: [],
    partitioning: { method: 'range', columns: ['YR', 'MO'], partitions },
  };
}

const part = (name: string, lower: PartitionBound[], upper: PartitionBound[], sizeBytes = 1): SourcePartition => ({
  name,
  lowerBound: lower,
  upperBound: upper,
  sizeBytes,
});

/** 2023 (one partition up to (2023, MAXVALUE)), 2024 months 1..3, then everything above. Given out of order. */
const MONTHLY = table([
  part('P_2024_03', [v(2024), v(3)], [v(2024), v(4)]),
  part('P_2023', [MIN, MIN], [v(2023), MAX]),
  part('P_2024_01', [v(2024), v(1)], [v(2024), v(2)]),
  part('P_2024_02', [v(2024), v(2)], [v(2024), v(3)]),
  part('P_MAX', [v(2024), v(4)], [MAX, MAX]),
]);

const lessThan = (text: string[]) => ({ kind: 'less-than' as const, value: text, option: '--less-than-value' });

describe('compareKeyBounds / tupleIsBelow / recordedBound', () => {
  it('orders exclusive prefix < full tuples sharing it < inclusive prefix', () => {
    const bounds = [
      { values: ['2024'], inclusive: true },
      { values: ['2024', '3'], inclusive: false },
      { values: ['2024'], inclusive: false },
      { values: ['2024', '3'], inclusive: true },
      { values: ['2023', '12'], inclusive: false },
    ];
    const sorted = [...bounds].sort((a, b) => compareKeyBounds(KEYS, a, b));
    expect(sorted).toEqual([bounds[4], bounds[2], bounds[1], bounds[3], bounds[0]]);
    expect(compareKeyBounds(KEYS, bounds[1]!, { values: ['2024', '3'], inclusive: false })).toBe(0);
  });

  it('tupleIsBelow: exclusive bounds exclude equality, inclusive (MAXVALUE-truncated) include the prefix', () => {
    expect(tupleIsBelow(KEYS, ['2024', '2'], { values: ['2024', '3'], inclusive: false })).toBe(true);
    expect(tupleIsBelow(KEYS, ['2024', '3'], { values: ['2024', '3'], inclusive: false })).toBe(false);
    expect(tupleIsBelow(KEYS, ['2023', '99'], { values: ['2023'], inclusive: true })).toBe(true);
    expect(tupleIsBelow(KEYS, ['2024', '1'], { values: ['2023'], inclusive: true })).toBe(false);
  });

  it('recordedBound: full length exclusive, shorter inclusive', () => {
    expect(recordedBound(KEYS, ['2024', '3'])).toEqual({ values: ['2024', '3'], inclusive: false });
    expect(recordedBound(KEYS, ['2023'])).toEqual({ values: ['2023'], inclusive: true });
  });
});

describe('planRangeAppend: two-column key', () => {
  it('first run, --less-than-value 2024,3: 2023 and January, February; HWM (2024, 3); scope below the HWM only', () => {
    const p = planRangeAppend({
      table: MONTHLY,
      keys: KEYS,
      identification: lessThan(['2024', '3']),
      backendMax: null,
    });
    expect(p.partitions).toEqual(['P_2023', 'P_2024_01', 'P_2024_02']);
    expect(p.alreadyOffloaded).toEqual([]);
    expect(p.highWaterMark).toEqual({
      partition: 'P_2024_02',
      bound: { values: ['2024', '3'], inclusive: false },
      value: '2024, 3',
    });
    expect(printPredicate(p.backendScope!)).toBe(
      '(column(YR) < numeric(2024) OR (column(YR) = numeric(2024) AND column(MO) < numeric(3)))',
    );
    expect(p.notices).toEqual([]);
  });

  it('a prefix --less-than-value 2024 takes only the partitions wholly below 2024 (the MAXVALUE-truncated 2023)', () => {
    const p = planRangeAppend({ table: MONTHLY, keys: KEYS, identification: lessThan(['2024']), backendMax: null });
    expect(p.partitions).toEqual(['P_2023']);
    expect(p.highWaterMark?.bound).toEqual({ values: ['2023'], inclusive: true });
    expect(printPredicate(p.backendScope!)).toBe('column(YR) <= numeric(2023)');
  });

  it('rerun: the backend max (2024, 2) holds February; the next run starts at March, lexicographic lower bound', () => {
    const p = planRangeAppend({
      table: MONTHLY,
      keys: KEYS,
      identification: { kind: 'none' },
      backendMax: ['2024', '2'],
    });
    expect(p.alreadyOffloaded).toEqual(['P_2023', 'P_2024_01', 'P_2024_02']);
    expect(p.partitions).toEqual(['P_2024_03']);
    expect(p.notices).toEqual([PARTITION_APPEND_MESSAGES.outOfRange('P_MAX')]);
    expect(printPredicate(p.backendScope!)).toBe(
      '((column(YR) > numeric(2024) OR (column(YR) = numeric(2024) AND column(MO) >= numeric(3))) AND (column(YR) < numeric(2024) OR (column(YR) = numeric(2024) AND column(MO) < numeric(4))))',
    );
    expect(p.highWaterMark?.value).toBe('2024, 4');
  });

  it('the same command again: nothing to offload, the HWM is the boundary partition', () => {
    const p = planRangeAppend({
      table: MONTHLY,
      keys: KEYS,
      identification: lessThan(['2024', '3']),
      backendMax: ['2024', '2'],
    });
    expect(p.partitions).toEqual([]);
    expect(p.backendScope).toBeUndefined();
    expect(p.highWaterMark?.partition).toBe('P_2024_02');
  });

  it('--partition-names: the named partition is the HWM; unknown or MAXVALUE names are refused', () => {
    const p = planRangeAppend({
      table: MONTHLY,
      keys: KEYS,
      identification: { kind: 'partition-name', name: 'p_2024_01' },
      backendMax: null,
      maxChunkCount: 1,
    });
    expect(p.partitions).toEqual(['P_2023', 'P_2024_01']);
    expect(p.chunks).toEqual([['P_2023'], ['P_2024_01']]);
    const unknown = goeError(() =>
      planRangeAppend({
        table: MONTHLY,
        keys: KEYS,
        identification: { kind: 'partition-name', name: 'NOPE' },
        backendMax: null,
      }),
    );
    expect(unknown).toMatchObject({ code: 'OPTION_INVALID', variable: '--partition-names' });
    expect(unknown.message).toBe('Partition NOPE does not exist in SH.MONTHLY');
    const top = goeError(() =>
      planRangeAppend({
        table: MONTHLY,
        keys: KEYS,
        identification: { kind: 'partition-name', name: 'P_MAX' },
        backendMax: null,
      }),
    );
    expect(top.message).toBe(
      'Partition P_MAX has no high value (MAXVALUE or DEFAULT): it cannot be the high-water mark',
    );
  });

  it('FULL with a boundary ("100/10"): every partition (MAXVALUE too) chunked by partition, no backend scope, HWM from the boundary', () => {
    const p = planRangeAppend({
      table: MONTHLY,
      keys: KEYS,
      identification: lessThan(['2024', '2']),
      offloadType: 'FULL',
      backendMax: null,
      maxChunkCount: 2,
    });
    expect(p.partitions).toEqual(['P_2023', 'P_2024_01', 'P_2024_02', 'P_2024_03', 'P_MAX']);
    expect(p.chunks).toEqual([['P_2023', 'P_2024_01'], ['P_2024_02', 'P_2024_03'], ['P_MAX']]);
    expect(p.alreadyOffloaded).toEqual([]);
    expect(p.backendScope).toBeUndefined();
    expect(p.highWaterMark?.partition).toBe('P_2024_01');
    expect(p.notices).toEqual([]);
  });

  it('FULL rerun after a killed run: only the partitions the backend lacks (beyond the boundary too), then MAXVALUE', () => {
    const full = (backendMax: string[] | null, outOfRangeOffloaded?: boolean) =>
      planRangeAppend({
        table: MONTHLY,
        keys: KEYS,
        identification: lessThan(['2024', '2']),
        offloadType: 'FULL',
        backendMax,
        ...(outOfRangeOffloaded === undefined ? {} : { outOfRangeOffloaded }),
      });
    const p = full(['2024', '2']);
    expect(p.alreadyOffloaded).toEqual(['P_2023', 'P_2024_01', 'P_2024_02']);
    expect(p.partitions).toEqual(['P_2024_03', 'P_MAX']);
    expect(p.highWaterMark?.partition).toBe('P_2024_01');
    // every ranged partition loaded, the MAXVALUE one not (nothing at or above its lower bound (2024, 4))
    expect(full(['2024', '3']).partitions).toEqual(['P_MAX']);
    // the MAXVALUE partition loaded too: nothing left
    const all = full(['2031', '1']);
    expect(all.partitions).toEqual([]);
    expect(all.alreadyOffloaded).toEqual(['P_2023', 'P_2024_01', 'P_2024_02', 'P_2024_03', 'P_MAX']);
  });

  it('FULL rerun: a DEFAULT partition (rows anywhere) counts as loaded only when the caller says so', () => {
    const t = table([
      part('A', [MIN, MIN], [v(2024), v(1)]),
      part('B', [v(2024), v(1)], [v(2024), v(6)]),
      { name: 'D', isDefault: true },
    ]);
    const full = (outOfRangeOffloaded: boolean) =>
      planRangeAppend({
        table: t,
        keys: KEYS,
        identification: { kind: 'none' },
        offloadType: 'FULL',
        backendMax: ['2024', '5'],
        outOfRangeOffloaded,
      });
    expect(full(false).partitions).toEqual(['D']);
    expect(full(true).partitions).toEqual([]);
    expect(full(true).alreadyOffloaded).toEqual(['A', 'B', 'D']);
  });

  it('FULL without a boundary: no HWM', () => {
    const p = planRangeAppend({
      table: MONTHLY,
      keys: KEYS,
      identification: { kind: 'none' },
      offloadType: 'FULL',
      backendMax: null,
    });
    expect(p.highWaterMark).toBeUndefined();
    expect(p.partitions).toHaveLength(5);
  });

  it('partitions without recorded lower bounds take the previous high value; a DEFAULT partition is out of range', () => {
    const t = table([
      { name: 'A', upperBound: [v(2024), v(1)] },
      { name: 'B', upperBound: [v(2024), v(6)] },
      { name: 'D', isDefault: true },
    ]);
    const p = planRangeAppend({ table: t, keys: KEYS, identification: { kind: 'none' }, backendMax: ['2024', '0'] });
    expect(p.alreadyOffloaded).toEqual(['A']);
    expect(p.partitions).toEqual(['B']);
    expect(p.notices).toEqual([PARTITION_APPEND_MESSAGES.outOfRange('D')]);
  });

  it('rangePartitionsBetween: the partitions above one HWM up to another', () => {
    expect(
      rangePartitionsBetween(
        MONTHLY,
        KEYS,
        { values: ['2024', '2'], inclusive: false },
        { values: ['2024', '4'], inclusive: false },
      ),
    ).toEqual(['P_2024_02', 'P_2024_03']);
    expect(
      rangePartitionsBetween(
        MONTHLY,
        KEYS,
        { values: ['2023'], inclusive: true },
        { values: ['2024', '2'], inclusive: false },
      ),
    ).toEqual(['P_2024_01']);
  });
});

describe('planRangeAppend: detection when ranges repeat (subpartitions of several parents)', () => {
  const ID: KeyColumn = { column: 'ID', dataType: 'INTEGER_8', kind: 'number' };
  /** January split at 1000, 1500, 2000; February at 1000, 2000 (as offload by subpartition sees them). */
  const SUBS = {
    ...table([
      part('JAN_S1', [MIN], [v(1000)]),
      part('JAN_S2', [v(1000)], [v(1500)]),
      part('JAN_S3', [v(1500)], [v(2000)]),
      part('JAN_S4', [v(2000)], [MAX]),
      part('FEB_S1', [MIN], [v(1000)]),
      part('FEB_S2', [v(1000)], [v(2000)]),
      part('FEB_S3', [v(2000)], [MAX]),
    ]),
  };
  const plan = (max: string | null) =>
    planRangeAppend({
      table: SUBS,
      keys: [ID],
      identification: lessThan(['2000']),
      backendMax: max === null ? null : [max],
    });

  it('backend max 1470 (a killed run loaded JAN_S2 only): FEB_S2 starts below it but ends above, so it is not loaded', () => {
    const p = plan('1470');
    expect(p.alreadyOffloaded).toEqual(['JAN_S1', 'FEB_S1', 'JAN_S2']);
    expect(p.partitions).toEqual(['JAN_S3', 'FEB_S2']);
  });

  it('the first high value above the maximum swallows every subpartition sharing it', () => {
    expect(plan('999').alreadyOffloaded).toEqual(['JAN_S1', 'FEB_S1']);
    expect(plan('1999').alreadyOffloaded).toEqual(['JAN_S1', 'FEB_S1', 'JAN_S2', 'JAN_S3', 'FEB_S2']);
    expect(plan('1999').partitions).toEqual([]);
    expect(plan(null).partitions).toEqual(['JAN_S1', 'FEB_S1', 'JAN_S2', 'JAN_S3', 'FEB_S2']);
  });
});
