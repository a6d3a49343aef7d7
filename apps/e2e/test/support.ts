/**
 * End-to-end bed: a PGlite source database, and the default embedded stack (DuckDB warehouse, local staging, native
 * transport, this SQLite repository, the file lock) resolved through the registry from the configuration, exactly
 * as `goe offload` does. The PGlite database is created once per test file and copied into each OFFLOAD_HOME.
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { COMMON_CONFIG, loadConfig } from '@goe/core';
import type { MetadataRepository, OffloadMetadata, OffloadOptions, OffloadResult } from '@goe/core';
import { duckdbBackend, DUCKDB_CONFIG, DuckdbConnection, resolveDuckdbSettings } from '@goe/backend-duckdb';
import { openSqliteRepository } from '@goe/repository-sqlite';
import { offload } from '@goe/stack';

/** The standard source table: sh.sales, 5 rows of mixed types (NULLs, negative, pre-1970, year 9999, multi-byte). */
export const SALES_SQL = `
  CREATE SCHEMA sh;
  CREATE TABLE sh.sales (id integer PRIMARY KEY, region varchar(10), amount numeric(12,2), sold_at timestamp, note text);
  INSERT INTO sh.sales VALUES
    (1, 'EU', 10.50, '2024-01-01 10:00:00', 'first'),
    (2, 'US', 20.00, '2024-01-02 11:30:00.123456', NULL),
    (3, 'EU', -3.25, '1969-12-31 23:59:59', 'ünïcödé'),
    (4, NULL, NULL, NULL, ''),
    (5, 'APAC', 99999999.99, '9999-12-31 23:59:59.999999', 'last');
`;

/** Creates a PGlite database directory holding `sql` (slow: do it once per file). */
export async function createSourceTemplate(sql: string = SALES_SQL): Promise<string> {
  const dir = join(mkdtempSync(join(tmpdir(), 'goe-e2e-src-')), 'demo');
  const db = new PGlite(dir);
  await db.exec(sql);
  await db.close();
  return dir;
}

/** A fresh OFFLOAD_HOME with a copy of `template` in `demo/`, and the environment of an offload there. */
export function embeddedHome(
  template: string,
  extraEnv: Record<string, string> = {},
): { home: string; env: Record<string, string> } {
  const home = mkdtempSync(join(tmpdir(), 'goe-e2e-'));
  cpSync(template, join(home, 'demo'), { recursive: true });
  return {
    home,
    env: {
      OFFLOAD_HOME: home,
      POSTGRES_CONN: `pglite://${join(home, 'demo')}`,
      DUCKDB_THREADS: '1',
      DUCKDB_MEMORY_LIMIT: '256MB',
      ...extraEnv,
    },
  };
}

/** Opens the SQLite repository of an OFFLOAD_HOME. */
export function repositoryOf(home: string): Promise<MetadataRepository> {
  return openSqliteRepository({ path: join(home, 'repo', 'goe.sqlite') });
}

/** Row counts and contents of the DuckDB warehouse (the "backend state"), read through the DuckDB backend adapter. */
export async function warehouseState(
  env: Record<string, string>,
  tables: readonly [string, string][],
): Promise<string> {
  const config = loadConfig({ schemas: [COMMON_CONFIG, DUCKDB_CONFIG], env, file: false });
  const session = await duckdbBackend.connect({
    config,
    events: { emit: () => undefined },
    offloadHome: env.OFFLOAD_HOME!,
  });
  try {
    const out: Record<string, unknown> = {};
    for (const [db, t] of tables) {
      if (!(await session.tableExists(db, t))) {
        out[`${db}.${t}`] = 'missing';
        continue;
      }
      const d = await session.describeTable(db, t);
      const specs = d.columns.flatMap((c) => [
        { column: c.name, fn: 'min' as const },
        { column: c.name, fn: 'max' as const },
        { column: c.name, fn: 'count' as const },
      ]);
      out[`${db}.${t}`] = {
        rows: String(await session.count(db, t)),
        aggregates: await session.aggregate(db, t, specs),
      };
    }
    return JSON.stringify(out);
  } finally {
    await session.close();
  }
}

/** Runs SQL on the DuckDB warehouse of the OFFLOAD_HOME in `env` (no offload is running). */
export async function warehouse(env: Record<string, string>, sql: string): Promise<unknown[][]> {
  const conn = await DuckdbConnection.open(resolveDuckdbSettings(undefined, env.OFFLOAD_HOME));
  try {
    return await conn.rows(sql);
  } finally {
    await conn.close();
  }
}

/** The verification message of an offload whose source and DuckDB data match. */
export const MATCHES = 'Source and DuckDB table data matches: offload successful';

/** Runs `offload()` with `--execute` and `--create-backend-db` in the environment `env`, as `goe offload -x` does. */
export function runOffload(env: Record<string, string>, options: OffloadOptions): Promise<OffloadResult> {
  return offload({ execute: true, createBackendDb: true, ...options }, { env });
}

/** Runs an offload that must fail (as {@link runOffload}) and resolves to its error; rejects when it succeeds. */
export function failOffload(
  env: Record<string, string>,
  options: OffloadOptions,
): Promise<Error & { code?: string; variable?: string }> {
  return runOffload(env, options).then(
    () => {
      throw new Error('expected the offload to fail');
    },
    (e: Error & { code?: string; variable?: string }) => e,
  );
}

/** The row count of the DuckDB table `sh.<table>`, read as {@link warehouseState} does (NaN when it is missing). */
export async function backendRows(env: Record<string, string>, table: string): Promise<number> {
  const state = JSON.parse(await warehouseState(env, [['sh', table]])) as Record<string, { rows: string }>;
  return Number(state[`sh.${table}`]?.rows);
}

/** The row count of the DuckDB table `sh.<table>` by `SELECT count(*)` on the warehouse (see {@link warehouse}). */
export async function backendCount(env: Record<string, string>, table: string): Promise<number> {
  const [[n]] = (await warehouse(env, `SELECT count(*) FROM sh.${table}`)) as [[bigint | number]];
  return Number(n);
}

/** The offload metadata of the hybrid object `sh.<table>` in the repository of an OFFLOAD_HOME (undefined: none). */
export async function metadataOf(home: string, table: string): Promise<OffloadMetadata | undefined> {
  const repo = await repositoryOf(home);
  try {
    return await repo.getMetadata('sh', table);
  } finally {
    await repo.close();
  }
}

/** Runs SQL on the PGlite source database of an OFFLOAD_HOME (no offload is running). */
export async function sourceSql(home: string, sql: string): Promise<void> {
  const db = new PGlite(join(home, 'demo'));
  try {
    await db.exec(sql);
  } finally {
    await db.close();
  }
}
