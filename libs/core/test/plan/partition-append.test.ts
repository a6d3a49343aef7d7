/**
 * RANGE incremental partition append (orchestration reference §2.6 "Deciding what to offload", §2.7 "Chunking",
 * §2.9 "Re-run matrix"): which key a table is appended by, how key values compare, which partitions one run
 * offloads (detection from the backend's MAX(key), not the metadata), the high-water mark, the backend scope
 * predicate and the chunks.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_CHUNK_BYTES,
  DEFAULT_MAX_CHUNK_COUNT,
  PARTITION_APPEND_MESSAGES,
  UNPARTITIONED,
  canonicalColumn,
  chunkPartitions,
  compareKeyText,
  keyComparison,
  partitionAppendKey,
  partitionsBetween,
  planPartitionAppend,
  printPredicate,
  type CanonicalType,
  type DataIdentification,
  type PartitionAppendKey,
  type PartitionAppendPlan,
  type PartitionBound,
  type PartitionMethod,
  type SourcePartition,
  type SourceTable,
} from '@goe/core';
import { goeError } from '../support/goe-error.js';

// ---------------------------------------------------------------------------------------------------------------
// fixtures

/** A value bound; `text` is the source's literal. */
function v(value: string | number | bigint): PartitionBound {
  return { kind: 'value', value, text: typeof value === 'string' ? `'${value}'` : String(value) };
}
const MINVALUE: PartitionBound = { kind: 'MINVALUE' };
const MAXVALUE: PartitionBound = { kind: 'MAXVALUE' };

/** A RANGE partition `[lower, upper)`; `lower` undefined = not recorded by the source (Oracle style). */
function part(
  name: string,
  lower: PartitionBound | undefined,
  upper: PartitionBound,
  extra: Partial<SourcePartition> = {},
): SourcePartition {
  return { name, ...(lower === undefined ? {} : { lowerBound: [lower] }), upperBound: [upper], ...extra };
}

const DEFAULT_PARTITION: SourcePartition = { name: 'P_DEF', isDefault: true };

/** A source table SH.SALES with columns ID, TIME_ID, TS, REGION_CODE, AMOUNT, … partitioned as given. */
function table(
  partitions: readonly SourcePartition[],
  columns: readonly string[] = ['TIME_ID'],
  method: PartitionMethod = 'range',
): SourceTable {
  const types: readonly (readonly [string, CanonicalType])[] = [
    ['ID', 'INTEGER_8'],
    ['BIG_ID', 'INTEGER_38'],
    ['SMALL_ID', 'INTEGER_2'],
    ['TIME_ID', 'DATE'],
    ['TS', 'TIMESTAMP'],
    ['TS_TZ', 'TIMESTAMP_TZ'],
    ['REGION_CODE', 'VARIABLE_STRING'],
    ['CHAR_CODE', 'FIXED_STRING'],
    ['AMOUNT', 'DECIMAL'],
    ['RATIO', 'DOUBLE'],
    ['FLAG', 'BOOLEAN'],
  ];
  return {
    owner: 'SH',
    name: 'SALES',
    columns: types.map(([name, dataType]) => ({
      name,
      dataType: dataType.toLowerCase(),
      nullable: true,
      safeMapping: true,
      canonical: canonicalColumn({
        name,
        dataType,
        ...(dataType === 'DECIMAL' ? { precision: 18, scale: 2 } : {}),
        ...(dataType === 'TIMESTAMP' ? { scale: 6 } : {}),
      }),
    })),
    primaryKey: [],
    partitioning: method === 'none' ? UNPARTITIONED : { method, columns, partitions },
  };
}

const DATE_KEY: PartitionAppendKey = { column: 'TIME_ID', dataType: 'DATE', kind: 'datetime' };
const TS_KEY: PartitionAppendKey = { column: 'TS', dataType: 'TIMESTAMP', kind: 'datetime' };
const ID_KEY: PartitionAppendKey = { column: 'ID', dataType: 'INTEGER_8', kind: 'number' };
const AMOUNT_KEY: PartitionAppendKey = { column: 'AMOUNT', dataType: 'DECIMAL', kind: 'number' };
const REGION_KEY: PartitionAppendKey = { column: 'REGION_CODE', dataType: 'VARIABLE_STRING', kind: 'string' };

/**
 * Monthly partitions on TIME_ID (PostgreSQL style, every lower bound recorded): a MINVALUE partition, four months
 * of 2024, a MAXVALUE partition and a DEFAULT partition.
 */
const MONTHLY_PARTITIONS: readonly SourcePartition[] = [
  part('P_OLD', MINVALUE, v('2024-01-01'), { sizeBytes: 500 }),
  part('P2024_01', v('2024-01-01'), v('2024-02-01'), { sizeBytes: 100 }),
  part('P2024_02', v('2024-02-01'), v('2024-03-01'), { sizeBytes: 100 }),
  part('P2024_03', v('2024-03-01'), v('2024-04-01'), { sizeBytes: 300 }),
  part('P2024_04', v('2024-04-01'), v('2024-05-01'), { sizeBytes: 50 }),
  part('P_MAX', v('2024-05-01'), MAXVALUE),
  DEFAULT_PARTITION,
];
const MONTHLY = table(MONTHLY_PARTITIONS);
const RANGED = ['P_OLD', 'P2024_01', 'P2024_02', 'P2024_03', 'P2024_04'];

const lessThan = (value: string, option = '--older-than-date'): DataIdentification => ({
  kind: 'less-than',
  value,
  option,
});
const NONE: DataIdentification = { kind: 'none' };

function plan(
  identification: DataIdentification,
  backendMax: string | null,
  t: SourceTable = MONTHLY,
  key: PartitionAppendKey = DATE_KEY,
  extra: { maxChunkCount?: number; maxChunkBytes?: number } = {},
): PartitionAppendPlan {
  return planPartitionAppend({ table: t, key, identification, backendMax, ...extra });
}

/** The plan with the backend scope printed as DSL (undefined when there is none). */
function summary(p: PartitionAppendPlan) {
  return {
    partitions: p.partitions,
    chunks: p.chunks,
    alreadyOffloaded: p.alreadyOffloaded,
    highWaterMark: p.highWaterMark,
    backendScope: p.backendScope === undefined ? undefined : printPredicate(p.backendScope),
    notices: p.notices,
  };
}

