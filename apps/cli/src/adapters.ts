/**
 * The registry the CLI uses: GOE's first-party catalog (`@goe/stack`; the embedded stack is bundled, other
 * packages load on demand) plus the plugins named in `GOE_PLUGINS`, installed under `GOE_PLUGINS_ROOT`.
 */
import { join } from 'node:path';
import { resolveOffloadHome, type Registry } from '@goe/core';
import { createStackRegistry } from '@goe/stack';

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
 * The runner loads `GOE_PLUGINS` again from the full configuration (`offload.env` too); loading a plugin twice
 * is harmless.
 *
 * @example
 * const registry = await registerFirstParty();
 */
export async function registerFirstParty(env: NodeJS.ProcessEnv = process.env): Promise<Registry> {
  const registry = createStackRegistry();
  const plugins = env.GOE_PLUGINS?.trim();
  if (plugins) await registry.loadPlugins(plugins, { root: pluginsRoot(env) });
  return registry;
}
