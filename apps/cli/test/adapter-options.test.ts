/**
 * Issue #12 item 2: options that adapters declare reach `goe offload`. A transport plugin under GOE_PLUGINS_ROOT
 * declares an integer option with a variable and a string option without one: `--help` shows them under the
 * plugin's heading, the variable option wins over the environment and offload.env in the adapter's own
 * configuration, values are checked by type, and an option of a catalog package that is not installed names the
 * package (the first-party catalog declares no options yet, so this file adds some to the `@goe/transport-spark`
 * entries of a copy of it).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Command } from 'commander';
import { createRegistry, defineTransport, GoeError } from '@goe/core';
import { addAdapterOptions, readAdapterOptions } from '../src/adapter-options.js';
import type * as Stack from '@goe/stack';
import type { CliAdapters } from '../src/adapters.js';
import { runGoeInProcess } from './support/in-process.js';

vi.mock('@goe/stack', async (importOriginal) => {
  const stack = await importOriginal<typeof Stack>();
  const core = await import('@goe/core');
  const catalog = core.defineCatalog({
    ...stack.FIRST_PARTY_CATALOG,
    adapters: stack.FIRST_PARTY_CATALOG.adapters.map((e) =>
      e.package === '@goe/transport-spark'
        ? {
            ...e,
            options: [
              {
                flag: '--offload-transport-spark-properties',
                variable: 'OFFLOAD_TRANSPORT_SPARK_PROPERTIES',
                description: 'Spark properties as JSON',
              },
            ],
          }
        : e,
    ),
  });
  return { ...stack, createStackRegistry: () => core.createRegistry({ catalog }) };
});

let root: string;
let home: string;
let plugins: string;

/**
 * A third-party transport written without our types: never available, and its reason repeats what its own
 * configuration holds, so a test sees the value the adapter received.
 */
const QUACK = `export const quackTransport = {
  kind: 'transport', name: 'quack', apiVersion: 2, displayName: 'Quack', package: 'goe-transport-quack',
  configSchema: { group: 'transport-quack', title: 'Quack transport', variables: [
    { name: 'QUACK_THREADS', type: 'integer', description: 'loader threads' }] },
  options: [
    { flag: '--quack-threads', variable: 'QUACK_THREADS', type: 'integer', description: 'loader threads' },
    { flag: '--quack-hint', description: 'a hint passed to the loader' },
    { flag: '--table', description: 'clashes with GOE: never registered' },
  ],
  capabilities: { method: 'QUACK' },
  available: async (ctx) => ({ ok: false, reason: 'QUACK_THREADS=' + String(ctx.config.get('QUACK_THREADS')) }),
  run: async () => { throw new Error('not reached'); },
  [Symbol.for('goe:adapter')]: 'transport',
};
`;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'goe-cli-adapter-options-'));
  home = join(root, 'home');
  plugins = join(root, 'plugins');
  const pkg = join(plugins, 'node_modules', 'goe-transport-quack');
  mkdirSync(pkg, { recursive: true });
  mkdirSync(join(home, 'conf'), { recursive: true });
  writeFileSync(
    join(pkg, 'package.json'),
    JSON.stringify({ name: 'goe-transport-quack', version: '1.0.0', type: 'module', exports: './index.js' }),
  );
  writeFileSync(join(pkg, 'index.js'), QUACK);
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

const env = (extra: Record<string, string> = {}) => ({
  OFFLOAD_HOME: home,
  GOE_PLUGINS: 'goe-transport-quack',
  GOE_PLUGINS_ROOT: plugins,
  ...extra,
});
const offload = (args: string[], extra: Record<string, string> = {}) =>
  runGoeInProcess(['offload', '-t', 'sh.sales', '--json', '--offload-transport-method', 'QUACK', ...args], env(extra));
const error = (out: string) => (JSON.parse(out) as { error: { code: string; message: string; hint?: string } }).error;

describe('goe offload --help: adapter options', () => {
  it("lists an installed plugin's options after GOE's, under its heading, and names packages not installed", async () => {
    const r = await runGoeInProcess(['offload', '--help'], env());
    expect(r.code).toBe(0);
    const heading = r.out.indexOf('Options of the Quack transport (goe-transport-quack):');
    expect(heading).toBeGreaterThan(r.out.indexOf('Execute / verbosity / developer:'));
    const section = r.out.slice(heading).split('\n\n')[0]!;
    expect(section).toMatch(/\n {2}--quack-threads <n> +loader threads \(QUACK_THREADS\)/);
    expect(section).toMatch(/\n {2}--quack-hint <value> +a hint passed to the loader/);
    expect(section).not.toMatch(/clashes with GOE/);
    expect(r.out).toMatch(
      /Options of packages that are not installed:\n {2}@goe\/transport-spark \(.*\): --offload-transport-spark-properties \(npm i @goe\/transport-spark\)/,
    );
  });

  it('without the plugin, no plugin section', async () => {
    const r = await runGoeInProcess(['offload', '--help'], { OFFLOAD_HOME: home });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Execute \/ verbosity \/ developer:/);
    expect(r.out).not.toMatch(/quack/i);
  });
});

