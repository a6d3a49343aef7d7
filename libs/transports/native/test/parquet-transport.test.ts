import { describe, expect, it } from 'vitest';
import { arrowSchemaFor, canonicalColumn, isGoeError, NULL_EVENTS, type GoeError } from '@goe/core';
import {
  canonicalFixtures,
  checkColumnValues,
  checkRowCoverage,
  collectRows,
  fixtureTable,
  recordBatchFromValues,
} from '@goe/conformance';
import * as parquet from 'parquet-wasm';
import type { RecordBatch } from 'apache-arrow';
import type { TransportRunInput } from '@goe/core';
import { defaultEncodeThreads, runNativeTransport as run, PARQUET_CREATED_BY } from '../src/index.js';
import { chunks, fakeFrontend, recordingEvents, sourceTable, testPlan } from './support/harness.js';
import { memoryStore } from './support/memory-store.js';
import { parquetInfo, readParquetTable } from './support/parquet-read.js';

const fixtures = canonicalFixtures({ lobBytes: 256 * 1024 });
const table = fixtureTable(fixtures);
const batch = table.batches[0]!;
const columns = fixtures.tableColumns;

/** Two slices: rows [0, 7) and [7, n), batches of 3 rows (sliced, so columns carry offsets). */
function twoSlices(b: RecordBatch = batch) {
  return [
    { id: 's0', batches: chunks(b.slice(0, 7), 3) },
    { id: 's1', batches: chunks(b.slice(7, b.numRows), 3) },
  ];
}

/** 64 hex characters that differ per row (barely compressible). */
function noise(i: number): string {
  let x = (i + 1) * 2654435761;
  let out = '';
  for (let k = 0; k < 8; k++) {
    x = (x ^ (x << 13) ^ (x >>> 17) ^ (x << 5)) >>> 0;
    out += x.toString(16).padStart(8, '0');
  }
  return out;
}

function idBatch(ids: number[]): RecordBatch {
  const id = canonicalColumn({ name: 'ID', dataType: 'INTEGER_8', nullable: false });
  const note = canonicalColumn({ name: 'NOTE', dataType: 'VARIABLE_STRING' });
  return recordBatchFromValues([id, note], [ids.map(BigInt), ids.map((i) => `note ${i} ${noise(i)}`)]);
}
const idColumns = [
  canonicalColumn({ name: 'ID', dataType: 'INTEGER_8', nullable: false }),
  canonicalColumn({ name: 'NOTE', dataType: 'VARIABLE_STRING' }),
];

