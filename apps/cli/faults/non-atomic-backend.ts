/**
 * A backend whose final load is NOT atomic, for the fault suite: `@goe/backend-duckdb` under the name `nonatomic`,
 * declaring `load: { atomic: false, retry: 'delete-scope' }`. Its final load inserts the chunk file by file, each
 * file in its own committed statement, reporting the fault point `load:file` after each file but the last (a kill
 * there leaves part of the chunk loaded); `deleteScope` deletes a scope's rows with one DELETE, so the runner can
 * make a retried chunk exact.
 */
import {
  defineBackend,
  type AdapterContext,
  type BackendSession,
  type FinalLoadOptions,
  type LoadChunk,
  type OffloadPlan,
  type OffloadScope,
} from '@goe/core';
import {
  DUCKDB_CAPABILITIES,
  DUCKDB_CONFIG,
  DuckdbConnection,
  duckdbBackend,
  resolveDuckdbSettings,
  scopeWhere,
  tableRef,
} from '@goe/backend-duckdb';

/** The chunk number of the `i`-th file of a chunk loaded file by file (a staging view of its own). */
const fileChunkNumber = (chunk: LoadChunk, i: number): number => chunk.number * 100_000 + i + 1;

/**
 * The session: the DuckDB session for everything but `finalLoad` (file by file) and `deleteScope` (one DELETE).
 *
 * @example
 * const session = await nonAtomicBackend.connect(ctx);
 * await session.deleteScope('fault', 'full_t', { kind: 'full' }); // every row deleted
 */
function nonAtomicSession(inner: BackendSession, ctx: AdapterContext): BackendSession {
  return {
    ...bindAll(inner),
    async finalLoad(plan: OffloadPlan, chunk: LoadChunk, options?: FinalLoadOptions): Promise<bigint> {
      let rows = 0n;
      const files = chunk.files.files;
      for (const [i, file] of files.entries()) {
        const { rows: _whole, ...staged } = chunk.files;
        const one: LoadChunk = {
          ...chunk,
          number: fileChunkNumber(chunk, i),
          files: { ...staged, files: [file], ...(file.rows === undefined ? {} : { rows: file.rows }) },
        };
        await inner.stageLoad(plan, one);
        try {
          rows += await inner.finalLoad(plan, one, options);
        } finally {
          await inner.dropStaged(plan, one);
        }
        if (i < files.length - 1) ctx.faultPoint?.('load:file', { rows: Number(rows) });
      }
      return rows;
    },
    async deleteScope(database: string, table: string, scope: OffloadScope): Promise<bigint> {
      const described = await inner.describeTable(database, table);
      const where = scopeWhere(scope, new Map(described.columns.map((c, i) => [c.name, described.backendTypes[i]!])));
      const conn = await DuckdbConnection.open(resolveDuckdbSettings(ctx.config, ctx.offloadHome), ctx.signal);
      try {
        const target = tableRef({ catalog: conn.catalog, schema: database }, table);
        const sql = `DELETE FROM ${target}${where === undefined ? '' : ` WHERE ${where.sql}`}`;
        return BigInt(await conn.run(sql, (where?.params ?? []) as string[]));
      } finally {
        await conn.close();
      }
    },
  };
}

/** The members of a session, bound to it (a class instance's methods live on its prototype). */
function bindAll(session: BackendSession): BackendSession {
  const out: Record<string, unknown> = {};
  let proto: object | null = session;
  while (proto !== null && proto !== Object.prototype) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const value = (session as unknown as Record<string, unknown>)[name];
      if (name !== 'constructor' && typeof value === 'function' && !(name in out))
        out[name] = (value as (...a: unknown[]) => unknown).bind(session);
    }
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  return out as unknown as BackendSession;
}

/**
 * The `nonatomic` backend (`QUERY_ENGINE=NONATOMIC`): DuckDB's settings (`DUCKDB_DATABASE`…), capabilities and
 * session, with a non-atomic final load made exact by `deleteScope`.
 *
 * @example
 * registry.use(nonAtomicBackend); // or GOE_PLUGINS=goe-backend-nonatomic
 */
export const nonAtomicBackend = defineBackend({
  kind: 'backend',
  name: 'nonatomic',
  displayName: 'DuckDB (non-atomic loads)',
  apiVersion: 2,
  description: 'DuckDB loaded file by file, one committed statement per file (fault-suite fixture)',
  configSchema: DUCKDB_CONFIG,
  capabilities: { ...DUCKDB_CAPABILITIES, load: { atomic: false, retry: 'delete-scope' } },
  async connect(ctx: AdapterContext): Promise<BackendSession> {
    return nonAtomicSession(await duckdbBackend.connect(ctx), ctx);
  },
});
