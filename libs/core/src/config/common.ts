/**
 * GOE's common configuration variables (`offload.env.template.common`) that mean something in this product,
 * with GOE's names and defaults (reference §7.2) and the embedded-stack defaults of architecture §7.
 * Adapter-specific variables (connections, Spark, cloud projects…) live in each adapter's own schema.
 */
import { defineConfigSchema } from './schema.js';

/** Frontend (source RDBMS) names accepted by `FRONTEND_DISTRIBUTION` (default `POSTGRES`). @example FRONTEND_DISTRIBUTIONS.includes('ORACLE') // true */
export const FRONTEND_DISTRIBUTIONS = ['ORACLE', 'MSSQL', 'TERADATA', 'POSTGRES'] as const;
/** A `FRONTEND_DISTRIBUTION` value. */
export type FrontendDistribution = (typeof FRONTEND_DISTRIBUTIONS)[number];

/** Backend (target warehouse) names accepted by `QUERY_ENGINE` (default `DUCKDB`). @example QUERY_ENGINES.map((e) => e.toLowerCase()) // backend adapter names */
export const QUERY_ENGINES = ['BIGQUERY', 'SNOWFLAKE', 'SYNAPSE', 'HIVE', 'IMPALA', 'DUCKDB'] as const;
/** A `QUERY_ENGINE` value. */
export type QueryEngine = (typeof QUERY_ENGINES)[number];

/** Staging store schemes accepted by `OFFLOAD_FS_SCHEME` (default `file`). @example `${OFFLOAD_FS_SCHEMES[1]}://bucket/goe` // 'gs://bucket/goe' */
export const OFFLOAD_FS_SCHEMES = ['file', 'gs', 's3', 's3a', 'wasb', 'wasbs', 'abfs', 'abfss', 'hdfs'] as const;
/** An `OFFLOAD_FS_SCHEME` value. */
export type OffloadFsScheme = (typeof OFFLOAD_FS_SCHEMES)[number];

/** Transport rule sets accepted by `OFFLOAD_TRANSPORT` (GOE's names; default `AUTO`). @example config.get<OffloadTransportRule>('OFFLOAD_TRANSPORT') // 'AUTO' */
export const OFFLOAD_TRANSPORT_RULES = ['AUTO', 'GOE', 'GCP', 'SQOOP'] as const;
/** An `OFFLOAD_TRANSPORT` value. */
export type OffloadTransportRule = (typeof OFFLOAD_TRANSPORT_RULES)[number];

/**
 * The common configuration schema (group `common`, template `templates/conf/offload.env.template.common`).
 * Defaults give the embedded stack: PostgreSQL (or PGlite) → DuckDB through local Parquet staging files, with a
 * SQLite repository and file locks under `OFFLOAD_HOME`.
 *
 * | Variable | Default |
 * |---|---|
 * | FRONTEND_DISTRIBUTION | POSTGRES |
 * | QUERY_ENGINE | DUCKDB |
 * | OFFLOAD_FS_SCHEME | file |
 * | OFFLOAD_STAGING_FORMAT | PARQUET |
 * | OFFLOAD_TRANSPORT | AUTO |
 * | OFFLOAD_TRANSPORT_PARALLELISM | 2 |
 * | OFFLOAD_REPOSITORY_URL | sqlite:${OFFLOAD_HOME}/repo/goe.sqlite |
 * | OFFLOAD_LOCK | file |
 * | OFFLOAD_LOG_LEVEL | info |
 *
 * @example
 * const config = loadConfig({ schemas: [COMMON_CONFIG, postgresConfig, duckdbConfig] });
 * config.get<FrontendDistribution>('FRONTEND_DISTRIBUTION'); // 'POSTGRES'
 */
