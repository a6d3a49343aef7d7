/** The read-only steps: "Find data to offload" and "Analyzing data types". */
import { GoeError } from '../errors.js';
import { formatOffloadPlan } from '../plan/format-plan.js';
import type { OffloadPlan } from '../plan/offload-plan.js';
import type { SourceTable } from '../model/table.js';
import { checkStagingCompatibility } from '../plan/staging-compatibility.js';
import { adapterDisplayName } from '../contracts/adapter.js';
import { effectiveCapabilities } from '../contracts/effective-capabilities.js';
import { DEFAULT_BATCH_ROWS, planOffload } from './plan-offload.js';
import { settleTransport } from './adapters.js';
import { planSourceSnapshot } from './source-snapshot.js';
import { checkValueRanges, narrowedColumns } from '../types/data-type-controls/value-ranges.js';
import { normalizeSamplingOptions } from '../types/data-type-controls/sampling.js';
import { decideRerun, type RerunAction, type TargetOwnerKind } from './rerun.js';
import { appendsToOffloadedTable, decideOffloadMode, offloadVariantOf } from './offload-mode.js';
import { identifyData, requireKeyValues } from './identify-data.js';
import { checkLoadRetry } from './load-retry.js';
import { guardBackendSession, guardFrontendSession } from './preview-guard.js';
import { cleanUpUnfinishedWork } from './unfinished-loads.js';
import type { Discovery, Identification, RunState } from './run-state.js';
import { OFFLOAD_STEPS } from './steps.js';
import { planTargetNames } from './target-naming.js';
import { backendColumns } from '../types/column-transforms.js';

/**
 * Runs "Find data to offload": opens the sessions, describes the source, reads metadata, names the target, applies
 * the re-run matrix and identifies the data. @internal
 */
