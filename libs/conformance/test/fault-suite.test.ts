/**
 * The fault suite against a simulated stack: a correct one passes every case; one that duplicates rows after a
 * rerun, leaves a lock, keeps its command EXECUTING, ignores a kill point or skips a step fails on the expected cases.
 */
import { describe, expect, it } from 'vitest';
import { OFFLOAD_STEP_LIST } from '@goe/core';
import {
  executeSuite,
  faultSuite,
  killPoints,
  type FaultBed,
  type FaultRun,
  type FaultScenario,
} from '@goe/conformance';

const quiet = { log: () => undefined };
const SOURCE = ['1|a', '2|b', '3|c'];

interface Breaks {
  readonly duplicateOnRerun?: boolean;
  readonly leaveLock?: boolean;
  readonly openCommand?: boolean;
  readonly ignoreKill?: boolean;
  readonly skipStep?: string;
}

/** A trace like the runner's: every step's before/after, four transport batches, two load points. */
function trace(skip?: string): string[] {
  const out: string[] = [];
  for (const s of OFFLOAD_STEP_LIST) {
    if (s.code === skip) continue;
    out.push(`before:${s.code}`);
    if (s.code === 'STAGING_TRANSPORT') for (const n of [1, 2, 3, 4]) out.push(`transport:batch rows=${n * 1000}`);
    if (s.code === 'FINAL_LOAD') out.push('load:before-commit');
    out.push(`after:${s.code}`);
  }
  return out;
}

function simulatedBed(breaks: Breaks): FaultBed {
  let backend: string[] = [];
  let runs = 0;
  let status = 'SUCCESS';
  return {
    async run(_argv, options = {}): Promise<FaultRun> {
      runs++;
      const kill = options.env?.GOE_TEST_KILL_AT;
      const base = { stdout: '', stderr: '' };
      if (kill !== undefined && !breaks.ignoreKill) {
        if (kill.endsWith('@SIGINT') || kill.endsWith('@SIGTERM')) {
          status = 'INTERRUPTED';
          const sig = kill.endsWith('@SIGINT') ? 'SIGINT' : 'SIGTERM';
          return { ...base, code: sig === 'SIGINT' ? 130 : 143, signal: null, stderr: `Interrupted by ${sig}` };
        }
        return { ...base, code: null, signal: 'SIGKILL' };
      }
      backend = breaks.duplicateOnRerun && runs > 1 ? [...SOURCE, SOURCE[0]!] : [...SOURCE];
      status = breaks.openCommand && runs > 1 ? 'EXECUTING' : 'SUCCESS';
      return { ...base, code: 0, signal: null, ...(options.trace ? { trace: trace(breaks.skipStep) } : {}) };
    },
    sourceRows: async () => SOURCE,
    backendRows: async () => [...backend].sort(),
    state: async () => ({
      commands: [status],
      metadata: backend.length > 0,
      locks: breaks.leaveLock ? ['x.lock.reclaim-1'] : [],
      staging: [],
    }),
    dispose: async () => undefined,
  };
}

const scenarios: FaultScenario[] = [{ id: 'full', argv: ['-t', 's.t', '-x'] }];
const run = (breaks: Breaks) =>
  executeSuite(
    faultSuite({ name: 'simulated', scenarios, concurrency: 4, bed: async () => simulatedBed(breaks) }),
    quiet,
  );
const failed = async (breaks: Breaks) => (await run(breaks)).failures.map((f) => f.id).sort();

describe('faultSuite', () => {
  it('kills once per step boundary, at the adapter points and in the middle of the transport', () => {
    const points = killPoints(trace()).map((p) => p.spec);
    expect(points).toContain('before:FIND_OFFLOAD_DATA');
    expect(points).toContain('transport:rows>=2000');
    expect(points).toContain('load:before-commit');
    expect(points).toContain('after:MESSAGES'); // the last boundary
    expect(points).not.toContain('after:FIND_OFFLOAD_DATA'); // the same boundary as before:ANALYZE_DATA_TYPES
    expect(points.filter((p) => p.startsWith('transport:'))).toHaveLength(1);
    const meta = killPoints(trace()).find((p) => p.spec === 'before:MESSAGES');
    expect(meta?.afterMetadata).toBe(true);
  });

  it('passes a stack that recovers from every fault', async () => {
    const r = await run({});
    expect(r.failures).toEqual([]);
    expect(r.passed).toBe(5);
  });

  it('fails on duplicated rows, a lock left, an open command row, an ignored kill point and a step without one', async () => {
    expect(await failed({ duplicateOnRerun: true })).toEqual([
      'kill.full',
      'signal.full.SIGINT',
      'signal.full.SIGTERM',
    ]);
    expect(await failed({ leaveLock: true })).toEqual([
      'kill.full',
      'signal.full.SIGINT',
      'signal.full.SIGTERM',
      'steps.every-step-has-a-kill-point', // the traced clean run itself left a lock
      'trace.full',
    ]);
    expect(await failed({ openCommand: true })).toContain('kill.full');
    expect(await failed({ ignoreKill: true })).toEqual(['kill.full', 'signal.full.SIGINT', 'signal.full.SIGTERM']);
    expect(await failed({ skipStep: 'DDL_FILE' })).toEqual(['steps.every-step-has-a-kill-point']);
  });
});
