/**
 * The options of one offload (GOE's `offload` command-line options, camel-cased) and their validation, done
 * before anything is opened or recorded.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { GoeError } from '../errors.js';
import type { DataTypeControls } from '../types/data-type-controls.js';
import type { PartitionControls } from '../plan/partition-controls.js';
import {
  normalizeDataIdentification,
  type DataIdentificationOptions,
  type NormalizedDataIdentification,
} from '../plan/data-identification.js';
import { normalizePartitionBound } from '../plan/partitioning/options.js';
import { findStep, parseSkipSteps } from './steps.js';
import { resolveOptionOverrides, type OptionOverrides } from './option-variables.js';
import { parseErrorToken } from './fault-points.js';

/** `--verify`: `minus` compares row counts (default), `aggregate` compares aggregates of sampled columns. */
export type VerifyMode = 'minus' | 'aggregate';

/**
 * Options of {@link offload}. Only `table` is required; every other option defaults to GOE's default. Data-type
 * controls (`integer4Columns`, `decimalColumns`…, `allow`) and partition controls (`partitionColumns`,
 * `sortColumns`…) are GOE's options of the same names.
 */
export interface OffloadOptions extends DataTypeControls, PartitionControls, DataIdentificationOptions {
  /** `-t OWNER.TABLE`; resolved case-insensitively by the frontend. */
  readonly table: string;
  /** `-x`: perform the offload. Default `false`: preview (reads everything, writes only the command record and log). */
  readonly execute?: boolean;
  /** `--target-name DB.TABLE`: backend database and table, instead of the source owner and table (ignored when metadata names them). */
  readonly targetName?: string;
  /** `--create-backend-db`: create the backend database (and `<db>_load` where the backend uses one). Default `false`. */
  readonly createBackendDb?: boolean;
  /** `--reset-backend-table`: drop the backend table and its metadata, then offload again. Default `false`. */
  readonly resetBackendTable?: boolean;
  /** `--reuse-backend-table`: populate an existing empty backend table that has metadata. Default `false`. */
  readonly reuseBackendTable?: boolean;
  /**
   * `-f`/`--force`: use a backend table that GOE did not create, or that another source's offload owns (its
   * metadata is removed), with `--reset-backend-table` (drop it) or to populate it when empty. Default `false`:
   * such tables are refused with `TARGET_NOT_OWNED` naming their owner.
   */
  readonly force?: boolean;
  /** `--verify`; default `minus`. */
  readonly verify?: VerifyMode;
  /** `--no-verify`: skip "Verify exported data". Default `false`. */
  readonly noVerify?: boolean;
  /** `--ddl-file PATH|AUTO`: write the table DDL and stop; switches execute to preview; an existing file is refused. */
  readonly ddlFile?: string;
  /** `--skip-steps`: step ids, codes or titles (CSV or list). */
  readonly skipSteps?: string | readonly string[];
  /** `--preserve-load-table`: keep staged files and staging tables (skip "Cleanup staging area"). Default `false`. */
  readonly preserveLoadTable?: boolean;
  /** `--offload-transport-method` (e.g. `NATIVE`, GOE's `QUERY_IMPORT`); default: first available per `OFFLOAD_TRANSPORT`. */
  readonly offloadTransportMethod?: string;
  /** `--offload-transport-parallelism`; default `OFFLOAD_TRANSPORT_PARALLELISM` (2). */
  readonly offloadTransportParallelism?: number;
  /**
   * `--offload-transport-fetch-size`: rows per round trip of a frontend that fetches in arrays (record batches are
   * `DEFAULT_BATCH_ROWS`); default `OFFLOAD_TRANSPORT_FETCH_SIZE` (5000).
   */
  readonly offloadTransportFetchSize?: number;
  /** `--max-offload-chunk-count`: most partitions per chunk (1–1000); default `MAX_OFFLOAD_CHUNK_COUNT` (100). */
  readonly maxOffloadChunkCount?: number;
  /** `--max-offload-chunk-size`: most partition bytes per chunk, e.g. `512M`; default `MAX_OFFLOAD_CHUNK_SIZE` (`16G`). */
  readonly maxOffloadChunkSize?: string;
  /**
   * Values of adapter-declared command-line options that have no configuration variable (`AdapterOption` without
   * `variable`), by flag, e.g. `{ '--quack-hint': 'fast' }`. Default none.
   */
  readonly adapterOptions?: Readonly<Record<string, string | number | boolean>>;
  /** `--log-path`; default `OFFLOAD_LOGDIR` (`${OFFLOAD_HOME}/log`). */
  readonly logPath?: string;
  /** The command line to record (masked before it is logged or stored); default the options as JSON. */
  readonly commandLine?: string | readonly string[];
  /** Execution id (UUID) to use; default a new one. */
  readonly executionId?: string;
  /** Hidden test hook `--error-before-step STEP`: throw "Forcing exception before step: <title>". */
  readonly errorBeforeStep?: string;
  /** Hidden test hook `--error-after-step STEP`: throw "Forcing exception after step: <title>". */
  readonly errorAfterStep?: string;
  /** `--target ENGINE` (hidden): the backend by adapter name; overrides `QUERY_ENGINE`. Default `QUERY_ENGINE`. */
  readonly target?: string;
  /** `--log-level info|detail|debug`: detail written to the log file; overrides `OFFLOAD_LOG_LEVEL` (GOE: `LOG_LEVEL`). Default `info`. */
  readonly logLevel?: string;
  /** `--log-format text|json`: the log file's format; overrides `OFFLOAD_LOG_FORMAT`. Default `text`. */
  readonly logFormat?: string;
  /**
   * `--no-version-check`: skip refusing a repository last written by a newer GOE (see `checkRepositoryVersion`).
   * Default `false`.
   */
  readonly noVersionCheck?: boolean;
  /**
   * Hidden test hook `--error-on-token TOKEN` (GOE's exception trigger): raise "Forcing exception on token: TOKEN"
   * when the run passes that fault point (`before:<STEP>`, `after:<STEP>`, or an adapter point such as
   * `load:before-commit`; see `ERROR_TOKEN_POINTS`). Default none.
   */
  readonly errorOnToken?: string;
  /** `--offload-fs-scheme`: staging store by storage adapter name or URL scheme; overrides `OFFLOAD_FS_SCHEME` (default `file`). */
  readonly offloadFsScheme?: string;
  /** `--offload-fs-container`: bucket or container of the staging store; overrides `OFFLOAD_FS_CONTAINER`. */
  readonly offloadFsContainer?: string;
  /** `--offload-fs-prefix`: path of the staging files; overrides `OFFLOAD_FS_PREFIX`. */
  readonly offloadFsPrefix?: string;
  /** `--offload-transport-consistent-read` (boolean or its text: true/false, y/n…); overrides `OFFLOAD_TRANSPORT_CONSISTENT_READ` (default `true`). */
  readonly offloadTransportConsistentRead?: boolean | string;
  /** `--offload-transport-snapshot`: the frontend snapshot token to read at (GOE #240). Default: a new snapshot. */
  readonly offloadTransportSnapshot?: string;
  /** `--offload-transport-small-table-threshold`, decimal units (e.g. `20M`); overrides `OFFLOAD_TRANSPORT_SMALL_TABLE_THRESHOLD` (default `20M`). */
  readonly offloadTransportSmallTableThreshold?: string;
  /** `--compress-load-table`: compress staged files; overrides `OFFLOAD_COMPRESS_LOAD_TABLE` (default `false`). */
  readonly compressLoadTable?: boolean;
  /** `--verify-parallelism` (0–1024; 0/1 serial); overrides `OFFLOAD_VERIFY_PARALLELISM` (default unset). */
  readonly verifyParallelism?: number;
  /** `--offload-stats NATIVE|HISTORY|COPY|NONE`; overrides `OFFLOAD_STATS_METHOD` (default `NATIVE`). */
  readonly offloadStats?: string;
  /** Test hook: after this step, write {@link pauseFile} and wait until it is deleted (env `GOE_TEST_PAUSE_AFTER_STEP`). */
  readonly pauseAfterStep?: string;
  /** Test hook: the same, before the step (env `GOE_TEST_PAUSE_BEFORE_STEP`). */
  readonly pauseBeforeStep?: string;
  /** Marker file of the pause hooks (env `GOE_TEST_PAUSE_FILE`); default `${OFFLOAD_HOME}/goe-test-pause`. */
  readonly pauseFile?: string;
}

