/**
 * A whole offload Oracle → NATIVE transport → Parquet → DuckDB through `offload()` and the real adapters, with
 * the simulated Oracle (test/support/simulated-oracle.ts) under the Oracle frontend: every Oracle type the frontend
 * offloads, at its edges (38-digit integers, negative scale, plain NUMBER sampled, NaN/±Infinity/−0, year 1 and 9999,
 * nanoseconds, time zones, intervals, multi-byte text, Oracle's empty string = NULL, blank-padded CHAR, LOBs of
 * 1 MiB), read back from DuckDB and compared value by value with what Oracle holds; then verification, a parallel
 * offload that reads one SCN while rows keep arriving, and a rerun that finds the table offloaded.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventSink, OffloadOptions } from '@goe/core';
import { DuckdbConnection, resolveDuckdbSettings } from '@goe/backend-duckdb';
import { offload } from '@goe/stack';
import { createOracleFrontend, LOB_FETCH_ROWS, oracleFrontend } from '../src/index.js';
import { LIVE_DSN, LIVE_SKIP_REASON, liveEnv, liveLogin } from './support/live.js';
import oracledb from 'oracledb';
import { oracleType } from './support/dictionary.js';
import { SimulatedOracle, type SimTable, type SimValue } from './support/simulated-oracle.js';
import { salesRows, salesTable } from './support/sales.js';

const MIB = 1 << 20;
const BIG_TEXT = 'é'.repeat(300_000) + '😀';
const BIG_BLOB = Buffer.alloc(MIB, 0xab);
const chars = (dataType: string, n: number, used: 'B' | 'C' = 'C') =>
  oracleType(dataType, { dataLength: used === 'C' ? 4 * n : n, charLength: n, charUsed: used });

/** SH.TYPES: one column per Oracle type the frontend offloads. */
const TYPES: SimTable = {
  owner: 'SH',
  name: 'TYPES',
  primaryKey: ['ID'],
  columns: [
    { name: 'ID', type: oracleType('NUMBER', { dataPrecision: 10, dataScale: 0 }), nullable: false },
    { name: 'N38', type: oracleType('NUMBER', { dataPrecision: 38, dataScale: 0 }) },
    { name: 'D12_2', type: oracleType('NUMBER', { dataPrecision: 12, dataScale: 2 }) },
    { name: 'NEG', type: oracleType('NUMBER', { dataPrecision: 9, dataScale: -2 }) },
    { name: 'SMALL', type: oracleType('NUMBER', { dataPrecision: 3, dataScale: 5 }) },
    { name: 'PLAIN', type: oracleType('NUMBER') },
    { name: 'FLT', type: oracleType('FLOAT', { dataPrecision: 126 }) },
    { name: 'BD', type: oracleType('BINARY_DOUBLE', { dataLength: 8 }) },
    { name: 'BF', type: oracleType('BINARY_FLOAT', { dataLength: 4 }) },
    { name: 'DT', type: oracleType('DATE', { dataLength: 7 }) },
    { name: 'TS6', type: oracleType('TIMESTAMP(6)', { dataLength: 11, dataScale: 6 }) },
    { name: 'TS9', type: oracleType('TIMESTAMP(9)', { dataLength: 11, dataScale: 9 }) },
    { name: 'TSTZ', type: oracleType('TIMESTAMP(6) WITH TIME ZONE', { dataLength: 13, dataScale: 6 }) },
    { name: 'TSLTZ', type: oracleType('TIMESTAMP(6) WITH LOCAL TIME ZONE', { dataLength: 11, dataScale: 6 }) },
    {
      name: 'IDS',
      type: oracleType('INTERVAL DAY(9) TO SECOND(6)', { dataLength: 11, dataPrecision: 9, dataScale: 6 }),
    },
    { name: 'IYM', type: oracleType('INTERVAL YEAR(9) TO MONTH', { dataLength: 5, dataPrecision: 9, dataScale: 0 }) },
    { name: 'V', type: chars('VARCHAR2', 40) },
    { name: 'NV', type: chars('NVARCHAR2', 10) },
    { name: 'C', type: chars('CHAR', 5, 'B') },
    { name: 'CL', type: oracleType('CLOB', { dataLength: 4000 }) },
    { name: 'NCL', type: oracleType('NCLOB', { dataLength: 4000 }) },
    { name: 'R', type: oracleType('RAW', { dataLength: 16 }) },
    { name: 'B', type: oracleType('BLOB', { dataLength: 4000 }) },
    { name: 'OK', type: oracleType('BOOLEAN', { dataLength: 1 }) },
  ],
};

