/**
 * Parquet encoding on worker threads. The main thread (where the frontend decodes the source stream) groups a
 * file's Arrow batches, serializes each group once to an Arrow IPC stream and transfers it to the worker that
 * encodes the file; the worker turns it into parquet-wasm batches, runs `transformParquetStream` and transfers the
 * encoded bytes back, which the main thread hands to `StagingStore.put`.
 *
 * The worker is an eval'd CommonJS script that `require`s parquet-wasm by the absolute path this module resolves,
 * so it loads the same way from the TypeScript sources (vitest), the ESM and CJS builds and a bundle (the CLI):
 * there is no worker file to locate next to the code.
 *
 * Backpressure: at most {@link MAX_IN_FLIGHT} groups per file are sent and not yet taken by the encoder, and no
 * group is sent while {@link MAX_QUEUED_CHUNKS} encoded chunks wait for the store; a group holds at most
 * `min(rowGroupRows, GROUP_ROWS)` rows or {@link GROUP_BYTES} bytes. So memory per open file is one group being
 * filled, the groups in flight, the row group the worker builds and a few encoded chunks.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { AsyncByteQueue, RecordBatchStreamWriter, type Data, type RecordBatch } from 'apache-arrow';
import type { StagingStore } from '@goe/core';
import type { FileEncoder, FileEncoderFactory } from '../file-encoder.js';
import { writerSettings, type ParquetEncoderOptions, type WriterSettings } from './writer-settings.js';

/**
 * Groups sent to a worker and not yet taken by its encoder, per file.
 *
 * @example
 * MAX_IN_FLIGHT // 2
 */
export const MAX_IN_FLIGHT = 2;
/**
 * Encoded chunks waiting for the store before the next group is held back, per file.
 *
 * @example
 * MAX_QUEUED_CHUNKS // 1
 */
export const MAX_QUEUED_CHUNKS = 1;
/**
 * Most rows of one group (one Arrow IPC message to a worker); also at most `rowGroupRows`.
 *
 * @example
 * GROUP_ROWS // 32768
 */
export const GROUP_ROWS = 32_768;
/**
 * A group is sent once its Arrow buffers reach this many bytes.
 *
 * @example
 * GROUP_BYTES // 4194304
 */
export const GROUP_BYTES = 4 * 1024 * 1024;

/**
 * The encoder worker (CommonJS, evaluated by `new Worker(source, { eval: true })`). Messages in:
 * `{ op: 'open', id, settings }`, `{ op: 'batch', id, ipc }`, `{ op: 'end', id }`, `{ op: 'abort', id }`; out:
 * `{ id, op: 'taken', buffer }` (a group's batches are in the encoder; its IPC buffer goes back for reuse),
 * `{ id, op: 'chunk', bytes }`, `{ id, op: 'done' }`, `{ id, op: 'error', message }`. The writer properties are
 * built exactly as in `parquet-encoder.ts`.
 */
