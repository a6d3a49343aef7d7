/**
 * Adapter catalogs: packages a registry knows by name before they are loaded. Core defines the shape only; GOE's
 * first-party catalog is `FIRST_PARTY_CATALOG` of `@goe/stack`.
 */
import { GoeError } from '../errors.js';
import { ADAPTER_KINDS, type AdapterKind, type AdapterOption } from '../contracts/adapter.js';

/**
 * One adapter a catalog can load: its kind and name, the npm package that provides it, and a loader.
 *
 * @example
 * const entry: CatalogEntry = {
 *   kind: 'backend', name: 'quack', package: 'goe-backend-quack', displayName: 'QuackDB',
 *   load: () => import('goe-backend-quack'),
 * };
 */
export interface CatalogEntry {
  readonly kind: AdapterKind;
  /** Lower-case adapter name, as the adapter itself is named (e.g. the `QUERY_ENGINE` value, lower-cased). */
  readonly name: string;
  /** The npm package that provides the adapter, named in the "npm i …" hint when it is not installed. */
  readonly package: string;
  /** Other accepted spellings, resolved before the package is loaded. Default none. */
  readonly aliases?: readonly string[];
  /** Product name for messages and `--help` headings. Default: the name with a capital first letter. */
  readonly displayName?: string;
  /** One line for listings. */
  readonly description?: string;
  /** Command-line options the package's adapter adds (shown by `--help` when installed). Default none. */
  readonly options?: readonly AdapterOption[];
  /**
   * Loads the package and returns its module (named exports, or a CommonJS `module.exports`). Write it with a
   * literal specifier so bundlers see it, `require` in a CommonJS build and `import()` in an ESM one.
   */
  load(): Promise<unknown>;
}

/**
 * Adapters known by name before they are loaded, and the transport rule sets of `OFFLOAD_TRANSPORT`.
 *
 * @example
 * const catalog: AdapterCatalog = { adapters: [entry], transportRules: { AUTO: ['NATIVE'] } };
 * const registry = createRegistry({ catalog });
 */
export interface AdapterCatalog {
  readonly adapters: readonly CatalogEntry[];
  /**
   * `OFFLOAD_TRANSPORT` rule sets: rule name (upper case) → transport method names tried in order. Default none:
   * only `AUTO` exists, and it tries every registered transport in registration order.
   */
  readonly transportRules?: Readonly<Record<string, readonly string[]>>;
  /**
   * Defaults of common variables that name this catalog's stack (`FRONTEND_DISTRIBUTION`, `QUERY_ENGINE`,
   * `OFFLOAD_REPOSITORY_URL`…), applied by `commonConfig` when a runner uses the catalog's registry. Default none:
   * core names no default adapter.
   */
  readonly defaults?: Readonly<Record<string, string>>;
}

/**
 * Checks a catalog (kinds, lower-case names, no name or alias used twice in a kind) and freezes it.
 *
 * @throws GoeError `ADAPTER_INVALID` naming the offending entry
 * @example
 * export const MY_CATALOG = defineCatalog({ adapters: [entry] });
 */
export function defineCatalog(catalog: AdapterCatalog): AdapterCatalog {
  const seen = new Map<string, string>();
  for (const entry of catalog.adapters) {
    if (!ADAPTER_KINDS.includes(entry.kind)) {
      throw new GoeError('ADAPTER_INVALID', `Catalog entry ${entry.name} has unknown kind ${String(entry.kind)}`);
    }
    for (const key of [entry.name, ...(entry.aliases ?? [])]) {
      if (!/^[a-z][a-z0-9_-]*$/.test(key)) {
        throw new GoeError('ADAPTER_INVALID', `Catalog name ${JSON.stringify(key)} is not lower-case a-z, 0-9, - or _`);
      }
      const id = `${entry.kind}:${key}`;
      const holder = seen.get(id);
      if (holder !== undefined && holder !== entry.name) {
        throw new GoeError(
          'ADAPTER_INVALID',
          `Catalog ${entry.kind} name "${key}" is used by ${holder} and ${entry.name}`,
        );
      }
      seen.set(id, entry.name);
    }
  }
  return Object.freeze({ ...catalog, adapters: Object.freeze([...catalog.adapters]) });
}
