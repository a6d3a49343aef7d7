/**
 * Issue #12, open adapter names through `goe offload`: a plugin under GOE_PLUGINS_ROOT names a backend core has
 * never heard of and gets past configuration validation (its own variables are then checked); a typo gets "did
 * you mean"; a first-party name whose package is not installed says which package to install.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGoeInProcess } from './support/in-process.js';

let root: string;
let home: string;
let plugins: string;

/** A third-party backend written without our types: a branded object whose schema requires CLICKHOUSE_URL. */
const CLICKHOUSE = `export const clickhouseBackend = {
  kind: 'backend', name: 'clickhouse', apiVersion: 2, displayName: 'ClickHouse',
  configSchema: { group: 'backend-clickhouse', title: 'ClickHouse', variables: [
    { name: 'CLICKHOUSE_URL', type: 'string', required: true, description: 'ClickHouse server URL' }] },
  capabilities: {},
  connect: async () => { throw new Error('not reached'); },
  [Symbol.for('goe:adapter')]: 'backend',
};
`;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'goe-cli-names-'));
  home = join(root, 'home');
  plugins = join(root, 'plugins');
  const pkg = join(plugins, 'node_modules', 'goe-backend-clickhouse');
  mkdirSync(pkg, { recursive: true });
  mkdirSync(home);
  writeFileSync(
    join(pkg, 'package.json'),
    JSON.stringify({ name: 'goe-backend-clickhouse', version: '1.0.0', type: 'module', exports: './index.js' }),
  );
  writeFileSync(join(pkg, 'index.js'), CLICKHOUSE);
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

const goe = (env: Record<string, string>) =>
  runGoeInProcess(['offload', '-t', 'sh.sales', '--json'], { OFFLOAD_HOME: home, ...env });

const error = (out: string) => (JSON.parse(out) as { error: { code: string; message: string; hint?: string } }).error;

describe('goe offload: adapter names are open, checked after plugins load', () => {
  it('QUERY_ENGINE=CLICKHOUSE with goe-backend-clickhouse under GOE_PLUGINS_ROOT passes name validation', async () => {
    const r = await goe({
      QUERY_ENGINE: 'CLICKHOUSE',
      GOE_PLUGINS: 'goe-backend-clickhouse',
      GOE_PLUGINS_ROOT: plugins,
    });
    expect(r.code).toBe(2);
    // the plugin's own schema is in force: the next problem is its required variable, not the adapter name
    expect(error(r.out)).toMatchObject({ code: 'CONFIG_INVALID' });
    expect(error(r.out).message).toMatch(/CLICKHOUSE_URL/);
    expect(error(r.out).message).not.toMatch(/QUERY_ENGINE/);
  });

  it('the same plugin outside GOE_PLUGINS_ROOT is not found, naming the root searched', async () => {
    const r = await goe({ QUERY_ENGINE: 'CLICKHOUSE', GOE_PLUGINS: 'goe-backend-clickhouse' });
    expect(r.code).toBe(2);
    expect(error(r.out).message).toBe(
      `Plugin goe-backend-clickhouse (GOE_PLUGINS) is not installed under GOE_PLUGINS_ROOT (searched ${join(home, 'plugins')}/node_modules)`,
    );
    expect(error(r.out).hint).toBe(`npm i --prefix "${join(home, 'plugins')}" goe-backend-clickhouse`);
  });

  it('an explicit GOE_PLUGINS_ROOT that is not a directory is refused, naming it', async () => {
    const r = await goe({ GOE_PLUGINS_ROOT: join(root, 'no-such-root') });
    expect(r.code).toBe(2);
    expect(error(r.out)).toMatchObject({
      code: 'CONFIG_INVALID',
      message: `GOE_PLUGINS_ROOT ${join(root, 'no-such-root')} is not a directory`,
    });
  });

  it('QUERY_ENGINE=DUKCDB says "did you mean DUCKDB"', async () => {
    const r = await goe({ QUERY_ENGINE: 'DUKCDB' });
    expect(r.code).toBe(2);
    expect(error(r.out).code).toBe('CONFIG_INVALID');
    expect(error(r.out).message).toMatch(
      /^QUERY_ENGINE=DUKCDB names no backend adapter \(did you mean DUCKDB\?\); available: .*bigquery.*duckdb/,
    );
  });

  it('QUERY_ENGINE=SNOWFLAKE says which package to install', async () => {
    const r = await goe({ QUERY_ENGINE: 'SNOWFLAKE' });
    expect(r.code).toBe(2);
    expect(error(r.out)).toMatchObject({
      code: 'CONFIG_INVALID',
      message: 'QUERY_ENGINE=SNOWFLAKE needs @goe/backend-snowflake, which is not installed',
      hint: 'npm i @goe/backend-snowflake',
    });
  });

  it('an unknown OFFLOAD_FS_SCHEME and an unknown transport method are refused naming their variable or option', async () => {
    const fs = await goe({ OFFLOAD_FS_SCHEME: 'dirstore' });
    expect(error(fs.out).message).toMatch(/^OFFLOAD_FS_SCHEME=dirstore names no storage adapter; available: /);
    const s3 = await goe({ OFFLOAD_FS_SCHEME: 's3a' });
    expect(error(s3.out).message).toBe('OFFLOAD_FS_SCHEME=s3a needs @goe/storage-s3, which is not installed');
    const t = await runGoeInProcess(['offload', '-t', 'sh.sales', '--json', '--offload-transport-method', 'NATIVF'], {
      OFFLOAD_HOME: home,
    });
    expect(error(t.out)).toMatchObject({ code: 'OPTION_INVALID' });
    expect(error(t.out).message).toMatch(
      /^--offload-transport-method=NATIVF names no transport adapter \(did you mean NATIVE\?\)/,
    );
  });
});
