/**
 * Every golden statement runs on bigquery-emulator (rendered by the same cases for the emulator's project), in the
 * order an offload runs them; what the emulator does not do is kept here as data, each asserted to still fail with
 * its recorded error — and the load path (createSchema, createTable, insertFinal) is never among them.
 */
import { randomBytes } from 'node:crypto';
import { expect, inject, it } from 'vitest';
import { emulatorDescribe } from '../../../../tools/test-support/emulator-describe.js';
import { BIGQUERY_SQL, canonicalFromBigquery, type DatasetRef } from '../src/index.js';
import { sqlCases } from './sql-cases.js';

const endpoint = inject('bigqueryEndpoint');
const missing = inject('bigqueryMissing');
const project = 'goe-test';

interface QueryResult {
  readonly rows: readonly (readonly (string | null)[])[];
}

/** One statement through the REST API (`jobs.query`), every parameter a STRING (the emulator takes no JSON numbers). */
async function query(sql: string, params: Record<string, string> = {}): Promise<QueryResult> {
  const res = await fetch(`${endpoint}/bigquery/v2/projects/${project}/queries`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: sql,
      useLegacySql: false,
      parameterMode: 'NAMED',
      queryParameters: Object.entries(params).map(([name, value]) => ({
        name,
        parameterType: { type: 'STRING' },
        parameterValue: { value },
      })),
    }),
  });
  const body = (await res.json()) as { error?: { message: string }; rows?: { f: { v: string | null }[] }[] };
  if (!res.ok || body.error) throw new Error(body.error?.message ?? `HTTP ${res.status}`);
  return { rows: (body.rows ?? []).map((r) => r.f.map((c) => c.v)) };
}

/** Statements the emulator refuses although BigQuery runs them: builder → a part of the emulator's error. */
const EMULATOR_REJECTS: Readonly<Record<string, string>> = {};

const run = (sql: string | readonly string[]) => (typeof sql === 'string' ? [sql] : sql);

