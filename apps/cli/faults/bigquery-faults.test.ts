/**
 * `npm run test:faults`, BigQuery part: the fault suite on PostgreSQL → NATIVE → GCS (fake-gcs-server) → BigQuery
 * (bigquery-emulator, one per case) through the bundled CLI. BigQuery's final load is not atomic with the repository
 * (`retry: 'delete-scope'`), and a load job survives the process that submitted it: a SIGKILL at every point of a full
 * offload (`load:job-submitted`, `load:staged`, `load:before-commit`, `load:inserted` included) and at the load points
 * of a partition append in 3 chunks, each followed by a plain rerun, must leave the source's rows exactly once.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { faultSuite, runSuite } from '@goe/conformance';
import { emulatorDescribe } from '../../../tools/test-support/emulator-describe.js';
import { ENGINES_BIN, fakeGcsSetup, freePort, startEmulator } from '../../../tools/test-support/emulators.js';
import {
  BIGQUERY_FAULT_ROWS,
  BIGQUERY_FAULT_SCENARIOS,
  BIGQUERY_FAULT_SCHEMA,
  bigqueryBed,
  bigqueryFaultHarness,
} from './bigquery-bed.js';
import { seedFaultSource } from './embedded-bed.js';

const pgUrl = inject('pgUrl');
const concurrency = Number(process.env.GOE_FAULT_CONCURRENCY ?? 2);

const missingBinaries = ['fake-gcs-server', 'bigquery-emulator'].filter((b) => !existsSync(join(ENGINES_BIN, b)));
const gcsPort = await freePort();
const gcsUrl = `http://127.0.0.1:${gcsPort}`;
const gcs =
  missingBinaries.length === 0
    ? await startEmulator({ binary: 'fake-gcs-server', ...fakeGcsSetup('faults').launch(gcsUrl, gcsPort, 0) })
    : undefined;
afterAll(async () => gcs?.stop());

beforeAll(async () => {
  if (gcs !== undefined) await seedFaultSource(pgUrl, BIGQUERY_FAULT_ROWS, BIGQUERY_FAULT_SCHEMA);
}, 120_000);

emulatorDescribe(
  'faultSuite on BigQuery (emulators)',
  gcs === undefined ? '' : gcsUrl,
  `${missingBinaries.join(' and ')} not installed (run: tools/engines/engines install fake-gcs bigquery)`,
  () => {
    runSuite(faultSuite(bigqueryFaultHarness(pgUrl, gcsUrl, concurrency)), { describe, it, afterAll });
    it("passes the backend's own load points, so the suite kills there too", async () => {
      const scenario = BIGQUERY_FAULT_SCENARIOS.find((x) => x.id === 'full')!;
      const bed = await bigqueryBed(pgUrl, gcsUrl, scenario);
      try {
        const r = await bed.run(scenario.argv, { trace: true });
        expect(r.code, r.stderr).toBe(0);
        for (const point of ['load:job-submitted', 'load:staged', 'load:before-commit', 'load:inserted'])
          expect(r.trace).toContain(point);
      } finally {
        await bed.dispose();
      }
    });
  },
);
