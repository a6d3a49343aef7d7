/**
 * The settings of one offload command: each value the steps read from an option or a configuration variable,
 * resolved once (option, else configuration, else GOE's default) and validated before anything is recorded, so
 * no step reads the configuration itself.
 */
import { join } from 'node:path';
import { GoeError, isGoeError } from '../errors.js';
import type { ConfigValue, ResolvedConfig } from '../config/schema.js';
import { adapterDisplayName } from '../contracts/adapter.js';
import type { BackendAdapter } from '../contracts/backend.js';
import type { StagingFormat } from '../contracts/storage.js';
import { LOG_FORMATS, LOG_LEVELS, type LogFormat, type LogLevel } from '../logging.js';
import { normalizeNotNullPropagation, type NotNullPropagation } from '../types/data-type-controls.js';
import { parseChunkCount, parseChunkSize, type NormalizedOffloadOptions } from './options.js';
import type { IdentifierCase } from './target-naming.js';

/** What {@link resolveRunSettings} resolves; every value is final (defaults applied). */
export interface RunSettings {
  /**
   * Slices read at once: `--offload-transport-parallelism`, else `OFFLOAD_TRANSPORT_PARALLELISM`, else 2. The
   * planner still lowers it to 1 for a transport without `parallel` and to the frontend's `maxParallelism`.
   */
  readonly transportParallelism: number;
  /** Rows per fetch and per record batch: `--offload-transport-fetch-size`, else `OFFLOAD_TRANSPORT_FETCH_SIZE`, else 5000. */
  readonly fetchSize: number;
  /** `OFFLOAD_STAGING_FORMAT` (upper case); default `PARQUET`. */
  readonly stagingFormat: StagingFormat;
  /** Compress the staged files: `--compress-load-table`, else `OFFLOAD_COMPRESS_LOAD_TABLE`, else `false`. */
  readonly compress: boolean;
  /** `--not-null-propagation`, else `OFFLOAD_NOT_NULL_PROPAGATION`, else `AUTO`. */
  readonly notNullPropagation: NotNullPropagation;
  /**
   * Read every slice from one source snapshot: `--offload-transport-consistent-read`, else
   * `OFFLOAD_TRANSPORT_CONSISTENT_READ`, else `true`.
   */
  readonly consistentRead: boolean;
  /**
   * The frontend's snapshot token to read at instead of opening a new one (GOE #240's explicit SCN):
   * `--offload-transport-snapshot`, else `OFFLOAD_TRANSPORT_SNAPSHOT`; default unset (a new snapshot).
   */
  readonly transportSnapshot?: string;
  /**
   * Largest source table (bytes) the in-process transport prefers under a rule set:
   * `--offload-transport-small-table-threshold`, else `OFFLOAD_TRANSPORT_SMALL_TABLE_THRESHOLD`, else `20M`
   * (decimal units: 20 000 000 bytes).
   */
  readonly smallTableThreshold: number;
  /**
   * Degree of parallelism of the frontend's verification reads: `--verify-parallelism`, else
   * `OFFLOAD_VERIFY_PARALLELISM`; default unset (the database decides). 0 and 1 read serially.
   */
  readonly verifyParallelism?: number;
  /**
   * GOE's `--offload-stats` method, else `OFFLOAD_STATS_METHOD`, else `NATIVE`: `NATIVE` computes the backend
   * table's statistics after the load, `NONE` skips it, `COPY` copies the source's (only a backend that declares it
   * can); `HISTORY` is resolved to `NATIVE`.
   */
  readonly statsMethod: StatsMethod;
  /** Most partitions per chunk: `--max-offload-chunk-count`, else `MAX_OFFLOAD_CHUNK_COUNT`, else 100. */
  readonly maxChunkCount: number;
  /** Most partition bytes per chunk: `--max-offload-chunk-size`, else `MAX_OFFLOAD_CHUNK_SIZE`, else `16G` (in bytes). */
  readonly maxChunkBytes: number;
  /** `DB_NAME_PREFIX`; default `''` (no prefix). */
  readonly dbNamePrefix: string;
  /** `BACKEND_IDENTIFIER_CASE`; default unset (the backend's own case). */
  readonly identifierCase?: IdentifierCase;
  /** Directory of the log files: `--log-path`, else `OFFLOAD_LOGDIR`, else `${OFFLOAD_HOME}/log`. */
  readonly logDir: string;
  /** `OFFLOAD_LOG_LEVEL`; default `info`. */
  readonly logLevel: LogLevel;
  /** `OFFLOAD_LOG_FORMAT` (`--log-format`); default `text`. */
  readonly logFormat: LogFormat;
}

