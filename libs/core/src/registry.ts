/**
 * The adapter registry (architecture §3): adapters by kind and name, first-party adapters loaded lazily through
 * a map of literal package specifiers, and third-party adapters from the packages named in `GOE_PLUGINS`.
 *
 * Identity across packages uses the `Symbol.for('goe:adapter')` brand ({@link isAdapter}), never `instanceof`,
 * so an adapter made by another copy of `@goe/core` in `node_modules` is accepted as long as its `apiVersion` is
 * one this copy supports.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GoeError, isGoeError } from './errors.js';
import { ADAPTER_BRAND, ADAPTER_KINDS, assertAdapterShape, isAdapter, type AdapterKind } from './contracts/adapter.js';
import type { FrontendAdapter } from './contracts/frontend.js';
import type { BackendAdapter } from './contracts/backend.js';
import type { TransportAdapter } from './contracts/transport.js';
import type { StorageAdapter } from './contracts/storage.js';
import type { RepositoryAdapter } from './contracts/repository.js';
import type { LockAdapter } from './contracts/lock.js';

/** The adapter definition type of each kind. */
export interface AdapterKindMap {
  frontend: FrontendAdapter;
  backend: BackendAdapter;
  transport: TransportAdapter;
  storage: StorageAdapter;
  repository: RepositoryAdapter;
  lock: LockAdapter;
}

/** An adapter of any kind. */
export type AnyAdapter = AdapterKindMap[AdapterKind];

/** A lazily imported first-party adapter package. */
export interface FirstPartyAdapterModule {
  /** The npm package, e.g. `@goe/frontend-oracle` (named in the "install …" hint when it is missing). */
  readonly package: string;
  /** Imports the package (a literal `import()` so bundlers see the specifier). */
  readonly load: () => Promise<unknown>;
}

/** First-party adapter packages by kind and adapter name (lower case). */
export type FirstPartyAdapterMap = {
  readonly [K in AdapterKind]: Readonly<Record<string, FirstPartyAdapterModule>>;
};

/** Lets a failed `import()` reach the registry unchanged; see {@link FIRST_PARTY_ADAPTERS}. */
const rethrow = (error: unknown): never => {
  throw error;
};

/**
 * The first-party adapters, each imported only when first asked for. Every entry is a literal `import()` so that
 * a bundler (the CLI's tsup build) sees the specifier; `as string` keeps TypeScript from resolving packages that
 * are not installed, and `.catch` tells esbuild that a missing package is a run-time condition (reported by
 * {@link Registry.load} as `ADAPTER_INVALID` with an "install …" hint), not a build error.
 *
 * Names follow the GOE variables: `FRONTEND_DISTRIBUTION` (frontend), `QUERY_ENGINE` (backend),
 * `--offload-transport-method` (transport), `OFFLOAD_FS_SCHEME` (storage), `OFFLOAD_REPOSITORY_URL` scheme
 * (repository), `OFFLOAD_LOCK` (lock). Other spellings are in {@link FIRST_PARTY_ALIASES}. The multi-host
 * `repository` lock (advisory locks) ships with the PostgreSQL repository package.
 *
 * @example
 * FIRST_PARTY_ADAPTERS.frontend.oracle.package // '@goe/frontend-oracle'
 * await FIRST_PARTY_ADAPTERS.backend.duckdb.load() // the @goe/backend-duckdb module namespace
 */
