/**
 * The `goe offload` options: GOE's option names, grouped as GOE's documentation groups them, each mapped onto the
 * library's `OffloadOptions`. Pure data plus one pure mapping function, so the table is testable without a process.
 */
import { GoeError, type OffloadOptions } from '@goe/core';

/**
 * How an option's value is read: `flag` takes none; `string` as given; `csv` a comma-separated list (kept as text:
 * core splits it); `int` an integer within `range` (`1e20`, `0x10`, `1.5` refused); `repeat` may be given several
 * times (an array); `bool` a boolean text (true/false, yes/no, y/n, on/off, 1/0); `percent` `AUTO` or a number;
 * `word` one token without spaces or control characters (its form is the adapter's to check).
 */
type Kind = 'flag' | 'string' | 'csv' | 'int' | 'repeat' | 'bool' | 'percent' | 'word';

/** One CLI option. */
export interface CliOption {
  /** Commander flags, e.g. `-t, --table <owner.table>`. */
  readonly flags: string;
  /** Key in `OffloadOptions`, or a CLI-only key starting with `_` (handled by the CLI, never passed to core). */
  readonly key: string;
  readonly kind: Kind;
  /** Inclusive range of an `int` option; default 1 to 2^31 − 1. */
  readonly range?: readonly [number, number];
  readonly group: string;
  readonly description: string;
  /** Hidden from `--help` (GOE's developer/test options). */
  readonly hidden?: boolean;
  /** Allowed values (case-insensitive; passed on spelled as here), shown in help. */
  readonly choices?: readonly string[];
}

/** GOE's option groups (reference §1.2 headings), in GOE's order. */
export const GOE_OPTION_GROUPS = {
  table: 'Table selection / naming',
  data: 'Data identification',
  types: 'Data type controls',
  partitioning: 'Backend partitioning, clustering, storage',
  transport: 'Transport',
  staging: 'Staging / load table',
  validation: 'Validation',
  ddl: 'DDL file',
  reset: 'Reset / force / reuse',
  execute: 'Execute / verbosity / developer',
} as const;

const G_TABLE = GOE_OPTION_GROUPS.table;
const G_DATA = GOE_OPTION_GROUPS.data;
const G_TYPES = GOE_OPTION_GROUPS.types;
const G_PART = GOE_OPTION_GROUPS.partitioning;
const G_TRANSPORT = GOE_OPTION_GROUPS.transport;
const G_STAGING = GOE_OPTION_GROUPS.staging;
const G_VERIFY = GOE_OPTION_GROUPS.validation;
const G_DDL = GOE_OPTION_GROUPS.ddl;
const G_RESET = GOE_OPTION_GROUPS.reset;
const G_EXEC = GOE_OPTION_GROUPS.execute;

/** GOE's `--offload-predicate-type` values. @example PREDICATE_TYPES.includes('LIST_AS_RANGE') // true */
export const PREDICATE_TYPES = [
  'LIST',
  'LIST_AS_RANGE',
  'RANGE',
  'PREDICATE',
  'LIST_AS_RANGE_AND_PREDICATE',
  'RANGE_AND_PREDICATE',
] as const;

const INT_MAX = 2 ** 31 - 1;

