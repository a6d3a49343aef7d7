import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalColumn, isAdapter, isGoeError, parsePredicate, type OffloadScope } from '@goe/core';
import {
  canonicalFixtures,
  expectedAggregate,
  fixtureTable,
  normalizeAggregateText,
  recordBatchFromValues,
} from '@goe/conformance';
import {
  DUCKDB_CAPABILITIES,
  duckdbBackend,
  DuckdbConnection,
  resolveDuckdbSettings,
  TOO_MANY_PARTITION_COLUMNS,
} from '../src/index.js';
import { load, openPipeline, stage, type Pipeline } from './support/pipeline.js';
import { config, plan, tempDir } from './support/harness.js';
import { DUCKDB_FIXTURE_EXCLUSIONS } from './support/exclusions.js';

const fixtures = canonicalFixtures({ lobBytes: 1024 }).exclude(DUCKDB_FIXTURE_EXCLUSIONS);
const ID = fixtures.idColumn;
const pl = plan('goe_session', 'fixtures', fixtures.tableColumns);

let tmp: Awaited<ReturnType<typeof tempDir>>;
let p: Pipeline;
beforeAll(async () => {
  tmp = await tempDir('goe-duckdb-session-');
  p = await openPipeline(tmp.dir);
  const outcome = await load(p, pl, await stage(p, pl, fixtureTable(fixtures).batches[0]!));
  expect(outcome.rows).toBe(BigInt(fixtures.rowCount));
});
afterAll(async () => {
  await p?.close();
  await tmp?.cleanup();
});

const predicate = (text: string): OffloadScope => ({ kind: 'predicate', predicate: parsePredicate(text) });

