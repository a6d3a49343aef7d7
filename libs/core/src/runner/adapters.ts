/**
 * Which adapters an offload uses: injected ones (library users, tests) or those the configuration names, loaded
 * through the registry after `GOE_PLUGINS` — `FRONTEND_DISTRIBUTION`, `QUERY_ENGINE`, `OFFLOAD_FS_SCHEME`, the
 * scheme of `OFFLOAD_REPOSITORY_URL`, `OFFLOAD_LOCK`, and a transport chosen GOE's way (`--offload-transport-method`,
 * else the first available of the `OFFLOAD_TRANSPORT` rule set, whose method names the registry's catalog supplies).
 * Core imports no adapter package and names none: an unknown name is refused here, naming its variable.
 */
import { GoeError, isGoeError } from '../errors.js';
import { didYouMean } from '../did-you-mean.js';
import type { ConfigSchema, ResolvedConfig } from '../config/schema.js';
import { commonConfig } from '../config/common.js';
import type { AdapterContext } from '../contracts/context.js';
import type { FrontendAdapter } from '../contracts/frontend.js';
import type { BackendAdapter } from '../contracts/backend.js';
import { transportReads, type TransportAdapter } from '../contracts/transport.js';
import type { StorageAdapter } from '../contracts/storage.js';
import type { RepositoryAdapter } from '../contracts/repository.js';
import type { LockAdapter } from '../contracts/lock.js';
import type { Registry } from '../registry.js';

/** The adapters of one offload. */
export interface OffloadAdapters {
  readonly frontend: FrontendAdapter;
  readonly backend: BackendAdapter;
  readonly transport: TransportAdapter;
  readonly storage: StorageAdapter;
  readonly repository: RepositoryAdapter;
  readonly lock: LockAdapter;
  /**
   * Under a rule set (no forced or injected transport) whose choice reads in this process: finds the first other
   * available transport of the rule set that reads the source itself (`reads: 'source'`, a cluster transport), for
   * a table larger than the small-table threshold ({@link settleTransport}). Absent otherwise.
   */
  readonly clusterTransport?: () => Promise<TransportAdapter | undefined>;
}

/** Adapters resolved except the transport, which needs the full configuration to check availability. */
export interface ResolvedAdapters extends Omit<OffloadAdapters, 'transport'> {
  /** Transport candidates in order (one when forced or injected), with the reason a candidate could not load. */
  readonly transports: readonly {
    readonly method: string;
    readonly adapter?: TransportAdapter;
    readonly reason?: string;
  }[];
  /** How candidates were chosen, for the "No valid transport methods" message. */
  readonly transportRule: string;
}

/**
 * Loads the adapters the configuration names, unless injected. Call it after `GOE_PLUGINS` are loaded: names are
 * checked against everything registered then and the registry's catalog.
 *
 * @throws GoeError `CONFIG_INVALID` naming the variable (`OPTION_INVALID` for `--offload-transport-method`) when a
 *   name is unknown ("did you mean …", what is available) or its catalog package is not installed ("npm i …")
 * @example
 * const resolved = await resolveAdapters(commonConfig, registry, {}, undefined);
 */
