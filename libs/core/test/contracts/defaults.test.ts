import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BACKEND_CAPABILITIES,
  DEFAULT_FRONTEND_CAPABILITIES,
  DEFAULT_STORAGE_CAPABILITIES,
  DEFAULT_TRANSPORT_CAPABILITIES,
  NULL_EVENTS,
  defineBackend,
  defineConfigSchema,
  defineFrontend,
  defineLock,
  defineRepository,
  defineStorage,
  defineTransport,
  effectiveCapabilities,
  mergeCapabilities,
  type AdapterContext,
  type BackendSessionInput,
  type FrontendSessionInput,
  type MetadataRepository,
  type OffloadPlan,
  type SourceTable,
} from '@goe/core';

const configSchema = defineConfigSchema({ group: 'acme', title: 'acme', variables: [] });
const ctx = { config: { get: () => undefined }, events: NULL_EVENTS } as unknown as AdapterContext;
const unused = () => Promise.reject(new Error('not called'));

const minimalBackendSession = (): BackendSessionInput => ({
  databaseExists: async () => true,
  createDatabase: unused,
  tableExists: async () => false,
  describeTable: unused,
  ddlFor: () => [],
  createTable: unused,
  finalLoad: async () => 0n,
  count: async () => 0n,
  aggregate: unused,
  maxPartitionValue: async () => null,
  dropTable: unused,
});

const minimalFrontendSession = (): FrontendSessionInput => ({
  describeTable: unused,
  // eslint-disable-next-line require-yield
  async *extract() {
    return;
  },
  count: async () => 0n,
  aggregate: unused,
  renderPredicate: () => ({ sql: '1=1', binds: [] }) as never,
});

describe('mergeCapabilities', () => {
  it('replaces per field, merges plain objects one level deep, keeps defaults for undefined', () => {
    const merged = mergeCapabilities(
      { a: 1, list: ['x'], nested: { x: 1, y: 2 } },
      { list: ['z'], nested: { y: 3 }, a: undefined },
    );
    expect(merged).toEqual({ a: 1, list: ['z'], nested: { x: 1, y: 3 } });
    expect(Object.isFrozen(merged)).toBe(true);
  });
});