const WORKER_SOURCE = `'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const parquet = require(workerData.parquetWasm);
const files = new Map();

function writerProperties(s) {
  return new parquet.WriterPropertiesBuilder()
    .setCompression(parquet.Compression[s.codec])
    .setMaxRowGroupSize(s.rowGroupRows)
    .setStatisticsEnabled(parquet.EnabledStatistics[s.statistics])
    .setDictionaryEnabled(s.dictionary)
    .setCreatedBy(s.createdBy)
    .build();
}

function message(e) {
  return e instanceof Error ? e.message : String(e);
}

function wake(file) {
  const resolve = file.demand;
  file.demand = undefined;
  if (resolve) resolve();
}

function fail(file, e) {
  if (file.dead) return;
  file.dead = true;
  file.pending.length = 0;
  try {
    file.controller.error(e);
  } catch {}
  wake(file);
  parentPort.postMessage({ id: file.id, op: 'error', message: message(e) });
}

function open(id, settings) {
  const file = { id, controller: undefined, demand: undefined, pending: [], pumping: false, dead: false };
  const input = new ReadableStream(
    {
      start(c) {
        file.controller = c;
      },
      pull() {
        wake(file);
      },
    },
    { highWaterMark: 1 },
  );
  files.set(id, file);
  let properties;
  try {
    properties = writerProperties(settings);
  } catch (e) {
    fail(file, e);
    return;
  }
  parquet
    .transformParquetStream(input, properties)
    .then(async (output) => {
      const reader = output.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (file.dead) continue;
        const bytes = value.byteOffset === 0 && value.byteLength === value.buffer.byteLength ? value : value.slice();
        parentPort.postMessage({ id, op: 'chunk', bytes }, [bytes.buffer]);
      }
      if (!file.dead) parentPort.postMessage({ id, op: 'done' });
    })
    .catch((e) => fail(file, e))
    .finally(() => {
      file.dead = true;
      wake(file);
      files.delete(id);
    });
}

async function pump(file) {
  if (file.pumping) return;
  file.pumping = true;
  try {
    while (file.pending.length > 0 && !file.dead) {
      const msg = file.pending.shift();
      if (msg.op === 'end') {
        file.controller.close();
        continue;
      }
      const table = parquet.Table.fromIPCStream(msg.ipc);
      let batches;
      try {
        batches = table.recordBatches();
      } finally {
        table.free();
      }
      const buffer = msg.ipc.buffer;
      for (const batch of batches) {
        while (!file.dead && (file.controller.desiredSize ?? 0) <= 0) {
          await new Promise((resolve) => {
            file.demand = resolve;
          });
        }
        if (file.dead) batch.free();
        else file.controller.enqueue(batch);
      }
      if (!file.dead) parentPort.postMessage({ id: file.id, op: 'taken', buffer }, [buffer]);
    }
  } catch (e) {
    fail(file, e);
  } finally {
    file.pumping = false;
  }
}

parentPort.on('message', (msg) => {
  if (msg.op === 'open') return open(msg.id, msg.settings);
  const file = files.get(msg.id);
  if (file === undefined || file.dead) return;
  if (msg.op === 'abort') return fail(file, new Error('aborted'));
  file.pending.push(msg);
  void pump(file);
});
`;

/** A message from an encoder worker. */
type FromWorker =
  | { readonly id: number; readonly op: 'done' }
  | { readonly id: number; readonly op: 'taken'; readonly buffer: ArrayBuffer }
  | { readonly id: number; readonly op: 'chunk'; readonly bytes: Uint8Array }
  | { readonly id: number; readonly op: 'error'; readonly message: string };

/** A message to an encoder worker. */
type ToWorker =
  | { readonly op: 'open'; readonly id: number; readonly settings: WriterSettings }
  | { readonly op: 'batch'; readonly id: number; readonly ipc: Uint8Array }
  | { readonly op: 'end' | 'abort'; readonly id: number };

/** Where parquet-wasm's CommonJS entry is, resolved from this module (ESM, CJS or bundled). */
function parquetWasmPath(): string {
  const from = typeof __filename === 'string' ? __filename : import.meta.url;
  return createRequire(from).resolve('parquet-wasm');
}

/** One worker thread and the files it encodes. */
class EncodeWorker {
  private readonly worker: Worker;
  private readonly files = new Map<number, (m: FromWorker) => void>();
  private closing = false;
  private broken: Error | undefined;

  constructor(parquetWasm: string) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { parquetWasm } });
    this.worker.on('message', (m: FromWorker) => this.files.get(m.id)?.(m));
    this.worker.on('error', (e: Error) => this.breakWith(e));
    this.worker.on('exit', (code) => this.breakWith(new Error(`Parquet encoder worker exited with code ${code}`)));
  }

  /** Files open on this worker. */
  get load(): number {
    return this.files.size;
  }

  /** Registers a file's message handler and opens it in the worker. */
  open(id: number, settings: WriterSettings, onMessage: (m: FromWorker) => void): void {
    if (this.broken) throw this.broken;
    this.files.set(id, onMessage);
    this.post({ op: 'open', id, settings });
  }

  /** Stops delivering a file's messages. */
  release(id: number): void {
    this.files.delete(id);
  }

  post(message: ToWorker, transfer: ArrayBuffer[] = []): void {
    if (this.broken) throw this.broken;
    this.worker.postMessage(message, transfer);
  }

  async terminate(): Promise<void> {
    this.closing = true;
    await this.worker.terminate();
  }

  private breakWith(e: Error): void {
    if (this.closing || this.broken) return;
    this.broken = e;
    for (const [id, handler] of [...this.files]) handler({ id, op: 'error', message: e.message });
    this.files.clear();
  }

  get healthy(): boolean {
    return this.broken === undefined;
  }
}

