import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  COMMON_CONFIG,
  defineConfigSchema,
  loadConfig,
  quoteEnvValue,
  renderEnvTemplate,
  renderEnvVariable,
  type ConfigSchema,
} from '@goe/core';
import { STACK_COMMON_CONFIG } from '@goe/stack';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const SCRIPT = join(ROOT, 'tools', 'generate-env-templates.mjs');
const COMMON_TEMPLATE = join(ROOT, 'templates', 'conf', 'offload.env.template.common');

interface SchemaEntry {
  group: string;
  schema: ConfigSchema;
  source?: string;
}
/** The generator's exported functions (a plain .mjs script, typed here). */
interface Generator {
  schemasOfModule(namespace: Record<string, unknown>): { exportName: string; schema: ConfigSchema }[];
  refines(schema: ConfigSchema, base: ConfigSchema): boolean;
  renderTemplates(schemas: SchemaEntry[], render: (s: ConfigSchema) => string): Map<string, string>;
  checkTemplates(expected: Map<string, string>, outDir: string, options?: { checkStale?: boolean }): string[];
  writeTemplates(expected: Map<string, string>, outDir: string): { name: string; changed: boolean }[];
  unifiedDiff(a: string, b: string, nameA?: string, nameB?: string): string;
  workspacePackages(root?: string): string[];
}
const generator = (await import(pathToFileURL(SCRIPT).href)) as Generator;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'goe-templates-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('renderEnvTemplate', () => {
  it('renders description, secret, values, type, default and the assignment', () => {
    expect(
      renderEnvVariable({
        name: 'OFFLOAD_LOCK',
        type: 'enum',
        values: ['file', 'repository'],
        default: 'file',
        description: 'Lock kind',
      }),
    ).toBe('# Lock kind\n# one of: file, repository\n# default: file\nOFFLOAD_LOCK=file\n');
    expect(
      renderEnvVariable({ name: 'X_PASS', type: 'string', secret: true, required: true, description: 'Password' }),
    ).toBe(
      '# Password\n# secret: never printed or logged; keep this file readable by its owner only (chmod 600)\n# required\n# X_PASS=\n',
    );
    expect(
      renderEnvVariable(
        { name: 'N', type: 'integer', min: 1, max: 9, default: '2', description: 'n' },
        { commented: true },
      ),
    ).toBe('# n\n# type: integer from 1 to 9\n# default: 2\n# N=2\n');
    expect(renderEnvVariable({ name: 'S', type: 'string', default: '', description: 'd' })).toBe(
      '# d\n# default: (empty)\nS=\n',
    );
    expect(
      renderEnvVariable(
        { name: 'W', type: 'string', default: 'a b', description: 'word '.repeat(30) },
        { width: 40 },
      ).split('\n')[0]!.length,
    ).toBeLessThanOrEqual(40);
  });

  it('quotes values only when needed, and the quoting reads back', () => {
    expect(quoteEnvValue('sqlite:${OFFLOAD_HOME}/repo/goe.sqlite')).toBe('sqlite:${OFFLOAD_HOME}/repo/goe.sqlite');
    expect(quoteEnvValue('16G')).toBe('16G');
    const odd = 'a b # "c" \\ d\te';
    expect(quoteEnvValue(odd)).toBe('"a b # \\"c\\" \\\\ d\\te"');
    expect(parseEnvValue(`X=${quoteEnvValue(odd)}`)).toBe(odd);
  });

  it('is deterministic and every template parses back to the defaults', () => {
    const schema = defineConfigSchema({
      group: 'demo',
      title: 'demo',
      variables: [
        { name: 'DEMO_A', type: 'string', default: 'x y', description: 'a' },
        { name: 'DEMO_B', type: 'list', default: 'p,q', description: 'b' },
        { name: 'DEMO_C', type: 'url', secret: true, description: 'c' },
      ],
    });
    const text = renderEnvTemplate(schema);
    expect(renderEnvTemplate(schema)).toBe(text);
    writeFileSync(join(dir, 'demo.env'), text);
    const config = loadConfig({ schemas: [schema], env: {}, offloadHome: dir, file: join(dir, 'demo.env') });
    expect(config.get('DEMO_A')).toBe('x y');
    expect(config.get('DEMO_B')).toEqual(['p', 'q']);
    expect(config.get('DEMO_C')).toBeUndefined();
    expect(config.warnings).toEqual([]);
  });
});

