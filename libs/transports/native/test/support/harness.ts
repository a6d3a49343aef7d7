/** Test doubles: a frontend serving fixed Arrow batches per slice, a plan builder, a recording event sink. */
import type { RecordBatch } from 'apache-arrow';
import {
  UNPARTITIONED,
  type CanonicalColumn,
  type EventSink,
  type FrontendSession,
  type GoeEvent,
  type OffloadPlan,
  type ResolvedConfig,
  type Slice,
  type SourceTable,
  type StagingSpec,
} from '@goe/core';

export interface FakeSlice {
  readonly id: string;
  readonly batches: readonly RecordBatch[];
  /** Delay before each batch (ms). */
  readonly delayMs?: number;
  /** Throw this after yielding the batches. */
  readonly failWith?: Error;
}

export interface FakeFrontend extends FrontendSession {
  /** Batches handed out so far, per slice. */
  readonly pulled: Map<string, number>;
  /** Slices whose iterator was closed early (return() called or signal seen). */
  readonly closed: Set<string>;
  /** Most slices extracting at the same time. */
  maxConcurrent: number;
}

export function fakeFrontend(slices: readonly FakeSlice[]): FakeFrontend {
  const pulled = new Map<string, number>();
  const closed = new Set<string>();
  let running = 0;
  const fe: FakeFrontend = {
    pulled,
    closed,
    maxConcurrent: 0,
    serverVersion: async () => 'fake 1',
    describeTable: async () => {
      throw new Error('not used');
    },
    snapshot: async () => ({ kind: 'none', id: 'x', release: async () => {} }),
    planSlices: async (_t, scope) =>
      slices.map(
        (s): Slice => ({
          id: s.id,
          method: 'all',
          scope,
          params: {},
          rowEstimate: s.batches.reduce((n, b) => n + b.numRows, 0),
        }),
      ),
    async *extract(_table, slice, options) {
      const s = slices.find((x) => x.id === slice.id)!;
      running++;
      fe.maxConcurrent = Math.max(fe.maxConcurrent, running);
      let done = false;
      try {
        for (const b of s.batches) {
          if (s.delayMs) await new Promise((r) => setTimeout(r, s.delayMs));
          if (options?.signal?.aborted) throw options.signal.reason;
          pulled.set(s.id, (pulled.get(s.id) ?? 0) + 1);
          yield b;
        }
        if (s.failWith) throw s.failWith;
        done = true;
      } finally {
        running--;
        if (!done) closed.add(s.id);
      }
    },
    count: async () => 0n,
    aggregate: async () => ({}),
    renderPredicate: () => ({ sql: '', params: [] }),
    close: async () => {},
  };
  return fe;
}

export function sourceTable(columns: readonly CanonicalColumn[]): SourceTable {
  return {
    owner: 'SH',
    name: 'SALES',
    columns: columns.map((c) => ({ ...c, canonical: c })),
    primaryKey: ['ID'],
    partitioning: UNPARTITIONED,
  };
}

export function testPlan(
  columns: readonly CanonicalColumn[],
  staging: Partial<StagingSpec> = {},
  parallelism = 2,
): OffloadPlan {
  return {
    planVersion: 1,
    source: { frontend: 'fake', owner: 'SH', table: 'SALES' },
    target: { backend: 'duckdb', database: 'sh', table: 'sales' },
    columns,
    scope: { kind: 'full' },
    transport: { method: 'NATIVE', parallelism, batchRows: 1000 },
    staging: {
      format: 'PARQUET',
      compression: 'ZSTD',
      prefix: 'sh/sales/run-1',
      maxFileBytes: 64 * 1024 * 1024,
      rowGroupRows: 65_536,
      ...staging,
    },
    allow: { decimalScaleRounding: false, floatingPointConversions: false, nanosecondTimestamps: false },
    notices: [],
  };
}

export function recordingEvents(): EventSink & { events: GoeEvent[] } {
  const events: GoeEvent[] = [];
  return { events, emit: (e) => events.push(e) };
}

export function config(values: Record<string, string> = {}): ResolvedConfig {
  return {
    get: <T>(name: string) => values[name] as T | undefined,
    require: <T>(name: string) => values[name] as T,
    keys: () => Object.keys(values),
    mask: (t: string) => t,
  } as ResolvedConfig;
}

/** Splits a batch into consecutive batches of at most `rows` rows (zero-copy slices with offsets). */
export function chunks(batch: RecordBatch, rows: number): RecordBatch[] {
  const out: RecordBatch[] = [];
  for (let i = 0; i < batch.numRows; i += rows) out.push(batch.slice(i, Math.min(i + rows, batch.numRows)));
  return out;
}
