import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMON_CONFIG, createMasker, isGoeError, loadConfig, type GoeEvent } from '@goe/core';
// logging.ts is not yet re-exported from the package index (the lead adds `export * from './logging.js'`)
import { createLogger, LOG_LEVELS } from '../../src/logging.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'goe-log-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const fixedClock = () => new Date('2025-01-31T12:00:00.000Z');
const LINE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z (DEBUG|DETAIL|INFO|WARN|ERROR) .*$/;

describe('createLogger', () => {
  it('format json: one object a call — time, level, the whole message, data — with secrets masked', () => {
    const file = join(dir, 'log', 'offload.jsonl');
    const logger = createLogger({
      file,
      format: 'json',
      level: 'detail',
      now: fixedClock,
      mask: (t) => t.replaceAll('S3cret-V4lue', '***'),
    });
    logger.info('Offload plan\nline two');
    logger.detail('rows', { rows: 10, password: 'pw', note: 'token S3cret-V4lue' });
    logger.debug('dropped below the level');
    logger.close();
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([
      { time: '2025-01-31T12:00:00.000Z', level: 'info', message: 'Offload plan\nline two' },
      {
        time: '2025-01-31T12:00:00.000Z',
        level: 'detail',
        message: 'rows',
        data: { rows: 10, password: '***', note: 'token ***' },
      },
    ]);
    expect(readFileSync(file, 'utf8')).not.toContain('S3cret-V4lue');
  });

  it('refuses an unknown format naming --log-format', () => {
    let error: unknown;
    try {
      createLogger({ format: 'xml' as never });
    } catch (e) {
      error = e;
    }
    expect(isGoeError(error) && error.code === 'OPTION_INVALID' && error.variable).toBe('--log-format');
  });

  it('appends "ISO-timestamp LEVEL message" lines to a new 0600 file in a created directory', () => {
    const file = join(dir, 'log', 'nested', 'offload_SH.SALES_20250131_120000.log');
    const logger = createLogger({ file, level: 'info', now: fixedClock });
    logger.info('Step 1: Find data to offload');
    logger.warn('careful');
    logger.error('two\nlines');
    logger.close();
    logger.close();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe(
      [
        '2025-01-31T12:00:00.000Z INFO Step 1: Find data to offload',
        '2025-01-31T12:00:00.000Z WARN careful',
        '2025-01-31T12:00:00.000Z ERROR two',
        '2025-01-31T12:00:00.000Z ERROR lines',
        '',
      ].join('\n'),
    );
    // append, never truncate
    const again = createLogger({ file });
    again.info('more');
    again.close();
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(line).toMatch(LINE);
  });

  it('filters by level (debug < detail < info < warn < error)', () => {
    expect(LOG_LEVELS).toEqual(['debug', 'detail', 'info', 'warn', 'error']);
    const file = join(dir, 'x.log');
    const logger = createLogger({ file, level: 'detail', now: fixedClock });
    expect(logger.enabled('debug')).toBe(false);
    expect(logger.enabled('detail')).toBe(true);
    logger.debug('hidden');
    logger.detail('shown');
    logger.log('info', 'also');
    logger.close();
    expect(readFileSync(file, 'utf8')).toBe(
      '2025-01-31T12:00:00.000Z DETAIL shown\n2025-01-31T12:00:00.000Z INFO also\n',
    );
    expect(createLogger().level).toBe('info');
  });

  it('masks every line: configured secrets, URL passwords and data objects, in the file and the sink', () => {
    const config = loadConfig({
      schemas: [COMMON_CONFIG],
      env: { OFFLOAD_REPOSITORY_URL: 'postgres://goe:Rep0-secret@h/db' },
      offloadHome: dir,
      file: false,
    });
    const events: GoeEvent[] = [];
    const file = join(dir, 'm.log');
    const logger = createLogger({
      file,
      level: 'debug',
      mask: config.mask,
      sink: { emit: (e) => events.push(e) },
      now: fixedClock,
    });
    logger.info('repo is postgres://goe:Rep0-secret@h/db');
    logger.detail('password Rep0-secret, other mysql://a:undeclared@h/x');
    logger.debug('data', { password: 'plain', url: 'postgres://u:pw@h/d', n: 1 });
    logger.close();
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('Rep0-secret');
    expect(text).not.toContain('undeclared');
    expect(text).toContain('INFO repo is ***');
    expect(text).toContain('DETAIL password ***, other mysql://a:***@h/x');
    expect(text).toContain('DEBUG data {"password":"***","url":"postgres://u:***@h/d","n":1}');
    expect(events).toEqual([
      { type: 'log', level: 'info', message: 'repo is ***' },
      { type: 'log', level: 'debug', message: 'password ***, other mysql://a:***@h/x' },
      { type: 'log', level: 'debug', message: 'data {"password":"***","url":"postgres://u:***@h/d","n":1}' },
    ]);
  });

  it('accepts a Masker, works without a file, and keeps going after close (sink only)', () => {
    const events: GoeEvent[] = [];
    const logger = createLogger({ mask: createMasker(['tok3n']), sink: { emit: (e) => events.push(e) } });
    expect(logger.file).toBeUndefined();
    logger.warn('a tok3n', { apiKey: 'k', list: ['tok3n'] });
    logger.close();
    logger.error('after close');
    expect(events).toEqual([
      { type: 'log', level: 'warn', message: 'a *** {"apiKey":"***","list":["***"]}' },
      { type: 'log', level: 'error', message: 'after close' },
    ]);
  });

  it('never throws while logging, even with a throwing mask, clock or sink', () => {
    const logger = createLogger({
      mask: () => {
        throw new Error('x');
      },
      now: () => {
        throw new Error('y');
      },
      sink: {
        emit() {
          throw new Error('z');
        },
      },
      file: join(dir, 't.log'),
    });
    expect(() => logger.info('secret text')).not.toThrow();
    logger.close();
    expect(readFileSync(join(dir, 't.log'), 'utf8')).toMatch(/^\S+ INFO \*\*\*\n$/);
  });

  it('fails with CONFIG_INVALID naming OFFLOAD_LOGDIR when the file cannot be opened', () => {
    const blocker = join(dir, 'not-a-dir');
    writeFileSync(blocker, '');
    try {
      createLogger({ file: join(blocker, 'x.log') });
      expect.unreachable();
    } catch (e) {
      expect(isGoeError(e) && e.code).toBe('CONFIG_INVALID');
      expect(isGoeError(e) && e.variable).toBe('OFFLOAD_LOGDIR');
    }
    expect(() => createLogger({ level: 'loud' as 'info' })).toThrow(/Unknown log level/);
    expect(() => createLogger({ level: 'loud' as 'info' })).toThrow(
      expect.objectContaining({ code: 'OPTION_INVALID', variable: '--log-level' }),
    );
  });
});
