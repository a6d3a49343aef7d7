/**
 * LOB columns streamed: short values in line, long and empty ones through node-oracledb's own `Lob` locators (the
 * simulated server hands out instances of the driver's class), each read once and released, batches cut by bytes.
 */
import { describe, expect, it } from 'vitest';
import { COMMON_CONFIG, loadConfig, type AdapterContext } from '@goe/core';
import { arrowVectorValues } from '@goe/conformance';
import {
  connectOracle,
  createOracleFrontend,
  extractSelect,
  extractSlice,
  LOB_FETCH_ROWS,
  LOB_INLINE_LIMIT,
  ORACLE_CONFIG,
  type RowSource,
} from '../src/index.js';
import { goeErrorOf } from '../../../../tools/test-support/goe-error.js';
import { oracleType } from './support/dictionary.js';
import { EMPTY_CLOB, SimulatedOracle, type SimTable, type SimValue } from './support/simulated-oracle.js';

const DOCS: SimTable = {
  owner: 'SH',
  name: 'DOCS',
  columns: [
    { name: 'ID', type: oracleType('NUMBER', { dataPrecision: 9, dataScale: 0 }), nullable: false },
    { name: 'BODY', type: oracleType('CLOB', { dataLength: 4000 }) },
    { name: 'NOTE', type: oracleType('NCLOB', { dataLength: 4000 }) },
    { name: 'IMAGE', type: oracleType('BLOB', { dataLength: 4000 }) },
  ],
  primaryKey: ['ID'],
};

const text = (n: number, unit = 'é') => unit.repeat(n);
const bytes = (n: number, fill = 7) => Buffer.alloc(n, fill);

/** Rows at the edges of the in-line limits: NULL, empty, 1, the limit, one past it, and hundreds of kilobytes. */
const EDGE_ROWS: SimValue[][] = [
  ['1', null, null, null],
  ['2', EMPTY_CLOB, EMPTY_CLOB, Buffer.alloc(0)],
  ['3', 'x', '𝄞', bytes(1)],
  ['4', text(LOB_INLINE_LIMIT.CLOB), text(LOB_INLINE_LIMIT.NCLOB, 'ж'), bytes(LOB_INLINE_LIMIT.BLOB)],
  ['5', text(LOB_INLINE_LIMIT.CLOB + 1), text(LOB_INLINE_LIMIT.NCLOB + 1, 'ж'), bytes(LOB_INLINE_LIMIT.BLOB + 1)],
  ['6', text(300_000, '€'), `${text(50_000, '𝄞')}!`, bytes(500_000, 255)],
];

const ENV = { ORA_CONN: 'db.example:1521/FREEPDB1', ORA_APP_USER: 'goe_app', ORA_APP_PASS: 'sim-password' };
const LOGIN = { user: 'goe_app', password: 'sim-password', connectString: ENV.ORA_CONN };

function context(): AdapterContext {
  const config = loadConfig({ schemas: [COMMON_CONFIG, ORACLE_CONFIG], env: ENV, file: false });
  return { config, events: { emit: () => undefined } };
}

/** What each stored value must arrive as: an empty CLOB is '' (not NULL), an empty BLOB zero bytes. */
const expected = (v: SimValue) => (v === EMPTY_CLOB ? '' : v);

async function describeDocs(db: SimulatedOracle) {
  const session = await createOracleFrontend({ driver: db.driver }).connect(context());
  const table = await session.describeTable('SH', 'DOCS');
  return { session, table };
}

describe('extractSelect', () => {
  it('reads short LOB values in line and appends one locator per LOB column', () => {
    const select = extractSelect(DOCS.columns.map((c) => ({ name: c.name, dataType: c.type.dataType })));
    expect(select.lobs).toEqual([
      { column: 1, locator: 4 },
      { column: 2, locator: 5 },
      { column: 3, locator: 6 },
    ]);
    expect(select.projections).toEqual([
      '"ID"',
      'CASE WHEN DBMS_LOB.GETLENGTH("BODY") BETWEEN 1 AND 1000 THEN DBMS_LOB.SUBSTR("BODY", 1000, 1) END AS "BODY"',
      'CASE WHEN DBMS_LOB.GETLENGTH("NOTE") BETWEEN 1 AND 1000 THEN DBMS_LOB.SUBSTR("NOTE", 1000, 1) END AS "NOTE"',
      'CASE WHEN DBMS_LOB.GETLENGTH("IMAGE") BETWEEN 1 AND 2000 THEN DBMS_LOB.SUBSTR("IMAGE", 2000, 1) END AS "IMAGE"',
      'CASE WHEN DBMS_LOB.GETLENGTH("BODY") = 0 OR DBMS_LOB.GETLENGTH("BODY") > 1000 THEN "BODY" END',
      'CASE WHEN DBMS_LOB.GETLENGTH("NOTE") = 0 OR DBMS_LOB.GETLENGTH("NOTE") > 1000 THEN "NOTE" END',
      'CASE WHEN DBMS_LOB.GETLENGTH("IMAGE") = 0 OR DBMS_LOB.GETLENGTH("IMAGE") > 2000 THEN "IMAGE" END',
    ]);
  });

  it('leaves a table without LOBs as extractProjection reads it', () => {
    expect(extractSelect([{ name: 'ID', dataType: 'NUMBER' }])).toEqual({ projections: ['"ID"'], lobs: [] });
  });
});