/** {@link OffloadOptions} after validation. */
export interface NormalizedOffloadOptions {
  readonly raw: OffloadOptions;
  /** Source owner and table as typed (upper-cased for the lock key and log names). */
  readonly owner: string;
  readonly tableName: string;
  /** `OWNER.TABLE`, upper case: the lock key. */
  readonly key: string;
  readonly execute: boolean;
  readonly target?: { readonly database: string; readonly table: string };
  readonly verify: VerifyMode | 'none';
  /** The data identification options, validated. */
  readonly identification: NormalizedDataIdentification;
  readonly skip: ReadonlySet<string>;
  readonly ddlFile?: string;
  readonly errorBeforeStep?: string;
  readonly errorAfterStep?: string;
  readonly pauseAfterStep?: string;
  readonly pauseBeforeStep?: string;
  readonly pauseFile?: string;
  /**
   * The configuration variables the options override (checked against the variables' declarations), for
   * `applyOptionOverrides`.
   */
  readonly overrides: OptionOverrides;
  /** `--error-on-token`, normalized (`before:CREATE_TABLE`, `load:before-commit`…). */
  readonly errorOnToken?: string;
}

/** Environment variables of the test hooks. */
export interface TestHookEnv {
  readonly GOE_TEST_PAUSE_AFTER_STEP?: string;
  readonly GOE_TEST_PAUSE_BEFORE_STEP?: string;
  readonly GOE_TEST_PAUSE_FILE?: string;
}