// ---------------------------------------------------------------------------------------------------------------

describe('PARTITION_APPEND_MESSAGES', () => {
  it('holds GOE texts', () => {
    expect(PARTITION_APPEND_MESSAGES.noPartitions).toBe('No partitions to offload');
    expect(PARTITION_APPEND_MESSAGES.outOfRange('P_MAX')).toBe(
      'Not offloading partition P_MAX with high_value of OUT-OF-RANGE',
    );
    expect(PARTITION_APPEND_MESSAGES.unknownPartition('P_X', 'SH.SALES')).toBe(
      'Partition P_X does not exist in SH.SALES',
    );
    expect(Object.isFrozen(PARTITION_APPEND_MESSAGES)).toBe(true);
  });

  it('defaults: 100 partitions and 16 GiB per chunk', () => {
    expect(DEFAULT_MAX_CHUNK_COUNT).toBe(100);
    expect(DEFAULT_MAX_CHUNK_BYTES).toBe(17179869184);
  });
});

describe('partitionAppendKey', () => {
  const SUPPORTED = 'supported: integers, decimals, dates, timestamps without time zone, strings';

  it.each<[string, SourceTable, string]>([
    ['unpartitioned', table([], [], 'none'), 'SH.SALES is not partitioned'],
    [
      'LIST',
      table([{ name: 'P_EU', values: [[v('EU')]] }], ['REGION_CODE'], 'list'),
      'SH.SALES is LIST partitioned (partition append needs RANGE partitioning)',
    ],
    [
      'HASH',
      table([{ name: 'P0', hash: { modulus: 2, remainder: 0 } }], ['ID'], 'hash'),
      'SH.SALES is HASH partitioned (partition append needs RANGE partitioning)',
    ],
    [
      'a two-column RANGE key',
      table([], ['TIME_ID', 'ID']),
      'SH.SALES has a 2-column partition key (TIME_ID, ID); partition append supports one key column',
    ],
    [
      'a three-column RANGE key',
      table([], ['TIME_ID', 'ID', 'REGION_CODE']),
      'SH.SALES has a 3-column partition key (TIME_ID, ID, REGION_CODE); partition append supports one key column',
    ],
    [
      'a TIMESTAMP_TZ key',
      table([], ['TS_TZ']),
      `partition key column TS_TZ (TIMESTAMP_TZ) of SH.SALES is not supported for partition append (${SUPPORTED})`,
    ],
    [
      'a DOUBLE key',
      table([], ['RATIO']),
      `partition key column RATIO (DOUBLE) of SH.SALES is not supported for partition append (${SUPPORTED})`,
    ],
    [
      'a BOOLEAN key',
      table([], ['FLAG']),
      `partition key column FLAG (BOOLEAN) of SH.SALES is not supported for partition append (${SUPPORTED})`,
    ],
    [
      'a key column missing from the columns',
      table([], ['NOPE']),
      `partition key column NOPE (unknown type) of SH.SALES is not supported for partition append (${SUPPORTED})`,
    ],
  ])('%s → reason', (_, t, reason) => {
    expect(partitionAppendKey(t)).toEqual({ reason });
  });

  it.each<[string, string, CanonicalType, string]>([
    ['SMALL_ID', 'SMALL_ID', 'INTEGER_2', 'number'],
    ['ID', 'ID', 'INTEGER_8', 'number'],
    ['BIG_ID', 'BIG_ID', 'INTEGER_38', 'number'],
    ['AMOUNT', 'AMOUNT', 'DECIMAL', 'number'],
    ['TIME_ID', 'TIME_ID', 'DATE', 'datetime'],
    ['TS', 'TS', 'TIMESTAMP', 'datetime'],
    ['REGION_CODE', 'REGION_CODE', 'VARIABLE_STRING', 'string'],
    ['CHAR_CODE', 'CHAR_CODE', 'FIXED_STRING', 'string'],
    ['time_id', 'TIME_ID', 'DATE', 'datetime'],
  ])('key %s → column %s, %s, %s', (partitionColumn, column, dataType, kind) => {
    expect(partitionAppendKey(table(MONTHLY_PARTITIONS, [partitionColumn]))).toEqual({
      key: { column, dataType, kind },
    });
  });
});

