/**
 * DuckDB instances and connections (`@duckdb/node-api`), with every engine error mapped to a {@link GoeError}.
 * DuckDB lets one process write a database file at a time: opening a file another process holds is retried
 * for `busyTimeoutMs`, then refused with `BACKEND_BUSY` (never the raw lock error). Within one process,
 * connections to the same file share one reference-counted instance, closed (and the file lock released) with
 * the last connection.
 *
 * Read-only settings (a preview, and every read of the backend session) create and change nothing: an existing
 * file is opened with DuckDB `access_mode=READ_ONLY` (a shared lock: other readers keep reading, a file another
 * process writes is still `BACKEND_BUSY` after the wait), and a missing file is neither created nor its directory
 * made — the connection is an empty in-memory database whose catalog bears the name the file would have, so DDL
 * reads exactly as an execute run would write it.
 *
 * No instance ever installs or loads a DuckDB extension on its own (`autoinstall_known_extensions` and
 * `autoload_known_extensions` are off: nothing is downloaded), and a file that is not a DuckDB database (a SQLite
 * file, anything else) is refused with `CONFIG_INVALID` naming `DUCKDB_DATABASE` before DuckDB opens it.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { GoeError, ensureDirectory, isGoeError } from '@goe/core';
import type { DuckdbSettings } from './config.js';
import { formatSize, sizeBytes } from './size.js';

const LOCK_RE = /Could not set lock on file|Conflicting lock is held/i;
/** The memory limit each open instance runs at now (raised by {@link DuckdbConnection} on out-of-memory). */
const currentLimits = new WeakMap<DuckDBInstance, { bytes: number }>();
const PID_RE = /\(PID (\d+)\)/;

/**
 * Maps a DuckDB error to a GoeError: `ENGINE_ERROR` with `engineCode` = DuckDB's error class (`CATALOG`,
 * `CONVERSION`, `IO`, …) and the failing SQL attached; lock conflicts become `BACKEND_BUSY`.
 *
 * @example
 * mapDuckdbError(new Error('Catalog Error: Table with name x does not exist!'), 'SELECT 1 FROM x').engineCode // 'CATALOG'
 */