/**
 * Validates options (GOE's `normalise_options`): `-t` form, `--target-name` form, reset/reuse conflict, verify
 * mode, step names, `--ddl-file` (an existing path or a missing directory is refused; `AUTO` is resolved later).
 * `execute` is switched off by `--ddl-file` (the caller prints GOE's notice).
 *
 * @throws GoeError `OPTION_INVALID` naming the option
 * @example
 * normalizeOffloadOptions({ table: 'sh.sales', execute: true }).key // 'SH.SALES'
 */
export function normalizeOffloadOptions(options: OffloadOptions, env: TestHookEnv = {}): NormalizedOffloadOptions {
  const [owner, tableName] = splitOwnerTable(
    options.table,
    '-t',
    'Option -t or --table required in form SCHEMA.TABLENAME',
  );
  const target =
    options.targetName === undefined
      ? undefined
      : (([database, table]) => ({ database, table }))(
          splitOwnerTable(options.targetName, '--target-name', 'Option --target-name required in form DB.TABLE'),
        );
  if (options.resetBackendTable && options.reuseBackendTable) {
    throw new GoeError(
      'OPTION_INVALID',
      'Options --reset-backend-table and --reuse-backend-table are mutually exclusive',
      { variable: '--reuse-backend-table' },
    );
  }
  const verify = options.noVerify ? 'none' : (options.verify ?? 'minus');
  if (verify !== 'none' && verify !== 'minus' && verify !== 'aggregate') {
    throw new GoeError('OPTION_INVALID', `Invalid --verify value: ${String(verify)} (minus or aggregate)`, {
      variable: '--verify',
    });
  }
  const hook = (value: string | undefined, option: string) =>
    value === undefined || value === '' ? undefined : findStep(value, option).code;
  if (options.executionId !== undefined && !EXECUTION_ID.test(options.executionId))
    throw new GoeError(
      'OPTION_INVALID',
      `--execution-id must be a UUID (32 hex digits, dashes allowed), got ${JSON.stringify(options.executionId)}`,
      { variable: '--execution-id' },
    );
  const overrides = resolveOptionOverrides(options);
  if (options.maxOffloadChunkCount !== undefined) parseChunkCount(options.maxOffloadChunkCount);
  if (options.maxOffloadChunkSize !== undefined && parseChunkSize(options.maxOffloadChunkSize) < 1)
    throw new GoeError(
      'OPTION_INVALID',
      `--max-offload-chunk-size must be at least 1 byte, got ${options.maxOffloadChunkSize}`,
      {
        variable: '--max-offload-chunk-size',
      },
    );
  checkOptionValues(options);
  const errorOnToken =
    options.errorOnToken === undefined || options.errorOnToken === ''
      ? undefined
      : parseErrorToken(options.errorOnToken);
  const ddlFile = options.ddlFile === undefined || options.ddlFile === '' ? undefined : checkDdlPath(options.ddlFile);
  return strip({
    raw: options,
    owner,
    tableName,
    key: `${owner}.${tableName}`.toUpperCase(),
    execute: options.execute === true && ddlFile === undefined,
    target,
    verify,
    identification: normalizeDataIdentification(options),
    skip: parseSkipSteps(options.skipSteps),
    ddlFile,
    errorBeforeStep: hook(options.errorBeforeStep, '--error-before-step'),
    errorAfterStep: hook(options.errorAfterStep, '--error-after-step'),
    pauseAfterStep: hook(options.pauseAfterStep ?? env.GOE_TEST_PAUSE_AFTER_STEP, 'GOE_TEST_PAUSE_AFTER_STEP'),
    pauseBeforeStep: hook(options.pauseBeforeStep ?? env.GOE_TEST_PAUSE_BEFORE_STEP, 'GOE_TEST_PAUSE_BEFORE_STEP'),
    pauseFile: options.pauseFile ?? env.GOE_TEST_PAUSE_FILE,
    overrides,
    errorOnToken,
  });
}

