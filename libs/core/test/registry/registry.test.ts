import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  createRegistry,
  defineBackend,
  defineFrontend,
  defineTransport,
  FIRST_PARTY_ADAPTERS,
  FIRST_PARTY_ALIASES,
  isGoeError,
  normalizeAdapterName,
  parsePluginName,
  type BackendCapabilities,
  type FirstPartyAdapterMap,
  type GoeError,
} from '@goe/core';

const configSchema = { group: 'test', title: 'test', variables: [] } as const;
const backendCapabilities: BackendCapabilities = {
  partitioning: [],
  maxPartitionColumns: 0,
  clustering: false,
  maxDecimalPrecision: 38,
  maxDecimalScale: 38,
  maxDatetimeScale: 6,
  nanoseconds: false,
  nanInfinity: true,
  identifierCase: 'lower',
  maxIdentifierLength: 63,
  transactionalLoad: true,
  loadDatabase: false,
  notNullConstraints: true,
  unsupportedTypes: [],
  stagingFormats: ['PARQUET'],
};

function backend(name: string, aliases?: string[]) {
  return defineBackend({
    kind: 'backend',
    name,
    apiVersion: 1,
    configSchema,
    capabilities: backendCapabilities,
    ...(aliases ? { aliases } : {}),
    connect: () => Promise.reject(new Error('not used')),
  });
}

const nativeTransport = defineTransport({
  kind: 'transport',
  name: 'native',
  aliases: ['query_import'],
  apiVersion: 1,
  configSchema,
  capabilities: { method: 'NATIVE', parallel: true, stagingFormats: ['PARQUET'] },
  available: () => Promise.resolve({ ok: true }),
  run: () => Promise.reject(new Error('not used')),
});

function caught(fn: () => unknown): GoeError {
  try {
    fn();
  } catch (error) {
    if (isGoeError(error)) return error;
    throw error;
  }
  throw new Error('expected a GoeError');
}

async function rejected(p: Promise<unknown>): Promise<GoeError> {
  try {
    await p;
  } catch (error) {
    if (isGoeError(error)) return error;
    throw error;
  }
  throw new Error('expected a GoeError');
}

