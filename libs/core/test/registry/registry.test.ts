import { describe, expect, it } from 'vitest';
import {
  createRegistry,
  defineBackend,
  defineCatalog,
  defineFrontend,
  defineTransport,
  didYouMean,
  editDistance,
  isGoeError,
  normalizeAdapterName,
  parsePluginName,
  type AdapterCatalog,
  type BackendCapabilities,
  type GoeError,
} from '@goe/core';

const configSchema = { group: 'test', title: 'test', variables: [] } as const;
const backendCapabilities: BackendCapabilities = {
  partitioning: {
    kinds: [],
    maxColumns: 0,
    dateGranularities: ['Y', 'M', 'D'],
    defaultDateGranularity: 'M',
    synthetic: 'non-native',
    syntheticNumbers: 'integer',
  },
  clustering: { maxColumns: 0, defaultToPrimaryKey: false },
  maxDecimalPrecision: 38,
  maxDecimalScale: 38,
  maxDatetimeScale: 6,
  nanInfinity: true,
  identifierCase: 'lower',
  maxIdentifierLength: 63,
  load: { atomic: true, retry: 'atomic' },
  loadDatabase: false,
  notNullConstraints: true,
  unsupportedTypes: [],
  staging: { schemes: ['file'], formats: ['PARQUET'] },
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
    expect(registry.names('backend')).toEqual(['alpha', 'zulu']); // no catalog: only what is registered
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
      apiVersion: 3,
      configSchema,
      capabilities: backendCapabilities,
      connect: () => Promise.reject(new Error('not used')),
      [Symbol.for('goe:adapter')]: 'backend',
    };
    const e = caught(() => createRegistry().use(future as never));
    expect(e.code).toBe('ADAPTER_INVALID');
    expect(e.message).toBe(
      'Adapter backend clickhouse targets GOE adapter API version 3; this @goe/core supports 1, 2',
    );
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

  it('get() on a missing name lists what is available and where first-party adapters come from', () => {
    const registry = createRegistry().use(backend('duckdb')).use(backend('alpha'));
    const e = caught(() => registry.get('backend', 'clickhouse'));
    expect(e.code).toBe('ADAPTER_INVALID');
    expect(e.message).toBe('No backend adapter named "clickhouse"; available: alpha, duckdb');
    expect(e.hint).toMatch(/^GOE's first-party adapters come with @goe\/stack \(npm i @goe\/stack\); a third-party/);
    expect(e.hint).toMatch(/GOE_PLUGINS_ROOT .*GOE_PLUGINS \(goe-backend-clickhouse\)/);
    expect(caught(() => registry.get('backend', 'DUKCDB')).message).toBe(
      'No backend adapter named "DUKCDB" (did you mean DUCKDB?); available: alpha, duckdb',
    );
    expect(caught(() => registry.get('frontend', 'x')).message).toMatch(/available: none$/);
  });

  it('rejects unknown kinds', () => {
    expect(caught(() => createRegistry().list('warehouse' as never)).message).toMatch(
      /Unknown adapter kind "warehouse"/,
    );
  });
});

