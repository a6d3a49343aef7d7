#!/usr/bin/env node
/**
 * `npm run test:docs`: every code block of the README and the docs runs, unless annotated.
 *
 * Files: README.md, docs/**\/*.md (not the generated docs/reference), and every package's README.md (libs, apps,
 * tools, bench). A fenced block in `bash`/`sh`/`ts` is code; other languages (`text`, `json`, `sql`…) are output or
 * data and are not run. A code block is skipped only when the nearest non-blank line above it is
 * `<!-- not-runnable: <reason> -->`; the reason is printed. Everything else runs, file by file in order, in one
 * sandbox per file:
 *   - `bash`/`sh`: `bash -euo pipefail`, with `goe` on PATH (the built CLI), `OFFLOAD_HOME` and `HOME` in the
 *     sandbox, and a PGlite source `sh.sales` at `$OFFLOAD_HOME/demo` (seeded once by `goe demo`);
 *   - `ts`: type-checked (strict, `module: nodenext`) against the workspace packages' builds, compiled and run with
 *     node in the same environment.
 * Prints each block's outcome and how many ran; writes `[{name, ok}]` (tools/ci-summary.mjs counts it).
 *
 * Usage: node tools/doc-blocks/run.mjs [report.json] [--only <file>]   (build first: npx nx run-many -t build)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const WORK = join(ROOT, '.tmp', 'doc-blocks');
const args = process.argv.slice(2);
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? args.splice(onlyAt, 2)[1] : undefined;
const REPORT = resolve(args[0] ?? join(WORK, 'report.json'));
const GOE = join(ROOT, 'apps', 'cli', 'dist', 'goe.js');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const CODE = new Set(['bash', 'sh', 'ts']);

/** The Markdown files whose blocks are checked, relative to the root. */
export function docFiles() {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.md'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\n')
    .filter(Boolean);
  return files
    .filter(
      (f) =>
        f === 'README.md' ||
        (f.startsWith('docs/') && !f.startsWith('docs/reference/')) ||
        /^(libs|apps|tools|bench)\/.*README\.md$/.test(f),
    )
    .filter((f) => !f.includes('/test/') && !f.includes('node_modules/'))
    .sort();
}

