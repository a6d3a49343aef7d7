/**
 * Which kind of offload a command is (orchestration reference §2.6 `offload_source_data_factory` /
 * `get_offload_type_for_config`): every row of `decideOffloadMode`'s table, with GOE's texts (Appendix A).
 */
import { describe, expect, it } from 'vitest';
import {
  OFFLOAD_MODE_MESSAGES,
  UNPARTITIONED,
  canonicalColumn,
  decideOffloadMode,
  normalizeDataIdentification,
  parsePredicate,
  type CanonicalType,
  type DataIdentificationOptions,
  type GoeError,
  type OffloadMetadata,
  type PartitionScheme,
  type SourcePartition,
  type SourceTable,
} from '@goe/core';
import { goeError } from '../support/goe-error.js';
import { appendsToOffloadedTable } from '../../src/runner/offload-mode.js';

const COLUMNS: readonly (readonly [string, CanonicalType])[] = [
  ['ID', 'INTEGER_8'],
  ['TIME_ID', 'DATE'],
  ['SALE_DATE', 'DATE'],
  ['REGION', 'VARIABLE_STRING'],
  ['RATIO', 'DOUBLE'],
];

function source(partitioning: PartitionScheme, name = 'SALES'): SourceTable {
  return {
    owner: 'SH',
    name,
    columns: COLUMNS.map(([col, dataType]) => ({
      name: col,
      dataType: dataType.toLowerCase(),
      nullable: true,
      safeMapping: true,
      canonical: canonicalColumn({ name: col, dataType }),
    })),
    primaryKey: [],
    partitioning,
  };
}

const range = (column: string): PartitionScheme => ({
  method: 'range',
  columns: [column],
  partitions: [
    {
      name: 'P1',
      lowerBound: [{ kind: 'MINVALUE' }],
      upperBound: [{ kind: 'value', value: '2024-01-01', text: "'2024-01-01'" }],
    },
  ],
});

/** SH.SALES RANGE partitioned on TIME_ID. */
const RANGED = source(range('TIME_ID'));
/** SH.T, not partitioned. */
const PLAIN = source(UNPARTITIONED, 'T');
/** SH.SALES LIST partitioned on REGION. */
const LISTED = source({ method: 'list', columns: ['REGION'], partitions: [] });
/** SH.SALES RANGE partitioned on a DOUBLE column. */
const DOUBLE_KEY = source(range('RATIO'));

const TIME_ID_KEY = { column: 'TIME_ID', dataType: 'DATE', kind: 'datetime' } as const;
const RANGE_MODE = { kind: 'range', key: TIME_ID_KEY, keys: [TIME_ID_KEY], predicateType: 'RANGE' } as const;
const REGION_KEY = { column: 'REGION', dataType: 'VARIABLE_STRING', kind: 'string' } as const;

function metadata(extra: Partial<OffloadMetadata>): OffloadMetadata {
  return {
    owner: 'SH',
    table: 'SALES',
    backendDatabase: 'sh',
    backendTable: 'sales',
    offloadType: 'FULL',
    executionId: 'e1',
    updatedAt: '2024-01-01T00:00:00Z',
    ...extra,
  };
}

const FULL_META = metadata({ offloadType: 'FULL' });
const APPEND_META = metadata({ offloadType: 'INCREMENTAL', incrementalKey: 'TIME_ID', highWaterMark: '2024-01-01' });
const PREDICATE_META = metadata({ offloadType: 'INCREMENTAL', predicates: ['column(REGION) = string("EU")'] });

const id = (options: DataIdentificationOptions) => normalizeDataIdentification(options, '2024-03-15');

/** The decision, `notices` left out when there are none. */
const decide = (table: SourceTable, options: DataIdentificationOptions, meta?: OffloadMetadata) => {
  const { notices, ...rest } = decideOffloadMode({
    source: table,
    identification: id(options),
    ...(meta === undefined ? {} : { metadata: meta }),
  });
  return notices.length === 0 ? rest : { ...rest, notices };
};

/** Expects OPTION_INVALID with `message` and `variable` (undefined = none). */
function refused(
  table: SourceTable,
  options: DataIdentificationOptions,
  meta: OffloadMetadata | undefined,
  message: string,
  variable: string | undefined,
): GoeError {
  const e = goeError(() => decide(table, options, meta));
  expect(e.code).toBe('OPTION_INVALID');
  expect(e.message).toBe(message);
  expect(e.variable).toBe(variable);
  return e;
}

