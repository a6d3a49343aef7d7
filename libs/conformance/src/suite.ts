/**
 * Runner-agnostic suites: a {@link Suite} is data (cases with `run()`), registered into any `describe`/`it` test
 * runner with {@link runSuite} or executed directly with {@link executeSuite}.
 */
import { GoeError } from '@goe/core';

/** One conformance case. */
export interface SuiteCase {
  /** Stable id, e.g. `extract.values.DECIMAL_38_10`; harness `skip` keys refer to it. */
  readonly id: string;
  readonly title: string;
  /** Runs the case; rejects when the adapter breaks the contract. */
  run(): Promise<void>;
  /** Why the case is skipped (set from the harness `skip` list, exclusions or capabilities). */
  readonly skip?: string;
}

/** A suite: named cases plus a teardown that releases what the cases opened. */
export interface Suite {
  /** e.g. `frontendSuite[postgres]`. */
  readonly name: string;
  readonly cases: readonly SuiteCase[];
  /** Closes sessions and drops what the suite created; safe to call when nothing ran. */
  teardown(): Promise<void>;
}

/** A test function registrar (`it`/`test` of Vitest, Jest, Mocha or `node:test`). */
export type TestFunction = (name: string, fn: () => Promise<void>) => unknown;

/** The parts of a test runner {@link runSuite} needs. */
export interface TestRegistrar {
  describe(name: string, fn: () => void): unknown;
  it: TestFunction & { skip: TestFunction };
  /** Vitest/Jest `afterAll`. */
  afterAll?(fn: () => Promise<void>): unknown;
  /** `node:test` `after` (used when `afterAll` is absent). */
  after?(fn: () => Promise<void>): unknown;
}

/** Options of {@link runSuite} and {@link executeSuite}. */
export interface SuiteRunOptions {
  /** Where the case counts and `skipped: …` lines go. Default `console.log` (stdout). */
  readonly log?: (line: string) => void;
}

/** A failed case. */
export interface SuiteFailure {
  readonly id: string;
  readonly title: string;
  readonly error: unknown;
}

/** What {@link executeSuite} reports. */
export interface SuiteResult {
  readonly name: string;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly failures: readonly SuiteFailure[];
  /** Ids of the cases that passed. */
  readonly passedIds: readonly string[];
  /** Skipped cases and their reasons. */
  readonly skippedCases: readonly { readonly id: string; readonly reason: string }[];
}

const defaultLog = (line: string) => console.log(line);

/**
 * The count line every suite prints, e.g. `frontendSuite[postgres]: 42 cases (40 run, 2 skipped)`.
 *
 * @example
 * suiteSummary(suite) // 'lockSuite[file]: 9 cases (9 run, 0 skipped)'
 */
export function suiteSummary(suite: Suite): string {
  const skipped = suite.cases.filter((c) => c.skip !== undefined).length;
  return `${suite.name}: ${suite.cases.length} cases (${suite.cases.length - skipped} run, ${skipped} skipped)`;
}

function announce(suite: Suite, log: (line: string) => void) {
  log(suiteSummary(suite));
  for (const c of suite.cases) if (c.skip !== undefined) log(`skipped: ${suite.name} ${c.id} (${c.skip})`);
}

/**
 * Registers a suite with a `describe`/`it` test runner: one test per case titled `<id>: <title>`; a skipped case is
 * registered with `it.skip` and a title ending `[skipped: <reason>]`, and printed as `skipped: <suite> <case>
 * (<reason>)`; the teardown runs in `afterAll` (or `node:test`'s `after`). Prints the case counts.
 *
 * @example
 * // test/conformance.test.ts of an adapter package
 * import { afterAll, describe, it } from 'vitest';
 * import { frontendSuite, runSuite } from '@goe/conformance';
 * runSuite(frontendSuite(harness), { describe, it, afterAll });
 */
