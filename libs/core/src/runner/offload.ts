/** The library entry point: `offload(options, deps?)`. */
import { OrchestrationRunner, type OffloadDeps } from './orchestration-runner.js';
import type { OffloadResult } from './offload-flow.js';
import type { OffloadOptions } from './options.js';

/**
 * Offloads one table: preview by default, `execute: true` to perform it. Configuration comes from
 * `OFFLOAD_HOME/conf/offload.env` and the environment unless `deps.config` is given; adapters are those the
 * configuration names (loaded through the registry) unless injected with `deps.adapters`.
 *
 * @throws GoeError with a `code` the CLI maps to its exit code (e.g. `LOCK_HELD`, `ALREADY_OFFLOADED` → 3)
 * @example
 * import { offload } from '@goe/core';
 * const result = await offload({ table: 'SH.SALES', execute: true, createBackendDb: true });
 * console.log(`${result.rows} rows → ${result.target.database}.${result.target.table}`);
 */
export function offload(options: OffloadOptions, deps: OffloadDeps = {}): Promise<OffloadResult> {
  return new OrchestrationRunner(deps).offload(options);
}