describe('catalog: adapters known by name, loaded on demand', () => {
  function fakeCatalog(loads: { n: number }): AdapterCatalog {
    return defineCatalog({
      adapters: [
        {
          kind: 'backend',
          name: 'quack',
          package: 'goe-backend-quack',
          aliases: ['duck'],
          load: async () => {
            loads.n += 1;
            const quackBackend = backend('quack', ['quackdb']);
            return { quackBackend, default: quackBackend, helper: () => 1, other: nativeTransport };
          },
        },
        {
          kind: 'backend',
          name: 'broken',
          package: 'goe-backend-broken',
          load: () => Promise.reject(new SyntaxError('Unexpected token')),
        },
        {
          kind: 'backend',
          name: 'empty',
          package: 'goe-backend-empty',
          load: () => Promise.resolve({ notAnAdapter: {} }),
        },
        {
          kind: 'backend',
          name: 'bigquack',
          package: '@acme/backend-bigquack',
          load: () =>
            Promise.reject(
              Object.assign(new Error("Cannot find package '@acme/backend-bigquack' imported from x"), {
                code: 'ERR_MODULE_NOT_FOUND',
              }),
            ),
        },
        {
          kind: 'transport',
          name: 'native',
          package: 'goe-transport-native',
          aliases: ['query_import'],
          load: () => Promise.resolve({ nativeTransport }),
        },
        {
          kind: 'transport',
          name: 'remote',
          package: 'goe-transport-remote',
          load: () =>
            Promise.reject(
              Object.assign(new Error("Cannot find module 'goe-transport-remote'"), { code: 'MODULE_NOT_FOUND' }),
            ),
        },
      ],
      transportRules: { FAST: ['REMOTE', 'NATIVE'], AUTO: ['REMOTE'] },
    });
  }

  it('loads the package once, scans its named exports for adapters of the kind, and registers them', async () => {
    const loads = { n: 0 };
    const registry = createRegistry({ catalog: fakeCatalog(loads) });
    expect(registry.has('backend', 'quack')).toBe(false);
    const [a, b] = await Promise.all([registry.load('backend', 'QUACK'), registry.load('backend', 'quack')]);
    expect(a).toBe(b);
    // the adapter's own alias answers once it is registered, the catalog alias before
    expect(await registry.load('backend', 'QUACKDB')).toBe(a);
    expect(await createRegistry({ catalog: fakeCatalog(loads) }).load('backend', 'DUCK')).not.toBe(a);
    expect(a.name).toBe('quack');
    expect(loads.n).toBe(2);
    expect(registry.get('backend', 'quack')).toBe(a);
    // only adapters of the requested kind are registered
    expect(registry.has('transport', 'native')).toBe(false);
    expect(registry.names('backend')).toEqual(['bigquack', 'broken', 'empty', 'quack']);
    expect(registry.knownNames('backend')).toEqual(['bigquack', 'broken', 'duck', 'empty', 'quack', 'quackdb']);
    expect(registry.catalogEntry('transport', 'QUERY_IMPORT')?.name).toBe('native');
    expect((await registry.load('transport', 'QUERY_IMPORT')).name).toBe('native');
  });

  it('reports a package that fails to load, and one that exports no such adapter', async () => {
    const registry = createRegistry({ catalog: fakeCatalog({ n: 0 }) });
    const broken = await rejected(registry.load('backend', 'broken'));
    expect(broken.code).toBe('ADAPTER_INVALID');
    expect(broken.message).toBe('goe-backend-broken failed to load: Unexpected token');
    const empty = await rejected(registry.load('backend', 'empty'));
    expect(empty.message).toBe('goe-backend-empty exports no backend adapter named "empty"');
  });

  it('names the variable: unknown names get "did you mean" over names and aliases, and what is available', async () => {
    const registry = createRegistry({ catalog: fakeCatalog({ n: 0 }) }).use(backend('local'));
    const e = await rejected(registry.load('backend', 'QAUCK', { variable: 'QUERY_ENGINE' }));
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.variable).toBe('QUERY_ENGINE');
    expect(e.message).toBe(
      'QUERY_ENGINE=QAUCK names no backend adapter (did you mean QUACK?); available: bigquack, broken, empty, local, quack',
    );
    expect(e.hint).toMatch(/^A third-party adapter is installed under GOE_PLUGINS_ROOT/);
    const alias = await rejected(registry.load('backend', 'dcuk', { variable: 'QUERY_ENGINE' }));
    expect(alias.message).toMatch(/\(did you mean duck\?\)/);
    const far = await rejected(registry.load('backend', 'clickhouse', { variable: 'QUERY_ENGINE' }));
    expect(far.message).not.toMatch(/did you mean/);
    const option = await rejected(registry.load('transport', 'nope', { variable: '--offload-transport-method' }));
    expect(option.code).toBe('OPTION_INVALID');
    expect(option.message).toMatch(/^--offload-transport-method=nope names no transport adapter/);
  });

  it('says which package to install when a catalog adapter is not installed', async () => {
    const registry = createRegistry({ catalog: fakeCatalog({ n: 0 }) });
    const e = await rejected(registry.load('backend', 'BIGQUACK', { variable: 'QUERY_ENGINE' }));
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toBe('QUERY_ENGINE=BIGQUACK needs @acme/backend-bigquack, which is not installed');
    expect(e.hint).toBe('npm i @acme/backend-bigquack');
    const lib = await rejected(registry.load('transport', 'remote'));
    expect(lib.code).toBe('ADAPTER_INVALID');
    expect(lib.message).toBe('The transport adapter "remote" needs goe-transport-remote, which is not installed');
    // a failed load is retried next time (the package may have been installed meanwhile)
    expect((await rejected(registry.load('transport', 'remote'))).hint).toBe('npm i goe-transport-remote');
  });

  it('supplies OFFLOAD_TRANSPORT rule sets: the catalog list, then for AUTO every other registered transport', () => {
    const other = defineTransport({ ...nativeTransport, name: 'other', aliases: [] } as never);
    const registry = createRegistry({ catalog: fakeCatalog({ n: 0 }) })
      .use(other)
      .use(nativeTransport);
    expect(registry.transportRule('fast')).toEqual(['REMOTE', 'NATIVE']);
    expect(registry.transportRule('AUTO')).toEqual(['REMOTE', 'other', 'native']);
    expect(registry.transportRule('GOE')).toBeUndefined();
    expect(registry.transportRuleNames()).toEqual(['AUTO', 'FAST']);
    // without a catalog, AUTO is every registered transport in registration order
    const bare = createRegistry().use(other).use(nativeTransport);
    expect(bare.transportRule('auto')).toEqual(['other', 'native']);
    expect(bare.transportRuleNames()).toEqual(['AUTO']);
  });

  it('refuses a catalog that uses a name twice in a kind, or a name that is not lower case', () => {
    const load = () => Promise.resolve({});
    expect(() =>
      defineCatalog({
        adapters: [
          { kind: 'backend', name: 'a', package: 'p', load },
          { kind: 'backend', name: 'b', package: 'q', aliases: ['a'], load },
        ],
      }),
    ).toThrow(/Catalog backend name "a" is used by a and b/);
    expect(() => defineCatalog({ adapters: [{ kind: 'backend', name: 'A', package: 'p', load }] })).toThrow(
      /not lower-case/,
    );
    expect(() => defineCatalog({ adapters: [{ kind: 'warehouse' as never, name: 'a', package: 'p', load }] })).toThrow(
      /unknown kind/,
    );
    // the same name in two kinds is fine
    expect(
      defineCatalog({
        adapters: [
          { kind: 'frontend', name: 'a', package: 'p', load },
          { kind: 'repository', name: 'a', package: 'p', load },
        ],
      }).adapters,
    ).toHaveLength(2);
  });
});

describe('did you mean', () => {
  it('measures edits, counting a transposition as one', () => {
    expect(editDistance('dukcdb', 'duckdb')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests only close names, in the case the user typed', () => {
    expect(didYouMean('DUKCDB', ['bigquery', 'duckdb'])).toBe('DUCKDB');
    expect(didYouMean('dukcdb', ['duckdb'])).toBe('duckdb');
    expect(didYouMean('clickhouse', ['duckdb', 'bigquery'])).toBeUndefined();
    expect(didYouMean('duckdb', ['duckdb'])).toBeUndefined(); // an exact name is not a typo
    expect(didYouMean(' ', ['a'])).toBeUndefined();
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