const PREDICATE = 'column(region) = string("EU")';

describe('OFFLOAD_MODE_MESSAGES (Appendix A)', () => {
  it('holds GOE texts verbatim', () => {
    expect(OFFLOAD_MODE_MESSAGES.predicateTypeChange).toBe(
      'INCREMENTAL_PREDICATE_TYPE cannot be changed for offloaded table',
    );
    expect(OFFLOAD_MODE_MESSAGES.missingPredicate).toBe(
      'Missing --offload-predicate option. This option is mandatory to offload tables with an INCREMENTAL_PREDICATE_TYPE configuration of PREDICATE',
    );
    expect(OFFLOAD_MODE_MESSAGES.fullWithPredicate).toBe(
      'OFFLOAD_TYPE FULL is not compatible with INCREMENTAL_PREDICATE_TYPE PREDICATE',
    );
    expect(OFFLOAD_MODE_MESSAGES.unresolvedColumn('X')).toBe('Unable to resolve column X of --offload-predicate');
    expect(OFFLOAD_MODE_MESSAGES.incrementalNotValid('SH.T', 'why')).toBe(
      'Offload type INCREMENTAL is not valid for SH.T (why): offloading the whole table',
    );
    expect(OFFLOAD_MODE_MESSAGES.outOfRangeOffloaded).toBe(
      'Offload type INCREMENTAL invalid when OUT-OF-RANGE partition has been offloaded',
    );
    expect(OFFLOAD_MODE_MESSAGES.switchingType('INCREMENTAL', 'FULL')).toBe(
      'Enabling force option when switching OFFLOAD_TYPE ("INCREMENTAL" -> "FULL")',
    );
    expect(Object.isFrozen(OFFLOAD_MODE_MESSAGES)).toBe(true);
  });
});

describe('row 1: --offload-predicate, no metadata or predicate-based metadata → predicate-based', () => {
  it.each<[string, SourceTable, OffloadMetadata | undefined, string | undefined]>([
    ['unpartitioned, no metadata', PLAIN, undefined, undefined],
    ['RANGE partitioned, no metadata', RANGED, undefined, undefined],
    ['LIST partitioned, no metadata', LISTED, undefined, undefined],
    ['predicate-based metadata', RANGED, PREDICATE_META, undefined],
    ['FULL metadata', PLAIN, FULL_META, undefined],
    ['--offload-type INCREMENTAL', PLAIN, undefined, 'INCREMENTAL'],
    ['--offload-type incremental with predicate-based metadata', PLAIN, PREDICATE_META, 'incremental'],
  ])('%s', (_, table, meta, offloadType) => {
    const options = { offloadPredicate: PREDICATE, ...(offloadType === undefined ? {} : { offloadType }) };
    expect(decide(table, options, meta)).toEqual({
      mode: {
        kind: 'predicate',
        predicate: parsePredicate(PREDICATE),
        dsl: 'column(REGION) = string("EU")',
        variant: { kind: 'predicate' },
        predicateType: 'PREDICATE',
      },
      warnings: [],
    });
  });

  it('column names resolve case-insensitively and with a table alias', () => {
    const text = 'column(s.time_id) >= datetime(2024-01-01) AND column(Region) IS NOT NULL';
    expect(decide(RANGED, { offloadPredicate: text }).mode).toEqual({
      kind: 'predicate',
      predicate: parsePredicate(text),
      dsl: '(column(S.TIME_ID) >= datetime(2024-01-01) AND column(REGION) IS NOT NULL)',
      variant: { kind: 'predicate' },
      predicateType: 'PREDICATE',
    });
  });

  it('an unknown column → "Unable to resolve column X of --offload-predicate", column set', () => {
    const e = refused(
      PLAIN,
      { offloadPredicate: 'column(region) = string("EU") AND column(nope) IS NULL' },
      undefined,
      'Unable to resolve column NOPE of --offload-predicate',
      '--offload-predicate',
    );
    expect(e.column).toBe('NOPE');
    expect(e.hint).toBe('Columns of SH.T: ID, TIME_ID, SALE_DATE, REGION, RATIO');
  });

  it('the first unknown column is the one reported', () => {
    const e = refused(
      PLAIN,
      { offloadPredicate: 'column(a) IS NULL OR column(b) IS NULL' },
      undefined,
      'Unable to resolve column A of --offload-predicate',
      '--offload-predicate',
    );
    expect(e.column).toBe('A');
  });

  it.each<[string, OffloadMetadata | undefined]>([
    ['no metadata', undefined],
    ['predicate-based metadata', PREDICATE_META],
  ])('--offload-type FULL with a predicate is refused (%s)', (_, meta) => {
    refused(
      RANGED,
      { offloadPredicate: PREDICATE, offloadType: 'full' },
      meta,
      'OFFLOAD_TYPE FULL is not compatible with INCREMENTAL_PREDICATE_TYPE PREDICATE',
      '--offload-type',
    );
  });
});

