// Installers shared by several engines: the npm project, Python venvs, Go tools, Maven Central jars.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, NODE_MODULES, BIN, JARS, VENV, exists, mkdirp, run, log, runSync } from './common.mjs';

// Engines install concurrently (`engines install all`); steps they share (npm ci, a venv) run once.
const steps = new Map();
function once(key, fn) {
  if (!steps.has(key)) steps.set(key, fn().finally(() => setTimeout(() => steps.delete(key), 0)));
  return steps.get(key);
}

/** `npm ci` in tools/engines (its own npm project, not a workspace member) unless already current. */
export function ensureNodeModules() {
  return once('npm', npmCi);
}

async function npmCi() {
  const lock = path.join(ROOT, 'package-lock.json');
  const marker = path.join(NODE_MODULES, '.package-lock.json');
  if (exists(marker) && fs.statSync(marker).mtimeMs >= fs.statSync(lock).mtimeMs) return false;
  // --prefix keeps npm from walking up into the workspace root's package.json
  await run('npm', ['ci', '--prefix', ROOT, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: ROOT,
    timeoutMs: 20 * 60_000,
  });
  return true;
}

export const nodeModule = (name) => path.join(NODE_MODULES, name);
export const nodeModulesReady = () => exists(path.join(NODE_MODULES, '.package-lock.json'));

export const venvDir = (name) => path.join(VENV, name);
export const venvBin = (name, exe) => path.join(VENV, name, 'bin', exe);

/** A Python venv per engine (.venv/<name>) from a pinned requirements file (python/<name>-requirements.txt). */
export function ensureVenv(name) {
  return once(`venv:${name}`, () => makeVenv(name));
}

async function makeVenv(name) {
  const dir = venvDir(name);
  const reqFile = path.join(ROOT, 'python', `${name}-requirements.txt`);
  const stamp = path.join(dir, '.goe-requirements');
  const want = fs.readFileSync(reqFile, 'utf8');
  if (exists(stamp) && fs.readFileSync(stamp, 'utf8') === want) return false;
  mkdirp(VENV);
  if (!exists(venvBin(name, 'python'))) await run('python3', ['-m', 'venv', dir]);
  await run(venvBin(name, 'pip'), ['install', '--quiet', '--disable-pip-version-check', '-r', reqFile], {
    timeoutMs: 25 * 60_000,
  });
  fs.writeFileSync(stamp, want);
  return true;
}

export const venvReady = (name) => {
  const stamp = path.join(venvDir(name), '.goe-requirements');
  const reqFile = path.join(ROOT, 'python', `${name}-requirements.txt`);
  return exists(stamp) && fs.readFileSync(stamp, 'utf8') === fs.readFileSync(reqFile, 'utf8');
};

/** `go install` into .bin; either `module@version` or a tools module dir (go.mod with `tool` lines). */
export function goInstall(exe, opts) {
  return once(`go:${exe}`, () => goInstallNow(exe, opts));
}

async function goInstallNow(exe, { pkg, toolsModule }) {
  if (exists(path.join(BIN, exe))) return false;
  mkdirp(BIN);
  const env = { GOBIN: BIN, GOFLAGS: '-buildvcs=false', GOTOOLCHAIN: 'local' };
  // no DWARF/symbol tables: the bigquery-emulator link otherwise peaks at ~6 GB RSS and takes minutes
  const flags = ['-trimpath', '-ldflags=-s -w'];
  if (toolsModule) await run('go', ['install', ...flags, 'tool'], { cwd: toolsModule, env, timeoutMs: 35 * 60_000 });
  else await run('go', ['install', ...flags, pkg], { env, timeoutMs: 35 * 60_000 });
  return true;
}

/** Download a jar from Maven Central into .jars (no transitive deps needed for the JDBC driver). */
export function mavenJar(group, artifact, version) {
  return once(`jar:${artifact}`, () => download(group, artifact, version));
}

async function download(group, artifact, version) {
  const file = path.join(JARS, `${artifact}-${version}.jar`);
  if (exists(file)) return file;
  mkdirp(JARS);
  const url = `https://repo1.maven.org/maven2/${group.replace(/\./g, '/')}/${artifact}/${version}/${artifact}-${version}.jar`;
  log(`download ${url}`);
  const res = await fetch(url, { signal: AbortSignal.timeout(120_000) });
  if (!res.ok) throw new Error(`Maven Central: HTTP ${res.status} for ${url}`);
  const buf = Buffer.from(await res.arrayBuffer());
  if (buf.subarray(0, 2).toString() !== 'PK') throw new Error(`not a jar: ${url}`);
  fs.writeFileSync(`${file}.part`, buf);
  fs.renameSync(`${file}.part`, file);
  return file;
}

export function javaVersion() {
  const r = runSync('java', ['-version']);
  return r.code === 0 ? (/version "([^"]+)"/.exec(r.out)?.[1] ?? r.out.split('\n')[0]) : null;
}