describe('createRegistry', () => {
  it('registers adapters and looks them up by kind and name, case-insensitively', () => {
    const duck = backend('duckdb');
    const registry = createRegistry().use(duck).use(nativeTransport);
    expect(registry.get('backend', 'duckdb')).toBe(duck);
    expect(registry.get('backend', 'DUCKDB')).toBe(duck);
    expect(registry.get('backend', ' DuckDB ')).toBe(duck);
    expect(registry.has('backend', 'DuckDB')).toBe(true);
    expect(registry.has('frontend', 'duckdb')).toBe(false);
    expect(registry.list('backend')).toEqual([duck]);
    expect(registry.list('frontend')).toEqual([]);
  });

  it("honours an adapter's aliases (GOE's QUERY_IMPORT is the native transport)", () => {
    const registry = createRegistry().use(nativeTransport);
    expect(registry.get('transport', 'QUERY_IMPORT')).toBe(nativeTransport);
    expect(registry.get('transport', 'NATIVE')).toBe(nativeTransport);
  });

  it('lists registered adapters sorted by name', () => {
    const a = backend('alpha');
    const z = backend('zulu');
    const registry = createRegistry().use(z).use(a);
    expect(registry.list('backend').map((x) => x.name)).toEqual(['alpha', 'zulu']);
    expect(registry.names('backend')).toContain('alpha');
    expect(registry.names('backend')).toContain('duckdb'); // first-party, loadable
  });

  it('ignores registering the same object twice but refuses a second adapter with the same name', () => {
    const duck = backend('duckdb');
    const registry = createRegistry().use(duck).use(duck);
    expect(registry.list('backend')).toHaveLength(1);
    const e = caught(() => registry.use(backend('duckdb')));
    expect(e.code).toBe('ADAPTER_INVALID');
    expect(e.message).toMatch(/backend adapter named "duckdb" is already registered/);
  });

  it('refuses an alias that another adapter already answers to', () => {
    const registry = createRegistry().use(backend('duckdb'));
    const e = caught(() => registry.use(backend('motherduck', ['DuckDB'])));
    expect(e.code).toBe('ADAPTER_INVALID');
    expect(e.message).toMatch(/"duckdb" is already used by the backend adapter "duckdb"/);
    expect(registry.has('backend', 'motherduck')).toBe(false);
  });

  it('keeps kinds apart: the same name may exist once per kind', () => {
    const fe = defineFrontend({
      kind: 'frontend',
      name: 'postgres',
      apiVersion: 1,
      configSchema,
      capabilities: {
        snapshot: 'exported-snapshot',
        splitBy: ['mod'],
        maxParallelism: 4,
        partitionMethods: [],
        identifierCase: 'lower',
        dataSampling: false,
      },
      connect: () => Promise.reject(new Error('not used')),
    });
    const registry = createRegistry().use(fe).use(backend('postgres'));
    expect(registry.get('frontend', 'postgres')).toBe(fe);
    expect(registry.get('backend', 'postgres').kind).toBe('backend');
  });

  it('refuses an adapter whose apiVersion this core does not support, with a clear message', () => {
    // What a newer @goe/core would have branded: a plain object with the shared brand.
    const future = {
      kind: 'backend',
      name: 'clickhouse',
      apiVersion: 2,
      configSchema,
      capabilities: backendCapabilities,
      connect: () => Promise.reject(new Error('not used')),
      [Symbol.for('goe:adapter')]: 'backend',
    };
    const e = caught(() => createRegistry().use(future as never));
    expect(e.code).toBe('ADAPTER_INVALID');
    expect(e.message).toBe('Adapter backend clickhouse targets GOE adapter API version 2; this @goe/core supports 1');
    expect(e.hint).toMatch(/Upgrade @goe\/core/);
  });

  it('refuses values that were not made by a define* factory', () => {
    const plain = { kind: 'backend', name: 'fake', apiVersion: 1, configSchema };
    const e = caught(() => createRegistry().use(plain as never));
    expect(e.code).toBe('ADAPTER_INVALID');
    expect(e.message).toMatch(/backend fake was not made by a define\* factory.*Symbol\.for\('goe:adapter'\)/);
    expect(caught(() => createRegistry().use(null as never)).code).toBe('ADAPTER_INVALID');
  });

  it('refuses a brand that contradicts the declared kind', () => {
    const odd = { ...backend('odd'), [Symbol.for('goe:adapter')]: 'frontend' };
    expect(caught(() => createRegistry().use(odd as never)).message).toMatch(
      /branded frontend but declares kind backend/,
    );
  });

  it('get() on a missing name lists what is registered and what can be loaded', () => {
    const registry = createRegistry().use(backend('duckdb')).use(backend('alpha'));
    const e = caught(() => registry.get('backend', 'clickhouse'));
    expect(e.code).toBe('ADAPTER_INVALID');
    expect(e.message).toMatch(
      /No backend adapter named "clickhouse" \(registered: alpha, duckdb; first-party, loaded on demand: bigquery, hive, impala, snowflake, synapse\)/,
    );
    expect(e.hint).toBe('Install a package named goe-backend-clickhouse and list it in GOE_PLUGINS');
    const f = caught(() => registry.get('frontend', 'ORACLE'));
    expect(f.message).toMatch(/registered: none/);
    expect(f.hint).toMatch(/registry\.load\('frontend', 'oracle'\) \(package @goe\/frontend-oracle\)/);
  });

  it('rejects unknown kinds', () => {
    expect(caught(() => createRegistry().list('warehouse' as never)).message).toMatch(
      /Unknown adapter kind "warehouse"/,
    );
  });
});