describe('row 2: --offload-predicate on a partition-append table → late-arriving data (GOE Case 2)', () => {
  it('RANGE metadata, no --offload-predicate-type → late-arriving on the recorded key', () => {
    expect(decide(RANGED, { offloadPredicate: PREDICATE }, APPEND_META).mode).toMatchObject({
      kind: 'predicate',
      variant: { kind: 'late-arriving', keys: [TIME_ID_KEY] },
      predicateType: 'RANGE',
    });
    expect(
      decide(RANGED, { offloadPredicate: PREDICATE, offloadPredicateType: 'RANGE' }, APPEND_META).mode,
    ).toMatchObject({ variant: { kind: 'late-arriving' } });
  });

  it('switching OFFLOAD_TYPE with late-arriving data is refused', () => {
    refused(
      RANGED,
      { offloadPredicate: PREDICATE, offloadType: 'FULL' },
      APPEND_META,
      'Enabling force option when switching OFFLOAD_TYPE ("INCREMENTAL" -> "FULL")',
      '--offload-type',
    );
  });

  it('a different predicate type than *_AND_PREDICATE → "--offload-predicate-type required"', () => {
    refused(
      RANGED,
      { offloadPredicate: PREDICATE, offloadPredicateType: 'PREDICATE' },
      APPEND_META,
      '--offload-predicate-type required',
      '--offload-predicate-type',
    );
  });

  it('RANGE_AND_PREDICATE (intra-day): the predicate must name every key column (GOE text)', () => {
    refused(
      RANGED,
      { offloadPredicate: PREDICATE, offloadPredicateType: 'RANGE_AND_PREDICATE' },
      APPEND_META,
      'Offload predicate must contain a predicate for all existing partition key columns',
      '--offload-predicate',
    );
    const text = 'column(TIME_ID) = datetime(2024-01-02) AND column(REGION) = string("EU")';
    expect(
      decide(RANGED, { offloadPredicate: text, offloadPredicateType: 'RANGE_AND_PREDICATE' }, APPEND_META).mode,
    ).toMatchObject({ variant: { kind: 'intra-day', keys: [TIME_ID_KEY] }, predicateType: 'RANGE_AND_PREDICATE' });
    // recorded RANGE_AND_PREDICATE continues without the option
    expect(
      decide(RANGED, { offloadPredicate: text }, { ...APPEND_META, predicateType: 'RANGE_AND_PREDICATE' }).mode,
    ).toMatchObject({ variant: { kind: 'intra-day' }, predicateType: 'RANGE_AND_PREDICATE' });
    // and a first offload may start with it
    expect(decide(RANGED, { offloadPredicate: text, offloadPredicateType: 'RANGE_AND_PREDICATE' }).mode).toMatchObject({
      variant: { kind: 'intra-day' },
    });
  });

  it('LIST metadata + predicate → "--offload-predicate is incompatible with INCREMENTAL_PREDICATE_TYPE: LIST"', () => {
    refused(
      LISTED,
      { offloadPredicate: PREDICATE },
      metadata({ offloadType: 'INCREMENTAL', incrementalKey: 'REGION', predicateType: 'LIST' }),
      '--offload-predicate is incompatible with INCREMENTAL_PREDICATE_TYPE: LIST',
      '--offload-predicate',
    );
  });

  it('--no-modify-hybrid-view: refused for PREDICATE and without a predicate', () => {
    refused(
      RANGED,
      { offloadPredicate: PREDICATE, noModifyHybridView: true },
      undefined,
      '--no-modify-hybrid-view is not valid for INCREMENTAL_PREDICATE_TYPE PREDICATE',
      '--no-modify-hybrid-view',
    );
    refused(
      RANGED,
      { noModifyHybridView: true },
      APPEND_META,
      '--no-modify-hybrid-view is not valid for INCREMENTAL_PREDICATE_TYPE RANGE',
      '--no-modify-hybrid-view',
    );
    expect(decide(RANGED, { offloadPredicate: PREDICATE, noModifyHybridView: true }, APPEND_META).mode).toMatchObject({
      variant: { kind: 'late-arriving' },
    });
  });
});

