/** backendSuite's no-N+1 cases on chunks (5 chunks of 400 rows against 1 of 10), on an emulator of their own. */
import { statementsOnFreshEmulator } from './support/fresh-emulator.js';

await statementsOnFreshEmulator(
  [
    'statements.describe-table',
    'statements.count',
    'statements.aggregate',
    'statements.max-partition-value',
    'statements.partition-key-values',
  ],
  'conformance-partitions.test.ts',
);
