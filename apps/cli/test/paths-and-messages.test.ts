/**
 * Issue #11, through the bundled `goe` binary: empty or broken paths never write at the file system root, an
 * unusable log directory or OFFLOAD_HOME is one clear line (never a hang), an unreachable PostgreSQL server is
 * CONNECTION_FAILED naming host:port, `--quiet` prints only errors and the result, and user input with control
 * characters stays on one line.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOE_BIN, seedSource, type GoeRun } from './support/run-goe.js';

let root: string;
let pgDir: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'goe-cli-paths-'));
  pgDir = join(root, 'pg');
  await seedSource(pgDir, 20);
}, 180_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

/** A fresh OFFLOAD_HOME (with `offloadEnv` as conf/offload.env when given). */
function freshHome(offloadEnv?: string): string {
  const home = mkdtempSync(join(root, 'home-'));
  if (offloadEnv !== undefined) {
    mkdirSync(join(home, 'conf'));
    writeFileSync(join(home, 'conf', 'offload.env'), offloadEnv, { mode: 0o600 });
  }
  return home;
}

/**
 * Runs the binary with a clean environment and a short timeout (a hang is a failure here, not a stuck suite);
 * `wrap` runs it through another program (e.g. `unshare`).
 */
function goe(
  args: readonly string[],
  env: Record<string, string>,
  options: { wrap?: (argv: string[]) => string[]; spawn?: SpawnSyncOptions } = {},
): GoeRun & { timedOut: boolean } {
  const argv = [process.execPath, GOE_BIN, ...args];
  const [cmd, ...rest] = options.wrap ? options.wrap(argv) : argv;
  const r = spawnSync(cmd!, rest, {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      HOME: join(root, 'user-home'),
      FRONTEND_DISTRIBUTION: 'POSTGRES',
      POSTGRES_CONN: `pglite://${pgDir}`,
      QUERY_ENGINE: 'DUCKDB',
      NO_COLOR: '1',
      ...env,
    },
    timeout: 60_000,
    ...options.spawn,
  });
  const timedOut = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT' || r.signal === 'SIGTERM';
  return { code: r.status, out: String(r.stdout ?? ''), err: String(r.stderr ?? ''), timedOut };
}

/** Non-empty stderr lines. */
const lines = (s: string) => s.split('\n').filter((l) => l.trim() !== '');

/** One error line, optionally followed by one "  hint:" line, and nothing else. */
function expectOneError(r: GoeRun, pattern: RegExp): void {
  const l = lines(r.err);
  expect(l[0], r.err).toMatch(pattern);
  expect(l.length, r.err).toBeLessThanOrEqual(2);
  if (l.length === 2) expect(l[1]).toMatch(/^ {2}hint: /);
}

/** Paths at the root the old code created for an empty OFFLOAD_HOME or an unset ${…} reference. */
const ROOT_PATHS = ['/log', '/repo', '/run', '/staging', '/warehouse', '/conf', '/x.duckdb', '/x.duckdb.wal'];
const preexisting = new Set(ROOT_PATHS.filter((p) => existsSync(p)));
function expectNothingAtRoot(): void {
  for (const p of ROOT_PATHS) if (!preexisting.has(p)) expect(existsSync(p), p).toBe(false);
}

const canProc = existsSync('/proc/self') && existsSync('/proc/version');
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
/** `unshare -m` + a read-only tmpfs: a real EROFS (needs root with CAP_SYS_ADMIN, as in our CI containers). */
const canReadOnlyMount =
  isRoot &&
  spawnSync('unshare', ['-m', 'sh', '-c', 'mount -t tmpfs -o ro tmpfs /mnt'], { timeout: 10_000 }).status === 0;

