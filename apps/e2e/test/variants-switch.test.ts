/**
 * Switching OFFLOAD_TYPE on partition-append tables (issue #13; orchestration reference §2.6
 * `get_offload_type_for_config`, `offload_type_force_effects`) on PostgreSQL (PGlite) → DuckDB through the real
 * adapters and `offload()`: INCREMENTAL → FULL offloads every partition not yet offloaded, the MAXVALUE / DEFAULT
 * partition included, and records OFFLOAD_TYPE FULL; the same command again finds nothing to offload; INCREMENTAL
 * afterwards is refused with GOE's texts. FULL → INCREMENTAL appends (RANGE) or needs identification (LIST). LIST
 * DEFAULT rules and LIST FULL with `--equal-to-values` (GOE "100/10").
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { LIST_APPEND_MESSAGES, OFFLOAD_MODE_MESSAGES, PARTITION_APPEND_MESSAGES } from '@goe/core';
import type { OffloadMetadata } from '@goe/core';
import {
  backendCount,
  createSourceTemplate,
  embeddedHome,
  failOffload,
  MATCHES,
  metadataOf,
  runOffload,
  sourceSql,
  warehouse,
} from './support.js';

/**
 * sh.monthly: RANGE (yr, mo), January–March 2024 plus MAXVALUE (10 rows each); sh.quarters: RANGE (q) without
 * MAXVALUE; sh.regions: LIST (region) EU / US / APAC,OC + DEFAULT (LATAM), 10 rows a value; sh.days: LIST (day),
 * one day per partition + DEFAULT (2024-01-09).
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
  CREATE TABLE sh.quarters (id integer, q integer NOT NULL) PARTITION BY RANGE (q);
  CREATE TABLE sh.quarters_1 PARTITION OF sh.quarters FOR VALUES FROM (1) TO (2);
  CREATE TABLE sh.quarters_2 PARTITION OF sh.quarters FOR VALUES FROM (2) TO (3);
  INSERT INTO sh.quarters SELECT g, 1 + g % 2 FROM generate_series(0, 19) g;
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
  CREATE TABLE sh.days_other PARTITION OF sh.days DEFAULT;
  INSERT INTO sh.days SELECT g, DATE '2024-01-01' + g % 3 FROM generate_series(0, 29) g;
  INSERT INTO sh.days SELECT g, DATE '2024-01-09' FROM generate_series(100, 104) g;
  CREATE TABLE sh.subs (id integer, region text, day date NOT NULL) PARTITION BY LIST (region);
  CREATE TABLE sh.subs_eu PARTITION OF sh.subs FOR VALUES IN ('EU') PARTITION BY RANGE (day);
  CREATE TABLE sh.subs_eu_01 PARTITION OF sh.subs_eu FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');
  CREATE TABLE sh.subs_eu_02 PARTITION OF sh.subs_eu FOR VALUES FROM ('2024-02-01') TO ('2024-03-01');
  CREATE TABLE sh.subs_us PARTITION OF sh.subs FOR VALUES IN ('US') PARTITION BY RANGE (day);
  CREATE TABLE sh.subs_us_01 PARTITION OF sh.subs_us FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');
  CREATE TABLE sh.subs_us_02 PARTITION OF sh.subs_us FOR VALUES FROM ('2024-02-01') TO ('2024-03-01');
  INSERT INTO sh.subs SELECT g, CASE WHEN g % 2 = 0 THEN 'EU' ELSE 'US' END, DATE '2024-01-01' + g % 59
    FROM generate_series(0, 117) g;
`;

let template = '';
beforeAll(async () => {
  template = await createSourceTemplate(SOURCE_SQL);
}, 180_000);

const TO_FULL = OFFLOAD_MODE_MESSAGES.switchingType('INCREMENTAL', 'FULL');
const sorted = (m: OffloadMetadata | undefined) => m?.highValues?.map((t) => t.join(',')).sort();

describe('switching OFFLOAD_TYPE (issue #13), PostgreSQL → DuckDB', { timeout: 300_000 }, () => {
  it('RANGE (yr, mo) INCREMENTAL → FULL: March and MAXVALUE appended, FULL recorded with the HWM; again → nothing; INCREMENTAL then refused (OUT-OF-RANGE)', async () => {
    const { home, env } = embeddedHome(template);
    expect(await runOffload(env, { table: 'SH.MONTHLY', lessThanValue: '2024,3' })).toMatchObject({ rows: 20 });
    const full = await runOffload(env, { table: 'SH.MONTHLY', offloadType: 'FULL' });
    expect(full).toMatchObject({ status: 'SUCCESS', rows: 20 });
    expect(full.notices).toContain(TO_FULL);
    expect(full.notices).not.toContain(PARTITION_APPEND_MESSAGES.outOfRange('monthly_max'));
    expect(full.verification).toBe(MATCHES);
    expect(full.plan.scope).toEqual({ kind: 'partitions', partitions: ['monthly_2024_03', 'monthly_max'] });
    expect(full.plan.variant).toMatchObject({ kind: 'range', offloadType: 'FULL', predicateType: 'RANGE' });
    expect(await backendCount(env, 'monthly')).toBe(40);
    expect(await metadataOf(home, 'MONTHLY')).toMatchObject({
      offloadType: 'FULL',
      incrementalKey: 'yr,mo',
      predicateType: 'RANGE',
      highValues: [['2024', '4']],
    });
    const again = await runOffload(env, { table: 'SH.MONTHLY', offloadType: 'FULL' });
    expect(again).toMatchObject({ status: 'NOOP', rows: 0 });
    expect(again.notices).toContain(PARTITION_APPEND_MESSAGES.noPartitions);
    expect(again.notices).not.toContain(TO_FULL);
    expect(await backendCount(env, 'monthly')).toBe(40);
    for (const options of [{ offloadType: 'INCREMENTAL' }, { lessThanValue: '2024,4' }]) {
      const e = await failOffload(env, { table: 'SH.MONTHLY', ...options });
      expect(e).toMatchObject({ code: 'OPTION_INVALID', variable: '--offload-type' });
      expect(e.message).toBe('Offload type INCREMENTAL invalid when OUT-OF-RANGE partition has been offloaded');
    }
    expect(await backendCount(env, 'monthly')).toBe(40);
    expect((await metadataOf(home, 'MONTHLY'))?.offloadType).toBe('FULL');
  });

  it('RANGE "100/10" then INCREMENTAL: refused once MAXVALUE was offloaded; without MAXVALUE, FULL → INCREMENTAL appends a new partition', async () => {
    const { home, env } = embeddedHome(template);
    expect(
      await runOffload(env, { table: 'SH.MONTHLY', offloadType: 'FULL', partitionNames: 'monthly_2024_02' }),
    ).toMatchObject({ rows: 40 });
    expect((await failOffload(env, { table: 'SH.MONTHLY', lessThanValue: '2024,4' })).message).toBe(
      OFFLOAD_MODE_MESSAGES.outOfRangeOffloaded,
    );
    expect(
      await runOffload(env, { table: 'SH.QUARTERS', offloadType: 'FULL', partitionNames: 'quarters_1' }),
    ).toMatchObject({
      rows: 20,
    });
    expect(await metadataOf(home, 'QUARTERS')).toMatchObject({ offloadType: 'FULL', highValues: [['2']] });
    await sourceSql(
      home,
      `CREATE TABLE sh.quarters_3 PARTITION OF sh.quarters FOR VALUES FROM (3) TO (4);
       INSERT INTO sh.quarters SELECT g, 3 FROM generate_series(100, 104) g;`,
    );
    const inc = await runOffload(env, { table: 'SH.QUARTERS', offloadType: 'INCREMENTAL' });
    expect(inc).toMatchObject({ status: 'SUCCESS', rows: 5 });
    expect(inc.notices).toContain(OFFLOAD_MODE_MESSAGES.switchingType('FULL', 'INCREMENTAL'));
    expect(inc.verification).toBe(MATCHES);
    expect(inc.plan.scope).toEqual({ kind: 'partitions', partitions: ['quarters_3'] });
    expect(await backendCount(env, 'quarters')).toBe(25);
    expect(await metadataOf(home, 'QUARTERS')).toMatchObject({ offloadType: 'INCREMENTAL', highValues: [['4']] });
  });

  it('LIST DEFAULT rules: FULL takes DEFAULT; INCREMENTAL afterwards is refused ("…DEFAULT partition has been offloaded")', async () => {
    const { env } = embeddedHome(template);
    expect(await runOffload(env, { table: 'SH.REGIONS' })).toMatchObject({ status: 'SUCCESS', rows: 50 });
    expect(await warehouse(env, "SELECT count(*) FROM sh.regions WHERE region = 'LATAM'")).toEqual([[10n]]);
    for (const options of [{ equalToValues: ['EU'] }, { partitionNames: 'regions_us' }]) {
      const e = await failOffload(env, { table: 'SH.REGIONS', ...options });
      expect(e).toMatchObject({ code: 'OPTION_INVALID', variable: '--offload-type' });
      expect(e.message).toBe(LIST_APPEND_MESSAGES.defaultOffloaded);
    }
    expect(await backendCount(env, 'regions')).toBe(50);
  });

  it('LIST --offload-type FULL --equal-to-values EU (GOE 100/10): every row, EU recorded; again → nothing; INCREMENTAL refused', async () => {
    const { home, env } = embeddedHome(template);
    const r = await runOffload(env, { table: 'SH.REGIONS', offloadType: 'FULL', equalToValues: ['EU'] });
    expect(r).toMatchObject({ status: 'SUCCESS', rows: 50 });
    expect(r.verification).toBe(MATCHES);
    expect(await metadataOf(home, 'REGIONS')).toMatchObject({
      offloadType: 'FULL',
      incrementalKey: 'region',
      predicateType: 'LIST',
      highValues: [['EU']],
    });
    const again = await runOffload(env, { table: 'SH.REGIONS', offloadType: 'FULL', equalToValues: ['EU'] });
    expect(again).toMatchObject({ status: 'NOOP', rows: 0 });
    expect(await backendCount(env, 'regions')).toBe(50);
    expect((await failOffload(env, { table: 'SH.REGIONS', equalToValues: ['US'] })).message).toBe(
      LIST_APPEND_MESSAGES.defaultOffloaded,
    );
  });

  it('LIST INCREMENTAL → FULL: the other partitions and DEFAULT appended, FULL recorded; again → nothing; FULL → INCREMENTAL needs identification, then DEFAULT refuses it', async () => {
    const { home, env } = embeddedHome(template);
    expect(await runOffload(env, { table: 'SH.REGIONS', equalToValues: ['EU'] })).toMatchObject({ rows: 10 });
    const full = await runOffload(env, { table: 'SH.REGIONS', offloadType: 'FULL' });
    expect(full).toMatchObject({ status: 'SUCCESS', rows: 40 });
    expect(full.notices).toContain(TO_FULL);
    expect(full.verification).toBe(MATCHES);
    expect(full.plan.scope.kind === 'partitions' ? [...full.plan.scope.partitions].sort() : full.plan.scope).toEqual([
      'regions_apac',
      'regions_other',
      'regions_us',
    ]);
    expect(await backendCount(env, 'regions')).toBe(50);
    const m = await metadataOf(home, 'REGIONS');
    expect(m).toMatchObject({ offloadType: 'FULL', incrementalKey: 'region', predicateType: 'LIST' });
    expect(sorted(m)).toEqual(['APAC', 'EU', 'OC', 'US']);
    const again = await runOffload(env, { table: 'SH.REGIONS', offloadType: 'FULL' });
    expect(again).toMatchObject({ status: 'NOOP', rows: 0 });
    expect(await backendCount(env, 'regions')).toBe(50);
    expect((await failOffload(env, { table: 'SH.REGIONS', offloadType: 'INCREMENTAL' })).message).toBe(
      OFFLOAD_MODE_MESSAGES.listNeedsIdentification,
    );
    expect(
      (await failOffload(env, { table: 'SH.REGIONS', offloadType: 'INCREMENTAL', equalToValues: ['US'] })).message,
    ).toBe(LIST_APPEND_MESSAGES.defaultOffloaded);
  });

  it('offload by subpartition INCREMENTAL → FULL: the remaining subpartitions, FULL and SUBPARTITION recorded; FULL → INCREMENTAL refused', async () => {
    const { home, env } = embeddedHome(template);
    expect(await runOffload(env, { table: 'SH.SUBS', olderThanDate: '2024-02-01' })).toMatchObject({ rows: 62 });
    const full = await runOffload(env, { table: 'SH.SUBS', offloadType: 'FULL' });
    expect(full).toMatchObject({ status: 'SUCCESS', rows: 56 });
    expect(full.notices).toContain(TO_FULL);
    expect(full.verification).toBe(MATCHES);
    expect(await backendCount(env, 'subs')).toBe(118);
    expect(await metadataOf(home, 'SUBS')).toMatchObject({
      offloadType: 'FULL',
      incrementalKey: 'day',
      incrementalRange: 'SUBPARTITION',
      highValues: [['2024-03-01']],
    });
    expect(await runOffload(env, { table: 'SH.SUBS', offloadType: 'FULL' })).toMatchObject({ status: 'NOOP', rows: 0 });
    const e = await failOffload(env, { table: 'SH.SUBS', olderThanDate: '2024-03-01' });
    expect(e).toMatchObject({ code: 'OPTION_INVALID', variable: '--offload-type' });
    expect(e.message).toBe(OFFLOAD_MODE_MESSAGES.subpartitionFullToIncremental);
  });

  it('LIST_AS_RANGE INCREMENTAL → FULL: the last day and DEFAULT appended; INCREMENTAL then refused', async () => {
    const { home, env } = embeddedHome(template);
    expect(await runOffload(env, { table: 'SH.DAYS', lessThanValue: '2024-01-03' })).toMatchObject({ rows: 20 });
    const full = await runOffload(env, { table: 'SH.DAYS', offloadType: 'FULL' });
    expect(full).toMatchObject({ status: 'SUCCESS', rows: 15 });
    expect(full.notices).toContain(TO_FULL);
    expect(full.verification).toBe(MATCHES);
    expect(await backendCount(env, 'days')).toBe(35);
    expect(await metadataOf(home, 'DAYS')).toMatchObject({
      offloadType: 'FULL',
      incrementalKey: 'day',
      predicateType: 'LIST_AS_RANGE',
    });
    const again = await runOffload(env, { table: 'SH.DAYS', offloadType: 'FULL' });
    expect(again).toMatchObject({ status: 'NOOP', rows: 0 });
    expect((await failOffload(env, { table: 'SH.DAYS', lessThanValue: '2024-01-04' })).message).toBe(
      LIST_APPEND_MESSAGES.defaultOffloaded,
    );
    expect(await backendCount(env, 'days')).toBe(35);
  });
});