const ds = (days: number, hours: number, minutes: number, seconds: number, fseconds: number) => ({
  days,
  hours,
  minutes,
  seconds,
  fseconds,
});

/** The rows Oracle holds (row 5: NULL everywhere but the key). */
const ROWS: SimValue[][] = [
  [
    '1',
    '99999999999999999999999999999999999999',
    '1234567890.12',
    '99999999900',
    '0.00999',
    '12345.678',
    '3.14159',
    Number.NaN,
    Number.NEGATIVE_INFINITY,
    '0001-01-01 00:00:00',
    '0001-01-01 00:00:00.000000',
    '2024-03-31 01:30:00.123456789',
    '2024-03-31 00:30:00.000001',
    '2024-10-27 01:30:00.5',
    ds(1, 2, 3, 4, 500_000_000),
    { years: 1, months: 2 },
    'Grüße, 漢字, 😀',
    'Ωμέγα',
    'ab',
    BIG_TEXT,
    'ナショナル',
    Buffer.from([0, 255, 16]),
    BIG_BLOB,
    true,
  ],
  [
    '2',
    '-99999999999999999999999999999999999999',
    '-0.01',
    '-100',
    '-0.00001',
    '-0.5',
    '-2.5',
    Number.POSITIVE_INFINITY,
    3.4028234663852886e38,
    '9999-12-31 23:59:59',
    '9999-12-31 23:59:59.999999',
    '1677-09-22 00:00:00.000000001',
    '9999-12-31 23:59:59.999999',
    '0001-01-01 00:00:00',
    ds(-999_999_999, -23, -59, -59, -999_999_000),
    { years: -5, months: -11 },
    "O'Brien; DROP TABLE x --",
    '',
    'abcde',
    'short',
    '',
    Buffer.from([1]),
    Buffer.from('tiny'),
    false,
  ],
  [
    '3',
    '0',
    '0',
    '0',
    '0',
    '0',
    '0',
    -0,
    1.5,
    '2024-03-31 01:30:00',
    '1970-01-01 00:00:00.000001',
    '2262-04-11 23:47:16.854775806',
    '1969-12-31 23:59:59.999999',
    '2024-03-31 02:30:00',
    ds(0, 0, 0, 0, 1000),
    { years: 0, months: 0 },
    ' leading and trailing ',
    'x',
    ' ',
    '',
    'z',
    Buffer.from([0]),
    Buffer.alloc(0),
    null,
  ],
  [
    '4',
    '1',
    '99999.99',
    '-99999999900',
    '0.00001',
    '99999.999',
    '0.0000000001',
    1.7976931348623157e308,
    Number.NaN,
    '1970-01-01 00:00:00',
    '2024-02-29 12:00:00.5',
    '1970-01-01 00:00:00.000000001',
    '2024-07-01 12:00:00',
    '2024-07-01 12:00:00',
    ds(0, 0, 0, 0, 0),
    { years: 99_999_999, months: 11 },
    'x',
    'y',
    null,
    null,
    null,
    null,
    null,
    true,
  ],
  ['5', ...Array.from({ length: TYPES.columns.length - 1 }, () => null)],
];

