/** The closing steps: cleanup, verify, save metadata (in that order), messages. */
import { adapterDisplayName } from '../contracts/adapter.js';
import { isGoeError } from '../errors.js';
import { describeOffloadScope } from '../plan/format-plan.js';
import { stagingRoot } from './flow-discover.js';
import type { OffloadMetadata } from '../contracts/repository.js';
import type { KeyColumn } from '../plan/key-tuples.js';
import { describeColumnTransform, type ColumnTransform } from '../types/column-transforms.js';
import type { OffloadMode } from './offload-mode.js';
import type { Identification, PlannedOffload, RunState } from './run-state.js';
import { OFFLOAD_STEPS } from './steps.js';
import { VERIFY_MESSAGES, verifyOffload } from './verify.js';

/** "Cleanup staging area" (unless `--preserve-load-table`): staging tables and staged files. @internal */
export async function cleanupStaging(s: RunState, o: PlannedOffload): Promise<void> {
  if (s.opts.raw.preserveLoadTable) {
    s.logger.info('Staging area preserved (--preserve-load-table)');
    return;
  }
  await s.steps.run(OFFLOAD_STEPS.STAGING_CLEANUP, async (details) => {
    if (!s.opts.execute) return void s.logger.info('Preview: nothing staged');
    const plan = o.plan;
    for (const chunk of s.chunks) await o.found.backend.dropStaged(plan, chunk);
    const removed = s.open.store === undefined ? 0 : await s.open.store.delete(stagingRoot(o.found.target));
    details({ removed });
  });
}

/**
 * "Compute backend statistics" (GOE's optional COMPUTE_STATS step) after the final loads, by `--offload-stats`:
 * `NATIVE` asks the backend's `computeStats`; `NONE` skips the step; a backend without `computeStats` records the
 * step skipped ("not supported by …"). Optional as in GOE: a failure warns `Error in "<title>": …` and the offload
 * goes on. @internal
 */