describe('row 3: --less-than-value / --older-than-* / --partition-names → RANGE partition append', () => {
  const OPTIONS: readonly (readonly [string, DataIdentificationOptions])[] = [
    ['--less-than-value', { lessThanValue: '2024-01-01' }],
    ['--older-than-date', { olderThanDate: '2024-01-01' }],
    ['--older-than-days', { olderThanDays: 30 }],
    ['--partition-names', { partitionNames: 'P1' }],
  ];
  const METAS: readonly (readonly [string, OffloadMetadata | undefined])[] = [
    ['no metadata', undefined],
    ['FULL metadata', FULL_META],
    ['partition-append metadata', APPEND_META],
  ];

  it.each(OPTIONS.flatMap(([o, opts]) => METAS.map(([m, meta]) => [o, m, opts, meta] as const)))(
    '%s, %s → range on TIME_ID',
    (_o, _m, options, meta) => {
      // a change of OFFLOAD_TYPE (FULL metadata, INCREMENTAL now) is announced as GOE does
      const switched =
        meta === FULL_META ? { notices: [OFFLOAD_MODE_MESSAGES.switchingType('FULL', 'INCREMENTAL')] } : {};
      expect(decide(RANGED, options, meta)).toEqual({ mode: RANGE_MODE, warnings: [], ...switched });
    },
  );

  it('with --offload-type INCREMENTAL → range', () => {
    expect(decide(RANGED, { olderThanDate: '2024-01-01', offloadType: 'INCREMENTAL' })).toEqual({
      mode: RANGE_MODE,
      warnings: [],
    });
  });

  it.each(OPTIONS)('%s with --offload-type FULL → full with a boundary (GOE "100/10")', (_option, options) => {
    expect(decide(RANGED, { ...options, offloadType: 'FULL' })).toEqual({
      mode: { kind: 'full', boundary: { keys: [TIME_ID_KEY] } },
      warnings: [],
    });
  });

  it.each(OPTIONS)('%s on an unpartitioned table → "%s cannot be used: SH.T is not partitioned"', (option, options) => {
    refused(PLAIN, options, undefined, `${option} cannot be used: SH.T is not partitioned`, option);
  });

  it('--older-than-date on an unpartitioned table (exact text)', () => {
    refused(
      PLAIN,
      { olderThanDate: '2024-01-01' },
      undefined,
      '--older-than-date cannot be used: SH.T is not partitioned',
      '--older-than-date',
    );
  });

  it('--less-than-value on a LIST partitioned table → LIST_AS_RANGE', () => {
    expect(decide(LISTED, { lessThanValue: 'M' }).mode).toEqual({
      kind: 'list-as-range',
      keys: [REGION_KEY],
      offloadType: 'INCREMENTAL',
      predicateType: 'LIST_AS_RANGE',
    });
  });

  it('--partition-names on a table with an unsupported key type', () => {
    refused(
      DOUBLE_KEY,
      { partitionNames: 'P1' },
      undefined,
      '--partition-names cannot be used: partition key column RATIO (DOUBLE) of SH.SALES is not supported for partition append (supported: integers, decimals, dates, timestamps without time zone, strings)',
      '--partition-names',
    );
  });

  it('a changed partition key is refused', () => {
    const e = refused(
      RANGED,
      { olderThanDate: '2024-02-01' },
      metadata({ offloadType: 'INCREMENTAL', incrementalKey: 'SALE_DATE' }),
      'The partition key of SH.SALES is now TIME_ID but it was offloaded by partition append on SALE_DATE',
      undefined,
    );
    expect(e.hint).toBe('Offload the whole table again with --reset-backend-table');
  });

  it('the recorded key compares case-insensitively', () => {
    expect(
      decide(
        RANGED,
        { olderThanDate: '2024-02-01' },
        metadata({ offloadType: 'INCREMENTAL', incrementalKey: 'time_id' }),
      ).mode,
    ).toEqual(RANGE_MODE);
  });

  it.each<[string, DataIdentificationOptions, string]>([
    ['--older-than-date', { olderThanDate: '2024-01-01' }, '--older-than-date'],
    ['--less-than-value', { lessThanValue: '5' }, '--less-than-value'],
    ['--older-than-days', { olderThanDays: 1 }, '--older-than-days'],
    ['--partition-names', { partitionNames: 'P1' }, '--partition-names'],
  ])('%s on a predicate-based table → "INCREMENTAL_PREDICATE_TYPE cannot be changed…"', (_, options, variable) => {
    const e = refused(RANGED, options, PREDICATE_META, OFFLOAD_MODE_MESSAGES.predicateTypeChange, variable);
    expect(e.hint).toBe(
      'SH.SALES is offloaded by predicate; offload more rows with --offload-predicate, or start again with --reset-backend-table',
    );
  });
});

