/** Opening a new repository file retries the switch to WAL while another process holds it (SQLITE_BUSY). */
import { describe, expect, it } from 'vitest';
import { retryWhileBusy } from '../src/sqlite-repository.js';

const busy = (code = 'SQLITE_BUSY') => Object.assign(new Error('database is locked'), { code });

describe('retryWhileBusy', () => {
  it('retries SQLITE_BUSY (and its extended codes) until the call succeeds', () => {
    let calls = 0;
    const value = retryWhileBusy(() => {
      calls += 1;
      if (calls === 1) throw busy();
      if (calls === 2) throw busy('SQLITE_BUSY_RECOVERY');
      return 'wal';
    }, 5_000);
    expect(value).toBe('wal');
    expect(calls).toBe(3);
  });

  it('rethrows any other error at once', () => {
    let calls = 0;
    const other = Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' });
    expect(() =>
      retryWhileBusy(() => {
        calls += 1;
        throw other;
      }, 5_000),
    ).toThrow(other);
    expect(calls).toBe(1);
    expect(() =>
      retryWhileBusy(() => {
        throw new TypeError('no code');
      }, 5_000),
    ).toThrow('no code');
  });

  it('gives up with the last SQLITE_BUSY when the timeout has passed', () => {
    let calls = 0;
    const started = Date.now();
    expect(() =>
      retryWhileBusy(() => {
        calls += 1;
        throw busy();
      }, 50),
    ).toThrow('database is locked');
    expect(calls).toBeGreaterThan(1);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
