/**
 * Runs some of `backendSuite`'s statements.* cases on a bigquery-emulator of their own: they load and drop dozens of
 * tables, and every table deleted leaks the emulator's WebAssembly memory (after a few dozen it panics and answers
 * 500), so each group gets a fresh emulator.
 */
import { afterAll, describe, it } from 'vitest';
import { backendSuite, runSuite } from '@goe/conformance';
import {
  bigqueryLaunch,
  freePort,
  startEmulator,
  type RunningEmulator,
} from '../../../../../tools/test-support/emulators.js';
import { bigqueryEndpoint, emulatorsDescribe, gcsEndpoint } from './emulators.js';
import { bigqueryHarness, sdkStatementCounter } from './harness.js';

const STATEMENT_CASES = [
  'statements.describe-table',
  'statements.count',
  'statements.aggregate',
  'statements.max-partition-value',
  'statements.partition-key-values',
  'statements.partitions',
];
const OTHER_CASES = [
  'session.*',
  'database.*',
  'ddl.*',
  'table.*',
  'load.*',
  'count.*',
  'aggregate.*',
  'max-partition-value',
  'partition-key-values',
];

/** Runs the statements.* cases `only` on a fresh emulator (the others are skipped, naming the file that runs them). */
export async function statementsOnFreshEmulator(only: readonly string[], others: string): Promise<void> {
  let emulator: RunningEmulator | undefined;
  let url = '';
  if (bigqueryEndpoint !== '' && gcsEndpoint !== '') {
    const [port, grpc] = [await freePort(), await freePort()];
    url = `http://127.0.0.1:${port}`;
    emulator = await startEmulator({ binary: 'bigquery-emulator', ...bigqueryLaunch(url, port, grpc, gcsEndpoint) });
  }
  const statements = sdkStatementCounter();
  afterAll(async () => {
    statements.restore();
    await emulator?.stop();
  });
  emulatorsDescribe(`backendSuite ${only.join(', ')} on a fresh bigquery-emulator`, () => {
    runSuite(
      backendSuite(
        bigqueryHarness(emulator === undefined ? bigqueryEndpoint : url, {
          statements,
          skip: Object.fromEntries([
            ...OTHER_CASES.map((c) => [c, 'run by conformance.test.ts']),
            ...STATEMENT_CASES.filter((c) => !only.includes(c)).map((c) => [c, `run by ${others}`]),
          ]),
        }),
      ),
      { describe, it, afterAll },
    );
  });
}
