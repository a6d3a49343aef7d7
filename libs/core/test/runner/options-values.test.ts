/**
 * Every option value is checked before anything is opened or recorded (issue #13 item 5), and the common options
 * --log-level, --error-on-token and --no-version-check have their effect — through the runner over the memory
 * adapters with a real loaded configuration.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkRepositoryVersion,
  compareMajorMinor,
  ERROR_TOKEN_POINTS,
  errorTokenException,
  GOE_VERSION,
  isGoeError,
  lastWriterVersion,
  majorMinor,
  normalizeOffloadOptions,
  parseErrorToken,
  type CommandExecution,
  type OffloadOptions,
} from '@goe/core';
import { createHarness } from './support/harness.js';
import { repositoryCounts } from './support/memory-repository.js';
import { addSales } from './support/memory-world.js';

const UUID = '0f8fad5b-d9cb-469f-a165-70867728950e';

function thrown(fn: () => unknown): Error & { code?: string; variable?: string } {
  try {
    fn();
  } catch (e) {
    return e as Error & { code?: string; variable?: string };
  }
  throw new Error('expected an error');
}

describe('normalizeOffloadOptions refuses bad values, naming the option', () => {
  it.each<[Partial<OffloadOptions> & Record<string, unknown>, string, string]>([
    [{ offloadTransportParallelism: 0 }, '--offload-transport-parallelism', 'between 1 and 1024'],
    [{ offloadTransportParallelism: 5000 }, '--offload-transport-parallelism', 'between 1 and 1024'],
    [{ offloadTransportFetchSize: 1e20 }, '--offload-transport-fetch-size', 'integer'],
    [{ offloadTransportFetchSize: 0.5 }, '--offload-transport-fetch-size', 'integer'],
    [{ offloadPredicate: '' }, '--offload-predicate', 'must not be empty'],
    [{ offloadPredicate: '   ' }, '--offload-predicate', 'must not be empty'],
    [{ partitionDigits: 1000 }, '--partition-digits', 'from 1 to 38'],
    [{ partitionDigits: 0 }, '--partition-digits', 'from 1 to 38'],
    [{ partitionDigits: 2.5 }, '--partition-digits', 'from 1 to 38'],
    [{ executionId: 'x;drop' }, '--execution-id', 'must be a UUID'],
    [{ maxOffloadChunkCount: 1001 }, '--max-offload-chunk-count', 'between 1 and 1000'],
    [{ maxOffloadChunkSize: '0' }, '--max-offload-chunk-size', 'at least 1 byte'],
    [{ olderThanDays: -1 }, '--older-than-days', 'non-negative integer'],
    [{ olderThanDays: 'x', lessThanValue: '5' }, '--older-than-days', 'non-negative integer'],
    [{ verifyParallelism: -2 }, '--verify-parallelism', 'between 0 and 1024'],
    [{ dataSamplePercent: 101 }, '--data-sample-percent', 'AUTO or a number from 0 to 100'],
    [{ dataSamplePercent: 'SOME' }, '--data-sample-percent', 'AUTO or a number from 0 to 100'],
    [{ dataSampleParallelism: -1 }, '--data-sample-parallelism', 'between 0 and 1024'],
    [{ decimalPaddingDigits: -1 }, '--decimal-padding-digits', 'from 0 to 38'],
    [{ logLevel: 'verbose' }, '--log-level', 'one of info, detail, debug'],
    [{ offloadStats: 'SOMETIMES' }, '--offload-stats', 'one of NATIVE, HISTORY, COPY, NONE'],
    [{ offloadTransportSmallTableThreshold: '-5M' }, '--offload-transport-small-table-threshold', 'decimal unit'],
    [{ offloadTransportConsistentRead: 'perhaps' }, '--offload-transport-consistent-read', 'boolean'],
    [{ partitionLowerValue: '1.5' }, '--partition-lower-value', 'integral'],
    [{ partitionUpperValue: 'ten' }, '--partition-upper-value', 'integral'],
    [{ errorOnToken: 'nowhere' }, '--error-on-token', 'tokens: before:'],
    [{ offloadTransportSnapshot: 'id\nname' }, '--offload-transport-snapshot', 'without control characters'],
    [{ integer8Columns: ['A', 'B\u0000'] }, '--integer-8-columns', 'without control characters'],
  ])('%j', (options, flag, text) => {
    const e = thrown(() => normalizeOffloadOptions({ table: 'SH.SALES', ...options } as OffloadOptions));
    expect(isGoeError(e) && e.code).toBe('OPTION_INVALID');
    expect(e.variable).toBe(flag);
    expect(e.message).toContain(text);
  });

  it('accepts the edges of each range', () => {
    const o = normalizeOffloadOptions({
      table: 'SH.SALES',
      offloadTransportParallelism: 1024,
      offloadTransportFetchSize: 10_000_000,
      partitionDigits: 38,
      partitionLowerValue: '-100',
      partitionUpperValue: 100,
      verifyParallelism: 0,
      dataSamplePercent: 'auto',
      decimalPaddingDigits: 0,
      logLevel: 'DETAIL',
      offloadStats: 'copy',
      offloadTransportSmallTableThreshold: '1.5G',
      offloadTransportConsistentRead: 'Y',
      executionId: UUID,
      errorOnToken: 'after:create_table',
    } as OffloadOptions);
    expect(o.errorOnToken).toBe('after:CREATE_TABLE');
    expect(o.overrides.get('OFFLOAD_LOG_LEVEL')?.value).toBe('detail');
    expect(o.overrides.get('OFFLOAD_STATS_METHOD')?.value).toBe('COPY');
    expect(o.overrides.get('OFFLOAD_TRANSPORT_CONSISTENT_READ')?.value).toBe(true);
    expect(normalizeOffloadOptions({ table: 'SH.SALES', dataSamplePercent: 0 } as OffloadOptions).overrides.size).toBe(
      0,
    );
  });
});

describe('offload() with a bad value changes nothing, even with --reset-backend-table -x', () => {
  it.each<[Partial<OffloadOptions> & Record<string, unknown>, string]>([
    [{ offloadTransportFetchSize: 0 }, '--offload-transport-fetch-size'],
    [{ offloadTransportFetchSize: 1e20 }, '--offload-transport-fetch-size'],
    [{ offloadTransportParallelism: 0 }, '--offload-transport-parallelism'],
    [{ offloadPredicate: '' }, '--offload-predicate'],
    [{ partitionDigits: 1000 }, '--partition-digits'],
    [{ executionId: 'x;drop' }, '--execution-id'],
    [{ offloadStats: 'FAST' }, '--offload-stats'],
  ])('%j', async (bad, flag) => {
    const h = createHarness();
    addSales(h.world);
    await h.run({ execute: true, createBackendDb: true });
    const tables = JSON.stringify([...h.world.tables]);
    const counts = repositoryCounts(h.repo);
    const calls = h.world.calls.length;
    const e = await h.fail({ execute: true, resetBackendTable: true, ...bad } as Partial<OffloadOptions>);
    expect(e.code).toBe('OPTION_INVALID');
    expect((e as { variable?: string }).variable).toBe(flag);
    expect(JSON.stringify([...h.world.tables])).toBe(tables);
    expect(repositoryCounts(h.repo)).toEqual(counts);
    expect(h.world.calls.length).toBe(calls); // no adapter was even opened
  });
});

describe('--error-on-token', () => {
  it('knows the step points and the adapter points', () => {
    expect(ERROR_TOKEN_POINTS).toContain('before:FIND_OFFLOAD_DATA');
    expect(ERROR_TOKEN_POINTS).toContain('load:before-commit');
    expect(parseErrorToken(' LOAD:BEFORE-COMMIT ')).toBe('load:before-commit');
    expect(parseErrorToken('before:Create backend table')).toBe('before:CREATE_TABLE');
    expect(thrown(() => parseErrorToken('before:no_such_step')).message).toContain('Unknown --error-on-token');
    expect(errorTokenException('load:staged').message).toBe('Forcing exception on token: load:staged');
  });

  it('fails the run at that point with "Forcing exception on token", after the steps before it', async () => {
    const h = createHarness();
    addSales(h.world);
    const e = await h.fail({ execute: true, createBackendDb: true, errorOnToken: 'after:CREATE_TABLE' });
    expect(e.message).toBe('Forcing exception on token: after:CREATE_TABLE');
    const steps = h.repo.steps.map((s) => `${s.stepId}:${s.status}`);
    expect(steps.some((s) => s.startsWith('CREATE_TABLE:'))).toBe(true);
    expect(h.world.calls.some((c) => /create.*table/i.test(String(c)))).toBe(true);
    expect(steps.some((s) => s.startsWith('STAGING_TRANSPORT'))).toBe(false);
    expect(h.repo.commands.at(-1)).toMatchObject({ status: 'ERROR' });
    expect(h.repo.commands.at(-1)?.error).toContain('Forcing exception on token');
  });
});

describe('--log-level', () => {
  it('writes debug lines to the log file only at debug (the option beats OFFLOAD_LOG_LEVEL)', async () => {
    const h = createHarness({ env: { OFFLOAD_LOG_LEVEL: 'info' } });
    addSales(h.world);
    const info = await h.run({});
    const debug = await h.run({ logLevel: 'debug' });
    const infoLog = readFileSync(info.logPath, 'utf8');
    const debugLog = readFileSync(debug.logPath, 'utf8');
    expect(infoLog).not.toMatch(/^\S+ DEBUG /m);
    expect(debugLog).toMatch(/^\S+ DEBUG /m);
    expect(infoLog).not.toMatch(/^\S+ DETAIL /m);
    expect(debugLog).toMatch(/^\S+ DETAIL /m);
  });

  it('refuses a bad level before anything is recorded', async () => {
    const h = createHarness();
    addSales(h.world);
    const e = await h.fail({ execute: true, logLevel: 'loud' });
    expect(e.code).toBe('OPTION_INVALID');
    expect(repositoryCounts(h.repo)).toMatchObject({ commands: 0 });
  });
});

describe('version check', () => {
  const cmd = (goeVersion?: string): CommandExecution => ({
    id: String(Math.random()),
    command: 'OFFLOAD',
    commandLine: 'x',
    status: 'SUCCESS',
    startedAt: '2025-01-01T00:00:00Z',
    ...(goeVersion === undefined ? {} : { goeVersion }),
  });
  const repoOf = (...commands: CommandExecution[]) => ({ listCommands: async () => commands });

  it('compares major.minor only', () => {
    expect(compareMajorMinor('1.3.9', '1.4.0')).toBeLessThan(0);
    expect(compareMajorMinor('1.4.2', '1.4.0')).toBe(0);
    expect(compareMajorMinor('2.0.0', '1.9.9')).toBeGreaterThan(0);
    expect(compareMajorMinor('dev', '0.0.1')).toBe(0);
    expect(majorMinor('v3.2.1')).toBe('3.2');
    expect(majorMinor('dev')).toBe('dev');
  });

  it('GOE_VERSION is @goe/core package version', () => {
    const pkg = JSON.parse(readFileSync(resolve(__dirname, '../../package.json'), 'utf8')) as { version: string };
    expect(GOE_VERSION).toBe(pkg.version);
  });

  it('reads the newest recorded version, passing over commands without one', async () => {
    expect(await lastWriterVersion(repoOf())).toBeUndefined();
    expect(await lastWriterVersion(repoOf(cmd(), cmd('9.1.0'), cmd('0.1.0')))).toBe('9.1.0');
  });

  it('refuses a repository written by a newer GOE; an older or equal one passes; --no-version-check skips', async () => {
    const newer = repoOf(cmd('9.1.0'));
    const e = await checkRepositoryVersion(newer, { version: '0.1.3' }).catch((x: unknown) => x);
    expect(isGoeError(e) && e.code).toBe('CONFIG_INVALID');
    expect((e as Error).message).toBe(
      'Repository was written by GOE 9.1, this is 0.1: upgrade, or run with --no-version-check',
    );
    await expect(checkRepositoryVersion(newer, { version: '9.1.7' })).resolves.toBeUndefined();
    await expect(checkRepositoryVersion(repoOf(cmd('0.0.9')))).resolves.toBeUndefined();
    await expect(checkRepositoryVersion(newer, { skip: true })).resolves.toBeUndefined();
  });

  it('through the runner: every command records GOE_VERSION; a newer writer is refused unless --no-version-check', async () => {
    const h = createHarness();
    addSales(h.world);
    await h.run({});
    expect(h.repo.commands[0]?.goeVersion).toBe(GOE_VERSION);
    h.repo.commands.push({ ...cmd('999.0.0'), owner: 'X', table: 'Y' });
    const before = h.repo.commands.length;
    const e = await h.fail({ execute: true, createBackendDb: true });
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toContain('Repository was written by GOE 999.0');
    expect(h.repo.commands.length).toBe(before);
    const r = await h.run({ execute: true, createBackendDb: true, noVersionCheck: true });
    expect(r.status).toBe('SUCCESS');
  });
});
