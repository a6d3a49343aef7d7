#!/usr/bin/env node
/**
 * Checks that `@goe/core` is an adapter kit that names no engine (issue #12, "Core's built dist contains no `@goe/`
 * adapter specifier and its source no engine name").
 *
 * Usage (build core first: `npx nx run @goe/core:build`):
 *   node tools/check-core-neutral.mjs               check libs/core                    (npm run check:core-neutral)
 *   node tools/check-core-neutral.mjs --core <dir>  check another package directory (tests use a temp dir)
 *   node tools/check-core-neutral.mjs --no-dist     skip the dist check (before a build; CI never passes this)
 *
 * Three checks, each printing one line per finding and a per-file count:
 *   1. source: every `src/**\/*.ts` line, comments included, is matched against {@link ENGINE_NAMES} (case-insensitive;
 *      distinctive names anywhere, e.g. `POSTGRES_DIALECT`, short ones only as a word or a camelCase part, so
 *      `archive` is not `hive`); prints `file:line:col: match`.
 *   2. dist: every `dist/*.{js,cjs,mjs}` is searched for a string literal that is a `@goe/<name>` module specifier
 *      other than `@goe/core` (the first-party package table lives in `@goe/stack`; an install hint inside a
 *      message is prose, not a specifier); `dist` must exist.
 *   3. package.json: no `dependencies`, `peerDependencies` or `optionalDependencies` entry names a `@goe/` package.
 * Exit code 0 when all pass, 1 otherwise (including a missing `src` or `dist`).
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Engine, platform and first-party product names core must not contain. `anywhere: true` names are distinctive
 * enough to match inside identifiers (`duckdbConfig`, `POSTGRES_DIALECT`, `PostgreSQL`); the others match only as
 * a word or a camelCase part (`SPARK_SUBMIT`, `s3://`, `sparkProperties`, but not `archive` or `gcsafe`).
 */
export const ENGINE_NAMES = Object.freeze([
  ...[
    'oracle',
    'mssql',
    'teradata',
    'postgres',
    'pglite',
    'bigquery',
    'snowflake',
    'synapse',
    'impala',
    'hadoop',
    'duckdb',
    'dataproc',
    'sqoop',
    'sqlite',
    'clickhouse',
    'redshift',
    'databricks',
    'mysql',
    'mariadb',
    'netezza',
    'greenplum',
    'vertica',
    'gcloud',
    'gsutil',
    'google',
    'amazon',
    'microsoft',
  ].map((name) => ({ name, anywhere: true })),
  ...[
    'sql server',
    'hive',
    'spark',
    'livy',
    'gcs',
    's3',
    'azure',
    'hdfs',
    'abfss?',
    'wasbs?',
    'adls',
    'aws',
    'emr',
    'pg',
    'db2',
    'kafka',
  ].map((name) => ({ name, anywhere: false })),
]);

/** One case-insensitive pattern for `name` that leaves ASCII case visible to the camelCase boundaries. */
function caseless(name) {
  return name.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`).replace(/ /g, '[\\s_-]+');
}

/** A word-ish boundary before a match: not after a letter or digit, or at a lower→Upper camelCase step. */
const LEFT = '(?:(?<![A-Za-z0-9])|(?<=[a-z0-9])(?=[A-Z]))';
/** After a match: not followed by a lowercase letter or digit (`S3Store` and `SPARK_` match, `sparkle` does not). */
const RIGHT = '(?![a-z0-9])';

/**
 * The regular expression {@link scanText} uses; exported for tests.
 *
 * @param {readonly { name: string, anywhere: boolean }[]} [names] default {@link ENGINE_NAMES}
 * @returns {RegExp} a global regular expression
 * @example
 * enginePattern().test('const x = "archive"') // false
 */
export function enginePattern(names = ENGINE_NAMES) {
  const parts = names.map(({ name, anywhere }) => (anywhere ? caseless(name) : `${LEFT}${caseless(name)}${RIGHT}`));
  return new RegExp(parts.join('|'), 'g');
}

/**
 * Engine names in `text`, one finding per match.
 *
 * @param {string} text a source file
 * @returns {{ line: number, column: number, match: string }[]} 1-based positions
 * @example
 * scanText('// reads a DuckDB file\n') // [{ line: 1, column: 12, match: 'DuckDB' }]
 */
export function scanText(text) {
  const pattern = enginePattern();
  const findings = [];
  text.split('\n').forEach((content, index) => {
    for (const m of content.matchAll(pattern)) {
      findings.push({ line: index + 1, column: (m.index ?? 0) + 1, match: m[0] });
    }
  });
  return findings;
}

/**
 * A string literal that is exactly a `@goe/…` package specifier: what `import()`, `require()`, `from` or a table of
 * specifiers handed to a dynamic import holds. Prose that mentions a package (`npm i @goe/stack`) is not one.
 */
const SPECIFIER_LITERAL = /(['"`])(@goe\/[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*)\1/g;

/**
 * `@goe/<name>` module specifiers other than `@goe/core` in a built file: string literals that are exactly a
 * specifier (an install hint inside a message is not one).
 *
 * @param {string} text built JavaScript
 * @returns {{ line: number, column: number, match: string }[]} 1-based positions
 * @example
 * scanBuiltText('import("@goe/frontend-x")') // [{ line: 1, column: 9, match: '@goe/frontend-x' }]
 * scanBuiltText('"install it: npm i @goe/stack"') // []
 */
export function scanBuiltText(text) {
  const findings = [];
  text.split('\n').forEach((content, index) => {
    for (const m of content.matchAll(SPECIFIER_LITERAL)) {
      const specifier = m[2] ?? '';
      if (specifier !== '@goe/core' && !specifier.startsWith('@goe/core/')) {
        findings.push({ line: index + 1, column: (m.index ?? 0) + 2, match: specifier });
      }
    }
  });
  return findings;
}

/** Files under `dir` (recursively) whose name matches `test`, sorted. */
function filesUnder(dir, test) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path, test));
    else if (test(name)) out.push(path);
  }
  return out;
}

