/**
 * The `goe offload` options: GOE's option names, grouped as GOE's documentation groups them, each mapped onto the
 * library's `OffloadOptions`. Pure data plus one pure mapping function, so the table is testable without a process.
 */
import { GoeError, type OffloadOptions } from '@goe/core';

/** How an option's value is read. */
type Kind = 'flag' | 'string' | 'csv' | 'int' | 'repeat';

/** One CLI option. */
export interface CliOption {
  /** Commander flags, e.g. `-t, --table <owner.table>`. */
  readonly flags: string;
  /** Key in `OffloadOptions` (or a CLI-only key starting with `_`). */
  readonly key: string;
  readonly kind: Kind;
  /** Inclusive range of an `int` option; default 1 to 2^31 − 1. */
  readonly range?: readonly [number, number];
  readonly group: string;
  readonly description: string;
  /** Hidden from `--help` (GOE's developer/test options). */
  readonly hidden?: boolean;
  /** Allowed values (case-insensitive), shown in help. */
  readonly choices?: readonly string[];
}

const G_TABLE = 'Table selection and naming';
const G_DATA = 'Data identification';
const G_TYPES = 'Data type controls (applied when the backend table is created)';
const G_PART = 'Backend partitioning and clustering';
const G_TRANSPORT = 'Transport';
const G_STAGING = 'Staging';
const G_VERIFY = 'Validation';
const G_RESET = 'Reset, reuse and DDL file';
const G_EXEC = 'Execution and output';

/** Every `goe offload` option, in help order. */
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
    flags: '--partition-names <name>',
    key: 'partitionNames',
    kind: 'string',
    group: G_DATA,
    description: 'RANGE partition append up to and including this partition (one name)',
  },
  {
    flags: '--offload-predicate <dsl>',
    key: 'offloadPredicate',
    kind: 'string',
    group: G_DATA,
    description: 'predicate-based offload of the rows matching a predicate, e.g. \'column(REGION) = string("EU")\'',
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
    flags: '--offload-transport-method <method>',
    key: 'offloadTransportMethod',
    kind: 'string',
    group: G_TRANSPORT,
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
    flags: '--offload-transport-fetch-size <rows>',
    key: 'offloadTransportFetchSize',
    kind: 'int',
    range: [1, 10_000_000],
    group: G_TRANSPORT,
    description: 'rows per extracted batch',
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
    flags: '--ddl-file <path|AUTO>',
    key: 'ddlFile',
    kind: 'string',
    group: G_RESET,
    description: 'write the backend DDL to a file and stop (preview)',
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

function toInt(flag: string, value: unknown, [min, max]: readonly [number, number] = [1, 2 ** 31 - 1]): number {
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

/**
 * Maps parsed commander values to `OffloadOptions` (GOE option → library option).
 *
 * @throws GoeError `OPTION_INVALID` for a non-integer integer option or a value outside its choices
 * @example
 * toOffloadOptions({ table: 'sh.sales', execute: true }) // { table: 'sh.sales', execute: true }
 */
export function toOffloadOptions(parsed: Record<string, unknown>): OffloadOptions {
  const out: Record<string, unknown> = {};
  const allow: Record<string, boolean> = {};
  for (const o of OFFLOAD_CLI_OPTIONS) {
    const attr = attributeName(o.flags);
    const value = o.flags.startsWith('--no-') ? (parsed[attr] === false ? true : undefined) : parsed[attr];
    if (value === undefined || value === false) continue;
    const flag = /--[a-z0-9-]+/.exec(o.flags)![0];
    let v: unknown = value;
    if (o.kind === 'int') v = toInt(flag, value, o.range);
    if (o.choices && !o.choices.includes(String(value).toLowerCase())) {
      throw new GoeError(
        'OPTION_INVALID',
        `Option ${flag} must be one of ${o.choices.join(', ')}, got ${JSON.stringify(value)}`,
      );
    }
    if (o.choices) v = String(value).toLowerCase();
    if (o.key === '_allowDecimalScaleRounding') allow.decimalScaleRounding = true;
    else if (o.key === '_allowFloatingPointConversions') allow.floatingPointConversions = true;
    else if (o.key === '_allowNanosecondTimestampColumns') allow.nanosecondTimestamps = true;
    else out[o.key] = v;
  }
  if (Object.keys(allow).length) out.allow = allow;
  return out as unknown as OffloadOptions;
}
