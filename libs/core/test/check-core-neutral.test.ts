/**
 * tools/check-core-neutral.mjs (issue #12: core's source names no engine, its dist imports no adapter package).
 * Runs the script on temp package directories with planted names, as CI runs it on libs/core.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const SCRIPT = join(ROOT, 'tools', 'check-core-neutral.mjs');

interface Finding {
  line: number;
  column: number;
  match: string;
}
/** The checker's exported functions (a plain .mjs script, typed here). */
interface Checker {
  scanText(text: string): Finding[];
  scanBuiltText(text: string): Finding[];
  checkCoreNeutral(
    dir: string,
    options?: { dist?: boolean },
  ): { problems: string[]; source: Map<string, number>; dist: Map<string, number>; deps: string[] };
}
const checker = (await import(pathToFileURL(SCRIPT).href)) as Checker;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'goe-core-neutral-'));
  mkdirSync(join(dir, 'src', 'plan'), { recursive: true });
  mkdirSync(join(dir, 'dist'));
  writeFileSync(
    join(dir, 'src', 'index.ts'),
    '/** Archives a chunk (a sparkle of `acme` magic). */\nexport const x = 1;\n',
  );
  writeFileSync(join(dir, 'dist', 'index.js'), 'import { a } from "@goe/core";\nconst hint = "npm i @goe/stack";\n');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'x', peerDependencies: { 'apache-arrow': '21' } }));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]) => spawnSync(process.execPath, [SCRIPT, '--core', dir, ...args], { encoding: 'utf8' });

describe('tools/check-core-neutral.mjs', () => {
  it('passes a package that names no engine (prose that mentions @goe/stack is not a specifier)', () => {
    const result = run();
    expect(result.stdout).toContain('names no engine and no adapter package');
    expect(result.status).toBe(0);
  });

  it('fails on an engine name planted in a comment, printing file:line:col: match and a count per file', () => {
    writeFileSync(join(dir, 'src', 'plan', 'traits.ts'), 'export const a = 1;\n  // the BigQuery default\n');
    const result = run();
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/src\/plan\/traits\.ts:2:10: BigQuery$/m);
    expect(result.stdout).toMatch(/^ +1 {2}\S*src\/plan\/traits\.ts$/m);
    expect(result.stdout).toContain('1 finding(s)');
  });

  it('fails on an adapter specifier in dist and on a missing dist', () => {
    writeFileSync(join(dir, 'dist', 'index.cjs'), 'const m = require("@goe/backend-x");\n');
    const result = run();
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/dist\/index\.cjs:1:20: adapter specifier @goe\/backend-x$/m);

    rmSync(join(dir, 'dist'), { recursive: true });
    expect(run().stdout).toMatch(/dist: missing \(build first/);
    expect(run().status).toBe(1);
    expect(run('--no-dist').status).toBe(0);
  });

  it('fails when package.json depends on a @goe/ package; rejects an unknown argument', () => {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ dependencies: { '@goe/stack': '0.1.0' } }));
    expect(checker.checkCoreNeutral(dir).deps).toEqual(['dependencies.@goe/stack']);
    expect(run().status).toBe(1);
    expect(run('--frobnicate').status).toBe(2);
  });

  it('matches distinctive names inside identifiers, short ones only as words or camelCase parts', () => {
    const matches = (text: string) => checker.scanText(text).map((f) => f.match);
    expect(matches('const POSTGRES_PREDICATE_DIALECT = duckdbConfig; // PostgreSQL, pglite')).toEqual([
      'POSTGRES',
      'duckdb',
      'PostgreS',
      'pglite',
    ]);
    expect(matches("'SPARK_SUBMIT', sparkProperties, 's3://b', S3Store, Hive-style, SQL Server, gs/gcs")).toEqual([
      'SPARK',
      'spark',
      's3',
      'S3',
      'Hive',
      'SQL Server',
      'gcs',
    ]);
    expect(matches('archive, sparkle, gcsafe, s3a, pgsize, hdfsx, hived, sqlserver')).toEqual([]);
    expect(checker.scanText('a\n  // Oracle').at(0)).toEqual({ line: 2, column: 6, match: 'Oracle' });
  });

  it('finds only exact @goe/ specifier literals other than @goe/core in built code', () => {
    const specifiers = (text: string) => checker.scanBuiltText(text).map((f) => f.match);
    expect(
      specifiers('import("@goe/frontend-x"); require(\'@goe/core\'); t = `@goe/storage-y`; m = "npm i @goe/stack"'),
    ).toEqual(['@goe/frontend-x', '@goe/storage-y']);
    expect(specifiers('from "@goe/core/sub"')).toEqual([]);
  });
});