describe('compareKeyText', () => {
  describe('numbers: exact decimals', () => {
    it.each<[string, string, number]>([
      ['10', '9.5', 1],
      ['9.5', '10', -1],
      ['10', '9.50', 1],
      ['-0', '0', 0],
      ['-0.000', '+0', 0],
      ['0', '.0', 0],
      ['1.10', '1.1', 0],
      ['1.100000', '1.1', 0],
      ['007', '7', 0],
      ['+7', '7', 0],
      ['5.', '5', 0],
      ['.5', '0.5', 0],
      ['-.5', '-0.5', 0],
      [' 42 ', '42', 0],
      ['1.01', '1.1', -1],
      ['1.09', '1.1', -1],
      ['0.999999999999999999999', '1', -1],
      ['-1', '1', -1],
      ['-1', '0', -1],
      ['0', '0.0000001', -1],
      ['-10', '-9', -1],
      ['-9', '-10', 1],
      ['-1.5', '-1.25', -1],
      ['-0.1', '-0.01', -1],
      ['100', '99', 1],
      ['99999999999999999999999999999999999999', '99999999999999999999999999999999999998', 1],
      ['-99999999999999999999999999999999999999', '-99999999999999999999999999999999999998', -1],
      ['99999999999999999999999999999999999999', '99999999999999999999999999999999999999.0', 0],
      ['9007199254740993', '9007199254740992', 1],
      ['12345678901234567890123456789012345678', '1234567890123456789012345678901234567.8', 1],
    ])('%s vs %s → %i', (a, b, expected) => {
      // equal negative values compare as -0; `|| 0` folds it (only the sign matters to callers)
      expect(compareKeyText('number', a, b) || 0).toBe(expected);
      expect(compareKeyText('number', b, a) || 0).toBe(expected === 0 ? 0 : -expected);
    });

    it.each([
      '',
      ' ',
      '.',
      '-',
      '+',
      '1e5',
      '1E5',
      'abc',
      '1.2.3',
      '0x10',
      '1,000',
      '1_000',
      'NaN',
      'Infinity',
      '--1',
      '1-',
    ])('refuses %j: OPTION_INVALID "Not a number: …"', (text) => {
      const e = goeError(() => compareKeyText('number', text, '1'));
      expect(e.code).toBe('OPTION_INVALID');
      expect(e.message).toBe(`Not a number: ${text}`);
      expect(goeError(() => compareKeyText('number', '1', text)).message).toBe(`Not a number: ${text}`);
    });
  });

  describe('datetimes: calendar values', () => {
    it.each<[string, string, number]>([
      ['2020-01-01', '2020-01-01 00:00:00', 0],
      ['2020-01-01', '2020-01-01T00:00:00.000000', 0],
      ['2020-01-01 00:00:00', '2020-01-01T00:00:00.000000', 0],
      ['2020-01-01 00:00', '2020-01-01', 0],
      ['2020-01-01 00:00:00.000000000', '2020-01-01', 0],
      ['2020-01-01 10:00:00.5', '2020-01-01 10:00:00.500000', 0],
      ['2020-01-31 10:00:00', '2020-02-01', -1],
      ['2020-01-01 00:00:00.5', '2020-01-01 00:00:00.49', 1],
      ['2020-01-01 00:00:00.1', '2020-01-01 00:00:00.09999', 1],
      ['2020-01-01 00:00:00.000000001', '2020-01-01', 1],
      ['2020-01-01 00:00:00.000000001', '2020-01-01 00:00:00.000000002', -1],
      ['2020-01-01 23:59:59.999999999', '2020-01-02', -1],
      ['2019-12-31', '2020-01-01', -1],
      ['0001-01-01', '9999-12-31', -1],
      [' 2020-01-01 ', '2020-01-01', 0],
    ])('%s vs %s → %i', (a, b, expected) => {
      expect(compareKeyText('datetime', a, b)).toBe(expected);
      expect(compareKeyText('datetime', b, a)).toBe(expected === 0 ? 0 : -expected);
    });

    it.each([
      '2020-1-1',
      '20200101',
      '2020/01/01',
      '2020-01-01Z',
      '2020-01-01 00:00:00+00',
      '2020-01-01 00:00:00.1234567891',
      '2020-01-01 0:00:00',
      '2020-01-01 00',
      '2020-01-01  00:00:00',
      'today',
      '',
      '1577836800',
    ])('refuses %j: OPTION_INVALID', (text) => {
      const e = goeError(() => compareKeyText('datetime', text, '2020-01-01'));
      expect(e.code).toBe('OPTION_INVALID');
      expect(e.message).toBe(`Not a date or timestamp (YYYY-MM-DD[ HH:MI:SS[.f]]): ${text}`);
    });

    it.each(['2024-02-30', '2023-02-29', '2024-13-01', '2024-00-10', '2024-01-01 24:00:00', '2024-01-01 10:60:00'])(
      'refuses the impossible date/time %j ',
      (text) => {
        const e = goeError(() => compareKeyText('datetime', text, '2020-01-01'));
        expect(e.code).toBe('OPTION_INVALID');
      },
    );
  });

  describe('strings: code points', () => {
    it.each<[string, string, number]>([
      ['a', 'b', -1],
      ['a', 'a', 0],
      ['', '', 0],
      ['', 'a', -1],
      ['ab', 'abc', -1],
      ['B', 'a', -1],
      ['Z', 'a', -1],
      ['z', 'é', -1],
      ['é', 'ü', -1],
      ['e\u0301', 'é', -1],
      ['日本', '日本語', -1],
      ['中', '日', -1],
      // U+FF21 (BMP) < U+1D538 (astral): code point order, where UTF-16 code unit order would say the opposite
      ['\uFF21', '\u{1D538}', -1],
      ['\u{1F600}', '\uFFFD', 1],
      ['a\u{1F600}', 'a\u{1F601}', -1],
      ['2024-10-01', '2024-9-01', -1],
      ['10', '9', -1],
    ])('%j vs %j → %i', (a, b, expected) => {
      expect(compareKeyText('string', a, b)).toBe(expected);
      expect(compareKeyText('string', b, a)).toBe(expected === 0 ? 0 : -expected);
    });

    it('UTF-16 order would differ for the astral case (the test case is meaningful)', () => {
      expect('\uFF21' < '\u{1D538}').toBe(false);
    });
  });
});

describe('keyComparison', () => {
  it.each<[PartitionAppendKey, '<' | '>=' | '<=', string, string]>([
    [DATE_KEY, '<', '2020-03-01', 'column(TIME_ID) < datetime(2020-03-01)'],
    [DATE_KEY, '>=', '2020-03-01 00:00:00', 'column(TIME_ID) >= datetime(2020-03-01)'],
    [TS_KEY, '<', '2020-03-01 10:00:00.5', 'column(TS) < datetime(2020-03-01 10:00:00.5)'],
    [TS_KEY, '<=', '2020-03-01', 'column(TS) <= datetime(2020-03-01)'],
    [ID_KEY, '<', '1000', 'column(ID) < numeric(1000)'],
    [ID_KEY, '>=', '-0042', 'column(ID) >= numeric(-42)'],
    [AMOUNT_KEY, '<', '10.50', 'column(AMOUNT) < numeric(10.5)'],
    [REGION_KEY, '<', 'M', 'column(REGION_CODE) < string("M")'],
    [REGION_KEY, '>=', 'say "hi"', 'column(REGION_CODE) >= string("say \\"hi\\"")'],
    [
      { column: 'time_id', dataType: 'DATE', kind: 'datetime' },
      '<',
      '2020-01-01',
      'column(TIME_ID) < datetime(2020-01-01)',
    ],
  ])('%o %s %s → %s', (key, op, value, dsl) => {
    expect(printPredicate(keyComparison(key, op, value))).toBe(dsl);
  });
});

