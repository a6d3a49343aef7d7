/** The registry the CLI uses: first-party adapters (bundled, loaded on demand) plus `GOE_PLUGINS`. */
import { createRegistry, type Registry } from '@goe/core';

/**
 * A registry with the first-party adapters and the plugins named in `GOE_PLUGINS` (resolved from the current
 * directory).
 *
 * @example
 * const registry = await registerFirstParty();
 */
export async function registerFirstParty(env: NodeJS.ProcessEnv = process.env): Promise<Registry> {
  const registry = createRegistry();
  const plugins = env.GOE_PLUGINS?.trim();
  if (plugins) await registry.loadPlugins(plugins, { cwd: process.cwd() });
  return registry;
}
