/**
 * The extract loop: the fetch type handler against node-oracledb's own type constants, array fetches from a result
 * set (closed on every path, errors mapped, abortable), and a slice's batches in the canonical schema.
 */
import { describe, expect, it } from 'vitest';
import { canonicalColumn, type SourceColumn, type SourceTable } from '@goe/core';
import oracledb from 'oracledb';
import { arrowVectorValues } from '@goe/conformance';
import { goeErrorOf } from '../../../../tools/test-support/goe-error.js';
import { oracleType } from './support/dictionary.js';
import {
  connectOracle,
  extractFetchTypeHandler,
  extractSlice,
  oracleToCanonical,
  type OracleDriver,
  type RowSource,
} from '../src/index.js';

describe('extractFetchTypeHandler', () => {
  it('reads NUMBER as strings, the rest as the driver does (LOBs as locators)', () => {
    const of = (dbType: oracledb.DbType) =>
      extractFetchTypeHandler({ name: 'C', dbType } as oracledb.Metadata<unknown>);
    expect(of(oracledb.DB_TYPE_NUMBER)).toEqual({ type: oracledb.STRING });
    for (const t of [
      oracledb.DB_TYPE_CLOB,
      oracledb.DB_TYPE_NCLOB,
      oracledb.DB_TYPE_BLOB,
      oracledb.DB_TYPE_VARCHAR,
      oracledb.DB_TYPE_BINARY_DOUBLE,
      oracledb.DB_TYPE_BINARY_FLOAT,
      oracledb.DB_TYPE_RAW,
      oracledb.DB_TYPE_INTERVAL_DS,
      oracledb.DB_TYPE_BOOLEAN,
    ]) {
      expect(of(t)).toBeUndefined();
    }
  });
});

/** A fake driver whose connection returns a result set serving `pages` (then an empty page), or failing. */
function resultSetDriver(pages: unknown[][][], failAt?: { page: number; error: Error }) {
  const log: string[] = [];
  let options: Record<string, unknown> = {};
  let served = 0;
  const resultSet = {
    getRows: async (n: number) => {
      log.push(`getRows(${n})`);
      if (failAt !== undefined && served === failAt.page) throw failAt.error;
      return pages[served++] ?? [];
    },
    close: async () => void log.push('close'),
  };
  const connection = {
    oracleServerVersionString: '19.3.0.0.0',
    execute: async (sql: string, _binds: unknown, o: Record<string, unknown>) => {
      if (sql.startsWith('ALTER SESSION')) return { rows: undefined };
      options = o;
      log.push(`execute ${sql}`);
      return { resultSet };
    },
    close: async () => undefined,
  };
  const driver: OracleDriver = { getConnection: async () => connection as unknown as oracledb.Connection };
  return { driver, log, options: () => options };
}

const LOGIN = { user: 'goe_app', password: 'pw', connectString: 'db:1521/FREEPDB1' };

describe('OracleConnection.fetchRows', () => {
  it('fetches arrays of fetchArraySize rows with the extraction fetch type handler, then closes the result set', async () => {
    const fake = resultSetDriver([[[1], [2]], [[3]]]);
    const c = await connectOracle(LOGIN, { connectTimeoutSeconds: 5 }, fake.driver);
    const got: unknown[][][] = [];
    for await (const rows of c.fetchRows('SELECT "ID" FROM "SH"."SALES"', { scn: '42' }, 2)) got.push(rows);
    expect(got).toEqual([[[1], [2]], [[3]]]);
    expect(fake.options()).toMatchObject({
      resultSet: true,
      outFormat: oracledb.OUT_FORMAT_ARRAY,
      fetchArraySize: 2,
      prefetchRows: 2,
      fetchTypeHandler: extractFetchTypeHandler,
    });
    expect(fake.log).toEqual([
      'execute SELECT "ID" FROM "SH"."SALES"',
      'getRows(2)',
      'getRows(2)',
      'getRows(2)',
      'close',
    ]);
  });

  it('maps a fetch error (ORA-01555 snapshot too old) and still closes the result set', async () => {
    const error = Object.assign(new Error('ORA-01555: snapshot too old: rollback segment number 9 too small'), {
      code: 'ORA-01555',
    });
    const fake = resultSetDriver([[[1]]], { page: 1, error });
    const c = await connectOracle(LOGIN, { connectTimeoutSeconds: 5 }, fake.driver);
    const e = await goeErrorOf(async () => {
      for await (const _ of c.fetchRows('SELECT 1 FROM dual', {}, 1)) void _;
    });
    expect(e).toMatchObject({ code: 'ENGINE_ERROR', engineCode: 'ORA-01555' });
    expect(e.hint).toContain('Raise UNDO_RETENTION');
    expect(fake.log.at(-1)).toBe('close');
  });

  it('stops at an abort with the abort reason, closing the result set', async () => {
    const fake = resultSetDriver([[[1]], [[2]], [[3]]]);
    const c = await connectOracle(LOGIN, { connectTimeoutSeconds: 5 }, fake.driver);
    const abort = new AbortController();
    const seen: unknown[] = [];
    await expect(
      (async () => {
        for await (const rows of c.fetchRows('SELECT 1 FROM dual', {}, 1, abort.signal)) {
          seen.push(rows);
          abort.abort(new Error('killed'));
        }
      })(),
    ).rejects.toThrow('killed');
    expect(seen).toHaveLength(1);
    expect(fake.log.at(-1)).toBe('close');
  });
});

