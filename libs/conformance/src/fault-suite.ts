/**
 * `faultSuite(harness)`: crash safety of a whole stack (frontend → transport → staging → backend, repository and
 * lock), the same for every backend that follows. For each offload scenario (full, partition append, predicate…)
 * it records the fault points a clean run passes (`GOE_TEST_FAULT_TRACE`), then for every point kills a fresh run
 * there (`GOE_TEST_KILL_AT`, SIGKILL) and reruns the same command, and sends SIGINT and SIGTERM in the middle of
 * the transport. After each rerun the source and the backend must hold the same rows (every column, duplicates
 * counted), no lock and no staged file may be left, and every command row must be closed.
 */
import { createHash } from 'node:crypto';
import { OFFLOAD_STEP_LIST } from '@goe/core';
import { fail } from './check.js';
import { makeSuite, type CaseDefinition, type Suite } from './suite.js';

/** One offload command the suite breaks and reruns. */
export interface FaultScenario {
  /** e.g. `full`, `partition-append`, `predicate`. */
  readonly id: string;
  /** The `goe offload …` arguments (execute mode). */
  readonly argv: readonly string[];
  /** Runs before every case of the scenario on its fresh bed (e.g. an earlier offload an incremental one builds on). */
  readonly setupArgv?: readonly string[];
  /**
   * The command drops the backend table before loading it again (`--reset-backend-table`): interrupted, it may leave
   * no table instead of the one it found (never a partial one).
   */
  readonly dropsFirst?: boolean;
  /**
   * Only these kill points (exact specs, or prefixes ending in `*`), e.g. where a scenario differs from another
   * one already killed everywhere. Default: every traced point.
   */
  readonly killAt?: readonly string[];
}

/** What one run of the CLI did. */
export interface FaultRun {
  /** Exit code, `null` when a signal ended it. */
  readonly code: number | null;
  /** The signal that ended it (e.g. `SIGKILL`), else `null`. */
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The fault points passed, in order (`GOE_TEST_FAULT_TRACE` lines), when the run was traced. */
  readonly trace?: readonly string[];
}

/** Options of {@link FaultBed.run}. */
export interface FaultRunOptions {
  /** Variables added to the run's environment (e.g. `GOE_TEST_KILL_AT`). */
  readonly env?: Readonly<Record<string, string>>;
  /** Record the fault points passed (`GOE_TEST_FAULT_TRACE`) into {@link FaultRun.trace}. */
  readonly trace?: boolean;
}

/** What a bed holds after a run. */
export interface FaultState {
  /** Status of every command row of the scenario's table (oldest first). */
  readonly commands: readonly string[];
  /** Whether offload metadata exists for the scenario's table. */
  readonly metadata: boolean;
  /** Lock files (or held locks) left. */
  readonly locks: readonly string[];
  /** Staged files (temporary ones included) left. */
  readonly staging: readonly string[];
}

/** A fresh, isolated place to run one case: its own OFFLOAD_HOME, backend and repository; a shared read-only source. */
export interface FaultBed {
  /** Runs `goe offload <argv>` as a child process; never rejects for a non-zero exit or a signal. */
  run(argv: readonly string[], options?: FaultRunOptions): Promise<FaultRun>;
  /** The rows the scenario offloads, read from the source, one canonical text per row, sorted. */
  sourceRows(): Promise<readonly string[]>;
  /** The rows of the backend table in the same rendering, sorted (`[]` when the table does not exist). */
  backendRows(): Promise<readonly string[]>;
  state(): Promise<FaultState>;
  dispose(): Promise<void>;
}

/** How {@link faultSuite} reaches a stack. */
export interface FaultHarness {
  /** Stack name, shown as `faultSuite[<name>]`. */
  readonly name: string;
  readonly scenarios: readonly FaultScenario[];
  /** A fresh bed for a case of `scenario`. */
  bed(scenario: FaultScenario): Promise<FaultBed>;
  /**
   * Arguments of a preview that passes the preview-only steps (e.g. `--ddl-file AUTO` for "Create DDL file"), traced
   * by `steps.every-step-has-a-kill-point` only (a preview writes nothing, so there is nothing to crash-test).
   */
  readonly previewArgv?: readonly string[];
  /** How many cases run at once (default 2). */
  readonly concurrency?: number;
  /** Cases to skip: case id (or prefix ending in `*`) → reason. */
  readonly skip?: Readonly<Record<string, string>>;
}