describe('row 4: no identification, partition-append metadata → partition append of every remaining partition', () => {
  it.each<[string, string | undefined]>([
    ['no --offload-type', undefined],
    ['--offload-type INCREMENTAL', 'INCREMENTAL'],
  ])('%s → range', (_, offloadType) => {
    expect(decide(RANGED, offloadType === undefined ? {} : { offloadType }, APPEND_META)).toEqual({
      mode: RANGE_MODE,
      warnings: [],
    });
  });

  it('--offload-type FULL: INCREMENTAL → FULL appends the rest as FULL, with GOE notice "Enabling force option…"', () => {
    const switched = {
      mode: { ...RANGE_MODE, offloadType: 'FULL' },
      warnings: [],
      notices: ['Enabling force option when switching OFFLOAD_TYPE ("INCREMENTAL" -> "FULL")'],
    };
    expect(decide(RANGED, { offloadType: 'FULL' }, APPEND_META)).toEqual(switched);
    // a filter only places the high-water mark
    expect(decide(RANGED, { offloadType: 'FULL', lessThanValue: '2024-01-01' }, APPEND_META)).toEqual(switched);
    // FULL again on the FULL-recorded table: the same FULL append (nothing new to offload is found from the data), no notice
    const fullKey = { ...APPEND_META, offloadType: 'FULL' } as const;
    expect(decide(RANGED, { offloadType: 'FULL' }, fullKey)).toEqual({ mode: switched.mode, warnings: [] });
    // without --offload-type the recorded FULL type stays a plain full offload (the re-run matrix refuses it)
    expect(decide(RANGED, {}, fullKey).mode).toEqual({ kind: 'full' });
    // the intra-day type is kept
    expect(
      decide(RANGED, { offloadType: 'FULL' }, { ...APPEND_META, predicateType: 'RANGE_AND_PREDICATE' }).mode,
    ).toEqual({ ...RANGE_MODE, predicateType: 'RANGE_AND_PREDICATE', offloadType: 'FULL' });
  });

  it('--offload-type FULL on a LIST / LIST_AS_RANGE append: the recorded variant as FULL', () => {
    const listMeta = metadata({ offloadType: 'INCREMENTAL', incrementalKey: 'REGION', predicateType: 'LIST' });
    expect(decide(LISTED, { offloadType: 'FULL' }, listMeta)).toEqual({
      mode: { kind: 'list', keys: [REGION_KEY], offloadType: 'FULL' },
      warnings: [],
      notices: ['Enabling force option when switching OFFLOAD_TYPE ("INCREMENTAL" -> "FULL")'],
    });
    expect(
      decide(LISTED, { offloadType: 'FULL' }, { ...listMeta, offloadType: 'FULL', predicateType: 'LIST_AS_RANGE' })
        .mode,
    ).toEqual({ kind: 'list-as-range', keys: [REGION_KEY], offloadType: 'FULL', predicateType: 'LIST_AS_RANGE' });
  });

  it('a changed partition key is refused', () => {
    refused(
      source(range('SALE_DATE')),
      {},
      APPEND_META,
      'The partition key of SH.SALES is now SALE_DATE but it was offloaded by partition append on TIME_ID',
      undefined,
    );
  });

  it.each<[string, SourceTable, string]>([
    [
      'no longer partitioned',
      source(UNPARTITIONED),
      'SH.SALES was offloaded by partition append but SH.SALES is not partitioned',
    ],
    [
      'now LIST partitioned',
      LISTED,
      'The partition key of SH.SALES is now REGION but it was offloaded by partition append on TIME_ID',
    ],
  ])('a source that is %s is refused', (_, table, message) => {
    const e = refused(table, {}, APPEND_META, message, undefined);
    expect(e.hint).toBe('Offload the whole table again with --reset-backend-table');
  });

  it('--reset-backend-table (metadata discarded): full again', () => {
    expect(decideOffloadMode({ source: RANGED, identification: id({}), metadata: undefined })).toEqual({
      mode: { kind: 'full' },
      warnings: [],
      notices: [],
    });
  });
});

