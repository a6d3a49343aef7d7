/**
 * What "Save offload metadata" records per offload variant (GOE's OFFLOAD_TYPE, INCREMENTAL_KEY,
 * INCREMENTAL_HIGH_VALUE, INCREMENTAL_RANGE, INCREMENTAL_PREDICATE_TYPE, INCREMENTAL_PREDICATE_VALUE), and the
 * up-front refusal of variants a backend without `partitionKeyValues` cannot detect.
 */
import { describe, expect, it } from 'vitest';
import {
  offloadMetadataFields,
  parsePredicate,
  recordedPredicateType,
  requireKeyValues,
  type IncrementalPredicateType,
  type KeyColumn,
  type OffloadMode,
  type OffloadMetadata,
} from '@goe/core';
import { goeError } from '../support/goe-error.js';

const TIME: KeyColumn = { column: 'TIME_ID', dataType: 'DATE', kind: 'datetime' };
const YR: KeyColumn = { column: 'YR', dataType: 'INTEGER_4', kind: 'number' };
const MO: KeyColumn = { column: 'MO', dataType: 'INTEGER_4', kind: 'number' };
const REGION: KeyColumn = { column: 'REGION', dataType: 'VARIABLE_STRING', kind: 'string' };

const previous = (extra: Partial<OffloadMetadata> = {}): OffloadMetadata => ({
  owner: 'SH',
  table: 'SALES',
  backendDatabase: 'sh',
  backendTable: 'sales',
  offloadType: 'INCREMENTAL',
  incrementalKey: 'TIME_ID',
  highWaterMark: '2024-03-01',
  highValues: [['2024-03-01']],
  predicateType: 'RANGE',
  executionId: 'e0',
  updatedAt: 't0',
  ...extra,
});
const P1 = 'column(REGION) = string("EU")';
const predicate = (
  variant: 'predicate' | 'late-arriving' | 'intra-day',
  predicateType: IncrementalPredicateType = 'PREDICATE',
): OffloadMode => ({
  kind: 'predicate',
  predicate: parsePredicate(P1),
  dsl: P1,
  variant: variant === 'predicate' ? { kind: 'predicate' } : { kind: variant, keys: [TIME] },
  predicateType,
});

describe('offloadMetadataFields', () => {
  it('full: FULL only; with a boundary: the key, its high value and RANGE', () => {
    expect(offloadMetadataFields({ mode: { kind: 'full' } })).toEqual({ offloadType: 'FULL' });
    expect(
      offloadMetadataFields({
        mode: { kind: 'full', boundary: { keys: [TIME] } },
        highValues: { values: [['2024-03-01']], partition: 'P3', text: '2024-03-01' },
      }),
    ).toEqual({
      offloadType: 'FULL',
      incrementalKey: 'TIME_ID',
      incrementalRange: 'PARTITION',
      highValues: [['2024-03-01']],
      highWaterMark: '2024-03-01',
      predicateType: 'RANGE',
    });
  });

  it('RANGE on two columns: CSV key, the tuple, no single-column highWaterMark', () => {
    expect(
      offloadMetadataFields({
        mode: { kind: 'range', key: YR, keys: [YR, MO], predicateType: 'RANGE' },
        highValues: { values: [['2024', '3']], text: '2024, 3' },
      }),
    ).toEqual({
      offloadType: 'INCREMENTAL',
      incrementalKey: 'YR,MO',
      incrementalRange: 'PARTITION',
      highValues: [['2024', '3']],
      predicateType: 'RANGE',
    });
  });

  it('RANGE_AND_PREDICATE keeps the recorded predicates and SUBPARTITION range', () => {
    const prev = previous({ predicateType: 'RANGE_AND_PREDICATE', predicates: [P1], incrementalRange: 'SUBPARTITION' });
    expect(
      offloadMetadataFields({
        mode: { kind: 'range', key: TIME, keys: [TIME], predicateType: 'RANGE_AND_PREDICATE' },
        previous: prev,
        highValues: { values: [['2024-04-01']], text: '' },
      }),
    ).toMatchObject({ predicates: [P1], incrementalRange: 'SUBPARTITION', highWaterMark: '2024-04-01' });
  });

  it('LIST and LIST_AS_RANGE record their type and high values; LIST FULL keeps FULL', () => {
    expect(
      offloadMetadataFields({
        mode: { kind: 'list', keys: [REGION], offloadType: 'FULL' },
        highValues: { values: [['EU'], ['US']], text: '' },
      }),
    ).toEqual({
      offloadType: 'FULL',
      incrementalKey: 'REGION',
      incrementalRange: 'PARTITION',
      highValues: [['EU'], ['US']],
      predicateType: 'LIST',
    });
    expect(
      offloadMetadataFields({
        mode: { kind: 'list-as-range', keys: [TIME], offloadType: 'INCREMENTAL', predicateType: 'LIST_AS_RANGE' },
        highValues: { values: [['2024-01-02']], text: '' },
      }),
    ).toMatchObject({ predicateType: 'LIST_AS_RANGE', highValues: [['2024-01-02']] });
  });

  it('PREDICATE accumulates predicates; --reset-hybrid-view replaces them', () => {
    const prev = previous({
      incrementalKey: undefined,
      predicateType: 'PREDICATE',
      predicates: ['column(ID) = numeric(1)'],
    });
    expect(offloadMetadataFields({ mode: predicate('predicate'), previous: prev })).toEqual({
      offloadType: 'INCREMENTAL',
      predicateType: 'PREDICATE',
      predicates: ['column(ID) = numeric(1)', P1],
    });
    expect(offloadMetadataFields({ mode: predicate('predicate'), previous: prev, resetHybridView: true })).toEqual({
      offloadType: 'INCREMENTAL',
      predicateType: 'PREDICATE',
      predicates: [P1],
    });
  });

  it('late-arriving data: metadata not modified (undefined)', () => {
    expect(offloadMetadataFields({ mode: predicate('late-arriving', 'RANGE'), previous: previous() })).toBeUndefined();
  });

  it('intra-day keeps the key and high values, adds the predicate unless --no-modify-hybrid-view', () => {
    const mode = predicate('intra-day', 'RANGE_AND_PREDICATE');
    expect(offloadMetadataFields({ mode, previous: previous() })).toEqual({
      offloadType: 'INCREMENTAL',
      incrementalKey: 'TIME_ID',
      highWaterMark: '2024-03-01',
      highValues: [['2024-03-01']],
      incrementalRange: 'PARTITION',
      predicateType: 'RANGE_AND_PREDICATE',
      predicates: [P1],
    });
    expect(offloadMetadataFields({ mode, previous: previous(), noModifyHybridView: true })).not.toHaveProperty(
      'predicates',
    );
    // a first intra-day offload: the key from the mode
    expect(offloadMetadataFields({ mode })).toMatchObject({ incrementalKey: 'TIME_ID', predicates: [P1] });
  });
});

