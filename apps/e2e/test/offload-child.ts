/**
 * Child process of the e2e lock tests: `offload -t SH.SALES -x` on the embedded stack of OFFLOAD_HOME argv[2]
 * (PGlite in demo/, DuckDB, local staging, SQLite repository, file lock), pausing after "Transport data to
 * staging" until the marker file argv[3] is deleted. Prints `done <rows>` or `error <code> <message>`.
 */
import { join } from 'node:path';
import { offload } from '@goe/stack';

const [home, marker] = process.argv.slice(2);
const env = {
  OFFLOAD_HOME: home!,
  POSTGRES_CONN: `pglite://${join(home!, 'demo')}`,
  DUCKDB_THREADS: '1',
  DUCKDB_MEMORY_LIMIT: '256MB',
};
try {
  const r = await offload(
    {
      table: 'SH.SALES',
      execute: true,
      createBackendDb: true,
      pauseAfterStep: 'STAGING_TRANSPORT',
      pauseFile: marker!,
    },
    { env },
  );
  process.stdout.write(`done ${r.rows}\n`);
} catch (e) {
  process.stdout.write(`error ${(e as { code?: string }).code} ${(e as Error).message}\n`);
  process.exitCode = 1;
}