function parseEnvValue(line: string): unknown {
  writeFileSync(join(dir, 'one.env'), line);
  const schema = defineConfigSchema({
    group: 'one',
    title: 'one',
    variables: [{ name: 'X', type: 'string', description: 'x' }],
  });
  return loadConfig({ schemas: [schema], env: {}, offloadHome: dir, file: join(dir, 'one.env') }).get('X');
}

describe('templates/conf/offload.env.template.common', () => {
  it("is what @goe/stack's STACK_COMMON_CONFIG renders (regenerate with: node tools/generate-env-templates.mjs)", () => {
    expect(readFileSync(COMMON_TEMPLATE, 'utf8')).toBe(renderEnvTemplate(STACK_COMMON_CONFIG));
  });

  it('loads as offload.env to exactly the built-in defaults, without warnings', () => {
    const fromTemplate = loadConfig({
      schemas: [STACK_COMMON_CONFIG],
      env: {},
      offloadHome: dir,
      file: COMMON_TEMPLATE,
    });
    const builtIn = loadConfig({ schemas: [STACK_COMMON_CONFIG], env: {}, offloadHome: dir, file: false });
    expect(fromTemplate.warnings).toEqual([]);
    expect(fromTemplate.toJSON()).toEqual(builtIn.toJSON());
    expect(fromTemplate.get('OFFLOAD_REPOSITORY_URL')).toBe(builtIn.get('OFFLOAD_REPOSITORY_URL'));
  });
});

