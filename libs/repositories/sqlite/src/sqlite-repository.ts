/**
 * The SQLite metadata repository (GOE's repository, reference §4) for one host: a file under `OFFLOAD_HOME`,
 * WAL journal, `busy_timeout`, and `BEGIN IMMEDIATE` for every write so concurrent GOE processes queue instead
 * of failing.
 */
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { GoeError, defineRepository, ensureDirectory, isGoeError } from '@goe/core';
import type { AdapterContext, MetadataRepository } from '@goe/core';
import { DEFAULT_BUSY_TIMEOUT_MS, SQLITE_MEMORY, SQLITE_REPOSITORY_CONFIG, sqlitePathFromUrl } from './config.js';
import { migrate } from './migrations.js';
import { nameKey, prepareQueries, toChunk, toCommand, toMetadata, toStep, toTarget } from './queries.js';

/** Options of {@link openSqliteRepository}. */
export interface SqliteRepositoryOptions {
  /** File path, or `:memory:`. Its directory is created when missing. */
  readonly path: string;
  /** Milliseconds to wait for another writer; default {@link DEFAULT_BUSY_TIMEOUT_MS}. */
  readonly busyTimeoutMs?: number;
}

/**
 * Opens (creating and migrating when needed) a SQLite repository.
 *
 * @throws GoeError `CONFIG_INVALID` when the file is not a SQLite database or was written by a newer GOE;
 *   `ENGINE_ERROR` (with SQLite's code) for other SQLite failures.
 * @example
 * const repo = await openSqliteRepository({ path: '/home/goe/.goe/repo/goe.sqlite' });
 * try { console.log(await repo.listCommands({ limit: 10 })); } finally { await repo.close(); }
 */