/** A point the suite kills at, and what the rerun may answer. */
interface KillPoint {
  readonly spec: string;
  /** Passed after the metadata was saved: the rerun of a full offload may be refused as already offloaded. */
  readonly afterMetadata: boolean;
}

const ALREADY = /ALREADY_OFFLOADED/;

/**
 * Kill points of a traced run: every step boundary (`after:X` directly followed by `before:Y` is one boundary,
 * killed at `before:Y`), every adapter point, each at its first pass (per-chunk points too), and the middle of the
 * transport as `transport:rows>=N`.
 *
 * @example
 * killPoints(['before:CREATE_TABLE', 'transport:batch rows=5000', 'transport:batch rows=10000', 'after:SAVE_METADATA'])
 * // [{ spec: 'before:CREATE_TABLE', … }, { spec: 'transport:rows>=5000', … }, { spec: 'after:SAVE_METADATA', … }]
 */
export function killPoints(trace: readonly string[]): readonly KillPoint[] {
  const out: KillPoint[] = [];
  const seen = new Set<string>();
  let afterMetadata = false;
  const batches = trace.filter((l) => l.startsWith('transport:batch'));
  const middle = batches[Math.floor((batches.length - 1) / 2)];
  for (const [i, line] of trace.entries()) {
    const [name] = line.split(' ') as [string];
    // `after:X` directly followed by `before:Y` is one step boundary: kill there once (at `before:Y`)
    const boundaryDone = name.startsWith('after:') && trace[i + 1]?.startsWith('before:') === true;
    if (name === 'after:SAVE_METADATA') afterMetadata = true;
    if (boundaryDone) continue;
    if (name.startsWith('transport:batch')) {
      if (line === middle && !seen.has('transport:rows')) {
        seen.add('transport:rows');
        out.push({ spec: `transport:rows>=${/rows=(\d+)/.exec(line)?.[1] ?? '1'}`, afterMetadata });
      }
      continue;
    }
    if (!seen.has(name)) {
      seen.add(name);
      out.push({ spec: name, afterMetadata });
    }
  }
  return out;
}

const digest = (rows: readonly string[]) => createHash('sha256').update(rows.join('\n')).digest('hex').slice(0, 16);

/** Fails unless the source and backend rows are the same multiset (sorted lists), naming the first difference. */
async function compareRows(bed: FaultBed, what: string): Promise<void> {
  const [src, dst] = await Promise.all([bed.sourceRows(), bed.backendRows()]);
  if (src.length === dst.length && digest(src) === digest(dst)) return;
  const dups = dst.length - new Set(dst).size;
  const missing = src.filter((r) => !dst.includes(r)).slice(0, 2);
  const extra = dst.filter((r) => !src.includes(r)).slice(0, 2);
  fail(
    `${what}: source ${src.length} rows (${digest(src)}), backend ${dst.length} rows (${digest(dst)}), ${dups} duplicate(s); missing e.g. ${JSON.stringify(missing)}, extra e.g. ${JSON.stringify(extra)}`,
  );
}

/** Fails when a lock, a staged file or an open command row is left, or the metadata is missing. */
async function checkClean(bed: FaultBed, what: string): Promise<void> {
  const s = await bed.state();
  const problems = [
    ...(s.locks.length > 0 ? [`lock left: ${s.locks.join(', ')}`] : []),
    ...(s.staging.length > 0 ? [`staging left: ${s.staging.slice(0, 3).join(', ')} (${s.staging.length})`] : []),
    ...(s.commands.includes('EXECUTING') ? [`a command row is still EXECUTING: ${s.commands.join(', ')}`] : []),
    ...(s.metadata ? [] : ['no offload metadata after a successful rerun']),
  ];
  if (problems.length > 0) fail(`${what}: ${problems.join('; ')}`);
}