describe('planPartitionAppend: monthly DATE partitions (MINVALUE first, MAXVALUE and DEFAULT last)', () => {
  it('first run, --older-than-date: the partitions up to the boundary; only `<` since the first is MINVALUE', () => {
    expect(summary(plan(lessThan('2024-03-01'), null))).toEqual({
      partitions: ['P_OLD', 'P2024_01', 'P2024_02'],
      chunks: [['P_OLD', 'P2024_01', 'P2024_02']],
      alreadyOffloaded: [],
      highWaterMark: { partition: 'P2024_02', value: '2024-03-01' },
      backendScope: 'column(TIME_ID) < datetime(2024-03-01)',
      notices: [],
    });
  });

  it.each([
    ['the boundary is a high value', '2024-03-01'],
    ['the boundary falls inside a partition', '2024-03-15'],
    ['the boundary is one day before the next high value', '2024-03-31'],
    ['the boundary has a time part', '2024-03-01 12:00:00'],
  ])('a partition is taken only when its high value ≤ the boundary: %s', (_, boundary) => {
    const p = plan(lessThan(boundary, '--less-than-value'), null);
    expect(p.partitions).toEqual(['P_OLD', 'P2024_01', 'P2024_02']);
    expect(p.highWaterMark).toEqual({ partition: 'P2024_02', value: '2024-03-01' });
  });

  it('a boundary below every high value: nothing, no high-water mark, no scope', () => {
    const p = plan(lessThan('2023-12-31'), null);
    expect(summary(p)).toEqual({
      partitions: [],
      chunks: [],
      alreadyOffloaded: [],
      highWaterMark: undefined,
      backendScope: undefined,
      notices: [],
    });
    expect('highWaterMark' in p).toBe(false);
    expect('backendScope' in p).toBe(false);
  });

  it.each([
    ['inside the last offloaded partition', '2024-02-29'],
    ['rendered as a timestamp', '2024-02-29 00:00:00'],
    ['at the very start of the last offloaded partition', '2024-02-01'],
    ['the last instant before the boundary', '2024-02-29 23:59:59.999999'],
  ])('re-run with the same boundary, backend max %s → no partitions, HWM kept (§2.9)', (_, backendMax) => {
    const p = plan(lessThan('2024-03-01'), backendMax);
    expect(summary(p)).toEqual({
      partitions: [],
      chunks: [],
      alreadyOffloaded: ['P_OLD', 'P2024_01', 'P2024_02'],
      highWaterMark: { partition: 'P2024_02', value: '2024-03-01' },
      backendScope: undefined,
      notices: [],
    });
  });

  it('re-run with a later boundary → only the new partitions, HWM advanced (§2.9)', () => {
    expect(summary(plan(lessThan('2024-05-01'), '2024-02-29'))).toEqual({
      partitions: ['P2024_03', 'P2024_04'],
      chunks: [['P2024_03', 'P2024_04']],
      alreadyOffloaded: ['P_OLD', 'P2024_01', 'P2024_02'],
      highWaterMark: { partition: 'P2024_04', value: '2024-05-01' },
      backendScope: '(column(TIME_ID) >= datetime(2024-03-01) AND column(TIME_ID) < datetime(2024-05-01))',
      notices: [],
    });
  });

  it('backend max inside January, boundary 2024-04-01 → February and March, scoped by both bounds', () => {
    const p = plan(lessThan('2024-04-01'), '2024-01-31');
    expect(p.partitions).toEqual(['P2024_02', 'P2024_03']);
    expect(p.alreadyOffloaded).toEqual(['P_OLD', 'P2024_01']);
    expect(printPredicate(p.backendScope!)).toBe(
      '(column(TIME_ID) >= datetime(2024-02-01) AND column(TIME_ID) < datetime(2024-04-01))',
    );
  });

  it('backend max exactly equal to a lower bound: that partition holds the max, so it counts as offloaded', () => {
    expect(summary(plan(lessThan('2024-05-01'), '2024-03-01'))).toEqual({
      partitions: ['P2024_04'],
      chunks: [['P2024_04']],
      alreadyOffloaded: ['P_OLD', 'P2024_01', 'P2024_02', 'P2024_03'],
      highWaterMark: { partition: 'P2024_04', value: '2024-05-01' },
      backendScope: '(column(TIME_ID) >= datetime(2024-04-01) AND column(TIME_ID) < datetime(2024-05-01))',
      notices: [],
    });
    // one microsecond earlier, March is not offloaded yet
    expect(plan(lessThan('2024-05-01'), '2024-02-29 23:59:59.999999').partitions).toEqual(['P2024_03', 'P2024_04']);
  });

  it('backend max inside the MINVALUE partition: it counts as offloaded', () => {
    const p = plan(lessThan('2024-02-01'), '1999-06-30');
    expect(p.alreadyOffloaded).toEqual(['P_OLD']);
    expect(p.partitions).toEqual(['P2024_01']);
    expect(printPredicate(p.backendScope!)).toBe(
      '(column(TIME_ID) >= datetime(2024-01-01) AND column(TIME_ID) < datetime(2024-02-01))',
    );
  });

  it('backend max above the boundary (metadata lags): nothing to offload, HWM = the boundary partition', () => {
    const p = plan(lessThan('2024-03-01'), '2024-04-15');
    expect(p.partitions).toEqual([]);
    expect(p.alreadyOffloaded).toEqual(['P_OLD', 'P2024_01', 'P2024_02', 'P2024_03', 'P2024_04']);
    expect(p.highWaterMark).toEqual({ partition: 'P2024_02', value: '2024-03-01' });
  });

  describe('no identification: every value-bounded partition, OUT-OF-RANGE notices', () => {
    const NOTICES = [
      'Not offloading partition P_MAX with high_value of OUT-OF-RANGE',
      'Not offloading partition P_DEF with high_value of OUT-OF-RANGE',
    ];

    it('first run', () => {
      expect(summary(plan(NONE, null))).toEqual({
        partitions: RANGED,
        chunks: [RANGED],
        alreadyOffloaded: [],
        highWaterMark: { partition: 'P2024_04', value: '2024-05-01' },
        backendScope: 'column(TIME_ID) < datetime(2024-05-01)',
        notices: NOTICES,
      });
    });

    it('after February was loaded', () => {
      expect(summary(plan(NONE, '2024-02-10'))).toEqual({
        partitions: ['P2024_03', 'P2024_04'],
        chunks: [['P2024_03', 'P2024_04']],
        alreadyOffloaded: ['P_OLD', 'P2024_01', 'P2024_02'],
        highWaterMark: { partition: 'P2024_04', value: '2024-05-01' },
        backendScope: '(column(TIME_ID) >= datetime(2024-03-01) AND column(TIME_ID) < datetime(2024-05-01))',
        notices: NOTICES,
      });
    });

    it.each([
      ['inside the newest partition', '2024-04-30'],
      ['above every high value (out-of-range rows loaded earlier)', '2025-01-01'],
    ])('everything offloaded (backend max %s): no partitions, HWM = newest offloaded', (_, backendMax) => {
      expect(summary(plan(NONE, backendMax))).toEqual({
        partitions: [],
        chunks: [],
        alreadyOffloaded: RANGED,
        highWaterMark: { partition: 'P2024_04', value: '2024-05-01' },
        backendScope: undefined,
        notices: NOTICES,
      });
    });

    it('a less-than identification gives no OUT-OF-RANGE notices, even with a boundary above every value', () => {
      const p = plan(lessThan('2099-01-01'), null);
      expect(p.partitions).toEqual(RANGED);
      expect(p.notices).toEqual([]);
    });
  });

  describe('partition-name identification', () => {
    it.each([
      ['P2024_03', null, ['P_OLD', 'P2024_01', 'P2024_02', 'P2024_03']],
      ['P2024_03', '2024-01-15', ['P2024_02', 'P2024_03']],
      ['p2024_03', '2024-01-15', ['P2024_02', 'P2024_03']],
      ['P2024_03', '2024-03-31', []],
      ['P_OLD', null, ['P_OLD']],
    ] as const)('%s with backend max %s → %j, HWM = that partition', (name, backendMax, partitions) => {
      const p = plan({ kind: 'partition-name', name }, backendMax);
      expect(p.partitions).toEqual(partitions);
      expect(p.highWaterMark).toEqual(
        name.toUpperCase() === 'P_OLD'
          ? { partition: 'P_OLD', value: '2024-01-01' }
          : { partition: 'P2024_03', value: '2024-04-01' },
      );
      expect(p.notices).toEqual([]);
    });

    it('an unknown partition → "Partition X does not exist in OWNER.TABLE"', () => {
      const e = goeError(() => plan({ kind: 'partition-name', name: 'P2023_12' }, null));
      expect(e.code).toBe('OPTION_INVALID');
      expect(e.variable).toBe('--partition-names');
      expect(e.message).toBe('Partition P2023_12 does not exist in SH.SALES');
    });

    it.each(['P_MAX', 'p_max', 'P_DEF'])('%s (no high value) cannot be the high-water mark', (name) => {
      const e = goeError(() => plan({ kind: 'partition-name', name }, null));
      expect(e.code).toBe('OPTION_INVALID');
      expect(e.variable).toBe('--partition-names');
      expect(e.message).toBe(
        `Partition ${name} has no high value (MAXVALUE or DEFAULT): it cannot be the high-water mark`,
      );
    });
  });

  it('partitions given out of order are sorted by high value', () => {
    const shuffled = table([
      MONTHLY_PARTITIONS[6]!,
      MONTHLY_PARTITIONS[3]!,
      MONTHLY_PARTITIONS[5]!,
      MONTHLY_PARTITIONS[0]!,
      MONTHLY_PARTITIONS[4]!,
      MONTHLY_PARTITIONS[2]!,
      MONTHLY_PARTITIONS[1]!,
    ]);
    expect(summary(plan(lessThan('2024-05-01'), '2024-02-29', shuffled))).toEqual(
      summary(plan(lessThan('2024-05-01'), '2024-02-29')),
    );
    const all = plan(NONE, null, shuffled);
    expect(all.partitions).toEqual(RANGED);
    expect(all.notices).toEqual([
      'Not offloading partition P_DEF with high_value of OUT-OF-RANGE',
      'Not offloading partition P_MAX with high_value of OUT-OF-RANGE',
    ]);
  });

  it('a predicate identification is not planned here (INTERNAL)', () => {
    const e = goeError(() =>
      plan({ kind: 'predicate', predicate: keyComparison(DATE_KEY, '<', '2024-01-01'), dsl: 'x' }, null),
    );
    expect(e.code).toBe('INTERNAL');
    expect(e.message).toBe('planPartitionAppend does not plan predicate-based offloads');
  });

  it('a NULL bound is an ENGINE_ERROR naming the partition and key', () => {
    const t = table([part('P1', undefined, { kind: 'value', value: null, text: 'NULL' })]);
    const e = goeError(() => plan(NONE, null, t));
    expect(e.code).toBe('ENGINE_ERROR');
    expect(e.message).toBe('Partition P1 has a NULL bound on TIME_ID');
  });
});

