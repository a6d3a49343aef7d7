/**
 * Rule-keyed tests. A test that proves a rule of the GOE reference is registered with {@link ruleCase}, which names
 * it `[<rule id>] <name>` and records the id. `test/rules.test.ts` imports every `*.rules.test.ts` file in
 * **collect mode** (ids are recorded, nothing is registered) and fails for every rule of `GOE_RULES` without a case.
 *
 * Conventions (checked by `test/rules.test.ts`): rule-keyed tests live in `*.rules.test.ts` files, which register
 * tests only through {@link ruleCase} and group them only through {@link ruleSuite}.
 */
import { describe, it } from 'vitest';
import { findGoeRule, type GoeRuleId } from './goe-rules.js';

let collecting: Set<string> | undefined;

/**
 * Registers `it('[id] name', fn)` and records `id`; in collect mode only records `id`. An id missing from
 * `GOE_RULES` registers a failing test.
 *
 * @example
 * ruleCase('T1.4-merge-false-wins', 'False beats a prior True', () => expect(isSafeMapping(true, false)).toBe(false));
 */
export function ruleCase(id: GoeRuleId, name: string, fn: () => void | Promise<void>): void {
  if (collecting) {
    collecting.add(id);
    return;
  }
  if (findGoeRule(id) === undefined) {
    it(`[${id}] ${name}`, () => {
      throw new Error(`Unknown rule id ${id}: add it to GOE_RULES in libs/core/test/support/goe-rules.ts`);
    });
    return;
  }
  it(`[${id}] ${name}`, fn);
}

/**
 * `describe` for rule-keyed tests; in collect mode runs `fn` directly so its `ruleCase` calls are recorded.
 *
 * @example
 * ruleSuite('safe mapping (§1.4)', () => { ruleCase(...); });
 */
export function ruleSuite(name: string, fn: () => void): void {
  if (collecting) fn();
  else describe(name, fn);
}

/**
 * Runs `load` (which imports rule test files) in collect mode and returns every rule id their `ruleCase` calls cite.
 *
 * @example
 * const cited = await collectRuleCases(() => import('./types/canonical.rules.test.ts'));
 */
export async function collectRuleCases(load: () => Promise<unknown>): Promise<ReadonlySet<string>> {
  const ids = new Set<string>();
  collecting = ids;
  try {
    await load();
  } finally {
    collecting = undefined;
  }
  return ids;
}
