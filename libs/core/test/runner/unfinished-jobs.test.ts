/**
 * Remote transport jobs are found again after a crash: the runner records each job id when it is submitted, and the
 * next execute command on the table cancels a job still running (once), notes one that ended, and warns about one
 * its transport cannot look up. Earlier commands that cannot have left work unfinished are not read.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  COMMON_CONFIG,
  createEventBus,
  defineBackend,
  defineConfigSchema,
  defineFrontend,
  defineRepository,
  defineTransport,
  GoeError,
  loadConfig,
  OrchestrationRunner,
} from '@goe/core';
import type {
  BackendAdapter,
  GoeEvent,
  JobState,
  MetadataRepository,
  OffloadResult,
  OffloadScope,
  TransportJob,
} from '@goe/core';
import {
  MEMORY_BACKEND_CAPABILITIES,
  MEMORY_CONFIG,
  memoryBackend,
  memoryFrontend,
  memoryStorage,
} from './support/memory-adapters.js';
import { createRepositoryState, memoryLock, memoryRepositoryOver } from './support/memory-repository.js';
import type { MemoryRepositoryState } from './support/memory-repository.js';
import { addSales, createWorld } from './support/memory-world.js';
import type { MemoryWorld } from './support/memory-world.js';

/** The jobs of the fake cluster, shared by every run of a test (they outlive the command that submitted them). */
interface Cluster {
  readonly jobs: Map<string, JobState>;
  /** Ids passed to `cancel()` of a running job, in order. */
  readonly cancelled: string[];
  /** Ids passed to `findJob`, in order. */
  readonly looked: string[];
  /** The next run fails right after reporting its job, leaving the job running (the process "dies"). */
  dieAfterSubmit: boolean;
}

const newCluster = (): Cluster => ({ jobs: new Map(), cancelled: [], looked: [], dieAfterSubmit: false });

function handle(cluster: Cluster, id: string): TransportJob {
  return {
    id,
    poll: async () => ({ state: cluster.jobs.get(id) ?? 'failed' }),
    async cancel() {
      if (cluster.jobs.get(id) !== 'running') return;
      cluster.cancelled.push(id);
      cluster.jobs.set(id, 'cancelled');
    },
  };
}

/** A transport that "runs elsewhere": reads the rows from the world by the slice source, one job per run. */
function remoteTransport(
  world: MemoryWorld,
  cluster: Cluster,
  o: { readonly findJob: boolean; readonly name?: string },
) {
  return defineTransport({
    kind: 'transport',
    name: o.name ?? 'remote',
    apiVersion: 2,
    configSchema: defineConfigSchema({ group: 'remote-transport', title: 'remote transport', variables: [] }),
    capabilities: {
      method: 'REMOTE',
      parallel: false,
      staging: { schemes: ['memory'], formats: ['PARQUET'] },
      reads: 'source',
    },
    available: async () => ({ ok: true }),
    ...(o.findJob
      ? {
          findJob: async (id: string) => {
            cluster.looked.push(id);
            return cluster.jobs.has(id) ? handle(cluster, id) : undefined;
          },
        }
      : {}),
    async run(input) {
      world.calls.push('transport.run');
      const id = `job-${cluster.jobs.size + 1}`;
      cluster.jobs.set(id, 'running');
      await input.onJob?.(handle(cluster, id));
      if (cluster.dieAfterSubmit) throw new GoeError('ENGINE_ERROR', `lost contact with the cluster running ${id}`);
      const rows = world.source.get('SH.SALES')!.rows;
      const path = `${input.plan.staging.prefix}/part-00000.json`;
      const bytes = await input.store.put(path, Buffer.from(JSON.stringify(rows)));
      cluster.jobs.set(id, 'succeeded');
      return {
        format: 'PARQUET',
        rows: rows.length,
        files: [{ path, uri: input.store.uri(path), rows: rows.length, bytes, sliceId: 's0' }],
      };
    },
  });
}

/** The memory frontend with `describeSlice` (a 'source' transport needs it). */
function describingFrontend(world: MemoryWorld) {
  const base = memoryFrontend(world);
  return defineFrontend({
    kind: 'frontend',
    name: 'memory',
    apiVersion: 2,
    configSchema: MEMORY_CONFIG,
    capabilities: base.capabilities,
    async connect(ctx) {
      const session = await base.connect(ctx);
      return {
        ...session,
        describeSlice: async (table, slice) => ({
          sliceId: slice.id,
          frontend: 'memory',
          connection: { protocol: 'memory' },
          sql: `SELECT * FROM ${table.owner}.${table.name}`,
          columns: table.columns.map((c) => ({ name: c.name, type: c.canonical.dataType })),
        }),
      };
    },
  });
}