describe('empty and unresolved paths never write at the root', () => {
  it('OFFLOAD_HOME= (set but empty) is CONFIG_INVALID, not ~/.goe and not /', () => {
    const r = goe(['offload', '-t', 'sh.small', '-x', '--create-backend-db'], { OFFLOAD_HOME: '' });
    expect(r.code, r.err).toBe(2);
    expectOneError(
      r,
      /^error CONFIG_INVALID: OFFLOAD_HOME is set but empty: unset it to use ~\/\.goe, or give a directory$/,
    );
    expectNothingAtRoot();
    expect(existsSync(join(root, 'user-home', '.goe'))).toBe(false);
  });

  it('DUCKDB_DATABASE=${UNDEFINED}/x.duckdb in offload.env names both variables and creates nothing', () => {
    const home = freshHome('DUCKDB_DATABASE=${UNDEFINED_GOE_VAR}/x.duckdb\n');
    const r = goe(['offload', '-t', 'sh.small', '-x', '--create-backend-db'], { OFFLOAD_HOME: home });
    expect(r.code, r.err).toBe(2);
    expectOneError(
      r,
      /^error CONFIG_INVALID: .*offload\.env line 1: DUCKDB_DATABASE references \$\{UNDEFINED_GOE_VAR\}, which is not set$/,
    );
    expectNothingAtRoot();
  });

  it('an empty OFFLOAD_LOGDIR is refused, naming it', () => {
    const r = goe(['offload', '-t', 'sh.small'], { OFFLOAD_HOME: freshHome(), OFFLOAD_LOGDIR: '' });
    expect(r.code, r.err).toBe(2);
    expectOneError(r, /^error CONFIG_INVALID: OFFLOAD_LOGDIR is set but empty \(environment\)/);
  });

  it('--log-path "" is OPTION_INVALID (the log would land in the current directory)', () => {
    const r = goe(['offload', '-t', 'sh.small', '--log-path', ''], { OFFLOAD_HOME: freshHome() });
    expect(r.code, r.err).toBe(2);
    expectOneError(r, /^error OPTION_INVALID: --log-path is empty: give a log directory$/);
  });
});

