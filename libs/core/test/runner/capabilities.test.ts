/**
 * The runner reads session-effective capabilities (a session that narrows its adapter's), and refuses a staging
 * mismatch while planning — in preview too, before anything is written.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMON_CONFIG, createEventBus, defineStorage, loadConfig, OrchestrationRunner } from '@goe/core';
import type { BackendCapabilities, FrontendCapabilities, OffloadOptions } from '@goe/core';
import {
  MEMORY_BACKEND_CAPABILITIES,
  MEMORY_CONFIG,
  memoryBackend,
  memoryFrontend,
  memoryStorage,
  memoryTransport,
} from './support/memory-adapters.js';
import { createRepositoryState, memoryLock, memoryRepository } from './support/memory-repository.js';
import { addSales, createWorld } from './support/memory-world.js';
import type { MemoryWorld } from './support/memory-world.js';

interface Bed {
  readonly sessionCapabilities?: Partial<FrontendCapabilities>;
  readonly backend?: BackendCapabilities;
  readonly storageScheme?: string;
  readonly env?: Record<string, string>;
}

function offload(world: MemoryWorld, bed: Bed, options: Partial<OffloadOptions>) {
  const home = mkdtempSync(join(tmpdir(), 'goe-caps-'));
  const env = { OFFLOAD_HOME: home, ...bed.env };
  const config = loadConfig({ schemas: [COMMON_CONFIG, MEMORY_CONFIG], env, offloadHome: home, file: false });
  const storage = memoryStorage(world);
  return new OrchestrationRunner({
    config,
    env,
    offloadHome: home,
    events: createEventBus(),
    adapters: {
      frontend: memoryFrontend(world, bed.sessionCapabilities ? { sessionCapabilities: bed.sessionCapabilities } : {}),
      backend: memoryBackend(world, bed.backend),
      transport: memoryTransport(world),
      storage:
        bed.storageScheme === undefined
          ? storage
          : defineStorage({ ...storage, capabilities: { scheme: bed.storageScheme } }),
      repository: memoryRepository(createRepositoryState()),
      lock: memoryLock(new Map(), world.calls),
    },
  }).offload({ table: 'SH.SALES', ...options });
}

const failure = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return e as Error & { code?: string; variable?: string };
  }
  throw new Error('expected the offload to fail');
};

describe('session narrowing', () => {
  it("the plan's parallelism and the snapshot follow what the session declares, not the adapter", async () => {
    const wide = createWorld();
    addSales(wide);
    const full = await offload(wide, {}, { execute: true, createBackendDb: true, offloadTransportParallelism: 3 });
    expect(full.plan.transport.parallelism).toBe(3);
    expect(wide.calls).toContain('frontend.snapshot');

    const narrow = createWorld();
    addSales(narrow);
    const r = await offload(
      narrow,
      { sessionCapabilities: { maxParallelism: 1, snapshot: 'none' } },
      { execute: true, createBackendDb: true, offloadTransportParallelism: 3 },
    );
    expect(r.status).toBe('SUCCESS');
    expect(r.plan.transport.parallelism).toBe(1);
    expect(narrow.calls).not.toContain('frontend.snapshot');
  });

  it('preview shows the narrowed parallelism', async () => {
    const world = createWorld();
    addSales(world);
    const r = await offload(world, { sessionCapabilities: { maxParallelism: 2 } }, { offloadTransportParallelism: 8 });
    expect(r.status).toBe('PREVIEW');
    expect(r.plan.transport.parallelism).toBe(2);
  });
});

describe('staging compatibility at plan time', () => {
  const quack = { ...MEMORY_BACKEND_CAPABILITIES, staging: { schemes: ['gs'], formats: ['PARQUET' as const] } };

  it('refuses a store the backend cannot load from, in preview, before any write', async () => {
    const world = createWorld();
    addSales(world);
    const e = await failure(offload(world, { backend: quack }, { createBackendDb: true }));
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.variable).toBe('OFFLOAD_FS_SCHEME');
    expect(e.message).toBe(
      'Backend memory cannot load staging files from scheme memory (it loads from: gs); set OFFLOAD_FS_SCHEME to gs',
    );
    expect(world.calls.filter((c) => /create|put|load|delete|drop/i.test(c))).toEqual([]);
  });

  it('accepts the same set-up once the store serves the scheme the backend loads from', async () => {
    const world = createWorld();
    addSales(world);
    const r = await offload(world, { backend: quack, storageScheme: 'gs' }, { execute: true, createBackendDb: true });
    expect(r.status).toBe('SUCCESS');
  });

  it('refuses a staging format the backend cannot load, naming OFFLOAD_STAGING_FORMAT', async () => {
    const world = createWorld();
    addSales(world);
    const e = await failure(
      offload(world, { env: { OFFLOAD_STAGING_FORMAT: 'AVRO' } }, { execute: true, createBackendDb: true }),
    );
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.variable).toBe('OFFLOAD_STAGING_FORMAT');
    expect(e.message).toBe(
      'Backend memory cannot load staging format AVRO (it loads: PARQUET); set OFFLOAD_STAGING_FORMAT to PARQUET',
    );
    expect(world.tables.size).toBe(0);
  });
});
