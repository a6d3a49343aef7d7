/**
 * `@goe/storage-gcs`: the Google Cloud Storage staging store of GOE (`OFFLOAD_FS_SCHEME=gs`).
 *
 * @packageDocumentation
 */
export { gcsStorage } from './gcs-storage.js';
export { openGcsStore, contentTypeOf, type GcsStagingStore, type GcsStoreOptions } from './gcs-store.js';
export {
  GCS_STORAGE_CONFIG,
  DEFAULT_GCS_PREFIX,
  DEFAULT_CHUNK_MIB,
  DEFAULT_MAX_RETRIES,
  checkBucketName,
  normalizePrefix,
  gcsSettings,
  type GcsSettings,
} from './config.js';
export { gcsClientOptions, isLoopbackEndpoint } from './client-options.js';
export { gcsError, httpStatus, type GcsErrorContext } from './errors.js';
export { objectName, gsUri, MAX_OBJECT_NAME_BYTES } from './object-names.js';
