/**
 * Vitest globalSetup: a real GCS emulator for the tests. `GOE_TEST_GCS_ENDPOINT` (tools/engines' env) when set;
 * else fake-gcs-server from `tools/engines/.bin` (installed by `tools/engines/engines install fake-gcs`) started on a
 * free port with the flags tools/engines uses, and stopped in teardown. Without either the tests skip, printing
 * why — except with `CI=true`, where they fail.
 */
import type { TestProject } from 'vitest/node';
import { freePort, startEmulator } from '../../../../tools/test-support/emulators.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The emulator's endpoint, or '' when none runs. */
    gcsEndpoint: string;
    /** Why there is no emulator, when `gcsEndpoint` is ''. */
    gcsMissing: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.GOE_TEST_GCS_ENDPOINT;
  if (external) {
    console.log(`storage-gcs: testing against ${external} (GOE_TEST_GCS_ENDPOINT)`);
    project.provide('gcsEndpoint', external);
    project.provide('gcsMissing', '');
    return async () => undefined;
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const emulator = await startEmulator({
    binary: 'fake-gcs-server',
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
  });
  if (emulator === undefined) {
    const why =
      'fake-gcs-server is not installed (run: tools/engines/engines install fake-gcs), and GOE_TEST_GCS_ENDPOINT is not set';
    console.log(`storage-gcs: ${process.env.CI === 'true' ? 'FAILING' : 'skipping'} the emulator tests: ${why}`);
    project.provide('gcsEndpoint', '');
    project.provide('gcsMissing', why);
    return async () => undefined;
  }
  console.log(`storage-gcs: fake-gcs-server pid ${emulator.child.pid} at ${url}`);
  project.provide('gcsEndpoint', url);
  project.provide('gcsMissing', '');
  return () => emulator.stop();
}
