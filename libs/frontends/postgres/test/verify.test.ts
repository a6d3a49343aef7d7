/** Counts, aggregates and predicates (binds for queries, inline literals for COPY) on both engines. */
import { parsePredicate, type SourceTable } from '@goe/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostgresFrontendSession } from '../src/index.js';
import { drain, ENGINES, openSession, uniqueSchema } from './helpers.js';
import { columnTexts } from './pg-text.js';

describe.each(ENGINES)('count, aggregate and predicates on %s', (engine) => {
  let session: PostgresFrontendSession;
  let table: SourceTable;
  const schema = uniqueSchema('goe_verify');

  beforeAll(async () => {
    ({ session } = await openSession(engine));
    await session.query(`CREATE SCHEMA ${schema};
      CREATE TABLE ${schema}."Orders" ("ID" bigint PRIMARY KEY, "Note" text, amount numeric(12,2), day date, at timestamptz, ok boolean, code char(3));
      INSERT INTO ${schema}."Orders" VALUES
        (1, 'O''Brien', 10.50, '2020-01-01', '2020-01-01 10:00:00+00', true, 'a'),
        (2, 'back\\slash', -3.25, '2020-06-30', '2020-06-30 23:59:59.5+00', false, 'b'),
        (3, '', NULL, '2021-01-01', NULL, NULL, 'c'),
        (4, NULL, 100.00, NULL, '2021-01-01 00:00:00+00', true, NULL),
        (5, 'Zed', 0, '1999-12-31', '1999-12-31 23:00:00-05', false, 'a');`);
    table = await session.describeTable(schema, 'orders');
  });
  afterAll(async () => {
    await session?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await session?.close();
  });

  const scope = (text: string) => ({ kind: 'predicate' as const, predicate: parsePredicate(text) });

  it('counts a full scope and predicate scopes (NULL vs empty string distinct)', async () => {
    expect(await session.count(table, { kind: 'full' })).toBe(5n);
    expect(await session.count(table, scope('column(id) >= numeric(2) AND column(id) < numeric(4.5)'))).toBe(3n);
    expect(await session.count(table, scope('column(note) = string("")'))).toBe(1n);
    expect(await session.count(table, scope('column(note) IS NULL'))).toBe(1n);
    expect(await session.count(table, scope('column(note) IN (string("O\'Brien"), string("back\\\\slash"))'))).toBe(2n);
    expect(await session.count(table, scope('column(day) < datetime(2020-06-30 12:00:00)'))).toBe(3n);
    expect(await session.count(table, scope('column(at) >= datetime(2020-01-01 10:00:00)'))).toBe(3n);
    expect(await session.count(table, scope('column(at) < datetime(2000-01-01 04:00:00.000001)'))).toBe(1n);
    expect(await session.count(table, scope('column(code) = string("a")'))).toBe(2n);
  });

  it('extracts a predicate scope with inline literals (COPY takes no binds)', async () => {
    const s = scope(
      '(column(note) = string("O\'Brien") OR column(note) = string("back\\\\slash")) AND column(amount) < numeric(10.51)',
    );
    const [slice] = await session.planSlices(table, s, 1);
    const ids = [...columnTexts(await drain(session.extract(table, slice!)), 'Note', 'ID').keys()].sort();
    expect(ids).toEqual(['1', '2']);
  });

  it('aggregates min, max, sum, count and count distinct per column', async () => {
    const r = await session.aggregate(table, { kind: 'full' }, [
      { column: 'ID', fn: 'sum' },
      { column: 'amount', fn: 'min' },
      { column: 'amount', fn: 'max' },
      { column: 'amount', fn: 'sum' },
      { column: 'Note', fn: 'count' },
      { column: 'Note', fn: 'min' },
      { column: 'Note', fn: 'max' },
      { column: 'code', fn: 'count_distinct' },
      { column: 'day', fn: 'min' },
      { column: 'at', fn: 'max' },
      { column: 'ok', fn: 'min' },
      { column: 'ok', fn: 'max' },
    ]);
    expect(r).toEqual({
      'sum(ID)': '15',
      'min(amount)': '-3.25',
      'max(amount)': '100.00',
      'sum(amount)': '107.25',
      'count(Note)': '4',
      'min(Note)': '',
      'max(Note)': 'back\\slash',
      'count_distinct(code)': '3',
      'min(day)': '1999-12-31',
      'max(at)': '2021-01-01 00:00:00+00',
      'min(ok)': 'false',
      'max(ok)': 'true',
    });
    expect(await session.aggregate(table, scope('column(id) > numeric(3)'), [{ column: 'id', fn: 'count' }])).toEqual({
      'count(id)': '2',
    });
  });

  it('renders predicates with binds: values only in params', () => {
    const hostile = `x'); DROP TABLE t; --`;
    const r = session.renderPredicate(
      parsePredicate(`column(note) = string("${hostile}") AND column(id) > numeric(1)`),
      table,
    );
    expect(r.sql).toBe('("Note" = $1 AND "ID" > CAST($2 AS numeric))');
    expect(r.params).toEqual([hostile, '1']);
    expect(() => session.renderPredicate(parsePredicate('column(note) > numeric(1)'), table)).toThrow(
      /cannot be compared to numeric/,
    );
    expect(() => session.renderPredicate(parsePredicate('column(nope) > numeric(1)'), table)).toThrow(
      /Unable to resolve column/,
    );
  });
});
