/** The orchestration lock contract: one offload per `owner.table` at a time, non-waiting by default. */
import type { AdapterBase, Branded } from './adapter.js';
import { brandAdapter } from './adapter.js';
import type { AdapterContext } from './context.js';

/** Who holds a lock. */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly executionId?: string;
  readonly acquiredAt: string;
}

/** A held lock; release it in `finally`. */
export interface LockHandle {
  readonly key: string;
  release(): Promise<void>;
}

/** An open lock service. */
export interface OrchestrationLock {
  /**
   * Takes the lock of `key` (e.g. `SH.SALES`) or throws `LOCK_HELD` naming the holder. A lock whose process is
   * gone is reclaimed at once.
   */
  acquire(key: string, holder: Omit<LockHolder, 'acquiredAt'>): Promise<LockHandle>;
  /** The current holder, if any (stale holders are reported as none). */
  holder(key: string): Promise<LockHolder | undefined>;
  close(): Promise<void>;
}

/** A lock adapter definition. */
export interface LockAdapter extends AdapterBase<'lock'> {
  open(ctx: AdapterContext): Promise<OrchestrationLock>;
}

/**
 * Defines a lock adapter.
 *
 * @example
 * export const fileLock = defineLock({ kind: 'lock', name: 'file', apiVersion: 1, configSchema, open });
 */
export function defineLock<T extends LockAdapter>(definition: T): Branded<T> {
  return brandAdapter('lock', definition);
}
