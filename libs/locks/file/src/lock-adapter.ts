/** The `file` lock adapter (`OFFLOAD_LOCK=file`): lock files in `${OFFLOAD_HOME}/run`. */
import { join } from 'node:path';
import { GoeError, defineConfigSchema, defineLock } from '@goe/core';
import type { AdapterContext, OrchestrationLock } from '@goe/core';
import { openFileLock } from './file-lock.js';

/**
 * Variables of the file lock: none of its own (the directory is `${OFFLOAD_HOME}/run`, the kind is chosen by the
 * common `OFFLOAD_LOCK`, default `file`).
 *
 * @example
 * FILE_LOCK_CONFIG.variables.length // 0
 */
export const FILE_LOCK_CONFIG = defineConfigSchema({
  group: 'lock-file',
  title: 'file orchestration lock',
  variables: [],
});

/**
 * The file lock adapter: one host, non-waiting, lock per `OWNER.TABLE`, stale locks of dead processes reclaimed
 * at once. Needs `ctx.offloadHome`.
 *
 * @example
 * registry.use(fileLock);
 * const locks = await fileLock.open({ config, events, offloadHome: '/home/goe/.goe' });
 */
export const fileLock = defineLock({
  kind: 'lock',
  name: 'file',
  apiVersion: 1,
  description: 'Lock files in ${OFFLOAD_HOME}/run (one host)',
  configSchema: FILE_LOCK_CONFIG,
  async open(ctx: AdapterContext): Promise<OrchestrationLock> {
    if (ctx.offloadHome === undefined) {
      throw new GoeError(
        'CONFIG_INVALID',
        'The file lock needs OFFLOAD_HOME (its lock files live in ${OFFLOAD_HOME}/run)',
        { variable: 'OFFLOAD_HOME' },
      );
    }
    return openFileLock({ dir: join(ctx.offloadHome, 'run') });
  },
});
