import { expect } from 'vitest';
import {
  DEFAULT_BACKEND_CAPABILITIES,
  DEFAULT_MAX_SORT_COLUMNS,
  DEFAULT_PARTITION_DIGITS,
  applyDataTypeControls,
  canonicalColumn,
  isGoeError,
  normalizePartitionBound,
  normalizePartitionFunction,
  planBackendPartitioning,
  type BackendClustering,
  type BackendPartitioning,
  type GoeError,
  type PartitionControls,
  type PartitionPlanInput,
  type SourceColumn,
} from '@goe/core';
import { ruleCase, ruleSuite } from '../support/rule-case.js';
import { BIGQUERY_LIMITS, SALES, sourceColumn } from '../types/fixtures.js';

const TABLE: readonly SourceColumn[] = [
  ...SALES,
  sourceColumn('region', 'varchar', { dataType: 'VARIABLE_STRING', dataLength: 20, charLength: 5 }),
  sourceColumn('span', 'interval', { dataType: 'INTERVAL_DS' }),
];

type Backend = Omit<PartitionPlanInput, 'sourceColumns'> & {
  readonly capabilities: { readonly partitioning: BackendPartitioning; readonly clustering: BackendClustering };
};
const partitioning = (o: Partial<BackendPartitioning>): BackendPartitioning => ({
  ...DEFAULT_BACKEND_CAPABILITIES.partitioning,
  ...o,
});
/** Changes a fixture backend's declared traits. */
const withTraits = (
  backend: Backend,
  p: Partial<BackendPartitioning>,
  c: Partial<BackendClustering> = {},
): Backend => ({
  ...backend,
  capabilities: {
    partitioning: { ...backend.capabilities.partitioning, ...p },
    clustering: { ...backend.capabilities.clustering, ...c },
  },
});

/** GOE's BigQuery traits, declared as data the way a backend adapter declares them. */
const BIGQUERY: Backend = {
  backendName: 'BigQuery',
  capabilities: {
    partitioning: partitioning({
      kinds: ['date', 'integer-range', 'function'],
      maxColumns: 1,
      integerRange: { min: -(2n ** 63n), max: 2n ** 63n - 1n },
    }),
    clustering: { maxColumns: 4, defaultToPrimaryKey: true },
  },
};
/** GOE's Hadoop (Hive) traits: string partitions, always synthetic, zero-padded string numbers. */
const HIVE: Backend = {
  backendName: 'Hive',
  capabilities: {
    partitioning: partitioning({
      kinds: ['date', 'integer-range', 'string'],
      maxColumns: 100,
      synthetic: 'always',
      syntheticNumbers: 'string',
    }),
    clustering: { maxColumns: DEFAULT_MAX_SORT_COLUMNS, defaultToPrimaryKey: false },
  },
};
/** A backend that clusters but cannot partition. */
const SNOWFLAKE: Backend = {
  backendName: 'Snowflake',
  capabilities: {
    partitioning: partitioning({}),
    clustering: { maxColumns: DEFAULT_MAX_SORT_COLUMNS, defaultToPrimaryKey: false },
  },
};

function plan(controls: PartitionControls, backend = BIGQUERY, extra: Partial<PartitionPlanInput> = {}) {
  return planBackendPartitioning(controls, { sourceColumns: TABLE, ...backend, ...extra });
}

function errorOf(fn: () => unknown): GoeError {
  try {
    fn();
  } catch (e) {
    if (isGoeError(e)) return e;
    throw e;
  }
  throw new Error('expected a GoeError');
}

const range = { sourcePartitioning: { method: 'range' as const, columns: ['sale_date'] } };
const list = (...columns: string[]) => ({ sourcePartitioning: { method: 'list' as const, columns } });

