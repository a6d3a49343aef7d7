/**
 * GOE's common configuration variables (`offload.env.template.common`) that mean something in this product,
 * with GOE's names and defaults (reference §7.2) and the embedded-stack defaults of architecture §7.
 * Adapter-specific variables (connections, transport job settings, cloud projects…) live in each adapter's own schema.
 */
import { GoeError } from '../errors.js';
import { defineConfigSchema, type ConfigSchema } from './schema.js';

/**
 * What an adapter-name variable accepts before the registry checks it (`FRONTEND_DISTRIBUTION`, `QUERY_ENGINE`,
 * `OFFLOAD_FS_SCHEME`, `OFFLOAD_LOCK`, `OFFLOAD_TRANSPORT`): a letter, then letters, digits, `_` or `-`. The names
 * themselves are open: they are checked against the registry after `GOE_PLUGINS` load.
 *
 * @example
 * new RegExp(`^(?:${ADAPTER_NAME_PATTERN})$`, 'i').test('QUACK') // true
 */
export const ADAPTER_NAME_PATTERN = '[A-Za-z][A-Za-z0-9_-]*';
const ADAPTER_NAME_HINT = 'an adapter name (a letter, then letters, digits, _ or -)';

/**
 * The common configuration schema (group `common`). Adapter names are open (any registered, catalog or plugin
 * adapter). Core sets no default adapter: a catalog supplies them (`AdapterCatalog.defaults`, applied by
 * {@link commonConfig}), so `@goe/stack` defaults to its embedded stack while a program with its own adapters names
 * them itself.
 *
 * | Variable | Default |
 * |---|---|
 * | FRONTEND_DISTRIBUTION | none (the catalog's) |
 * | QUERY_ENGINE | none (the catalog's) |
 * | OFFLOAD_FS_SCHEME | file |
 * | OFFLOAD_STAGING_FORMAT | PARQUET |
 * | OFFLOAD_TRANSPORT | AUTO |
 * | OFFLOAD_TRANSPORT_PARALLELISM | 2 (1–1024) |
 * | OFFLOAD_TRANSPORT_FETCH_SIZE | 5000 (1–10000000) |
 * | OFFLOAD_TRANSPORT_SMALL_TABLE_THRESHOLD | 20M |
 * | OFFLOAD_STATS_METHOD | NATIVE |
 * | DATA_SAMPLE_PARALLELISM | 0 |
 * | OFFLOAD_REPOSITORY_URL | none (the catalog's) |
 * | OFFLOAD_LOCK | file |
 * | GOE_PLUGINS_ROOT | ${OFFLOAD_HOME}/plugins |
 * | OFFLOAD_LOG_LEVEL | info |
 * | OFFLOAD_LOG_FORMAT | text |
 *
 * @example
 * const config = loadConfig({ schemas: [COMMON_CONFIG, frontendConfig, backendConfig] });
 * config.get<string>('FRONTEND_DISTRIBUTION'); // undefined unless set
 */
