/**
 * Driver sessions behind one small interface: `pg` (a new server connection per {@link PgConnector.open}) or
 * PGlite (one in-process engine; each "connection" is an exclusive lease of it). Every driver error becomes a
 * {@link GoeError}: `ENGINE_ERROR` with the SQLSTATE as `engineCode`, or `CONNECTION_FAILED`; the password
 * is never part of a message.
 *
 * Read-only settings (a preview) create nothing: a `pglite://<dir>` without a database is refused instead of
 * initialised, and every session defaults to read-only transactions.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { escapeControl, GoeError, isGoeError } from '@goe/core';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { redactUrl, type PostgresSettings } from './config.js';
import { CopyOutQuery } from './copy-out.js';
import { copyOutSql, SESSION_SETUP_SQL } from './sql.js';

/** One database connection: plain queries and a streamed `COPY … TO` in binary format. */
export interface PgConnection {
  readonly engine: 'pg' | 'pglite';
  /** Runs one statement; rows as objects (metadata only, never the data path). */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /**
   * Streams the bytes of `COPY (select) TO STDOUT (FORMAT binary)`, each chunk valid until the next is asked for;
   * pauses the server while the consumer is slow. PGlite materializes the COPY output in memory first
   * (`/dev/blob`), then yields it in chunks.
   */
  copyOut(select: string, signal?: AbortSignal): AsyncIterable<Uint8Array>;
  close(): Promise<void>;
}

/** Opens connections to one source. */
export interface PgConnector {
  readonly engine: 'pg' | 'pglite';
  open(): Promise<PgConnection>;
  /** Closes what the connector holds (the PGlite engine). */
  close(): Promise<void>;
}

/** Masks secrets in text: the password of the URL, and anything `extra` masks. */
export type Masker = (text: string) => string;

interface DbErrorLike {
  code?: string;
  message?: string;
  detail?: string;
  hint?: string;
}

/** Operating-system (socket and name lookup) error codes of a failed connection, with what they mean. */
const NETWORK_REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused: nothing listens on that port, or a firewall rejects it',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed (temporary DNS failure)',
  EAI_FAIL: 'host name lookup failed',
  ETIMEDOUT: 'timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EHOSTDOWN: 'host is down',
  ECONNRESET: 'connection reset by the server',
  ECONNABORTED: 'connection aborted',
  EPIPE: 'the server closed the connection',
  EADDRNOTAVAIL: 'address not available',
  ENOENT: 'no such socket file (is the server running on this host?)',
  EACCES: 'permission denied on the socket file',
};

/** The connection-level messages of the `pg` driver that carry no code. */
const TIMEOUT_RE = /^(timeout expired|Connection terminated due to connection timeout)$/i;
const CLOSED_RE = /^Connection terminated( unexpectedly)?$/i;

/** Context of {@link mapPgError}. */
export interface PgErrorContext {
  /** The statement that failed (masked before it is kept). */
  readonly sql?: string;
  readonly mask: Masker;
  /** True while opening the connection: an error without SQLSTATE is a connection failure. */
  readonly connecting?: boolean;
  /** `host:port` of the server, for messages ({@link connectionTarget}); never the URL. */
  readonly target?: string;
  /** The connect timeout in milliseconds, named when it expires. */
  readonly connectTimeoutMs?: number;
}

/**
 * `host:port` of a `postgres://` URL for messages: never the user, password or database; `?host=` and `?port=`
 * parameters win as in libpq; a Unix socket directory is shown as `<dir>/.s.PGSQL.<port>`. `undefined` when the
 * URL does not parse.
 *
 * @example
 * connectionTarget('postgres://goe:s3cret@db.example.com/sales') // 'db.example.com:5432'
 * connectionTarget('postgresql://u@[::1]:6543/db') // '[::1]:6543'
 */
export function connectionTarget(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const port = parsed.searchParams.get('port') || parsed.port || '5432';
  const host = parsed.searchParams.get('host') || decodeHost(parsed.hostname) || 'localhost';
  if (host.startsWith('/')) return `${host.replace(/\/$/, '')}/.s.PGSQL.${port}`;
  return `${host}:${port}`;
}