describe('tools/generate-env-templates.mjs', () => {
  const expected = () => generator.renderTemplates([{ group: 'common', schema: COMMON_CONFIG }], renderEnvTemplate);

  it('discovers schemas by the documented export convention', () => {
    const adapter = { kind: 'frontend', name: 'x', configSchema: { group: 'x', title: 'x', variables: [] } };
    const found = generator.schemasOfModule({
      COMMON_CONFIG,
      postgresConfig: { group: 'postgres', title: 'p', variables: [] },
      configSchema: { group: 'a', title: 'a', variables: [] },
      duckdbConfigSchema: { group: 'duckdb', title: 'd', variables: [] },
      loadConfig,
      someConfig: { group: 'nope' },
      unrelated: { group: 'ignored', title: 'i', variables: [] },
      xFrontend: adapter,
    });
    expect(found.map((f) => `${f.exportName}:${f.schema.group}`)).toEqual([
      'COMMON_CONFIG:common',
      'configSchema:a',
      'duckdbConfigSchema:duckdb',
      'postgresConfig:postgres',
      'xFrontend.configSchema:x',
    ]);
    expect(generator.workspacePackages(ROOT)).toContain(join(ROOT, 'libs', 'core'));
  });

  it("lets a schema that only changes defaults (a catalog's common schema) replace the one it refines", () => {
    expect(generator.refines(STACK_COMMON_CONFIG, COMMON_CONFIG)).toBe(true);
    expect(generator.refines(COMMON_CONFIG, COMMON_CONFIG)).toBe(false);
    const described = {
      ...COMMON_CONFIG,
      variables: COMMON_CONFIG.variables.map((v, i) => (i === 0 ? { ...v, description: 'other' } : v)),
    };
    expect(generator.refines(described, COMMON_CONFIG)).toBe(false);
    expect(generator.refines({ ...COMMON_CONFIG, variables: COMMON_CONFIG.variables.slice(1) }, COMMON_CONFIG)).toBe(
      false,
    );
  });

  it('writes templates, then --check finds no drift', () => {
    const files = expected();
    expect([...files.keys()]).toEqual(['offload.env.template.common']);
    expect(generator.writeTemplates(files, dir)).toEqual([{ name: 'offload.env.template.common', changed: true }]);
    expect(generator.writeTemplates(files, dir)).toEqual([{ name: 'offload.env.template.common', changed: false }]);
    expect(generator.checkTemplates(files, dir)).toEqual([]);
  });

  it('--check reports an edited, a missing and a stale template with a diff', () => {
    const files = expected();
    generator.writeTemplates(files, dir);
    const path = join(dir, 'offload.env.template.common');
    writeFileSync(
      path,
      readFileSync(path, 'utf8').replace('OFFLOAD_TRANSPORT_PARALLELISM=2', 'OFFLOAD_TRANSPORT_PARALLELISM=4'),
    );
    writeFileSync(join(dir, 'offload.env.template.gone'), '# old\n');
    const reports = generator.checkTemplates(files, dir);
    expect(reports).toHaveLength(2);
    expect(reports[0]).toContain('offload.env.template.common differs from its schema');
    expect(reports[0]).toMatch(/^-OFFLOAD_TRANSPORT_PARALLELISM=4$/m);
    expect(reports[0]).toMatch(/^\+OFFLOAD_TRANSPORT_PARALLELISM=2$/m);
    expect(reports[0]).toMatch(/^@@ -\d+,\d+ \+\d+,\d+ @@$/m);
    expect(reports[1]).toContain(
      'offload.env.template.gone is stale: no package exports a config schema with group "gone"',
    );
    expect(generator.checkTemplates(files, dir, { checkStale: false })).toHaveLength(1);
    rmSync(path);
    expect(generator.checkTemplates(files, dir, { checkStale: false })[0]).toMatch(
      /offload\.env\.template\.common is missing$/,
    );
  });

  it('unifiedDiff shows only changed hunks with context', () => {
    const a = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'].join('\n');
    const b = ['1', '2', 'three', '4', '5', '6', '7', '8', '9', '10', '11'].join('\n');
    expect(generator.unifiedDiff(a, b, 'a', 'b')).toBe(
      [
        '--- a',
        '+++ b',
        '@@ -1,5 +1,5 @@',
        ' 1',
        ' 2',
        '-3',
        '+three',
        ' 4',
        ' 5',
        '@@ -9,2 +9,3 @@',
        ' 9',
        ' 10',
        '+11',
      ].join('\n'),
    );
  });

  const distEntry = join(ROOT, 'libs', 'core', 'dist', 'index.js');
  const stackEntry = join(ROOT, 'libs', 'stack', 'dist', 'index.js');
  const built =
    existsSync(distEntry) &&
    readFileSync(distEntry, 'utf8').includes('renderEnvTemplate') &&
    existsSync(stackEntry) &&
    readFileSync(stackEntry, 'utf8').includes('STACK_COMMON_CONFIG');
  if (!built)
    console.log(
      `skipped: generator CLI tests need a built @goe/core and @goe/stack (${distEntry}, ${stackEntry}); run "npx nx run-many -t build -p @goe/core @goe/stack"`,
    );

  it.skipIf(!built)('as a CLI: writes into --out, then --check exits 0, and 1 with a diff after an edit', () => {
    const run = (...args: string[]) =>
      spawnSync(
        process.execPath,
        [SCRIPT, '--package', '@goe/core', '--package', '@goe/stack', '--out', dir, ...args],
        { cwd: ROOT, encoding: 'utf8' },
      );
    const write = run();
    expect(write.status, write.stderr).toBe(0);
    expect(write.stdout).toContain('wrote');
    const path = join(dir, 'offload.env.template.common');
    // @goe/stack's common schema refines core's (same variables, the embedded stack's defaults), so it wins.
    expect(readFileSync(path, 'utf8')).toBe(renderEnvTemplate(STACK_COMMON_CONFIG));
    const clean = run('--check');
    expect(clean.status, clean.stderr).toBe(0);
    expect(clean.stdout).toContain('1 template(s) up to date');
    writeFileSync(path, readFileSync(path, 'utf8').replace('QUERY_ENGINE=DUCKDB', 'QUERY_ENGINE=HIVE'));
    const drift = run('--check');
    expect(drift.status).toBe(1);
    expect(drift.stderr).toMatch(/^-QUERY_ENGINE=HIVE$/m);
    expect(drift.stderr).toMatch(/^\+QUERY_ENGINE=DUCKDB$/m);
    expect(drift.stderr).toContain('Templates are out of date: run "npm run templates"');
    expect(run('--bogus').status).toBe(2);
  });
});