/** How backend statistics are gathered after a load (`--offload-stats`). */
export type StatsMethod = 'NATIVE' | 'COPY' | 'NONE';

/**
 * The run options {@link resolveRunSettings} reads besides those of `OffloadOptions` it always had (declared here
 * too, so this module compiles whichever way `OffloadOptions` declares them).
 */
export interface TransportRunOptions {
  readonly offloadTransportConsistentRead?: boolean | string;
  readonly offloadTransportSnapshot?: string;
  readonly offloadTransportSmallTableThreshold?: string | number;
  readonly compressLoadTable?: boolean;
  readonly verifyParallelism?: number | string;
  readonly offloadStats?: string;
}

/** GOE's defaults of {@link RunSettings}. @example RUN_SETTING_DEFAULTS.transportParallelism // 2 */
export const RUN_SETTING_DEFAULTS = Object.freeze({
  transportParallelism: 2,
  fetchSize: 5000,
  stagingFormat: 'PARQUET' as StagingFormat,
  compress: false,
  notNullPropagation: 'AUTO' as NotNullPropagation,
  consistentRead: true,
  smallTableThreshold: '20M',
  statsMethod: 'NATIVE' as StatsMethod,
  maxChunkCount: 100,
  maxChunkSize: '16G',
  dbNamePrefix: '',
  logLevel: 'info' as LogLevel,
  logFormat: 'text' as LogFormat,
});

/** Where the defaults that depend on the installation come from. */
export interface RunSettingsPaths {
  /** `OFFLOAD_HOME`, for the default log directory; default the configuration's `OFFLOAD_HOME`. */
  readonly offloadHome?: string;
}

const STAGING_FORMATS: readonly StagingFormat[] = ['PARQUET', 'AVRO'];
const NOT_NULL_PROPAGATIONS: readonly NotNullPropagation[] = ['AUTO', 'NONE'];
const IDENTIFIER_CASES: readonly IdentifierCase[] = ['UPPER', 'LOWER', 'NO_MODIFY'];

/**
 * Resolves the settings of one command: each value from its option, else its configuration variable, else the
 * default in {@link RUN_SETTING_DEFAULTS}. Pure (reads only its arguments).
 *
 * @throws GoeError `OPTION_INVALID` naming the option, or `CONFIG_INVALID` naming the variable, for a value out of
 *   range or not one of the allowed values
 * @example
 * const settings = resolveRunSettings(normalizeOffloadOptions({ table: 'SH.SALES', offloadTransportParallelism: 4 }), config,
 *   { offloadHome: '/opt/goe' });
 * settings.transportParallelism // 4 (the option wins over OFFLOAD_TRANSPORT_PARALLELISM)
 * settings.logDir // '/opt/goe/log' unless OFFLOAD_LOGDIR or --log-path say otherwise
 */
