/** Store-relative path checks: every path a caller gives is refused unless it stays inside the root. */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { checkStagingPath, GoeError } from '@goe/core';

/**
 * Suffix of in-flight temporary files (hidden from `list`, removed by `delete`).
 *
 * @example
 * `.x.parquet.1234-0a1b2c3d${TEMP_SUFFIX}` // a temporary file of x.parquet
 */
export const TEMP_SUFFIX = '.goe-tmp';

const TEMP_RE = /^\.(.+)\.\d+-[0-9a-f]{8}\.goe-tmp$/;

/**
 * True for a temporary file name written by `put`.
 *
 * @example
 * isTempName('.x.parquet.1234-0a1b2c3d.goe-tmp') // true
 */
export function isTempName(name: string): boolean {
  return name.startsWith('.') && name.endsWith(TEMP_SUFFIX);
}

/**
 * The object name a temporary file will become (`.x.parquet.123-abcd0123.goe-tmp` → `x.parquet`).
 *
 * @example
 * tempTarget('.x.parquet.1234-0a1b2c3d.goe-tmp') // 'x.parquet'
 */
export function tempTarget(name: string): string {
  return TEMP_RE.exec(name)?.[1] ?? name;
}

/**
 * Checks a store-relative path or prefix and returns its absolute location under `root`.
 * Refuses absolute paths, `\`, control characters, `.` / `..` segments and anything resolving outside `root`.
 *
 * @param allowEmpty prefixes may be empty (the whole store) or end with `/`; object paths may not.
 * @throws GoeError `OPTION_INVALID` naming the path.
 *
 * @example
 * resolveInside('/stage', 'sh/a.parquet', false) // '/stage/sh/a.parquet'
 * resolveInside('/stage', '../etc', false) // throws OPTION_INVALID
 */
export function resolveInside(root: string, path: string, allowEmpty: boolean): string {
  const segments = [...checkStagingPath(path, { prefix: allowEmpty })];
  const refuse = (why: string): never => {
    throw new GoeError('OPTION_INVALID', `Invalid staging path ${JSON.stringify(path)}: ${why}`, {
      hint: 'Staging paths are relative, /-separated, without . or .. segments',
    });
  };
  if (segments.length === 0) return root;
  if (isAbsolute(path)) refuse('absolute paths are not allowed');
  if (!allowEmpty && isTempName(segments[segments.length - 1]!)) refuse(`names like .x${TEMP_SUFFIX} are reserved`);
  const abs = resolve(root, ...segments);
  const rel = relative(root, abs);
  if (rel.startsWith('..') || isAbsolute(rel)) refuse('escapes the staging root');
  return abs === root ? root : root + sep + rel;
}
