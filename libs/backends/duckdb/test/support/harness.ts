/** Test doubles for the DuckDB backend: config, a frontend serving fixed Arrow batches, plans, temp dirs. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordBatch } from 'apache-arrow';
import {
  UNPARTITIONED,
  type AdapterContext,
  type CanonicalColumn,
  type FrontendSession,
  type OffloadPlan,
  type ResolvedConfig,
  type SourceTable,
  type StagingSpec,
  NULL_EVENTS,
} from '@goe/core';

export function config(values: Record<string, string> = {}): ResolvedConfig {
  return {
    get: <T>(name: string) => values[name] as T | undefined,
    require: <T>(name: string) => values[name] as T,
    keys: () => Object.keys(values),
    mask: (t: string) => t,
  } as ResolvedConfig;
}

export function context(values: Record<string, string>, signal?: AbortSignal): AdapterContext {
  return { config: config(values), events: NULL_EVENTS, ...(signal ? { signal } : {}) };
}

export async function tempDir(prefix: string): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A frontend serving each slice's batches (`planSlices` returns them all). */
export function batchFrontend(slices: readonly { id: string; batches: readonly RecordBatch[] }[]): FrontendSession {
  return {
    serverVersion: async () => 'fixtures',
    describeTable: async () => {
      throw new Error('not used');
    },
    snapshot: async () => ({ kind: 'none', id: '-', release: async () => {} }),
    planSlices: async (_t, scope) => slices.map((s) => ({ id: s.id, method: 'all' as const, scope, params: {} })),
    async *extract(_t, slice) {
      for (const b of slices.find((s) => s.id === slice.id)!.batches) yield b;
    },
    count: async () => 0n,
    aggregate: async () => ({}),
    renderPredicate: () => ({ sql: '', params: [] }),
    close: async () => {},
  };
}

export function sourceTable(columns: readonly CanonicalColumn[]): SourceTable {
  return {
    owner: 'GOE_E2E',
    name: 'FIXTURES',
    columns: columns.map((c) => ({ ...c, canonical: c })),
    primaryKey: ['ID'],
    partitioning: UNPARTITIONED,
  };
}

export function plan(
  database: string,
  table: string,
  columns: readonly CanonicalColumn[],
  options: { staging?: Partial<StagingSpec>; nanosecondTimestamps?: boolean; parallelism?: number } = {},
): OffloadPlan {
  return {
    planVersion: 1,
    source: { frontend: 'fixtures', owner: 'GOE_E2E', table: 'FIXTURES' },
    target: { backend: 'duckdb', database, table },
    columns,
    scope: { kind: 'full' },
    transport: { method: 'NATIVE', parallelism: options.parallelism ?? 2, batchRows: 5000 },
    staging: {
      format: 'PARQUET',
      compression: 'ZSTD',
      prefix: `${database}/${table}/run-1`,
      maxFileBytes: 256 * 1024 * 1024,
      rowGroupRows: 4,
      ...options.staging,
    },
    allow: {
      decimalScaleRounding: false,
      floatingPointConversions: false,
      nanosecondTimestamps: options.nanosecondTimestamps ?? false,
    },
    notices: [],
  };
}

/** Consecutive batches of at most `rows` rows. */
export function chunks(batch: RecordBatch, rows: number): RecordBatch[] {
  const out: RecordBatch[] = [];
  for (let i = 0; i < batch.numRows; i += rows) out.push(batch.slice(i, Math.min(i + rows, batch.numRows)));
  return out;
}
