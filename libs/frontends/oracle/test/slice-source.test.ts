/**
 * `describeSlice`: a slice as a serializable source description for transports that read Oracle elsewhere. Its SQL
 * is proven by running it: on the simulated Oracle, with no binds, it returns the rows `extract` returns for the
 * slice; every statement passes the SQL checker (sqlglot's oracle dialect); the password is never in it.
 */
import { describe, expect, it } from 'vitest';
import { COMMON_CONFIG, loadConfig, parsePredicate, type OffloadScope } from '@goe/core';
import { goeErrorOf } from '../../../../tools/test-support/goe-error.js';
import { checkSql } from '../../../../tools/sql-check/sql-check.js';
import {
  createOracleFrontend,
  inlineBinds,
  ORACLE_CONFIG,
  oracleSliceConnection,
  type OracleFrontendSession,
} from '../src/index.js';
import { SimulatedOracle, type SimGrants } from './support/simulated-oracle.js';
import { salesRows, salesTable } from './support/sales.js';

describe('oracleSliceConnection', () => {
  it('Easy Connect as host, port and service; TLS on 2484; an alias as the connect string alone', () => {
    expect(oracleSliceConnection('db1:1522/FREEPDB1', 'goe_app')).toEqual({
      protocol: 'oracle',
      host: 'db1',
      port: 1522,
      database: 'FREEPDB1',
      user: 'goe_app',
      options: { connectString: 'db1:1522/FREEPDB1' },
    });
    expect(oracleSliceConnection('tcps://db.example.com/sales.example.com', 'u')).toMatchObject({
      host: 'db.example.com',
      port: 2484,
      database: 'sales.example.com',
      options: { protocol: 'tcps' },
    });
    expect(oracleSliceConnection('db1/ORCL', 'u')).toMatchObject({ port: 1521, database: 'ORCL' });
    expect(oracleSliceConnection('SALES_HA', 'u')).toEqual({
      protocol: 'oracle',
      user: 'u',
      options: { connectString: 'SALES_HA' },
    });
  });
});

describe('inlineBinds', () => {
  it('integers bare, text quoted with quotes doubled, NULL; quoted text and identifiers untouched', () => {
    const sql = `SELECT TO_CHAR("T", 'SYYYY-MM-DD HH24:MI:SS') AS ":x" FROM t AS OF SCN :scn WHERE c = :bind_0 AND d = :b1 AND e = :n`;
    expect(inlineBinds(sql, { scn: '42', bind_0: "O'Brien", b1: '1.5', n: null })).toBe(
      `SELECT TO_CHAR("T", 'SYYYY-MM-DD HH24:MI:SS') AS ":x" FROM t AS OF SCN 42 WHERE c = 'O''Brien' AND d = '1.5' AND e = NULL`,
    );
  });

  it('a bind without a value is an error', async () => {
    expect((await goeErrorOf(() => inlineBinds('SELECT :a FROM dual', {}))).code).toBe('INTERNAL');
  });
});

/** A session on a simulated SH.SALES (`months` partitions or a heap), 48 rows. */
async function open(months: number, grants: SimGrants = {}) {
  const db = new SimulatedOracle([salesTable({ months })], grants);
  db.insert('SH', 'SALES', salesRows(48, Math.max(1, months)));
  const config = loadConfig({
    schemas: [COMMON_CONFIG, ORACLE_CONFIG],
    env: { ORA_CONN: 'db1:1521/FREEPDB1', ORA_APP_USER: 'goe_app', ORA_APP_PASS: 'sim-password' },
    file: false,
  });
  const session = (await createOracleFrontend({ driver: db.driver }).connect({
    config,
    events: { emit: () => undefined },
  })) as OracleFrontendSession;
  return { db, session, table: await session.describeTable('SH', 'SALES') };
}

describe('describeSlice', () => {
  it('every split and scope: the described SQL, run with no binds, returns what extract returns', async () => {
    const sqls: string[] = [];
    const scopes: OffloadScope[] = [
      { kind: 'full' },
      { kind: 'partitions', partitions: ['P2024_02', 'P2024_03'] },
      {
        kind: 'predicate',
        predicate: parsePredicate(`column(REGION) = string("O'EU") OR column(TIME_ID) < datetime(2024-01-05)`),
      },
    ];
    for (const [months, grants] of [
      [4, {}],
      [0, {}],
      [0, { dba: false }],
    ] as const) {
      const { db, session, table } = await open(months, grants);
      const snapshot = await session.snapshot();
      for (const scope of scopes) {
        if (scope.kind === 'partitions' && months === 0) continue;
        for (const slice of await session.planSlices(table, scope, 3)) {
          const source = await session.describeSlice!(table, slice, { snapshot });
          expect(JSON.parse(JSON.stringify(source))).toEqual(source);
          expect(source).toMatchObject({
            sliceId: slice.id,
            frontend: 'oracle',
            secret: { ref: 'ORA_APP_PASS', resolve: 'env', field: 'password' },
            snapshot: { kind: 'scn', id: snapshot.id },
          });
          expect(source.sql.replace(/'(?:[^']|'')*'|"[^"]*"/g, ''), 'no bind left').not.toMatch(/:\w+/);
          expect(JSON.stringify(source)).not.toContain('sim-password');
          const viaSource = (await session.query(source.sql)).map((r) => String(r[0]));
          const viaExtract: string[] = [];
          for await (const batch of session.extract(table, slice, { snapshot })) {
            for (const v of batch.getChild('ID')!.toArray() as BigInt64Array) viaExtract.push(String(v));
          }
          expect(viaSource.sort(), `${slice.method} ${scope.kind}`).toEqual(viaExtract.sort());
          sqls.push(source.sql);
        }
      }
      expect(db.asOfReads).toBeGreaterThan(0);
      await session.close();
    }
    const checked = checkSql(sqls.map((sql, i) => ({ id: String(i), dialect: 'oracle', sql })));
    expect(checked.results.filter((r) => !r.ok)).toEqual([]);
  }, 120_000);

  it('without a snapshot: no AS OF SCN, and the session settings still to run first', async () => {
    const { session, table } = await open(0);
    const [slice] = await session.planSlices(table, { kind: 'full' }, 1);
    const source = await session.describeSlice!(table, slice!);
    expect(source.sql).not.toContain('AS OF SCN');
    expect(source.snapshot).toMatchObject({
      kind: 'none',
      setup: expect.arrayContaining([expect.stringContaining('TIME_ZONE')]),
    });
    expect(source.columns[0]).toEqual({ name: 'ID', type: 'INTEGER_8' });
    await session.close();
  });
});