export async function findOffloadData(
  s: RunState,
): Promise<{ readonly found: Discovery; readonly identified: Identification }> {
  return s.steps.runMandatory(OFFLOAD_STEPS.FIND_OFFLOAD_DATA, async (details) => {
    const { opts, adapters, ctx, logger } = s;
    const frontend = (s.open.frontend = guardFrontendSession(
      adapters.frontend.name,
      await adapters.frontend.connect(ctx),
      ctx,
    ));
    const backend = (s.open.backend = guardBackendSession(
      adapters.backend.name,
      await adapters.backend.connect(ctx),
      ctx,
    ));
    const backendCaps = effectiveCapabilities(adapters.backend, backend);
    checkLoadRetry(adapters.backend.name, backendCaps.load, backend);
    // data sampling options (helper "types"): option > DATA_SAMPLE_PARALLELISM > default; percent and padding by option
    const source = await frontend.describeTable(opts.owner, opts.tableName, {
      sampling: normalizeSamplingOptions({
        ...opts.raw,
        dataSampleParallelism: opts.raw.dataSampleParallelism ?? ctx.config.get<number>('DATA_SAMPLE_PARALLELISM'),
      }),
    });
    logger.info(
      `Source table: ${source.owner}.${source.name} (${source.columns.length} columns${source.serverVersion ? `, ${source.serverVersion}` : ''})`,
    );
    const metadata = await s.repo.getMetadata(source.owner, source.name);
    const target = planTargetNames({
      owner: source.owner,
      table: source.name,
      ...(opts.target === undefined ? {} : { targetName: opts.target }),
      ...(metadata === undefined ? {} : { metadata }),
      dbNamePrefix: s.settings.dbNamePrefix,
      ...(s.settings.identifierCase === undefined ? {} : { identifierCase: s.settings.identifierCase }),
      capabilities: backendCaps,
    });
    for (const line of target.log) logger.info(line);
    const dbs = [target.database, ...(target.loadDatabase === undefined ? [] : [target.loadDatabase])];
    const missing: string[] = [];
    for (const db of dbs) if (!(await backend.databaseExists(db))) missing.push(db);
    const databaseExists = !missing.includes(target.database);
    if (missing.length > 0 && !opts.raw.createBackendDb) {
      const message = `Offload target database ${missing.join(', ')} does not exist or is incomplete, please create it or include --create-backend-db option`;
      if (opts.execute) throw new GoeError('OPTION_INVALID', message, { variable: '--create-backend-db' });
      s.warn(message);
    }
    const tableExists = databaseExists && (await backend.tableExists(target.database, target.table));
    await cleanUpUnfinishedWork(s, { backend, source, target, tableExists });
    const backendRows = tableExists ? await backend.count(target.database, target.table) : 0n;
    const lastFailure = await lastVerificationFailure(s, source);
    if (lastFailure !== undefined) s.warn(lastFailure);
    const reset = opts.raw.resetBackendTable === true;
    const decided = decideOffloadMode({
      source,
      identification: opts.identification,
      ...(metadata === undefined || reset ? {} : { metadata }),
    });
    const mode = decided.mode;
    for (const w of decided.warnings) s.warn(w);
    for (const n of decided.notices) s.notice(n);
    const keys =
      mode.kind === 'range' || mode.kind === 'list' || mode.kind === 'list-as-range'
        ? mode.keys
        : mode.kind === 'predicate' && mode.variant.kind === 'late-arriving'
          ? mode.variant.keys
          : undefined;
    if (keys !== undefined)
      requireKeyValues(adapterDisplayName(adapters.backend), backend, keys, mode.kind === 'list' ? 'LIST' : 'RANGE');
    // --ddl-file only writes the DDL of a new table: the re-run matrix does not apply (an existing table is untouched).
    const claimed = await s.repo.getTargetOwner(target.database, target.table);
    const owner: TargetOwnerKind =
      claimed === undefined
        ? { kind: 'none' }
        : sameName(claimed.owner, source.owner) && sameName(claimed.table, source.name)
          ? { kind: 'self', executionId: claimed.executionId }
          : { kind: 'other', owner: `${claimed.owner}.${claimed.table}`, executionId: claimed.executionId };
    if (claimed !== undefined)
      logger.info(`Backend table owner: ${claimed.owner}.${claimed.table} (execution ${claimed.executionId})`);
    const action: RerunAction =
      opts.ddlFile !== undefined
        ? { kind: 'create', notices: [] }
        : decideRerun({
            database: target.database,
            table: target.table,
            source: `${source.owner}.${source.name}`,
            tableExists,
            backendRows,
            hasMetadata: metadata !== undefined,
            owner,
            reset,
            reuse: opts.raw.reuseBackendTable === true,
            force: opts.raw.force === true,
            // late-arriving data also appends to a FULL offload that recorded a boundary (GOE's 100/10); a FULL offload
            // with a boundary resumes by partition on this source's table that a killed run left without metadata
            incremental:
              (mode.kind !== 'full' || mode.boundary !== undefined) &&
              (metadata === undefined ? owner.kind === 'self' : appendsToOffloadedTable(mode, metadata)),
            ...(lastFailure === undefined ? {} : { lastFailure }),
          });
    for (const n of action.notices) s.notice(n);
    logger.info(
      `Backend table ${target.database}.${target.table}: ${tableExists ? `exists with ${backendRows} rows` : 'does not exist'}; action: ${action.kind}`,
    );
    const found: Discovery = {
      frontend,
      backend,
      source,
      target,
      databaseExists,
      tableExists,
      ...(metadata === undefined ? {} : { metadata }),
      ...(claimed === undefined ? {} : { ownership: claimed }),
      mode,
      action,
      ...(lastFailure === undefined ? {} : { lastFailure }),
    };
    const identified = await identifyData(s, found);
    details({
      source: `${source.owner}.${source.name}`,
      target: `${target.database}.${target.table}`,
      action: action.kind,
      mode: mode.kind,
      backend_rows: Number(backendRows),
      ...(identified.append === undefined ? {} : { partitions: identified.append.partitions.length }),
      ...(identified.noop === undefined ? {} : { noop: identified.noop }),
    });
    return { found, identified };
  });
}

