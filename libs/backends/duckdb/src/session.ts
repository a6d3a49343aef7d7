/**
 * The DuckDB {@link BackendSession}: databases (schemas), tables, DDL, per-chunk steps, counts and aggregates.
 *
 * The session holds the database file only while it uses it, so that other processes can read the warehouse
 * during an offload (e.g. while the next chunk is transported): every read opens a connection (the file
 * `READ_ONLY` unless this process already has it open), runs and releases it; every write opens the file
 * read-write, runs and releases it; a chunk's load holds one read-write connection from `stageLoad` until its
 * `finalLoad` (or `dropStaged`, or a failing validation) ends, then releases it. Several chunks may be held at
 * once (each has its own connection); connections of this process share one instance per file.
 */
import {
  aggregateKey,
  backendColumns,
  GoeError,
  type AdapterContext,
  type EventSink,
  type AggregateResult,
  type AggregateSpec,
  type BackendSession,
  type BackendTable,
  type LoadChunk,
  type OffloadPlan,
  type OffloadScope,
  type ValidationResult,
} from '@goe/core';
import type { DuckdbSettings } from './config.js';
import { DuckdbConnection, duckdbCatalogName } from './connection.js';
import { DuckdbLoadSteps } from './load-steps.js';
import { scopeWhere } from './predicate.js';
import { DUCKDB_SQL } from './sql.js';
import { computeTableStats } from './stats.js';
import type { DuckdbSchema } from './sql-text.js';
import { canonicalComment, canonicalFromDuckdb, duckdbTypeFor } from './type-map.js';

/**
 * GOE's refusal when partition options reach a backend that cannot partition (reference §5.4).
 *
 * @example
 * session.ddlFor(planWithPartitionColumns) // throws OPTION_INVALID starting with TOO_MANY_PARTITION_COLUMNS
 */
export const TOO_MANY_PARTITION_COLUMNS = 'Too many partition columns for backend system';
/**
 * GOE's refusal when sort columns reach a backend that cannot cluster.
 *
 * @example
 * session.ddlFor(planWithSortColumns) // throws OPTION_INVALID starting with TOO_MANY_SORT_COLUMNS
 */
export const TOO_MANY_SORT_COLUMNS = 'Too many sort columns specified for backend system';

function refuseUnsupported(plan: OffloadPlan): void {
  const parts = plan.partitioning?.columns ?? [];
  if (parts.length > 0) {
    throw new GoeError(
      'OPTION_INVALID',
      `${TOO_MANY_PARTITION_COLUMNS}: DuckDB supports 0, got ${parts.length} (${parts.map((p) => p.sourceColumn).join(', ')})`,
      {
        hint: 'DuckDB tables are not partitioned: remove --partition-columns and the other --partition-* options',
      },
    );
  }
  const sort = plan.partitioning?.sortColumns ?? [];
  if (sort.length > 0) {
    throw new GoeError('OPTION_INVALID', `${TOO_MANY_SORT_COLUMNS}: DuckDB supports 0, got ${sort.length}`, {
      hint: 'DuckDB tables are not clustered: remove --sort-columns',
    });
  }
}

/**
 * What a {@link DuckdbSession} takes from the adapter context.
 *
 * @example
 * const options: DuckdbSessionOptions = { signal: ctx.signal, faultPoint: ctx.faultPoint };
 */
export interface DuckdbSessionOptions {
  /** Interrupts the running statements of the session when it aborts. */
  readonly signal?: AbortSignal;
  /** The fault harness's hook (`load:staged`, `load:before-commit`); see `AdapterContext.faultPoint`. */
  readonly faultPoint?: AdapterContext['faultPoint'];
  /** Where a raised memory limit is logged (`AdapterContext.events`). Default: nowhere. */
  readonly events?: EventSink;
}

type Mode = 'read' | 'write';

/**
 * A DuckDB backend session. Opened read-only (`settings.readOnly`, from `AdapterContext.readOnly`), every reading
 * method works (an absent database file reads as an empty warehouse) and the file is opened `READ_ONLY`, so DuckDB
 * itself refuses a write and a missing file is never created; core's preview guard refuses writes before they get
 * here.
 *
 * No connection stays open between calls, except a chunk's load connection (see the module documentation) and,
 * for `:memory:`, one connection that keeps the in-memory database alive until `close()`.
 *
 * @example
 * const session = await duckdbBackend.connect(ctx); // a DuckdbSession
 * await session.count('sh', 'sales') // 1000000n
 */
