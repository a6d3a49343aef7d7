/**
 * The BigQuery calls the backend makes, as one small interface ({@link BigqueryApi}) implemented over
 * `@google-cloud/bigquery` ({@link sdkApi}): queries (every parameter a STRING, results as text), datasets, tables
 * and jobs. Tests wrap it (e.g. a jobs API that keeps a load job RUNNING) without faking the SDK.
 */
import type { BigQuery } from '@google-cloud/bigquery';
import { GoeError } from '@goe/core';
import type { SchemaField } from './load-sql.js';

/** A query's options. */
export interface QueryOptions {
  /** Named STRING parameters (`@p0`…); predicates cast them (`CAST(@p0 AS INT64)`). */
  readonly params?: Readonly<Record<string, string>>;
  /** The most bytes the query may bill (verification queries). */
  readonly maximumBytesBilled?: number;
  readonly labels?: Readonly<Record<string, string>>;
}

/** A query's result: rows of text (NULL as null), the result columns' types, and the rows a DML statement changed. */
export interface QueryResult {
  readonly rows: readonly (readonly (string | null)[])[];
  /** The BigQuery type of each result column (`INTEGER`, `STRING`…), when the API reports the schema. */
  readonly types?: readonly string[];
  readonly dmlAffectedRows?: bigint;
}

/** What a job looks like to the backend. */
export interface JobStatus {
  readonly state: 'PENDING' | 'RUNNING' | 'DONE';
  /** The error of a DONE job that failed. */
  readonly error?: string;
}

/** A table's metadata as the backend reads it. */
export interface TableInfo {
  readonly fields: readonly {
    readonly name: string;
    readonly type: string;
    readonly mode?: string;
    readonly description?: string;
  }[];
  readonly timePartitioning?: { readonly type?: string; readonly field?: string };
  readonly rangePartitioning?: {
    readonly field?: string;
    readonly range?: { readonly start?: string; readonly end?: string; readonly interval?: string };
  };
  readonly clustering?: { readonly fields?: readonly string[] };
  readonly kmsKeyName?: string;
}

/** A table to create through the tables API. */
export interface TableSpec {
  readonly fields: readonly SchemaField[];
  readonly timePartitioning?: { readonly type: 'DAY' | 'MONTH' | 'YEAR'; readonly field: string };
  readonly rangePartitioning?: {
    readonly field: string;
    readonly range: { readonly start: string; readonly end: string; readonly interval: string };
  };
  readonly clustering?: { readonly fields: readonly string[] };
  readonly kmsKeyName?: string;
  readonly description?: string;
}

/** A load job from staged files into a table. */
export interface LoadJobSpec {
  readonly uris: readonly string[];
  readonly format: 'PARQUET' | 'AVRO';
  readonly dataset: string;
  readonly table: string;
  readonly fields: readonly SchemaField[];
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * The BigQuery calls of the backend (one project, one location).
 *
 * @example
 * const api = sdkApi(new BigQuery(bigqueryClientOptions(settings)), settings.location);
 * await api.query('SELECT 1');
 */
export interface BigqueryApi {
  /** The project datasets belong to. */
  readonly project: string;
  query(sql: string, options?: QueryOptions): Promise<QueryResult>;
  /** Up to `max` dataset names of the project (a cheap call that proves the credentials and the project). */
  datasetNames(max: number): Promise<readonly string[]>;
  /** A dataset's location, or undefined when it does not exist. */
  datasetLocation(dataset: string): Promise<string | null | undefined>;
  createDataset(dataset: string, options: { readonly location?: string; readonly description: string }): Promise<void>;
  /** A table's metadata, or undefined when it does not exist. */
  table(dataset: string, table: string): Promise<TableInfo | undefined>;
  createTable(dataset: string, table: string, spec: TableSpec): Promise<void>;
  /** Deletes a table; no error when it does not exist. */
  deleteTable(dataset: string, table: string): Promise<void>;
  /** Submits a load job with this id. */
  insertLoadJob(jobId: string, spec: LoadJobSpec): Promise<void>;
  /** A job's status, or undefined when no job has this id. */
  job(jobId: string): Promise<JobStatus | undefined>;
}

/** The HTTP status of an SDK error, if any. */
export function errorStatus(e: unknown): number | undefined {
  const o = e as { code?: unknown; response?: { statusCode?: unknown } } | null;
  if (typeof o?.code === 'number') return o.code;
  if (typeof o?.response?.statusCode === 'number') return o.response.statusCode;
  return undefined;
}

/** A SDK cell as text: wrapped integers and dates by their value, bytes as base64. */
function cellText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (Buffer.isBuffer(v)) return v.toString('base64');
  const value = (v as { value?: unknown }).value;
  if (value !== undefined) return String(value);
  return String(v);
}