describe.each([
  ['parquet-wasm (ZSTD) on one encoder worker', 1, 'ZSTD'],
  ['parquet-wasm (ZSTD) on two encoder workers', 2, 'ZSTD'],
  ['parquet-wasm (ZSTD) on the main thread', 0, 'ZSTD'],
  ['the plain writer (NONE) on the main thread', 1, 'NONE'],
] as const)('NATIVE transport → Parquet, encoded by %s', (_, encodeThreads, codec) => {
  /** Runs with the describe's codec where a test leaves the harness's default (ZSTD). */
  const runNativeTransport = (input: TransportRunInput) => {
    const staging = input.plan.staging;
    const plan =
      staging.compression === 'ZSTD' ? { ...input.plan, staging: { ...staging, compression: codec } } : input.plan;
    return run({ ...input, plan }, undefined, { encodeThreads });
  };
  const expectedCodec = codec === 'NONE' ? parquet.Compression.UNCOMPRESSED : parquet.Compression.ZSTD;

  it('stages every canonical fixture value exactly', async () => {
    const store = memoryStore();
    const staged = await runNativeTransport({
      plan: testPlan(columns, { rowGroupRows: 4 }),
      table: sourceTable(columns),
      frontend: fakeFrontend(twoSlices()),
      store,
      events: NULL_EVENTS,
    });
    expect(staged.format).toBe('PARQUET');
    expect(staged.rows).toBe(fixtures.rowCount);
    expect(staged.files.map((f) => f.path)).toEqual([
      'sh/sales/run-1/s0-00001.parquet',
      'sh/sales/run-1/s1-00001.parquet',
    ]);
    const batches = staged.files.flatMap((f) => readParquetTable(store.bytes(f.path)).batches);
    const rows = collectRows(batches);
    checkRowCoverage(
      rows,
      Array.from({ length: fixtures.rowCount }, (_, i) => i),
      'staged Parquet',
    );
    for (const fc of fixtures.columns) checkColumnValues(rows, fixtures, fc, fc.column);
    // exact Arrow types and the goe:type metadata survive the Parquet round trip
    const schema = readParquetTable(store.bytes(staged.files[0]!.path)).schema;
    const expected = arrowSchemaFor(columns);
    expect(schema.fields.map((f) => `${f.name}:${String(f.type)}:${f.nullable}`)).toEqual(
      expected.fields.map((f) => `${f.name}:${String(f.type)}:${f.nullable}`),
    );
    expect(schema.fields.find((f) => f.name === 'C_INTERVAL_DS')?.metadata.get('goe:type')).toBe('INTERVAL_DS');
  });

  it('records rows and bytes per file and writes row groups of rowGroupRows', async () => {
    const store = memoryStore();
    const staged = await runNativeTransport({
      plan: testPlan(columns, { rowGroupRows: 4 }),
      table: sourceTable(columns),
      frontend: fakeFrontend(twoSlices()),
      store,
      events: NULL_EVENTS,
    });
    for (const f of staged.files) {
      const info = await parquetInfo(store.bytes(f.path));
      expect(info.rows).toBe(f.rows);
      expect(f.bytes).toBe(store.bytes(f.path).byteLength);
      expect(f.uri).toBe(`mem:///${f.path}`);
      expect(info.rowGroups.every((n) => n <= 4)).toBe(true);
      expect(info.rowGroups.reduce((a, b) => a + b, 0)).toBe(f.rows);
      expect(info.createdBy).toContain(PARQUET_CREATED_BY);
      expect(new Set(info.compressions)).toEqual(new Set([expectedCodec]));
    }
    expect(staged.files.map((f) => f.rows)).toEqual([7, fixtures.rowCount - 7]);
  });

  it.each([
    ['SNAPPY', parquet.Compression.SNAPPY],
    ['NONE', parquet.Compression.UNCOMPRESSED],
  ] as const)('compresses with %s', async (compression, codec) => {
    const store = memoryStore();
    const staged = await runNativeTransport({
      plan: testPlan(idColumns, { compression }),
      table: sourceTable(idColumns),
      frontend: fakeFrontend([{ id: 'a', batches: [idBatch([1, 2, 3])] }]),
      store,
      events: NULL_EVENTS,
    });
    expect(new Set((await parquetInfo(store.bytes(staged.files[0]!.path))).compressions)).toEqual(new Set([codec]));
  });

  it('rolls files over by size with deterministic names', async () => {
    const store = memoryStore();
    const ids = Array.from({ length: 3000 }, (_, i) => i);
    const staged = await runNativeTransport({
      plan: testPlan(idColumns, { rowGroupRows: 100, maxFileBytes: 32 * 1024 }),
      table: sourceTable(idColumns),
      frontend: fakeFrontend([{ id: 'p 1/x', batches: chunks(idBatch(ids), 50) }]),
      store,
      events: NULL_EVENTS,
    });
    expect(staged.files.length).toBeGreaterThan(2);
    expect(staged.files.map((f) => f.path)).toEqual(
      staged.files.map((_, i) => `sh/sales/run-1/p_1_x-${String(i + 1).padStart(5, '0')}.parquet`),
    );
    expect(staged.files.every((f) => f.sliceId === 'p 1/x')).toBe(true);
    const back = staged.files.flatMap((f) => [...readParquetTable(store.bytes(f.path)).getChild('ID')!].map(Number));
    expect(back).toEqual(ids);
    expect(staged.files.reduce((n, f) => n + (f.rows ?? 0), 0)).toBe(3000);
    // every file but the last passed the limit at a row-group boundary
    for (const f of staged.files.slice(0, -1)) expect(f.bytes).toBeGreaterThanOrEqual(32 * 1024);
  });

  it('writes one empty file carrying the schema for a slice without rows', async () => {
    const store = memoryStore();
    const staged = await runNativeTransport({
      plan: testPlan(columns),
      table: sourceTable(columns),
      frontend: fakeFrontend([{ id: 'empty', batches: [] }]),
      store,
      events: NULL_EVENTS,
    });
    expect(staged.files).toMatchObject([{ path: 'sh/sales/run-1/empty-00001.parquet', rows: 0 }]);
    const back = readParquetTable(store.bytes(staged.files[0]!.path));
    expect(back.numRows).toBe(0);
    expect(back.schema.fields.length).toBe(columns.length);
  });

  it('runs at most `parallelism` slices at once and reports progress', async () => {
    const store = memoryStore();
    const events = recordingEvents();
    const slices = ['a', 'b', 'c', 'd'].map((id, k) => ({
      id,
      batches: chunks(idBatch(Array.from({ length: 30 }, (_, i) => k * 30 + i)), 10),
      delayMs: 5,
    }));
    const frontend = fakeFrontend(slices);
    const staged = await runNativeTransport({
      plan: testPlan(idColumns, {}, 2),
      table: sourceTable(idColumns),
      frontend,
      store,
      events,
    });
    expect(frontend.maxConcurrent).toBe(2);
    expect(staged.rows).toBe(120);
    expect(staged.files.map((f) => f.sliceId)).toEqual(['a', 'b', 'c', 'd']);
    const progress = events.events.filter((e) => e.type === 'progress');
    const totals = progress.filter((e) => e.type === 'progress' && e.slice === undefined);
    expect(totals.at(-1)).toMatchObject({ rows: 120, totalRows: 120 });
    expect(totals.at(-1)!.type === 'progress' && totals.at(-1)!.bytes).toBe(
      staged.files.reduce((n, f) => n + f.bytes, 0),
    );
    expect(progress.some((e) => e.type === 'progress' && e.slice === 'c' && e.rows === 30)).toBe(true);
  });

  it('refuses a batch whose Arrow types differ from the plan, leaving nothing staged', async () => {
    const store = memoryStore();
    const wrong = canonicalColumn({ name: 'ID', dataType: 'INTEGER_4', nullable: false });
    const note = idColumns[1]!;
    const bad = recordBatchFromValues(
      [wrong, note],
      [
        [1, 2],
        ['a', 'b'],
      ],
    );
    const err = await runNativeTransport({
      plan: testPlan(idColumns),
      table: sourceTable(idColumns),
      frontend: fakeFrontend([
        { id: 'ok', batches: [idBatch([5])] },
        { id: 'bad', batches: [bad] },
      ]),
      store,
      events: NULL_EVENTS,
    }).catch((e: unknown) => e);
    expect(isGoeError(err) && err.code).toBe('INTERNAL');
    expect((err as GoeError).message).toMatch(/column ID/);
    expect(store.objects.size).toBe(0);
  });

  it("refuses NULLs in a NOT NULL column with GOE's message", async () => {
    const id = canonicalColumn({ name: 'ID', dataType: 'INTEGER_8', nullable: true });
    const withNull = recordBatchFromValues(
      [id, idColumns[1]!],
      [
        [1n, null],
        ['a', 'b'],
      ],
    );
    const err = await runNativeTransport({
      plan: testPlan(idColumns),
      table: sourceTable(idColumns),
      frontend: fakeFrontend([{ id: 'n', batches: [withNull] }]),
      store: memoryStore(),
      events: NULL_EVENTS,
    }).catch((e: unknown) => e);
    expect(isGoeError(err) && err.code).toBe('VALIDATION_MISMATCH');
    expect((err as Error).message).toBe('NOT NULL column has NULL values: ID');
  });

  it('stops every slice on the first failure and deletes what the run staged', async () => {
    const store = memoryStore();
    const frontend = fakeFrontend([
      { id: 'fast', batches: [idBatch([1])] },
      { id: 'slow', batches: chunks(idBatch(Array.from({ length: 100 }, (_, i) => i)), 1), delayMs: 5 },
      { id: 'boom', batches: [idBatch([2])], failWith: new Error('source connection lost') },
    ]);
    await expect(
      runNativeTransport({
        plan: testPlan(idColumns, {}, 3),
        table: sourceTable(idColumns),
        frontend,
        store,
        events: NULL_EVENTS,
      }),
    ).rejects.toThrow('source connection lost');
    expect(frontend.closed.has('slow')).toBe(true);
    expect(frontend.pulled.get('slow') ?? 0).toBeLessThan(100);
    expect(store.objects.size).toBe(0);
    expect(store.writing.size).toBe(0);
  });

  it('stops on abort with ABORTED and stages nothing', async () => {
    const store = memoryStore();
    const controller = new AbortController();
    const frontend = fakeFrontend([
      { id: 'long', batches: chunks(idBatch(Array.from({ length: 200 }, (_, i) => i)), 1), delayMs: 2 },
    ]);
    setTimeout(() => controller.abort(), 50);
    const err = await runNativeTransport({
      plan: testPlan(idColumns),
      table: sourceTable(idColumns),
      frontend,
      store,
      events: NULL_EVENTS,
      signal: controller.signal,
    }).catch((e: unknown) => e);
    expect(isGoeError(err) && err.code).toBe('ABORTED');
    expect(frontend.closed.has('long')).toBe(true);
    expect(store.objects.size).toBe(0);
  });

  it('does not read ahead of a slow store (backpressure)', async () => {
    let open = false;
    const waiters: (() => void)[] = [];
    const store = memoryStore({ gate: () => (open ? Promise.resolve() : new Promise<void>((r) => waiters.push(r))) });
    const note = idColumns[1]!;
    const wide = (ids: number[]) =>
      recordBatchFromValues(
        [idColumns[0]!, note],
        [ids.map(BigInt), ids.map((i) => Array.from({ length: 32 }, (_, k) => noise(i * 32 + k)).join(''))],
      );
    const frontend = fakeFrontend([{ id: 'bp', batches: chunks(wide(Array.from({ length: 400 }, (_, i) => i)), 4) }]);
    const run = runNativeTransport({
      plan: testPlan(idColumns, { rowGroupRows: 8 }),
      table: sourceTable(idColumns),
      frontend,
      store,
      events: NULL_EVENTS,
    });
    await new Promise((r) => setTimeout(r, 300));
    // store blocked: the encoder holds a few encoded row groups and one batch waits; the rest stays unread
    expect(frontend.pulled.get('bp')).toBeLessThanOrEqual(12);
    open = true;
    waiters.splice(0).forEach((w) => w());
    const staged = await run;
    expect(staged.rows).toBe(400);
    expect(frontend.pulled.get('bp')).toBe(100);
  });

  it('refuses invalid staging settings', async () => {
    const input = {
      table: sourceTable(idColumns),
      frontend: fakeFrontend([]),
      store: memoryStore(),
      events: NULL_EVENTS,
    };
    await expect(runNativeTransport({ ...input, plan: testPlan(idColumns, { rowGroupRows: 0 }) })).rejects.toThrow(
      /rowGroupRows/,
    );
    await expect(runNativeTransport({ ...input, plan: testPlan(idColumns, { maxFileBytes: 0 }) })).rejects.toThrow(
      /maxFileBytes/,
    );
    await expect(runNativeTransport({ ...input, plan: testPlan(idColumns, {}, 0) })).rejects.toThrow(/parallelism/);
  });
});

