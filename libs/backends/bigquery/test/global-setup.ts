/**
 * Vitest globalSetup: bigquery-emulator (goccy, v0.8.1) from `tools/engines/.bin` (installed by
 * `tools/engines/engines install bigquery`) on a free port, or `GOE_TEST_BIGQUERY_ENDPOINT` when set. Without either
 * the emulator tests skip, printing why — except with `CI=true`, where they fail.
 */
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ENGINES_CACHE, freePort, startEmulator } from '../../../../tools/test-support/emulators.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The emulator's endpoint, or '' when none runs. */
    bigqueryEndpoint: string;
    /** Why there is no emulator, when `bigqueryEndpoint` is ''. */
    bigqueryMissing: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.GOE_TEST_BIGQUERY_ENDPOINT;
  if (external) {
    project.provide('bigqueryEndpoint', external);
    project.provide('bigqueryMissing', '');
    return async () => undefined;
  }
  const [port, grpcPort] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${port}`;
  const emulator = await startEmulator({
    binary: 'bigquery-emulator',
    args: [
      '--project',
      'goe-test',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--grpc-port',
      String(grpcPort),
      '--log-level',
      'warn',
    ],
    healthUrl: `${url}/bigquery/v2/projects/goe-test/datasets`,
    // as tools/engines runs it: the wazero compiler mode, its compiled module cached between runs
    env: {
      GOOGLESQLITE_WASM_COMPILATION_MODE: 'compiler',
      GOOGLESQLITE_WASM_CACHE_DIR: join(ENGINES_CACHE, 'googlesqlite-wasm'),
    },
    timeoutMs: 180_000,
  });
  if (emulator === undefined) {
    const why =
      'bigquery-emulator is not installed (run: tools/engines/engines install bigquery), and GOE_TEST_BIGQUERY_ENDPOINT is not set';
    console.log(`backend-bigquery: ${process.env.CI === 'true' ? 'FAILING' : 'skipping'} the emulator tests: ${why}`);
    project.provide('bigqueryEndpoint', '');
    project.provide('bigqueryMissing', why);
    return async () => undefined;
  }
  console.log(`backend-bigquery: bigquery-emulator pid ${emulator.child.pid} at ${url}`);
  project.provide('bigqueryEndpoint', url);
  project.provide('bigqueryMissing', '');
  return () => emulator.stop();
}
