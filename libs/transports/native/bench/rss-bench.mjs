#!/usr/bin/env node
/**
 * RSS benchmark (a script, not a test): a synthetic table shaped like the reference table of
 * shared/docs/performance.md (11 columns: bigint, int, numeric(12,2), numeric(38,10), float8, varchar(30), ~40-char
 * text, date, timestamp, timestamptz, boolean; NULLs in every nullable column) goes through the NATIVE transport
 * into local Parquet staging files, then into a DuckDB typed table (stage load, validate staged, validate casts,
 * final load). Peak RSS must stay flat from 1 M to 10 M rows.
 *
 * Needs the packages built: `(cd libs/core && npx tsup)`, and the same in libs/storage/local,
 * libs/transports/native and libs/backends/duckdb.
 *
 * Usage (from the repository root):
 *   node libs/transports/native/bench/rss-bench.mjs --compare 1000000,10000000   # each size in a child under /usr/bin/time -v
 *   node libs/transports/native/bench/rss-bench.mjs --rows 1000000                # one run in this process
 * Defaults are the settings of the published numbers (transport README).
 * Options: --dir <scratch dir> (default: a temp dir, removed afterwards; with --dir the staged files are kept and
 *   --transport-only / --load-only run one half), --trace (RSS and wasm memory every million rows), --parallelism 2, --batch-rows 8192,
 *   --row-group-rows 32768, --max-file-mb 256, --compression ZSTD|SNAPPY|NONE, --memory-limit 32MB (DuckDB), --threads 2,
 *   --encode-threads N (OFFLOAD_TRANSPORT_ENCODE_THREADS; default: unset, the transport's default).
 * `wasm memory MB` is the main thread's parquet-wasm instance (encoder workers have their own, freed at the end of
 * the transport).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { clearInterval, setImmediate, setInterval } from 'node:timers';
import { fileURLToPath } from 'node:url';
import { makeData, RecordBatch, Struct } from 'apache-arrow';
import { wasmMemory } from 'parquet-wasm';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string' },
    compare: { type: 'string' },
    dir: { type: 'string' },
    parallelism: { type: 'string', default: '2' },
    'batch-rows': { type: 'string', default: '8192' },
    'row-group-rows': { type: 'string', default: '32768' },
    'max-file-mb': { type: 'string', default: '256' },
    compression: { type: 'string', default: 'ZSTD' },
    'memory-limit': { type: 'string', default: '32MB' },
    threads: { type: 'string', default: '2' },
    'encode-threads': { type: 'string' },
    'transport-only': { type: 'boolean', default: false },
    'load-only': { type: 'boolean', default: false },
    trace: { type: 'boolean', default: false },
  },
});

/** Runs each row count in a child process under /usr/bin/time -v and prints one table. */
async function compare(sizes) {
  const self = fileURLToPath(import.meta.url);
  const passOn = [
    'parallelism',
    'batch-rows',
    'row-group-rows',
    'max-file-mb',
    'compression',
    'memory-limit',
    'threads',
    'encode-threads',
  ].flatMap((k) => (args[k] === undefined ? [] : [`--${k}`, args[k]]));
  const timeV = existsSync('/usr/bin/time');
  const results = [];
  for (const rows of sizes) {
    const cmd = timeV ? '/usr/bin/time' : process.execPath;
    const argv = [...(timeV ? ['-v', process.execPath] : []), self, '--rows', String(rows), ...passOn];
    const child = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    process.stderr.write(child.stdout);
    if (child.status !== 0) {
      process.stderr.write(child.stderr);
      throw new Error(`run of ${rows} rows failed (exit ${child.status})`);
    }
    const json = JSON.parse(
      child.stdout
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .at(-1),
    );
    const maxRss = /Maximum resident set size \(kbytes\): (\d+)/.exec(child.stderr)?.[1];
    const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)/.exec(child.stderr)?.[1];
    results.push({ ...json, timeMaxRssMb: maxRss ? Math.round(Number(maxRss) / 1024) : undefined, timeWall: wall });
  }
  console.log(
    '\n| rows | staged files | staged MB | transport s | rows/s | validate s | load s | total s | RSS after imports MB | peak RSS transport MB | peak RSS load MB | peak RSS (time -v) MB | wasm memory MB |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    console.log(
      `| ${r.rows.toLocaleString('en')} | ${r.files} | ${r.stagedMb} | ${r.transportS} | ${Math.round(r.rows / r.transportS).toLocaleString('en')} | ${r.validateS} | ${r.loadS} | ${r.totalS} | ${r.baselineRssMb} | ${r.peakRssTransportMb} | ${r.peakRssLoadMb} | ${r.timeMaxRssMb ?? '?'} | ${r.wasmMemoryMb} |`,
    );
  }
  console.log(`\nsettings: ${JSON.stringify(results[0]?.settings)}`);
}

