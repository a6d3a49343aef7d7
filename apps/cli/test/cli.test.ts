/**
 * The bundled `goe` binary, run as a child process: help everywhere, a good offload, each exit code of the
 * table, `--json`, and one clear line for bad input.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGoe, seedSource } from './support/run-goe.js';

const SECRET = 'Sup3r-S3cret-pw';

let home: string;
let pgDir: string;

function goe(args: string[], env: Record<string, string> = {}) {
  return runGoe(
    args,
    { home, offloadHome: home, pgDir },
    { DUCKDB_DATABASE: join(home, 'warehouse', 'goe.duckdb'), ...env },
  );
}

/** The non-empty stderr lines (the one-clear-line rule). */
const lines = (s: string) => s.split('\n').filter((l) => l.trim() !== '');

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'goe-cli-'));
  pgDir = join(home, 'pg');
  await seedSource(
    pgDir,
    500,
    `
    CREATE TABLE sh.arrays (id int, tags int[]);
    INSERT INTO sh.arrays VALUES (1, ARRAY[1,2]);
    CREATE TABLE sh.events (id int, region text);
    INSERT INTO sh.events SELECT g, CASE WHEN g % 2 = 0 THEN 'EU' ELSE 'US' END FROM generate_series(1, 40) g;
    CREATE TABLE sh.ranged (id int, day date) PARTITION BY RANGE (day);
    CREATE TABLE sh.ranged_2024_01 PARTITION OF sh.ranged FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');
    CREATE TABLE sh.ranged_2024_02 PARTITION OF sh.ranged FOR VALUES FROM ('2024-02-01') TO ('2024-03-01');
    INSERT INTO sh.ranged SELECT g, DATE '2024-01-01' + g FROM generate_series(0, 55) g;
  `,
  );
}, 180_000);

