import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GoeError } from '@goe/core';
import {
  COMMON_CONFIG,
  assertConfigSchema,
  commonConfig,
  createEventBus,
  defineConfigSchema,
  isGoeError,
  loadConfig,
  offloadEnvPath,
  parseEnvFile,
  resolveOffloadHome,
  suggestName,
  upgradeEnvironmentFile,
  type ConfigSchema,
  type GoeEvent,
} from '@goe/core';

/**
 * The embedded stack's catalog defaults (as `@goe/stack`'s `EMBEDDED_STACK_DEFAULTS`): core sets no default adapter,
 * a catalog supplies them through {@link commonConfig}.
 */
const STACK_DEFAULTS = {
  FRONTEND_DISTRIBUTION: 'POSTGRES',
  QUERY_ENGINE: 'DUCKDB',
  OFFLOAD_REPOSITORY_URL: 'sqlite:${OFFLOAD_HOME}/repo/goe.sqlite',
};
const STACK_COMMON = commonConfig(STACK_DEFAULTS);

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'goe-config-'));
  mkdirSync(join(home, 'conf'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

const writeEnv = (text: string, mode = 0o600) => {
  const path = offloadEnvPath(home);
  writeFileSync(path, text, { mode });
  chmodSync(path, mode);
  return path;
};

/** Runs `f`, expects a GoeError and returns it. */
function caught(f: () => unknown): GoeError {
  try {
    f();
  } catch (e) {
    if (isGoeError(e)) return e;
    throw e;
  }
  throw new Error('expected a GoeError');
}

const TEST_SCHEMA = defineConfigSchema({
  group: 'test',
  title: 'test adapter',
  variables: [
    { name: 'TEST_REQUIRED_HOST', type: 'string', required: true, description: 'A host that must be set' },
    { name: 'TEST_MODES', type: 'list', values: ['fast', 'safe'], description: 'Modes' },
    { name: 'TEST_DIR', type: 'path', description: 'A directory' },
    { name: 'TEST_ANY_URL', type: 'url', description: 'Any URL' },
  ],
});

describe('parseEnvFile', () => {
  it('reads comments, blank lines, export, quotes, escapes, inline comments and CRLF', () => {
    const text = [
      '\uFEFF# a comment',
      '',
      '   # indented comment',
      'A=plain',
      'export B=exported',
      'C = spaced   # trailing comment',
      'D=val#ue',
      "E='single $HOME ${A} # kept'",
      'F="double ${A} \\"quoted\\" \\$literal\\n next"   # comment',
      'G="multi',
      'line"',
      'H=',
      'I=#only comment',
      "J='it\\'s'",
      'K=x\r',
    ].join('\n');
    const entries = parseEnvFile(text, { file: 'x.env' });
    const values = Object.fromEntries(entries.map((e) => [e.key, e.value]));
    expect(values).toEqual({
      A: 'plain',
      B: 'exported',
      C: 'spaced',
      D: 'val#ue',
      E: 'single $HOME ${A} # kept',
      F: 'double plain "quoted" $literal\n next',
      G: 'multi\nline',
      H: '',
      I: '',
      J: "it's",
      K: 'x',
    });
    expect(entries.find((e) => e.key === 'G')?.line).toBe(10);
    expect(entries.find((e) => e.key === 'H')?.line).toBe(12);
  });

  it('expands ${VAR}, ${VAR:-default} and ${VAR-default}: environment first, then earlier lines, then the fallback', () => {
    const text =
      'A=file\nB=${A}/x\nC=${ENV_ONLY}\nD=${MISSING:-dflt}\nE=${EMPTY:-dflt}|${EMPTY-kept}\nF=${OFFLOAD_HOME}/log\nG=${NOPE}.';
    const env: Record<string, string> = { A: 'env', ENV_ONLY: 'e', EMPTY: '' };
    const values = Object.fromEntries(
      parseEnvFile(text, { lookup: (n) => env[n], fallback: (n) => (n === 'OFFLOAD_HOME' ? '/h' : undefined) }).map(
        (e) => [e.key, e.value],
      ),
    );
    expect(values).toEqual({ A: 'file', B: 'env/x', C: 'e', D: 'dflt', E: 'dflt|', F: '/h/log', G: '.' });
  });

  it.each([
    ['no "="', 'OK=1\n\nthis is not an assignment\n', 3, undefined, 'not a KEY=value assignment'],
    ['key without "="', 'OK=1\nFOO bar', 2, undefined, 'not a KEY=value assignment'],
    [
      'known key without "="',
      'OK=1\nQUERY_ENGINE',
      2,
      'QUERY_ENGINE',
      'QUERY_ENGINE has no "=" (expected QUERY_ENGINE=value)',
    ],
    ['export without value', 'export FOO', 1, 'FOO', 'FOO has no "="'],
    ['invalid key', '1ABC=x', 1, undefined, 'not a KEY=value'],
    ['unterminated double quote', 'A=1\nB="open\nC=2\n', 2, 'B', 'B has an unterminated double quote'],
    ['unterminated single quote', "A='open", 1, 'A', 'A has an unterminated single quote'],
    ['text after the closing quote', 'A="x" y', 1, 'A', 'A has text after its closing quote'],
    ['unterminated ${', 'A=${B', 1, 'A', 'unterminated ${'],
    ['invalid ${…}', 'A=${B C}', 1, 'A', 'invalid ${…} reference'],
  ])('rejects %s naming the file, line and variable', (_what, text, line, variable, reason) => {
    const e = caught(() =>
      parseEnvFile(text, { file: '/etc/goe/offload.env', isKnownName: (n) => n === 'QUERY_ENGINE' }),
    );
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toContain(`/etc/goe/offload.env line ${line}:`);
    expect(e.message).toContain(reason);
    expect(e.variable).toBe(variable);
    expect(e.hint).toMatch(/KEY=value/);
  });

  it('never echoes the text of a malformed line', () => {
    for (const line of ['hunter2-secret-line', 'hunter2', 'HUNTER2 x', '"hunter2"']) {
      expect(caught(() => parseEnvFile(line)).message).not.toMatch(/hunter2/i);
    }
    const q = caught(() => parseEnvFile('PASS="hunter2'));
    expect(q.message).not.toContain('hunter2');
  });
});

describe('commonConfig (catalog defaults)', () => {
  it('core alone defaults no adapter: frontend, backend and repository are unset', () => {
    const config = loadConfig({ schemas: [COMMON_CONFIG], env: {}, offloadHome: home });
    expect(config.get('FRONTEND_DISTRIBUTION')).toBeUndefined();
    expect(config.get('QUERY_ENGINE')).toBeUndefined();
    expect(config.get('OFFLOAD_REPOSITORY_URL')).toBeUndefined();
    expect(config.get('OFFLOAD_FS_SCHEME')).toBe('file');
    expect(config.get('OFFLOAD_LOCK')).toBe('file');
  });

  it('gives a catalog its defaults without changing COMMON_CONFIG; no defaults is COMMON_CONFIG itself', () => {
    const schema = commonConfig({ QUERY_ENGINE: 'QUACK', OFFLOAD_LOCK: 'acme' });
    expect(schema.group).toBe('common');
    expect(schema.variables.map((v) => v.name)).toEqual(COMMON_CONFIG.variables.map((v) => v.name));
    const config = loadConfig({ schemas: [schema], env: {}, offloadHome: home });
    expect(config.get('QUERY_ENGINE')).toBe('QUACK');
    expect(config.get('OFFLOAD_LOCK')).toBe('acme');
    expect(config.source('QUERY_ENGINE')).toBe('default');
    expect(
      loadConfig({ schemas: [schema], env: { QUERY_ENGINE: 'other' }, offloadHome: home }).get('QUERY_ENGINE'),
    ).toBe('other');
    expect(COMMON_CONFIG.variables.find((v) => v.name === 'QUERY_ENGINE')).not.toHaveProperty('default');
    expect(commonConfig()).toBe(COMMON_CONFIG);
    expect(commonConfig({})).toBe(COMMON_CONFIG);
  });

  it('refuses a default for a variable the common schema does not declare', () => {
    const e = caught(() => commonConfig({ QUACK_DATABASE: '/tmp/q', OTHER: 'x' }));
    expect(e.code).toBe('ADAPTER_INVALID');
    expect(e.message).toBe('Catalog defaults name QUACK_DATABASE, OTHER, which are not common variables');
    expect(caught(() => commonConfig({ OTHER: 'x' })).message).toBe(
      'Catalog defaults name OTHER, which is not a common variable',
    );
  });
});

describe('loadConfig', () => {
  it('gives the embedded-stack defaults with no file and an empty environment', () => {
    const config = loadConfig({ schemas: [STACK_COMMON], env: {}, offloadHome: home });
    expect(config.file).toBeUndefined();
    expect(config.get('FRONTEND_DISTRIBUTION')).toBe('POSTGRES');
    expect(config.get('QUERY_ENGINE')).toBe('DUCKDB');
    expect(config.get('OFFLOAD_FS_SCHEME')).toBe('file');
    expect(config.get('OFFLOAD_TRANSPORT_PARALLELISM')).toBe(2);
    expect(config.get('OFFLOAD_COMPRESS_LOAD_TABLE')).toBe(false);
    expect(config.get('OFFLOAD_TRANSPORT_CONSISTENT_READ')).toBe(true);
    expect(config.get('OFFLOAD_REPOSITORY_URL')).toBe(`sqlite:${home}/repo/goe.sqlite`);
    expect(config.get('OFFLOAD_LOGDIR')).toBe(join(home, 'log'));
    expect(config.get('BACKEND_IDENTIFIER_CASE')).toBeUndefined();
    expect(config.get('GOE_PLUGINS')).toBeUndefined();
    expect(config.source('QUERY_ENGINE')).toBe('default');
    expect(config.source('GOE_PLUGINS')).toBeUndefined();
    expect(config.keys()).toContain('OFFLOAD_LOCK');
    expect(config.keys()).not.toContain('GOE_PLUGINS');
    expect(config.warnings).toEqual([]);
    expect(config.offloadHome).toBe(home);
  });

  it('reads OFFLOAD_HOME/conf/offload.env and lets the environment win', () => {
    const file = writeEnv(
      [
        '# my settings',
        'export QUERY_ENGINE=bigquery',
        'OFFLOAD_FS_SCHEME=gs',
        'OFFLOAD_FS_CONTAINER="my bucket"',
        'OFFLOAD_FS_PREFIX=${OFFLOAD_FS_CONTAINER}/goe',
        "DB_NAME_PREFIX=''",
        'OFFLOAD_TRANSPORT_PARALLELISM=8',
      ].join('\n'),
    );
    const config = loadConfig({
      schemas: [COMMON_CONFIG],
      env: { OFFLOAD_HOME: home, OFFLOAD_TRANSPORT_PARALLELISM: '4' },
    });
    expect(config.file).toBe(file);
    expect(config.get('QUERY_ENGINE')).toBe('bigquery'); // adapter names are open: kept as written, matched case-insensitively by the registry
    expect(config.source('QUERY_ENGINE')).toBe('file');
    expect(config.get('OFFLOAD_FS_CONTAINER')).toBe('my bucket');
    expect(config.get('OFFLOAD_FS_PREFIX')).toBe('my bucket/goe');
    expect(config.get('DB_NAME_PREFIX')).toBe('');
    expect(config.get('OFFLOAD_TRANSPORT_PARALLELISM')).toBe(4);
    expect(config.source('OFFLOAD_TRANSPORT_PARALLELISM')).toBe('environment');
  });

  it('expands ${VAR} in the file from the environment first, and defaults with OFFLOAD_HOME', () => {
    writeEnv('OFFLOAD_FS_PREFIX=${STAGE_ROOT}/staging\nOFFLOAD_LOGDIR=${OFFLOAD_HOME}/logs\n');
    const config = loadConfig({ schemas: [COMMON_CONFIG], env: { STAGE_ROOT: '/data' }, offloadHome: home });
    expect(config.get('OFFLOAD_FS_PREFIX')).toBe('/data/staging');
    expect(config.get('OFFLOAD_LOGDIR')).toBe(`${home}/logs`);
  });

  it('treats an empty typed value as unset (default applies) and keeps an empty string', () => {
    const config = loadConfig({
      schemas: [COMMON_CONFIG],
      env: { OFFLOAD_TRANSPORT_PARALLELISM: '', DB_NAME_PREFIX: '', OFFLOAD_LOCK: ' ' },
      offloadHome: home,
    });
    expect(config.get('OFFLOAD_TRANSPORT_PARALLELISM')).toBe(2);
    expect(config.get('OFFLOAD_LOCK')).toBe('file');
    expect(config.source('OFFLOAD_LOCK')).toBe('default');
    expect(config.get('BACKEND_IDENTIFIER_CASE')).toBeUndefined();
    expect(config.get('DB_NAME_PREFIX')).toBe('');
  });

  it('normalizes enum values case-insensitively and accepts every boolean form', () => {
    for (const [raw, value] of [
      ['Y', true],
      ['n', false],
      ['YES', true],
      ['no', false],
      ['True', true],
      ['FALSE', false],
      ['1', true],
      ['0', false],
      ['on', true],
      ['Off', false],
    ] as const) {
      const config = loadConfig({
        schemas: [COMMON_CONFIG],
        env: { OFFLOAD_COMPRESS_LOAD_TABLE: raw },
        offloadHome: home,
      });
      expect(config.get('OFFLOAD_COMPRESS_LOAD_TABLE')).toBe(value);
    }
    const config = loadConfig({
      schemas: [COMMON_CONFIG],
      env: {
        QUERY_ENGINE: 'duckdb',
        OFFLOAD_FS_SCHEME: 'S3A',
        BACKEND_IDENTIFIER_CASE: 'no_modify',
        OFFLOAD_LOCK: 'Repository',
      },
      offloadHome: home,
    });
    expect(config.get('QUERY_ENGINE')).toBe('duckdb');
    expect(config.get('OFFLOAD_FS_SCHEME')).toBe('S3A');
    expect(config.get('BACKEND_IDENTIFIER_CASE')).toBe('NO_MODIFY');
    expect(config.get('OFFLOAD_LOCK')).toBe('Repository');
  });

  it('parses lists, paths and GOE aliases (the canonical name wins)', () => {
    const config = loadConfig({
      schemas: [COMMON_CONFIG, TEST_SCHEMA],
      env: {
        TEST_REQUIRED_HOST: 'h',
        GOE_PLUGINS: ' goe-backend-clickhouse, @acme/goe-frontend-db2 ,,',
        TEST_MODES: 'FAST,safe',
        TEST_DIR: '~/data',
        SRCDB_VENDOR: 'oracle',
        LOG_LEVEL: 'DEBUG',
        OFFLOAD_LOG_LEVEL: 'detail',
      },
      offloadHome: home,
    });
    expect(config.get('GOE_PLUGINS')).toEqual(['goe-backend-clickhouse', '@acme/goe-frontend-db2']);
    expect(config.get('TEST_MODES')).toEqual(['fast', 'safe']);
    expect(config.get('TEST_DIR')).toBe(join(homedir(), 'data'));
    expect(config.get('FRONTEND_DISTRIBUTION')).toBe('oracle');
    expect(config.get('SRCDB_VENDOR')).toBe('oracle');
    expect(config.get('OFFLOAD_LOG_LEVEL')).toBe('detail');
    expect(config.warnings).toEqual([]);
  });

  it.each([
    ['OFFLOAD_TRANSPORT_PARALLELISM', 'abc', 'must be an integer (got "abc")'],
    ['OFFLOAD_TRANSPORT_PARALLELISM', '2.5', 'must be an integer'],
    ['OFFLOAD_TRANSPORT_PARALLELISM', '0', 'must be an integer between 1 and 1024 (got "0")'],
    ['MAX_OFFLOAD_CHUNK_COUNT', '1001', 'must be an integer between 1 and 1000'],
    ['OFFLOAD_VERIFY_PARALLELISM', '-1', 'must be an integer between 0 and 1024'],
    ['QUERY_ENGINE', 'DUCK DB', 'must be an adapter name (a letter, then letters, digits, _ or -)'],
    ['FRONTEND_DISTRIBUTION', '1mysql', 'must be an adapter name'],
    ['OFFLOAD_TRANSPORT', 'GOE;rm', 'must be a transport rule set name'],
    ['OFFLOAD_COMPRESS_LOAD_TABLE', 'maybe', 'must be a boolean (true/false, Y/N, yes/no, on/off, 1/0)'],
    ['OFFLOAD_REPOSITORY_URL', 'not a url', 'must be a URL'],
    ['MAX_OFFLOAD_CHUNK_SIZE', '16X', 'must be size in bytes with an optional binary unit'],
    ['OFFLOAD_LOG_LEVEL', 'trace', 'must be one of info, detail, debug'],
  ])('rejects %s=%s with CONFIG_INVALID naming the variable', (name, value, expected) => {
    const e = caught(() => loadConfig({ schemas: [COMMON_CONFIG], env: { [name]: value }, offloadHome: home }));
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.exitCode).toBe(2);
    expect(e.variable).toBe(name);
    expect(e.message.startsWith(`${name} `)).toBe(true);
    expect(e.message).toContain(expected);
    expect(e.message).toContain('(environment)');
  });

  it('names the file and line of an invalid value read from offload.env, and suggests a close enum value', () => {
    const file = writeEnv('# x\nOFFLOAD_LOG_LEVEL=detial\n');
    const e = caught(() => loadConfig({ schemas: [COMMON_CONFIG], env: {}, offloadHome: home }));
    expect(e.variable).toBe('OFFLOAD_LOG_LEVEL');
    expect(e.message).toContain(`(${file} line 2)`);
    expect(e.hint).toBe('Did you mean detail?');
  });

  it('leaves adapter names open: any well-formed name loads (the registry checks it after GOE_PLUGINS load)', () => {
    const config = loadConfig({
      schemas: [COMMON_CONFIG],
      env: {
        QUERY_ENGINE: 'CLICKHOUSE',
        FRONTEND_DISTRIBUTION: 'mysql',
        OFFLOAD_FS_SCHEME: 'dirstore',
        OFFLOAD_LOCK: 'etcd',
        OFFLOAD_TRANSPORT: 'MINE',
        OFFLOAD_REPOSITORY_URL: 'mysql://h/db',
      },
      offloadHome: home,
    });
    expect(config.get('QUERY_ENGINE')).toBe('CLICKHOUSE');
    expect(config.get('OFFLOAD_FS_SCHEME')).toBe('dirstore');
    expect(config.get('OFFLOAD_REPOSITORY_URL')).toBe('mysql://h/db');
    expect(config.get('GOE_PLUGINS_ROOT')).toBe(join(home, 'plugins'));
  });

  it('names the alias the user wrote', () => {
    const e = caught(() => loadConfig({ schemas: [COMMON_CONFIG], env: { LOG_LEVEL: 'warning' }, offloadHome: home }));
    expect(e.variable).toBe('OFFLOAD_LOG_LEVEL');
    expect(e.message).toMatch(/^LOG_LEVEL \(GOE's name for OFFLOAD_LOG_LEVEL\) must be one of info, detail, debug/);
  });

  it('rejects a missing required variable, and an empty required string', () => {
    const e = caught(() => loadConfig({ schemas: [TEST_SCHEMA], env: {}, offloadHome: home }));
    expect(e.variable).toBe('TEST_REQUIRED_HOST');
    expect(e.message).toBe('TEST_REQUIRED_HOST is required but not set');
    expect(e.hint).toContain('A host that must be set');
    const empty = caught(() =>
      loadConfig({ schemas: [TEST_SCHEMA], env: { TEST_REQUIRED_HOST: '' }, offloadHome: home }),
    );
    expect(empty.message).toBe('TEST_REQUIRED_HOST is required but empty (environment)');
  });

  it('rejects a bad list item and an unparsable URL', () => {
    const env = { TEST_REQUIRED_HOST: 'h' };
    expect(
      caught(() => loadConfig({ schemas: [TEST_SCHEMA], env: { ...env, TEST_MODES: 'fast,slow' }, offloadHome: home }))
        .variable,
    ).toBe('TEST_MODES');
    expect(
      caught(() =>
        loadConfig({ schemas: [TEST_SCHEMA], env: { ...env, TEST_ANY_URL: 'http://[bad' }, offloadHome: home }),
      ).variable,
    ).toBe('TEST_ANY_URL');
  });

  it('reports every problem at once, the first one as the variable', () => {
    const e = caught(() =>
      loadConfig({
        schemas: [COMMON_CONFIG],
        env: { QUERY_ENGINE: 'x y', OFFLOAD_TRANSPORT_PARALLELISM: 'y' },
        offloadHome: home,
      }),
    );
    expect(e.message).toMatch(/^2 configuration problems: QUERY_ENGINE .*; OFFLOAD_TRANSPORT_PARALLELISM /);
    expect(e.variable).toBe('QUERY_ENGINE');
    expect(e.hint).toContain('Fix QUERY_ENGINE, OFFLOAD_TRANSPORT_PARALLELISM in');
  });

  it('turns a malformed offload.env line into CONFIG_INVALID naming the file and line', () => {
    const file = writeEnv('QUERY_ENGINE=DUCKDB\nOFFLOAD_FS_SCHEME="file\n');
    const e = caught(() => loadConfig({ schemas: [COMMON_CONFIG], env: {}, offloadHome: home }));
    expect(e.message).toBe(`${file} line 2: OFFLOAD_FS_SCHEME has an unterminated double quote`);
    expect(e.variable).toBe('OFFLOAD_FS_SCHEME');
  });

  it('requires an explicit file to exist, and reads no file with file: false', () => {
    const missing = join(home, 'nope.env');
    const e = caught(() => loadConfig({ schemas: [COMMON_CONFIG], env: {}, offloadHome: home, file: missing }));
    expect(e.message).toBe(`Configuration file ${missing} does not exist`);
    writeEnv('QUERY_ENGINE=HIVE\n');
    expect(loadConfig({ schemas: [STACK_COMMON], env: {}, offloadHome: home, file: false }).get('QUERY_ENGINE')).toBe(
      'DUCKDB',
    );
    const other = join(home, 'other.env');
    writeFileSync(other, 'QUERY_ENGINE=IMPALA\n');
    expect(loadConfig({ schemas: [STACK_COMMON], env: {}, offloadHome: home, file: other }).get('QUERY_ENGINE')).toBe(
      'IMPALA',
    );
  });

  it('warns about unknown variables that look like ours, with a suggestion, without failing', () => {
    const file = writeEnv(
      'OFFLOAD_TRANSPRT=GOE\nOFFLOAD_SOMETHING=1\nQUERY_ENGIN=HIVE\nUNRELATED_THING=1\nOFLOAD_FS_SCHEME=gs\n',
    );
    const bus = createEventBus();
    const events: GoeEvent[] = [];
    bus.on('warning', (e) => events.push(e));
    const config = loadConfig({
      schemas: [COMMON_CONFIG],
      env: {
        DB_NAME_PREFX: 'x',
        DB_HOST: 'h',
        PATH: '/bin',
        HOME: '/home/x',
        GOE_TEST_ORACLE_DSN: 'x',
        OFFLOAD_TRANSPRT: 'GOE',
      },
      offloadHome: home,
      events: bus,
    });
    const byName = Object.fromEntries(config.warnings.map((w) => [w.variable, w]));
    expect(Object.keys(byName).sort()).toEqual([
      'DB_NAME_PREFX',
      'OFFLOAD_SOMETHING',
      'OFFLOAD_TRANSPRT',
      'OFLOAD_FS_SCHEME',
      'QUERY_ENGIN',
    ]);
    expect(byName['OFFLOAD_TRANSPRT']).toEqual({
      code: 'UNKNOWN_VARIABLE',
      variable: 'OFFLOAD_TRANSPRT',
      suggestion: 'OFFLOAD_TRANSPORT',
      message: `Unknown variable OFFLOAD_TRANSPRT in ${file} line 1; did you mean OFFLOAD_TRANSPORT?`,
    });
    expect(byName['OFFLOAD_SOMETHING']?.message).toBe(
      `Unknown variable OFFLOAD_SOMETHING in ${file} line 2; GOE does not use it`,
    );
    expect(byName['QUERY_ENGIN']?.suggestion).toBe('QUERY_ENGINE');
    expect(byName['OFLOAD_FS_SCHEME']?.suggestion).toBe('OFFLOAD_FS_SCHEME');
    expect(byName['DB_NAME_PREFX']?.message).toBe(
      'Unknown variable DB_NAME_PREFX in the environment; did you mean DB_NAME_PREFIX?',
    );
    expect(events.map((e) => e.type === 'warning' && e.code)).toEqual(
      config.warnings.map(() => 'CONFIG_UNKNOWN_VARIABLE'),
    );
    expect(config.get('OFFLOAD_TRANSPORT')).toBe('AUTO');
  });

  it('does not warn about variables declared by knownVariables, aliases or OFFLOAD_HOME', () => {
    writeEnv('OFFLOAD_HOME=/x\nSRCDB_VENDOR=ORACLE\nOFFLOAD_LISTENER_PORT=8085\n');
    const config = loadConfig({
      schemas: [COMMON_CONFIG],
      env: {},
      offloadHome: home,
      knownVariables: ['OFFLOAD_LISTENER_PORT'],
    });
    expect(config.warnings).toEqual([]);
  });

  it('warns about a variable set twice in the file and about a world-readable file holding secrets', () => {
    const file = writeEnv('QUERY_ENGINE=HIVE\nQUERY_ENGINE=IMPALA\nOFFLOAD_REPOSITORY_URL=postgres://u:p@h/d\n', 0o644);
    const config = loadConfig({ schemas: [COMMON_CONFIG], env: {}, offloadHome: home });
    expect(config.get('QUERY_ENGINE')).toBe('IMPALA');
    expect(config.warnings.map((w) => w.code).sort()).toEqual(['DUPLICATE_VARIABLE', 'FILE_PERMISSIONS']);
    expect(config.warnings.find((w) => w.code === 'DUPLICATE_VARIABLE')?.message).toBe(
      `QUERY_ENGINE is set twice in ${file} (lines 1 and 2); line 2 wins`,
    );
    chmodSync(file, 0o600);
    expect(loadConfig({ schemas: [COMMON_CONFIG], env: {}, offloadHome: home }).warnings.map((w) => w.code)).toEqual([
      'DUPLICATE_VARIABLE',
    ]);
  });

  it('require() names the unset variable; get() of an undeclared name gives its raw text', () => {
    const config = loadConfig({ schemas: [COMMON_CONFIG], env: { SOME_OTHER: 'raw' }, offloadHome: home });
    const e = caught(() => config.require('OFFLOAD_FS_CONTAINER'));
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.variable).toBe('OFFLOAD_FS_CONTAINER');
    expect(e.message).toBe('OFFLOAD_FS_CONTAINER is required but not set');
    expect(e.hint).toContain('Bucket');
    expect(config.require<number>('OFFLOAD_TRANSPORT_PARALLELISM')).toBe(2);
    expect(config.get('SOME_OTHER')).toBe('raw');
    expect(config.get('NOT_THERE')).toBeUndefined();
  });

  it('masks secrets in mask(), toJSON(), JSON.stringify and util.inspect', () => {
    const url = 'postgres://goe:pa55w0rd-X@db.example.com:5432/goe';
    const config = loadConfig({ schemas: [COMMON_CONFIG], env: { OFFLOAD_REPOSITORY_URL: url }, offloadHome: home });
    expect(config.get('OFFLOAD_REPOSITORY_URL')).toBe(url);
    expect(config.mask(`connecting to ${url} with pa55w0rd-X`)).toBe('connecting to *** with ***');
    expect(config.toJSON()['OFFLOAD_REPOSITORY_URL']).toBe('***');
    expect(JSON.stringify(config)).not.toContain('pa55w0rd');
    expect(inspect(config)).not.toContain('pa55w0rd');
    expect(config.masker.maskArgv(['--x', 'pa55w0rd-X'])).toEqual(['--x', '***']);
  });

  it('checks the schemas themselves', () => {
    const bad = { group: 'Bad Group', title: 't', variables: [] } as ConfigSchema;
    expect(caught(() => loadConfig({ schemas: [bad], env: {} })).code).toBe('ADAPTER_INVALID');
    const cases: ConfigSchema['variables'][number][] = [
      { name: 'lower', type: 'string', description: 'd' },
      { name: 'X', type: 'weird' as 'string', description: 'd' },
      { name: 'X', type: 'string', description: ' ' },
      { name: 'X', type: 'enum', description: 'd' },
      { name: 'X', type: 'integer', min: 2, max: 1, description: 'd' },
      { name: 'X', type: 'string', pattern: '(', description: 'd' },
    ];
    for (const v of cases) {
      const e = caught(() => assertConfigSchema({ group: 'g', title: 't', variables: [v] }));
      expect(e.code).toBe('ADAPTER_INVALID');
      expect(e.message).toContain('Config schema "g"');
    }
    const dup = caught(() =>
      assertConfigSchema({
        group: 'g',
        title: 't',
        variables: [
          { name: 'A', type: 'string', description: 'd' },
          { name: 'B', type: 'string', aliases: ['A'], description: 'd' },
        ],
      }),
    );
    expect(dup.variable).toBe('A');
    expect(() => assertConfigSchema(COMMON_CONFIG)).not.toThrow();
  });

  it('lets a later schema redeclare a variable (e.g. a backend default)', () => {
    const backend = defineConfigSchema({
      group: 'backend-x',
      title: 'x',
      variables: [
        {
          name: 'BACKEND_IDENTIFIER_CASE',
          type: 'enum',
          values: ['UPPER', 'LOWER', 'NO_MODIFY'],
          default: 'LOWER',
          description: 'd',
        },
      ],
    });
    expect(
      loadConfig({ schemas: [COMMON_CONFIG, backend], env: {}, offloadHome: home }).get('BACKEND_IDENTIFIER_CASE'),
    ).toBe('LOWER');
  });
});

describe('resolveOffloadHome', () => {
  it('uses OFFLOAD_HOME, made absolute', () => {
    expect(resolveOffloadHome({ OFFLOAD_HOME: '/opt/goe' }, '/home/u')).toEqual({ path: '/opt/goe', isDefault: false });
    expect(resolveOffloadHome({ OFFLOAD_HOME: '~/goe' }, '/home/u').path).toBe('/home/u/goe');
    expect(resolveOffloadHome({ OFFLOAD_HOME: 'rel' }, '/home/u').path).toBe(join(process.cwd(), 'rel'));
  });

  it('defaults to ~/.goe with a notice when unset', () => {
    expect(resolveOffloadHome({}, '/home/u')).toEqual({
      path: '/home/u/.goe',
      isDefault: true,
      notice: 'OFFLOAD_HOME is not set; using /home/u/.goe',
    });
    expect(loadConfig({ schemas: [COMMON_CONFIG], env: { HOME: home } }).offloadHome).toBe(resolveOffloadHome({}).path);
  });
});

describe('upgradeEnvironmentFile', () => {
  it('appends missing variables commented out with their defaults, once', () => {
    const path = writeEnv(
      'QUERY_ENGINE=HIVE\n# OFFLOAD_FS_SCHEME=gs\nexport SRCDB_VENDOR=ORACLE\nOFFLOAD_TRANSPORT_PARALLELISM=3',
    );
    const before = loadConfig({ schemas: [COMMON_CONFIG], env: {}, offloadHome: home }).toJSON();
    const result = upgradeEnvironmentFile(path, [COMMON_CONFIG]);
    expect(result.created).toBe(false);
    expect(result.added).not.toContain('QUERY_ENGINE');
    expect(result.added).not.toContain('OFFLOAD_FS_SCHEME');
    expect(result.added).not.toContain('FRONTEND_DISTRIBUTION');
    expect(result.added).toContain('OFFLOAD_REPOSITORY_URL');
    expect(result.added).toHaveLength(COMMON_CONFIG.variables.length - 4);
    const text = readFileSync(path, 'utf8');
    expect(
      text.startsWith(
        'QUERY_ENGINE=HIVE\n# OFFLOAD_FS_SCHEME=gs\nexport SRCDB_VENDOR=ORACLE\nOFFLOAD_TRANSPORT_PARALLELISM=3\n\n# Added by goe connect',
      ),
    ).toBe(true);
    expect(text).toContain('# OFFLOAD_LOCK=file\n');
    expect(text).toContain('# GOE_PLUGINS=\n');
    expect(text).not.toMatch(/^OFFLOAD_LOCK=/m);
    // behaviour unchanged, and a second run adds nothing
    expect(loadConfig({ schemas: [COMMON_CONFIG], env: {}, offloadHome: home }).toJSON()).toEqual(before);
    expect(upgradeEnvironmentFile(path, [COMMON_CONFIG]).added).toEqual([]);
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('creates a missing file with mode 600', () => {
    const path = join(home, 'new', 'offload.env');
    const result = upgradeEnvironmentFile(path, [COMMON_CONFIG]);
    expect(result.created).toBe(true);
    expect(result.added).toEqual(COMMON_CONFIG.variables.map((v) => v.name));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(loadConfig({ schemas: [COMMON_CONFIG], env: {}, offloadHome: home, file: path }).warnings).toEqual([]);
  });
});

describe('suggestName', () => {
  it('finds close names and ignores far ones', () => {
    const known = COMMON_CONFIG.variables.map((v) => v.name);
    expect(suggestName('OFFLOAD_TRANSPRT', known)).toBe('OFFLOAD_TRANSPORT');
    expect(suggestName('OFFLAOD_LOCK', known)).toBe('OFFLOAD_LOCK');
    expect(suggestName('GOE_PLUGIN', known)).toBe('GOE_PLUGINS');
    expect(suggestName('PATH', known)).toBeUndefined();
    expect(suggestName('OFFLOAD_LISTENER_PORT', known)).toBeUndefined();
  });
});
