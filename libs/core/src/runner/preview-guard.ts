/**
 * Preview is read-only by construction: in a preview (`AdapterContext.readOnly`) the runner uses the frontend
 * session, the backend session and the staging store only through guards that pass reads to the adapter and refuse
 * every write before it reaches the adapter. Each contract's members are classified in an explicit table typed by
 * the contract's keys, so a member added to a contract does not compile until it is classified.
 */
import { GoeError } from '../errors.js';
import type { AdapterContext } from '../contracts/context.js';
import type { BackendSession } from '../contracts/backend.js';
import type { FrontendSession } from '../contracts/frontend.js';
import type { StagingStore } from '../contracts/storage.js';

/** How a guard treats a contract member: passed through (`read`, `property`) or refused in preview (`write`). */
export type MemberAccess = 'read' | 'write' | 'property';

/**
 * The backend session's members: databases, tables, stage/final loads, dropping staged data and deleting by scope
 * change the backend; descriptions, DDL text (pure), validations, counts and aggregates only read.
 *
 * @example
 * BACKEND_SESSION_ACCESS.finalLoad // 'write'
 */
export const BACKEND_SESSION_ACCESS: Readonly<Record<keyof BackendSession, MemberAccess>> = Object.freeze({
  capabilities: 'property',
  serverVersion: 'read',
  databaseExists: 'read',
  createDatabase: 'write',
  tableExists: 'read',
  describeTable: 'read',
  ddlFor: 'read',
  checkPlan: 'read',
  createTable: 'write',
  stageLoad: 'write',
  validateStaged: 'read',
  validateCasts: 'read',
  finalLoad: 'write',
  deleteScope: 'write',
  dropStaged: 'write',
  count: 'read',
  aggregate: 'read',
  maxPartitionValue: 'read',
  partitionKeyValues: 'read',
  dropTable: 'write',
  computeStats: 'write',
  close: 'read',
});

/**
 * The frontend session's members: all read the source (a snapshot is a read transaction).
 *
 * @example
 * FRONTEND_SESSION_ACCESS.extract // 'read'
 */
export const FRONTEND_SESSION_ACCESS: Readonly<Record<keyof FrontendSession, MemberAccess>> = Object.freeze({
  capabilities: 'property',
  serverVersion: 'read',
  describeTable: 'read',
  snapshot: 'read',
  planSlices: 'read',
  extract: 'read',
  count: 'read',
  aggregate: 'read',
  renderPredicate: 'read',
  describeSlice: 'read',
  connectChecks: 'read',
  close: 'read',
});

/**
 * The staging store's members: `put` and `delete` write.
 *
 * @example
 * STAGING_STORE_ACCESS.delete // 'write'
 */
export const STAGING_STORE_ACCESS: Readonly<Record<keyof StagingStore, MemberAccess>> = Object.freeze({
  put: 'write',
  list: 'read',
  get: 'read',
  exists: 'read',
  delete: 'write',
  uri: 'read',
  close: 'read',
});

/**
 * The message of a write refused in preview.
 *
 * @example
 * PREVIEW_WRITE_REFUSED('quack', 'createTable') // 'preview is read-only: quack createTable was called'
 */
export const PREVIEW_WRITE_REFUSED = (adapter: string, member: string): string =>
  `preview is read-only: ${adapter} ${member} was called`;

/**
 * A read-only view of `target`: members classified `read` are bound to it, `property` members read through, and
 * `write` members (all asynchronous) reject with `GoeError` `INTERNAL` ({@link PREVIEW_WRITE_REFUSED}) without calling it. Members the target
 * lacks (optional methods) stay absent; members outside the table are not exposed.
 *
 * @example
 * const ro = readOnlyView('quack', session, BACKEND_SESSION_ACCESS);
 * await ro.count('sh', 'sales'); // passes through
 * await ro.createTable(plan); // throws INTERNAL: preview is read-only: quack createTable was called
 */
export function readOnlyView<T extends object>(
  adapter: string,
  target: T,
  access: Readonly<Record<keyof T, MemberAccess>>,
): T {
  const view: Record<string, unknown> = {};
  for (const [name, kind] of Object.entries(access) as [string & keyof T, MemberAccess][]) {
    if (kind === 'property') {
      Object.defineProperty(view, name, { enumerable: true, get: () => target[name] });
      continue;
    }
    const member = target[name];
    if (typeof member !== 'function') continue;
    view[name] =
      kind === 'read'
        ? (member as (...args: unknown[]) => unknown).bind(target)
        : async () => {
            throw new GoeError('INTERNAL', PREVIEW_WRITE_REFUSED(adapter, name), {
              hint: 'A preview (no -x) only reads; this is a bug of the caller, not of the adapter',
            });
          };
  }
  return Object.freeze(view) as T;
}

/**
 * The backend session the runner uses: in preview (`ctx.readOnly`) a read-only view
 * ({@link BACKEND_SESSION_ACCESS}), otherwise `session` itself.
 *
 * @example
 * s.backend = guardBackendSession('quack', await adapter.connect(ctx), ctx);
 */
export function guardBackendSession(
  adapter: string,
  session: BackendSession,
  ctx: Pick<AdapterContext, 'readOnly'>,
): BackendSession {
  return ctx.readOnly === true ? readOnlyView(adapter, session, BACKEND_SESSION_ACCESS) : session;
}

/**
 * The frontend session the runner uses: in preview a read-only view ({@link FRONTEND_SESSION_ACCESS}).
 *
 * @example
 * s.frontend = guardFrontendSession('acme', await adapter.connect(ctx), ctx);
 */
export function guardFrontendSession(
  adapter: string,
  session: FrontendSession,
  ctx: Pick<AdapterContext, 'readOnly'>,
): FrontendSession {
  return ctx.readOnly === true ? readOnlyView(adapter, session, FRONTEND_SESSION_ACCESS) : session;
}

/**
 * The staging store the runner uses: in preview a read-only view ({@link STAGING_STORE_ACCESS}).
 *
 * @example
 * s.store = guardStagingStore('file', await storage.open(ctx), ctx);
 */
export function guardStagingStore(
  adapter: string,
  store: StagingStore,
  ctx: Pick<AdapterContext, 'readOnly'>,
): StagingStore {
  return ctx.readOnly === true ? readOnlyView(adapter, store, STAGING_STORE_ACCESS) : store;
}
