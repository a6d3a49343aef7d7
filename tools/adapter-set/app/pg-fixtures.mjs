/**
 * The `@goe/conformance` canonical fixtures as a PostgreSQL table for frontendSuite (public API only): the nearest
 * PostgreSQL type of each fixture column and bind values PostgreSQL parses back into exactly the fixture values.
 */
import { canonicalText, civilFromDays } from '@goe/conformance';
import pg from 'pg';

function pgType(c) {
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
    default:
      throw new Error(`no PostgreSQL type for ${c.dataType}`);
  }
}

function seconds(ns) {
  const neg = ns < 0n;
  const a = neg ? -ns : ns;
  return `${neg ? '-' : ''}${a / 1_000_000_000n}.${(a % 1_000_000_000n).toString().padStart(9, '0')}`;
}

function param(c, v) {
  if (v === null || v === undefined) return null;
  switch (c.dataType) {
    case 'BINARY':
    case 'LARGE_BINARY':
      return Buffer.from(v);
    case 'FLOAT':
    case 'DOUBLE':
      return Object.is(v, -0) ? '-0' : String(v);
    case 'DATE': {
      const { year, month, day } = civilFromDays(v.days);
      const y = year <= 0 ? 1 - year : year;
      return `${String(y).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}${year <= 0 ? ' BC' : ''}`;
    }
    case 'INTERVAL_DS':
    case 'INTERVAL_YM':
    case 'INTERVAL_MDN':
      return `${v.months} mons ${v.days} days ${seconds(v.nanoseconds)} seconds`;
    case 'BOOLEAN':
      return v;
    default:
      return canonicalText(c, v);
  }
}

/** Creates `schema.fixtures` with every fixture row; returns where it is. */
export async function createFixtureTable(url, schema, fixtures) {
  const cols = fixtures.tableColumns;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
    await client.query(
      `CREATE TABLE ${schema}.fixtures (${cols.map((c) => `"${c.name}" ${pgType(c)}${c.name === 'ID' ? ' PRIMARY KEY' : ''}`).join(', ')})`,
    );
    const placeholders = cols.map((c, i) => `$${i + 1}::${pgType(c)}`).join(', ');
    for (const row of fixtures.rows()) {
      await client.query(
        `INSERT INTO ${schema}.fixtures VALUES (${placeholders})`,
        cols.map((c) => param(c, row[c.name])),
      );
    }
  } finally {
    await client.end();
  }
  return { owner: schema, table: 'fixtures' };
}

/** Fixture columns and cases PostgreSQL cannot hold exactly. */
export const PG_EXCLUSIONS = {
  TIMESTAMP_NS: 'PostgreSQL timestamps hold microseconds',
  TIMESTAMP_TZ_NS: 'PostgreSQL timestamps hold microseconds',
  'INTERVAL_YM.max': 'PostgreSQL interval months are a 32-bit integer',
  'INTERVAL_YM.min': 'PostgreSQL interval months are a 32-bit integer',
  'INTERVAL_DS.max': 'PostgreSQL interval time is 64-bit microseconds',
  'INTERVAL_DS.min': 'PostgreSQL interval time is 64-bit microseconds',
  'INTERVAL_MDN.nanosecond': 'PostgreSQL intervals hold microseconds',
  'FIXED_STRING.multibyte': 'the fixture holds 9 characters for CHAR(10); PostgreSQL pads it to 10',
};
