/** Test helper: runs the bundled `goe` binary as a child process on the embedded stack. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

/** The built CLI (`npm test` builds every package first). */
export const GOE_BIN = resolve(__dirname, '../../dist/goe.js');

/** What a `goe` run printed and its exit code. */
export interface GoeRun {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/**
 * Runs `goe args…` with a clean environment: `HOME`, `OFFLOAD_HOME`, a PGlite source at `pgDir`, DuckDB, no colour,
 * plus `env`.
 */
export function runGoe(
  args: readonly string[],
  where: { readonly home: string; readonly offloadHome: string; readonly pgDir: string },
  env: Record<string, string> = {},
): GoeRun {
  const r = spawnSync(process.execPath, [GOE_BIN, ...args], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      HOME: where.home,
      OFFLOAD_HOME: where.offloadHome,
      FRONTEND_DISTRIBUTION: 'POSTGRES',
      POSTGRES_CONN: `pglite://${where.pgDir}`,
      QUERY_ENGINE: 'DUCKDB',
      NO_COLOR: '1',
      ...env,
    },
    timeout: 180_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/**
 * Creates a PGlite source at `dir` with `sh.small` (`rows` rows of bigint, text, numeric and date) and then runs
 * `extraSql`. Fails early when the CLI is not built.
 */
export async function seedSource(dir: string, rows: number, extraSql = ''): Promise<void> {
  if (!existsSync(GOE_BIN))
    throw new Error(`${GOE_BIN} is missing: build the CLI first (npm test builds every package)`);
  const db = await PGlite.create(dir);
  try {
    await db.exec(`
      CREATE SCHEMA sh;
      CREATE TABLE sh.small (id bigint PRIMARY KEY, name text, amount numeric(10,2), day date);
      INSERT INTO sh.small SELECT g, 'n' || g, g * 1.25, DATE '2024-01-01' + g FROM generate_series(1, ${rows}) g;
      ${extraSql}
    `);
  } finally {
    await db.close();
  }
}
