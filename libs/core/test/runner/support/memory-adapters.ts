/**
 * In-memory frontend, backend, transport and staging store for runner tests. Staged "files" are JSON arrays of
 * rows; the backend reads them back from the world's object map. Every call is recorded in `world.calls`.
 */
import { Readable } from 'node:stream';
import {
  DEFAULT_BACKEND_CAPABILITIES,
  GoeError,
  defineBackend,
  defineConfigSchema,
  defineFrontend,
  defineStorage,
  defineTransport,
} from '@goe/core';
import type {
  AggregateResult,
  AggregateSpec,
  BackendCapabilities,
  BackendSession,
  FrontendCapabilities,
  FrontendSession,
  LoadChunk,
  OffloadPlan,
  SourceTable,
  StagingStore,
} from '@goe/core';
import type { MemoryWorld, Row } from './memory-world.js';

/** The memory frontend's config: one secret, for masking tests. */
export const MEMORY_CONFIG = defineConfigSchema({
  group: 'memory',
  title: 'memory test adapters',
  variables: [
    {
      name: 'MEMORY_PASSWORD',
      type: 'string',
      secret: true,
      description: 'A secret the memory frontend pretends to log in with',
    },
  ],
});

/** Capabilities of the memory backend (no partitioning, lower-case identifiers). */
export const MEMORY_BACKEND_CAPABILITIES: BackendCapabilities = {
  ...DEFAULT_BACKEND_CAPABILITIES,
  maxDecimalPrecision: 38,
  maxDecimalScale: 38,
  maxDatetimeScale: 6,
  nanInfinity: true,
  identifierCase: 'lower',
  maxIdentifierLength: 64,
  staging: { schemes: ['memory'], formats: ['PARQUET'] },
};

function aggregate(rows: readonly Row[], specs: readonly AggregateSpec[]): AggregateResult {
  const out: Record<string, string | null> = {};
  for (const s of specs) {
    const values = rows.map((r) => r[s.column] ?? null).filter((v) => v !== null);
    const key = `${s.fn}(${s.column})`;
    const sorted = [...values].sort((a, b) =>
      typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b)),
    );
    if (s.fn === 'count') out[key] = String(values.length);
    else if (s.fn === 'count_distinct') out[key] = String(new Set(values.map(String)).size);
    else if (s.fn === 'min') out[key] = sorted.length ? String(sorted[0]) : null;
    else if (s.fn === 'max') out[key] = sorted.length ? String(sorted.at(-1)) : null;
    else out[key] = String(values.reduce<number>((n, v) => n + Number(v), 0));
  }
  return out;
}

/** Frontend session with a side door for the memory transport. */
export interface MemoryFrontendSession extends FrontendSession {
  rowsOf(table: SourceTable): readonly Row[];
}

/** Options of {@link memoryFrontend}. */
export interface MemoryFrontendOptions {
  /** What its sessions narrow (`session.capabilities`); default none. */
  readonly sessionCapabilities?: Partial<FrontendCapabilities>;
}

