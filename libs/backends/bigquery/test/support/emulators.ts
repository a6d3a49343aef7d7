/**
 * Test support: both emulators' endpoints (global-setup.ts), a describe that needs both (skipped with the reason, or
 * failing with CI=true), an SDK client and a store on a fresh bucket, the text read-back of a final table.
 */
import { randomBytes } from 'node:crypto';
import { BigQuery } from '@google-cloud/bigquery';
import { Storage } from '@google-cloud/storage';
import { Binary, Table, Utf8, vectorFromArray, type Vector } from 'apache-arrow';
import { inject } from 'vitest';
import {
  canonicalFixtures,
  conformanceContext,
  fixturePlan,
  tableFromValues,
  type CanonicalValue,
} from '@goe/conformance';
import { openGcsStore, type GcsStagingStore } from '@goe/storage-gcs';
import { nativeTransport } from '@goe/transport-native';
import { NULL_EVENTS, UNPARTITIONED } from '@goe/core';
import type { AdapterContext, CanonicalColumn, LoadChunk, OffloadPlan } from '@goe/core';
import { batchFrontend } from '../../../duckdb/test/support/harness.js';
import { emulatorDescribe } from '../../../../../tools/test-support/emulator-describe.js';
import {
  BIGQUERY_CAPABILITIES,
  bigqueryClientOptions,
  padYear,
  quoteIdent,
  sdkApi,
  textOf,
  type BigqueryApi,
} from '../../src/index.js';

export const bigqueryEndpoint = inject('bigqueryEndpoint');
export const gcsEndpoint = inject('gcsEndpoint');
const missing = [inject('bigqueryMissing'), inject('gcsMissing')].filter((m) => m !== '').join('; ');
export const PROJECT = 'goe-test';

/** `describe` when both emulators run; otherwise skipped with the reason, or failing with CI=true. */
export function emulatorsDescribe(title: string, body: () => void): void {
  emulatorDescribe(title, bigqueryEndpoint === '' || gcsEndpoint === '' ? '' : bigqueryEndpoint, missing, body);
}

/** The backend's configuration for the emulator. */
export const EMULATOR_ENV = { BIGQUERY_ENDPOINT: bigqueryEndpoint, BIGQUERY_DATASET_PROJECT: PROJECT };

/** An adapter context on the emulator. */
export function emulatorContext(extra: Partial<AdapterContext> = {}): AdapterContext {
  return { ...conformanceContext({ config: EMULATOR_ENV }), ...extra };
}

/** An SDK client of the emulator with the backend's own options. */
export function emulatorClient(): BigQuery {
  return new BigQuery(bigqueryClientOptions({ endpoint: bigqueryEndpoint, project: PROJECT, maximumBytesBilled: 1 }));
}

/** The backend's API on the emulator. */
export function emulatorApi(): BigqueryApi {
  return sdkApi(emulatorClient());
}

/** A GCS store on a fresh bucket of fake-gcs-server. */
export async function freshStore(): Promise<GcsStagingStore> {
  const bucket = `goe-bq-${randomBytes(5).toString('hex')}`;
  await new Storage({ apiEndpoint: gcsEndpoint, projectId: PROJECT }).createBucket(bucket);
  return openGcsStore({ bucket, prefix: 'goe', endpoint: gcsEndpoint, maxRetries: 0 });
}

/**
 * A final table read back as text per column (`textOf`: ISO datetimes, base64 bytes → Binary), in the Arrow types
 * the conformance checks decode.
 */
export async function readBackText(
  api: BigqueryApi,
  project: string,
  dataset: string,
  table: string,
  columns: readonly { readonly name: string; readonly type: string }[],
): Promise<Table> {
  const iso = (c: { name: string; type: string }) => {
    const x = quoteIdent(c.name);
    if (c.type === 'DATETIME') return `FORMAT_DATETIME('%Y-%m-%dT%H:%M:%E6S', ${x})`;
    if (c.type === 'TIMESTAMP') return `FORMAT_TIMESTAMP('%Y-%m-%dT%H:%M:%E6SZ', ${x}, 'UTC')`;
    return textOf(x, c.type);
  };
  const { rows } = await api.query(
    `SELECT ${columns.map((c, i) => `${iso(c)} AS \`c${i}\``).join(', ')} FROM ${quoteIdent(project)}.${quoteIdent(dataset)}.${quoteIdent(table)}`,
  );
  const vectors: Record<string, Vector> = {};
  columns.forEach((c, i) => {
    const values = rows.map((r) => r[i] ?? null);
    if (c.type === 'BYTES') {
      vectors[c.name] = vectorFromArray(
        values.map((v) => (v === null ? null : new Uint8Array(Buffer.from(v, 'base64')))),
        new Binary(),
      );
    } else {
      const text = values.map((v) =>
        v === null
          ? null
          : c.type === 'FLOAT64'
            ? v.replace(/^([+-]?)Inf$/, '$1Infinity').replace(/^\+/, '')
            : padYear(v),
      );
      vectors[c.name] = vectorFromArray(text, new Utf8());
    }
  });
  return new Table(vectors);
}

export type { CanonicalColumn };

/** What {@link stagedRows} prepared. */
export interface StagedRows {
  readonly api: BigqueryApi;
  /** The final dataset (its load dataset is `<db>_load`). */
  readonly db: string;
  /** A plan of the columns into `<db>.sales`, staged with the backend's encoding. */
  readonly plan: OffloadPlan;
  readonly store: GcsStagingStore;
  /** Chunk 1: the staged files, full scope. */
  readonly chunk: LoadChunk;
}

/**
 * The start of a load test: datasets `<prefix>_<time>` and its `_load` on the emulator, a plan of `columns` into its
 * `sales`, and the rows (`values`: one array per column) staged by the native transport in a fresh GCS store.
 *
 * @example
 * const { plan, chunk, store } = await stagedRows('goe_kill', [ID, AMT], [[1n, 2n], ['1.50', null]]);
 */
export async function stagedRows(
  prefix: string,
  columns: CanonicalColumn[],
  values: readonly (readonly CanonicalValue[])[],
): Promise<StagedRows> {
  const api = emulatorApi();
  const db = `${prefix}_${Date.now().toString(36)}`;
  await api.createDataset(db, { description: 't' });
  await api.createDataset(`${db}_load`, { description: 't' });
  const plan = {
    ...fixturePlan(canonicalFixtures(), {
      backend: 'bigquery',
      database: db,
      table: 'sales',
      loadDatabase: `${db}_load`,
      encoding: BIGQUERY_CAPABILITIES.staging.encoding!,
    }),
    columns,
  };
  const store = await freshStore();
  const files = await nativeTransport.run(
    {
      plan,
      table: {
        owner: 'SH',
        name: 'SALES',
        columns: columns.map((c) => ({ ...c, canonical: c })),
        primaryKey: ['ID'],
        partitioning: UNPARTITIONED,
      },
      frontend: batchFrontend([{ id: 's0', batches: tableFromValues(columns, values).batches }]),
      store,
      events: NULL_EVENTS,
    },
    conformanceContext(),
  );
  return { api, db, plan, store, chunk: { number: 1, files, scope: { kind: 'full' } } };
}
