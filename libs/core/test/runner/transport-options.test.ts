/**
 * Transport, snapshot, statistics and verification options through the runner (memory adapters): consistent read
 * off, a given snapshot, --offload-stats, --verify-parallelism, the small-table threshold's transport choice.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  COMMON_CONFIG,
  chooseOffloadTransport,
  createEventBus,
  decimalSizeText,
  defineBackend,
  defineConfigSchema,
  defineFrontend,
  defineTransport,
  isGoeError,
  loadConfig,
  OrchestrationRunner,
  parseDecimalSize,
  parseStatsMethod,
  planSourceSnapshot,
  settleTransport,
  SMALL_TABLE_THRESHOLD_NOTICE,
  SOURCE_SNAPSHOT_MESSAGES,
  type AdapterContext,
  type BackendAdapter,
  type FrontendAdapter,
  type GoeEvent,
  type OffloadAdapters,
  type OffloadOptions,
  type ResolvedAdapters,
  type TransportAdapter,
} from '@goe/core';
import {
  MEMORY_CONFIG,
  memoryBackend,
  memoryFrontend,
  memoryStorage,
  memoryTransport,
} from './support/memory-adapters.js';
import { createRepositoryState, memoryLock, memoryRepository } from './support/memory-repository.js';
import { addSales, createWorld, type MemoryWorld } from './support/memory-world.js';
import { stepsRun } from './support/harness.js';

/** One bed: memory adapters, with a frontend and backend that can be swapped for wrapped ones. */
function bed() {
  const world = createWorld();
  addSales(world);
  world.databases.add('sh');
  const repo = createRepositoryState();
  const home = mkdtempSync(join(tmpdir(), 'goe-home-'));
  const events: GoeEvent[] = [];
  const run = async (
    options: Partial<OffloadOptions>,
    o: { env?: Record<string, string>; frontend?: FrontendAdapter; backend?: BackendAdapter } = {},
  ) => {
    const env = { OFFLOAD_HOME: home, ...o.env };
    const config = loadConfig({ schemas: [COMMON_CONFIG, MEMORY_CONFIG], env, offloadHome: home, file: false });
    const bus = createEventBus();
    bus.on('*', (e) => events.push(e));
    const runner = new OrchestrationRunner({
      config,
      env,
      offloadHome: home,
      events: bus,
      adapters: {
        frontend: o.frontend ?? memoryFrontend(world),
        backend: o.backend ?? memoryBackend(world),
        transport: memoryTransport(world),
        storage: memoryStorage(world),
        repository: memoryRepository(repo),
        lock: memoryLock(new Map(), world.calls),
      },
    });
    return runner.offload({ table: 'SH.SALES', ...options });
  };
  const fail = async (...args: Parameters<typeof run>) => {
    try {
      await run(...args);
    } catch (e) {
      return e as Error & { code?: string; variable?: string };
    }
    throw new Error('expected the offload to fail');
  };
  const logText = () =>
    events
      .filter((e): e is Extract<GoeEvent, { type: 'log' }> => e.type === 'log')
      .map((e) => e.message)
      .join('\n');
  return { world, repo, events, run, fail, logText };
}

/** The memory frontend with its verification reads' options recorded. */
function recordingFrontend(world: MemoryWorld, seen: unknown[]) {
  const base = memoryFrontend(world);
  return defineFrontend({
    ...base,
    async connect(ctx: AdapterContext) {
      const s = await base.connect(ctx);
      return {
        ...s,
        count: (t, scope, snap, options) => (seen.push({ count: options ?? null }), s.count(t, scope, snap)),
        aggregate: (t, scope, specs, snap, options) => (
          seen.push({ aggregate: options ?? null }),
          s.aggregate(t, scope, specs, snap)
        ),
      };
    },
  });
}

/** The memory backend with `computeStats` (records its calls), optionally declaring it can copy statistics. */
function statsBackend(world: MemoryWorld, opts: { statsCopy?: boolean; fail?: boolean } = {}) {
  const base = memoryBackend(world);
  return defineBackend({
    ...base,
    capabilities: { ...base.capabilities, statsCopy: opts.statsCopy === true },
    async connect(ctx: AdapterContext) {
      const s = await base.connect(ctx);
      return {
        ...s,
        async computeStats(db: string, t: string) {
          world.calls.push(`backend.computeStats ${db}.${t}`);
          if (opts.fail) throw new Error('statistics failed');
        },
      };
    },
  });
}