export async function resolveAdapters(
  config: ResolvedConfig,
  registry: Registry,
  injected: Partial<OffloadAdapters>,
  transportMethod: string | undefined,
): Promise<ResolvedAdapters> {
  const named = (variable: string) => {
    const value = config.get<string>(variable) ?? commonDefault(registry, variable);
    if (value === undefined || String(value).trim() === '') throw notSet(variable);
    return String(value);
  };
  const frontend =
    injected.frontend ??
    (await registry.load('frontend', named('FRONTEND_DISTRIBUTION'), { variable: 'FRONTEND_DISTRIBUTION' }));
  const backend =
    injected.backend ?? (await registry.load('backend', named('QUERY_ENGINE'), { variable: 'QUERY_ENGINE' }));
  const storage =
    injected.storage ?? (await registry.load('storage', named('OFFLOAD_FS_SCHEME'), { variable: 'OFFLOAD_FS_SCHEME' }));
  const repository =
    injected.repository ??
    (await registry.load('repository', repositoryScheme(registry, config.get<string>('OFFLOAD_REPOSITORY_URL')), {
      variable: 'OFFLOAD_REPOSITORY_URL',
    }));
  const lock = injected.lock ?? (await registry.load('lock', named('OFFLOAD_LOCK'), { variable: 'OFFLOAD_LOCK' }));
  if (injected.transport !== undefined) {
    return {
      frontend,
      backend,
      storage,
      repository,
      lock,
      transports: [{ method: injected.transport.name, adapter: injected.transport }],
      transportRule: injected.transport.name,
    };
  }
  if (transportMethod !== undefined) {
    const adapter = await registry.load('transport', transportMethod, { variable: '--offload-transport-method' });
    const method = transportMethod.toUpperCase();
    return { frontend, backend, storage, repository, lock, transports: [{ method, adapter }], transportRule: method };
  }
  const rule = (named('OFFLOAD_TRANSPORT') || 'AUTO').toUpperCase();
  const methods = registry.transportRule(rule);
  if (methods === undefined) {
    const rules = registry.transportRuleNames();
    const guess = didYouMean(rule, rules);
    throw new GoeError(
      'CONFIG_INVALID',
      `OFFLOAD_TRANSPORT=${rule} is not a transport rule set${guess ? ` (did you mean ${guess}?)` : ''}; available: ${rules.join(', ')}`,
      { variable: 'OFFLOAD_TRANSPORT', hint: 'Rule sets come with the adapter catalog (npm i @goe/stack)' },
    );
  }
  const transports = [];
  for (const method of methods) {
    try {
      transports.push({ method: method.toUpperCase(), adapter: await registry.load('transport', method) });
    } catch (e) {
      if (!isGoeError(e) || e.code !== 'ADAPTER_INVALID') throw e;
      transports.push({ method: method.toUpperCase(), reason: e.message });
    }
  }
  return { frontend, backend, storage, repository, lock, transports, transportRule: rule };
}

/** Every configuration schema the resolved adapters declare. @internal */
export function adapterSchemas(r: ResolvedAdapters): ConfigSchema[] {
  const list = [
    r.frontend,
    r.backend,
    r.storage,
    r.repository,
    r.lock,
    ...r.transports.flatMap((t) => (t.adapter ? [t.adapter] : [])),
  ];
  const seen = new Set<ConfigSchema>();
  return list.map((a) => a.configSchema).filter((s) => (seen.has(s) ? false : (seen.add(s), true)));
}

/**
 * Picks the first transport whose `available(ctx)` says ok (GOE's AUTO selection). @internal
 *
 * @throws GoeError `CONFIG_INVALID` "No valid transport methods found for offload transport: AUTO" with each reason
 */
export async function chooseTransport(r: ResolvedAdapters, ctx: AdapterContext): Promise<TransportAdapter> {
  const reasons: string[] = [];
  for (const t of r.transports) {
    if (t.adapter === undefined) {
      reasons.push(`${t.method}: ${t.reason ?? 'not installed'}`);
      continue;
    }
    const a = await t.adapter.available(ctx);
    if (a.ok) return t.adapter;
    reasons.push(`${t.method}: ${a.reason ?? 'not available'}`);
  }
  throw new GoeError('CONFIG_INVALID', `No valid transport methods found for offload transport: ${r.transportRule}`, {
    variable: 'OFFLOAD_TRANSPORT',
    hint: reasons.join('; '),
  });
}

/**
 * GOE's AUTO choice ({@link chooseTransport}) plus, when the choice was made from a rule set and reads in this
 * process, the lookup of a cluster transport for large tables ({@link OffloadAdapters.clusterTransport}).
 *
 * @throws GoeError `CONFIG_INVALID` as {@link chooseTransport}
 * @example
 * const adapters: OffloadAdapters = { ...resolved, ...(await chooseOffloadTransport(resolved, ctx)) };
 */
export async function chooseOffloadTransport(
  r: ResolvedAdapters,
  ctx: AdapterContext,
): Promise<Pick<OffloadAdapters, 'transport' | 'clusterTransport'>> {
  const transport = await chooseTransport(r, ctx);
  // forced (`--offload-transport-method`) and injected transports come alone: never replaced
  if (r.transports.length < 2 || transportReads(transport) !== 'session') return { transport };
  const clusterTransport = async (): Promise<TransportAdapter | undefined> => {
    for (const t of r.transports) {
      const a = t.adapter;
      if (a === undefined || a === transport || transportReads(a) !== 'source') continue;
      if ((await a.available(ctx)).ok) return a;
    }
    return undefined;
  };
  return { transport, clusterTransport };
}

