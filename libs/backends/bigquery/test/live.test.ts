/**
 * The live suite (opt-in): `backendSuite` against a real BigQuery project with staging in a real GCS bucket, through
 * Google's endpoints and application-default credentials. Runs when `GOE_TEST_BIGQUERY_PROJECT` and
 * `GOE_TEST_GCS_BUCKET` are set and `GOE_TEST_BIGQUERY_ENDPOINT` is not (tools/engines sets that one for the
 * emulator); otherwise skipped, saying why. Nothing is excluded here: NaN and −0 included.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, it } from 'vitest';
import { backendSuite, runSuite } from '@goe/conformance';
import { openGcsStore } from '@goe/storage-gcs';
import { harnessOn } from './support/harness.js';

const project = process.env.GOE_TEST_BIGQUERY_PROJECT;
const bucket = process.env.GOE_TEST_GCS_BUCKET;
const live = project !== undefined && bucket !== undefined && process.env.GOE_TEST_BIGQUERY_ENDPOINT === undefined;
const why =
  'live BigQuery suite: set GOE_TEST_BIGQUERY_PROJECT and GOE_TEST_GCS_BUCKET (and unset GOE_TEST_BIGQUERY_ENDPOINT) to run it against a real project';

if (!live) {
  describe.skip(`backendSuite on a real BigQuery project (skipped: ${why})`, () => {
    it('needs a project', () => undefined);
  });
} else {
  describe(`backendSuite on BigQuery project ${project} (staging gs://${bucket})`, () => {
    runSuite(
      backendSuite(
        harnessOn({
          project,
          openStore: () => openGcsStore({ bucket, prefix: `goe-live-${randomBytes(4).toString('hex')}` }),
        }),
      ),
      { describe, it, afterAll },
    );
  });
}