const tail = (r: FaultRun) =>
  `exit ${r.code ?? r.signal}: ${(r.stderr + r.stdout).trim().split('\n').slice(-3).join(' | ')}`;

/** Runs `fn` over `items` with at most `n` at once, collecting the error messages. */
async function pool<T>(items: readonly T[], n: number, fn: (item: T) => Promise<void>): Promise<string[]> {
  const errors: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      try {
        await fn(item);
      } catch (e) {
        errors.push(e instanceof Error ? e.message : String(e));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, n) }, worker));
  return errors;
}

/**
 * The fault conformance suite. Cases (ids), per scenario `<s>`: `trace.<s>` (a clean run passes `before:`/`after:`
 * of its steps and the adapters' points, and its result is complete and clean), `kill.<s>` (for every traced point,
 * SIGKILL there, then a plain rerun: exit 0 — or `ALREADY_OFFLOADED` when the kill came after the metadata was
 * saved —, source = backend row by row, no lock, no staging, every command closed), `signal.<s>.SIGINT` and
 * `signal.<s>.SIGTERM` (mid-transport: exit 130/143 with a message, the command recorded `INTERRUPTED`, nothing
 * left behind, the backend unchanged, and the rerun completes); and `steps.every-step-has-a-kill-point` (every step
 * of the runner, `OFFLOAD_STEP_LIST`, appears in some scenario's trace).
 *
 * @example
 * runSuite(faultSuite({ name: 'postgres→duckdb', scenarios, bed: (s) => embeddedBed(s) }), { describe, it, afterAll });
 */