describe('row 5: no identification, predicate-based metadata → refused', () => {
  it.each<[string, string | undefined]>([
    ['no --offload-type', undefined],
    ['--offload-type INCREMENTAL', 'INCREMENTAL'],
    ['--offload-type FULL', 'FULL'],
  ])('%s → "Missing --offload-predicate option…"', (_, offloadType) => {
    refused(
      RANGED,
      offloadType === undefined ? {} : { offloadType },
      PREDICATE_META,
      'Missing --offload-predicate option. This option is mandatory to offload tables with an INCREMENTAL_PREDICATE_TYPE configuration of PREDICATE',
      '--offload-predicate',
    );
  });
});

describe('row 6: no identification, --offload-type INCREMENTAL, no metadata', () => {
  it('a RANGE table → partition append', () => {
    expect(decide(RANGED, { offloadType: 'incremental' })).toEqual({
      mode: RANGE_MODE,
      warnings: [],
    });
  });

  it('an unpartitioned table → full, with the warning', () => {
    expect(decide(PLAIN, { offloadType: 'INCREMENTAL' })).toEqual({
      mode: { kind: 'full' },
      warnings: [
        'Offload type INCREMENTAL is not valid for SH.T (SH.T is not partitioned): offloading the whole table',
      ],
    });
  });

  it.each<[string, SourceTable, string]>([
    [
      'an unsupported key type',
      DOUBLE_KEY,
      'Offload type INCREMENTAL is not valid for SH.SALES (partition key column RATIO (DOUBLE) of SH.SALES is not supported for partition append (supported: integers, decimals, dates, timestamps without time zone, strings)): offloading the whole table',
    ],
  ])('%s → full, with the warning', (_, table, warning) => {
    expect(decide(table, { offloadType: 'INCREMENTAL' })).toEqual({ mode: { kind: 'full' }, warnings: [warning] });
  });

  it('FULL metadata with --offload-type INCREMENTAL on a RANGE table → partition append', () => {
    expect(decide(RANGED, { offloadType: 'INCREMENTAL' }, FULL_META).mode).toEqual(RANGE_MODE);
  });
});

describe('row 7: no identification, no or FULL metadata → full', () => {
  it.each<[string, SourceTable, OffloadMetadata | undefined, string | undefined]>([
    ['unpartitioned, no metadata', PLAIN, undefined, undefined],
    ['RANGE partitioned, no metadata (no identification means the whole table)', RANGED, undefined, undefined],
    ['LIST partitioned, no metadata', LISTED, undefined, undefined],
    ['FULL metadata', RANGED, FULL_META, undefined],
    ['--offload-type FULL, no metadata', RANGED, undefined, 'FULL'],
    [
      'INCREMENTAL metadata with neither key nor predicates',
      RANGED,
      metadata({ offloadType: 'INCREMENTAL', predicates: [] }),
      undefined,
    ],
  ])('%s', (_, table, meta, offloadType) => {
    expect(decide(table, offloadType === undefined ? {} : { offloadType }, meta)).toEqual({
      mode: { kind: 'full' },
      warnings: [],
    });
  });
});

describe('--offload-type FULL again on a plain FULL offload of a RANGE / LIST table', () => {
  it('finds what is offloaded by partition (the same command again is a no-op, GOE); unpartitioned stays full', () => {
    expect(decide(RANGED, { offloadType: 'FULL' }, FULL_META)).toEqual({
      mode: { ...RANGE_MODE, offloadType: 'FULL' },
      warnings: [],
    });
    expect(decide(LISTED, { offloadType: 'FULL' }, FULL_META)).toEqual({
      mode: { kind: 'list', keys: [REGION_KEY], offloadType: 'FULL' },
      warnings: [],
    });
    expect(decide(PLAIN, { offloadType: 'FULL' }, FULL_META).mode).toEqual({ kind: 'full' });
  });
});

