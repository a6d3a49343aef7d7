/**
 * Issue #11: configuration values that are paths are checked before use. `OFFLOAD_HOME=` created `/log/…` and
 * `/repo/goe.sqlite`; `DUCKDB_DATABASE=${UNDEFINED}/x.duckdb` in offload.env created `/x.duckdb` without a word.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GoeError } from '@goe/core';
import {
  assertConfigSchema,
  COMMON_CONFIG,
  defineConfigSchema,
  isGoeError,
  loadConfig,
  parseEnvFile,
  resolveOffloadHome,
  upgradeEnvironmentFile,
} from '@goe/core';

/** A backend-like schema with a path default under OFFLOAD_HOME (as DUCKDB_DATABASE) and a pglite-like URL. */
const ADAPTER = defineConfigSchema({
  group: 'test-paths',
  title: 'test',
  variables: [
    { name: 'DUCKDB_DATABASE', type: 'path', default: '${OFFLOAD_HOME}/warehouse/goe.duckdb', description: 'file' },
    { name: 'TEST_CERT', type: 'path', description: 'a file without default' },
    {
      name: 'TEST_CONN',
      type: 'url',
      secret: true,
      schemes: ['postgres', 'pglite'],
      pathSchemes: ['pglite'],
      description: 'postgres:// or pglite://<dir>',
    },
    { name: 'TEST_NAME', type: 'string', description: 'plain text' },
  ],
});
/**
 * A repository schema that re-declares `OFFLOAD_REPOSITORY_URL` with a `sqlite:<path>` path scheme and a default
 * under OFFLOAD_HOME, as `@goe/repository-sqlite`'s `SQLITE_REPOSITORY_CONFIG` does (core itself defaults no
 * repository; the last declaration of a variable wins).
 */