/** Most digits of synthetic partition values (`--partition-digits`): 38, the widest exact decimal of the backends. */
export const MAX_PARTITION_DIGITS = 38;
/** Most `--decimal-padding-digits`: padding beyond 38 digits cannot fit any backend decimal. */
export const MAX_DECIMAL_PADDING_DIGITS = 38;

/**
 * Checks the values of the options that have no configuration variable (those that have one are checked by
 * `resolveOptionOverrides` against the variable's declaration): `--offload-predicate` not blank,
 * `--partition-digits` 1–{@link MAX_PARTITION_DIGITS}, `--partition-lower-value`/`--partition-upper-value` integral
 * (negatives allowed), `--older-than-days` a non-negative integer, `--data-sample-percent` `AUTO` or 0–100,
 * `--decimal-padding-digits` 0–{@link MAX_DECIMAL_PADDING_DIGITS}, and no control character (a newline…) in any text
 * option but `--offload-predicate`. Pure.
 *
 * @throws GoeError `OPTION_INVALID` naming the option
 * @example
 * checkOptionValues({ table: 'SH.SALES', partitionDigits: 1000 }) // throws: --partition-digits must be an integer from 1 to 38…
 */
export function checkOptionValues(options: OffloadOptions): void {
  const o = options as OffloadOptions & Readonly<Record<string, unknown>>;
  for (const [key, value] of Object.entries(o)) {
    if (MULTI_LINE_KEYS.has(key)) continue;
    const texts =
      typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v) => typeof v === 'string') : [];
    // eslint-disable-next-line no-control-regex
    const bad = texts.find((t: string) => /[\u0000-\u0008\u000a-\u001f\u007f]/.test(t));
    if (bad !== undefined)
      throw new GoeError(
        'OPTION_INVALID',
        `${optionFlag(key)} must be one line without control characters, got ${JSON.stringify(bad)}`,
        { variable: optionFlag(key) },
      );
  }
  if (o.offloadPredicate !== undefined && String(o.offloadPredicate).trim() === '')
    throw new GoeError(
      'OPTION_INVALID',
      '--offload-predicate must not be empty (give a predicate, or leave the option out)',
      {
        variable: '--offload-predicate',
      },
    );
  integerIn(o.partitionDigits, '--partition-digits', 1, MAX_PARTITION_DIGITS);
  normalizePartitionBound(o.partitionLowerValue as string | number | bigint | undefined, '--partition-lower-value');
  normalizePartitionBound(o.partitionUpperValue as string | number | bigint | undefined, '--partition-upper-value');
  if (o.olderThanDays !== undefined && !/^\d{1,6}$/.test(String(o.olderThanDays).trim()))
    throw new GoeError(
      'OPTION_INVALID',
      `Invalid --older-than-days value: ${String(o.olderThanDays)} (expected a non-negative integer)`,
      { variable: '--older-than-days' },
    );
  integerIn(o['decimalPaddingDigits'], '--decimal-padding-digits', 0, MAX_DECIMAL_PADDING_DIGITS);
  const pct = o['dataSamplePercent'];
  if (pct !== undefined && !(typeof pct === 'string' && pct.trim().toUpperCase() === 'AUTO')) {
    const text = String(pct).trim();
    const n = Number(text);
    if (!/^\d+(\.\d+)?$/.test(text) || n < 0 || n > 100)
      throw new GoeError(
        'OPTION_INVALID',
        `--data-sample-percent must be AUTO or a number from 0 to 100, got ${JSON.stringify(String(pct))}`,
        {
          variable: '--data-sample-percent',
        },
      );
  }
}