/**
 * What DuckDB holds, as `col::VARCHAR`, per column (rows 1–5), written from Oracle's values by hand: Oracle stores ''
 * as NULL; CHAR is blank-padded to 5; BINARY_* keep NaN/±Infinity/−0; TIMESTAMP(9) → TIMESTAMP_NS; time-zoned values
 * are UTC instants (the session's time zone is UTC); plain NUMBER/FLOAT are sampled (DECIMAL with padding 2).
 */
const EXPECTED: Record<string, (string | null)[]> = {
  N38: ['99999999999999999999999999999999999999', '-99999999999999999999999999999999999999', '0', '1', null],
  D12_2: ['1234567890.12', '-0.01', '0.00', '99999.99', null],
  NEG: ['99999999900', '-100', '0', '-99999999900', null],
  // DECIMAL(5,5): DuckDB writes no integral digit when the precision is all scale
  SMALL: ['.00999', '-.00001', '.00000', '.00001', null],
  // sampled: 5 integral digits, scale 3 → DECIMAL(8,3), padded by 2 → DECIMAL(12,5)
  PLAIN: ['12345.67800', '-0.50000', '0.00000', '99999.99900', null],
  // sampled: 1 integral digit, scale 10 → DECIMAL(11,10), padded by 2 → DECIMAL(15,12)
  FLT: ['3.141590000000', '-2.500000000000', '0.000000000000', '0.000000000100', null],
  BD: ['nan', 'inf', '-0.0', '1.7976931348623157e+308', null],
  BF: ['-inf', '3.4028235e+38', '1.5', 'nan', null],
  DT: ['0001-01-01 00:00:00', '9999-12-31 23:59:59', '2024-03-31 01:30:00', '1970-01-01 00:00:00', null],
  TS6: [
    '0001-01-01 00:00:00',
    '9999-12-31 23:59:59.999999',
    '1970-01-01 00:00:00.000001',
    '2024-02-29 12:00:00.5',
    null,
  ],
  TS9: [
    '2024-03-31 01:30:00.123456789',
    '1677-09-22 00:00:00.000000001',
    '2262-04-11 23:47:16.854775806',
    '1970-01-01 00:00:00.000000001',
    null,
  ],
  TSTZ: [
    '2024-03-31 00:30:00.000001+00',
    '9999-12-31 23:59:59.999999+00',
    '1969-12-31 23:59:59.999999+00',
    '2024-07-01 12:00:00+00',
    null,
  ],
  TSLTZ: [
    '2024-10-27 01:30:00.5+00',
    '0001-01-01 00:00:00+00',
    '2024-03-31 02:30:00+00',
    '2024-07-01 12:00:00+00',
    null,
  ],
  IDS: ['1 day 02:03:04.5', '-999999999 days -23:59:59.999999', '00:00:00.000001', '00:00:00', null],
  IYM: ['1 year 2 months', '-5 years -11 months', '00:00:00', '99999999 years 11 months', null],
  V: ['Grüße, 漢字, 😀', "O'Brien; DROP TABLE x --", ' leading and trailing ', 'x', null],
  NV: ['Ωμέγα', null, 'x', 'y', null],
  C: ['ab   ', 'abcde', '     ', null, null],
  NCL: ['ナショナル', null, 'z', null, null],
  OK: ['true', 'false', null, 'true', null],
};

/** A fresh OFFLOAD_HOME and the environment of an Oracle → DuckDB offload. */
function oracleHome(): Record<string, string> {
  const home = mkdtempSync(join(tmpdir(), 'goe-oracle-'));
  return {
    OFFLOAD_HOME: home,
    FRONTEND_DISTRIBUTION: 'ORACLE',
    ORA_CONN: 'db.example:1521/FREEPDB1',
    ORA_APP_USER: 'goe_app',
    ORA_APP_PASS: 'sim-password',
    DUCKDB_THREADS: '1',
    DUCKDB_MEMORY_LIMIT: '256MB',
  };
}

