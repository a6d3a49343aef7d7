/**
 * Configuration of the NATIVE transport. What to extract and how to stage it comes from the offload plan
 * (parallelism, batch rows, staging format, compression, row-group rows, file size), which the planner derives
 * from the common variables (`OFFLOAD_TRANSPORT_PARALLELISM`, `OFFLOAD_TRANSPORT_FETCH_SIZE`,
 * `OFFLOAD_STAGING_FORMAT`, `OFFLOAD_COMPRESS_LOAD_TABLE`); the transport's own variable says where Parquet is
 * encoded.
 */
import { defineConfigSchema, type ResolvedConfig } from '@goe/core';
import type { NativeTransportOptions } from './run.js';

/**
 * The config schema of `@goe/transport-native` (group `transport-native`).
 *
 * | Variable | Default | Meaning |
 * |---|---|---|
 * | OFFLOAD_TRANSPORT_ENCODE_THREADS | parallelism, at most cores − 1 (0 on one core) | worker threads encoding Parquet; 0 = the main thread |
 *
 * @example
 * loadConfig({ schemas: [COMMON_CONFIG, NATIVE_TRANSPORT_CONFIG] }).get('OFFLOAD_TRANSPORT_ENCODE_THREADS'); // undefined
 */
export const NATIVE_TRANSPORT_CONFIG = defineConfigSchema({
  group: 'transport-native',
  title: 'NATIVE transport (in-process extraction to Parquet/Avro staging files)',
  variables: [
    {
      name: 'OFFLOAD_TRANSPORT_ENCODE_THREADS',
      type: 'integer',
      min: 0,
      max: 64,
      description:
        'Worker threads that encode the Parquet staging files of the NATIVE transport, so that reading and decoding ' +
        'the source keeps the main thread; each open file is encoded on one of them. 0 encodes on the main thread. ' +
        'Unset: OFFLOAD_TRANSPORT_PARALLELISM, at most the number of CPU cores minus one (0 on a single core).',
    },
  ],
});

/**
 * The transport options a resolved configuration gives.
 *
 * @example
 * nativeTransportOptions(ctx.config) // { encodeThreads: 0 } with OFFLOAD_TRANSPORT_ENCODE_THREADS=0, else {}
 */
export function nativeTransportOptions(config: ResolvedConfig): NativeTransportOptions {
  const threads = config.get<number>('OFFLOAD_TRANSPORT_ENCODE_THREADS');
  return threads === undefined ? {} : { encodeThreads: threads };
}
