/**
 * Adapter-declared command-line options without a variable (`OffloadOptions.adapterOptions`) reach every adapter
 * through `AdapterContext.adapterOptions`, frozen, in preview and in execute mode.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMON_CONFIG, createEventBus, defineBackend, loadConfig, OrchestrationRunner } from '@goe/core';
import type { AdapterContext } from '@goe/core';
import {
  MEMORY_CONFIG,
  memoryBackend,
  memoryFrontend,
  memoryStorage,
  memoryTransport,
} from './support/memory-adapters.js';
import { createRepositoryState, memoryLock, memoryRepository } from './support/memory-repository.js';
import { addSales, createWorld } from './support/memory-world.js';

async function contexts(execute: boolean, adapterOptions?: Record<string, string | number | boolean>) {
  const world = createWorld();
  addSales(world, 10);
  const home = mkdtempSync(join(tmpdir(), 'goe-adapter-options-'));
  const env = { OFFLOAD_HOME: home };
  const config = loadConfig({ schemas: [COMMON_CONFIG, MEMORY_CONFIG], env, offloadHome: home, file: false });
  const seen: AdapterContext[] = [];
  const backend = memoryBackend(world);
  const spy = defineBackend({
    ...backend,
    connect: (ctx: AdapterContext) => {
      seen.push(ctx);
      return backend.connect(ctx);
    },
  });
  await new OrchestrationRunner({
    config,
    env,
    offloadHome: home,
    events: createEventBus(),
    adapters: {
      frontend: memoryFrontend(world),
      backend: spy,
      transport: memoryTransport(world),
      storage: memoryStorage(world),
      repository: memoryRepository(createRepositoryState()),
      lock: memoryLock(new Map(), world.calls),
    },
  }).offload({
    table: 'SH.SALES',
    execute,
    createBackendDb: true,
    ...(adapterOptions === undefined ? {} : { adapterOptions }),
  });
  return seen;
}

describe('adapter options', () => {
  it('reach the adapter context, frozen, in execute mode and in preview', async () => {
    for (const execute of [true, false]) {
      const seen = await contexts(execute, { '--quack-hint': 'fast', '--quack-level': 3, '--quack-turbo': true });
      expect(seen.length).toBeGreaterThan(0);
      for (const ctx of seen) {
        expect(ctx.adapterOptions).toEqual({ '--quack-hint': 'fast', '--quack-level': 3, '--quack-turbo': true });
        expect(Object.isFrozen(ctx.adapterOptions)).toBe(true);
      }
    }
  });

  it('are absent when none were given', async () => {
    const seen = await contexts(true);
    expect(seen.every((ctx) => ctx.adapterOptions === undefined)).toBe(true);
  });
});
