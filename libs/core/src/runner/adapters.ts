/**
 * Which adapters an offload uses: injected ones (library users, tests) or those the configuration names, loaded
 * through the registry — `FRONTEND_DISTRIBUTION`, `QUERY_ENGINE`, `OFFLOAD_FS_SCHEME`, the scheme of
 * `OFFLOAD_REPOSITORY_URL`, `OFFLOAD_LOCK`, and a transport chosen GOE's way (`--offload-transport-method`, else
 * the first available of the `OFFLOAD_TRANSPORT` rule set). Core imports no adapter package.
 */
import { GoeError, isGoeError } from '../errors.js';
import type { ConfigSchema, ResolvedConfig } from '../config/schema.js';
import type { AdapterContext } from '../contracts/context.js';
import type { FrontendAdapter } from '../contracts/frontend.js';
import type { BackendAdapter } from '../contracts/backend.js';
import type { TransportAdapter, TransportMethod } from '../contracts/transport.js';
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
}

/**
 * Transport methods tried per `OFFLOAD_TRANSPORT` rule set (default `AUTO`), in order (GOE's, with NATIVE for
 * QUERY_IMPORT).
 *
 * @example
 * TRANSPORT_RULE_SETS.GOE // ['SPARK_THRIFT', 'NATIVE', 'SPARK_LIVY', 'SPARK_SUBMIT']
 */
export const TRANSPORT_RULE_SETS: Readonly<Record<string, readonly TransportMethod[]>> = Object.freeze({
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
 * Loads the adapters the configuration names, unless injected.
 *
 * @throws GoeError `ADAPTER_INVALID` when a named adapter is not installed or registered
 * @example
 * const resolved = await resolveAdapters(commonConfig, registry, {}, undefined);
 */
export async function resolveAdapters(
  config: ResolvedConfig,
  registry: Registry,
  injected: Partial<OffloadAdapters>,
  transportMethod: string | undefined,
): Promise<ResolvedAdapters> {
  const name = (variable: string, fallback: string) => String(config.get<string>(variable) ?? fallback);
  const frontend = injected.frontend ?? (await registry.load('frontend', name('FRONTEND_DISTRIBUTION', 'POSTGRES')));
  const backend = injected.backend ?? (await registry.load('backend', name('QUERY_ENGINE', 'DUCKDB')));
  const storage = injected.storage ?? (await registry.load('storage', name('OFFLOAD_FS_SCHEME', 'file')));
  const repository =
    injected.repository ??
    (await registry.load('repository', repositoryScheme(config.get<string>('OFFLOAD_REPOSITORY_URL'))));
  const lock = injected.lock ?? (await registry.load('lock', name('OFFLOAD_LOCK', 'file')));
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
  const rule =
    transportMethod === undefined ? name('OFFLOAD_TRANSPORT', 'AUTO').toUpperCase() : transportMethod.toUpperCase();
  const methods = transportMethod === undefined ? (TRANSPORT_RULE_SETS[rule] ?? TRANSPORT_RULE_SETS.AUTO!) : [rule];
  const transports = [];
  for (const method of methods) {
    try {
      transports.push({ method, adapter: await registry.load('transport', method) });
    } catch (e) {
      if (!isGoeError(e) || e.code !== 'ADAPTER_INVALID') throw e;
      transports.push({ method, reason: e.message });
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

function repositoryScheme(url: string | undefined): string {
  if (url === undefined || url === '') return 'sqlite';
  const i = url.indexOf(':');
  if (i <= 0)
    throw new GoeError('CONFIG_INVALID', 'OFFLOAD_REPOSITORY_URL must start with a scheme (sqlite: or postgres:)', {
      variable: 'OFFLOAD_REPOSITORY_URL',
    });
  return url.slice(0, i).toLowerCase();
}
