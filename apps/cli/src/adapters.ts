/**
 * The registry the CLI uses: GOE's first-party catalog (`@goe/stack`; the embedded stack is bundled, other
 * packages load on demand) plus the plugins named in `GOE_PLUGINS`, installed under `GOE_PLUGINS_ROOT`.
 */
import { join } from 'node:path';
import {
  COMMON_CONFIG,
  defineConfigSchema,
  loadConfig,
  resolveOffloadHome,
  type AnyAdapter,
  type CatalogEntry,
  type Registry,
} from '@goe/core';
import { createStackRegistry } from '@goe/stack';
import { sharePluginGraph } from './plugin-graph.js';

/**
 * The plugin root: `GOE_PLUGINS_ROOT`, else `${OFFLOAD_HOME}/plugins` (never the current directory).
 *
 * @example
 * pluginsRoot({ OFFLOAD_HOME: '/srv/goe' }) // '/srv/goe/plugins'
 */
export function pluginsRoot(env: NodeJS.ProcessEnv = process.env): string {
  const root = env.GOE_PLUGINS_ROOT?.trim();
  return root ? root : join(resolveOffloadHome(env).path, 'plugins');
}

/**
 * A registry with GOE's first-party catalog and the plugins named in `GOE_PLUGINS` (from {@link pluginsRoot}).
 * When any plugin is named (environment or `offload.env`), the plugin resolve hook is registered first
 * (`sharePluginGraph`): plugins import the CLI's `@goe/core` and `apache-arrow`.
 * The runner loads `GOE_PLUGINS` again from the full configuration (`offload.env` too); loading a plugin twice
 * is harmless.
 *
 * @example
 * const registry = await registerFirstParty();
 */
export async function registerFirstParty(env: NodeJS.ProcessEnv = process.env): Promise<Registry> {
  const registry = createStackRegistry();
  // the runner may load offload.env's GOE_PLUGINS later: the hook must be in place before any plugin import
  const settings = pluginSettings(env);
  if (settings.plugins.length > 0) sharePluginGraph(settings.root, env);
  const plugins = env.GOE_PLUGINS?.trim();
  if (plugins) await registry.loadPlugins(plugins, { root: pluginsRoot(env) });
  return registry;
}

/**
 * What the CLI knows about adapters before it parses `goe offload`: the registry (first-party catalog plus the
 * `GOE_PLUGINS` plugins, already loaded), where each plugin adapter came from, and the catalog packages that
 * declare options but could not be loaded.
 */
export interface CliAdapters {
  readonly registry: Registry;
  /** The `GOE_PLUGINS` package each plugin adapter was loaded from. */
  readonly origins: ReadonlyMap<AnyAdapter, string>;
  /**
   * Catalog entries that declare options and were not loaded (their options are refused, naming the package), with
   * the load error when loading was tried.
   */
  readonly missing: readonly MissingProvider[];
  /**
   * Returns the registry for running the command, or throws what loading `GOE_PLUGINS` threw (deferred, so that
   * `--help` still works and the error is reported the way the command reports errors).
   */
  ready(): Registry;
}

/** A catalog package that declares options but is not loaded. */
export interface MissingProvider {
  readonly entry: CatalogEntry;
  /** Why loading it failed (not installed: its hint is `npm i <package>`); absent when it was not tried. */
  readonly error?: unknown;
}

/** The two variables that say which plugins to load, read from the environment and `offload.env`. */
const PLUGIN_SETTINGS = defineConfigSchema({
  group: 'common',
  title: 'plugins',
  variables: COMMON_CONFIG.variables.filter((v) => v.name === 'GOE_PLUGINS' || v.name === 'GOE_PLUGINS_ROOT'),
});

/**
 * `GOE_PLUGINS` and the root they load from, as the runner will read them (environment, then `offload.env`);
 * from the environment alone when the configuration cannot be read, and none when `OFFLOAD_HOME` cannot be resolved
 * either (the command reports that itself). Never throws.
 *
 * @example
 * pluginSettings({ GOE_PLUGINS: 'goe-backend-quack', OFFLOAD_HOME: '/srv/goe' })
 * // { plugins: ['goe-backend-quack'], root: '/srv/goe/plugins' }
 */
export function pluginSettings(env: NodeJS.ProcessEnv = process.env): {
  readonly plugins: readonly string[];
  readonly root: string;
} {
  const split = (s: string | undefined) =>
    (s ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p.length > 0);
  try {
    const config = loadConfig({ schemas: [PLUGIN_SETTINGS], env });
    return {
      plugins: [...(config.get<readonly string[]>('GOE_PLUGINS') ?? [])],
      root: config.get<string>('GOE_PLUGINS_ROOT') ?? join(config.offloadHome, 'plugins'),
    };
  } catch {
    try {
      return { plugins: split(env.GOE_PLUGINS), root: pluginsRoot(env) };
    } catch {
      // no usable OFFLOAD_HOME either: the command reports it; no plugin can be found meanwhile
      return { plugins: [], root: '' };
    }
  }
}

/**
 * True when `argv` asks for help (`-h`, `--help`, or `goe help …`).
 *
 * @example
 * wantsHelp(['node', 'goe', 'offload', '--help']) // true
 */
export function wantsHelp(argv: readonly string[]): boolean {
  const args = argv.slice(2);
  return args.includes('--help') || args.includes('-h') || args[0] === 'help';
}

/**
 * Loads the registry `goe offload` parses its options against: the `GOE_PLUGINS` plugins (one package at a time,
 * so each adapter's package is known for `--help` headings), and the catalog packages that declare options when
 * `argv` asks for help or names one of their flags (so startup never imports every catalog package). Never
 * throws: a plugin that fails to load is reported when the command runs ({@link CliAdapters.ready}).
 *
 * @example
 * const adapters = await loadCliAdapters(process.argv);
 * adapters.registry.list('backend'); // plugins' backends included
 */
export async function loadCliAdapters(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<CliAdapters> {
  const registry = createStackRegistry();
  const origins = new Map<AnyAdapter, string>();
  let pluginError: unknown;
  const { plugins, root } = pluginSettings(env);
  // plugins share the CLI's @goe/core and apache-arrow (one module graph per process): hook first, then import
  if (plugins.length > 0) sharePluginGraph(root, env);
  // a plugin the environment names fails where it always did (when the command runs); one named only in
  // offload.env is left to the runner, which checks GOE_PLUGINS_ROOT first
  const named = new Set((env.GOE_PLUGINS ?? '').split(',').map((p) => p.trim()));
  for (const pkg of plugins) {
    try {
      for (const adapter of await registry.loadPlugins(pkg, { root })) origins.set(adapter, pkg);
    } catch (error) {
      if (named.has(pkg)) pluginError = error;
      break;
    }
  }
  const help = wantsHelp(argv);
  const given = new Set(argv.map((a) => a.replace(/=.*$/s, '')));
  const missing: MissingProvider[] = [];
  for (const entry of registry.catalog?.adapters ?? []) {
    const options = entry.options ?? [];
    if (options.length === 0 || registry.has(entry.kind, entry.name)) continue;
    if (!help && !options.some((o) => given.has(o.flag))) {
      missing.push({ entry });
      continue;
    }
    try {
      await registry.load(entry.kind, entry.name);
    } catch (error) {
      missing.push({ entry, error });
    }
  }
  return {
    registry,
    origins,
    missing,
    ready() {
      if (pluginError !== undefined) throw pluginError;
      return registry;
    },
  };
}