export const FIRST_PARTY_ADAPTERS: FirstPartyAdapterMap = {
  frontend: {
    oracle: { package: '@goe/frontend-oracle', load: () => import('@goe/frontend-oracle' as string).catch(rethrow) },
    mssql: { package: '@goe/frontend-mssql', load: () => import('@goe/frontend-mssql' as string).catch(rethrow) },
    teradata: {
      package: '@goe/frontend-teradata',
      load: () => import('@goe/frontend-teradata' as string).catch(rethrow),
    },
    postgres: {
      package: '@goe/frontend-postgres',
      load: () => import('@goe/frontend-postgres' as string).catch(rethrow),
    },
  },
  backend: {
    bigquery: {
      package: '@goe/backend-bigquery',
      load: () => import('@goe/backend-bigquery' as string).catch(rethrow),
    },
    snowflake: {
      package: '@goe/backend-snowflake',
      load: () => import('@goe/backend-snowflake' as string).catch(rethrow),
    },
    synapse: { package: '@goe/backend-synapse', load: () => import('@goe/backend-synapse' as string).catch(rethrow) },
    hive: { package: '@goe/backend-hive', load: () => import('@goe/backend-hive' as string).catch(rethrow) },
    impala: { package: '@goe/backend-impala', load: () => import('@goe/backend-impala' as string).catch(rethrow) },
    duckdb: { package: '@goe/backend-duckdb', load: () => import('@goe/backend-duckdb' as string).catch(rethrow) },
  },
  transport: {
    native: { package: '@goe/transport-native', load: () => import('@goe/transport-native' as string).catch(rethrow) },
    spark_submit: {
      package: '@goe/transport-spark',
      load: () => import('@goe/transport-spark' as string).catch(rethrow),
    },
    spark_thrift: {
      package: '@goe/transport-spark',
      load: () => import('@goe/transport-spark' as string).catch(rethrow),
    },
    spark_livy: { package: '@goe/transport-livy', load: () => import('@goe/transport-livy' as string).catch(rethrow) },
    spark_dataproc_gcloud: {
      package: '@goe/transport-dataproc',
      load: () => import('@goe/transport-dataproc' as string).catch(rethrow),
    },
    spark_batches_gcloud: {
      package: '@goe/transport-dataproc',
      load: () => import('@goe/transport-dataproc' as string).catch(rethrow),
    },
    sqoop: { package: '@goe/transport-sqoop', load: () => import('@goe/transport-sqoop' as string).catch(rethrow) },
    sqoop_by_query: {
      package: '@goe/transport-sqoop',
      load: () => import('@goe/transport-sqoop' as string).catch(rethrow),
    },
  },
  storage: {
    file: { package: '@goe/storage-local', load: () => import('@goe/storage-local' as string).catch(rethrow) },
    gs: { package: '@goe/storage-gcs', load: () => import('@goe/storage-gcs' as string).catch(rethrow) },
    s3: { package: '@goe/storage-s3', load: () => import('@goe/storage-s3' as string).catch(rethrow) },
    azure: { package: '@goe/storage-azure', load: () => import('@goe/storage-azure' as string).catch(rethrow) },
    hdfs: { package: '@goe/storage-hdfs', load: () => import('@goe/storage-hdfs' as string).catch(rethrow) },
  },
  repository: {
    sqlite: {
      package: '@goe/repository-sqlite',
      load: () => import('@goe/repository-sqlite' as string).catch(rethrow),
    },
    postgres: {
      package: '@goe/repository-postgres',
      load: () => import('@goe/repository-postgres' as string).catch(rethrow),
    },
  },
  lock: {
    file: { package: '@goe/lock-file', load: () => import('@goe/lock-file' as string).catch(rethrow) },
    repository: {
      package: '@goe/repository-postgres',
      load: () => import('@goe/repository-postgres' as string).catch(rethrow),
    },
  },
};

/**
 * Other accepted spellings of first-party adapter names (lower case), resolved before the package is loaded. An
 * adapter's own `aliases` are honoured too once it is registered.
 *
 * @example
 * FIRST_PARTY_ALIASES.transport.query_import // 'native' (GOE's QUERY_IMPORT)
 */
export const FIRST_PARTY_ALIASES: { readonly [K in AdapterKind]: Readonly<Record<string, string>> } = {
  frontend: { postgresql: 'postgres', sqlserver: 'mssql' },
  backend: { msazure: 'synapse' },
  transport: { query_import: 'native' },
  storage: {
    local: 'file',
    gcs: 'gs',
    s3a: 's3',
    wasb: 'azure',
    wasbs: 'azure',
    abfs: 'azure',
    abfss: 'azure',
    adl: 'azure',
  },
  repository: { postgresql: 'postgres' },
  lock: {},
};

/** Options of {@link createRegistry}. */
export interface RegistryOptions {
  /** The lazily loaded first-party adapters. Default {@link FIRST_PARTY_ADAPTERS}. */
  readonly firstParty?: FirstPartyAdapterMap;
  /** Alternative spellings of first-party names. Default {@link FIRST_PARTY_ALIASES}. */
  readonly firstPartyAliases?: { readonly [K in AdapterKind]?: Readonly<Record<string, string>> };
}

/** Options of {@link Registry.loadPlugins}. */
export interface LoadPluginsOptions {
  /** Directory the plugin packages are resolved from (its `node_modules`, then the parents'). Default `process.cwd()`. */
  readonly cwd?: string;
}

