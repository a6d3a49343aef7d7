/**
 * One precedence rule: for every GOE option with a configuration variable, the option beats the environment, which
 * beats offload.env, which beats the default — through a real loadConfig over a real offload.env file.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  applyOptionOverrides,
  COMMON_CONFIG,
  isGoeError,
  loadConfig,
  normalizeOffloadOptions,
  OPTION_VARIABLES,
  optionVariable,
  resolveOptionOverrides,
  type ConfigValue,
  type ResolvedConfig,
} from '@goe/core';

/** Per option key: [option value, environment text, offload.env text, typed option/env/file values, default]. */
const CASES: Record<string, readonly [unknown, string, string, ConfigValue, ConfigValue, ConfigValue, ConfigValue?]> = {
  target: ['quack', 'DUCK2', 'FILEENGINE', 'quack', 'DUCK2', 'FILEENGINE'],
  offloadTransportParallelism: [4, '3', '5', 4, 3, 5, 2],
  offloadTransportFetchSize: [100, '200', '300', 100, 200, 300, 5000],
  offloadTransportConsistentRead: ['n', 'true', 'false', false, true, false, true],
  offloadTransportSmallTableThreshold: ['1M', '2M', '3K', '1M', '2M', '3K', '20M'],
  maxOffloadChunkSize: ['1G', '2G', '512M', '1G', '2G', '512M', '16G'],
  maxOffloadChunkCount: [7, '8', '9', 7, 8, 9, 100],
  offloadFsScheme: ['mem', 'file', 'other', 'mem', 'file', 'other', 'file'],
  offloadFsContainer: ['bucket-a', 'bucket-b', 'bucket-c', 'bucket-a', 'bucket-b', 'bucket-c'],
  offloadFsPrefix: ['p1', 'p2', 'p3', 'p1', 'p2', 'p3'],
  compressLoadTable: [true, 'false', 'true', true, false, true, false],
  verifyParallelism: [0, '4', '8', 0, 4, 8],
  offloadStats: ['none', 'COPY', 'history', 'NONE', 'COPY', 'HISTORY', 'NATIVE'],
  notNullPropagation: ['none', 'AUTO', 'NONE', 'NONE', 'AUTO', 'NONE', 'AUTO'],
  dataSampleParallelism: [2, '3', '4', 2, 3, 4, 0],
  logLevel: ['debug', 'detail', 'debug', 'debug', 'detail', 'debug', 'info'],
  logFormat: ['json', 'text', 'json', 'json', 'text', 'json', 'text'],
  logPath: ['/tmp/opt-log', '/tmp/env-log', '/tmp/file-log', '/tmp/opt-log', '/tmp/env-log', '/tmp/file-log'],
};

function home(fileLines: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'goe-optvars-'));
  mkdirSync(join(dir, 'conf'));
  writeFileSync(join(dir, 'conf', 'offload.env'), fileLines.join('\n') + '\n', { mode: 0o600 });
  return dir;
}

const load = (offloadHome: string, env: Record<string, string>) =>
  loadConfig({ schemas: [COMMON_CONFIG], env: { ...env, OFFLOAD_HOME: offloadHome }, offloadHome });

describe('OPTION_VARIABLES', () => {
  it('pairs every option with its variable both ways (GOE aliases too)', () => {
    expect(optionVariable('--offload-transport-parallelism')?.variable).toBe('OFFLOAD_TRANSPORT_PARALLELISM');
    expect(optionVariable('OFFLOAD_TRANSPORT_PARALLELISM')?.flag).toBe('--offload-transport-parallelism');
    expect(optionVariable('LOG_LEVEL')?.flag).toBe('--log-level');
    expect(optionVariable('QUERY_ENGINE')?.flag).toBe('--target');
    expect(optionVariable('--no-such-option')).toBeUndefined();
    const flags = OPTION_VARIABLES.map((o) => o.flag);
    expect(new Set(flags).size).toBe(flags.length);
    const variables = OPTION_VARIABLES.map((o) => o.variable);
    expect(new Set(variables).size).toBe(variables.length);
  });

  it('has a precedence case for every row with an OffloadOptions key, and each such variable is declared', () => {
    const keyed = OPTION_VARIABLES.filter((o) => o.key !== undefined);
    expect(keyed.map((o) => o.key).sort()).toEqual(Object.keys(CASES).sort());
    const declared = new Set<string>(COMMON_CONFIG.variables.map((v) => v.name));
    for (const o of keyed) expect(declared.has(o.variable), o.variable).toBe(true);
  });
});

