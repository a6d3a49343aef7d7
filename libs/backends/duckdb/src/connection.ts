/**
 * DuckDB instances and connections (`@duckdb/node-api`), with every engine error mapped to a {@link GoeError}.
 * DuckDB lets one process write a database file at a time: opening a file another process holds is retried
 * for `busyTimeoutMs`, then refused with `BACKEND_BUSY` (never the raw lock error). Within one process, sessions
 * on the same file share one reference-counted instance.
 *
 * Read-only settings (a preview) create and change nothing: an existing file is opened with DuckDB
 * `access_mode=READ_ONLY` (a shared lock: a file another process writes is still `BACKEND_BUSY` after the wait),
 * and a missing file is neither created nor its directory made — the connection is an empty in-memory database
 * whose catalog bears the name the file would have, so DDL reads exactly as an execute run would write it.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { GoeError, isGoeError } from '@goe/core';
import type { DuckdbSettings } from './config.js';

const LOCK_RE = /Could not set lock on file|Conflicting lock is held/i;
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

/** An open instance: shared by file (reference-counted), or private (`:memory:`, a preview of a missing file). */
interface Acquired {
  readonly instance: DuckDBInstance;
  readonly shared: boolean;
  /** A preview of a missing file: the catalog to attach in memory under the file's name. */
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

async function createInstance(settings: DuckdbSettings, signal?: AbortSignal): Promise<DuckDBInstance> {
  const options: Record<string, string> = {
    memory_limit: settings.memoryLimit,
    // Loads do not need insertion order; without it DuckDB streams large INSERT … SELECT in less memory.
    preserve_insertion_order: 'false',
  };
  if (settings.threads !== undefined) options.threads = String(settings.threads);
  const file = settings.database !== ':memory:';
  if (file && settings.readOnly === true) options.access_mode = 'READ_ONLY';
  else if (file) await mkdir(dirname(settings.database), { recursive: true });
  const deadline = Date.now() + settings.busyTimeoutMs;
  for (;;) {
    try {
      return await DuckDBInstance.create(settings.database, options);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (!LOCK_RE.test(message)) throw mapDuckdbError(e);
      if (Date.now() >= deadline || signal?.aborted) throw busyError(message, e, settings.database);
      await sleep(Math.min(250, Math.max(deadline - Date.now(), 1)));
    }
  }
}

async function acquire(settings: DuckdbSettings, signal?: AbortSignal): Promise<Acquired> {
  if (settings.database === ':memory:') return { instance: await createInstance(settings, signal), shared: false };
  const readOnly = settings.readOnly === true;
  const deadline = Date.now() + settings.busyTimeoutMs;
  for (;;) {
    let entry = instances.get(settings.database);
    if (entry === undefined) {
      if (readOnly && !existsSync(settings.database)) {
        // A preview of a warehouse that does not exist yet: an empty database, nothing created on disk.
        const instance = await createInstance({ ...settings, database: ':memory:' }, signal);
        return { instance, shared: false, absentCatalog: duckdbCatalogName(settings.database) };
      }
      entry = createInstance(settings, signal).then((instance) => ({ instance, refs: 0, readOnly }));
      instances.set(settings.database, entry);
      const created = entry;
      created.catch(() => {
        if (instances.get(settings.database) === created) instances.delete(settings.database);
      });
    }
    const shared = await entry;
    // A writer of this process serves a preview too (the session refuses writes); a read-only instance cannot
    // serve a writer, which waits for the previews to close it, as it would for another process.
    if (!shared.readOnly || readOnly) {
      shared.refs++;
      return { instance: shared.instance, shared: true };
    }
    if (Date.now() >= deadline || signal?.aborted) throw readOnlyBusyError(settings.database);
    await sleep(Math.min(50, Math.max(deadline - Date.now(), 1)));
  }
}

function readOnlyBusyError(path: string): GoeError {
  return new GoeError('BACKEND_BUSY', `DuckDB database ${path} is open read-only (a preview) in this process`, {
    engineCode: 'LOCKED',
    hint: 'Wait for the preview to finish (see DUCKDB_BUSY_TIMEOUT), or point DUCKDB_DATABASE at another file',
  });
}

async function release(settings: DuckdbSettings, acquired: Acquired): Promise<void> {
  const { instance } = acquired;
  if (!acquired.shared) {
    instance.closeSync();
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
    const acquired = await acquire(settings, signal);
    try {
      const connection = await acquired.instance.connect();
      const catalog = acquired.absentCatalog;
      if (catalog !== undefined && catalog !== 'memory') {
        const name = `"${catalog.replace(/"/g, '""')}"`;
        await connection.run(`ATTACH ':memory:' AS ${name}`);
        await connection.run(`USE ${name}`);
      }
      const reader = await connection.runAndReadAll('SELECT current_database()');
      return new DuckdbConnection(settings, acquired, connection, String(reader.getRowsJS()[0]?.[0]));
    } catch (e) {
      await release(settings, acquired);
      throw mapDuckdbError(e);
    }
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

  /** Runs a statement. @throws GoeError with the SQL attached */
  async run(sql: string, params: SqlParams = []): Promise<number> {
    try {
      const result = await this.connection.run(sql, params.length === 0 ? undefined : [...params]);
      return result.rowsChanged;
    } catch (e) {
      throw mapDuckdbError(e, sql);
    }
  }

  /** Runs a query and returns its rows as JS values (BIGINT → bigint, VARCHAR → string, NULL → null). */
  async rows(sql: string, params: SqlParams = []): Promise<unknown[][]> {
    try {
      const reader = await this.connection.runAndReadAll(sql, params.length === 0 ? undefined : [...params]);
      return reader.getRowsJS() as unknown[][];
    } catch (e) {
      throw mapDuckdbError(e, sql);
    }
  }

  /** Runs `fn` in a transaction: COMMIT when it resolves, ROLLBACK when it throws. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.run('BEGIN TRANSACTION');
    try {
      const out = await fn();
      await this.run('COMMIT');
      return out;
    } catch (e) {
      await this.run('ROLLBACK').catch(() => undefined);
      throw e;
    }
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