describe('DuckDB backend session', () => {
  it('is a branded backend without partitioning, holding 38 digits and nanoseconds', async () => {
    expect(isAdapter(duckdbBackend, 'backend')).toBe(true);
    expect(duckdbBackend.capabilities).toEqual(DUCKDB_CAPABILITIES);
    expect(duckdbBackend.displayName).toBe('DuckDB');
    expect(DUCKDB_CAPABILITIES).toMatchObject({
      partitioning: { kinds: [], maxColumns: 0 },
      clustering: { maxColumns: 0, defaultToPrimaryKey: false },
      maxDecimalPrecision: 38,
      maxDatetimeScale: 9,
      staging: { schemes: ['file'], formats: ['PARQUET'] },
    });
    expect(await p.session.serverVersion()).toMatch(/^DuckDB v1\./);
  });

  it('creates databases (schemas) and tells which exist', async () => {
    expect(await p.session.databaseExists('goe_session')).toBe(true);
    expect(await p.session.databaseExists('GOE_SESSION')).toBe(true);
    expect(await p.session.databaseExists('nope')).toBe(false);
    await p.session.createDatabase('extra');
    await p.session.createDatabase('extra');
    expect(await p.session.databaseExists('extra')).toBe(true);
  });

  it('describes the loaded table with its canonical columns', async () => {
    expect(await p.session.tableExists('goe_session', 'fixtures')).toBe(true);
    expect(await p.session.tableExists('goe_session', 'missing')).toBe(false);
    const t = await p.session.describeTable('goe_session', 'fixtures');
    expect(t.columns.map((c) => c.name)).toEqual(fixtures.tableColumns.map((c) => c.name));
    const by = (n: string) => t.columns.find((c) => c.name === n)!;
    expect(by('ID')).toMatchObject({ dataType: 'INTEGER_8', nullable: false });
    expect(by('C_DECIMAL_38_10')).toMatchObject({ dataType: 'DECIMAL', precision: 38, scale: 10 });
    expect(by('C_INTERVAL_YM').dataType).toBe('INTERVAL_YM');
    expect(by('C_INTERVAL_DS').dataType).toBe('INTERVAL_DS');
    expect(by('C_TIMESTAMP_NS')).toMatchObject({ dataType: 'TIMESTAMP', scale: 9 });
    expect(t.backendTypes[t.columns.indexOf(by('C_TIMESTAMP_TZ'))]).toBe('TIMESTAMP WITH TIME ZONE');
    await expect(p.session.describeTable('goe_session', 'missing')).rejects.toMatchObject({ code: 'TABLE_NOT_FOUND' });
  });

  it('counts the whole table and by predicate', async () => {
    expect(await p.session.count('goe_session', 'fixtures')).toBe(BigInt(fixtures.rowCount));
    expect(await p.session.count('goe_session', 'fixtures', predicate('column(ID) < numeric(5)'))).toBe(5n);
    expect(await p.session.count('goe_session', 'fixtures', predicate('column(C_DATE) >= datetime(1970-01-01)'))).toBe(
      3n,
    );
    expect(
      await p.session.count(
        'goe_session',
        'fixtures',
        predicate('column(c_timestamp) = datetime(2000-02-29 12:00:00)'),
      ),
    ).toBe(1n);
    expect(
      await p.session.count(
        'goe_session',
        'fixtures',
        predicate('column(C_VARIABLE_STRING) = string("O\'Reilly \\"q\\" \\\\ % _ ; -- /* */")'),
      ),
    ).toBe(1n);
    expect(
      await p.session.count(
        'goe_session',
        'fixtures',
        predicate('column(C_DECIMAL) IN (numeric(12345.6789), numeric(-0.0001)) OR column(ID) IS NULL'),
      ),
    ).toBe(2n);
    await expect(
      p.session.count('goe_session', 'fixtures', { kind: 'partitions', partitions: ['P1'] }),
    ).rejects.toMatchObject({ code: 'OPTION_INVALID' });
    await expect(
      p.session.count('goe_session', 'fixtures', predicate('column(NOPE) = numeric(1)')),
    ).rejects.toMatchObject({ code: 'PREDICATE_INVALID' });
  });

  it('computes aggregates as text that normalizes to the fixtures', async () => {
    const checks: [string, 'min' | 'max' | 'sum' | 'count' | 'count_distinct'][] = [
      ['INTEGER_8', 'min'],
      ['INTEGER_8', 'max'],
      ['INTEGER_8', 'sum'],
      ['INTEGER_38', 'sum'],
      ['DECIMAL_38_10', 'max'],
      ['DECIMAL_38_38', 'min'],
      ['DECIMAL', 'sum'],
      ['DATE', 'min'],
      ['DATE', 'max'],
      ['VARIABLE_STRING', 'count'],
      ['VARIABLE_STRING', 'count_distinct'],
      ['BINARY', 'count_distinct'],
    ];
    const specs = checks.map(([key, fn]) => ({ column: fixtures.column(key)!.column.name, fn }));
    const result = await p.session.aggregate('goe_session', 'fixtures', specs);
    for (const [key, fn] of checks) {
      const fc = fixtures.column(key)!;
      expect([key, fn, normalizeAggregateText(fc.type, result[`${fn}(${fc.column.name})`])]).toEqual([
        key,
        fn,
        expectedAggregate(fc, fn),
      ]);
    }
    const scoped = await p.session.aggregate(
      'goe_session',
      'fixtures',
      [{ column: 'ID', fn: 'max' }],
      predicate('column(ID) < numeric(5)'),
    );
    expect(scoped).toEqual({ 'max(ID)': '4' });
  });

  it('reports the largest value of a column as canonical text', async () => {
    expect(await p.session.maxPartitionValue('goe_session', 'fixtures', 'id')).toBe(String(fixtures.rowCount - 1));
    expect(await p.session.maxPartitionValue('goe_session', 'fixtures', 'C_TIMESTAMP')).toBe(
      '9999-12-31T23:59:59.999999',
    );
    expect(await p.session.maxPartitionValue('goe_session', 'fixtures', 'C_TIMESTAMP_TZ')).toBe(
      '9999-12-31T23:59:59.999999Z',
    );
    expect(await p.session.maxPartitionValue('goe_session', 'fixtures', 'C_INTERVAL_YM')).toBe('P1Y2M');
    await expect(p.session.maxPartitionValue('goe_session', 'fixtures', 'nope')).rejects.toMatchObject({
      code: 'OPTION_INVALID',
    });
  });

  it('partitionKeyValues: the lexicographic max tuple (NULLs ignored) and every distinct tuple, as maxPartitionValue renders them', async () => {
    const max = await p.session.partitionKeyValues!('goe_session', 'fixtures', ['C_DATE', 'id'], 'max');
    expect(max).toHaveLength(1);
    expect(max[0]![0]).toBe(await p.session.maxPartitionValue('goe_session', 'fixtures', 'C_DATE'));
    expect(max[0]!.every((x) => x !== null)).toBe(true);
    const distinct = await p.session.partitionKeyValues!('goe_session', 'fixtures', ['id'], 'distinct');
    expect(distinct.map((t) => Number(t[0])).sort((a, b) => a - b)).toEqual(
      Array.from({ length: fixtures.rowCount }, (_, i) => i),
    );
    await expect(p.session.partitionKeyValues!('goe_session', 'fixtures', ['id', 'nope'], 'max')).rejects.toMatchObject(
      {
        code: 'OPTION_INVALID',
        message: 'Column nope does not exist in goe_session.fixtures',
      },
    );
  });

  it("refuses partition and sort options with GOE's texts", () => {
    const partitioned = {
      ...pl,
      partitioning: {
        columns: [{ sourceColumn: 'C_DATE', backendColumn: 'GOE_PART_M_C_DATE', synthetic: true, granularity: 'M' }],
        sortColumns: [],
      },
    };
    expect(() => p.session.ddlFor(partitioned)).toThrow(TOO_MANY_PARTITION_COLUMNS);
    expect(() => p.session.ddlFor({ ...pl, partitioning: { columns: [], sortColumns: ['ID'] } })).toThrow(
      'Too many sort columns specified for backend system',
    );
  });

  it('fails validateStaged when staged rows do not match, and when a NOT NULL column has NULLs', async () => {
    const id = canonicalColumn({ name: 'ID', dataType: 'INTEGER_8', nullable: false });
    const small = plan('goe_session', 'counts', [id]);
    const files = await stage(p, small, recordBatchFromValues([id], [[1n, 2n, 3n]]));
    const lying = {
      ...files,
      rows: (files.rows ?? 0) + 1,
      files: files.files.map((f, i) => (i === 0 ? { ...f, rows: (f.rows ?? 0) + 1 } : f)),
    };
    const outcome = await load(p, small, lying);
    expect(outcome.staged).toMatchObject({
      ok: false,
      message: 'Offload row count does not match load table row count',
      details: { stagedRows: 4, loadRows: 3 },
    });

    // a Parquet file written by someone else with a NULL in the NOT NULL column
    const conn = await DuckdbConnection.open(resolveDuckdbSettings(config(p.env)));
    const path = join(tmp.dir, 'foreign.parquet');
    await conn.run(`COPY (SELECT 1::BIGINT AS "ID" UNION ALL SELECT NULL) TO '${path}' (FORMAT parquet)`);
    await conn.close();
    const foreign = {
      format: 'PARQUET' as const,
      rows: 2,
      files: [{ path: 'foreign.parquet', uri: `file://${path}`, rows: 2, bytes: 0, sliceId: 'x' }],
    };
    const nulls = await load(p, plan('goe_session', 'nulls', [id]), foreign);
    expect(nulls.staged).toMatchObject({ ok: false, message: 'NOT NULL column has NULL values: ID' });
  });

  it('loads a chunk in one transaction: a failing insert leaves the table unchanged', async () => {
    const id = canonicalColumn({ name: 'ID', dataType: 'INTEGER_8', nullable: false });
    const path = join(tmp.dir, 'half-bad.parquet');
    const conn = await DuckdbConnection.open(resolveDuckdbSettings(config(p.env)));
    await conn.run(
      `COPY (SELECT range::BIGINT AS "ID" FROM range(1000) UNION ALL SELECT NULL) TO '${path}' (FORMAT parquet)`,
    );
    await conn.close();
    const txPlan = plan('goe_session', 'tx', [id]);
    const chunk = {
      number: 1,
      scope: txPlan.scope,
      files: {
        format: 'PARQUET' as const,
        rows: 1001,
        files: [{ path: 'h', uri: `file://${path}`, rows: 1001, bytes: 0, sliceId: 'x' }],
      },
    };
    await p.session.createTable(txPlan);
    await p.session.stageLoad(txPlan, chunk);
    const err = await p.session.finalLoad(txPlan, chunk).catch((e: unknown) => e);
    await p.session.dropStaged(txPlan, chunk);
    expect(isGoeError(err) && err.code).toBe('ENGINE_ERROR');
    expect(isGoeError(err) && err.engineCode).toBe('CONSTRAINT');
    expect(await p.session.count('goe_session', 'tx')).toBe(0n);
  });

  it('stages an empty chunk, refuses Avro and non-local files', async () => {
    const id = canonicalColumn({ name: 'ID', dataType: 'INTEGER_8', nullable: false });
    const emptyPlan = plan('goe_session', 'empty', [id]);
    const none = await load(p, emptyPlan, { format: 'PARQUET', rows: 0, files: [] });
    expect(none).toMatchObject({ staged: { ok: true }, rows: 0n });
    const chunk = (format: 'AVRO' | 'PARQUET', uri: string) => ({
      number: 2,
      scope: emptyPlan.scope,
      files: { format, rows: 1, files: [{ path: 'a', uri, rows: 1, bytes: 1, sliceId: 'a' }] },
    });
    await expect(p.session.stageLoad(emptyPlan, chunk('AVRO', 'file:///x.avro'))).rejects.toThrow(
      /Parquet staging files only/,
    );
    await expect(p.session.stageLoad(emptyPlan, chunk('PARQUET', 'gs://bucket/x.parquet'))).rejects.toThrow(
      /only local files/,
    );
  });

  it('drops tables', async () => {
    await p.session.createTable(plan('goe_session', 'dropme', [ID]));
    await p.session.dropTable('goe_session', 'dropme');
    await p.session.dropTable('goe_session', 'dropme');
    expect(await p.session.tableExists('goe_session', 'dropme')).toBe(false);
  });
});
