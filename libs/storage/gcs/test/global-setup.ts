/**
 * Vitest globalSetup: fake-gcs-server for the tests — `GOE_TEST_GCS_ENDPOINT` when set, else the binary from
 * `tools/engines/.bin` started with the flags tools/engines uses (tools/test-support/emulators.ts).
 */
import type { TestProject } from 'vitest/node';
import { provideEmulator } from '../../../../tools/test-support/emulators.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The emulator's endpoint, or '' when none runs. */
    gcsEndpoint: string;
    /** Why there is no emulator, when `gcsEndpoint` is ''. */
    gcsMissing: string;
  }
}

export default (project: TestProject) =>
  provideEmulator(project, {
    label: 'storage-gcs',
    key: 'gcs',
    envVar: 'GOE_TEST_GCS_ENDPOINT',
    binary: 'fake-gcs-server',
    engine: 'fake-gcs',
    launch: (url, port) => ({
      args: [
        '-scheme',
        'http',
        '-host',
        '127.0.0.1',
        '-port',
        String(port),
        '-external-url',
        url,
        '-public-host',
        `127.0.0.1:${port}`,
        '-backend',
        'memory',
        '-log-level',
        'warn',
      ],
      healthUrl: `${url}/storage/v1/b?project=goe-test`,
    }),
  });