describe('recordedPredicateType', () => {
  it('reads the recorded type, else RANGE for a key, PREDICATE for predicates, none otherwise', () => {
    expect(recordedPredicateType(undefined)).toBeUndefined();
    expect(recordedPredicateType(previous({ predicateType: 'LIST' }))).toBe('LIST');
    expect(recordedPredicateType(previous({ predicateType: undefined }))).toBe('RANGE');
    expect(
      recordedPredicateType(previous({ predicateType: undefined, incrementalKey: undefined, predicates: [P1] })),
    ).toBe('PREDICATE');
    expect(recordedPredicateType(previous({ predicateType: undefined, incrementalKey: undefined }))).toBeUndefined();
  });
});

describe('requireKeyValues: a backend without partitionKeyValues', () => {
  it('single-column RANGE and LIST_AS_RANGE fall back to maxPartitionValue; multi-column and LIST are refused naming it', () => {
    expect(() => requireKeyValues('Quack', {}, [TIME], 'RANGE')).not.toThrow();
    expect(() => requireKeyValues('Quack', {}, [TIME], 'LIST_AS_RANGE')).not.toThrow();
    const multi = goeError(() => requireKeyValues('Quack', {}, [YR, MO], 'RANGE'));
    expect(multi.code).toBe('OPTION_INVALID');
    expect(multi.message).toBe(
      'The Quack backend cannot offload a 2-column partition key (YR, MO): its session has no partitionKeyValues method',
    );
    expect(goeError(() => requireKeyValues('Quack', {}, [REGION], 'LIST')).message).toBe(
      'The Quack backend cannot offload LIST partition append: its session has no partitionKeyValues method',
    );
    expect(() => requireKeyValues('Quack', { partitionKeyValues: async () => [] }, [YR, MO], 'LIST')).not.toThrow();
  });
});

describe('offloadMetadataFields: switched OFFLOAD_TYPE and column transformations', () => {
  it('RANGE append switched to FULL records OFFLOAD_TYPE FULL and keeps the key, type and high values', () => {
    expect(
      offloadMetadataFields({
        mode: { kind: 'range', key: YR, keys: [YR, MO], predicateType: 'RANGE', offloadType: 'FULL' },
        previous: previous({ incrementalKey: 'YR,MO', highWaterMark: undefined, highValues: [['2024', '3']] }),
        highValues: { values: [['2024', '4']], partition: 'M3', text: '2024, 4' },
      }),
    ).toEqual({
      offloadType: 'FULL',
      incrementalKey: 'YR,MO',
      incrementalRange: 'PARTITION',
      highValues: [['2024', '4']],
      predicateType: 'RANGE',
    });
  });

  it("records the plan's transformations as GOE's COL:fn('p1', 'p2') texts, in order; none → no field", () => {
    const columnTransforms = [
      { column: 'SSN', fn: 'null', params: [] },
      { column: 'NAME', fn: 'translate', params: ["a'", 'b'] },
    ] as const;
    expect(offloadMetadataFields({ mode: { kind: 'full' }, columnTransforms })).toEqual({
      offloadType: 'FULL',
      columnTransforms: ['SSN:null', "NAME:translate('a''', 'b')"],
    });
    expect(offloadMetadataFields({ mode: { kind: 'full' }, columnTransforms: [] })).toEqual({ offloadType: 'FULL' });
    // late-arriving data does not modify the metadata, transformations included
    expect(
      offloadMetadataFields({ mode: predicate('late-arriving', 'RANGE'), previous: previous(), columnTransforms }),
    ).toBeUndefined();
  });
});