const REPOSITORY = defineConfigSchema({
  group: 'test-repository',
  title: 'test',
  variables: [
    {
      name: 'OFFLOAD_REPOSITORY_URL',
      type: 'url',
      secret: true,
      pathSchemes: ['sqlite'],
      default: 'sqlite:${OFFLOAD_HOME}/repo/goe.sqlite',
      description: 'sqlite:<path>',
    },
  ],
});
const SCHEMAS = [COMMON_CONFIG, REPOSITORY, ADAPTER];

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'goe-path-values-'));
  mkdirSync(join(home, 'conf'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

function writeEnv(text: string): string {
  const file = join(home, 'conf', 'offload.env');
  writeFileSync(file, text, { mode: 0o600 });
  return file;
}

function caught(fn: () => unknown): GoeError {
  try {
    fn();
  } catch (e) {
    if (isGoeError(e)) return e;
    throw e;
  }
  throw new Error('expected a GoeError');
}

const load = (env: Record<string, string> = {}) => loadConfig({ schemas: SCHEMAS, env, offloadHome: home });

describe('OFFLOAD_HOME set but empty', () => {
  it('is refused, not taken as unset (an empty value used to put log/ and repo/ at the root)', () => {
    for (const value of ['', '   ', '\t']) {
      const e = caught(() => resolveOffloadHome({ OFFLOAD_HOME: value }, '/home/u'));
      expect(e).toMatchObject({ code: 'CONFIG_INVALID', variable: 'OFFLOAD_HOME' });
      expect(e.message).toBe('OFFLOAD_HOME is set but empty: unset it to use ~/.goe, or give a directory');
    }
    expect(caught(() => loadConfig({ schemas: [COMMON_CONFIG], env: { OFFLOAD_HOME: '' } })).variable).toBe(
      'OFFLOAD_HOME',
    );
    expect(caught(() => loadConfig({ schemas: [COMMON_CONFIG], offloadHome: '' })).variable).toBe('OFFLOAD_HOME');
  });

  it('refuses control characters, shown escaped on one line', () => {
    const e = caught(() => resolveOffloadHome({ OFFLOAD_HOME: '/opt/goe\n/x' }, '/home/u'));
    expect(e.message).toBe(
      'OFFLOAD_HOME contains a control character ("/opt/goe\\n/x"): give a directory name without one',
    );
    expect(e.message).not.toContain('\n');
  });

  it('still defaults to ~/.goe when unset', () => {
    expect(resolveOffloadHome({}, '/home/u')).toMatchObject({ path: '/home/u/.goe', isDefault: true });
  });
});

describe('path variables set but empty', () => {
  it('refuses an empty path from the environment, naming the variable and its default', () => {
    const e = caught(() => load({ OFFLOAD_LOGDIR: '' }));
    expect(e).toMatchObject({ code: 'CONFIG_INVALID', variable: 'OFFLOAD_LOGDIR' });
    expect(e.message).toBe(
      'OFFLOAD_LOGDIR is set but empty (environment): unset it to use the default ${OFFLOAD_HOME}/log, or give a path',
    );
    expect(caught(() => load({ TEST_CERT: '  ' })).message).toBe(
      'TEST_CERT is set but empty (environment): unset it, or give a path',
    );
  });

  it('refuses an empty path from offload.env, naming the line', () => {
    const file = writeEnv('DUCKDB_DATABASE=\n');
    const e = caught(() => load());
    expect(e).toMatchObject({ code: 'CONFIG_INVALID', variable: 'DUCKDB_DATABASE' });
    expect(e.message).toBe(
      `DUCKDB_DATABASE is set but empty (${file} line 1): unset it to use the default \${OFFLOAD_HOME}/warehouse/goe.duckdb, or give a path`,
    );
  });

  it('keeps other typed empties meaning "the default" (GOE), and empty strings as values', () => {
    const config = load({ OFFLOAD_TRANSPORT_PARALLELISM: '', TEST_NAME: '' });
    expect(config.get('OFFLOAD_TRANSPORT_PARALLELISM')).toBe(2);
    expect(config.get('TEST_NAME')).toBe('');
    expect(config.get('DUCKDB_DATABASE')).toBe(join(home, 'warehouse', 'goe.duckdb'));
  });

  it('refuses control characters in a path, shown escaped', () => {
    const e = caught(() => load({ DUCKDB_DATABASE: '/data/x\n.duckdb' }));
    expect(e.message).toBe('DUCKDB_DATABASE contains a control character (got "/data/x\\n.duckdb") (environment)');
    expect(caught(() => load({ OFFLOAD_LOGDIR: '/var/log\0/goe' })).message).toContain('"/var/log\\0/goe"');
  });
});

describe('control characters in any value', () => {
  it('refuses a newline in a string from offload.env (an injected second assignment), naming the variable', () => {
    const file = writeEnv('DB_NAME_PREFIX="x\\nOFFLOAD_HOME=/tmp/evil"\n');
    const e = caught(() => load());
    expect(e).toMatchObject({ code: 'CONFIG_INVALID', variable: 'DB_NAME_PREFIX' });
    expect(e.message).toBe(
      `DB_NAME_PREFIX contains a control character (got "x\\nOFFLOAD_HOME=/tmp/evil") (${file} line 1)`,
    );
    expect(e.message).not.toContain('\n');
  });

  it('hides a secret value that holds one', () => {
    const e = caught(() => load({ OFFLOAD_REPOSITORY_URL: 'postgres://u:pw@h/d\tb' }));
    expect(e.message).toBe('OFFLOAD_REPOSITORY_URL contains a control character (value hidden) (environment)');
  });

  it('an empty string with a pattern (a size) takes its default instead of failing later', () => {
    expect(load({ MAX_OFFLOAD_CHUNK_SIZE: '' }).get('MAX_OFFLOAD_CHUNK_SIZE')).toBe('16G');
  });
});

describe('${VAR} references in offload.env that expand to nothing', () => {
  it('refuses a reference to an unset variable, naming the variable and the unset name', () => {
    const file = writeEnv('# warehouse\nDUCKDB_DATABASE=${UNDEFINED}/x.duckdb\n');
    const e = caught(() => load());
    expect(e).toMatchObject({ code: 'CONFIG_INVALID', variable: 'DUCKDB_DATABASE' });
    expect(e.message).toBe(`${file} line 2: DUCKDB_DATABASE references \${UNDEFINED}, which is not set`);
    expect(e.hint).toBe(
      'Set UNDEFINED in the environment or on an earlier line of the file, or write ${UNDEFINED:-default} to give a default',
    );
  });

  it('is fine once the variable is set in the environment or earlier in the file', () => {
    writeEnv('DUCKDB_DATABASE=${DATA}/x.duckdb\n');
    expect(load({ DATA: '/data' }).get('DUCKDB_DATABASE')).toBe('/data/x.duckdb');
    writeEnv('DATA=/srv\nDUCKDB_DATABASE=${DATA}/x.duckdb\n');
    expect(load().get('DUCKDB_DATABASE')).toBe('/srv/x.duckdb');
  });

  it('follows a reference through an earlier line', () => {
    const file = writeEnv('ROOT=${NOT_SET}/goe\nOFFLOAD_LOGDIR=${ROOT}/log\n');
    const e = caught(() => load());
    expect(e.message).toBe(`${file} line 2: OFFLOAD_LOGDIR references \${NOT_SET} (through ROOT), which is not set`);
  });

  it('refuses an unset reference in any declared variable (e.g. the staging prefix), not only paths', () => {
    writeEnv('OFFLOAD_FS_PREFIX=${STAGE_ROOT}/staging\n');
    expect(caught(() => load()).variable).toBe('OFFLOAD_FS_PREFIX');
    writeEnv('TEST_NAME=${WHO}\n');
    expect(caught(() => load()).message).toContain('TEST_NAME references ${WHO}, which is not set');
  });

  it('refuses an empty reference in a path, but not in plain text', () => {
    const file = writeEnv('DUCKDB_DATABASE=${DATA}/x.duckdb\nTEST_NAME=${DATA}\n');
    const e = caught(() => load({ DATA: '' }));
    expect(e.message).toBe(
      `${file} line 1: DUCKDB_DATABASE references \${DATA}, which is set but empty, so the path would change meaning`,
    );
    writeEnv('TEST_NAME=a${DATA}b\n');
    expect(load({ DATA: '' }).get('TEST_NAME')).toBe('ab');
  });

  it('accepts ${VAR:-default} and ${VAR-} as deliberate', () => {
    writeEnv('DUCKDB_DATABASE=${DATA:-/tmp}/x.duckdb\nOFFLOAD_LOGDIR=${LOGS-/var/log}/goe\n');
    const config = load({ LOGS: '' });
    expect(config.get('DUCKDB_DATABASE')).toBe('/tmp/x.duckdb');
    expect(config.get('OFFLOAD_LOGDIR')).toBe('/goe');
  });

  it('ignores undeclared variables (GOE settings this product does not read) and values the environment overrides', () => {
    writeEnv('OFFLOAD_TRANSPORT_USER=${USER_NOT_SET}\nDUCKDB_DATABASE=${UNDEFINED}/x.duckdb\n');
    expect(load({ DUCKDB_DATABASE: '/data/w.duckdb' }).get('DUCKDB_DATABASE')).toBe('/data/w.duckdb');
  });

  it('lists the references in parseEnvFile entries', () => {
    const entries = parseEnvFile('A=${U}/x\nB=${A}\nC=${E}\nD=${U:-d}${E-}', {
      lookup: (n) => (n === 'E' ? '' : undefined),
    });
    expect(entries.map((e) => e.references)).toEqual([
      [{ name: 'U', state: 'unset' }],
      [{ name: 'U', state: 'unset', via: 'A' }],
      [{ name: 'E', state: 'empty' }],
      undefined,
    ]);
  });
});

describe('URLs whose remainder is a path (sqlite:<path>, pglite://<dir>)', () => {
  it('refuses OFFLOAD_REPOSITORY_URL=sqlite:${UNDEFINED}/goe.sqlite and an empty sqlite path', () => {
    writeEnv('OFFLOAD_REPOSITORY_URL=sqlite:${UNDEFINED}/goe.sqlite\n');
    expect(caught(() => load()).message).toContain('OFFLOAD_REPOSITORY_URL references ${UNDEFINED}, which is not set');
    writeEnv('');
    const e = caught(() => load({ OFFLOAD_REPOSITORY_URL: 'sqlite:' }));
    expect(e).toMatchObject({ code: 'CONFIG_INVALID', variable: 'OFFLOAD_REPOSITORY_URL' });
    expect(e.message).toBe('OFFLOAD_REPOSITORY_URL has no path after the scheme (value hidden) (environment)');
  });

  it('refuses an empty path reference in a path-scheme URL, and control characters in any URL', () => {
    writeEnv('TEST_CONN=pglite://${PGDIR}\n');
    expect(caught(() => load({ PGDIR: '' })).message).toContain(
      'TEST_CONN references ${PGDIR}, which is set but empty',
    );
    writeEnv('');
    expect(caught(() => load({ TEST_CONN: 'pglite://' })).message).toContain('has no path after the scheme');
    const e = caught(() => load({ TEST_CONN: 'postgres://u:pw@h/d\nb' }));
    expect(e.message).toBe('TEST_CONN contains a control character (value hidden) (environment)');
    expect(load({ TEST_CONN: 'postgres://u:pw@h/db' }).get('TEST_CONN')).toBe('postgres://u:pw@h/db');
  });

  it('refuses a location URL set but empty (unset means the default, empty is a mistake)', () => {
    const e = caught(() => load({ OFFLOAD_REPOSITORY_URL: '' }));
    expect(e).toMatchObject({ code: 'CONFIG_INVALID', variable: 'OFFLOAD_REPOSITORY_URL' });
    expect(e.message).toBe(
      'OFFLOAD_REPOSITORY_URL is set but empty (environment): unset it to use the default sqlite:${OFFLOAD_HOME}/repo/goe.sqlite, or give a URL',
    );
    expect(caught(() => load({ TEST_CONN: ' ' })).message).toBe(
      'TEST_CONN is set but empty (environment): unset it, or give a URL',
    );
  });

  it('keeps the default repository and accepts sqlite::memory:', () => {
    expect(load().get('OFFLOAD_REPOSITORY_URL')).toBe(`sqlite:${home}/repo/goe.sqlite`);
    expect(load({ OFFLOAD_REPOSITORY_URL: 'sqlite::memory:' }).get('OFFLOAD_REPOSITORY_URL')).toBe('sqlite::memory:');
  });

  it('only a url may declare pathSchemes', () => {
    expect(() =>
      assertConfigSchema({
        group: 'bad',
        title: 'bad',
        variables: [{ name: 'X', type: 'path', pathSchemes: ['file'], description: 'x' }],
      }),
    ).toThrow(/pathSchemes but is not a url/);
  });
});

describe('configuration file errors name OFFLOAD_HOME and the real reason', () => {
  it('an OFFLOAD_HOME that is a file: ENOTDIR naming it', () => {
    const file = join(home, 'a-file');
    writeFileSync(file, '');
    const e = caught(() => loadConfig({ schemas: [COMMON_CONFIG], env: { OFFLOAD_HOME: file } }));
    expect(e).toMatchObject({ code: 'CONFIG_INVALID', variable: 'OFFLOAD_HOME' });
    expect(e.message).toBe(
      `OFFLOAD_HOME ${file}: cannot read the configuration file ${join(file, 'conf', 'offload.env')} (ENOTDIR: ${file} is not a directory)`,
    );
  });

  it('upgradeEnvironmentFile under a file: one line with ENOTDIR', () => {
    const file = join(home, 'b-file');
    writeFileSync(file, '');
    const e = caught(() => upgradeEnvironmentFile(join(file, 'conf', 'offload.env'), [COMMON_CONFIG]));
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toContain(`(ENOTDIR: ${file} is not a directory)`);
  });
});
