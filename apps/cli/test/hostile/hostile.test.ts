/**
 * Hostile input (issue #11): every case of the corpus (`corpus.ts`: generated from the config schemas and the
 * option table, plus the hand cases of `cases.json`) runs against a fresh OFFLOAD_HOME whose warehouse already
 * holds SH.SMALL, and must give the expected exit code and one error line naming the option or variable, never show
 * the password, never hang, and — when refused — leave the warehouse file and OFFLOAD_HOME unchanged, with only the
 * repository rows its outcome explains. Most cases run in-process; those marked `binary` (at least ten, and every
 * case that may block the event loop) run the bundled `goe` in parallel child processes. Last, ENOSPC: staging on
 * a 2 MB tmpfs, then a rerun with room.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OFFLOAD_CLI_OPTIONS } from '../../src/offload-options.js';
import { corpus, SCHEMAS, type HostileCase } from './corpus.js';
import {
  buildFixture,
  diffRepository,
  judge,
  pool,
  runBinary,
  runCase,
  snapshot,
  SOURCE_ROWS,
  type CaseRun,
  type Fixture,
  type ProgramRun,
  type Snapshot,
} from './harness.js';

const CASES = corpus();
const BINARY_WIDTH = 2;

let root: string;
let fx: Fixture;
const started = new Map<string, Promise<CaseRun>>();
let enospcJob: Promise<EnospcResult> | undefined;
const outcomes: { c: HostileCase; run?: CaseRun; failures: string[] }[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'goe-hostile-'));
  const t0 = Date.now();
  fx = await buildFixture(root);
  console.log(
    `hostile corpus: ${CASES.length} cases (${CASES.filter((c) => c.origin === 'generated').length} generated, ` +
      `${CASES.filter((c) => c.origin === 'hand').length} hand; ${CASES.filter((c) => c.runner === 'binary').length} ` +
      `through the bundled binary); fixture built in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  // the binary cases and the ENOSPC scenario run in child processes, in parallel with the in-process cases
  // first the longest: ENOSPC, then the cases that may hang (paths under /proc or /sys)
  const mayHang = (c: HostileCase) => /\/(proc|sys)\//.test(JSON.stringify([c.argv, c.env ?? {}, c.offloadEnv ?? '']));
  const binary = CASES.map((c, i) => ({ c, i }))
    .filter(({ c }) => c.runner === 'binary')
    .sort((a, b) => Number(mayHang(b.c)) - Number(mayHang(a.c)));
  const jobs: (() => Promise<unknown>)[] = [() => enospc(fx)];
  for (const { c, i } of binary) jobs.push(() => runCase(c, fx, i));
  const promises = pool(jobs, BINARY_WIDTH);
  for (const p of promises) p.catch(() => undefined); // awaited by the tests
  enospcJob = promises[0] as Promise<EnospcResult>;
  binary.forEach(({ c }, k) => started.set(c.id, promises[k + 1] as Promise<CaseRun>));
}, 180_000);

afterAll(async () => {
  await fx?.stop();
  const failed = outcomes.filter((o) => o.failures.length > 0);
  const byCause = new Map<string, string[]>();
  for (const o of failed) {
    for (const f of o.failures) {
      const cause = f.split(':')[0]!;
      byCause.set(cause, [...(byCause.get(cause) ?? []), o.c.id]);
    }
  }
  const summary = [
    `hostile corpus: ${outcomes.length} cases run, ${failed.length} failing`,
    ...[...byCause].map(([cause, ids]) => `  ${cause}: ${ids.length} (${[...new Set(ids)].join(', ')})`),
  ].join('\n');
  console.log(summary);
  if (process.env.GOE_HOSTILE_REPORT) {
    writeFileSync(
      process.env.GOE_HOSTILE_REPORT,
      JSON.stringify(
        outcomes.map((o) => ({
          id: o.c.id,
          origin: o.c.origin,
          runner: o.run?.runner,
          ms: o.run?.ms,
          code: o.run?.code,
          error: o.run?.err.split('\n').find((l) => /^error\b/.test(l)),
          failures: o.failures,
        })),
        null,
        1,
      ),
    );
  }
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('the corpus', () => {
  it('gives every configuration variable and every offload option at least one hostile case', () => {
    const text = JSON.stringify(CASES);
    const variables = SCHEMAS.flatMap((s) => s.variables.map((v) => v.name));
    expect(variables.filter((n) => !CASES.some((c) => c.id.startsWith(`config.${n}.`)))).toEqual([]);
    const flags = OFFLOAD_CLI_OPTIONS.map((o) => /--[a-z0-9-]+/.exec(o.flags)![0]);
    expect(flags.filter((f) => !CASES.some((c) => c.id.startsWith(`option.${f.slice(2)}.`)))).toEqual([]);
    expect(CASES.filter((c) => c.runner === 'binary').length).toBeGreaterThanOrEqual(10);
    expect(text).toContain('{{SECRET');
  });
});

describe('hostile cases', () => {
  CASES.forEach((c, i) => {
    it(`${c.origin} ${c.id}${c.runner === 'binary' ? ' [binary]' : ''}`, async () => {
      let run: CaseRun | undefined;
      let failures: string[];
      try {
        run = await (started.get(c.id) ?? runCase(c, fx, i));
        failures = judge(c, run);
      } catch (e) {
        failures = [`harness: ${e instanceof Error ? e.stack : String(e)}`];
      }
      outcomes.push({ c, ...(run ? { run } : {}), failures });
      expect(failures, `${c.note}\nargv: ${JSON.stringify(c.argv)}`).toEqual([]);
    }, 240_000);
  });

  it('the sources are intact after every case (no SQL got through)', async () => {
    const client = new pg.Client({ connectionString: fx.serverUrl });
    await client.connect();
    try {
      const count = async (t: string) => Number((await client.query(`SELECT count(*)::int AS n FROM ${t}`)).rows[0].n);
      expect(await count('sh.small')).toBe(SOURCE_ROWS.small);
      expect(await count('sh.other')).toBe(SOURCE_ROWS.other);
      expect(await count('sh.big')).toBe(SOURCE_ROWS.big);
    } finally {
      await client.end();
    }
    const db = await PGlite.create(fx.pglite);
    try {
      const count = async (t: string) =>
        Number(((await db.query(`SELECT count(*)::int AS n FROM ${t}`)).rows[0] as { n: number }).n);
      expect(await count('sh.small')).toBe(SOURCE_ROWS.small);
      expect(await count('sh.other')).toBe(SOURCE_ROWS.other);
    } finally {
      await db.close();
    }
  }, 60_000);
});

/** What the ENOSPC scenario saw. */
type EnospcResult =
  | { skipped: string }
  | {
      first: ProgramRun;
      second: ProgramRun;
      before: Snapshot;
      afterFirst: Snapshot;
      afterSecond: Snapshot;
    };