/**
 * Wraps an SDK error into a GoeError `ENGINE_ERROR` whose message is BigQuery's (never a token: the SDK's errors
 * carry none), with `what` in front.
 *
 * @example
 * throw bigqueryError(e, 'Query failed');
 */
export function bigqueryError(e: unknown, what: string): GoeError {
  if (e instanceof GoeError) return e;
  const message = e instanceof Error ? e.message : String(e);
  const status = errorStatus(e);
  const hint =
    status === 401 || status === 403
      ? 'Check the credentials (GOOGLE_APPLICATION_CREDENTIALS or application default credentials) and their roles: BigQuery Data Editor and Job User on BIGQUERY_DATASET_PROJECT'
      : undefined;
  return new GoeError('ENGINE_ERROR', `${what}: ${message}`, { ...(hint ? { hint } : {}), cause: e });
}

/**
 * The {@link BigqueryApi} over the SDK's client.
 *
 * @example
 * const api = sdkApi(new BigQuery(bigqueryClientOptions(settings)), settings.location);
 */
export function sdkApi(client: BigQuery, location?: string): BigqueryApi {
  const loc = location === undefined ? {} : { location };
  return {
    project: client.projectId,
    async query(sql, options = {}) {
      const params = options.params ?? {};
      try {
        const [job] = await client.createQueryJob({
          query: sql,
          useLegacySql: false,
          ...loc,
          ...(Object.keys(params).length === 0
            ? {}
            : {
                params: { ...params },
                types: Object.fromEntries(Object.keys(params).map((k) => [k, 'STRING'])),
              }),
          ...(options.maximumBytesBilled === undefined
            ? {}
            : { maximumBytesBilled: String(options.maximumBytesBilled) }),
          ...(options.labels === undefined ? {} : { labels: { ...options.labels } }),
        });
        const [rows, , response] = await job.getQueryResults({ wrapIntegers: true, autoPaginate: true });
        const types = response?.schema?.fields?.map((f) => f.type ?? '');
        const [meta] = await job.getMetadata();
        const dml = (meta as { statistics?: { query?: { numDmlAffectedRows?: string } } }).statistics?.query
          ?.numDmlAffectedRows;
        return {
          rows: (rows as Record<string, unknown>[]).map((r) => Object.values(r).map(cellText)),
          ...(types === undefined ? {} : { types }),
          ...(dml === undefined ? {} : { dmlAffectedRows: BigInt(dml) }),
        };
      } catch (e) {
        throw bigqueryError(e, 'BigQuery query failed');
      }
    },
    async datasetNames(max) {
      try {
        const [datasets] = await client.getDatasets({ maxResults: max, autoPaginate: false });
        return datasets.map((d) => d.id ?? '');
      } catch (e) {
        throw bigqueryError(e, `Cannot list the datasets of project ${client.projectId}`);
      }
    },
    async datasetLocation(dataset) {
      try {
        const [meta] = await client.dataset(dataset).getMetadata();
        return (meta as { location?: string }).location ?? null;
      } catch (e) {
        if (errorStatus(e) === 404) return undefined;
        throw bigqueryError(e, `Cannot read dataset ${dataset}`);
      }
    },
    async createDataset(dataset, options) {
      try {
        await client.createDataset(dataset, {
          description: options.description,
          ...(options.location === undefined ? {} : { location: options.location }),
        });
      } catch (e) {
        if (errorStatus(e) === 409) return;
        throw bigqueryError(e, `Cannot create dataset ${dataset}`);
      }
    },
    async table(dataset, table) {
      try {
        const [meta] = await client.dataset(dataset).table(table).getMetadata();
        const m = meta as {
          schema?: { fields?: TableInfo['fields'] };
          timePartitioning?: TableInfo['timePartitioning'];
          rangePartitioning?: TableInfo['rangePartitioning'];
          clustering?: TableInfo['clustering'];
          encryptionConfiguration?: { kmsKeyName?: string };
        };
        return {
          fields: m.schema?.fields ?? [],
          ...(m.timePartitioning ? { timePartitioning: m.timePartitioning } : {}),
          ...(m.rangePartitioning ? { rangePartitioning: m.rangePartitioning } : {}),
          ...(m.clustering ? { clustering: m.clustering } : {}),
          ...(m.encryptionConfiguration?.kmsKeyName ? { kmsKeyName: m.encryptionConfiguration.kmsKeyName } : {}),
        };
      } catch (e) {
        if (errorStatus(e) === 404) return undefined;
        throw bigqueryError(e, `Cannot read table ${dataset}.${table}`);
      }
    },
    async createTable(dataset, table, spec) {
      try {
        await client.dataset(dataset).createTable(table, {
          schema: { fields: spec.fields.map((f) => ({ ...f })) },
          ...(spec.timePartitioning ? { timePartitioning: { ...spec.timePartitioning } } : {}),
          ...(spec.rangePartitioning
            ? { rangePartitioning: { field: spec.rangePartitioning.field, range: { ...spec.rangePartitioning.range } } }
            : {}),
          ...(spec.clustering ? { clustering: { fields: [...spec.clustering.fields] } } : {}),
          ...(spec.kmsKeyName ? { encryptionConfiguration: { kmsKeyName: spec.kmsKeyName } } : {}),
          ...(spec.description === undefined ? {} : { description: spec.description }),
        });
      } catch (e) {
        throw bigqueryError(e, `Cannot create table ${dataset}.${table}`);
      }
    },
    async deleteTable(dataset, table) {
      try {
        await client.dataset(dataset).table(table).delete();
      } catch (e) {
        if (errorStatus(e) === 404) return;
        throw bigqueryError(e, `Cannot drop table ${dataset}.${table}`);
      }
    },
    async insertLoadJob(jobId, spec) {
      try {
        await client.createJob({
          jobId,
          ...loc,
          configuration: {
            labels: { ...spec.labels },
            load: {
              sourceUris: [...spec.uris],
              sourceFormat: spec.format,
              ...(spec.format === 'AVRO' ? { useAvroLogicalTypes: true } : {}),
              destinationTable: { projectId: client.projectId, datasetId: spec.dataset, tableId: spec.table },
              schema: { fields: spec.fields.map((f) => ({ ...f })) },
              writeDisposition: 'WRITE_TRUNCATE',
              createDisposition: 'CREATE_IF_NEEDED',
            },
          },
        });
      } catch (e) {
        throw bigqueryError(e, `Load job ${jobId} was not accepted`);
      }
    },
    async job(jobId) {
      try {
        const [meta] = await client.job(jobId, loc).getMetadata();
        const status = (meta as { status?: { state?: string; errorResult?: { message?: string } } }).status;
        const state = (status?.state ?? 'PENDING') as JobStatus['state'];
        const error = status?.errorResult?.message;
        return { state, ...(error === undefined ? {} : { error }) };
      } catch (e) {
        if (errorStatus(e) === 404) return undefined;
        throw bigqueryError(e, `Cannot read job ${jobId}`);
      }
    },
  };
}
