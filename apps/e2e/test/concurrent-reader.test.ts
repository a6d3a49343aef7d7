/**
 * Must show (issue #11): another process queries the DuckDB warehouse while a 1,000,000-row offload is in its
 * transport phase. The real stack runs in this process — PostgreSQL (PGlite) → NATIVE transport → local Parquet →
 * DuckDB, with the SQLite repository and the file lock, resolved from the configuration as `goe offload` does —
 * and the source session is wrapped so that the first slice's extract, after its first batch, waits until the test
 * lets it go. Meanwhile a separate Node process opens the warehouse READ_ONLY and counts an earlier offloaded
 * table. Deterministic: no sleeps, no timing assertions.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineFrontend, type EventSink, type FrontendAdapter, type FrontendSession } from '@goe/core';
import { createStackRegistry, offload } from '@goe/stack';

const run = promisify(execFile);
// The DuckDB backend's own reader script (its tests use it too), so both read the warehouse the same way.
const READER = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'libs',
  'backends',
  'duckdb',
  'test',
  'support',
  'read-duckdb.mjs',
);
const ROWS = 1_000_000;

let home = '';
beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'goe-duckdb-reader-'));
  const db = await PGlite.create(join(home, 'demo'));
  try {
    await db.exec(`
      CREATE SCHEMA sh;
      CREATE TABLE sh.small (id bigint PRIMARY KEY, name text);
      INSERT INTO sh.small SELECT g, 'n' || g FROM generate_series(1, 5) g;
      CREATE TABLE sh.big (id bigint, name text);
      INSERT INTO sh.big SELECT g, 'n' || g FROM generate_series(1, ${ROWS}) g;
    `);
  } finally {
    await db.close();
  }
}, 180_000);
afterAll(() => {
  if (home !== '') rmSync(home, { recursive: true, force: true });
});

/** A gate the first extracted slice waits at after its first batch. */
function gate() {
  let reached!: () => void;
  let release!: () => void;
  const atGate = new Promise<void>((resolve) => (reached = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  let used = false;
  const pause = async function* <T>(batches: AsyncIterable<T>): AsyncIterable<T> {
    let first = !used;
    used = true;
    for await (const batch of batches) {
      yield batch;
      if (first) {
        first = false;
        reached();
        await released;
      }
    }
  };
  return { atGate, release, pause };
}

/** The frontend adapter `adapter` whose sessions extract through `pause`. */
function pausing(
  adapter: FrontendAdapter,
  pause: (batches: AsyncIterable<unknown>) => AsyncIterable<unknown>,
): FrontendAdapter {
  return defineFrontend({
    ...adapter,
    async connect(ctx) {
      const session = await adapter.connect(ctx);
      const extract: FrontendSession['extract'] = (...args) =>
        pause(session.extract(...args)) as ReturnType<FrontendSession['extract']>;
      return new Proxy(session, {
        get(target, prop) {
          if (prop === 'extract') return extract;
          const value: unknown = Reflect.get(target, prop, target);
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
    },
  });
}

type ReadResult = { ok: true; rows: unknown[][] } | { ok: false; error: string };

/** Another process opens `database` READ_ONLY once (no retry) and runs `sql`. */
async function otherProcessReads(database: string, sql: string): Promise<ReadResult> {
  const { stdout } = await run(process.execPath, [READER, database, sql]);
  return JSON.parse(stdout) as ReadResult;
}

describe('a concurrent reader during an offload', () => {
  it('queries the DuckDB warehouse while a 1,000,000-row offload is in its transport phase', async () => {
    const env = {
      OFFLOAD_HOME: home,
      POSTGRES_CONN: `pglite://${join(home, 'demo')}`,
      DUCKDB_THREADS: '2',
      DUCKDB_MEMORY_LIMIT: '512MB',
    };
    const warehouse = join(home, 'warehouse', 'goe.duckdb');
    const small = await offload({ table: 'SH.SMALL', execute: true, createBackendDb: true }, { env });
    expect(small).toMatchObject({ status: 'SUCCESS', rows: 5 });

    const postgres = await createStackRegistry().load('frontend', 'POSTGRES');
    const g = gate();
    const steps: string[] = [];
    const events: EventSink = {
      emit: (e) => void (e.type === 'step:start' || e.type === 'step:end' ? steps.push(`${e.type} ${e.step}`) : 0),
    };
    const big = offload(
      { table: 'SH.BIG', execute: true },
      { env, events, adapters: { frontend: pausing(postgres, g.pause) } },
    );
    let during: ReadResult;
    try {
      await Promise.race([
        g.atGate,
        big.then(() => Promise.reject(new Error('the offload ended before its first slice reached the gate'))),
      ]);
      // the first slice has sent one batch and waits: the offload is in its transport phase
      expect(steps.at(-1)).toBe('step:start STAGING_TRANSPORT');
      during = await otherProcessReads(warehouse, 'SELECT count(*) FROM goe.sh.small');
    } finally {
      g.release();
    }
    const result = await big;
    expect(during).toEqual({ ok: true, rows: [['5']] });
    expect(result).toMatchObject({ status: 'SUCCESS', rows: ROWS });
    expect(result.verification).toMatch(/offload successful/);
    expect(await otherProcessReads(warehouse, 'SELECT count(*), sum(id) FROM goe.sh.big')).toEqual({
      ok: true,
      rows: [[String(ROWS), String((ROWS * (ROWS + 1)) / 2)]],
    });
  }, 300_000);
});