/** Samples RSS every 50 ms; `peak()` returns the highest value since the last `reset()`. */
function rssSampler() {
  let peak = 0;
  const sample = () => (peak = Math.max(peak, process.memoryUsage.rss()));
  const timer = setInterval(sample, 50);
  timer.unref();
  return {
    peak: () => (sample(), peak),
    reset: () => (peak = 0),
    stop: () => clearInterval(timer),
  };
}

const mb = (bytes) => Math.round(bytes / (1024 * 1024));
const secs = (ms) => Math.round(ms / 100) / 10;

async function runOnce(rows) {
  const [{ openLocalStore }, { nativeTransport }, { duckdbBackend }, core] = await Promise.all([
    import('@goe/storage-local'),
    import('@goe/transport-native'),
    import('@goe/backend-duckdb'),
    import('@goe/core'),
  ]);
  const settings = {
    parallelism: Number(args.parallelism),
    batchRows: Number(args['batch-rows']),
    rowGroupRows: Number(args['row-group-rows']),
    maxFileBytes: Number(args['max-file-mb']) * 1024 * 1024,
    compression: args.compression,
    duckdbMemoryLimit: args['memory-limit'],
    duckdbThreads: Number(args.threads),
    ...(args['encode-threads'] === undefined ? {} : { encodeThreads: Number(args['encode-threads']) }),
  };
  const dir = args.dir ?? (await mkdtemp(join(tmpdir(), 'goe-rss-bench-')));
  const baselineRss = process.memoryUsage.rss();
  const rss = rssSampler();
  const columns = benchColumns(core.canonicalColumn);
  const plan = {
    planVersion: 1,
    source: { frontend: 'synthetic', owner: 'BENCH', table: 'SALES' },
    target: { backend: 'duckdb', database: 'bench', table: 'sales' },
    columns,
    scope: { kind: 'full' },
    transport: { method: 'NATIVE', parallelism: settings.parallelism, batchRows: settings.batchRows },
    staging: {
      format: 'PARQUET',
      compression: settings.compression,
      prefix: 'bench/sales/run-1',
      maxFileBytes: settings.maxFileBytes,
      rowGroupRows: settings.rowGroupRows,
    },
    allow: { decimalScaleRounding: false, floatingPointConversions: false, nanosecondTimestamps: false },
    notices: [],
  };
  const config = configOf({
    DUCKDB_DATABASE: join(dir, 'warehouse', 'bench.duckdb'),
    DUCKDB_MEMORY_LIMIT: settings.duckdbMemoryLimit,
    DUCKDB_THREADS: String(settings.duckdbThreads),
    ...(settings.encodeThreads === undefined ? {} : { OFFLOAD_TRANSPORT_ENCODE_THREADS: settings.encodeThreads }),
  });
  const ctx = { config, events: core.NULL_EVENTS };
  const t0 = performance.now();
  try {
    const store = await openLocalStore({ root: join(dir, 'staging') });
    const frontend = syntheticFrontend(rows, settings.parallelism, core.arrowSchemaFor(columns));
    const table = {
      owner: 'BENCH',
      name: 'SALES',
      columns: columns.map((c) => ({ ...c, canonical: c })),
      primaryKey: ['ID'],
      partitioning: core.UNPARTITIONED,
    };
    let nextTrace = 1_000_000;
    const events = {
      emit(e) {
        if (!args.trace || e.type !== 'progress' || e.slice !== undefined || e.rows < nextTrace) return;
        nextTrace += 1_000_000;
        process.stderr.write(
          `rows ${e.rows} rss ${mb(process.memoryUsage.rss())} MB wasm ${mb(wasmMemory().buffer.byteLength)} MB heap ${mb(process.memoryUsage().heapUsed)} MB ext ${mb(process.memoryUsage().arrayBuffers)} MB\n`,
        );
      },
    };
    const stagedJson = join(dir, 'staged.json');
    const staged = args['load-only']
      ? JSON.parse(await readFile(stagedJson, 'utf8'))
      : await nativeTransport.run({ plan, table, frontend, store, events }, ctx);
    if (args.dir) await writeFile(stagedJson, JSON.stringify(staged));
    if (args['transport-only']) {
      console.log(
        JSON.stringify({
          rows,
          files: staged.files.length,
          transportS: secs(performance.now() - t0),
          peakRssTransportMb: mb(rss.peak()),
          wasmMemoryMb: mb(wasmMemory().buffer.byteLength),
        }),
      );
      return;
    }
    const t1 = performance.now();
    const peakTransport = rss.peak();
    rss.reset();

    const step = (name) =>
      args.trace &&
      process.stderr.write(`${name}: peak RSS ${mb(rss.peak())} MB, now ${mb(process.memoryUsage.rss())} MB\n`);
    const session = await duckdbBackend.connect(ctx);
    const chunk = { number: 1, files: staged, scope: plan.scope };
    await session.createDatabase('bench');
    await session.dropTable('bench', 'sales');
    await session.createTable(plan);
    await session.stageLoad(plan, chunk);
    step('connect + createTable + stageLoad');
    const v = await session.validateStaged(plan, chunk);
    step('validateStaged');
    const c = await session.validateCasts(plan, chunk);
    step('validateCasts');
    if (!v.ok || !c.ok) throw new Error(`validation failed: ${v.message} / ${c.message}`);
    const t2 = performance.now();
    const loaded = await session.finalLoad(plan, chunk);
    step('finalLoad');
    await session.dropStaged(plan, chunk);
    const counted = await session.count('bench', 'sales');
    const sanity = await session.aggregate('bench', 'sales', [
      { column: 'ID', fn: 'max' },
      { column: 'AMOUNT', fn: 'min' },
      { column: 'AMOUNT', fn: 'max' },
      { column: 'UPDATED', fn: 'max' },
    ]);
    await session.close();
    const t3 = performance.now();
    if (loaded !== BigInt(rows) || counted !== BigInt(rows))
      throw new Error(`loaded ${loaded}, counted ${counted}, expected ${rows}`);
    const result = {
      rows,
      files: staged.files.length,
      stagedMb: mb(staged.files.reduce((n, f) => n + f.bytes, 0)),
      transportS: secs(t1 - t0),
      validateS: secs(t2 - t1),
      loadS: secs(t3 - t2),
      totalS: secs(t3 - t0),
      baselineRssMb: mb(baselineRss),
      peakRssTransportMb: mb(peakTransport),
      peakRssLoadMb: mb(rss.peak()),
      wasmMemoryMb: mb(wasmMemory().buffer.byteLength),
      sanity,
      settings,
    };
    console.log(JSON.stringify(result));
  } finally {
    rss.stop();
    if (!args.dir) await rm(dir, { recursive: true, force: true });
  }
}

