#!/usr/bin/env node
/**
 * Release checks for every publishable (non-private) workspace package. Per package:
 *
 * - `publint`: publint --strict;
 * - `attw`: @arethetypeswrong/cli --pack, node16 profile;
 * - `tarball`: `npm pack --dry-run --json` lists package.json, README.md, LICENSE (byte-identical to the root
 *   LICENSE), every file that `exports`/`main`/`module`/`types`/`typings`/`bin` names, and no source map
 *   (`*.map`: tsup.base.ts builds them for our own coverage; each package's `files` excludes them with a negated
 *   glob), nothing under `src/` and no test files (`test/`, `tests/`, `__tests__/`, `*.test.*`, `*.spec.*`);
 * - `publish`: `npm publish --dry-run --offline --ignore-scripts --access public --tag latest`, which must exit 0
 *   without an `npm warn publish` other than the missing login (npm's "auto-corrected some errors in your
 *   package.json" means the published manifest would differ from ours: run `npm pkg fix` in the package).
 *
 * Why `--offline`: npm 11's `publish --dry-run` still fetches the package's packument from the registry (to refuse
 * republishing a version, or an implicit `latest` below the highest published version). It ignores a failed fetch,
 * but only after its retries (about 70 s per package when the registry is unreachable); `--offline` skips the
 * request, so this check is deterministic and contacts nothing. Whether the version is already published is left to
 * `changeset publish`, which skips published versions. `--ignore-scripts`: no lifecycle script runs (the packages
 * have none; builds are done beforehand). `--access public` (scoped packages are restricted by default): what
 * `changeset publish` passes (`access` in .changeset/config.json); `--tag latest`: a release's tag. The login
 * warning (`This command requires you to be logged in … (dry-run)`) is expected.
 *
 * Packages must be built first (`npx nx run-many -t build`). Prints `ok      <package> <check>` or
 * `FAILED  <package> <check>` with the reason, then a summary line; exits 1 when any check failed.
 *
 * Usage: node tools/check-packages.mjs [--json <file>] [<package name>…]
 *   --json: writes `[{name, ok}]` (plus `detail` on failures; tools/ci-summary.mjs counts it); names: only those
 *   packages (default every public workspace package).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, dirname, posix } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const rootLicense = readFileSync(join(root, 'LICENSE'));
const out = execFileSync('npm', ['query', '.workspace'], { cwd: root, encoding: 'utf8' });
const args = process.argv.slice(2);
const jsonAt = args.indexOf('--json');
const jsonFile = jsonAt >= 0 ? args.splice(jsonAt, 2)[1] : undefined;
const packages = JSON.parse(out).filter((p) => !p.private && (args.length === 0 || args.includes(p.name)));
const unknown = args.filter((a) => !packages.some((p) => p.name === a));
if (unknown.length) {
  console.error(`check-packages: no public workspace package named ${unknown.join(', ')}`);
  process.exit(2);
}

/** Runs a command in a package directory; throws (with `stdout`/`stderr`) when it exits non-zero. */
const run = (cmd, argv, dir) =>
  execFileSync(cmd, argv, { cwd: dir, encoding: 'utf8', stdio: 'pipe', maxBuffer: 64 * 1024 * 1024 });

