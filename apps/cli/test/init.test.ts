/**
 * `goe init`: the commented offload.env it writes from the shipped templates (every variable once, the chosen
 * adapters set, owner-only permissions), refusing to overwrite, `--force` keeping a backup, unknown and unreleased
 * adapters refused by option; `goe connect` pointing at it when settings are missing; and the binary shipping the
 * repository's templates byte for byte.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnvFile } from '@goe/core';
import {
  dedupeSections,
  essentialFirst,
  groupOfPackage,
  parseTemplate,
  setVariable,
  shippedTemplates,
  templatesDir,
  unsetVariables,
} from '../src/env-templates.js';
import { runGoeInProcess } from './support/in-process.js';
import { GOE_BIN, runGoe } from './support/run-goe.js';

let root: string;
let n = 0;
const fresh = () => {
  const home = join(root, `home-${++n}`);
  return { home, file: join(home, 'conf', 'offload.env') };
};
const goe = (args: string[], home: string, env: Record<string, string> = {}) =>
  runGoeInProcess(['init', ...args], { OFFLOAD_HOME: home, HOME: root, NO_COLOR: '1', ...env });

/** The variables a file assigns, commented or not, with how often. */
function assignments(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of text.matchAll(/^(?:# )?([A-Z][A-Z0-9_]*)=/gm)) counts.set(m[1]!, (counts.get(m[1]!) ?? 0) + 1);
  return counts;
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'goe-cli-init-'));
});
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('goe init', () => {
  it('writes the embedded stack: every variable once, POSTGRES → DUCKDB, owner-only, then names what to set', async () => {
    const { home, file } = fresh();
    const r = await goe([], home);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(`Wrote ${file} for POSTGRES → DUCKDB (staging file)`);
    expect(r.err).toContain('Next: set POSTGRES_CONN in it (or in the environment), then run: goe connect');
    const text = readFileSync(file, 'utf8');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, 'conf')).mode & 0o777).toBe(0o700);
    const counts = assignments(text);
    expect([...counts].filter(([, c]) => c > 1)).toEqual([]);
    expect(counts.has('POSTGRES_CONN')).toBe(true);
    expect(counts.has('DUCKDB_DATABASE') || [...counts.keys()].some((k) => k.startsWith('DUCKDB_'))).toBe(true);
    // the file parses, and sets exactly the uncommented lines
    const parsed = parseEnvFile(text);
    expect(parsed.find((e) => e.key === 'FRONTEND_DISTRIBUTION')?.value).toBe('POSTGRES');
    expect(parsed.find((e) => e.key === 'QUERY_ENGINE')?.value).toBe('DUCKDB');
    expect(parsed.some((e) => e.key === 'POSTGRES_CONN')).toBe(false);
    // only the adapters are set: defaults stay defaults (a default path need not exist yet)
    expect(parsed.map((e) => e.key)).toEqual(['FRONTEND_DISTRIBUTION', 'QUERY_ENGINE', 'OFFLOAD_FS_SCHEME']);
    expect(text).toMatch(/^# GOE_PLUGINS_ROOT=\$\{OFFLOAD_HOME\}\/plugins$/m);
    expect(text.startsWith('# GOE offload.env for POSTGRES → DUCKDB (staging file), written by\n# goe init')).toBe(
      true,
    );
  });

  it('writes Oracle → BigQuery through Cloud Storage from their templates, naming the logins to fill in', async () => {
    const { home, file } = fresh();
    const r = await goe(['--frontend', 'oracle', '--backend', 'BigQuery', '--staging', 'gs'], home);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('Next: set ORA_CONN, ORA_APP_USER, ORA_APP_PASS, ORA_ADM_USER, …');
    const text = readFileSync(file, 'utf8');
    const entries = parseEnvFile(text);
    expect(entries.find((e) => e.key === 'FRONTEND_DISTRIBUTION')?.value).toBe('ORACLE');
    expect(entries.find((e) => e.key === 'QUERY_ENGINE')?.value).toBe('BIGQUERY');
    expect(entries.find((e) => e.key === 'OFFLOAD_FS_SCHEME')?.value).toBe('gs');
    for (const title of ['Oracle frontend', 'BigQuery backend', 'Cloud Storage']) expect(text).toContain(title);
    expect([...assignments(text)].filter(([, c]) => c > 1)).toEqual([]);
  });

  it('never overwrites: exit 2 with the way out; --force replaces and keeps the old file as .bak', async () => {
    const { home, file } = fresh();
    mkdirSync(join(home, 'conf'), { recursive: true });
    writeFileSync(file, 'POSTGRES_CONN=pglite:///mine\n');
    const refused = await goe([], home);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain(`error CONFIG_INVALID: ${file} already exists: goe init does not overwrite it`);
    expect(refused.err).toContain('--force');
    expect(readFileSync(file, 'utf8')).toBe('POSTGRES_CONN=pglite:///mine\n');
    const forced = await goe(['--force'], home);
    expect(forced.code, forced.err).toBe(0);
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe('POSTGRES_CONN=pglite:///mine\n');
    expect(readFileSync(file, 'utf8')).toContain('goe init');
  });

  it('refuses an unknown adapter by option with a suggestion, and one whose package is not released', async () => {
    const { home, file } = fresh();
    const typo = await goe(['--backend', 'bigqeury'], home);
    expect(typo.code).toBe(2);
    expect(typo.err).toContain(
      'error OPTION_INVALID: --backend "bigqeury": no backend adapter has that name (did you mean bigquery?)',
    );
    const unreleased = await goe(['--frontend', 'teradata'], home);
    expect(unreleased.code).toBe(2);
    expect(unreleased.err).toContain('--frontend teradata: @goe/frontend-teradata is not released yet');
    expect(unreleased.err).toMatch(/Choose one of: .*oracle.*postgres/);
    expect(() => statSync(file)).toThrow();
  });

  it('--print writes nothing and prints the file; --json reports the path, adapters and what to set', async () => {
    const printed = fresh();
    const p = await goe(['--print', '--frontend', 'oracle'], printed.home);
    expect(p.code, p.err).toBe(0);
    expect(p.out).toContain('FRONTEND_DISTRIBUTION=ORACLE');
    expect(() => statSync(printed.file)).toThrow();
    const { home, file } = fresh();
    const j = await goe(['--json'], home);
    expect(j.code, j.err).toBe(0);
    expect(JSON.parse(j.out)).toEqual({
      status: 'ok',
      path: file,
      frontend: 'POSTGRES',
      backend: 'DUCKDB',
      staging: 'file',
      unset: ['POSTGRES_CONN'],
    });
  });
});