function configOf(values) {
  return {
    get: (name) => values[name],
    require: (name) => values[name],
    keys: () => Object.keys(values),
    mask: (t) => t,
  };
}

/** The reference table's columns as canonical columns. */
function benchColumns(col) {
  return [
    col({ name: 'ID', dataType: 'INTEGER_8', nullable: false }),
    col({ name: 'QTY', dataType: 'INTEGER_4' }),
    col({ name: 'AMOUNT', dataType: 'DECIMAL', precision: 12, scale: 2 }),
    col({ name: 'BIG', dataType: 'DECIMAL', precision: 38, scale: 10 }),
    col({ name: 'RATIO', dataType: 'DOUBLE' }),
    col({ name: 'CODE', dataType: 'VARIABLE_STRING', charLength: 30 }),
    col({ name: 'NOTE', dataType: 'LARGE_STRING' }),
    col({ name: 'SALE_DATE', dataType: 'DATE' }),
    col({ name: 'CREATED', dataType: 'TIMESTAMP', scale: 6 }),
    col({ name: 'UPDATED', dataType: 'TIMESTAMP_TZ', scale: 6 }),
    col({ name: 'FLAG', dataType: 'BOOLEAN' }),
  ];
}

/** A frontend that generates `rows` rows split into `parallelism` id ranges, straight into Arrow buffers. */
function syntheticFrontend(rows, parallelism, schema) {
  const per = Math.ceil(rows / parallelism);
  return {
    serverVersion: async () => 'synthetic',
    describeTable: async () => {
      throw new Error('not used');
    },
    snapshot: async () => ({ kind: 'none', id: '-', release: async () => {} }),
    planSlices: async (_t, scope, n) =>
      Array.from({ length: n }, (_, i) => ({
        id: `s${i}`,
        method: 'id_range',
        scope,
        params: { lo: i * per, hi: Math.min(rows, (i + 1) * per) },
        rowEstimate: Math.max(0, Math.min(rows, (i + 1) * per) - i * per),
      })),
    async *extract(_t, slice, options) {
      const { lo, hi } = slice.params;
      const size = options?.batchRows ?? 16384;
      for (let start = lo; start < hi; start += size) {
        if (options?.signal?.aborted) throw options.signal.reason;
        yield syntheticBatch(schema, start, Math.min(size, hi - start));
        // let other slices and the encoder run, as a driver reading a socket would
        await new Promise((r) => setImmediate(r));
      }
    },
    count: async () => BigInt(rows),
    aggregate: async () => ({}),
    renderPredicate: () => ({ sql: '', params: [] }),
    close: async () => {},
  };
}

