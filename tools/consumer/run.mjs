#!/usr/bin/env node
/**
 * `npm run test:consumer`: GOE as its users get it, from a registry, outside the workspace.
 *
 * 1. starts a local npm registry (verdaccio, pinned, installed under .tmp/consumer/verdaccio; third-party packages
 *    are proxied from the public registry, `@goe/*` never is) and `npm publish`es every public workspace package to it
 *    (built first) — a real publish of the tarballs a release would upload;
 * 2. library users: a fresh ESM project and a fresh CommonJS project run the README's install line as written
 *    (`npm i @goe/stack`), take the README's TypeScript example word for word, type-check it with `skipLibCheck` off
 *    (strict, `module: nodenext`), compile and run it against a PGlite source holding `sh.sales`: it must offload
 *    every row, and its last progress line must carry the exact totals (`staged N of N rows`);
 * 3. CLI users: `npm i -g @goe/cli` into an empty prefix, then from an empty directory `goe --version`, `goe init`,
 *    `goe connect` (settings missing: exit 2, pointing at what to set), `goe demo --rows 10000`, and `goe connect`
 *    on the demo database (exit 0 or 3), and `goe completion bash` parsed by bash.
 *
 * Usage: node tools/consumer/run.mjs [report.json]  (default .tmp/consumer/report.json). Writes `[{name, ok}]`
 * (tools/ci-summary.mjs counts it) and ends with `N passed, N failed`; exit 1 when any check failed.
 * Packages must be built (npx nx run-many -t build).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publishWorkspace, seedPrebuilds, seedSalesSource, startRegistry } from './registry.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const WORK = join(ROOT, '.tmp', 'consumer');
const REPORT = resolve(process.argv[2] ?? join(WORK, 'report.json'));
const TYPES_NODE = '20.19.25';
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const SOURCE_ROWS = 5000;

const results = [];
const check = (name, ok, detail = '') => {
  results.push({ name, ok });
  console.log(`${ok ? 'ok     ' : 'FAILED '} ${name}${detail ? `\n${detail}` : ''}`);
  return ok;
};

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 600_000, ...opts });
  return { code: r.status, out: r.stdout ?? '', err: r.stderr ?? '', error: r.error };
}

/** The README's install line and TypeScript example: the code blocks under "## Install (as a library)". */
export function readmeLibraryExample(readme = readFileSync(join(ROOT, 'README.md'), 'utf8')) {
  const start = readme.indexOf('## Install (as a library)');
  if (start < 0) throw new Error('README.md has no "## Install (as a library)" section');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const blocks = [...section.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], code: m[2] }));
  const install = blocks.find((b) => b.lang === 'bash')?.code.trim();
  const example = blocks.find((b) => b.lang === 'ts')?.code;
  if (!install || !example) throw new Error('README.md: the library section needs a bash install block and a ts block');
  return { install, example };
}

function tsconfig(module) {
  return {
    compilerOptions: {
      strict: true,
      skipLibCheck: false,
      target: 'es2022',
      module,
      moduleResolution: module,
      outDir: 'dist',
      types: ['node'],
    },
    include: ['index.ts'],
  };
}

/** One library user: a fresh project of `kind` (esm or cjs) installing and running the README example. */
function libraryUser(kind, registry, readme, source) {
  const dir = join(WORK, `project-${kind}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify(
      { name: `goe-consumer-${kind}`, private: true, ...(kind === 'esm' ? { type: 'module' } : {}) },
      null,
      2,
    ),
  );
  const npm = (args) => run('npm', [...args, '--userconfig', registry.npmrc], { cwd: dir });
  // the README's install line, as written (npm i …), against the local registry
  const words = readme.install.split(/\s+/);
  if (words[0] !== 'npm' || !['i', 'install'].includes(words[1]))
    throw new Error(`unexpected install line: ${readme.install}`);
  const installed = npm([...words.slice(1)]);
  if (!check(`${kind}: ${readme.install}`, installed.code === 0, installed.err.slice(-3000))) return;
  const types = npm(['i', '-D', `@types/node@${TYPES_NODE}`]);
  check(`${kind}: npm i -D @types/node`, types.code === 0, types.err.slice(-2000));
  writeFileSync(join(dir, 'index.ts'), readme.example);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig(kind === 'esm' ? 'nodenext' : 'node16'), null, 2));
  const tsc = run(process.execPath, [TSC, '-p', '.'], { cwd: dir });
  if (
    !check(
      `${kind}: the README example type-checks (strict, skipLibCheck off) and compiles`,
      tsc.code === 0,
      tsc.out + tsc.err,
    )
  )
    return;
  const home = join(dir, 'offload-home');
  const r = run(process.execPath, ['dist/index.js'], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', HOME: dir, OFFLOAD_HOME: home, POSTGRES_CONN: `pglite://${source}` },
  });
  const lines = r.out.trim().split('\n');
  const progress = lines.filter((l) => l.startsWith('staged '));
  check(
    `${kind}: the README example offloads every row (${SOURCE_ROWS})`,
    r.code === 0 && lines.at(-1) === `SUCCESS: ${SOURCE_ROWS} rows into sh.sales`,
    r.out + r.err,
  );
  check(
    `${kind}: its last progress event carries the exact totals`,
    progress.at(-1) === `staged ${SOURCE_ROWS} of ${SOURCE_ROWS} rows`,
    progress.join('\n'),
  );
  const roots = run('npm', ['ls', '--all', '--parseable', '@goe/core', 'apache-arrow'], { cwd: dir });
  const unique = (pkg) => new Set(roots.out.split('\n').filter((l) => l.endsWith(`node_modules/${pkg}`))).size;
  check(
    `${kind}: one @goe/core and one apache-arrow installed`,
    unique('@goe/core') === 1 && unique('apache-arrow') === 1,
    roots.out,
  );
}

