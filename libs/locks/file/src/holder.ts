/** The content of a lock file and the staleness rule: same host and the recorded process is gone. Internal module. */
import { hostname } from 'node:os';
import type { LockHolder } from '@goe/core';

/** What a lock file records (JSON). */
export interface LockRecord extends LockHolder {
  /** The lock key, e.g. `SH.SALES`. */
  readonly key: string;
  /** Unique per acquisition: release and takeover only touch the file they judged. */
  readonly token: string;
}

/** Parses a lock file's text; `undefined` when it is not (yet) a complete record. @example parseLockRecord('{}') // undefined */
export function parseLockRecord(text: string): LockRecord | undefined {
  try {
    const v = JSON.parse(text) as Partial<LockRecord>;
    if (
      typeof v.pid !== 'number' ||
      typeof v.host !== 'string' ||
      typeof v.token !== 'string' ||
      typeof v.acquiredAt !== 'string'
    )
      return undefined;
    return v as LockRecord;
  } catch {
    return undefined;
  }
}

/** This host's name as lock files record it. @example thisHost() // os.hostname() */
export function thisHost(): string {
  return hostname();
}

/**
 * Whether a process exists on this host: `process.kill(pid, 0)` succeeds, or fails with `EPERM` (it exists but
 * belongs to another user); `ESRCH` means gone.
 *
 * @example
 * isProcessAlive(process.pid) // true
 */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when the holder ran on this host and its process is gone; holders on other hosts are never judged stale. @example isStale({ ...record, pid: deadPid }) // true on this host */
export function isStale(record: LockRecord): boolean {
  return record.host === thisHost() && !isProcessAlive(record.pid);
}

/** The public view of a record. @example toHolder(record).pid */
export function toHolder(r: LockRecord): LockHolder {
  return {
    pid: r.pid,
    host: r.host,
    acquiredAt: r.acquiredAt,
    ...(r.executionId === undefined ? {} : { executionId: r.executionId }),
  };
}
