/**
 * `lockSuite(harness)`: the contract of an orchestration lock: non-waiting acquire, `LOCK_HELD` naming the holder,
 * release, reclaiming a lock whose process is gone, independent keys.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { isGoeError, type AdapterContext, type LockAdapter, type LockHandle, type OrchestrationLock } from '@goe/core';
import { check, checkEqual, conformanceContext, deadProcessId, lazy, rejection, show, uniqueSuffix } from './check.js';
import { makeSuite, type CaseDefinition, type Suite } from './suite.js';

/** How {@link lockSuite} reaches a lock service. */
export interface LockHarness {
  /** Lock or variant name, shown as `lockSuite[<name>]`. */
  readonly name: string;
  readonly adapter: LockAdapter;
  /** Context for `adapter.open` (e.g. `OFFLOAD_HOME` for file locks). Default `conformanceContext()`. */
  readonly context?: AdapterContext;
  /**
   * Opens a lock service on the same lock store (called several times: each stands for another process). Default
   * `adapter.open(context)`.
   */
  open?(): Promise<OrchestrationLock>;
  /**
   * Leaves `key` held by a process that no longer exists, the way a killed run would. Default: acquires it for the
   * pid of a child process that has exited, on this host, and never releases it.
   */
  staleHolder?(lock: OrchestrationLock, key: string): Promise<void>;
  /** Cases to skip: case id (or prefix ending in `*`) → reason. */
  readonly skip?: Readonly<Record<string, string>>;
}

/**
 * The lock conformance suite. Cases (ids): `acquire.release`, `holder.details` (pid, host, execution id, ISO
 * acquiredAt), `holder.none`, `acquire.held` (a second acquire from another service is GoeError `LOCK_HELD` whose
 * message names the holder's pid and host), `acquire.held-same-service` (not re-entrant), `release.idempotent`,
 * `release.reacquire`, `stale.reclaimed` (a holder whose process is gone is reported as none and reclaimed at once),
 * `keys.independent`, `acquire.concurrent` (five services race: exactly one wins).
 *
 * @example
 * runSuite(lockSuite({ name: 'file', adapter: fileLock, context: conformanceContext({ offloadHome: dir }) }), { describe, it, afterAll });
 */