/** A memory repository that records the ids `listSteps` and `listChunks` are called with. */
function countingRepository(state: MemoryRepositoryState, reads: string[]) {
  const repo: MetadataRepository = memoryRepositoryOver(state);
  return defineRepository({
    kind: 'repository',
    name: 'memory',
    apiVersion: 2,
    schemes: ['memory'],
    configSchema: defineConfigSchema({ group: 'memory-repository', title: 'memory repository', variables: [] }),
    open: async () => ({
      ...repo,
      listSteps: (id: string) => (reads.push(`steps ${id}`), repo.listSteps(id)),
      listChunks: (id: string) => (reads.push(`chunks ${id}`), repo.listChunks(id)),
    }),
  });
}

interface Bed {
  readonly world: MemoryWorld;
  readonly cluster: Cluster;
  readonly repo: MemoryRepositoryState;
  readonly events: GoeEvent[];
  /** `listSteps`/`listChunks` calls, `steps <id>` / `chunks <id>`. */
  readonly reads: string[];
  run(o?: {
    readonly findJob?: boolean;
    readonly transport?: string;
    readonly execute?: boolean;
  }): Promise<OffloadResult>;
  /** Runs and returns the error (fails when nothing is thrown). */
  fail(o?: { readonly findJob?: boolean; readonly transport?: string }): Promise<Error>;
}

/** The memory backend with loads that are not atomic and a `deleteScope` (a full scope empties the table). */
function nonAtomicBackend(world: MemoryWorld, deleted: string[]) {
  const base = memoryBackend(world, { ...MEMORY_BACKEND_CAPABILITIES, load: { atomic: false, retry: 'delete-scope' } });
  return defineBackend({
    kind: 'backend',
    name: 'memory',
    apiVersion: 2,
    configSchema: base.configSchema,
    capabilities: base.capabilities,
    async connect(ctx) {
      const session = await base.connect(ctx);
      return {
        ...session,
        async deleteScope(db: string, table: string, scope: OffloadScope) {
          deleted.push(`${db}.${table} ${scope.kind}`);
          const rows = world.tables.get(`${db}.${table}`)!.rows;
          const n = rows.length;
          rows.length = 0;
          return BigInt(n);
        },
      };
    },
  });
}

