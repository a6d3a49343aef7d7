import { describe, expect, it } from 'vitest';
import { canonicalColumn, COMMON_CONFIG, isAdapter, loadConfig, NULL_EVENTS } from '@goe/core';
import { recordBatchFromValues } from '@goe/conformance';
import {
  NATIVE_TRANSPORT_CONFIG,
  nativeTransport,
  nativeTransportOptions,
  safeSliceId,
  stagingFileName,
} from '../src/index.js';
import { decimalToBytes } from '../src/arrow-values.js';
import { config, fakeFrontend, sourceTable, testPlan } from './support/harness.js';
import { memoryStore } from './support/memory-store.js';

describe('nativeTransport adapter', () => {
  it('is a branded NATIVE transport, also known as QUERY_IMPORT, always available', async () => {
    expect(isAdapter(nativeTransport, 'transport')).toBe(true);
    expect(nativeTransport.name).toBe('native');
    expect(nativeTransport.aliases).toContain('query_import');
    expect(nativeTransport.capabilities).toEqual({
      method: 'NATIVE',
      parallel: true,
      staging: { schemes: '*', formats: ['PARQUET', 'AVRO'] },
      reads: 'session',
    });
    expect(await nativeTransport.available({ config: config(), events: NULL_EVENTS })).toEqual({ ok: true });
  });

  it('runs through the adapter and honours the context signal', async () => {
    const id = canonicalColumn({ name: 'ID', dataType: 'INTEGER_8', nullable: false });
    const input = {
      plan: testPlan([id]),
      table: sourceTable([id]),
      frontend: fakeFrontend([{ id: 'a', batches: [recordBatchFromValues([id], [[1n, 2n]])] }]),
      store: memoryStore(),
      events: NULL_EVENTS,
    };
    const staged = await nativeTransport.run(input, { config: config(), events: NULL_EVENTS });
    expect(staged.rows).toBe(2);
    const signal = AbortSignal.abort();
    await expect(nativeTransport.run(input, { config: config(), events: NULL_EVENTS, signal })).rejects.toMatchObject({
      code: 'ABORTED',
    });
  });
});

describe('OFFLOAD_TRANSPORT_ENCODE_THREADS', () => {
  const load = (env: Record<string, string>) =>
    loadConfig({ schemas: [COMMON_CONFIG, NATIVE_TRANSPORT_CONFIG], env, offloadHome: '/nonexistent', file: false });

  it('is unset by default (the transport picks), an integer from 0 otherwise', () => {
    expect(nativeTransportOptions(load({}))).toEqual({});
    expect(nativeTransportOptions(load({ OFFLOAD_TRANSPORT_ENCODE_THREADS: '0' }))).toEqual({ encodeThreads: 0 });
    expect(nativeTransportOptions(load({ OFFLOAD_TRANSPORT_ENCODE_THREADS: '3' }))).toEqual({ encodeThreads: 3 });
    expect(() => load({ OFFLOAD_TRANSPORT_ENCODE_THREADS: '-1' })).toThrow(/OFFLOAD_TRANSPORT_ENCODE_THREADS/);
    expect(() => load({ OFFLOAD_TRANSPORT_ENCODE_THREADS: 'many' })).toThrow(/OFFLOAD_TRANSPORT_ENCODE_THREADS/);
  });

  it('reaches the transport through the adapter context', async () => {
    const id = canonicalColumn({ name: 'ID', dataType: 'INTEGER_8', nullable: false });
    const input = {
      plan: testPlan([id]),
      table: sourceTable([id]),
      frontend: fakeFrontend([{ id: 'a', batches: [recordBatchFromValues([id], [[1n, 2n]])] }]),
      store: memoryStore(),
      events: NULL_EVENTS,
    };
    // the harness config hands values over as given; the loader would have made numbers of them
    const threads = (n: number) => config({ OFFLOAD_TRANSPORT_ENCODE_THREADS: n as unknown as string });
    for (const n of [0, 1]) {
      const ctx = { config: threads(n), events: NULL_EVENTS };
      expect((await nativeTransport.run(input, ctx)).rows).toBe(2);
    }
    // a value the config loader would refuse reaches runNativeTransport's own check
    await expect(nativeTransport.run(input, { config: threads(-2), events: NULL_EVENTS })).rejects.toThrow(
      /encoder threads/,
    );
  });
});

describe('staging file names', () => {
  it('are <prefix>/<slice>-<seq>.<ext>, with unsafe slice characters replaced', () => {
    expect(stagingFileName('sh/sales/run-7/', 's0', 1, 'parquet')).toBe('sh/sales/run-7/s0-00001.parquet');
    expect(stagingFileName('', 'p 2024/01', 12, 'avro')).toBe('p_2024_01-00012.avro');
    expect(safeSliceId('..x')).toBe('_x');
    expect(safeSliceId('')).toBe('_');
  });
});

describe('decimal bytes', () => {
  it.each([
    [0n, [0]],
    [1n, [1]],
    [-1n, [0xff]],
    [127n, [0x7f]],
    [128n, [0x00, 0x80]],
    [-128n, [0x80]],
    [-129n, [0xff, 0x7f]],
    [10n ** 38n - 1n, [0x4b, 0x3b, 0x4c, 0xa8, 0x5a, 0x86, 0xc4, 0x7a, 0x09, 0x8a, 0x22, 0x3f, 0xff, 0xff, 0xff, 0xff]],
  ])("%s is minimal two's complement big-endian", (v, bytes) => {
    expect([...decimalToBytes(v)]).toEqual(bytes);
  });
});
