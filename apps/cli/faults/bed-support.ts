/**
 * What the fault bed (`embedded-bed.ts`) and the offload-variant bed (`variants-bed.ts`) share: the bundled `goe`
 * binary run as a child process against a fresh OFFLOAD_HOME (DuckDB warehouse, local staging, SQLite repository,
 * file lock), and the reads of the source, the warehouse and the repository that check what a run left.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';

/** The built CLI (`npm run test:faults` builds it first). */
export const GOE_BIN = resolve(__dirname, '../dist/goe.js');

/** What one `goe offload` child process did. */
export interface OffloadRun {
  /** Exit code, `null` when a signal ended it. */
  readonly code: number | null;
  /** The signal that ended it (e.g. `SIGKILL`), else `null`. */
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the bundled CLI (`goe offload <argv>`) with exactly `env`, killed with SIGKILL after `timeoutMs`; resolves
 * with its exit code or signal and output.
 */
export function runOffload(
  argv: readonly string[],
  env: Record<string, string>,
  timeoutMs: number,
): Promise<OffloadRun> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [GOE_BIN, 'offload', ...argv], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolveRun({ code, signal, stdout, stderr });
    });
  });
}

/**
 * The environment of a run in OFFLOAD_HOME `home` reading the PostgreSQL source at `pgUrl`: `engineEnv` selects the
 * backend (e.g. `{ QUERY_ENGINE: 'DUCKDB' }`), DuckDB gets one thread and 256 MB, output has no colour.
 */
export function homeEnv(
  home: string,
  pgUrl: string,
  engineEnv: Readonly<Record<string, string>>,
): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: home,
    OFFLOAD_HOME: home,
    FRONTEND_DISTRIBUTION: 'POSTGRES',
    POSTGRES_CONN: pgUrl,
    ...engineEnv,
    DUCKDB_THREADS: '1',
    DUCKDB_MEMORY_LIMIT: '256MB',
    NO_COLOR: '1',
  };
}

/** Runs `sql` (one text column `r` per row) on the PostgreSQL source at `pgUrl`; the values, sorted. */
export async function pgRenderedRows(pgUrl: string, sql: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    const r = await client.query<{ r: string }>(sql);
    return r.rows.map((x) => x.r).sort();
  } finally {
    await client.end();
  }
}

/**
 * The rows of `schema`.`table` (names matched case-insensitively) in the DuckDB warehouse of OFFLOAD_HOME `home`,
 * opened read-only, rendered by `render(qualified name)` (one column per row), sorted; `[]` when the warehouse or
 * the table does not exist.
 */
export async function duckRenderedRows(
  home: string,
  schema: string,
  table: string,
  render: (qualified: string) => string,
): Promise<string[]> {
  const file = join(home, 'warehouse', 'goe.duckdb');
  if (!existsSync(file)) return [];
  const db = await DuckDBInstance.create(file, {
    access_mode: 'READ_ONLY',
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  });
  const conn = await db.connect();
  try {
    const found = await conn.runAndReadAll(
      `SELECT table_catalog, table_schema, table_name FROM information_schema.tables
       WHERE lower(table_schema) = '${schema}' AND lower(table_name) = '${table}'`,
    );
    const hit = found.getRows()[0];
    if (hit === undefined) return [];
    const q = hit.map((p) => `"${String(p).replace(/"/g, '""')}"`).join('.');
    const rows = await conn.runAndReadAll(render(q));
    return rows
      .getRows()
      .map((x) => String(x[0]))
      .sort();
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

/** The SQLite repository of OFFLOAD_HOME `home`, opened read-only; `undefined` when it does not exist. */
export function openRepo(home: string): BetterSqlite3.Database | undefined {
  const file = join(home, 'repo', 'goe.sqlite');
  return existsSync(file) ? new BetterSqlite3(file, { readonly: true, fileMustExist: true }) : undefined;
}

/** Status of every command row of `schema`.`table` in repository `db`, oldest first. */
export function commandStatuses(db: BetterSqlite3.Database, schema: string, table: string): string[] {
  return (
    db
      .prepare('SELECT status FROM command_execution WHERE owner_key = ? AND table_key = ? ORDER BY started_at, rowid')
      .all(schema.toUpperCase(), table.toUpperCase()) as { status: string }[]
  ).map((r) => r.status);
}

/**
 * A bed's `run`: `goe offload <argv>` in OFFLOAD_HOME `home` with `baseEnv` (plus the run's own variables), killed
 * after `timeoutMs`; with `trace: true` the fault points it passed, read from a trace file of its own.
 *
 * @example
 * const run = tracedRun(home, baseEnv); const r = await run(['-t', 'SH.SALES', '-x'], { trace: true }); r.trace
 */
export function tracedRun(
  home: string,
  baseEnv: Readonly<Record<string, string>>,
  timeoutMs = 180_000,
): (
  argv: readonly string[],
  options?: { readonly env?: Readonly<Record<string, string>>; readonly trace?: boolean },
) => Promise<OffloadRun & { trace?: string[] }> {
  let traces = 0;
  return async (argv, options = {}) => {
    const trace = options.trace === true ? join(home, `trace-${++traces}.txt`) : undefined;
    const env = { ...baseEnv, ...(options.env ?? {}), ...(trace === undefined ? {} : { GOE_TEST_FAULT_TRACE: trace }) };
    const r = await runOffload(argv, env, timeoutMs);
    if (trace === undefined) return r;
    const lines = existsSync(trace)
      ? readFileSync(trace, 'utf8')
          .split('\n')
          .filter((l) => l !== '')
      : [];
    return { ...r, trace: lines };
  };
}

/**
 * The repository side of a bed's state: the statuses of the command rows of `schema`.`table` (oldest first) and
 * whether it has offload metadata — empty and `false` before the repository exists.
 */
export function repositoryState(
  home: string,
  schema: string,
  table: string,
): { readonly commands: string[]; readonly metadata: boolean } {
  const db = openRepo(home);
  if (db === undefined) return { commands: [], metadata: false };
  try {
    return {
      commands: commandStatuses(db, schema, table),
      metadata:
        db
          .prepare('SELECT 1 FROM offload_metadata WHERE owner_key = ? AND table_key = ?')
          .get(schema.toUpperCase(), table.toUpperCase()) !== undefined,
    };
  } finally {
    db.close();
  }
}
