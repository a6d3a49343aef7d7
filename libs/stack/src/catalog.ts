/**
 * GOE's first-party adapter catalog: every adapter GOE documents, by kind and name, the package that provides it
 * and a loader with a literal specifier (so the CLI's bundler sees it), plus GOE's `OFFLOAD_TRANSPORT` rule sets.
 * Packages that are not installed are reported by the registry as "needs @goe/…, which is not installed".
 */
import { commonConfig, defineCatalog, type AdapterCatalog, type CatalogEntry, type ConfigSchema } from '@goe/core';

/** True in the CommonJS build (`__GOE_MODULE_FORMAT__` from tsup); the TypeScript source runs as ESM. */
const CJS = typeof __GOE_MODULE_FORMAT__ !== 'undefined' && __GOE_MODULE_FORMAT__ === 'cjs';

/** Lets a failed `import()` reach the registry unchanged; `.catch` also tells esbuild a missing package is a run-time condition. */
const rethrow = (error: unknown): never => {
  throw error;
};

/**
 * One loader per package: `require` in the CommonJS build, `import()` in the ESM build (one module graph per
 * process). Specifiers of packages this workspace does not have yet are cast to `string` so TypeScript does not
 * resolve them; the emitted code keeps the literal.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- require in the CommonJS build is the point (one module graph) */
