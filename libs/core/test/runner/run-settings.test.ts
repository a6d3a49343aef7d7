import { describe, expect, it } from 'vitest';
import {
  COMMON_CONFIG,
  DEFAULT_BATCH_ROWS,
  isGoeError,
  loadConfig,
  normalizeOffloadOptions,
  resolveRunSettings,
  RUN_SETTING_DEFAULTS,
  type ConfigValue,
  type OffloadOptions,
  type ResolvedConfig,
} from '@goe/core';
import { createHarness } from './support/harness.js';
import { addSales } from './support/memory-world.js';

const HOME = '/opt/goe-home';

/** A configuration loaded the way the runner loads it: the common schema, from an environment only. */
const loaded = (env: Record<string, string> = {}) =>
  loadConfig({ schemas: [COMMON_CONFIG], env, offloadHome: HOME, file: false });

/** An injected configuration (library users): plain values, nothing validated by a schema. */
const injected = (values: Record<string, ConfigValue>): ResolvedConfig =>
  ({
    get: <T extends ConfigValue>(name: string) => values[name] as T | undefined,
  }) as unknown as ResolvedConfig;

const opts = (o: Partial<OffloadOptions> = {}) => normalizeOffloadOptions({ table: 'SH.SALES', ...o });

/** The error a call throws. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

describe('resolveRunSettings', () => {
  it("takes GOE's defaults when neither an option nor a variable is set", () => {
    expect(resolveRunSettings(opts(), loaded(), { offloadHome: HOME })).toEqual({
      transportParallelism: 2,
      fetchSize: 5000,
      stagingFormat: 'PARQUET',
      compress: false,
      notNullPropagation: 'AUTO',
      consistentRead: true,
      smallTableThreshold: 20_000_000,
      statsMethod: 'NATIVE',
      maxChunkCount: 100,
      maxChunkBytes: 16 * 1024 ** 3,
      dbNamePrefix: '',
      logDir: `${HOME}/log`,
      logLevel: 'info',
      logFormat: 'text',
    });
    // the same without a schema's defaults: an injected configuration that sets nothing
    const bare = resolveRunSettings(opts(), injected({}), { offloadHome: HOME });
    expect(bare).toEqual(resolveRunSettings(opts(), loaded(), { offloadHome: HOME }));
    expect(bare.transportParallelism).toBe(RUN_SETTING_DEFAULTS.transportParallelism);
  });

  it('takes a configuration variable over the default', () => {
    const s = resolveRunSettings(
      opts(),
      loaded({
        OFFLOAD_TRANSPORT_PARALLELISM: '6',
        OFFLOAD_TRANSPORT_FETCH_SIZE: '100',
        OFFLOAD_STAGING_FORMAT: 'avro',
        OFFLOAD_COMPRESS_LOAD_TABLE: 'true',
        OFFLOAD_NOT_NULL_PROPAGATION: 'NONE',
        OFFLOAD_TRANSPORT_CONSISTENT_READ: 'false',
        OFFLOAD_TRANSPORT_SMALL_TABLE_THRESHOLD: '1.5K',
        OFFLOAD_VERIFY_PARALLELISM: '4',
        OFFLOAD_STATS_METHOD: 'NONE',
        MAX_OFFLOAD_CHUNK_COUNT: '7',
        MAX_OFFLOAD_CHUNK_SIZE: '512M',
        DB_NAME_PREFIX: 'dev',
        BACKEND_IDENTIFIER_CASE: 'UPPER',
        OFFLOAD_LOGDIR: '/var/log/goe',
        OFFLOAD_LOG_LEVEL: 'debug',
        OFFLOAD_LOG_FORMAT: 'JSON',
      }),
      { offloadHome: HOME },
    );
    expect(s).toEqual({
      transportParallelism: 6,
      fetchSize: 100,
      stagingFormat: 'AVRO',
      compress: true,
      notNullPropagation: 'NONE',
      consistentRead: false,
      smallTableThreshold: 1_500,
      verifyParallelism: 4,
      statsMethod: 'NONE',
      maxChunkCount: 7,
      maxChunkBytes: 512 * 1024 ** 2,
      dbNamePrefix: 'dev',
      identifierCase: 'UPPER',
      logDir: '/var/log/goe',
      logLevel: 'debug',
      logFormat: 'json',
    });
  });

  it('takes an option over the configuration variable', () => {
    const config = loaded({
      OFFLOAD_TRANSPORT_PARALLELISM: '6',
      OFFLOAD_TRANSPORT_FETCH_SIZE: '100',
      OFFLOAD_NOT_NULL_PROPAGATION: 'NONE',
      MAX_OFFLOAD_CHUNK_COUNT: '7',
      MAX_OFFLOAD_CHUNK_SIZE: '512M',
      OFFLOAD_LOGDIR: '/var/log/goe',
    });
    const s = resolveRunSettings(
      opts({
        offloadTransportParallelism: 3,
        offloadTransportFetchSize: 250,
        notNullPropagation: 'AUTO',
        maxOffloadChunkCount: 2,
        maxOffloadChunkSize: '1K',
        logPath: '/tmp/goe-logs',
      }),
      config,
      { offloadHome: HOME },
    );
    expect(s).toMatchObject({
      transportParallelism: 3,
      fetchSize: 250,
      notNullPropagation: 'AUTO',
      maxChunkCount: 2,
      maxChunkBytes: 1024,
      logDir: '/tmp/goe-logs',
    });
  });

  it('defaults the log directory from the configuration when no OFFLOAD_HOME is passed, and refuses when there is none', () => {
    expect(resolveRunSettings(opts(), injected({ OFFLOAD_HOME: '/srv/goe' })).logDir).toBe('/srv/goe/log');
    const e = thrown(() => resolveRunSettings(opts(), injected({})));
    expect(isGoeError(e) && { code: e.code, variable: e.variable }).toEqual({
      code: 'CONFIG_INVALID',
      variable: 'OFFLOAD_LOGDIR',
    });
  });

  it.each([
    ['OFFLOAD_TRANSPORT_PARALLELISM', 0],
    ['OFFLOAD_TRANSPORT_FETCH_SIZE', 'many'],
    ['OFFLOAD_STAGING_FORMAT', 'CSV'],
    ['OFFLOAD_COMPRESS_LOAD_TABLE', 'maybe'],
    ['OFFLOAD_NOT_NULL_PROPAGATION', 'SOME'],
    ['MAX_OFFLOAD_CHUNK_COUNT', 5000],
    ['MAX_OFFLOAD_CHUNK_SIZE', '12 parsecs'],
    ['BACKEND_IDENTIFIER_CASE', 'TITLE'],
    ['OFFLOAD_LOG_LEVEL', 'loud'],
    ['OFFLOAD_LOG_FORMAT', 'xml'],
    ['DB_NAME_PREFIX', ['a', 'b']],
  ] as const)('refuses a bad %s from the configuration with CONFIG_INVALID naming it', (variable, value) => {
    const e = thrown(() => resolveRunSettings(opts(), injected({ [variable]: value }), { offloadHome: HOME }));
    expect(isGoeError(e)).toBe(true);
    if (!isGoeError(e)) return;
    expect({ code: e.code, variable: e.variable }).toEqual({ code: 'CONFIG_INVALID', variable });
    expect(e.message).toContain(variable);
    expect(e.cause).toBeDefined();
  });

  it('refuses a bad option with OPTION_INVALID naming the option, even when the configuration is fine', () => {
    const e = thrown(() =>
      resolveRunSettings(opts({ notNullPropagation: 'SOME' as 'AUTO' }), loaded(), { offloadHome: HOME }),
    );
    expect(isGoeError(e) && { code: e.code, variable: e.variable }).toEqual({
      code: 'OPTION_INVALID',
      variable: '--not-null-propagation',
    });
  });
});

describe('the runner', () => {
  it('plans with the resolved settings: the option over the variable over the default', async () => {
    const h = createHarness({ env: { OFFLOAD_TRANSPORT_FETCH_SIZE: '123', DB_NAME_PREFIX: 'dev' } });
    addSales(h.world);
    const fromConfig = await h.run({});
    expect(fromConfig.plan.transport.fetchRows).toBe(123);
    expect(fromConfig.plan.transport.batchRows).toBe(DEFAULT_BATCH_ROWS);
    expect(fromConfig.target.database.toLowerCase()).toBe('dev_sh');
    const fromOption = await h.run({ offloadTransportFetchSize: 7 });
    expect(fromOption.plan.transport.fetchRows).toBe(7);
  });

  it('refuses a bad setting before anything is recorded', async () => {
    const h = createHarness();
    addSales(h.world);
    const e = await h.fail({ execute: true, notNullPropagation: 'SOME' as 'AUTO' });
    expect(e).toMatchObject({ code: 'OPTION_INVALID' });
    expect(h.repo.commands).toEqual([]);
  });
});

describe('resolveRunSettings: transport, statistics and verification options', () => {
  it("takes the options over their variables, and GOE's text forms of them", () => {
    const config = loaded({
      OFFLOAD_TRANSPORT_CONSISTENT_READ: 'true',
      OFFLOAD_TRANSPORT_SMALL_TABLE_THRESHOLD: '1G',
      OFFLOAD_VERIFY_PARALLELISM: '8',
      OFFLOAD_STATS_METHOD: 'NATIVE',
      OFFLOAD_COMPRESS_LOAD_TABLE: 'false',
    });
    const s = resolveRunSettings(
      opts({
        offloadTransportConsistentRead: 'n',
        offloadTransportSnapshot: ' 00000003-0000001B-1 ',
        offloadTransportSmallTableThreshold: '2K',
        verifyParallelism: 0,
        offloadStats: 'history',
        compressLoadTable: true,
      } as Partial<OffloadOptions>),
      config,
      { offloadHome: HOME },
    );
    expect(s).toMatchObject({
      consistentRead: false,
      transportSnapshot: '00000003-0000001B-1',
      smallTableThreshold: 2000,
      verifyParallelism: 0,
      statsMethod: 'NATIVE',
      compress: true,
    });
    expect(resolveRunSettings(opts(), config, { offloadHome: HOME })).toMatchObject({
      consistentRead: true,
      smallTableThreshold: 1e9,
      verifyParallelism: 8,
    });
    expect(resolveRunSettings(opts(), loaded(), { offloadHome: HOME }).verifyParallelism).toBeUndefined();
    expect(
      resolveRunSettings(opts({ offloadTransportSnapshot: '  ' } as Partial<OffloadOptions>), loaded(), {
        offloadHome: HOME,
      }).transportSnapshot,
    ).toBeUndefined();
  });

  it.each([
    [{ offloadTransportConsistentRead: 'perhaps' }, '--offload-transport-consistent-read'],
    [{ verifyParallelism: -1 }, '--verify-parallelism'],
    [{ verifyParallelism: 'two' }, '--verify-parallelism'],
    [{ offloadTransportSmallTableThreshold: '20 MiB' }, '--offload-transport-small-table-threshold'],
    [{ offloadStats: 'SOMETIMES' }, '--offload-stats'],
  ])('refuses %j naming %s', (o, variable) => {
    const e = thrown(() => resolveRunSettings(opts(o as Partial<OffloadOptions>), loaded(), { offloadHome: HOME }));
    expect(isGoeError(e) && { code: e.code, variable: e.variable }).toEqual({ code: 'OPTION_INVALID', variable });
  });

  it.each([
    ['OFFLOAD_TRANSPORT_SMALL_TABLE_THRESHOLD', 'lots'],
    ['OFFLOAD_STATS_METHOD', 'SOMETIMES'],
  ])('refuses %s=%s naming the variable', (variable, value) => {
    const e = thrown(() => resolveRunSettings(opts(), injected({ [variable]: value }), { offloadHome: HOME }));
    expect(isGoeError(e) && { code: e.code, variable: e.variable }).toEqual({ code: 'CONFIG_INVALID', variable });
  });
});
