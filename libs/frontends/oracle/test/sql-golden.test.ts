/**
 * Every Oracle SQL builder's example rendering equals its hand-checked golden file, which cites the rule it
 * implements and passes the SQL checker (sqlglot's oracle dialect, a round trip, Oracle's forbidden constructs; the
 * oracle negative corpus runs beside them): tools/test-support/golden-sql.ts.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { goldenSqlSuite } from '../../../../tools/test-support/golden-sql.js';
import { extractProjection } from '../src/extract/columns.js';
import { extractSelect } from '../src/extract/lobs.js';
import { ORACLE_SQL, parallelHint, quoteIdent, textOf } from '../src/sql.js';

const SALES = { owner: 'SH', table: 'SALES' };

goldenSqlSuite({
  title: 'Oracle frontend SQL',
  dir: join(import.meta.dirname, 'golden'),
  dialect: 'oracle',
  builders: Object.keys(ORACLE_SQL),
  cases: {
    sessionSetup: () => ORACLE_SQL.sessionSetup(),
    databaseInfo: () => ORACLE_SQL.databaseInfo(),
    compatible: () => ORACLE_SQL.compatible(),
    currentScn: () => ORACLE_SQL.currentScn(),
    undoRetention: () => ORACLE_SQL.undoRetention(),
    flashbackPrivileges: () => ORACLE_SQL.flashbackPrivileges(),
    describeColumns: () => ORACLE_SQL.describeColumns(),
    primaryKey: () => ORACLE_SQL.primaryKey(),
    tableInfo: () => ORACLE_SQL.tableInfo(),
    partitionKeys: () => ORACLE_SQL.partitionKeys(),
    partitions: () => ORACLE_SQL.partitions(),
    subpartitions: () => ORACLE_SQL.subpartitions(),
    dbaSegmentSizes: () => ORACLE_SQL.dbaSegmentSizes(),
    dbaExtents: () => ORACLE_SQL.dbaExtents(),
    count: () => [
      ORACLE_SQL.count(SALES),
      ORACLE_SQL.count(SALES, { asOfScn: true, parallel: 4, where: '"TIME_ID" < :p0' }),
      ORACLE_SQL.count(SALES, { asOfScn: true, parallel: 1, partition: { name: 'SALES_2024_Q1' } }),
      ORACLE_SQL.count(SALES, {
        asOfScn: true,
        parallel: 0,
        partitions: { names: ['SALES_2024_Q1', 'SALES_2024_Q2'] },
        where: '"AMOUNT" > :bind_0',
      }),
    ],
    keyRange: () => ORACLE_SQL.keyRange({ owner: 'SH', table: 'SALES_IOT' }, 'ID', { asOfScn: true }),
    aggregate: () =>
      ORACLE_SQL.aggregate(
        SALES,
        [
          { column: 'ID', fn: 'count', type: 'NUMBER' },
          { column: 'ID', fn: 'count_distinct', type: 'NUMBER' },
          { column: 'AMOUNT', fn: 'sum', type: 'NUMBER' },
          { column: 'TIME_ID', fn: 'min', type: 'DATE' },
          { column: 'SOLD_AT', fn: 'max', type: 'TIMESTAMP' },
          { column: 'UPDATED', fn: 'max', type: 'TIMESTAMP WITH TIME ZONE' },
          { column: 'REGION', fn: 'max', type: 'VARCHAR2' },
        ],
        { asOfScn: true, parallel: 2, where: '"REGION" = :p0' },
      ),
    extract: () => [
      ORACLE_SQL.extract(
        SALES,
        [
          extractProjection({ name: 'ID', dataType: 'NUMBER(12)' }),
          extractProjection({ name: 'TIME_ID', dataType: 'DATE' }),
          extractProjection({ name: 'SOLD_AT', dataType: 'TIMESTAMP(9)' }),
          extractProjection({ name: 'UPDATED', dataType: 'TIMESTAMP(6) WITH TIME ZONE' }),
        ],
        { asOfScn: true },
      ),
      ORACLE_SQL.extract(SALES, ['"ID"', '"AMOUNT"'], {
        asOfScn: true,
        partition: { name: 'SP_1', sub: true },
        where: 'ROWID BETWEEN CHARTOROWID(:lo) AND CHARTOROWID(:hi)',
      }),
      ORACLE_SQL.extract(
        { owner: 'SH', table: 'DOCS' },
        extractSelect([
          { name: 'ID', dataType: 'NUMBER(9)' },
          { name: 'BODY', dataType: 'CLOB' },
          { name: 'IMAGE', dataType: 'BLOB' },
        ]).projections,
        { asOfScn: true },
      ),
    ],
    sample: () =>
      ORACLE_SQL.sample(
        SALES,
        [
          { name: 'AMOUNT', kind: 'number' },
          { name: 'TIME_ID', kind: 'date' },
        ],
        5,
        4,
      ),
  },
  // Valid Oracle that sqlglot keeps as an unparsed command: run by every session at connect (the live suite).
  parserRejects: {
    sessionSetup: {
      error: 'not parsed: sqlglot keeps it as an unparsed command',
      why: 'sqlglot 30.22 parses ALTER SESSION only as an opaque command',
    },
  },
});

describe('Oracle SQL pieces', () => {
  it('quotes identifiers as the dictionary spells them and refuses one Oracle cannot quote', () => {
    expect(quoteIdent('Sales Q1')).toBe('"Sales Q1"');
    expect(() => quoteIdent('A"B')).toThrow('Invalid Oracle identifier: "A\\"B"');
    expect(() => quoteIdent('')).toThrow('Invalid Oracle identifier');
  });

  it("GOE's parallel hint: 0 and 1 are NO_PARALLEL, n > 1 is PARALLEL(n)", () => {
    expect([0, 1, 2, 8].map(parallelHint)).toEqual(['NO_PARALLEL', 'NO_PARALLEL', 'PARALLEL(2)', 'PARALLEL(8)']);
  });

  it('reads values as exact text by type', () => {
    expect(textOf('"X"', 'BINARY_DOUBLE')).toBe(`TO_CHAR("X", 'TM')`);
    expect(textOf('"X"', 'TIMESTAMP WITH LOCAL TIME ZONE')).toBe(
      `TO_CHAR(SYS_EXTRACT_UTC("X"), 'SYYYY-MM-DD HH24:MI:SS.FF9')`,
    );
    expect(textOf('"X"', 'RAW')).toBe('"X"');
  });

  it('clamps the sample percentage to what SAMPLE BLOCK accepts', () => {
    expect(ORACLE_SQL.sample(SALES, [{ name: 'A', kind: 'number' }], 100)).toContain('SAMPLE BLOCK (99.999999)');
    expect(ORACLE_SQL.sample(SALES, [{ name: 'A', kind: 'number' }], 0)).toContain('SAMPLE BLOCK (0.000001)');
  });
});