export async function openSqliteRepository(options: SqliteRepositoryOptions): Promise<MetadataRepository> {
  const { path } = options;
  const db = guard(path, () => {
    if (path !== SQLITE_MEMORY)
      ensureDirectory(dirname(path), { variable: 'OFFLOAD_REPOSITORY_URL', purpose: 'repository directory' });
    const d = new BetterSqlite3(path, { timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS });
    try {
      d.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS)}`);
      if (path !== SQLITE_MEMORY)
        retryWhileBusy(() => d.pragma('journal_mode = WAL'), options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS);
      d.pragma('synchronous = NORMAL');
      d.pragma('foreign_keys = ON');
      migrate(d, path);
      return d;
    } catch (e) {
      d.close();
      throw e;
    }
  });
  return createRepository(db, path);
}

/**
 * Runs `fn` again while SQLite answers `SQLITE_BUSY`, for at most `timeoutMs`. Switching a new file to WAL takes an
 * exclusive lock and SQLite may report BUSY at once instead of calling the busy handler when another process is
 * switching (or recovering) the same file; a short wait and a retry then finds WAL already on.
 *
 * @example
 * retryWhileBusy(() => db.pragma('journal_mode = WAL'), 10_000);
 * @internal
 */
export function retryWhileBusy<T>(fn: () => T, timeoutMs: number): T {
  const deadline = Date.now() + timeoutMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
    try {
      return fn();
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      const busy = typeof code === 'string' && code.startsWith('SQLITE_BUSY');
      if (!busy || Date.now() + wait > deadline) throw e;
      Atomics.wait(pause, 0, 0, wait);
    }
  }
}

function createRepository(db: Database, path: string): MetadataRepository {
  const q = prepareQueries(db);
  let open = true;
  const read = <T>(fn: () => T): Promise<T> =>
    new Promise<T>((resolveFn) => {
      if (!open) throw new GoeError('INTERNAL', `The GOE repository ${path} is closed`);
      resolveFn(guard(path, fn));
    });
  const write = <T>(fn: () => T): Promise<T> => read(() => db.transaction(fn).immediate());
  const now = () => new Date().toISOString();
  const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));

  return {
    startCommand: (e) =>
      write(() => {
        q.insertCommand.run({
          id: e.id,
          command: e.command,
          commandLine: e.commandLine,
          owner: e.owner ?? null,
          table: e.table ?? null,
          ownerKey: e.owner === undefined ? null : nameKey(e.owner),
          tableKey: e.table === undefined ? null : nameKey(e.table),
          status: e.status ?? 'EXECUTING',
          startedAt: e.startedAt,
          logPath: e.logPath ?? null,
          error: e.error ?? null,
          goeVersion: e.goeVersion ?? null,
        });
      }),
    endCommand: (id, status, error) =>
      write(() => {
        const r = q.endCommand.run({ id, status, endedAt: now(), error: error ?? null });
        if (r.changes === 0) throw new GoeError('INTERNAL', `No command execution ${id} in the GOE repository`);
      }),
    getCommand: (id) =>
      read(() => {
        const r = q.getCommand.get(id);
        return r === undefined ? undefined : toCommand(r);
      }),
    listCommands: (f = {}) =>
      read(() =>
        q.listCommands
          .all({
            ownerKey: f.owner === undefined ? null : nameKey(f.owner),
            tableKey: f.table === undefined ? null : nameKey(f.table),
            limit: f.limit ?? -1,
          })
          .map(toCommand),
      ),
    startStep: (s) =>
      write(() => {
        q.insertStep.run({
          executionId: s.executionId,
          stepId: s.stepId,
          title: s.title,
          startedAt: s.startedAt,
          details: json(s.details),
        });
      }),
    endStep: (executionId, stepId, status, details) =>
      write(() => {
        const p = { executionId, stepId, status, endedAt: now(), details: json(details) };
        if (q.endOpenStep.run(p).changes === 0 && q.endLatestStep.run(p).changes === 0) {
          throw new GoeError('INTERNAL', `No step ${stepId} of command execution ${executionId} in the GOE repository`);
        }
      }),
    listSteps: (id) => read(() => q.listSteps.all(id).map(toStep)),
    startChunk: (c) =>
      write(() => {
        q.insertChunk.run({
          executionId: c.executionId,
          chunkNumber: c.chunkNumber,
          rows: c.rows ?? null,
          scope: c.scope,
          startedAt: c.startedAt,
        });
      }),
    endChunk: (executionId, chunkNumber, status, rows) =>
      write(() => {
        const r = q.endChunk.run({ executionId, chunkNumber, status, endedAt: now(), rows: rows ?? null });
        if (r.changes === 0)
          throw new GoeError(
            'INTERNAL',
            `No chunk ${chunkNumber} of command execution ${executionId} in the GOE repository`,
          );
      }),
    listChunks: (id) => read(() => q.listChunks.all(id).map(toChunk)),
    getMetadata: (owner, table) =>
      read(() => {
        const r = q.getMetadata.get(nameKey(owner), nameKey(table));
        return r === undefined ? undefined : toMetadata(r);
      }),
    saveMetadata: (m) =>
      write(() => {
        q.upsertMetadata.run({
          ownerKey: nameKey(m.owner),
          tableKey: nameKey(m.table),
          owner: m.owner,
          table: m.table,
          backendDatabase: m.backendDatabase,
          backendTable: m.backendTable,
          offloadType: m.offloadType,
          incrementalKey: m.incrementalKey ?? null,
          highWaterMark: m.highWaterMark ?? null,
          predicates: json(m.predicates),
          predicateType: m.predicateType ?? null,
          incrementalRange: m.incrementalRange ?? null,
          highValues: json(m.highValues),
          columnTransforms: json(m.columnTransforms),
          snapshot: m.snapshot ?? null,
          executionId: m.executionId,
          updatedAt: m.updatedAt,
        });
      }),
    deleteMetadata: (owner, table) =>
      write(() => {
        q.deleteMetadata.run(nameKey(owner), nameKey(table));
      }),
    getTargetOwner: (database, table) =>
      read(() => {
        const r = q.getTarget.get(nameKey(database), nameKey(table));
        return r === undefined ? undefined : toTarget(r);
      }),
    claimTarget: (o) =>
      write(() => {
        q.upsertTarget.run({
          databaseKey: nameKey(o.backendDatabase),
          tableKey: nameKey(o.backendTable),
          backendDatabase: o.backendDatabase,
          backendTable: o.backendTable,
          owner: o.owner,
          table: o.table,
          executionId: o.executionId,
          claimedAt: o.claimedAt,
        });
      }),
    releaseTarget: (database, table) =>
      write(() => {
        q.deleteTarget.run(nameKey(database), nameKey(table));
      }),
    schemaVersion: () =>
      read(() => (db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number }).v),
    close: async () => {
      if (!open) return;
      open = false;
      db.close();
    },
  };
}

/** Runs `fn`, turning SQLite errors into {@link GoeError}s that name the file. */
function guard<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (isGoeError(e)) throw e;
    const code = typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : undefined;
    const message = e instanceof Error ? e.message : String(e);
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw new GoeError('CONFIG_INVALID', `The GOE repository ${path} is not a valid SQLite database: ${message}`, {
        variable: 'OFFLOAD_REPOSITORY_URL',
        engineCode: code,
        cause: e,
      });
    }
    throw new GoeError('ENGINE_ERROR', `GOE repository ${path}: ${message}`, {
      ...(code === undefined ? {} : { engineCode: code }),
      cause: e,
    });
  }
}

/**
 * The SQLite repository adapter (`OFFLOAD_REPOSITORY_URL=sqlite:<path>`, default
 * `${OFFLOAD_HOME}/repo/goe.sqlite`; `OFFLOAD_REPOSITORY_SQLITE_BUSY_TIMEOUT` default 10000 ms).
 *
 * @example
 * const registry = createRegistry();
 * registry.use(sqliteRepository);
 * const repo = await sqliteRepository.open({ config, events, offloadHome: '/home/goe/.goe' });
 */
export const sqliteRepository = defineRepository({
  kind: 'repository',
  name: 'sqlite',
  apiVersion: 1,
  description: 'SQLite file repository (one host; WAL, safe for concurrent GOE processes)',
  schemes: ['sqlite'],
  configSchema: SQLITE_REPOSITORY_CONFIG,
  async open(ctx: AdapterContext): Promise<MetadataRepository> {
    const url = ctx.config.get<string>('OFFLOAD_REPOSITORY_URL');
    const path = sqlitePathFromUrl(url, ctx.offloadHome);
    const busy = ctx.config.get<number>('OFFLOAD_REPOSITORY_SQLITE_BUSY_TIMEOUT');
    return openSqliteRepository({ path, ...(busy === undefined ? {} : { busyTimeoutMs: busy }) });
  },
});
