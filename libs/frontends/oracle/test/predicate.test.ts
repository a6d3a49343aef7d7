/**
 * Oracle predicate rendering. The reference's examples (§4.3, from GOE's oracle_frontend_testing_api.py) are the
 * expectations; every rendered predicate passes the SQL checker (sqlglot's oracle dialect, round trip, Oracle's
 * forbidden constructs) inside a SELECT.
 */
import { describe, expect, it } from 'vitest';
import { parsePredicate, renderPredicate } from '@goe/core';
import { checkSql } from '../../../../tools/sql-check/sql-check.js';
import { goeErrorOf } from '../../../../tools/test-support/goe-error.js';
import { ORACLE_LITERAL_DIALECT, ORACLE_PREDICATE_DIALECT, oracleFilter } from '../src/index.js';

const TYPES = new Map([
  ['PROD_ID', 'NUMBER'],
  ['ID', 'NUMBER(12)'],
  ['TIME_ID', 'DATE'],
  ['SOLD_AT', 'TIMESTAMP(6)'],
  ['REGION', 'VARCHAR2'],
  ['UPDATED', 'TIMESTAMP(6) WITH TIME ZONE'],
]);
const columnType = (ref: { name: string }) => TYPES.get(ref.name.toUpperCase());
const literal = (dsl: string) => renderPredicate(parsePredicate(dsl), ORACLE_LITERAL_DIALECT, { columnType }).sql;
const bound = (dsl: string) => renderPredicate(parsePredicate(dsl), ORACLE_PREDICATE_DIALECT, { columnType });

/** Rendered predicates checked as the WHERE clause of a SELECT. */
const rendered: string[] = [];
const keep = (sql: string) => (rendered.push(sql), sql);

describe('the reference examples (§4.3), literal and bind forms', () => {
  it('column(PROD_ID) = numeric(171)', () => {
    expect(keep(literal('column(PROD_ID) = numeric(171)'))).toBe('"PROD_ID" = 171');
    const b = bound('column(PROD_ID) = numeric(171)');
    expect(keep(b.sql)).toBe('"PROD_ID" = :bind_0');
    expect(b.params).toEqual(['171']);
  });

  it('column(TIME_ID) = datetime(2011-01-01)', () => {
    expect(keep(literal('column(TIME_ID) = datetime(2011-01-01)'))).toBe(
      `"TIME_ID" = TO_DATE('2011-01-01 00:00:00', 'YYYY-MM-DD HH24:MI:SS')`,
    );
    const b = bound('column(TIME_ID) = datetime(2011-01-01)');
    expect(keep(b.sql)).toBe(`"TIME_ID" = TO_DATE(:bind_0, 'YYYY-MM-DD HH24:MI:SS')`);
    expect(b.params).toEqual(['2011-01-01 00:00:00']);
  });

  it('(column(ID) = numeric(10)) AND (column(ID) < numeric(2.2))', () => {
    expect(keep(literal('(column(ID) = numeric(10)) AND (column(ID) < numeric(2.2))'))).toBe(
      '("ID" = 10 AND "ID" < 2.2)',
    );
  });

  it('column(ID) in (numeric(-10),numeric(0),numeric(10))', () => {
    expect(keep(literal('column(ID) in (numeric(-10),numeric(0),numeric(10))'))).toBe('"ID" IN (-10, 0, 10)');
    const b = bound('column(ID) in (numeric(-10),numeric(0),numeric(10))');
    expect(keep(b.sql)).toBe('"ID" IN (:bind_0, :bind_1, :bind_2)');
    expect(b.params).toEqual(['-10', '0', '10']);
  });
});

describe('Oracle specifics', () => {
  it('TIMESTAMP columns: TO_TIMESTAMP with nine fractional digits (binds) or a TIMESTAMP literal', () => {
    const b = bound('column(SOLD_AT) >= datetime(2024-03-31 01:00:00.5)');
    expect(keep(b.sql)).toBe(`"SOLD_AT" >= TO_TIMESTAMP(:bind_0, 'YYYY-MM-DD HH24:MI:SS.FF9')`);
    expect(b.params).toEqual(['2024-03-31 01:00:00.500000000']);
    expect(bound('column(SOLD_AT) < datetime(2024-01-01)').params).toEqual(['2024-01-01 00:00:00.000000000']);
    expect(keep(literal('column(SOLD_AT) < datetime(9999-12-31 23:59:59.123456789)'))).toBe(
      `"SOLD_AT" < TIMESTAMP '9999-12-31 23:59:59.123456789'`,
    );
  });

  it("strings are bound as they are; literals double an embedded ' (GOE's quirk fixed)", () => {
    expect(keep(literal(`column(REGION) = string("it's") OR column(REGION) IS NULL`))).toBe(
      `("REGION" = 'it''s' OR "REGION" IS NULL)`,
    );
    const b = bound(`column(REGION) NOT IN (string("O'Brien"), string(""))`);
    expect(keep(b.sql)).toBe('"REGION" NOT IN (:bind_0, :bind_1)');
    expect(b.params).toEqual(["O'Brien", '']);
  });

  it('refuses a datetime against a column that is not DATE or TIMESTAMP, and a fraction against a DATE', async () => {
    const tz = await goeErrorOf(() => bound('column(UPDATED) > datetime(2024-01-01)'));
    expect(tz).toMatchObject({ code: 'PREDICATE_INVALID', column: 'UPDATED' });
    expect(tz.message).toBe(
      'datetime is not compatible with column data type: UPDATED is TIMESTAMP(6) WITH TIME ZONE (2024-01-01)',
    );
    expect((await goeErrorOf(() => literal('column(REGION) = datetime(2024-01-01)'))).message).toContain(
      'REGION is VARCHAR2',
    );
    expect((await goeErrorOf(() => bound('column(TIME_ID) = datetime(2024-01-01 10:00:00.5)'))).message).toBe(
      '2024-01-01 10:00:00.5 has fractional seconds, which the DATE column TIME_ID cannot hold',
    );
  });

  it('oracleFilter resolves column names case-insensitively and names the binds', async () => {
    const f = oracleFilter(
      parsePredicate('column(id) > numeric(5) AND column(time_id) < datetime(2024-01-01 10:00:00)'),
      TYPES,
    );
    expect(keep(f.sql)).toBe(`("ID" > :bind_0 AND "TIME_ID" < TO_DATE(:bind_1, 'YYYY-MM-DD HH24:MI:SS'))`);
    expect(f.binds).toEqual({ bind_0: '5', bind_1: '2024-01-01 10:00:00' });
    expect((await goeErrorOf(() => oracleFilter(parsePredicate('column(nope) = numeric(1)'), TYPES))).code).toBe(
      'PREDICATE_INVALID',
    );
  });

  it('every rendered predicate passes the SQL checker as a WHERE clause', () => {
    expect(rendered.length).toBeGreaterThan(10);
    const { results } = checkSql(
      rendered.map((sql, i) => ({
        id: String(i),
        dialect: 'oracle',
        sql: `SELECT COUNT(*) FROM "SH"."SALES" WHERE ${sql}`,
      })),
    );
    expect(results.filter((r) => !r.ok)).toEqual([]);
  }, 120_000);
});
