/**
 * Configures distinctive secrets, drives every error and warning path of the loader, the logger and maskArgv,
 * and greps everything they produce (messages, hints, JSON, events, log file, recorded command lines) for them.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import {
  COMMON_CONFIG,
  defineConfigSchema,
  isGoeError,
  loadConfig,
  maskArgv,
  maskObject,
  offloadEnvPath,
  parseEnvFile,
  type GoeEvent,
  type LoadConfigOptions,
} from '@goe/core';
import { createLogger } from '../../src/logging.js';

const PASSWORD_ENCODED = 'S3cr3t-p%40ss';
const PASSWORD = decodeURIComponent(PASSWORD_ENCODED); // S3cr3t-p@ss
const REPO_URL = `postgres://goe:${PASSWORD_ENCODED}@db.example.com:5432/goe`;
const VAULT = 'Qu1nc3-V@ult#42';
/** Every fragment whose presence would be a leak. */
const FORBIDDEN = [
  PASSWORD_ENCODED,
  PASSWORD,
  'S3cr3t',
  encodeURIComponent(PASSWORD),
  VAULT,
  'Qu1nc3',
  encodeURIComponent(VAULT),
];

const LEAK_SCHEMA = defineConfigSchema({
  group: 'leak',
  title: 'leak test adapter',
  variables: [
    { name: 'LEAK_VAULT_PASSWORD', type: 'string', secret: true, description: 'A secret password' },
    { name: 'LEAK_SECRET_URL', type: 'url', secret: true, schemes: ['postgres'], description: 'A secret URL' },
    { name: 'LEAK_SECRET_PORT', type: 'integer', secret: true, min: 1, max: 65535, description: 'A secret integer' },
    { name: 'LEAK_REQUIRED', type: 'string', required: true, description: 'Required' },
  ],
});

