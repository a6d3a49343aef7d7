/**
 * `backendSuite` on bigquery-emulator: every case but statements.* (conformance-statements.test.ts runs those on an
 * emulator of their own: they delete dozens of tables, which leaks the emulator's memory).
 */
import { afterAll, describe, it } from 'vitest';
import { backendSuite, runSuite } from '@goe/conformance';
import { bigqueryEndpoint, emulatorsDescribe } from './support/emulators.js';
import { bigqueryHarness } from './support/harness.js';

emulatorsDescribe('backendSuite on bigquery-emulator (staging in fake-gcs-server)', () => {
  runSuite(
    backendSuite(
      bigqueryHarness(bigqueryEndpoint, {
        skip: {
          'statements.*':
            'run by conformance-statements.test.ts and conformance-partitions.test.ts on emulators of their own',
        },
      }),
    ),
    { describe, it, afterAll },
  );
});