describe('--offload-transport-consistent-read', () => {
  it('true (default): the plan shows the shared snapshot and one snapshot is opened for the slices', async () => {
    const b = bed();
    const r = await b.run({ execute: true });
    expect(r.plan.transport.snapshot).toBe('exported-snapshot');
    expect(b.logText()).toMatch(
      /Transport: +NATIVE, parallelism \d+, batches of 32768 rows, fetch size 5000, snapshot: exported-snapshot/,
    );
    expect(b.world.calls).toContain('frontend.snapshot');
    expect(r.notices).not.toContain(SOURCE_SNAPSHOT_MESSAGES.inconsistent);
  });

  it('false: no snapshot is opened, the plan shows snapshot: none and a notice says reads are not consistent', async () => {
    const b = bed();
    const r = await b.run({ execute: true, offloadTransportConsistentRead: false } as Partial<OffloadOptions>);
    expect(r.status).toBe('SUCCESS');
    expect(r.plan.transport.snapshot).toBe('none');
    expect(b.logText()).toMatch(
      /Transport: +NATIVE, parallelism \d+, batches of 32768 rows, fetch size 5000, snapshot: none/,
    );
    expect(b.world.calls).not.toContain('frontend.snapshot');
    expect(r.notices).toContain(SOURCE_SNAPSHOT_MESSAGES.inconsistent);
    expect(r.notices.join('\n')).toMatch(/not consistent across slices/);
  });

  it('OFFLOAD_TRANSPORT_CONSISTENT_READ=false does the same; the option wins over it', async () => {
    const b = bed();
    const off = await b.run({}, { env: { OFFLOAD_TRANSPORT_CONSISTENT_READ: 'false' } });
    expect(off.plan.transport.snapshot).toBe('none');
    const on = await b.run({ offloadTransportConsistentRead: true } as Partial<OffloadOptions>, {
      env: { OFFLOAD_TRANSPORT_CONSISTENT_READ: 'false' },
    });
    expect(on.plan.transport.snapshot).toBe('exported-snapshot');
  });
});

describe('--offload-transport-snapshot', () => {
  it('reads at the given token: the frontend is asked for it, the plan shows it and the metadata records it', async () => {
    const b = bed();
    const r = await b.run({ execute: true, offloadTransportSnapshot: 'snap-1' } as Partial<OffloadOptions>);
    expect(r.plan.transport.snapshot).toBe('given snap-1');
    expect([...b.repo.metadata.values()][0]?.snapshot).toBe('snap-1');
  });

  it('a frontend that hands back another snapshot cannot read at a given one: refused, nothing left behind', async () => {
    const b = bed();
    const e = await b.fail({
      execute: true,
      offloadTransportSnapshot: '0000000A-0000001B-1',
    } as Partial<OffloadOptions>);
    expect(isGoeError(e) && [e.code, e.variable, e.message]).toEqual([
      'OPTION_INVALID',
      '--offload-transport-snapshot',
      '--offload-transport-snapshot: memory cannot read at a given snapshot',
    ]);
    expect(b.world.calls).toContain('frontend.snapshot.release');
    expect(b.world.tables.has('sh.sales')).toBe(false);
  });

  it('refused at plan time by a frontend without snapshots, and with consistent read off', async () => {
    const b = bed();
    const noSnapshots = memoryFrontend(b.world, { sessionCapabilities: { snapshot: 'none' } });
    const e = await b.fail({ execute: true, offloadTransportSnapshot: 'x' } as Partial<OffloadOptions>, {
      frontend: noSnapshots,
    });
    expect(e.message).toBe(SOURCE_SNAPSHOT_MESSAGES.cannotGive('memory'));
    expect(b.world.calls).not.toContain('backend.createTable');
    const c = await b.fail({
      offloadTransportSnapshot: 'x',
      offloadTransportConsistentRead: 'false',
    } as Partial<OffloadOptions>);
    expect(c.message).toBe(SOURCE_SNAPSHOT_MESSAGES.conflict);
  });

  it('planSourceSnapshot: a frontend without snapshots reads without one, silently', () => {
    expect(planSourceSnapshot({ consistentRead: true }, { snapshot: 'none' }, 'acme')).toEqual({
      mode: 'none',
      text: 'none',
    });
  });
});

