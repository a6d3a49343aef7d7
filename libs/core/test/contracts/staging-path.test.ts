import { describe, expect, it } from 'vitest';
import { checkStagingPath, isGoeError } from '../../src/index.js';

function refusal(path: unknown, prefix = false): string {
  try {
    checkStagingPath(path as string, { prefix });
  } catch (e) {
    if (isGoeError(e) && e.code === 'OPTION_INVALID') return e.message;
    throw e;
  }
  throw new Error(`accepted ${JSON.stringify(path)}`);
}

describe('checkStagingPath', () => {
  it('returns the segments of object paths and prefixes', () => {
    expect(checkStagingPath('sh/sales/s0-00001.parquet')).toEqual(['sh', 'sales', 's0-00001.parquet']);
    expect(checkStagingPath('a')).toEqual(['a']);
    expect(checkStagingPath('sh/', { prefix: true })).toEqual(['sh']);
    expect(checkStagingPath('sh/s1-', { prefix: true })).toEqual(['sh', 's1-']);
    expect(checkStagingPath('', { prefix: true })).toEqual([]);
    expect(checkStagingPath('ünï/цвет/表.parquet')).toEqual(['ünï', 'цвет', '表.parquet']);
  });

  it.each([
    ['', 'empty'],
    ['sh/', 'empty segment'],
    ['/etc/passwd', 'absolute paths are not allowed'],
    ['a\\b', 'backslashes are not allowed'],
    ['a\nb', 'control characters are not allowed'],
    ['a\u007fb', 'control characters are not allowed'],
    ['a//b', 'empty segment'],
    ['../x', 'path traversal is not allowed'],
    ['a/./b', 'path traversal is not allowed'],
    ['a/..', 'path traversal is not allowed'],
  ])('refuses %j as an object path (%s)', (path, why) => {
    expect(refusal(path)).toBe(`Invalid staging path ${JSON.stringify(path)}: ${why}`);
  });

  it('refuses traversal in prefixes too, and non-strings', () => {
    expect(refusal('../', true)).toContain('path traversal');
    expect(refusal('a//', true)).toContain('empty segment');
    expect(refusal(42)).toContain('not a string');
  });
});