describe('offload by subpartition (GOE §5.1)', () => {
  const sub = (name: string, upper: string): SourcePartition => ({
    name,
    upperBound: [{ kind: 'value', value: upper, text: `'${upper}'` }],
  });
  /** LIST (REGION) partitions with RANGE (TIME_ID) subpartitions. */
  const LIST_RANGE = source({
    method: 'list',
    columns: ['REGION'],
    partitions: [
      {
        name: 'P_EU',
        values: [[{ kind: 'value', value: 'EU', text: "'EU'" }]],
        subpartitions: [sub('EU_01', '2024-02-01')],
      },
    ],
    subpartitioning: { method: 'range', columns: ['TIME_ID'] },
  });
  const SUB_MODE = { kind: 'range', key: TIME_ID_KEY, keys: [TIME_ID_KEY], predicateType: 'RANGE', subpartition: true };

  it('a fresh INCREMENTAL offload of a LIST/RANGE table switches automatically, with GOE notice', () => {
    expect(decide(LIST_RANGE, { olderThanDate: '2024-02-01' })).toEqual({
      mode: SUB_MODE,
      warnings: [],
      notices: ['Setting --offload-by-subpartition due to partition scheme: LIST/RANGE'],
    });
    // no identification and no offload type: a full offload, no switch
    expect(decide(LIST_RANGE, {}).mode).toEqual({ kind: 'full' });
  });

  it('--offload-by-subpartition, or SUBPARTITION metadata: no notice; FULL → INCREMENTAL refused', () => {
    expect(decide(LIST_RANGE, { olderThanDate: '2024-02-01', offloadBySubpartition: true })).toEqual({
      mode: SUB_MODE,
      warnings: [],
    });
    const meta = metadata({ offloadType: 'INCREMENTAL', incrementalKey: 'TIME_ID', incrementalRange: 'SUBPARTITION' });
    expect(decide(LIST_RANGE, {}, meta).mode).toEqual(SUB_MODE);
    refused(
      LIST_RANGE,
      { olderThanDate: '2024-02-01', offloadBySubpartition: true },
      metadata({ offloadType: 'FULL', incrementalKey: 'TIME_ID' }),
      'Switching OFFLOAD_TYPE from FULL to INCREMENTAL is not supported for offloads by subpartition',
      '--offload-type',
    );
  });

  it('SUBPARTITION metadata with --offload-type FULL: the rest of the subpartitions as FULL', () => {
    const meta = metadata({ offloadType: 'INCREMENTAL', incrementalKey: 'TIME_ID', incrementalRange: 'SUBPARTITION' });
    expect(decide(LIST_RANGE, { offloadType: 'FULL' }, meta)).toEqual({
      mode: { ...SUB_MODE, offloadType: 'FULL' },
      warnings: [],
      notices: ['Enabling force option when switching OFFLOAD_TYPE ("INCREMENTAL" -> "FULL")'],
    });
  });

  it('refused on a table that is not subpartitioned, and with LIST append options', () => {
    refused(
      RANGED,
      { olderThanDate: '2024-02-01', offloadBySubpartition: true },
      undefined,
      '--offload-by-subpartition cannot be used: SH.SALES is not subpartitioned',
      '--offload-by-subpartition',
    );
    refused(
      LIST_RANGE,
      { equalToValues: 'EU', offloadBySubpartition: true },
      undefined,
      '--equal-to-values cannot be used with --offload-by-subpartition (RANGE subpartitions)',
      '--equal-to-values',
    );
  });
});

