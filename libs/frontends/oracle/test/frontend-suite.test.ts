/**
 * `@goe/conformance`'s frontendSuite on the Oracle frontend: always against the simulated Oracle
 * (test/support/simulated-oracle.ts: node-oracledb's connection interface over a simulated server, values through
 * the driver's own codecs), and — the opt-in live suite, the same harness — against a real database when
 * `GOE_TEST_ORACLE_DSN=user/password@host:port/service` is set (unset: skipped, saying so). The statements.* cases
 * (no N+1) count every statement the simulated server (or node-oracledb's Connection) runs, on range-partitioned
 * tables the harness creates.
 */
import oracledb from 'oracledb';
import { afterAll, describe, it } from 'vitest';
import {
  createStatementCounter,
  frontendSuite,
  runSuite,
  type CanonicalFixtures,
  type FrontendHarness,
  type PartitionedTableSpec,
} from '@goe/conformance';
import { COMMON_CONFIG, loadConfig, type AdapterContext } from '@goe/core';
import { createOracleFrontend, oracleFrontend, ORACLE_CONFIG } from '../src/index.js';
import { oracleType } from './support/dictionary.js';
import {
  fixtureInsert,
  fixtureTableDdl,
  ORACLE_EXCLUSIONS,
  ORACLE_EXPECTED_MAPPING,
  simulatedFixtureTable,
} from './support/fixture-table.js';
import { LIVE_DSN, LIVE_SKIP_REASON, liveEnv, liveLogin } from './support/live.js';
import { SimulatedOracle, type SimTable } from './support/simulated-oracle.js';

const FIXTURE_TABLE = 'GOE_CONFORMANCE';
/** 1 MiB LOB cases: the simulated server holds every value in memory, and a live database over a network is slow. */
const FIXTURES = { lobBytes: 1 << 20 };

/** What both harnesses declare: Oracle's identifier case, its exclusions and mappings, the fixture options. */
const ORACLE_HARNESS = {
  identifierCase: 'upper',
  exclude: ORACLE_EXCLUSIONS,
  expectedMapping: ORACLE_EXPECTED_MAPPING,
  fixtures: FIXTURES,
} as const;

function contextOf(env: Record<string, string>): AdapterContext {
  return {
    config: loadConfig({ schemas: [COMMON_CONFIG, ORACLE_CONFIG], env, file: false }),
    events: { emit: () => undefined },
  };
}

/** The partitioned table of a statements.* case: RANGE on ID, `r` rows a partition, ID and VAL. */
function simulatedPartitioned(spec: PartitionedTableSpec): SimTable {
  const r = spec.rowsPerPartition;
  return {
    owner: 'SH',
    name: spec.name,
    primaryKey: ['ID'],
    columns: [
      { name: 'ID', type: oracleType('NUMBER', { dataPrecision: 18, dataScale: 0 }), nullable: false },
      { name: 'VAL', type: oracleType('VARCHAR2', { dataLength: 20, charLength: 20, charUsed: 'B' }) },
    ],
    partitioning: {
      type: 'RANGE',
      columns: ['ID'],
      partitions: Array.from({ length: spec.partitions }, (_, i) => ({
        name: `P${i}`,
        highValue: String((i + 1) * r),
        holds: (row) => Number(row[0]) >= i * r && Number(row[0]) < (i + 1) * r,
      })),
    },
  };
}

function simulatedHarness(): FrontendHarness {
  const db = new SimulatedOracle([]);
  const statements = createStatementCounter();
  afterAll(statements.wrap(db, ['run'], { describe: (_self, args) => String(args[0]) }));
  return {
    name: 'simulated',
    adapter: createOracleFrontend({ driver: db.driver }),
    context: contextOf({ ORA_CONN: 'db.example:1521/FREEPDB1', ORA_APP_USER: 'goe_app', ORA_APP_PASS: 'sim-password' }),
    ...ORACLE_HARNESS,
    statements,
    async createTable(fixtures: CanonicalFixtures) {
      const { table, rows } = simulatedFixtureTable(fixtures, FIXTURE_TABLE);
      db.createTable(table);
      db.insert('SH', FIXTURE_TABLE, rows);
      return { owner: 'SH', table: FIXTURE_TABLE };
    },
    async dropTable(ref) {
      db.dropTable(ref.owner, ref.table);
    },
    partitionedTables: {
      async create(spec) {
        db.createTable(simulatedPartitioned(spec));
        db.insert(
          'SH',
          spec.name,
          Array.from({ length: spec.partitions * spec.rowsPerPartition }, (_, id) => [String(id), `v${id}`]),
        );
        return { owner: 'SH', table: spec.name };
      },
      async drop(ref) {
        db.dropTable(ref.owner, ref.table);
      },
    },
  };
}