/** Every `goe offload` option, in help order (the output options `--json -v --vv --quiet --no-ansi` are added by the command). */
export const OFFLOAD_CLI_OPTIONS: readonly CliOption[] = [
  {
    flags: '-t, --table <owner.table>',
    key: 'table',
    kind: 'string',
    group: G_TABLE,
    description: 'source table as OWNER.TABLE (required; case-insensitive when unambiguous)',
  },
  {
    flags: '--target-name <db.table>',
    key: 'targetName',
    kind: 'string',
    group: G_TABLE,
    description: 'backend DB.TABLE instead of the source owner and table',
  },
  {
    flags: '--target <engine>',
    key: 'target',
    kind: 'string',
    group: G_TABLE,
    hidden: true,
    description: 'backend engine by adapter name, e.g. DUCKDB (overrides QUERY_ENGINE)',
  },
  {
    flags: '--create-backend-db',
    key: 'createBackendDb',
    kind: 'flag',
    group: G_TABLE,
    description: 'create the backend database when it does not exist',
  },
  {
    flags: '--older-than-date <YYYY-MM-DD>',
    key: 'olderThanDate',
    kind: 'string',
    group: G_DATA,
    description: 'RANGE partition append: offload the partitions whose high value is on or before this date',
  },
  {
    flags: '--older-than-days <n>',
    key: 'olderThanDays',
    kind: 'string',
    group: G_DATA,
    description: 'RANGE partition append: the same with today (UTC) minus n days',
  },
  {
    flags: '--less-than-value <value>',
    key: 'lessThanValue',
    kind: 'string',
    group: G_DATA,
    description: 'RANGE partition append: offload the partitions whose high value is at most this value',
  },
  {
    flags: '--partition-names <csv>',
    key: 'partitionNames',
    kind: 'string',
    group: G_DATA,
    description:
      'partition append up to and including this partition (RANGE: one name), or these partitions (LIST: CSV of names)',
  },
  {
    flags: '--equal-to-values <csv>',
    key: 'equalToValues',
    kind: 'repeat',
    group: G_DATA,
    description: "LIST partition append: one partition's key values as CSV; repeat for several partitions",
  },
  {
    flags: '--offload-predicate <dsl>',
    key: 'offloadPredicate',
    kind: 'string',
    group: G_DATA,
    description: 'predicate-based offload of the rows matching a predicate, e.g. \'column(REGION) = string("EU")\'',
  },
  {
    flags: '--offload-predicate-type <type>',
    key: 'offloadPredicateType',
    kind: 'string',
    group: G_DATA,
    choices: PREDICATE_TYPES,
    description: 'incremental predicate type (default: derived from the table and the options above)',
  },
  {
    flags: '--offload-type <type>',
    key: 'offloadType',
    kind: 'string',
    group: G_DATA,
    choices: ['full', 'incremental'],
    description: 'FULL or INCREMENTAL (default: from the offload metadata, else INCREMENTAL with the options above)',
  },
  {
    flags: '--offload-by-subpartition',
    key: 'offloadBySubpartition',
    kind: 'flag',
    group: G_DATA,
    description:
      'identify data by subpartition keys and high values instead of the top level (may be set automatically)',
  },
  {
    flags: '--no-modify-hybrid-view',
    key: 'noModifyHybridView',
    kind: 'flag',
    group: G_DATA,
    description:
      'move the --offload-predicate data but do not add the predicate to the offload metadata (*_RANGE/*_AND_PREDICATE types)',
  },
  {
    flags: '--reset-hybrid-view',
    key: 'resetHybridView',
    kind: 'flag',
    group: G_DATA,
    description: "replace the predicates recorded in the offload metadata with this command's",
  },
  {
    flags: '--max-offload-chunk-count <n>',
    key: 'maxOffloadChunkCount',
    kind: 'int',
    range: [1, 1000],
    group: G_DATA,
    description: 'most partitions per chunk, 1-1000 (default MAX_OFFLOAD_CHUNK_COUNT, 100)',
  },
  {
    flags: '--max-offload-chunk-size <size>',
    key: 'maxOffloadChunkSize',
    kind: 'string',
    group: G_DATA,
    description: 'most partition bytes per chunk, e.g. 512M (default MAX_OFFLOAD_CHUNK_SIZE, 16G)',
  },
  {
    flags: '--integer-1-columns <csv>',
    key: 'integer1Columns',
    kind: 'csv',
    group: G_TYPES,
    description: 'columns to offload as 1-byte integers (wildcards * allowed)',
  },
  {
    flags: '--integer-2-columns <csv>',
    key: 'integer2Columns',
    kind: 'csv',
    group: G_TYPES,
    description: 'columns to offload as 2-byte integers',
  },
  {
    flags: '--integer-4-columns <csv>',
    key: 'integer4Columns',
    kind: 'csv',
    group: G_TYPES,
    description: 'columns to offload as 4-byte integers',
  },
  {
    flags: '--integer-8-columns <csv>',
    key: 'integer8Columns',
    kind: 'csv',
    group: G_TYPES,
    description: 'columns to offload as 8-byte integers',
  },
  {
    flags: '--integer-38-columns <csv>',
    key: 'integer38Columns',
    kind: 'csv',
    group: G_TYPES,
    description: 'columns to offload as 38-digit integers',
  },
  {
    flags: '--decimal-columns <csv>',
    key: 'decimalColumns',
    kind: 'repeat',
    group: G_TYPES,
    description: 'columns to offload as DECIMAL (repeatable; pairs with --decimal-columns-type)',
  },
  {
    flags: '--decimal-columns-type <p,s>',
    key: 'decimalColumnsType',
    kind: 'repeat',
    group: G_TYPES,
    description: 'precision,scale for the matching --decimal-columns (repeatable)',
  },
  {
    flags: '--date-columns <csv>',
    key: 'dateColumns',
    kind: 'csv',
    group: G_TYPES,
    description: 'date/time columns to offload as DATE (drops the time part)',
  },
  {
    flags: '--timestamp-tz-columns <csv>',
    key: 'timestampTzColumns',
    kind: 'csv',
    group: G_TYPES,
    description: 'columns to offload as time-zoned timestamps',
  },
  {
    flags: '--double-columns <csv>',
    key: 'doubleColumns',
    kind: 'csv',
    group: G_TYPES,
    description: 'numeric columns to offload as DOUBLE (needs --allow-floating-point-conversions for exact numerics)',
  },
  {
    flags: '--variable-string-columns <csv>',
    key: 'variableStringColumns',
    kind: 'csv',
    group: G_TYPES,
    description: 'date columns to offload as strings',
  },
  {
    flags: '--unicode-string-columns <csv>',
    key: 'unicodeStringColumns',
    kind: 'csv',
    group: G_TYPES,
    description: 'string columns to offload with Unicode semantics',
  },
  {
    flags: '--not-null-columns <csv>',
    key: 'notNullColumns',
    kind: 'csv',
    group: G_TYPES,
    description: 'columns to create NOT NULL (all others nullable)',
  },
  {
    flags: '--allow-decimal-scale-rounding',
    key: '_allowDecimalScaleRounding',
    kind: 'flag',
    group: G_TYPES,
    description: 'allow decimal places to be rounded away',
  },
  {
    flags: '--allow-floating-point-conversions',
    key: '_allowFloatingPointConversions',
    kind: 'flag',
    group: G_TYPES,
    description: 'allow conversions to/from floating point that may lose data',
  },
  {
    flags: '--allow-nanosecond-timestamp-columns',
    key: '_allowNanosecondTimestampColumns',
    kind: 'flag',
    group: G_TYPES,
    description: 'allow nanosecond timestamps into a backend with less precision',
  },
  {
    flags: '--not-null-propagation <mode>',
    key: 'notNullPropagation',
    kind: 'string',
    group: G_TYPES,
    hidden: true,
    choices: ['AUTO', 'NONE'],
    description:
      'AUTO copies source NOT NULL constraints to the backend, NONE does not (default OFFLOAD_NOT_NULL_PROPAGATION, AUTO)',
  },
  {
    flags: '--data-sample-percent <AUTO|pct>',
    key: 'dataSamplePercent',
    kind: 'percent',
    group: G_TYPES,
    description:
      'sample this percentage of rows to size numbers and dates without safe precision; 0 disables (default AUTO)',
  },
  {
    flags: '--data-sample-parallelism <n>',
    key: 'dataSampleParallelism',
    kind: 'int',
    range: [0, 1024],
    group: G_TYPES,
    description: 'parallel degree of the sampling query; 0/1 serial (default DATA_SAMPLE_PARALLELISM, 0)',
  },
  {
    flags: '--decimal-padding-digits <n>',
    key: 'decimalPaddingDigits',
    kind: 'int',
    range: [0, 38],
    group: G_TYPES,
    description: 'digits added to sampled decimal precision and scale (default 2)',
  },
  {
    flags: '--transform-column <col:fn>',
    key: 'transformColumns',
    kind: 'repeat',
    group: G_TYPES,
    hidden: true,
    description: 'column transformation col:fn[(params)] (repeatable)',
  },
  {
    flags: '--partition-columns <csv>',
    key: 'partitionColumns',
    kind: 'csv',
    group: G_PART,
    description: 'backend partition columns (default: the source partition columns)',
  },
  {
    flags: '--partition-granularity <csv>',
    key: 'partitionGranularity',
    kind: 'csv',
    group: G_PART,
    description: 'Y, M or D for dates; band size or prefix length for numbers and strings',
  },
  {
    flags: '--partition-lower-value <int>',
    key: 'partitionLowerValue',
    kind: 'string',
    group: G_PART,
    description: 'lower bound for integer range partitioning',
  },
  {
    flags: '--partition-upper-value <int>',
    key: 'partitionUpperValue',
    kind: 'string',
    group: G_PART,
    description: 'upper bound for integer range partitioning',
  },
  {
    flags: '--partition-digits <n>',
    key: 'partitionDigits',
    kind: 'int',
    range: [1, 38],
    group: G_PART,
    description: 'digits of synthetic numeric partition values (default 15)',
  },
  {
    flags: '--partition-functions <csv>',
    key: 'partitionFunctions',
    kind: 'csv',
    group: G_PART,
    description: 'backend functions mapping source values to partition values',
  },
  {
    flags: '--sort-columns <csv>',
    key: 'sortColumns',
    kind: 'csv',
    group: G_PART,
    description: 'clustering columns, or NONE',
  },
  {
    flags: '--offload-stats <method>',
    key: 'offloadStats',
    kind: 'string',
    group: G_PART,
    choices: ['NATIVE', 'HISTORY', 'COPY', 'NONE'],
    description: 'backend statistics after the load (default OFFLOAD_STATS_METHOD, NATIVE)',
  },
  {
    flags: '--offload-transport-method <method>',
    key: 'offloadTransportMethod',
    kind: 'string',
    group: G_TRANSPORT,
    hidden: true,
    description: 'NATIVE (alias QUERY_IMPORT), SPARK_SUBMIT, …; default: first available',
  },
  {
    flags: '--offload-transport-parallelism <n>',
    key: 'offloadTransportParallelism',
    kind: 'int',
    range: [1, 1024],
    group: G_TRANSPORT,
    description: 'parallel extraction slices (default OFFLOAD_TRANSPORT_PARALLELISM or 2)',
  },
  {
    flags: '--offload-transport-consistent-read <bool>',
    key: 'offloadTransportConsistentRead',
    kind: 'bool',
    group: G_TRANSPORT,
    description: 'read every slice at one snapshot: true or false (default OFFLOAD_TRANSPORT_CONSISTENT_READ, true)',
  },
  {
    flags: '--offload-transport-snapshot <token>',
    key: 'offloadTransportSnapshot',
    kind: 'word',
    group: G_TRANSPORT,
    description: "read at this frontend snapshot (GOE's SCN) instead of a new one",
  },
  {
    flags: '--offload-transport-fetch-size <rows>',
    key: 'offloadTransportFetchSize',
    kind: 'int',
    range: [1, 10_000_000],
    group: G_TRANSPORT,
    description: 'rows per extracted batch',
  },
  {
    flags: '--offload-transport-small-table-threshold <size>',
    key: 'offloadTransportSmallTableThreshold',
    kind: 'string',
    group: G_TRANSPORT,
    description: 'largest table for the native transport when choosing automatically, e.g. 20M (default 20M)',
  },
  {
    flags: '--offload-fs-scheme <scheme>',
    key: 'offloadFsScheme',
    kind: 'string',
    group: G_STAGING,
    description: 'staging store by scheme, e.g. file (default OFFLOAD_FS_SCHEME)',
  },
  {
    flags: '--offload-fs-prefix <path>',
    key: 'offloadFsPrefix',
    kind: 'string',
    group: G_STAGING,
    description: 'path of the staging files inside the container (default OFFLOAD_FS_PREFIX)',
  },
  {
    flags: '--offload-fs-container <name>',
    key: 'offloadFsContainer',
    kind: 'string',
    group: G_STAGING,
    description: 'bucket or container of the staging store (default OFFLOAD_FS_CONTAINER)',
  },
  {
    flags: '--compress-load-table',
    key: 'compressLoadTable',
    kind: 'flag',
    group: G_STAGING,
    description: 'compress the staged files (default OFFLOAD_COMPRESS_LOAD_TABLE, false)',
  },
  {
    flags: '--preserve-load-table',
    key: 'preserveLoadTable',
    kind: 'flag',
    group: G_STAGING,
    description: 'keep staged files and staging tables',
  },
  {
    flags: '--verify <mode>',
    key: 'verify',
    kind: 'string',
    group: G_VERIFY,
    description: 'minus (row counts, default) or aggregate',
    choices: ['minus', 'aggregate'],
  },
  { flags: '--no-verify', key: 'noVerify', kind: 'flag', group: G_VERIFY, description: 'skip "Verify exported data"' },
  {
    flags: '--verify-parallelism <n>',
    key: 'verifyParallelism',
    kind: 'int',
    range: [0, 1024],
    group: G_VERIFY,
    description: 'parallel degree of the frontend verification query; 0/1 serial (default OFFLOAD_VERIFY_PARALLELISM)',
  },
  {
    flags: '--ddl-file <path|AUTO>',
    key: 'ddlFile',
    kind: 'string',
    group: G_DDL,
    description: 'write the backend DDL to a file and stop (preview)',
  },
  {
    flags: '--reset-backend-table',
    key: 'resetBackendTable',
    kind: 'flag',
    group: G_RESET,
    description: 'drop the backend table and its metadata, then offload again',
  },
  {
    flags: '--reuse-backend-table',
    key: 'reuseBackendTable',
    kind: 'flag',
    group: G_RESET,
    description: 'populate an existing empty backend table',
  },
  {
    flags: '-f, --force',
    key: 'force',
    kind: 'flag',
    group: G_RESET,
    description:
      "use a backend table GOE did not create, or take one over from another source's offload (its metadata is removed); without it such tables are refused",
  },
  {
    flags: '-x, --execute',
    key: 'execute',
    kind: 'flag',
    group: G_EXEC,
    description: 'perform the offload (default: preview, which changes nothing)',
  },
  {
    flags: '--skip-steps <csv>',
    key: 'skipSteps',
    kind: 'csv',
    group: G_EXEC,
    description: 'step ids to skip, e.g. verify_exported_data',
  },
  {
    flags: '--log-path <dir>',
    key: 'logPath',
    kind: 'string',
    group: G_EXEC,
    description: 'log directory (default OFFLOAD_LOGDIR or OFFLOAD_HOME/log)',
    hidden: true,
  },
  {
    flags: '--log-level <level>',
    key: 'logLevel',
    kind: 'string',
    group: G_EXEC,
    hidden: true,
    choices: ['info', 'detail', 'debug'],
    description: 'log file detail: info, detail or debug (default OFFLOAD_LOG_LEVEL or LOG_LEVEL, info)',
  },
  {
    flags: '--log-format <format>',
    key: 'logFormat',
    kind: 'string',
    group: G_EXEC,
    choices: ['text', 'json'],
    description:
      'log file format: text, or json (one object a line, for log shippers) (default OFFLOAD_LOG_FORMAT, text)',
  },
  {
    flags: '--no-version-check',
    key: 'noVersionCheck',
    kind: 'flag',
    group: G_EXEC,
    hidden: true,
    description: 'skip the check that the repository was not written by a newer GOE',
  },
  {
    flags: '--error-on-token <token>',
    key: 'errorOnToken',
    kind: 'string',
    group: G_EXEC,
    hidden: true,
    description: 'test hook: fail at this fault point',
  },
  {
    flags: '--suppress-stdout',
    key: '_suppressStdout',
    kind: 'flag',
    group: G_EXEC,
    hidden: true,
    description: 'no screen output (stdout empty; errors still on stderr); the log file is still written',
  },
  {
    flags: '--dev-log <FILE|stdout>',
    key: '_devLog',
    kind: 'string',
    group: G_EXEC,
    hidden: true,
    choices: ['FILE', 'stdout'],
    description: 'developer log: FILE writes <log dir>/dev_<log name>, stdout writes to stdout',
  },
  {
    flags: '--dev-log-level <level>',
    key: '_devLogLevel',
    kind: 'string',
    group: G_EXEC,
    hidden: true,
    choices: ['debug', 'detail', 'info', 'warn', 'error'],
    description: 'lowest level written to the developer log (default warn)',
  },
  {
    flags: '--version',
    key: '_version',
    kind: 'flag',
    group: G_EXEC,
    description: 'print the version and exit',
  },
  {
    flags: '--execution-id <uuid>',
    key: 'executionId',
    kind: 'string',
    group: G_EXEC,
    description: 'use this execution id',
    hidden: true,
  },
  {
    flags: '--error-before-step <step>',
    key: 'errorBeforeStep',
    kind: 'string',
    group: G_EXEC,
    description: 'test hook: fail before a step',
    hidden: true,
  },
  {
    flags: '--error-after-step <step>',
    key: 'errorAfterStep',
    kind: 'string',
    group: G_EXEC,
    description: 'test hook: fail after a step',
    hidden: true,
  },
];