ruleSuite('backend partition columns (§5.4)', () => {
  ruleCase(
    'T5.4-partition-columns-option',
    '--partition-columns accepts names and wildcards, case-insensitively',
    () => {
      const { spec } = plan({ partitionColumns: 'SALE_*' });
      expect(spec.columns.map((c) => c.sourceColumn)).toEqual(['SALE_DATE']);
      expect(plan({ partitionColumns: ['Created'] }).spec.columns[0]).toMatchObject({
        sourceColumn: 'CREATED',
        backendColumn: 'created',
      });
    },
  );
  ruleCase('T5.4-default-rdbms', 'without --partition-columns the RDBMS partition columns are used', () => {
    const { spec, columns } = plan({}, BIGQUERY, range);
    expect(spec.columns).toEqual([
      { sourceColumn: 'SALE_DATE', backendColumn: 'sale_date', synthetic: false, granularity: 'M', digits: 1 },
    ]);
    expect(columns.find((c) => c.name === 'sale_date')?.partitionInfo).toEqual({
      position: 0,
      sourceColumnName: 'sale_date',
      granularity: 'M',
      digits: 1,
    });
    expect(plan({}, HIVE, list('sale_date', 'qty')).spec.columns.map((c) => c.backendColumn)).toEqual([
      'GOE_PART_D_SALE_DATE',
      'GOE_PART_000000000000001_QTY',
    ]);
  });
  ruleCase('T5.4-default-none-no-partitioning', 'no default on a backend that cannot partition', () => {
    const result = plan({}, SNOWFLAKE, range);
    expect(result.spec.columns).toEqual([]);
    expect(result.notices).toEqual([]);
  });
  ruleCase('T5.4-default-none-hash', 'no default for HASH partitioned sources, with a notice', () => {
    const result = plan({}, BIGQUERY, { sourcePartitioning: { method: 'hash', columns: ['id'] } });
    expect(result.spec.columns).toEqual([]);
    expect(result.notices).toEqual([
      'Backend partition columns not seeded by RDBMS partition columns for HASH partitioned table',
    ]);
  });
  ruleCase('T5.4-default-drop-interval', 'INTERVAL keys are dropped from the default, and stay dropped', () => {
    const result = plan({}, HIVE, { sourcePartitioning: { method: 'range', columns: ['span'] } });
    expect(result.spec.columns).toEqual([]);
    expect(result.notices).toEqual([
      'INTERVAL RDBMS partition columns cannot be used to partition the backend table. Table will be offloaded to a non-partitioned table.',
    ]);
    const mixed = plan({}, withTraits(BIGQUERY, { maxColumns: 3 }), {
      sourcePartitioning: { method: 'range', columns: ['span', 'region', 'sale_date'] },
    });
    expect(mixed.spec.columns.map((c) => c.sourceColumn)).toEqual(['SALE_DATE']);
    expect(mixed.notices).toEqual([
      'INTERVAL RDBMS partition columns cannot be used to partition the backend table',
      'Character-based RDBMS partition columns cannot be used to partition the backend table without corresponding partition functions',
    ]);
  });
  ruleCase('T5.4-default-drop-string', 'string keys are dropped without string partitioning or functions', () => {
    const result = plan({}, BIGQUERY, { sourcePartitioning: { method: 'list', columns: ['region'] } });
    expect(result.spec.columns).toEqual([]);
    expect(result.notices).toEqual([
      'Character-based RDBMS partition columns cannot be used to partition the backend table without corresponding partition functions. Table will be offloaded to a non-partitioned table.',
    ]);
    expect(plan({}, HIVE, list('region')).spec.columns.map((c) => c.backendColumn)).toEqual(['GOE_PART_20_REGION']);
    const withFn = plan(
      {
        partitionFunctions: 'udfs.region_band',
        partitionLowerValue: 0,
        partitionUpperValue: 100,
        partitionGranularity: '1',
      },
      BIGQUERY,
      list('region'),
    );
    expect(withFn.spec.columns[0]).toMatchObject({
      sourceColumn: 'REGION',
      backendColumn: 'GOE_PART_U0_REGION',
      function: 'udfs.region_band',
    });
  });
  ruleCase('T5.4-too-many', 'more columns than the backend allows fail with GOE’s text', () => {
    const e = errorOf(() => plan({ partitionColumns: 'sale_date,qty' }));
    expect(e.message).toBe('Too many partition columns for backend system: sale_date,qty');
    expect(e.hint).toMatch(/BigQuery allows at most 1 partition column/);
    expect(() => plan({}, BIGQUERY, { sourcePartitioning: { method: 'range', columns: ['sale_date', 'id'] } })).toThrow(
      /^Too many partition columns for backend system: sale_date,id$/,
    );
  });
  ruleCase('T5.4-no-partitioning', 'partition columns on a backend without partitioning are refused', () => {
    const e = errorOf(() => plan({ partitionColumns: 'sale_date' }, SNOWFLAKE));
    expect(e.message).toBe('Too many partition columns for backend system: sale_date');
    expect(e.hint).toBe('Snowflake cannot partition tables; remove --partition-columns');
    expect(e.code).toBe('OPTION_INVALID');
  });
  ruleCase('T5.4-granularity-list-number', 'a LIST number key defaults to 1', () => {
    const result = plan({ partitionLowerValue: 0, partitionUpperValue: 1000 }, BIGQUERY, list('qty'));
    expect(result.spec.columns[0]).toMatchObject({
      granularity: '1',
      synthetic: false,
      lowerValue: '0',
      upperValue: '1000',
    });
    expect(result.notices).toEqual(['Defaulting granularity to 1 for LIST partition column: qty']);
  });
  ruleCase('T5.4-granularity-list-string', 'a LIST string key defaults to its byte length', () => {
    expect(plan({}, HIVE, list('region')).spec.columns[0]).toMatchObject({ granularity: '20', digits: 15 });
    expect(plan({ partitionColumns: 'region' }, HIVE, list('REGION')).notices).toEqual([
      'Defaulting granularity to 20 for LIST partition column: region',
    ]);
  });
  ruleCase('T5.4-granularity-list-date', 'a LIST date key defaults to D unless landed as string', () => {
    expect(plan({}, BIGQUERY, list('sale_date')).spec.columns[0]).toMatchObject({ granularity: 'D' });
    const landed = applyDataTypeControls(
      TABLE,
      { variableStringColumns: 'sale_date' },
      { backend: BIGQUERY_LIMITS },
    ).columns;
    const e = errorOf(() => plan({}, HIVE, { ...list('sale_date'), finalColumns: landed }));
    expect(e.message).toBe(
      'Partition granularity (--partition-granularity) mandatory for column/data type: sale_date/date (as variable string)',
    );
    expect(
      plan({ partitionGranularity: '7' }, HIVE, { ...list('sale_date'), finalColumns: landed }).spec.columns[0],
    ).toMatchObject({
      backendColumn: 'GOE_PART_7_SALE_DATE',
      granularity: '7',
      digits: 1,
    });
  });
  ruleCase('T5.4-granularity-date-default', 'other date columns take the backend default (M)', () => {
    expect(plan({ partitionColumns: 'created' }).spec.columns[0]!.granularity).toBe('M');
    expect(plan({ partitionColumns: 'created' }, HIVE).spec.columns[0]).toMatchObject({
      backendColumn: 'GOE_PART_M_CREATED',
      granularity: 'M',
    });
    const daily = withTraits(BIGQUERY, { defaultDateGranularity: 'D' });
    expect(plan({ partitionColumns: 'created' }, daily).spec.columns[0]!.granularity).toBe('D');
  });
  ruleCase('T5.4-granularity-missing', 'numbers, strings and function keys without a granularity fail', () => {
    expect(errorOf(() => plan({ partitionColumns: 'qty' })).message).toBe(
      'Partition granularity (--partition-granularity) mandatory for column/data type: qty/integer',
    );
    expect(errorOf(() => plan({ partitionColumns: 'region' }, HIVE)).message).toMatch(
      /mandatory for column\/data type: region\/varchar$/,
    );
    expect(errorOf(() => plan({ partitionColumns: 'region', partitionFunctions: 'db.f' })).message).toMatch(
      /mandatory .*: region\/varchar$/,
    );
  });
  ruleCase('T5.4-granularity-count', 'one granularity per partition column; empty items take the default', () => {
    const hive2 = plan({ partitionColumns: 'sale_date,qty', partitionGranularity: ',1000' }, HIVE);
    expect(hive2.spec.columns.map((c) => c.granularity)).toEqual(['M', '1000']);
    expect(errorOf(() => plan({ partitionColumns: 'sale_date', partitionGranularity: 'M,D' })).message).toBe(
      'Backend partition granularity "M,D" should have 1 elements (sale_date)',
    );
  });
  ruleCase('T5.4-granularity-date-valid', 'dates need Y, M or D (any case)', () => {
    expect(plan({ partitionColumns: 'created', partitionGranularity: 'y' }).spec.columns[0]!.granularity).toBe('Y');
    expect(errorOf(() => plan({ partitionColumns: 'created', partitionGranularity: 'W' })).message).toBe(
      'Partition granularity W not valid for column/data type: created/timestamp',
    );
    expect(() => plan({ partitionColumns: 'created', partitionGranularity: '10' })).toThrow(/granularity 10 not valid/);
  });
  ruleCase('T5.4-granularity-digits', 'numbers and strings need a positive integer granularity', () => {
    expect(errorOf(() => plan({ partitionColumns: 'qty', partitionGranularity: 'M' }, HIVE)).message).toBe(
      'Partition granularity M not valid for column/data type: qty/integer',
    );
    expect(() => plan({ partitionColumns: 'region', partitionGranularity: '-2' }, HIVE)).toThrow(
      /granularity -2 not valid/,
    );
    expect(() => plan({ partitionColumns: 'qty', partitionGranularity: '0' }, HIVE)).toThrow(/granularity 0 not valid/);
    expect(plan({ partitionColumns: 'qty', partitionGranularity: '1000' }, HIVE).spec.columns[0]!.granularity).toBe(
      '1000',
    );
  });
  ruleCase(
    'T5.4-string-not-supported',
    'strings and dates landed as strings need string partitioning or a function',
    () => {
      expect(errorOf(() => plan({ partitionColumns: 'region', partitionGranularity: '2' })).message).toBe(
        'String columns cannot be used to partition the backend table without corresponding partition functions: region',
      );
      const noFn = withTraits(BIGQUERY, { kinds: ['date', 'integer-range'] });
      expect(errorOf(() => plan({ partitionColumns: 'region', partitionGranularity: '2' }, noFn)).message).toBe(
        'String columns cannot be used to partition the backend table: region',
      );
      const landed = applyDataTypeControls(
        TABLE,
        { variableStringColumns: 'created' },
        { backend: BIGQUERY_LIMITS },
      ).columns;
      expect(() =>
        plan({ partitionColumns: 'created', partitionGranularity: '4' }, BIGQUERY, { finalColumns: landed }),
      ).toThrow(
        /^String columns cannot be used to partition the backend table without corresponding partition functions: created$/,
      );
    },
  );
  ruleCase(
    'T5.4-info-digits',
    'dates 1, integer synthetic numbers none, string synthetic numbers --partition-digits',
    () => {
      expect(DEFAULT_PARTITION_DIGITS).toBe(15);
      expect(plan({ partitionColumns: 'created' }).spec.columns[0]!.digits).toBe(1);
      const bqNum = plan({
        partitionColumns: 'price',
        partitionGranularity: '100',
        partitionLowerValue: 0,
        partitionUpperValue: 10000,
      }).spec.columns[0]!;
      expect(bqNum).toMatchObject({ backendColumn: 'GOE_PART_100_PRICE', synthetic: true });
      expect(bqNum.digits).toBeUndefined();
      expect(plan({ partitionColumns: 'qty', partitionGranularity: '1000' }, HIVE).spec.columns[0]).toMatchObject({
        backendColumn: 'GOE_PART_000000000001000_QTY',
        digits: 15,
      });
      expect(
        plan({ partitionColumns: 'qty', partitionGranularity: '1000', partitionDigits: 6 }, HIVE).spec.columns[0],
      ).toMatchObject({
        backendColumn: 'GOE_PART_001000_QTY',
        digits: 6,
      });
      expect(() => plan({ partitionColumns: 'qty', partitionGranularity: '10', partitionDigits: 0 }, HIVE)).toThrow(
        /--partition-digits, must be a positive integer/,
      );
    },
  );
  ruleCase('T5.4-info-fields', 'partition info carries position, source, granularity, function and bounds', () => {
    const result = plan({
      partitionColumns: 'qty',
      partitionGranularity: '10',
      partitionLowerValue: '-100',
      partitionUpperValue: '100',
    });
    expect(result.columns.find((c) => c.name === 'qty')?.partitionInfo).toEqual({
      position: 0,
      sourceColumnName: 'qty',
      granularity: '10',
      rangeStart: '-100',
      rangeEnd: '100',
    });
    const hive = plan({ partitionColumns: 'sale_date,region', partitionGranularity: 'Y,3' }, HIVE);
    expect(
      hive.columns
        .filter((c) => c.partitionInfo)
        .map((c) => [c.name, c.partitionInfo!.position, c.partitionInfo!.granularity]),
    ).toEqual([
      ['sale_date', 0, 'Y'],
      ['region', 1, '3'],
    ]);
  });
  ruleCase('T5.4-functions-bigquery-only', 'partition functions need a backend with partition functions', () => {
    expect(
      errorOf(() => plan({ partitionColumns: 'region', partitionFunctions: 'db.f', partitionGranularity: '1' }, HIVE))
        .message,
    ).toBe('Offload partition functions are not supported on Hive');
    const { spec } = plan({
      partitionColumns: 'qty',
      partitionFunctions: 'udfs.band',
      partitionGranularity: '1',
      partitionLowerValue: 0,
      partitionUpperValue: 9,
    });
    expect(spec.columns[0]).toEqual({
      sourceColumn: 'QTY',
      backendColumn: 'GOE_PART_U0_QTY',
      synthetic: true,
      granularity: '1',
      lowerValue: '0',
      upperValue: '9',
      function: 'udfs.band',
    });
  });
  ruleCase('T5.4-functions-form', 'a function must be DB.NAME (or take the default database)', () => {
    expect(normalizePartitionFunction('db.fn')).toBe('db.fn');
    expect(normalizePartitionFunction('fn', 'udfs')).toBe('udfs.fn');
    expect(() => normalizePartitionFunction('fn')).toThrow('Offload partition function is missing database name: fn');
    expect(() => normalizePartitionFunction('a.b.c')).toThrow(/must be given as DB.NAME: a.b.c/);
    expect(() =>
      plan({
        partitionColumns: 'qty',
        partitionFunctions: 'band',
        partitionGranularity: '1',
        partitionLowerValue: 0,
        partitionUpperValue: 9,
      }),
    ).toThrow(/missing database name: band/);
  });
  ruleCase('T5.4-functions-count', 'one function per partition column (empty items allowed)', () => {
    const bq2 = withTraits(BIGQUERY, { maxColumns: 2 });
    expect(
      errorOf(() => plan({ partitionColumns: 'qty', partitionFunctions: 'a.f,b.g', partitionGranularity: '1' }, bq2))
        .message,
    ).toBe('Offload partition functions "a.f,b.g" should have 1 elements to match partition columns: qty');
    const mixed = plan(
      {
        partitionColumns: 'sale_date,region',
        partitionFunctions: ',db.f',
        partitionGranularity: 'M,1',
        partitionLowerValue: 0,
        partitionUpperValue: 9,
      },
      bq2,
    );
    expect(mixed.spec.columns.map((c) => c.function)).toEqual([undefined, 'db.f']);
  });
  ruleCase('T5.4-chunk-column', '--offload-chunk-column must be a partition column', () => {
    expect(errorOf(() => plan({ partitionColumns: 'created', offloadChunkColumn: 'qty' })).message).toBe(
      'Unknown partition column supplied as --offload-chunk-column: QTY',
    );
    expect(() => plan({ offloadChunkColumn: 'qty' })).toThrow(/--offload-chunk-column: QTY/);
    expect(plan({ partitionColumns: 'created', offloadChunkColumn: 'Created' }).spec.columns).toHaveLength(1);
  });
  ruleCase('T5.4-bounds-integral', 'bounds must be integral; negatives allowed', () => {
    expect(normalizePartitionBound(' -10 ', '--partition-lower-value')).toBe('-10');
    expect(normalizePartitionBound(12n, '--partition-upper-value')).toBe('12');
    expect(normalizePartitionBound('007', '--partition-upper-value')).toBe('7');
    expect(normalizePartitionBound(undefined, '--partition-upper-value')).toBeUndefined();
    expect(() => normalizePartitionBound('1.5', '--partition-lower-value')).toThrow(
      'Invalid value for --partition-lower-value, must be an integral number: 1.5',
    );
    expect(() => normalizePartitionBound(1e21, '--partition-upper-value')).toThrow(/must be an integral number/);
    expect(() =>
      plan({ partitionColumns: 'qty', partitionGranularity: '1', partitionLowerValue: 10, partitionUpperValue: 10 }),
    ).toThrow('--partition-lower-value must be less than --partition-upper-value: 10 >= 10');
  });
});

