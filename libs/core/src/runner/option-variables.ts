/**
 * One precedence rule for every GOE option that has a configuration variable: option > process environment >
 * `offload.env` > default. {@link OPTION_VARIABLES} pairs each option with its variable (and the reverse);
 * {@link resolveOptionOverrides} checks the options' values against the variables' declarations (the same ranges,
 * choices and forms as the variables, so an option and its variable accept exactly the same values), and
 * {@link applyOptionOverrides} lays them over a loaded configuration as its top layer. The runner reads its run
 * settings and chooses its adapters through that configuration; nothing else compares options with variables.
 */
import { GoeError } from '../errors.js';
import { quoteInput } from '../config/text.js';
import { COMMON_CONFIG } from '../config/common.js';
import { coerceConfigValue, type ConfigSource } from '../config/load.js';
import { assertPathValue } from '../config/paths.js';
import type { ConfigSchema, ConfigValue, ConfigVariable, ResolvedConfig } from '../config/schema.js';

/** One GOE option and the configuration variable it overrides. */
export interface OptionVariable {
  /** The command-line flag, e.g. `--offload-transport-parallelism`. */
  readonly flag: string;
  /** The variable (canonical name), e.g. `OFFLOAD_TRANSPORT_PARALLELISM`. */
  readonly variable: string;
  /** GOE's other names of the variable, also overridden (e.g. `LOG_LEVEL`). */
  readonly aliases?: readonly string[];
  /**
   * The `OffloadOptions` key, e.g. `offloadTransportParallelism`. Absent for options an adapter declares
   * (`AdapterOption.variable`: the CLI sets the variable for the run).
   */
  readonly key?: string;
  /** For a path: what it names, in messages (e.g. `log directory`). */
  readonly purpose?: string;
}

/**
 * Every GOE option that has a configuration variable (reference §1.2 and §7.2), with its `OffloadOptions` key.
 * Rows without `key` are engine options declared by their adapter package (their value reaches the variable through
 * the adapter option mechanism). The variable behind `--target` is the backend's adapter name.
 *
 * @example
 * OPTION_VARIABLES.find((o) => o.flag === '--offload-transport-parallelism')?.variable // 'OFFLOAD_TRANSPORT_PARALLELISM'
 */
export const OPTION_VARIABLES: readonly OptionVariable[] = Object.freeze([
  { flag: '--target', variable: 'QUERY_ENGINE', key: 'target' },
  {
    flag: '--offload-transport-parallelism',
    variable: 'OFFLOAD_TRANSPORT_PARALLELISM',
    key: 'offloadTransportParallelism',
  },
  {
    flag: '--offload-transport-fetch-size',
    variable: 'OFFLOAD_TRANSPORT_FETCH_SIZE',
    key: 'offloadTransportFetchSize',
  },
  {
    flag: '--offload-transport-consistent-read',
    variable: 'OFFLOAD_TRANSPORT_CONSISTENT_READ',
    key: 'offloadTransportConsistentRead',
  },
  {
    flag: '--offload-transport-small-table-threshold',
    variable: 'OFFLOAD_TRANSPORT_SMALL_TABLE_THRESHOLD',
    key: 'offloadTransportSmallTableThreshold',
  },
  { flag: '--max-offload-chunk-size', variable: 'MAX_OFFLOAD_CHUNK_SIZE', key: 'maxOffloadChunkSize' },
  { flag: '--max-offload-chunk-count', variable: 'MAX_OFFLOAD_CHUNK_COUNT', key: 'maxOffloadChunkCount' },
  { flag: '--offload-fs-scheme', variable: 'OFFLOAD_FS_SCHEME', key: 'offloadFsScheme' },
  { flag: '--offload-fs-container', variable: 'OFFLOAD_FS_CONTAINER', key: 'offloadFsContainer' },
  { flag: '--offload-fs-prefix', variable: 'OFFLOAD_FS_PREFIX', key: 'offloadFsPrefix' },
  { flag: '--compress-load-table', variable: 'OFFLOAD_COMPRESS_LOAD_TABLE', key: 'compressLoadTable' },
  { flag: '--verify-parallelism', variable: 'OFFLOAD_VERIFY_PARALLELISM', key: 'verifyParallelism' },
  { flag: '--offload-stats', variable: 'OFFLOAD_STATS_METHOD', key: 'offloadStats' },
  { flag: '--not-null-propagation', variable: 'OFFLOAD_NOT_NULL_PROPAGATION', key: 'notNullPropagation' },
  { flag: '--data-sample-parallelism', variable: 'DATA_SAMPLE_PARALLELISM', key: 'dataSampleParallelism' },
  { flag: '--log-level', variable: 'OFFLOAD_LOG_LEVEL', aliases: ['LOG_LEVEL'], key: 'logLevel' },
  { flag: '--log-format', variable: 'OFFLOAD_LOG_FORMAT', key: 'logFormat' },
  { flag: '--log-path', variable: 'OFFLOAD_LOGDIR', key: 'logPath', purpose: 'log directory' },
  // transport options of cluster transports: declared by the adapter package that reads the variable (its other
  // engine options, with their variables, are listed by that package's AdapterOption entries, not here)
  { flag: '--offload-transport-dsn', variable: 'OFFLOAD_TRANSPORT_DSN' },
  {
    flag: '--offload-transport-validation-polling-interval',
    variable: 'OFFLOAD_TRANSPORT_VALIDATION_POLLING_INTERVAL',
  },
] satisfies OptionVariable[]);

