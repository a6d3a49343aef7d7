/**
 * Vitest globalSetup: fake-gcs-server and bigquery-emulator (goccy, v0.8.1) reading `gs://` from it — each from
 * `GOE_TEST_GCS_ENDPOINT` / `GOE_TEST_BIGQUERY_ENDPOINT` when set (tools/engines starts them so), else the binaries
 * from `tools/engines/.bin` started as tools/engines runs them (tools/test-support/emulators.ts).
 */
import type { TestProject } from 'vitest/node';
import { bigqueryLaunch, fakeGcsSetup, provideEmulator } from '../../../../tools/test-support/emulators.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The emulator's endpoint, or '' when none runs. */
    bigqueryEndpoint: string;
    /** Why there is no emulator, when `bigqueryEndpoint` is ''. */
    bigqueryMissing: string;
    /** fake-gcs-server's endpoint, or '' when none runs. */
    gcsEndpoint: string;
    /** Why there is no fake-gcs-server, when `gcsEndpoint` is ''. */
    gcsMissing: string;
  }
}

export default async (project: TestProject) => {
  let gcs = '';
  const stopGcs = await provideEmulator(
    {
      provide: (key: never, value: never) => {
        if (key === ('gcsEndpoint' as never)) gcs = value as string;
        project.provide(key, value);
      },
    },
    fakeGcsSetup('backend-bigquery'),
  );
  const stopBigquery = await provideEmulator(project, {
    label: 'backend-bigquery',
    key: 'bigquery',
    envVar: 'GOE_TEST_BIGQUERY_ENDPOINT',
    binary: 'bigquery-emulator',
    engine: 'bigquery',
    launch: (url, port, grpcPort) => bigqueryLaunch(url, port, grpcPort, gcs),
  });
  return async () => {
    await stopBigquery();
    await stopGcs();
  };
};
