/**
 * Paths from configuration and options: validated before use (never empty, never a control character) and
 * directories created one level at a time, so that an unusable place is reported once, naming the variable or
 * option it came from and the operating system's reason (EACCES, EROFS, ENOENT, ENOTDIR…), instead of writing at
 * the file system root or spinning (Node's `mkdir(…, { recursive: true })` loops forever where a parent exists but
 * refuses new entries, e.g. under /proc, and reports ENOENT for a read-only file system).
 */
import { mkdirSync, mkdtempSync, rmdirSync, statSync, type Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { GoeError } from '../errors.js';
import { hasControlCharacter, quoteInput, showInput } from './text.js';

/** Where a path came from, so that a problem with it names what the user has to change. */
export interface PathOrigin {
  /** The command-line option that gave the path (e.g. `--log-path`): problems are `OPTION_INVALID` naming it. */
  readonly option?: string;
  /** The configuration variable that gave the path (e.g. `OFFLOAD_LOGDIR`): problems are `CONFIG_INVALID` naming it. */
  readonly variable?: string;
  /**
   * The value of `option`/`variable` when the path only derives from it, e.g. `OFFLOAD_HOME` `/opt/goe` for the log
   * directory `/opt/goe/log`; default: the path itself.
   */
  readonly base?: string;
  /** The variable whose default put the path under `variable` (e.g. `OFFLOAD_LOGDIR`), named in the hint. */
  readonly defaultOf?: string;
  /** What the path is, for messages, e.g. `log directory`; default `directory`. */
  readonly purpose?: string;
}

/** Short reasons for the `errno` codes a path operation reports. */
const REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'not a directory',
  EEXIST: 'already exists',
  EISDIR: 'is a directory',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  ENAMETOOLONG: 'name too long',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
  EBUSY: 'resource busy',
  EIO: 'input/output error',
};

/**
 * What is wrong with a path value, or `undefined` when it may be used: empty or only spaces (`is set but empty`),
 * or holding a control character such as a newline or NUL (`contains a control character`). Relative paths and
 * `~/` are fine (they are resolved by the caller).
 *
 * @example
 * pathValueProblem('/data/goe'); // undefined
 * pathValueProblem('  '); // 'is set but empty'
 * pathValueProblem('/data\n/goe'); // 'contains a control character'
 */
export function pathValueProblem(value: string): string | undefined {
  if (value.trim() === '') return 'is set but empty';
  if (hasControlCharacter(value)) return 'contains a control character';
  return undefined;
}

/**
 * Checks a path given by an option or a variable ({@link pathValueProblem}) and returns it trimmed.
 *
 * @throws GoeError `OPTION_INVALID` (an `origin.option`) or `CONFIG_INVALID` naming the option or variable, with
 *   the value JSON-quoted when it holds a control character
 * @example
 * const dir = assertPathValue(opts.logPath, { option: '--log-path' }); // '--log-path is set but empty: give a directory'
 */
export function assertPathValue(value: string, origin: PathOrigin = {}): string {
  const problem = pathValueProblem(value);
  if (problem === undefined) return value.trim();
  const name = origin.option ?? origin.variable ?? 'Path';
  const what = origin.purpose ?? 'directory';
  const message =
    problem === 'is set but empty'
      ? origin.option !== undefined
        ? `${name} is empty: give a ${what}`
        : `${name} is set but empty: unset it to use the default, or give a ${what}`
      : `${name} ${problem} (${quoteInput(value)}): a ${what} name cannot hold one`;
  throw new GoeError(origin.option !== undefined ? 'OPTION_INVALID' : 'CONFIG_INVALID', message, {
    ...((origin.option ?? origin.variable) ? { variable: (origin.option ?? origin.variable)! } : {}),
  });
}

/** Options of {@link ensureDirectory}. */
export interface EnsureDirectoryOptions {
  /** Mode of each directory created (default 0o777 before the umask). */
  readonly mode?: number;
  /** Also check that a new entry can be created in it (creates and removes an empty probe directory). */
  readonly writable?: boolean;
}

