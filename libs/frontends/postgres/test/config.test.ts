/** Configuration parsing, TLS options, and secrets never appearing in messages. */
import { isGoeError } from '@goe/core';
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoConnection, resolvePostgresSettings, redactUrl } from '../src/config.js';
import { mapPgError, urlMasker } from '../src/connection.js';
import { openPostgresSession, PGLITE_CAPABILITIES, POSTGRES_CAPABILITIES, postgresFrontend } from '../src/index.js';
import { staticConfig } from './helpers.js';

describe('PostgreSQL frontend configuration', () => {
  it('reads a postgres:// URL with defaults', () => {
    const s = resolvePostgresSettings(staticConfig({ POSTGRES_CONN: 'postgres://u:p@h:5432/db' }));
    expect(s).toMatchObject({
      engine: 'pg',
      ssl: false,
      statementTimeoutMs: 0,
      connectTimeoutMs: 30_000,
      dataSamplePercent: -1,
      splitMethod: 'auto',
      applicationName: 'goe',
      allowNumericSpecialValues: false,
      allowInfiniteDates: false,
      allowBcDates: false,
    });
  });

  it('lets sslmode in the URL decide, else POSTGRES_SSLMODE', () => {
    expect(
      resolvePostgresSettings(staticConfig({ POSTGRES_CONN: 'postgres://h/db?sslmode=require' })).ssl,
    ).toBeUndefined();
    expect(
      resolvePostgresSettings(staticConfig({ POSTGRES_CONN: 'postgres://h/db', POSTGRES_SSLMODE: 'require' })).ssl,
    ).toEqual({ rejectUnauthorized: false });
    expect(
      resolvePostgresSettings(staticConfig({ POSTGRES_CONN: 'postgres://h/db', POSTGRES_SSLMODE: 'verify-full' })).ssl,
    ).toEqual({ rejectUnauthorized: true });
    const ca = resolvePostgresSettings(
      staticConfig({ POSTGRES_CONN: 'postgres://h/db', POSTGRES_SSLMODE: 'verify-ca' }),
    ).ssl;
    expect(ca && ca.checkServerIdentity?.()).toBeUndefined();
  });

  it('reads pglite:// directories and options', () => {
    expect(resolvePostgresSettings(staticConfig({ POSTGRES_CONN: 'pglite:///var/goe/demo' }))).toMatchObject({
      engine: 'pglite',
      dataDir: '/var/goe/demo',
    });
    expect(
      resolvePostgresSettings(
        staticConfig({
          POSTGRES_CONN: 'pglite://memory',
          POSTGRES_DATA_SAMPLE_PERCENT: '0',
          POSTGRES_SPLIT_METHOD: 'mod',
        }),
      ),
    ).toMatchObject({ engine: 'pglite', dataDir: 'memory://', dataSamplePercent: 0, splitMethod: 'mod' });
  });

  it('names the variable and never the password in configuration errors', () => {
    const cases: Record<string, string>[] = [
      {},
      { POSTGRES_CONN: 'mysql://u:s3cret@h/db' },
      { POSTGRES_CONN: 'postgres://h/db', POSTGRES_DATA_SAMPLE_PERCENT: '200' },
    ];
    for (const values of cases) {
      try {
        resolvePostgresSettings(staticConfig(values));
        throw new Error('expected an error');
      } catch (e) {
        expect(isGoeError(e) && e.code).toBe('CONFIG_INVALID');
        expect(isGoeError(e) && e.variable).toMatch(/^POSTGRES_/);
        expect(String((e as Error).message)).not.toContain('s3cret');
      }
    }
  });

  it('maps driver errors to GoeError with SQLSTATE, masking the password', () => {
    const mask = urlMasker('postgres://u:s3cret@h/db');
    const e = mapPgError(
      { code: '42P01', message: 'relation "x" does not exist' },
      { sql: 'SELECT 1 -- s3cret', mask },
    );
    expect(e).toMatchObject({ code: 'ENGINE_ERROR', engineCode: '42P01', sql: 'SELECT 1 -- ***' });
    expect(mapPgError({ code: '28P01', message: 'password authentication failed' }, { mask }).code).toBe(
      'CONNECTION_FAILED',
    );
    expect(mapPgError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' }, { mask }).code).toBe(
      'CONNECTION_FAILED',
    );
    expect(mask('postgres://u:s3cret@h/db failed')).toBe('postgres://u:***@h/db failed');
    expect(redactUrl('postgresql://u:p%40ss@h/db')).toBe('postgresql://u:***@h/db');
  });

  it('fails to connect with CONNECTION_FAILED and no password in the message', async () => {
    const error = await openPostgresSession(
      {
        config: staticConfig({ POSTGRES_CONN: 'postgres://goe:t0ps3cret@127.0.0.1:1/db', POSTGRES_CONNECT_TIMEOUT: 2 }),
        events: { emit: () => undefined },
      },
      { pg: POSTGRES_CAPABILITIES, pglite: PGLITE_CAPABILITIES },
    ).catch((e: unknown) => e);
    expect(isGoeError(error) && error.code).toBe('CONNECTION_FAILED');
    expect(JSON.stringify((error as { toJSON(): unknown }).toJSON())).not.toContain('t0ps3cret');
  });

  it('is a branded frontend adapter with a config schema', () => {
    expect(postgresFrontend).toMatchObject({ kind: 'frontend', name: 'postgres', apiVersion: 1 });
    expect(postgresFrontend.configSchema.variables.find((v) => v.name === 'POSTGRES_CONN')).toMatchObject({
      secret: true,
    });
  });
});

describe('POSTGRES_CONN unset: the demo database of OFFLOAD_HOME', () => {
  it('uses pglite://<OFFLOAD_HOME>/demo once goe demo created it, and says how to get one otherwise', () => {
    const home = mkdtempSync(join(tmpdir(), 'goe-pg-demo-conn-'));
    try {
      const unset = () => resolvePostgresSettings(staticConfig({}), home);
      expect(unset).toThrow('POSTGRES_CONN is not set');
      try {
        unset();
      } catch (e) {
        expect((e as { hint?: string }).hint).toContain('goe demo');
      }
      mkdirSync(join(home, 'demo'));
      expect(unset).toThrow('POSTGRES_CONN is not set'); // an empty directory is not a database
      writeFileSync(join(home, 'demo', 'PG_VERSION'), '17\n');
      expect(demoConnection(home)).toBe(`pglite://${join(home, 'demo')}`);
      expect(unset().engine).toBe('pglite');
      // an explicit POSTGRES_CONN always wins
      expect(resolvePostgresSettings(staticConfig({ POSTGRES_CONN: 'postgres://h/db' }), home).engine).toBe('pg');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
