/**
 * `transportSuite(harness)`: the contract of a transport: every row of a two-slice source table staged exactly
 * once, row counts exact when reported (and allowed to be unknown), one snapshot shared by all slices even when a
 * writer commits between two slices' reads, no secret in a slice source, abort leaves no file, jobs found again.
 * A `'source'` transport (one that runs elsewhere) gets slice sources built the way the runner builds them.
 */
import type { RecordBatch, Table } from 'apache-arrow';
import {
  describeSliceSources,
  NULL_EVENTS,
  transportReads,
  withPlanColumns,
  type AdapterContext,
  type FrontendAdapter,
  type FrontendSession,
  type OffloadPlan,
  type SliceSource,
  type SnapshotToken,
  type SourceTable,
  type StagedFiles,
  type StagingStore,
  type TransportAdapter,
  type TransportJob,
} from '@goe/core';
import { check, checkEqual, conformanceContext, fail, isAbortError, lazy, rejection, uniqueSuffix } from './check.js';
import { collectRows, type CollectedRows } from './compare.js';
import type { TableRef } from './frontend-suite.js';
import { makeSuite, type CaseDefinition, type Suite } from './suite.js';

/** Rows of the fixture table of {@link transportSuite}. */
const FIXTURE_ROWS = 240;

/** The source side of a {@link TransportHarness}: a frontend and a writable fixture table. */
export interface TransportSourceHarness {
  readonly frontend: FrontendAdapter;
  /** Context for `frontend.connect`. Default: the harness context. */
  readonly context?: AdapterContext;
  /**
   * Creates a table with columns `ID` (INTEGER_8, NOT NULL) and `VAL` (a string, `v<ID>`) holding IDs
   * `0 … rows-1`, which `planSlices` at parallelism 2 splits into exactly 2 slices (e.g. two partitions).
   */
  createTable(rows: number): Promise<TableRef>;
  /** Deletes rows by ID and inserts new ones (`VAL` `v<ID>`), committed before it resolves. */
  write(
    table: TableRef,
    change: { readonly delete: readonly number[]; readonly insert: readonly number[] },
  ): Promise<void>;
  dropTable(table: TableRef): Promise<void>;
}

/** How {@link transportSuite} reaches a transport. */
export interface TransportHarness {
  /** Shown as `transportSuite[<name>]`. */
  readonly name: string;
  readonly transport: TransportAdapter;
  /** Context for `transport.run` and `findJob`. Default `conformanceContext()`. */
  readonly context?: AdapterContext;
  readonly source: TransportSourceHarness;
  /** A staging store the transport writes into (emptied by the suite's cases under their own prefixes). */
  openStore(): Promise<StagingStore>;
  /** Reads staged files back (the harness knows its format), columns matched by name case-insensitively. */
  readStaged(input: {
    readonly store: StagingStore;
    readonly files: StagedFiles;
  }): Promise<Table | readonly RecordBatch[]>;
  /**
   * Installs (or, with `undefined`, removes) the hook the transport must await after the first slice was read
   * completely and before any other slice starts reading. Required for `'source'` transports (a remote reader
   * signals it, e.g. over IPC); without it the suite gates an in-process transport through the session itself.
   */
  betweenSlices?(hook: ((sliceId: string) => Promise<void>) | undefined): void;
  /** Texts that must never appear in a slice source (e.g. the source password). */
  readonly secrets?: readonly string[];
  /** Cases to skip: case id (or prefix ending in `*`) → reason. */
  readonly skip?: Readonly<Record<string, string>>;
  /** Run by the teardown after the suite's sessions closed. */
  cleanup?(): Promise<void>;
}

interface RunOptions {
  readonly table: SourceTable;
  readonly snapshot?: SnapshotToken;
  readonly signal?: AbortSignal;
  readonly hook?: (sliceId: string) => Promise<void>;
  readonly onJob?: (job: TransportJob) => void | Promise<void>;
}

/**
 * A session whose `extract` lets the first slice read completely, then awaits `hook`, then lets the others start.
 * Every other member is the session's own.
 */
