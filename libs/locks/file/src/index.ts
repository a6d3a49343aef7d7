/**
 * `@goe/lock-file`: GOE's one-host OrchestrationLock, lock files in `${OFFLOAD_HOME}/run`.
 *
 * @packageDocumentation
 */
export { fileLock, FILE_LOCK_CONFIG } from './lock-adapter.js';
export { openFileLock } from './file-lock.js';
export type { FileLockOptions } from './file-lock.js';
export { lockFileName } from './lock-file-name.js';