describe('lazy first-party loading', () => {
  function fakeFirstParty(loads: { n: number }): FirstPartyAdapterMap {
    const empty = { frontend: {}, backend: {}, transport: {}, storage: {}, repository: {}, lock: {} };
    return {
      ...empty,
      backend: {
        duckdb: {
          package: '@goe/backend-duckdb',
          load: async () => {
            loads.n += 1;
            const duckdbBackend = backend('duckdb', ['duck']);
            return { duckdbBackend, default: duckdbBackend, helper: () => 1, other: nativeTransport };
          },
        },
        broken: { package: '@goe/backend-broken', load: () => Promise.reject(new SyntaxError('Unexpected token')) },
        empty: { package: '@goe/backend-empty', load: () => Promise.resolve({ notAnAdapter: {} }) },
      },
      transport: {
        native: { package: '@goe/transport-native', load: () => Promise.resolve({ nativeTransport }) },
      },
    };
  }

  it('imports the package once, scans its named exports for adapters of the kind, and registers them', async () => {
    const loads = { n: 0 };
    const registry = createRegistry({ firstParty: fakeFirstParty(loads), firstPartyAliases: {} });
    const [a, b] = await Promise.all([registry.load('backend', 'DUCKDB'), registry.load('backend', 'duckdb')]);
    expect(a).toBe(b);
    // the adapter's own alias answers once it is registered
    expect(await registry.load('backend', 'DUCK')).toBe(a);
    expect(a.name).toBe('duckdb');
    expect(loads.n).toBe(1);
    expect(registry.get('backend', 'duckdb')).toBe(a);
    expect(await registry.load('backend', 'duckdb')).toBe(a);
    expect(loads.n).toBe(1);
    // only adapters of the requested kind are registered
    expect(registry.has('transport', 'native')).toBe(false);
  });

  it('resolves first-party aliases before loading (QUERY_IMPORT → native)', async () => {
    const registry = createRegistry({ firstParty: fakeFirstParty({ n: 0 }) });
    expect((await registry.load('transport', 'QUERY_IMPORT')).name).toBe('native');
    expect(FIRST_PARTY_ALIASES.transport.query_import).toBe('native');
  });

  it('reports a package that fails to load, and one that exports no such adapter', async () => {
    const registry = createRegistry({ firstParty: fakeFirstParty({ n: 0 }) });
    const broken = await rejected(registry.load('backend', 'broken'));
    expect(broken.code).toBe('ADAPTER_INVALID');
    expect(broken.message).toBe('@goe/backend-broken failed to load: Unexpected token');
    const empty = await rejected(registry.load('backend', 'empty'));
    expect(empty.message).toBe('@goe/backend-empty exports no backend adapter named "empty"');
    const unknown = await rejected(registry.load('backend', 'clickhouse'));
    expect(unknown.message).toMatch(/No backend adapter named "clickhouse"/);
  });

  it('says which package to install when a first-party adapter is not installed', async () => {
    const registry = createRegistry();
    const e = await rejected(registry.load('frontend', 'ORACLE'));
    expect(e.code).toBe('ADAPTER_INVALID');
    expect(e.message).toBe('@goe/frontend-oracle is not installed');
    expect(e.hint).toBe('install @goe/frontend-oracle (npm install @goe/frontend-oracle)');
  });

  it('maps every GOE name to a literal @goe specifier', () => {
    const source = readFileSync(fileURLToPath(new URL('../../src/registry.ts', import.meta.url)), 'utf8');
    expect(FIRST_PARTY_ADAPTERS.frontend.postgres!.package).toBe('@goe/frontend-postgres');
    expect(FIRST_PARTY_ADAPTERS.backend.duckdb!.package).toBe('@goe/backend-duckdb');
    expect(FIRST_PARTY_ADAPTERS.transport.native!.package).toBe('@goe/transport-native');
    expect(FIRST_PARTY_ADAPTERS.storage.file!.package).toBe('@goe/storage-local');
    expect(FIRST_PARTY_ADAPTERS.repository.sqlite!.package).toBe('@goe/repository-sqlite');
    expect(FIRST_PARTY_ADAPTERS.lock.file!.package).toBe('@goe/lock-file');
    for (const [kind, modules] of Object.entries(FIRST_PARTY_ADAPTERS)) {
      for (const [name, entry] of Object.entries(modules)) {
        expect(entry.package, `${kind} ${name}`).toMatch(
          /^@goe\/(frontend|backend|transport|storage|repository|lock)-[a-z0-9]+$/,
        );
        // the loader is a literal import() of the same specifier (what a bundler sees)
        expect(source).toContain(`import('${entry.package}' as string)`);
      }
    }
    for (const [kind, aliases] of Object.entries(FIRST_PARTY_ALIASES)) {
      for (const target of Object.values(aliases)) {
        expect(Object.keys(FIRST_PARTY_ADAPTERS[kind as keyof typeof FIRST_PARTY_ADAPTERS])).toContain(target);
      }
    }
  });
});

describe('names', () => {
  it('normalizes names', () => {
    expect(normalizeAdapterName(' POSTGRES ')).toBe('postgres');
  });

  it('parses plugin package names', () => {
    expect(parsePluginName('goe-backend-clickhouse')).toEqual({
      package: 'goe-backend-clickhouse',
      kind: 'backend',
      name: 'clickhouse',
    });
    expect(parsePluginName('@acme/goe-storage-minio')).toEqual({
      package: '@acme/goe-storage-minio',
      scope: '@acme',
      kind: 'storage',
      name: 'minio',
    });
    expect(parsePluginName('@goe/backend-duckdb')).toEqual({
      package: '@goe/backend-duckdb',
      scope: '@goe',
      kind: 'backend',
      name: 'duckdb',
    });
    expect(parsePluginName('goe-warehouse-x')).toBeUndefined();
    expect(parsePluginName('left-pad')).toBeUndefined();
    expect(parsePluginName('goe-backend-')).toBeUndefined();
    expect(parsePluginName('GOE-BACKEND-X')).toBeUndefined();
  });
});