/**
 * The row of a flag or of a variable (canonical name or GOE alias); `undefined` when it has none.
 *
 * @example
 * optionVariable('LOG_LEVEL')?.flag // '--log-level'
 * optionVariable('--target')?.variable // 'QUERY_ENGINE'
 */
export function optionVariable(flagOrVariable: string): OptionVariable | undefined {
  const name = flagOrVariable.trim();
  const upper = name.toUpperCase();
  return OPTION_VARIABLES.find((o) => o.flag === name || o.variable === upper || (o.aliases ?? []).includes(upper));
}

/** A variable's value given by its option. */
export interface OptionOverride {
  readonly flag: string;
  readonly variable: string;
  /** Typed as the variable's declaration types it (a number for an integer, a boolean, an enum's spelling…). */
  readonly value: ConfigValue;
}

/** The overrides of one command, by canonical variable name. */
export type OptionOverrides = ReadonlyMap<string, OptionOverride>;

/** Option values as given (an `OffloadOptions`, or any object with its keys). */
export type OptionValues = object;

/**
 * The variables the given options override, each value checked and typed by the variable's declaration in
 * `schemas` (default {@link COMMON_CONFIG}); a variable no schema declares keeps the option's text. Pure.
 *
 * @throws GoeError `OPTION_INVALID` naming the option (`variable: '--flag'`), e.g.
 *   "--offload-transport-parallelism must be an integer between 1 and 1024 (got \"0\")"
 * @example
 * resolveOptionOverrides({ table: 'SH.SALES', offloadTransportParallelism: 4 }).get('OFFLOAD_TRANSPORT_PARALLELISM')?.value // 4
 */
export function resolveOptionOverrides(
  options: OptionValues,
  schemas: readonly ConfigSchema[] = [COMMON_CONFIG],
): OptionOverrides {
  const declared = new Map<string, ConfigVariable>();
  for (const s of schemas) for (const v of s.variables) declared.set(v.name, v);
  const values = options as Readonly<Record<string, unknown>>;
  const out = new Map<string, OptionOverride>();
  for (const row of OPTION_VARIABLES) {
    if (row.key === undefined) continue;
    const given = values[row.key];
    if (given === undefined || given === null) continue;
    const text = optionText(given, row.flag);
    const v = declared.get(row.variable);
    if (v === undefined) {
      out.set(row.variable, { flag: row.flag, variable: row.variable, value: text });
      continue;
    }
    // a path: the same refusals as every path option ("--log-path is empty: give a log directory")
    if (v.type === 'path')
      assertPathValue(text, { option: row.flag, ...(row.purpose ? { purpose: row.purpose } : {}) });
    // eslint-disable-next-line no-control-regex
    if (text.trim() === '' || /[\u0000-\u001f\u007f]/.test(text)) {
      throw new GoeError('OPTION_INVALID', `${row.flag} needs a value on one line (got ${quoteInput(text)})`, {
        variable: row.flag,
      });
    }
    const r = coerceConfigValue(v, text);
    if (!r.ok) {
      // one line: a suggestion ("Did you mean NATIVE?") joins the message
      const suggestion = r.hint === undefined ? '' : `; ${r.hint.charAt(0).toLowerCase()}${r.hint.slice(1)}`;
      throw new GoeError(
        'OPTION_INVALID',
        `${row.flag} ${r.problem} (got ${quoteInput(text, { max: 80 })})${suggestion}`,
        { variable: row.flag },
      );
    }
    out.set(row.variable, { flag: row.flag, variable: row.variable, value: r.value });
  }
  return out;
}