describe('planPartitionAppend: lower bounds and gaps', () => {
  /** January, March and April; February was dropped. */
  const GAPS = table([
    part('P2024_01', v('2024-01-01'), v('2024-02-01')),
    part('P2024_03', v('2024-03-01'), v('2024-04-01')),
    part('P2024_04', v('2024-04-01'), v('2024-05-01')),
  ]);
  /** The same without recorded lower bounds (Oracle style): a lower bound is the previous high value. */
  const GAPS_NO_LOWER = table([
    part('P2024_01', undefined, v('2024-02-01')),
    part('P2024_03', undefined, v('2024-04-01')),
    part('P2024_04', undefined, v('2024-05-01')),
  ]);

  it('first run with an explicit lower bound on the first partition: scoped by `>=` and `<`', () => {
    expect(printPredicate(plan(lessThan('2024-05-01'), null, GAPS).backendScope!)).toBe(
      '(column(TIME_ID) >= datetime(2024-01-01) AND column(TIME_ID) < datetime(2024-05-01))',
    );
  });

  it('first run without recorded lower bounds: the first partition is open below (`<` only)', () => {
    expect(printPredicate(plan(lessThan('2024-05-01'), null, GAPS_NO_LOWER).backendScope!)).toBe(
      'column(TIME_ID) < datetime(2024-05-01)',
    );
  });

  it('after January: the explicit lower bound of March is used (not the dropped February bound)', () => {
    const p = plan(lessThan('2024-05-01'), '2024-01-20', GAPS);
    expect(p.partitions).toEqual(['P2024_03', 'P2024_04']);
    expect(p.alreadyOffloaded).toEqual(['P2024_01']);
    expect(printPredicate(p.backendScope!)).toBe(
      '(column(TIME_ID) >= datetime(2024-03-01) AND column(TIME_ID) < datetime(2024-05-01))',
    );
  });

  it('after January, lower bounds not recorded: the previous high value is the lower bound', () => {
    const p = plan(lessThan('2024-05-01'), '2024-01-20', GAPS_NO_LOWER);
    expect(p.partitions).toEqual(['P2024_03', 'P2024_04']);
    expect(printPredicate(p.backendScope!)).toBe(
      '(column(TIME_ID) >= datetime(2024-02-01) AND column(TIME_ID) < datetime(2024-05-01))',
    );
  });

  it('backend max inside the dropped range: March (lower bound 2024-03-01 > max) is not yet offloaded', () => {
    const p = plan(lessThan('2024-05-01'), '2024-02-15', GAPS);
    expect(p.alreadyOffloaded).toEqual(['P2024_01']);
    expect(p.partitions).toEqual(['P2024_03', 'P2024_04']);
  });

  it('backend max inside the dropped range, no lower bounds: March holds the max by high value (GOE rule)', () => {
    const p = plan(lessThan('2024-05-01'), '2024-02-15', GAPS_NO_LOWER);
    expect(p.alreadyOffloaded).toEqual(['P2024_01', 'P2024_03']);
    expect(p.partitions).toEqual(['P2024_04']);
  });

  it('all offloaded partitions dropped from the source: nothing left below the backend max (§2.9)', () => {
    const remaining = table([part('P2024_04', v('2024-04-01'), v('2024-05-01'))]);
    const p = plan(lessThan('2024-05-01'), '2024-04-30', remaining);
    expect(p.partitions).toEqual([]);
    expect(p.highWaterMark).toEqual({ partition: 'P2024_04', value: '2024-05-01' });
  });

  it('a MINVALUE lower bound on a later partition is treated as open', () => {
    const t = table([part('P_ANY', MINVALUE, v('2024-02-01'))]);
    expect(printPredicate(plan(NONE, null, t).backendScope!)).toBe('column(TIME_ID) < datetime(2024-02-01)');
  });
});