function decodeHost(hostname: string): string {
  try {
    return decodeURIComponent(hostname);
  } catch {
    return hostname;
  }
}

/**
 * Turns any driver error into a {@link GoeError}. Failures to reach the server (socket and name lookup errors
 * such as ECONNREFUSED, ENOTFOUND, ETIMEDOUT, EHOSTUNREACH, the driver's timeout, a server closing the connection
 * during the handshake) and SQLSTATE classes 08 (connection), 28 (authorization), 3D (no such database) and
 * 57P03 become `CONNECTION_FAILED`: one line naming `host:port` (never the URL or the password), the OS code or
 * SQLSTATE and what it means, `variable` `POSTGRES_CONN` and a hint. Other SQLSTATEs become `ENGINE_ERROR` with
 * `engineCode`.
 *
 * @example
 * try { await client.connect() } catch (e) { throw mapPgError(e, { mask, connecting: true, target: 'db:5432' }) }
 * // CONNECTION_FAILED "Cannot connect to PostgreSQL at db:5432 (POSTGRES_CONN): ECONNREFUSED, connection refused: …"
 */
export function mapPgError(error: unknown, context: PgErrorContext): GoeError {
  if (isGoeError(error)) return error;
  const e = (error ?? {}) as DbErrorLike;
  const rawMessage = String(e.message ?? error);
  const code = typeof e.code === 'string' ? e.code : TIMEOUT_RE.test(rawMessage) ? 'ETIMEDOUT' : undefined;
  const message = context.mask(rawMessage);
  const isSqlState = code !== undefined && /^[0-9A-Z]{5}$/.test(code);
  // ENOENT and EACCES are socket errors only for a Unix socket (for PGlite they are about its directory)
  const network =
    code !== undefined &&
    !isSqlState &&
    NETWORK_REASONS[code] !== undefined &&
    ((code !== 'ENOENT' && code !== 'EACCES') || context.target?.includes('/.s.PGSQL.') === true);
  const closed = code === undefined && CLOSED_RE.test(rawMessage);
  const connectionClass =
    network ||
    closed ||
    (isSqlState && (code.startsWith('08') || code.startsWith('28') || code === '3D000' || code === '57P03'));
  const details = {
    ...(context.sql === undefined ? {} : { sql: context.mask(context.sql) }),
    ...(code === undefined ? {} : { engineCode: code }),
    ...(e.hint === undefined ? {} : { hint: context.mask(e.hint) }),
    cause: error,
  };
  if (connectionClass || (context.connecting && !isSqlState)) {
    const at = context.target === undefined ? '' : ` at ${escapeControl(context.mask(context.target))}`;
    const lost = !context.connecting && (closed || code === 'ECONNRESET' || code === 'EPIPE' || code === 'ETIMEDOUT');
    const lead = `${lost ? 'Lost the connection to' : 'Cannot connect to'} PostgreSQL${at} (POSTGRES_CONN)`;
    let why: string;
    let hint: string;
    if (network) {
      const seconds =
        code === 'ETIMEDOUT' && context.connectTimeoutMs !== undefined
          ? ` after ${Math.round(context.connectTimeoutMs / 1000)} s (POSTGRES_CONNECT_TIMEOUT)`
          : '';
      why = `${code}, ${NETWORK_REASONS[code]!}${seconds}`;
      hint =
        code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_FAIL'
          ? 'Check the host name in POSTGRES_CONN (value not shown: it may hold a password) and DNS'
          : 'Check the host and port in POSTGRES_CONN (value not shown: it may hold a password), that the server runs and that this host can reach it';
    } else if (closed) {
      why = context.connecting
        ? 'the server closed the connection before the PostgreSQL handshake completed'
        : 'the server closed the connection';
      hint =
        'Check that POSTGRES_CONN names a PostgreSQL server (host and port) that accepts this client: pg_hba.conf, ' +
        'TLS (POSTGRES_SSLMODE or sslmode=), max_connections, or a proxy or firewall in between';
    } else if (isSqlState) {
      why = `${oneLine(message)} (SQLSTATE ${code})`;
      hint = code.startsWith('28')
        ? 'Check the user and password in POSTGRES_CONN (value not shown) and pg_hba.conf'
        : code === '3D000'
          ? 'Check the database name in POSTGRES_CONN'
          : 'Check POSTGRES_CONN and the server';
    } else {
      why = `${oneLine(message)}${code === undefined ? '' : ` (${code})`}`;
      hint = 'Check POSTGRES_CONN (value not shown: it may hold a password), POSTGRES_SSLMODE and the server';
    }
    return new GoeError('CONNECTION_FAILED', `${lead}: ${why}`, {
      ...details,
      variable: 'POSTGRES_CONN',
      hint: e.hint === undefined ? hint : `${oneLine(context.mask(e.hint))}. ${hint}`,
    });
  }
  const detail = e.detail ? ` (${context.mask(e.detail)})` : '';
  return new GoeError('ENGINE_ERROR', `PostgreSQL error${code ? ` ${code}` : ''}: ${message}${detail}`, details);
}