/** Runs "Analyzing data types": the plan, and the structure check of an existing table. @internal */
export async function analyzeDataTypes(
  s: RunState,
  found: Discovery,
  identified: Identification,
): Promise<OffloadPlan> {
  return s.steps.runMandatory(OFFLOAD_STEPS.ANALYZE_DATA_TYPES, async (details) => {
    const { source, target } = found;
    // transport options (run-settings): a large table's cluster transport, the source snapshot
    const settled = await settleTransport(s.adapters, {
      sizeBytes: source.sizeBytes,
      threshold: s.settings.smallTableThreshold,
      notice: s.notice,
      log: (m) => s.logger.info(m),
    });
    if (settled !== s.adapters) Object.assign(s, { adapters: settled });
    const { opts, adapters, settings } = s;
    const existing = ['populate', 'append', 'repair'].includes(found.action.kind);
    const transport = adapters.transport;
    const frontendCaps = effectiveCapabilities(adapters.frontend, found.frontend);
    const snapshot = planSourceSnapshot(settings, frontendCaps, adapters.frontend.name);
    if (snapshot.notice !== undefined) s.notice(snapshot.notice);
    const backendCaps = effectiveCapabilities(adapters.backend, found.backend);
    const parallel = transport.capabilities.parallel ? settings.transportParallelism : 1;
    const format = settings.stagingFormat;
    checkStagingCompatibility({
      backend: { name: adapters.backend.name, capabilities: backendCaps },
      transport,
      storage: adapters.storage,
      format,
    });
    const planned = planOffload({
      options: opts.raw,
      source,
      frontend: adapters.frontend.name,
      backend: {
        name: adapters.backend.name,
        displayName: adapterDisplayName(adapters.backend),
        capabilities: backendCaps,
      },
      target,
      existingBackendTable: existing,
      ...(existing && found.metadata !== undefined
        ? { recordedTransforms: found.metadata.columnTransforms ?? [] }
        : {}),
      ...(identified.planScope === undefined ? {} : { scope: identified.planScope }),
      transport: {
        method: transport.capabilities.method,
        parallelism: Math.max(1, Math.min(parallel, frontendCaps.maxParallelism)),
        batchRows: DEFAULT_BATCH_ROWS,
        fetchRows: settings.fetchSize,
        snapshot: snapshot.text,
      },
      staging: {
        format,
        compress: settings.compress,
        prefix: `${stagingRoot(target)}/${s.executionId}`,
      },
      notNullPropagation: settings.notNullPropagation,
    });
    const plan: OffloadPlan = { ...planned, variant: offloadVariantOf(found.mode, identified) };
    if (existing) await checkTableStructure(found, plan);
    await found.backend.checkPlan?.(plan);
    // data-type controls (helper "types"): an override narrowing a column is decided by its values in scope
    for (const line of await checkValueRanges(narrowedColumns(source.columns, plan.columns), (specs) =>
      found.frontend.aggregate(source, plan.scope, specs),
    ))
      s.logger.info(line);
    for (const n of plan.notices) s.notice(n);
    s.logger.info(formatOffloadPlan(plan));
    details({
      columns: plan.columns.length,
      transport: plan.transport.method,
      parallelism: plan.transport.parallelism,
    });
    return plan;
  });
}

/** Source names compare case-insensitively (the repository's keys do too). */
function sameName(a: string, b: string): boolean {
  return a.toUpperCase() === b.toUpperCase();
}

/** `<db or load db>/<table>`: the staging location of a table (a store path prefix), emptied by "Setup staging area". @internal */
export function stagingRoot(target: {
  readonly database: string;
  readonly table: string;
  readonly loadDatabase?: string;
}): string {
  return `${target.loadDatabase ?? target.database}/${target.table}`;
}

/** GOE's `check_table_structure`: the existing backend table must have the planned columns (case-insensitive). */
async function checkTableStructure(found: Discovery, plan: OffloadPlan): Promise<void> {
  const { target } = found;
  const existing = await found.backend.describeTable(target.database, target.table);
  const synthetic = new Set((existing.syntheticColumns ?? []).map((c) => c.toUpperCase()));
  const have = new Set(existing.columns.map((c) => c.name.toUpperCase()).filter((n) => !synthetic.has(n)));
  const want = new Set(backendColumns(plan).map((c) => c.name.toUpperCase()));
  const missing = [...want].filter((n) => !have.has(n));
  const extra = [...have].filter((n) => !want.has(n));
  if (missing.length > 0 || extra.length > 0) {
    throw new GoeError(
      'VALIDATION_MISMATCH',
      'Column mismatch detected between the source and backend table. Resolve before offloading',
      {
        hint: `Only in the source: ${missing.join(', ') || '-'}; only in the backend: ${extra.join(', ') || '-'}`,
      },
    );
  }
}

/** The failed verification of the last completed command on this table, as a sentence, if it failed that way. */
async function lastVerificationFailure(s: RunState, source: SourceTable): Promise<string | undefined> {
  const previous = (await s.repo.listCommands({ owner: source.owner, table: source.name, limit: 20 })).find(
    (c) => c.id !== s.executionId && (c.status === 'SUCCESS' || c.status === 'ERROR'),
  );
  if (previous?.status !== 'ERROR' || !previous.error?.startsWith('VALIDATION_MISMATCH')) return undefined;
  return `The previous offload of ${source.owner}.${source.name} (execution ${previous.id}, ${previous.startedAt}) failed verification: ${previous.error.replace(/^VALIDATION_MISMATCH: /, '')}; its rows were loaded but no metadata was saved`;
}