export class DuckdbSession implements BackendSession {
  /** Connections in use (interrupted when the signal aborts). */
  private readonly active = new Set<DuckdbConnection>();
  /** Chunk loads holding their read-write connection, by {@link loadKey}. */
  private readonly loads = new Map<string, DuckdbConnection>();
  private readonly interrupt = () => {
    for (const conn of this.active) conn.interrupt();
  };
  private closed = false;

  private constructor(
    private readonly settings: DuckdbSettings,
    private readonly options: DuckdbSessionOptions,
    /** `:memory:`: the connection keeping the database alive; the others are forked from it. */
    private readonly keeper?: DuckdbConnection,
  ) {
    options.signal?.addEventListener('abort', this.interrupt, { once: true });
  }

  /**
   * Opens a session. A database file is opened once to check it (a DuckDB database, not written by another
   * process: `BACKEND_BUSY` after the busy timeout) and released at once; nothing is created.
   *
   * @throws GoeError `BACKEND_BUSY`, `CONFIG_INVALID` (not a DuckDB file), `ENGINE_ERROR`
   * @example
   * const session = await DuckdbSession.open(resolveDuckdbSettings(config), { signal });
   */
  static async open(settings: DuckdbSettings, options: DuckdbSessionOptions = {}): Promise<DuckdbSession> {
    const keeper = settings.database === ':memory:' ? await DuckdbConnection.open(settings) : undefined;
    const session = new DuckdbSession(settings, options, keeper);
    try {
      await session.use('read', async () => undefined);
    } catch (e) {
      await session.close();
      throw e;
    }
    return session;
  }

  /** Opens a connection: reads open an existing file READ_ONLY (or share this process's instance). */
  private async connection(mode: Mode): Promise<DuckdbConnection> {
    if (this.closed) throw new GoeError('INTERNAL', 'DuckDB session is closed');
    const conn =
      this.keeper !== undefined
        ? await this.keeper.fork()
        : await DuckdbConnection.open(
            mode === 'read' ? { ...this.settings, readOnly: true } : this.settings,
            this.options.signal,
          );
    const events = this.options.events;
    if (events !== undefined)
      conn.onMemoryLimitRaised = (from, to) =>
        events.emit({
          type: 'log',
          level: 'info',
          message: `DuckDB ran out of memory at memory_limit ${from}: retrying at ${to} (DUCKDB_MAX_MEMORY_LIMIT ${this.settings.maxMemoryLimit ?? to})`,
        });
    try {
      for (const sql of DUCKDB_SQL.sessionSetup()) await conn.run(sql);
    } catch (e) {
      await conn.close();
      throw e;
    }
    this.active.add(conn);
    return conn;
  }

  private async release(conn: DuckdbConnection): Promise<void> {
    this.active.delete(conn);
    await conn.close();
  }

  /** Opens a connection, runs `fn`, releases the connection. */
  private async use<T>(mode: Mode, fn: (conn: DuckdbConnection) => Promise<T>): Promise<T> {
    const conn = await this.connection(mode);
    try {
      return await fn(conn);
    } finally {
      await this.release(conn);
    }
  }

  /** The key of a chunk load: target table and chunk number. */
  private static loadKey(plan: OffloadPlan, chunk: LoadChunk): string {
    return JSON.stringify([plan.target.database, plan.target.table, chunk.number]);
  }

  /** Ends a chunk load: releases its connection (no-op when none is held). */
  private async endLoad(key: string): Promise<void> {
    const conn = this.loads.get(key);
    if (conn === undefined) return;
    this.loads.delete(key);
    await this.release(conn);
  }

  private steps(conn: DuckdbConnection): DuckdbLoadSteps {
    return new DuckdbLoadSteps(conn, this.options.faultPoint);
  }

  private schema(catalog: string, database: string): DuckdbSchema {
    return { catalog, schema: database };
  }

  async serverVersion(): Promise<string> {
    const [row] = await this.use('read', (conn) => conn.rows('SELECT version()'));
    return `DuckDB ${String(row?.[0] ?? '?')}`;
  }

  async databaseExists(database: string): Promise<boolean> {
    const [row] = await this.use('read', (conn) => conn.rows(DUCKDB_SQL.schemaExists(), [database]));
    return Number(row?.[0] ?? 0) > 0;
  }

  async createDatabase(database: string): Promise<void> {
    await this.use('write', (conn) => conn.run(DUCKDB_SQL.createSchema(this.schema(conn.catalog, database))));
  }