/** A manifest path as it appears in the tarball listing: `./dist/x.js` → `dist/x.js`. */
const tarPath = (p) => posix.normalize(p.replace(/^\.\//, ''));

/** Every file path that `exports`/`main`/`module`/`types`/`typings`/`bin` of a manifest refers to. */
function referencedFiles(manifest) {
  const refs = new Set();
  const walk = (value) => {
    if (typeof value === 'string') refs.add(tarPath(value));
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(manifest.exports);
  for (const field of ['main', 'module', 'types', 'typings']) if (manifest[field]) walk(manifest[field]);
  walk(manifest.bin);
  return [...refs];
}

const TEST_FILE = /(^|\/)(test|tests|__tests__)\/|\.(test|spec)\.[cm]?[jt]sx?$/;

/** `npm pack --dry-run --json`: what the tarball holds. Returns the problems found (empty when fine). */
function checkTarball(dir) {
  const [listing] = JSON.parse(run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], dir));
  const files = new Map(listing.files.map((f) => [f.path, f]));
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const refs = referencedFiles(manifest);
  const problems = [];
  const required = [...new Set(['package.json', 'README.md', 'LICENSE', ...refs.filter((p) => !p.includes('*'))])];
  const missing = required.filter((p) => !files.has(p));
  for (const pattern of refs.filter((p) => p.includes('*'))) {
    const re = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('[^]*')}$`);
    if (![...files.keys()].some((p) => re.test(p))) missing.push(`${pattern} (no file matches)`);
  }
  if (missing.length) problems.push(`missing: ${missing.join(', ')}`);
  if (files.has('LICENSE')) {
    const local = join(dir, 'LICENSE');
    if (
      !existsSync(local) ||
      !readFileSync(local).equals(rootLicense) ||
      files.get('LICENSE').size !== rootLicense.length
    )
      problems.push('LICENSE differs from the root LICENSE');
  }
  const extra = [...files.keys()].filter((p) => p.endsWith('.map') || p.startsWith('src/') || TEST_FILE.test(p));
  if (extra.length) problems.push(`extra: ${extra.join(', ')}`);
  return problems;
}

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `npm publish --dry-run` (see the header comment for the flags). Returns the problems found. */
function checkPublish(dir, pkg) {
  const flags = ['publish', '--dry-run', '--offline', '--ignore-scripts', '--access', 'public', '--tag', 'latest'];
  const r = spawnSync('npm', flags, { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) return [`npm ${flags.join(' ')} exited ${r.status ?? r.signal}\n${r.stderr}`.trim()];
  const published = `+ ${pkg.name}@${pkg.version}`;
  const problems = r.stdout.split('\n').includes(published) ? [] : [`npm publish did not print "${published}"`];
  const warnings = r.stderr
    .split('\n')
    .filter((l) => l.startsWith('npm warn') && !/requires you to be logged in to .* \(dry-run\)/.test(l));
  if (warnings.length) problems.push(`npm publish warns:\n${warnings.join('\n')}`);
  return problems;
}

const results = [];
const record = (name, problems) => {
  const ok = problems.length === 0;
  results.push(ok ? { name, ok } : { name, ok, detail: problems.join('\n') });
  console.log(ok ? `ok      ${name}` : `FAILED  ${name}\n${problems.join('\n')}`);
};
const attempt = (fn) => {
  try {
    return fn();
  } catch (e) {
    return [`${e.message ?? e}\n${String(e.stdout ?? '')}${String(e.stderr ?? '')}`.trim()];
  }
};

for (const pkg of packages) {
  const dir = join(root, pkg.location);
  for (const [tool, argv] of [
    ['publint', ['publint', '--strict']],
    ['attw', ['attw', '--pack', '.', '--profile', 'node16', '--format', 'ascii']],
  ]) {
    const name = `${pkg.name} ${tool}`;
    try {
      run('npx', ['--no-install', ...argv], dir);
      record(name, []);
    } catch (e) {
      record(name, [`${String(e.stdout ?? '')}${String(e.stderr ?? '')}`]);
    }
  }
  record(
    `${pkg.name} tarball`,
    attempt(() => checkTarball(dir)),
  );
  record(
    `${pkg.name} publish`,
    attempt(() => checkPublish(dir, pkg)),
  );
}
if (jsonFile) writeFileSync(jsonFile, JSON.stringify(results, null, 2));
const failed = results.filter((r) => !r.ok).length;
console.log(`check-packages: ${results.length - failed} ok, ${failed} failed (${packages.length} packages)`);
process.exit(failed ? 1 : 0);