/**
 * Keys left out of the control-character check: the recorded command line and a predicate written over several
 * lines may span lines; `-t`, `--target-name` and `--ddl-file` are checked with their own messages.
 */
const MULTI_LINE_KEYS: ReadonlySet<string> = new Set([
  'commandLine',
  'offloadPredicate',
  'table',
  'targetName',
  'ddlFile',
]);

/**
 * The GOE flag of an `OffloadOptions` key.
 *
 * @example
 * optionFlag('integer38Columns') // '--integer-38-columns'
 */
export function optionFlag(key: string): string {
  return `--${key
    .replace(/([A-Z])/g, '-$1')
    .replace(/(\d+)/g, '-$1')
    .toLowerCase()}`;
}

/** An optional integer option within [min, max] (numbers or their text). */
function integerIn(value: unknown, option: string, min: number, max: number): void {
  if (value === undefined || value === null) return;
  const text = String(value).trim();
  const n = Number(text);
  if (!/^[+-]?\d+$/.test(text) || n < min || n > max)
    throw new GoeError(
      'OPTION_INVALID',
      `${option} must be an integer from ${min} to ${max}, got ${JSON.stringify(String(value))}`,
      {
        variable: option,
      },
    );
}

/** GOE's execution ids are UUIDs. */
const EXECUTION_ID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

function splitOwnerTable(text: string | undefined, option: string, message: string): [string, string] {
  // eslint-disable-next-line no-control-regex
  if (typeof text === 'string' && /[\u0000-\u001f\u007f]/.test(text))
    throw new GoeError('OPTION_INVALID', `${message}; got ${JSON.stringify(text)} (a control character)`, {
      variable: option,
    });
  const parts = typeof text === 'string' ? text.trim().split('.') : [];
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '')
    throw new GoeError('OPTION_INVALID', message, { variable: option });
  return [parts[0]!, parts[1]!];
}

/**
 * Parses a chunk size (`--max-offload-chunk-size`, `MAX_OFFLOAD_CHUNK_SIZE`): bytes with an optional binary unit
 * `B`, `K`, `M`, `G` or `T`.
 *
 * @throws GoeError `OPTION_INVALID` naming `option`
 * @example
 * parseChunkSize('16G') // 17179869184
 * parseChunkSize('1.5K') // 1536
 */
export function parseChunkSize(text: string, option = '--max-offload-chunk-size'): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([BKMGT]?)\s*$/i.exec(text);
  if (!m) {
    throw new GoeError(
      'OPTION_INVALID',
      `Invalid ${option} value: ${text} (bytes with an optional unit B, K, M, G or T)`,
      {
        variable: option,
      },
    );
  }
  const power = 'BKMGT'.indexOf((m[2] || 'B').toUpperCase());
  return Math.floor(Number(m[1]) * 1024 ** power);
}

/**
 * Validates a chunk count (`--max-offload-chunk-count`): an integer from 1 to 1000.
 *
 * @throws GoeError `OPTION_INVALID`
 * @example
 * parseChunkCount(4) // 4
 */
export function parseChunkCount(value: number | string, option = '--max-offload-chunk-count'): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1000)
    throw new GoeError('OPTION_INVALID', `Invalid ${option} value: ${value} (an integer from 1 to 1000)`, {
      variable: option,
    });
  return n;
}

/** GOE's `normalise_ddl_file`: `AUTO` passes; a URI (contains `:`) passes; a local path must be new in an existing directory. */
function checkDdlPath(path: string): string {
  if (path.toUpperCase() === 'AUTO') return 'AUTO';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path))
    throw new GoeError(
      'OPTION_INVALID',
      `--ddl-file must not contain control characters, got ${JSON.stringify(path)}`,
      {
        variable: '--ddl-file',
      },
    );
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) {
    throw new GoeError('OPTION_INVALID', `DDL file URIs are not supported yet: ${path}`, { variable: '--ddl-file' });
  }
  const full = resolve(path);
  if (existsSync(full))
    throw new GoeError('OPTION_INVALID', `DDL path already exists: ${full}`, { variable: '--ddl-file' });
  const dir = dirname(full);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new GoeError('OPTION_INVALID', `DDL file directory does not exist: ${dir}`, { variable: '--ddl-file' });
  }
  return full;
}

function strip<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}
