/**
 * `@goe/storage-local`: the local-disk staging store of GOE (`OFFLOAD_FS_SCHEME=file`).
 *
 * @packageDocumentation
 */
export { localStorage } from './local-storage.js';
export { openLocalStore, type LocalStagingStore, type LocalStoreOptions } from './local-store.js';
export { LOCAL_STORAGE_CONFIG, resolveLocalRoot } from './config.js';
