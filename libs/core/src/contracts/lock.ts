/** The orchestration lock contract: one offload per `owner.table` at a time, non-waiting by default. */
import type { AdapterBase, Branded } from './adapter.js';
import { brandAdapter } from './adapter.js';
import { withMethodDefaults } from './defaults.js';
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
  /** Releases the service. Optional in a definition; default: a no-op. */
  close(): Promise<void>;
}

/** A lock service as an adapter's `open` returns it: `close` may be missing. */
export type OrchestrationLockInput = Omit<OrchestrationLock, 'close'> & Partial<Pick<OrchestrationLock, 'close'>>;

/** A lock adapter, complete (as core reads it). */
export interface LockAdapter extends AdapterBase<'lock'> {
  open(ctx: AdapterContext): Promise<OrchestrationLock>;
}

/** A lock adapter as written: the service may leave out `close`. */
export interface LockDefinition extends AdapterBase<'lock'> {
  open(ctx: AdapterContext): Promise<OrchestrationLockInput>;
}

/**
 * Defines a lock adapter; the service `open` returns gets a no-op `close` when it has none.
 *
 * @example
 * export const fileLock = defineLock({ kind: 'lock', name: 'file', apiVersion: 2, configSchema, open });
 */
export function defineLock<T extends LockDefinition>(
  definition: T,
): Branded<
  Omit<T, 'open'> &
    LockAdapter & { open(ctx: AdapterContext): Promise<Awaited<ReturnType<T['open']>> & OrchestrationLock> }
> {
  return brandAdapter('lock', {
    ...definition,
    open: async (ctx: AdapterContext): Promise<OrchestrationLock> =>
      withMethodDefaults((await definition.open(ctx)) as OrchestrationLock, ['close'], () => ({
        close: async () => undefined,
      })),
  }) as never;
}