export function resolveRunSettings(
  opts: NormalizedOffloadOptions,
  config: ResolvedConfig,
  paths: RunSettingsPaths = {},
): RunSettings {
  const raw = opts.raw as NormalizedOffloadOptions['raw'] & TransportRunOptions;
  const d = RUN_SETTING_DEFAULTS;
  const snapshot = optionText(raw.offloadTransportSnapshot) ?? fromConfig(config, 'OFFLOAD_TRANSPORT_SNAPSHOT', text);
  const verifyParallelism =
    raw.verifyParallelism === undefined
      ? integer(config, 'OFFLOAD_VERIFY_PARALLELISM', 0)
      : optionInteger(raw.verifyParallelism, '--verify-parallelism', 0);
  const identifierCase = oneOf(config, 'BACKEND_IDENTIFIER_CASE', IDENTIFIER_CASES, (v) => v.toUpperCase());
  return {
    transportParallelism:
      raw.offloadTransportParallelism ?? integer(config, 'OFFLOAD_TRANSPORT_PARALLELISM', 1) ?? d.transportParallelism,
    fetchSize: raw.offloadTransportFetchSize ?? integer(config, 'OFFLOAD_TRANSPORT_FETCH_SIZE', 1) ?? d.fetchSize,
    stagingFormat: oneOf(config, 'OFFLOAD_STAGING_FORMAT', STAGING_FORMATS, (v) => v.toUpperCase()) ?? d.stagingFormat,
    compress:
      raw.compressLoadTable === undefined
        ? (flag(config, 'OFFLOAD_COMPRESS_LOAD_TABLE') ?? d.compress)
        : raw.compressLoadTable === true,
    notNullPropagation:
      raw.notNullPropagation === undefined
        ? (oneOf(config, 'OFFLOAD_NOT_NULL_PROPAGATION', NOT_NULL_PROPAGATIONS, (v) => v.toUpperCase()) ??
          d.notNullPropagation)
        : normalizeNotNullPropagation(raw.notNullPropagation),
    consistentRead:
      raw.offloadTransportConsistentRead === undefined
        ? (flag(config, 'OFFLOAD_TRANSPORT_CONSISTENT_READ') ?? d.consistentRead)
        : optionFlag(raw.offloadTransportConsistentRead, '--offload-transport-consistent-read'),
    ...(snapshot === undefined ? {} : { transportSnapshot: snapshot }),
    smallTableThreshold:
      raw.offloadTransportSmallTableThreshold === undefined
        ? (fromConfig(config, 'OFFLOAD_TRANSPORT_SMALL_TABLE_THRESHOLD', (v) =>
            parseDecimalSize(text(v), 'OFFLOAD_TRANSPORT_SMALL_TABLE_THRESHOLD'),
          ) ?? parseDecimalSize(d.smallTableThreshold, 'OFFLOAD_TRANSPORT_SMALL_TABLE_THRESHOLD'))
        : parseDecimalSize(
            String(raw.offloadTransportSmallTableThreshold),
            '--offload-transport-small-table-threshold',
          ),
    ...(verifyParallelism === undefined ? {} : { verifyParallelism }),
    statsMethod:
      raw.offloadStats === undefined
        ? (fromConfig(config, 'OFFLOAD_STATS_METHOD', (v) => parseStatsMethod(text(v), 'OFFLOAD_STATS_METHOD')) ??
          d.statsMethod)
        : parseStatsMethod(raw.offloadStats, '--offload-stats'),
    maxChunkCount:
      raw.maxOffloadChunkCount === undefined
        ? (fromConfig(config, 'MAX_OFFLOAD_CHUNK_COUNT', (v) =>
            parseChunkCount(typeof v === 'number' ? v : text(v), 'MAX_OFFLOAD_CHUNK_COUNT'),
          ) ?? d.maxChunkCount)
        : parseChunkCount(raw.maxOffloadChunkCount),
    maxChunkBytes:
      raw.maxOffloadChunkSize === undefined
        ? (fromConfig(config, 'MAX_OFFLOAD_CHUNK_SIZE', (v) => parseChunkSize(text(v), 'MAX_OFFLOAD_CHUNK_SIZE')) ??
          parseChunkSize(d.maxChunkSize))
        : parseChunkSize(raw.maxOffloadChunkSize),
    dbNamePrefix: fromConfig(config, 'DB_NAME_PREFIX', text) ?? d.dbNamePrefix,
    ...(identifierCase === undefined ? {} : { identifierCase }),
    logDir: raw.logPath ?? fromConfig(config, 'OFFLOAD_LOGDIR', text) ?? defaultLogDir(config, paths),
    logLevel: oneOf(config, 'OFFLOAD_LOG_LEVEL', LOG_LEVELS, (v) => v.toLowerCase()) ?? d.logLevel,
    logFormat: oneOf(config, 'OFFLOAD_LOG_FORMAT', LOG_FORMATS, (v) => v.toLowerCase()) ?? d.logFormat,
  };
}

