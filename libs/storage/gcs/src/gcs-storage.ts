/** `defineStorage` wiring of the GCS staging store (`OFFLOAD_FS_SCHEME=gs`): capabilities and `open`. */
import { defineStorage, type AdapterContext } from '@goe/core';
import { GCS_STORAGE_CONFIG, gcsSettings } from './config.js';
import { openGcsStore, type GcsStagingStore } from './gcs-store.js';

/**
 * The Google Cloud Storage staging store adapter, name `gs` (`OFFLOAD_FS_SCHEME=gs`, alias `gcs`). Bucket:
 * `OFFLOAD_FS_CONTAINER`; objects under `OFFLOAD_FS_PREFIX` (default `goe`); URIs are `gs://bucket/prefix/path`.
 *
 * @example
 * registry.use(gcsStorage);
 * const store = await gcsStorage.open(ctx); // OFFLOAD_FS_CONTAINER=acme-stage
 * await store.put('sh/sales/run-1/s0-00001.parquet', stream);
 */
export const gcsStorage = defineStorage({
  kind: 'storage',
  name: 'gs',
  apiVersion: 1,
  description: 'Google Cloud Storage staging files (gs://)',
  configSchema: GCS_STORAGE_CONFIG,
  capabilities: { scheme: 'gs', aliases: ['gcs'] },
  open(ctx: AdapterContext): Promise<GcsStagingStore> {
    return openGcsStore(gcsSettings(ctx.config));
  },
});