export const COMMON_CONFIG = defineConfigSchema({
  group: 'common',
  title: 'common settings',
  variables: [
    {
      name: 'FRONTEND_DISTRIBUTION',
      type: 'string',
      pattern: ADAPTER_NAME_PATTERN,
      patternHint: ADAPTER_NAME_HINT,
      aliases: ['SRCDB_VENDOR'],
      description:
        'Frontend: the source RDBMS tables are offloaded from, by frontend adapter name (case-insensitive). Any ' +
        'name a catalog or a GOE_PLUGINS package provides; the frontend adapter adds its connection variables.',
    },
    {
      name: 'QUERY_ENGINE',
      type: 'string',
      pattern: ADAPTER_NAME_PATTERN,
      patternHint: ADAPTER_NAME_HINT,
      description:
        'Backend: the analytic engine tables are offloaded into, by backend adapter name (case-insensitive). The ' +
        'default, with the other defaults, is the embedded stack that needs no server.',
    },
    {
      name: 'OFFLOAD_FS_SCHEME',
      type: 'string',
      pattern: ADAPTER_NAME_PATTERN,
      patternHint: ADAPTER_NAME_HINT,
      default: 'file',
      description:
        'Staging store the transport writes staging files to before the backend loads them, by storage adapter ' +
        'name or URL scheme (file: local disk; object stores and distributed file systems come with their storage packages). The ' +
        'backend must be able to read it. Option --offload-fs-scheme.',
    },
    {
      name: 'OFFLOAD_FS_CONTAINER',
      type: 'string',
      description:
        'Bucket, container or name node authority holding the staging files, for staging stores that have one; ' +
        'not used with OFFLOAD_FS_SCHEME=file. Option --offload-fs-container.',
    },
    {
      name: 'OFFLOAD_FS_PREFIX',
      type: 'string',
      description:
        'Path under which staging files are written: inside OFFLOAD_FS_CONTAINER for remote stores ' +
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
        'for backends or transports that need it.',
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
      type: 'string',
      pattern: ADAPTER_NAME_PATTERN,
      patternHint: 'a transport rule set name (AUTO, or one the installed catalog defines)',
      default: 'AUTO',
      description:
        'Transports tried, in order, when --offload-transport-method is not given; the first whose configuration ' +
        "checks pass is used. Rule sets come with the adapter catalog (GOE's are listed in " +
        '@goe/stack); AUTO also tries every other installed transport, in the order they were registered.',
    },
    {
      name: 'OFFLOAD_TRANSPORT_PARALLELISM',
      type: 'integer',
      min: 1,
      max: 1024,
      default: '2',
      description:
        'Number of slices the source table is split into and read concurrently (partitions, extents, id ranges or ' +
        'mod buckets), all from one snapshot; 1 to 1024. Option --offload-transport-parallelism.',
    },
    {
      name: 'OFFLOAD_TRANSPORT_CONSISTENT_READ',
      type: 'boolean',
      default: 'true',
      description:
        "Read every slice from one snapshot of the source (the frontend's snapshot mechanism, e.g. an exported " +
        'snapshot) so the offloaded rows are a consistent image. Option --offload-transport-consistent-read.',
    },
    {
      name: 'OFFLOAD_TRANSPORT_FETCH_SIZE',
      type: 'integer',
      min: 1,
      max: 10_000_000,
      default: '5000',
      description:
        'Rows fetched from the source per round trip, and rows per record batch of the native transport; 1 to ' +
        '10000000. Option --offload-transport-fetch-size.',
    },
    {
      name: 'OFFLOAD_TRANSPORT_SMALL_TABLE_THRESHOLD',
      type: 'string',
      default: '20M',
      pattern: '[0-9]+(\\.[0-9]+)?[KMGTP]?',
      patternHint: 'size in bytes with an optional decimal unit K, M, G, T or P (e.g. 20M = 20000000 bytes)',
      description:
        'Largest source table (bytes, decimal units) the in-process transport is preferred for when a transport ' +
        'rule set chooses; larger tables prefer the next available cluster transport. ' +
        'Option --offload-transport-small-table-threshold.',
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
      max: 1024,
      description:
        'Degree of parallelism of the source row count in the "Verify exported data" step (a frontend hint where ' +
        'the frontend supports one); 0 or 1 reads serially, unset leaves it to the database. Option --verify-parallelism.',
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
      name: 'OFFLOAD_STATS_METHOD',
      type: 'enum',
      values: ['NATIVE', 'HISTORY', 'COPY', 'NONE'],
      default: 'NATIVE',
      description:
        'How backend table statistics are gathered after a load: NATIVE (the backend computes them), HISTORY (as ' +
        'NATIVE here), COPY (copy the source statistics, where the backend can), NONE (skip). Option --offload-stats.',
    },
    {
      name: 'DATA_SAMPLE_PARALLELISM',
      type: 'integer',
      min: 0,
      max: 1024,
      default: '0',
      description:
        'Degree of parallelism of the source data sampling that sizes numeric and date columns without a safe ' +
        'precision (a frontend hint where supported); 0 or 1 samples serially. Option --data-sample-parallelism.',
    },
    {
      name: 'DB_NAME_PREFIX',
      type: 'string',
      description:
        'Prefix of backend database (dataset, schema) names: <prefix>_<owner>. Empty or unset: no prefix, unless ' +
        'the frontend supplies a default, as GOE does.',
    },
    {
      name: 'BACKEND_IDENTIFIER_CASE',
      type: 'enum',
      values: ['UPPER', 'LOWER', 'NO_MODIFY'],
      description:
        'Case of the backend database, table and column names offload creates; NO_MODIFY keeps the source case. ' +
        "Unset: the backend adapter's default.",
    },
    {
      name: 'OFFLOAD_REPOSITORY_URL',
      type: 'url',
      secret: true,
      description:
        'Metadata repository recording offloaded tables, high-water marks, command executions, steps and chunks. ' +
        'Its scheme names the repository adapter: the default is an embedded one-host file; a server repository ' +
        '(scheme://user:password@host:port/db) can be shared by several hosts. Secret because the URL may carry a ' +
        'password.',
    },
    {
      name: 'OFFLOAD_LOCK',
      type: 'string',
      pattern: ADAPTER_NAME_PATTERN,
      patternHint: ADAPTER_NAME_HINT,
      default: 'file',
      description:
        'Lock that stops two offloads of one OWNER.TABLE running at once, by lock adapter name: file (lock files in ' +
        '${OFFLOAD_HOME}/run, one host) or repository (held in a shared metadata repository, for several hosts).',
    },
    {
      name: 'GOE_PLUGINS',
      type: 'list',
      description:
        'Comma-separated npm package names of third-party adapters to load from GOE_PLUGINS_ROOT (named ' +
        'goe-<kind>-<name> or @scope/goe-<kind>-<name>), e.g. goe-backend-quack.',
    },
    {
      name: 'GOE_PLUGINS_ROOT',
      type: 'path',
      default: '${OFFLOAD_HOME}/plugins',
      description:
        'Directory the GOE_PLUGINS packages are installed in and resolved from (its node_modules only, never the ' +
        'current directory): npm i --prefix "$OFFLOAD_HOME/plugins" goe-backend-x.',
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
      name: 'OFFLOAD_LOG_FORMAT',
      type: 'enum',
      values: ['text', 'json'],
      default: 'text',
      description:
        "Format of each command's log file: text (GOE's lines, `time LEVEL message`) or json (one JSON object a " +
        'line: time, level, message and data, for log shippers). Option --log-format.',
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

/**
 * The common schema with a catalog's defaults (e.g. the embedded stack's `FRONTEND_DISTRIBUTION`). Only common
 * variables may be given defaults; the returned schema keeps the group `common`, so it replaces
 * {@link COMMON_CONFIG} wherever it is used. Without defaults, returns {@link COMMON_CONFIG} itself.
 *
 * @throws GoeError `ADAPTER_INVALID` when a default names a variable the common schema does not declare
 * @example
 * const schema = commonConfig({ QUERY_ENGINE: 'QUACK' });
 * loadConfig({ schemas: [schema] }).get('QUERY_ENGINE'); // 'QUACK'
 */
export function commonConfig(defaults: Readonly<Record<string, string>> = {}): ConfigSchema {
  const names = Object.keys(defaults);
  if (names.length === 0) return COMMON_CONFIG;
  const declared = new Set<string>(COMMON_CONFIG.variables.map((v) => v.name));
  const unknown = names.filter((n) => !declared.has(n));
  if (unknown.length > 0) {
    throw new GoeError(
      'ADAPTER_INVALID',
      `Catalog defaults name ${unknown.join(', ')}, which ${unknown.length === 1 ? 'is not a common variable' : 'are not common variables'}`,
      { hint: 'A catalog may only default common variables; adapter variables take defaults in their own schema' },
    );
  }
  return defineConfigSchema({
    ...COMMON_CONFIG,
    variables: COMMON_CONFIG.variables.map((v) =>
      Object.prototype.hasOwnProperty.call(defaults, v.name) ? { ...v, default: defaults[v.name]! } : v,
    ),
  });
}
