import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ADAPTER_KINDS, isGoeError, OrchestrationRunner as CoreRunner, type GoeError } from '@goe/core';
import { createStackRegistry, FIRST_PARTY_CATALOG, FIRST_PARTY_TRANSPORT_RULES, OrchestrationRunner } from '@goe/stack';

async function rejected(p: Promise<unknown>): Promise<GoeError> {
  try {
    await p;
  } catch (error) {
    if (isGoeError(error)) return error;
    throw error;
  }
  throw new Error('expected a GoeError');
}

const EMBEDDED = {
  frontend: 'postgres',
  backend: 'duckdb',
  transport: 'native',
  storage: 'file',
  repository: 'sqlite',
  lock: 'file',
} as const;

describe('FIRST_PARTY_CATALOG', () => {
  it('loads every adapter of the embedded stack by its GOE name', async () => {
    const registry = createStackRegistry();
    for (const kind of ADAPTER_KINDS) {
      const adapter = await registry.load(kind, EMBEDDED[kind].toUpperCase());
      expect(adapter.kind).toBe(kind);
      expect(adapter.name).toBe(EMBEDDED[kind]);
    }
    // GOE's other spellings resolve before the package loads
    expect((await registry.load('transport', 'QUERY_IMPORT')).name).toBe('native');
    expect((await registry.load('storage', 'local')).name).toBe('file');
  });

  it('says which package to install for a documented adapter that is not installed', async () => {
    const registry = createStackRegistry();
    const e = await rejected(registry.load('backend', 'SNOWFLAKE', { variable: 'QUERY_ENGINE' }));
    expect(e).toMatchObject({
      code: 'CONFIG_INVALID',
      message: 'QUERY_ENGINE=SNOWFLAKE needs @goe/backend-snowflake, which is not installed',
      hint: 'npm i @goe/backend-snowflake',
    });
    const alias = await rejected(registry.load('storage', 'ABFSS', { variable: 'OFFLOAD_FS_SCHEME' }));
    expect(alias.message).toBe('OFFLOAD_FS_SCHEME=ABFSS needs @goe/storage-azure, which is not installed');
  });

  it('has one literal require and import() per package, so bundlers see every specifier', () => {
    const source = readFileSync(fileURLToPath(new URL('../src/catalog.ts', import.meta.url)), 'utf8');
    const packages = new Set(FIRST_PARTY_CATALOG.adapters.map((e) => e.package));
    expect(packages.size).toBeGreaterThanOrEqual(20);
    for (const pkg of packages) {
      expect(pkg).toMatch(/^@goe\/(frontend|backend|transport|storage|repository|lock)-[a-z0-9]+$/);
      expect(source).toMatch(new RegExp(`require\\('${pkg}'( as string)?\\)`));
      expect(source).toMatch(new RegExp(`import\\('${pkg}'( as string)?\\)`));
    }
  });

  it("names GOE's transport rule sets with catalog transports only, AUTO covering the others", () => {
    const registry = createStackRegistry();
    const transports = registry.knownNames('transport');
    for (const [rule, methods] of Object.entries(FIRST_PARTY_TRANSPORT_RULES)) {
      for (const m of methods) expect(transports, `${rule} ${m}`).toContain(m.toLowerCase());
      if (rule !== 'AUTO') for (const m of methods) expect(FIRST_PARTY_TRANSPORT_RULES.AUTO).toContain(m);
    }
    expect(registry.transportRule('GOE')).toEqual(['SPARK_THRIFT', 'NATIVE', 'SPARK_LIVY', 'SPARK_SUBMIT']);
    expect(registry.transportRuleNames()).toEqual(['AUTO', 'GOE', 'SQOOP', 'GCP']);
  });

  it('createStackRegistry and OrchestrationRunner default to the catalog', () => {
    expect(createStackRegistry().catalog).toBe(FIRST_PARTY_CATALOG);
    const runner = new OrchestrationRunner();
    expect(runner).toBeInstanceOf(CoreRunner);
    const own = createStackRegistry();
    const deps = (r: CoreRunner) => (r as unknown as { deps: { registry: unknown } }).deps;
    expect(deps(new OrchestrationRunner({ registry: own })).registry).toBe(own);
    expect((deps(runner).registry as ReturnType<typeof createStackRegistry>).catalog).toBe(FIRST_PARTY_CATALOG);
  });
});
