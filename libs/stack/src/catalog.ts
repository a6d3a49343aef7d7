/**
 * GOE's first-party adapter catalog: every adapter GOE documents, by kind and name, the package that provides it
 * and a loader with a literal specifier (so the CLI's bundler sees it), plus GOE's `OFFLOAD_TRANSPORT` rule sets.
 * Packages that are not installed are reported by the registry as "needs @goe/…, which is not installed".
 */
import { commonConfig, defineCatalog, type AdapterCatalog, type CatalogEntry, type ConfigSchema } from '@goe/core';

/** The module format of this build (`__GOE_MODULE_FORMAT__` from tsup); the TypeScript source runs as ESM. */
const FORMAT: 'esm' | 'cjs' =
  typeof __GOE_MODULE_FORMAT__ !== 'undefined' && __GOE_MODULE_FORMAT__ === 'cjs' ? 'cjs' : 'esm';

/**
 * A catalog loader: `require` in the CommonJS build, `import()` in the ESM build (one module graph per process).
 * A failure (the package is not installed) rejects with the loader's own error, which the registry turns into
 * "needs @goe/…, which is not installed".
 *
 * @param esm the literal `import()` of the package (so bundlers see the specifier)
 * @param cjs the literal `require` of the package
 * @param format the build's module format; default this build's
 * @example
 * const load = packageLoader(() => import('@goe/backend-duckdb'), () => require('@goe/backend-duckdb'));
 * @internal
 */
export function packageLoader(
  esm: () => Promise<unknown>,
  cjs: () => unknown,
  format: 'esm' | 'cjs' = FORMAT,
): () => Promise<unknown> {
  return () => (format === 'cjs' ? new Promise((resolve) => resolve(cjs())) : esm());
}

/** How one package is loaded in each build. @internal */
export interface PackageModule {
  readonly esm: () => Promise<unknown>;
  readonly cjs: () => unknown;
}

/**
 * Both loaders of every catalog package, with literal specifiers. Specifiers of packages this workspace does not
 * have yet are cast to `string` so TypeScript does not resolve them; the emitted code keeps the literal.
 *
 * @example
 * await CATALOG_MODULES.backendDuckdb.esm() // the @goe/backend-duckdb module namespace
 * @internal
 */
/* eslint-disable @typescript-eslint/no-require-imports -- require in the CommonJS build is the point (one module graph) */
export const CATALOG_MODULES = {
  frontendOracle: {
    esm: () => import('@goe/frontend-oracle' as string),
    cjs: () => require('@goe/frontend-oracle' as string),
  },
  frontendMssql: {
    esm: () => import('@goe/frontend-mssql' as string),
    cjs: () => require('@goe/frontend-mssql' as string),
  },
  frontendTeradata: {
    esm: () => import('@goe/frontend-teradata' as string),
    cjs: () => require('@goe/frontend-teradata' as string),
  },
  frontendPostgres: {
    esm: () => import('@goe/frontend-postgres' as string),
    cjs: () => require('@goe/frontend-postgres' as string),
  },
  backendBigquery: {
    esm: () => import('@goe/backend-bigquery' as string),
    cjs: () => require('@goe/backend-bigquery' as string),
  },
  backendSnowflake: {
    esm: () => import('@goe/backend-snowflake' as string),
    cjs: () => require('@goe/backend-snowflake' as string),
  },
  backendSynapse: {
    esm: () => import('@goe/backend-synapse' as string),
    cjs: () => require('@goe/backend-synapse' as string),
  },
  backendHive: {
    esm: () => import('@goe/backend-hive' as string),
    cjs: () => require('@goe/backend-hive' as string),
  },
  backendImpala: {
    esm: () => import('@goe/backend-impala' as string),
    cjs: () => require('@goe/backend-impala' as string),
  },
  backendDuckdb: {
    esm: () => import('@goe/backend-duckdb' as string),
    cjs: () => require('@goe/backend-duckdb' as string),
  },
  transportNative: {
    esm: () => import('@goe/transport-native' as string),
    cjs: () => require('@goe/transport-native' as string),
  },
  transportSpark: {
    esm: () => import('@goe/transport-spark' as string),
    cjs: () => require('@goe/transport-spark' as string),
  },
  transportLivy: {
    esm: () => import('@goe/transport-livy' as string),
    cjs: () => require('@goe/transport-livy' as string),
  },
  transportDataproc: {
    esm: () => import('@goe/transport-dataproc' as string),
    cjs: () => require('@goe/transport-dataproc' as string),
  },
  transportSqoop: {
    esm: () => import('@goe/transport-sqoop' as string),
    cjs: () => require('@goe/transport-sqoop' as string),
  },
  storageLocal: {
    esm: () => import('@goe/storage-local' as string),
    cjs: () => require('@goe/storage-local' as string),
  },
  storageGcs: {
    esm: () => import('@goe/storage-gcs' as string),
    cjs: () => require('@goe/storage-gcs' as string),
  },
  storageS3: {
    esm: () => import('@goe/storage-s3' as string),
    cjs: () => require('@goe/storage-s3' as string),
  },
  storageAzure: {
    esm: () => import('@goe/storage-azure' as string),
    cjs: () => require('@goe/storage-azure' as string),
  },
  storageHdfs: {
    esm: () => import('@goe/storage-hdfs' as string),
    cjs: () => require('@goe/storage-hdfs' as string),
  },
  repositorySqlite: {
    esm: () => import('@goe/repository-sqlite' as string),
    cjs: () => require('@goe/repository-sqlite' as string),
  },
  repositoryPostgres: {
    esm: () => import('@goe/repository-postgres' as string),
    cjs: () => require('@goe/repository-postgres' as string),
  },
  lockFile: {
    esm: () => import('@goe/lock-file' as string),
    cjs: () => require('@goe/lock-file' as string),
  },
} as const satisfies Readonly<Record<string, PackageModule>>;
/* eslint-enable @typescript-eslint/no-require-imports */

type Entry = Omit<CatalogEntry, 'load'> & { readonly load: () => Promise<unknown> };

const entry = (
  kind: CatalogEntry['kind'],
  name: string,
  pkg: keyof typeof CATALOG_MODULES,
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
  load: packageLoader(CATALOG_MODULES[pkg].esm, CATALOG_MODULES[pkg].cjs),
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
