/**
 * Data-type controls end to end (issue #13 item 6): PGlite → DuckDB through the real adapters, each option shown by
 * the DuckDB DDL (information_schema) and the loaded values.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { offload } from '@goe/stack';
import type { GoeEvent, OffloadOptions } from '@goe/core';
import { createSourceTemplate, embeddedHome, repositoryOf, warehouse } from './support.js';

const SOURCE = `
  CREATE SCHEMA sh;
  CREATE TABLE sh.t (
    id integer PRIMARY KEY, ts timestamp(6), qty numeric(10,0), amt numeric(10,4), big numeric, small numeric, note text NOT NULL
  );
  INSERT INTO sh.t VALUES
    (1, '2024-01-01 10:00:00.123456', 5, 1.2345, 123456789012, 12, 'a'),
    (2, '1969-12-31 23:59:59.999999', 40000, -1.2355, 1.5, 300, 'b'),
    (3, NULL, NULL, 2.005, NULL, NULL, 'c');
`;

let template = '';
beforeAll(async () => {
  template = await createSourceTemplate(SOURCE);
}, 180_000);

const json = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));

async function run(options: Partial<OffloadOptions>) {
  const { env, home } = embeddedHome(template);
  const events: GoeEvent[] = [];
  const result = await offload({ table: 'SH.T', execute: true, createBackendDb: true, ...options } as OffloadOptions, {
    env,
    events: { emit: (e) => void events.push(e) },
  }).catch((e: Error & { code?: string; hint?: string; variable?: string; column?: string }) => e);
  const messages = events
    .filter((e) => e.type === 'notice' || e.type === 'warning')
    .map((e) => (e as { message: string }).message);
  const types = async () =>
    Object.fromEntries(
      (await warehouse(
        env,
        "SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'sh' AND table_name = 't' ORDER BY ordinal_position",
      )) as [string, string, string][],
    ) as Record<string, string>;
  const nullable = async () =>
    Object.fromEntries(
      (
        (await warehouse(
          env,
          "SELECT column_name, is_nullable FROM information_schema.columns WHERE table_schema = 'sh' AND table_name = 't'",
        )) as [string, string][]
      ).map(([c, n]) => [c, n]),
    );
  const tableExists = async () =>
    (
      (await warehouse(env, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'sh'")) as bigint[][]
    )[0]![0] === 1n;
  return { env, home, result, messages, types, nullable, tableExists };
}

describe('e2e: data-type controls (PGlite → DuckDB)', () => {
  it('--timestamp-tz-columns on timestamp(6): TIMESTAMPTZ at the source scale, values exact as UTC', async () => {
    const r = await run({ timestampTzColumns: 'TS' });
    expect(r.result).toMatchObject({ status: 'SUCCESS', rows: 3 });
    expect((await r.types()).ts).toBe('TIMESTAMP WITH TIME ZONE');
    // the naive source value is read as UTC: microseconds since the epoch are the same digits
    expect(json(await warehouse(r.env, 'SELECT id, epoch_us(ts) FROM sh.t ORDER BY id'))).toBe(
      json([
        [1, 1704103200123456n],
        [2, -1n],
        [3, null],
      ]),
    );
  });

  it('integer narrowing is decided by the data: refused with the range and the wider option, nothing created', async () => {
    const r = await run({ integer2Columns: 'QTY' });
    expect(r.result).toMatchObject({
      code: 'TYPE_LOSSY_CONVERSION',
      column: 'qty',
      variable: '--integer-2-columns',
      message:
        'Column qty: values from 5 to 40000 do not fit INTEGER_2 (-32768 to 32767) requested by --integer-2-columns',
      hint: 'Use --integer-4-columns qty instead',
    });
    expect((r.result as Error).message).not.toContain('--allow-decimal-scale-rounding');
    expect(await r.tableExists()).toBe(false);
    // a sampled numeric narrowed below its values: refused naming the option that fits
    const small = await run({ integer1Columns: 'small' });
    expect(small.result).toMatchObject({
      code: 'TYPE_LOSSY_CONVERSION',
      hint: 'Use --integer-2-columns small instead',
    });
    // narrowing that fits the data is accepted
    const ok = await run({ integer4Columns: 'QTY', integer2Columns: 'small' });
    expect(ok.result).toMatchObject({ status: 'SUCCESS', rows: 3 });
    expect(await ok.types()).toMatchObject({ qty: 'INTEGER', small: 'SMALLINT' });
    expect(json(await warehouse(ok.env, 'SELECT qty, small FROM sh.t ORDER BY id'))).toBe(
      json([
        [5, 12],
        [40000, 300],
        [null, null],
      ]),
    );
  });

  it('--allow-decimal-scale-rounding with a smaller --decimal-columns-type: DuckDB rounds half away from zero', async () => {
    const refused = await run({ decimalColumns: ['AMT'], decimalColumnsType: ['10,2'] });
    expect(refused.result).toMatchObject({
      code: 'TYPE_LOSSY_CONVERSION',
      column: 'amt',
      variable: '--allow-decimal-scale-rounding',
    });
    const r = await run({
      decimalColumns: ['AMT'],
      decimalColumnsType: ['10,2'],
      allow: { decimalScaleRounding: true },
    });
    expect(r.result).toMatchObject({ status: 'SUCCESS', rows: 3 });
    expect((await r.types()).amt).toBe('DECIMAL(10,2)');
    expect(json(await warehouse(r.env, 'SELECT CAST(amt AS VARCHAR) FROM sh.t ORDER BY id'))).toBe(
      json([['1.23'], ['-1.24'], ['2.01']]),
    );
    expect(r.messages).toContain(
      "Column amt: values are rounded from scale 4 to 2 (DECIMAL(10,4) -> DECIMAL(10,2)) by the backend's cast, as --allow-decimal-scale-rounding allows",
    );
    // counted: 1.2345 → 1.23, −1.2355 → −1.24, 2.0050 → 2.01 (all three change)
    expect(r.messages).toContain('3 values of amt rounded to scale 2');
    const repo = await repositoryOf(r.home);
    try {
      const steps = await repo.listSteps((r.result as { executionId: string }).executionId);
      expect(steps.find((st) => st.stepId === 'VALIDATE_CASTS')?.details).toMatchObject({
        notices: '3 values of amt rounded to scale 2',
      });
    } finally {
      await repo.close();
    }
  });

  it('sampling: suggestions name GOE options; --decimal-padding-digits pads sampled decimals; 0 % disables sampling', async () => {
    const r = await run({});
    expect(r.result).toMatchObject({ status: 'SUCCESS' });
    expect(r.messages).toContain(
      'Sampled numeric column small: 3 integral digits, scale 0 → INTEGER_2; to skip sampling next time: --integer-2-columns small',
    );
    // 12 integral digits, scale 1, default padding 2 → DECIMAL(17,3)
    expect(await r.types()).toMatchObject({ big: 'DECIMAL(17,3)', small: 'SMALLINT' });
    const unpadded = await run({ decimalPaddingDigits: 0 });
    expect((await unpadded.types()).big).toBe('DECIMAL(13,1)');
    const off = await run({ dataSamplePercent: 0 });
    expect(off.result).toMatchObject({ code: 'TYPE_UNSUPPORTED', column: 'big' });
    expect((off.result as { hint?: string }).hint).toContain('--decimal-columns big --decimal-columns-type');
  });

  it('--not-null-propagation AUTO copies source NOT NULL to the DuckDB DDL; NONE does not', async () => {
    const auto = await run({});
    expect(await auto.nullable()).toMatchObject({ id: 'NO', note: 'NO', ts: 'YES' });
    const none = await run({ notNullPropagation: 'NONE' });
    expect(none.result).toMatchObject({ status: 'SUCCESS' });
    expect(await none.nullable()).toMatchObject({ id: 'YES', note: 'YES', ts: 'YES' });
  });
});
