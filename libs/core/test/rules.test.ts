/**
 * Every GOE rule in `GOE_RULES` must have at least one rule-keyed test case (`ruleCase` in a `*.rules.test.ts`
 * file). The rule files are imported here in collect mode, so ids built at run time (loops, templates) count and a
 * removed or commented-out case is noticed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GOE_RULES, GOE_RULE_SECTIONS } from './support/goe-rules.js';
import { collectRuleCases } from './support/rule-case.js';

const testRoot = dirname(fileURLToPath(import.meta.url));

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : testFiles(path);
    return e.name.endsWith('.test.ts') ? [path] : [];
  });
}

const allFiles = testFiles(testRoot);
const ruleFiles = allFiles.filter((f) => f.endsWith('.rules.test.ts')).sort();
const cited = await collectRuleCases(async () => {
  for (const file of ruleFiles) await import(pathToFileURL(file).href);
});

describe('GOE rule registry', () => {
  it('has unique, well-formed ids in known sections', () => {
    const ids = GOE_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of GOE_RULES) {
      expect(rule.id).toMatch(new RegExp(`^T${rule.section.replace('.', '\\.')}-[A-Za-z0-9_.-]+$`));
      expect(GOE_RULE_SECTIONS).toContain(rule.section);
      expect(rule.text.length).toBeGreaterThan(5);
    }
  });

  it('finds rule test files', () => {
    expect(ruleFiles.length).toBeGreaterThan(0);
  });

  it('cites only known rule ids', () => {
    const known = new Set<string>(GOE_RULES.map((r) => r.id));
    expect([...cited].filter((id) => !known.has(id))).toEqual([]);
  });

  it('keeps rule cases in *.rules.test.ts files, registered only through ruleCase/ruleSuite', () => {
    const problems: string[] = [];
    for (const file of allFiles) {
      const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      const name = relative(testRoot, file);
      if (file.endsWith('.rules.test.ts')) {
        for (const m of text.matchAll(/import\s+(type\s+)?([^;]*?)\s+from\s+['"]vitest['"]/g)) {
          const imported = (m[2] ?? '')
            .replace(/[{}]/g, '')
            .split(',')
            .map((s) => s.trim().split(/\s+as\s+/)[0]);
          if (imported.some((s) => s === undefined || /^\*|^(it|test|describe|suite|bench)$/.test(s))) {
            problems.push(
              `${name}: register tests with ruleCase/ruleSuite only (imports ${imported.join(', ')} from vitest)`,
            );
          }
        }
      } else if (/\bruleCase\s*\(/.test(text) && !name.endsWith('rules.test.ts')) {
        problems.push(`${name}: ruleCase outside a *.rules.test.ts file is not counted`);
      }
    }
    expect(problems).toEqual([]);
  });

  it.each(GOE_RULES.map((r) => [r.id, r.text] as const))('[%s] has at least one test case', (id) => {
    expect(cited.has(id), `no ruleCase('${id}', ...) in any *.rules.test.ts file`).toBe(true);
  });
});