/** An option value as the text its variable would hold. */
function optionText(value: unknown, flag: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint') return value.toString();
  throw new GoeError('OPTION_INVALID', `${flag} takes one value, got ${quoteInput(JSON.stringify(value) ?? '')}`, {
    variable: flag,
  });
}

/**
 * Lays option values over a configuration as its top layer: `get`, `require` and `keys` see the option's value
 * first, then whatever `config` resolved (environment > `offload.env` > default); `source(name)` says `option`
 * for an overridden variable (when `config` has `source`). Every other property of `config` (`offloadHome`,
 * `masker`, `file`, `warnings`…) is kept. Aliases are overridden with their variable (`LOG_LEVEL` with
 * `OFFLOAD_LOG_LEVEL`). Returns `config` itself when no option overrides anything.
 *
 * @throws GoeError `OPTION_INVALID` naming the option when `options` holds a bad value (see {@link resolveOptionOverrides})
 * @example
 * const config = applyOptionOverrides(loadConfig({ schemas: [COMMON_CONFIG] }), { table: 'SH.SALES', target: 'quack' });
 * config.get('QUERY_ENGINE') // 'quack', whatever the environment says
 */
export function applyOptionOverrides<T extends ResolvedConfig>(
  config: T,
  options: OptionValues | OptionOverrides,
  schemas?: readonly ConfigSchema[],
): T {
  const overrides = options instanceof Map ? (options as OptionOverrides) : resolveOptionOverrides(options, schemas);
  if (overrides.size === 0) return config;
  const byName = new Map<string, OptionOverride>();
  for (const o of overrides.values()) {
    byName.set(o.variable, o);
    for (const a of optionVariable(o.variable)?.aliases ?? []) byName.set(a, o);
  }
  const base = config as T & {
    source?(name: string): ConfigSource | undefined;
    toJSON?(): Record<string, ConfigValue>;
  };
  const get = <V extends ConfigValue = ConfigValue>(name: string): V | undefined =>
    (byName.get(name)?.value as V | undefined) ?? base.get<V>(name);
  const layered: Record<string | symbol, unknown> = {
    ...(config as object),
    get,
    require<V extends ConfigValue = ConfigValue>(name: string): V {
      const o = byName.get(name);
      return o === undefined ? base.require<V>(name) : (o.value as V);
    },
    keys: () => Object.freeze([...new Set([...base.keys(), ...[...overrides.keys()]])]),
    mask: (text: string) => base.mask(text),
  };
  if (typeof base.source === 'function') {
    const source = base.source.bind(base);
    layered.source = (name: string): ConfigSource | undefined => (byName.has(name) ? 'option' : source(name));
  }
  if (typeof base.toJSON === 'function') {
    const toJSON = base.toJSON.bind(base);
    layered.toJSON = () => {
      const out = toJSON();
      for (const o of overrides.values()) out[o.variable] = o.value;
      return out;
    };
    Object.defineProperty(layered, Symbol.for('nodejs.util.inspect.custom'), {
      value: layered.toJSON,
      enumerable: false,
    });
  }
  return Object.freeze(layered) as T;
}
