/**
 * Issue #13 item 5: every bad option value is refused before anything is opened, recorded or changed — proved with
 * the bundled `goe` on the embedded stack (PGlite source, DuckDB backend, SQLite repository). A table is offloaded
 * first; then each bad command, given with `--reset-backend-table -x` (which would empty the table), must exit 2
 * with exactly one stderr line naming the option, and leave the DuckDB file, its rows, the repository's command
 * records and the log directory as they were. Also the repository version check and `--no-version-check`.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { DuckDBInstance } from '@duckdb/node-api';
import { runGoe, seedSource } from './support/run-goe.js';

const ROWS = 40;
let root: string;
let pgDir: string;
let home: string;
let target: { database: string; table: string };

const duckdbFile = () => join(home, 'warehouse', 'goe.duckdb');
const goe = (args: string[], env: Record<string, string> = {}) =>
  runGoe(args, { home: root, offloadHome: home, pgDir }, { DUCKDB_DATABASE: duckdbFile(), ...env });

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const logFiles = () => (existsSync(join(home, 'log')) ? readdirSync(join(home, 'log')).sort() : []);

function commandRows(): { id: string; status: string; goe_version: string | null }[] {
  const db = new Database(join(home, 'repo', 'goe.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT id, status, goe_version FROM command_execution ORDER BY rowid').all() as {
      id: string;
      status: string;
      goe_version: string | null;
    }[];
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'goe-cli-badopts-'));
  pgDir = join(root, 'pg');
  home = join(root, 'home');
  mkdirSync(home);
  await seedSource(pgDir, ROWS);
  const r = goe(['offload', '-t', 'sh.small', '-x', '--create-backend-db', '--json']);
  expect(r.code, r.err).toBe(0);
  const out = JSON.parse(r.out) as { rows: number; target: { database: string; table: string } };
  expect(out.rows).toBe(ROWS);
  target = out.target;
}, 240_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

/** Each bad value (as `--flag=value`, so that negative numbers stay values) and the option the error must name. */
const BAD: readonly (readonly [string, string])[] = [
  ['--offload-transport-parallelism=0', '--offload-transport-parallelism'],
  ['--offload-transport-parallelism=-1', '--offload-transport-parallelism'],
  ['--offload-transport-parallelism=100000', '--offload-transport-parallelism'],
  ['--offload-transport-fetch-size=0', '--offload-transport-fetch-size'],
  ['--offload-transport-fetch-size=-5', '--offload-transport-fetch-size'],
  ['--offload-transport-fetch-size=1e20', '--offload-transport-fetch-size'],
  ['--offload-transport-fetch-size=2.5', '--offload-transport-fetch-size'],
  ['--offload-predicate=', '--offload-predicate'],
  ['--partition-digits=1000', '--partition-digits'],
  ['--execution-id=x;drop', '--execution-id'],
  ['--max-offload-chunk-count=0', '--max-offload-chunk-count'],
  ['--max-offload-chunk-count=1001', '--max-offload-chunk-count'],
  ['--max-offload-chunk-size=12Q', '--max-offload-chunk-size'],
  ['--older-than-days=-1', '--older-than-days'],
  ['--verify-parallelism=-1', '--verify-parallelism'],
  ['--data-sample-percent=101', '--data-sample-percent'],
  ['--data-sample-parallelism=-1', '--data-sample-parallelism'],
  ['--decimal-padding-digits=-1', '--decimal-padding-digits'],
  ['--log-level=loud', '--log-level'],
  ['--offload-stats=FAST', '--offload-stats'],
  ['--offload-transport-small-table-threshold=20MiB', '--offload-transport-small-table-threshold'],
  ['--offload-transport-consistent-read=maybe', '--offload-transport-consistent-read'],
  ['--partition-lower-value=1.5', '--partition-lower-value'],
  ['--partition-upper-value=ten', '--partition-upper-value'],
  ['--error-on-token=nowhere', '--error-on-token'],
];