export function runSuite(suite: Suite, api: TestRegistrar, options: SuiteRunOptions = {}): void {
  announce(suite, options.log ?? defaultLog);
  api.describe(suite.name, () => {
    for (const c of suite.cases) {
      const title = `${c.id}: ${c.title}`;
      if (c.skip !== undefined) api.it.skip(`${title} [skipped: ${c.skip}]`, async () => {});
      else api.it(title, () => c.run());
    }
    const after = api.afterAll ?? api.after;
    if (!after)
      throw new GoeError(
        'OPTION_INVALID',
        'runSuite needs afterAll (Vitest, Jest) or after (node:test) to tear the suite down',
      );
    after.call(api, () => suite.teardown());
  });
}

/**
 * Runs every case of a suite in order, then its teardown, and reports the counts; never throws for a failing case.
 * Prints the case counts, one `skipped: …` line per skipped case and one `failed: …` line per failure.
 *
 * @example
 * const result = await executeSuite(backendSuite(harness));
 * if (result.failed > 0) console.error(result.failures.map((f) => f.id));
 */
export async function executeSuite(suite: Suite, options: SuiteRunOptions = {}): Promise<SuiteResult> {
  const log = options.log ?? defaultLog;
  announce(suite, log);
  const failures: SuiteFailure[] = [];
  const passedIds: string[] = [];
  const skippedCases: { id: string; reason: string }[] = [];
  for (const c of suite.cases) {
    if (c.skip !== undefined) {
      skippedCases.push({ id: c.id, reason: c.skip });
      continue;
    }
    try {
      await c.run();
      passedIds.push(c.id);
    } catch (error) {
      failures.push({ id: c.id, title: c.title, error });
      log(`failed: ${suite.name} ${c.id} (${(error instanceof Error ? error.message : String(error)).split('\n')[0]})`);
    }
  }
  try {
    await suite.teardown();
  } catch (error) {
    failures.push({ id: 'teardown', title: 'teardown', error });
    log(`failed: ${suite.name} teardown (${error instanceof Error ? error.message : String(error)})`);
  }
  return {
    name: suite.name,
    passed: passedIds.length,
    failed: failures.length,
    skipped: skippedCases.length,
    failures,
    passedIds,
    skippedCases,
  };
}

/** A case before skips are applied (internal to the suite factories). */
export interface CaseDefinition {
  readonly id: string;
  readonly title: string;
  readonly run: () => Promise<void>;
  /** A skip decided by the suite itself (capabilities, exclusions). */
  readonly skip?: string;
}

/**
 * Builds a {@link Suite}, applying a harness `skip` list: keys are case ids, or prefixes ending in `*`
 * (`extract.values.*`). A key that matches no case is an error, so a renamed case cannot hide a stale skip.
 *
 * @throws GoeError `OPTION_INVALID` for a skip key that matches no case.
 * @example
 * makeSuite('lockSuite[file]', cases, { 'stale.reclaimed': 'flock locks die with the process' }, teardown)
 */
export function makeSuite(
  name: string,
  definitions: readonly CaseDefinition[],
  skip: Readonly<Record<string, string>> | undefined,
  teardown: () => Promise<void>,
): Suite {
  const ids = new Set<string>();
  for (const d of definitions) {
    if (ids.has(d.id)) throw new GoeError('INTERNAL', `${name}: duplicate case id ${d.id}`);
    ids.add(d.id);
  }
  const rules = Object.entries(skip ?? {});
  const matches = (key: string, id: string) => (key.endsWith('*') ? id.startsWith(key.slice(0, -1)) : id === key);
  for (const [key] of rules) {
    if (!definitions.some((d) => matches(key, d.id))) {
      throw new GoeError('OPTION_INVALID', `${name}: skip key ${JSON.stringify(key)} matches no case`, {
        hint: `Case ids: ${[...ids].slice(0, 12).join(', ')}, …`,
      });
    }
  }
  const cases = definitions.map((d): SuiteCase => {
    const reason = rules.find(([key]) => matches(key, d.id))?.[1] ?? d.skip;
    return Object.freeze({ id: d.id, title: d.title, run: d.run, ...(reason !== undefined ? { skip: reason } : {}) });
  });
  let tornDown: Promise<void> | undefined;
  return Object.freeze({ name, cases: Object.freeze(cases), teardown: () => (tornDown ??= teardown()) });
}
