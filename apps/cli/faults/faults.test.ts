/**
 * `npm run test:faults`: the fault suite on the default stack (PostgreSQL → NATIVE → Parquet → DuckDB, SQLite
 * repository, file lock) through the bundled CLI — a SIGKILL at every fault point of a full offload, a reset, a
 * partition append in chunks and a predicate offload, SIGINT/SIGTERM mid-transport, each followed by a plain rerun;
 * then the same against the `nonatomic` fixture backend (final load committed file by file, kills at `load:file`).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { faultSuite, runSuite } from '@goe/conformance';
import {
  embeddedBed,
  embeddedFaultHarness,
  FAULT_SCENARIOS,
  nonAtomicFaultHarness,
  seedFaultSource,
} from './embedded-bed.js';
import { FAULT_PLUGINS_ROOT, installNonAtomicPlugin, NON_ATOMIC_PLUGIN } from './plugin-package.js';

const pgUrl = inject('pgUrl');
const concurrency = Number(process.env.GOE_FAULT_CONCURRENCY ?? 2);

beforeAll(async () => {
  await seedFaultSource(pgUrl);
  await installNonAtomicPlugin(FAULT_PLUGINS_ROOT);
}, 120_000);

runSuite(faultSuite(embeddedFaultHarness(pgUrl, concurrency)), { describe, it, afterAll });
// the same kills against a backend whose final load is not atomic (loaded through GOE_PLUGINS)
runSuite(faultSuite(nonAtomicFaultHarness(pgUrl, FAULT_PLUGINS_ROOT, NON_ATOMIC_PLUGIN, concurrency)), {
  describe,
  it,
  afterAll,
});

describe('the nonatomic fixture backend', () => {
  it('is the backend the plugin stack runs, and its final load passes load:file between files', async () => {
    const scenario = FAULT_SCENARIOS.find((x) => x.id === 'full')!;
    const bed = await embeddedBed(pgUrl, scenario, {
      kind: 'nonatomic',
      pluginsRoot: FAULT_PLUGINS_ROOT,
      plugin: NON_ATOMIC_PLUGIN,
    });
    try {
      const r = await bed.run(scenario.argv, { trace: true, env: { OFFLOAD_TRANSPORT_PARALLELISM: '4' } });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout + r.stderr).toMatch(/DuckDB \(non-atomic loads\)|nonatomic/);
      expect(r.trace).toEqual(expect.arrayContaining([expect.stringMatching(/^load:file rows=[1-9]\d*$/)]));
      expect((await bed.backendRows()).length).toBe(20_000);
    } finally {
      await bed.dispose();
    }
  });
});
