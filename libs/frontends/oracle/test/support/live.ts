/**
 * Test support: the opt-in live suite's database, `GOE_TEST_ORACLE_DSN=user/password@host:port/service` (e.g. a
 * `gvenzl/oracle-free` container where Docker runs). Unset, live cases are skipped with {@link LIVE_SKIP_REASON}.
 */
import type { OracleLogin } from '../../src/index.js';

/** The DSN of the live database, or '' when the live suite is off. */
export const LIVE_DSN = process.env.GOE_TEST_ORACLE_DSN ?? '';

/** Why the live cases are skipped. */
export const LIVE_SKIP_REASON =
  'GOE_TEST_ORACLE_DSN is not set — e.g. user/password@localhost:1521/FREEPDB1 of a gvenzl/oracle-free container';

/** `user/password@connect-string` of GOE_TEST_ORACLE_DSN. */
export function liveLogin(dsn: string = LIVE_DSN): OracleLogin {
  const m = /^([^/]+)\/([^@]*)@(.+)$/.exec(dsn);
  if (m === null) throw new Error('GOE_TEST_ORACLE_DSN must be user/password@host:port/service');
  return { user: m[1]!, password: m[2]!, connectString: m[3]! };
}

/** GOE's variables for the live database. */
export function liveEnv(dsn: string = LIVE_DSN): Record<string, string> {
  const login = liveLogin(dsn);
  return { ORA_CONN: login.connectString, ORA_APP_USER: login.user, ORA_APP_PASS: login.password };
}
