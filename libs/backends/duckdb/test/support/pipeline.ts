/** The end-to-end pipeline of the tests: Arrow batches → NATIVE transport → local Parquet → DuckDB typed table. */
import { join } from 'node:path';
import type { RecordBatch } from 'apache-arrow';
import {
  NULL_EVENTS,
  type BackendSession,
  type CanonicalColumn,
  type LoadChunk,
  type OffloadPlan,
  type StagedFiles,
  type ValidationResult,
} from '@goe/core';
import { canonicalText, type CanonicalFixtures } from '@goe/conformance';
import { openLocalStore, type LocalStagingStore } from '@goe/storage-local';
import { nativeTransport } from '@goe/transport-native';
import { DUCKDB_SQL, DuckdbConnection, duckdbBackend, resolveDuckdbSettings } from '../../src/index.js';
import { batchFrontend, chunks, config, context, sourceTable } from './harness.js';

export interface Pipeline {
  readonly store: LocalStagingStore;
  readonly session: BackendSession;
  readonly env: Record<string, string>;
  close(): Promise<void>;
}

export async function openPipeline(dir: string): Promise<Pipeline> {
  const env = {
    DUCKDB_DATABASE: join(dir, 'warehouse', 'goe.duckdb'),
    DUCKDB_MEMORY_LIMIT: '512MB',
    DUCKDB_THREADS: '2',
  };
  const store = await openLocalStore({ root: join(dir, 'staging') });
  const session = await duckdbBackend.connect(context(env));
  return { store, session, env, close: () => session.close() };
}

/** Stages `batch` through the NATIVE transport as two slices of small batches. */
export async function stage(p: Pipeline, plan: OffloadPlan, batch: RecordBatch): Promise<StagedFiles> {
  const half = Math.ceil(batch.numRows / 2);
  const frontend = batchFrontend([
    { id: 's0', batches: chunks(batch.slice(0, half), 3) },
    { id: 's1', batches: chunks(batch.slice(half, batch.numRows), 3) },
  ]);
  return nativeTransport.run(
    { plan, table: sourceTable(plan.columns), frontend, store: p.store, events: NULL_EVENTS },
    context(p.env),
  );
}

export interface LoadOutcome {
  staged: ValidationResult;
  casts: ValidationResult;
  rows?: bigint;
}

/** createDatabase, createTable, then the chunk steps; stops before the final load when a validation fails. */
export async function load(p: Pipeline, plan: OffloadPlan, files: StagedFiles): Promise<LoadOutcome> {
  const { session } = p;
  const chunk: LoadChunk = { number: 1, files, scope: plan.scope };
  await session.createDatabase(plan.target.database);
  if (!(await session.tableExists(plan.target.database, plan.target.table))) await session.createTable(plan);
  await session.stageLoad(plan, chunk);
  try {
    const staged = await session.validateStaged(plan, chunk);
    const casts = await session.validateCasts(plan, chunk);
    if (!staged.ok || !casts.ok) return { staged, casts };
    return { staged, casts, rows: await session.finalLoad(plan, chunk) };
  } finally {
    await session.dropStaged(plan, chunk);
  }
}

/** Every row of a table as canonical text rendered by DuckDB, by ID. */
export async function duckdbTexts(
  p: Pipeline,
  database: string,
  table: string,
  columns: readonly CanonicalColumn[],
): Promise<Map<number, (string | null)[]>> {
  const conn = await DuckdbConnection.open(resolveDuckdbSettings(config(p.env)));
  try {
    for (const sql of DUCKDB_SQL.sessionSetup()) await conn.run(sql);
    const rows = await conn.rows(
      DUCKDB_SQL.selectCanonicalText({ catalog: conn.catalog, schema: database }, table, columns, 'ID'),
    );
    return new Map(rows.map((r) => [Number(r[0]), r.map((v) => (v === null ? null : String(v)))]));
  } finally {
    await conn.close();
  }
}

/**
 * Compares DuckDB's text of every fixture case with the fixture's canonical text; DuckDB's text is read through
 * `canonicalText` (which normalizes spelling only: `1.0` → `1`, `T`/space, fractional digits to the scale), except
 * binaries (already lower-case hex) — so a different value always shows.
 */
export function differences(fixtures: CanonicalFixtures, texts: Map<number, (string | null)[]>): string[] {
  const out: string[] = [];
  fixtures.columns.forEach((fc, i) => {
    for (const k of fc.cases) {
      const raw = texts.get(k.row)?.[i + 1] ?? null;
      let got: string | null;
      try {
        got = raw === null || fc.type === 'BINARY' || fc.type === 'LARGE_BINARY' ? raw : canonicalText(fc.column, raw);
      } catch (e) {
        got = `unparsable ${JSON.stringify(raw?.slice(0, 60))}: ${(e as Error).message}`;
      }
      if (got !== k.text)
        out.push(
          `${k.id}: DuckDB ${JSON.stringify(got?.slice(0, 90))}, expected ${JSON.stringify(k.text?.slice(0, 90))}`,
        );
    }
  });
  return out;
}
