/** `defineStorage` wiring of the local staging store (`OFFLOAD_FS_SCHEME=file`): capabilities and `open`. */
import { defineStorage, type AdapterContext } from '@goe/core';
import { LOCAL_STORAGE_CONFIG, resolveLocalRoot } from './config.js';
import { openLocalStore, type LocalStagingStore } from './local-store.js';

/**
 * The local-disk staging store adapter, name `file` (`OFFLOAD_FS_SCHEME=file`). Root: `OFFLOAD_FS_PREFIX`, else
 * `${OFFLOAD_HOME}/staging`. Puts are atomic (temporary name + fsync + rename); URIs are `file://` URIs.
 *
 * @example
 * registry.use(localStorage);
 * const store = await localStorage.open(ctx);
 * await store.put('sh/sales/run-1/s0-00001.parquet', bytes);
 */
export const localStorage = defineStorage({
  kind: 'storage',
  name: 'file',
  apiVersion: 1,
  description: 'Local-disk staging files (file://)',
  configSchema: LOCAL_STORAGE_CONFIG,
  capabilities: { scheme: 'file' },
  open(ctx: AdapterContext): Promise<LocalStagingStore> {
    return openLocalStore({ root: resolveLocalRoot(ctx.config, ctx.offloadHome) });
  },
});
