/**
 * Child process of the runner lock tests: one execute offload of SH.SALES with the memory source/backend/staging
 * adapters of core's runner tests, the real SQLite repository and the real file lock, all in OFFLOAD_HOME argv[2],
 * pausing after "Transport data to staging" until the marker file argv[3] is deleted. Prints `done <execution id>`
 * or `error <code> <message>`.
 */
import { COMMON_CONFIG, OrchestrationRunner, loadConfig } from '@goe/core';
import { sqliteRepository } from '@goe/repository-sqlite';
import { fileLock } from '../../src/index.js';
import {
  MEMORY_CONFIG,
  memoryBackend,
  memoryFrontend,
  memoryStorage,
  memoryTransport,
} from '../../../../core/test/runner/support/memory-adapters.js';
import { addSales, createWorld } from '../../../../core/test/runner/support/memory-world.js';

const [home, marker] = process.argv.slice(2);
const env = { OFFLOAD_HOME: home! };
const world = createWorld();
addSales(world);
world.databases.add('sh');
const runner = new OrchestrationRunner({
  config: loadConfig({ schemas: [COMMON_CONFIG, MEMORY_CONFIG], env, offloadHome: home!, file: false }),
  env,
  offloadHome: home!,
  adapters: {
    frontend: memoryFrontend(world),
    backend: memoryBackend(world),
    transport: memoryTransport(world),
    storage: memoryStorage(world),
    repository: sqliteRepository,
    lock: fileLock,
  },
});
try {
  const r = await runner.offload({
    table: 'SH.SALES',
    execute: true,
    pauseAfterStep: 'STAGING_TRANSPORT',
    pauseFile: marker!,
  });
  process.stdout.write(`done ${r.executionId}\n`);
} catch (e) {
  process.stdout.write(`error ${(e as { code?: string }).code} ${(e as Error).message}\n`);
  process.exitCode = 1;
}
