/** `defineTransport` wiring of the NATIVE transport (GOE's `QUERY_IMPORT`): capabilities, availability, run. */
import {
  defineTransport,
  type AdapterContext,
  type Availability,
  type StagedFiles,
  type TransportRunInput,
} from '@goe/core';
import { NATIVE_TRANSPORT_CONFIG, nativeTransportOptions } from './config.js';
import { runNativeTransport } from './run.js';

/**
 * The in-process transport: `frontend.extract` → Arrow batches → Parquet (parquet-wasm, exact logical types) or
 * Avro (avsc) staging files, slices in parallel, Parquet encoded on worker threads (`OFFLOAD_TRANSPORT_ENCODE_THREADS`),
 * files rolled over by size, bounded memory.
 * `available()` is always ok (it needs nothing outside this process). Accepted as `NATIVE` or `QUERY_IMPORT`.
 *
 * @example
 * const staged = await nativeTransport.run({ plan, table, frontend, store, events, snapshot }, ctx);
 * staged.files[0]; // { path: 'sh/sales/run-1/s0-00001.parquet', uri: 'file:///…', rows: 65536, bytes: 812345, sliceId: 's0' }
 */
export const nativeTransport = defineTransport({
  kind: 'transport',
  name: 'native',
  aliases: ['query_import'],
  apiVersion: 1,
  description: 'In-process extraction to Parquet/Avro staging files (GOE QUERY_IMPORT)',
  configSchema: NATIVE_TRANSPORT_CONFIG,
  capabilities: {
    method: 'NATIVE',
    parallel: true,
    // writes through the StagingStore it is handed, so to any scheme
    staging: { schemes: '*', formats: ['PARQUET', 'AVRO'] },
    reads: 'session',
  },
  available(_ctx: AdapterContext): Promise<Availability> {
    return Promise.resolve({ ok: true });
  },
  run(input: TransportRunInput, ctx: AdapterContext): Promise<StagedFiles> {
    return runNativeTransport(input, ctx.signal, nativeTransportOptions(ctx.config));
  },
});
