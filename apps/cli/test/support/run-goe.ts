/** Test helper: runs the bundled `goe` binary as a child process on the embedded stack. */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

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