/** Adapters by kind and name. Create one with {@link createRegistry}. */
export interface Registry {
  /**
   * Registers an adapter made by a `define*` factory (of any copy of `@goe/core`). Registering the same object
   * again does nothing.
   *
   * @throws GoeError `ADAPTER_INVALID` when the value is not a branded adapter, its `apiVersion` is not supported,
   *   or another adapter of the kind already has its name or one of its aliases.
   */
  use(adapter: AnyAdapter): Registry;
  /** True when an adapter of the kind answers to `name` (or an alias), case-insensitively. */
  has(kind: AdapterKind, name: string): boolean;
  /**
   * The registered adapter of the kind named `name` (or an alias), case-insensitively.
   *
   * @throws GoeError `ADAPTER_INVALID` listing the registered and the loadable names.
   */
  get<K extends AdapterKind>(kind: K, name: string): AdapterKindMap[K];
  /** The registered adapters of a kind, sorted by name. */
  list<K extends AdapterKind>(kind: K): readonly AdapterKindMap[K][];
  /** Every name (registered or first-party) this registry can return for a kind, sorted. */
  names(kind: AdapterKind): readonly string[];
  /**
   * The adapter of the kind named `name`: a registered one, else the first-party package that provides it is
   * imported and every adapter of the kind it exports is registered.
   *
   * @throws GoeError `ADAPTER_INVALID` when no adapter has that name, the package is not installed ("install
   *   @goe/frontend-oracle") or fails to load.
   */
  load<K extends AdapterKind>(kind: K, name: string): Promise<AdapterKindMap[K]>;
  /**
   * Loads the packages named in a comma-separated list (the `GOE_PLUGINS` variable), resolving each from `cwd`, and
   * registers every adapter each exports. Returns the adapters registered.
   *
   * @throws GoeError `ADAPTER_INVALID` naming the plugin when a name breaks the naming convention, the package
   *   cannot be resolved or imported, or it exports no adapter of the kind its name says.
   */
  loadPlugins(names: string, options?: LoadPluginsOptions): Promise<readonly AnyAdapter[]>;
}

/** The kind and name a plugin package name declares (see {@link parsePluginName}). */
export interface PluginName {
  readonly package: string;
  readonly scope?: string;
  readonly kind: AdapterKind;
  readonly name: string;
}

const PLUGIN_NAME_RE = new RegExp(
  `^(?:(@[a-z0-9][a-z0-9._-]*)/)?goe-(${ADAPTER_KINDS.join('|')})-([a-z0-9][a-z0-9._-]*)$|^@goe/(${ADAPTER_KINDS.join('|')})-([a-z0-9][a-z0-9._-]*)$`,
);

/**
 * Parses a `GOE_PLUGINS` entry. Accepted: `goe-<kind>-<name>`, `@scope/goe-<kind>-<name>`, and first-party
 * `@goe/<kind>-<name>`; anything else is refused by {@link Registry.loadPlugins} (a typo in the variable must not
 * import an arbitrary package).
 *
 * @example
 * parsePluginName('goe-backend-clickhouse') // { package: 'goe-backend-clickhouse', kind: 'backend', name: 'clickhouse' }
 * parsePluginName('@acme/goe-storage-minio')?.scope // '@acme'
 * parsePluginName('left-pad') // undefined
 */
export function parsePluginName(packageName: string): PluginName | undefined {
  const m = PLUGIN_NAME_RE.exec(packageName);
  if (!m) return undefined;
  if (m[4] !== undefined) return { package: packageName, scope: '@goe', kind: m[4] as AdapterKind, name: m[5]! };
  return { package: packageName, ...(m[1] ? { scope: m[1] } : {}), kind: m[2] as AdapterKind, name: m[3]! };
}

/**
 * The lookup form of an adapter name or alias: trimmed and lower-cased (`FRONTEND_DISTRIBUTION=POSTGRES` →
 * `postgres`).
 *
 * @example
 * normalizeAdapterName(' QUERY_IMPORT ') // 'query_import'
 */
export function normalizeAdapterName(name: string): string {
  return name.trim().toLowerCase();
}