export const COMMON_CONFIG = defineConfigSchema({
  group: 'common',
  title: 'common settings',
  variables: [
    {
      name: 'FRONTEND_DISTRIBUTION',
      type: 'enum',
      values: FRONTEND_DISTRIBUTIONS,
      default: 'POSTGRES',
      aliases: ['SRCDB_VENDOR'],
      description:
        'Frontend: the source RDBMS tables are offloaded from. Selects the frontend adapter (@goe/frontend-<name>) ' +
        'and which connection variables apply (ORA_CONN, MSSQL_CONN, TERADATA_SERVER, POSTGRES_CONN).',
    },
    {
      name: 'QUERY_ENGINE',
      type: 'enum',
      values: QUERY_ENGINES,
      default: 'DUCKDB',
      description:
        'Backend: the analytic engine tables are offloaded into. Selects the backend adapter (@goe/backend-<name>); ' +
        'DUCKDB, with the other defaults, is the embedded stack that needs no server.',
    },
    {
      name: 'OFFLOAD_FS_SCHEME',
      type: 'enum',
      values: OFFLOAD_FS_SCHEMES,
      default: 'file',
      description:
        'Staging store the transport writes staging files to before the backend loads them: file (local disk), ' +
        'gs (Google Cloud Storage), s3 or s3a (Amazon S3), wasb, wasbs, abfs or abfss (Azure Blob Storage / ADLS Gen2), ' +
        'hdfs. The backend must be able to read it (BigQuery reads gs only). Option --offload-fs-scheme.',
    },
    {
      name: 'OFFLOAD_FS_CONTAINER',
      type: 'string',
      description:
        'Bucket (gs, s3, s3a), container (wasb, wasbs, abfs, abfss) or name node authority (hdfs) holding the ' +
        'staging files; not used with OFFLOAD_FS_SCHEME=file. Option --offload-fs-container.',
    },
    {
      name: 'OFFLOAD_FS_PREFIX',
      type: 'string',
      description:
        'Path under which staging files are written: inside OFFLOAD_FS_CONTAINER for cloud and HDFS schemes ' +
        "(GOE's templates use goe), or the local staging directory for file (unset: ${OFFLOAD_HOME}/staging). " +
        'Option --offload-fs-prefix.',
    },
    {
      name: 'OFFLOAD_STAGING_FORMAT',
      type: 'enum',
      values: ['PARQUET', 'AVRO'],
      default: 'PARQUET',
      description:
        'File format of staging files. PARQUET carries exact types and is what the native transport writes; AVRO ' +
        'for backends or Spark/Sqoop transports that need it.',
    },
    {
      name: 'OFFLOAD_COMPRESS_LOAD_TABLE',
      type: 'boolean',
      default: 'false',
      description:
        'Compress staging files (Parquet: snappy, Avro: deflate): less data moved for some CPU. ' +
        'Option --compress-load-table.',
    },
    {
      name: 'OFFLOAD_TRANSPORT',
      type: 'enum',
      values: OFFLOAD_TRANSPORT_RULES,
      default: 'AUTO',
      description:
        'Transports tried, in order, when --offload-transport-method is not given; the first whose configuration ' +
        "checks pass is used. GOE: SPARK_THRIFT, NATIVE (GOE's QUERY_IMPORT), SPARK_LIVY, SPARK_SUBMIT; " +
        'SQOOP: SQOOP, SQOOP_BY_QUERY; GCP: SPARK_DATAPROC_GCLOUD, SPARK_BATCHES_GCLOUD; AUTO: GOE, then SQOOP, then GCP.',
    },
    {
      name: 'OFFLOAD_TRANSPORT_PARALLELISM',
      type: 'integer',
      min: 1,
      default: '2',
      description:
        'Number of slices the source table is split into and read concurrently (partitions, extents, id ranges or ' +
        'mod buckets), all from one snapshot. Option --offload-transport-parallelism.',
    },
    {
      name: 'OFFLOAD_TRANSPORT_CONSISTENT_READ',
      type: 'boolean',
      default: 'true',
      description:
        'Read every slice from one snapshot of the source (Oracle SCN, PostgreSQL exported snapshot, SQL Server ' +
        'snapshot isolation) so the offloaded rows are a consistent image. Option --offload-transport-consistent-read.',
    },
    {
      name: 'OFFLOAD_TRANSPORT_FETCH_SIZE',
      type: 'integer',
      min: 1,
      default: '5000',
      description:
        'Rows fetched from the source per round trip, and rows per record batch of the native transport. ' +
        'Option --offload-transport-fetch-size.',
    },
    {
      name: 'MAX_OFFLOAD_CHUNK_SIZE',
      type: 'string',
      default: '16G',
      pattern: '[0-9]+(\\.[0-9]+)?[BKMGT]?',
      patternHint: 'size in bytes with an optional binary unit B, K, M, G or T (e.g. 512M, 16G)',
      description:
        'Most source partition bytes offloaded in one chunk; a partitioned offload runs one transport, validate and ' +
        'load cycle per chunk, and a failed chunk is resumed by rerunning the command. Option --max-offload-chunk-size.',
    },
    {
      name: 'MAX_OFFLOAD_CHUNK_COUNT',
      type: 'integer',
      min: 1,
      max: 1000,
      default: '100',
      description: 'Most source partitions offloaded in one chunk. Option --max-offload-chunk-count.',
    },
    {
      name: 'OFFLOAD_VERIFY_PARALLELISM',
      type: 'integer',
      min: 0,
      description:
        'Degree of parallelism of the source row count in the "Verify exported data" step (an Oracle PARALLEL ' +
        'hint); 0 or 1 reads serially, unset leaves it to the database. Option --verify-parallelism.',
    },
    {
      name: 'OFFLOAD_NOT_NULL_PROPAGATION',
      type: 'enum',
      values: ['AUTO', 'NONE'],
      default: 'AUTO',
      description:
        'AUTO creates backend columns NOT NULL where the source column is NOT NULL and the backend supports it; ' +
        'NONE creates every column nullable except those named by --not-null-columns. Option --not-null-propagation.',
    },
    {
      name: 'DB_NAME_PREFIX',
      type: 'string',
      description:
        'Prefix of backend database (dataset, schema) names: <prefix>_<owner>. Empty or unset: no prefix, except ' +
        'that the Oracle frontend uses its DB_UNIQUE_NAME when unset, as GOE does.',
    },
    {
      name: 'BACKEND_IDENTIFIER_CASE',
      type: 'enum',
      values: ['UPPER', 'LOWER', 'NO_MODIFY'],
      description:
        'Case of the backend database, table and column names offload creates; NO_MODIFY keeps the source case. ' +
        "Unset: the backend adapter's default (GOE's templates: LOWER for BigQuery, Hive and Impala, UPPER for Snowflake).",
    },
    {
      name: 'OFFLOAD_REPOSITORY_URL',
      type: 'url',
      secret: true,
      schemes: ['sqlite', 'postgres', 'postgresql'],
      pathSchemes: ['sqlite'],
      default: 'sqlite:${OFFLOAD_HOME}/repo/goe.sqlite',
      description:
        'Metadata repository recording offloaded tables, high-water marks, command executions, steps and chunks: ' +
        'sqlite:<path> (embedded, one host) or postgres://user:password@host:5432/db (shared by several hosts). ' +
        'Secret because the URL may carry a password.',
    },
    {
      name: 'OFFLOAD_LOCK',
      type: 'enum',
      values: ['file', 'repository'],
      default: 'file',
      description:
        'Lock that stops two offloads of one OWNER.TABLE running at once: file (lock files in ${OFFLOAD_HOME}/run, ' +
        'one host) or repository (held in the metadata repository, e.g. a PostgreSQL advisory lock, for several ' +
        'hosts sharing one repository).',
    },
    {
      name: 'GOE_PLUGINS',
      type: 'list',
      description:
        'Comma-separated npm package names of third-party adapters to load, resolved from the current directory ' +
        '(named goe-<kind>-<name> or @scope/goe-<kind>-<name>), e.g. goe-backend-clickhouse.',
    },
    {
      name: 'OFFLOAD_LOG_LEVEL',
      type: 'enum',
      values: ['info', 'detail', 'debug'],
      default: 'info',
      aliases: ['LOG_LEVEL'],
      description:
        "Detail written to each command's log file: info, detail (step details) or debug (everything, including " +
        "SQL text; secrets are masked at every level). GOE's LOG_LEVEL is accepted too. Option --log-level.",
    },
    {
      name: 'OFFLOAD_LOGDIR',
      type: 'path',
      default: '${OFFLOAD_HOME}/log',
      description:
        'Directory of the log files, one per command (e.g. offload_SH.SALES_<timestamp>.log), created with mode 600. ' +
        'Option --log-path.',
    },
  ],
});
