/**
 * The in-memory reference adapters pass every suite, registered through runSuite exactly as an adapter package
 * would do it.
 */
import { afterAll, describe, it } from 'vitest';
import { backendSuite, frontendSuite, lockSuite, repositorySuite, runSuite, storageSuite } from '@goe/conformance';
import {
  memoryBackend,
  memoryFrontend,
  memoryLock,
  memoryRepository,
  memoryStorage,
} from './support/memory-adapters.js';

runSuite(frontendSuite(memoryFrontend()), { describe, it, afterAll });
runSuite(backendSuite(memoryBackend()), { describe, it, afterAll });
runSuite(storageSuite(memoryStorage()), { describe, it, afterAll });
runSuite(repositorySuite(memoryRepository()), { describe, it, afterAll });
runSuite(lockSuite(memoryLock()), { describe, it, afterAll });

// Engines that lack some types: documented widenings, exclusions and capability gates turn into skipped cases
// (registered with it.skip, the reason in the title, and printed as `skipped: …`).
runSuite(
  frontendSuite({
    ...memoryFrontend({}, 'memory-widened', { INTEGER_1: 'INTEGER_2' }),
    expectedMapping: { INTEGER_1: 'INTEGER_2' },
    exclude: { TIMESTAMP_NS: 'the engine keeps microseconds', 'FLOAT.nan': 'the engine has no float NaN' },
    skip: { 'slices.snapshot-sessions': 'one session per engine in this variant' },
  }),
  { describe, it, afterAll },
);
runSuite(
  backendSuite({
    ...memoryBackend({}, 'memory-capped', {
      maxDatetimeScale: 6,
      maxDecimalPrecision: 38,
      maxDecimalScale: 37,
      nanInfinity: false,
    }),
    fixtures: { lobBytes: 1024 * 1024 },
  }),
  { describe, it, afterAll },
);
