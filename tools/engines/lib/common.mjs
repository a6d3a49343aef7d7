// Shared helpers for the engine modules: paths, ports, processes, health waits, env/state files.
// Only Node built-ins here: the CLI must run before `npm ci` has populated node_modules.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const RUN = path.join(ROOT, '.run');
export const BIN = path.join(ROOT, '.bin');
export const JARS = path.join(ROOT, '.jars');
export const VENV = path.join(ROOT, '.venv');
export const CACHE = path.join(ROOT, '.cache');
export const NODE_MODULES = path.join(ROOT, 'node_modules');
export const ENV_FILE = path.join(RUN, 'engines.env');

export const dataDir = (name) => path.join(RUN, 'data', name);
export const logFile = (name) => path.join(RUN, `${name}.log`);
const pidFile = (name) => path.join(RUN, `${name}.pid`);
const stateFile = (name) => path.join(RUN, `${name}.state.json`);
const engineEnvFile = (name) => path.join(RUN, `${name}.env`);

export function log(msg) {
  process.stderr.write(`[engines ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

export function mkdirp(dir) {
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

export const exists = (p) => fs.existsSync(p);
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A free TCP port on 127.0.0.1 (the OS picks it; tiny race window accepted). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Run a command to completion; rejects with its output on non-zero exit or timeout. */
export function run(cmd, args = [], { env, cwd, timeoutMs = 30 * 60_000, logTo, quiet } = {}) {
  return new Promise((resolve, reject) => {
    if (!quiet) log(`$ ${[cmd, ...args].join(' ')}`);
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const sink = logTo ? fs.createWriteStream(logTo, { flags: 'a' }) : null;
    const onData = (d) => {
      out += d;
      if (out.length > 200_000) out = out.slice(-100_000);
      sink?.write(d);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timeout after ${timeoutMs} ms: ${cmd} ${args.join(' ')}\n${out.slice(-2000)}`));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      sink?.end();
      if (code === 0) resolve(out);
      else reject(new Error(`exit ${code}: ${cmd} ${args.join(' ')}\n${out.slice(-3000)}`));
    });
  });
}

export function runSync(cmd, args = [], opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  return { code: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim(), error: r.error };
}

export function which(cmd) {
  const r = runSync('bash', ['-c', `command -v ${cmd}`]);
  return r.code === 0 ? r.out : null;
}

/** Start a long-running process in its own process group, logging to .run/<name>.log, pid in .run/<name>.pid. */
export function spawnDaemon(name, cmd, args, { env, cwd } = {}) {
  mkdirp(RUN);
  const fd = fs.openSync(logFile(name), 'w');
  log(`start ${name}: ${[cmd, ...args].join(' ')}`);
  const child = spawn(cmd, args, {
    env: { ...process.env, ...env },
    cwd: cwd ?? ROOT,
    detached: true,
    stdio: ['ignore', fd, fd],
  });
  fs.closeSync(fd);
  const info = { exited: false, code: null };
  child.on('exit', (code, signal) => Object.assign(info, { exited: true, code: code ?? signal }));
  child.on('error', (e) => Object.assign(info, { exited: true, code: e.message }));
  child.unref();
  fs.writeFileSync(pidFile(name), String(child.pid));
  return { pid: child.pid, info, name };
}

