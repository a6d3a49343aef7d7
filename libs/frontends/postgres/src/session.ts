/**
 * The PostgreSQL {@link FrontendSession}: a metadata connection (pg: held for the session; PGlite: leased per
 * call), a fresh connection per extracted slice and per snapshot-bound count, and a cache of described tables.
 */
import type {
  AdapterContext,
  AggregateResult,
  AggregateSpec,
  DescribeSliceOptions,
  ExtractOptions,
  FrontendCapabilities,
  FrontendSession,
  OffloadScope,
  PredicateAst,
  RenderedSql,
  Slice,
  SliceSource,
  SnapshotToken,
  SourceTable,
  VerificationReadOptions,
  DescribeTableOptions,
} from '@goe/core';
import type { RecordBatch } from 'apache-arrow';
import { resolvePostgresSettings, type PostgresSettings } from './config.js';
import { createConnector, type PgConnection, type PgConnector } from './connection.js';
import { extractSlice } from './extract/extract.js';
import { describePostgresTable, shortVersion, type PgTableInfo } from './introspect.js';
import { renderPredicateSql } from './predicate.js';
import { planPostgresSlices } from './slices.js';
import { describePostgresSlice } from './slice-source.js';
import { openSnapshot } from './snapshot.js';
import { quoteIdent, SERVER_VERSION_SQL } from './sql.js';
import {
  aggregateResult,
  aggregateStatement,
  countStatement,
  readInTransaction,
  verificationSetupSql,
  type BoundSql,
} from './verify.js';

/** A PostgreSQL frontend session: the {@link FrontendSession} contract plus what this engine adds. */
export interface PostgresFrontendSession extends FrontendSession {
  /** `pg` (a server) or `pglite` (embedded, single connection). */
  readonly engine: 'pg' | 'pglite';
  /** What this session can do (PGlite: no shared snapshot, parallelism 1). */
  readonly capabilities: FrontendCapabilities;
  /** The parsed configuration (the URL inside stays secret). */
  readonly settings: PostgresSettings;
  /** Runs one statement on the metadata connection (set-up, tests, administration). */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
}

class Session implements PostgresFrontendSession {
  readonly engine: 'pg' | 'pglite';
  private main: Promise<PgConnection> | undefined;
  private readonly infos = new Map<string, PgTableInfo>();

  constructor(
    private readonly connector: PgConnector,
    readonly settings: PostgresSettings,
    readonly capabilities: FrontendCapabilities,
    private readonly ctx: Pick<AdapterContext, 'events'>,
  ) {
    this.engine = connector.engine;
  }

  /** Runs `fn` on the metadata connection (PGlite: a lease released afterwards). */
  private async withMain<T>(fn: (conn: PgConnection) => Promise<T>): Promise<T> {
    if (this.engine === 'pglite') {
      const conn = await this.connector.open();
      try {
        return await fn(conn);
      } finally {
        await conn.close();
      }
    }
    this.main ??= this.connector.open();
    return fn(await this.main);
  }

  /** Opens the main connection now, so connection errors surface at connect time. */
  async open(): Promise<this> {
    await this.withMain(async () => undefined);
    return this;
  }