afterAll(() => {
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('goe --help and --version', () => {
  for (const cmd of [[], ['offload'], ['connect'], ['demo']]) {
    it(`goe ${cmd.join(' ')} --help exits 0 with usage`, () => {
      const r = goe([...cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.out).toContain('Usage: goe');
    });
  }
  it('offload --help groups options the GOE way', () => {
    const r = goe(['offload', '--help']);
    expect(r.out).toContain('Data type controls');
    expect(r.out).toContain('--integer-8-columns');
    expect(r.out).toContain('Backend partitioning, clustering, storage');
    expect(r.out).not.toContain('--error-before-step');
  });
  it('--version prints the package version', () => {
    const r = goe(['--version']);
    expect(r.code).toBe(0);
    expect(r.out.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('exit code 2: invalid options or configuration, one clear line', () => {
  it('an unknown option', () => {
    const r = goe(['offload', '-t', 'sh.small', '--no-such-option']);
    expect(r.code).toBe(2);
    expect(lines(r.err)).toHaveLength(1);
    expect(r.err).toMatch(/unknown option '--no-such-option'/);
  });
  it('a missing -t', () => {
    const r = goe(['offload', '-x']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('Option -t or --table required in form SCHEMA.TABLENAME');
  });
  it('a malformed predicate names where and why', () => {
    const r = goe(['offload', '-t', 'sh.small', '--offload-predicate', 'column(id) = numeric(1) OR 1=1; DROP TABLE x']);
    expect(r.code).toBe(2);
    expect(lines(r.err)[0]).toMatch(/PREDICATE_INVALID: Unexpected offload predicate syntax at line 1, column \d+/);
  });
  it('conflicting data identification options', () => {
    const r = goe([
      'offload',
      '-t',
      'sh.small',
      '--older-than-date',
      '2024-01-01',
      '--offload-predicate',
      'column(id) < numeric(10)',
    ]);
    expect(r.code).toBe(2);
    expect(lines(r.err)[0]).toContain('Conflicting data identification options');
  });
  it('partition append of a table that is not RANGE partitioned says why', () => {
    const r = goe(['offload', '-t', 'sh.small', '--older-than-date', '2024-01-01']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('OPTION_INVALID: --older-than-date cannot be used: sh.small is not partitioned');
  });
  it('a broken configuration names the variable', () => {
    const r = goe(['offload', '-t', 'sh.small'], { QUERY_ENGINE: 'NOSUCHENGINE' });
    expect(r.code).toBe(2);
    expect(r.err).toContain('QUERY_ENGINE');
  });
  it('a missing table', () => {
    const r = goe(['offload', '-t', 'sh.no_such_table', '-x', '--create-backend-db']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/TABLE_NOT_FOUND/);
  });
  it('an integer option that is not an integer', () => {
    const r = goe(['offload', '-t', 'sh.small', '--offload-transport-parallelism', 'lots']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--offload-transport-parallelism must be an integer');
  });
});

describe('offload', () => {
  it('previews without -x, then offloads with -x --json (exit 0)', () => {
    const preview = goe(['offload', '-t', 'SH.SMALL', '--create-backend-db', '--json']);
    expect(preview.code, preview.err).toBe(0);
    expect(JSON.parse(preview.out).status).toBe('preview');

    const r = goe(['offload', '-t', 'sh.small', '-x', '--create-backend-db', '--json']);
    expect(r.code, r.err).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.status).toBe('success');
    expect(json.rows).toBe(500);
    expect(json.verification).toMatch(/matches/);
    expect(json.target).toEqual({ database: expect.stringMatching(/^sh$/i), table: expect.stringMatching(/^small$/i) });
  });

  it('offloads by predicate, then says "Already offloaded" with exit 0 and status noop', () => {
    const pred = ['--offload-predicate', 'column(REGION) = string("EU")'];
    const r = goe(['offload', '-t', 'sh.events', '-x', '--create-backend-db', '--json', ...pred]);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ status: 'success', rows: 20 });
    const again = goe(['offload', '-t', 'sh.events', '-x', '--json', ...pred]);
    expect(again.code, again.err).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({ status: 'noop', rows: 0 });
    expect(JSON.parse(again.out).notices).toContain('Already offloaded: column(REGION) = string("EU")');
  });

  it('appends partitions with --older-than-date; the same boundary again is a no-op', () => {
    const r = goe([
      'offload',
      '-t',
      'sh.ranged',
      '-x',
      '--create-backend-db',
      '--json',
      '--older-than-date',
      '2024-02-01',
    ]);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ status: 'success', rows: 31 });
    const again = goe(['offload', '-t', 'sh.ranged', '-x', '--older-than-date', '2024-02-01']);
    expect(again.code, again.err).toBe(0);
    expect(again.out + again.err).toContain('No partitions to offload');
    const next = goe(['offload', '-t', 'sh.ranged', '-x', '--json', '--older-than-date', '2024-03-01']);
    expect(next.code, next.err).toBe(0);
    expect(JSON.parse(next.out)).toMatchObject({ status: 'success', rows: 25 });
  });

  it('refuses a second offload of the same table with exit 3 (ALREADY_OFFLOADED)', () => {
    const r = goe(['offload', '-t', 'sh.small', '-x']);
    expect(r.code).toBe(3);
    expect(r.err).toContain('already has data');
  });

  it('--json errors are one JSON document', () => {
    const r = goe(['offload', '-t', 'sh.small', '-x', '--json']);
    expect(r.code).toBe(3);
    const json = JSON.parse(r.out);
    expect(json).toMatchObject({ status: 'error', error: { code: 'ALREADY_OFFLOADED' } });
  });

  it('an unsupported source type exits 4 naming the column', () => {
    const r = goe(['offload', '-t', 'sh.arrays', '-x', '--create-backend-db']);
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/TYPE_UNSUPPORTED.*TAGS|TYPE_UNSUPPORTED.*tags/i);
  });

  it('a forced failure (test hook) is an unexpected error: exit 1', () => {
    const r = goe([
      'offload',
      '-t',
      'sh.small',
      '-x',
      '--reset-backend-table',
      '--error-before-step',
      'create_backend_table',
    ]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Forcing exception before step');
  });

  it('an unreachable frontend exits 5 and never prints the password', () => {
    const r = goe(['offload', '-t', 'sh.small'], { POSTGRES_CONN: `postgres://goe:${SECRET}@127.0.0.1:1/goe` });
    expect(r.code).toBe(5);
    expect(r.err + r.out).not.toContain(SECRET);
  });
});

describe('connect', () => {
  it('passes (0) or warns (3) on a working embedded stack, with --json', () => {
    const r = goe(['connect', '--json']);
    expect([0, 3], r.err + r.out).toContain(r.code);
    const json = JSON.parse(r.out);
    expect(json.checks.map((c: { name: string }) => c.name)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Frontend/),
        expect.stringMatching(/^Backend/),
        expect.stringMatching(/^Staging/),
      ]),
    );
    expect(json.checks.every((c: { status: string }) => c.status !== 'failed')).toBe(true);
  });
  it('reports a failed check with exit 2 and masks the password', () => {
    const r = goe(['connect', '--json'], { POSTGRES_CONN: `postgres://goe:${SECRET}@127.0.0.1:1/goe` });
    expect(r.code).toBe(2);
    expect(r.out + r.err).not.toContain(SECRET);
    const json = JSON.parse(r.out);
    expect(json.checks.find((c: { name: string }) => c.name.startsWith('Frontend')).status).toBe('failed');
  });
});
