/**
 * Every catalog loader either loads its package (the embedded stack, installed with @goe/stack) or rejects with the
 * module system's own "not found" error naming the package (which the registry turns into "npm i …"); the CommonJS
 * build requires instead of importing; `offload()` validates names against the catalog.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAdapter, isGoeError } from '@goe/core';
import { EMBEDDED_STACK_DEFAULTS, FIRST_PARTY_CATALOG, STACK_COMMON_CONFIG, offload } from '@goe/stack';
import { createRequire } from 'node:module';
import { CATALOG_MODULES, packageLoader } from '../src/catalog.js';

const EMBEDDED = new Set([
  '@goe/frontend-postgres',
  '@goe/backend-duckdb',
  '@goe/transport-native',
  '@goe/storage-local',
  '@goe/repository-sqlite',
  '@goe/lock-file',
]);

/**
 * Catalog packages this workspace has besides the embedded stack (e.g. @goe/storage-gcs): installed, so they load.
 * A private package (work in progress, e.g. @goe/backend-bigquery before its adapter exists) is not counted: it may
 * load without exporting its adapter yet.
 */
const requireHere = createRequire(import.meta.url);
const installed = (pkg: string): boolean => {
  try {
    return !(requireHere(`${pkg}/package.json`) as { private?: boolean }).private;
  } catch {
    return false;
  }
};
const workInProgress = (pkg: string): boolean => {
  try {
    return (requireHere(`${pkg}/package.json`) as { private?: boolean }).private === true;
  } catch {
    return false;
  }
};

describe('catalog loaders', () => {
  it('load the embedded stack (and the other installed packages) and report every other package as missing, by name', async () => {
    const seen = new Set<string>();
    for (const entry of FIRST_PARTY_CATALOG.adapters) {
      if (seen.has(entry.package)) continue;
      seen.add(entry.package);
      if (EMBEDDED.has(entry.package)) expect(installed(entry.package), entry.package).toBe(true);
      if (installed(entry.package)) {
        const mod = (await entry.load()) as Record<string, unknown>;
        expect(
          Object.values(mod).some((v) => isAdapter(v, entry.kind)),
          entry.package,
        ).toBe(true);
      } else if (workInProgress(entry.package)) {
        await entry.load(); // loads; its adapter is not there yet
      } else {
        const error = await entry.load().then(
          () => undefined,
          (e: unknown) => e as Error & { code?: string },
        );
        expect(error, entry.package).toBeInstanceOf(Error);
        expect(error!.message).toContain(entry.package);
      }
    }
    expect(seen.size).toBeGreaterThanOrEqual(20);
  });

  it('require the CommonJS build of every installed package, and throw "not found" for the others', () => {
    // The source runs as ESM under Vitest; the CommonJS build has a module-scoped `require`. Give the loaders one.
    const g = globalThis as { require?: NodeJS.Require };
    const saved = g.require;
    g.require = createRequire(import.meta.url);
    try {
      const packages = new Map(FIRST_PARTY_CATALOG.adapters.map((e) => [e.package, e.kind]));
      for (const [key, loaders] of Object.entries(CATALOG_MODULES)) {
        const pkg = `@goe/${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
        const kind = packages.get(pkg);
        expect(kind, `${key} is a catalog package`).toBeDefined();
        if (installed(pkg)) {
          const mod = loaders.cjs() as Record<string, unknown>;
          expect(
            Object.values(mod).some((v) => isAdapter(v, kind)),
            pkg,
          ).toBe(true);
        } else if (!workInProgress(pkg)) {
          expect(() => loaders.cjs(), pkg).toThrow(pkg);
        }
      }
    } finally {
      if (saved === undefined) delete g.require;
      else g.require = saved;
    }
  });

  it('require in the CommonJS build, import() in the ESM build, failures as rejections', async () => {
    const calls: string[] = [];
    const esm = () => (calls.push('import'), Promise.resolve('esm module'));
    const cjs = () => (calls.push('require'), 'cjs module');
    expect(await packageLoader(esm, cjs, 'esm')()).toBe('esm module');
    expect(await packageLoader(esm, cjs, 'cjs')()).toBe('cjs module');
    expect(calls).toEqual(['import', 'require']);
    const missing = packageLoader(
      esm,
      () => {
        throw new Error("Cannot find module '@goe/backend-acme'");
      },
      'cjs',
    );
    await expect(missing()).rejects.toThrow('@goe/backend-acme');
    // the default is this build's format: the TypeScript source under Vitest runs as ESM
    expect(await packageLoader(esm, cjs)()).toBe('esm module');
  });
});

describe('the stack defaults', () => {
  it('give the embedded stack through the common schema', () => {
    const defaults = Object.fromEntries(STACK_COMMON_CONFIG.variables.map((v) => [v.name, v.default]));
    for (const [name, value] of Object.entries(EMBEDDED_STACK_DEFAULTS)) expect(defaults[name]).toBe(value);
  });

  it('offload() resolves configured names against the catalog ("did you mean")', async () => {
    const home = mkdtempSync(join(tmpdir(), 'goe-stack-offload-'));
    const error = await offload(
      { table: 'SH.SALES' },
      { env: { OFFLOAD_HOME: home, QUERY_ENGINE: 'DUKCDB' }, offloadHome: home },
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isGoeError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'CONFIG_INVALID', variable: 'QUERY_ENGINE' });
    expect((error as Error).message).toMatch(/did you mean DUCKDB/);
  });
});
