import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalColumn, isGoeError, type CanonicalColumn } from '@goe/core';
import { canonicalFixtures, canonicalText, recordBatchFromValues, type CanonicalValue } from '@goe/conformance';
import { duckdbTexts, load, openPipeline, stage, type Pipeline } from './support/pipeline.js';
import { plan, tempDir } from './support/harness.js';

const fixtures = canonicalFixtures({ lobBytes: 16 });
const ID = fixtures.idColumn;

/** A batch of one fixture column (all its cases) plus ID. */
function fixtureBatch(key: string) {
  const fc = fixtures.column(key)!;
  return {
    column: fc.column,
    cases: fc.cases,
    batch: recordBatchFromValues([ID, fc.column], [fc.cases.map((k) => BigInt(k.row)), fc.cases.map((k) => k.value)]),
  };
}

let tmp: Awaited<ReturnType<typeof tempDir>>;
let p: Pipeline;
beforeAll(async () => {
  tmp = await tempDir('goe-duckdb-lossy-');
  p = await openPipeline(tmp.dir);
});
afterAll(async () => {
  await p?.close();
  await tmp?.cleanup();
});

describe('values DuckDB cannot hold are flagged by validateCasts, never loaded silently', () => {
  it('int64 nanosecond extremes (DuckDB reads them as ±infinity or cannot convert them)', async () => {
    const { column, batch } = fixtureBatch('TIMESTAMP_NS');
    const outcome = await load(
      p,
      plan('lossy', 'ts_ns', [ID, column]),
      await stage(p, plan('lossy', 'ts_ns', [ID, column]), batch),
    );
    expect(outcome.casts.ok).toBe(false);
    expect(outcome.casts.message).toBe('Data type conversion issue in load data: C_TIMESTAMP_NS (2 value(s))');
    expect(outcome.casts.details?.sql).toBe(
      'SELECT "C_TIMESTAMP_NS"\nFROM "goe"."lossy"."ts_ns_load_1"\nWHERE ("C_TIMESTAMP_NS" IS NOT NULL AND (isinf("C_TIMESTAMP_NS") OR ' +
        `CASE WHEN "C_TIMESTAMP_NS" NOT BETWEEN TIMESTAMP_NS '1700-01-01' AND TIMESTAMP_NS '2200-01-01' ` +
        `THEN try(CAST("C_TIMESTAMP_NS" AS VARCHAR)) IS NULL ELSE false END))\nLIMIT 50`,
    );
    expect(outcome.rows).toBeUndefined();
  });

  it('year-month intervals beyond 32-bit months', async () => {
    const { column, batch } = fixtureBatch('INTERVAL_YM');
    const pl = plan('lossy', 'ym', [ID, column]);
    const outcome = await load(p, pl, await stage(p, pl, batch));
    expect(outcome.casts).toMatchObject({ ok: false, details: { C_INTERVAL_YM: 2 } });
  });

  it('interval nanoseconds: refused, or truncated to microseconds with --allow-nanosecond-timestamp-columns', async () => {
    const column = canonicalColumn({ name: 'C_MDN', dataType: 'INTERVAL_MDN' });
    const values: CanonicalValue[] = [
      { months: 1, days: 2, nanoseconds: 3_000_000_001n },
      { months: 0, days: 0, nanoseconds: -1_500n },
      null,
    ];
    const batch = recordBatchFromValues([ID, column], [[0n, 1n, 2n], values]);
    const strict = plan('lossy', 'mdn_strict', [ID, column]);
    const refused = await load(p, strict, await stage(p, strict, batch));
    expect(refused.casts).toMatchObject({ ok: false, details: { C_MDN: 2 } });

    const allowed = plan('lossy', 'mdn_allowed', [ID, column], { nanosecondTimestamps: true });
    const outcome = await load(p, allowed, await stage(p, allowed, batch));
    expect(outcome.rows).toBe(3n);
    const texts = await duckdbTexts(p, 'lossy', 'mdn_allowed', [ID, column]);
    expect([0, 1, 2].map((i) => texts.get(i)?.[1])).toEqual(['P1M2DT3S', 'P0M0DT-0.000001S', null]);
  });

  it('nanosecond TIMESTAMP_TZ: refused by the type map, truncated to microseconds when allowed', async () => {
    const { column, batch, cases } = fixtureBatch('TIMESTAMP_TZ_NS');
    const strict = plan('lossy', 'tz_strict', [ID, column]);
    const err = (() => {
      try {
        p.session.ddlFor(strict);
      } catch (e) {
        return e;
      }
    })();
    expect(isGoeError(err) && err.code).toBe('TYPE_LOSSY_CONVERSION');
    expect(isGoeError(err) && err.hint).toMatch(/--allow-nanosecond-timestamp-columns/);

    const allowed = plan('lossy', 'tz_allowed', [ID, column], { nanosecondTimestamps: true });
    const kept = cases.filter((k) => k.name !== 'min' && k.name !== 'max');
    const keptBatch = recordBatchFromValues([ID, column], [kept.map((k) => BigInt(k.row)), kept.map((k) => k.value)]);
    void batch;
    const outcome = await load(p, allowed, await stage(p, allowed, keptBatch));
    expect(outcome.rows).toBe(BigInt(kept.length));
    const micros = canonicalColumn({ name: column.name, dataType: 'TIMESTAMP_TZ', scale: 6 });
    const texts = await duckdbTexts(p, 'lossy', 'tz_allowed', [ID, micros]);
    for (const k of kept) {
      const v = k.value as bigint | null;
      // DuckDB truncates toward zero to the microsecond when it reads UTC nanoseconds
      const expected = v === null ? null : canonicalText(micros, v - (v % 1000n));
      const raw = texts.get(k.row)?.[1] ?? null;
      expect(raw === null ? null : canonicalText(micros, raw)).toBe(expected);
    }
  });

  it('DECIMAL over 38 digits is refused with a hint (no silent VARCHAR landing)', () => {
    const column = fixtures.column('DECIMAL_76_38')!.column as CanonicalColumn;
    const err = (() => {
      try {
        p.session.ddlFor(plan('lossy', 'dec76', [ID, column]));
      } catch (e) {
        return e;
      }
    })();
    expect(isGoeError(err) && err.code).toBe('TYPE_UNSUPPORTED');
    expect(isGoeError(err) && err.message).toBe("Column C_DECIMAL_76_38: DECIMAL(76,38) exceeds DuckDB's 38 digits");
    expect(isGoeError(err) && err.hint).toMatch(/--decimal-columns C_DECIMAL_76_38 --decimal-columns-type 38,/);
  });
});