const home = mkdtempSync(join(tmpdir(), 'goe-leak-'));
mkdirSync(join(home, 'conf'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** Everything produced, to be grepped at the end of each test. */
const produced: string[] = [];
const events: GoeEvent[] = [];
const sink = { emit: (e: GoeEvent) => events.push(e) };

function record(value: unknown) {
  produced.push(typeof value === 'string' ? value : `${JSON.stringify(value)} ${inspect(value, { depth: 10 })}`);
}

function expectError(options: Partial<LoadConfigOptions>, fileText?: string): void {
  if (fileText !== undefined) {
    writeFileSync(offloadEnvPath(home), fileText, { mode: 0o644 });
    chmodSync(offloadEnvPath(home), 0o644);
  }
  try {
    const config = loadConfig({
      schemas: [COMMON_CONFIG, LEAK_SCHEMA],
      offloadHome: home,
      events: { emit: sink.emit },
      env: {},
      ...options,
    });
    record(config.warnings);
    record(config.toJSON());
    record(inspect(config));
    throw new Error('expected a configuration error');
  } catch (e) {
    if (!isGoeError(e)) throw e;
    expect(e.code).toBe('CONFIG_INVALID');
    record(e.message);
    record(e.hint ?? '');
    record(e.toJSON());
    record(String(e.stack));
  }
}

const BASE_ENV = { OFFLOAD_REPOSITORY_URL: REPO_URL, LEAK_VAULT_PASSWORD: VAULT, LEAK_REQUIRED: 'x' };

describe('no secret leaks', () => {
  it('loader: invalid values of every type carrying the secrets', () => {
    const cases: Record<string, string>[] = [
      { OFFLOAD_REPOSITORY_URL: `mysql://goe:${PASSWORD_ENCODED}@h/db` }, // secret URL, wrong scheme
      { OFFLOAD_REPOSITORY_URL: PASSWORD }, // secret URL, not a URL
      { OFFLOAD_REPOSITORY_URL: `mysql://goe:${PASSWORD}@h/db` }, // unencoded password
      { ...BASE_ENV, OFFLOAD_TRANSPORT_PARALLELISM: PASSWORD }, // a secret pasted into an integer
      { ...BASE_ENV, OFFLOAD_TRANSPORT_PARALLELISM: PASSWORD_ENCODED },
      { ...BASE_ENV, QUERY_ENGINE: VAULT }, // into an enum
      { ...BASE_ENV, OFFLOAD_COMPRESS_LOAD_TABLE: `x${PASSWORD}` }, // into a boolean
      { ...BASE_ENV, MAX_OFFLOAD_CHUNK_SIZE: `${VAULT}` }, // into a pattern string
      { ...BASE_ENV, OFFLOAD_FS_SCHEME: `postgres://u:${PASSWORD_ENCODED}@h/d` }, // a URL into an enum
      { ...BASE_ENV, LEAK_SECRET_URL: `http://u:${VAULT}@h/d` }, // secret URL with the other secret
      { ...BASE_ENV, LEAK_SECRET_URL: VAULT },
      { ...BASE_ENV, LEAK_SECRET_PORT: VAULT },
      { ...BASE_ENV, LEAK_SECRET_PORT: '70000' },
      { OFFLOAD_REPOSITORY_URL: REPO_URL, LEAK_VAULT_PASSWORD: VAULT, LEAK_REQUIRED: '' }, // required
      { ...BASE_ENV, LOG_LEVEL: PASSWORD }, // through an alias
      {
        ...BASE_ENV,
        QUERY_ENGINE: 'x',
        OFFLOAD_LOCK: PASSWORD,
        GOE_PLUGINS: PASSWORD,
        OFFLOAD_TRANSPORT_FETCH_SIZE: VAULT,
      }, // several
    ];
    for (const env of cases) expectError({ env, file: false });
  });

  it('loader: the same values read from offload.env, malformed lines, and warnings', () => {
    const lines = (...l: string[]) => l.join('\n') + '\n';
    const fileCases = [
      lines(
        `OFFLOAD_REPOSITORY_URL=${REPO_URL}`,
        `LEAK_VAULT_PASSWORD='${VAULT}'`,
        `OFFLOAD_TRANSPORT_PARALLELISM=${PASSWORD}`,
      ),
      lines(`OFFLOAD_REPOSITORY_URL="${REPO_URL}"`, `QUERY_ENGINE="${VAULT}"`, `export LEAK_VAULT_PASSWORD="${VAULT}"`),
      lines(`LEAK_VAULT_PASSWORD=${VAULT}`, `OFFLOAD_REPOSITORY_URL=mysql://goe:${PASSWORD_ENCODED}@h/db`),
      lines(`LEAK_VAULT_PASSWORD=${VAULT}`, PASSWORD), // a pasted password line
      lines(PASSWORD_ENCODED),
      lines(`${PASSWORD.replace(/[^A-Za-z0-9]/g, '_')} trailing`), // looks like a key, but unknown
      lines(`LEAK_VAULT_PASSWORD="${VAULT}`), // unterminated quote
      lines(`LEAK_VAULT_PASSWORD='${VAULT}`),
      lines(`LEAK_VAULT_PASSWORD="${VAULT}" ${PASSWORD}`), // text after the quote
      lines(`LEAK_VAULT_PASSWORD=\${${PASSWORD}}`), // invalid reference
      lines(`LEAK_VAULT_PASSWORD=\${LEAK_X:-${PASSWORD}`), // unterminated reference
      lines(
        `LEAK_SECRET_URL=postgres://u:\${LEAK_VAULT_PASSWORD}@h/d`,
        `LEAK_VAULT_PASSWORD=${VAULT}`,
        'LEAK_SECRET_PORT=${LEAK_VAULT_PASSWORD}',
      ),
      // warnings: unknown/misspelt variables holding secrets, duplicates, a world-readable file (mode 644)
      lines(
        `OFFLOAD_REPOSITORY_URL=${REPO_URL}`,
        `OFFLOAD_REPOSITORY_URL=${REPO_URL}`,
        `OFFLOAD_REPOSITRY_URL=${REPO_URL}`,
        `OFFLOAD_VAULT=${VAULT}`,
        `LEAK_VAULT_PASSWRD=${VAULT}`,
        `LEAK_VAULT_PASSWORD=${VAULT}`,
        'LEAK_REQUIRED=x',
        'QUERY_ENGINE=no pe',
      ),
    ];
    for (const text of fileCases) expectError({ env: {} }, text);
    // environment-side warnings, and a missing explicit file named by a secret-free path
    expectError({
      env: { ...BASE_ENV, OFFLOAD_REPOSITORY_URLL: REPO_URL, LEAK_VAULT_PASSWRD: VAULT, LEAK_SECRET_PORT: '0' },
      file: false,
    });
    expectError({ env: BASE_ENV, file: join(home, 'missing.env') });
    for (const text of fileCases) {
      try {
        parseEnvFile(text, { file: 'offload.env' });
      } catch (e) {
        record(isGoeError(e) ? e.toJSON() : String(e));
      }
    }
    record(events);
    expect(events.length).toBeGreaterThan(3);
  });

  it('loaded configuration, require(), logger and recorded command lines', () => {
    writeFileSync(offloadEnvPath(home), `LEAK_VAULT_PASSWORD='${VAULT}'\nLEAK_REQUIRED=x\n`, { mode: 0o600 });
    chmodSync(offloadEnvPath(home), 0o600);
    const config = loadConfig({
      schemas: [COMMON_CONFIG, LEAK_SCHEMA],
      env: { OFFLOAD_REPOSITORY_URL: REPO_URL },
      offloadHome: home,
      events: sink,
    });
    expect(config.get('LEAK_VAULT_PASSWORD')).toBe(VAULT); // the value itself is available to adapters
    record(config.toJSON());
    record(inspect(config, { depth: 5 }));
    record(JSON.stringify(config));
    try {
      config.require('LEAK_SECRET_URL');
    } catch (e) {
      record(isGoeError(e) ? e.toJSON() : String(e));
    }

    const logFile = join(home, 'log', 'offload_SH.SALES_20250131_120000_000000.log');
    const logger = createLogger({ file: logFile, level: 'debug', mask: config.mask, sink });
    logger.info(`connecting to ${REPO_URL}`);
    logger.info(`password ${PASSWORD} / ${PASSWORD_ENCODED} / ${encodeURIComponent(PASSWORD)}`);
    logger.detail(`vault ${VAULT} ${encodeURIComponent(VAULT)} ${JSON.stringify({ v: VAULT })}`);
    logger.debug('options', { password: PASSWORD, repo: REPO_URL, nested: [{ note: `has ${VAULT}` }] });
    logger.warn(`undeclared postgres://x:${PASSWORD}@h/d`);
    logger.error(String(new Error(`failed: ${REPO_URL}`)));
    for (const level of ['debug', 'detail', 'info', 'warn', 'error'] as const)
      logger.log(level, `${level} ${PASSWORD} ${VAULT}`);
    logger.close();
    const logText = readFileSync(logFile, 'utf8');
    expect(logText.split('\n').filter(Boolean)).toHaveLength(11);
    record(logText);

    const argv = [
      'offload',
      '-t',
      'SH.SALES',
      '--password',
      PASSWORD,
      `--password=${PASSWORD}`,
      '--conn',
      REPO_URL,
      `--conn=${REPO_URL}`,
      `--offload-transport-dsn=${REPO_URL}`,
      `--offload-predicate=column(x) = string("${VAULT}")`,
      PASSWORD_ENCODED,
      `prefix${PASSWORD}suffix`,
      '-x',
    ];
    const recorded = config.masker.maskArgv(argv);
    expect(recorded[0]).toBe('offload');
    expect(recorded.at(-1)).toBe('-x');
    record(recorded);
    record(maskArgv(argv, { secrets: [REPO_URL, VAULT] }));
    record(maskObject({ argv, env: { OFFLOAD_REPOSITORY_URL: REPO_URL } }, { masker: config.masker }));
    record(events);
  });

  it('found no secret anywhere in what was produced', () => {
    expect(produced.length).toBeGreaterThan(40);
    const all = produced.join('\n');
    for (const fragment of FORBIDDEN) {
      const at = all.indexOf(fragment);
      expect(at === -1 ? 'not found' : `found "${fragment}" in: …${all.slice(Math.max(0, at - 120), at + 60)}…`).toBe(
        'not found',
      );
    }
    // the messages are still useful: they name the variables
    expect(all).toContain('OFFLOAD_REPOSITORY_URL');
    expect(all).toContain('LEAK_VAULT_PASSWORD');
    expect(all).toContain('did you mean OFFLOAD_REPOSITORY_URL?');
  });
});