describe('--offload-stats', () => {
  it('NATIVE (default): "Compute backend statistics" runs after the loads and asks the backend', async () => {
    const b = bed();
    const r = await b.run({ execute: true }, { backend: statsBackend(b.world) });
    expect(r.status).toBe('SUCCESS');
    const steps = stepsRun(b.events);
    expect(steps.slice(steps.indexOf('FINAL_LOAD'), steps.indexOf('FINAL_LOAD') + 3)).toEqual([
      'FINAL_LOAD',
      'COMPUTE_STATS',
      'STAGING_CLEANUP',
    ]);
    expect(b.world.calls).toContain('backend.computeStats sh.sales');
    expect(b.repo.steps.find((s) => s.stepId === 'COMPUTE_STATS')).toMatchObject({
      status: 'SUCCESS',
      details: { method: 'NATIVE' },
    });
  });

  it('NONE skips the step; HISTORY is NATIVE', async () => {
    const b = bed();
    await b.run({ execute: true, offloadStats: 'NONE' } as Partial<OffloadOptions>, { backend: statsBackend(b.world) });
    expect(stepsRun(b.events)).not.toContain('COMPUTE_STATS');
    expect(b.world.calls.some((c) => c.startsWith('backend.computeStats'))).toBe(false);
    expect(parseStatsMethod('history', '--offload-stats')).toBe('NATIVE');
  });

  it('a backend without computeStats: the step is recorded skipped, "not supported by <backend>"', async () => {
    const b = bed();
    await b.run({ execute: true });
    expect(b.repo.steps.find((s) => s.stepId === 'COMPUTE_STATS')?.details).toEqual({
      method: 'NATIVE',
      skipped: 'not supported by memory',
    });
  });

  it('a failure is a warning (optional step): the offload still succeeds', async () => {
    const b = bed();
    const r = await b.run({ execute: true }, { backend: statsBackend(b.world, { fail: true }) });
    expect(r.status).toBe('SUCCESS');
    expect(r.warnings).toContain('Error in "Compute backend statistics": statistics failed');
  });

  it("COPY is refused up front with GOE's text unless the backend declares statsCopy", async () => {
    const b = bed();
    const e = await b.fail({ execute: true, offloadStats: 'COPY' } as Partial<OffloadOptions>);
    expect(isGoeError(e) && [e.code, e.variable, e.message]).toEqual([
      'OPTION_INVALID',
      '--offload-stats',
      'Invalid --offload-stats value for memory backend: COPY',
    ]);
    expect(b.repo.commands).toHaveLength(0);
    const ok = await b.run({ offloadStats: 'COPY' } as Partial<OffloadOptions>, {
      backend: statsBackend(b.world, { statsCopy: true }),
    });
    expect(ok.status).toBe('PREVIEW');
    const bad = await b.fail({ offloadStats: 'SOMETIMES' } as Partial<OffloadOptions>);
    expect(bad.code).toBe('OPTION_INVALID');
  });
});

describe('--verify-parallelism', () => {
  it("reaches the frontend's verification reads as { parallelism } (count and aggregate)", async () => {
    const b = bed();
    const seen: unknown[] = [];
    await b.run({ execute: true, verifyParallelism: 4 } as Partial<OffloadOptions>, {
      frontend: recordingFrontend(b.world, seen),
    });
    expect(seen).toContainEqual({ count: { parallelism: 4 } });
    const agg: unknown[] = [];
    await b.run(
      { execute: true, resetBackendTable: true, verify: 'aggregate', verifyParallelism: 0 } as Partial<OffloadOptions>,
      {
        frontend: recordingFrontend(b.world, agg),
      },
    );
    expect(agg).toContainEqual({ aggregate: { parallelism: 0 } });
    const none: unknown[] = [];
    await b.run({ execute: true, resetBackendTable: true }, { frontend: recordingFrontend(b.world, none) });
    expect(none).toContainEqual({ count: null });
  });
});

describe('--compress-load-table', () => {
  it('sets the plan staging compression (SNAPPY), the option over OFFLOAD_COMPRESS_LOAD_TABLE', async () => {
    const b = bed();
    expect((await b.run({})).plan.staging.compression).toBe('NONE');
    expect((await b.run({ compressLoadTable: true } as Partial<OffloadOptions>)).plan.staging.compression).toBe(
      'SNAPPY',
    );
    const env = { OFFLOAD_COMPRESS_LOAD_TABLE: 'true' };
    expect((await b.run({}, { env })).plan.staging.compression).toBe('SNAPPY');
    expect(
      (await b.run({ compressLoadTable: false } as Partial<OffloadOptions>, { env })).plan.staging.compression,
    ).toBe('NONE');
  });
});