  async tableExists(database: string, table: string): Promise<boolean> {
    const [row] = await this.use('read', (conn) => conn.rows(DUCKDB_SQL.tableExists(), [database, table]));
    return Number(row?.[0] ?? 0) > 0;
  }

  async describeTable(database: string, table: string): Promise<BackendTable> {
    return this.use('read', (conn) => describe(conn, database, table));
  }

  ddlFor(plan: OffloadPlan): readonly string[] {
    return this.ddl(plan, duckdbCatalogName(this.settings.database));
  }

  private ddl(plan: OffloadPlan, catalog: string): readonly string[] {
    refuseUnsupported(plan);
    const columns = backendColumns(plan).map((c) => {
      const comment = canonicalComment(c);
      return {
        name: c.name,
        type: duckdbTypeFor(c, plan.allow),
        nullable: c.nullable,
        ...(comment === undefined ? {} : { comment }),
      };
    });
    return DUCKDB_SQL.createTable(this.schema(catalog, plan.target.database), plan.target.table, columns);
  }

  async createTable(plan: OffloadPlan): Promise<void> {
    refuseUnsupported(plan);
    await this.use('write', (conn) => {
      const statements = this.ddl(plan, conn.catalog);
      return conn.transaction(async () => {
        for (const sql of statements) await conn.run(sql);
      });
    });
  }

  /**
   * Stages a chunk (a view over its Parquet files) on a read-write connection the chunk holds until its final
   * load ends; then reports the fault point `load:staged`.
   */
  async stageLoad(plan: OffloadPlan, chunk: LoadChunk): Promise<void> {
    const key = DuckdbSession.loadKey(plan, chunk);
    let conn = this.loads.get(key);
    if (conn === undefined) {
      conn = await this.connection('write');
      this.loads.set(key, conn);
    }
    try {
      await this.steps(conn).stageLoad(plan, chunk);
    } catch (e) {
      await this.endLoad(key);
      throw e;
    }
    this.options.faultPoint?.('load:staged');
  }

  /** Runs a validation on the chunk's held connection (released when the validation fails), else on a read. */
  private async validation(
    plan: OffloadPlan,
    chunk: LoadChunk,
    fn: (steps: DuckdbLoadSteps) => Promise<ValidationResult>,
  ): Promise<ValidationResult> {
    const key = DuckdbSession.loadKey(plan, chunk);
    const held = this.loads.get(key);
    if (held === undefined) return this.use('read', (conn) => fn(this.steps(conn)));
    try {
      const result = await fn(this.steps(held));
      if (!result.ok) await this.endLoad(key); // the runner stops this chunk: do not hold the file meanwhile
      return result;
    } catch (e) {
      await this.endLoad(key);
      throw e;
    }
  }

  validateStaged(plan: OffloadPlan, chunk: LoadChunk): Promise<ValidationResult> {
    return this.validation(plan, chunk, (steps) => steps.validateStaged(plan, chunk));
  }

  validateCasts(plan: OffloadPlan, chunk: LoadChunk): Promise<ValidationResult> {
    return this.validation(plan, chunk, (steps) => steps.validateCasts(plan, chunk));
  }

  /** Runs a write step of a chunk on its held connection (or a new one), then releases it. */
  private async chunkWrite<T>(
    plan: OffloadPlan,
    chunk: LoadChunk,
    fn: (steps: DuckdbLoadSteps) => Promise<T>,
  ): Promise<T> {
    const key = DuckdbSession.loadKey(plan, chunk);
    const held = this.loads.get(key);
    if (held === undefined) return this.use('write', (conn) => fn(this.steps(conn)));
    try {
      return await fn(this.steps(held));
    } finally {
      await this.endLoad(key);
    }
  }

  /** The typed INSERT … SELECT in one transaction (fault point `load:before-commit` just before COMMIT). */
  async finalLoad(plan: OffloadPlan, chunk: LoadChunk): Promise<bigint> {
    return this.chunkWrite(plan, chunk, (steps) => steps.finalLoad(plan, chunk));
  }

  async dropStaged(plan: OffloadPlan, chunk: LoadChunk): Promise<void> {
    return this.chunkWrite(plan, chunk, (steps) => steps.dropStaged(plan, chunk));
  }

  async count(database: string, table: string, scope?: OffloadScope): Promise<bigint> {
    const [row] = await this.use('read', async (conn) => {
      const where = await scoped(conn, database, table, scope);
      return conn.rows(
        DUCKDB_SQL.count(this.schema(conn.catalog, database), table, where?.sql),
        (where?.params ?? []) as string[],
      );
    });
    return BigInt(row?.[0] as bigint | number);
  }