ruleSuite('sort columns (§5.4)', () => {
  ruleCase('T5.4-sort-option', '--sort-columns takes names, wildcards or NONE', () => {
    const result = plan({ sortColumns: 'id,created*' });
    expect(result.spec.sortColumns).toEqual(['ID', 'CREATED', 'CREATED_TZ']);
    expect(result.sortColumnsSpecified).toBe(true);
    expect(plan({ sortColumns: 'none' }, BIGQUERY, { primaryKey: ['id'] })).toMatchObject({
      spec: { sortColumns: [] },
      sortColumnsSpecified: true,
    });
  });
  ruleCase('T5.4-sort-unknown', 'unknown sort columns fail', () => {
    expect(errorOf(() => plan({ sortColumns: 'id,nope,zz*' })).message).toBe(
      "Unknown columns specified for backend sorting: ['NOPE', 'ZZ*']",
    );
  });
  ruleCase('T5.4-sort-max', 'more sort columns than the backend maximum fail', () => {
    expect(errorOf(() => plan({ sortColumns: 'id,qty,price,rate,ratio' })).message).toBe(
      'Too many sort columns specified for backend system: 5 > 4',
    );
    expect(plan({ sortColumns: 'id,qty,price,rate,ratio' }, HIVE).spec.sortColumns).toHaveLength(5);
    const noSort = withTraits(HIVE, {}, { maxColumns: 0 });
    const e = errorOf(() => plan({ sortColumns: 'id' }, noSort));
    expect(e.message).toBe('Too many sort columns specified for backend system: 1 > 0');
    expect(e.hint).toMatch(/cannot sort/);
  });
  ruleCase(
    'T5.4-sort-default-pk',
    'a first offload without --sort-columns clusters by the primary key where the backend wants it',
    () => {
      expect(plan({}, BIGQUERY, { primaryKey: ['id'] })).toMatchObject({
        spec: { sortColumns: ['ID'] },
        sortColumnsSpecified: false,
      });
      expect(plan({}, HIVE, { primaryKey: ['id'] }).spec.sortColumns).toEqual([]);
      const long = plan({}, BIGQUERY, { primaryKey: ['id', 'qty', 'price', 'rate', 'ratio'] });
      expect(long.spec.sortColumns).toEqual(['ID', 'QTY', 'PRICE', 'RATE']);
      expect(long.notices).toEqual(['Sorting by the first 4 primary key columns (backend maximum): ID,QTY,PRICE,RATE']);
      expect(plan({}, BIGQUERY, { primaryKey: ['id'], existingBackendTable: true }).spec.sortColumns).toEqual([]);
    },
  );
  ruleCase('T5.4-sort-type', 'a type the backend cannot sort by fails', () => {
    const synapse = {
      ...withTraits(HIVE, {}, { isValidType: (c: { dataType: string }) => c.dataType !== 'VARIABLE_STRING' }),
      backendName: undefined,
    };
    expect(errorOf(() => plan({ sortColumns: 'id,name' }, synapse)).message).toBe(
      'Column is not valid for backend sorting: name/VARIABLE_STRING',
    );
    expect(plan({ sortColumns: 'id' }, synapse).spec.sortColumns).toEqual(['ID']);
  });
  ruleCase(
    'T5.4-append-ignored',
    'on append partition options are ignored with a notice; sort columns still apply',
    () => {
      const result = plan({ partitionColumns: 'nope', partitionGranularity: 'Q', sortColumns: 'qty' }, BIGQUERY, {
        existingBackendTable: true,
      });
      expect(result.spec).toEqual({ columns: [], sortColumns: ['QTY'] });
      expect(result.notices).toEqual([
        'Retaining partitioning of the existing backend table: ignoring --partition-columns, --partition-granularity',
      ]);
    },
  );
});

