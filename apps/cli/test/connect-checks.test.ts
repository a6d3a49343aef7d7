/**
 * `goe connect` runs a frontend's own checks (`FrontendSession.connectChecks`, e.g. Oracle's flashback privilege
 * and undo retention): a third-party frontend under GOE_PLUGINS_ROOT reports an ok and a warning line; the warning
 * makes the exit code 3 (warnings only), a failed check 2, and no secret reaches the output.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGoeInProcess } from './support/in-process.js';

let root: string;
let home: string;
let plugins: string;

/** A frontend written without our types whose session reports two checks (the second chosen by QUACK_CHECK). */
const QUACK = `export const quackFrontend = {
  kind: 'frontend', name: 'quack', apiVersion: 2, displayName: 'Quack',
  configSchema: { group: 'frontend-quack', title: 'Quack', variables: [
    { name: 'QUACK_PASS', type: 'string', secret: true, description: 'Quack password' },
    { name: 'QUACK_CHECK', type: 'string', description: 'status of the second check' }] },
  capabilities: {},
  connect: async (ctx) => ({
    serverVersion: async () => 'Quack 1.0',
    connectChecks: async () => [
      { name: 'Flashback privilege', status: 'ok', detail: 'FLASHBACK ANY TABLE' },
      { name: 'Undo retention', status: ctx.config.get('QUACK_CHECK') ?? 'warning',
        detail: 'undo_retention 60 s (password ' + ctx.config.get('QUACK_PASS') + ')' },
    ],
    describeTable: async () => { throw new Error('not reached'); },
    extract: async function* () {},
    count: async () => 0n,
    aggregate: async () => ({}),
    renderPredicate: () => ({ sql: '', params: [] }),
    close: async () => undefined,
  }),
  [Symbol.for('goe:adapter')]: 'frontend',
};
`;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'goe-cli-checks-'));
  home = join(root, 'home');
  plugins = join(root, 'plugins');
  const pkg = join(plugins, 'node_modules', 'goe-frontend-quack');
  mkdirSync(pkg, { recursive: true });
  mkdirSync(home);
  writeFileSync(
    join(pkg, 'package.json'),
    JSON.stringify({ name: 'goe-frontend-quack', version: '1.0.0', type: 'module', exports: './index.js' }),
  );
  writeFileSync(join(pkg, 'index.js'), QUACK);
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

const goe = (env: Record<string, string>) =>
  runGoeInProcess(['connect', '--json'], {
    OFFLOAD_HOME: home,
    GOE_PLUGINS: 'goe-frontend-quack',
    GOE_PLUGINS_ROOT: plugins,
    FRONTEND_DISTRIBUTION: 'QUACK',
    QUACK_PASS: 'Qu4ck-S3cret',
    DUCKDB_DATABASE: join(home, 'goe.duckdb'),
    ...env,
  });

interface Report {
  readonly checks: readonly { readonly name: string; readonly status: string; readonly detail: string }[];
}

describe("goe connect: the frontend's own checks", () => {
  it('each is a line after the frontend, a warning gives exit code 3, and secrets are masked', async () => {
    const r = await goe({});
    expect(r.code, r.err).toBe(3);
    const report = JSON.parse(r.out) as Report;
    const names = report.checks.map((c) => c.name);
    expect(names.slice(0, 3)).toEqual(['Configuration', 'Adapters', 'Plugins (GOE_PLUGINS)']);
    // the plugin is listed with its installed version, and where it was loaded from
    expect(report.checks[2]!.detail).toMatch(/^goe-frontend-quack \d+\.\d+\.\d+ from /);
    expect(report.checks[1]!.detail).toMatch(/^frontend quack \(goe-frontend-quack \d+\.\d+\.\d+\), backend duckdb/);
    expect(names.slice(3, 6)).toEqual([
      'Frontend (quack)',
      'Frontend (quack): Flashback privilege',
      'Frontend (quack): Undo retention',
    ]);
    expect(report.checks.find((c) => c.name === 'Frontend (quack)')).toMatchObject({
      status: 'ok',
      detail: 'Quack 1.0',
    });
    expect(report.checks.find((c) => c.name.endsWith('Undo retention'))).toMatchObject({ status: 'warning' });
    expect(r.out).not.toContain('Qu4ck-S3cret');
  });

  it('a failed check gives exit code 2', async () => {
    const r = await goe({ QUACK_CHECK: 'failed' });
    expect(r.code, r.err).toBe(2);
  });
});
