/**
 * GOE's offload variants (issue #13) on PostgreSQL (PGlite) → DuckDB through the real adapters and `offload()`:
 * RANGE partition append over a two-column key, FULL with a partition boundary ("100/10"), LIST partition append
 * (`--equal-to-values`, several `--partition-names`), LIST_AS_RANGE, late-arriving data and intra-day predicates.
 * Each run checks the rows loaded, the verification, the recorded metadata and the no-op rerun.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { OFFLOAD_MODE_MESSAGES, PARTITION_APPEND_MESSAGES } from '@goe/core';
import {
  backendRows,
  createSourceTemplate,
  embeddedHome,
  failOffload,
  MATCHES,
  metadataOf,
  runOffload,
  sourceSql,
} from './support.js';

/**
 * sh.monthly: RANGE (yr, mo), one partition per month of 2024 Q1 plus MAXVALUE (10 rows a month);
 * sh.regions: LIST (region) EU / US / APAC + DEFAULT; sh.days: LIST (day) one day per partition.
 */
const SOURCE_SQL = `
  CREATE SCHEMA sh;
  CREATE TABLE sh.monthly (id integer, yr integer NOT NULL, mo integer NOT NULL, amount numeric(10,2))
    PARTITION BY RANGE (yr, mo);
  CREATE TABLE sh.monthly_2024_01 PARTITION OF sh.monthly FOR VALUES FROM (2024, 1) TO (2024, 2);
  CREATE TABLE sh.monthly_2024_02 PARTITION OF sh.monthly FOR VALUES FROM (2024, 2) TO (2024, 3);
  CREATE TABLE sh.monthly_2024_03 PARTITION OF sh.monthly FOR VALUES FROM (2024, 3) TO (2024, 4);
  CREATE TABLE sh.monthly_max PARTITION OF sh.monthly FOR VALUES FROM (2024, 4) TO (MAXVALUE, MAXVALUE);
  INSERT INTO sh.monthly SELECT g, 2024, 1 + g / 10, g FROM generate_series(0, 39) g;
  CREATE TABLE sh.regions (id integer, region text, amount numeric(10,2)) PARTITION BY LIST (region);
  CREATE TABLE sh.regions_eu PARTITION OF sh.regions FOR VALUES IN ('EU');
  CREATE TABLE sh.regions_us PARTITION OF sh.regions FOR VALUES IN ('US');
  CREATE TABLE sh.regions_apac PARTITION OF sh.regions FOR VALUES IN ('APAC', 'OC');
  CREATE TABLE sh.regions_other PARTITION OF sh.regions DEFAULT;
  INSERT INTO sh.regions SELECT g, (ARRAY['EU','US','APAC','OC','LATAM'])[1 + g % 5], g FROM generate_series(0, 49) g;
  CREATE TABLE sh.days (id integer, day date NOT NULL) PARTITION BY LIST (day);
  CREATE TABLE sh.days_01 PARTITION OF sh.days FOR VALUES IN ('2024-01-01');
  CREATE TABLE sh.days_02 PARTITION OF sh.days FOR VALUES IN ('2024-01-02');
  CREATE TABLE sh.days_03 PARTITION OF sh.days FOR VALUES IN ('2024-01-03');
  INSERT INTO sh.days SELECT g, DATE '2024-01-01' + g % 3 FROM generate_series(0, 29) g;
  CREATE TABLE sh.subs (id integer, region text, day date NOT NULL) PARTITION BY LIST (region);
  CREATE TABLE sh.subs_eu PARTITION OF sh.subs FOR VALUES IN ('EU') PARTITION BY RANGE (day);
  CREATE TABLE sh.subs_eu_01 PARTITION OF sh.subs_eu FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');
  CREATE TABLE sh.subs_eu_02 PARTITION OF sh.subs_eu FOR VALUES FROM ('2024-02-01') TO ('2024-03-01');
  CREATE TABLE sh.subs_us PARTITION OF sh.subs FOR VALUES IN ('US') PARTITION BY RANGE (day);
  CREATE TABLE sh.subs_us_01a PARTITION OF sh.subs_us FOR VALUES FROM ('2024-01-01') TO ('2024-01-15');
  CREATE TABLE sh.subs_us_01b PARTITION OF sh.subs_us FOR VALUES FROM ('2024-01-15') TO ('2024-02-01');
  CREATE TABLE sh.subs_us_02 PARTITION OF sh.subs_us FOR VALUES FROM ('2024-02-01') TO ('2024-03-01');
  INSERT INTO sh.subs SELECT g, CASE WHEN g % 2 = 0 THEN 'EU' ELSE 'US' END, DATE '2024-01-01' + g % 59
    FROM generate_series(0, 117) g;
`;