describe('planPartitionAppend: TIMESTAMP keys', () => {
  const HOURLY = table(
    [
      part('H00', v('2024-01-01 00:00:00'), v('2024-01-01 01:00:00')),
      part('H01', v('2024-01-01 01:00:00'), v('2024-01-01 02:00:00')),
      part('H02', v('2024-01-01 02:00:00'), v('2024-01-01 02:30:00.5')),
    ],
    ['TS'],
  );

  it('keeps the time part in the scope', () => {
    const p = plan(
      lessThan('2024-01-01 02:30:00.5', '--less-than-value'),
      '2024-01-01 00:59:59.999999',
      HOURLY,
      TS_KEY,
    );
    expect(p.partitions).toEqual(['H01', 'H02']);
    expect(p.highWaterMark).toEqual({ partition: 'H02', value: '2024-01-01 02:30:00.5' });
    expect(printPredicate(p.backendScope!)).toBe(
      '(column(TS) >= datetime(2024-01-01 01:00:00) AND column(TS) < datetime(2024-01-01 02:30:00.5))',
    );
  });

  it('a date boundary compares as midnight', () => {
    expect(plan(lessThan('2024-01-01'), null, HOURLY, TS_KEY).partitions).toEqual([]);
    expect(plan(lessThan('2024-01-02'), null, HOURLY, TS_KEY).partitions).toEqual(['H00', 'H01', 'H02']);
  });

  it('bounds written ISO-style (`T`), which compareKeyText accepts, give a scope instead of PREDICATE_INVALID', () => {
    const iso = table(
      [
        part('H00', v('2024-01-01T00:00:00'), v('2024-01-01T01:00:00')),
        part('H01', v('2024-01-01T01:00:00'), v('2024-01-01T02:00:00')),
      ],
      ['TS'],
    );
    const p = plan(NONE, null, iso, TS_KEY);
    expect(p.partitions).toEqual(['H00', 'H01']);
    expect(p.backendScope).toBeDefined();
  });
});