/** A driver message on one line (server messages may hold newlines), control characters escaped. */
function oneLine(text: string): string {
  return escapeControl(text.replace(/\s*\r?\n\s*/g, ' ').trim());
}

/**
 * A masker that hides the URL's password (and its redacted form's source).
 *
 * @example
 * urlMasker('postgres://u:s3cret@h/db')('login s3cret failed') // 'login *** failed'
 */
export function urlMasker(url: string | undefined, extra?: Masker): Masker {
  let password: string | undefined;
  if (url !== undefined) {
    try {
      password = decodeURIComponent(new URL(url).password) || undefined;
    } catch {
      password = undefined;
    }
  }
  return (text) => {
    let out = url === undefined ? text : text.split(url).join(redactUrl(url));
    if (password !== undefined && password.length > 0) out = out.split(password).join('***');
    return extra ? extra(out) : out;
  };
}

/**
 * Statement making every later transaction of a session read-only (a preview): a write fails with SQLSTATE 25006.
 *
 * @example
 * if (settings.readOnly) await conn.query(READ_ONLY_SESSION_SQL);
 */
export const READ_ONLY_SESSION_SQL = 'SET default_transaction_read_only = on';

/**
 * In a preview (`settings.readOnly`), refuses a `pglite://<dir>` that holds no database (missing or empty
 * directory, no `PG_VERSION`) instead of letting PGlite initialise one. Nothing to check for a server or for
 * `pglite://memory`. The message names the directory (never the value of a `postgres://` URL).
 *
 * @throws GoeError `CONNECTION_FAILED` naming `POSTGRES_CONN` and the directory
 * @example
 * assertSourceExists({ ...settings, readOnly: true }) // throws when /data/pg has no PGlite database
 */
export function assertSourceExists(settings: PostgresSettings): void {
  if (settings.readOnly !== true || settings.engine !== 'pglite') return;
  const dir = pgliteDirectory(settings.dataDir);
  if (dir === undefined || existsSync(resolve(dir, 'PG_VERSION'))) return;
  throw new GoeError(
    'CONNECTION_FAILED',
    `POSTGRES_CONN: no PGlite database in ${resolve(dir)} (${existsSync(dir) ? 'empty directory' : 'no such directory'}); a preview does not create one`,
    {
      variable: 'POSTGRES_CONN',
      hint: 'Run `goe demo` to create the demo database, or point POSTGRES_CONN at an existing database',
    },
  );
}

