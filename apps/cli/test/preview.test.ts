/**
 * Preview writes nothing (issue #6), proved with the bundled `goe` binary on the real embedded stack (PGlite
 * source seeded outside `OFFLOAD_HOME`, DuckDB backend, SQLite repository, local staging): the `OFFLOAD_HOME`
 * tree, the DuckDB file and the repository's row counts are taken before and after a preview; only the log and
 * the one `PREVIEW` command row differ.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { runGoe, seedSource } from './support/run-goe.js';

let root: string;
let pgDir: string;

/** Runs the built CLI with `home` as OFFLOAD_HOME and the PGlite source outside it. */
function goe(home: string, args: string[], env: Record<string, string> = {}) {
  return runGoe(args, { home: root, offloadHome: home, pgDir }, env);
}

/** Paths of the repository (SQLite file and its WAL/SHM companions) and the log directory, left out of the tree hash. */
function excluded(rel: string): boolean {
  return rel === 'log' || rel.startsWith('log/') || /^repo\/goe\.sqlite(-wal|-shm|-journal)?$/.test(rel);
}

/** Every file (path, mode, sha256) and directory under `dir`, except the log and the repository file. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      const rel = relative(dir, path).split('\\').join('/');
      if (excluded(rel)) continue;
      const st = statSync(path);
      if (st.isDirectory()) {
        if (rel !== 'repo') out[`${rel}/`] = 'dir'; // the repository's own directory, created with it
        walk(path);
      } else {
        out[rel] = `${st.size}:${sha256(path)}`;
      }
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Row count of every table of the repository (empty when the file does not exist yet), opened read-only. */
function repoCounts(home: string): Record<string, number> {
  const file = join(home, 'repo', 'goe.sqlite');
  if (!existsSync(file)) return {};
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
      .all() as { name: string }[];
    return Object.fromEntries(
      tables.map((t) => [
        t.name,
        (db.prepare(`SELECT count(*) AS n FROM "${t.name.replace(/"/g, '""')}"`).get() as { n: number }).n,
      ]),
    );
  } finally {
    db.close();
  }
}

/** Command rows of the repository, oldest first. */
function commands(home: string): { status: string; command_line: string }[] {
  const db = new Database(join(home, 'repo', 'goe.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(`SELECT * FROM command_execution ORDER BY rowid`).all() as {
      status: string;
      command_line: string;
    }[];
  } finally {
    db.close();
  }
}

function logFiles(home: string): string[] {
  const dir = join(home, 'log');
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'goe-cli-preview-'));
  pgDir = join(root, 'pg');
  await seedSource(pgDir, 300);
}, 180_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('preview (no -x) writes nothing but its log and one PREVIEW command row', () => {
  let home: string;

  it('on a fresh OFFLOAD_HOME: no DuckDB file, no staging, one log file, one PREVIEW row', () => {
    home = join(root, 'home');
    mkdirSync(home);
    const treeBefore = tree(home);
    expect(treeBefore).toEqual({});

    const r = goe(home, ['offload', '-t', 'sh.small', '--create-backend-db', '--json']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).status).toBe('preview');

    expect(tree(home)).toEqual(treeBefore);
    expect(existsSync(join(home, 'warehouse', 'goe.duckdb'))).toBe(false);
    expect(existsSync(join(home, 'warehouse'))).toBe(false);
    expect(existsSync(join(home, 'staging'))).toBe(false);
    expect(logFiles(home)).toHaveLength(1);

    const counts = repoCounts(home);
    const { schema_version: _migrations, ...data } = counts;
    expect(data).toEqual(Object.fromEntries(Object.keys(data).map((t) => [t, t === 'command_execution' ? 1 : 0])));
    expect(commands(home).map((c) => c.status)).toEqual(['PREVIEW']);
  });

  it('after an offload, a preview with --reset-backend-table leaves the DuckDB file and the tree unchanged', () => {
    const x = goe(home, ['offload', '-t', 'sh.small', '-x', '--create-backend-db', '--json']);
    expect(x.code, x.err).toBe(0);
    expect(JSON.parse(x.out)).toMatchObject({ status: 'success', rows: 300 });

    const duckdb = join(home, 'warehouse', 'goe.duckdb');
    const duckdbBefore = sha256(duckdb);
    const treeBefore = tree(home);
    const countsBefore = repoCounts(home);
    const logsBefore = logFiles(home);
    const commandsBefore = commands(home).length;

    const r = goe(home, ['offload', '-t', 'sh.small', '--reset-backend-table', '--json']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).status).toBe('preview');

    expect(sha256(duckdb)).toBe(duckdbBefore);
    expect(tree(home)).toEqual(treeBefore);
    expect(repoCounts(home)).toEqual({ ...countsBefore, command_execution: countsBefore.command_execution! + 1 });
    const after = commands(home);
    expect(after).toHaveLength(commandsBefore + 1);
    expect(after.at(-1)!.status).toBe('PREVIEW');
    const logs = logFiles(home);
    expect(logs).toHaveLength(logsBefore.length + 1);
    expect(logs).toEqual(expect.arrayContaining(logsBefore));
  });

  it('does not initialise a missing PGlite source: exit 5, one clear line naming POSTGRES_CONN and the directory', () => {
    const fresh = join(root, 'home-missing-source');
    mkdirSync(fresh);
    const missing = join(root, 'no-such-pg');
    const r = goe(fresh, ['offload', '-t', 'sh.small'], { POSTGRES_CONN: `pglite://${missing}` });
    expect(r.code).toBe(5);
    const errors = r.err.split('\n').filter((l) => /^error /.test(l));
    expect(errors).toEqual([
      `error CONNECTION_FAILED: POSTGRES_CONN: no PGlite database in ${missing} (no such directory); a preview does not create one`,
    ]);
    expect(r.err).toContain('goe demo');
    expect(existsSync(missing)).toBe(false);
    expect(tree(fresh)).toEqual({});
    expect(commands(fresh).map((c) => c.status)).toEqual(['ERROR']);
  });
});