const WORDS = [
  'alpha',
  'bravo',
  'charlie',
  'delta',
  'echo',
  'foxtrot',
  'golf',
  'hotel',
  'india',
  'juliet',
  'kilo',
  'lima',
];

function validity(n, isNull) {
  const bitmap = new Uint8Array(Math.ceil(n / 8));
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    if (isNull(i)) nulls++;
    else bitmap[i >> 3] |= 1 << (i & 7);
  }
  return { nullBitmap: bitmap, nullCount: nulls };
}

/** Variable-width ASCII text written straight into the UTF-8 buffer (no per-value encoder call). */
function strings(type, n, text, isNull) {
  const large = String(type) === 'LargeUtf8';
  const offsets = large ? new BigInt64Array(n + 1) : new Int32Array(n + 1);
  let data = new Uint8Array(n * 48);
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (!isNull(i)) {
      const t = text(i);
      if (total + t.length > data.length) {
        const grown = new Uint8Array(Math.max(data.length * 2, total + t.length));
        grown.set(data);
        data = grown;
      }
      for (let k = 0; k < t.length; k++) data[total + k] = t.charCodeAt(k);
      total += t.length;
    }
    offsets[i + 1] = large ? BigInt(total) : total;
  }
  return makeData({ type, length: n, valueOffsets: offsets, data: data.subarray(0, total), ...validity(n, isNull) });
}

/** Sets a 64-bit little-endian integer (a safe JS number) as two 32-bit words. */
function setWords(words, at, v) {
  const lo = v % 4294967296;
  const hi = Math.floor(v / 4294967296);
  words[at] = lo >>> 0;
  words[at + 1] = hi >>> 0;
}

