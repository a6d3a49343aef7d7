/**
 * The adapter registry (architecture §3): adapters by kind and name — registered directly ({@link Registry.use}),
 * loaded on demand from a catalog of packages known by name (`createRegistry({ catalog })`; GOE's first-party
 * catalog is in `@goe/stack`), or loaded from the plugin packages named in `GOE_PLUGINS`. Core names no adapter.
 *
 * Identity across packages uses the `Symbol.for('goe:adapter')` brand ({@link isAdapter}), never `instanceof`,
 * so an adapter made by another copy of `@goe/core` is accepted as long as its `apiVersion` is one this copy
 * supports.
 */
import { GoeError, isGoeError } from './errors.js';
import { ADAPTER_BRAND, ADAPTER_KINDS, assertAdapterShape, isAdapter, type AdapterKind } from './contracts/adapter.js';
import type { FrontendAdapter } from './contracts/frontend.js';
import type { BackendAdapter } from './contracts/backend.js';
import type { TransportAdapter } from './contracts/transport.js';
import type { StorageAdapter } from './contracts/storage.js';
import type { RepositoryAdapter } from './contracts/repository.js';
import type { LockAdapter } from './contracts/lock.js';
import type { AdapterCatalog, CatalogEntry } from './registry/catalog.js';
import { didYouMean } from './did-you-mean.js';
import { loadPackageFrom } from './registry/load-module.js';
import { errorMessage, exportedValues, isMissingPackage, parsePluginName } from './registry/plugins.js';

export { defineCatalog, type AdapterCatalog, type CatalogEntry } from './registry/catalog.js';
export { didYouMean, editDistance } from './did-you-mean.js';
export { MODULE_FORMAT, loadPackageFrom, resolvePackageEntry, type ModuleFormat } from './registry/load-module.js';
export { exportedValues, parsePluginName, type PluginName } from './registry/plugins.js';

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

/** Options of {@link createRegistry}. */
export interface RegistryOptions {
  /** Adapters known by name and loaded on demand, and the `OFFLOAD_TRANSPORT` rule sets. Default none. */
  readonly catalog?: AdapterCatalog;
}

/** Options of {@link Registry.loadPlugins}. */
export interface LoadPluginsOptions {
  /**
   * The plugin root (`GOE_PLUGINS_ROOT`, by default `${OFFLOAD_HOME}/plugins`): packages resolve from
   * `<root>/node_modules` only, never from the current directory. Required.
   */
  readonly root: string;
}

/** Options of {@link Registry.load}. */
export interface LoadOptions {
  /**
   * The variable or option that named the adapter (`QUERY_ENGINE`, `--offload-transport-method`). Given, a name
   * that is unknown or whose package is missing is `CONFIG_INVALID` (`OPTION_INVALID` for an option starting with
   * `-`) naming it; absent, `ADAPTER_INVALID`.
   */
  readonly variable?: string;
}

/** Adapters by kind and name. Create one with {@link createRegistry}. */
export interface Registry {
  /** The catalog given to {@link createRegistry}, if any. */
  readonly catalog: AdapterCatalog | undefined;
  /**
   * Registers an adapter made by a `define*` factory (of any copy of `@goe/core`). Registering the same object
   * again does nothing.
   *
   * @throws GoeError `ADAPTER_INVALID` when the value is not a branded adapter, its `apiVersion` is not supported,
   *   or another adapter of the kind already has its name or one of its aliases.
   */
  use(adapter: AnyAdapter): Registry;
  /** True when a registered adapter of the kind answers to `name` (or an alias), case-insensitively. */
  has(kind: AdapterKind, name: string): boolean;
  /**
   * The registered adapter of the kind named `name` (or an alias), case-insensitively.
   *
   * @throws GoeError `ADAPTER_INVALID` listing the available names.
   */
  get<K extends AdapterKind>(kind: K, name: string): AdapterKindMap[K];
  /** The registered adapters of a kind, sorted by name. */
  list<K extends AdapterKind>(kind: K): readonly AdapterKindMap[K][];
  /** Every adapter name (registered or in the catalog) of a kind, sorted. */
  names(kind: AdapterKind): readonly string[];
  /** Every name and alias (registered or in the catalog) of a kind: the "did you mean" candidates. */
  knownNames(kind: AdapterKind): readonly string[];
  /** The catalog entry of the kind answering to `name` or one of its aliases. */
  catalogEntry(kind: AdapterKind, name: string): CatalogEntry | undefined;
  /**
   * The adapter of the kind named `name`: a registered one, else the catalog package that provides it is loaded
   * and every adapter of the kind it exports is registered.
   *
   * @throws GoeError (`ADAPTER_INVALID`, or `CONFIG_INVALID`/`OPTION_INVALID` naming `options.variable`) when no
   *   adapter has that name ("did you mean …", what is available), the package is not installed ("npm i …"), or it
   *   fails to load.
   */
  load<K extends AdapterKind>(kind: K, name: string, options?: LoadOptions): Promise<AdapterKindMap[K]>;
  /**
   * The transport methods an `OFFLOAD_TRANSPORT` rule set tries, in order: the catalog's list, then (for `AUTO`)
   * every registered transport the list does not name, in registration order. Without a catalog rule `AUTO` is
   * every registered transport. Undefined for an unknown rule.
   */
  transportRule(rule: string): readonly string[] | undefined;
  /** The `OFFLOAD_TRANSPORT` rule names: `AUTO` and the catalog's. */
  transportRuleNames(): readonly string[];
  /**
   * Loads the packages named in a comma-separated list (the `GOE_PLUGINS` variable) from
   * `<options.root>/node_modules`, and registers every adapter each exports. Returns the adapters registered.
   *
   * @throws GoeError `ADAPTER_INVALID` naming GOE_PLUGINS, GOE_PLUGINS_ROOT and the root searched when a name
   *   breaks the naming convention, the package cannot be resolved or imported, or it exports no adapter of the
   *   kind its name says.
   */
  loadPlugins(names: string, options: LoadPluginsOptions): Promise<readonly AnyAdapter[]>;
}

