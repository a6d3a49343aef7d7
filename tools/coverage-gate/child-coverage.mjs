/**
 * Coverage of child processes (issue #11: "child processes counted"), shared by the worker and main halves of
 * tools/coverage-gate/provider.mjs.
 *
 * Worker side ({@link enableChildCoverage}): every Node child a test starts writes V8's raw coverage into
 * `<dir>/raw` through `NODE_V8_COVERAGE` — set in the worker's environment for children that inherit it, and
 * added to an explicit `env` option of `child_process` calls (tests often start the CLI with a clean environment).
 * After each test file ({@link compactChildCoverage}) the raw files are cut down to the scripts that can matter
 * (outside `node_modules`, except its `.cache` where test children are bundled) and the code and source map of
 * each such script is saved once in `<dir>/sources`, because temporary child bundles are deleted when the worker
 * exits.
 *
 * Main side ({@link readChildCoverage}, {@link addChildCoverage}): the compacted coverage is merged per script,
 * remapped through the scripts' source maps by Vitest's own V8 → Istanbul conversion and added onto the in-process
 * coverage map, so each source file keeps one statement/branch/function structure.
 */
import childProcess from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { mergeProcessCovs } from '@bcoe/v8-coverage';

/** Environment variable through which the main process tells its workers where children write coverage. */
export const CHILD_COVERAGE_ENV = 'GOE_CHILD_V8_COVERAGE';

const PATCHED = Symbol.for('goe.childCoverage.patched');
let compactSeq = 0;

/**
 * In a Vitest worker: makes every Node child process write raw V8 coverage into `<dir>/raw`. Idempotent.
 *
 * @param {string} dir
 */
export function enableChildCoverage(dir) {
  const raw = join(dir, 'raw');
  mkdirSync(raw, { recursive: true });
  // Like /tmp: a child a test starts as another user (spawn's uid option) can write its file too; otherwise Node
  // prints a warning on its stderr, which tests of the one-line error rule would see.
  chmodSync(raw, 0o1777);
  process.env.NODE_V8_COVERAGE = raw;
  if (globalThis[PATCHED]) return;
  globalThis[PATCHED] = true;
  // An explicit `env` replaces the inherited environment: add NODE_V8_COVERAGE to it. Node's own helpers call the
  // unpatched functions internally, so each public entry point is wrapped, and so is the promisified form
  // `util.promisify(execFile)` uses (it resolves `{ stdout, stderr }`, which a plain wrapper would lose).
  const withCoverageEnv = (args) => {
    const out = [...args];
    for (let i = 1; i < out.length; i++) {
      const a = out[i];
      if (a !== null && typeof a === 'object' && !Array.isArray(a)) {
        if (a.env !== undefined && a.env !== null && a.env.NODE_V8_COVERAGE === undefined) {
          out[i] = { ...a, env: { ...a.env, NODE_V8_COVERAGE: raw } };
        }
        break;
      }
    }
    return out;
  };
  for (const name of ['spawn', 'spawnSync', 'fork', 'execFile', 'execFileSync', 'exec', 'execSync']) {
    const original = childProcess[name];
    const wrapped = function (...args) {
      return original.apply(this, withCoverageEnv(args));
    };
    Object.defineProperty(wrapped, 'name', { value: original.name });
    const custom = original[promisify.custom];
    if (typeof custom === 'function') {
      wrapped[promisify.custom] = function (...args) {
        return custom.apply(this, withCoverageEnv(args));
      };
    }
    childProcess[name] = wrapped;
  }
  syncBuiltinESMExports(); // `import { spawnSync } from 'node:child_process'` sees the wrapped functions
}

/** Whether a script's coverage is worth keeping: a file outside node_modules (test bundles in `.cache` count). */
function interesting(url) {
  if (!url.startsWith('file://')) return false;
  return !url.includes('/node_modules/') || url.includes('/node_modules/.cache/');
}

