#!/usr/bin/env node
/**
 * Generates `templates/conf/offload.env.template.<group>` from the configuration schemas of the workspace
 * packages, and checks in CI that the committed templates have not drifted from them.
 *
 * Usage (build the packages first; this plain Node script imports their built `dist`, it has no build step):
 *   cd libs/core && npx tsup && cd ../..             (or: npx nx run-many -t build)
 *   node tools/generate-env-templates.mjs            write the templates            (npm run templates)
 *   node tools/generate-env-templates.mjs --check    exit 1 and print a diff when a template differs from what
 *                                                    would be generated, is missing, or is stale (npm run templates:check)
 * Options:
 *   --out <dir>        template directory; default templates/conf
 *   --package <name>   only this workspace package (repeatable, e.g. --package @goe/core); the stale-template
 *                      check is skipped then, since other packages' groups are not known
 *
 * Convention: how a package contributes a template. Every npm workspace under `libs/` is visited (in path
 * order); its built ESM entry (`exports["."].import`, else `module`, else `main` of its package.json) is imported,
 * and every export that has the ConfigSchema shape `{ group: string, title: string, variables: [...] }` is used when
 *   - the export is named `configSchema`, or its name ends in `ConfigSchema`, `Config` or `_CONFIG`
 *     (e.g. core's `COMMON_CONFIG`, an adapter's `postgresConfig`), or
 *   - the export is an adapter object (`defineFrontend(...)`, `defineBackend(...)`, …) whose `configSchema`
 *     property has that shape.
 * One template per group. The same schema exported several times is written once; a later package's schema that
 * only changes defaults (see `refines`) replaces an earlier one; other different schemas with the same group are an
 * error. Text comes from `renderEnvTemplate` of `@goe/core` (the same renderer
 * `upgradeEnvironmentFile` uses), so output is deterministic. A workspace package without a built entry is skipped
 * with a message when writing, and fails `--check` (the templates cannot be verified without it).
 */
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TEMPLATE_PREFIX = 'offload.env.template.';
const EXPORT_NAME = /^configSchema$|ConfigSchema$|Config$|_CONFIG$/;

/** True when `value` has the ConfigSchema shape. */
export function isSchemaShape(value) {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof value.group === 'string' &&
    typeof value.title === 'string' &&
    Array.isArray(value.variables)
  );
}

/**
 * True when `schema` refines `base`: the same variables in the same order, differing at most in their defaults
 * (core's `commonConfig(defaults)`), so the refinement's template wins.
 */
export function refines(schema, base) {
  if (schema === base || schema.variables.length !== base.variables.length) return false;
  const strip = ({ default: _d, ...rest }) => JSON.stringify(rest);
  return schema.variables.every((v, i) => strip(v) === strip(base.variables[i]));
}

/** Schemas exported by one module namespace, per the convention above. */
export function schemasOfModule(namespace) {
  const found = [];
  for (const name of Object.keys(namespace).sort()) {
    const value = namespace[name];
    if (EXPORT_NAME.test(name) && isSchemaShape(value)) found.push({ exportName: name, schema: value });
    else if (typeof value === 'object' && value !== null && isSchemaShape(value.configSchema)) {
      found.push({ exportName: `${name}.configSchema`, schema: value.configSchema });
    }
  }
  return found;
}

/** Workspace package directories under libs/ (absolute), sorted. */
export function workspacePackages(root = ROOT) {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const patterns = Array.isArray(manifest.workspaces) ? manifest.workspaces : (manifest.workspaces?.packages ?? []);
  const dirs = new Set();
  for (const pattern of patterns) {
    if (!pattern.startsWith('libs/')) continue;
    if (pattern.endsWith('/*')) {
      const parent = join(root, pattern.slice(0, -2));
      if (!existsSync(parent)) continue;
      for (const entry of readdirSync(parent, { withFileTypes: true })) {
        if (entry.isDirectory() && existsSync(join(parent, entry.name, 'package.json')))
          dirs.add(join(parent, entry.name));
      }
    } else if (existsSync(join(root, pattern, 'package.json'))) {
      dirs.add(join(root, pattern));
    }
  }
  return [...dirs].sort();
}

function builtEntry(dir) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const dot = pkg.exports?.['.'];
  const candidates = [
    typeof dot === 'string' ? dot : undefined,
    typeof dot?.import === 'string' ? dot.import : dot?.import?.default,
    dot?.default,
    pkg.module,
    pkg.main,
  ].filter((c) => typeof c === 'string');
  const entry = candidates[0] ?? 'dist/index.js';
  return { name: pkg.name ?? relative(ROOT, dir), file: join(dir, entry) };
}

