/**
 * Decoder tests against real engines: every supported type's fixtures, read through COPY binary into Arrow,
 * equal what PostgreSQL itself renders as text; special values are refused (or become NULL when allowed).
 */
import type { SourceTable } from '@goe/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostgresFrontendSession } from '../src/index.js';
import { drain, ENGINES, openSession, uniqueSchema } from './helpers.js';
import { columnTexts, goeInterval, pgIsoInterval } from './pg-text.js';

const BIG = '9'.repeat(76);
const ROWS = [
  // id, int2, int4, int8, num38_10, num76, num12_2, num_u, num_neg_scale, f4, f8, ch, vc, txt, by, dt, ts, ts3, tstz, tm, iv, bl, uu, js, en, dom
  `(0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`,
  `(1, 1, 2, 3, 12345678901234567890.1234567890, 1${'0'.repeat(75)}, 1.5, 1.25, 12300, 1.5, 0.1, 'ab', 'x', '', '\\x', '2020-02-29', '2020-01-01 12:34:56.123456', '2020-01-01 12:34:56.789', '2021-03-28 00:59:59.999999+00', '12:34:56.789012', '1 year 2 mons -3 days 04:05:06.789', true, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"a": [1, 2]}', 'happy', 12.34)`,
  `(2, -32768, -2147483648, -9223372036854775808, -9999999999999999999999999999.9999999999, -${BIG}, -9999999999.99, -0.000001, -99900, -3.4028235e38, -1.7976931348623157e308, 'abcde', 'ünï', 'multi byte: 日本語 ñ 🎉', '\\x00ff10', '0001-01-01', '0001-01-01 00:00:00', '1970-01-01 00:00:00', '2021-03-28 01:00:00+00', '00:00:00', '-1 mons +2 days -00:00:00.000001', false, '00000000-0000-0000-0000-000000000000', '[]', 'sad', -0.01)`,
  `(3, 32767, 2147483647, 9223372036854775807, 9999999999999999999999999999.9999999999, ${BIG}, 9999999999.99, 123456789012345678901234567890, 99900, 3.4028235e38, 1.7976931348623157e308, 'a  ', 'with ''quote'' and \\ backslash', 'tab\there', '\\xdeadbeef', '9999-12-31', '9999-12-31 23:59:59.999999', '2262-04-11 23:47:16.854', '2021-10-31 01:30:00+02', '23:59:59.999999', '0 seconds', true, 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'null', 'happy', 0)`,
  `(4, 0, 0, 0, 0, 0, 0, 0, 0, 'NaN', 'NaN', ' ', '', '', '\\x', '1969-12-31', '1969-12-31 23:59:59.999999', '1900-01-01 00:00:00.001', '1969-12-31 23:59:59.999999-05', '00:00:00.000001', '-178000000 years', false, NULL, '"s"', NULL, NULL)`,
  `(5, -1, -1, -1, -0.0000000001, -1, -0.01, -12345.6789, -100, 'Infinity', 'Infinity', NULL, NULL, NULL, NULL, '2000-01-01', '2000-01-01 00:00:00', NULL, '2000-01-01 00:00:00+14', NULL, '1 day -1 hours', NULL, NULL, NULL, NULL, NULL)`,
  `(6, NULL, NULL, NULL, 0.0000000001, NULL, NULL, 0.5, NULL, '-Infinity', '-Infinity', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '178000000 years 11 mons 30 days 23:59:59.999999', NULL, NULL, NULL, NULL, NULL)`,
  `(7, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '-0', '-0', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`,
  `(8, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1e-40, 5e-324, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`,
];

const DDL = (s: string) => `
CREATE SCHEMA ${s};
CREATE TYPE ${s}.mood AS ENUM ('sad', 'happy');
CREATE DOMAIN ${s}.money2 AS numeric(10,2);
CREATE TABLE ${s}.types (
  id bigint PRIMARY KEY, c_int2 smallint, c_int4 integer, c_int8 bigint, c_num38 numeric(38,10), c_num76 numeric(76,0),
  c_num12 numeric(12,2), c_numu numeric, c_numneg numeric(5,-2), c_f4 real, c_f8 double precision, c_ch char(5),
  c_vc varchar(30), c_txt text, c_by bytea, c_dt date, c_ts timestamp, c_ts3 timestamp(3), c_tstz timestamptz, c_tm time,
  c_iv interval, c_bl boolean, c_uu uuid, c_js jsonb, c_en ${s}.mood, c_dom ${s}.money2
);
INSERT INTO ${s}.types VALUES ${ROWS.join(',\n')};`;

