/**
 * The runner masks secrets in what it throws without changing the error it caught: a new error wraps the original
 * as its `cause` only when nothing needed masking; otherwise the chain holds masked copies.
 */
import { describe, expect, it } from 'vitest';
import { GoeError } from '@goe/core';
import { maskedError } from '../../src/runner/offload-flow.js';

const mask = (t: string) => t.replaceAll('s3cr3t', '***');

describe('maskedError', () => {
  it('returns a GoeError unchanged when it carries no secret', () => {
    const e = new GoeError('TABLE_NOT_FOUND', 'Table SH.SALES does not exist', { hint: 'Check -t' });
    expect(maskedError(e, mask)).toBe(e);
  });

  it('masks into a new error and leaves the thrown one as it was', () => {
    const root = new Error('connect failed for postgres://goe:s3cr3t@db/x');
    const e = new GoeError('ENGINE_ERROR', 'login s3cr3t refused', {
      hint: 'password s3cr3t',
      sql: "ALTER USER goe PASSWORD 's3cr3t'",
      engineCode: '28P01',
      variable: 'ACME_CONN',
      cause: root,
    });
    const m = maskedError(e, mask);
    expect(m).not.toBe(e);
    expect(m.code).toBe('ENGINE_ERROR');
    expect(m.message).toBe('login *** refused');
    expect(m.hint).toBe('password ***');
    expect(m.sql).toBe("ALTER USER goe PASSWORD '***'");
    expect(m.engineCode).toBe('28P01');
    expect(m.variable).toBe('ACME_CONN');
    expect(String(m.stack)).not.toContain('s3cr3t');
    const cause = m.cause as Error;
    expect(cause.message).toBe('connect failed for postgres://goe:***@db/x');
    expect(String(cause.stack)).not.toContain('s3cr3t');
    // The originals are untouched.
    expect(e.message).toBe('login s3cr3t refused');
    expect(e.hint).toBe('password s3cr3t');
    expect(root.message).toContain('s3cr3t');
  });

  it('wraps anything else as INTERNAL with a masked cause, or the original cause when it is clean', () => {
    const dirty = new TypeError('bad s3cr3t');
    const m = maskedError(dirty, mask);
    expect(m.code).toBe('INTERNAL');
    expect(m.message).toBe('TypeError: bad ***');
    expect((m.cause as Error).message).toBe('bad ***');
    expect((m.cause as Error).name).toBe('TypeError');
    const clean = new RangeError('out of range');
    expect(maskedError(clean, mask).cause).toBe(clean);
    expect(maskedError('plain s3cr3t text', mask).message).toBe('plain *** text');
  });
});