describe('an unusable log directory or OFFLOAD_HOME: one line with the real reason, never a hang', () => {
  it.runIf(canProc)('--log-path /proc/nope: OPTION_INVALID naming --log-path and ENOENT', () => {
    const r = goe(['offload', '-t', 'sh.small', '--log-path', '/proc/nope'], { OFFLOAD_HOME: freshHome() });
    expect(r.timedOut, 'goe hung').toBe(false);
    expect(r.code, r.err).toBe(2);
    expectOneError(
      r,
      /^error OPTION_INVALID: --log-path \/proc\/nope: cannot create the log directory \(ENOENT: \/proc does not accept new directories\)$/,
    );
  });

  it.runIf(canProc)('OFFLOAD_LOGDIR=/proc/nope: CONFIG_INVALID naming OFFLOAD_LOGDIR', () => {
    const r = goe(['offload', '-t', 'sh.small'], { OFFLOAD_HOME: freshHome(), OFFLOAD_LOGDIR: '/proc/nope' });
    expect(r.timedOut, 'goe hung').toBe(false);
    expect(r.code, r.err).toBe(2);
    expectOneError(r, /^error CONFIG_INVALID: OFFLOAD_LOGDIR \/proc\/nope: cannot create the log directory \(ENOENT: /);
  });

  it.runIf(canProc)('OFFLOAD_HOME under /proc names OFFLOAD_HOME (not OFFLOAD_LOGDIR), without hanging', () => {
    const r = goe(['offload', '-t', 'sh.small'], { OFFLOAD_HOME: '/proc/self' });
    expect(r.timedOut, 'goe hung').toBe(false);
    expect(r.code, r.err).toBe(2);
    expectOneError(
      r,
      /^error CONFIG_INVALID: OFFLOAD_HOME \/proc\/self: cannot create the log directory \/proc\/self\/log \(/,
    );
    expect(lines(r.err)[1]).toContain('OFFLOAD_HOME');
  });

  it.runIf(canProc)('OFFLOAD_HOME below a file (/proc/version/goe): ENOTDIR naming OFFLOAD_HOME, not ENOENT', () => {
    const r = goe(['offload', '-t', 'sh.small'], { OFFLOAD_HOME: '/proc/version/goe' });
    expect(r.code, r.err).toBe(2);
    expectOneError(
      r,
      /^error CONFIG_INVALID: OFFLOAD_HOME \/proc\/version\/goe: .*\(ENOTDIR: \/proc\/version is not a directory\)$/,
    );
    expect(r.err).not.toContain('ENOENT');
  });

  it('OFFLOAD_HOME that is a regular file: ENOTDIR naming OFFLOAD_HOME', () => {
    const file = join(root, 'home-is-a-file');
    writeFileSync(file, '');
    const r = goe(['offload', '-t', 'sh.small'], { OFFLOAD_HOME: file });
    expect(r.code, r.err).toBe(2);
    expectOneError(
      r,
      new RegExp(`^error CONFIG_INVALID: OFFLOAD_HOME ${file}: .*\\(ENOTDIR: ${file} is not a directory\\)$`),
    );
  });

  it.runIf(canReadOnlyMount)(
    'a read-only OFFLOAD_HOME (read-only file system) is EROFS naming OFFLOAD_HOME, not ENOENT',
    () => {
      const mount = mkdtempSync(join(root, 'ro-'));
      const wrap = (argv: string[]) => [
        'unshare',
        '-m',
        'sh',
        '-c',
        `mount -t tmpfs -o ro tmpfs "$0" && exec "$@"`,
        mount,
        ...argv,
      ];
      for (const home of [mount, join(mount, 'sub')]) {
        const r = goe(['offload', '-t', 'sh.small'], { OFFLOAD_HOME: home }, { wrap });
        expect(r.code, r.err).toBe(2);
        expectOneError(
          r,
          new RegExp(
            `^error CONFIG_INVALID: OFFLOAD_HOME ${home}: cannot create the log directory ${home}/log \\(EROFS: ${mount} is on a read-only file system\\)$`,
          ),
        );
        expect(r.err).not.toContain('ENOENT');
      }
      // the log directory elsewhere: OFFLOAD_HOME itself is still checked (repository and lock live there)
      const logs = mkdtempSync(join(root, 'logs-'));
      const r = goe(['offload', '-t', 'sh.small'], { OFFLOAD_HOME: mount, OFFLOAD_LOGDIR: logs }, { wrap });
      expect(r.code, r.err).toBe(2);
      expectOneError(r, /^error CONFIG_INVALID: OFFLOAD_HOME .*: cannot write in the directory \(EROFS: /);
    },
  );

  it.runIf(isRoot)(
    'an OFFLOAD_HOME this user cannot write (mode 555, run as nobody) is EACCES naming OFFLOAD_HOME',
    () => {
      const home = mkdtempSync(join(tmpdir(), 'goe-cli-ro-home-'));
      try {
        chmodSync(home, 0o555);
        const r = goe(
          ['offload', '-t', 'sh.small'],
          { OFFLOAD_HOME: home, HOME: home },
          { spawn: { uid: 65534, gid: 65534 } },
        );
        expect(r.code, r.err).toBe(2);
        expectOneError(
          r,
          new RegExp(
            `^error CONFIG_INVALID: OFFLOAD_HOME ${home}: cannot create the log directory ${home}/log \\(EACCES: permission denied in ${home}\\)$`,
          ),
        );
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
    },
  );
});

describe('an unreachable PostgreSQL server', () => {
  it('a closed port is CONNECTION_FAILED (exit 5) naming host:port and POSTGRES_CONN, never the password', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    await new Promise((resolve) => server.close(resolve));
    const conn = `postgres://goe:Sup3r-S3cret-pw@127.0.0.1:${port}/db`;
    const r = goe(['offload', '-t', 'sh.small'], {
      OFFLOAD_HOME: freshHome(),
      POSTGRES_CONN: conn,
      POSTGRES_CONNECT_TIMEOUT: '5',
    });
    expect(r.code, r.err).toBe(5);
    // the step that connects was announced first; the failure is one error line (and its hint)
    const at = lines(r.err).findIndex((l) => l.startsWith('error '));
    expectOneError(
      { ...r, err: lines(r.err).slice(at).join('\n') },
      new RegExp(
        `^error CONNECTION_FAILED: Cannot connect to PostgreSQL at 127\\.0\\.0\\.1:${port} \\(POSTGRES_CONN\\): ECONNREFUSED, `,
      ),
    );
    expect(r.err).not.toContain('Connection terminated unexpectedly');
    expect(r.err + r.out).not.toContain('Sup3r-S3cret-pw');
    expect(r.err).toContain('hint: Check the host and port in POSTGRES_CONN');
  });
});

describe('--quiet and one-line messages', () => {
  it('--quiet prints only the result line, no step titles (without it, the titles show)', () => {
    const home = freshHome();
    const loud = goe(['offload', '-t', 'sh.small'], { OFFLOAD_HOME: home });
    expect(loud.code, loud.err).toBe(0);
    expect(lines(loud.err)).toContain('Find data to offload');
    const quiet = goe(['offload', '-t', 'sh.small', '--quiet'], { OFFLOAD_HOME: home });
    expect(quiet.code, quiet.err).toBe(0);
    expect(lines(quiet.err)).toEqual([expect.stringMatching(/^Preview of sh\.small → \S+ complete .*Log: /)]);
  });

  it('--quiet still prints errors', () => {
    const r = goe(['offload', '-t', 'sh.no_such_table', '--quiet'], { OFFLOAD_HOME: freshHome() });
    expect(r.code).toBe(2);
    expect(lines(r.err)[0]).toMatch(/^error TABLE_NOT_FOUND: /);
  });

  it('an option name with a newline and an escape sequence stays on one line, escaped', () => {
    const r = goe(['offload', '-t', 'sh.small', '--bad\nopt\u001b[31m'], { OFFLOAD_HOME: freshHome() });
    expect(r.code).toBe(2);
    expect(lines(r.err)).toEqual(["error OPTION_INVALID: unknown option '--bad\\nopt\\u001b[31m'"]);
  });

  it('a suggestion joins the error line', () => {
    const r = goe(['offload', '-t', 'sh.small', '--offload-transport-paralelism', '2'], { OFFLOAD_HOME: freshHome() });
    expect(r.code).toBe(2);
    expect(lines(r.err)).toEqual([
      "error OPTION_INVALID: unknown option '--offload-transport-paralelism' (Did you mean --offload-transport-parallelism?)",
    ]);
  });

  it('--json: an option error is one JSON document on stdout, not text', () => {
    const r = goe(['offload', '-t', 'sh.small', '--json', '--no-such-option'], { OFFLOAD_HOME: freshHome() });
    expect(r.code).toBe(2);
    expect(r.err).toBe('');
    expect(JSON.parse(r.out)).toEqual({
      status: 'error',
      error: expect.objectContaining({ code: 'OPTION_INVALID', message: "unknown option '--no-such-option'" }),
    });
  });

  it('a stray argument is refused, naming it', () => {
    const r = goe(['offload', '-t', 'sh.small', 'surplus'], { OFFLOAD_HOME: freshHome() });
    expect(r.code).toBe(2);
    expectOneError(
      r,
      /^error OPTION_INVALID: Unexpected argument "surplus" for goe offload: options start with - or --$/,
    );
  });

  it('a table name with a newline is one error line, the name escaped', () => {
    const r = goe(['offload', '-t', 'sh.small\nx'], { OFFLOAD_HOME: freshHome() });
    expect(r.code).toBe(2);
    const l = lines(r.err);
    expect(l[0]).toMatch(/^error [A-Z_]+: /);
    expect(l.slice(1).every((x) => x.startsWith('  hint: '))).toBe(true);
  });
});