/**
 * Imports every package's built entry and collects its schemas.
 * Returns { schemas: [{ group, schema, source }], render, assertSchema, problems: [...], skipped: [...] }.
 */
export async function collectSchemas({ root = ROOT, only = [] } = {}) {
  const problems = [];
  const skipped = [];
  const byGroup = new Map();

  const packages = workspacePackages(root).map(builtEntry);
  const corePackage = packages.find((p) => p.name === '@goe/core');
  if (corePackage === undefined || !existsSync(corePackage.file)) {
    throw new Error(
      `@goe/core is not built (${corePackage ? relative(root, corePackage.file) : 'libs/core'} missing): run "cd libs/core && npx tsup" first`,
    );
  }
  const core = await import(pathToFileURL(corePackage.file).href);
  if (typeof core.renderEnvTemplate !== 'function') {
    throw new Error('the built @goe/core has no renderEnvTemplate: rebuild it ("cd libs/core && npx tsup")');
  }
  for (const pkg of packages) {
    if (only.length > 0 && !only.includes(pkg.name)) continue;
    if (!existsSync(pkg.file)) {
      skipped.push(`${pkg.name}: not built (${relative(root, pkg.file)} missing)`);
      continue;
    }
    let namespace;
    try {
      namespace = pkg.name === '@goe/core' ? core : await import(pathToFileURL(pkg.file).href);
    } catch (e) {
      problems.push(
        `${pkg.name}: cannot import ${relative(root, pkg.file)}: ${e instanceof Error ? e.message : String(e)}`,
      );
      continue;
    }
    for (const { exportName, schema } of schemasOfModule(namespace)) {
      const source = `${pkg.name} (${exportName})`;
      try {
        core.assertConfigSchema?.(schema);
      } catch (e) {
        problems.push(`${source}: ${e instanceof Error ? e.message : String(e)}`);
        continue;
      }
      const previous = byGroup.get(schema.group);
      if (previous === undefined) byGroup.set(schema.group, { group: schema.group, schema, source });
      else if (refines(schema, previous.schema)) {
        // A later package refining the group's defaults (e.g. @goe/stack's common schema with its stack's
        // defaults) writes the template: same variables in the same order, only defaults differ.
        byGroup.set(schema.group, { group: schema.group, schema, source });
      } else if (
        previous.schema !== schema &&
        core.renderEnvTemplate(previous.schema) !== core.renderEnvTemplate(schema)
      ) {
        problems.push(
          `group "${schema.group}" is declared by both ${previous.source} and ${source} with different variables`,
        );
      }
    }
  }
  const schemas = [...byGroup.values()].sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
  return { schemas, render: core.renderEnvTemplate, problems, skipped };
}

/** Expected template files: Map<file name, text>. */
export function renderTemplates(schemas, render) {
  const files = new Map();
  for (const { group, schema } of schemas) files.set(`${TEMPLATE_PREFIX}${group}`, render(schema));
  return files;
}

/**
 * Compares expected templates with `outDir`. Returns a list of drift reports (empty = in sync); with
 * `checkStale`, template files no schema produces are reported too.
 */
export function checkTemplates(expected, outDir, { checkStale = true } = {}) {
  const reports = [];
  const shown = (name) => relative(process.cwd(), join(outDir, name)) || name;
  for (const [name, text] of expected) {
    const path = join(outDir, name);
    if (!existsSync(path)) {
      reports.push(`${shown(name)} is missing`);
      continue;
    }
    const actual = readFileSync(path, 'utf8');
    if (actual !== text) {
      reports.push(
        `${shown(name)} differs from its schema:\n${unifiedDiff(actual, text, `${shown(name)} (committed)`, `${shown(name)} (generated)`)}`,
      );
    }
  }
  if (checkStale && existsSync(outDir)) {
    for (const name of readdirSync(outDir).sort()) {
      if (name.startsWith(TEMPLATE_PREFIX) && !expected.has(name)) {
        reports.push(
          `${shown(name)} is stale: no package exports a config schema with group "${name.slice(TEMPLATE_PREFIX.length)}"`,
        );
      }
    }
  }
  return reports;
}