describe('LIST tables: LIST append and LIST_AS_RANGE defaulting (GOE §5.3)', () => {
  const LIST_META = metadata({ offloadType: 'INCREMENTAL', incrementalKey: 'REGION', predicateType: 'LIST' });
  const LIST_MODE = { kind: 'list', keys: [REGION_KEY], offloadType: 'INCREMENTAL' };
  it('LPA options → LIST; RPA options → LIST_AS_RANGE; recorded types continue without options', () => {
    expect(decide(LISTED, { equalToValues: 'EU' }).mode).toEqual(LIST_MODE);
    expect(decide(LISTED, { partitionNames: 'P1,P2' }).mode).toEqual(LIST_MODE);
    expect(decide(LISTED, { partitionNames: 'P1' }).mode).toEqual(LIST_MODE);
    expect(decide(LISTED, {}, LIST_META).mode).toEqual(LIST_MODE);
    expect(decide(LISTED, { offloadType: 'INCREMENTAL' }).mode).toEqual(LIST_MODE);
    expect(decide(LISTED, { equalToValues: 'EU', offloadType: 'FULL' }).mode).toEqual({
      ...LIST_MODE,
      offloadType: 'FULL',
    });
    const asRange = { ...LIST_META, predicateType: 'LIST_AS_RANGE' } as const;
    expect(decide(LISTED, {}, asRange).mode).toMatchObject({ kind: 'list-as-range', predicateType: 'LIST_AS_RANGE' });
    expect(decide(LISTED, { partitionNames: 'P1' }, asRange).mode).toMatchObject({ kind: 'list-as-range' });
    expect(decide(LISTED, { partitionNames: 'P1', offloadPredicateType: 'list_as_range' }).mode).toMatchObject({
      kind: 'list-as-range',
    });
  });

  it("GOE's compatibility rules", () => {
    refused(LISTED, { lessThanValue: 'M' }, LIST_META, OFFLOAD_MODE_MESSAGES.predicateTypeChange, '--less-than-value');
    refused(
      LISTED,
      { lessThanValue: 'M', offloadPredicateType: 'LIST' },
      undefined,
      '--less-than-value cannot be used with INCREMENTAL_PREDICATE_TYPE LIST',
      '--less-than-value',
    );
    refused(
      LISTED,
      { equalToValues: 'EU', offloadPredicateType: 'RANGE' },
      undefined,
      'INCREMENTAL_PREDICATE_TYPE RANGE is not valid for LIST partitioned tables',
      '--offload-predicate-type',
    );
    refused(
      RANGED,
      { olderThanDate: '2024-01-01', offloadPredicateType: 'LIST' },
      undefined,
      'INCREMENTAL_PREDICATE_TYPE LIST is not valid for RANGE partitioned tables',
      '--offload-predicate-type',
    );
    refused(
      RANGED,
      { equalToValues: '2024-01-01' },
      undefined,
      '--equal-to-values selects LIST partitions; SH.SALES is RANGE partitioned (use --less-than-value or one --partition-names)',
      '--equal-to-values',
    );
    refused(
      RANGED,
      { partitionNames: 'P1,P2' },
      undefined,
      'Only one partition name can be included for a RANGE partition offload',
      '--partition-names',
    );
    refused(
      LISTED,
      { offloadType: 'INCREMENTAL' },
      metadata({ offloadType: 'FULL', incrementalKey: 'REGION', predicateType: 'LIST' }),
      'Switching a LIST partitioned table from OFFLOAD_TYPE FULL to INCREMENTAL needs --equal-to-values or --partition-names',
      '--offload-type',
    );
    refused(
      RANGED,
      { offloadPredicateType: 'PREDICATE' },
      undefined,
      '--offload-predicate-type PREDICATE needs --offload-predicate',
      '--offload-predicate-type',
    );
  });

  it('FULL metadata with a key, switched to INCREMENTAL: GOE notice "Enabling force option…"', () => {
    expect(
      decide(RANGED, { olderThanDate: '2024-01-01' }, metadata({ offloadType: 'FULL', incrementalKey: 'TIME_ID' })),
    ).toEqual({
      mode: RANGE_MODE,
      warnings: [],
      notices: ['Enabling force option when switching OFFLOAD_TYPE ("FULL" -> "INCREMENTAL")'],
    });
  });
});

describe('appendsToOffloadedTable (the re-run matrix: append to an offloaded table)', () => {
  const predicate = parsePredicate('column(ID) = numeric(1)');
  it('partition appends append whatever OFFLOAD_TYPE is recorded; a full offload never; a predicate to INCREMENTAL or as late-arriving data', () => {
    for (const offloadType of ['FULL', 'INCREMENTAL'] as const) {
      expect(appendsToOffloadedTable(RANGE_MODE, { offloadType })).toBe(true);
      expect(appendsToOffloadedTable({ kind: 'list', keys: [REGION_KEY], offloadType: 'FULL' }, { offloadType })).toBe(
        true,
      );
      expect(appendsToOffloadedTable({ kind: 'full' }, { offloadType })).toBe(false);
      expect(
        appendsToOffloadedTable(
          {
            kind: 'predicate',
            predicate,
            dsl: '',
            variant: { kind: 'late-arriving', keys: [TIME_ID_KEY] },
            predicateType: 'RANGE',
          },
          { offloadType },
        ),
      ).toBe(true);
    }
    const plain = {
      kind: 'predicate',
      predicate,
      dsl: '',
      variant: { kind: 'predicate' },
      predicateType: 'PREDICATE',
    } as const;
    expect(appendsToOffloadedTable(plain, { offloadType: 'INCREMENTAL' })).toBe(true);
    expect(appendsToOffloadedTable(plain, { offloadType: 'FULL' })).toBe(false);
  });
});