/** GOE's notice when a large table has no cluster transport to go to. */
export const SMALL_TABLE_THRESHOLD_NOTICE = (size: string, threshold: string, method: string) =>
  `Table size ${size} exceeds --offload-transport-small-table-threshold ${threshold}; no cluster transport is available, using ${method}`;

/**
 * The transport of an offload once the source table's size is known: GOE's AUTO rule that the in-process
 * transport is for tables up to `--offload-transport-small-table-threshold`. When the table (its whole size, as in
 * GOE) is larger and the transport was chosen from a rule set, the first available cluster transport of the rule
 * set is used instead (logged); when there is none, the in-process one is kept with
 * {@link SMALL_TABLE_THRESHOLD_NOTICE} (GOE would fail). A forced or injected transport is never replaced.
 * Returns the adapters to use (the same object when nothing changes).
 *
 * @example
 * const adapters = await settleTransport(s.adapters, { sizeBytes: source.sizeBytes, threshold: s.settings.smallTableThreshold, notice: s.notice, log: (m) => s.logger.info(m) });
 */
export async function settleTransport(
  adapters: OffloadAdapters,
  input: {
    readonly sizeBytes: number | undefined;
    readonly threshold: number;
    readonly notice: (message: string) => void;
    readonly log?: (message: string) => void;
  },
): Promise<OffloadAdapters> {
  const { sizeBytes, threshold } = input;
  if (adapters.clusterTransport === undefined || sizeBytes === undefined || sizeBytes <= threshold) return adapters;
  const other = await adapters.clusterTransport();
  const size = decimalSizeText(sizeBytes);
  const limit = decimalSizeText(threshold);
  if (other === undefined) {
    input.notice(SMALL_TABLE_THRESHOLD_NOTICE(size, limit, adapters.transport.capabilities.method));
    return adapters;
  }
  input.log?.(
    `Table size ${size} exceeds --offload-transport-small-table-threshold ${limit}: using transport ${other.capabilities.method} instead of ${adapters.transport.capabilities.method}`,
  );
  return { ...adapters, transport: other };
}

/**
 * A byte count in decimal units, as the threshold is given (`20M`, `1.5K`, `999`).
 *
 * @example
 * decimalSizeText(20_000_000) // '20M'
 * decimalSizeText(40_960) // '41K'
 */
export function decimalSizeText(bytes: number): string {
  const units: readonly [string, number][] = [
    ['P', 1e15],
    ['T', 1e12],
    ['G', 1e9],
    ['M', 1e6],
    ['K', 1e3],
  ];
  for (const [unit, n] of units) {
    if (bytes >= n) {
      const v = bytes / n;
      return `${v >= 10 ? Math.round(v) : Math.round(v * 10) / 10}${unit}`;
    }
  }
  return String(bytes);
}

/** The default of a common variable (the registry catalog's, else core's), for a configuration loaded without it. */
function commonDefault(registry: Registry, variable: string): string | undefined {
  return commonConfig(registry.catalog?.defaults).variables.find((v) => v.name === variable)?.default;
}

/** An adapter-name variable that is unset, with no catalog default. */
function notSet(variable: string): GoeError {
  return new GoeError('CONFIG_INVALID', `${variable} is not set, and no adapter catalog gives it a default`, {
    variable,
    hint: `Set ${variable} in offload.env or the environment, or use @goe/stack (npm i @goe/stack), whose catalog defaults to its embedded stack`,
  });
}

function repositoryScheme(registry: Registry, url: string | undefined): string {
  url ??= commonDefault(registry, 'OFFLOAD_REPOSITORY_URL');
  if (url === undefined || url.trim() === '') throw notSet('OFFLOAD_REPOSITORY_URL');
  const i = url.indexOf(':');
  if (i <= 0)
    throw new GoeError(
      'CONFIG_INVALID',
      'OFFLOAD_REPOSITORY_URL must start with a scheme naming the repository adapter',
      {
        variable: 'OFFLOAD_REPOSITORY_URL',
      },
    );
  return url.slice(0, i).toLowerCase();
}