function assertKind(kind: unknown): asserts kind is AdapterKind {
  if (!ADAPTER_KINDS.includes(kind as AdapterKind)) {
    throw new GoeError(
      'ADAPTER_INVALID',
      `Unknown adapter kind ${JSON.stringify(kind)} (expected ${ADAPTER_KINDS.join(', ')})`,
    );
  }
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null
    ? ((error as { code?: unknown }).code as string | undefined)
    : undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** True when `error` says that `pkg` itself (not one of its dependencies) could not be found. */
function isMissingPackage(error: unknown, pkg: string): boolean {
  const code = errorCode(error);
  const msg = errorMessage(error);
  const names =
    msg.includes(`'${pkg}'`) || msg.includes(`"${pkg}"`) || msg.includes(` ${pkg} `) || msg.endsWith(` ${pkg}`);
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return names;
  return names && /cannot find|failed to (load|resolve)|does the file exist/i.test(msg);
}

/** Values a module offers: its named exports, and the members of a plain-object default export (CommonJS). */
function exportedValues(mod: unknown): unknown[] {
  if (typeof mod !== 'object' || mod === null) return [];
  const out = new Set<unknown>();
  for (const value of Object.values(mod as Record<string, unknown>)) out.add(value);
  const def = (mod as { default?: unknown }).default;
  if (typeof def === 'object' && def !== null && !isAdapter(def)) {
    for (const value of Object.values(def as Record<string, unknown>)) out.add(value);
  }
  return [...out];
}

/** Picks the ESM entry of a package `exports` field: `import`, then `node`, then `default`. */
function pickExport(target: unknown): string | undefined {
  if (typeof target === 'string') return target;
  if (Array.isArray(target)) return target.map(pickExport).find((t) => t !== undefined);
  if (typeof target !== 'object' || target === null) return undefined;
  const t = target as Record<string, unknown>;
  if ('.' in t) return pickExport(t['.']);
  for (const condition of ['import', 'node', 'default']) {
    if (condition in t) {
      const picked = pickExport(t[condition]);
      if (picked !== undefined) return picked;
    }
  }
  return undefined;
}

/**
 * Resolves a plugin package from `cwd` like Node does. `require.resolve` handles `main` and `require`/`default`
 * exports; an ESM-only `exports` map (only an `import` condition) is read directly.
 */
function resolvePlugin(pkg: string, cwd: string): string {
  const req = createRequire(join(cwd, 'package.json'));
  try {
    return req.resolve(pkg);
  } catch (error) {
    if (errorCode(error) !== 'ERR_PACKAGE_PATH_NOT_EXPORTED') throw error;
    for (const dir of req.resolve.paths(pkg) ?? []) {
      let manifest: { exports?: unknown };
      try {
        manifest = JSON.parse(readFileSync(join(dir, pkg, 'package.json'), 'utf8')) as { exports?: unknown };
      } catch {
        continue;
      }
      const entry = pickExport(manifest.exports);
      if (entry !== undefined) return join(dir, pkg, entry);
    }
    throw error;
  }
}

/**
 * Creates an empty registry. First-party adapters are loaded on demand by {@link Registry.load}; third-party ones
 * by {@link Registry.loadPlugins} (`GOE_PLUGINS`) or registered directly with {@link Registry.use}.
 *
 * Lookups are case-insensitive and honour aliases: `FRONTEND_DISTRIBUTION=POSTGRES` → `postgres`,
 * `--offload-transport-method QUERY_IMPORT` → `native`.
 *
 * @param options `firstParty` (default {@link FIRST_PARTY_ADAPTERS}) and `firstPartyAliases` (default
 *   {@link FIRST_PARTY_ALIASES}).
 * @example
 * const registry = createRegistry().use(duckdbBackend);
 * await registry.loadPlugins(process.env.GOE_PLUGINS ?? '', { cwd: process.cwd() });
 * const frontend = await registry.load('frontend', config.FRONTEND_DISTRIBUTION); // 'POSTGRES' → @goe/frontend-postgres
 * const backend = registry.get('backend', 'DUCKDB');
 */
export function createRegistry(options: RegistryOptions = {}): Registry {
  const firstParty = options.firstParty ?? FIRST_PARTY_ADAPTERS;
  const firstPartyAliases = options.firstPartyAliases ?? FIRST_PARTY_ALIASES;
  const byName = new Map<AdapterKind, Map<string, AnyAdapter>>(ADAPTER_KINDS.map((k) => [k, new Map()]));
  const byLookup = new Map<AdapterKind, Map<string, AnyAdapter>>(ADAPTER_KINDS.map((k) => [k, new Map()]));
  const imports = new Map<string, Promise<unknown>>();

  const lookup = (kind: AdapterKind, name: string): AnyAdapter | undefined =>
    byLookup.get(kind)!.get(normalizeAdapterName(name));

  const firstPartyEntry = (kind: AdapterKind, name: string): FirstPartyAdapterModule | undefined => {
    const n = normalizeAdapterName(name);
    const modules = firstParty[kind];
    const target = Object.prototype.hasOwnProperty.call(modules, n) ? n : firstPartyAliases[kind]?.[n];
    return target !== undefined && Object.prototype.hasOwnProperty.call(modules, target) ? modules[target] : undefined;
  };

  const names = (kind: AdapterKind): string[] =>
    [...new Set([...byName.get(kind)!.keys(), ...Object.keys(firstParty[kind])])].sort();

  const notFound = (kind: AdapterKind, name: string): GoeError => {
    const registered = [...byName.get(kind)!.keys()].sort();
    const loadable = Object.keys(firstParty[kind])
      .filter((n) => !registered.includes(n))
      .sort();
    const entry = firstPartyEntry(kind, name);
    const parts = [`registered: ${registered.join(', ') || 'none'}`];
    if (loadable.length > 0) parts.push(`first-party, loaded on demand: ${loadable.join(', ')}`);
    return new GoeError('ADAPTER_INVALID', `No ${kind} adapter named "${name}" (${parts.join('; ')})`, {
      hint: entry
        ? `Load it with registry.load('${kind}', '${normalizeAdapterName(name)}') (package ${entry.package})`
        : `Install a package named goe-${kind}-${normalizeAdapterName(name)} and list it in GOE_PLUGINS`,
    });
  };

  const register = (value: unknown): AnyAdapter => {
    if (!isAdapter(value)) {
      const v = value as { kind?: unknown; name?: unknown } | null;
      const what =
        typeof v === 'object' && v !== null && typeof v.name === 'string' ? ` ${String(v.kind)} ${v.name}` : '';
      throw new GoeError(
        'ADAPTER_INVALID',
        `Adapter${what} was not made by a define* factory of @goe/core (it lacks the Symbol.for('goe:adapter') brand)`,
        {
          hint: 'Build adapters with defineFrontend / defineBackend / defineTransport / defineStorage / defineRepository / defineLock',
        },
      );
    }
    assertAdapterShape(value);
    const brand = value[ADAPTER_BRAND];
    if (brand !== value.kind) {
      throw new GoeError(
        'ADAPTER_INVALID',
        `Adapter ${value.name} is branded ${String(brand)} but declares kind ${value.kind}`,
      );
    }
    const adapter = value as unknown as AnyAdapter;
    const kind = adapter.kind;
    const existing = byName.get(kind)!.get(adapter.name);
    if (existing === adapter) return adapter;
    if (existing) {
      throw new GoeError('ADAPTER_INVALID', `A ${kind} adapter named "${adapter.name}" is already registered`, {
        hint: 'Two packages provide the same adapter name; remove one (check GOE_PLUGINS and the installed packages)',
      });
    }
    const keys = [...new Set([adapter.name, ...(adapter.aliases ?? []).map(normalizeAdapterName)])];
    for (const key of keys) {
      const holder = byLookup.get(kind)!.get(key);
      if (holder) {
        throw new GoeError(
          'ADAPTER_INVALID',
          `${kind} adapter "${adapter.name}": the name "${key}" is already used by the ${kind} adapter "${holder.name}"`,
        );
      }
    }
    byName.get(kind)!.set(adapter.name, adapter);
    for (const key of keys) byLookup.get(kind)!.set(key, adapter);
    return adapter;
  };

  const importOnce = (entry: FirstPartyAdapterModule): Promise<unknown> => {
    let p = imports.get(entry.package);
    if (!p) {
      p = entry.load().catch((error: unknown) => {
        imports.delete(entry.package);
        if (isMissingPackage(error, entry.package)) {
          throw new GoeError('ADAPTER_INVALID', `${entry.package} is not installed`, {
            hint: `install ${entry.package} (npm install ${entry.package})`,
            cause: error,
          });
        }
        throw new GoeError('ADAPTER_INVALID', `${entry.package} failed to load: ${errorMessage(error)}`, {
          cause: error,
        });
      });
      imports.set(entry.package, p);
    }
    return p;
  };

  const registry: Registry = {
    use(adapter) {
      register(adapter);
      return registry;
    },
    has(kind, name) {
      assertKind(kind);
      return lookup(kind, name) !== undefined;
    },
    get(kind, name) {
      assertKind(kind);
      const found = lookup(kind, name);
      if (!found) throw notFound(kind, name);
      return found as AdapterKindMap[typeof kind];
    },
    list(kind) {
      assertKind(kind);
      return [...byName.get(kind)!.values()].sort((a, b) =>
        a.name.localeCompare(b.name),
      ) as AdapterKindMap[typeof kind][];
    },
    names(kind) {
      assertKind(kind);
      return names(kind);
    },
    async load(kind, name) {
      assertKind(kind);
      const found = lookup(kind, name);
      if (found) return found as AdapterKindMap[typeof kind];
      const entry = firstPartyEntry(kind, name);
      if (!entry) throw notFound(kind, name);
      const mod = await importOnce(entry);
      const offered = exportedValues(mod).filter((v) => isAdapter(v, kind)) as unknown as AnyAdapter[];
      for (const adapter of offered) register(adapter);
      const loaded = lookup(kind, name);
      if (loaded) return loaded as AdapterKindMap[typeof kind];
      throw new GoeError('ADAPTER_INVALID', `${entry.package} exports no ${kind} adapter named "${name}"`, {
        hint: `It exports: ${offered.map((a) => a.name).join(', ') || 'no adapter of this kind'}`,
      });
    },
    async loadPlugins(list, opts = {}) {
      const cwd = opts.cwd ?? process.cwd();
      const packages = [
        ...new Set(
          list
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s.length > 0),
        ),
      ];
      const registered: AnyAdapter[] = [];
      for (const pkg of packages) {
        const parsed = parsePluginName(pkg);
        if (!parsed) {
          throw new GoeError(
            'ADAPTER_INVALID',
            `Plugin "${pkg}" (GOE_PLUGINS) is not named goe-<kind>-<name> or @scope/goe-<kind>-<name>, with kind one of ${ADAPTER_KINDS.join(', ')}`,
            { variable: 'GOE_PLUGINS', hint: 'GOE only loads packages that follow the plugin naming convention' },
          );
        }
        let resolved: string;
        try {
          resolved = resolvePlugin(pkg, cwd);
        } catch (error) {
          throw new GoeError(
            'ADAPTER_INVALID',
            `Plugin ${pkg} (GOE_PLUGINS) cannot be resolved from ${cwd}: ${errorMessage(error)}`,
            {
              variable: 'GOE_PLUGINS',
              hint: `install ${pkg} where GOE runs (npm install ${pkg})`,
              cause: error,
            },
          );
        }
        let mod: unknown;
        try {
          mod = await import(pathToFileURL(resolved).href);
        } catch (error) {
          throw new GoeError('ADAPTER_INVALID', `Plugin ${pkg} (GOE_PLUGINS) failed to load: ${errorMessage(error)}`, {
            variable: 'GOE_PLUGINS',
            cause: error,
          });
        }
        const offered = exportedValues(mod).filter((v) => isAdapter(v)) as unknown as AnyAdapter[];
        if (!offered.some((a) => a.kind === parsed.kind)) {
          const found = offered.map((a) => `${a.kind} ${a.name}`).join(', ') || 'none';
          throw new GoeError(
            'ADAPTER_INVALID',
            `Plugin ${pkg} (GOE_PLUGINS) exports no ${parsed.kind} adapter (adapters found: ${found})`,
            {
              variable: 'GOE_PLUGINS',
              hint: `Export the value returned by define${parsed.kind[0]!.toUpperCase()}${parsed.kind.slice(1)}() as a named export`,
            },
          );
        }
        for (const adapter of offered) {
          try {
            registered.push(register(adapter));
          } catch (error) {
            if (!isGoeError(error)) throw error;
            throw new GoeError('ADAPTER_INVALID', `Plugin ${pkg} (GOE_PLUGINS): ${error.message}`, {
              variable: 'GOE_PLUGINS',
              ...(error.hint !== undefined ? { hint: error.hint } : {}),
              cause: error,
            });
          }
        }
      }
      return registered;
    },
  };
  return registry;
}