describe('goe offload: adapter option values', () => {
  it("an option with a variable sets it in the adapter's configuration, over the environment and offload.env", async () => {
    writeFileSync(join(home, 'conf', 'offload.env'), 'QUACK_THREADS=3\n', { mode: 0o600 });
    try {
      const fromFile = await offload([]);
      expect(error(fromFile.out).hint).toMatch(/QUACK: QUACK_THREADS=3\b/);
      const fromEnv = await offload([], { QUACK_THREADS: '2' });
      expect(error(fromEnv.out).hint).toMatch(/QUACK: QUACK_THREADS=2\b/);
      const fromOption = await offload(['--quack-threads', '7'], { QUACK_THREADS: '2' });
      expect(fromOption.code).toBe(2);
      expect(error(fromOption.out)).toMatchObject({
        code: 'CONFIG_INVALID',
        message: 'No valid transport methods found for offload transport: QUACK',
      });
      expect(error(fromOption.out).hint).toMatch(/QUACK: QUACK_THREADS=7\b/);
    } finally {
      rmSync(join(home, 'conf', 'offload.env'));
    }
  });

  it('a plugin named only in offload.env contributes its options too', async () => {
    writeFileSync(join(home, 'conf', 'offload.env'), `GOE_PLUGINS=goe-transport-quack\nGOE_PLUGINS_ROOT=${plugins}\n`, {
      mode: 0o600,
    });
    try {
      const r = await runGoeInProcess(
        ['offload', '-t', 'sh.sales', '--json', '--offload-transport-method', 'QUACK', '--quack-threads=5'],
        { OFFLOAD_HOME: home },
      );
      expect(error(r.out).hint).toMatch(/QUACK: QUACK_THREADS=5\b/);
    } finally {
      rmSync(join(home, 'conf', 'offload.env'));
    }
  });

  it('an integer option with a non-integer value is refused with exit 2, naming the option', async () => {
    const r = await offload(['--quack-threads', 'seven']);
    expect(r.code).toBe(2);
    expect(error(r.out)).toMatchObject({
      code: 'OPTION_INVALID',
      message: 'Option --quack-threads must be an integer, got "seven"',
    });
    const text = await runGoeInProcess(['offload', '-t', 'sh.sales', '--quack-threads', '1.5'], env());
    expect(text.code).toBe(2);
    expect(text.err).toMatch(/^error OPTION_INVALID: Option --quack-threads must be an integer, got "1\.5"/m);
  });

  it('an option of a catalog package that is not installed names the package; an unknown one stays unknown', async () => {
    const r = await offload(['--offload-transport-spark-properties', '{"spark.executor.memory":"2g"}']);
    expect(r.code).toBe(2);
    expect(error(r.out)).toMatchObject({
      code: 'OPTION_INVALID',
      message:
        'option --offload-transport-spark-properties is provided by @goe/transport-spark, which is not installed (npm i @goe/transport-spark)',
    });
    const unknown = await runGoeInProcess(['offload', '-t', 'sh.sales', '--quack-thread', '4'], env());
    expect(unknown.code).toBe(2);
    expect(unknown.err).toBe("error OPTION_INVALID: unknown option '--quack-thread' (Did you mean --quack-threads?)\n");
  });
});

describe('goe offload: loading adapters before parsing never hides the real error', () => {
  it('OFFLOAD_HOME set but empty is still CONFIG_INVALID (exit 2) from the command', async () => {
    const r = await runGoeInProcess(['offload', '-t', 'sh.sales', '--json'], {
      OFFLOAD_HOME: '',
      GOE_PLUGINS: 'goe-transport-quack',
    });
    expect(r.code).toBe(2);
    expect(error(r.out)).toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringMatching(/^OFFLOAD_HOME is set but empty/),
    });
  });
});

describe('addAdapterOptions / readAdapterOptions', () => {
  const transport = defineTransport({
    kind: 'transport',
    name: 'quack',
    apiVersion: 2,
    configSchema: { group: 'transport-quack', title: 'Quack transport', variables: [] },
    options: [
      { flag: '--quack-threads', variable: 'QUACK_THREADS', type: 'integer', description: 'loader threads' },
      { flag: '--quack-hint', description: 'a hint' },
      { flag: '--quack-level', type: 'integer', description: 'a level' },
      { flag: '--quack-verbose-load', type: 'boolean', description: 'verbose loads' },
      { flag: '--quack-sync', variable: 'QUACK_SYNC', type: 'boolean', description: 'sync' },
      { flag: '--no-quack', type: 'boolean', description: 'negated flags are not registered' },
    ],
    available: () => Promise.resolve({ ok: true }),
    run: () => Promise.reject(new Error('not reached')),
  });
  const adapters: CliAdapters = {
    registry: createRegistry().use(transport),
    origins: new Map(),
    missing: [],
    ready: () => adapters.registry,
  };
  const parse = (args: string[]) => {
    const cmd = new Command('offload').option('-t, --table <t>').exitOverride();
    const table = addAdapterOptions(cmd, adapters);
    cmd.parse(args, { from: 'user' });
    return { table, values: () => readAdapterOptions(cmd.opts(), table) };
  };

  it('options with a variable set it; the others are passed by flag, typed', () => {
    const { table, values } = parse([
      '--quack-threads',
      '8',
      '--quack-hint',
      'fast',
      '--quack-level',
      '-3',
      '--quack-verbose-load',
      '--quack-sync',
    ]);
    expect(table.installed.map((o) => o.option.flag)).not.toContain('--no-quack');
    expect(values()).toEqual({
      variables: { QUACK_THREADS: '8', QUACK_SYNC: 'true' },
      adapterOptions: { '--quack-hint': 'fast', '--quack-level': -3, '--quack-verbose-load': true },
    });
  });

  it('options not given are absent', () => {
    expect(parse(['-t', 'sh.sales']).values()).toEqual({ variables: {}, adapterOptions: {} });
  });

  it('an integer option without an integer is OPTION_INVALID naming it', () => {
    const { values } = parse(['--quack-level', '12abc']);
    expect(values).toThrow(GoeError);
    expect(values).toThrow('Option --quack-level must be an integer, got "12abc"');
  });
});