const STATS_METHODS = ['NATIVE', 'HISTORY', 'COPY', 'NONE'] as const;
const DECIMAL_UNITS: Readonly<Record<string, number>> = { '': 1, B: 1, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15 };

/**
 * Parses a size in decimal units (GOE's small-table threshold): digits with an optional `K`, `M`, `G`, `T` or `P`
 * (powers of 1000), e.g. `20M` → 20 000 000. `name` is the option or variable a bad value is reported against.
 *
 * @throws GoeError `OPTION_INVALID` (an option, `--…`) or `CONFIG_INVALID` (a variable) for anything else
 * @example
 * parseDecimalSize('20M', '--offload-transport-small-table-threshold') // 20000000
 * parseDecimalSize('1.5K', 'OFFLOAD_TRANSPORT_SMALL_TABLE_THRESHOLD') // 1500
 */
export function parseDecimalSize(value: string, name: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([BKMGTP]?)B?\s*$/i.exec(value);
  if (m === null)
    throw new GoeError(
      name.startsWith('--') ? 'OPTION_INVALID' : 'CONFIG_INVALID',
      `Invalid ${name} value: ${JSON.stringify(value)} (expected a size in bytes with an optional decimal unit K, M, G, T or P, e.g. 20M)`,
      { variable: name },
    );
  return Math.round(Number(m[1]) * DECIMAL_UNITS[m[2]!.toUpperCase()]!);
}

/**
 * Parses GOE's `--offload-stats` method (case-insensitive); `HISTORY` becomes `NATIVE` (no backend keeps a
 * history of statistics apart from its own).
 *
 * @throws GoeError `OPTION_INVALID` (or `CONFIG_INVALID` for the variable) for another value
 * @example
 * parseStatsMethod('history', '--offload-stats') // 'NATIVE'
 */
export function parseStatsMethod(value: string, name: string): StatsMethod {
  const v = value.trim().toUpperCase();
  const hit = STATS_METHODS.find((m) => m === v);
  if (hit === undefined)
    throw new GoeError(
      name.startsWith('--') ? 'OPTION_INVALID' : 'CONFIG_INVALID',
      `Invalid ${name} value: ${value} (expected one of ${STATS_METHODS.join(', ')})`,
      { variable: name },
    );
  return hit === 'HISTORY' ? 'NATIVE' : hit;
}

/** GOE's refusal of `--offload-stats COPY` by a backend that cannot take copied statistics. */
export const STATS_COPY_REFUSED = (backend: string) => `Invalid --offload-stats value for ${backend} backend: COPY`;

/**
 * Refuses `--offload-stats COPY` up front unless the backend declares `capabilities.statsCopy` (GOE's check in
 * `OffloadOperation`), with GOE's text.
 *
 * @throws GoeError `OPTION_INVALID` "Invalid --offload-stats value for <backend display name> backend: COPY"
 * @example
 * checkStatsMethod(settings, backendAdapter); // throws for COPY with a backend without statsCopy
 */
export function checkStatsMethod(settings: Pick<RunSettings, 'statsMethod'>, backend: BackendAdapter): void {
  if (settings.statsMethod !== 'COPY' || backend.capabilities.statsCopy === true) return;
  throw new GoeError('OPTION_INVALID', STATS_COPY_REFUSED(adapterDisplayName(backend)), {
    variable: '--offload-stats',
    hint: 'Use --offload-stats NATIVE (compute them in the backend) or NONE',
  });
}

