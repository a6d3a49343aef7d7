/**
 * `@goe/transport-native`: GOE's in-process NATIVE transport (alias `QUERY_IMPORT`): Arrow batches from a
 * frontend into Parquet or Avro staging files.
 *
 * @packageDocumentation
 */
export { nativeTransport } from './native-transport.js';
export { NATIVE_TRANSPORT_CONFIG, nativeTransportOptions } from './config.js';
export {
  runNativeTransport,
  defaultEncodeThreads,
  MAX_ROW_GROUP_ROWS,
  TRANSPORT_BUFFER_BUDGET,
  type NativeTransportOptions,
} from './run.js';
export { stagingFileName, safeSliceId } from './naming.js';
export {
  avroSchemaFor,
  avroTypeFor,
  avroFieldName,
  type AvroRecordSchema,
  type AvroField,
  type AvroType,
} from './avro/avro-schema.js';
export { avroType } from './avro/avro-encoder.js';
export { PARQUET_CREATED_BY } from './parquet/parquet-encoder.js';
