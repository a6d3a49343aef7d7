/** The steps of one offload in GOE's order (with verify before save metadata), and the sessions they open. */
import { effectiveCapabilities } from '../contracts/effective-capabilities.js';
import { GoeError, isGoeError } from '../errors.js';
import type { OffloadPlan } from '../plan/offload-plan.js';
import {
  DDL_FILE_MESSAGES,
  createBackendDatabase,
  createBackendTable,
  dropBackendTable,
  loadChunks,
  setupStaging,
  writeDdlFile,
} from './flow-load.js';
import { analyzeDataTypes, findOffloadData } from './flow-discover.js';
import { cleanupStaging, computeStatistics, messagesStep, saveMetadata, verifyExportedData } from './flow-finish.js';
import { openSourceSnapshot, planSourceSnapshot } from './source-snapshot.js';
import type { PlannedOffload, RunInputs, RunState } from './run-state.js';
import type { TargetNames } from './target-naming.js';
import { stagingRoot } from './flow-discover.js';
import { guardStagingStore } from './preview-guard.js';

/** The outcome of an offload command. */
export interface OffloadResult {
  readonly executionId: string;
  /**
   * `SUCCESS` (executed), `NOOP` (executed, nothing to offload: an incremental run with no new data) or `PREVIEW`
   * (no `execute`, or `ddlFile`).
   */
  readonly status: 'SUCCESS' | 'NOOP' | 'PREVIEW';
  readonly source: { readonly owner: string; readonly table: string };
  readonly target: { readonly database: string; readonly table: string };
  /** Rows loaded into the backend table (0 in preview). */
  readonly rows: number;
  readonly plan: OffloadPlan;
  /** The command's log file. */
  readonly logPath: string;
  /** The DDL file written by `ddlFile`. */
  readonly ddlFile?: string;
  /** The verification message, e.g. "Source and Quack table data matches: offload successful". */
  readonly verification?: string;
  readonly notices: readonly string[];
  readonly warnings: readonly string[];
}

/** Collected messages, filled by the runner's event sink. */
export interface Collected {
  readonly notices: string[];
  readonly warnings: string[];
}

/**
 * Runs every step; opens the frontend and backend sessions (in "Find data to offload"), the staging store (in
 * "Setup staging area") and the snapshot, and closes them all before returning or throwing. @internal
 */
export async function runOffloadFlow(inputs: RunInputs, collected: Collected, logPath: string): Promise<OffloadResult> {
  const s: RunState = { ...inputs, open: {}, chunks: [], undo: [], rowsLoaded: 0n, finalLoads: 0, rowsTransported: 0 };
  try {
    if (s.opts.ddlFile !== undefined && s.opts.raw.execute) s.notice(DDL_FILE_MESSAGES.switching);
    const { found, identified } = await findOffloadData(s);
    const plan = await analyzeDataTypes(s, found, identified);
    const o: PlannedOffload = {
      found,
      identified,
      plan,
      table: { exists: found.tableExists, metadata: found.metadata, ownership: found.ownership },
    };
    const action = found.action.kind;
    let noop = identified.noop;
    let ddlFile: string | undefined;
    let verification: string | undefined;
    if (s.opts.ddlFile !== undefined) {
      ddlFile = await writeDdlFile(s, o, s.opts.ddlFile);
    } else if (noop !== undefined || action === 'repair') {
      noop ??= 'the backend table already holds the offloaded rows';
      s.logger.info(`Nothing to offload: ${noop}`);
      if (s.opts.execute) await removeStaleStaging(s, found.target);
      if (identified.catchUp !== undefined || action === 'repair') verification = await verifyAndSaveExisting(s, o);
    } else {
      if (s.opts.raw.createBackendDb) await createBackendDatabase(s, o);
      if (action === 'reset') await dropBackendTable(s, o);
      if (action === 'create' || action === 'reset') await createBackendTable(s, o);
      await setupStaging(s, o);
      if (s.opts.execute) {
        const frontendName = s.adapters.frontend.name;
        const caps = effectiveCapabilities(s.adapters.frontend, found.frontend);
        const snapshotPlan = planSourceSnapshot(s.settings, caps, frontendName);
        const snapshot = await openSourceSnapshot(snapshotPlan, found.frontend, frontendName);
        if (snapshot !== undefined) {
          s.open.snapshot = snapshot;
          s.logger.info(`Source snapshot: ${snapshot.kind} ${snapshot.id}`);
        }
      }
      await loadChunks(s, o);
      await computeStatistics(s, o);
      await cleanupStaging(s, o);
      verification = await verifyExportedData(s, o);
      await saveMetadata(s, o);
      s.logger.info(`Total rows offloaded: ${s.rowsLoaded}`);
    }
    await messagesStep(s, collected.warnings, collected.notices);
    return {
      executionId: s.executionId,
      status: !s.opts.execute ? 'PREVIEW' : noop !== undefined ? 'NOOP' : 'SUCCESS',
      source: { owner: plan.source.owner, table: plan.source.table },
      target: { database: plan.target.database, table: plan.target.table },
      rows: Number(s.rowsLoaded),
      plan,
      logPath,
      ...(ddlFile === undefined ? {} : { ddlFile }),
      ...(verification === undefined ? {} : { verification }),
      notices: [...collected.notices],
      warnings: [...collected.warnings],
    };
  } catch (e) {
    await undoAfterFailure(s, e);
    throw e;
  } finally {
    await closeAll(s);
  }
}