describe('--offload-transport-small-table-threshold', () => {
  const schema = defineConfigSchema({ group: 'fake', title: 'fake transports', variables: [] });
  const fake = (name: string, reads: 'session' | 'source', ok = true): TransportAdapter =>
    defineTransport({
      kind: 'transport',
      name,
      apiVersion: 2,
      configSchema: schema,
      capabilities: { method: name.toUpperCase(), parallel: true, reads },
      available: async () => (ok ? { ok: true } : { ok: false, reason: `${name} is not configured` }),
      run: async () => ({ format: 'PARQUET', files: [] }),
    });
  const ctx = {} as AdapterContext;
  const resolved = (...transports: TransportAdapter[]): ResolvedAdapters =>
    ({
      transports: transports.map((adapter) => ({ method: adapter.capabilities.method, adapter })),
      transportRule: 'AUTO',
    }) as unknown as ResolvedAdapters;
  const settle = async (r: ResolvedAdapters, sizeBytes: number | undefined, threshold = 20_000_000) => {
    const notices: string[] = [];
    const chosen = await chooseOffloadTransport(r, ctx);
    const adapters = await settleTransport({ ...chosen } as OffloadAdapters, {
      sizeBytes,
      threshold,
      notice: (n) => notices.push(n),
    });
    return { method: adapters.transport.capabilities.method, notices };
  };

  it('parses decimal sizes; bad values are refused naming the option', () => {
    expect(parseDecimalSize('20M', '--offload-transport-small-table-threshold')).toBe(20_000_000);
    expect(parseDecimalSize('1.5k', 'X')).toBe(1500);
    expect(parseDecimalSize('4096', 'X')).toBe(4096);
    expect(() => parseDecimalSize('20MiB', '--offload-transport-small-table-threshold')).toThrow(
      /Invalid --offload-transport-small-table-threshold value/,
    );
    expect(decimalSizeText(20_000_000)).toBe('20M');
    expect(decimalSizeText(1_234)).toBe('1.2K');
    expect(decimalSizeText(999)).toBe('999');
  });

  it('a table above the threshold goes to the next available cluster transport of the rule set', async () => {
    const r = resolved(fake('cluster_off', 'source', false), fake('native', 'session'), fake('cluster', 'source'));
    expect(await settle(r, 50_000_000)).toEqual({ method: 'CLUSTER', notices: [] });
    expect(await settle(r, 1_000)).toEqual({ method: 'NATIVE', notices: [] });
    expect(await settle(r, undefined)).toEqual({ method: 'NATIVE', notices: [] });
  });

  it('no cluster transport available: NATIVE anyway, with a notice', async () => {
    const r = resolved(fake('cluster_off', 'source', false), fake('native', 'session'));
    expect(await settle(r, 50_000_000)).toEqual({
      method: 'NATIVE',
      notices: [SMALL_TABLE_THRESHOLD_NOTICE('50M', '20M', 'NATIVE')],
    });
    expect(SMALL_TABLE_THRESHOLD_NOTICE('50M', '20M', 'NATIVE')).toBe(
      'Table size 50M exceeds --offload-transport-small-table-threshold 20M; no cluster transport is available, using NATIVE',
    );
  });

  it('a forced (or injected) transport is never replaced', async () => {
    const r = resolved(fake('native', 'session'));
    expect(await settle(r, 50_000_000, 1)).toEqual({ method: 'NATIVE', notices: [] });
  });

  it('with a real in-process transport: notice when there is nothing to switch to, else the cluster one', async () => {
    const b = bed();
    const cluster = fake('cluster', 'source');
    const notices: string[] = [];
    const adapters = await settleTransport(
      { transport: memoryTransport(b.world), clusterTransport: async () => undefined } as unknown as OffloadAdapters,
      { sizeBytes: 2, threshold: parseDecimalSize('1', 'X'), notice: (n) => notices.push(n) },
    );
    expect(adapters.transport.name).toBe('native');
    expect(notices).toEqual([SMALL_TABLE_THRESHOLD_NOTICE('2', '1', 'NATIVE')]);
    const swapped = await settleTransport(
      { transport: memoryTransport(b.world), clusterTransport: async () => cluster } as unknown as OffloadAdapters,
      { sizeBytes: 2, threshold: 1, notice: (n) => notices.push(n) },
    );
    expect(swapped.transport).toBe(cluster);
  });
});
