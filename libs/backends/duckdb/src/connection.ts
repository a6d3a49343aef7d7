/**
 * DuckDB instances and connections (`@duckdb/node-api`), with every engine error mapped to a {@link GoeError}.
 * DuckDB lets one process write a database file at a time: opening a file another process holds is retried
 * for `busyTimeoutMs`, then refused with `BACKEND_BUSY` (never the raw lock error). Within one process, sessions
 * on the same file share one reference-counted instance.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
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
}
const instances = new Map<string, Promise<SharedInstance>>();

async function createInstance(settings: DuckdbSettings, signal?: AbortSignal): Promise<DuckDBInstance> {
  const options: Record<string, string> = {
    memory_limit: settings.memoryLimit,
    // Loads do not need insertion order; without it DuckDB streams large INSERT … SELECT in less memory.
    preserve_insertion_order: 'false',
  };
  if (settings.threads !== undefined) options.threads = String(settings.threads);
  if (settings.database !== ':memory:') await mkdir(dirname(settings.database), { recursive: true });
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

async function acquire(settings: DuckdbSettings, signal?: AbortSignal): Promise<DuckDBInstance> {
  if (settings.database === ':memory:') return createInstance(settings, signal);
  let entry = instances.get(settings.database);
  if (entry === undefined) {
    entry = createInstance(settings, signal).then((instance) => ({ instance, refs: 0 }));
    instances.set(settings.database, entry);
    entry.catch(() => instances.delete(settings.database));
  }
  const shared = await entry;
  shared.refs++;
  return shared.instance;
}

async function release(settings: DuckdbSettings, instance: DuckDBInstance): Promise<void> {
  if (settings.database === ':memory:') {
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
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    /** The catalog (attached database) name: the database file's stem, `memory` for `:memory:`. */
    readonly catalog: string,
  ) {}

  /**
   * Opens (or shares) the instance of `settings.database` and connects.
   *
   * @throws GoeError `BACKEND_BUSY` when another process holds the file past the busy timeout;
   *   `ENGINE_ERROR` for anything else DuckDB refuses.
   * @example
   * const conn = await DuckdbConnection.open({ database: ':memory:', memoryLimit: '256MB', busyTimeoutMs: 0 });
   */
  static async open(settings: DuckdbSettings, signal?: AbortSignal): Promise<DuckdbConnection> {
    const instance = await acquire(settings, signal);
    try {
      const connection = await instance.connect();
      const reader = await connection.runAndReadAll('SELECT current_database()');
      return new DuckdbConnection(settings, instance, connection, String(reader.getRowsJS()[0]?.[0]));
    } catch (e) {
      await release(settings, instance);
      throw mapDuckdbError(e);
    }
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
    await release(this.settings, this.instance);
  }
}