/**
 * Up to `size` encoder workers, started on demand; each new file goes to the worker with the fewest open files.
 * `close()` terminates them (and frees their wasm memory).
 *
 * @example
 * const pool = new EncodeWorkerPool(2);
 * try { await runWith(parquetEncoderFactory(store, options, pool)); } finally { await pool.close(); }
 */
export class EncodeWorkerPool {
  private readonly workers: EncodeWorker[] = [];
  private parquetWasm: string | undefined;
  private nextId = 1;

  constructor(readonly size: number) {}

  /** Opens a file on the least loaded worker. @internal */
  open(settings: WriterSettings, onMessage: (m: FromWorker) => void): { worker: EncodeWorker; id: number } {
    for (let i = this.workers.length - 1; i >= 0; i--) if (!this.workers[i]!.healthy) this.workers.splice(i, 1);
    let worker = this.workers.reduce<EncodeWorker | undefined>((a, w) => (a && a.load <= w.load ? a : w), undefined);
    if (worker === undefined || (worker.load > 0 && this.workers.length < this.size)) {
      this.parquetWasm ??= parquetWasmPath();
      worker = new EncodeWorker(this.parquetWasm);
      this.workers.push(worker);
    }
    const id = this.nextId++;
    worker.open(id, settings, onMessage);
    return { worker, id };
  }

  async close(): Promise<void> {
    const all = this.workers.splice(0);
    await Promise.all(all.map((w) => w.terminate()));
  }
}

/**
 * An Arrow IPC sink writing into one growable buffer that is reused from group to group (the writer's own sink
 * would join its chunks into a new buffer each time: one fresh allocation, page faults included, per group).
 */
class IpcSink extends AsyncByteQueue {
  length = 0;
  constructor(public bytes: Uint8Array) {
    super();
  }

  override write(value: Uint8Array): void {
    const end = this.length + value.byteLength;
    if (end > this.bytes.byteLength) {
      const grown = new Uint8Array(Math.max(end, this.bytes.byteLength * 2));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    this.bytes.set(value, this.length);
    this.length = end;
  }
}

/**
 * Serializes batches as one Arrow IPC stream (schema, batches, end-of-stream), like `tableToIPC`, into `buffer`
 * when it is large enough (else into a new buffer of `size` bytes, grown as needed); returns a view of the bytes.
 *
 * @example
 * toIpcStream(table.batches, new ArrayBuffer(1 << 20), 1 << 20) // same bytes as tableToIPC(table, 'stream')
 * @internal
 */
export function toIpcStream(batches: readonly RecordBatch[], buffer: ArrayBuffer, size: number): Uint8Array {
  const sink = new IpcSink(new Uint8Array(buffer.byteLength >= size ? buffer : new ArrayBuffer(size)));
  const writer = new RecordBatchStreamWriter({ autoDestroy: false });
  writer.reset(sink, batches[0]!.schema);
  for (const b of batches) writer.write(b);
  writer.finish();
  return sink.bytes.subarray(0, sink.length);
}

/** Bytes of an Arrow `Data` and its children (values, offsets, validity). */
function dataBytes(data: Data): number {
  let n = (data.values?.byteLength ?? 0) + (data.valueOffsets?.byteLength ?? 0) + (data.nullBitmap?.byteLength ?? 0);
  for (const child of data.children) n += dataBytes(child);
  return n;
}

class WorkerParquetEncoder implements FileEncoder {
  bytes = 0;
  private readonly worker: EncodeWorker;
  private readonly id: number;
  private readonly groupRows: number;
  private group: RecordBatch[] = [];
  private rows = 0;
  private size = 0;
  private inFlight = 0;
  /** IPC buffers the worker gave back. */
  private readonly free: ArrayBuffer[] = [];
  private readonly output: Uint8Array[] = [];
  private done = false;
  private failed: Error | undefined;
  private aborted: { reason: unknown } | undefined;
  private waiters: (() => void)[] = [];
  private readonly stored: Promise<number>;

