/** Builds a runner over the memory adapters with a real loaded configuration in a temporary OFFLOAD_HOME. */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { COMMON_CONFIG, createEventBus, loadConfig, OrchestrationRunner } from '@goe/core';
import type { GoeEvent, LockHolder, OffloadOptions, OffloadResult } from '@goe/core';
import { MEMORY_CONFIG, memoryBackend, memoryFrontend, memoryStorage, memoryTransport } from './memory-adapters.js';
import { createRepositoryState, memoryLock, memoryRepository } from './memory-repository.js';
import type { MemoryRepositoryState } from './memory-repository.js';
import { addSales, createWorld } from './memory-world.js';
import type { MemoryWorld } from './memory-world.js';
import type { BackendCapabilities } from '@goe/core';

/** A test bed: world, repository state, lock table, OFFLOAD_HOME and collected events. */
export interface Harness {
  readonly world: MemoryWorld;
  readonly repo: MemoryRepositoryState;
  readonly locks: Map<string, LockHolder>;
  readonly home: string;
  readonly events: GoeEvent[];
  /** Runs one offload with these options (and optional extra environment). */
  run(options: Partial<OffloadOptions>, env?: Record<string, string>): Promise<OffloadResult>;
  /** Runs and returns the thrown error (fails the test when nothing is thrown). */
  fail(
    options: Partial<OffloadOptions>,
    env?: Record<string, string>,
  ): Promise<Error & { code?: string; hint?: string }>;
}

/** Options of {@link createHarness}. */
export interface HarnessOptions {
  readonly env?: Record<string, string>;
  readonly backendCapabilities?: BackendCapabilities;
  readonly world?: MemoryWorld;
  readonly repo?: MemoryRepositoryState;
}

/** Creates a harness. @example const h = createHarness(); addSales(h.world); await h.run({ execute: true }); */
export function createHarness(o: HarnessOptions = {}): Harness {
  const world = o.world ?? createWorld();
  const repo = o.repo ?? createRepositoryState();
  const locks = new Map<string, LockHolder>();
  const home = mkdtempSync(join(tmpdir(), 'goe-home-'));
  const events: GoeEvent[] = [];
  const run = async (options: Partial<OffloadOptions>, extra: Record<string, string> = {}) => {
    const env = { OFFLOAD_HOME: home, ...o.env, ...extra };
    const config = loadConfig({ schemas: [COMMON_CONFIG, MEMORY_CONFIG], env, offloadHome: home, file: false });
    const bus = createEventBus();
    bus.on('*', (e) => events.push(e));
    const runner = new OrchestrationRunner({
      config,
      env,
      offloadHome: home,
      events: bus,
      adapters: {
        frontend: memoryFrontend(world),
        backend: memoryBackend(world, o.backendCapabilities),
        transport: memoryTransport(world),
        storage: memoryStorage(world),
        repository: memoryRepository(repo),
        lock: memoryLock(locks, world.calls),
      },
    });
    return runner.offload({ table: 'SH.SALES', ...options });
  };
  return {
    world,
    repo,
    locks,
    home,
    events,
    run,
    async fail(options, env) {
      try {
        await run(options, env);
      } catch (e) {
        return e as Error & { code?: string; hint?: string };
      }
      throw new Error('expected the offload to fail');
    },
  };
}

/** SHA-256 of every file under `dir` (path + content), skipping relative paths for which `skip` is true. */
export function hashTree(dir: string, skip: (rel: string) => boolean = () => false): string {
  const h = createHash('sha256');
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const rel = relative(dir, p);
      if (skip(rel)) continue;
      if (statSync(p).isDirectory()) {
        h.update(`dir:${rel}\n`);
        walk(p);
      } else {
        h.update(`file:${rel}\n`);
        h.update(readFileSync(p));
      }
    }
  };
  walk(dir);
  return h.digest('hex');
}

/** The step codes of `step:end` events with status ok, in order. */
export function stepsRun(events: readonly GoeEvent[]): string[] {
  return events.flatMap((e) => (e.type === 'step:end' && e.status === 'ok' ? [e.step] : []));
}

/**
 * A harness with the SALES source table (3 rows) and the backend database `sh`: the start of most runner tests.
 *
 * @example
 * const h = salesHarness(); await h.run({ execute: true });
 */
export function salesHarness(o: HarnessOptions = {}): Harness {
  const h = createHarness(o);
  addSales(h.world);
  h.world.databases.add('sh');
  return h;
}