describe('Parquet encoder threads', () => {
  const stage = async (
    encodeThreads: number,
    plan: ReturnType<typeof testPlan>,
    slices: Parameters<typeof fakeFrontend>[0],
  ) => {
    const store = memoryStore();
    const staged = await run(
      { plan, table: sourceTable(plan.columns), frontend: fakeFrontend(slices), store, events: NULL_EVENTS },
      undefined,
      { encodeThreads },
    );
    return staged.files.map((f) => ({ ...f, data: Buffer.from(store.bytes(f.path)) }));
  };

  it('write byte-identical files on worker threads and on the main thread', async () => {
    // the fixtures in small row groups, and rows enough for several worker messages per file (32 Ki rows each)
    const many = Array.from({ length: 70_000 }, (_, i) => i);
    const cases = [
      { plan: testPlan(columns, { rowGroupRows: 4 }), slices: twoSlices() },
      {
        plan: testPlan(idColumns, { rowGroupRows: 20_000, compression: 'SNAPPY' }),
        slices: [
          { id: 'a', batches: chunks(idBatch(many), 5000) },
          { id: 'b', batches: chunks(idBatch(many.slice(0, 123)), 50) },
        ],
      },
    ];
    for (const { plan, slices } of cases) {
      const main = await stage(0, plan, slices);
      for (const threads of [1, 2]) {
        const workers = await stage(threads, plan, slices);
        expect(workers.map((f) => [f.path, f.rows, f.bytes])).toEqual(main.map((f) => [f.path, f.rows, f.bytes]));
        workers.forEach((f, i) => expect(f.data.equals(main[i]!.data)).toBe(true));
      }
    }
  });

  it('fail like the main thread when the store refuses a file, leaving nothing staged', async () => {
    for (const encodeThreads of [0, 1]) {
      const store = memoryStore({ failPut: /b-00001/ });
      const err = await run(
        {
          plan: testPlan(idColumns),
          table: sourceTable(idColumns),
          frontend: fakeFrontend([
            { id: 'a', batches: chunks(idBatch(Array.from({ length: 50 }, (_, i) => i)), 5) },
            { id: 'b', batches: chunks(idBatch(Array.from({ length: 50 }, (_, i) => i)), 5) },
          ]),
          store,
          events: NULL_EVENTS,
        },
        undefined,
        { encodeThreads },
      ).catch((e: unknown) => e);
      expect((err as Error).message).toBe('store refused sh/sales/run-1/b-00001.parquet');
      expect(store.objects.size).toBe(0);
      expect(store.writing.size).toBe(0);
    }
  });

  it('refuses a negative or fractional thread count', async () => {
    const input = {
      plan: testPlan(idColumns),
      table: sourceTable(idColumns),
      frontend: fakeFrontend([]),
      store: memoryStore(),
      events: NULL_EVENTS,
    };
    await expect(run(input, undefined, { encodeThreads: -1 })).rejects.toThrow(/encoder threads/);
    await expect(run(input, undefined, { encodeThreads: 1.5 })).rejects.toThrow(/encoder threads/);
  });

  it('default to one per slice, leaving a core to the main thread', () => {
    expect(defaultEncodeThreads(2, 2)).toBe(1);
    expect(defaultEncodeThreads(2, 8)).toBe(2);
    expect(defaultEncodeThreads(8, 4)).toBe(3);
    expect(defaultEncodeThreads(4, 1)).toBe(0);
    expect(defaultEncodeThreads(1)).toBeLessThanOrEqual(1);
  });
});
