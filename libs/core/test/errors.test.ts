import { describe, expect, it } from 'vitest';
import { ERROR_CODES, GoeError, exitCodeFor, isGoeError, assertNever } from '@goe/core';

describe('GoeError', () => {
  it('maps every code to the exit-code table of architecture §8', () => {
    expect(exitCodeFor(new GoeError('CONFIG_INVALID', 'x'))).toBe(2);
    expect(exitCodeFor(new GoeError('OPTION_INVALID', 'x'))).toBe(2);
    expect(exitCodeFor(new GoeError('LOCK_HELD', 'x'))).toBe(3);
    expect(exitCodeFor(new GoeError('ALREADY_OFFLOADED', 'x'))).toBe(3);
    expect(exitCodeFor(new GoeError('BACKEND_BUSY', 'x'))).toBe(3);
    expect(exitCodeFor(new GoeError('TYPE_UNSUPPORTED', 'x'))).toBe(4);
    expect(exitCodeFor(new GoeError('TYPE_LOSSY_CONVERSION', 'x'))).toBe(4);
    expect(exitCodeFor(new GoeError('VALIDATION_MISMATCH', 'x'))).toBe(4);
    expect(exitCodeFor(new GoeError('ENGINE_ERROR', 'x'))).toBe(5);
    expect(exitCodeFor(new Error('plain'))).toBe(1);
    for (const code of Object.values(ERROR_CODES)) expect([1, 2, 3, 4, 5]).toContain(code);
  });

  it('is recognised by brand, also when it comes from another copy of core', () => {
    const e = new GoeError('ENGINE_ERROR', 'boom', { engineCode: '42P01', sql: 'select 1', hint: 'h' });
    expect(isGoeError(e)).toBe(true);
    const foreign = Object.assign(new Error('x'), { [Symbol.for('goe:error')]: true, code: 'LOCK_HELD' });
    expect(isGoeError(foreign)).toBe(true);
    expect(isGoeError(new Error('x'))).toBe(false);
    expect(e.toJSON()).toEqual({
      code: 'ENGINE_ERROR',
      message: 'boom',
      hint: 'h',
      sql: 'select 1',
      engineCode: '42P01',
    });
  });

  it('assertNever throws INTERNAL', () => {
    expect(() => assertNever('x' as never)).toThrow(/Unexpected value: x/);
  });
});