export function mapDuckdbError(error: unknown, sql?: string): GoeError {
  if (isGoeError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  const kind = /^([A-Za-z ]+?) Error:/.exec(message)?.[1];
  const engineCode = kind === undefined ? 'DUCKDB' : kind.trim().toUpperCase().replace(/\s+/g, '_');
  if (LOCK_RE.test(message)) return busyError(message, error);
  if (/^INTERRUPT/.test(engineCode))
    return new GoeError('ABORTED', 'DuckDB query interrupted', { engineCode, cause: error, ...(sql ? { sql } : {}) });
  return new GoeError('ENGINE_ERROR', `DuckDB: ${message.split('\n')[0]}`, {
    engineCode,
    cause: error,
    ...(sql ? { sql } : {}),
  });
}

function busyError(message: string, cause: unknown, path?: string): GoeError {
  const pid = PID_RE.exec(message)?.[1];
  return new GoeError(
    'BACKEND_BUSY',
    `DuckDB database ${path === undefined ? '' : `${path} `}is in use by another process${pid ? ` (PID ${pid})` : ''}`,
    {
      engineCode: 'LOCKED',
      cause,
      hint: 'DuckDB allows one writing process per database file: wait for the other offload to finish (see DUCKDB_BUSY_TIMEOUT), or point DUCKDB_DATABASE at another file',
    },
  );
}

interface SharedInstance {
  instance: DuckDBInstance;
  refs: number;
  /** Opened with `access_mode=READ_ONLY`: shared with read-only sessions only. */
  readOnly: boolean;
}
const instances = new Map<string, Promise<SharedInstance>>();

/**
 * An open instance: shared by file (reference-counted in `instances`), or private (`:memory:`, a read of a missing
 * file) with its own count of connections ({@link DuckdbConnection.fork}).
 */
interface Acquired {
  readonly instance: DuckDBInstance;
  readonly shared: boolean;
  /** Connections of a private instance still open. */
  readonly own?: { refs: number };
  /** A read of a missing file: the catalog to attach in memory under the file's name. */
  readonly absentCatalog?: string;
}

/**
 * The catalog name DuckDB gives a database file: the file name up to its first dot (leading dots skipped), with
 * `_db` appended to the reserved `main`, `temp` and `system`.
 *
 * @example
 * duckdbCatalogName('/home/goe/.goe/warehouse/goe.duckdb') // 'goe'
 * duckdbCatalogName('/data/main.duckdb') // 'main_db'
 */
export function duckdbCatalogName(path: string): string {
  if (path === ':memory:' || path === '') return 'memory';
  const name =
    basename(path.replace(/\\/g, '/'))
      .split('.')
      .find((part) => part !== '') ?? 'memory';
  return name === 'main' || name === 'temp' || name === 'system' ? `${name}_db` : name;
}

/**
 * The options of every DuckDB instance the backend opens: extensions are never installed or loaded automatically
 * (no download is ever attempted, e.g. of `sqlite_scanner` for a SQLite file), the memory limit and threads of the
 * settings, and `access_mode=READ_ONLY` for read-only settings on a file.
 *
 * @example
 * duckdbInstanceOptions({ database: '/d/goe.duckdb', memoryLimit: '1GB', busyTimeoutMs: 0, readOnly: true })
 * // { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false', memory_limit: '1GB',
 * //   preserve_insertion_order: 'false', access_mode: 'READ_ONLY' }
 */
export function duckdbInstanceOptions(settings: DuckdbSettings): Record<string, string> {
  const options: Record<string, string> = {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    memory_limit: settings.memoryLimit,
    // Loads do not need insertion order; without it DuckDB streams large INSERT … SELECT in less memory.
    preserve_insertion_order: 'false',
  };
  if (settings.threads !== undefined) options.threads = String(settings.threads);
  if (settings.database !== ':memory:' && settings.readOnly === true) options.access_mode = 'READ_ONLY';
  return options;
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const DUCKDB_MAGIC = Buffer.from('DUCK', 'latin1');
const NOT_DUCKDB_RE = /not a valid DuckDB database file|Extension "[^"]*(sqlite|postgres|mysql)[^"]*" not found/i;

function notDuckdbError(path: string, what: string, cause?: unknown): GoeError {
  return new GoeError('CONFIG_INVALID', `DUCKDB_DATABASE ${path} is ${what}, not a DuckDB database file`, {
    variable: 'DUCKDB_DATABASE',
    hint: 'Point DUCKDB_DATABASE at a DuckDB database file, or at a path that does not exist yet (it is created)',
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * Refuses an existing file that is not a DuckDB database (DuckDB's header carries `DUCK` at byte 8), before DuckDB
 * sees it: DuckDB would otherwise try to attach a SQLite file through an extension. A file shorter than the magic
 * (e.g. one another process is creating right now) is left to DuckDB: locked, it is waited for; else DuckDB refuses
 * it and {@link notDuckdbError} says so.
 *
 * @throws GoeError `CONFIG_INVALID` naming `DUCKDB_DATABASE`
 */
function assertDuckdbFile(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return; // missing (created by DuckDB) or unreadable (DuckDB's own error says why)
  }
  const head = Buffer.alloc(16);
  let n: number;
  try {
    n = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (n >= SQLITE_MAGIC.length && head.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC))
    throw notDuckdbError(path, 'a SQLite database');
  if (n >= 12 && !head.subarray(8, 12).equals(DUCKDB_MAGIC)) throw notDuckdbError(path, 'not a DuckDB database');
}

/** What a file DuckDB refused as not a DuckDB database is, for {@link notDuckdbError}. */
function describeForeign(path: string): string {
  try {
    return statSync(path).size === 0 ? 'an empty file' : 'not a DuckDB database';
  } catch {
    return 'not a DuckDB database';
  }
}

async function createInstance(settings: DuckdbSettings, signal?: AbortSignal): Promise<DuckDBInstance> {
  const options = duckdbInstanceOptions(settings);
  const file = settings.database !== ':memory:';
  if (file) assertDuckdbFile(settings.database);
  if (file && settings.readOnly !== true)
    ensureDirectory(dirname(settings.database), { variable: 'DUCKDB_DATABASE', purpose: 'warehouse directory' });
  const deadline = Date.now() + settings.busyTimeoutMs;
  for (;;) {
    try {
      return await DuckDBInstance.create(settings.database, options);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (file && NOT_DUCKDB_RE.test(message))
        throw notDuckdbError(settings.database, describeForeign(settings.database), e);
      if (!LOCK_RE.test(message)) throw mapDuckdbError(e);
      if (Date.now() >= deadline || signal?.aborted) throw busyError(message, e, settings.database);
      await sleep(Math.min(250, Math.max(deadline - Date.now(), 1)));
    }
  }
}

/** Writers of this process waiting for the read-only instance of a file to close: new readers queue behind them. */
const waitingWriters = new Map<string, number>();

async function acquire(settings: DuckdbSettings, signal?: AbortSignal): Promise<Acquired> {
  if (settings.database === ':memory:')
    return { instance: await createInstance(settings, signal), shared: false, own: { refs: 1 } };
  const path = settings.database;
  const readOnly = settings.readOnly === true;
  const deadline = Date.now() + settings.busyTimeoutMs;
  let waiting = false;
  try {
    for (;;) {
      let entry = instances.get(path);
      if (entry === undefined) {
        if (readOnly && !existsSync(path)) {
          // A read of a warehouse that does not exist yet: an empty database, nothing created on disk.
          const instance = await createInstance({ ...settings, database: ':memory:' }, signal);
          return { instance, shared: false, own: { refs: 1 }, absentCatalog: duckdbCatalogName(path) };
        }
        entry = createInstance(settings, signal).then((instance) => ({ instance, refs: 0, readOnly }));
        instances.set(path, entry);
        const created = entry;
        created.catch(() => {
          if (instances.get(path) === created) instances.delete(path);
        });
      }
      const shared = await entry;
      if (instances.get(path) !== entry) continue; // closed by its last user meanwhile
      // A writer of this process serves readers too; a read-only instance cannot serve a writer, which waits for
      // the readers to close it (as it would for another process), and readers arriving meanwhile wait behind it.
      if (!shared.readOnly || (readOnly && !waitingWriters.has(path))) {
        shared.refs++;
        return { instance: shared.instance, shared: true };
      }
      if (!readOnly) {
        if (!waiting) waitingWriters.set(path, (waitingWriters.get(path) ?? 0) + 1);
        waiting = true;
        if (Date.now() >= deadline || signal?.aborted) throw readOnlyBusyError(path);
      } else if (signal?.aborted) throw readOnlyBusyError(path);
      await sleep(readOnly ? 10 : Math.min(50, Math.max(deadline - Date.now(), 1)));
    }
  } finally {
    if (waiting) {
      const n = (waitingWriters.get(path) ?? 1) - 1;
      if (n > 0) waitingWriters.set(path, n);
      else waitingWriters.delete(path);
    }
  }
}

function readOnlyBusyError(path: string): GoeError {
  return new GoeError(
    'BACKEND_BUSY',
    `DuckDB database ${path} is open read-only in this process (a preview or a read)`,
    {
      engineCode: 'LOCKED',
      hint: 'Wait for the reads to finish (see DUCKDB_BUSY_TIMEOUT), or point DUCKDB_DATABASE at another file',
    },
  );
}

async function release(settings: DuckdbSettings, acquired: Acquired): Promise<void> {
  const { instance } = acquired;
  if (!acquired.shared) {
    if (acquired.own === undefined || --acquired.own.refs === 0) instance.closeSync();
    return;
  }
  const entry = instances.get(settings.database);
  const shared = entry ? await entry : undefined;
  if (shared === undefined || shared.instance !== instance) return;
  if (--shared.refs === 0) {
    instances.delete(settings.database);
    instance.closeSync();
  }
}

/**
 * Bind values of a statement (`$1`, `$2`, …).
 *
 * @example
 * await conn.rows('SELECT count(*) FROM t WHERE id < $1', ['10'])
 */
export type SqlParams = readonly DuckDBValue[];

/**
 * One DuckDB connection with GoeError mapping, JS-value reads and transactions.
 *
 * @example
 * const conn = await DuckdbConnection.open(resolveDuckdbSettings(config));
 * await conn.rows('SELECT 42') // [[42]]
 * await conn.close();
 */
export class DuckdbConnection {
  private closed = false;
  /** Inside {@link transaction}: a failed statement is retried by the transaction, not by itself. */
  private inTransaction = false;
  /**
   * Called when a statement ran out of memory and the instance's `memory_limit` was raised for its retry
   * ({@link DuckdbSettings.maxMemoryLimit}); the session logs it. Default: nothing.
   *
   * @example
   * conn.onMemoryLimitRaised = (from, to) => console.log(`memory_limit ${from} → ${to}`);
   */
  onMemoryLimitRaised?: (from: string, to: string) => void;

  private constructor(
    readonly settings: DuckdbSettings,
    private readonly acquired: Acquired,
    private readonly connection: DuckDBConnection,
    /** The catalog (attached database) name: the database file's stem, `memory` for `:memory:`. */
    readonly catalog: string,
  ) {}

  /**
   * Opens (or shares) the instance of `settings.database` and connects. With `settings.readOnly` an existing file
   * is opened `READ_ONLY` and a missing one is not created (the connection then sees an empty database).
   *
   * @throws GoeError `BACKEND_BUSY` when another process holds the file past the busy timeout;
   *   `ENGINE_ERROR` for anything else DuckDB refuses.
   * @example
   * const conn = await DuckdbConnection.open({ database: ':memory:', memoryLimit: '256MB', busyTimeoutMs: 0 });
   */
  static async open(settings: DuckdbSettings, signal?: AbortSignal): Promise<DuckdbConnection> {
    return DuckdbConnection.connect(settings, await acquire(settings, signal));
  }

  private static async connect(settings: DuckdbSettings, acquired: Acquired): Promise<DuckdbConnection> {
    try {
      const connection = await acquired.instance.connect();
      try {
        const catalog = acquired.absentCatalog;
        if (catalog !== undefined && catalog !== 'memory') {
          const name = `"${catalog.replace(/"/g, '""')}"`;
          await connection.run(`ATTACH IF NOT EXISTS ':memory:' AS ${name}`);
          await connection.run(`USE ${name}`);
        }
        const reader = await connection.runAndReadAll('SELECT current_database()');
        return new DuckdbConnection(settings, acquired, connection, String(reader.getRowsJS()[0]?.[0]));
      } catch (e) {
        connection.closeSync();
        throw e;
      }
    } catch (e) {
      await release(settings, acquired);
      throw mapDuckdbError(e);
    }
  }

  /**
   * Another connection to the same instance (its own transactions), e.g. to keep using a `:memory:` database:
   * the instance stays open until every connection to it has closed.
   *
   * @example
   * const keeper = await DuckdbConnection.open({ database: ':memory:', memoryLimit: '256MB', busyTimeoutMs: 0 });
   * const other = await keeper.fork(); // sees the tables keeper created
   */
  async fork(): Promise<DuckdbConnection> {
    if (this.closed) throw new GoeError('INTERNAL', 'DuckDB connection is closed');
    const acquired = this.acquired;
    if (acquired.own !== undefined) acquired.own.refs++;
    else if (acquired.shared) {
      const shared = await instances.get(this.settings.database);
      if (shared?.instance !== acquired.instance) throw new GoeError('INTERNAL', 'DuckDB instance is closed');
      shared.refs++;
    }
    return DuckdbConnection.connect(this.settings, acquired);
  }

  /**
   * Opened read-only (a preview, `settings.readOnly`): the database file is neither created nor changed.
   *
   * @example
   * (await DuckdbConnection.open({ ...settings, readOnly: true })).readOnly // true
   */
  get readOnly(): boolean {
    return this.settings.readOnly === true;
  }

  /**
   * Whether the database file existed when a read-only connection opened (`false`: an empty in-memory stand-in).
   * Always `true` for a writable connection and for `:memory:`.
   *
   * @example
   * conn.fileExists // false for a preview of a warehouse not created yet
   */
  get fileExists(): boolean {
    return this.acquired.absentCatalog === undefined;
  }

  /**
   * Runs a statement. A statement that runs out of memory outside a transaction is retried at a doubled
   * `memory_limit` while it stays within `settings.maxMemoryLimit`.
   *
   * @throws GoeError with the SQL attached
   */
  async run(sql: string, params: SqlParams = []): Promise<number> {
    return this.retrying(sql, async () => {
      const result = await this.connection.run(sql, params.length === 0 ? undefined : [...params]);
      return result.rowsChanged;
    });
  }

  /**
   * Runs a query and returns its rows as JS values (BIGINT → bigint, VARCHAR → string, NULL → null); retried on
   * out-of-memory as {@link run} is.
   */
  async rows(sql: string, params: SqlParams = []): Promise<unknown[][]> {
    return this.retrying(sql, async () => {
      const reader = await this.connection.runAndReadAll(sql, params.length === 0 ? undefined : [...params]);
      return reader.getRowsJS() as unknown[][];
    });
  }

  private async retrying<T>(sql: string, op: () => Promise<T>): Promise<T> {
    for (;;) {
      try {
        return await op();
      } catch (e) {
        const error = mapDuckdbError(e, sql);
        if (this.inTransaction || !(await this.raiseMemoryLimit(error))) throw error;
      }
    }
  }

  /**
   * Runs `fn` in a transaction: COMMIT when it resolves, ROLLBACK when it throws. When it failed for lack of
   * memory, the whole transaction (rolled back) runs again at a raised limit, as {@link run} does: `fn` must be
   * repeatable.
   */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    for (;;) {
      await this.run('BEGIN TRANSACTION');
      this.inTransaction = true;
      try {
        const out = await fn();
        await this.run('COMMIT');
        return out;
      } catch (e) {
        await this.run('ROLLBACK').catch(() => undefined);
        if (!(await this.raiseMemoryLimit(e))) throw e;
      } finally {
        this.inTransaction = false;
      }
    }
  }

  /**
   * After an out-of-memory error: doubles the instance's `memory_limit` (at most `settings.maxMemoryLimit`) and
   * says so through {@link onMemoryLimitRaised}. False when the error is another one, or the limit is already at
   * its maximum (the error then stands).
   */
  private async raiseMemoryLimit(error: unknown): Promise<boolean> {
    const max = this.settings.maxMemoryLimit;
    if (max === undefined || !isGoeError(error) || error.engineCode !== 'OUT_OF_MEMORY') return false;
    const instance = this.acquired.instance;
    const current = currentLimits.get(instance) ?? { bytes: sizeBytes(this.settings.memoryLimit) };
    const next = Math.min(current.bytes * 2, sizeBytes(max));
    if (next <= current.bytes) return false;
    const sql = `SET memory_limit = '${formatSize(next)}'`;
    try {
      await this.connection.run(sql);
    } catch (e) {
      throw mapDuckdbError(e, sql);
    }
    const from = formatSize(current.bytes);
    current.bytes = next;
    currentLimits.set(instance, current);
    this.onMemoryLimitRaised?.(from, formatSize(next));
    return true;
  }

  /** Interrupts the running statement (it fails with GoeError `ABORTED`). */
  interrupt(): void {
    if (!this.closed) this.connection.interrupt();
  }

  /** Closes the connection, and the instance when no other session of this process uses it. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.connection.closeSync();
    await release(this.settings, this.acquired);
  }
}