/** A source column from a dictionary type, mapped as introspection maps it. */
function sourceColumn(name: string, dataType: string, over: Record<string, number | null> = {}): SourceColumn {
  const m = oracleToCanonical(name, oracleType(dataType, over));
  return {
    name,
    dataType,
    nullable: true,
    safeMapping: m.safeMapping,
    canonical: canonicalColumn({ name, ...m, nullable: true }),
  };
}

describe('extractSlice', () => {
  const table: SourceTable = {
    owner: 'SH',
    name: 'SALES',
    columns: [
      sourceColumn('ID', 'NUMBER', { dataPrecision: 12, dataScale: 0 }),
      sourceColumn('SOLD_AT', 'TIMESTAMP(6)', { dataScale: 6 }),
      sourceColumn('RATIO', 'BINARY_DOUBLE'),
    ],
    primaryKey: ['ID'],
    partitioning: { method: 'none', columns: [], partitions: [] },
  };

  it('reads the slice AS OF the SCN in exact wire forms, one batch per fetched array (empty ones skipped)', async () => {
    const calls: { sql: string; binds: unknown; size: number }[] = [];
    const source: RowSource = {
      async *fetchRows(sql, binds, size) {
        calls.push({ sql, binds, size });
        yield [
          ['1', ' 2024-01-31 10:00:00.000001000', NaN],
          ['2', null, -0],
        ];
        yield [];
        yield [['999999999999', ' 9999-12-31 23:59:59.999999000', Infinity]];
      },
    };
    const batches = [];
    for await (const b of extractSlice(
      source,
      table,
      { asOfScn: true, partition: { name: 'P1' }, binds: { scn: '777' } },
      2,
    )) {
      batches.push(b);
    }
    expect(calls).toEqual([
      {
        sql: `SELECT "ID", TO_CHAR("SOLD_AT", 'SYYYY-MM-DD HH24:MI:SS.FF9') AS "SOLD_AT", "RATIO"\nFROM "SH"."SALES" PARTITION ("P1") AS OF SCN :scn`,
        binds: { scn: '777' },
        size: 2,
      },
    ]);
    expect(batches.map((b) => b.numRows)).toEqual([2, 1]);
    expect(batches[0]!.schema.fields.map((f) => String(f.type))).toEqual([
      'Int64',
      'Timestamp<MICROSECOND>',
      'Float64',
    ]);
    expect(arrowVectorValues(batches[1]!.getChildAt(0)!)).toEqual([999999999999n]);
    expect(arrowVectorValues(batches[1]!.getChildAt(1)!)).toEqual([253402300799999999000n]);
    expect(arrowVectorValues(batches[0]!.getChildAt(2)!).map((v) => (Object.is(v, -0) ? '-0' : v))).toEqual([
      NaN,
      '-0',
    ]);
  });

  it('refuses a fetch size that is not a positive integer', async () => {
    const source: RowSource = { async *fetchRows() {} };
    const e = await goeErrorOf(async () => {
      for await (const _ of extractSlice(source, table, {}, 0)) void _;
    });
    expect(e).toMatchObject({ code: 'OPTION_INVALID', message: 'Invalid fetch size: 0' });
  });
});
