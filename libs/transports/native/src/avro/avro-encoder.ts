/**
 * Avro staging files through avsc's block encoder (codec `deflate` when compressing, else `null`), with exact
 * values: 64-bit longs as bigint, decimals as two's-complement bytes, timestamps as raw micro/nanoseconds.
 * avsc needs one object per row, so this path is slower than Parquet (performance.md: ~80 k rows/s).
 */
import { once } from 'node:events';
import avsc from 'avsc';
import type { Data, RecordBatch } from 'apache-arrow';
import { assertNever, timeUnitForScale, type CanonicalColumn, type StagingStore } from '@goe/core';
import {
  bigintReader,
  boolReader,
  bytesReader,
  decimalReader,
  decimalToBytes,
  numberReader,
  stringReader,
  type ValueReader,
} from '../arrow-values.js';
import { countBytes, type FileEncoder, type FileEncoderFactory } from '../file-encoder.js';
import type { AvroRecordSchema, AvroType } from './avro-schema.js';

/**
 * Avro `long` as exact bigint (avsc's default refuses values beyond 2^53).
 *
 * @example
 * BIGINT_LONG.toBuffer(9223372036854775807n)
 */
export const BIGINT_LONG = avsc.types.LongType.__with({
  fromBuffer: (buf: Buffer) => buf.readBigInt64LE(),
  toBuffer: (n: bigint) => {
    const buf = Buffer.alloc(8);
    buf.writeBigInt64LE(n);
    return buf;
  },
  fromJSON: (v: unknown) => BigInt(v as string),
  toJSON: (n: bigint) => n.toString(),
  isValid: (n: unknown) => typeof n === 'bigint',
  compare: (a: bigint, b: bigint) => (a === b ? 0 : a < b ? -1 : 1),
});

/**
 * Parses an Avro schema with exact (bigint) longs (logical types included) and wrapped unions
 * (`{ long: 1n }`: avsc cannot pick a union branch for a bigint by itself). Use it to read staged files back.
 *
 * @example
 * avroType(schema).fromBuffer(buf) // { ID: 1n, NOTE: { string: 'x' } }
 */
export function avroType(schema: AvroRecordSchema): avsc.Type {
  return avsc.Type.forSchema(
    schema as unknown as avsc.Schema,
    {
      wrapUnions: true,
      typeHook: (s: avsc.Schema) =>
        s === 'long' || (typeof s === 'object' && s !== null && (s as { type?: unknown }).type === 'long')
          ? BIGINT_LONG
          : undefined,
    } as Partial<avsc.ForSchemaOptions>,
  );
}

/** The union branch name of a column's non-null Avro type (`long`, `bytes`, `string`…). */
function branchName(type: AvroType): string {
  return typeof type === 'string' ? type : (type as { type: string }).type;
}

function nsTimeText(ns: bigint): string {
  const s = ns / 1_000_000_000n;
  const frac = (ns % 1_000_000_000n).toString().padStart(9, '0');
  const hh = String(s / 3600n).padStart(2, '0');
  const mm = String((s % 3600n) / 60n).padStart(2, '0');
  const ss = String(s % 60n).padStart(2, '0');
  return `${hh}:${mm}:${ss}.${frac}`;
}

function map<T, U>(read: ValueReader<T>, f: (v: T) => U): ValueReader<U> {
  return (i) => {
    const v = read(i);
    return v === null ? null : f(v);
  };
}

const toBuffer = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

/**
 * The Avro value reader of one column chunk.
 *
 * @example
 * avroReader(decimalColumn, data)(0) // Buffer of the unscaled two's complement
 */
export function avroReader(column: CanonicalColumn, data: Data): ValueReader<unknown> {
  const t = column.dataType;
  switch (t) {
    case 'FIXED_STRING':
    case 'LARGE_STRING':
    case 'VARIABLE_STRING':
    case 'INTERVAL_YM':
    case 'INTERVAL_DS':
    case 'INTERVAL_MDN':
      return stringReader(data);
    case 'BINARY':
    case 'LARGE_BINARY':
      return map(bytesReader(data), toBuffer);
    case 'INTEGER_1':
    case 'INTEGER_2':
    case 'INTEGER_4':
    case 'FLOAT':
    case 'DOUBLE':
    case 'DATE':
      return numberReader(data);
    case 'INTEGER_8':
    case 'TIMESTAMP':
    case 'TIMESTAMP_TZ':
      return bigintReader(data);
    case 'INTEGER_38':
    case 'DECIMAL':
      return map(decimalReader(data as never), (v) => toBuffer(decimalToBytes(v)));
    case 'TIME':
      return timeUnitForScale(column.scale) === 'us' ? bigintReader(data) : map(bigintReader(data), nsTimeText);
    case 'BOOLEAN':
      return boolReader(data);
    default:
      return assertNever(t, 'canonical type');
  }
}

class AvroEncoder implements FileEncoder {
  bytes = 0;
  private readonly encoder: InstanceType<typeof avsc.streams.BlockEncoder>;
  private readonly stored: Promise<number>;
  private failed: unknown;

  constructor(
    store: StagingStore,
    path: string,
    type: avsc.Type,
    private readonly columns: readonly CanonicalColumn[],
    private readonly names: readonly string[],
    private readonly branches: readonly (string | undefined)[],
    schema: AvroRecordSchema,
    codec: 'deflate' | 'null',
  ) {
    this.encoder = new avsc.streams.BlockEncoder(type, { codec });
    // avsc writes `type.getSchema()` into the header, which drops logical types; the header must carry the
    // schema as declared (decimal precision/scale, timestamp units), so hand it the original JSON.
    (this.encoder as unknown as { _schema: unknown })._schema = schema;
    this.stored = store.put(
      path,
      countBytes(this.encoder, (n) => (this.bytes += n)),
    );
    this.stored.catch((e: unknown) => {
      this.failed = e;
      this.encoder.destroy(e as Error);
    });
  }

  async write(batch: RecordBatch): Promise<void> {
    const readers = this.columns.map((c, i) => avroReader(c, batch.data.children[i]!));
    for (let row = 0; row < batch.numRows; row++) {
      if (this.failed !== undefined) throw this.failed;
      const record: Record<string, unknown> = {};
      for (let c = 0; c < readers.length; c++) {
        const v = readers[c]!(row);
        const branch = this.branches[c];
        record[this.names[c]!] = v === null || branch === undefined ? v : { [branch]: v };
      }
      if (!this.encoder.write(record)) await Promise.race([once(this.encoder, 'drain'), this.stored]);
    }
  }

  async end(): Promise<number> {
    this.encoder.end();
    return this.stored;
  }

  async abort(reason: unknown): Promise<void> {
    this.encoder.destroy(reason instanceof Error ? reason : new Error(String(reason)));
    await this.stored.catch(() => undefined);
  }
}

/**
 * A factory of Avro file encoders writing to `store`.
 *
 * @example
 * const open = avroEncoderFactory(store, avroSchemaFor('sales', 'sh', columns), columns, 'deflate');
 */
export function avroEncoderFactory(
  store: StagingStore,
  schema: AvroRecordSchema,
  columns: readonly CanonicalColumn[],
  codec: 'deflate' | 'null',
): FileEncoderFactory {
  const type = avroType(schema);
  const names = schema.fields.map((f) => f.name);
  const branches = schema.fields.map((f) =>
    Array.isArray(f.type) ? branchName((f.type as AvroType[])[1]!) : undefined,
  );
  return (path) => new AvroEncoder(store, path, type, columns, names, branches, schema, codec);
}