export function readPid(name) {
  try {
    const pid = Number(fs.readFileSync(pidFile(name), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

export function isAlive(pid) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    const st = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(st); // zombie = dead
  } catch {
    return false;
  }
}

/** Stop a daemon we started (by its pid file only): SIGTERM its process group, then SIGKILL after graceMs. */
export async function stopDaemon(name, { graceMs = 15_000 } = {}) {
  const pid = readPid(name);
  if (!pid) return false;
  const signalGroup = (sig) => {
    try {
      process.kill(-pid, sig);
    } catch {
      try {
        process.kill(pid, sig);
      } catch {
        /* gone */
      }
    }
  };
  if (isAlive(pid)) {
    signalGroup('SIGTERM');
    const deadline = Date.now() + graceMs;
    while (isAlive(pid) && Date.now() < deadline) await sleep(200);
    if (isAlive(pid)) {
      log(`${name}: still alive after ${graceMs} ms, SIGKILL`);
      signalGroup('SIGKILL');
      await sleep(300);
    }
  }
  // members of the group that outlived the leader (e.g. a JVM child)
  signalGroup('SIGKILL');
  fs.rmSync(pidFile(name), { force: true });
  return true;
}

/** Wait until check() resolves truthy; fail fast if the daemon exited. */
export async function waitFor(what, check, { timeoutMs = 60_000, intervalMs = 300, daemon } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastErr;
  while (Date.now() < deadline) {
    if (daemon?.info.exited) {
      throw new Error(`${what}: process exited (${daemon.info.code}) before it was healthy; log tail:\n${tail(logFile(daemon.name))}`);
    }
    try {
      if (await check()) return;
    } catch (e) {
      lastErr = e;
    }
    await sleep(intervalMs);
  }
  const logPart = daemon ? `; log tail:\n${tail(logFile(daemon.name))}` : '';
  throw new Error(`${what}: not healthy after ${timeoutMs} ms (${lastErr?.message ?? 'no answer'})${logPart}`);
}

export function tail(file, lines = 15) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export function tcpOpen(port, host = '127.0.0.1', timeoutMs = 1000) {
  return new Promise((resolve) => {
    const s = net.connect({ port, host });
    const done = (ok) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.on('connect', () => done(true));
    s.on('error', () => done(false));
  });
}

/** Any HTTP answer (status < 500 unless allowAny) counts as healthy. */
export function httpGet(url, { timeoutMs = 3000, method = 'GET', body, headers } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, timeout: timeoutMs, headers }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (data += d));
      res.on('end', () => resolve({ status: res.statusCode, body: data }));
    });
    req.on('timeout', () => req.destroy(new Error('http timeout')));
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

// ---- state and env files -------------------------------------------------------------------------

export function readState(name) {
  try {
    return JSON.parse(fs.readFileSync(stateFile(name), 'utf8'));
  } catch {
    return null;
  }
}

export function writeState(name, state) {
  mkdirp(RUN);
  fs.writeFileSync(stateFile(name), JSON.stringify({ ...state, updated: new Date().toISOString() }, null, 2));
}

export function clearState(name) {
  fs.rmSync(stateFile(name), { force: true });
  fs.rmSync(engineEnvFile(name), { force: true });
}

const oneLine = (v) => String(v).replace(/\s*\n\s*/g, ' | ');

/** Each engine owns .run/<name>.env; engines.env is their concatenation (what the tests read). */
export function writeEngineEnv(name, vars) {
  mkdirp(RUN);
  const lines = Object.entries(vars).map(([k, v]) => `${k}=${oneLine(v)}`);
  fs.writeFileSync(engineEnvFile(name), `# ${name}\n${lines.join('\n')}\n`);
  rebuildEnvFile();
}

export function rebuildEnvFile() {
  mkdirp(RUN);
  const parts = fs
    .readdirSync(RUN)
    .filter((f) => f.endsWith('.env') && f !== 'engines.env')
    .sort()
    .map((f) => fs.readFileSync(path.join(RUN, f), 'utf8'));
  const header = `# written by tools/engines/engines at ${new Date().toISOString()}; read by tools/engines/test/*\n`;
  fs.writeFileSync(ENV_FILE, header + parts.join(''));
}

export function parseEnvFile(file = ENV_FILE) {
  const vars = {};
  if (!fs.existsSync(file)) return vars;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const i = line.indexOf('=');
    if (i > 0) vars[line.slice(0, i)] = line.slice(i + 1);
  }
  return vars;
}

// ---- measurements --------------------------------------------------------------------------------

/** RSS in MiB of pid and all its descendants (from /proc). */
export function treeRssMiB(rootPid) {
  if (!rootPid) return null;
  const children = new Map();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const st = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(d));
    } catch {
      /* raced */
    }
  }
  let kb = 0;
  const stack = [rootPid];
  while (stack.length) {
    const p = stack.pop();
    try {
      const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'));
      if (m) kb += Number(m[1]);
    } catch {
      /* gone */
    }
    stack.push(...(children.get(p) ?? []));
  }
  return Math.round(kb / 1024);
}

export function duMiB(p) {
  const r = runSync('du', ['-sm', p]);
  return r.code === 0 ? Number(r.out.split(/\s+/)[0]) : null;
}

export const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
