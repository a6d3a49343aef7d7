/**
 * `npm run test:faults`: the fault suite on the default stack (PostgreSQL → NATIVE → Parquet → DuckDB, SQLite
 * repository, file lock) through the bundled CLI — a SIGKILL at every fault point of a full offload, a reset, a
 * partition append in chunks and a predicate offload, SIGINT/SIGTERM mid-transport, each followed by a plain rerun.
 */
import { afterAll, beforeAll, describe, inject, it } from 'vitest';
import { faultSuite, runSuite } from '@goe/conformance';
import { embeddedFaultHarness, seedFaultSource } from './embedded-bed.js';

const pgUrl = inject('pgUrl');

beforeAll(async () => {
  await seedFaultSource(pgUrl);
}, 120_000);

runSuite(faultSuite(embeddedFaultHarness(pgUrl, Number(process.env.GOE_FAULT_CONCURRENCY ?? 2))), {
  describe,
  it,
  afterAll,
});
