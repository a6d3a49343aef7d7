import { mergeConfig } from 'vitest/config';
import { packageProject } from '../../../vitest.shared.ts';

/** The emulator tests run against bigquery-emulator, started by test/global-setup.ts (or GOE_TEST_BIGQUERY_ENDPOINT). */
export default mergeConfig(packageProject('backend-bigquery', 60_000), {
  test: { globalSetup: ['test/global-setup.ts'] },
});
