/** `defineBackend` wiring of the BigQuery backend: capabilities and `connect`. */
import { BigQuery } from '@google-cloud/bigquery';
import {
  defineBackend,
  type AdapterContext,
  type BackendCapabilities,
  type BackendSession,
  type CanonicalColumn,
} from '@goe/core';
import { sdkApi } from './api.js';
import { bigqueryClientOptions } from './client-options.js';
import { BIGQUERY_CONFIG, bigquerySettings } from './config.js';
import { BigquerySession, MAX_CLUSTER_COLUMNS } from './session.js';
import { BIGQUERY_LIMITS } from './type-map.js';

/**
 * Types a partition key may have (reference §5.5): dates and integers natively; NUMERIC/BIGNUMERIC keys (DECIMAL,
 * INTEGER_38) through a synthetic INT64 column; strings only with a partition function (the planner refuses them
 * otherwise: the backend has no `string` kind).
 */
const PARTITION_TYPES = new Set([
  'DATE',
  'TIMESTAMP',
  'TIMESTAMP_TZ',
  'INTEGER_1',
  'INTEGER_2',
  'INTEGER_4',
  'INTEGER_8',
  'INTEGER_38',
  'DECIMAL',
  'FIXED_STRING',
  'VARIABLE_STRING',
]);
/** Types BigQuery cannot cluster by (FLOAT64, BYTES, TIME; intervals are STRING and can). */
const NOT_CLUSTERABLE = new Set(['FLOAT', 'DOUBLE', 'BINARY', 'LARGE_BINARY', 'TIME']);

/**
 * What the BigQuery backend can do: one partition column (DATE/DATETIME/TIMESTAMP by day, month or year, an
 * integer range, or a synthetic INT64 `GOE_PART_…` column for a decimal key or a `--partition-functions` UDF), clustering by up to 4 columns (the primary key by default), decimals up to 76 digits / scale 38
 * (NUMERIC or BIGNUMERIC), microsecond timestamps, NaN/±Infinity, loads through the `<db>_load` dataset from `gs://`
 * Parquet or Avro staged with decimals as text, times as epoch integers and binary as base64 (the forms BigQuery and
 * bigquery-emulator both load exactly), and final loads that are not atomic with the repository (a retried chunk's
 * scope is deleted first).
 *
 * @example
 * BIGQUERY_CAPABILITIES.staging.schemes // ['gs']
 */
export const BIGQUERY_CAPABILITIES: BackendCapabilities = Object.freeze<BackendCapabilities>({
  partitioning: {
    kinds: ['date', 'integer-range', 'function'],
    maxColumns: 1,
    dateGranularities: ['D', 'M', 'Y'],
    defaultDateGranularity: 'M',
    integerRange: { min: -(2n ** 63n), max: 2n ** 63n - 2n },
    synthetic: 'non-native',
    syntheticNumbers: 'integer',
    isValidType: (c: CanonicalColumn) => PARTITION_TYPES.has(c.dataType),
  },
  clustering: {
    maxColumns: MAX_CLUSTER_COLUMNS,
    defaultToPrimaryKey: true,
    isValidType: (c: CanonicalColumn) => !NOT_CLUSTERABLE.has(c.dataType),
  },
  maxDecimalPrecision: BIGQUERY_LIMITS.maxDecimalPrecision,
  maxDecimalScale: BIGQUERY_LIMITS.maxBignumericScale,
  maxDatetimeScale: BIGQUERY_LIMITS.maxDatetimeScale,
  nanInfinity: true,
  identifierCase: 'lower',
  maxIdentifierLength: BIGQUERY_LIMITS.maxNameLength,
  load: { atomic: false, retry: 'delete-scope' },
  loadDatabase: true,
  notNullConstraints: true,
  unsupportedTypes: [],
  staging: {
    schemes: ['gs'],
    formats: ['PARQUET', 'AVRO'],
    encoding: { decimal: 'text', timelike: 'epoch-int64', binary: 'base64' },
  },
  transformations: [],
});

/**
 * The BigQuery backend (`QUERY_ENGINE=BIGQUERY`): datasets `<db>` and `<db>_load` in `BIGQUERY_DATASET_PROJECT`
 * (location `BIGQUERY_DATASET_LOCATION`), tables created through the tables API (partitioning, clustering, KMS key),
 * chunks loaded by load jobs with deterministic ids from `gs://` staging, then a typed `INSERT … SELECT`.
 * `BIGQUERY_ENDPOINT` points it at an emulator (a fixed fake token, never real credentials) or a private endpoint.
 *
 * @example
 * const session = await bigqueryBackend.connect(ctx);
 * for (const sql of session.ddlFor(plan)) console.log(sql);
 */
export const bigqueryBackend = defineBackend({
  kind: 'backend',
  name: 'bigquery',
  displayName: 'BigQuery',
  package: '@goe/backend-bigquery',
  apiVersion: 2,
  description: 'Google BigQuery (load jobs from GCS staging)',
  configSchema: BIGQUERY_CONFIG,
  capabilities: BIGQUERY_CAPABILITIES,
  async connect(ctx: AdapterContext): Promise<BackendSession> {
    const settings = bigquerySettings(ctx.config);
    const client = new BigQuery(bigqueryClientOptions(settings));
    return new BigquerySession(sdkApi(client, settings.location), {
      settings,
      ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
      ...(ctx.faultPoint === undefined ? {} : { faultPoint: (name: string) => ctx.faultPoint?.(name) }),
      onFoundJob: (jobId, state) =>
        ctx.events.emit({
          type: 'log',
          level: 'info',
          message:
            state === 'DONE'
              ? `Load job ${jobId} of an earlier run finished: not loading again`
              : `Load job ${jobId} of an earlier run is ${state}: waiting for it instead of loading again`,
        }),
    });
  },
});
