/**
 * Issue #12, one module graph per process: the bundled CLI sends a plugin's `@goe/core` and `apache-arrow` imports
 * to its own copies (dist/core.js and the CLI's apache-arrow), not to the peers npm installed in the plugin root.
 * The plugin root here holds stub `@goe/core` and `apache-arrow` packages that say so when they are imported.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redirectSpecifier, type PluginGraphData } from '../src/plugin-hook.js';
import { GOE_BIN } from './support/run-goe.js';

const DIST = dirname(GOE_BIN);

describe('redirectSpecifier', () => {
  const data: PluginGraphData = {
    root: 'file:///srv/plugins/',
    core: 'file:///cli/dist/core.js',
    host: 'file:///cli/dist/core.js',
  };
  const inRoot = 'file:///srv/plugins/node_modules/goe-backend-x/index.js';

  it('sends @goe/core imported from the plugin root to the CLI core', () => {
    expect(redirectSpecifier('@goe/core', inRoot, data)).toEqual({ url: data.core });
  });
  it('resolves apache-arrow and its subpaths from the CLI', () => {
    expect(redirectSpecifier('apache-arrow', inRoot, data)).toEqual({ parentURL: data.host });
    expect(redirectSpecifier('apache-arrow/util/bn', inRoot, data)).toEqual({ parentURL: data.host });
  });
  it('leaves other packages, look-alike names and importers outside the root alone', () => {
    expect(redirectSpecifier('pg', inRoot, data)).toBeUndefined();
    expect(redirectSpecifier('apache-arrow-extra', inRoot, data)).toBeUndefined();
    expect(redirectSpecifier('@goe/core-extra', inRoot, data)).toBeUndefined();
    expect(redirectSpecifier('@goe/core', 'file:///srv/plugins-other/a.js', data)).toBeUndefined();
    expect(redirectSpecifier('apache-arrow', 'file:///cli/dist/goe.js', data)).toBeUndefined();
    expect(redirectSpecifier('@goe/core', undefined, data)).toBeUndefined();
  });
  it('shares the packages data.shared names', () => {
    expect(redirectSpecifier('flatbuffers', inRoot, { ...data, shared: ['flatbuffers'] })).toEqual({
      parentURL: data.host,
    });
    expect(redirectSpecifier('apache-arrow', inRoot, { ...data, shared: [] })).toBeUndefined();
  });
});

describe('the bundle', () => {
  it('goe.js and core.js import the one chunk that defines core', () => {
    if (!existsSync(GOE_BIN)) throw new Error(`${GOE_BIN} is missing: build the CLI first`);
    const files = readdirSync(DIST).filter((f) => f.endsWith('.js'));
    const defining = files.filter((f) =>
      /\bGoeError = class\b|\bclass GoeError\b/.test(readFileSync(join(DIST, f), 'utf8')),
    );
    expect(defining).toHaveLength(1);
    const chunk = defining[0]!;
    expect(chunk).toMatch(/^chunk-/);
    for (const entry of ['goe.js', 'core.js']) {
      expect(readFileSync(join(DIST, entry), 'utf8')).toContain(`from "./${chunk}"`);
    }
    expect(readFileSync(join(DIST, 'plugin-hook.js'), 'utf8')).not.toMatch(/from "\.\/chunk-/);
  });
});

describe('goe with GOE_PLUGINS: a plugin imports the CLI core and apache-arrow', () => {
  let root: string;
  let plugins: string;

  /** A plugin reporting which @goe/core and apache-arrow it got, then offering a branded backend. */
  const PLUGIN = `import * as core from '@goe/core';
import * as arrow from 'apache-arrow';
import * as bn from 'apache-arrow/util/bn';
import { writeFileSync } from 'node:fs';
writeFileSync(process.env.PROBE_FILE, JSON.stringify({
  core: 'STUB' in core ? core.STUB : typeof core.defineBackend,
  apiVersion: core.API_VERSION,
  arrow: 'STUB' in arrow ? arrow.STUB : typeof arrow.tableFromArrays,
  bn: 'STUB' in bn ? bn.STUB : typeof bn.BN,
}));
export const probeBackend = {
  kind: 'backend', name: 'probe', apiVersion: 2, capabilities: {},
  connect: async () => { throw new Error('not reached'); },
  [Symbol.for('goe:adapter')]: 'backend',
};
`;

  const pkg = (name: string, files: Record<string, string>, exports: unknown) => {
    const dir = join(plugins, 'node_modules', name);
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', type: 'module', exports }));
  };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'goe-cli-graph-'));
    plugins = join(root, 'plugins');
    mkdirSync(join(root, 'home'));
    pkg('goe-backend-probe', { 'index.js': PLUGIN }, './index.js');
    pkg('@goe/core', { 'index.js': `export const STUB = 'plugin-root @goe/core';\n` }, './index.js');
    pkg(
      'apache-arrow',
      {
        'index.mjs': `export const STUB = 'plugin-root apache-arrow';\n`,
        'util/bn.mjs': `export const STUB = 'plugin-root apache-arrow/util/bn';\n`,
      },
      { '.': './index.mjs', './*': './*.mjs' },
    );
  });

  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const probe = (env: Record<string, string> = {}) => {
    const file = join(root, `probe-${Object.keys(env).length}.json`);
    rmSync(file, { force: true });
    const r = spawnSync(process.execPath, [GOE_BIN, 'offload', '--help'], {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH ?? '',
        HOME: join(root, 'home'),
        OFFLOAD_HOME: join(root, 'home'),
        GOE_PLUGINS: 'goe-backend-probe',
        GOE_PLUGINS_ROOT: plugins,
        PROBE_FILE: file,
        NO_COLOR: '1',
        ...env,
      },
      timeout: 60_000,
    });
    return {
      code: r.status,
      err: r.stderr,
      seen: existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : undefined,
    };
  };

  it('resolves @goe/core to the bundled core and apache-arrow (with subpaths) to the CLI copy', () => {
    const r = probe();
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.seen).toEqual({ core: 'function', apiVersion: 2, arrow: 'function', bn: 'function' });
  });

  it('without the hook (GOE_TEST_SEPARATE_PLUGIN_GRAPH=1) the plugin gets the plugin root copies', () => {
    const r = probe({ GOE_TEST_SEPARATE_PLUGIN_GRAPH: '1' });
    expect(r.seen).toEqual({
      core: 'plugin-root @goe/core',
      arrow: 'plugin-root apache-arrow',
      bn: 'plugin-root apache-arrow/util/bn',
    });
  });
});