function run(db: SimulatedOracle, env: Record<string, string>, options: OffloadOptions) {
  return offload(
    { execute: true, createBackendDb: true, ...options },
    { env, adapters: { frontend: createOracleFrontend({ driver: db.driver }) } },
  );
}

async function warehouse(env: Record<string, string>, sql: string): Promise<unknown[][]> {
  const conn = await DuckdbConnection.open(resolveDuckdbSettings(undefined, env.OFFLOAD_HOME));
  try {
    return await conn.rows(sql);
  } finally {
    await conn.close();
  }
}

describe('Oracle (simulated driver) → NATIVE → DuckDB', { timeout: 120_000 }, () => {
  it('every type at its edges arrives exactly, verified by counts', async () => {
    const db = new SimulatedOracle([TYPES]);
    db.insert('SH', 'TYPES', ROWS);
    const env = oracleHome();
    const result = await run(db, env, { table: 'SH.TYPES' });
    expect(result).toMatchObject({ status: 'SUCCESS', rows: 5 });
    expect(result.verification).toBe('Source and DuckDB table data matches: offload successful');
    for (const [column, want] of Object.entries(EXPECTED)) {
      const got = (await warehouse(env, `SELECT ${column}::VARCHAR FROM sh.types ORDER BY id`)).map((r) => r[0]);
      expect(got, column).toEqual(want);
    }
    const [cl, ncl, r, b] = await warehouse(
      env,
      `SELECT list(md5(cl) ORDER BY id), list(length(ncl) ORDER BY id), list(hex(r) ORDER BY id), list(md5(b) ORDER BY id) FROM sh.types`,
    ).then((rows) => rows[0] as unknown[]);
    const md5 = async (v: string | Buffer) => (await import('node:crypto')).createHash('md5').update(v).digest('hex');
    expect(cl).toEqual([await md5(BIG_TEXT), await md5('short'), null, null, null]);
    expect(ncl).toEqual([5n, null, 1n, null, null]);
    expect(r).toEqual(['00FF10', '01', '00', null, null]);
    expect(b).toEqual([await md5(BIG_BLOB), await md5('tiny'), await md5(''), null, null]);
    // a table with LOBs is fetched in small arrays (each LOB is read whole into the array)
    const fetches = db.statements.filter((s) => s.fetchArraySize !== undefined).map((s) => s.fetchArraySize);
    expect(fetches.length).toBeGreaterThan(0);
    expect(Math.max(...(fetches as number[]))).toBe(LOB_FETCH_ROWS);
    expect(db.open).toBe(0);
  });

  it('values the target cannot hold are refused naming the column, and nothing is loaded', async () => {
    // DuckDB's TIMESTAMP_NS keeps INT64's maximum for infinity and starts at 1677-09-22; its interval months are 32-bit
    const edge = ROWS.map((r) => [...r]);
    edge[0]![11] = '2262-04-11 23:47:16.854775807';
    edge[1]![11] = '1677-09-21 00:12:43.145224192';
    edge[3]![15] = { years: 999_999_999, months: 11 };
    const db = new SimulatedOracle([TYPES]);
    db.insert('SH', 'TYPES', edge);
    const env = oracleHome();
    await expect(run(db, env, { table: 'SH.TYPES' })).rejects.toMatchObject({
      code: 'VALIDATION_MISMATCH',
      message: 'Data type conversion issue in load data: TS9 (2 value(s)), IYM (1 value(s))',
    });
    // the failed load left no table behind (a new table is created with its load)
    expect(await warehouse(env, `SELECT count(*) FROM duckdb_tables() WHERE table_name = 'types'`)).toEqual([[0n]]);
    expect(db.open).toBe(0);
  });

  it('parallel slices read one SCN while rows keep arriving; a rerun finds the table offloaded', async () => {
    const db = new SimulatedOracle([salesTable({ months: 6 })]);
    db.insert('SH', 'SALES', salesRows(600, 6));
    const frontend = createOracleFrontend({ driver: db.driver });
    const env = oracleHome();
    // rows committed while the offload runs (after its snapshot) must not arrive, nor be counted
    const events: EventSink = {
      emit: (e) => {
        if (e.type === 'step:start' && e.step === 'STAGING_TRANSPORT') {
          db.insert('SH', 'SALES', [['9001', '2024-01-02 00:00:00', '1.00', 'EU', null]]);
        }
      },
    };
    const result = await offload(
      { execute: true, createBackendDb: true, table: 'SH.SALES', offloadTransportParallelism: 3 },
      { env, adapters: { frontend }, events },
    );
    expect(result).toMatchObject({ status: 'SUCCESS', rows: 600 });
    expect(result.verification).toBe('Source and DuckDB table data matches: offload successful');
    expect(await warehouse(env, 'SELECT count(*), count(DISTINCT id), max(id) FROM sh.sales')).toEqual([
      [600n, 600n, 600n],
    ]);
    const reads = db.statements.filter((s) => /^SELECT "ID"/.test(s.sql));
    expect(new Set(reads.map((s) => s.fetchArraySize))).toEqual(new Set([5000])); // no LOBs: GOE's fetch size
    expect(new Set(reads.map((s) => s.binds.scn)).size).toBe(1);
    expect(new Set(reads.map((s) => s.session)).size).toBeGreaterThan(1);
    await expect(run(db, env, { table: 'SH.SALES' })).rejects.toMatchObject({ code: 'ALREADY_OFFLOADED' });
    expect(db.open).toBe(0);
  });
});

