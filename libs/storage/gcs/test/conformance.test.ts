import { afterAll, describe, it } from 'vitest';
import { conformanceContext, runSuite, storageSuite } from '@goe/conformance';
import { gcsStorage } from '../src/index.js';
import { emulatorDescribe, endpoint, freshBucket } from './emulator.js';

// storageSuite against fake-gcs-server: uploads in 1 MiB chunks, so the 10 MiB object is a 10-chunk resumable upload.
const bucket = endpoint === '' ? '' : await freshBucket();
emulatorDescribe('storageSuite on fake-gcs-server', () => {
  runSuite(
    storageSuite({
      name: 'gs',
      adapter: gcsStorage,
      context: conformanceContext({
        config: {
          OFFLOAD_FS_CONTAINER: bucket,
          OFFLOAD_FS_PREFIX: 'goe/ci',
          OFFLOAD_FS_GCS_ENDPOINT: endpoint,
          OFFLOAD_FS_GCS_CHUNK_MIB: 1,
        },
      }),
    }),
    { describe, it, afterAll },
  );
});

// Live, opt-in: the same suite on a real bucket through Google's endpoints (credentials as the SDK finds them).
const liveBucket = process.env.GOE_TEST_GCS_BUCKET ?? '';
const liveSuite = storageSuite({
  name: 'gs-live',
  adapter: gcsStorage,
  context: conformanceContext({ config: { OFFLOAD_FS_CONTAINER: liveBucket, OFFLOAD_FS_PREFIX: 'goe-ci-live' } }),
});
if (liveBucket !== '') runSuite(liveSuite, { describe, it, afterAll });
else {
  console.log('storage-gcs: the live suite is skipped: set GOE_TEST_GCS_BUCKET (and credentials) to run it');
  describe.skip('storageSuite on a real GCS bucket (skipped: set GOE_TEST_GCS_BUCKET and credentials to run it)', () => {
    it('needs GOE_TEST_GCS_BUCKET', () => undefined);
  });
}