  query<R>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
    return this.withMain((c) => c.query<R>(sql, params));
  }

  async serverVersion(): Promise<string> {
    const row = (await this.query<{ version: string }>(SERVER_VERSION_SQL))[0];
    return shortVersion(row?.version ?? '');
  }

  async describeTable(owner: string, table: string, options?: DescribeTableOptions): Promise<SourceTable> {
    const described = await this.withMain((c) =>
      describePostgresTable(c, owner, table, this.settings, this.ctx.events, options?.sampling),
    );
    this.infos.set(`${described.table.owner}\u0000${described.table.name}`, described.info);
    return described.table;
  }

  private async info(table: SourceTable): Promise<PgTableInfo> {
    const key = `${table.owner}\u0000${table.name}`;
    const known = this.infos.get(key);
    if (known) return known;
    const described = await this.withMain((c) =>
      describePostgresTable(c, quoteIdent(table.owner), quoteIdent(table.name), this.settings, undefined),
    );
    this.infos.set(key, described.info);
    return described.info;
  }

  snapshot(token?: string): Promise<SnapshotToken> {
    return openSnapshot(this.connector, token);
  }

  async planSlices(table: SourceTable, scope: OffloadScope, parallelism: number): Promise<readonly Slice[]> {
    const info = await this.info(table);
    return this.withMain((conn) =>
      planPostgresSlices({
        table,
        info,
        scope,
        parallelism: Math.min(parallelism, this.capabilities.maxParallelism),
        method: this.settings.splitMethod,
        conn: async () => conn,
      }),
    );
  }

  async *extract(table: SourceTable, slice: Slice, options: ExtractOptions = {}): AsyncIterable<RecordBatch> {
    const info = await this.info(table);
    yield* extractSlice({
      connector: this.connector,
      table,
      info,
      slice,
      options,
      values: this.settings,
      ...(this.ctx.events === undefined ? {} : { events: this.ctx.events }),
    });
  }

  async describeSlice(table: SourceTable, slice: Slice, options: DescribeSliceOptions = {}): Promise<SliceSource> {
    const info = await this.info(table);
    return describePostgresSlice({
      settings: this.settings,
      table,
      info,
      slice,
      ...(options.snapshot === undefined ? {} : { snapshot: options.snapshot }),
    });
  }

  /**
   * Runs a verification read: in the snapshot (own connection), else on the metadata connection — in a
   * transaction when `options` need one (`SET LOCAL`).
   */
  private async read<R>(
    statement: BoundSql,
    snapshot: SnapshotToken | undefined,
    options: VerificationReadOptions | undefined,
  ): Promise<R | undefined> {
    const setup = verificationSetupSql(options);
    if (snapshot?.kind !== 'exported-snapshot') {
      if (setup.length === 0) return (await this.query<R>(statement.sql, statement.params))[0];
      return this.withMain((conn) => readInTransaction<R>(conn, undefined, setup, statement));
    }
    const conn = await this.connector.open();
    try {
      return await readInTransaction<R>(conn, snapshot, setup, statement);
    } finally {
      await conn.close();
    }
  }

  async count(
    table: SourceTable,
    scope: OffloadScope,
    snapshot?: SnapshotToken,
    options?: VerificationReadOptions,
  ): Promise<bigint> {
    const statement = countStatement(table, await this.info(table), scope);
    const row = await this.read<{ n: string }>(statement, snapshot, options);
    return BigInt(row?.n ?? 0);
  }

  async aggregate(
    table: SourceTable,
    scope: OffloadScope,
    specs: readonly AggregateSpec[],
    snapshot?: SnapshotToken,
    options?: VerificationReadOptions,
  ): Promise<AggregateResult> {
    if (specs.length === 0) return {};
    const statement = aggregateStatement(table, await this.info(table), scope, specs);
    return aggregateResult(specs, await this.read<Record<string, string | null>>(statement, snapshot, options));
  }

  renderPredicate(ast: PredicateAst, table: SourceTable): RenderedSql {
    return renderPredicateSql(ast, table);
  }

  async close(): Promise<void> {
    const main = this.main;
    this.main = undefined;
    if (main) await (await main.catch(() => undefined))?.close();
    await this.connector.close();
  }
}

/**
 * Opens a session from an adapter context (reads `POSTGRES_*` from `ctx.config`); connects at once, so a
 * wrong URL or password fails here with `CONNECTION_FAILED` (the password never in the message).
 *
 * @throws GoeError `CONFIG_INVALID`, `CONNECTION_FAILED`
 * @example
 * const session = await openPostgresSession(ctx, POSTGRES_CAPABILITIES);
 * const table = await session.describeTable('sh', 'sales');
 */
export async function openPostgresSession(
  ctx: Pick<AdapterContext, 'config' | 'events' | 'readOnly' | 'offloadHome'>,
  capabilities: { pg: FrontendCapabilities; pglite: FrontendCapabilities },
): Promise<PostgresFrontendSession> {
  const settings = { ...resolvePostgresSettings(ctx.config, ctx.offloadHome), readOnly: ctx.readOnly === true };
  const connector = createConnector(settings, (t) => ctx.config.mask(t));
  const session = new Session(connector, settings, capabilities[settings.engine], ctx);
  try {
    return await session.open();
  } catch (error) {
    await connector.close();
    throw error;
  }
}
