/**
 * `dist/plugin-hook.js`: the ESM resolve hook the bundled CLI registers before it imports `GOE_PLUGINS` (see
 * `plugin-graph.ts`). It runs on Node's loader thread, so it imports nothing of GOE.
 *
 * For an import whose parent module lies inside the plugin root: `@goe/core` resolves to the CLI's `dist/core.js`,
 * and each shared package (`apache-arrow`, with its subpaths) resolves as if the CLI imported it. Every other
 * import, and every import from outside the plugin root, resolves as usual.
 */

/** What the CLI passes to the hook (`register(url, { data })`); all URLs are `file:` URLs. */
export interface PluginGraphData {
  /** The plugin root's real directory as a URL ending in `/`: imports from below it are redirected. */
  readonly root: string;
  /** The CLI's `dist/core.js`: what `@goe/core` resolves to. */
  readonly core: string;
  /** A module of the CLI (its `dist/core.js`): shared packages resolve as imported from here. */
  readonly host: string;
  /** Packages resolved from {@link host} (with their subpaths); default `['apache-arrow']`. */
  readonly shared?: readonly string[];
}

/** Where a redirected specifier goes: a fixed URL, or the same specifier resolved from another parent. */
export type Redirect = { readonly url: string } | { readonly parentURL: string };

/** The packages shared with plugins when {@link PluginGraphData.shared} is not given. */
export const DEFAULT_SHARED_PACKAGES: readonly string[] = ['apache-arrow'];

const CORE_SPECIFIER = '@goe/core';

/**
 * Where `specifier`, imported by `parentURL`, must resolve so that a plugin shares the CLI's module graph; `undefined`
 * when it resolves as usual (the parent is outside the plugin root, or the specifier is not shared). Pure.
 *
 * @example
 * const data = { root: 'file:///p/', core: 'file:///cli/dist/core.js', host: 'file:///cli/dist/core.js' };
 * redirectSpecifier('@goe/core', 'file:///p/node_modules/x/index.js', data) // { url: 'file:///cli/dist/core.js' }
 * redirectSpecifier('apache-arrow/util', 'file:///p/node_modules/x/index.js', data) // { parentURL: 'file:///cli/dist/core.js' }
 * redirectSpecifier('pg', 'file:///p/node_modules/x/index.js', data) // undefined
 * redirectSpecifier('@goe/core', 'file:///elsewhere/a.js', data) // undefined
 */
export function redirectSpecifier(
  specifier: string,
  parentURL: string | undefined,
  data: PluginGraphData,
): Redirect | undefined {
  if (parentURL === undefined || !parentURL.startsWith(data.root)) return undefined;
  if (specifier === CORE_SPECIFIER) return { url: data.core };
  const shared = data.shared ?? DEFAULT_SHARED_PACKAGES;
  if (shared.some((p) => specifier === p || specifier.startsWith(`${p}/`))) return { parentURL: data.host };
  return undefined;
}

let current: PluginGraphData | undefined;

/**
 * Node's `initialize` hook: keeps the data `register` passed.
 *
 * @example
 * initialize({ root: 'file:///p/', core: 'file:///cli/dist/core.js', host: 'file:///cli/dist/core.js' });
 */
export function initialize(data: PluginGraphData): void {
  current = data;
}

/** The context Node passes to a resolve hook (the part this hook reads). */
export interface ResolveContext {
  readonly parentURL?: string;
  readonly conditions?: readonly string[];
  readonly importAttributes?: Record<string, string>;
}

/** The result of a resolve hook. */
export interface ResolveResult {
  readonly url: string;
  readonly format?: string | null;
  readonly shortCircuit?: boolean;
}

/**
 * Node's `resolve` hook: applies {@link redirectSpecifier}, else defers to the next hook.
 *
 * @example
 * // registered by sharePluginGraph(); Node calls it for every import
 */
export async function resolve(
  specifier: string,
  context: ResolveContext,
  next: (specifier: string, context?: ResolveContext) => Promise<ResolveResult>,
): Promise<ResolveResult> {
  const redirect = current === undefined ? undefined : redirectSpecifier(specifier, context.parentURL, current);
  if (redirect === undefined) return next(specifier, context);
  if ('url' in redirect) return { url: redirect.url, format: 'module', shortCircuit: true };
  return next(specifier, { ...context, parentURL: redirect.parentURL });
}