describe('planPartitionAppend: numeric keys', () => {
  /** Integer bounds given as JS numbers and bigints (beyond 2^53). */
  const BY_ID = table(
    [
      part('P_MAX', v(9007199254740993n), MAXVALUE),
      part('P3', v(2000), v(9007199254740993n)),
      part('P1', MINVALUE, v(100)),
      part('P2', v(100), v(2000)),
    ],
    ['ID'],
  );

  it('sorts numerically (100 < 2000 < 9007199254740993), first run', () => {
    expect(summary(plan(NONE, null, BY_ID, ID_KEY))).toEqual({
      partitions: ['P1', 'P2', 'P3'],
      chunks: [['P1', 'P2', 'P3']],
      alreadyOffloaded: [],
      highWaterMark: { partition: 'P3', value: '9007199254740993' },
      backendScope: 'column(ID) < numeric(9007199254740993)',
      notices: ['Not offloading partition P_MAX with high_value of OUT-OF-RANGE'],
    });
  });

  it('--less-than-value 2000 with the backend holding up to 99', () => {
    expect(summary(plan(lessThan('2000', '--less-than-value'), '99', BY_ID, ID_KEY))).toEqual({
      partitions: ['P2'],
      chunks: [['P2']],
      alreadyOffloaded: ['P1'],
      highWaterMark: { partition: 'P2', value: '2000' },
      backendScope: '(column(ID) >= numeric(100) AND column(ID) < numeric(2000))',
      notices: [],
    });
  });

  it('--less-than-value written as a decimal compares exactly (2000.0 = 2000, 1999.99 < 2000)', () => {
    expect(plan(lessThan('2000.0', '--less-than-value'), null, BY_ID, ID_KEY).partitions).toEqual(['P1', 'P2']);
    expect(plan(lessThan('1999.99', '--less-than-value'), null, BY_ID, ID_KEY).partitions).toEqual(['P1']);
  });

  it('compares big values exactly: a backend max of 2^53 does not reach a lower bound of 2^53 + 1', () => {
    const t = table(
      [part('LOW', v(0), v(9007199254740993n)), part('HIGH', v(9007199254740993n), v(9007199254740995n))],
      ['ID'],
    );
    const p = plan(NONE, '9007199254740992', t, ID_KEY);
    expect(p.alreadyOffloaded).toEqual(['LOW']);
    expect(p.partitions).toEqual(['HIGH']);
    expect(printPredicate(p.backendScope!)).toBe(
      '(column(ID) >= numeric(9007199254740993) AND column(ID) < numeric(9007199254740995))',
    );
  });

  it('DECIMAL keys', () => {
    const t = table(
      [part('A', MINVALUE, v('0.5')), part('B', v('0.5'), v('1.25')), part('C', v('1.25'), v('10'))],
      ['AMOUNT'],
    );
    const p = plan(lessThan('10.00', '--less-than-value'), '0.75', t, AMOUNT_KEY);
    expect(p.partitions).toEqual(['C']);
    expect(p.alreadyOffloaded).toEqual(['A', 'B']);
    expect(printPredicate(p.backendScope!)).toBe('(column(AMOUNT) >= numeric(1.25) AND column(AMOUNT) < numeric(10))');
  });

  it('a backend max equal to a lower bound written differently (100.0 vs 100) counts as holding it', () => {
    expect(plan(NONE, '100.0', BY_ID, ID_KEY).partitions).toEqual(['P3']);
  });
});

describe('planPartitionAppend: string keys', () => {
  const BY_REGION = table(
    [
      part('P_A_E', MINVALUE, v('F')),
      part('P_F_L', v('F'), v('M')),
      part('P_M_S', v('M'), v('T')),
      part('P_REST', v('T'), MAXVALUE),
    ],
    ['REGION_CODE'],
  );

  it('first run up to M', () => {
    expect(summary(plan(lessThan('M', '--less-than-value'), null, BY_REGION, REGION_KEY))).toEqual({
      partitions: ['P_A_E', 'P_F_L'],
      chunks: [['P_A_E', 'P_F_L']],
      alreadyOffloaded: [],
      highWaterMark: { partition: 'P_F_L', value: 'M' },
      backendScope: 'column(REGION_CODE) < string("M")',
      notices: [],
    });
  });

  it('later run: backend max "Gamma" lies in [F, M)', () => {
    const p = plan(lessThan('T', '--less-than-value'), 'Gamma', BY_REGION, REGION_KEY);
    expect(p.alreadyOffloaded).toEqual(['P_A_E', 'P_F_L']);
    expect(p.partitions).toEqual(['P_M_S']);
    expect(printPredicate(p.backendScope!)).toBe(
      '(column(REGION_CODE) >= string("M") AND column(REGION_CODE) < string("T"))',
    );
  });

  it('compares by code point: a lower-case backend max sorts after every upper-case bound', () => {
    expect(plan(NONE, 'alpha', BY_REGION, REGION_KEY).partitions).toEqual([]);
  });
});

describe('planPartitionAppend: refused identification values', () => {
  it.each<[string, DataIdentification, SourceTable, PartitionAppendKey, string, string]>([
    [
      'a --less-than-value that is not a date, on a DATE key',
      lessThan('March', '--less-than-value'),
      MONTHLY,
      DATE_KEY,
      '--less-than-value',
      'Invalid --less-than-value value for partition key TIME_ID (DATE): March',
    ],
    [
      'an unpadded date on a DATE key',
      lessThan('2024-3-1', '--less-than-value'),
      MONTHLY,
      DATE_KEY,
      '--less-than-value',
      'Invalid --less-than-value value for partition key TIME_ID (DATE): 2024-3-1',
    ],
    [
      'a date on an integer key',
      lessThan('2024-03-01', '--less-than-value'),
      table([part('P1', undefined, v(100))], ['ID']),
      ID_KEY,
      '--less-than-value',
      'Invalid --less-than-value value for partition key ID (INTEGER_8): 2024-03-01',
    ],
    [
      'a number in exponent form on a DECIMAL key',
      lessThan('1e3', '--less-than-value'),
      table([part('P1', undefined, v('10'))], ['AMOUNT']),
      AMOUNT_KEY,
      '--less-than-value',
      'Invalid --less-than-value value for partition key AMOUNT (DECIMAL): 1e3',
    ],
    [
      '--older-than-date on a string key',
      lessThan('2024-03-01'),
      table([part('P1', undefined, v('M'))], ['REGION_CODE']),
      REGION_KEY,
      '--older-than-date',
      '--older-than-date needs a date or timestamp partition key; REGION_CODE is VARIABLE_STRING (use --less-than-value)',
    ],
  ])('%s', (_, identification, t, key, variable, message) => {
    const e = goeError(() => planPartitionAppend({ table: t, key, identification, backendMax: null }));
    expect(e.code).toBe('OPTION_INVALID');
    expect(e.variable).toBe(variable);
    expect(e.message).toBe(message);
  });

  it('--older-than-date on a numeric key is refused, naming the option', () => {
    const e = goeError(() =>
      planPartitionAppend({
        table: table([part('P1', undefined, v(100))], ['ID']),
        key: ID_KEY,
        identification: lessThan('2024-03-01'),
        backendMax: null,
      }),
    );
    expect(e.code).toBe('OPTION_INVALID');
    expect(e.variable).toBe('--older-than-date');
    expect(e.message).toBe(
      '--older-than-date needs a date or timestamp partition key; ID is INTEGER_8 (use --less-than-value)',
    );
  });

  it('--older-than-days on a string key is refused like --older-than-date', () => {
    const e = goeError(() =>
      planPartitionAppend({
        table: table([part('P1', undefined, v('M'))], ['REGION_CODE']),
        key: REGION_KEY,
        identification: lessThan('2024-03-01', '--older-than-days'),
        backendMax: null,
      }),
    );
    expect(e.code).toBe('OPTION_INVALID');
    expect(e.variable).toBe('--older-than-days');
  });

  it('an impossible --less-than-value date (2024-02-30) on a DATE key is refused', () => {
    const e = goeError(() => plan(lessThan('2024-02-30', '--less-than-value'), null));
    expect(e.code).toBe('OPTION_INVALID');
    expect(e.variable).toBe('--less-than-value');
  });
});

