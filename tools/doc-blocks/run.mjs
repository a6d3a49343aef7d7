#!/usr/bin/env node
/**
 * `npm run test:docs`: every code block of the README and the docs runs, unless annotated.
 *
 * Files: README.md, docs/**\/*.md (not the generated docs/reference and docs/api), and every package's README.md
 * (libs, apps, tools, bench). A fenced block in `bash`/`sh`/`ts` is code; other languages (`text`, `json`, `sql`…)
 * are output or data and are not run. The nearest non-blank line above a code block may annotate it:
 *   - `<!-- not-runnable: <reason> -->`: skipped, the reason printed (say which test or CI step proves it instead);
 *   - `<!-- excerpt: <path> -->`: an excerpt of a source file that CI compiles and tests; it is not run, but it must
 *     still be in that file: with comments and commas dropped, each part of the block between `…` lines or marks
 *     must appear in the file, in order, token for token. An excerpt that drifted from its source fails.
 * Everything else runs, file by file in order, in one sandbox per file:
 *   - `bash`/`sh`: `bash -euo pipefail` with its own HOME outside the workspace, `goe` on PATH (the built CLI),
 *     `OFFLOAD_HOME=$HOME/.goe`, a PGlite source `sh.sales` (POSTGRES_CONN), and npm pointed at a local registry
 *     holding this workspace's packages as a release publishes them (tools/consumer/registry.mjs): an install line
 *     such as `npm i -g @goe/cli` really installs (into the sandbox);
 *   - `ts`: type-checked (strict, `module: nodenext`) against the workspace packages' builds, compiled and run with
 *     node in the same environment.
 * Prints each block's outcome and how many ran; writes `[{name, ok}]` (tools/ci-summary.mjs counts it).
 *
 * Usage: node tools/doc-blocks/run.mjs [report.json] [--only <file>]   (build first: npx nx run-many -t build)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publishWorkspace, seedPrebuilds, seedSalesSource, startRegistry } from '../consumer/registry.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const WORK = join(ROOT, '.tmp', 'doc-blocks');
const args = process.argv.slice(2);
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? args.splice(onlyAt, 2)[1] : undefined;
const REPORT = resolve(args[0] ?? join(WORK, 'report.json'));
const GOE = join(ROOT, 'apps', 'cli', 'dist', 'goe.js');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const CODE = new Set(['bash', 'sh', 'ts']);
/** Rows of the docs' source table `sh.sales`. */
const SOURCE_ROWS = 2000;
/** A block that talks to npm gets the local registry (started once, only when some block needs it). */
const NEEDS_REGISTRY = /\bnpm\s+(i|install|add|ci|publish|view)\b/;

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
        (f.startsWith('docs/') && !f.startsWith('docs/reference/') && !f.startsWith('docs/api/')) ||
        /^(libs|apps|tools|bench)\/.*README\.md$/.test(f),
    )
    .filter((f) => !f.includes('/test/') && !f.includes('node_modules/'))
    .sort();
}

/** The fenced blocks of a Markdown text: language, code, line, and its annotation (`reason` or `excerpt`), if any. */
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
    const above = k >= 0 ? lines[k] : '';
    const reason = /^\s*<!--\s*not-runnable:\s*(.+?)\s*-->\s*$/.exec(above)?.[1];
    const excerpt = /^\s*<!--\s*excerpt:\s*(\S+)\s*-->\s*$/.exec(above)?.[1];
    const code = lines
      .slice(i + 1, j)
      .map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length)))
      .join('\n');
    out.push({ lang: open[2], code, line: i + 1, reason, excerpt });
    i = j;
  }
  return out;
}