/**
 * The lookup form of an adapter name or alias: trimmed and lower-cased (`QUERY_ENGINE=QUACK` → `quack`).
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

/** The error of a name that cannot be used: `CONFIG_INVALID`/`OPTION_INVALID` naming the variable, else `ADAPTER_INVALID`. */
function nameError(
  variable: string | undefined,
  message: string,
  extra: { hint?: string; cause?: unknown } = {},
): GoeError {
  if (variable === undefined) return new GoeError('ADAPTER_INVALID', message, extra);
  return new GoeError(variable.startsWith('-') ? 'OPTION_INVALID' : 'CONFIG_INVALID', message, {
    variable,
    ...extra,
  });
}

/**
 * Creates a registry. Catalog adapters are loaded on demand by {@link Registry.load}; third-party ones by
 * {@link Registry.loadPlugins} (`GOE_PLUGINS`) or registered directly with {@link Registry.use}.
 *
 * Lookups are case-insensitive and honour aliases (the adapter's and the catalog entry's).
 *
 * @param options `catalog`: adapters known by name (default none; `@goe/stack` has GOE's first-party catalog).
 * @example
 * const registry = createRegistry().use(myBackend);
 * await registry.loadPlugins(process.env.GOE_PLUGINS ?? '', { root: join(offloadHome, 'plugins') });
 * const backend = await registry.load('backend', 'QUACK', { variable: 'QUERY_ENGINE' });
 */
