/** GOE's Oracle variables, parsed and checked before any connection; thin mode's limits refused with a hint. */
import { describe, expect, it } from 'vitest';
import { goeErrorOf } from '../../../../tools/test-support/goe-error.js';
import { COMMON_CONFIG, loadConfig } from '@goe/core';
import { ORACLE_CONFIG, oracleSettings } from '../src/index.js';

const BASE = { ORA_CONN: 'db.example:1521/FREEPDB1', ORA_APP_USER: 'goe_app', ORA_APP_PASS: 'app-secret' };

const settings = (env: Record<string, string>) =>
  oracleSettings(loadConfig({ schemas: [COMMON_CONFIG, ORACLE_CONFIG], env, file: false }));

describe('Oracle frontend configuration', () => {
  it('reads the app login; the admin login defaults to it; timeouts and TLS settings', () => {
    expect(settings(BASE)).toEqual({
      app: { user: 'goe_app', password: 'app-secret', connectString: 'db.example:1521/FREEPDB1' },
      adm: { user: 'goe_app', password: 'app-secret', connectString: 'db.example:1521/FREEPDB1' },
      connectTimeoutSeconds: 30,
    });
    const full = settings({
      ...BASE,
      ORA_ADM_USER: 'goe_adm',
      ORA_ADM_PASS: 'adm-secret',
      ORA_ADM_CONN: 'admin-host:1521/FREEPDB1',
      ORA_CONNECT_TIMEOUT: '5',
      TNS_ADMIN: '/etc/oracle',
      ORA_WALLET_LOCATION: '/etc/oracle/wallet',
      ORA_WALLET_PASSWORD: 'wallet-secret',
    });
    expect(full).toMatchObject({
      adm: { user: 'goe_adm', password: 'adm-secret', connectString: 'admin-host:1521/FREEPDB1' },
      connectTimeoutSeconds: 5,
      configDir: '/etc/oracle',
      walletLocation: '/etc/oracle/wallet',
      walletPassword: 'wallet-secret',
    });
    expect(settings({ ...BASE, ORA_ADM_USER: 'goe_adm', ORA_ADM_PASS: 'x' }).adm.connectString).toBe(BASE.ORA_CONN);
  });

  it('names the missing variable', async () => {
    for (const name of ['ORA_CONN', 'ORA_APP_USER', 'ORA_APP_PASS'] as const) {
      const env: Record<string, string> = { ...BASE };
      delete env[name];
      expect(await goeErrorOf(() => settings(env))).toMatchObject({
        code: 'CONFIG_INVALID',
        message: `${name} is not set`,
        variable: name,
      });
    }
    expect(await goeErrorOf(() => settings({ ...BASE, ORA_ADM_USER: 'goe_adm' }))).toMatchObject({
      message: 'ORA_ADM_PASS is not set',
      hint: 'Set the password of ORA_ADM_USER goe_adm',
    });
  });

  it('refuses external (wallet-only) authentication, which thin mode cannot do, with the way that works', async () => {
    const wallet = await goeErrorOf(() => settings({ ...BASE, USE_ORACLE_WALLET: 'true' }));
    expect(wallet).toMatchObject({
      code: 'CONFIG_INVALID',
      message: 'USE_ORACLE_WALLET=true (external authentication) is not supported',
      variable: 'USE_ORACLE_WALLET',
    });
    expect(wallet.hint).toContain('TLS with a PEM wallet works: ORA_WALLET_LOCATION');
    expect(await goeErrorOf(() => settings({ ...BASE, ORA_CONN: '/@prod_alias' }))).toMatchObject({
      message: 'ORA_CONN /@prod_alias asks for external authentication, which is not supported',
      variable: 'ORA_CONN',
    });
  });

  it('marks the passwords secret, so masking hides them', () => {
    const config = loadConfig({
      schemas: [COMMON_CONFIG, ORACLE_CONFIG],
      env: { ...BASE, ORA_ADM_PASS: 'adm-secret', ORA_WALLET_PASSWORD: 'wallet-secret' },
      file: false,
    });
    expect(config.mask('app-secret adm-secret wallet-secret goe_app')).toBe('*** *** *** goe_app');
  });
});
