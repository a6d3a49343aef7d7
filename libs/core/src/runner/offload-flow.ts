/** The steps of one offload in GOE's order (with verify before save metadata), and the sessions they open. */
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
import { cleanupStaging, messagesStep, saveMetadata, verifyExportedData } from './flow-finish.js';
import { must, type RunInputs, type RunState } from './run-state.js';

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
  /** The verification message, e.g. "Source and DuckDB table data matches: offload successful". */
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
  const s: RunState = { ...inputs, chunks: [], rowsLoaded: 0n, rowsTransported: 0 };
  try {
    if (s.opts.ddlFile !== undefined && s.opts.raw.execute) s.notice(DDL_FILE_MESSAGES.switching);
    await findOffloadData(s);
    await analyzeDataTypes(s);
    if (s.opts.ddlFile !== undefined) {
      await writeDdlFile(s);
    } else if (s.noop !== undefined) {
      s.logger.info(`Nothing to offload: ${s.noop}`);
      if (s.catchUp !== undefined) {
        await verifyExportedData(s);
        await saveMetadata(s);
      }
    } else {
      const action = must(s.action, 'the re-run action').kind;
      if (s.opts.raw.createBackendDb) await createBackendDatabase(s);
      if (action === 'reset') await dropBackendTable(s);
      if (action === 'create' || action === 'reset') await createBackendTable(s);
      await setupStaging(s);
      if (
        s.opts.execute &&
        s.config.get<boolean>('OFFLOAD_TRANSPORT_CONSISTENT_READ') !== false &&
        s.adapters.frontend.capabilities.snapshot !== 'none'
      ) {
        s.snapshot = await must(s.frontend, 'the frontend session').snapshot();
        s.logger.info(`Source snapshot: ${s.snapshot.kind} ${s.snapshot.id}`);
      }
      await loadChunks(s);
      await cleanupStaging(s);
      await verifyExportedData(s);
      await saveMetadata(s);
      s.logger.info(`Total rows offloaded: ${s.rowsLoaded}`);
    }
    await messagesStep(s, collected.warnings, collected.notices);
    const plan = must(s.plan, 'the plan');
    return {
      executionId: s.executionId,
      status: !s.opts.execute ? 'PREVIEW' : s.noop !== undefined ? 'NOOP' : 'SUCCESS',
      source: { owner: plan.source.owner, table: plan.source.table },
      target: { database: plan.target.database, table: plan.target.table },
      rows: Number(s.rowsLoaded),
      plan,
      logPath,
      ...(s.ddlFile === undefined ? {} : { ddlFile: s.ddlFile }),
      ...(s.verification === undefined ? {} : { verification: s.verification }),
      notices: [...collected.notices],
      warnings: [...collected.warnings],
    };
  } finally {
    await closeAll(s);
  }
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
  await close('the snapshot', s.snapshot && (() => s.snapshot!.release()));
  await close('the staging store', s.store && (() => s.store!.close()));
  await close('the backend session', s.backend && (() => s.backend!.close()));
  await close('the frontend session', s.frontend && (() => s.frontend!.close()));
}

/** Turns anything thrown into a {@link GoeError} whose texts are masked. @internal */
export function maskedError(e: unknown, mask: (t: string) => string): GoeError {
  if (isGoeError(e)) {
    const g = e;
    g.message = mask(g.message);
    for (const k of ['hint', 'sql'] as const)
      if (g[k] !== undefined) (g as { -readonly [K in typeof k]?: string })[k] = mask(g[k]!);
    return g;
  }
  return new GoeError('INTERNAL', mask(e instanceof Error ? `${e.name}: ${e.message}` : String(e)));
}