/** The local directory of a PGlite data dir (`file://` prefix removed), `undefined` for in-memory ones. */
function pgliteDirectory(dataDir: string | undefined): string | undefined {
  if (dataDir === undefined || dataDir.startsWith('memory://')) return undefined;
  if (/^(idb|opfs-ahp):\/\//.test(dataDir)) return undefined;
  return dataDir.startsWith('file://') ? dataDir.slice('file://'.length) : dataDir;
}

function aborted(signal: AbortSignal | undefined): GoeError {
  return new GoeError('ABORTED', 'Extraction cancelled', { cause: signal?.reason });
}

class PgClientConnection implements PgConnection {
  readonly engine = 'pg' as const;
  private broken = false;
  constructor(
    private readonly client: pg.Client,
    private readonly mask: Masker,
    /** `host:port`, for messages. */
    private readonly target?: string,
  ) {}

  async query<R>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
    try {
      const result = (await this.client.query(sql, params as unknown[])) as pg.QueryResult | pg.QueryResult[];
      return (Array.isArray(result) ? (result.at(-1)?.rows ?? []) : result.rows) as R[];
    } catch (error) {
      throw mapPgError(error, { sql, mask: this.mask, ...(this.target === undefined ? {} : { target: this.target }) });
    }
  }

  async *copyOut(select: string, signal?: AbortSignal): AsyncIterable<Uint8Array> {
    const sql = copyOutSql(select, 'pg');
    if (signal?.aborted) throw aborted(signal);
    const query = this.client.query(new CopyOutQuery(sql));
    try {
      yield* query.chunks(signal);
    } catch (error) {
      if (signal?.aborted) throw aborted(signal);
      throw mapPgError(error, { sql, mask: this.mask, ...(this.target === undefined ? {} : { target: this.target }) });
    } finally {
      if (query.streaming) {
        // The server is still sending: this connection cannot be reused; drop it.
        this.broken = true;
        (this.client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
      }
    }
  }

  async close(): Promise<void> {
    if (this.broken) return;
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, 2000).unref());
    await Promise.race([this.client.end().catch(() => undefined), timeout]);
  }
}

function pgConnector(settings: PostgresSettings, mask: Masker): PgConnector {
  const target = connectionTarget(settings.url);
  return {
    engine: 'pg',
    async open() {
      const client = new pg.Client({
        connectionString: settings.url,
        ...(settings.ssl === undefined ? {} : { ssl: settings.ssl }),
        application_name: settings.applicationName,
        connectionTimeoutMillis: settings.connectTimeoutMs,
        ...(settings.statementTimeoutMs > 0 ? { statement_timeout: settings.statementTimeoutMs } : {}),
      });
      client.on('error', () => undefined); // a dropped idle connection surfaces on the next query instead
      try {
        await client.connect();
      } catch (error) {
        await client.end().catch(() => undefined);
        throw mapPgError(error, {
          mask,
          connecting: true,
          connectTimeoutMs: settings.connectTimeoutMs,
          ...(target === undefined ? {} : { target }),
        });
      }
      const conn = new PgClientConnection(client, mask, target);
      try {
        await conn.query(SESSION_SETUP_SQL);
        if (settings.readOnly === true) await conn.query(READ_ONLY_SESSION_SQL);
      } catch (error) {
        await conn.close();
        throw error;
      }
      return conn;
    },
    async close() {},
  };
}

/** Serializes leases of the single PGlite engine. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();
  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((r) => (release = r));
    const prev = this.tail;
    this.tail = prev.then(() => next);
    return prev.then(() => release);
  }
}

const PGLITE_CHUNK = 1 << 20;

class PgliteConnection implements PgConnection {
  readonly engine = 'pglite' as const;
  private released = false;
  constructor(
    private readonly db: PGlite,
    private readonly release: () => void,
    private readonly mask: Masker,
    /** A read-only lease (a preview): its transactions are read-only, reset when the lease ends. */
    private readonly readOnly = false,
  ) {}

  async query<R>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
    try {
      if (params.length === 0 && /;\s*\S/.test(sql)) {
        const results = await this.db.exec(sql);
        return (results.at(-1)?.rows ?? []) as R[];
      }
      return (await this.db.query<R>(sql, params as unknown[])).rows;
    } catch (error) {
      throw mapPgError(error, { sql, mask: this.mask });
    }
  }

  async *copyOut(select: string, signal?: AbortSignal): AsyncIterable<Uint8Array> {
    const sql = copyOutSql(select, 'pglite');
    if (signal?.aborted) throw aborted(signal);
    let blob: Blob | undefined;
    try {
      blob = (await this.db.query(sql)).blob;
    } catch (error) {
      throw mapPgError(error, { sql, mask: this.mask });
    }
    if (blob === undefined) return;
    // streamed out of the Blob: no second whole copy of the COPY output (an ArrayBuffer of it) is made
    for await (const chunk of blob.stream() as unknown as AsyncIterable<Uint8Array>) {
      for (let off = 0; off < chunk.length; off += PGLITE_CHUNK) {
        if (signal?.aborted) throw aborted(signal);
        yield chunk.subarray(off, Math.min(chunk.length, off + PGLITE_CHUNK));
      }
    }
  }

  async close(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.db.query('ROLLBACK').catch(() => undefined); // leave no transaction open for the next lease
    // the engine is shared: the next lease may write
    if (this.readOnly) await this.db.query('RESET default_transaction_read_only').catch(() => undefined);
    this.release();
  }
}