  async aggregate(
    database: string,
    table: string,
    specs: readonly AggregateSpec[],
    scope?: OffloadScope,
  ): Promise<AggregateResult> {
    if (specs.length === 0) return {};
    const row = await this.use('read', async (conn) => {
      const described = await describe(conn, database, table);
      const byName = new Map(described.columns.map((c) => [c.name.toUpperCase(), c]));
      const resolved = specs.map((spec) => {
        const column = byName.get(spec.column.toUpperCase());
        if (column === undefined)
          throw new GoeError('OPTION_INVALID', `Column ${spec.column} does not exist in ${database}.${table}`, {
            column: spec.column,
          });
        return { spec, column };
      });
      const where =
        scope === undefined || scope.kind === 'full'
          ? undefined
          : scopeWhere(scope, new Map(described.columns.map((c, i) => [c.name, described.backendTypes[i]!])));
      const [first = []] = await conn.rows(
        DUCKDB_SQL.aggregate(this.schema(conn.catalog, database), table, resolved, where?.sql),
        (where?.params ?? []) as string[],
      );
      return first;
    });
    const out: Record<string, string | null> = {};
    specs.forEach(
      (spec, i) => (out[aggregateKey(spec)] = row[i] === null || row[i] === undefined ? null : String(row[i])),
    );
    return out;
  }

  async maxPartitionValue(database: string, table: string, column: string): Promise<string | null> {
    const [row] = await this.use('read', async (conn) => {
      const described = await describe(conn, database, table);
      const col = described.columns.find((c) => c.name.toUpperCase() === column.toUpperCase());
      if (col === undefined)
        throw new GoeError('OPTION_INVALID', `Column ${column} does not exist in ${database}.${table}`, { column });
      return conn.rows(DUCKDB_SQL.maxValue(this.schema(conn.catalog, database), table, col));
    });
    return row?.[0] === null || row?.[0] === undefined ? null : String(row[0]);
  }

  async partitionKeyValues(
    database: string,
    table: string,
    columns: readonly string[],
    mode: 'max' | 'distinct',
  ): Promise<readonly (readonly (string | null)[])[]> {
    const rows = await this.use('read', async (conn) => {
      const described = await describe(conn, database, table);
      const cols = columns.map((column) => {
        const col = described.columns.find((c) => c.name.toUpperCase() === column.toUpperCase());
        if (col === undefined)
          throw new GoeError('OPTION_INVALID', `Column ${column} does not exist in ${database}.${table}`, { column });
        return col;
      });
      return conn.rows(DUCKDB_SQL.keyValues(this.schema(conn.catalog, database), table, cols, mode));
    });
    return rows.map((r) => cols(r, columns.length));
  }

  async computeStats(database: string, table: string): Promise<void> {
    await this.use('write', (conn) => computeTableStats(conn, this.schema(conn.catalog, database), table));
  }

  async dropTable(database: string, table: string): Promise<void> {
    await this.use('write', (conn) => conn.run(DUCKDB_SQL.dropTable(this.schema(conn.catalog, database), table)));
  }

  /** Releases the chunk loads still held (and a `:memory:` database). Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.options.signal?.removeEventListener('abort', this.interrupt);
    for (const key of [...this.loads.keys()]) await this.endLoad(key);
    await this.keeper?.close();
  }
}

async function describe(conn: DuckdbConnection, database: string, table: string): Promise<BackendTable> {
  const rows = await conn.rows(DUCKDB_SQL.describeColumns(), [database, table]);
  if (rows.length === 0) throw new GoeError('TABLE_NOT_FOUND', `Table ${database}.${table} does not exist in DuckDB`);
  return {
    database,
    name: table,
    columns: rows.map((r) =>
      canonicalFromDuckdb(String(r[0]), String(r[1]), r[2] === true || r[2] === 'YES', r[3] as string | null),
    ),
    backendTypes: rows.map((r) => String(r[1])),
  };
}

/** The WHERE clause of a scope (none for the full table). */
async function scoped(conn: DuckdbConnection, database: string, table: string, scope: OffloadScope | undefined) {
  if (scope === undefined || scope.kind === 'full') return undefined;
  const described = await describe(conn, database, table);
  return scopeWhere(scope, new Map(described.columns.map((c, i) => [c.name, described.backendTypes[i]!])));
}

/** The first `n` values of a result row as text (NULL as null). */
function cols(row: readonly unknown[], n: number): (string | null)[] {
  return row.slice(0, n).map((v) => (v === null || v === undefined ? null : String(v)));
}
