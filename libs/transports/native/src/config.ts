/**
 * Configuration of the NATIVE transport. Everything it needs comes from the offload plan (parallelism, batch
 * rows, staging format, compression, row-group rows, file size), which the planner derives from the common
 * variables (`OFFLOAD_TRANSPORT_PARALLELISM`, `OFFLOAD_TRANSPORT_FETCH_SIZE`, `OFFLOAD_STAGING_FORMAT`,
 * `OFFLOAD_COMPRESS_LOAD_TABLE`); it declares no variable of its own.
 */
import { defineConfigSchema } from '@goe/core';

/**
 * The config schema of `@goe/transport-native` (group `transport-native`, no variables of its own).
 *
 * @example
 * loadConfig({ schemas: [COMMON_CONFIG, NATIVE_TRANSPORT_CONFIG] });
 */
export const NATIVE_TRANSPORT_CONFIG = defineConfigSchema({
  group: 'transport-native',
  title: 'NATIVE transport (in-process extraction to Parquet/Avro staging files)',
  variables: [],
});
