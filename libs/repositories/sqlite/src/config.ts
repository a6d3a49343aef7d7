/**
 * Configuration of the SQLite repository: which file (`OFFLOAD_REPOSITORY_URL=sqlite:<path>`, default
 * `${OFFLOAD_HOME}/repo/goe.sqlite`) and how long a writer waits for another process's write lock.
 */
import { isAbsolute, join, resolve } from 'node:path';
import { homedir } from 'node:os';
import { GoeError, defineConfigSchema } from '@goe/core';

/** Default wait, in milliseconds, for another process's write lock (`OFFLOAD_REPOSITORY_SQLITE_BUSY_TIMEOUT`). @example DEFAULT_BUSY_TIMEOUT_MS // 10000 */
export const DEFAULT_BUSY_TIMEOUT_MS = 10_000;

/** The path that stands for an in-memory database (tests, one process only). @example sqlitePathFromUrl('sqlite::memory:') === SQLITE_MEMORY */
export const SQLITE_MEMORY = ':memory:';

/**
 * Variables the SQLite repository reads besides the common `OFFLOAD_REPOSITORY_URL`.
 *
 * | Variable | Default |
 * |---|---|
 * | OFFLOAD_REPOSITORY_SQLITE_BUSY_TIMEOUT | 10000 (ms) |
 *
 * @example
 * loadConfig({ schemas: [COMMON_CONFIG, SQLITE_REPOSITORY_CONFIG] });
 */
export const SQLITE_REPOSITORY_CONFIG = defineConfigSchema({
  group: 'repository-sqlite',
  title: 'SQLite metadata repository',
  variables: [
    {
      // Re-declared from the common schema (the last declaration wins): the path of sqlite:<path> is checked like
      // any path value (not empty, no control character, no unset reference) before a step runs.
      name: 'OFFLOAD_REPOSITORY_URL',
      type: 'url',
      secret: true,
      pathSchemes: ['sqlite'],
      default: 'sqlite:${OFFLOAD_HOME}/repo/goe.sqlite',
      description:
        'Metadata repository: sqlite:<path> is an embedded one-host file (default ${OFFLOAD_HOME}/repo/goe.sqlite); ' +
        'another scheme names another repository adapter. Secret because a server URL may carry a password.',
    },
    {
      name: 'OFFLOAD_REPOSITORY_SQLITE_BUSY_TIMEOUT',
      type: 'integer',
      min: 0,
      default: String(DEFAULT_BUSY_TIMEOUT_MS),
      description:
        'Milliseconds a command waits for another process that is writing to the SQLite repository before failing ' +
        '(SQLite busy_timeout). Writes are short transactions, so the default is generous.',
    },
  ],
});

/**
 * Turns an `OFFLOAD_REPOSITORY_URL` into a file path. Accepted forms: `sqlite:/abs/path`, `sqlite:///abs/path`,
 * `sqlite://localhost/abs/path`, `sqlite:relative/path` (relative to `baseDir`, else `offloadHome`, else the current directory),
 * `sqlite:~/path`, and `sqlite::memory:`. Percent-escapes are decoded.
 *
 * @param url the URL (undefined: the default `${offloadHome}/repo/goe.sqlite`)
 * @param offloadHome `OFFLOAD_HOME`, used for the default and as `baseDir` when given
 * @throws GoeError `CONFIG_INVALID` naming `OFFLOAD_REPOSITORY_URL` for another scheme or an empty path
 * @example
 * sqlitePathFromUrl('sqlite:/var/goe/repo.sqlite') // '/var/goe/repo.sqlite'
 * sqlitePathFromUrl(undefined, '/home/goe/.goe')     // '/home/goe/.goe/repo/goe.sqlite'
 */
export function sqlitePathFromUrl(url: string | undefined, offloadHome?: string, baseDir?: string): string {
  if (url === undefined || url.trim() === '') {
    if (offloadHome === undefined) {
      throw invalid(
        'OFFLOAD_REPOSITORY_URL is not set and OFFLOAD_HOME is unknown: cannot place the SQLite repository',
      );
    }
    return join(offloadHome, 'repo', 'goe.sqlite');
  }
  const m = /^sqlite:(.*)$/i.exec(url.trim());
  if (!m)
    throw invalid(
      `OFFLOAD_REPOSITORY_URL must be sqlite:<path> for the SQLite repository, got scheme ${schemeOf(url)}`,
    );
  let rest = m[1]!;
  if (rest === SQLITE_MEMORY) return SQLITE_MEMORY;
  if (rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    const host = slash < 0 ? rest.slice(2) : rest.slice(2, slash);
    if (host !== '' && host !== 'localhost')
      throw invalid(`OFFLOAD_REPOSITORY_URL names host ${host}: a SQLite repository is a local file`);
    rest = slash < 0 ? '' : rest.slice(slash);
  }
  let path: string;
  try {
    path = decodeURIComponent(rest);
  } catch {
    throw invalid('OFFLOAD_REPOSITORY_URL has an invalid percent-escape');
  }
  if (path === '') throw invalid('OFFLOAD_REPOSITORY_URL has an empty path: use sqlite:<path>');
  if (path === '~' || path.startsWith('~/')) path = join(homedir(), path.slice(1));
  return isAbsolute(path) ? path : resolve(baseDir ?? offloadHome ?? process.cwd(), path);
}

function schemeOf(url: string): string {
  const i = url.indexOf(':');
  return i > 0 ? `${url.slice(0, i)}:` : '(none)';
}

function invalid(message: string): GoeError {
  return new GoeError('CONFIG_INVALID', message, { variable: 'OFFLOAD_REPOSITORY_URL' });
}