export function lockSuite(harness: LockHarness): Suite {
  const ctx = harness.context ?? conformanceContext();
  const services: OrchestrationLock[] = [];
  const handles: LockHandle[] = [];
  const open = async () => {
    const s = await (harness.open ? harness.open() : harness.adapter.open(ctx));
    services.push(s);
    return s;
  };
  const lock = lazy(open);
  const other = lazy(open);
  const run = uniqueSuffix().toUpperCase();
  const key = (name: string) => `CONFORMANCE_${run}.${name}`;
  const me = { pid: process.pid, host: hostname() };
  const acquire = async (
    service: OrchestrationLock,
    k: string,
    holder: { pid: number; host: string; executionId?: string } = me,
  ) => {
    const h = await service.acquire(k, holder);
    handles.push(h);
    return h;
  };

  const cases: CaseDefinition[] = [
    {
      id: 'acquire.release',
      title: 'acquire takes a free lock; release frees it',
      run: async () => {
        const s = await lock();
        const h = await acquire(s, key('T_BASIC'));
        checkEqual(h.key, key('T_BASIC'), 'handle key');
        check((await s.holder(key('T_BASIC'))) !== undefined, 'holder() is undefined while the lock is held');
        await h.release();
        checkEqual(await s.holder(key('T_BASIC')), undefined, 'holder() after release');
      },
    },
    {
      id: 'holder.details',
      title: 'holder() reports pid, host, execution id and an ISO acquiredAt',
      run: async () => {
        const s = await lock();
        const executionId = randomUUID();
        await acquire(s, key('T_HOLDER'), { ...me, executionId });
        const h = await (await other()).holder(key('T_HOLDER'));
        checkEqual(h?.pid, me.pid, 'holder pid');
        checkEqual(h?.host, me.host, 'holder host');
        checkEqual(h?.executionId, executionId, 'holder executionId');
        check(
          typeof h?.acquiredAt === 'string' && !Number.isNaN(Date.parse(h.acquiredAt)),
          `acquiredAt ${show(h?.acquiredAt)} is not a timestamp`,
        );
      },
    },
    {
      id: 'holder.none',
      title: 'holder() of a key never locked is undefined',
      run: async () => checkEqual(await (await lock()).holder(key('T_NEVER')), undefined, 'holder(unknown)'),
    },
    {
      id: 'acquire.held',
      title: 'a second acquire (another service) is GoeError LOCK_HELD naming the holder pid and host',
      run: async () => {
        await acquire(await lock(), key('T_HELD'));
        const error = await rejection(
          (await other()).acquire(key('T_HELD'), { pid: me.pid + 1, host: me.host }),
          'second acquire',
          'LOCK_HELD',
        );
        const message = isGoeError(error) ? error.message : '';
        check(message.includes(String(me.pid)), `LOCK_HELD message does not name the holder pid ${me.pid}: ${message}`);
        check(message.includes(me.host), `LOCK_HELD message does not name the holder host ${me.host}: ${message}`);
      },
    },
    {
      id: 'acquire.held-same-service',
      title: 'the lock is not re-entrant: a second acquire on the same service is LOCK_HELD',
      run: async () => {
        const s = await lock();
        await acquire(s, key('T_REENTRANT'));
        await rejection(s.acquire(key('T_REENTRANT'), me), 'second acquire on the same service', 'LOCK_HELD');
      },
    },
    {
      id: 'release.idempotent',
      title: 'releasing twice is harmless and does not free a lock taken since',
      run: async () => {
        const s = await lock();
        const h = await acquire(s, key('T_RELEASE'));
        await h.release();
        await h.release();
        const next = await acquire(await other(), key('T_RELEASE'), { ...me, executionId: 'next' });
        await h.release();
        checkEqual(
          (await s.holder(key('T_RELEASE')))?.executionId,
          'next',
          'holder after a stale handle released again',
        );
        await next.release();
      },
    },
    {
      id: 'release.reacquire',
      title: 'a released lock can be taken by another service',
      run: async () => {
        const h = await acquire(await lock(), key('T_REACQUIRE'));
        await h.release();
        const again = await acquire(await other(), key('T_REACQUIRE'));
        await again.release();
      },
    },
    {
      id: 'stale.reclaimed',
      title: 'a lock whose holder process is gone is reported as free and reclaimed at once',
      run: async () => {
        const s = await lock();
        if (harness.staleHolder) await harness.staleHolder(s, key('T_STALE'));
        else await s.acquire(key('T_STALE'), { pid: deadProcessId(), host: me.host });
        checkEqual(await (await other()).holder(key('T_STALE')), undefined, 'holder() of a stale lock');
        const h = await acquire(await other(), key('T_STALE'));
        checkEqual((await s.holder(key('T_STALE')))?.pid, me.pid, 'holder pid after reclaiming');
        await h.release();
      },
    },
    {
      id: 'keys.independent',
      title: 'locks of different keys do not block each other',
      run: async () => {
        const s = await lock();
        await acquire(s, key('T_A'));
        await acquire(await other(), key('T_B'));
        check(
          (await s.holder(key('T_A'))) !== undefined && (await s.holder(key('T_B'))) !== undefined,
          'both keys held',
        );
      },
    },
    {
      id: 'acquire.concurrent',
      title: 'five services acquire one key at once: exactly one wins, the others get LOCK_HELD',
      run: async () => {
        const racers = await Promise.all(Array.from({ length: 5 }, open));
        const results = await Promise.allSettled(
          racers.map((s, i) => s.acquire(key('T_RACE'), { ...me, executionId: `racer-${i}` })),
        );
        for (const r of results) if (r.status === 'fulfilled') handles.push(r.value);
        checkEqual(results.filter((r) => r.status === 'fulfilled').length, 1, 'winners');
        for (const r of results) {
          if (r.status === 'rejected')
            check(
              isGoeError(r.reason) && r.reason.code === 'LOCK_HELD',
              `a loser failed with ${String(r.reason)}, not LOCK_HELD`,
            );
        }
      },
    },
  ];

  return makeSuite(`lockSuite[${harness.name}]`, cases, harness.skip, async () => {
    const errors: unknown[] = [];
    for (const h of handles.splice(0)) await h.release().catch((e: unknown) => errors.push(e));
    for (const s of services.splice(0)) await s.close().catch((e: unknown) => errors.push(e));
    if (errors.length > 0) throw errors[0];
  });
}