describe('planPartitionAppend: chunks', () => {
  it('maxChunkCount splits oldest first', () => {
    expect(plan(NONE, null, MONTHLY, DATE_KEY, { maxChunkCount: 2 }).chunks).toEqual([
      ['P_OLD', 'P2024_01'],
      ['P2024_02', 'P2024_03'],
      ['P2024_04'],
    ]);
    expect(plan(NONE, null, MONTHLY, DATE_KEY, { maxChunkCount: 1 }).chunks).toEqual(RANGED.map((p) => [p]));
  });

  it('maxChunkBytes (sizes 500, 100, 100, 300, 50; limit 250): a partition bigger than the limit is alone', () => {
    expect(plan(NONE, null, MONTHLY, DATE_KEY, { maxChunkBytes: 250 }).chunks).toEqual([
      ['P_OLD'],
      ['P2024_01', 'P2024_02'],
      ['P2024_03'],
      ['P2024_04'],
    ]);
  });

  it('both limits together', () => {
    expect(plan(NONE, null, MONTHLY, DATE_KEY, { maxChunkBytes: 1000, maxChunkCount: 2 }).chunks).toEqual([
      ['P_OLD', 'P2024_01'],
      ['P2024_02', 'P2024_03'],
      ['P2024_04'],
    ]);
  });

  it('chunks cover only the partitions of this run', () => {
    const p = plan(lessThan('2024-05-01'), '2024-02-29', MONTHLY, DATE_KEY, { maxChunkBytes: 300 });
    expect(p.chunks).toEqual([['P2024_03'], ['P2024_04']]);
    expect(p.chunks.flat()).toEqual(p.partitions);
  });

  it('defaults: 150 partitions → chunks of 100 and 50', () => {
    const many = table(
      Array.from({ length: 150 }, (_, i) => part(`P${String(i).padStart(3, '0')}`, undefined, v(i + 1))),
      ['ID'],
    );
    const p = plan(NONE, null, many, ID_KEY);
    expect(p.chunks.map((c) => c.length)).toEqual([100, 50]);
    expect(p.chunks.flat()).toEqual(p.partitions);
  });
});

describe('chunkPartitions', () => {
  const P = (name: string, sizeBytes?: number) => (sizeBytes === undefined ? { name } : { name, sizeBytes });

  it.each<[string, ReturnType<typeof P>[], number, number, string[][]]>([
    ['empty', [], 10, 100, []],
    ['count only', [P('A'), P('B'), P('C')], 2, Infinity, [['A', 'B'], ['C']]],
    ['count 1', [P('A'), P('B')], 1, Infinity, [['A'], ['B']]],
    ['count exactly reached', [P('A'), P('B')], 2, Infinity, [['A', 'B']]],
    ['unknown sizes count as 0 bytes', [P('A'), P('B'), P('C')], 10, 1, [['A', 'B', 'C']]],
    ['sum exactly at the limit stays together', [P('A', 60), P('B', 40), P('C', 1)], 10, 100, [['A', 'B'], ['C']]],
    ['one byte over the limit splits', [P('A', 60), P('B', 41)], 10, 100, [['A'], ['B']]],
    [
      'a partition bigger than the limit is alone',
      [P('A', 10), P('HUGE', 1000), P('C', 10)],
      10,
      100,
      [['A'], ['HUGE'], ['C']],
    ],
    ['a first partition bigger than the limit', [P('HUGE', 1000), P('B', 1)], 10, 100, [['HUGE'], ['B']]],
    [
      'mixed known and unknown sizes',
      [P('A', 90), P('B'), P('C', 20), P('D')],
      10,
      100,
      [
        ['A', 'B'],
        ['C', 'D'],
      ],
    ],
  ])('%s', (_, partitions, maxCount, maxBytes, expected) => {
    expect(chunkPartitions(partitions, maxCount, maxBytes)).toEqual(expected);
  });
});

describe('partitionsBetween', () => {
  it.each<[string, string, string[]]>([
    ['2024-02-01', '2024-04-01', ['P2024_02', 'P2024_03']],
    ['2024-03-01', '2024-04-01', ['P2024_03']],
    ['2024-03-01', '2024-03-01', []],
    ['2024-03-01', '2024-03-31', []],
    ['2023-01-01', '2024-02-01', ['P_OLD', 'P2024_01']],
    ['2024-01-15', '2024-03-15', ['P2024_01', 'P2024_02']],
    ['2024-04-01', '2099-12-31', ['P2024_04']],
    ['2024-05-01', '2099-12-31', []],
    ['2024-02-01 00:00:00', '2024-03-01T00:00:00', ['P2024_02']],
  ])('above %s, up to %s → %j (MAXVALUE and DEFAULT never included)', (above, upTo, expected) => {
    expect(partitionsBetween(MONTHLY, DATE_KEY, above, upTo)).toEqual(expected);
  });

  it('sorts by high value, not by name or input order', () => {
    const t = table(
      [
        part('Z', undefined, v(10)),
        part('A', undefined, v(1000)),
        part('M', undefined, v(9)),
        part('MAX', undefined, MAXVALUE),
      ],
      ['ID'],
    );
    expect(partitionsBetween(t, ID_KEY, '0', '100000')).toEqual(['M', 'Z', 'A']);
  });

  it('refuses malformed boundaries', () => {
    expect(goeError(() => partitionsBetween(MONTHLY, DATE_KEY, 'x', '2024-04-01')).code).toBe('OPTION_INVALID');
  });
});