/** The memory frontend (`FRONTEND_DISTRIBUTION` irrelevant: inject it). */
export function memoryFrontend(world: MemoryWorld, options: MemoryFrontendOptions = {}) {
  return defineFrontend({
    kind: 'frontend',
    name: 'memory',
    apiVersion: 1,
    configSchema: MEMORY_CONFIG,
    capabilities: {
      snapshot: 'exported-snapshot',
      maxParallelism: 4,
    },
    async connect(ctx): Promise<MemoryFrontendSession> {
      world.calls.push('frontend.connect');
      const leak = world.faults.leak;
      if (leak !== undefined) {
        ctx.events.emit({ type: 'log', level: 'info', message: `memory frontend: connecting as goe/${leak}` });
        ctx.events.emit({ type: 'warning', message: `memory frontend: password ${leak} is weak` });
      }
      const find = (owner: string, name: string) => {
        const hit = world.source.get(`${owner}.${name}`.toUpperCase());
        if (!hit) throw new GoeError('TABLE_NOT_FOUND', `Table ${owner}.${name} does not exist`);
        return hit;
      };
      return {
        ...(options.sessionCapabilities === undefined ? {} : { capabilities: options.sessionCapabilities }),
        serverVersion: async () => 'Memory 1.0',
        async describeTable(owner, name) {
          world.calls.push('frontend.describeTable');
          if (world.faults.failDescribe)
            throw new GoeError('ENGINE_ERROR', `login failed for goe:${leak ?? ''}@memory`);
          return find(owner, name).table;
        },
        async snapshot() {
          world.calls.push('frontend.snapshot');
          return {
            kind: 'exported-snapshot',
            id: 'snap-1',
            release: async () => void world.calls.push('frontend.snapshot.release'),
          };
        },
        planSlices: async (_t, scope) => [{ id: 's0', method: 'all', scope, params: {} }],
        // eslint-disable-next-line require-yield
        async *extract() {
          throw new GoeError('INTERNAL', 'memory frontend: use rowsOf');
        },
        count: async (t) => BigInt(find(t.owner, t.name).rows.length),
        aggregate: async (t, _scope, specs) => aggregate(find(t.owner, t.name).rows, specs),
        renderPredicate: () => ({ sql: 'TRUE', params: [] }),
        rowsOf: (t) => find(t.owner, t.name).rows,
        close: async () => void world.calls.push('frontend.close'),
      };
    },
  });
}

/** The memory backend (name `memory`). */
export function memoryBackend(world: MemoryWorld, capabilities: BackendCapabilities = MEMORY_BACKEND_CAPABILITIES) {
  const staged = new Map<number, Row[]>();
  const key = (db: string, t: string) => `${db}.${t}`;
  const table = (db: string, t: string) => {
    const hit = world.tables.get(key(db, t));
    if (!hit) throw new GoeError('TABLE_NOT_FOUND', `Backend table ${db}.${t} does not exist`);
    return hit;
  };
  return defineBackend({
    kind: 'backend',
    name: 'memory',
    displayName: 'memory',
    apiVersion: 1,
    configSchema: defineConfigSchema({ group: 'memory-backend', title: 'memory backend', variables: [] }),
    capabilities,
    async connect(): Promise<BackendSession> {
      world.calls.push('backend.connect');
      const call = (name: string) => world.calls.push(`backend.${name}`);
      return {
        serverVersion: async () => 'Memory 1.0',
        databaseExists: async (db) => world.databases.has(db),
        createDatabase: async (db) => void (call('createDatabase'), world.databases.add(db)),
        tableExists: async (db, t) => world.tables.has(key(db, t)),
        describeTable: async (db, t) => {
          const columns = table(db, t).columns.map((name) => ({
            name,
            dataType: 'VARIABLE_STRING' as const,
            nullable: true,
            safeMapping: true,
          }));
          const syntheticColumns = columns.filter((c) => c.name.startsWith('GOE_PART_')).map((c) => c.name);
          return {
            database: db,
            name: t,
            columns,
            backendTypes: columns.map(() => 'TEXT'),
            ...(syntheticColumns.length === 0 ? {} : { syntheticColumns }),
          };
        },
        checkPlan: async () => {
          call('checkPlan');
          if (world.faults.refusePlan !== undefined) {
            throw new GoeError('OPTION_INVALID', world.faults.refusePlan, { variable: '--partition-functions' });
          }
        },
        ddlFor: (plan: OffloadPlan) => [
          `CREATE TABLE ${plan.target.database}.${plan.target.table} (${plan.columns.map((c) => `${c.name} ${c.dataType}`).join(', ')})`,
        ],
        async createTable(plan) {
          call('createTable');
          if (world.faults.failCreateTable) throw new GoeError('ENGINE_ERROR', 'createTable failed');
          const k = key(plan.target.database, plan.target.table);
          if (world.tables.has(k)) throw new GoeError('ENGINE_ERROR', `Table ${k} already exists`);
          world.tables.set(k, { columns: plan.columns.map((c) => c.name), rows: [] });
        },
        async stageLoad(_plan, chunk: LoadChunk) {
          call('stageLoad');
          const rows: Row[] = [];
          for (const f of chunk.files.files)
            rows.push(
              ...(JSON.parse(Buffer.from(world.objects.get(f.path) ?? new Uint8Array()).toString('utf8')) as Row[]),
            );
          staged.set(chunk.number, rows);
        },
        async validateStaged(_plan, chunk) {
          call('validateStaged');
          const n = staged.get(chunk.number)?.length ?? 0;
          return n === chunk.files.rows
            ? { ok: true, message: `Staged rows: ${n}` }
            : {
                ok: false,
                message: `Offload row count does not match load table row count (${chunk.files.rows} != ${n})`,
              };
        },
        async validateCasts() {
          call('validateCasts');
          const f = world.faults.castFailure;
          return f === undefined
            ? { ok: true, message: 'Type conversions valid' }
            : { ok: false, message: `Data type conversion issue in load data: ${f}` };
        },
        async finalLoad(plan, chunk) {
          call('finalLoad');
          const rows = [...(staged.get(chunk.number) ?? [])];
          if (world.faults.dropRowOnLoad) rows.pop();
          table(plan.target.database, plan.target.table).rows.push(...rows);
          return BigInt(rows.length);
        },
        dropStaged: async (_plan, chunk) => void (call('dropStaged'), staged.delete(chunk.number)),
        count: async (db, t) => BigInt(table(db, t).rows.length),
        aggregate: async (db, t, specs) => aggregate(table(db, t).rows, specs),
        maxPartitionValue: async () => null,
        dropTable: async (db, t) => void (call('dropTable'), world.tables.delete(key(db, t))),
        close: async () => void call('close'),
      };
    },
  });
}

