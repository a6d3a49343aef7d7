/**
 * Issue #11: an unreachable PostgreSQL server was reported as "Connection terminated unexpectedly". Each way of
 * not reaching the server is one CONNECTION_FAILED line naming host:port, the OS code and POSTGRES_CONN, and
 * never the password or the URL.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isGoeError, type GoeError } from '@goe/core';
import { resolvePostgresSettings } from '../src/config.js';
import { connectionTarget, createConnector, mapPgError, urlMasker } from '../src/connection.js';
import { staticConfig } from './helpers.js';

const PASSWORD = 'Pw-n0t-in-messages';

const servers: Server[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A local TCP server calling `onConnection` for each client; resolves to its port. */
async function listen(onConnection: (socket: Socket) => void): Promise<number> {
  const server = createServer(onConnection);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return typeof address === 'object' && address !== null ? address.port : 0;
}

/** A port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Opens a connection to `url` and returns the error it fails with. */
async function connectError(url: string, connectTimeoutSeconds = 5): Promise<GoeError> {
  const settings = resolvePostgresSettings(
    staticConfig({ POSTGRES_CONN: url, POSTGRES_CONNECT_TIMEOUT: connectTimeoutSeconds }),
  );
  const connector = createConnector(settings);
  try {
    const conn = await connector.open();
    await conn.close();
  } catch (e) {
    if (isGoeError(e)) return e;
    throw e;
  } finally {
    await connector.close();
  }
  throw new Error('expected the connection to fail');
}

/** The checks every connection failure passes: one line, named target, no secret. */
function expectClearFailure(e: GoeError, url: string): void {
  expect(e.code).toBe('CONNECTION_FAILED');
  expect(e.variable).toBe('POSTGRES_CONN');
  expect(e.message).not.toMatch(/[\r\n]/);
  expect(e.message).not.toContain('Connection terminated unexpectedly');
  const all = JSON.stringify(e.toJSON()) + e.message + (e.hint ?? '');
  expect(all).not.toContain(PASSWORD);
  expect(all).not.toContain(url);
  expect(e.hint).toContain('POSTGRES_CONN');
}

describe('connecting to an unreachable PostgreSQL server', () => {
  it('a closed local port: ECONNREFUSED naming host:port', async () => {
    const port = await closedPort();
    const url = `postgres://goe:${PASSWORD}@127.0.0.1:${port}/db`;
    const e = await connectError(url);
    expectClearFailure(e, url);
    expect(e.message).toBe(
      `Cannot connect to PostgreSQL at 127.0.0.1:${port} (POSTGRES_CONN): ECONNREFUSED, connection refused: nothing listens on that port, or a firewall rejects it`,
    );
    expect(e.engineCode).toBe('ECONNREFUSED');
  });

  it('a port that accepts and closes at once: the server closed the connection during the handshake', async () => {
    const port = await listen((socket) => socket.destroy());
    const url = `postgres://goe:${PASSWORD}@127.0.0.1:${port}/db`;
    const e = await connectError(url);
    expectClearFailure(e, url);
    expect(e.message).toBe(
      `Cannot connect to PostgreSQL at 127.0.0.1:${port} (POSTGRES_CONN): the server closed the connection before the PostgreSQL handshake completed`,
    );
    expect(e.hint).toMatch(/pg_hba\.conf/);
  });

  it('an unresolvable host name: ENOTFOUND naming the host', async () => {
    const url = `postgres://goe:${PASSWORD}@nonexistent.invalid:5432/db`;
    const e = await connectError(url);
    expectClearFailure(e, url);
    expect(e.message).toMatch(
      /^Cannot connect to PostgreSQL at nonexistent\.invalid:5432 \(POSTGRES_CONN\): (ENOTFOUND, host name not found|EAI_AGAIN, host name lookup failed)/,
    );
    expect(e.hint).toMatch(/host name in POSTGRES_CONN/);
  });

  it('a server that never answers: ETIMEDOUT after POSTGRES_CONNECT_TIMEOUT', async () => {
    const port = await listen((socket) => sockets.push(socket));
    const url = `postgres://goe:${PASSWORD}@127.0.0.1:${port}/db`;
    const started = Date.now();
    const e = await connectError(url, 1);
    expect(Date.now() - started).toBeLessThan(10_000);
    expectClearFailure(e, url);
    expect(e.message).toBe(
      `Cannot connect to PostgreSQL at 127.0.0.1:${port} (POSTGRES_CONN): ETIMEDOUT, timed out after 1 s (POSTGRES_CONNECT_TIMEOUT)`,
    );
  });
});

describe('mapPgError and connectionTarget', () => {
  it('shows host:port only, as libpq reads the URL', () => {
    expect(connectionTarget(`postgres://goe:${PASSWORD}@db.example.com/sales`)).toBe('db.example.com:5432');
    expect(connectionTarget('postgresql://u@[::1]:6543/db')).toBe('[::1]:6543');
    expect(connectionTarget('postgres:///db?host=/var/run/postgresql')).toBe('/var/run/postgresql/.s.PGSQL.5432');
    expect(connectionTarget('postgres://u:p@h:1/db?port=7')).toBe('h:7');
    expect(connectionTarget('postgres:///db')).toBe('localhost:5432');
    expect(connectionTarget(undefined)).toBeUndefined();
    expect(connectionTarget('not a url')).toBeUndefined();
  });

  it('keeps the SQLSTATE of a refused login, on one line, with the server hint', () => {
    const mask = urlMasker(`postgres://goe:${PASSWORD}@h/db`);
    const e = mapPgError(
      {
        code: '28P01',
        message: `password authentication failed for user "goe"\nDETAIL ${PASSWORD}`,
        hint: 'ask\nthe DBA',
      },
      { mask, connecting: true, target: 'h:5432' },
    );
    expect(e).toMatchObject({ code: 'CONNECTION_FAILED', engineCode: '28P01', variable: 'POSTGRES_CONN' });
    expect(e.message).toBe(
      'Cannot connect to PostgreSQL at h:5432 (POSTGRES_CONN): password authentication failed for user "goe" DETAIL *** (SQLSTATE 28P01)',
    );
    expect(e.hint).toBe('ask the DBA. Check the user and password in POSTGRES_CONN (value not shown) and pg_hba.conf');
  });

  it('a connection lost after it was open is CONNECTION_FAILED, not an engine error', () => {
    const e = mapPgError(new Error('Connection terminated unexpectedly'), {
      mask: (t) => t,
      sql: 'SELECT 1',
      target: 'h:5432',
    });
    expect(e.code).toBe('CONNECTION_FAILED');
    expect(e.message).toBe(
      'Lost the connection to PostgreSQL at h:5432 (POSTGRES_CONN): the server closed the connection',
    );
  });

  it('leaves SQL errors and PGlite directory errors alone', () => {
    const mask = (t: string) => t;
    expect(mapPgError({ code: '42P01', message: 'relation "x" does not exist' }, { mask }).code).toBe('ENGINE_ERROR');
    const pglite = mapPgError(
      Object.assign(new Error("ENOENT: no such file or directory, open '/x/PG_VERSION'"), { code: 'ENOENT' }),
      {
        mask,
        connecting: true,
      },
    );
    expect(pglite.code).toBe('CONNECTION_FAILED');
    expect(pglite.message).not.toContain('socket');
  });
});