/** Writes expected templates into `outDir`; returns [{ name, changed }]. */
export function writeTemplates(expected, outDir) {
  mkdirSync(outDir, { recursive: true });
  const written = [];
  for (const [name, text] of expected) {
    const path = join(outDir, name);
    const changed = !existsSync(path) || readFileSync(path, 'utf8') !== text;
    if (changed) writeFileSync(path, text);
    written.push({ name, changed });
  }
  return written;
}

/** A small unified diff (line based, LCS, 2 lines of context). */
export function unifiedDiff(a, b, nameA = 'a', nameB = 'b') {
  const x = a.split('\n');
  const y = b.split('\n');
  const n = x.length;
  const m = y.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--)
      lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const ops = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) ops.push({ t: ' ', s: x[i], i: i++, j: j++ });
    else if (i < n && (j === m || lcs[i + 1][j] >= lcs[i][j + 1])) ops.push({ t: '-', s: x[i], i: i++, j });
    else ops.push({ t: '+', s: y[j], i, j: j++ });
  }
  const out = [`--- ${nameA}`, `+++ ${nameB}`];
  const context = 2;
  let k = 0;
  while (k < ops.length) {
    if (ops[k].t === ' ') {
      k++;
      continue;
    }
    const start = Math.max(0, k - context);
    let end = k;
    while (end < ops.length) {
      if (ops[end].t !== ' ') {
        end++;
        continue;
      }
      let run = end;
      while (run < ops.length && ops[run].t === ' ') run++;
      if (run - end > 2 * context || run === ops.length) {
        end = Math.min(ops.length, end + context);
        break;
      }
      end = run;
    }
    const hunk = ops.slice(start, end);
    const first = hunk[0];
    const lenA = hunk.filter((o) => o.t !== '+').length;
    const lenB = hunk.filter((o) => o.t !== '-').length;
    out.push(`@@ -${first.i + 1},${lenA} +${first.j + 1},${lenB} @@`);
    for (const o of hunk) out.push(`${o.t}${o.s}`);
    k = end;
  }
  return out.join('\n');
}

/** Command line entry; returns the exit code. */
export async function main(
  argv = process.argv.slice(2),
  io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) },
) {
  let check = false;
  let outDir = join(ROOT, 'templates', 'conf');
  const only = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--check') check = true;
    else if (arg === '--out' && argv[i + 1] !== undefined) outDir = resolve(argv[++i]);
    else if (arg.startsWith('--out=')) outDir = resolve(arg.slice('--out='.length));
    else if (arg === '--package' && argv[i + 1] !== undefined) only.push(argv[++i]);
    else if (arg.startsWith('--package=')) only.push(arg.slice('--package='.length));
    else if (arg === '--help' || arg === '-h') {
      io.out('Usage: node tools/generate-env-templates.mjs [--check] [--out <dir>] [--package <name>]...\n');
      return 0;
    } else {
      io.err(`generate-env-templates: unknown argument ${arg}\n`);
      return 2;
    }
  }
  let collected;
  try {
    collected = await collectSchemas({ only });
  } catch (e) {
    io.err(`generate-env-templates: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const { schemas, render, problems, skipped } = collected;
  for (const s of skipped) io.err(`generate-env-templates: skipped ${s}\n`);
  if (problems.length > 0) {
    for (const p of problems) io.err(`generate-env-templates: ${p}\n`);
    return 1;
  }
  const expected = renderTemplates(schemas, render);
  if (check) {
    const reports = checkTemplates(expected, outDir, { checkStale: only.length === 0 && skipped.length === 0 });
    if (reports.length > 0) {
      io.err(
        `${reports.join('\n\n')}\n\nTemplates are out of date: run "npm run templates" (node tools/generate-env-templates.mjs) and commit the result.\n`,
      );
      return 1;
    }
    if (skipped.length > 0) {
      io.err(
        `generate-env-templates: cannot verify every template, ${skipped.length} package(s) not built: run "npx nx run-many -t build" first.\n`,
      );
      return 1;
    }
    io.out(
      `generate-env-templates: ${expected.size} template(s) up to date in ${relative(process.cwd(), outDir) || '.'}\n`,
    );
    return 0;
  }
  for (const { name, changed } of writeTemplates(expected, outDir)) {
    io.out(`${changed ? 'wrote' : 'unchanged'} ${relative(process.cwd(), join(outDir, name))}\n`);
  }
  for (const report of checkTemplates(expected, outDir, { checkStale: only.length === 0 && skipped.length === 0 })) {
    io.err(`generate-env-templates: ${report}\n`);
  }
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await main();
}
