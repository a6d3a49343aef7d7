/**
 * Proof that the suites can fail: deliberately broken in-memory adapters, one breakage at a time, fail exactly the
 * cases that check what they break (and nothing else), and all breakages together fail.
 */
import { describe, expect, it } from 'vitest';
import { backendSuite, executeSuite, frontendSuite, type SuiteResult } from '@goe/conformance';
import {
  brokenMemoryBackend,
  brokenMemoryFrontend,
  memoryFrontend,
  type BackendBreaks,
  type FrontendBreaks,
} from './support/memory-adapters.js';

const fixtures = { lobBytes: 64 * 1024 };
const quiet = { log: () => {} };
const failedIds = (r: SuiteResult) => r.failures.map((f) => f.id).sort();
const messageOf = (r: SuiteResult, id: string) =>
  String((r.failures.find((f) => f.id === id)?.error as Error | undefined)?.message);

async function frontend(breaks: FrontendBreaks) {
  return executeSuite(frontendSuite({ ...brokenMemoryFrontend(breaks), fixtures }), quiet);
}

async function backend(breaks: BackendBreaks) {
  return executeSuite(backendSuite({ ...brokenMemoryBackend(breaks), fixtures }), quiet);
}

describe('brokenMemoryFrontend fails frontendSuite', () => {
  it('with every breakage at once', async () => {
    const r = await executeSuite(frontendSuite({ ...brokenMemoryFrontend(), fixtures }), quiet);
    expect(r.failed).toBeGreaterThan(0);
    expect(r.passed + r.failed + r.skipped).toBe(r.passed + r.failures.length + r.skipped);
    expect(failedIds(r)).toEqual(
      expect.arrayContaining([
        'describe.case-insensitive',
        'predicate.binds-values',
        'slices.parallelism-2',
        'extract.abort-during',
      ]),
    );
  });

  it('truncating timestamps to milliseconds fails exactly the timestamp value cases', async () => {
    const r = await frontend({ truncateTimestampsToMs: true });
    expect(failedIds(r)).toEqual([
      'extract.values.TIMESTAMP',
      'extract.values.TIMESTAMP_NS',
      'extract.values.TIMESTAMP_TZ',
      'extract.values.TIMESTAMP_TZ_NS',
    ]);
    expect(messageOf(r, 'extract.values.TIMESTAMP_NS')).toMatch(
      /TIMESTAMP_NS\.nanoseconds \(ID 1\): got "2024-01-02T03:04:05\.123000000", expected "2024-01-02T03:04:05\.123456789"/,
    );
    expect(messageOf(r, 'extract.values.TIMESTAMP')).toMatch(/TIMESTAMP\.year-9999/);
  });

  it('dropping the last row of each slice fails the row-coverage cases', async () => {
    const r = await frontend({ dropLastRowOfSlice: true });
    const ids = failedIds(r);
    expect(ids).toEqual(
      expect.arrayContaining([
        'extract.rows',
        'slices.parallelism-1',
        'slices.parallelism-2',
        'slices.parallelism-3',
        'slices.parallelism-4',
        'slices.snapshot-sessions',
        'extract.predicate',
        'extract.batch-rows',
      ]),
    );
    expect(ids).not.toContain('count.full');
    expect(messageOf(r, 'slices.parallelism-3')).toMatch(/missing ID/);
  });

  it('case-sensitive name resolution fails describe.case-insensitive only', async () => {
    expect(failedIds(await frontend({ caseSensitiveNames: true }))).toEqual(['describe.case-insensitive']);
  });

  it('pasting string literals into SQL fails predicate.binds-values only', async () => {
    const r = await frontend({ inlineLiterals: true });
    expect(failedIds(r)).toEqual(['predicate.binds-values']);
    expect(messageOf(r, 'predicate.binds-values')).toMatch(/appears in the SQL text/);
  });

  it('ignoring the abort signal fails both abort cases', async () => {
    expect(failedIds(await frontend({ ignoreAbort: true }))).toEqual(['extract.abort-before', 'extract.abort-during']);
  });

  it('an undeclared widening of the canonical mapping fails describe.canonical of that column only', async () => {
    const r = await executeSuite(
      frontendSuite({ ...memoryFrontend({}, 'memory-widened', { INTEGER_1: 'INTEGER_2' }), fixtures }),
      quiet,
    );
    expect(failedIds(r)).toEqual(['describe.canonical.INTEGER_1']);
    expect(messageOf(r, 'describe.canonical.INTEGER_1')).toBe(
      'C_INTEGER_1: canonical type: got "INTEGER_2", expected "INTEGER_1"',
    );
  });

  it('the same adapter without breakages passes', async () => {
    const r = await frontend({});
    expect(r.failures).toEqual([]);
    expect(r.passed).toBeGreaterThan(80);
  });
});

describe('brokenMemoryBackend fails backendSuite', () => {
  it('with every breakage at once', async () => {
    const r = await executeSuite(backendSuite({ ...brokenMemoryBackend(), fixtures }), quiet);
    expect(r.failed).toBeGreaterThan(0);
    expect(failedIds(r)).toEqual(
      expect.arrayContaining([
        'load.validate-staged-wrong-count',
        'count.full',
        'load.values.TIMESTAMP_NS',
        'table.drop-idempotent',
      ]),
    );
  });

  it('accepting a wrong staged count fails load.validate-staged-wrong-count only', async () => {
    const r = await backend({ acceptAnyStagedCount: true });
    expect(failedIds(r)).toEqual(['load.validate-staged-wrong-count']);
    expect(messageOf(r, 'load.validate-staged-wrong-count')).toMatch(/validateStaged accepted 14 rows for 13 staged/);
  });

  it('a count one short fails the count cases', async () => {
    const r = await backend({ countOneShort: true });
    expect(failedIds(r)).toEqual(['count.full', 'count.predicate', 'load.drop-staged', 'table.empty']);
    expect(messageOf(r, 'count.full')).toMatch(/count\(\): got 12n, expected 13n/);
  });

  it('truncating timestamps on the final load fails the timestamp value cases', async () => {
    expect(failedIds(await backend({ truncateTimestampsToMs: true }))).toEqual([
      'load.values.TIMESTAMP',
      'load.values.TIMESTAMP_NS',
      'load.values.TIMESTAMP_TZ',
      'load.values.TIMESTAMP_TZ_NS',
    ]);
  });

  it('a dropTable that fails the second time fails table.drop-idempotent', async () => {
    expect(failedIds(await backend({ dropTableTwiceFails: true }))).toEqual(['table.drop-idempotent']);
  });
});