function bed(setup: { readonly backend?: (world: MemoryWorld) => BackendAdapter } = {}): Bed {
  const world = createWorld();
  addSales(world);
  const cluster = newCluster();
  const repo = createRepositoryState();
  const events: GoeEvent[] = [];
  const reads: string[] = [];
  const locks = new Map();
  const home = mkdtempSync(join(tmpdir(), 'goe-jobs-'));
  const run: Bed['run'] = (o = {}) => {
    const env = { OFFLOAD_HOME: home };
    const bus = createEventBus();
    bus.on('*', (e) => events.push(e));
    return new OrchestrationRunner({
      config: loadConfig({ schemas: [COMMON_CONFIG, MEMORY_CONFIG], env, offloadHome: home, file: false }),
      env,
      offloadHome: home,
      events: bus,
      adapters: {
        frontend: describingFrontend(world),
        backend: setup.backend?.(world) ?? memoryBackend(world),
        transport: remoteTransport(world, cluster, {
          findJob: o.findJob ?? true,
          ...(o.transport === undefined ? {} : { name: o.transport }),
        }),
        storage: memoryStorage(world),
        repository: countingRepository(repo, reads),
        lock: memoryLock(locks, world.calls),
      },
    }).offload({ table: 'SH.SALES', execute: o.execute ?? true, createBackendDb: true });
  };
  return {
    world,
    cluster,
    repo,
    events,
    reads,
    run,
    async fail(o) {
      try {
        await run(o);
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected the offload to fail');
    },
  };
}

const messages = (events: readonly GoeEvent[], type: GoeEvent['type']) =>
  events.flatMap((e) => (e.type === type && 'message' in e ? [e.message] : []));

/** The last command's id. */
const lastCommand = (b: Bed) => b.repo.commands.at(-1)!.id;

/** Simulates a SIGKILL of the command's process: its record is left `EXECUTING`, as a killed process leaves it. */
function asKilled(b: Bed, id: string): void {
  const i = b.repo.commands.findIndex((c) => c.id === id);
  const { endedAt: _e, error: _r, ...rest } = b.repo.commands[i]!;
  b.repo.commands[i] = { ...rest, status: 'EXECUTING' };
}

describe('transport jobs are found again after a crash', () => {
  it('records the job id in the repository as soon as it is submitted', async () => {
    const b = bed();
    b.cluster.dieAfterSubmit = true;
    await b.fail();
    const id = lastCommand(b);
    const records = b.repo.steps.filter((s) => s.executionId === id && s.stepId === 'TRANSPORT_JOB');
    expect(records).toEqual([
      expect.objectContaining({
        title: 'Transport job submitted',
        status: 'SUCCESS',
        details: { jobId: 'job-1', transport: 'remote', chunk: 1 },
      }),
    ]);
    expect(messages(b.events, 'log')).toContain('Transport job job-1 submitted');
  });

  it('a rerun cancels a job still running before transporting again, and only once', async () => {
    const b = bed();
    b.cluster.dieAfterSubmit = true;
    await b.fail();
    const first = lastCommand(b);
    asKilled(b, first);
    expect(b.cluster.jobs.get('job-1')).toBe('running');

    // the second command cancels job-1, then dies after submitting job-2
    b.events.length = 0;
    await b.fail();
    const second = lastCommand(b);
    expect(b.cluster.cancelled).toEqual(['job-1']);
    expect(messages(b.events, 'notice')).toContain(
      `Transport job job-1 of execution ${first} was still running: cancelled before transporting again`,
    );
    expect(b.repo.steps.filter((s) => s.executionId === first && s.stepId === 'TRANSPORT_JOB_CHECKED')).toEqual([
      expect.objectContaining({
        status: 'SUCCESS',
        details: { jobId: 'job-1', found: 'running', action: 'cancelled', checkedBy: second },
      }),
    ]);

    // the third command cancels job-2 only, then succeeds
    b.cluster.dieAfterSubmit = false;
    b.events.length = 0;
    b.world.calls.length = 0;
    const result = await b.run();
    expect(result.status).toBe('SUCCESS');
    expect(b.cluster.cancelled).toEqual(['job-1', 'job-2']);
    expect(b.cluster.looked).toEqual(['job-1', 'job-2']);
    expect(messages(b.events, 'notice').filter((m) => m.startsWith('Transport job'))).toEqual([
      `Transport job job-2 of execution ${second} was still running: cancelled before transporting again`,
    ]);
    expect(b.cluster.jobs.get('job-3')).toBe('succeeded');
    expect(b.world.tables.get('sh.sales')?.rows).toHaveLength(3);
  });

  it('cancels before the transport of the rerun runs', async () => {
    const b = bed();
    b.cluster.dieAfterSubmit = true;
    await b.fail();
    b.cluster.dieAfterSubmit = false;
    b.world.calls.length = 0;
    let transportsBeforeCancel = -1;
    const job = b.cluster.jobs;
    const set = job.set.bind(job);
    job.set = (id, state) => {
      if (state === 'cancelled') transportsBeforeCancel = b.world.calls.filter((c) => c === 'transport.run').length;
      return set(id, state);
    };
    await b.run();
    expect(transportsBeforeCancel).toBe(0);
    expect(b.world.calls.filter((c) => c === 'transport.run')).toHaveLength(1);
  });

  it('a job that ended meanwhile is only noted', async () => {
    const b = bed();
    b.cluster.dieAfterSubmit = true;
    await b.fail();
    const first = lastCommand(b);
    b.cluster.jobs.set('job-1', 'succeeded');
    b.cluster.dieAfterSubmit = false;
    b.events.length = 0;
    await b.run();
    expect(b.cluster.looked).toEqual(['job-1']);
    expect(b.cluster.cancelled).toEqual([]);
    expect(messages(b.events, 'log')).toContain(`Transport job job-1 of execution ${first} had ended (succeeded)`);
    expect(messages(b.events, 'notice').filter((m) => m.startsWith('Transport job'))).toEqual([]);
    expect(messages(b.events, 'warning')).toEqual([]);
    expect(b.repo.steps.find((s) => s.executionId === first && s.stepId === 'TRANSPORT_JOB_CHECKED')?.details).toEqual(
      expect.objectContaining({ jobId: 'job-1', found: 'succeeded', action: 'none' }),
    );
  });

  it('a transport without findJob warns naming the job, once', async () => {
    const b = bed();
    b.cluster.dieAfterSubmit = true;
    await b.fail({ findJob: false });
    const first = lastCommand(b);
    b.events.length = 0;
    await b.fail({ findJob: false });
    const second = lastCommand(b);
    const warnings = messages(b.events, 'warning').filter((m) => m.startsWith('Transport job'));
    expect(warnings).toEqual([
      `Transport job job-1 of execution ${first} (chunk 1) may still be running and cannot be checked (transport remote cannot look jobs up): check it and stop it if it is`,
    ]);
    expect(b.cluster.jobs.get('job-1')).toBe('running');
    b.events.length = 0;
    await b.fail({ findJob: false });
    expect(messages(b.events, 'warning').filter((m) => m.startsWith('Transport job'))).toEqual([
      expect.stringMatching(new RegExp(`^Transport job job-2 of execution ${second} `)),
    ]);
  });

  it('a job of another transport is not looked up with this one: a warning names it', async () => {
    const b = bed();
    b.cluster.dieAfterSubmit = true;
    await b.fail({ transport: 'spark' });
    b.cluster.dieAfterSubmit = false;
    b.events.length = 0;
    await b.run();
    expect(b.cluster.looked).toEqual([]);
    expect(messages(b.events, 'warning')).toContainEqual(
      expect.stringContaining('(it was submitted by transport spark, this command uses remote)'),
    );
  });

  it('a job whose transport step succeeded is not checked again', async () => {
    const b = bed();
    b.world.faults.castFailure = 'bad cast';
    await b.fail();
    const first = lastCommand(b);
    expect(b.repo.steps.find((s) => s.executionId === first && s.stepId === 'STAGING_TRANSPORT')?.details).toEqual(
      expect.objectContaining({ jobs: ['job-1'] }),
    );
    b.world.faults.castFailure = undefined;
    await b.run();
    expect(b.cluster.looked).toEqual([]);
  });

  it('reads the steps of unsuccessful commands only (previews and successes are not read)', async () => {
    const b = bed();
    await b.run({ execute: false });
    const preview = lastCommand(b);
    b.cluster.dieAfterSubmit = true;
    await b.fail();
    const failed = lastCommand(b);
    b.cluster.dieAfterSubmit = false;
    b.reads.length = 0;
    await b.run();
    const succeeded = lastCommand(b);
    expect(b.reads.filter((r) => r.startsWith('steps '))).toEqual([`steps ${failed}`]);
    expect(b.reads.join(',')).not.toContain(preview);
    b.reads.length = 0;
    await b.run({ execute: true }).catch(() => undefined);
    expect(b.reads.join(',')).not.toContain(succeeded);
  });

  it('a non-atomic backend: only unsuccessful commands have their chunks read; an unfinished chunk is deleted once', async () => {
    const deleted: string[] = [];
    const b = bed({ backend: (world) => nonAtomicBackend(world, deleted) });
    const at = new Date().toISOString();
    const command = (id: string, status: 'PREVIEW' | 'SUCCESS' | 'ERROR') =>
      b.repo.commands.push({
        id,
        command: 'OFFLOAD',
        commandLine: 'offload',
        owner: 'SH',
        table: 'SALES',
        status,
        startedAt: at,
      });
    command('p1', 'PREVIEW');
    command('s1', 'SUCCESS');
    command('e1', 'ERROR');
    b.repo.chunks.push({ executionId: 's1', chunkNumber: 1, status: 'SUCCESS', scope: 'full table', startedAt: at });
    b.repo.chunks.push({ executionId: 'e1', chunkNumber: 1, status: 'EXECUTING', scope: 'full table', startedAt: at });
    b.world.databases.add('sh');
    b.world.tables.set('sh.sales', { columns: ['id', 'region', 'amount'], rows: [{ id: 1 }] });
    await b.run().catch(() => undefined);
    expect(b.reads.filter((r) => r.startsWith('chunks '))).toEqual(['chunks e1']);
    expect(deleted).toEqual(['sh.sales full']);
    expect(b.repo.chunks.find((c) => c.executionId === 'e1')?.status).toBe('ERROR');
    expect(messages(b.events, 'notice')).toContainEqual(
      expect.stringMatching(/^Chunk 1 \(full table\) of execution e1 did not finish: deleted its 1 row\(s\)/),
    );
    await b.run().catch(() => undefined);
    expect(deleted).toEqual(['sh.sales full']);
  });
});