/** The source map of a script: from Node's source-map cache, else its `sourceMappingURL` (file or inline). */
function sourceMapOf(url, code, cache) {
  const cached = cache?.[url]?.data;
  if (cached) return cached;
  const m = /\/\/[#@] sourceMappingURL=([^\s'"]+)\s*$/.exec(code.slice(-4096));
  if (m === null) return undefined;
  try {
    if (m[1].startsWith('data:')) {
      return JSON.parse(Buffer.from(m[1].slice(m[1].indexOf(',') + 1), 'base64').toString('utf8'));
    }
    return JSON.parse(readFileSync(resolve(dirname(fileURLToPath(url)), decodeURIComponent(m[1])), 'utf8'));
  } catch {
    return undefined;
  }
}

const sourceFile = (dir, url) => join(dir, 'sources', `${createHash('sha1').update(url).digest('hex')}.json`);

/**
 * Cuts the raw coverage files written so far down to interesting scripts, merged into one `compact-*.json`, and
 * saves each script's code and source map once. A raw file still being written (unparsable) is left for later;
 * each raw file is taken by exactly one process (rename), so none is counted twice.
 *
 * @param {string} dir
 */
export function compactChildCoverage(dir) {
  const raw = join(dir, 'raw');
  if (!existsSync(raw)) return;
  mkdirSync(join(dir, 'sources'), { recursive: true });
  const covs = [];
  const done = [];
  for (const name of readdirSync(raw)) {
    if (!name.endsWith('.json')) continue;
    // Several workers compact the same directory: whoever renames a file first owns it.
    const path = join(raw, name);
    const taken = `${path}.${process.pid}.taken`;
    try {
      renameSync(path, taken);
    } catch {
      continue;
    }
    let data;
    try {
      data = JSON.parse(readFileSync(taken, 'utf8'));
    } catch {
      renameSync(taken, path); // still being written: left for later
      continue;
    }
    done.push(taken);
    const result = (data.result ?? []).filter((s) => interesting(s.url));
    for (const s of result) {
      const target = sourceFile(dir, s.url);
      if (existsSync(target)) continue;
      let code;
      try {
        code = readFileSync(fileURLToPath(s.url), 'utf8');
      } catch {
        continue; // gone already: its coverage cannot be mapped
      }
      const tmp = `${target}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ url: s.url, code, map: sourceMapOf(s.url, code, data['source-map-cache']) }));
      renameSync(tmp, target);
    }
    if (result.length) covs.push({ result: result.map(({ url, functions }) => ({ scriptId: '0', url, functions })) });
  }
  if (covs.length) {
    const out = join(dir, `compact-${process.pid}-${Date.now()}-${compactSeq++}.json`);
    writeFileSync(`${out}.tmp`, JSON.stringify(mergeProcessCovs(covs)));
    renameSync(`${out}.tmp`, out);
  }
  for (const p of done) rmSync(p, { force: true });
}

/**
 * In the main process, after the run: all child coverage merged per script, with code and source map —
 * `{ url, functions, code, map }[]` — for the scripts whose code was saved.
 *
 * @param {string} dir
 */
export function readChildCoverage(dir) {
  if (!existsSync(dir)) return [];
  compactChildCoverage(dir); // children that exited after their worker's last test file
  const covs = readdirSync(dir)
    .filter((n) => n.startsWith('compact-') && n.endsWith('.json'))
    .map((n) => JSON.parse(readFileSync(join(dir, n), 'utf8')));
  if (covs.length === 0) return [];
  const scripts = [];
  for (const { url, functions } of mergeProcessCovs(covs).result) {
    const file = sourceFile(dir, url);
    if (!existsSync(file)) continue;
    const { code, map } = JSON.parse(readFileSync(file, 'utf8'));
    if (map) {
      // Absolute sources, as Vitest's conversion expects them (relative ones are relative to the script).
      map.sources = (map.sources ?? []).map((s) => (s == null ? s : new URL(s, url).href));
      delete map.sourceRoot;
    }
    scripts.push({ url, functions, code, map });
  }
  return scripts;
}

/**
 * Pairs the entries of a child map with those of the target map describing the same source construct: first by
 * identical start position, then — the two transforms sometimes start a construct at a different column (e.g.
 * `export const f = () =>` at `export` or at `f`) — the remaining ones of a line in column order when both maps
 * have the same number of them there.
 *
 * @template T
 * @param {Record<string, T>} target
 * @param {Record<string, T>} child
 * @param {(v: T) => { line: number, column: number }} startOf
 * @param {(t: T, c: T) => boolean} compatible
 * @returns {[string, string][]} pairs of [target id, child id]
 */
function pair(target, child, startOf, compatible) {
  const key = (v) => `${startOf(v).line}:${startOf(v).column}`;
  const byStart = new Map();
  for (const [id, v] of Object.entries(target)) {
    const list = byStart.get(key(v)) ?? [];
    list.push(id);
    byStart.set(key(v), list);
  }
  const pairs = [];
  const used = new Set();
  const leftover = [];
  for (const [id, v] of Object.entries(child)) {
    const t = (byStart.get(key(v)) ?? []).find((tid) => !used.has(tid) && compatible(target[tid], v));
    if (t === undefined) leftover.push(id);
    else {
      used.add(t);
      pairs.push([t, id]);
    }
  }
  const byLine = (ids, map) => {
    const m = new Map();
    for (const id of ids) {
      const line = startOf(map[id]).line;
      m.set(line, [...(m.get(line) ?? []), id]);
    }
    for (const list of m.values()) list.sort((a, b) => startOf(map[a]).column - startOf(map[b]).column);
    return m;
  };
  const targetLines = byLine(
    Object.keys(target).filter((id) => !used.has(id)),
    target,
  );
  for (const [line, ids] of byLine(leftover, child)) {
    const candidates = targetLines.get(line) ?? [];
    if (candidates.length !== ids.length) continue;
    ids.forEach((id, i) => {
      if (compatible(target[candidates[i]], child[id])) pairs.push([candidates[i], id]);
    });
  }
  return pairs;
}

/**
 * Adds the hits of `child` (a child-process FileCoverage of the same source file) onto `target` (the in-process
 * one, which owns the structure), pairing statements, functions and branches by where they start in the source
 * ({@link pair}). What cannot be paired is counted in `unmatched` and otherwise ignored, so the structure — and
 * with it the totals the thresholds compare — stays the in-process one.
 *
 * @param {{ s: Record<string, number>, statementMap: Record<string, any>, f: Record<string, number>, fnMap: Record<string, any>, b: Record<string, number[]>, branchMap: Record<string, any> }} target FileCoverage data
 * @param {typeof target} child FileCoverage data
 * @returns {{ matched: number, unmatched: number }}
 */
export function addChildCoverage(target, child) {
  const always = () => true;
  const statements = pair(target.statementMap, child.statementMap, (l) => l.start, always);
  for (const [t, c] of statements) target.s[t] += child.s[c];
  const functions = pair(target.fnMap, child.fnMap, (f) => (f.decl ?? f.loc).start, always);
  for (const [t, c] of functions) target.f[t] += child.f[c];
  const branches = pair(
    target.branchMap,
    child.branchMap,
    (b) => b.loc.start,
    (t, c) => t.type === c.type && t.locations.length === c.locations.length,
  );
  for (const [t, c] of branches) target.b[t] = target.b[t].map((n, i) => n + child.b[c][i]);
  const matched = statements.length + functions.length + branches.length;
  const total =
    Object.keys(child.statementMap).length + Object.keys(child.fnMap).length + Object.keys(child.branchMap).length;
  return { matched, unmatched: total - matched };
}