/** A trimmed option text; empty → unset. */
function optionText(value: string | undefined): string | undefined {
  const t = value?.trim();
  return t === undefined || t === '' ? undefined : t;
}

/** A boolean option given as a boolean or as text (`true`/`false`, `y`/`n`…). */
function optionFlag(value: boolean | string, option: string): boolean {
  if (typeof value === 'boolean') return value;
  const t = value.trim().toLowerCase();
  if (TRUE_TEXTS.includes(t)) return true;
  if (FALSE_TEXTS.includes(t)) return false;
  throw new GoeError('OPTION_INVALID', `Invalid ${option} value: ${value} (expected true or false)`, {
    variable: option,
  });
}

/** An integer option of at least `min`. */
function optionInteger(value: number | string, option: string, min: number): number {
  const n = typeof value === 'number' ? value : Number(value.trim());
  if (!Number.isInteger(n) || n < min)
    throw new GoeError('OPTION_INVALID', `Invalid ${option} value: ${value} (expected an integer of at least ${min})`, {
      variable: option,
    });
  return n;
}

/** `${OFFLOAD_HOME}/log`. */
function defaultLogDir(config: ResolvedConfig, paths: RunSettingsPaths): string {
  const home = paths.offloadHome ?? fromConfig(config, 'OFFLOAD_HOME', text);
  if (home === undefined)
    throw new GoeError('CONFIG_INVALID', 'OFFLOAD_LOGDIR is not set and there is no OFFLOAD_HOME to default it from', {
      variable: 'OFFLOAD_LOGDIR',
      hint: 'Set OFFLOAD_LOGDIR or OFFLOAD_HOME, or give --log-path',
    });
  return join(home, 'log');
}

/**
 * Reads `variable` through `read`; unset → `undefined`. A value `read` refuses is `CONFIG_INVALID` naming the
 * variable, wrapping the refusal as its cause.
 */
function fromConfig<T>(config: ResolvedConfig, variable: string, read: (value: ConfigValue) => T): T | undefined {
  const value = config.get(variable);
  if (value === undefined) return undefined;
  try {
    return read(value);
  } catch (e) {
    if (isGoeError(e) && e.code === 'CONFIG_INVALID') throw e;
    const message = isGoeError(e)
      ? e.message
      : `${variable}: invalid value ${JSON.stringify(value)} (expected ${e instanceof Error ? e.message : String(e)})`;
    throw new GoeError('CONFIG_INVALID', message, { variable, cause: e });
  }
}

function text(value: ConfigValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Error('expected a single value, got a list');
}

function integer(config: ResolvedConfig, variable: string, min: number): number | undefined {
  return fromConfig(config, variable, (v) => {
    const n = typeof v === 'number' ? v : Number(text(v).trim());
    if (!Number.isInteger(n) || n < min) throw new Error(`an integer of at least ${min}`);
    return n;
  });
}

const TRUE_TEXTS = ['true', 'y', 'yes', 'on', '1'];
const FALSE_TEXTS = ['false', 'n', 'no', 'off', '0'];

function flag(config: ResolvedConfig, variable: string): boolean | undefined {
  return fromConfig(config, variable, (v) => {
    if (typeof v === 'boolean') return v;
    const t = text(v).trim().toLowerCase();
    if (TRUE_TEXTS.includes(t)) return true;
    if (FALSE_TEXTS.includes(t)) return false;
    throw new Error('true or false');
  });
}

function oneOf<T extends string>(
  config: ResolvedConfig,
  variable: string,
  values: readonly T[],
  normalize: (v: string) => string,
): T | undefined {
  return fromConfig(config, variable, (v) => {
    const n = normalize(text(v).trim());
    const hit = values.find((x) => x === n);
    if (hit === undefined) throw new Error(`one of ${values.join(', ')}`);
    return hit;
  });
}