const LOAD = {
  frontendOracle: (): Promise<unknown> => {
    if (CJS) {
      try {
        return Promise.resolve(require('@goe/frontend-oracle' as string));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return import('@goe/frontend-oracle' as string).catch(rethrow);
  },
  frontendMssql: (): Promise<unknown> => {
    if (CJS) {
      try {
        return Promise.resolve(require('@goe/frontend-mssql' as string));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return import('@goe/frontend-mssql' as string).catch(rethrow);
  },
  frontendTeradata: (): Promise<unknown> => {
    if (CJS) {
      try {
        return Promise.resolve(require('@goe/frontend-teradata' as string));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return import('@goe/frontend-teradata' as string).catch(rethrow);
  },
  frontendPostgres: (): Promise<unknown> => {
    if (CJS) {
      try {
        return Promise.resolve(require('@goe/frontend-postgres' as string));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return import('@goe/frontend-postgres' as string).catch(rethrow);
  },
  backendBigquery: (): Promise<unknown> => {
    if (CJS) {
      try {
        return Promise.resolve(require('@goe/backend-bigquery' as string));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return import('@goe/backend-bigquery' as string).catch(rethrow);
  },
  backendSnowflake: (): Promise<unknown> => {
    if (CJS) {
      try {
        return Promise.resolve(require('@goe/backend-snowflake' as string));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return import('@goe/backend-snowflake' as string).catch(rethrow);
  },
  backendSynapse: (): Promise<unknown> => {
    if (CJS) {
      try {
        return Promise.resolve(require('@goe/backend-synapse' as string));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return import('@goe/backend-synapse' as string).catch(rethrow);
  },
  backendHive: (): Promise<unknown> => {
    if (CJS) {
      try {
        return Promise.resolve(require('@goe/backend-hive' as string));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return import('@goe/backend-hive' as string).catch(rethrow);
  },
  backendImpala: (): Promise<unknown> => {
    if (CJS) {
      try {
        return Promise.resolve(require('@goe/backend-impala' as string));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return import('@goe/backend-impala' as string).catch(rethrow);
  },
  backendDuckdb: (): Promise<unknown> => {
    if (CJS) {
      try {
        return Promise.resolve(require('@goe/backend-duckdb' as string));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return import('@goe/backend-duckdb' as string).catch(rethrow);
  },
  transportNative: (): Promise<unknown> => {
    if (CJS) {
      try {
        return Promise.resolve(require('@goe/transport-native' as string));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return import('@goe/transport-native' as string).catch(rethrow);
  },
  transportSpark: (): Promise<unknown> => {
    if (CJS) {
      try {
        return Promise.resolve(require('@goe/transport-spark' as string));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return import('@goe/transport-spark' as string).catch(rethrow);
  },
  transportLivy: (): Promise<unknown> => {
    if (CJS) {
      try {
        return Promise.resolve(require('@goe/transport-livy' as string));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return import('@goe/transport-livy' as string).catch(rethrow);
  },
  transportDataproc: (): Promise<unknown> => {
    if (CJS) {
      try {
        return Promise.resolve(require('@goe/transport-dataproc' as string));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return import('@goe/transport-dataproc' as string).catch(rethrow);
  },
  transportSqoop: (): Promise<unknown> => {
    if (CJS) {
      try {
        return Promise.resolve(require('@goe/transport-sqoop' as string));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return import('@goe/transport-sqoop' as string).catch(rethrow);
  },
  storageLocal: (): Promise<unknown> => {
    if (CJS) {
      try {
        return Promise.resolve(require('@goe/storage-local' as string));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return import('@goe/storage-local' as string).catch(rethrow);
  },
  storageGcs: (): Promise<unknown> => {
    if (CJS) {
      try {
        return Promise.resolve(require('@goe/storage-gcs' as string));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return import('@goe/storage-gcs' as string).catch(rethrow);
  },
  storageS3: (): Promise<unknown> => {
    if (CJS) {
      try {
        return Promise.resolve(require('@goe/storage-s3' as string));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return import('@goe/storage-s3' as string).catch(rethrow);
  },
  storageAzure: (): Promise<unknown> => {
    if (CJS) {
      try {
        return Promise.resolve(require('@goe/storage-azure' as string));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return import('@goe/storage-azure' as string).catch(rethrow);
  },
  storageHdfs: (): Promise<unknown> => {
    if (CJS) {
      try {
        return Promise.resolve(require('@goe/storage-hdfs' as string));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return import('@goe/storage-hdfs' as string).catch(rethrow);
  },
  repositorySqlite: (): Promise<unknown> => {
    if (CJS) {
      try {
        return Promise.resolve(require('@goe/repository-sqlite' as string));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return import('@goe/repository-sqlite' as string).catch(rethrow);
  },
  repositoryPostgres: (): Promise<unknown> => {
    if (CJS) {
      try {
        return Promise.resolve(require('@goe/repository-postgres' as string));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return import('@goe/repository-postgres' as string).catch(rethrow);
  },
  lockFile: (): Promise<unknown> => {
    if (CJS) {
      try {
        return Promise.resolve(require('@goe/lock-file' as string));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return import('@goe/lock-file' as string).catch(rethrow);
  },
} as const;
/* eslint-enable @typescript-eslint/no-require-imports */

type Entry = Omit<CatalogEntry, 'load'> & { readonly load: () => Promise<unknown> };

const entry = (
  kind: CatalogEntry['kind'],
  name: string,
  pkg: keyof typeof LOAD,
  displayName: string,
  description: string,
  aliases: readonly string[] = [],
): Entry => ({
  kind,
  name,
  package: `@goe/${pkg.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
  displayName,
  description,
  ...(aliases.length > 0 ? { aliases } : {}),
  load: LOAD[pkg],
});

/**
 * GOE's `OFFLOAD_TRANSPORT` rule sets: the transport methods tried, in order, when `--offload-transport-method` is
 * not given (GOE's names, with NATIVE for GOE's QUERY_IMPORT). Default rule `AUTO`.
 *
 * @example
 * FIRST_PARTY_TRANSPORT_RULES.GOE // ['SPARK_THRIFT', 'NATIVE', 'SPARK_LIVY', 'SPARK_SUBMIT']
 */
export const FIRST_PARTY_TRANSPORT_RULES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  GOE: ['SPARK_THRIFT', 'NATIVE', 'SPARK_LIVY', 'SPARK_SUBMIT'],
  SQOOP: ['SQOOP', 'SQOOP_BY_QUERY'],
  GCP: ['SPARK_DATAPROC_GCLOUD', 'SPARK_BATCHES_GCLOUD'],
  AUTO: [
    'SPARK_THRIFT',
    'NATIVE',
    'SPARK_LIVY',
    'SPARK_SUBMIT',
    'SQOOP',
    'SQOOP_BY_QUERY',
    'SPARK_DATAPROC_GCLOUD',
    'SPARK_BATCHES_GCLOUD',
  ],
});

/**
 * The embedded stack, the defaults of the common variables that name adapters: PostgreSQL (or PGlite) into DuckDB
 * through local Parquet files, with a SQLite repository under `OFFLOAD_HOME`.
 *
 * | Variable | Default |
 * |---|---|
 * | FRONTEND_DISTRIBUTION | POSTGRES |
 * | QUERY_ENGINE | DUCKDB |
 * | OFFLOAD_REPOSITORY_URL | sqlite:${OFFLOAD_HOME}/repo/goe.sqlite |
 *
 * @example
 * EMBEDDED_STACK_DEFAULTS.QUERY_ENGINE // 'DUCKDB'
 */
export const EMBEDDED_STACK_DEFAULTS: Readonly<Record<string, string>> = Object.freeze({
  FRONTEND_DISTRIBUTION: 'POSTGRES',
  QUERY_ENGINE: 'DUCKDB',
  OFFLOAD_REPOSITORY_URL: 'sqlite:${OFFLOAD_HOME}/repo/goe.sqlite',
});

/**
 * GOE's first-party adapters. Names follow the GOE variables: `FRONTEND_DISTRIBUTION` (frontend), `QUERY_ENGINE`
 * (backend), `--offload-transport-method` (transport), `OFFLOAD_FS_SCHEME` (storage), the scheme of
 * `OFFLOAD_REPOSITORY_URL` (repository) and `OFFLOAD_LOCK` (lock). The multi-host `repository` lock ships with
 * the PostgreSQL repository package. The embedded stack (postgres, duckdb, native, file, sqlite, file lock) is a
 * dependency of `@goe/stack`; the others are installed separately.
 *
 * @example
 * createRegistry({ catalog: FIRST_PARTY_CATALOG }).catalogEntry('backend', 'BIGQUERY')?.package // '@goe/backend-bigquery'
 */
export const FIRST_PARTY_CATALOG: AdapterCatalog = defineCatalog({
  adapters: [
    entry('frontend', 'oracle', 'frontendOracle', 'Oracle', 'Oracle Database source'),
    entry('frontend', 'mssql', 'frontendMssql', 'SQL Server', 'Microsoft SQL Server source', ['sqlserver']),
    entry('frontend', 'teradata', 'frontendTeradata', 'Teradata', 'Teradata source'),
    entry('frontend', 'postgres', 'frontendPostgres', 'PostgreSQL', 'PostgreSQL or PGlite source', ['postgresql']),
    entry('backend', 'bigquery', 'backendBigquery', 'BigQuery', 'Google BigQuery warehouse'),
    entry('backend', 'snowflake', 'backendSnowflake', 'Snowflake', 'Snowflake warehouse'),
    entry('backend', 'synapse', 'backendSynapse', 'Synapse', 'Azure Synapse Analytics warehouse', ['msazure']),
    entry('backend', 'hive', 'backendHive', 'Hive', 'Apache Hive warehouse'),
    entry('backend', 'impala', 'backendImpala', 'Impala', 'Apache Impala warehouse'),
    entry('backend', 'duckdb', 'backendDuckdb', 'DuckDB', 'embedded DuckDB warehouse'),
    entry('transport', 'native', 'transportNative', 'Native', 'in-process Arrow to Parquet/Avro', ['query_import']),
    entry('transport', 'spark_submit', 'transportSpark', 'Spark submit', 'spark-submit job'),
    entry('transport', 'spark_thrift', 'transportSpark', 'Spark Thrift', 'Spark Thrift server'),
    entry('transport', 'spark_livy', 'transportLivy', 'Spark Livy', 'Spark through Apache Livy'),
    entry('transport', 'spark_dataproc_gcloud', 'transportDataproc', 'Dataproc', 'Spark on Google Dataproc'),
    entry('transport', 'spark_batches_gcloud', 'transportDataproc', 'Dataproc Batches', 'Dataproc Serverless batches'),
    entry('transport', 'sqoop', 'transportSqoop', 'Sqoop', 'Apache Sqoop import'),
    entry('transport', 'sqoop_by_query', 'transportSqoop', 'Sqoop by query', 'Apache Sqoop free-form query import'),
    entry('storage', 'file', 'storageLocal', 'local files', 'local file system', ['local']),
    entry('storage', 'gs', 'storageGcs', 'Cloud Storage', 'Google Cloud Storage', ['gcs']),
    entry('storage', 's3', 'storageS3', 'S3', 'Amazon S3', ['s3a']),
    entry('storage', 'azure', 'storageAzure', 'Azure Storage', 'Azure Blob Storage / ADLS Gen2', [
      'wasb',
      'wasbs',
      'abfs',
      'abfss',
      'adl',
    ]),
    entry('storage', 'hdfs', 'storageHdfs', 'HDFS', 'Hadoop distributed file system'),
    entry('repository', 'sqlite', 'repositorySqlite', 'SQLite', 'embedded one-host repository'),
    entry('repository', 'postgres', 'repositoryPostgres', 'PostgreSQL', 'shared repository', ['postgresql']),
    entry('lock', 'file', 'lockFile', 'file lock', 'lock files, one host'),
    entry('lock', 'repository', 'repositoryPostgres', 'repository lock', 'advisory locks in a shared repository'),
  ],
  transportRules: FIRST_PARTY_TRANSPORT_RULES,
  defaults: EMBEDDED_STACK_DEFAULTS,
});

/**
 * The common schema with the embedded stack's defaults: what `goe` and `@goe/stack`'s `offload()` validate the
 * common variables against (and what `templates/conf/offload.env.template.common` is generated from).
 *
 * @example
 * loadConfig({ schemas: [STACK_COMMON_CONFIG] }).get('QUERY_ENGINE') // 'DUCKDB'
 */
export const STACK_COMMON_CONFIG: ConfigSchema = commonConfig(EMBEDDED_STACK_DEFAULTS);