describe('goe connect after goe init', () => {
  it('without offload.env and a setting missing: a Settings line pointing at goe init; with it: the file named', async () => {
    const { home, file } = fresh();
    const env = { OFFLOAD_HOME: home, HOME: root, NO_COLOR: '1' };
    const before = await runGoeInProcess(['connect'], env);
    expect(before.code).toBe(2);
    expect(before.err).toContain(`OK      Configuration: no offload.env at ${file}`);
    expect(before.err).toMatch(
      /FAILED {2}Frontend \(postgres\): CONFIG_INVALID: POSTGRES_CONN is not set \(Set POSTGRES_CONN=/,
    );
    expect(before.err).toContain(
      `FAILED  Settings: settings are missing and there is no ${file}: run goe init (e.g. goe init --frontend postgres --backend duckdb)`,
    );
    expect(before.err).toMatch(/OK {6}Adapters: frontend postgres \(@goe\/frontend-postgres[^)]*\), backend duckdb/);
    expect((await goe([], home)).code).toBe(0);
    const after = await runGoeInProcess(['connect'], { ...env, POSTGRES_CONN: `pglite://${join(home, 'nowhere')}` });
    expect(after.err).not.toContain('GOE_PLUGINS_ROOT');
    expect(after.err).toContain(`OK      Configuration: ${file} (OFFLOAD_HOME ${home})`);
    expect(after.err).not.toContain('Settings:');
    const upgraded = await runGoeInProcess(['connect', '--upgrade-environment-file'], env);
    expect(upgraded.err).toContain(`Upgraded ${file}: nothing to add: it has every variable`);
  });
});

describe('the templates the CLI ships', () => {
  it('the bundled binary carries the repository templates byte for byte, and init runs from them', () => {
    const repo = resolve(__dirname, '../../../templates/conf');
    const shipped = resolve(GOE_BIN, '..', 'templates', 'conf');
    expect(readdirSync(shipped).sort()).toEqual(readdirSync(repo).sort());
    for (const f of readdirSync(repo))
      expect(readFileSync(join(shipped, f), 'utf8'), f).toBe(readFileSync(join(repo, f), 'utf8'));
    expect(templatesDir(resolve(GOE_BIN, '..'))).toBe(shipped);
    const { home, file } = fresh();
    const r = runGoe(['init', '--frontend', 'oracle'], { home: root, offloadHome: home, pgDir: join(root, 'pg') });
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('FRONTEND_DISTRIBUTION=ORACLE');
  });

  it('parses, groups, dedupes and ranks by rule', () => {
    const all = shippedTemplates();
    expect(all.get('oracle')?.title).toBe('Oracle frontend');
    expect(all.get('common')?.body.startsWith('#')).toBe(true);
    const groups = new Set(all.keys());
    expect(groupOfPackage('@goe/backend-bigquery', groups)).toBe('backend-bigquery');
    expect(groupOfPackage('@goe/backend-duckdb', groups)).toBe('duckdb');
    expect(groupOfPackage('@goe/storage-local', groups)).toBe('storage-local');
    expect(groupOfPackage('@goe/frontend-mssql', groups)).toBeUndefined();
    expect(() => parseTemplate('X=1\n')).toThrow('no header line');
    expect(templatesDir.bind(null, '/nonexistent')).toThrow('The offload.env templates are missing');
    expect(setVariable('# A=\n', 'B', '1')).toBe('# A=\n');
    expect(setVariable('# A=\n\nB=2\n', 'A', 'x y')).toBe('A=x y\n\nB=2\n');
    expect(
      dedupeSections([
        { title: 'a', body: 'X=1\n' },
        { title: 'b', body: '# note\nX=1\n\n# Y\nY=2\n' },
      ]),
    ).toEqual([
      { title: 'a', body: 'X=1\n' },
      { title: 'b', body: '# Y\nY=2\n' },
    ]);
    expect(unsetVariables('# A_CONN=\nB=1\n# C=\n')).toEqual(['A_CONN', 'C']);
    expect(essentialFirst(['POSTGRES_SSLMODE', 'POSTGRES_CONN'])).toEqual(['POSTGRES_CONN']);
    expect(essentialFirst(['DUCKDB_MEMORY_LIMIT'])).toEqual(['DUCKDB_MEMORY_LIMIT']);
  });
});