export function faultSuite(harness: FaultHarness): Suite {
  const traces = new Map<string, Promise<readonly string[]>>();
  const beds: FaultBed[] = [];
  const concurrency = harness.concurrency ?? 2;
  const newBed = async (scenario: FaultScenario) => {
    const bed = await harness.bed(scenario);
    beds.push(bed);
    if (scenario.setupArgv !== undefined) {
      const r = await bed.run(scenario.setupArgv);
      if (r.code !== 0) fail(`${scenario.id}: setup run failed: ${tail(r)}`);
    }
    return bed;
  };
  const dispose = async (bed: FaultBed) => {
    beds.splice(beds.indexOf(bed), 1);
    await bed.dispose();
  };
  const traceOf = (scenario: FaultScenario) => {
    let t = traces.get(scenario.id);
    if (t === undefined) {
      t = (async () => {
        const bed = await newBed(scenario);
        try {
          const r = await bed.run(scenario.argv, { trace: true });
          if (r.code !== 0) fail(`${scenario.id}: the clean run failed: ${tail(r)}`);
          await compareRows(bed, `${scenario.id} clean run`);
          await checkClean(bed, `${scenario.id} clean run`);
          return r.trace ?? fail(`${scenario.id}: the bed returned no trace`);
        } finally {
          await dispose(bed);
        }
      })();
      traces.set(scenario.id, t);
    }
    return t;
  };

  const cases: CaseDefinition[] = [];
  for (const scenario of harness.scenarios) {
    cases.push({
      id: `trace.${scenario.id}`,
      title: `a clean ${scenario.id} offload passes its fault points and leaves a complete, clean result`,
      run: async () => {
        const trace = await traceOf(scenario);
        if (!trace.some((l) => l.startsWith('transport:batch')))
          fail(`${scenario.id}: the transport reported no transport:batch point`);
      },
    });
    cases.push({
      id: `kill.${scenario.id}`,
      title: `${scenario.id}: SIGKILL at every fault point, then a plain rerun loses and duplicates nothing`,
      run: async () => {
        const chosen = (spec: string) =>
          scenario.killAt === undefined ||
          scenario.killAt.some((k) => (k.endsWith('*') ? spec.startsWith(k.slice(0, -1)) : spec === k));
        const points = killPoints(await traceOf(scenario)).filter((p) => chosen(p.spec));
        if (points.length === 0) fail(`${scenario.id}: no traced point matches killAt ${String(scenario.killAt)}`);
        const errors = await pool(points, concurrency, async (point) => {
          const bed = await newBed(scenario);
          try {
            const killed = await bed.run(scenario.argv, { env: { GOE_TEST_KILL_AT: point.spec } });
            if (killed.signal !== 'SIGKILL') fail(`${point.spec}: the run was not killed there (${tail(killed)})`);
            const rerun = await bed.run(scenario.argv);
            const refusedAsDone = rerun.code === 3 && point.afterMetadata && ALREADY.test(rerun.stderr);
            if (rerun.code !== 0 && !refusedAsDone) fail(`${point.spec}: the rerun failed: ${tail(rerun)}`);
            await compareRows(bed, `${point.spec} then rerun`);
            await checkClean(bed, `${point.spec} then rerun`);
          } finally {
            await dispose(bed);
          }
        });
        if (errors.length > 0)
          fail(`${scenario.id}: ${errors.length} of ${points.length} kill points failed:\n  ${errors.join('\n  ')}`);
      },
    });
    for (const [signal, code] of [
      ['SIGINT', 130],
      ['SIGTERM', 143],
    ] as const) {
      cases.push({
        id: `signal.${scenario.id}.${signal}`,
        title: `${scenario.id}: ${signal} mid-transport cleans up, records INTERRUPTED, and the rerun completes`,
        run: async () => {
          const trace = await traceOf(scenario);
          const mid = killPoints(trace).find((p) => p.spec.startsWith('transport:rows'));
          if (mid === undefined) fail(`${scenario.id}: no transport point to interrupt`);
          const bed = await newBed(scenario);
          try {
            const before = await bed.backendRows();
            const r = await bed.run(scenario.argv, { env: { GOE_TEST_KILL_AT: `${mid.spec}@${signal}` } });
            if (r.code !== code) fail(`${signal}: expected exit ${code}, got ${tail(r)}`);
            if (!r.stderr.includes(`Interrupted by ${signal}`)) fail(`${signal}: no interruption message: ${tail(r)}`);
            const s = await bed.state();
            if (s.commands.at(-1) !== 'INTERRUPTED')
              fail(`${signal}: the command was recorded as ${s.commands.at(-1)}, not INTERRUPTED`);
            if (s.locks.length > 0) fail(`${signal}: lock left: ${s.locks.join(', ')}`);
            if (s.staging.length > 0) fail(`${signal}: staging left: ${s.staging.slice(0, 3).join(', ')}`);
            const after = await bed.backendRows();
            if (digest(after) !== digest(before) && !(scenario.dropsFirst === true && after.length === 0))
              fail(`${signal}: the backend changed (${before.length} → ${after.length} rows)`);
            const rerun = await bed.run(scenario.argv);
            if (rerun.code !== 0) fail(`${signal}: the rerun failed: ${tail(rerun)}`);
            await compareRows(bed, `${signal} then rerun`);
            await checkClean(bed, `${signal} then rerun`);
          } finally {
            await dispose(bed);
          }
        },
      });
    }
  }
  cases.push({
    id: 'steps.every-step-has-a-kill-point',
    title: 'every step of the runner is passed, with a kill point, by some scenario',
    run: async () => {
      const traced = (await Promise.all(harness.scenarios.map(traceOf))).flat();
      if (harness.previewArgv !== undefined) {
        const bed = await newBed({ id: 'preview', argv: harness.previewArgv });
        try {
          const r = await bed.run(harness.previewArgv, { trace: true });
          if (r.code !== 0) fail(`the preview failed: ${tail(r)}`);
          traced.push(...(r.trace ?? []));
        } finally {
          await dispose(bed);
        }
      }
      const seen = new Set(traced);
      const missing = OFFLOAD_STEP_LIST.filter((s) => !seen.has(`before:${s.code}`) || !seen.has(`after:${s.code}`));
      if (missing.length > 0)
        fail(`steps with no kill point in any scenario: ${missing.map((s) => s.code).join(', ')}`);
    },
  });

  return makeSuite(`faultSuite[${harness.name}]`, cases, harness.skip, async () => {
    for (const bed of beds.splice(0)) await bed.dispose().catch(() => undefined);
  });
}