describe('applyOptionOverrides: option > environment > offload.env > default', () => {
  for (const row of OPTION_VARIABLES.filter((o) => o.key !== undefined)) {
    it(`${row.flag} ↔ ${row.variable}`, () => {
      const [option, envText, fileText, fromOption, fromEnv, fromFile, fallback] = CASES[row.key!]!;
      const withFile = home([`${row.variable}=${fileText}`]);
      const bare = home([]);
      // default (nothing set)
      const none = load(bare, {});
      expect(applyOptionOverrides(none, {}).get(row.variable)).toEqual(
        fallback ?? (row.variable === 'OFFLOAD_LOGDIR' ? join(bare, 'log') : undefined),
      );
      // offload.env over the default
      expect(applyOptionOverrides(load(withFile, {}), {}).get(row.variable)).toEqual(fromFile);
      // environment over offload.env
      const envConfig = load(withFile, { [row.variable]: envText });
      expect(applyOptionOverrides(envConfig, {}).get(row.variable)).toEqual(fromEnv);
      // option over the environment
      const layered = applyOptionOverrides(envConfig, { [row.key!]: option });
      expect(layered.get(row.variable)).toEqual(fromOption);
      expect(layered.require(row.variable)).toEqual(fromOption);
      expect(layered.source(row.variable)).toBe('option');
      expect(layered.source('OFFLOAD_LOCK')).toBe('default');
      expect(layered.keys()).toContain(row.variable);
      expect(layered.toJSON()[row.variable]).toEqual(fromOption);
      expect(layered.offloadHome).toBe(withFile);
    });
  }

  it('overrides a GOE alias with its variable (LOG_LEVEL) and keeps an injected configuration working', () => {
    const injected: ResolvedConfig = {
      get: <T extends ConfigValue>(name: string) => ({ LOG_LEVEL: 'detail' })[name] as T | undefined,
      require: () => {
        throw new Error('unset');
      },
      keys: () => ['LOG_LEVEL'],
      mask: (t) => t,
    };
    const layered = applyOptionOverrides(injected, { logLevel: 'DEBUG' });
    expect(layered.get('LOG_LEVEL')).toBe('debug');
    expect(layered.get('OFFLOAD_LOG_LEVEL')).toBe('debug');
    expect(layered.mask('x')).toBe('x');
    expect(() => layered.require('OTHER')).toThrow('unset');
    expect(applyOptionOverrides(injected, { table: 'A.B' })).toBe(injected);
  });

  it('accepts the overrides normalizeOffloadOptions resolved', () => {
    const opts = normalizeOffloadOptions({ table: 'SH.SALES', offloadTransportParallelism: 6 });
    expect(opts.overrides.get('OFFLOAD_TRANSPORT_PARALLELISM')?.value).toBe(6);
    const config = applyOptionOverrides(load(home([]), { OFFLOAD_TRANSPORT_PARALLELISM: '3' }), opts.overrides);
    expect(config.get('OFFLOAD_TRANSPORT_PARALLELISM')).toBe(6);
  });
});

describe('resolveOptionOverrides refuses what the variable refuses, naming the option', () => {
  it.each([
    ['offloadTransportParallelism', 0, '--offload-transport-parallelism', 'between 1 and 1024'],
    ['offloadTransportParallelism', -3, '--offload-transport-parallelism', 'between 1 and 1024'],
    ['offloadTransportParallelism', 100000, '--offload-transport-parallelism', 'between 1 and 1024'],
    ['offloadTransportParallelism', 2.5, '--offload-transport-parallelism', 'must be an integer'],
    ['offloadTransportFetchSize', 0, '--offload-transport-fetch-size', 'between 1 and 10000000'],
    ['offloadTransportFetchSize', 1e20, '--offload-transport-fetch-size', 'must be an integer'],
    ['offloadTransportFetchSize', -1, '--offload-transport-fetch-size', 'between 1 and 10000000'],
    ['maxOffloadChunkCount', 0, '--max-offload-chunk-count', 'between 1 and 1000'],
    ['maxOffloadChunkSize', '12Q', '--max-offload-chunk-size', 'binary unit'],
    ['verifyParallelism', -1, '--verify-parallelism', 'between 0 and 1024'],
    ['dataSampleParallelism', -1, '--data-sample-parallelism', 'between 0 and 1024'],
    ['logLevel', 'trace', '--log-level', 'one of info, detail, debug'],
    ['logFormat', 'xml', '--log-format', 'one of text, json'],
    ['offloadStats', 'FAST', '--offload-stats', 'one of NATIVE, HISTORY, COPY, NONE'],
    ['offloadTransportSmallTableThreshold', '20 MiB', '--offload-transport-small-table-threshold', 'decimal unit'],
    ['offloadTransportConsistentRead', 'maybe', '--offload-transport-consistent-read', 'must be a boolean'],
    ['target', 'duck db', '--target', 'adapter name'],
    ['offloadFsScheme', '', '--offload-fs-scheme', 'needs a value'],
    ['offloadFsPrefix', 'a\nb', '--offload-fs-prefix', 'one line'],
    ['logPath', ['a', 'b'], '--log-path', 'takes one value'],
    ['logPath', '', '--log-path', '--log-path is empty: give a log directory'],
    ['logPath', '/tmp/a\nb', '--log-path', 'a log directory name cannot hold one'],
  ])('%s = %j', (key, value, flag, text) => {
    let err: unknown;
    try {
      resolveOptionOverrides({ [key]: value });
    } catch (e) {
      err = e;
    }
    expect(isGoeError(err) && err.code).toBe('OPTION_INVALID');
    expect((err as { variable?: string }).variable).toBe(flag);
    expect((err as Error).message).toContain(flag);
    expect((err as Error).message).toContain(text);
    expect((err as Error).message).not.toContain('\n');
  });

  it('puts a suggestion in the one-line message, not in a hint', () => {
    const e = (() => {
      try {
        resolveOptionOverrides({ offloadStats: 'NATIV' });
      } catch (x) {
        return x as Error & { hint?: string };
      }
      throw new Error('expected an error');
    })();
    expect(e.message).toBe(
      '--offload-stats must be one of NATIVE, HISTORY, COPY, NONE (got "NATIV"); did you mean NATIVE?',
    );
    expect(e.hint).toBeUndefined();
  });

  it('keeps the text of a variable no schema declares, and a bigint as digits', () => {
    expect(resolveOptionOverrides({ dataSampleParallelism: 3 }, []).get('DATA_SAMPLE_PARALLELISM')?.value).toBe('3');
    expect(resolveOptionOverrides({ verifyParallelism: 5n }).get('OFFLOAD_VERIFY_PARALLELISM')?.value).toBe(5);
  });
});
