/**
 * The Oracle frontend's configuration: GOE's variables (`ORA_CONN`, `ORA_APP_USER`/`ORA_APP_PASS`,
 * `ORA_ADM_USER`/`ORA_ADM_PASS`, `ORA_ADM_CONN`) and the TLS settings node-oracledb's thin mode takes, parsed and
 * checked. Thin mode needs no Oracle Client, and it cannot do external authentication (a wallet-only `/@dsn`): that
 * is refused here, before any connection, with `CONFIG_INVALID` and a hint. Passwords are secrets (never printed).
 */
import { defineConfigSchema, GoeError, type ResolvedConfig } from '@goe/core';

/**
 * The variables the Oracle frontend reads (group `oracle`).
 *
 * | Variable | Default | Meaning |
 * |---|---|---|
 * | ORA_CONN | required | Easy Connect `host[:port]/service` (`tcps://host:2484/service` for TLS) or a `tnsnames.ora` alias |
 * | ORA_APP_USER / ORA_APP_PASS | required | the user that reads the data (SELECT on the tables, `ALL_*` views) |
 * | ORA_ADM_USER / ORA_ADM_PASS | the app user | the user that reads `V$DATABASE`, `V$PARAMETER`, `DBA_SEGMENTS`, `DBA_EXTENTS` |
 * | ORA_ADM_CONN | ORA_CONN | the admin user's connect string |
 * | TNS_ADMIN | — | directory of `tnsnames.ora` (aliases) and of a PEM wallet |
 * | ORA_WALLET_LOCATION / ORA_WALLET_PASSWORD | — | directory of `ewallet.pem` for TLS (mutual TLS), and its password |
 * | ORA_CONNECT_TIMEOUT | 30 | seconds to open a connection |
 * | USE_ORACLE_WALLET | false | GOE's external (wallet) authentication: refused, thin mode cannot do it |
 *
 * @example
 * const config = loadConfig({ schemas: [COMMON_CONFIG, ORACLE_CONFIG] });
 */
export const ORACLE_CONFIG = defineConfigSchema({
  group: 'oracle',
  title: 'Oracle frontend',
  variables: [
    {
      name: 'ORA_CONN',
      type: 'string',
      description:
        'Source Oracle database: Easy Connect host[:port]/service (tcps://host:2484/service for TLS), or a tnsnames.ora alias (TNS_ADMIN).',
    },
    { name: 'ORA_APP_USER', type: 'string', description: 'User that reads the offloaded tables.' },
    { name: 'ORA_APP_PASS', type: 'string', secret: true, description: 'Password of ORA_APP_USER.' },
    {
      name: 'ORA_ADM_USER',
      type: 'string',
      description: 'User that reads V$DATABASE, V$PARAMETER, DBA_SEGMENTS and DBA_EXTENTS (default: ORA_APP_USER).',
    },
    { name: 'ORA_ADM_PASS', type: 'string', secret: true, description: 'Password of ORA_ADM_USER.' },
    { name: 'ORA_ADM_CONN', type: 'string', description: 'Connect string of ORA_ADM_USER (default: ORA_CONN).' },
    { name: 'TNS_ADMIN', type: 'path', description: 'Directory of tnsnames.ora and of a PEM wallet.' },
    { name: 'ORA_WALLET_LOCATION', type: 'path', description: 'Directory of ewallet.pem (TLS, mutual TLS).' },
    { name: 'ORA_WALLET_PASSWORD', type: 'string', secret: true, description: 'Password of the PEM wallet.' },
    {
      name: 'ORA_CONNECT_TIMEOUT',
      type: 'integer',
      min: 1,
      default: '30',
      description: 'Seconds to open a connection.',
    },
    {
      name: 'USE_ORACLE_WALLET',
      type: 'boolean',
      default: 'false',
      description: "GOE's external (wallet) authentication; not possible in node-oracledb's thin mode (refused).",
    },
  ],
});

/** One user's connection parameters. */
export interface OracleLogin {
  readonly user: string;
  readonly password: string;
  readonly connectString: string;
}

/** The parsed settings of the Oracle frontend. */
export interface OracleSettings {
  readonly app: OracleLogin;
  readonly adm: OracleLogin;
  readonly connectTimeoutSeconds: number;
  readonly configDir?: string;
  readonly walletLocation?: string;
  readonly walletPassword?: string;
}

/** A variable's value as trimmed text, undefined when unset or empty. */
function text(config: ResolvedConfig, name: string): string | undefined {
  const v = config.get(name);
  const t = v === undefined ? '' : String(v).trim();
  return t === '' ? undefined : t;
}

function required(config: ResolvedConfig, name: string, hint: string): string {
  const v = text(config, name);
  if (v === undefined || v === '') throw new GoeError('CONFIG_INVALID', `${name} is not set`, { variable: name, hint });
  return v;
}

/**
 * The Oracle settings of a configuration.
 *
 * @throws GoeError `CONFIG_INVALID` naming the variable: a missing ORA_CONN/user/password, or external
 *   authentication (`USE_ORACLE_WALLET=true`, a connect string `/@alias`, a user without a password), which thin
 *   mode cannot do
 * @example
 * oracleSettings(config).app // { user: 'goe_app', password: '…', connectString: 'db:1521/FREEPDB1' }
 */
export function oracleSettings(config: ResolvedConfig): OracleSettings {
  const external =
    'node-oracledb thin mode has no external (wallet-only) authentication: give ORA_APP_USER and ORA_APP_PASS (TLS with a PEM wallet works: ORA_WALLET_LOCATION)';
  if (/^(true|yes|1)$/i.test(text(config, 'USE_ORACLE_WALLET') ?? '')) {
    throw new GoeError('CONFIG_INVALID', 'USE_ORACLE_WALLET=true (external authentication) is not supported', {
      variable: 'USE_ORACLE_WALLET',
      hint: external,
    });
  }
  const conn = required(config, 'ORA_CONN', 'Set ORA_CONN to host:1521/service or a tnsnames.ora alias');
  if (conn.startsWith('/@') || conn.startsWith('/ @')) {
    throw new GoeError('CONFIG_INVALID', `ORA_CONN ${conn} asks for external authentication, which is not supported`, {
      variable: 'ORA_CONN',
      hint: external,
    });
  }
  const app: OracleLogin = {
    user: required(config, 'ORA_APP_USER', external),
    password: required(config, 'ORA_APP_PASS', external),
    connectString: conn,
  };
  const admUser = text(config, 'ORA_ADM_USER');
  const adm: OracleLogin =
    admUser === undefined
      ? app
      : {
          user: admUser,
          password: required(config, 'ORA_ADM_PASS', `Set the password of ORA_ADM_USER ${admUser}`),
          connectString: text(config, 'ORA_ADM_CONN') ?? conn,
        };
  const timeout = Number(text(config, 'ORA_CONNECT_TIMEOUT') ?? '30');
  const configDir = text(config, 'TNS_ADMIN');
  const walletLocation = text(config, 'ORA_WALLET_LOCATION');
  const walletPassword = text(config, 'ORA_WALLET_PASSWORD');
  return {
    app,
    adm,
    connectTimeoutSeconds: Number.isFinite(timeout) && timeout > 0 ? timeout : 30,
    ...(configDir ? { configDir } : {}),
    ...(walletLocation ? { walletLocation } : {}),
    ...(walletPassword ? { walletPassword } : {}),
  };
}
