/**
 * The settings of one offload command: each value the steps read from an option or a configuration variable,
 * resolved once (option, else configuration, else GOE's default) and validated before anything is recorded, so
 * no step reads the configuration itself.
 */
import { join } from 'node:path';
import { GoeError, isGoeError } from '../errors.js';
import type { ConfigValue, ResolvedConfig } from '../config/schema.js';
import type { StagingFormat } from '../contracts/storage.js';
import { LOG_LEVELS, type LogLevel } from '../logging.js';
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
  /** `OFFLOAD_COMPRESS_LOAD_TABLE`; default `false`. */
  readonly compress: boolean;
  /** `--not-null-propagation`, else `OFFLOAD_NOT_NULL_PROPAGATION`, else `AUTO`. */
  readonly notNullPropagation: NotNullPropagation;
  /** `OFFLOAD_TRANSPORT_CONSISTENT_READ`: read every slice from one source snapshot; default `true`. */
  readonly consistentRead: boolean;
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
}

/** GOE's defaults of {@link RunSettings}. @example RUN_SETTING_DEFAULTS.transportParallelism // 2 */
export const RUN_SETTING_DEFAULTS = Object.freeze({
  transportParallelism: 2,
  fetchSize: 5000,
  stagingFormat: 'PARQUET' as StagingFormat,
  compress: false,
  notNullPropagation: 'AUTO' as NotNullPropagation,
  consistentRead: true,
  maxChunkCount: 100,
  maxChunkSize: '16G',
  dbNamePrefix: '',
  logLevel: 'info' as LogLevel,
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
  const raw = opts.raw;
  const d = RUN_SETTING_DEFAULTS;
  const identifierCase = oneOf(config, 'BACKEND_IDENTIFIER_CASE', IDENTIFIER_CASES, (v) => v.toUpperCase());
  return {
    transportParallelism:
      raw.offloadTransportParallelism ?? integer(config, 'OFFLOAD_TRANSPORT_PARALLELISM', 1) ?? d.transportParallelism,
    fetchSize: raw.offloadTransportFetchSize ?? integer(config, 'OFFLOAD_TRANSPORT_FETCH_SIZE', 1) ?? d.fetchSize,
    stagingFormat: oneOf(config, 'OFFLOAD_STAGING_FORMAT', STAGING_FORMATS, (v) => v.toUpperCase()) ?? d.stagingFormat,
    compress: flag(config, 'OFFLOAD_COMPRESS_LOAD_TABLE') ?? d.compress,
    notNullPropagation:
      raw.notNullPropagation === undefined
        ? (oneOf(config, 'OFFLOAD_NOT_NULL_PROPAGATION', NOT_NULL_PROPAGATIONS, (v) => v.toUpperCase()) ??
          d.notNullPropagation)
        : normalizeNotNullPropagation(raw.notNullPropagation),
    consistentRead: flag(config, 'OFFLOAD_TRANSPORT_CONSISTENT_READ') ?? d.consistentRead,
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
  };
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