/** The memory staging store (scheme `memory`). */
export function memoryStorage(world: MemoryWorld) {
  return defineStorage({
    kind: 'storage',
    name: 'memory',
    apiVersion: 1,
    configSchema: defineConfigSchema({ group: 'memory-storage', title: 'memory storage', variables: [] }),
    capabilities: { scheme: 'memory' },
    async open(): Promise<StagingStore> {
      world.calls.push('storage.open');
      const under = (prefix: string) =>
        [...world.objects.keys()].filter((p) => p === prefix || p.startsWith(`${prefix}/`)).sort();
      return {
        async put(path, data) {
          const bytes = data instanceof Uint8Array ? data : Buffer.concat(await Readable.from(data).toArray());
          world.objects.set(path, bytes);
          return bytes.byteLength;
        },
        list: async (prefix) => under(prefix).map((path) => ({ path, size: world.objects.get(path)!.byteLength })),
        get: async (path) => Readable.from([world.objects.get(path) ?? new Uint8Array()]),
        exists: async (path) => world.objects.has(path),
        delete: async (prefix) => under(prefix).map((p) => world.objects.delete(p)).length,
        uri: (path) => `memory:///${path}`,
        close: async () => undefined,
      };
    },
  });
}

/** The memory transport (method NATIVE): writes the rows as one JSON "file" per plan. */
export function memoryTransport(world: MemoryWorld) {
  return defineTransport({
    kind: 'transport',
    name: 'native',
    apiVersion: 1,
    configSchema: defineConfigSchema({ group: 'memory-transport', title: 'memory transport', variables: [] }),
    capabilities: { method: 'NATIVE', parallel: true, staging: { schemes: '*', formats: ['PARQUET'] } },
    available: async () => ({ ok: true }),
    async run(input) {
      world.calls.push('transport.run');
      const rows = (input.frontend as MemoryFrontendSession).rowsOf(input.table);
      const path = `${input.plan.staging.prefix}/part-00000.json`;
      const bytes = await input.store.put(path, Buffer.from(JSON.stringify(rows)));
      input.events.emit({ type: 'progress', rows: rows.length, bytes, totalRows: rows.length });
      return {
        format: 'PARQUET',
        rows: rows.length,
        files: [{ path, uri: input.store.uri(path), rows: rows.length, bytes, sliceId: 's0' }],
      };
    },
  });
}
