/**
 * The source snapshot the slices of one offload read at: one the frontend opens (consistent read, the default),
 * one the user gives (`--offload-transport-snapshot`, GOE #240), or none (`--offload-transport-consistent-read
 * false`, or a frontend without snapshots).
 */
import type { FrontendCapabilities, FrontendSession, SnapshotToken } from '../contracts/frontend.js';
import { GoeError } from '../errors.js';
import type { RunSettings } from './run-settings.js';

/** What {@link planSourceSnapshot} decides. */
export interface SourceSnapshotPlan {
  /** `shared`: the frontend opens one snapshot; `given`: read at the user's token; `none`: each slice reads alone. */
  readonly mode: 'shared' | 'given' | 'none';
  /** The user's token (mode `given`). */
  readonly token?: string;
  /** What the plan shows after `snapshot: ` (e.g. `exported-snapshot`, `none`, `given 00000003-0000001B-1`). */
  readonly text: string;
  /** A notice to show (consistent read switched off). */
  readonly notice?: string;
}

/** GOE-style texts of the snapshot decisions. */
export const SOURCE_SNAPSHOT_MESSAGES = Object.freeze({
  inconsistent:
    'Consistent read is off (--offload-transport-consistent-read false): each slice reads the source in its own ' +
    'transaction, so reads are not consistent across slices',
  cannotGive: (frontend: string) => `--offload-transport-snapshot: ${frontend} cannot read at a given snapshot`,
  conflict: '--offload-transport-snapshot cannot be combined with --offload-transport-consistent-read false',
});

/**
 * Decides the snapshot of an offload from its settings and the frontend's (session-effective) capabilities. Pure.
 *
 * @throws GoeError `OPTION_INVALID` (`variable: '--offload-transport-snapshot'`) for a token the frontend cannot
 *   read at (no snapshot support) or a token with consistent read off
 * @example
 * planSourceSnapshot({ consistentRead: false }, { snapshot: 'exported-snapshot', maxParallelism: 8 }, 'acme')
 * // { mode: 'none', text: 'none', notice: 'Consistent read is off …' }
 * planSourceSnapshot({ consistentRead: true }, { snapshot: 'exported-snapshot', maxParallelism: 8 }, 'acme').text
 * // 'exported-snapshot'
 */
export function planSourceSnapshot(
  settings: Pick<RunSettings, 'consistentRead' | 'transportSnapshot'>,
  capabilities: Pick<FrontendCapabilities, 'snapshot'>,
  frontend: string,
): SourceSnapshotPlan {
  const token = settings.transportSnapshot;
  if (token !== undefined) {
    if (!settings.consistentRead)
      throw new GoeError('OPTION_INVALID', SOURCE_SNAPSHOT_MESSAGES.conflict, {
        variable: '--offload-transport-snapshot',
      });
    if (capabilities.snapshot === 'none')
      throw new GoeError('OPTION_INVALID', SOURCE_SNAPSHOT_MESSAGES.cannotGive(frontend), {
        variable: '--offload-transport-snapshot',
        hint: 'This frontend (or this session of it) shares no snapshot between readers; leave the option out',
      });
    return { mode: 'given', token, text: `given ${token}` };
  }
  if (!settings.consistentRead) return { mode: 'none', text: 'none', notice: SOURCE_SNAPSHOT_MESSAGES.inconsistent };
  if (capabilities.snapshot === 'none') return { mode: 'none', text: 'none' };
  return { mode: 'shared', text: capabilities.snapshot };
}

/**
 * Opens the snapshot {@link planSourceSnapshot} decided (nothing for mode `none`): a new one, or the given token
 * (`session.snapshot(token)`). A frontend that hands back another id than the token it was given cannot read at
 * it: the token is released and the run refused.
 *
 * @throws GoeError `OPTION_INVALID` "--offload-transport-snapshot: <frontend> cannot read at a given snapshot"
 * @example
 * const snapshot = await openSourceSnapshot(plan, session, 'acme'); // undefined when plan.mode is 'none'
 */
export async function openSourceSnapshot(
  plan: SourceSnapshotPlan,
  session: FrontendSession,
  frontend: string,
): Promise<SnapshotToken | undefined> {
  if (plan.mode === 'none') return undefined;
  if (plan.mode === 'shared') return session.snapshot();
  const snapshot = await session.snapshot(plan.token);
  if (snapshot.id !== plan.token) {
    await snapshot.release().catch(() => undefined);
    throw new GoeError('OPTION_INVALID', SOURCE_SNAPSHOT_MESSAGES.cannotGive(frontend), {
      variable: '--offload-transport-snapshot',
    });
  }
  return snapshot;
}
