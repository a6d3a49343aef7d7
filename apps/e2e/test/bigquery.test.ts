/**
 * PostgreSQL (PGlite) → NATIVE transport → GCS (fake-gcs-server) → BigQuery (bigquery-emulator) through the full
 * runner, the adapters resolved from the configuration by @goe/stack as `goe offload` does: every value of a table
 * of mixed types read back exactly, the verification comparing source and BigQuery, partitioned and clustered tables
 * checked through the tables API, and a corrupted staged value stopping the chunk.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { beforeAll, expect, inject, it } from 'vitest';
import { offload } from '@goe/stack';
import { bigqueryClientOptions, sdkApi } from '@goe/backend-bigquery';
import { BigQuery } from '@google-cloud/bigquery';
import { emulatorDescribe } from '../../../tools/test-support/emulator-describe.js';
import { createSourceTemplate, embeddedHome } from './support.js';

declare module 'vitest' {
  /** Provided by libs/backends/bigquery/test/global-setup.ts ('' when the emulator does not run). */
  export interface ProvidedContext {
    bigqueryEndpoint: string;
    bigqueryMissing: string;
    gcsEndpoint: string;
    gcsMissing: string;
  }
}

const bigquery = inject('bigqueryEndpoint');
const gcs = inject('gcsEndpoint');
const missing = [inject('bigqueryMissing'), inject('gcsMissing')].filter((m) => m !== '').join('; ');

const TYPES_SQL = `
  CREATE SCHEMA sh;
  CREATE TABLE sh.sales (
    id integer PRIMARY KEY, region varchar(10), amount numeric(12,2), big numeric(38,10), qty smallint, total bigint,
    ratio double precision, sold date NOT NULL, sold_at timestamp, sold_tz timestamptz, t time, flag boolean,
    note text, payload bytea
  );
  INSERT INTO sh.sales VALUES
    (1, 'EU', 10.50, 1234567890123456789012345678.0123456789, 1, 9223372036854775807, 0.1,
     '2024-01-31', '2024-01-01 10:00:00', '2024-03-31 01:00:00+00', '00:00:00', true, 'first', '\\x00ff'),
    (2, 'US', -20.00, -0.0000000001, -32768, -9223372036854775808, 1e308,
     '2024-02-29', '0001-01-01 00:00:00', '1969-07-20 20:17:40+00', '23:59:59.999999', false, '', ''),
    (3, 'APAC', 99999999.99, 0, 32767, 0, -5e-324,
     '9999-12-31', '9999-12-31 23:59:59.999999', '2024-10-27 01:30:00.000001+00', '12:34:56.789012', NULL,
     'Grüße, 漢字, 😀', '\\xdeadbeef'),
    (4, NULL, NULL, NULL, NULL, NULL, NULL, '1970-01-01', NULL, NULL, NULL, NULL, NULL, NULL);
`;

let template = '';
beforeAll(async () => {
  if (bigquery !== '' && gcs !== '') template = await createSourceTemplate(TYPES_SQL);
}, 180_000);

