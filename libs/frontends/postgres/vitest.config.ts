import { mergeConfig } from 'vitest/config';
import { packageProject } from '../../../vitest.shared.ts';

export default mergeConfig(packageProject('frontend-postgres', 120_000), {
  test: { globalSetup: ['./test/global-setup.ts'] },
});
