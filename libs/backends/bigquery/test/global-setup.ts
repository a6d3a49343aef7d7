/**
 * Vitest globalSetup: bigquery-emulator (goccy, v0.8.1) — `GOE_TEST_BIGQUERY_ENDPOINT` when set, else the binary from
 * `tools/engines/.bin` started as tools/engines runs it (tools/test-support/emulators.ts).
 */
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ENGINES_CACHE, provideEmulator } from '../../../../tools/test-support/emulators.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The emulator's endpoint, or '' when none runs. */
    bigqueryEndpoint: string;
    /** Why there is no emulator, when `bigqueryEndpoint` is ''. */
    bigqueryMissing: string;
  }
}

export default (project: TestProject) =>
  provideEmulator(project, {
    label: 'backend-bigquery',
    key: 'bigquery',
    envVar: 'GOE_TEST_BIGQUERY_ENDPOINT',
    binary: 'bigquery-emulator',
    engine: 'bigquery',
    launch: (url, port, grpcPort) => ({
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
      // the wazero compiler mode, its compiled module cached between runs (as tools/engines runs it)
      env: {
        GOOGLESQLITE_WASM_COMPILATION_MODE: 'compiler',
        GOOGLESQLITE_WASM_CACHE_DIR: join(ENGINES_CACHE, 'googlesqlite-wasm'),
      },
      timeoutMs: 180_000,
    }),
  });