  constructor(store: StagingStore, path: string, options: ParquetEncoderOptions, pool: EncodeWorkerPool) {
    this.groupRows = Math.min(options.rowGroupRows, GROUP_ROWS);
    const opened = pool.open(writerSettings(options), (m) => this.onMessage(m));
    this.worker = opened.worker;
    this.id = opened.id;
    this.stored = store.put(path, this.chunks());
    this.stored.catch((e: unknown) => {
      this.failed ??= e instanceof Error ? e : new Error(String(e));
      this.notify();
    });
  }

  private onMessage(m: FromWorker): void {
    switch (m.op) {
      case 'taken':
        this.inFlight--;
        this.free.push(m.buffer);
        break;
      case 'chunk':
        this.output.push(m.bytes);
        break;
      case 'done':
        this.done = true;
        this.worker.release(this.id);
        break;
      case 'error':
        this.failed ??= new Error(m.message);
        this.worker.release(this.id);
        break;
    }
    this.notify();
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private changed(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private check(): void {
    if (this.aborted) throw this.aborted.reason;
    if (this.failed) throw this.failed;
  }

  /** The encoded bytes, as the store consumes them; fails after an abort or an encoder error. */
  private async *chunks(): AsyncGenerator<Uint8Array> {
    for (;;) {
      this.check();
      const chunk = this.output.shift();
      if (chunk !== undefined) {
        this.bytes += chunk.byteLength;
        this.notify();
        yield chunk;
      } else if (this.done) {
        this.check();
        return;
      } else {
        await this.changed();
      }
    }
  }

  async write(batch: RecordBatch): Promise<void> {
    this.check();
    this.group.push(batch);
    this.rows += batch.numRows;
    this.size += dataBytes(batch.data);
    if (this.rows >= this.groupRows || this.size >= GROUP_BYTES) await this.flush();
  }

  /** Sends the group once fewer than MAX_IN_FLIGHT are in flight and the store keeps up. */
  private async flush(): Promise<void> {
    if (this.group.length === 0) return;
    while (this.inFlight >= MAX_IN_FLIGHT || this.output.length >= MAX_QUEUED_CHUNKS) {
      this.check();
      await this.changed();
    }
    this.check();
    // IPC adds the schema and a few hundred bytes of metadata per batch to the Arrow buffers
    const ipc = toIpcStream(
      this.group,
      this.free.pop() ?? new ArrayBuffer(0),
      Math.min(this.size, 2 * GROUP_BYTES) + 65_536,
    );
    this.group = [];
    this.rows = 0;
    this.size = 0;
    this.inFlight++;
    this.worker.post({ op: 'batch', id: this.id, ipc }, [ipc.buffer as ArrayBuffer]);
  }

  async end(): Promise<number> {
    await this.flush();
    this.check();
    this.worker.post({ op: 'end', id: this.id });
    return this.stored;
  }

  async abort(reason: unknown): Promise<void> {
    this.aborted = { reason };
    this.group = [];
    this.worker.release(this.id);
    try {
      this.worker.post({ op: 'abort', id: this.id });
    } catch {
      // the worker is gone
    }
    this.notify();
    await this.stored.catch(() => undefined);
  }
}

/**
 * A factory of Parquet encoders running on the workers of `pool`.
 *
 * @example
 * const open = workerParquetEncoderFactory(store, { compression: 'NONE', rowGroupRows: 122_880 }, pool);
 */
export function workerParquetEncoderFactory(
  store: StagingStore,
  options: ParquetEncoderOptions,
  pool: EncodeWorkerPool,
): FileEncoderFactory {
  return (path) => new WorkerParquetEncoder(store, path, options, pool);
}