/**
 * Makes sure `path` is a directory, creating it and any missing parents one level at a time (never loops: at most
 * one `mkdir` per missing component). Returns the absolute path.
 *
 * @throws GoeError `OPTION_INVALID`/`CONFIG_INVALID` naming `origin`'s option or variable, the directory and the
 *   operating system's reason, e.g. `OFFLOAD_HOME /srv/ro: cannot create the log directory /srv/ro/log (EROFS:
 *   /srv/ro is on a read-only file system)`
 * @example
 * ensureDirectory('/var/log/goe', { variable: 'OFFLOAD_LOGDIR', purpose: 'log directory' }, { mode: 0o700 });
 */
export function ensureDirectory(path: string, origin: PathOrigin = {}, options: EnsureDirectoryOptions = {}): string {
  assertPathValue(path, origin);
  const absolute = resolve(path.trim());
  const action = `create the ${origin.purpose ?? 'directory'}`;
  // the deepest existing ancestor; everything below it is missing
  const missing: string[] = [];
  let current = absolute;
  let stats: Stats;
  for (;;) {
    try {
      stats = statSync(current);
      break;
    } catch (e) {
      const code = errnoCode(e);
      const parent = dirname(current);
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || parent === current)
        throw pathError(e, { path: absolute, action, at: current, operation: 'stat' }, origin);
      missing.unshift(current);
      current = parent;
    }
  }
  if (!stats.isDirectory()) {
    const error = Object.assign(new Error(`${current} is not a directory`), {
      code: missing.length === 0 ? 'EEXIST' : 'ENOTDIR',
    });
    throw pathError(error, { path: absolute, action, at: current, operation: 'stat' }, origin);
  }
  for (const dir of missing) {
    try {
      mkdirSync(dir, options.mode === undefined ? {} : { mode: options.mode });
    } catch (e) {
      // created meanwhile by another process: fine when it is a directory
      if (errnoCode(e) === 'EEXIST' && isDirectory(dir)) continue;
      throw pathError(e, { path: absolute, action, at: dir, operation: 'mkdir' }, origin);
    }
  }
  if (options.writable) {
    try {
      rmdirSync(mkdtempSync(join(absolute, '.goe-write-probe-')));
    } catch (e) {
      throw pathError(
        e,
        { path: absolute, action: `write in the ${origin.purpose ?? 'directory'}`, at: absolute, operation: 'write' },
        origin,
      );
    }
  }
  return absolute;
}

/** What failed, for {@link pathError}. */
export interface PathFailure {
  /** The path the caller wanted (a directory or a file). */
  readonly path: string;
  /** What could not be done, as a verb phrase: `create the log directory`, `open the log file`. */
  readonly action: string;
  /** The path the operating system refused, when not `path` itself (e.g. a parent directory). */
  readonly at?: string;
  /** The system call: `mkdir` explains ENOENT on an existing parent; default `open`. */
  readonly operation?: 'mkdir' | 'open' | 'stat' | 'write';
}

/**
 * A {@link GoeError} for a file system error on a configured path: one line naming the option or variable (see
 * {@link PathOrigin}), what could not be done, and the `errno` code with its reason.
 *
 * @example
 * try { openSync(file, 'a') } catch (e) {
 *   throw pathError(e, { path: file, action: 'open the log file' }, { variable: 'OFFLOAD_LOGDIR' });
 * }
 * // CONFIG_INVALID "OFFLOAD_LOGDIR: cannot open the log file /var/log/goe/x.log (EACCES: permission denied in /var/log/goe)"
 */
