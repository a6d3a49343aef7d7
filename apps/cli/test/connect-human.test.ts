/**
 * `goe connect` as a person reads it (no --json), through the bundled binary: one line per check on stderr, the
 * summary line and GOE's exit codes (0 passed, 2 a check failed, 3 warnings only), --quiet, configuration
 * warnings, --upgrade-environment-file, and the notice when OFFLOAD_HOME is not set.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOE_BIN, runGoe, seedSource } from './support/run-goe.js';

const SECRET = 'C0nnect-S3cret';
let home: string;
let pgDir: string;

function goe(args: string[], env: Record<string, string> = {}) {
  return runGoe(
    ['connect', ...args],
    { home, offloadHome: home, pgDir },
    { DUCKDB_DATABASE: join(home, 'warehouse', 'goe.duckdb'), ...env },
  );
}

const lines = (s: string) => s.split('\n').filter((l) => l.trim() !== '');
const CHECKS = [
  /^OK {6}Configuration: /,
  /^OK {6}Adapters: frontend postgres \(@goe\/frontend-postgres[^)]*\), backend duckdb .*, lock file \(@goe\/lock-file[^)]*\)$/,
  /^OK {6}Frontend \(postgres\): /,
  /^OK {6}Backend \(duckdb\): /,
  /^OK {6}Transport: /,
  /^OK {6}Staging \(file\): writable \(probe file:\/\/.* written and deleted\)$/,
  /^OK {6}Repository \(sqlite\): schema version \d+$/,
  /^OK {6}Lock \(file\): lock can be taken and released$/,
];

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'goe-cli-connect-'));
  pgDir = join(home, 'pg');
  await seedSource(pgDir, 5);
}, 180_000);
afterAll(() => {
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('goe connect (human output)', () => {
  it('prints every check as OK and "All checks passed", exit 0, nothing on stdout', () => {
    const r = goe([]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe('');
    const out = lines(r.err);
    expect(out.slice(0, -1)).toEqual(CHECKS.map((re) => expect.stringMatching(re)));
    expect(out.at(-1)).toBe('All checks passed');
  });

  it('--quiet leaves out the checks that passed', () => {
    const r = goe(['--quiet']);
    expect(r.code, r.err).toBe(0);
    expect(lines(r.err)).toEqual(['All checks passed']);
  });

  it('a configuration warning makes it WARNING with exit 3', () => {
    const r = goe([], { POSTGRES_CONNN: 'typo' });
    expect(r.code, r.err).toBe(3);
    const out = lines(r.err);
    expect(out).toContainEqual(
      expect.stringMatching(/^WARNING Configuration: Unknown variable POSTGRES_CONNN .*did you mean POSTGRES_CONN\?/),
    );
    expect(out.at(-1)).toBe('Checks passed with warnings');
  });

  it('a check that fails is FAILED with exit 2, its reason masked, even with --quiet', () => {
    const r = goe(['--quiet'], { POSTGRES_CONN: `postgres://goe:${SECRET}@127.0.0.1:1/goe` });
    expect(r.code).toBe(2);
    expect(r.out + r.err).not.toContain(SECRET);
    const out = lines(r.err);
    expect(out).toContainEqual(expect.stringMatching(/^FAILED {2}Frontend \(postgres\): [A-Z_]+: /));
    expect(out.filter((l) => l.startsWith('OK'))).toEqual([]);
    expect(out.at(-1)).toBe('Some checks failed');
  });

  it('--upgrade-environment-file writes the missing variables into OFFLOAD_HOME/conf/offload.env and says so', () => {
    const upHome = mkdtempSync(join(tmpdir(), 'goe-cli-connect-up-'));
    try {
      const r = runGoe(
        ['connect', '--upgrade-environment-file', '--quiet'],
        { home: upHome, offloadHome: upHome, pgDir },
        { DUCKDB_DATABASE: join(upHome, 'goe.duckdb') },
      );
      const file = join(upHome, 'conf', 'offload.env');
      expect(lines(r.err)[0]).toMatch(
        new RegExp(
          `^Created ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: added \\d+ variables \\(commented, with their defaults\\): FRONTEND_DISTRIBUTION, `,
        ),
      );
      expect(existsSync(file)).toBe(true);
      const text = readFileSync(file, 'utf8');
      for (const name of ['POSTGRES_CONN', 'DUCKDB_DATABASE', 'OFFLOAD_FS_PREFIX']) expect(text).toContain(name);
    } finally {
      rmSync(upHome, { recursive: true, force: true });
    }
  });

  it('says which OFFLOAD_HOME it uses when none is set', () => {
    const user = mkdtempSync(join(tmpdir(), 'goe-cli-connect-user-'));
    try {
      const r = spawnSync(process.execPath, [GOE_BIN, 'connect', '--quiet'], {
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH ?? '',
          HOME: user,
          NO_COLOR: '1',
          FRONTEND_DISTRIBUTION: 'POSTGRES',
          POSTGRES_CONN: `pglite://${pgDir}`,
          QUERY_ENGINE: 'DUCKDB',
          DUCKDB_DATABASE: join(user, 'goe.duckdb'),
        },
        timeout: 180_000,
      });
      expect(lines(r.stderr)[0]).toBe(`OFFLOAD_HOME is not set; using ${join(user, '.goe')}`);
      expect(lines(r.stderr).at(-1)).toMatch(/^(All checks passed|Checks passed with warnings)$/);
    } finally {
      rmSync(user, { recursive: true, force: true });
    }
  });
});
