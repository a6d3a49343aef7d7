/**
 * One module graph per process for the bundled CLI: before it imports `GOE_PLUGINS`, the CLI registers
 * `dist/plugin-hook.js`, so that a plugin's `import '@goe/core'` gets the CLI's own core (`dist/core.js`) and its
 * `import 'apache-arrow'` the CLI's apache-arrow — not the copies npm installed as peers in the plugin root.
 */
import { existsSync, realpathSync } from 'node:fs';
import { register } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { PluginGraphData } from './plugin-hook.js';

/** Test switch: `GOE_TEST_SEPARATE_PLUGIN_GRAPH=1` skips the hook (plugins use their own peers, as before). */
export const SEPARATE_GRAPH_VARIABLE = 'GOE_TEST_SEPARATE_PLUGIN_GRAPH';

/** Where the hook, the core entry and the host module are; defaults: next to the running bundle. */
export interface PluginGraphFiles {
  /** Default `./plugin-hook.js` next to this module (in `dist/`). */
  readonly hook?: URL;
  /** Default `./core.js` next to this module (in `dist/`). */
  readonly core?: URL;
}

/** What {@link sharePluginGraph} did. */
export type SharePluginGraphResult =
  | { readonly registered: true; readonly data: PluginGraphData }
  | { readonly registered: false; readonly reason: string };

let shared: SharePluginGraphResult | undefined;

/**
 * The hook data for a plugin root: its real path as a directory URL, and the CLI's core file as both the core
 * entry and the module shared packages resolve from. Pure but for `realpath` (Node's ESM loader reports real paths).
 *
 * @example
 * pluginGraphData('/srv/goe/plugins', new URL('file:///cli/dist/core.js'))
 * // { root: 'file:///srv/goe/plugins/', core: 'file:///cli/dist/core.js', host: 'file:///cli/dist/core.js', shared: ['apache-arrow'] }
 */
export function pluginGraphData(root: string, core: URL): PluginGraphData {
  const real = existsSync(root) ? realpathSync(root) : root;
  const rootUrl = pathToFileURL(real).href;
  return {
    root: rootUrl.endsWith('/') ? rootUrl : `${rootUrl}/`,
    core: core.href,
    host: core.href,
    shared: ['apache-arrow'],
  };
}

/**
 * Registers the plugin resolve hook once per process (later calls return the first result) — call it before the
 * first plugin import, and only when `GOE_PLUGINS` names something (registering starts Node's loader thread).
 * Not registered when the CLI runs from source (no `core.js`/`plugin-hook.js` next to it, e.g. under Vitest) or
 * when `GOE_TEST_SEPARATE_PLUGIN_GRAPH=1`. Covers ES modules only: a CommonJS `require('apache-arrow')` inside the
 * plugin root still resolves from the plugin root.
 *
 * @example
 * if (plugins.length > 0) sharePluginGraph(pluginsRoot(env));
 */
export function sharePluginGraph(
  root: string,
  env: NodeJS.ProcessEnv = process.env,
  files: PluginGraphFiles = {},
): SharePluginGraphResult {
  if (shared !== undefined) return shared;
  const hook = files.hook ?? new URL('./plugin-hook.js', import.meta.url);
  const core = files.core ?? new URL('./core.js', import.meta.url);
  if (env[SEPARATE_GRAPH_VARIABLE] === '1') {
    shared = { registered: false, reason: `${SEPARATE_GRAPH_VARIABLE}=1` };
  } else if (!existsSync(fileURLToPath(hook)) || !existsSync(fileURLToPath(core))) {
    shared = { registered: false, reason: `not running from the bundle (no ${fileURLToPath(hook)})` };
  } else {
    const data = pluginGraphData(root, core);
    register(hook.href, import.meta.url, { data });
    shared = { registered: true, data };
  }
  return shared;
}