export function createRegistry(options: RegistryOptions = {}): Registry {
  const catalog = options.catalog;
  const entries = catalog?.adapters ?? [];
  const byName = new Map<AdapterKind, Map<string, AnyAdapter>>(ADAPTER_KINDS.map((k) => [k, new Map()]));
  const byLookup = new Map<AdapterKind, Map<string, AnyAdapter>>(ADAPTER_KINDS.map((k) => [k, new Map()]));
  const imports = new Map<string, Promise<unknown>>();

  const lookup = (kind: AdapterKind, name: string): AnyAdapter | undefined =>
    byLookup.get(kind)!.get(normalizeAdapterName(name));

  const catalogEntry = (kind: AdapterKind, name: string): CatalogEntry | undefined => {
    const n = normalizeAdapterName(name);
    return (
      entries.find((e) => e.kind === kind && e.name === n) ??
      entries.find((e) => e.kind === kind && (e.aliases ?? []).includes(n))
    );
  };

  const names = (kind: AdapterKind): string[] =>
    [...new Set([...byName.get(kind)!.keys(), ...entries.filter((e) => e.kind === kind).map((e) => e.name)])].sort();

  const knownNames = (kind: AdapterKind): string[] =>
    [
      ...new Set([
        ...byLookup.get(kind)!.keys(),
        ...entries.filter((e) => e.kind === kind).flatMap((e) => [e.name, ...(e.aliases ?? [])]),
      ]),
    ].sort();

  const notFound = (kind: AdapterKind, name: string, variable?: string): GoeError => {
    const subject = variable === undefined ? `No ${kind} adapter named "${name}"` : `${variable}=${name}`;
    const guess = didYouMean(name, knownNames(kind));
    const available = names(kind);
    const message =
      variable === undefined
        ? `${subject}${guess ? ` (did you mean ${guess}?)` : ''}; available: ${available.join(', ') || 'none'}`
        : `${subject} names no ${kind} adapter${guess ? ` (did you mean ${guess}?)` : ''}; available: ${available.join(', ') || 'none'}`;
    const plugin = `a third-party adapter is installed under GOE_PLUGINS_ROOT and named in GOE_PLUGINS (goe-${kind}-${normalizeAdapterName(name)})`;
    const hint =
      catalog === undefined
        ? `GOE's first-party adapters come with @goe/stack (npm i @goe/stack); ${plugin}`
        : `${plugin[0]!.toUpperCase()}${plugin.slice(1)}`;
    return nameError(variable, message, { hint });
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

  const importOnce = (entry: CatalogEntry, name: string, variable: string | undefined): Promise<unknown> => {
    let p = imports.get(entry.package);
    if (!p) {
      p = entry.load();
      imports.set(entry.package, p);
      p.catch(() => imports.delete(entry.package));
    }
    return p.catch((error: unknown) => {
      const subject = variable === undefined ? `The ${entry.kind} adapter "${entry.name}"` : `${variable}=${name}`;
      if (isMissingPackage(error, entry.package)) {
        throw nameError(variable, `${subject} needs ${entry.package}, which is not installed`, {
          hint: `npm i ${entry.package}`,
          cause: error,
        });
      }
      throw nameError(variable, `${entry.package} failed to load: ${errorMessage(error)}`, { cause: error });
    });
  };

  const registry: Registry = {
    catalog,
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
    knownNames(kind) {
      assertKind(kind);
      return knownNames(kind);
    },
    catalogEntry(kind, name) {
      assertKind(kind);
      return catalogEntry(kind, name);
    },
    async load(kind, name, opts = {}) {
      assertKind(kind);
      const found = lookup(kind, name);
      if (found) return found as AdapterKindMap[typeof kind];
      const entry = catalogEntry(kind, name);
      if (!entry) throw notFound(kind, name, opts.variable);
      const mod = await importOnce(entry, name, opts.variable);
      const offered = exportedValues(mod).filter((v) => isAdapter(v, kind)) as unknown as AnyAdapter[];
      for (const adapter of offered) register(adapter);
      const loaded = lookup(kind, name) ?? lookup(kind, entry.name);
      if (loaded) return loaded as AdapterKindMap[typeof kind];
      throw new GoeError('ADAPTER_INVALID', `${entry.package} exports no ${kind} adapter named "${entry.name}"`, {
        hint: `It exports: ${offered.map((a) => a.name).join(', ') || 'no adapter of this kind'}`,
      });
    },
    transportRule(rule) {
      const wanted = rule.trim().toUpperCase();
      const rules = catalog?.transportRules ?? {};
      const key = Object.keys(rules).find((k) => k.toUpperCase() === wanted);
      if (key === undefined && wanted !== 'AUTO') return undefined;
      const listed = key === undefined ? [] : [...rules[key]!];
      if (wanted !== 'AUTO') return listed;
      const covered = new Set(listed.map((m) => lookup('transport', m) ?? normalizeAdapterName(m)));
      const extra = [...byName.get('transport')!.values()].filter((a) => !covered.has(a)).map((a) => a.name);
      return [...listed, ...extra];
    },
    transportRuleNames() {
      return [...new Set(['AUTO', ...Object.keys(catalog?.transportRules ?? {}).map((k) => k.toUpperCase())])];
    },
    async loadPlugins(list, opts) {
      const root = opts?.root;
      if (typeof root !== 'string' || root === '') {
        throw new GoeError('ADAPTER_INVALID', 'registry.loadPlugins needs the plugin root (options.root)', {
          variable: 'GOE_PLUGINS_ROOT',
          hint: 'Pass { root: GOE_PLUGINS_ROOT } (default ${OFFLOAD_HOME}/plugins)',
        });
      }
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
        let mod: unknown;
        try {
          mod = await loadPackageFrom(pkg, root);
        } catch (error) {
          if (isMissingPackage(error, pkg)) {
            throw new GoeError(
              'ADAPTER_INVALID',
              `Plugin ${pkg} (GOE_PLUGINS) is not installed under GOE_PLUGINS_ROOT (searched ${root}/node_modules)`,
              { variable: 'GOE_PLUGINS', hint: `npm i --prefix "${root}" ${pkg}`, cause: error },
            );
          }
          throw new GoeError(
            'ADAPTER_INVALID',
            `Plugin ${pkg} (GOE_PLUGINS, from GOE_PLUGINS_ROOT ${root}) failed to load: ${errorMessage(error)}`,
            { variable: 'GOE_PLUGINS', cause: error },
          );
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