ruleSuite('native vs synthetic (§5.5)', () => {
  ruleCase(
    'T5.5-synthetic',
    'BigQuery: dates and small integers native, decimals synthetic; Hadoop: always synthetic',
    () => {
      const bq = (column: string, g: string) =>
        plan({
          partitionColumns: column,
          partitionGranularity: g,
          partitionLowerValue: 0,
          partitionUpperValue: 1_000_000,
        }).spec.columns[0]!;
      expect(bq('sale_date', 'D')).toMatchObject({ synthetic: false, backendColumn: 'sale_date' });
      expect(bq('qty', '10')).toMatchObject({ synthetic: false, backendColumn: 'qty' });
      expect(bq('id', '10')).toMatchObject({ synthetic: false, backendColumn: 'id' });
      expect(bq('big_num', '1000')).toMatchObject({ synthetic: true, backendColumn: 'GOE_PART_1000_BIG_NUM' });
      const i38 = planBackendPartitioning(
        { partitionColumns: 'n', partitionGranularity: '5', partitionLowerValue: 0, partitionUpperValue: 9 },
        { sourceColumns: [canonicalColumn({ name: 'n', dataType: 'INTEGER_38' })], ...BIGQUERY },
      );
      expect(i38.spec.columns[0]).toMatchObject({ synthetic: true, backendColumn: 'GOE_PART_5_N' });
      expect(plan({ partitionColumns: 'sale_date' }, HIVE).spec.columns[0]).toMatchObject({
        synthetic: true,
        backendColumn: 'GOE_PART_M_SALE_DATE',
      });
      expect(plan({ partitionColumns: 'region', partitionGranularity: '2' }, HIVE).spec.columns[0]).toMatchObject({
        synthetic: true,
        backendColumn: 'GOE_PART_2_REGION',
      });
      const custom = withTraits(BIGQUERY, { needsSyntheticColumn: () => true });
      expect(plan({ partitionColumns: 'sale_date' }, custom).spec.columns[0]).toMatchObject({
        synthetic: true,
        backendColumn: 'GOE_PART_M_SALE_DATE',
      });
      expect(errorOf(() => plan({ partitionColumns: 'flag', partitionGranularity: '1' }, HIVE)).message).toBe(
        'Partition column data type is not supported in this version: BOOLEAN (column flag)',
      );
    },
  );
  ruleCase(
    'T5.5-range-required',
    'numeric and function keys on integer-synthetic backends need bounds within range',
    () => {
      expect(errorOf(() => plan({ partitionColumns: 'qty', partitionGranularity: '10' })).message).toBe(
        '--partition-lower-value is required for partition column/type: qty/INTEGER_4',
      );
      expect(
        errorOf(() => plan({ partitionColumns: 'qty', partitionGranularity: '10', partitionLowerValue: 0 })).message,
      ).toBe('--partition-upper-value is required for partition column/type: qty/INTEGER_4');
      expect(
        errorOf(() =>
          plan({
            partitionColumns: 'qty',
            partitionGranularity: '10',
            partitionLowerValue: -(2n ** 64n),
            partitionUpperValue: 0,
          }),
        ).message,
      ).toBe(`--partition-lower-value is below minimum supported value: ${-(2n ** 64n)} < ${-(2n ** 63n)}`);
      expect(
        errorOf(() =>
          plan({
            partitionColumns: 'qty',
            partitionGranularity: '10',
            partitionLowerValue: 0,
            partitionUpperValue: 2n ** 63n,
          }),
        ).message,
      ).toBe(`--partition-upper-value is above maximum supported value: ${2n ** 63n} > ${2n ** 63n - 1n}`);
      expect(
        plan({ partitionColumns: 'qty', partitionGranularity: '10' }, HIVE).spec.columns[0]!.lowerValue,
      ).toBeUndefined();
      const dated = plan({ partitionColumns: 'sale_date', partitionLowerValue: 0, partitionUpperValue: 10 });
      expect(dated.spec.columns[0]!.lowerValue).toBeUndefined();
      expect(dated.notices).toEqual([
        'Ignoring --partition-lower-value/--partition-upper-value: no partition column uses integer range partitioning',
      ]);
    },
  );
});
