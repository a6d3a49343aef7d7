import { mergeConfig } from 'vitest/config';
import { packageProject } from '../../../vitest.shared.ts';

/** The GCS store's tests run against fake-gcs-server, started by test/global-setup.ts (or GOE_TEST_GCS_ENDPOINT). */
export default mergeConfig(packageProject('storage-gcs', 60_000), {
  test: { globalSetup: ['test/global-setup.ts'] },
});