export async function computeStatistics(s: RunState, o: PlannedOffload): Promise<void> {
  const method = s.settings.statsMethod;
  if (method === 'NONE') return void s.logger.info('Backend statistics not computed (--offload-stats NONE)');
  const step = OFFLOAD_STEPS.COMPUTE_STATS;
  try {
    await s.steps.run(step, async (details) => {
      const backend = o.found.backend;
      const { database, table } = o.found.target;
      if (backend.computeStats === undefined) {
        const why = `not supported by ${adapterDisplayName(s.adapters.backend)}`;
        s.logger.info(`Backend statistics not computed: ${why}`);
        return void details({ method, skipped: why });
      }
      if (!s.opts.execute) return void s.logger.info(`Preview: statistics of ${database}.${table} not computed`);
      await backend.computeStats(database, table);
      s.logger.info(`Backend statistics computed for ${database}.${table}`);
      details({ method });
    });
  } catch (e) {
    if (isGoeError(e) && e.code === 'ABORTED') throw e;
    s.warn(`Error in "${step.title}": ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** `--verify-parallelism` as the frontend's verification read options (empty when unset). */
function verifyReadOptions(s: RunState): { readOptions?: { parallelism: number } } {
  const parallelism = s.settings.verifyParallelism;
  return parallelism === undefined ? {} : { readOptions: { parallelism } };
}

/**
 * "Verify exported data" (unless `--no-verify`); preview counts the source rows only. Returns the verification
 * message when rows were compared. @internal
 */
export async function verifyExportedData(s: RunState, o: PlannedOffload): Promise<string | undefined> {
  if (s.opts.verify === 'none') return undefined;
  const mode = s.opts.verify;
  return s.steps.run(OFFLOAD_STEPS.VERIFY_EXPORTED_DATA, async (details) => {
    const plan = o.plan;
    const source = o.found.source;
    const frontend = o.found.frontend;
    const scopes = o.identified.verifyScopes ?? { source: plan.scope };
    if (!s.opts.execute) {
      const rows = await frontend.count(source, scopes.source, undefined, verifyReadOptions(s).readOptions);
      s.logger.info(
        `Preview: ${rows} source rows in scope (${describeOffloadScope(scopes.source)}); verification (${mode}) runs after the load`,
      );
      return undefined;
    }
    if (s.rowsTransported === 0 && o.identified.catchUp === undefined && o.found.action.kind !== 'repair') {
      s.logger.info(VERIFY_MESSAGES.skippedNoData);
      return undefined;
    }
    const r = await verifyOffload({
      mode,
      plan,
      table: source,
      frontend,
      backend: o.found.backend,
      backendName: adapterDisplayName(s.adapters.backend),
      sourceScope: scopes.source,
      ...(scopes.backend === undefined ? {} : { backendScope: scopes.backend }),
      ...(s.open.snapshot === undefined ? {} : { snapshot: s.open.snapshot }),
      ...verifyReadOptions(s),
    });
    s.logger.info(r.message);
    for (const n of r.notices ?? []) s.logger.info(n);
    if (r.sourceRows !== undefined) s.logger.detail(`${r.sourceRows} origin_rows, ${r.backendRows} backend_rows`);
    details({
      mode,
      ...(r.sourceRows === undefined ? {} : { origin_rows: Number(r.sourceRows), backend_rows: Number(r.backendRows) }),
    });
    return r.message;
  });
}

/** What {@link offloadMetadataFields} reads. */
export interface MetadataFieldsInput {
  readonly mode: OffloadMode;
  /** The metadata as the table has it now (absent after a reset or on a first offload). */
  readonly previous?: OffloadMetadata;
  /** The high values this run identified. */
  readonly highValues?: Identification['highValues'];
  /** `--reset-hybrid-view`: replace the recorded predicates. */
  readonly resetHybridView?: boolean;
  /** `--no-modify-hybrid-view`: do not record this command's predicate. */
  readonly noModifyHybridView?: boolean;
  /** The plan's column transformations (recorded as GOE's `COL:fn(params)` texts); default none. */
  readonly columnTransforms?: readonly ColumnTransform[];
}

/** The variant fields of the offload metadata. */
export type MetadataFields = Pick<
  OffloadMetadata,
  | 'offloadType'
  | 'incrementalKey'
  | 'highWaterMark'
  | 'predicateType'
  | 'incrementalRange'
  | 'highValues'
  | 'predicates'
  | 'columnTransforms'
>;

/**
 * The offload metadata fields a successful run records (GOE's OFFLOAD_TYPE, INCREMENTAL_KEY, INCREMENTAL_HIGH_VALUE,
 * INCREMENTAL_RANGE, INCREMENTAL_PREDICATE_TYPE, INCREMENTAL_PREDICATE_VALUE) and the column transformations, or
 * `undefined` when the metadata is not modified (late-arriving data, GOE's Case 2). `highWaterMark` is set for a
 * single-column RANGE key; `offloadType` of a RANGE append is the mode's (FULL when switched INCREMENTAL → FULL).
 *
 * @example
 * offloadMetadataFields({ mode: { kind: 'list', keys: [regionKey], offloadType: 'INCREMENTAL' }, highValues: { values: [['EU'], ['US']], text: '' } })
 * // { offloadType: 'INCREMENTAL', incrementalKey: 'REGION', predicateType: 'LIST', incrementalRange: 'PARTITION', highValues: [['EU'], ['US']] }
 */
export function offloadMetadataFields(input: MetadataFieldsInput): MetadataFields | undefined {
  const fields = variantFields(input);
  const transforms = input.columnTransforms ?? [];
  if (fields === undefined || transforms.length === 0) return fields;
  return { ...fields, columnTransforms: transforms.map(describeColumnTransform) };
}

function variantFields(input: MetadataFieldsInput): MetadataFields | undefined {
  const { mode, previous } = input;
  const csv = (keys: readonly KeyColumn[]) => keys.map((k) => k.column).join(',');
  const hv = input.highValues?.values;
  const single = (keys: readonly KeyColumn[]) =>
    hv !== undefined && keys.length === 1 && hv.length === 1 && hv[0]!.length === 1
      ? { highWaterMark: hv[0]![0]! }
      : {};
  const withHighValues = (keys: readonly KeyColumn[]) => ({
    incrementalKey: csv(keys),
    incrementalRange: previous?.incrementalRange ?? ('PARTITION' as const),
    ...(hv === undefined ? {} : { highValues: hv }),
  });
  const kept =
    previous?.predicates !== undefined && previous.predicates.length > 0 ? { predicates: previous.predicates } : {};
  switch (mode.kind) {
    case 'full':
      return mode.boundary === undefined
        ? { offloadType: 'FULL' }
        : {
            offloadType: 'FULL',
            ...withHighValues(mode.boundary.keys),
            ...single(mode.boundary.keys),
            predicateType: 'RANGE',
          };
    case 'range':
      return {
        offloadType: mode.offloadType ?? 'INCREMENTAL',
        ...withHighValues(mode.keys),
        ...(mode.subpartition === true ? { incrementalRange: 'SUBPARTITION' as const } : {}),
        ...single(mode.keys),
        predicateType: mode.predicateType,
        ...kept,
      };
    case 'list':
      return { offloadType: mode.offloadType, ...withHighValues(mode.keys), predicateType: 'LIST' };
    case 'list-as-range':
      return {
        offloadType: mode.offloadType,
        ...withHighValues(mode.keys),
        predicateType: mode.predicateType,
        ...kept,
      };
    case 'predicate': {
      if (mode.variant.kind === 'late-arriving') return undefined;
      const before = input.resetHybridView === true ? [] : (previous?.predicates ?? []);
      const predicates = input.noModifyHybridView === true ? [...before] : [...new Set([...before, mode.dsl])];
      const recorded = predicates.length === 0 ? {} : { predicates };
      if (mode.variant.kind === 'predicate')
        return { offloadType: 'INCREMENTAL', predicateType: 'PREDICATE', ...recorded };
      return {
        offloadType: previous?.offloadType ?? 'INCREMENTAL',
        incrementalKey: previous?.incrementalKey ?? csv(mode.variant.keys),
        ...(previous?.highWaterMark === undefined ? {} : { highWaterMark: previous.highWaterMark }),
        ...(previous?.highValues === undefined ? {} : { highValues: previous.highValues }),
        incrementalRange: previous?.incrementalRange ?? 'PARTITION',
        predicateType: mode.predicateType,
        ...recorded,
      };
    }
  }
}

/** "Save offload metadata": written only after a successful verification. @internal */
export async function saveMetadata(s: RunState, o: PlannedOffload): Promise<void> {
  await s.steps.run(OFFLOAD_STEPS.SAVE_METADATA, async () => {
    const source = o.found.source;
    const target = o.found.target;
    if (!s.opts.execute) return void s.logger.info(`Preview: metadata of ${source.owner}.${source.name} not saved`);
    const previous = o.table.metadata;
    const snapshot = previous?.snapshot ?? s.open.snapshot?.id;
    const id = s.opts.identification;
    const fields = offloadMetadataFields({
      mode: o.found.mode,
      ...(previous === undefined ? {} : { previous }),
      ...(o.identified.highValues === undefined ? {} : { highValues: o.identified.highValues }),
      ...(id.resetHybridView === true ? { resetHybridView: true } : {}),
      ...(id.noModifyHybridView === true ? { noModifyHybridView: true } : {}),
      ...(o.plan.columnTransforms === undefined ? {} : { columnTransforms: o.plan.columnTransforms }),
    });
    if (fields === undefined && previous !== undefined)
      return void s.logger.info(`Offload metadata of ${source.owner}.${source.name} not modified (late-arriving data)`);
    await s.repo.saveMetadata({
      owner: source.owner,
      table: source.name,
      backendDatabase: target.database,
      backendTable: target.table,
      ...(fields ?? { offloadType: 'INCREMENTAL' }),
      ...(snapshot === undefined ? {} : { snapshot }),
      executionId: s.executionId,
      updatedAt: new Date().toISOString(),
    });
    const hv = o.identified.highValues;
    if (hv !== undefined)
      s.logger.info(
        `Offload high-water mark: ${hv.partition === undefined ? hv.text : `${hv.partition} (${hv.text})`}`,
      );
  });
}

/** "Messages": the collected warnings and notices, when there are any. @internal */
export async function messagesStep(
  s: RunState,
  warnings: readonly string[],
  notices: readonly string[],
): Promise<void> {
  if (warnings.length === 0 && notices.length === 0) return;
  await s.steps.run(OFFLOAD_STEPS.MESSAGES, async () => {
    if (warnings.length > 0) s.logger.info(['Warnings:', ...warnings.map((w) => `  ${w}`)].join('\n'));
    if (notices.length > 0) s.logger.info(['Notices:', ...notices.map((n) => `  ${n}`)].join('\n'));
  });
}