describe('LOB extraction (simulated server, the driver’s Lob class)', () => {
  it('every value arrives exactly; only long and empty LOBs go through a locator, and every locator is released', async () => {
    const db = new SimulatedOracle([DOCS]);
    db.insert('SH', 'DOCS', EDGE_ROWS);
    const { session, table } = await describeDocs(db);
    const snapshot = await session.snapshot();
    const [slice] = await session.planSlices(table, { kind: 'full' }, 1);
    const got: Record<string, unknown[]> = { ID: [], BODY: [], NOTE: [], IMAGE: [] };
    for await (const batch of session.extract(table, slice!, { snapshot })) {
      for (const name of Object.keys(got)) got[name]!.push(...arrowVectorValues(batch.getChild(name)!));
    }
    await session.close();
    expect(got.ID).toEqual([1, 2, 3, 4, 5, 6]);
    for (const [i, name] of ['BODY', 'NOTE', 'IMAGE'].entries()) {
      const want = EDGE_ROWS.map((r) => expected(r[i + 1]!));
      const have = got[name]!.map((v) => (v instanceof Uint8Array ? Buffer.from(v) : v));
      expect(have.length).toBe(want.length);
      have.forEach((v, r) => expect(v, `${name} row ${r + 1}`).toEqual(want[r]));
    }
    // rows 2 (empty), 5 (limit + 1) and 6 (hundreds of kilobytes) of three LOB columns: 9 locators, all read, none left open
    expect(db.lobs).toEqual({ created: 9, read: 9, open: 0 });
    const read = db.statements.find((s) => s.sql.includes('DBMS_LOB.SUBSTR'))!;
    expect(read.fetchArraySize).toBe(LOB_FETCH_ROWS);
  });

  it('cuts batches when the LOB bytes read reach the budget, so memory does not grow with the fetch size', async () => {
    const db = new SimulatedOracle([DOCS]);
    const rows: SimValue[][] = Array.from({ length: 10 }, (_, i) => [String(i + 1), text(40_000, 'a'), 'n', bytes(10)]);
    db.insert('SH', 'DOCS', rows);
    const { session, table } = await describeDocs(db);
    await session.close();
    const conn = await connectOracle(LOGIN, { connectTimeoutSeconds: 5 }, db.driver);
    const sizes: number[] = [];
    try {
      for await (const batch of extractSlice(conn, table, { lobBatchBytes: 100_000 }, 100)) sizes.push(batch.numRows);
    } finally {
      await conn.close();
    }
    // 40,000 characters a row: the budget of 100,000 is reached at every third row
    expect(sizes).toEqual([3, 3, 3, 1]);
    expect(db.lobs).toEqual({ created: 10, read: 10, open: 0 });
  });

  it('a row source that cannot read locators is refused before any row is written', async () => {
    const db = new SimulatedOracle([DOCS]);
    const { session, table } = await describeDocs(db);
    await session.close();
    const source: RowSource = {
      async *fetchRows() {
        yield [];
      },
    };
    const e = await goeErrorOf(async () => {
      for await (const _ of extractSlice(source, table, {}, 10)) void _;
    });
    expect(e).toMatchObject({ code: 'INTERNAL', message: 'This row source reads no LOB locators' });
  });

  it('a failing LOB read is mapped to a GOE error with the driver code', async () => {
    const db = new SimulatedOracle([DOCS]);
    const conn = await connectOracle(LOGIN, { connectTimeoutSeconds: 5 }, db.driver);
    const broken = {
      type: undefined,
      getData: async () => {
        throw Object.assign(new Error('ORA-22922: nonexistent LOB value'), { code: 'ORA-22922', errorNum: 22922 });
      },
      destroy: () => undefined,
    };
    const e = await goeErrorOf(() => conn.readLob!(broken));
    await conn.close();
    expect(e).toMatchObject({ engineCode: 'ORA-22922' });
    expect(e.message).toContain('nonexistent LOB value');
  });
});