async function freshBucket(): Promise<string> {
  const name = `goe-e2e-${randomBytes(5).toString('hex')}`;
  const res = await fetch(`${gcs}/storage/v1/b?project=goe-test`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  expect(res.ok).toBe(true);
  return name;
}

/** The environment of an offload to the emulators: a fresh home, bucket and dataset suffix. */
async function bigqueryEnv(): Promise<{ env: Record<string, string>; dataset: string }> {
  const suffix = randomBytes(3).toString('hex');
  const { env } = embeddedHome(template, {
    QUERY_ENGINE: 'BIGQUERY',
    BIGQUERY_ENDPOINT: bigquery,
    BIGQUERY_DATASET_PROJECT: 'goe-test',
    OFFLOAD_FS_SCHEME: 'gs',
    OFFLOAD_FS_CONTAINER: await freshBucket(),
    OFFLOAD_FS_PREFIX: 'goe',
    OFFLOAD_FS_GCS_ENDPOINT: gcs,
    DB_NAME_PREFIX: `e2e${suffix}`,
  });
  return { env, dataset: `e2e${suffix}_sh` };
}

const api = () =>
  sdkApi(new BigQuery(bigqueryClientOptions({ endpoint: bigquery, project: 'goe-test', maximumBytesBilled: 1e12 })));

/** Partitioning by AMOUNT (numeric(12,2)) through the synthetic GOE_PART_100000_AMOUNT. */
const BY_AMOUNT = {
  table: 'SH.SALES',
  createBackendDb: true,
  partitionColumns: 'AMOUNT',
  partitionGranularity: '100000',
  partitionLowerValue: '-100000000',
  partitionUpperValue: '99999999',
};
/** Each id and its GOE_PART_100000_AMOUNT value. */
const AMOUNT_BUCKETS = [
  ['1', '0'],
  ['2', '-100000'],
  ['3', '99900000'],
  ['4', null],
];
/** Partitioning by REGION (varchar) through a partition function (give `partitionFunctions`). */
const BY_REGION = {
  table: 'SH.SALES',
  createBackendDb: true,
  partitionColumns: 'REGION',
  partitionGranularity: '1',
  partitionLowerValue: '0',
  partitionUpperValue: '10',
};
/** Each region and its GOE_PART_U0_REGION value (`region_len`). */
const REGION_LENGTHS = [
  ['EU', '2'],
  ['US', '2'],
  ['APAC', '4'],
  [null, null],
];

/** A key column of the final table and a synthetic partition column, as text, by id. */
async function syntheticValues(dataset: string, key: string, synthetic: string) {
  const { rows } = await api().query(
    `SELECT CAST(${key} AS STRING), CAST(${synthetic} AS STRING) FROM \`goe-test\`.\`${dataset}\`.\`sales\` ORDER BY id`,
  );
  return rows;
}

/** A dataset `<dataset>_udfs` of partition functions: `region_len` (STRING → INT64), `region_code` (STRING → STRING). */
async function partitionFunctions(dataset: string): Promise<string> {
  const udfs = `${dataset}_udfs`;
  await api().createDataset(udfs, { description: 'partition functions' });
  await api().query(`CREATE FUNCTION \`goe-test\`.\`${udfs}\`.\`region_len\`(x STRING) RETURNS INT64 AS (LENGTH(x))`);
  await api().query(`CREATE FUNCTION \`goe-test\`.\`${udfs}\`.\`region_code\`(x STRING) RETURNS STRING AS (UPPER(x))`);
  return udfs;
}

emulatorDescribe(
  'e2e: PostgreSQL → GCS → BigQuery (emulators)',
  bigquery === '' || gcs === '' ? '' : bigquery,
  missing,
  () => {
    it('offloads every type exactly, verifies, and partitions and clusters through the tables API', async () => {
      const { env, dataset } = await bigqueryEnv();
      const r = await offload(
        {
          table: 'SH.SALES',
          execute: true,
          createBackendDb: true,
          partitionColumns: 'SOLD',
          partitionGranularity: 'M',
          sortColumns: 'REGION,ID',
        },
        { env },
      );
      expect(r).toMatchObject({ status: 'SUCCESS', rows: 4, target: { database: dataset, table: 'sales' } });
      expect(r.verification).toBe('Source and BigQuery table data matches: offload successful');

      const table = await api().table(dataset, 'sales');
      expect(table?.timePartitioning).toMatchObject({ type: 'MONTH', field: 'sold' });
      expect(table?.clustering?.fields).toEqual(['region', 'id']);

      const { rows } = await api().query(
        `SELECT CAST(id AS STRING), region, CAST(amount AS STRING), CAST(big AS STRING), CAST(total AS STRING),
         CAST(ratio AS STRING), FORMAT_DATE('%Y-%m-%d', sold), FORMAT_DATETIME('%Y-%m-%d %H:%M:%E6S', sold_at),
         FORMAT_TIMESTAMP('%Y-%m-%d %H:%M:%E6S', sold_tz, 'UTC'), FORMAT_TIME('%H:%M:%E6S', t), CAST(flag AS STRING),
         note, TO_HEX(payload)
       FROM \`goe-test\`.\`${dataset}\`.\`sales\` ORDER BY id`,
      );
      expect(rows).toEqual([
        [
          '1',
          'EU',
          '10.5',
          '1234567890123456789012345678.0123456789',
          '9223372036854775807',
          '0.1',
          '2024-01-31',
          '2024-01-01 10:00:00.000000',
          '2024-03-31 01:00:00.000000',
          '00:00:00.000000',
          'true',
          'first',
          '00ff',
        ],
        [
          '2',
          'US',
          '-20',
          '-0.0000000001',
          '-9223372036854775808',
          '1e+308',
          '2024-02-29',
          '1-01-01 00:00:00.000000',
          '1969-07-20 20:17:40.000000',
          '23:59:59.999999',
          'false',
          '',
          '',
        ],
        [
          '3',
          'APAC',
          '99999999.99',
          '0',
          '0',
          '-5e-324',
          '9999-12-31',
          '9999-12-31 23:59:59.999999',
          '2024-10-27 01:30:00.000001',
          '12:34:56.789012',
          null,
          'Grüße, 漢字, 😀',
          'deadbeef',
        ],
        ['4', null, null, null, null, null, '1970-01-01', null, null, null, null, null, null],
      ]);
    });

    it('range-partitions by an integer column and refuses a range of more than 10,000 partitions at plan time', async () => {
      const { env, dataset } = await bigqueryEnv();
      const r = await offload(
        {
          table: 'SH.SALES',
          execute: true,
          createBackendDb: true,
          partitionColumns: 'ID',
          partitionGranularity: '10',
          partitionLowerValue: '0',
          partitionUpperValue: '999',
        },
        { env },
      );
      expect(r.status).toBe('SUCCESS');
      const table = await api().table(dataset, 'sales');
      expect(table?.rangePartitioning).toMatchObject({ field: 'id', range: { end: '1000', interval: '10' } });

      const tooMany = await bigqueryEnv();
      await expect(
        offload(
          {
            table: 'SH.SALES',
            createBackendDb: true,
            partitionColumns: 'ID',
            partitionGranularity: '1',
            partitionLowerValue: '0',
            partitionUpperValue: '10000',
          },
          { env: tooMany.env },
        ),
      ).rejects.toThrow("Partition range of id defines 10001 partitions, more than BigQuery's 10000");
    });

    it('partitions by a decimal through a synthetic GOE_PART_ column, and by a string through a partition function', async () => {
      const byAmount = await bigqueryEnv();
      expect((await offload({ ...BY_AMOUNT, execute: true }, { env: byAmount.env })).status).toBe('SUCCESS');
      expect((await api().table(byAmount.dataset, 'sales'))?.rangePartitioning).toMatchObject({
        field: 'GOE_PART_100000_AMOUNT',
        range: { start: '-100000000', end: '100000000', interval: '100000' },
      });
      expect(await syntheticValues(byAmount.dataset, 'id', 'GOE_PART_100000_AMOUNT')).toEqual(AMOUNT_BUCKETS);

      const byRegion = await bigqueryEnv();
      const udfs = await partitionFunctions(byRegion.dataset);
      const r2 = await offload(
        { ...BY_REGION, execute: true, partitionFunctions: `${udfs}.region_len` },
        { env: byRegion.env },
      );
      expect(r2.status).toBe('SUCCESS');
      expect(await syntheticValues(byRegion.dataset, 'region', 'GOE_PART_U0_REGION')).toEqual(REGION_LENGTHS);
    });

    it('appends by predicate to tables with synthetic partition columns, each computed as the first offload recorded it', async () => {
      const byAmount = await bigqueryEnv();
      // predicates on the partition source column: the verification's backend count is expanded over the synthetic
      // column (`GOE_PART_100000_AMOUNT <= …`), and still counts exactly the rows offloaded
      const first = await offload(
        { ...BY_AMOUNT, execute: true, offloadPredicate: 'column(AMOUNT) < numeric(0)' },
        { env: byAmount.env },
      );
      expect(first.status).toBe('SUCCESS');
      // the append's partition options differ: they are ignored, the table's own column definition is used
      const more = await offload(
        { ...BY_AMOUNT, execute: true, partitionGranularity: '7', offloadPredicate: 'column(AMOUNT) >= numeric(0)' },
        { env: byAmount.env },
      );
      expect(more.status).toBe('SUCCESS');
      expect([first.rows, more.rows]).toEqual([1, 2]);
      expect(await syntheticValues(byAmount.dataset, 'id', 'GOE_PART_100000_AMOUNT')).toEqual(
        AMOUNT_BUCKETS.slice(0, 3),
      );

      const byRegion = await bigqueryEnv();
      const udfs = await partitionFunctions(byRegion.dataset);
      // checked at plan time, in preview too: a missing function, a wrong parameter type, a non-INT64 result
      await expect(
        offload({ ...BY_REGION, partitionFunctions: `${udfs}.no_such_fn` }, { env: byRegion.env }),
      ).rejects.toThrow(`Partition function does not exist: goe-test.${udfs}.no_such_fn`);
      await expect(
        offload(
          { ...BY_REGION, partitionColumns: 'ID', partitionFunctions: `${udfs}.region_len` },
          { env: byRegion.env },
        ),
      ).rejects.toThrow(
        `Partition function parameter type does not match data type: goe-test.${udfs}.region_len must have exactly 1 input parameter of type INT64 (the type of id)`,
      );
      await expect(
        offload({ ...BY_REGION, execute: true, partitionFunctions: `${udfs}.region_code` }, { env: byRegion.env }),
      ).rejects.toThrow(
        `Partition function goe-test.${udfs}.region_code returns STRING: a partition function must return INT64`,
      );
      expect(await api().table(byRegion.dataset, 'sales')).toBeUndefined();

      const regionFirst = await offload(
        {
          ...BY_REGION,
          execute: true,
          partitionFunctions: `${udfs}.region_len`,
          offloadPredicate: 'column(ID) <= numeric(2)',
        },
        { env: byRegion.env },
      );
      expect(regionFirst.status).toBe('SUCCESS');
      const regionMore = await offload(
        { table: 'SH.SALES', execute: true, offloadPredicate: 'column(ID) > numeric(2)' },
        { env: byRegion.env },
      );
      expect(regionMore.status).toBe('SUCCESS');
      expect(await syntheticValues(byRegion.dataset, 'region', 'GOE_PART_U0_REGION')).toEqual(REGION_LENGTHS);
    });

    it('goe connect checks BigQuery (project, credentials) and the bucket (writable); a missing bucket fails by name', async () => {
      const goe = join(import.meta.dirname, '..', '..', 'cli', 'dist', 'goe.js');
      const run = (env: Record<string, string>) =>
        spawnSync(process.execPath, [goe, 'connect', '--json'], {
          env: { PATH: process.env.PATH ?? '', ...env },
          encoding: 'utf8',
        });
      const { env } = await bigqueryEnv();
      const report = JSON.parse(run(env).stdout) as { checks: { name: string; status: string; detail: string }[] };
      expect(report.checks.find((c) => c.name === 'Backend (bigquery)')).toMatchObject({
        status: 'ok',
        detail: 'BigQuery API v2 (project goe-test)',
      });
      expect(report.checks.find((c) => c.name === 'Staging (gs)')).toMatchObject({ status: 'ok' });
      const missingBucket = run({ ...env, OFFLOAD_FS_CONTAINER: 'goe-no-such-bucket' });
      expect(missingBucket.status).toBe(2);
      expect(missingBucket.stdout).toContain('GCS bucket gs://goe-no-such-bucket does not exist');
    });
  },
);