describe.each(ENGINES)('COPY binary decoding on %s', (engine) => {
  let session: PostgresFrontendSession;
  let table: SourceTable;
  const schema = uniqueSchema('goe_decode');

  beforeAll(async () => {
    ({ session } = await openSession(engine));
    await session.query(DDL(schema));
    table = await session.describeTable(schema, 'types');
  });
  afterAll(async () => {
    await session?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await session?.close();
  });

  it('maps every column and sizes the unconstrained numeric by sampling', () => {
    const types = Object.fromEntries(
      table.columns.map((c) => [c.name, { t: c.canonical.dataType, p: c.canonical.precision, s: c.canonical.scale }]),
    );
    const e = (t: string, p?: number, s?: number) => ({
      t,
      ...(p === undefined ? {} : { p }),
      ...(s === undefined ? {} : { s }),
    });
    expect(types).toMatchObject({
      c_int2: e('INTEGER_2'),
      c_int4: e('INTEGER_4'),
      c_int8: e('INTEGER_8'),
      c_num38: e('DECIMAL', 38, 10),
      c_num76: e('DECIMAL', 76, 0),
      c_num12: e('DECIMAL', 12, 2),
      c_numu: e('DECIMAL', 36, 6),
      c_numneg: e('INTEGER_4', 7, 0),
      c_f4: e('FLOAT'),
      c_f8: e('DOUBLE'),
      c_ch: e('FIXED_STRING'),
      c_vc: e('VARIABLE_STRING'),
      c_txt: e('VARIABLE_STRING'),
      c_by: e('LARGE_BINARY'),
      c_dt: e('DATE'),
      c_ts: e('TIMESTAMP', undefined, 6),
      c_ts3: e('TIMESTAMP', undefined, 3),
      c_tstz: e('TIMESTAMP_TZ', undefined, 6),
      c_tm: e('TIME', undefined, 6),
      c_iv: e('INTERVAL_MDN'),
      c_bl: e('BOOLEAN'),
      c_uu: e('VARIABLE_STRING'),
      c_js: e('LARGE_STRING'),
      c_en: e('VARIABLE_STRING'),
      c_dom: e('DECIMAL', 10, 2),
    });
    expect(table.columns.find((c) => c.name === 'c_dom')!.dataType).toBe('numeric(10,2)');
    expect(table.columns.find((c) => c.name === 'c_numu')!.canonical.safeMapping).toBe(false);
  });

  it('decodes every value exactly as PostgreSQL renders it', async () => {
    const [slice] = await session.planSlices(table, { kind: 'full' }, 1);
    const batches = await drain(session.extract(table, slice!, { batchRows: 3 }));
    expect(batches.length).toBe(3);
    for (const b of batches) expect(b.schema.fields.map(String)).toEqual(batches[0]!.schema.fields.map(String));
    for (const column of table.columns) {
      const got = columnTexts(batches, column.name);
      const q = JSON.stringify(column.name);
      // format() uses the type's output function: char(n) keeps its padding (a ::text cast would strip it)
      const text = `CASE WHEN ${q} IS NULL THEN NULL ELSE format('%s', ${q}) END`;
      const want = await session.query<{ id: string; v: string | null }>(
        `SELECT id::text AS id, ${text} AS v FROM ${schema}.types`,
      );
      expect(got.size).toBe(want.length);
      for (const { id, v } of want) {
        const mine = got.get(id);
        const where = `${column.name} id=${id}`;
        if (v === null) expect(mine, where).toBeNull();
        else if (column.name === 'c_f4')
          expect(Object.is(mine, Math.fround(Number(v))), `${where}: ${mine} vs ${v}`).toBe(true);
        else if (column.name === 'c_f8') expect(Object.is(mine, Number(v)), `${where}: ${mine} vs ${v}`).toBe(true);
        else if (column.name === 'c_iv') expect(goeInterval(String(mine)), where).toEqual(pgIsoInterval(v));
        else if (column.name === 'c_numu')
          expect(String(mine).replace(/\.?0+$/, ''), where).toBe(v.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, ''));
        else expect(mine, where).toBe(v);
      }
    }
  });
});