function gatedSession(session: FrontendSession, hook: (sliceId: string) => Promise<void>): FrontendSession {
  let started = 0;
  let open!: () => void;
  const firstDone = new Promise<void>((resolve) => (open = resolve));
  async function* extract(...args: Parameters<FrontendSession['extract']>): AsyncGenerator<RecordBatch> {
    const index = started++;
    if (index > 0) await firstDone;
    try {
      yield* session.extract(...args);
      if (index === 0) await hook(args[1].id);
    } finally {
      if (index === 0) open();
    }
  }
  return new Proxy(session, {
    get(target, prop) {
      if (prop === 'extract') return extract;
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

/**
 * The transport conformance suite. Cases (ids):
 * - `transport.stages-every-row`: every row of the two-slice fixture table arrives exactly once in the staged
 *   files (read back by `harness.readStaged`), with its `VAL`, in the plan's format, under the plan's prefix;
 * - `transport.rows-unknown-ok`: a file's `rows`, and the total, are exact when reported, and may be unknown;
 * - `transport.snapshot-shared`: a writer deletes every row and inserts others, committed after the first slice
 *   was read and before the second starts; the staged rows are still exactly the original ones (skipped when the
 *   frontend session has no shared snapshot);
 * - `transport.slice-source-has-no-secret` (`reads: 'source'` only): the slice sources are JSON that round-trips
 *   and contains none of `harness.secrets`, one per slice, with the plan's columns;
 * - `transport.abort`: a signal aborted before the run, or between two slices, rejects (abort error) and leaves no
 *   file under the prefix;
 * - `transport.job-found-again` (transports with `findJob` only): the job reported through `onJob` is found by its
 *   id after the run and reports `succeeded`; an unknown id is not found.
 * - `transport.job-recorded-first` (transports with `findJob` only): `onJob` is awaited: when the promise it returns
 *   rejects (the runner could not record the job), the run rejects with that error, the job is no longer running
 *   and no file is left under the prefix.
 *
 * @example
 * runSuite(transportSuite({
 *   name: 'native', transport: nativeTransport,
 *   source: { frontend, createTable, write, dropTable },
 *   openStore: async () => store, readStaged: ({ store, files }) => readParquet(store, files),
 * }), { describe, it, afterAll });
 */
export function transportSuite(harness: TransportHarness): Suite {
  const transport = harness.transport;
  const ctx = harness.context ?? conformanceContext();
  const sourceCtx = harness.source.context ?? ctx;
  const reads = transportReads(transport);
  const sessions: FrontendSession[] = [];
  const tables: TableRef[] = [];

  const session = lazy(async () => {
    const s = await harness.source.frontend.connect(sourceCtx);
    sessions.push(s);
    return s;
  });
  const store = lazy(() => harness.openStore());
  const fixture = async (): Promise<{ ref: TableRef; table: SourceTable }> => {
    const ref = await harness.source.createTable(FIXTURE_ROWS);
    tables.push(ref);
    return { ref, table: await (await session()).describeTable(ref.owner, ref.table) };
  };
  const shared = lazy(fixture);

  const planFor = (table: SourceTable): OffloadPlan => {
    const suffix = uniqueSuffix();
    return {
      planVersion: 1,
      source: { frontend: harness.source.frontend.name, owner: table.owner, table: table.name },
      target: { backend: 'conformance', database: 'goe_conformance', table: `t_${suffix}` },
      columns: table.columns.map((c) => c.canonical),
      scope: { kind: 'full' },
      transport: { method: transport.capabilities.method, parallelism: 2, batchRows: 64 },
      staging: {
        format: 'PARQUET',
        compression: 'NONE',
        prefix: `conformance/transport/${suffix}`,
        maxFileBytes: 64 * 1024 * 1024,
        rowGroupRows: 64,
      },
      allow: { decimalScaleRounding: false, floatingPointConversions: false, nanosecondTimestamps: false },
      notices: [],
    };
  };

  /** The slice sources of a plan, built as the runner builds them. */
  const sourcesFor = async (plan: OffloadPlan, table: SourceTable, snapshot?: SnapshotToken) => {
    const s = await session();
    const extracted = withPlanColumns(table, plan.columns);
    const slices = await s.planSlices(extracted, plan.scope, plan.transport.parallelism);
    check(slices.length === 2, `the fixture table must plan into 2 slices at parallelism 2, got ${slices.length}`);
    const names = { frontend: harness.source.frontend.name, transport: transport.name };
    return describeSliceSources({ frontend: s, table: extracted, slices, names, ...(snapshot ? { snapshot } : {}) });
  };

  const run = async (plan: OffloadPlan, options: RunOptions): Promise<StagedFiles> => {
    const s = await session();
    let hookCalls = 0;
    const hook =
      options.hook &&
      (async (sliceId: string) => {
        hookCalls++;
        await options.hook!(sliceId);
      });
    const viaHarness = hook !== undefined && harness.betweenSlices !== undefined;
    if (hook !== undefined && reads === 'source' && !viaHarness)
      fail(`a 'source' transport's harness must provide betweenSlices`);
    const io =
      reads === 'source'
        ? { sources: await sourcesFor(plan, options.table, options.snapshot) }
        : { frontend: hook !== undefined && !viaHarness ? gatedSession(s, hook) : s };
    if (viaHarness) harness.betweenSlices!(hook);
    try {
      return await transport.run(
        {
          plan,
          table: options.table,
          ...io,
          store: await store(),
          events: NULL_EVENTS,
          ...(options.snapshot ? { snapshot: options.snapshot } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
          ...(options.onJob ? { onJob: options.onJob } : {}),
        },
        ctx,
      );
    } finally {
      if (viaHarness) harness.betweenSlices!(undefined);
      if (hook !== undefined) checkEqual(hookCalls, 1, 'calls of the between-slices hook');
    }
  };

  const staged = async (files: StagedFiles): Promise<CollectedRows> =>
    collectRows(await harness.readStaged({ store: await store(), files }));

  const checkRows = (rows: CollectedRows, expected: readonly number[], what: string) => {
    const missing = expected.filter((id) => !rows.positions.has(id));
    const extra = [...rows.positions.keys()].filter((id) => !expected.includes(id));
    const duplicated = [...rows.positions].filter(([, at]) => at.length > 1).map(([id]) => id);
    if (missing.length + extra.length + duplicated.length > 0 || rows.rowCount !== expected.length) {
      fail(
        `${what}: ${rows.rowCount} rows staged, expected ${expected.length}; missing ${missing.slice(0, 5).join(', ') || 'none'}, unexpected ${extra.slice(0, 5).join(', ') || 'none'}, duplicated ${duplicated.slice(0, 5).join(', ') || 'none'}`,
      );
    }
    const vals = rows.columns.get('VAL') ?? fail(`${what}: no VAL column staged`);
    const idsSeen = rows.columns.get('ID')!;
    idsSeen.forEach((id, i) => checkEqual(vals[i], `v${String(id)}`, `${what}: VAL of ID ${String(id)}`));
  };

  const firstRun = lazy(async () => {
    const { table } = await shared();
    const plan = planFor(table);
    const snapshot = await (await session()).snapshot();
    try {
      return { plan, files: await run(plan, { table, snapshot }) };
    } finally {
      await snapshot.release();
    }
  });

  const snapshotKind = async () => {
    const s = await session();
    return (
      (s as FrontendSession & { capabilities?: { snapshot?: string } }).capabilities?.snapshot ??
      harness.source.frontend.capabilities.snapshot
    );
  };

  const cases: CaseDefinition[] = [
    {
      id: 'transport.stages-every-row',
      title: 'every row of a two-slice table is staged exactly once, in the plan format and prefix',
      run: async () => {
        const { plan, files } = await firstRun();
        checkEqual(files.format, plan.staging.format, 'staged format');
        check(files.files.length > 0, 'no staged file');
        for (const f of files.files)
          check(f.path.startsWith(plan.staging.prefix), `staged file ${f.path} is outside ${plan.staging.prefix}`);
        checkRows(await staged(files), ids(0, FIXTURE_ROWS), 'staged rows');
      },
    },
    {
      id: 'transport.rows-unknown-ok',
      title: 'row counts are exact when reported and may be unknown',
      run: async () => {
        const { files } = await firstRun();
        let sum = 0;
        let known = true;
        for (const f of files.files) {
          const actual = (await staged({ format: files.format, files: [f] })).rowCount;
          if (f.rows === undefined) known = false;
          else checkEqual(f.rows, actual, `rows reported for ${f.path}`);
          sum += actual;
        }
        checkEqual(sum, FIXTURE_ROWS, 'rows in all staged files');
        if (files.rows !== undefined) checkEqual(files.rows, sum, 'total rows reported');
        if (!known && files.rows !== undefined)
          fail(`total rows ${files.rows} reported while a file's rows are unknown`);
      },
    },
    {
      id: 'transport.snapshot-shared',
      title: 'a writer committing between two slices’ reads changes nothing staged',
      run: async () => {
        if ((await snapshotKind()) === 'none') return;
        const { ref, table } = await fixture();
        const plan = planFor(table);
        const s = await session();
        const snapshot = await s.snapshot();
        let files: StagedFiles;
        try {
          const change = { delete: ids(0, FIXTURE_ROWS), insert: ids(FIXTURE_ROWS, FIXTURE_ROWS + 40) };
          files = await run(plan, { table, snapshot, hook: () => harness.source.write(ref, change) });
        } finally {
          await snapshot.release();
        }
        checkEqual(await s.count(table, { kind: 'full' }), 40n, 'rows after the writer committed');
        checkRows(await staged(files), ids(0, FIXTURE_ROWS), 'rows staged in one snapshot');
      },
      ...(transportReads(transport) === 'source' && harness.betweenSlices === undefined
        ? { skip: "a 'source' transport needs harness.betweenSlices" }
        : {}),
    },
    {
      id: 'transport.slice-source-has-no-secret',
      title: 'slice sources are JSON with the plan columns and no secret',
      ...(reads === 'source' ? {} : { skip: "capabilities.reads is 'session'" }),
      run: async () => {
        const { table } = await shared();
        const plan = planFor(table);
        const snapshot = await (await session()).snapshot();
        let sources: readonly SliceSource[];
        try {
          sources = await sourcesFor(plan, table, snapshot);
        } finally {
          await snapshot.release();
        }
        const text = JSON.stringify(sources);
        checkEqual(JSON.stringify(JSON.parse(text)), text, 'slice sources after a JSON round trip');
        for (const secret of harness.secrets ?? [])
          check(!text.includes(secret), `a slice source contains the secret ${JSON.stringify(secret.slice(0, 3))}…`);
        for (const source of sources) {
          check(source.sql.trim().length > 0, `slice ${source.sliceId} has no SQL`);
          checkEqual(
            source.columns.map((c) => c.name.toUpperCase()).join(','),
            plan.columns.map((c) => c.name.toUpperCase()).join(','),
            `columns of slice ${source.sliceId}`,
          );
        }
      },
    },
    {
      id: 'transport.abort',
      title: 'an aborted signal rejects, before the run or between slices, and leaves no file',
      run: async () => {
        const { table } = await shared();
        const before = planFor(table);
        const e1 = await rejection(run(before, { table, signal: AbortSignal.abort() }), 'run with an aborted signal');
        check(isAbortError(e1), `expected an abort error, got ${String(e1)}`);
        const plan = planFor(table);
        const controller = new AbortController();
        const e2 = await rejection(
          run(plan, { table, signal: controller.signal, hook: async () => controller.abort() }),
          'run aborted between slices',
        );
        check(isAbortError(e2), `expected an abort error, got ${String(e2)}`);
        for (const p of [before, plan]) {
          const left = await (await store()).list(p.staging.prefix);
          checkEqual(left.length, 0, `files left under ${p.staging.prefix} after abort`);
        }
      },
    },
    {
      id: 'transport.job-found-again',
      title: 'the job reported through onJob is found by its id and reports succeeded',
      ...(transport.findJob === undefined ? { skip: 'the transport has no findJob' } : {}),
      run: async () => {
        const { table } = await shared();
        const jobs: TransportJob[] = [];
        await run(planFor(table), { table, onJob: (job) => void jobs.push(job) });
        checkEqual(jobs.length, 1, 'jobs reported through onJob');
        const found = await transport.findJob!(jobs[0]!.id, ctx);
        check(found !== undefined, `findJob(${jobs[0]!.id}) found nothing`);
        checkEqual(found.id, jobs[0]!.id, 'id of the job found');
        checkEqual((await found.poll()).state, 'succeeded', 'state of the finished job');
        await found.cancel(); // a no-op on a finished job
        checkEqual(await transport.findJob!(`no-such-job-${uniqueSuffix()}`, ctx), undefined, 'an unknown job');
      },
    },
    {
      id: 'transport.job-recorded-first',
      title: 'onJob is awaited: when it rejects, the run fails and the job is not left running',
      ...(transport.findJob === undefined ? { skip: 'the transport has no findJob' } : {}),
      run: async () => {
        const { table } = await shared();
        const plan = planFor(table);
        const jobs: TransportJob[] = [];
        const refused = new Error('the job could not be recorded');
        const onJob = async (job: TransportJob) => {
          jobs.push(job);
          await new Promise((resolve) => setTimeout(resolve, 10));
          throw refused;
        };
        const e = await rejection(run(plan, { table, onJob }), 'run whose onJob rejects');
        check(e === refused, `expected the error of onJob, got ${String(e)}`);
        checkEqual(jobs.length, 1, 'jobs reported through onJob');
        const found = await transport.findJob!(jobs[0]!.id, ctx);
        const state = found === undefined ? 'not found' : (await found.poll()).state;
        check(state !== 'running', `the job whose onJob rejected is ${state}`);
        checkEqual(
          (await (await store()).list(plan.staging.prefix)).length,
          0,
          `files left under ${plan.staging.prefix}`,
        );
      },
    },
  ];

  return makeSuite(`transportSuite[${harness.name}]`, cases, harness.skip, async () => {
    for (const s of sessions.splice(0)) await s.close().catch(() => undefined);
    for (const t of tables.splice(0)) await harness.source.dropTable(t).catch(() => undefined);
    await harness.cleanup?.();
  });
}