/** Decimal128 values from safe JS integers (unscaled), sign-extended to 128 bits without BigInt. */
function decimal128(type, n, unscaled, isNull) {
  const words = new Uint32Array(n * 4);
  for (let i = 0; i < n; i++) {
    if (isNull(i)) continue;
    const v = unscaled(i);
    const neg = v < 0;
    const mag = neg ? -v : v;
    // two's complement of |v| over 128 bits: invert and add one (v is below 2^53)
    let lo = mag % 4294967296;
    let hi = Math.floor(mag / 4294967296);
    if (neg) {
      lo = (~lo >>> 0) + 1;
      hi = ~hi >>> 0;
      if (lo > 0xffffffff) {
        lo = 0;
        hi = (hi + 1) >>> 0;
      }
    }
    words[i * 4] = lo >>> 0;
    words[i * 4 + 1] = hi;
    words[i * 4 + 2] = neg ? 0xffffffff : 0;
    words[i * 4 + 3] = neg ? 0xffffffff : 0;
  }
  return makeData({ type, length: n, data: words, ...validity(n, isNull) });
}

const DAY_US = 86_400_000_000;

function syntheticBatch(schema, start, n) {
  const t = (name) => schema.fields.find((f) => f.name === name).type;
  const nul = (k) => (i) => (start + i) % k === 0;
  const id = new Uint32Array(n * 2);
  const qty = new Int32Array(n);
  const ratio = new Float64Array(n);
  const day = new Int32Array(n);
  const created = new Uint32Array(n * 2);
  const updated = new Uint32Array(n * 2);
  const flag = new Uint8Array(Math.ceil(n / 8));
  for (let i = 0; i < n; i++) {
    const r = start + i;
    setWords(id, i * 2, r);
    qty[i] = (r * 7) % 1000;
    ratio[i] = (r % 1000) / 7;
    day[i] = 10_957 + (r % 9000);
    const us = day[i] * DAY_US + ((r * 1_000_003) % DAY_US);
    setWords(created, i * 2, us);
    setWords(updated, i * 2, us + 3_600_000_000);
    if (r % 3 === 0) flag[i >> 3] |= 1 << (i & 7);
  }
  const children = [
    makeData({ type: t('ID'), length: n, data: new BigInt64Array(id.buffer) }),
    makeData({ type: t('QTY'), length: n, data: qty, ...validity(n, nul(17)) }),
    decimal128(t('AMOUNT'), n, (i) => (((start + i) * 12_345) % 10_000_000_000) - 5_000_000_000, nul(19)),
    decimal128(t('BIG'), n, (i) => (start + i) * 1_000_003 * 100 + ((start + i) % 997), nul(23)),
    makeData({ type: t('RATIO'), length: n, data: ratio, ...validity(n, nul(29)) }),
    strings(t('CODE'), n, (i) => `C-${(start + i) % 50_000}`, nul(31)),
    strings(
      t('NOTE'),
      n,
      (i) => `${WORDS[(start + i) % 12]} ${WORDS[(start + i * 7) % 12]} note number ${start + i} of the bench`,
      nul(37),
    ),
    makeData({ type: t('SALE_DATE'), length: n, data: day, ...validity(n, nul(41)) }),
    makeData({ type: t('CREATED'), length: n, data: new BigInt64Array(created.buffer), ...validity(n, nul(43)) }),
    makeData({ type: t('UPDATED'), length: n, data: new BigInt64Array(updated.buffer), ...validity(n, nul(47)) }),
    makeData({ type: t('FLAG'), length: n, data: flag, ...validity(n, nul(53)) }),
  ];
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: n, nullCount: 0, children }));
}

// Dispatch last: the helpers above (module constants included) are initialized by now.
if (args.compare) await compare(args.compare.split(',').map(Number));
else await runOnce(Number(args.rows ?? 1_000_000));