/** Source text as tokens, comments and commas dropped (`…` kept: it separates an excerpt's parts). */
export function tokens(text) {
  const out = [];
  const re =
    /\/\/[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`|\.\.\.|…|[A-Za-z_$][\w$]*|\d[\w.]*|\S/g;
  for (const m of text.matchAll(re)) {
    const t = m[0];
    if (t.startsWith('//') || t.startsWith('/*') || t === ',') continue;
    out.push(t);
  }
  return out;
}

/**
 * Whether `block` is an excerpt of `source`: its parts (split at `…`) appear in the source in order, each as a
 * contiguous run of tokens. Returns undefined when it is, else the first part that was not found.
 */
export function excerptMismatch(block, source) {
  const src = tokens(source);
  const parts = [[]];
  for (const t of tokens(block)) {
    if (t === '…') parts.push([]);
    else parts.at(-1).push(t);
  }
  let from = 0;
  for (const part of parts.filter((p) => p.length > 0)) {
    let found = -1;
    for (let i = from; i + part.length <= src.length && found < 0; i++) {
      if (part.every((t, j) => src[i + j] === t)) found = i;
    }
    if (found < 0) return part.join(' ');
    from = found + part.length;
  }
  return undefined;
}

async function sandbox(file, registry) {
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
  // `npm i -g` installs into the sandbox, and its bin comes first: a block that installs the CLI then runs that one
  const globalPrefix = join(home, '.npm-global');
  const env = {
    PATH: `${join(globalPrefix, 'bin')}:${bin}:${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
    HOME: home,
    OFFLOAD_HOME: offloadHome,
    NO_COLOR: '1',
    ...(registry ? { NPM_CONFIG_USERCONFIG: registry.npmrc, NPM_CONFIG_PREFIX: globalPrefix } : {}),
  };
  // the source the docs' examples read: sh.sales of SOURCE_ROWS rows in an embedded PostgreSQL, never offloaded yet
  if (registry) seedPrebuilds(join(home, '.npm'));
  const source = join(home, 'source');
  await seedSalesSource(source, SOURCE_ROWS);
  return { dir, home, env: { ...env, POSTGRES_CONN: `pglite://${source}` } };
}

function runBash(code, box) {
  // stdin is /dev/null: with a socket there, Debian's bash takes itself for an ssh session and reads bash.bashrc
  return spawnSync('bash', ['-euo', 'pipefail', '-c', code], {
    stdio: ['ignore', 'pipe', 'pipe'],
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
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: box.home,
    env: box.env,
    encoding: 'utf8',
    timeout: 300_000,
  });
}

async function main() {
  const results = [];
  const skipped = [];
  let notCode = 0;
  let excerpts = 0;
  const files = docFiles()
    .filter((file) => only === undefined || file === only)
    .map((file) => ({ file, blocks: codeBlocks(readFileSync(join(ROOT, file), 'utf8')) }));
  const record = (name, ok, detail = '', t0 = Date.now()) => {
    results.push({ name, ok });
    console.log(`${ok ? 'ok     ' : 'FAILED '} ${name} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    if (!ok) console.log(detail);
  };
  let registry;
  const needsRegistry = files.some(({ blocks }) =>
    blocks.some((b) => CODE.has(b.lang) && !b.reason && !b.excerpt && NEEDS_REGISTRY.test(b.code)),
  );
  try {
    if (needsRegistry) {
      const t0 = Date.now();
      registry = await startRegistry(join(WORK, 'npm'));
      const published = publishWorkspace(registry);
      for (const p of published.filter((x) => !x.ok)) record(`npm publish ${p.name} (local registry)`, false, p.detail);
      console.log(`local registry ${registry.url}: ${published.length} packages published in ${Date.now() - t0} ms`);
    }
    for (const { file, blocks } of files) {
      notCode += blocks.filter((b) => !CODE.has(b.lang)).length;
      for (const b of blocks.filter((x) => CODE.has(x.lang) && x.reason !== undefined)) {
        skipped.push(`${file}:${b.line} (${b.lang}): ${b.reason}`);
      }
      for (const b of blocks.filter((x) => CODE.has(x.lang) && x.reason === undefined && x.excerpt !== undefined)) {
        excerpts++;
        const path = join(ROOT, b.excerpt);
        const t0 = Date.now();
        const missing = existsSync(path)
          ? excerptMismatch(b.code, readFileSync(path, 'utf8'))
          : `(no file ${b.excerpt})`;
        record(
          `${file}:${b.line} (${b.lang}) is an excerpt of ${b.excerpt}`,
          missing === undefined,
          `not found in ${b.excerpt}, in order: ${missing}`,
          t0,
        );
      }
      const runnable = blocks.filter((b) => CODE.has(b.lang) && b.reason === undefined && b.excerpt === undefined);
      if (runnable.length === 0) continue;
      const box = await sandbox(file, registry);
      try {
        runnable.forEach((b, n) => {
          const t0 = Date.now();
          const r = b.lang === 'ts' ? runTs(b.code, box, n) : runBash(b.code, box);
          record(
            `${file}:${b.line} (${b.lang})`,
            r.status === 0,
            `${b.code}\n--- stdout\n${(r.stdout ?? '').slice(-2000)}\n--- stderr\n${(r.stderr ?? '').slice(-3000)}${r.error ? `\n${r.error}` : ''}`,
            t0,
          );
        });
      } finally {
        rmSync(box.home, { recursive: true, force: true });
      }
    }
  } finally {
    registry?.stop();
  }
  for (const s of skipped) console.log(`skipped ${s}`);
  mkdirSync(dirname(REPORT), { recursive: true });
  writeFileSync(REPORT, JSON.stringify(results, null, 2));
  const failed = results.filter((r) => !r.ok).length;
  console.log(
    `doc code blocks: ${results.length - excerpts} ran, ${excerpts} excerpts checked against their source, ` +
      `${skipped.length} not runnable (annotated), ${notCode} not code (output/data); files under ${relative(ROOT, WORK)}`,
  );
  console.log(`${results.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