describe('a bad option value is refused before anything changes', () => {
  it.each(BAD)('%s: exit 2, one stderr line naming the option, nothing changed', async (arg, flag) => {
    const duckBefore = sha256(duckdbFile());
    const commandsBefore = commandRows();
    const logsBefore = logFiles();

    const r = goe(['offload', '-t', 'sh.small', '-x', '--reset-backend-table', arg]);
    expect(r.code, r.err).toBe(2);
    const lines = r.err.split('\n').filter((l) => l.trim() !== '');
    expect(lines, r.err).toHaveLength(1);
    expect(lines[0]).toContain(flag);
    expect(lines[0]).not.toMatch(/unknown option/i);

    expect(sha256(duckdbFile())).toBe(duckBefore);
    expect(commandRows()).toEqual(commandsBefore);
    expect(logFiles()).toEqual(logsBefore);
  });

  it('leaves the offloaded rows in the backend table', async () => {
    const instance = await DuckDBInstance.create(duckdbFile(), { access_mode: 'READ_ONLY' });
    const conn = await instance.connect();
    try {
      const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
      const reader = await conn.runAndReadAll(`SELECT count(*) AS n FROM ${q(target.database)}.${q(target.table)}`);
      expect(Number(reader.getRowObjects()[0]!.n)).toBe(ROWS);
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });
});

describe('--target and --offload-fs-scheme choose adapters as QUERY_ENGINE and OFFLOAD_FS_SCHEME would', () => {
  it('the option wins over the environment, both ways', () => {
    const badOption = goe(['offload', '-t', 'sh.small', '--reset-backend-table', '--target', 'nosuchengine']);
    expect(badOption.code).not.toBe(0);
    expect(badOption.err).toMatch(/nosuchengine/i);
    const goodOption = goe(['offload', '-t', 'sh.small', '--reset-backend-table', '--target', 'duckdb', '--json'], {
      QUERY_ENGINE: 'nosuchengine',
    });
    expect(goodOption.code, goodOption.err).toBe(0);
    expect(JSON.parse(goodOption.out).status).toBe('preview');

    const badScheme = goe(['offload', '-t', 'sh.small', '--reset-backend-table', '--offload-fs-scheme', 'nosuchfs']);
    expect(badScheme.code).not.toBe(0);
    expect(badScheme.err).toMatch(/nosuchfs/i);
    const goodScheme = goe(
      ['offload', '-t', 'sh.small', '--reset-backend-table', '--offload-fs-scheme', 'file', '--json'],
      { OFFLOAD_FS_SCHEME: 'nosuchfs' },
    );
    expect(goodScheme.code, goodScheme.err).toBe(0);
  });
});

describe('repository version check', () => {
  it('every command records its GOE version', () => {
    const rows = commandRows();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.goe_version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('refuses a repository last written by a newer GOE, unless --no-version-check', () => {
    const db = new Database(join(home, 'repo', 'goe.sqlite'));
    try {
      db.prepare(
        `INSERT INTO command_execution (id, command, command_line, status, started_at, goe_version)
         VALUES ('00000000-0000-0000-0000-000000000999', 'OFFLOAD', 'goe offload', 'SUCCESS', ?, '999.1.0')`,
      ).run(new Date().toISOString());
    } finally {
      db.close();
    }
    const before = commandRows().length;
    const refused = goe(['offload', '-t', 'sh.small']);
    expect(refused.code, refused.err).toBe(2);
    expect(refused.err).toContain('Repository was written by GOE 999.1, this is ');
    expect(refused.err).toContain('upgrade, or run with --no-version-check');
    expect(commandRows().length).toBe(before);

    // a preview of a reset: past the check, nothing changed
    const skipped = goe(['offload', '-t', 'sh.small', '--reset-backend-table', '--no-version-check', '--json']);
    expect(skipped.code, skipped.err).toBe(0);
    expect(JSON.parse(skipped.out).status).toBe('preview');
    expect(commandRows().length).toBe(before + 1);
  });
});