/**
 * Staging (OFFLOAD_FS_PREFIX) on a 2 MB tmpfs and an offload of SH.BIG (60 000 rows of two md5 strings, about
 * 4 MB of Parquet): the transport runs out of space. Then the tmpfs is enlarged and the same command is rerun.
 */
async function enospc(f: Fixture): Promise<EnospcResult> {
  const dir = join(f.root, 'enospc');
  const stage = join(dir, 'staging');
  const home = join(dir, 'home');
  const user = join(dir, 'user');
  mkdirSync(stage, { recursive: true });
  mkdirSync(user, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', stage], { stdio: 'pipe' });
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    return {
      skipped: `mount -t tmpfs -o size=2m tmpfs ${stage} failed: ${err.stderr?.toString().trim() || err.message}`,
    };
  }
  try {
    cpSync(f.templates.binary, home, { recursive: true });
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: user,
      OFFLOAD_HOME: home,
      POSTGRES_CONN: f.serverUrl,
      OFFLOAD_FS_PREFIX: stage,
      NO_COLOR: '1',
    };
    const args = ['offload', '-t', 'sh.big', '-x', '--create-backend-db'];
    const before = snapshot(home);
    const first = await runBinary(args, env, dir, 90_000);
    const afterFirst = snapshot(home);
    execFileSync('mount', ['-o', 'remount,size=256m', stage], { stdio: 'pipe' });
    const second = await runBinary([...args, '--json'], env, dir, 90_000);
    const afterSecond = snapshot(home);
    return { first, second, before, afterFirst, afterSecond };
  } finally {
    try {
      execFileSync('umount', [stage], { stdio: 'pipe' });
    } catch {
      execFileSync('umount', ['-l', stage], { stdio: 'pipe' });
    }
  }
}

describe('ENOSPC', () => {
  it('staging on a full 2 MB tmpfs: one clear line naming ENOSPC (exit 5 or 1); the rerun with room succeeds', async (ctx) => {
    const r = await enospcJob!;
    if ('skipped' in r) {
      console.log(`SKIP ENOSPC: ${r.skipped}`);
      ctx.skip();
      return;
    }
    const failures: string[] = [];
    const { first, second } = r;
    console.log(
      `ENOSPC: first run exit ${first.code} in ${first.ms} ms: ${JSON.stringify(first.err.split('\n').filter((l) => /^error\b/.test(l)))}; ` +
        `rerun exit ${second.code} in ${second.ms} ms`,
    );
    const errLines = first.err.split('\n').filter((l) => /^error\b/.test(l));
    if (first.timedOut) failures.push('hang: the offload onto a full file system did not exit');
    if (first.code !== 5 && first.code !== 1)
      failures.push(`exit: ${first.code}, expected 5 or 1; stderr ${JSON.stringify(first.err.slice(-800))}`);
    if (errLines.length !== 1 || !/ENOSPC|[Nn]o space left on device/.test(errLines[0]!))
      failures.push(`message: expected one error line naming ENOSPC, got ${JSON.stringify(errLines)}`);
    const d1 = diffRepository(r.before.repo, r.afterFirst.repo);
    if (d1.commands.length !== 1 || d1.commands[0]!.status !== 'ERROR' || d1.changed.length > 0)
      failures.push(`repository: after the failure ${JSON.stringify(d1)}, expected one ERROR command`);
    if (second.code !== 0) failures.push(`rerun: exit ${second.code}: ${second.err.slice(-800)}${second.out}`);
    else {
      const json = JSON.parse(second.out) as { status: string; rows: number };
      if (json.status !== 'success' || json.rows !== SOURCE_ROWS.big)
        failures.push(
          `rerun: ${JSON.stringify({ status: json.status, rows: json.rows })}, expected success with ${SOURCE_ROWS.big} rows`,
        );
    }
    const d2 = diffRepository(r.afterFirst.repo, r.afterSecond.repo);
    if (d2.commands.map((c) => c.status).join() !== 'SUCCESS')
      failures.push(`repository: the rerun added ${JSON.stringify(d2.commands)}, expected one SUCCESS command`);
    outcomes.push({ c: { id: 'enospc', origin: 'hand', argv: [], expect: { exit: 5 }, note: 'ENOSPC' }, failures });
    expect(failures).toEqual([]);
  }, 240_000);
});

// a stale tmpfs must never outlive the run (e.g. after a crash of the job above)
afterAll(() => {
  const stage = root ? join(root, 'enospc', 'staging') : undefined;
  if (stage && existsSync(stage)) {
    try {
      execFileSync('umount', [stage], { stdio: 'pipe' });
    } catch {
      /* not mounted */
    }
  }
});