emulatorDescribe('BigQuery SQL on bigquery-emulator', endpoint, missing, () => {
  const suffix = randomBytes(4).toString('hex');
  const ds: DatasetRef = { project, dataset: `goe_sql_${suffix}` };
  const load: DatasetRef = { project, dataset: `goe_sql_${suffix}_load` };
  const cases = sqlCases(ds, load);

  it('createSchema runs, but the emulator creates no dataset from it (datasets come from the datasets API)', async () => {
    for (const s of run(cases.createSchema())) await query(s);
    for (const d of [ds, load]) {
      expect((await fetch(`${endpoint}/bigquery/v2/projects/${project}/datasets/${d.dataset}`)).status).toBe(404);
      const created = await fetch(`${endpoint}/bigquery/v2/projects/${project}/datasets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ datasetReference: { projectId: project, datasetId: d.dataset } }),
      });
      expect(created.status).toBe(200);
    }
  });

  it('runs the load path: createTable (every shape), the load table, insertFinal', async () => {
    for (const s of run(cases.createTable())) await query(s);
    // the load table as the load job leaves it: timestamps and times as INT64 microseconds
    await query(
      `CREATE TABLE \`${project}\`.\`${load.dataset}\`.\`sales\` (\`ID\` INT64, \`SALE_DATE\` DATE, \`AMOUNT\` NUMERIC, \`CREATED\` INT64, \`UPDATED\` INT64, \`T\` INT64)`,
    );
    await query(
      `INSERT INTO \`${project}\`.\`${load.dataset}\`.\`sales\` VALUES (1, DATE '2020-02-29', NUMERIC '12.50', -62135596800000000, 253402300799999999, 86399999999), (2, DATE '0001-01-01', NULL, 0, 0, 0)`,
    );
    for (const s of run(cases.insertFinal())) await query(s);
    const rows = await query(
      `SELECT CAST(\`ID\` AS STRING), CAST(\`AMOUNT\` AS STRING), FORMAT_DATETIME('%Y-%m-%d %H:%M:%E6S', \`CREATED\`), FORMAT_TIMESTAMP('%m-%d %H:%M:%E6S', \`UPDATED\`, 'UTC'), FORMAT_TIME('%H:%M:%E6S', \`T\`) FROM \`${project}\`.\`${ds.dataset}\`.\`sales\` ORDER BY \`ID\``,
    );
    expect(rows.rows).toEqual([
      ['1', '12.5', '1-01-01 00:00:00.000000', '12-31 23:59:59.999999', '23:59:59.999999'],
      ['2', null, '1970-01-01 00:00:00.000000', '01-01 00:00:00.000000', '00:00:00.000000'],
    ]);
  });

  it('verification statements: count, aggregate, maxValue', async () => {
    const [all, scoped] = run(cases.count());
    expect((await query(all!)).rows).toEqual([['2']]);
    expect((await query(scoped!, { p0: '2' })).rows).toEqual([['1']]);
    const agg = await query(
      BIGQUERY_SQL.aggregate(
        ds,
        'sales',
        [
          { column: 'ID', fn: 'count' },
          { column: 'ID', fn: 'count_distinct' },
          { column: 'AMOUNT', fn: 'sum' },
          { column: 'ID', fn: 'min' },
          { column: 'ID', fn: 'max' },
        ],
        '`ID` >= CAST(@p0 AS INT64)',
      ),
      { p0: '1' },
    );
    expect(agg.rows).toEqual([['2', '2', '12.5', '1', '2']]);
    await query(run(cases.aggregate())[0]!, { p0: '2000-01-01' });
    expect((await query(BIGQUERY_SQL.maxValue(ds, 'sales', 'ID'))).rows).toEqual([['2']]);
    await query(run(cases.maxValue())[0]!);
  });

  it('stagedCheck and castCheck count NULLs and lossy values of a load table in one statement each', async () => {
    await query(
      `CREATE TABLE \`${project}\`.\`${load.dataset}\`.\`sales_1\` (\`ID\` INT64, \`SALE_DATE\` DATE, \`AMOUNT\` STRING, \`BIG\` STRING, \`CREATED\` INT64, \`T\` INT64, \`PAYLOAD\` STRING, \`Code x\` STRING)`,
    );
    await query(
      `INSERT INTO \`${project}\`.\`${load.dataset}\`.\`sales_1\` VALUES (1, DATE '2020-01-01', '12.50', '1.5', 0, 0, 'AAE=', 'abc'), (NULL, NULL, '12x', NULL, 253402300800000000, -1, '!!', 'abcd'), (3, DATE '2020-01-02', NULL, NULL, NULL, NULL, NULL, NULL)`,
    );
    expect((await query(run(cases.stagedCheck())[0]!)).rows).toEqual([['3', '1', '1']]);
    expect((await query(run(cases.castCheck())[0]!)).rows).toEqual([['1', '0', '1', '1', '1', '1']]);
  });

  it('keyValues: the maximum key tuple and the distinct tuples, as text', async () => {
    const [max, distinct] = run(cases.keyValues());
    expect((await query(max!)).rows).toEqual([['2020-02-29', '1']]);
    expect((await query(distinct!)).rows).toHaveLength(2);
  });

  it('describeColumns maps every column back to its canonical type in one statement', async () => {
    const rows = (await query(run(cases.describeColumns())[0]!, { table: 'sales' })).rows;
    const columns = rows.map(([name, type, nullable]) => canonicalFromBigquery(name!, type!, nullable === 'YES'));
    expect(columns.map((c) => [c.name, c.dataType, c.nullable])).toEqual([
      ['ID', 'INTEGER_8', false],
      ['AMOUNT', 'DECIMAL', true],
      ['BIG', 'DECIMAL', true],
      ['Code x', 'VARIABLE_STRING', true],
      ['PAYLOAD', 'BINARY', true],
      ['SALE_DATE', 'DATE', false],
      ['T', 'TIME', true],
      ['CREATED', 'TIMESTAMP', true],
      ['UPDATED', 'TIMESTAMP_TZ', true],
      ['DS', 'VARIABLE_STRING', true], // the interval marker is in the description (tables API)
      ['RATIO', 'DOUBLE', true],
      ['FLAG', 'BOOLEAN', true],
    ]);
  });

  it('deleteScope and dropTable (twice: idempotent)', async () => {
    const [scoped, everything] = run(cases.deleteScope());
    await query(scoped!, { p0: '2' });
    expect((await query(BIGQUERY_SQL.count(ds, 'sales', ''))).rows).toEqual([['1']]);
    await query(everything!);
    expect((await query(BIGQUERY_SQL.count(ds, 'sales', ''))).rows).toEqual([['0']]);
    for (let i = 0; i < 2; i++) for (const s of run(cases.dropTable())) await query(s);
    await expect(query(BIGQUERY_SQL.count(ds, 'sales', ''))).rejects.toThrow();
  });

  it('partitionFunctionCheck calls each function on a typed NULL; a wrong parameter type is refused', async () => {
    const udfs = `${ds.dataset}_udfs`;
    const created = await fetch(`${endpoint}/bigquery/v2/projects/${project}/datasets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ datasetReference: { projectId: project, datasetId: udfs } }),
    });
    expect(created.status).toBe(200);
    await query(`CREATE FUNCTION \`${project}\`.\`${udfs}\`.\`region_len\`(x STRING) RETURNS INT64 AS (LENGTH(x))`);
    await query(
      `CREATE FUNCTION \`${project}\`.\`${udfs}\`.\`amount_bucket\`(x NUMERIC) RETURNS INT64 AS (CAST(FLOOR(x / 1000) AS INT64))`,
    );
    for (const s of run(cases.partitionFunctionCheck())) expect((await query(s)).rows).toEqual([[null]]);
    await expect(query(BIGQUERY_SQL.partitionFunctionCheck([project, udfs, 'region_len'], 'INT64'))).rejects.toThrow(
      /No matching signature/,
    );
  });

  it('no builder is recorded as rejected by the emulator (the load path never may be)', () => {
    expect(Object.keys(EMULATOR_REJECTS)).toEqual([]);
  });
});
