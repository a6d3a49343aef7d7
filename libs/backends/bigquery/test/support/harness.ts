/**
 * The `backendSuite` harness of the BigQuery backend on an emulator: fixture rows through the NATIVE transport into
 * GCS (fake-gcs-server) with the backend's staging encoding, loaded through `<db>_load` as in an offload, read back
 * as text; every SDK request counted as a statement.
 */
import { BigQuery, Dataset, Job, Table } from '@google-cloud/bigquery';
import { NULL_EVENTS, UNPARTITIONED, type SourceTable } from '@goe/core';
import { conformanceContext, createStatementCounter, type BackendHarness } from '@goe/conformance';
import { nativeTransport } from '@goe/transport-native';
import type { GcsStagingStore } from '@goe/storage-gcs';
import { bigqueryBackend, bigqueryClientOptions, sdkApi } from '../../src/index.js';
import { batchFrontend } from '../../../duckdb/test/support/harness.js';
import { freshStore, PROJECT, readBackText } from './emulators.js';

/**
 * Counts every BigQuery API request (a query is three: insert, results, status) for the statements.* cases;
 * `restore()` puts the SDK's prototypes back.
 */
export function sdkStatementCounter() {
  const statements = createStatementCounter();
  statements.wrap(BigQuery.prototype, ['createQueryJob', 'createJob', 'createDataset']);
  statements.wrap(Dataset.prototype, ['getMetadata', 'createTable']);
  statements.wrap(Table.prototype, ['getMetadata', 'delete']);
  statements.wrap(Job.prototype, ['getMetadata', 'getQueryResults']);
  return statements;
}

/** Where the harness runs: an emulator endpoint (project goe-test), or a real project (`endpoint` undefined). */
export interface HarnessTarget {
  readonly endpoint?: string;
  readonly project: string;
  /** The staging store the fixture files go to. */
  openStore(): Promise<GcsStagingStore>;
}

/** The harness on the emulator at `endpoint`. */
export function bigqueryHarness(endpoint: string, extra: Partial<BackendHarness> = {}): BackendHarness {
  return harnessOn({ endpoint, project: PROJECT, openStore: freshStore }, extra);
}

/** The harness on a target (an emulator, or a real project for the live suite: no exclusions there). */
export function harnessOn(target: HarnessTarget, extra: Partial<BackendHarness> = {}): BackendHarness {
  const { endpoint, project } = target;
  const env = { ...(endpoint === undefined ? {} : { BIGQUERY_ENDPOINT: endpoint }), BIGQUERY_DATASET_PROJECT: project };
  const api = () =>
    sdkApi(
      new BigQuery(
        bigqueryClientOptions({ ...(endpoint === undefined ? {} : { endpoint }), project, maximumBytesBilled: 1e12 }),
      ),
    );
  let store: GcsStagingStore | undefined;
  return {
    name: endpoint === undefined ? `bigquery live ${project}` : 'bigquery',
    adapter: bigqueryBackend,
    context: conformanceContext({ config: env }),
    fixtures: { lobBytes: 64 * 1024 },
    // emulator defects, not the backend's (docs/backend-bigquery-notes.md); the live suite covers these values
    exclude:
      endpoint === undefined
        ? {}
        : {
            'FLOAT.nan': 'bigquery-emulator reads a Parquet NaN as NULL (BigQuery keeps it)',
            'DOUBLE.nan': 'bigquery-emulator reads a Parquet NaN as NULL (BigQuery keeps it)',
            'FLOAT.negative-zero':
              "bigquery-emulator's FLOAT64 has no -0 (CAST('-0' AS FLOAT64) is +0; BigQuery keeps it)",
            'DOUBLE.negative-zero':
              "bigquery-emulator's FLOAT64 has no -0 (CAST('-0' AS FLOAT64) is +0; BigQuery keeps it)",
          },
    expectedMapping: {
      FIXED_STRING: 'VARIABLE_STRING',
      LARGE_STRING: 'VARIABLE_STRING',
      LARGE_BINARY: 'BINARY',
      INTEGER_1: 'INTEGER_8',
      INTEGER_2: 'INTEGER_8',
      INTEGER_4: 'INTEGER_8',
      FLOAT: 'DOUBLE',
      INTEGER_38: { dataType: 'DECIMAL', precision: 38, scale: 0 },
      DECIMAL_5_M3: { dataType: 'DECIMAL', precision: 8, scale: 0 },
    },
    // integer-range partitions of idsPerPartition IDs over the 200 IDs the statement cases load
    partitionedPlan: (plan, idsPerPartition) => ({
      ...plan,
      partitioning: {
        columns: [
          {
            sourceColumn: 'ID',
            backendColumn: 'ID',
            synthetic: false,
            granularity: String(idsPerPartition),
            lowerValue: '0',
            upperValue: '199',
          },
        ],
        sortColumns: [],
      },
    }),
    async stage({ plan, table }) {
      store ??= await target.openStore();
      const source: SourceTable = {
        owner: 'GOE_CONFORMANCE',
        name: 'FIXTURES',
        columns: plan.columns.map((c) => ({ ...c, canonical: c })),
        primaryKey: ['ID'],
        partitioning: UNPARTITIONED,
      };
      return nativeTransport.run(
        {
          plan,
          table: source,
          frontend: batchFrontend([{ id: 's0', batches: table.batches }]),
          store,
          events: NULL_EVENTS,
        },
        conformanceContext(),
      );
    },
    async readBack({ session, database, table }) {
      const described = await session.describeTable(database, table);
      return readBackText(
        api(),
        project,
        database,
        table,
        described.columns.map((c, i) => ({ name: c.name, type: described.backendTypes[i]!.replace(/\(.*$/, '') })),
      );
    },
    async cleanup({ database, loadDatabase }) {
      // on an emulator datasets are left (deleting tables leaks its memory); a real project gets its datasets dropped
      if (endpoint === undefined) {
        for (const d of [database, loadDatabase]) {
          if (d !== undefined) await api().query(`DROP SCHEMA IF EXISTS \`${project}\`.\`${d}\` CASCADE`);
        }
        await store?.delete('');
      }
      await store?.close();
    },
    ...extra,
  };
}