let template = '';
beforeAll(async () => {
  template = await createSourceTemplate(SOURCE_SQL);
}, 180_000);

describe('offload variants (issue #13), PostgreSQL → DuckDB', { timeout: 240_000 }, () => {
  it('RANGE on (yr, mo): --less-than-value 2024,3 offloads January and February; same command → no-op; then the rest but MAXVALUE', async () => {
    const { home, env } = embeddedHome(template);
    const first = await runOffload(env, { table: 'SH.MONTHLY', lessThanValue: '2024,3' });
    expect(first).toMatchObject({ status: 'SUCCESS', rows: 20 });
    expect(first.verification).toBe(MATCHES);
    expect(first.plan.scope).toEqual({ kind: 'partitions', partitions: ['monthly_2024_01', 'monthly_2024_02'] });
    expect(await metadataOf(home, 'MONTHLY')).toMatchObject({
      offloadType: 'INCREMENTAL',
      incrementalKey: 'yr,mo',
      predicateType: 'RANGE',
      incrementalRange: 'PARTITION',
      highValues: [['2024', '3']],
    });
    expect((await metadataOf(home, 'MONTHLY'))?.highWaterMark).toBeUndefined();
    const again = await runOffload(env, { table: 'SH.MONTHLY', lessThanValue: '2024,3' });
    expect(again).toMatchObject({ status: 'NOOP', rows: 0 });
    expect(again.notices).toContain(PARTITION_APPEND_MESSAGES.noPartitions);
    const rest = await runOffload(env, { table: 'SH.MONTHLY' });
    expect(rest).toMatchObject({ status: 'SUCCESS', rows: 10 });
    expect(rest.notices).toContain(PARTITION_APPEND_MESSAGES.outOfRange('monthly_max'));
    expect(await backendRows(env, 'monthly')).toBe(30);
    expect((await metadataOf(home, 'MONTHLY'))?.highValues).toEqual([['2024', '4']]);
  });

  it('FULL with a partition boundary ("100/10"): every row, the boundary recorded as the high-water mark', async () => {
    const { home, env } = embeddedHome(template);
    const r = await runOffload(env, { table: 'SH.MONTHLY', offloadType: 'FULL', partitionNames: 'monthly_2024_02' });
    expect(r).toMatchObject({ status: 'SUCCESS', rows: 40 });
    expect(r.verification).toBe(MATCHES);
    expect(await metadataOf(home, 'MONTHLY')).toMatchObject({
      offloadType: 'FULL',
      incrementalKey: 'yr,mo',
      predicateType: 'RANGE',
      highValues: [['2024', '3']],
    });
    // late-arriving data on the 100/10 offload: bounded by the backend max, metadata kept
    const before = await metadataOf(home, 'MONTHLY');
    await sourceSql(home, 'INSERT INTO sh.monthly VALUES (2000, 2024, 1, 1);');
    const late = await runOffload(env, { table: 'SH.MONTHLY', offloadPredicate: 'column(id) = numeric(2000)' });
    expect(late).toMatchObject({ status: 'SUCCESS', rows: 1 });
    expect(late.notices).toContain(OFFLOAD_MODE_MESSAGES.appendedHighValue);
    expect(await metadataOf(home, 'MONTHLY')).toEqual(before);
  });

  it('LIST append: --equal-to-values EU, then --partition-names regions_us,regions_apac; DEFAULT refused for INCREMENTAL', async () => {
    const { home, env } = embeddedHome(template);
    const first = await runOffload(env, { table: 'SH.REGIONS', equalToValues: ['EU'] });
    expect(first).toMatchObject({ status: 'SUCCESS', rows: 10 });
    expect(first.verification).toBe(MATCHES);
    expect(await metadataOf(home, 'REGIONS')).toMatchObject({
      offloadType: 'INCREMENTAL',
      incrementalKey: 'region',
      predicateType: 'LIST',
      highValues: [['EU']],
    });
    const second = await runOffload(env, { table: 'SH.REGIONS', partitionNames: 'regions_us,regions_apac' });
    expect(second).toMatchObject({ status: 'SUCCESS', rows: 30 });
    expect(second.verification).toBe(MATCHES);
    const hv = (await metadataOf(home, 'REGIONS'))?.highValues?.map((t) => t.join(',')).sort();
    expect(hv).toEqual(['APAC', 'EU', 'OC', 'US']);
    expect(await backendRows(env, 'regions')).toBe(40);
    const again = await runOffload(env, { table: 'SH.REGIONS', equalToValues: ['EU'] });
    expect(again).toMatchObject({ status: 'NOOP', rows: 0 });
    const e = await failOffload(env, { table: 'SH.REGIONS', partitionNames: 'regions_other' });
    expect(e.message).toBe('Cannot offload OUT-OF-LIST partition regions_other for offload type INCREMENTAL');
  });

  it('LIST_AS_RANGE: --less-than-value 2024-01-03 takes the first two days (strict); metadata LIST_AS_RANGE', async () => {
    const { home, env } = embeddedHome(template);
    const r = await runOffload(env, { table: 'SH.DAYS', lessThanValue: '2024-01-03' });
    expect(r).toMatchObject({ status: 'SUCCESS', rows: 20 });
    expect(r.verification).toBe(MATCHES);
    expect(await metadataOf(home, 'DAYS')).toMatchObject({
      offloadType: 'INCREMENTAL',
      incrementalKey: 'day',
      predicateType: 'LIST_AS_RANGE',
      highValues: [['2024-01-02']],
    });
    const again = await runOffload(env, { table: 'SH.DAYS', lessThanValue: '2024-01-03' });
    expect(again).toMatchObject({ status: 'NOOP', rows: 0 });
  });

  it('late-arriving data on a RANGE table: the predicate ANDed with the backend max, metadata not modified', async () => {
    const { home, env } = embeddedHome(template);
    await runOffload(env, { table: 'SH.MONTHLY', lessThanValue: '2024,3' });
    const before = await metadataOf(home, 'MONTHLY');
    await sourceSql(home, 'INSERT INTO sh.monthly VALUES (1000, 2024, 1, 5), (1001, 2024, 3, 6);');
    const late = await runOffload(env, { table: 'SH.MONTHLY', offloadPredicate: 'column(id) >= numeric(1000)' });
    expect(late).toMatchObject({ status: 'SUCCESS', rows: 1 });
    expect(late.notices).toContain(OFFLOAD_MODE_MESSAGES.appendedHighValue);
    expect(await metadataOf(home, 'MONTHLY')).toEqual(before);
    expect(await backendRows(env, 'monthly')).toBe(21);
    const e = await failOffload(env, {
      table: 'SH.MONTHLY',
      offloadPredicate: 'column(id) >= numeric(1000)',
      offloadPredicateType: 'RANGE_AND_PREDICATE',
    });
    expect(e.message).toBe(OFFLOAD_MODE_MESSAGES.allKeyColumns);
  });

  it('offload by subpartition (LIST/RANGE): automatic switch, January of every region, SUBPARTITION recorded; a HWM off the common boundary is refused', async () => {
    const { home, env } = embeddedHome(template);
    const e = await failOffload(env, { table: 'SH.SUBS', lessThanValue: '2024-01-20' });
    expect(e.message).toBe('No common boundary at HWM 2024-01-15. Minimum recommended common boundary is 2024-02-01');
    const r = await runOffload(env, { table: 'SH.SUBS', olderThanDate: '2024-02-01' });
    expect(r.notices).toContain('Setting --offload-by-subpartition due to partition scheme: LIST/RANGE');
    expect(r).toMatchObject({ status: 'SUCCESS', rows: 62 });
    expect(r.verification).toBe(MATCHES);
    expect(r.plan.scope.kind === 'partitions' ? [...r.plan.scope.partitions].sort() : r.plan.scope).toEqual([
      'subs_eu_01',
      'subs_us_01a',
      'subs_us_01b',
    ]);
    expect(await metadataOf(home, 'SUBS')).toMatchObject({
      offloadType: 'INCREMENTAL',
      incrementalKey: 'day',
      incrementalRange: 'SUBPARTITION',
      predicateType: 'RANGE',
      highValues: [['2024-02-01']],
    });
    const rest = await runOffload(env, { table: 'SH.SUBS' });
    expect(rest).toMatchObject({ status: 'SUCCESS', rows: 56 });
    expect(await backendRows(env, 'subs')).toBe(118);
  });

  it('intra-day RANGE_AND_PREDICATE on (yr, mo): predicates accumulate, HVs kept; --no-modify-hybrid-view and --reset-hybrid-view', async () => {
    const { home, env } = embeddedHome(template);
    await runOffload(env, { table: 'SH.MONTHLY', lessThanValue: '2024,2' });
    const p1 = 'column(yr) = numeric(2024) AND column(mo) = numeric(2) AND column(id) < numeric(15)';
    const first = await runOffload(env, {
      table: 'SH.MONTHLY',
      offloadPredicate: p1,
      offloadPredicateType: 'RANGE_AND_PREDICATE',
    });
    expect(first).toMatchObject({ status: 'SUCCESS', rows: 5 });
    expect(first.verification).toBe(MATCHES);
    const m1 = await metadataOf(home, 'MONTHLY');
    expect(m1).toMatchObject({
      predicateType: 'RANGE_AND_PREDICATE',
      incrementalKey: 'yr,mo',
      highValues: [['2024', '2']],
    });
    expect(m1?.predicates).toHaveLength(1);
    const p2 =
      'column(yr) = numeric(2024) AND column(mo) = numeric(2) AND column(id) >= numeric(15) AND column(id) <= numeric(16)';
    await runOffload(env, { table: 'SH.MONTHLY', offloadPredicate: p2, noModifyHybridView: true });
    expect((await metadataOf(home, 'MONTHLY'))?.predicates).toEqual(m1?.predicates);
    const p3 = 'column(yr) = numeric(2024) AND column(mo) = numeric(2) AND column(id) = numeric(17)';
    await runOffload(env, { table: 'SH.MONTHLY', offloadPredicate: p3 });
    expect((await metadataOf(home, 'MONTHLY'))?.predicates).toHaveLength(2);
    const p4 = 'column(yr) = numeric(2024) AND column(mo) = numeric(2) AND column(id) = numeric(18)';
    await runOffload(env, { table: 'SH.MONTHLY', offloadPredicate: p4, resetHybridView: true });
    const m4 = await metadataOf(home, 'MONTHLY');
    expect(m4?.predicates).toHaveLength(1);
    expect(m4?.predicates?.[0]).toContain('numeric(18)');
    expect(m4?.highValues).toEqual([['2024', '2']]);
    expect(await backendRows(env, 'monthly')).toBe(19);
  });
});