interface SharedEngine {
  db: Promise<PGlite>;
  mutex: Mutex;
  refs: number;
}

/**
 * Start parameters added to PGlite's own: bounded shared buffers. PGlite's 160 MB (its initdb's choice) are touched
 * in full at start (an open engine: 290 MB resident, 173 MB with 16 MB), while its reads go through the OS page
 * cache anyway and a large scan (an offload's COPY) reads through a 256 kB ring buffer whatever the size.
 */
const PGLITE_SETTINGS = ['-c', 'shared_buffers=16MB'];

/** PGlite engines by data directory: two sessions on one directory in one process share one engine. */
const ENGINES = new Map<string, SharedEngine>();

function pgliteConnector(settings: PostgresSettings, mask: Masker): PgConnector {
  const dir = settings.dataDir ?? 'memory://';
  let engine: SharedEngine | undefined;
  const acquire = (): SharedEngine => {
    if (engine) return engine;
    const shared = dir === 'memory://' ? undefined : ENGINES.get(dir);
    if (shared) {
      shared.refs++;
      return (engine = shared);
    }
    const created: SharedEngine = {
      refs: 1,
      mutex: new Mutex(),
      db: (async () => {
        try {
          assertSourceExists(settings);
          const { PGlite } = await import('@electric-sql/pglite');
          const instance = await PGlite.create(dir, {
            startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS],
          });
          await instance.exec(SESSION_SETUP_SQL);
          return instance;
        } catch (error) {
          throw mapPgError(error, { mask, connecting: true });
        }
      })(),
    };
    if (dir !== 'memory://') ENGINES.set(dir, created);
    return (engine = created);
  };
  return {
    engine: 'pglite',
    async open() {
      const e = acquire();
      const instance = await e.db;
      const release = await e.mutex.acquire();
      const conn = new PgliteConnection(instance, release, mask, settings.readOnly === true);
      if (settings.readOnly === true) {
        try {
          await conn.query(READ_ONLY_SESSION_SQL);
        } catch (error) {
          await conn.close();
          throw error;
        }
      }
      return conn;
    },
    async close() {
      const e = engine;
      if (e === undefined) return;
      engine = undefined;
      if (--e.refs > 0) return;
      if (ENGINES.get(dir) === e) ENGINES.delete(dir);
      const instance = await e.db.catch(() => undefined);
      await instance?.close().catch(() => undefined);
    },
  };
}

/**
 * Opens a connector for the configured engine: `pg` for `postgres://`, PGlite for `pglite://`. Nothing
 * connects until the first `open()`. With `settings.readOnly` (a preview) every connection defaults to read-only
 * transactions and a PGlite directory without a database fails `open()` ({@link assertSourceExists}) instead of
 * being initialised.
 *
 * @example
 * const connector = createConnector(resolvePostgresSettings(ctx.config), ctx.config.mask);
 * const conn = await connector.open();
 */
export function createConnector(settings: PostgresSettings, extraMask?: Masker): PgConnector {
  const mask = urlMasker(settings.url, extraMask);
  return settings.engine === 'pg' ? pgConnector(settings, mask) : pgliteConnector(settings, mask);
}
