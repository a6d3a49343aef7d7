/** Store-relative paths checked and turned into GCS object names under the store's prefix. */
import { GoeError } from '@goe/core';

/** GCS's limit on an object name, in UTF-8 bytes. */
export const MAX_OBJECT_NAME_BYTES = 1024;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

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
  const refuse = (why: string): never => {
    throw new GoeError('OPTION_INVALID', `Invalid staging path ${JSON.stringify(path)}: ${why}`, {
      hint: 'Staging paths are relative, /-separated, without . or .. segments',
    });
  };
  if (typeof path !== 'string') return refuse('not a string');
  if (path === '') return allowEmpty ? root : refuse('empty');
  if (path.startsWith('/')) refuse('absolute paths are not allowed');
  if (path.includes('\\')) refuse('backslashes are not allowed');
  if (CONTROL.test(path)) refuse('control characters are not allowed');
  const segments = path.split('/');
  if (allowEmpty && segments[segments.length - 1] === '') segments.pop();
  for (const s of segments) {
    if (s === '') refuse('empty segment');
    if (s === '.' || s === '..') refuse('path traversal is not allowed');
  }
  const name = root + path;
  if (Buffer.byteLength(name, 'utf8') > MAX_OBJECT_NAME_BYTES) {
    refuse(`the object name is longer than GCS's ${MAX_OBJECT_NAME_BYTES} bytes`);
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