/**
 * Runs the three checks on a package directory.
 *
 * @param {string} coreDir the package directory; default `libs/core`
 * @param {{ dist?: boolean }} [options] `dist: false` skips the dist check; default true
 * @returns {{ problems: string[], source: Map<string, number>, dist: Map<string, number>, deps: string[] }}
 *   `problems` are printable lines (empty when neutral); `source`/`dist` count findings per file
 * @example
 * checkCoreNeutral('libs/core').problems.length === 0
 */
export function checkCoreNeutral(coreDir = join(ROOT, 'libs', 'core'), options = {}) {
  const problems = [];
  const source = new Map();
  const dist = new Map();
  const deps = [];
  const rel = (path) => relative(process.cwd(), path) || path;

  const srcDir = join(coreDir, 'src');
  if (!existsSync(srcDir)) problems.push(`${rel(srcDir)}: missing`);
  else {
    for (const file of filesUnder(srcDir, (n) => n.endsWith('.ts'))) {
      for (const f of scanText(readFileSync(file, 'utf8'))) {
        problems.push(`${rel(file)}:${f.line}:${f.column}: ${f.match}`);
        source.set(rel(file), (source.get(rel(file)) ?? 0) + 1);
      }
    }
  }

  if (options.dist !== false) {
    const distDir = join(coreDir, 'dist');
    if (!existsSync(distDir)) problems.push(`${rel(distDir)}: missing (build first: npx nx run @goe/core:build)`);
    else {
      for (const file of filesUnder(distDir, (n) => /\.(js|cjs|mjs)$/.test(n))) {
        for (const f of scanBuiltText(readFileSync(file, 'utf8'))) {
          problems.push(`${rel(file)}:${f.line}:${f.column}: adapter specifier ${f.match}`);
          dist.set(rel(file), (dist.get(rel(file)) ?? 0) + 1);
        }
      }
    }
  }

  const manifestPath = join(coreDir, 'package.json');
  if (existsSync(manifestPath)) {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
      for (const name of Object.keys(manifest[field] ?? {})) {
        if (name.startsWith('@goe/')) {
          deps.push(`${field}.${name}`);
          problems.push(`${rel(manifestPath)}: ${field} names ${name}`);
        }
      }
    }
  }
  return { problems, source, dist, deps };
}

/** Command line entry: prints findings and a per-file summary, returns the exit code. */
function main(argv) {
  let coreDir = join(ROOT, 'libs', 'core');
  let dist = true;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--core' && argv[i + 1]) coreDir = resolve(argv[++i]);
    else if (argv[i] === '--no-dist') dist = false;
    else {
      console.error(`check-core-neutral: unknown argument ${argv[i]} (use --core <dir>, --no-dist)`);
      return 2;
    }
  }
  const result = checkCoreNeutral(coreDir, { dist });
  for (const line of result.problems) console.log(line);
  if (result.problems.length === 0) {
    console.log(`check-core-neutral: ${relative(ROOT, coreDir) || coreDir} names no engine and no adapter package`);
    return 0;
  }
  console.log('');
  console.log('check-core-neutral: findings per file');
  for (const [file, count] of [...result.source, ...result.dist])
    console.log(`  ${count.toString().padStart(4)}  ${file}`);
  console.log(`check-core-neutral: ${result.problems.length} finding(s); core must name no engine (issue #12)`);
  return 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