(LIVE_DSN === '' ? describe.skip : describe)(
  `Oracle (live, GOE_TEST_ORACLE_DSN) → NATIVE → DuckDB${LIVE_DSN === '' ? ` (skipped: ${LIVE_SKIP_REASON})` : ''}`,
  { timeout: 600_000 },
  () => {
    it('offloads a partitioned table in parallel at one SCN and verifies it', async () => {
      const login = liveLogin();
      const owner = login.user.toUpperCase();
      const admin = await oracledb.getConnection({ ...login });
      try {
        await admin.execute(
          `BEGIN EXECUTE IMMEDIATE 'DROP TABLE "${owner}"."GOE_LIVE_SALES" PURGE'; EXCEPTION WHEN OTHERS THEN NULL; END;`,
        );
        await admin.execute(
          `CREATE TABLE "${owner}"."GOE_LIVE_SALES" ("ID" NUMBER(10) NOT NULL PRIMARY KEY, "TIME_ID" DATE, "AMOUNT" NUMBER(12,2), "NOTE" VARCHAR2(20 CHAR))
           PARTITION BY RANGE ("TIME_ID") (PARTITION "P1" VALUES LESS THAN (DATE '2024-02-01'), PARTITION "P2" VALUES LESS THAN (DATE '2024-03-01'), PARTITION "PMAX" VALUES LESS THAN (MAXVALUE))`,
        );
        await admin.execute(
          `INSERT INTO "${owner}"."GOE_LIVE_SALES" SELECT LEVEL, DATE '2024-01-01' + MOD(LEVEL, 90), LEVEL / 100, 'é' || LEVEL FROM dual CONNECT BY LEVEL <= 1000`,
        );
        await admin.commit();
      } finally {
        await admin.close();
      }
      const env = { ...oracleHome(), ...liveEnv() };
      const result = await offload(
        { execute: true, createBackendDb: true, table: `${owner}.GOE_LIVE_SALES`, offloadTransportParallelism: 3 },
        { env, adapters: { frontend: oracleFrontend } },
      );
      expect(result).toMatchObject({ status: 'SUCCESS', rows: 1000 });
      expect(result.verification).toBe('Source and DuckDB table data matches: offload successful');
    });
  },
);
