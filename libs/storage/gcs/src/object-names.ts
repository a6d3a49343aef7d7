/** Store-relative paths checked and turned into GCS object names under the store's prefix. */
import { checkStagingPath, GoeError } from '@goe/core';

/** GCS's limit on an object name, in UTF-8 bytes. */
export const MAX_OBJECT_NAME_BYTES = 1024;

/**
 * Checks a store-relative path (or, with `allowEmpty`, a prefix) and returns the object name under `root`
 * (`root` is `''` or ends with `/`). Refused: absolute paths, `\`, control characters, empty, `.` or `..`
 * segments, and names over GCS's 1,024 bytes.
 *
 * @param allowEmpty prefixes may be empty (the whole store) or end with `/`; object paths may not.
 * @throws GoeError `OPTION_INVALID` naming the path
 * @example
 * objectName('goe/', 'sh/sales/a.parquet', false) // 'goe/sh/sales/a.parquet'
 * objectName('goe/', '../x', false) // throws OPTION_INVALID
 */
export function objectName(root: string, path: string, allowEmpty: boolean): string {
  checkStagingPath(path, { prefix: allowEmpty });
  const name = root + path;
  if (Buffer.byteLength(name, 'utf8') > MAX_OBJECT_NAME_BYTES) {
    throw new GoeError(
      'OPTION_INVALID',
      `Invalid staging path ${JSON.stringify(path)}: the object name is longer than GCS's ${MAX_OBJECT_NAME_BYTES} bytes`,
      {
        hint: `Shorten OFFLOAD_FS_PREFIX or the table name: object names are at most ${MAX_OBJECT_NAME_BYTES} UTF-8 bytes`,
      },
    );
  }
  return name;
}

/**
 * The `gs://` URI of an object: `gs://<bucket>/<name>` (names are not percent-encoded: this is the form
 * BigQuery load jobs and `gcloud storage` take).
 *
 * @example
 * gsUri('acme-stage', 'goe/sh/sales/a.parquet') // 'gs://acme-stage/goe/sh/sales/a.parquet'
 */
export function gsUri(bucket: string, name: string): string {
  return `gs://${bucket}/${name}`;
}
