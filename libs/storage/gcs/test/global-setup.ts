/**
 * Vitest globalSetup: fake-gcs-server for the tests — `GOE_TEST_GCS_ENDPOINT` when set, else the binary from
 * `tools/engines/.bin` started with the flags tools/engines uses (tools/test-support/emulators.ts).
 */
import type { TestProject } from 'vitest/node';
import { fakeGcsSetup, provideEmulator } from '../../../../tools/test-support/emulators.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The emulator's endpoint, or '' when none runs. */
    gcsEndpoint: string;
    /** Why there is no emulator, when `gcsEndpoint` is ''. */
    gcsMissing: string;
  }
}

export default (project: TestProject) => provideEmulator(project, fakeGcsSetup('storage-gcs'));