describe('define* defaults', () => {
  it('a backend that declares nothing gets the neutral defaults (no partitioning, no clustering, atomic loads)', () => {
    const b = defineBackend({
      kind: 'backend',
      name: 'acme',
      apiVersion: 2,
      configSchema,
      connect: async () => minimalBackendSession(),
    });
    expect(b.capabilities).toEqual(DEFAULT_BACKEND_CAPABILITIES);
    expect(b.capabilities.partitioning).toMatchObject({ kinds: [], maxColumns: 0, synthetic: 'non-native' });
    expect(b.capabilities.clustering).toEqual({ maxColumns: 0, defaultToPrimaryKey: false });
    expect(b.capabilities.load).toEqual({ atomic: true, retry: 'atomic' });
    expect(b.capabilities.staging).toEqual({ schemes: ['file'], formats: ['PARQUET'] });
  });

  it('merges given backend capabilities one level deep', () => {
    const b = defineBackend({
      kind: 'backend',
      name: 'acme',
      apiVersion: 2,
      configSchema,
      capabilities: { partitioning: { kinds: ['date'], maxColumns: 1 }, staging: { schemes: ['gs'] } },
      connect: async () => minimalBackendSession(),
    });
    expect(b.capabilities.partitioning).toMatchObject({ kinds: ['date'], maxColumns: 1, defaultDateGranularity: 'M' });
    expect(b.capabilities.staging).toEqual({ schemes: ['gs'], formats: ['PARQUET'] });
  });

  it('reads a version-1 backend declaration in its v2 shape', () => {
    const b = defineBackend({
      kind: 'backend',
      name: 'old',
      apiVersion: 1,
      configSchema,
      capabilities: {
        partitioning: ['date', 'integer-range'],
        maxPartitionColumns: 2,
        clustering: true,
        transactionalLoad: true,
        stagingFormats: ['AVRO'],
        nanoseconds: true,
      } as never,
      connect: async () => minimalBackendSession(),
    });
    expect(b.capabilities.partitioning).toMatchObject({ kinds: ['date', 'integer-range'], maxColumns: 2 });
    expect(b.capabilities.clustering).toEqual({ maxColumns: 100, defaultToPrimaryKey: false });
    expect(b.capabilities.staging.formats).toEqual(['AVRO']);
    expect(b.capabilities.load).toEqual({ atomic: true, retry: 'atomic' });
    expect('maxPartitionColumns' in b.capabilities || 'nanoseconds' in b.capabilities).toBe(false);
  });

  it('fills the optional backend session methods, keeping the ones an adapter has', async () => {
    const b = defineBackend({
      kind: 'backend',
      name: 'acme',
      apiVersion: 2,
      configSchema,
      connect: async () => minimalBackendSession(),
    });
    const s = await b.connect(ctx);
    const plan = {} as OffloadPlan;
    const chunk = { number: 1, files: { format: 'PARQUET', files: [] }, scope: { kind: 'full' } } as const;
    expect(await s.serverVersion()).toBe('unknown');
    await expect(s.stageLoad(plan, chunk)).resolves.toBeUndefined();
    await expect(s.dropStaged(plan, chunk)).resolves.toBeUndefined();
    expect(await s.validateStaged(plan, chunk)).toEqual({ ok: true, message: 'not needed' });
    expect(await s.validateCasts(plan, chunk)).toEqual({ ok: true, message: 'not needed' });
    await expect(s.close()).resolves.toBeUndefined();
    expect(await s.tableExists('a', 'b')).toBe(false);

    class Full {
      readonly #version = 'Acme 9';
      serverVersion() {
        return Promise.resolve(this.#version);
      }
    }
    const full = Object.assign(new Full(), minimalBackendSession(), {
      stageLoad: async () => undefined,
      validateStaged: async () => ({ ok: false, message: 'own' }),
      validateCasts: async () => ({ ok: true, message: 'own' }),
      dropStaged: async () => undefined,
      close: async () => undefined,
    });
    const own = await defineBackend({
      kind: 'backend',
      name: 'acme',
      apiVersion: 2,
      configSchema,
      connect: async () => full,
    }).connect(ctx);
    expect(own).toBe(full); // complete sessions are not wrapped
    expect(await own.validateStaged(plan, chunk)).toEqual({ ok: false, message: 'own' });
    const partial = Object.assign(new Full(), minimalBackendSession());
    const wrapped = await defineBackend({
      kind: 'backend',
      name: 'acme',
      apiVersion: 2,
      configSchema,
      connect: async () => partial,
    }).connect(ctx);
    expect(await wrapped.serverVersion()).toBe('Acme 9'); // private fields still reachable through the wrapper
  });

  it('frontend: capability defaults, a none snapshot, one "all" slice and session narrowing', async () => {
    const f = defineFrontend({
      kind: 'frontend',
      name: 'acme',
      apiVersion: 2,
      configSchema,
      connect: async () => ({ ...minimalFrontendSession(), capabilities: { maxParallelism: 1 } }),
    });
    expect(f.capabilities).toEqual(DEFAULT_FRONTEND_CAPABILITIES);
    const wide = defineFrontend({ ...f, capabilities: { maxParallelism: 16, snapshot: 'exported-snapshot' } });
    expect(wide.capabilities).toEqual({ snapshot: 'exported-snapshot', maxParallelism: 16 });
    const s = await wide.connect(ctx);
    expect(effectiveCapabilities(wide, s)).toEqual({
      snapshot: 'exported-snapshot',
      maxParallelism: 1,
    });
    expect(effectiveCapabilities(wide)).toBe(wide.capabilities);
    expect(await s.serverVersion()).toBe('unknown');
    const token = await s.snapshot();
    expect([token.kind, token.id]).toEqual(['none', 'none']);
    const scope = { kind: 'full' } as const;
    expect(await s.planSlices({} as SourceTable, scope, 8)).toEqual([{ id: 'all', method: 'all', scope, params: {} }]);
  });

  it('transport: method from the name, neutral defaults, v1 stagingFormats read as staging.formats', () => {
    const base = {
      kind: 'transport',
      apiVersion: 2,
      configSchema,
      available: async () => ({ ok: true }),
      run: unused,
    } as const;
    const t = defineTransport({ ...base, name: 'pipe' });
    expect(t.capabilities).toEqual({ method: 'PIPE', ...DEFAULT_TRANSPORT_CAPABILITIES });
    const v1 = defineTransport({
      ...base,
      name: 'old',
      apiVersion: 1,
      capabilities: { method: 'OLD', parallel: true, stagingFormats: ['AVRO'] } as never,
    });
    expect(v1.capabilities).toEqual({
      method: 'OLD',
      parallel: true,
      staging: { schemes: '*', formats: ['AVRO'] },
      reads: 'session',
    });
  });

  it('storage: scheme from the name, exists via list, close a no-op', async () => {
    const objects = ['a/1.parquet', 'a/10.parquet'];
    const st = defineStorage({
      kind: 'storage',
      name: 'dirstore',
      apiVersion: 2,
      configSchema,
      open: async () => ({
        put: unused,
        list: async (prefix: string) => objects.filter((p) => p.startsWith(prefix)).map((path) => ({ path, size: 1 })),
        get: unused,
        delete: unused,
        uri: (p: string) => `dirstore://${p}`,
      }),
    });
    expect(st.capabilities).toEqual({ scheme: 'dirstore', ...DEFAULT_STORAGE_CAPABILITIES });
    const store = await st.open(ctx);
    expect(await store.exists('a/1.parquet')).toBe(true);
    expect(await store.exists('a/1')).toBe(false);
    await expect(store.close()).resolves.toBeUndefined();
  });

  it('repository and lock: close a no-op, schemes default to the name', async () => {
    const repo = defineRepository({
      kind: 'repository',
      name: 'acme',
      apiVersion: 2,
      configSchema,
      open: async () => ({ schemaVersion: async () => 1 }) as unknown as Omit<MetadataRepository, 'close'>,
    });
    expect(repo.schemes).toEqual(['acme']);
    await expect((await repo.open(ctx)).close()).resolves.toBeUndefined();
    const lock = defineLock({
      kind: 'lock',
      name: 'acme',
      apiVersion: 2,
      configSchema,
      open: async () => ({ acquire: unused, holder: async () => undefined }),
    });
    await expect((await lock.open(ctx)).close()).resolves.toBeUndefined();
  });
});
