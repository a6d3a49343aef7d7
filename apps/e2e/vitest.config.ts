import { mergeConfig } from 'vitest/config';
import { packageProject } from '../../vitest.shared.ts';

/**
 * The `e2e` project: whole-stack tests (PGlite → DuckDB through the full runner, the default embedded stack
 * resolved from configuration as `goe offload` does; PGlite → GCS → BigQuery on fake-gcs-server and
 * bigquery-emulator, started by the BigQuery backend's globalSetup). Run alone with `npx vitest run --project e2e`;
 * `npm test` and the coverage run include it (root vitest.config.ts projects `apps/*`).
 */
export default mergeConfig(packageProject('e2e'), {
  test: { globalSetup: ['../../libs/backends/bigquery/test/global-setup.ts'] },
});
