import { describe, expect, it } from 'vitest';
import {
  executeSuite,
  makeSuite,
  runSuite,
  suiteSummary,
  type CaseDefinition,
  type TestRegistrar,
} from '@goe/conformance';

const definitions = (log: string[]): CaseDefinition[] => [
  { id: 'a.ok', title: 'passes', run: async () => void log.push('a.ok') },
  { id: 'b.fails', title: 'fails', run: async () => Promise.reject(new Error('broken contract')) },
  { id: 'c.capability', title: 'gated', skip: 'capabilities.snapshot is none', run: async () => void log.push('c') },
  { id: 'd.values.X', title: 'per column', run: async () => void log.push('d.X') },
  { id: 'd.values.Y', title: 'per column', run: async () => void log.push('d.Y') },
];

describe('makeSuite', () => {
  it('applies harness skips by id and by prefix*, keeping suite-decided skips', () => {
    const suite = makeSuite(
      'fakeSuite[x]',
      definitions([]),
      { 'd.values.*': 'engine has no X or Y', 'b.fails': 'known gap' },
      async () => {},
    );
    expect(suite.cases.map((c) => [c.id, c.skip])).toEqual([
      ['a.ok', undefined],
      ['b.fails', 'known gap'],
      ['c.capability', 'capabilities.snapshot is none'],
      ['d.values.X', 'engine has no X or Y'],
      ['d.values.Y', 'engine has no X or Y'],
    ]);
    expect(suiteSummary(suite)).toBe('fakeSuite[x]: 5 cases (1 run, 4 skipped)');
  });

  it('refuses a skip key that matches no case (a stale skip list must not hide anything)', () => {
    expect(() => makeSuite('fakeSuite[x]', definitions([]), { 'renamed.case': 'why' }, async () => {})).toThrow(
      /skip key "renamed.case" matches no case/,
    );
  });

  it('refuses duplicate case ids', () => {
    const d = definitions([]);
    expect(() => makeSuite('s', [...d, d[0]!], undefined, async () => {})).toThrow(/duplicate case id a.ok/);
  });
});

describe('executeSuite', () => {
  it('runs the cases in order, counts, prints counts, skips and failures, and tears down once', async () => {
    const ran: string[] = [];
    let teardowns = 0;
    const suite = makeSuite('fakeSuite[x]', definitions(ran), undefined, async () => void teardowns++);
    const lines: string[] = [];
    const r = await executeSuite(suite, { log: (l) => lines.push(l) });
    expect(ran).toEqual(['a.ok', 'd.X', 'd.Y']);
    expect(r).toMatchObject({
      name: 'fakeSuite[x]',
      passed: 3,
      failed: 1,
      skipped: 1,
      passedIds: ['a.ok', 'd.values.X', 'd.values.Y'],
    });
    expect(r.failures.map((f) => f.id)).toEqual(['b.fails']);
    expect(r.skippedCases).toEqual([{ id: 'c.capability', reason: 'capabilities.snapshot is none' }]);
    expect(lines).toEqual([
      'fakeSuite[x]: 5 cases (4 run, 1 skipped)',
      'skipped: fakeSuite[x] c.capability (capabilities.snapshot is none)',
      'failed: fakeSuite[x] b.fails (broken contract)',
    ]);
    await suite.teardown();
    expect(teardowns).toBe(1);
  });

  it('reports a failing teardown as a failure', async () => {
    const suite = makeSuite('s', [], undefined, async () => Promise.reject(new Error('cannot drop')));
    const r = await executeSuite(suite, { log: () => {} });
    expect(r.failures.map((f) => f.id)).toEqual(['teardown']);
  });
});

describe('runSuite', () => {
  function recorder() {
    const calls: string[] = [];
    const fns: (() => Promise<void>)[] = [];
    const it = Object.assign((name: string, fn: () => Promise<void>) => (calls.push(`it ${name}`), fns.push(fn)), {
      skip: (name: string) => calls.push(`skip ${name}`),
    });
    const api: TestRegistrar = {
      describe: (name, fn) => {
        calls.push(`describe ${name}`);
        fn();
      },
      it,
      afterAll: (fn) => {
        calls.push('afterAll');
        fns.push(fn);
      },
    };
    return { api, calls, fns };
  }

  it('registers one test per case, skipped ones with the reason in the title, and the teardown in afterAll', async () => {
    const ran: string[] = [];
    let torn = false;
    const { api, calls, fns } = recorder();
    const lines: string[] = [];
    runSuite(
      makeSuite('fakeSuite[x]', definitions(ran), undefined, async () => void (torn = true)),
      api,
      { log: (l) => lines.push(l) },
    );
    expect(calls).toEqual([
      'describe fakeSuite[x]',
      'it a.ok: passes',
      'it b.fails: fails',
      'skip c.capability: gated [skipped: capabilities.snapshot is none]',
      'it d.values.X: per column',
      'it d.values.Y: per column',
      'afterAll',
    ]);
    expect(lines).toEqual([
      'fakeSuite[x]: 5 cases (4 run, 1 skipped)',
      'skipped: fakeSuite[x] c.capability (capabilities.snapshot is none)',
    ]);
    await fns[0]!();
    await expect(fns[1]!()).rejects.toThrow('broken contract');
    await fns[fns.length - 1]!();
    expect(ran).toEqual(['a.ok']);
    expect(torn).toBe(true);
  });

  it("falls back to node:test's after()", () => {
    const { api, calls } = recorder();
    const { afterAll: _ignored, ...rest } = api;
    runSuite(
      makeSuite('s', [], undefined, async () => {}),
      { ...rest, after: () => calls.push('after') },
      { log: () => {} },
    );
    expect(calls).toEqual(['describe s', 'after']);
  });

  it('prints to stdout by default', () => {
    const { api } = recorder();
    const out: string[] = [];
    const original = console.log;
    console.log = (line: string) => out.push(line);
    try {
      runSuite(
        makeSuite('s', definitions([]), { 'a.ok': 'reason' }, async () => {}),
        api,
      );
    } finally {
      console.log = original;
    }
    expect(out).toContain('skipped: s a.ok (reason)');
    expect(out[0]).toBe('s: 5 cases (3 run, 2 skipped)');
  });
});
