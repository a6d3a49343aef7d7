/**
 * Third-party adapter packages (`GOE_PLUGINS`): the naming convention, and what a loaded module offers.
 */
import { ADAPTER_KINDS, isAdapter, type AdapterKind } from '../contracts/adapter.js';

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
 * `@goe/<kind>-<name>`; anything else is refused by `Registry.loadPlugins` (a typo in the variable must not
 * import an arbitrary package).
 *
 * @example
 * parsePluginName('goe-backend-quack') // { package: 'goe-backend-quack', kind: 'backend', name: 'quack' }
 * parsePluginName('@acme/goe-storage-blob')?.scope // '@acme'
 * parsePluginName('left-pad') // undefined
 */
export function parsePluginName(packageName: string): PluginName | undefined {
  const m = PLUGIN_NAME_RE.exec(packageName);
  if (!m) return undefined;
  if (m[4] !== undefined) return { package: packageName, scope: '@goe', kind: m[4] as AdapterKind, name: m[5]! };
  return { package: packageName, ...(m[1] ? { scope: m[1] } : {}), kind: m[2] as AdapterKind, name: m[3]! };
}

/**
 * Values a module offers: its named exports, and the members of a plain-object default export (CommonJS
 * `module.exports = { … }` seen through `import()`).
 *
 * @example
 * exportedValues({ a: 1, default: { b: 2 } }) // [1, { b: 2 }, 2]
 */
export function exportedValues(mod: unknown): unknown[] {
  if (typeof mod !== 'object' || mod === null) return [];
  const out = new Set<unknown>();
  for (const value of Object.values(mod as Record<string, unknown>)) out.add(value);
  const def = (mod as { default?: unknown }).default;
  if (typeof def === 'object' && def !== null && !isAdapter(def)) {
    for (const value of Object.values(def as Record<string, unknown>)) out.add(value);
  }
  return [...out];
}

/** The `code` of an error-like value. @internal */
export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null
    ? ((error as { code?: unknown }).code as string | undefined)
    : undefined;
}

/** The message of an error-like value. @internal */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * True when `error` says that `pkg` itself (not one of its dependencies) could not be found.
 *
 * @example
 * isMissingPackage(Object.assign(new Error("Cannot find package '@goe/x'"), { code: 'ERR_MODULE_NOT_FOUND' }), '@goe/x') // true
 */
export function isMissingPackage(error: unknown, pkg: string): boolean {
  const code = errorCode(error);
  const msg = errorMessage(error);
  const names =
    msg.includes(`'${pkg}'`) || msg.includes(`"${pkg}"`) || msg.includes(` ${pkg} `) || msg.endsWith(` ${pkg}`);
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return names;
  return names && /cannot find|failed to (load|resolve)|does the file exist/i.test(msg);
}
