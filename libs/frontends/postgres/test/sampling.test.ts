/**
 * Data sampling driven by GOE's options (--data-sample-percent, --data-sample-parallelism,
 * --decimal-padding-digits) on real engines: the SQL sent (captured on the connection) and the resulting types.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeSamplingOptions, type GoeEvent, type SamplingOptions } from '@goe/core';
import { resolvePostgresSettings } from '../src/config.js';
import { createConnector, type PgConnection } from '../src/connection.js';
import { describePostgresTable } from '../src/introspect.js';
import { padSampledDecimal, samplingSetupSql, skipSamplingOptions } from '../src/sampling.js';
import { ENGINES, pgUrl, staticConfig, uniqueSchema, type Engine } from './helpers.js';

/** A connection that records every statement it runs. */
function capturing(conn: PgConnection, log: string[]): PgConnection {
  return {
    engine: conn.engine,
    query: (sql, params) => {
      log.push(sql);
      return conn.query(sql, params);
    },
    copyOut: (select, signal) => conn.copyOut(select, signal),
    close: () => conn.close(),
  };
}

describe.each(ENGINES)('data sampling options on %s', (engine: Engine) => {
  const schema = uniqueSchema('sampling');
  let conn: PgConnection;
  const settings = () =>
    resolvePostgresSettings(staticConfig({ POSTGRES_CONN: engine === 'pg' ? pgUrl() : 'pglite://memory' }));

  beforeAll(async () => {
    conn = await createConnector(settings()).open();
    await conn.query(`CREATE SCHEMA ${schema}`);
    await conn.query(`CREATE TABLE ${schema}.t (id int PRIMARY KEY, amount numeric, small numeric)`);
    await conn.query(`INSERT INTO ${schema}.t SELECT g, g * 1000 + 0.5, g % 300 FROM generate_series(1, 2000) AS g`);
  });
  afterAll(async () => {
    await conn?.query(`DROP SCHEMA ${schema} CASCADE`).catch(() => undefined);
    await conn?.close();
  });

  async function describeWith(sampling?: SamplingOptions) {
    const log: string[] = [];
    const events: GoeEvent[] = [];
    const { table } = await describePostgresTable(
      capturing(conn, log),
      schema,
      't',
      settings(),
      { emit: (e) => void events.push(e) },
      sampling,
    );
    const type = (name: string) => table.columns.find((c) => c.name === name)!.canonical;
    return { log, events, type, sampleSql: log.filter((s) => s.includes('min_scale')) };
  }

  it('AUTO on a small table samples every row, padding 2 widens sampled decimals only', async () => {
    const { sampleSql, log, type, events } = await describeWith(
      normalizeSamplingOptions({ dataSamplePercent: 'AUTO' }),
    );
    expect(sampleSql).toHaveLength(1);
    expect(sampleSql[0]).not.toContain('TABLESAMPLE');
    expect(log.some((s) => s.includes('max_parallel_workers_per_gather'))).toBe(false);
    // 7 integral digits, scale 1 → DECIMAL(8,1) + padding 2 → DECIMAL(12,3)
    expect(type('amount')).toMatchObject({ dataType: 'DECIMAL', precision: 12, scale: 3, safeMapping: false });
    expect(type('small')).toMatchObject({ dataType: 'INTEGER_2', precision: 3 });
    const notices = events.filter((e) => e.type === 'notice').map((e) => (e as { message: string }).message);
    expect(notices).toContain(
      'Sampled numeric column small: 3 integral digits, scale 0 → INTEGER_2; to skip sampling next time: --integer-2-columns small',
    );
    expect(notices).toContain(
      'Sampled numeric column amount: 7 integral digits, scale 1 → DECIMAL(12,3); to skip sampling next time: --decimal-columns amount --decimal-columns-type 12,3',
    );
  });

  it('N % samples with TABLESAMPLE SYSTEM (N); padding 0 keeps the sampled size', async () => {
    const { sampleSql, type } = await describeWith(
      normalizeSamplingOptions({ dataSamplePercent: '50', decimalPaddingDigits: 0 }),
    );
    expect(sampleSql[0]).toMatch(/FROM "sampling_[0-9a-f]+"\."t" TABLESAMPLE SYSTEM \(50\)$/);
    // a 50 % block sample of a small table may miss every page: then the column stays unsized
    const amount = type('amount');
    expect(amount.dataType).toBe('DECIMAL');
    expect([undefined, 1]).toContain(amount.scale);
  });

  it('0 disables sampling: the numeric column stays unsized and unsafe', async () => {
    const { sampleSql, type } = await describeWith(normalizeSamplingOptions({ dataSamplePercent: 0 }));
    expect(sampleSql).toEqual([]);
    expect(type('amount')).toMatchObject({ dataType: 'DECIMAL', safeMapping: false });
    expect(type('amount').precision).toBeUndefined();
  });

  it('--data-sample-parallelism runs the sample in a transaction with SET LOCAL max_parallel_workers_per_gather', async () => {
    const four = await describeWith(normalizeSamplingOptions({ dataSampleParallelism: 4 }));
    const i = four.log.indexOf('SET LOCAL max_parallel_workers_per_gather = 4');
    expect(i).toBeGreaterThan(0);
    expect(four.log[i - 1]).toBe('BEGIN READ ONLY');
    expect(four.log[i + 1]).toContain('min_scale');
    expect(four.log[i + 2]).toBe('COMMIT');
    const serial = await describeWith(normalizeSamplingOptions({ dataSampleParallelism: 1 }));
    expect(serial.log).toContain('SET LOCAL max_parallel_workers_per_gather = 0');
    // the setting was local: the session's own value is back
    const [row] = await conn.query<{ v: string }>(`SELECT current_setting('max_parallel_workers_per_gather') AS v`);
    expect(row?.v).not.toBe('4');
  });
});

describe('sampling helpers', () => {
  it('names the GOE option of every sampled type', () => {
    expect(skipSamplingOptions('X', { dataType: 'INTEGER_1' })).toBe('--integer-1-columns X');
    expect(skipSamplingOptions('X', { dataType: 'INTEGER_4' })).toBe('--integer-4-columns X');
    expect(skipSamplingOptions('X', { dataType: 'INTEGER_8' })).toBe('--integer-8-columns X');
    expect(skipSamplingOptions('X', { dataType: 'INTEGER_38' })).toBe('--integer-38-columns X');
  });
  it('pads within 38 digits', () => {
    const d = (precision: number, scale: number) => ({
      dataType: 'DECIMAL' as const,
      precision,
      scale,
      safeMapping: false,
    });
    expect(padSampledDecimal(d(13, 1), 2)).toMatchObject({ precision: 17, scale: 3 });
    expect(padSampledDecimal(d(36, 0), 2)).toMatchObject({ precision: 38, scale: 0 });
    expect(padSampledDecimal(d(37, 2), 2)).toMatchObject({ precision: 38, scale: 2 });
    expect(padSampledDecimal(d(10, 2), 0)).toMatchObject({ precision: 10, scale: 2 });
    expect(padSampledDecimal({ dataType: 'INTEGER_2', safeMapping: false }, 2)).toEqual({
      dataType: 'INTEGER_2',
      safeMapping: false,
    });
    expect(samplingSetupSql(undefined)).toEqual([]);
    expect(samplingSetupSql(0)).toEqual(['SET LOCAL max_parallel_workers_per_gather = 0']);
  });
});