/** The fenced blocks of a Markdown text: language, code, line, and the `not-runnable` reason above it, if any. */
export function codeBlocks(text) {
  const lines = text.split('\n');
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(\w*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const indent = open[1].length;
    let j = i + 1;
    while (j < lines.length && !/^\s*```\s*$/.test(lines[j])) j++;
    let k = i - 1;
    while (k >= 0 && lines[k].trim() === '') k--;
    const reason = k >= 0 ? /^\s*<!--\s*not-runnable:\s*(.+?)\s*-->\s*$/.exec(lines[k])?.[1] : undefined;
    const code = lines
      .slice(i + 1, j)
      .map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length)))
      .join('\n');
    out.push({ lang: open[2], code, line: i + 1, reason });
    i = j;
  }
  return out;
}

/** Seeds `sh.sales` in a PGlite directory (argv[1]) with the CLI's PGlite. */
const SEED = `
import { createRequire } from 'node:module';
const require = createRequire(${JSON.stringify(join(ROOT, 'apps', 'cli', 'package.json'))});
const { PGlite } = await import(require.resolve('@electric-sql/pglite'));
const db = await PGlite.create(process.argv[1]);
await db.exec(\`CREATE SCHEMA sh;
  CREATE TABLE sh.sales (id bigint PRIMARY KEY, region char(2) NOT NULL, amount numeric(12,2), sold date NOT NULL, note text);
  INSERT INTO sh.sales SELECT g, (ARRAY['EU','UK','US','JP'])[1 + g % 4], round((g % 1000) / 7.0, 2),
    DATE '2024-01-01' + (g % 365), 'sale ' || g FROM generate_series(1, 2000) AS g;\`);
await db.close();
`;

function sandbox(file) {
  const dir = join(WORK, file.replace(/[^A-Za-z0-9]+/g, '_'));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // shell blocks run outside the workspace: an `npm` command in a block must never find the repository's package.json
  const home = mkdtempSync(join(tmpdir(), 'goe-doc-blocks-'));
  const bin = join(home, '.bin');
  mkdirSync(home, { recursive: true });
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'goe'), `#!/bin/sh\nexec "${process.execPath}" "${GOE}" "$@"\n`);
  chmodSync(join(bin, 'goe'), 0o755);
  const offloadHome = join(home, '.goe');
  const env = {
    PATH: `${bin}:${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
    HOME: home,
    OFFLOAD_HOME: offloadHome,
    NO_COLOR: '1',
  };
  // the source the docs' examples read: sh.sales of SOURCE_ROWS rows in an embedded PostgreSQL, never offloaded yet
  const source = join(home, 'source');
  const seeded = spawnSync(process.execPath, ['--input-type=module', '-e', SEED, source], { env, encoding: 'utf8' });
  if (seeded.status !== 0) throw new Error(`seeding the docs' source failed:\n${seeded.stderr}`);
  return { dir, home, env: { ...env, POSTGRES_CONN: `pglite://${source}` } };
}

function runBash(code, box) {
  return spawnSync('bash', ['-euo', 'pipefail', '-c', code], {
    cwd: box.home,
    env: box.env,
    encoding: 'utf8',
    timeout: 300_000,
  });
}

function runTs(code, box, n) {
  // inside the workspace, so that @goe/* resolve to the workspace packages' builds
  const dir = join(box.dir, `ts-${n}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "type": "module", "private": true }\n');
  writeFileSync(join(dir, 'index.ts'), code);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        target: 'es2022',
        module: 'nodenext',
        moduleResolution: 'nodenext',
        outDir: 'out',
        types: ['node'],
        typeRoots: [join(ROOT, 'node_modules', '@types')],
      },
      include: ['index.ts'],
    }),
  );
  const tsc = spawnSync(process.execPath, [TSC, '-p', dir], { encoding: 'utf8' });
  if (tsc.status !== 0) return { status: tsc.status, stdout: tsc.stdout, stderr: `type check failed:\n${tsc.stderr}` };
  return spawnSync(process.execPath, [join(dir, 'out', 'index.js')], {
    cwd: box.home,
    env: box.env,
    encoding: 'utf8',
    timeout: 300_000,
  });
}

function main() {
  const results = [];
  const skipped = [];
  let notCode = 0;
  for (const file of docFiles()) {
    if (only !== undefined && file !== only) continue;
    const blocks = codeBlocks(readFileSync(join(ROOT, file), 'utf8'));
    const runnable = blocks.filter((b) => CODE.has(b.lang) && b.reason === undefined);
    notCode += blocks.filter((b) => !CODE.has(b.lang)).length;
    for (const b of blocks.filter((x) => CODE.has(x.lang) && x.reason !== undefined)) {
      skipped.push(`${file}:${b.line} (${b.lang}): ${b.reason}`);
    }
    if (runnable.length === 0) continue;
    const box = sandbox(file);
    try {
      runnable.forEach((b, n) => {
        const name = `${file}:${b.line} (${b.lang})`;
        const t0 = Date.now();
        const r = b.lang === 'ts' ? runTs(b.code, box, n) : runBash(b.code, box);
        const ok = r.status === 0;
        results.push({ name, ok });
        console.log(`${ok ? 'ok     ' : 'FAILED '} ${name} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
        if (!ok)
          console.log(
            `${b.code}\n--- stdout\n${(r.stdout ?? '').slice(-2000)}\n--- stderr\n${(r.stderr ?? '').slice(-3000)}${r.error ? `\n${r.error}` : ''}`,
          );
      });
    } finally {
      rmSync(box.home, { recursive: true, force: true });
    }
  }
  for (const s of skipped) console.log(`skipped ${s}`);
  mkdirSync(dirname(REPORT), { recursive: true });
  writeFileSync(REPORT, JSON.stringify(results, null, 2));
  const failed = results.filter((r) => !r.ok).length;
  console.log(
    `doc code blocks: ${results.length} ran, ${skipped.length} not runnable (annotated), ${notCode} not code (output/data); ` +
      `files under ${relative(ROOT, WORK)}`,
  );
  console.log(`${results.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
