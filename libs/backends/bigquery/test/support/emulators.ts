/**
 * Test support: both emulators' endpoints (global-setup.ts), a describe that needs both (skipped with the reason, or
 * failing with CI=true), an SDK client and a store on a fresh bucket, the text read-back of a final table.
 */
import { randomBytes } from 'node:crypto';
import { BigQuery } from '@google-cloud/bigquery';
import { Storage } from '@google-cloud/storage';
import { Binary, Table, Utf8, vectorFromArray, type Vector } from 'apache-arrow';
import { inject } from 'vitest';
import { conformanceContext } from '@goe/conformance';
import { openGcsStore, type GcsStagingStore } from '@goe/storage-gcs';
import type { AdapterContext, CanonicalColumn } from '@goe/core';
import { emulatorDescribe } from '../../../../../tools/test-support/emulator-describe.js';
import { bigqueryClientOptions, padYear, quoteIdent, sdkApi, textOf, type BigqueryApi } from '../../src/index.js';

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
