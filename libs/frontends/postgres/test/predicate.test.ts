/**
 * Offload predicates in PostgreSQL (moved here from core, issue #12): `POSTGRES_PREDICATE_DIALECT`'s text, and the
 * bind and inline renderings run on PGlite so the casts, binds and quoting are checked by the engine itself.
 */
import { parsePredicate, renderPredicate, type SourceTable } from '@goe/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostgresFrontendSession } from '../src/index.js';
import { POSTGRES_PREDICATE_DIALECT, renderPredicateInline, renderPredicateSql } from '../src/predicate.js';
import { openSession, uniqueSchema } from './helpers.js';

describe('POSTGRES_PREDICATE_DIALECT', () => {
  it('numbers $n placeholders in reading order and casts numerics and datetimes', () => {
    const ast = parsePredicate(
      'numeric(5) < column(a) AND column(b) NOT IN (string("x"), string("y")) AND (column(d) >= datetime(2020-01-01) OR column(t) < datetime(2020-01-01 10:11:12.5))',
    );
    expect(renderPredicate(ast, POSTGRES_PREDICATE_DIALECT)).toEqual({
      sql: '(CAST($1 AS numeric) < "A" AND "B" NOT IN ($2, $3) AND ("D" >= CAST($4 AS date) OR "T" < CAST($5 AS timestamp)))',
      params: ['5', 'x', 'y', '2020-01-01', '2020-01-01 10:11:12.5'],
    });
  });

  it('keeps a quote-laden string in params only', () => {
    const { sql, params } = renderPredicate(
      parsePredicate(`column(s) = string("x' OR '1'='1")`),
      POSTGRES_PREDICATE_DIALECT,
    );
    expect(sql).toBe('"S" = $1');
    expect(params).toEqual(["x' OR '1'='1"]);
  });
});

describe('predicates run on PGlite', () => {
  let session: PostgresFrontendSession;
  let table: SourceTable;
  const schema = uniqueSchema('goe_pred');

  beforeAll(async () => {
    ({ session } = await openSession('pglite'));
    await session.query(`CREATE SCHEMA ${schema};
      CREATE TABLE ${schema}.t (id numeric(30,0), d date, ts timestamptz, note text);
      INSERT INTO ${schema}.t VALUES
        (1, '2020-01-01', '2020-01-01 00:00:00+00', 'O''Brien'),
        (123456789012345678901234567890, '2020-06-30', '2020-06-30 12:00:00+00', 'x'' OR ''1''=''1'),
        (3, NULL, NULL, NULL);`);
    table = await session.describeTable(schema.toUpperCase(), 'T');
  });
  afterAll(async () => {
    await session?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await session?.close();
  });

  const ids = async (sql: string, params: readonly unknown[] = []): Promise<string[]> =>
    (
      await session.query<{ id: string }>(`SELECT id::text AS id FROM ${schema}.t WHERE ${sql} ORDER BY id`, params)
    ).map((r) => r.id);

  it('the dialect binds exact numerics, dates and strings the engine compares as written', async () => {
    const lower = { resolveColumn: (r: { name: string }) => r.name.toLowerCase() };
    const exact = renderPredicate(
      parsePredicate('column(id) = numeric(123456789012345678901234567890)'),
      POSTGRES_PREDICATE_DIALECT,
      lower,
    );
    expect(await ids(exact.sql, exact.params)).toEqual(['123456789012345678901234567890']);
    const { sql, params } = renderPredicate(
      parsePredicate(`column(d) >= datetime(2020-06-01) OR column(note) = string("x' OR '1'='1")`),
      POSTGRES_PREDICATE_DIALECT,
      lower,
    );
    expect(await ids(sql, params)).toEqual(['123456789012345678901234567890']);
  });

  it('renderPredicateSql and renderPredicateInline select the same rows (timestamptz read in UTC)', async () => {
    for (const text of [
      'column(ts) < datetime(2020-03-01)',
      `column(note) IN (string("O'Brien"), string("nobody"))`,
      'column(id) > numeric(-1.5) AND column(d) IS NULL',
    ]) {
      const ast = parsePredicate(text);
      const bound = renderPredicateSql(ast, table);
      expect(bound.params.length, text).toBeGreaterThan(0);
      expect(await ids(renderPredicateInline(ast, table)), text).toEqual(await ids(bound.sql, bound.params));
    }
    expect(
      await ids(renderPredicateSql(parsePredicate('column(ts) < datetime(2020-03-01)'), table).sql, ['2020-03-01']),
    ).toEqual(['1']);
  });

  it('refuses a value of the wrong family for the column', () => {
    expect(() => renderPredicateSql(parsePredicate('column(d) = numeric(1)'), table)).toThrow(
      expect.objectContaining({ code: 'PREDICATE_INVALID' }),
    );
  });
});
