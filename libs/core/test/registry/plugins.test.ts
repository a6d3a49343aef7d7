import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRegistry,
  isGoeError,
  loadPackageFrom,
  MODULE_FORMAT,
  resolvePackageEntry,
  type GoeError,
} from '@goe/core';

/** An adapter module written the way a third party without our types would: a plain object with the brand. */
const adapterSource = (kind: string, name: string, apiVersion = 1) => `
export const ${name}Adapter = {
  kind: '${kind}',
  name: '${name}',
  apiVersion: ${apiVersion},
  aliases: ['${name}_alias'],
  configSchema: { group: '${name}', title: '${name}', variables: [] },
  capabilities: {},
  connect: async () => { throw new Error('not used'); },
  open: async () => { throw new Error('not used'); },
  [Symbol.for('goe:adapter')]: '${kind}',
};
export const notAnAdapter = { kind: '${kind}', name: 'unbranded' };
export function helper() { return 42; }
`;

let root: string;
let project: string;

function write(path: string, text: string) {
  const file = join(project, 'node_modules', path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
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

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'goe-plugins-'));
  project = join(root, 'project');
  mkdirSync(join(project, 'sub', 'dir'), { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'project', private: true }));
  // main-style ESM plugin
  write(
    'goe-backend-fake/package.json',
    JSON.stringify({ name: 'goe-backend-fake', version: '1.0.0', type: 'module', main: 'index.mjs' }),
  );
  write('goe-backend-fake/index.mjs', adapterSource('backend', 'fake'));
  // scoped, ESM-only exports map (no require condition: require.resolve cannot see it)
  write(
    '@acme/goe-storage-minio/package.json',
    JSON.stringify({
      name: '@acme/goe-storage-minio',
      version: '1.0.0',
      type: 'module',
      exports: { '.': { import: './dist/index.js' } },
    }),
  );
  write('@acme/goe-storage-minio/dist/index.js', adapterSource('storage', 'minio'));
  // CommonJS plugin: module.exports = { adapter }
  write('goe-lock-cjs/package.json', JSON.stringify({ name: 'goe-lock-cjs', version: '1.0.0', main: 'index.js' }));
  write(
    'goe-lock-cjs/index.js',
    `module.exports = { cjsLock: { kind: 'lock', name: 'cjs', apiVersion: 1, configSchema: { group: 'cjs', title: 'cjs', variables: [] }, open: async () => null, [Symbol.for('goe:adapter')]: 'lock' } };`,
  );
  // broken ones
  write(
    'goe-backend-throws/package.json',
    JSON.stringify({ name: 'goe-backend-throws', version: '1.0.0', type: 'module', main: 'index.js' }),
  );
  write('goe-backend-throws/index.js', `throw new Error('boom at import');`);
  write(
    'goe-backend-future/package.json',
    JSON.stringify({ name: 'goe-backend-future', version: '1.0.0', type: 'module', main: 'index.js' }),
  );
  write('goe-backend-future/index.js', adapterSource('backend', 'future', 99));
  write(
    'goe-backend-wrongkind/package.json',
    JSON.stringify({ name: 'goe-backend-wrongkind', version: '1.0.0', type: 'module', main: 'index.js' }),
  );
  write('goe-backend-wrongkind/index.js', adapterSource('storage', 'wrongkind'));
  // dual package: an ESM and a CJS build, each saying which it is
  write(
    'goe-transport-dual/package.json',
    JSON.stringify({
      name: 'goe-transport-dual',
      version: '1.0.0',
      type: 'module',
      exports: {
        '.': {
          import: { types: './dist/index.d.ts', default: './dist/index.js' },
          require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
        },
      },
    }),
  );
  write('goe-transport-dual/dist/index.js', `export const format = 'esm';`);
  write('goe-transport-dual/dist/index.cjs', `exports.format = 'cjs';`);
  // installed one level above the root: never found (no walking up, no current directory)
  mkdirSync(join(root, 'node_modules', 'goe-backend-above'), { recursive: true });
  writeFileSync(
    join(root, 'node_modules', 'goe-backend-above', 'package.json'),
    JSON.stringify({ name: 'goe-backend-above', version: '1.0.0', type: 'module', main: 'index.js' }),
  );
  writeFileSync(join(root, 'node_modules', 'goe-backend-above', 'index.js'), adapterSource('backend', 'above'));
  write('left-pad/package.json', JSON.stringify({ name: 'left-pad', version: '1.0.0', main: 'index.js' }));
  write('left-pad/index.js', `module.exports = () => '';`);
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('registry.loadPlugins (GOE_PLUGINS)', () => {
  it('resolves each package from <root>/node_modules and registers every branded adapter it exports', async () => {
    const registry = createRegistry();
    const loaded = await registry.loadPlugins(' goe-backend-fake, @acme/goe-storage-minio ,,goe-lock-cjs', {
      root: project,
    });
    expect(loaded.map((a) => `${a.kind}:${a.name}`)).toEqual(['backend:fake', 'storage:minio', 'lock:cjs']);
    expect(registry.get('backend', 'FAKE').name).toBe('fake');
    expect(registry.get('backend', 'fake_alias').name).toBe('fake');
    expect(registry.get('storage', 'minio').name).toBe('minio');
    expect(registry.get('lock', 'cjs').name).toBe('cjs');
    // unbranded look-alikes and helpers are not adapters
    expect(registry.has('backend', 'unbranded')).toBe(false);
    // loading the same plugin again is harmless
    expect(await registry.loadPlugins('goe-backend-fake', { root: project })).toHaveLength(1);
    expect(registry.list('backend')).toHaveLength(1);
  });

  it('accepts an empty list', async () => {
    expect(await createRegistry().loadPlugins('', { root: project })).toEqual([]);
  });

  it('refuses a name outside the naming convention without importing it', async () => {
    const e = await rejected(createRegistry().loadPlugins('left-pad', { root: project }));
    expect(e.code).toBe('ADAPTER_INVALID');
    expect(e.variable).toBe('GOE_PLUGINS');
    expect(e.message).toMatch(
      /Plugin "left-pad" \(GOE_PLUGINS\) is not named goe-<kind>-<name> or @scope\/goe-<kind>-<name>/,
    );
  });

  it('names the plugin that is not installed', async () => {
    const e = await rejected(createRegistry().loadPlugins('goe-backend-fake,goe-backend-missing', { root: project }));
    expect(e.code).toBe('ADAPTER_INVALID');
    expect(e.message).toBe(
      `Plugin goe-backend-missing (GOE_PLUGINS) is not installed under GOE_PLUGINS_ROOT (searched ${project}/node_modules)`,
    );
    expect(e.variable).toBe('GOE_PLUGINS');
    expect(e.hint).toBe(`npm i --prefix "${project}" goe-backend-missing`);
  });

  it('never resolves from a parent of the root or the current directory', async () => {
    const cwd = process.cwd();
    process.chdir(root); // root/node_modules holds goe-backend-above
    try {
      const e = await rejected(createRegistry().loadPlugins('goe-backend-above', { root: project }));
      expect(e.message).toMatch(/^Plugin goe-backend-above \(GOE_PLUGINS\) is not installed under GOE_PLUGINS_ROOT/);
      const sub = await rejected(createRegistry().loadPlugins('goe-backend-fake', { root: join(project, 'sub') }));
      expect(sub.message).toContain(`searched ${join(project, 'sub')}/node_modules`);
    } finally {
      process.chdir(cwd);
    }
    expect((await createRegistry().loadPlugins('goe-backend-above', { root })).map((a) => a.name)).toEqual(['above']);
  });

  it('requires the root', async () => {
    const e = await rejected(createRegistry().loadPlugins('goe-backend-fake', {} as never));
    expect(e.variable).toBe('GOE_PLUGINS_ROOT');
  });

  it('names the plugin that fails to import', async () => {
    const e = await rejected(createRegistry().loadPlugins('goe-backend-throws', { root: project }));
    expect(e.code).toBe('ADAPTER_INVALID');
    expect(e.message).toBe(
      `Plugin goe-backend-throws (GOE_PLUGINS, from GOE_PLUGINS_ROOT ${project}) failed to load: boom at import`,
    );
  });

  it('names the plugin whose adapter targets an unsupported apiVersion', async () => {
    const e = await rejected(createRegistry().loadPlugins('goe-backend-future', { root: project }));
    expect(e.code).toBe('ADAPTER_INVALID');
    expect(e.message).toBe(
      'Plugin goe-backend-future (GOE_PLUGINS): Adapter backend future targets GOE adapter API version 99; this @goe/core supports 1, 2',
    );
    expect(e.hint).toMatch(/Upgrade @goe\/core/);
  });

  it('refuses a plugin that exports no adapter of the kind its name says', async () => {
    const e = await rejected(createRegistry().loadPlugins('goe-backend-wrongkind', { root: project }));
    expect(e.message).toBe(
      'Plugin goe-backend-wrongkind (GOE_PLUGINS) exports no backend adapter (adapters found: storage wrongkind)',
    );
  });

  it('refuses a plugin whose adapter name is already taken', async () => {
    const registry = createRegistry();
    await registry.loadPlugins('goe-backend-fake', { root: project });
    write(
      'goe-backend-fake2/package.json',
      JSON.stringify({ name: 'goe-backend-fake2', version: '1.0.0', type: 'module', main: 'index.js' }),
    );
    write('goe-backend-fake2/index.js', adapterSource('backend', 'fake'));
    const e = await rejected(registry.loadPlugins('goe-backend-fake2', { root: project }));
    expect(e.message).toBe(
      'Plugin goe-backend-fake2 (GOE_PLUGINS): A backend adapter named "fake" is already registered',
    );
  });
});

