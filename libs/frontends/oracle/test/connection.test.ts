/**
 * Oracle sessions on node-oracledb thin mode. Without a server: the real driver against local sockets (a closed
 * port, a port that answers garbage, one that never answers) and a fake driver under the session (setup statements,
 * binds, error mapping). With `GOE_TEST_ORACLE_DSN=user/password@host:port/service` the same module also connects to
 * that database (the opt-in live suite); unset, that part is skipped and says so.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { goeErrorOf } from '../../../../tools/test-support/goe-error.js';
import type oracledb from 'oracledb';
import { connectOracle, oracleError, ORACLE_SQL, type OracleDriver, type OracleLogin } from '../src/index.js';
import { LIVE_DSN, LIVE_SKIP_REASON, liveLogin } from './support/live.js';

const SETTINGS = { connectTimeoutSeconds: 5 };
const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** A local TCP server with this behaviour; resolves with its port. */
async function serve(onConnection: (socket: Socket) => void): Promise<number> {
  const server = createServer(onConnection);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const port = await serve(() => undefined);
  servers.pop()!.close();
  await new Promise((r) => setTimeout(r, 20));
  return port;
}

const login = (port: number): OracleLogin => ({
  user: 'goe_app',
  password: 'pw-do-not-print',
  connectString: `127.0.0.1:${port}/FREEPDB1`,
});

