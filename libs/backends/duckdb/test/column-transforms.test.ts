/** `--transform-column` in the DuckDB final load: null, suppress, regexp_replace and translate, on real DuckDB. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendColumns, canonicalColumn, isGoeError, type ColumnTransform, type OffloadPlan } from '@goe/core';
import { recordBatchFromValues } from '@goe/conformance';
import { DUCKDB_CAPABILITIES, DUCKDB_SQL, transformedLoad } from '../src/index.js';
import { duckdbTexts, load, openPipeline, stage, type Pipeline } from './support/pipeline.js';
import { plan, tempDir } from './support/harness.js';

const ID = canonicalColumn({ name: 'ID', dataType: 'INTEGER_8', nullable: false });
const NAME = canonicalColumn({ name: 'NAME', dataType: 'VARIABLE_STRING', charLength: 40 });
const PHONE = canonicalColumn({ name: 'PHONE', dataType: 'VARIABLE_STRING', charLength: 40 });
const SECRET = canonicalColumn({ name: 'SECRET', dataType: 'VARIABLE_STRING', charLength: 40, nullable: true });
const AMOUNT = canonicalColumn({ name: 'AMOUNT', dataType: 'DECIMAL', precision: 10, scale: 2, nullable: true });
const columns = [ID, NAME, PHONE, SECRET, AMOUNT];

let tmp: Awaited<ReturnType<typeof tempDir>>;
let p: Pipeline;
beforeAll(async () => {
  tmp = await tempDir('goe-duckdb-transforms-');
  p = await openPipeline(tmp.dir);
});
afterAll(async () => {
  await p?.close();
  await tmp?.cleanup();
});

function withTransforms(base: OffloadPlan, columnTransforms: readonly ColumnTransform[]): OffloadPlan {
  return { ...base, columnTransforms };
}

describe('DuckDB --transform-column', () => {
  it('declares null, suppress, regexp_replace and translate', () => {
    expect(DUCKDB_CAPABILITIES.transformations).toEqual(['null', 'suppress', 'regexp_replace', 'translate']);
  });

  // regexp_replace's replacement is RE2's: \1 a group, \\ one backslash; the quote and backslashes reach DuckDB as written
  it('applies the transformations in the final INSERT … SELECT; the suppressed column is not in the table', async () => {
    const transforms: ColumnTransform[] = [
      { column: 'NAME', fn: 'translate', params: ["äö'", 'ao\\'] },
      { column: 'PHONE', fn: 'regexp_replace', params: ["([0-9]{3})-([0-9]+)'?", "\\1-XXX\\\\'"] },
      { column: 'SECRET', fn: 'suppress', params: [] },
      { column: 'AMOUNT', fn: 'null', params: [] },
    ];
    const pl = withTransforms(plan('tx', 'people', columns), transforms);
    const batch = recordBatchFromValues(columns, [
      [1n, 2n, 3n],
      ["Jörg's bär", '', null],
      ["555-1234'", '12-34', null],
      ['s1', 's2', null],
      ['12.50', '-1.00', null],
    ]);
    const outcome = await load(p, pl, await stage(p, pl, batch));
    expect(outcome.staged.ok).toBe(true);
    expect(outcome.casts.ok).toBe(true);
    expect(outcome.rows).toBe(3n);
    const ddl = p.session.ddlFor(pl).join('\n');
    expect(ddl).not.toContain('SECRET');
    expect(ddl).toContain('"AMOUNT" DECIMAL(10,2)');
    const table = await p.session.describeTable('tx', 'people');
    expect(table.columns.map((c) => c.name)).toEqual(['ID', 'NAME', 'PHONE', 'AMOUNT']);
    expect(table.columns.find((c) => c.name === 'AMOUNT')).toMatchObject({ dataType: 'DECIMAL', precision: 10 });
    const texts = await duckdbTexts(p, 'tx', 'people', backendColumns(pl));
    expect(texts.get(1)).toEqual(['1', 'Jorg\\s bar', "555-XXX\\'", null]);
    expect(texts.get(2)).toEqual(['2', '', '12-34', null]);
    expect(texts.get(3)).toEqual(['3', null, null, null]);
  });

  it('transformedLoad: unchanged without a transform, omitted for suppress, no check for null', () => {
    const base = { name: 'C', expr: 'CAST("C" AS VARCHAR)', check: '"C" IS NOT NULL' };
    expect(transformedLoad(base, undefined, 'VARCHAR')).toBe(base);
    expect(transformedLoad(base, { column: 'C', fn: 'suppress', params: [] }, 'VARCHAR')).toBeUndefined();
    expect(transformedLoad(base, { column: 'C', fn: 'null', params: [] }, 'VARCHAR')).toEqual({
      name: 'C',
      expr: 'CAST(NULL AS VARCHAR)',
    });
    expect(transformedLoad(base, { column: 'C', fn: 'translate', params: ['a', 'b'] }, 'VARCHAR')).toEqual({
      ...base,
      expr: `translate(CAST("C" AS VARCHAR), 'a', 'b')`,
    });
  });

  it('refuses encrypt and tokenize (no algorithm here)', () => {
    for (const fn of ['encrypt', 'tokenize'] as const) {
      let error: unknown;
      try {
        DUCKDB_SQL.columnTransform({ column: 'C', fn, params: [] }, '"C"', 'VARCHAR');
      } catch (e) {
        error = e;
      }
      expect(isGoeError(error) && error.message).toBe(
        `--transform-column C:${fn} is not supported by the DuckDB backend (it supports: null, suppress, regexp_replace, translate)`,
      );
    }
  });
});
