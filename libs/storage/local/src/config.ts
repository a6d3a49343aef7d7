/**
 * Configuration of the local staging store. It declares no variable of its own: it reads the common
 * `OFFLOAD_FS_PREFIX` (the staging directory) and falls back to `${OFFLOAD_HOME}/staging`.
 */
import { join, resolve } from 'node:path';
import { homedir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfigSchema, GoeError, type ResolvedConfig } from '@goe/core';

/**
 * The config schema of `@goe/storage-local` (group `storage-local`): no variables of its own; see
 * {@link resolveLocalRoot} for the ones it reads from the common schema.
 *
 * @example
 * loadConfig({ schemas: [COMMON_CONFIG, LOCAL_STORAGE_CONFIG] });
 */
export const LOCAL_STORAGE_CONFIG = defineConfigSchema({
  group: 'storage-local',
  title: 'local staging store (OFFLOAD_FS_SCHEME=file)',
  variables: [],
});

/**
 * The absolute staging root: `OFFLOAD_FS_PREFIX` when set (a `file://` URI or a path; relative paths resolve
 * against the current directory, `~/` against the home directory), else `<offloadHome>/staging`, else
 * `~/.goe/staging`.
 *
 * @throws GoeError `CONFIG_INVALID` when `OFFLOAD_FS_PREFIX` is a URI of another scheme.
 * @example
 * resolveLocalRoot(config, '/home/goe/.goe') // '/home/goe/.goe/staging' when OFFLOAD_FS_PREFIX is unset
 */
export function resolveLocalRoot(config: ResolvedConfig | undefined, offloadHome?: string): string {
  const prefix = config?.get<string>('OFFLOAD_FS_PREFIX');
  if (prefix !== undefined && prefix.trim() !== '') return resolvePrefix(prefix.trim());
  const home = offloadHome ?? config?.get<string>('OFFLOAD_HOME') ?? join(homedir(), '.goe');
  return resolve(home, 'staging');
}

function resolvePrefix(prefix: string): string {
  if (prefix.startsWith('file://')) return resolve(fileURLToPath(prefix));
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(prefix)) {
    throw new GoeError('CONFIG_INVALID', `OFFLOAD_FS_PREFIX ${prefix} is not a local path (OFFLOAD_FS_SCHEME=file)`, {
      variable: 'OFFLOAD_FS_PREFIX',
      hint: 'Give a directory such as /data/goe/staging, or set OFFLOAD_FS_SCHEME to the scheme of the URI',
    });
  }
  if (prefix === '~' || prefix.startsWith('~/')) return resolve(homedir(), prefix.slice(2));
  return resolve(prefix);
}