/** Commander's attribute name for a flags string (`--integer-1-columns` → `integer1Columns`). */
export function attributeName(flags: string): string {
  const long = /--([a-z0-9-]+)/.exec(flags)![1]!;
  const name = long.startsWith('no-') ? long.slice(3) : long;
  return name.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

function toInt(flag: string, value: unknown, [min, max]: readonly [number, number] = [1, INT_MAX]): number {
  const text = String(value).trim();
  const n = Number(text);
  if (!/^-?\d+$/.test(text) || n < min || n > max)
    throw new GoeError(
      'OPTION_INVALID',
      `Option ${flag} must be an integer from ${min} to ${max}, got ${JSON.stringify(String(value))}`,
      { variable: flag },
    );
  return n;
}

const TRUE_WORDS = ['true', 'yes', 'y', 'on', '1'];
const FALSE_WORDS = ['false', 'no', 'n', 'off', '0'];

/** A boolean option's value text (true/false, yes/no, y/n, on/off, 1/0; any case). */
function toBool(flag: string, value: unknown): boolean {
  const text = String(value).trim().toLowerCase();
  if (TRUE_WORDS.includes(text)) return true;
  if (FALSE_WORDS.includes(text)) return false;
  throw new GoeError('OPTION_INVALID', `Option ${flag} must be true or false, got ${JSON.stringify(String(value))}`, {
    variable: flag,
  });
}

/** `AUTO` (any case), or a plain decimal number (range checked by core). */
function toPercent(flag: string, value: unknown): string | number {
  const text = String(value).trim();
  if (text.toUpperCase() === 'AUTO') return 'AUTO';
  if (!/^\d+(\.\d+)?$/.test(text))
    throw new GoeError(
      'OPTION_INVALID',
      `Option ${flag} must be AUTO or a number from 0 to 100, got ${JSON.stringify(text)}`,
      {
        variable: flag,
      },
    );
  return Number(text);
}

/** One token: no whitespace or control characters, not empty. */
function toWord(flag: string, value: unknown): string {
  const text = String(value);
  if (!/^[^\s\p{Cc}]+$/u.test(text))
    throw new GoeError('OPTION_INVALID', `Option ${flag} must be one word, got ${JSON.stringify(text)}`, {
      variable: flag,
    });
  return text;
}

/** The long flag of a flags string (`-t, --table <owner.table>` → `--table`). @example longFlag('-f, --force') // '--force' */
export function longFlag(flags: string): string {
  return /--[a-z0-9-]+/.exec(flags)![0];
}

/**
 * Maps parsed commander values to `OffloadOptions` (GOE option → library option). CLI-only options (keys starting
 * with `_`) are left out; the three `--allow-*` flags become `allow`.
 *
 * @throws GoeError `OPTION_INVALID` naming the option for a non-integer integer option (`1e20`, `0x10`, `1.5`), a
 *   value outside its range or choices, a boolean option that is not true/false, a percentage that is not AUTO or a
 *   number
 * @example
 * toOffloadOptions({ table: 'sh.sales', execute: true }) // { table: 'sh.sales', execute: true }
 * toOffloadOptions({ table: 'sh.sales', offloadPredicateType: 'list' }) // { …, offloadPredicateType: 'LIST' }
 */
export function toOffloadOptions(parsed: Record<string, unknown>): OffloadOptions {
  const out: Record<string, unknown> = {};
  const allow: Record<string, boolean> = {};
  for (const o of OFFLOAD_CLI_OPTIONS) {
    const attr = attributeName(o.flags);
    const value = o.flags.startsWith('--no-') ? (parsed[attr] === false ? true : undefined) : parsed[attr];
    if (value === undefined || value === false) continue;
    const flag = longFlag(o.flags);
    let v: unknown = value;
    if (o.kind === 'int') v = toInt(flag, value, o.range);
    else if (o.kind === 'bool') v = toBool(flag, value);
    else if (o.kind === 'percent') v = toPercent(flag, value);
    else if (o.kind === 'word') v = toWord(flag, value);
    if (o.choices) {
      const choice = o.choices.find((c) => c.toLowerCase() === String(value).trim().toLowerCase());
      if (choice === undefined)
        throw new GoeError(
          'OPTION_INVALID',
          `Option ${flag} must be one of ${o.choices.join(', ')}, got ${JSON.stringify(value)}`,
          { variable: flag },
        );
      v = choice;
    }
    if (o.key === '_allowDecimalScaleRounding') allow.decimalScaleRounding = true;
    else if (o.key === '_allowFloatingPointConversions') allow.floatingPointConversions = true;
    else if (o.key === '_allowNanosecondTimestampColumns') allow.nanosecondTimestamps = true;
    else if (!o.key.startsWith('_')) out[o.key] = v;
  }
  if (Object.keys(allow).length) out.allow = allow;
  return out as unknown as OffloadOptions;
}
