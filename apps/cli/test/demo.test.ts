/**
 * `goe demo` through the bundled binary: seeds PGlite under OFFLOAD_HOME/demo, offloads sh.sales into
 * OFFLOAD_HOME/warehouse/goe.duckdb, and says so (human and --json); refuses a bad --rows in one line; without
 * OFFLOAD_HOME it says which home it uses. The data directory template it starts from opens in the installed
 * PGlite as it is (no initdb).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duckdbLook } from '../src/commands/demo.js';
import { restoreDemoTemplate } from '../src/demo-seed.js';
import { DEMO_TEMPLATE_PG_VERSION } from '../src/demo-template.js';
import { GOE_BIN } from './support/run-goe.js';

let base: string;

beforeAll(() => {
  if (!existsSync(GOE_BIN)) throw new Error(`${GOE_BIN} is missing: build the CLI first (npm test builds it)`);
  base = mkdtempSync(join(tmpdir(), 'goe-cli-demo-'));
});
afterAll(() => {
  if (base) rmSync(base, { recursive: true, force: true });
});

/** Runs `goe demo args…` with only PATH, HOME and `env` set. */
function demo(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [GOE_BIN, 'demo', ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env },
    timeout: 180_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const nonEmpty = (s: string) => s.split('\n').filter((l) => l.trim() !== '');

describe('goe demo', () => {
  it('seeds and offloads sh.sales into DuckDB and prints the counts, a query to try and its result', async () => {
    const home = join(base, 'human');
    const r = demo(['--rows', '240'], { HOME: base, OFFLOAD_HOME: home });
    expect(r.code, r.err).toBe(0);
    const warehouse = join(home, 'warehouse', 'goe.duckdb');
    // The human report goes to stderr (stdout is kept for results and --json).
    expect(r.out).toBe('');
    expect(r.err).toContain(`Seeding 240 rows into sh.sales (PGlite at ${join(home, 'demo')})`);
    expect(r.err).toMatch(/Seeded 240 rows in \d+\.\d s/);
    expect(r.err).toContain('Source rows:  240');
    expect(r.err).toContain(`DuckDB rows:  240  (${warehouse})`);
    expect(r.err).toMatch(
      /Look at it: {3}SELECT region, count\(\*\) AS sales, sum\(amount\) AS amount FROM \S+ GROUP BY/,
    );
    expect(r.err).toMatch(/Took \d+\.\d s\. Log: .*\.log/);
    expect(r.err).not.toContain('OFFLOAD_HOME is not set');

    const look = await duckdbLook(warehouse, 'sh', 'sales');
    expect(look.rows).toBe(240);
    expect(look.sample.length).toBeGreaterThan(0);
    expect(look.sample.reduce((n, row) => n + Number(row[1]), 0)).toBe(240); // per-region counts add up
    for (const row of look.sample) expect(r.err).toContain(row.join(' | '));
  }, 180_000);

  it('--json prints one success document with both counts, the warehouse and the execution', () => {
    const home = join(base, 'json');
    const r = demo(['--rows', '57', '--json'], { HOME: base, OFFLOAD_HOME: home });
    expect(r.code, r.err).toBe(0);
    const lines = nonEmpty(r.out);
    expect(lines).toHaveLength(1);
    expect(r.err).toBe(''); // nothing human in --json mode
    const doc = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(doc).toMatchObject({
      status: 'success',
      sourceRows: 57,
      backendRows: 57,
      warehouse: join(home, 'warehouse', 'goe.duckdb'),
    });
    expect(typeof doc.executionId).toBe('string');
    expect(existsSync(String(doc.logPath))).toBe(true);
  }, 180_000);

  it('without OFFLOAD_HOME uses ~/.goe and says so', () => {
    const home = join(base, 'user');
    const r = demo(['--rows', '5'], { HOME: home });
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(`OFFLOAD_HOME is not set; using ${join(home, '.goe')}`);
    expect(existsSync(join(home, '.goe', 'warehouse', 'goe.duckdb'))).toBe(true);
  }, 180_000);

  for (const rows of ['0', '12x', '-3']) {
    it(`refuses --rows ${rows} in one line before seeding anything`, () => {
      const home = join(base, `bad-${rows}`);
      const r = demo(['--rows', rows], { HOME: base, OFFLOAD_HOME: home });
      expect(r.code).toBe(2);
      expect(nonEmpty(r.err)).toEqual([
        expect.stringContaining(`Option --rows must be a positive integer, got ${JSON.stringify(rows)}`),
      ]);
      expect(existsSync(join(home, 'demo'))).toBe(false);
    });
  }

  it('restores a template the installed PGlite opens as it is (regenerate demo-template.ts when this fails)', async () => {
    const dir = join(base, 'template');
    const names = await restoreDemoTemplate(dir);
    expect(names).toEqual(expect.arrayContaining(['PG_VERSION', 'base', 'global', 'pg_wal', 'postgresql.conf']));
    expect(readFileSync(join(dir, 'PG_VERSION'), 'utf8').trim()).toBe(DEMO_TEMPLATE_PG_VERSION);
    const { PGlite } = await import('@electric-sql/pglite');
    const db = await PGlite.create(dir); // a directory holding PG_VERSION: opened, never initdb'd
    try {
      const r = await db.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
      expect(r.rows[0]!.v.slice(0, 2)).toBe(DEMO_TEMPLATE_PG_VERSION);
      const dbs = await db.query<{ datname: string }>('SELECT datname FROM pg_database ORDER BY datname');
      expect(dbs.rows.map((row) => row.datname)).toEqual(['postgres', 'template0', 'template1']);
    } finally {
      await db.close();
    }
  }, 60_000);
});