/** The CLI user: a global install into an empty prefix, then init, connect, demo, completion from an empty dir. */
function cliUser(registry) {
  const prefix = join(WORK, 'global');
  const cwd = join(WORK, 'empty-dir');
  const home = join(WORK, 'cli-home');
  for (const d of [prefix, cwd, home]) {
    rmSync(d, { recursive: true, force: true });
    mkdirSync(d, { recursive: true });
  }
  const installed = run('npm', ['i', '-g', '@goe/cli', '--prefix', prefix, '--userconfig', registry.npmrc], { cwd });
  if (!check('cli: npm i -g @goe/cli into an empty prefix', installed.code === 0, installed.err.slice(-3000))) return;
  const bin = join(prefix, 'bin', 'goe');
  const env = { PATH: `${join(prefix, 'bin')}:${process.env.PATH ?? ''}`, HOME: home, NO_COLOR: '1' };
  const goe = (args, extra = {}) => run(bin, args, { cwd, env: { ...env, ...extra } });
  const version = goe(['--version']);
  const expected = JSON.parse(readFileSync(join(ROOT, 'apps', 'cli', 'package.json'), 'utf8')).version;
  check('cli: goe --version', version.code === 0 && version.out.trim() === expected, version.out + version.err);
  const init = goe(['init']);
  check(
    'cli: goe init writes ~/.goe/conf/offload.env from the shipped templates',
    init.code === 0 &&
      existsSync(join(home, '.goe', 'conf', 'offload.env')) &&
      init.err.includes('Next: set POSTGRES_CONN'),
    init.err,
  );
  const connect = goe(['connect']);
  check(
    'cli: goe connect without POSTGRES_CONN fails (exit 2) naming it and how to get one',
    connect.code === 2 && /FAILED {2}Frontend \(postgres\): CONFIG_INVALID: POSTGRES_CONN is not set/.test(connect.err),
    connect.err,
  );
  const demo = goe(['demo', '--rows', '10000']);
  check(
    'cli: goe demo --rows 10000 from an empty directory',
    demo.code === 0 && demo.err.includes('Source and DuckDB table data matches: offload successful'),
    demo.out + demo.err.slice(-3000),
  );
  const again = goe(['connect'], { POSTGRES_CONN: `pglite://${join(home, '.goe', 'demo')}` });
  check(
    'cli: goe connect on the demo database passes (exit 0, or 3 with warnings)',
    [0, 3].includes(again.code),
    again.err,
  );
  const completion = goe(['completion', 'bash']);
  const parsed = run('bash', ['-n'], { input: completion.out });
  check('cli: goe completion bash parses', completion.code === 0 && parsed.code === 0, completion.err + parsed.err);
}

async function main() {
  mkdirSync(WORK, { recursive: true });
  const t0 = Date.now();
  const registry = await startRegistry(WORK);
  try {
    for (const p of publishWorkspace(registry)) check(`npm publish ${p.name} (local registry)`, p.ok, p.detail);
    const prebuilt = seedPrebuilds(); // the installs below run with this HOME
    console.log(prebuilt ? `prebuilt better-sqlite3 cached: ${prebuilt}` : 'no compiled better-sqlite3 to cache');
    const readme = readmeLibraryExample();
    const source = join(WORK, 'source-pglite');
    await seedSalesSource(source, SOURCE_ROWS);
    libraryUser('esm', registry, readme, source);
    libraryUser('cjs', registry, readme, source);
    cliUser(registry);
  } catch (e) {
    check('consumer run', false, e instanceof Error ? e.stack : String(e));
  } finally {
    registry.stop();
  }
  mkdirSync(dirname(REPORT), { recursive: true });
  writeFileSync(REPORT, JSON.stringify(results, null, 2));
  const failed = results.filter((r) => !r.ok).length;
  console.log(`consumer checks in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  console.log(`${results.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
