/**
 * Child process of the e2e crash tests: `offload -t SH.SALES -x --create-backend-db` with the environment given as
 * JSON in argv[2] (e.g. with `GOE_TEST_KILL_AT`, which kills this process at that fault point).
 */
import { offload } from '@goe/stack';

const env = JSON.parse(process.argv[2] ?? '{}') as Record<string, string>;
try {
  const r = await offload({ table: 'SH.SALES', execute: true, createBackendDb: true }, { env });
  process.stdout.write(`done ${r.rows}\n`);
} catch (e) {
  process.stdout.write(`error ${(e as { code?: string }).code} ${(e as Error).message}\n`);
  process.exitCode = 1;
}