describe('one module graph per process (loadPackageFrom)', () => {
  it('is ESM when the TypeScript source runs (the builds get their format from tsup)', () => {
    expect(MODULE_FORMAT).toBe('esm');
  });

  it('loads the import build for ESM and the require build for CJS', async () => {
    expect(resolvePackageEntry('goe-transport-dual', project, 'esm')).toBe(
      join(project, 'node_modules', 'goe-transport-dual', 'dist', 'index.js'),
    );
    expect(resolvePackageEntry('goe-transport-dual', project, 'cjs')).toBe(
      join(project, 'node_modules', 'goe-transport-dual', 'dist', 'index.cjs'),
    );
    expect(await loadPackageFrom('goe-transport-dual', project, 'esm')).toMatchObject({ format: 'esm' });
    expect(await loadPackageFrom('goe-transport-dual', project, 'cjs')).toMatchObject({ format: 'cjs' });
    // an ESM-only package (no require entry, or "type": "module" main) is imported even by the CJS build
    expect(await loadPackageFrom('@acme/goe-storage-minio', project, 'cjs')).toHaveProperty('minioAdapter');
    expect(await loadPackageFrom('goe-backend-fake', project, 'cjs')).toHaveProperty('fakeAdapter');
    // a CommonJS main is required
    expect(await loadPackageFrom('goe-lock-cjs', project, 'cjs')).toHaveProperty('cjsLock');
  });
});
