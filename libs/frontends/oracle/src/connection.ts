/**
 * Oracle sessions on node-oracledb in **thin mode** (pure JavaScript, no Oracle Client), behind one small interface
 * ({@link OracleConnection}) so that tests can put a fake driver under it. Every session is set up the same way
 * (`ORACLE_SQL.sessionSetup`: ISO formats, UTC), and every driver error becomes a {@link GoeError} carrying the
 * driver's code (`NJS-503`, `ORA-01017`…) as `engineCode`, with a hint; a password is never part of a message.
 */
import { GoeError, isGoeError } from '@goe/core';
import oracledb from 'oracledb';
import type { OracleLogin, OracleSettings } from './config.js';
import { extractFetchTypeHandler, type RowSource } from './extract/extract.js';
import { ORACLE_SQL } from './sql.js';

/** Bind values of a statement (named: `:owner`, `:p0`…). */
export type OracleBinds = Readonly<Record<string, string | number | bigint | null>>;

/**
 * One session: statements with named binds, rows as arrays (metadata and verification), and the data path — a query
 * fetched in arrays with the extraction fetch type handler ({@link RowSource}).
 */
export interface OracleConnection extends RowSource {
  /** The server version the driver reports at connect, e.g. `23.5.0.24.7`. */
  readonly serverVersion: string;
  query(sql: string, binds?: OracleBinds): Promise<unknown[][]>;
  close(): Promise<void>;
}

/** The part of node-oracledb a connection needs (a test may hand in a fake). */
export interface OracleDriver {
  getConnection(attributes: oracledb.ConnectionAttributes): Promise<oracledb.Connection>;
}

/** Errors of a connection attempt: the driver's code → what to check. */
const CONNECT_HINTS: Readonly<Record<string, string>> = {
  'NJS-503': 'Nothing listens at that host and port, or a firewall rejects the connection: check ORA_CONN',
  'NJS-510': 'The server did not complete the handshake in time (ORA_CONNECT_TIMEOUT): check ORA_CONN and the network',
  'NJS-500':
    'The server closed the connection during the handshake: the port may serve something other than Oracle Net, or a listener/firewall refused the client — check the port in ORA_CONN',
  'NJS-521':
    'The server closed the connection during the handshake: the port may serve something other than Oracle Net — check the port in ORA_CONN',
  'NJS-068': 'The server answered with something that is not Oracle Net: check the port in ORA_CONN',
  'NJS-116':
    "The user's password verifier is 10G, which thin mode cannot use: reset the password (ALTER USER … IDENTIFIED BY …) so an 11G/12C verifier is created",
  'NJS-517': 'The alias was not found in tnsnames.ora: check ORA_CONN and TNS_ADMIN',
  'ORA-01017': 'Invalid user name or password: check ORA_APP_USER/ORA_APP_PASS (or ORA_ADM_USER/ORA_ADM_PASS)',
  'ORA-28000': 'The account is locked: ask the DBA to unlock it (ALTER USER … ACCOUNT UNLOCK)',
  'ORA-28001': 'The password has expired: change it, then update the password variable',
  'ORA-12514': 'The listener does not know that service: check the service name in ORA_CONN (lsnrctl services)',
  'ORA-12505': 'The listener does not know that SID: use host:port/service_name in ORA_CONN',
  'ORA-12154': 'The connect identifier could not be resolved: check ORA_CONN and TNS_ADMIN',
  'ORA-12541': 'No listener at that host and port: check ORA_CONN',
};

/** Errors that refuse the configuration rather than the connection. */
const CONFIG_CODES: Readonly<Record<string, string>> = {
  'NJS-138':
    'node-oracledb thin mode connects to Oracle Database 12.1 or later; this database is older (GOE for TypeScript supports 12.1+)',
};

/** Errors of a statement: the driver's code → what to do. */
const QUERY_HINTS: Readonly<Record<string, string>> = {
  'ORA-01555':
    'Snapshot too old: the undo the AS OF SCN read needs was overwritten. Raise UNDO_RETENTION (goe connect reports it) or offload in smaller chunks (--max-offload-chunk-size), then rerun: the offload resumes',
  'ORA-08181': 'The SCN is not valid for this database (a snapshot from another database, or older than the undo)',
  'ORA-01466': 'The table was changed (DDL) after the snapshot SCN: rerun the offload',
  'ORA-00942': 'The table or view does not exist, or this user lacks SELECT on it',
  'ORA-01031': 'Insufficient privileges: see the privileges listed in the frontend-oracle README',
  'ORA-01013': 'The statement was cancelled',
};

interface DriverErrorLike {
  readonly code?: string;
  readonly message?: string;
}

/** The driver's code of an error: `NJS-503`, `ORA-01017`… (from `code` or the message's first token). */
function driverCode(e: DriverErrorLike): string | undefined {
  if (typeof e.code === 'string' && /^(NJS|ORA|DPI)-\d+$/.test(e.code)) return e.code;
  return /^((?:NJS|ORA|DPI)-\d+)/.exec(e.message ?? '')?.[1];
}

/** The driver's message on one line, without its `(CONNECTION_ID=…)` trace tag. */
function firstLines(message: string): string {
  return message
    .replace(/\s*\(CONNECTION_ID=[^)]*\)/g, '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join('; ');
}