/** The same harness on a real database: DDL and inserts through node-oracledb, statements counted on its Connection. */
function liveHarness(): FrontendHarness {
  const login = liveLogin();
  const owner = login.user.toUpperCase();
  const admin = () =>
    oracledb.getConnection({ user: login.user, password: login.password, connectString: login.connectString });
  const run = async (sql: string) => {
    const c = await admin();
    try {
      await c.execute(sql);
    } finally {
      await c.close();
    }
  };
  const statements = createStatementCounter();
  // node-oracledb's Connection class (its published types declare only the interface)
  const { Connection } = oracledb as unknown as { Connection: { prototype: object } };
  afterAll(statements.wrap(Connection.prototype, ['execute']));
  return {
    name: 'live',
    adapter: oracleFrontend,
    context: contextOf(liveEnv()),
    ...ORACLE_HARNESS,
    statements,
    async createTable(fixtures: CanonicalFixtures) {
      await run(
        `BEGIN EXECUTE IMMEDIATE 'DROP TABLE "${owner}"."${FIXTURE_TABLE}" PURGE'; EXCEPTION WHEN OTHERS THEN NULL; END;`,
      );
      await run(fixtureTableDdl(fixtures, owner, FIXTURE_TABLE));
      const insert = fixtureInsert(fixtures, owner, FIXTURE_TABLE);
      const c = await admin();
      try {
        for (const row of fixtures.rows()) await c.execute(insert.sql, insert.binds(row) as oracledb.BindParameters);
        await c.commit();
      } finally {
        await c.close();
      }
      return { owner, table: FIXTURE_TABLE };
    },
    async dropTable(ref) {
      await run(`DROP TABLE "${ref.owner}"."${ref.table}" PURGE`);
    },
    partitionedTables: {
      subpartitions: true,
      async create(spec) {
        const r = spec.rowsPerPartition;
        const parts = Array.from({ length: spec.partitions }, (_, i) => {
          const subs = spec.subpartitions > 0 ? ` SUBPARTITIONS ${spec.subpartitions}` : '';
          return `PARTITION "P${i}" VALUES LESS THAN (${(i + 1) * r})${subs}`;
        });
        const sub = spec.subpartitions > 0 ? ' SUBPARTITION BY HASH ("ID")' : '';
        await run(
          `CREATE TABLE "${owner}"."${spec.name}" ("ID" NUMBER(18) NOT NULL PRIMARY KEY, "VAL" VARCHAR2(20))\nPARTITION BY RANGE ("ID")${sub} (${parts.join(', ')})`,
        );
        await run(
          `INSERT INTO "${owner}"."${spec.name}" SELECT LEVEL - 1, 'v' || (LEVEL - 1) FROM dual CONNECT BY LEVEL <= ${spec.partitions * r}`,
        );
        return { owner, table: spec.name };
      },
      async drop(ref) {
        await run(`DROP TABLE "${ref.owner}"."${ref.table}" PURGE`);
      },
    },
  };
}

describe('conformance on the simulated Oracle', () => {
  runSuite(frontendSuite(simulatedHarness()), { describe, it, afterAll });
});

(LIVE_DSN === '' ? describe.skip : describe)(
  `conformance on a live Oracle (GOE_TEST_ORACLE_DSN)${LIVE_DSN === '' ? ` (skipped: ${LIVE_SKIP_REASON})` : ''}`,
  () => {
    if (LIVE_DSN !== '') runSuite(frontendSuite(liveHarness()), { describe, it, afterAll });
    else it('runs frontendSuite against the database GOE_TEST_ORACLE_DSN names', () => undefined);
  },
);
