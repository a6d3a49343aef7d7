/** Core's runner with GOE's first-party catalog as the default registry. */
import {
  createRegistry,
  offload as coreOffload,
  OrchestrationRunner as CoreRunner,
  type OffloadDeps,
  type OffloadOptions,
  type OffloadResult,
  type Registry,
} from '@goe/core';
import { FIRST_PARTY_CATALOG } from './catalog.js';

/**
 * A registry that knows GOE's first-party adapters ({@link FIRST_PARTY_CATALOG}) and loads each package on first
 * use. Add third-party adapters with `use()` or `loadPlugins()`.
 *
 * @example
 * const registry = createStackRegistry();
 * const backend = await registry.load('backend', 'DUCKDB'); // imports @goe/backend-duckdb
 */
export function createStackRegistry(): Registry {
  return createRegistry({ catalog: FIRST_PARTY_CATALOG });
}

/**
 * Offloads one table, like `offload` of `@goe/core`, with `deps.registry` defaulting to
 * {@link createStackRegistry}: adapters named by configuration (`FRONTEND_DISTRIBUTION`, `QUERY_ENGINE`, …;
 * defaults: the embedded stack) are loaded on demand.
 *
 * @example
 * import { createEventBus } from '@goe/core';
 * import { offload } from '@goe/stack';
 * const result = await offload({ table: 'SH.SALES', execute: true, createBackendDb: true }, { events: createEventBus() });
 */
export function offload(options: OffloadOptions, deps: OffloadDeps = {}): Promise<OffloadResult> {
  return coreOffload(options, { ...deps, registry: deps.registry ?? createStackRegistry() });
}

/**
 * Core's `OrchestrationRunner` with `deps.registry` defaulting to {@link createStackRegistry}.
 *
 * @example
 * const result = await new OrchestrationRunner({ events }).offload({ table: 'SH.SALES' });
 */
export class OrchestrationRunner extends CoreRunner {
  constructor(deps: OffloadDeps = {}) {
    super({ ...deps, registry: deps.registry ?? createStackRegistry() });
  }
}