/**
 * A driver error as a {@link GoeError}: at connect `CONNECTION_FAILED` naming the connect string and user (or
 * `CONFIG_INVALID` for a server thin mode cannot serve), else `ENGINE_ERROR`; the driver's code as `engineCode` and a
 * hint by code. `secrets` are masked out of the text.
 *
 * @example
 * oracleError(e, { connect: { user: 'goe_app', connectString: 'db:1521/FREEPDB1' } })
 * // CONNECTION_FAILED "Cannot connect to Oracle at db:1521/FREEPDB1 as goe_app: NJS-503: connection to host db port 1521 could not be established; connect ECONNREFUSED …"
 */
export function oracleError(
  e: unknown,
  context: {
    readonly connect?: Pick<OracleLogin, 'user' | 'connectString'>;
    readonly secrets?: readonly string[];
  } = {},
): GoeError {
  if (isGoeError(e)) return e;
  const err = (typeof e === 'object' && e !== null ? e : { message: String(e) }) as DriverErrorLike;
  const code = driverCode(err);
  let text = firstLines(err.message ?? String(e));
  for (const s of context.secrets ?? []) if (s !== '') text = text.split(s).join('***');
  const codeOpt = code === undefined ? {} : { engineCode: code };
  if (code !== undefined && CONFIG_CODES[code] !== undefined) {
    return new GoeError('CONFIG_INVALID', `Oracle server not supported: ${text}`, {
      ...codeOpt,
      variable: 'ORA_CONN',
      hint: CONFIG_CODES[code],
    });
  }
  if (context.connect !== undefined) {
    const { user, connectString } = context.connect;
    const hint = code === undefined ? undefined : CONNECT_HINTS[code];
    return new GoeError('CONNECTION_FAILED', `Cannot connect to Oracle at ${connectString} as ${user}: ${text}`, {
      ...codeOpt,
      ...(hint === undefined ? {} : { hint }),
    });
  }
  const hint = code === undefined ? undefined : QUERY_HINTS[code];
  return new GoeError('ENGINE_ERROR', `Oracle: ${text}`, { ...codeOpt, ...(hint === undefined ? {} : { hint }) });
}

/**
 * Opens a thin-mode session as `login` and sets it up (`ORACLE_SQL.sessionSetup`).
 *
 * @throws GoeError `CONNECTION_FAILED` / `CONFIG_INVALID` (see {@link oracleError})
 * @example
 * const c = await connectOracle(settings.app, settings);
 * await c.query(ORACLE_SQL.currentScn()); // [[12345678n]]
 */
export async function connectOracle(
  login: OracleLogin,
  settings: Pick<OracleSettings, 'connectTimeoutSeconds' | 'configDir' | 'walletLocation' | 'walletPassword'>,
  driver: OracleDriver = oracledb,
): Promise<OracleConnection> {
  const secrets = [login.password, settings.walletPassword ?? ''];
  let connection: oracledb.Connection;
  try {
    connection = await driver.getConnection({
      user: login.user,
      password: login.password,
      connectString: login.connectString,
      connectTimeout: settings.connectTimeoutSeconds,
      ...(settings.configDir === undefined ? {} : { configDir: settings.configDir }),
      ...(settings.walletLocation === undefined ? {} : { walletLocation: settings.walletLocation }),
      ...(settings.walletPassword === undefined ? {} : { walletPassword: settings.walletPassword }),
    });
  } catch (e) {
    throw oracleError(e, { connect: login, secrets });
  }
  const query = async (sql: string, binds: OracleBinds = {}): Promise<unknown[][]> => {
    try {
      const result = await connection.execute<unknown[]>(sql, { ...binds } as oracledb.BindParameters, {
        outFormat: oracledb.OUT_FORMAT_ARRAY,
      });
      return result.rows ?? [];
    } catch (e) {
      throw oracleError(e, { secrets });
    }
  };
  try {
    for (const sql of ORACLE_SQL.sessionSetup()) await query(sql);
  } catch (e) {
    await connection.close().catch(() => undefined);
    throw e;
  }
  async function* fetchRows(
    sql: string,
    binds: OracleBinds,
    fetchArraySize: number,
    signal?: AbortSignal,
  ): AsyncIterable<unknown[][]> {
    let resultSet: oracledb.ResultSet<unknown[]> | undefined;
    try {
      const result = await connection.execute<unknown[]>(sql, { ...binds } as oracledb.BindParameters, {
        resultSet: true,
        outFormat: oracledb.OUT_FORMAT_ARRAY,
        fetchArraySize,
        prefetchRows: fetchArraySize,
        fetchTypeHandler: extractFetchTypeHandler,
      });
      resultSet = result.resultSet;
      if (resultSet === undefined) return;
      for (;;) {
        signal?.throwIfAborted();
        const rows = await resultSet.getRows(fetchArraySize);
        if (rows.length === 0) return;
        yield rows;
      }
    } catch (e) {
      if (signal?.aborted) throw e;
      throw oracleError(e, { secrets });
    } finally {
      await resultSet?.close().catch(() => undefined);
    }
  }
  async function readLob(locator: unknown): Promise<string | Buffer> {
    const lob = locator as oracledb.Lob;
    try {
      const data: string | Buffer | null = await lob.getData(); // null: an empty LOB, read past its end
      return data ?? (lob.type === oracledb.DB_TYPE_BLOB ? Buffer.alloc(0) : '');
    } catch (e) {
      throw oracleError(e, { secrets });
    } finally {
      lob.destroy(); // the locator is closed with the next round trip
    }
  }
  return {
    serverVersion: connection.oracleServerVersionString ?? 'unknown',
    query,
    fetchRows,
    readLob,
    async close() {
      try {
        await connection.close();
      } catch (e) {
        throw oracleError(e, { secrets });
      }
    },
  };
}