describe('node-oracledb thin mode against local sockets (no server needed)', () => {
  it('a closed port: CONNECTION_FAILED naming the connect string and user, with the driver code NJS-503', async () => {
    const port = await closedPort();
    const e = await goeErrorOf(() => connectOracle(login(port), SETTINGS));
    expect(e).toMatchObject({ code: 'CONNECTION_FAILED', engineCode: 'NJS-503' });
    expect(e.message).toMatch(
      new RegExp(`^Cannot connect to Oracle at 127\\.0\\.0\\.1:${port}/FREEPDB1 as goe_app: NJS-503: .*ECONNREFUSED`),
    );
    expect(e.message).not.toContain('CONNECTION_ID');
    expect(e.hint).toContain('Nothing listens at that host and port');
    expect(`${e.message} ${e.hint}`).not.toContain('pw-do-not-print');
  });

  it('a port that answers garbage and hangs up: a clear protocol error, not a hang', async () => {
    const port = await serve((s) =>
      s.once('data', () => s.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n')),
    );
    const started = Date.now();
    const e = await goeErrorOf(() => connectOracle(login(port), SETTINGS));
    expect(Date.now() - started).toBeLessThan(4000);
    expect(e).toMatchObject({ code: 'CONNECTION_FAILED', engineCode: 'NJS-500' });
    expect(e.message).toContain('connection to Oracle Database was closed or broken');
    expect(e.hint).toContain('the port may serve something other than Oracle Net');
  });

  it('a port that never answers: NJS-510 after ORA_CONNECT_TIMEOUT', async () => {
    const port = await serve(() => undefined);
    const e = await goeErrorOf(() => connectOracle(login(port), { connectTimeoutSeconds: 1 }));
    expect(e).toMatchObject({ code: 'CONNECTION_FAILED', engineCode: 'NJS-510' });
    expect(e.hint).toContain('ORA_CONNECT_TIMEOUT');
  });
});

/** A fake of node-oracledb's connection, typed against its published types. */
function fakeDriver(script: {
  readonly connectError?: Error;
  readonly executeError?: (sql: string) => Error | undefined;
  readonly rows?: unknown[][];
  readonly closeError?: Error;
}) {
  const executed: { sql: string; binds: unknown; options: unknown }[] = [];
  let closed = 0;
  const connection: Pick<oracledb.Connection, 'execute' | 'close' | 'oracleServerVersionString'> = {
    oracleServerVersionString: '23.5.0.24.7',
    execute: (async (sql: string, binds: unknown, options: unknown) => {
      executed.push({ sql, binds, options });
      const e = script.executeError?.(sql);
      if (e !== undefined) throw e;
      return { rows: sql.startsWith('ALTER') ? undefined : (script.rows ?? []) };
    }) as oracledb.Connection['execute'],
    close: (async () => {
      closed++;
      if (script.closeError !== undefined) throw script.closeError;
    }) as oracledb.Connection['close'],
  };
  const attributes: oracledb.ConnectionAttributes[] = [];
  const driver: OracleDriver = {
    async getConnection(a) {
      attributes.push(a);
      if (script.connectError !== undefined) throw script.connectError;
      return connection as oracledb.Connection;
    },
  };
  return { driver, executed, attributes, closed: () => closed };
}

const driverError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('connectOracle over a fake driver', () => {
  const LOGIN = login(1521);

  it('connects with the settings, sets the session up, then runs statements with named binds as arrays', async () => {
    const fake = fakeDriver({ rows: [['SH', 'SALES']] });
    const c = await connectOracle(
      LOGIN,
      { connectTimeoutSeconds: 7, configDir: '/tns', walletLocation: '/w', walletPassword: 'wp' },
      fake.driver,
    );
    expect(fake.attributes).toEqual([
      {
        user: 'goe_app',
        password: 'pw-do-not-print',
        connectString: '127.0.0.1:1521/FREEPDB1',
        connectTimeout: 7,
        configDir: '/tns',
        walletLocation: '/w',
        walletPassword: 'wp',
      },
    ]);
    expect(fake.executed.map((e) => e.sql)).toEqual(ORACLE_SQL.sessionSetup());
    expect(c.serverVersion).toBe('23.5.0.24.7');
    expect(await c.query(ORACLE_SQL.primaryKey(), { owner: 'SH', table_name: 'SALES' })).toEqual([['SH', 'SALES']]);
    expect(fake.executed.at(-1)).toMatchObject({
      binds: { owner: 'SH', table_name: 'SALES' },
      options: { outFormat: 4001 },
    });
    await c.close();
    expect(fake.closed()).toBe(1);
  });

  it('maps statement errors to ENGINE_ERROR with the ORA code and a hint; ORA-01555 says what to do', async () => {
    const fake = fakeDriver({
      executeError: (sql) =>
        sql.startsWith('SELECT')
          ? driverError(
              'ORA-01555',
              'ORA-01555: snapshot too old: rollback segment number 9 with name "_SYSSMU9$" too small',
            )
          : undefined,
    });
    const c = await connectOracle(LOGIN, SETTINGS, fake.driver);
    const e = await goeErrorOf(() =>
      c.query(ORACLE_SQL.count({ owner: 'SH', table: 'SALES' }, { asOfScn: true }), { scn: 1 }),
    );
    expect(e).toMatchObject({ code: 'ENGINE_ERROR', engineCode: 'ORA-01555' });
    expect(e.message).toBe(
      'Oracle: ORA-01555: snapshot too old: rollback segment number 9 with name "_SYSSMU9$" too small',
    );
    expect(e.hint).toContain('Raise UNDO_RETENTION');
  });

  it('a failed session setup closes the connection and reports the error', async () => {
    const fake = fakeDriver({
      executeError: () => driverError('ORA-02248', 'ORA-02248: invalid option for ALTER SESSION'),
    });
    const e = await goeErrorOf(() => connectOracle(LOGIN, SETTINGS, fake.driver));
    expect(e).toMatchObject({ code: 'ENGINE_ERROR', engineCode: 'ORA-02248' });
    expect(e.hint).toBeUndefined();
    expect(fake.closed()).toBe(1);
  });

  it('connect errors: credentials, an unknown service, a server thin mode cannot serve; secrets masked', async () => {
    const denied = await goeErrorOf(() =>
      connectOracle(
        LOGIN,
        SETTINGS,
        fakeDriver({
          connectError: driverError('ORA-01017', 'ORA-01017: invalid credential or not authorized; logon denied'),
        }).driver,
      ),
    );
    expect(denied).toMatchObject({ code: 'CONNECTION_FAILED', engineCode: 'ORA-01017' });
    expect(denied.hint).toContain('check ORA_APP_USER/ORA_APP_PASS');
    const old = await goeErrorOf(() =>
      connectOracle(
        LOGIN,
        SETTINGS,
        fakeDriver({
          connectError: driverError(
            'NJS-138',
            'NJS-138: connections to this database server version are not supported by node-oracledb in Thin mode',
          ),
        }).driver,
      ),
    );
    expect(old).toMatchObject({ code: 'CONFIG_INVALID', engineCode: 'NJS-138', variable: 'ORA_CONN' });
    expect(old.hint).toContain('12.1 or later');
    const leaky = await goeErrorOf(() =>
      connectOracle(
        LOGIN,
        SETTINGS,
        fakeDriver({ connectError: new Error('bad password pw-do-not-print here') }).driver,
      ),
    );
    expect(leaky.message).toBe('Cannot connect to Oracle at 127.0.0.1:1521/FREEPDB1 as goe_app: bad password *** here');
    expect(leaky.engineCode).toBeUndefined();
  });

  it('close errors are mapped; a GoeError passes through; codes are read from the message when missing', async () => {
    const fake = fakeDriver({ closeError: driverError('NJS-003', 'NJS-003: invalid or closed connection') });
    const c = await connectOracle(LOGIN, SETTINGS, fake.driver);
    expect(await goeErrorOf(() => c.close())).toMatchObject({ code: 'ENGINE_ERROR', engineCode: 'NJS-003' });
    const goe = oracleError(driverError('X', 'y'));
    expect(oracleError(goe)).toBe(goe);
    expect(oracleError(new Error('ORA-00942: table or view does not exist'))).toMatchObject({
      engineCode: 'ORA-00942',
      hint: 'The table or view does not exist, or this user lacks SELECT on it',
    });
    expect(oracleError('plain text')).toMatchObject({ code: 'ENGINE_ERROR', message: 'Oracle: plain text' });
  });
});

const dsn = LIVE_DSN;
(dsn === '' ? describe.skip : describe)(
  `live Oracle (GOE_TEST_ORACLE_DSN)${dsn === '' ? ` (skipped: ${LIVE_SKIP_REASON})` : ''}`,
  () => {
    it('connects in thin mode, sets the session up, and reads the database info and a dictionary view', async () => {
      const c = await connectOracle(liveLogin(dsn), { connectTimeoutSeconds: 30 });
      try {
        const [[version, charset]] = (await c.query(ORACLE_SQL.databaseInfo())) as [[string, string]];
        expect(version).toMatch(/^\d+\.\d+/);
        expect(charset).toMatch(/\w+/);
        const rows = await c.query(ORACLE_SQL.describeColumns(), { owner: 'SYS', table_name: 'DUAL' });
        expect(rows[0]?.[0]).toBe('DUMMY');
      } finally {
        await c.close();
      }
    });
  },
);
