/**
 * Test-only: the `@goe/conformance` canonical fixtures as a PostgreSQL table — the nearest PostgreSQL type of each
 * fixture column, bind values PostgreSQL parses back into exactly the fixture values, and the fixture columns and
 * cases PostgreSQL cannot hold (shared by `conformance.test.ts` and `e2e-duckdb.test.ts`).
 */
import { canonicalText, civilFromDays, type CanonicalFixtures, type CanonicalValue } from '@goe/conformance';
import type { CanonicalColumn, IntervalValue } from '@goe/core';
import type { PostgresFrontendSession } from '../src/index.js';

/** The nearest PostgreSQL type of a canonical fixture column. */
export function pgType(c: CanonicalColumn): string {
  switch (c.dataType) {
    case 'FIXED_STRING':
      return `char(${c.charLength})`;
    case 'VARIABLE_STRING':
      return c.charLength === undefined ? 'text' : `varchar(${c.charLength})`;
    case 'LARGE_STRING':
      return 'text';
    case 'BINARY':
    case 'LARGE_BINARY':
      return 'bytea';
    case 'INTEGER_1':
    case 'INTEGER_2':
      return 'smallint';
    case 'INTEGER_4':
      return 'integer';
    case 'INTEGER_8':
      return 'bigint';
    case 'INTEGER_38':
      return 'numeric(38,0)';
    case 'DECIMAL':
      return `numeric(${c.precision},${c.scale ?? 0})`;
    case 'FLOAT':
      return 'real';
    case 'DOUBLE':
      return 'double precision';
    case 'DATE':
      return 'date';
    case 'TIME':
      return `time(${c.scale ?? 6})`;
    case 'TIMESTAMP':
      return `timestamp(${c.scale ?? 6})`;
    case 'TIMESTAMP_TZ':
      return `timestamptz(${c.scale ?? 6})`;
    case 'INTERVAL_DS':
    case 'INTERVAL_YM':
    case 'INTERVAL_MDN':
      return 'interval';
    case 'BOOLEAN':
      return 'boolean';
  }
}

function seconds(ns: bigint): string {
  const neg = ns < 0n;
  const a = neg ? -ns : ns;
  return `${neg ? '-' : ''}${a / 1_000_000_000n}.${(a % 1_000_000_000n).toString().padStart(9, '0')}`;
}

/** A bind value PostgreSQL parses back into exactly the fixture value. */
export function param(c: CanonicalColumn, v: CanonicalValue): unknown {
  if (v === null || v === undefined) return null;
  switch (c.dataType) {
    case 'BINARY':
    case 'LARGE_BINARY':
      return Buffer.from(v as Uint8Array);
    case 'FLOAT':
    case 'DOUBLE':
      return Object.is(v, -0) ? '-0' : String(v);
    case 'DATE': {
      const { year, month, day } = civilFromDays((v as { days: number }).days);
      const y = year <= 0 ? 1 - year : year;
      return `${String(y).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}${year <= 0 ? ' BC' : ''}`;
    }
    case 'INTERVAL_DS':
    case 'INTERVAL_YM':
    case 'INTERVAL_MDN': {
      const i = v as IntervalValue;
      return `${i.months} mons ${i.days} days ${seconds(i.nanoseconds)} seconds`;
    }
    case 'BOOLEAN':
      return v;
    default:
      return canonicalText(c, v);
  }
}

/** Where a fixture table lives. */
export interface FixtureTableRef {
  readonly owner: string;
  readonly table: string;
}

/**
 * Creates `schema` and `schema.fixtures` (one column per fixture column, `ID` the primary key) and inserts every
 * fixture row with bind values.
 */
export async function createFixtureTable(
  session: PostgresFrontendSession,
  schema: string,
  fixtures: CanonicalFixtures,
): Promise<FixtureTableRef> {
  const cols = fixtures.tableColumns;
  await session.query(`CREATE SCHEMA ${schema}`);
  await session.query(
    `CREATE TABLE ${schema}.fixtures (${cols.map((c) => `"${c.name}" ${pgType(c)}${c.name === 'ID' ? ' PRIMARY KEY' : ''}`).join(', ')})`,
  );
  const placeholders = cols.map((c, i) => `$${i + 1}::${pgType(c)}`).join(', ');
  for (const row of fixtures.rows()) {
    await session.query(
      `INSERT INTO ${schema}.fixtures VALUES (${placeholders})`,
      cols.map((c) => param(c, row[c.name])),
    );
  }
  return { owner: schema, table: 'fixtures' };
}

/** Fixture columns and cases PostgreSQL cannot hold (the value cannot be stored exactly in any PostgreSQL type). */
export const PG_FIXTURE_EXCLUSIONS: Readonly<Record<string, string>> = {
  TIMESTAMP_NS: 'PostgreSQL timestamps hold microseconds',
  TIMESTAMP_TZ_NS: 'PostgreSQL timestamps hold microseconds',
  'INTERVAL_YM.max': 'PostgreSQL interval months are a 32-bit integer',
  'INTERVAL_YM.min': 'PostgreSQL interval months are a 32-bit integer',
  'INTERVAL_DS.max': 'PostgreSQL interval time is 64-bit microseconds (about 292 000 years)',
  'INTERVAL_DS.min': 'PostgreSQL interval time is 64-bit microseconds (about 292 000 years)',
  'INTERVAL_MDN.nanosecond': 'PostgreSQL intervals hold microseconds',
};

/** Fixture cases whose canonical text PostgreSQL cannot reproduce because the fixture itself is off: none now. */
export const PG_FIXTURE_TEXT_EXCLUSIONS: Readonly<Record<string, string>> = {};