/**
 * A run that loads nothing but finds rows already in the backend table without their metadata (a catch-up, or the
 * re-run matrix's repair): verifies them, then saves the metadata. A mismatch keeps its code, wrapped with the
 * previous failure and what to do. Returns the verification message.
 *
 * @throws GoeError `OPTION_INVALID` under `--no-verify` (execute), `VALIDATION_MISMATCH`
 */
async function verifyAndSaveExisting(s: RunState, o: PlannedOffload): Promise<string | undefined> {
  const t = o.found.target;
  if (s.opts.verify === 'none' && s.opts.execute)
    throw new GoeError(
      'OPTION_INVALID',
      `The rows already in ${t.database}.${t.table} must be verified before their metadata is saved, and --no-verify was given`,
      { variable: '--no-verify', hint: 'Rerun without --no-verify, or reload with --reset-backend-table' },
    );
  let verification: string | undefined;
  try {
    verification = await verifyExportedData(s, o);
  } catch (e) {
    if (!isGoeError(e) || e.code !== 'VALIDATION_MISMATCH') throw e;
    const last = o.found.lastFailure;
    throw new GoeError('VALIDATION_MISMATCH', e.message, {
      hint: `${last === undefined ? '' : `${last}. `}The rows already in ${t.database}.${t.table} do not match the source, so no metadata was saved: reload the table with --reset-backend-table`,
      cause: e,
    });
  }
  await saveMetadata(s, o);
  return verification;
}

/**
 * Runs the cleanups the steps registered, newest first, after a failure or an interruption: what this command
 * created and did not finish (an empty table it created, its staged files) is removed, so a refused or failed
 * command leaves the backend as it found it. A cleanup that fails is logged and the others still run.
 */
async function undoAfterFailure(s: RunState, cause: unknown): Promise<void> {
  const pending = s.undo.splice(0).reverse();
  if (pending.length === 0) return;
  const why = isGoeError(cause) ? cause.code : 'failure';
  for (const u of pending) {
    if (u.when !== undefined && !u.when()) continue;
    try {
      s.logger.info(`Cleanup after ${why}: ${u.title}`);
      await u.run();
    } catch (e) {
      s.logger.warn(`Cleanup "${u.title}" failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

/** Removes staged files a killed run left for this table (execute runs that load nothing; the lock is held). */
async function removeStaleStaging(s: RunState, target: TargetNames): Promise<void> {
  if (s.opts.raw.preserveLoadTable) return;
  const root = stagingRoot(target);
  const store = (s.open.store ??= guardStagingStore(
    s.adapters.storage.name,
    await s.adapters.storage.open(s.ctx),
    s.ctx,
  ));
  const removed = await store.delete(root);
  if (removed > 0) s.logger.info(`Staging location ${store.uri(root)}: removed ${removed} stale object(s)`);
}

async function closeAll(s: RunState): Promise<void> {
  const close = async (what: string, fn: (() => Promise<void>) | undefined) => {
    if (fn === undefined) return;
    try {
      await fn();
    } catch (e) {
      s.logger.warn(`Closing ${what} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const { snapshot, store, backend, frontend } = s.open;
  await close('the snapshot', snapshot && (() => snapshot.release()));
  await close('the staging store', store && (() => store.close()));
  await close('the backend session', backend && (() => backend.close()));
  await close('the frontend session', frontend && (() => frontend.close()));
}

/** Turns anything thrown into a {@link GoeError} whose texts are masked. @internal */
export function maskedError(e: unknown, mask: (t: string) => string): GoeError {
  if (isGoeError(e)) {
    const message = mask(e.message);
    const hint = e.hint === undefined ? undefined : mask(e.hint);
    const sql = e.sql === undefined ? undefined : mask(e.sql);
    const stack = e.stack === undefined ? undefined : mask(e.stack);
    if (message === e.message && hint === e.hint && sql === e.sql && stack === e.stack) return e;
    // A new error: the thrown one is never changed (a caller may hold it), and its unmasked text is not kept.
    const copy = new GoeError(e.code, message, {
      ...(hint === undefined ? {} : { hint }),
      ...(sql === undefined ? {} : { sql }),
      ...(e.engineCode === undefined ? {} : { engineCode: e.engineCode }),
      ...(e.column === undefined ? {} : { column: e.column }),
      ...(e.variable === undefined ? {} : { variable: e.variable }),
      ...(e.cause === undefined ? {} : { cause: maskedCause(e.cause, mask) }),
    });
    if (stack !== undefined) copy.stack = stack;
    return copy;
  }
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return new GoeError('INTERNAL', mask(text), { cause: maskedCause(e, mask) });
}

/**
 * The cause to keep on a masked error: the original when masking changes none of its text (or its causes'),
 * else a plain `Error` copy with masked message and stack (and masked causes), so no secret survives in the chain.
 */
function maskedCause(cause: unknown, mask: (t: string) => string, depth = 0): unknown {
  if (!(cause instanceof Error)) return typeof cause === 'string' ? mask(cause) : cause;
  const inner = cause.cause === undefined || depth >= 8 ? cause.cause : maskedCause(cause.cause, mask, depth + 1);
  const message = mask(cause.message);
  const stack = cause.stack === undefined ? undefined : mask(cause.stack);
  if (message === cause.message && stack === cause.stack && inner === cause.cause) return cause;
  const copy = new Error(message, inner === undefined ? undefined : { cause: inner });
  copy.name = cause.name;
  if (stack !== undefined) copy.stack = stack;
  return copy;
}
