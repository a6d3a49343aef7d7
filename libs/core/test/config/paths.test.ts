/**
 * Issue #11: paths from configuration and options are validated before use and directories are created without
 * Node's recursive mkdir (which spins forever under /proc and says ENOENT on a read-only file system); every
 * message embedding user input stays one line.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GoeError } from '@goe/core';
import {
  assertPathValue,
  configPathOrigin,
  COMMON_CONFIG,
  ensureDirectory,
  escapeControl,
  hasControlCharacter,
  isGoeError,
  loadConfig,
  pathError,
  pathValueProblem,
  quoteInput,
  showInput,
} from '@goe/core';
import { createLogger } from '../../src/logging.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'goe-paths-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function caught(fn: () => unknown): GoeError {
  try {
    fn();
  } catch (e) {
    if (isGoeError(e)) return e;
    throw e;
  }
  throw new Error('expected a GoeError');
}

/** /proc refuses new directories (mkdir gives ENOENT although /proc exists): Node's recursive mkdir spins there. */
const hasProc = existsSync('/proc/self');

describe('quoteInput, escapeControl, showInput', () => {
  it('quotes user input JSON-style on one line, control characters escaped', () => {
    expect(quoteInput('sh.sales')).toBe('"sh.sales"');
    expect(quoteInput('sh.sales\nDROP TABLE x')).toBe('"sh.sales\\nDROP TABLE x"');
    expect(quoteInput('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(quoteInput('nul\0 esc\u001b[31m del\u007f csi\u009b ls\u2028 rlo\u202e')).toBe(
      '"nul\\0 esc\\u001b[31m del\\u007f csi\\u009b ls\\u2028 rlo\\u202e"',
    );
    expect(quoteInput('tab\tcr\r')).toBe('"tab\\tcr\\r"');
    expect(quoteInput(42)).toBe('"42"');
    expect(quoteInput('x'.repeat(300))).toHaveLength(202);
    expect(quoteInput('abcdef', { max: 4 })).toBe('"abc…"');
    expect(quoteInput('Größe')).toBe('"Größe"');
    for (const s of ['a\nb', '\r\n', '\u2028', '\u0085']) expect(quoteInput(s)).not.toMatch(/[\n\r\u2028\u0085]/);
  });

  it('escapes control characters only, and shows plain input as it is', () => {
    expect(escapeControl('line 1\nline 2\u001b[0m "q"')).toBe('line 1\\nline 2\\u001b[0m "q"');
    expect(hasControlCharacter('/data/goe')).toBe(false);
    expect(hasControlCharacter('/data\t/goe')).toBe(true);
    expect(showInput('/data/goe')).toBe('/data/goe');
    expect(showInput('')).toBe('""');
    expect(showInput(' x')).toBe('" x"');
    expect(showInput('/a\nb')).toBe('"/a\\nb"');
  });
});

describe('path values', () => {
  it('refuses empty, blank and control-character paths, naming the option or variable', () => {
    expect(pathValueProblem('/x')).toBeUndefined();
    expect(pathValueProblem('')).toBe('is set but empty');
    expect(pathValueProblem(' \t')).toBe('is set but empty');
    expect(pathValueProblem('/x\0y')).toBe('contains a control character');
    expect(assertPathValue(' /x ', { option: '--log-path' })).toBe('/x');
    const option = caught(() => assertPathValue('', { option: '--log-path' }));
    expect(option).toMatchObject({ code: 'OPTION_INVALID', variable: '--log-path' });
    expect(option.message).toBe('--log-path is empty: give a directory');
    const variable = caught(() => assertPathValue('/a\nb', { variable: 'OFFLOAD_LOGDIR' }));
    expect(variable).toMatchObject({ code: 'CONFIG_INVALID', variable: 'OFFLOAD_LOGDIR' });
    expect(variable.message).toBe(
      'OFFLOAD_LOGDIR contains a control character ("/a\\nb"): a directory name cannot hold one',
    );
  });
});

describe('ensureDirectory', () => {
  it('creates missing parents one level at a time, with the mode, and accepts an existing directory', () => {
    const target = join(dir, 'a', 'b', 'c');
    expect(ensureDirectory(target, {}, { mode: 0o700 })).toBe(target);
    expect(statSync(target).isDirectory()).toBe(true);
    expect(statSync(join(dir, 'a')).mode & 0o777).toBe(0o700);
    expect(ensureDirectory(target, {}, { writable: true })).toBe(target);
    expect(ensureDirectory(`${target}/`)).toBe(target);
  });

  it.runIf(hasProc)('returns at once under /proc (ENOENT) instead of spinning, naming the option', () => {
    const started = Date.now();
    const e = caught(() => ensureDirectory('/proc/nope/logs', { option: '--log-path', purpose: 'log directory' }));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(e).toMatchObject({ code: 'OPTION_INVALID', variable: '--log-path' });
    expect(e.message).toBe(
      '--log-path /proc/nope/logs: cannot create the log directory (ENOENT: /proc does not accept new directories)',
    );
    expect(e.hint).toContain('--log-path');
    expect(existsSync('/proc/nope')).toBe(false);
  });

  it('names the file that is in the way (ENOTDIR) and a file given as the directory (EEXIST)', () => {
    const file = join(dir, 'plain-file');
    writeFileSync(file, '');
    const below = caught(() => ensureDirectory(join(file, 'x', 'y'), { variable: 'OFFLOAD_LOGDIR' }));
    expect(below).toMatchObject({ code: 'CONFIG_INVALID', variable: 'OFFLOAD_LOGDIR' });
    expect(below.message).toBe(
      `OFFLOAD_LOGDIR ${join(file, 'x', 'y')}: cannot create the directory (ENOTDIR: ${file} is not a directory)`,
    );
    const itself = caught(() => ensureDirectory(file, { variable: 'OFFLOAD_LOGDIR' }));
    expect(itself.message).toBe(
      `OFFLOAD_LOGDIR ${file}: cannot create the directory (EEXIST: ${file} is not a directory)`,
    );
  });

  it('names OFFLOAD_HOME when the directory is a default under it, with the real reason', () => {
    const file = join(dir, 'home-is-a-file');
    writeFileSync(file, '');
    const e = caught(() =>
      ensureDirectory(join(file, 'log'), {
        variable: 'OFFLOAD_HOME',
        base: file,
        defaultOf: 'OFFLOAD_LOGDIR',
        purpose: 'log directory',
      }),
    );
    expect(e).toMatchObject({ code: 'CONFIG_INVALID', variable: 'OFFLOAD_HOME' });
    expect(e.message).toBe(
      `OFFLOAD_HOME ${file}: cannot create the log directory ${join(file, 'log')} (ENOTDIR: ${file} is not a directory)`,
    );
    expect(e.hint).toBe(
      'OFFLOAD_HOME must be a directory this user can write in (unset it to use ~/.goe), or set OFFLOAD_LOGDIR to one',
    );
  });

  it('reports EROFS and EACCES by their names (a read-only file system is not "ENOENT")', () => {
    for (const [code, reason] of [
      ['EROFS', `${dir} is on a read-only file system`],
      ['EACCES', `permission denied in ${dir}`],
    ] as const) {
      const e = pathError(
        Object.assign(new Error('x'), { code }),
        { path: join(dir, 'log'), action: 'create the log directory', at: join(dir, 'log'), operation: 'mkdir' },
        { variable: 'OFFLOAD_HOME', base: dir, defaultOf: 'OFFLOAD_LOGDIR' },
      );
      expect(e.message).toBe(
        `OFFLOAD_HOME ${dir}: cannot create the log directory ${join(dir, 'log')} (${code}: ${reason})`,
      );
    }
  });

  it('refuses an empty or control-character path before touching the file system', () => {
    expect(caught(() => ensureDirectory('', { variable: 'OFFLOAD_LOGDIR' })).message).toMatch(
      /^OFFLOAD_LOGDIR is set but empty/,
    );
    expect(caught(() => ensureDirectory(join(dir, 'a\nb'))).message).toContain('"');
    expect(existsSync(join(dir, 'a\nb'))).toBe(false);
  });
});

describe('configPathOrigin', () => {
  it('is OFFLOAD_HOME for a default under it, the variable itself when set', () => {
    const byDefault = loadConfig({ schemas: [COMMON_CONFIG], env: {}, offloadHome: dir, file: false });
    expect(configPathOrigin(byDefault, 'OFFLOAD_LOGDIR', 'log directory')).toEqual({
      variable: 'OFFLOAD_HOME',
      base: dir,
      defaultOf: 'OFFLOAD_LOGDIR',
      purpose: 'log directory',
    });
    const set = loadConfig({ schemas: [COMMON_CONFIG], env: { OFFLOAD_LOGDIR: '/var/log/goe' }, offloadHome: dir });
    expect(configPathOrigin(set, 'OFFLOAD_LOGDIR')).toEqual({ variable: 'OFFLOAD_LOGDIR' });
  });
});

describe('createLogger: an unusable log directory is one clear error, never a hang', () => {
  it.runIf(hasProc)('OFFLOAD_LOGDIR=/proc/nope: CONFIG_INVALID naming OFFLOAD_LOGDIR and ENOENT', () => {
    const e = caught(() => createLogger({ file: '/proc/nope/offload_SH.SALES_20250131_120000.log' }));
    expect(e).toMatchObject({ code: 'CONFIG_INVALID', variable: 'OFFLOAD_LOGDIR' });
    expect(e.message).toBe(
      'OFFLOAD_LOGDIR /proc/nope: cannot create the log directory (ENOENT: /proc does not accept new directories)',
    );
  });

  it.runIf(hasProc)('--log-path: OPTION_INVALID naming the option', () => {
    const e = caught(() => createLogger({ file: '/proc/nope/x.log', origin: { option: '--log-path' } }));
    expect(e).toMatchObject({ code: 'OPTION_INVALID', variable: '--log-path' });
    expect(e.message).toMatch(/^--log-path \/proc\/nope: cannot create the log directory \(ENOENT: /);
  });

  it.runIf(hasProc)('an existing directory that refuses new files (/proc): the open error, naming the file', () => {
    const e = caught(() => createLogger({ file: '/proc/self/goe.log' }));
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toMatch(
      /^OFFLOAD_LOGDIR \/proc\/self: cannot open the log file \/proc\/self\/goe\.log \((EACCES|ENOENT|EPERM|EROFS): /,
    );
  });

  it('a default log directory under an OFFLOAD_HOME that is a file names OFFLOAD_HOME', () => {
    const home = join(dir, 'file-home');
    writeFileSync(home, '');
    const config = loadConfig({ schemas: [COMMON_CONFIG], env: {}, offloadHome: home, file: false });
    const logDir = config.get<string>('OFFLOAD_LOGDIR')!;
    const e = caught(() =>
      createLogger({
        file: join(logDir, 'x.log'),
        origin: configPathOrigin(config, 'OFFLOAD_LOGDIR', 'log directory'),
      }),
    );
    expect(e).toMatchObject({ code: 'CONFIG_INVALID', variable: 'OFFLOAD_HOME' });
    expect(e.message).toBe(
      `OFFLOAD_HOME ${home}: cannot create the log directory ${logDir} (ENOTDIR: ${home} is not a directory)`,
    );
  });

  it('creates the log directory with mode 700 and writes the file', () => {
    const file = join(dir, 'logs', 'x.log');
    const logger = createLogger({ file });
    logger.info('hello');
    logger.close();
    expect(statSync(join(dir, 'logs')).mode & 0o777).toBe(0o700);
    expect(readFileSync(file, 'utf8')).toMatch(/INFO hello\n$/);
  });
});