export function pathError(error: unknown, failure: PathFailure, origin: PathOrigin = {}): GoeError {
  const code = errnoCode(error) ?? 'error';
  let at = failure.at ?? failure.path;
  // ENOTDIR names a path below a file: name the file
  if (code === 'ENOTDIR') at = firstNonDirectory(at) ?? at;
  const operation = failure.operation ?? 'open';
  const reason = explain(code, at, operation, error);
  const name = origin.option ?? origin.variable;
  const value =
    origin.base ?? (origin.option !== undefined || origin.variable !== undefined ? failure.path : undefined);
  const subject = name === undefined ? '' : `${name}${value === undefined ? '' : ` ${showInput(value)}`}: `;
  const target = value !== undefined && resolve(value) === resolve(failure.path) ? '' : ` ${showInput(failure.path)}`;
  const message = `${subject === '' ? 'Cannot' : `${subject}cannot`} ${failure.action}${target} (${code}: ${reason})`;
  const purpose = origin.purpose ?? 'directory';
  const hint =
    origin.option !== undefined
      ? `Give ${origin.option} a ${purpose} this user can create and write in`
      : origin.variable === 'OFFLOAD_HOME'
        ? `OFFLOAD_HOME must be a directory this user can write in (unset it to use ~/.goe)${origin.defaultOf === undefined ? '' : `, or set ${origin.defaultOf} to one`}`
        : origin.variable !== undefined
          ? `Set ${origin.variable} to a ${purpose} this user can create and write in`
          : undefined;
  return new GoeError(origin.option !== undefined ? 'OPTION_INVALID' : 'CONFIG_INVALID', message, {
    ...(name === undefined ? {} : { variable: name }),
    ...(hint === undefined ? {} : { hint }),
    cause: error,
  });
}

/**
 * The {@link PathOrigin} of a path variable of a loaded configuration: the variable itself when it was set, or
 * `OFFLOAD_HOME` when its default placed the path under `OFFLOAD_HOME` (e.g. `OFFLOAD_LOGDIR` =
 * `${OFFLOAD_HOME}/log`), so that a read-only `OFFLOAD_HOME` is reported as such.
 *
 * @example
 * ensureDirectory(config.get<string>('OFFLOAD_LOGDIR')!, configPathOrigin(config, 'OFFLOAD_LOGDIR', 'log directory'));
 */
export function configPathOrigin(
  config: {
    get(name: string): unknown;
    readonly offloadHome?: string;
    source?(name: string): 'option' | 'environment' | 'file' | 'default' | undefined;
  },
  name: string,
  purpose?: string,
): PathOrigin {
  const value = config.get(name);
  const home = config.offloadHome;
  const fromDefault = config.source?.(name) === 'default';
  if (fromDefault && home !== undefined && typeof value === 'string' && isInside(resolve(value), resolve(home))) {
    return { variable: 'OFFLOAD_HOME', base: home, defaultOf: name, ...(purpose === undefined ? {} : { purpose }) };
  }
  return { variable: name, ...(purpose === undefined ? {} : { purpose }) };
}

function isInside(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith('/') ? dir : `${dir}/`);
}

/** The shallowest existing ancestor of `path` (or `path`) that is not a directory. */
function firstNonDirectory(path: string): string | undefined {
  const chain: string[] = [];
  for (let p = resolve(path); ; p = dirname(p)) {
    chain.unshift(p);
    if (dirname(p) === p) break;
  }
  for (const p of chain) {
    try {
      if (!statSync(p).isDirectory()) return p;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function explain(code: string, at: string, operation: string, error: unknown): string {
  const shown = showInput(at);
  const parent = showInput(dirname(at));
  const place = operation === 'mkdir' ? parent : shown;
  const preposition = operation === 'mkdir' || operation === 'write' ? 'in' : 'on';
  switch (code) {
    case 'EACCES':
      return `permission denied ${preposition} ${place}`;
    case 'EPERM':
      return `operation not permitted ${preposition} ${place}`;
    case 'EROFS':
      return `${place} is on a read-only file system`;
    case 'ENOENT':
      if (operation === 'mkdir') return `${parent} does not accept new directories`;
      return operation === 'write' ? `${shown} does not accept new entries` : `no such file or directory: ${shown}`;
    case 'ENOTDIR':
    case 'EEXIST':
      return `${shown} is not a directory`;
    default: {
      const reason = REASONS[code];
      if (reason !== undefined) return `${reason}: ${shown}`;
      const message = error instanceof Error ? error.message : String(error);
      return showInput(message, { max: 160 });
    }
  }
}
