/**
 * Values no target can hold (numeric NaN/±Infinity, date/timestamp ±infinity, BC dates) are refused with the
 * column named unless the matching POSTGRES_ALLOW_* option is set; unsupported types are refused at describe;
 * 10 MB text and bytea values come through intact.
 */
import { createHash } from 'node:crypto';
import { isGoeError } from '@goe/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostgresFrontendSession } from '../src/index.js';
import { drain, ENGINES, openSession, uniqueSchema } from './helpers.js';
import { columnTexts } from './pg-text.js';

async function extractAll(session: PostgresFrontendSession, schema: string, table: string, batchBytes?: number) {
  const t = await session.describeTable(schema, table);
  const [slice] = await session.planSlices(t, { kind: 'full' }, 1);
  return { table: t, batches: await drain(session.extract(t, slice!, batchBytes === undefined ? {} : { batchBytes })) };
}

async function refusal(p: Promise<unknown>): Promise<{ code: string; column?: string; variable?: string }> {
  try {
    await p;
  } catch (e) {
    if (isGoeError(e))
      return {
        code: e.code,
        ...(e.column ? { column: e.column } : {}),
        ...(e.variable ? { variable: e.variable } : {}),
      };
    throw e;
  }
  throw new Error('expected a refusal');
}

describe.each(ENGINES)('special and large values on %s', (engine) => {
  let strict: PostgresFrontendSession;
  let lenient: PostgresFrontendSession;
  const schema = uniqueSchema('goe_values');

  beforeAll(async () => {
    ({ session: strict } = await openSession(engine));
    ({ session: lenient } = await openSession(engine, {
      POSTGRES_ALLOW_NUMERIC_SPECIAL_VALUES: true,
      POSTGRES_ALLOW_INFINITE_DATES: true,
      POSTGRES_ALLOW_BC_DATES: true,
    }));
    const ddl = `
      CREATE SCHEMA ${schema};
      CREATE TABLE ${schema}.nan (id int PRIMARY KEY, n numeric NOT NULL);
      INSERT INTO ${schema}.nan VALUES (1, 1.5), (2, 'NaN'), (3, 'Infinity'), (4, '-Infinity');
      CREATE TABLE ${schema}.inf (id int PRIMARY KEY, d date NOT NULL, t timestamp, z timestamptz);
      INSERT INTO ${schema}.inf VALUES (1, '2020-01-01', '2020-01-01', '2020-01-01'), (2, 'infinity', '-infinity', 'infinity');
      CREATE TABLE ${schema}.bc (id int PRIMARY KEY, d date, t timestamp, z timestamptz);
      INSERT INTO ${schema}.bc VALUES (1, '0044-03-15 BC', '0001-12-31 23:59:59.999999 BC', '4713-01-01 00:00:00+00 BC');
      CREATE TABLE ${schema}.wide (id int, n numeric(1000,0));
      CREATE TABLE ${schema}.arr (id int, a int[]);
      CREATE TABLE ${schema}.big (id int PRIMARY KEY, t text, b bytea);
      INSERT INTO ${schema}.big VALUES (1, repeat('é', 5 * 1024 * 1024), decode(repeat('00ff7f80', 2621440), 'hex')), (2, 'small', '\\x01');
    `;
    await strict.query(ddl);
    // PGlite in memory: each session is its own database, so the lenient one needs the tables too
    if (engine === 'pglite') await lenient.query(ddl);
  });
  afterAll(async () => {
    await strict?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await lenient?.close();
    await strict?.close();
  });

  it('refuses numeric NaN/Infinity naming the column', async () => {
    expect(await refusal(extractAll(strict, schema, 'nan'))).toEqual({
      code: 'TYPE_LOSSY_CONVERSION',
      column: 'n',
      variable: 'POSTGRES_ALLOW_NUMERIC_SPECIAL_VALUES',
    });
  });

  it('refuses date/timestamp infinity and BC values naming the column', async () => {
    expect(await refusal(extractAll(strict, schema, 'inf'))).toMatchObject({
      code: 'TYPE_LOSSY_CONVERSION',
      column: 'd',
      variable: 'POSTGRES_ALLOW_INFINITE_DATES',
    });
    expect(await refusal(extractAll(strict, schema, 'bc'))).toMatchObject({
      code: 'TYPE_LOSSY_CONVERSION',
      column: 'd',
      variable: 'POSTGRES_ALLOW_BC_DATES',
    });
  });

  it('refuses numeric(1000,0) and arrays at describe, naming the column', async () => {
    expect(await refusal(strict.describeTable(schema, 'wide'))).toEqual({ code: 'TYPE_UNSUPPORTED', column: 'n' });
    expect(await refusal(strict.describeTable(schema, 'arr'))).toEqual({ code: 'TYPE_UNSUPPORTED', column: 'a' });
  });

  it('with the allow options: special values become NULL (columns nullable), BC dates are kept', async () => {
    const nan = await extractAll(lenient, schema, 'nan');
    expect(nan.table.columns.find((c) => c.name === 'n')!.canonical.nullable).toBe(true);
    expect([...columnTexts(nan.batches, 'n').entries()]).toEqual([
      ['1', '1.5'],
      ['2', null],
      ['3', null],
      ['4', null],
    ]);
    const inf = await extractAll(lenient, schema, 'inf');
    expect(columnTexts(inf.batches, 'd').get('2')).toBeNull();
    expect(columnTexts(inf.batches, 't').get('2')).toBeNull();
    expect(columnTexts(inf.batches, 'z').get('2')).toBeNull();
    const bc = await extractAll(lenient, schema, 'bc');
    const want = (
      await lenient.query<{ d: string; t: string; z: string }>(
        `SELECT d::text AS d, t::text AS t, z::text AS z FROM ${schema}.bc`,
      )
    )[0]!;
    expect({
      d: columnTexts(bc.batches, 'd').get('1'),
      t: columnTexts(bc.batches, 't').get('1'),
      z: columnTexts(bc.batches, 'z').get('1'),
    }).toEqual(want);
  });

  it('carries 10 MB text and bytea values intact, in batches cut by bytes', async () => {
    const { batches } = await extractAll(strict, schema, 'big', 1024 * 1024);
    expect(batches.length).toBe(2);
    const want = (
      await strict.query<{ t: string; b: string; tl: number; bl: number }>(
        `SELECT md5(t) AS t, md5(b) AS b, octet_length(t) AS tl, octet_length(b) AS bl FROM ${schema}.big WHERE id = 1`,
      )
    )[0]!;
    const first = batches[0]!;
    const t = first.getChild('t')!.data[0]!;
    const b = first.getChild('b')!.data[0]!;
    const slice = (d: typeof t) =>
      (d.values as Uint8Array).subarray(Number(d.valueOffsets[0]), Number(d.valueOffsets[1]));
    expect(slice(t).length).toBe(want.tl);
    expect(slice(b).length).toBe(want.bl);
    expect(createHash('md5').update(slice(t)).digest('hex')).toBe(want.t);
    expect(createHash('md5').update(slice(b)).digest('hex')).toBe(want.b);
  });
});
