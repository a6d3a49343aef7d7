/**
 * Per column: the SELECT projection that puts the value on the wire in the binary form its canonical type is
 * decoded from (a cast only where the source type differs), and the decoder writing its Arrow buffers.
 */
import { arrowSchemaFor, assertNever, type CanonicalType, type SourceColumn } from '@goe/core';
import type { DataType, Decimal, Schema } from 'apache-arrow';
import type { PostgresValueOptions } from '../config.js';
import { quoteIdent } from '../quote.js';
import {
  BoolDecoder,
  DateDecoder,
  Int8Decoder,
  Swap2Decoder,
  Swap4Decoder,
  Swap8Decoder,
  TimeNanosDecoder,
  TimestampDecoder,
  VarDecoder,
  type ColumnDecoder,
} from './decoders.js';
import { DecimalDecoder, IntervalDecoder } from './numeric.js';

/** Binary wire forms the decoders read. */
export type WireType =
  | 'int2'
  | 'int4'
  | 'int8'
  | 'numeric'
  | 'float4'
  | 'float8'
  | 'text'
  | 'bpchar'
  | 'bytea'
  | 'date'
  | 'time'
  | 'timestamp'
  | 'timestamptz'
  | 'interval'
  | 'bool'
  | 'other';

/**
 * The wire form of a source type, from its `format_type` text.
 *
 * @example
 * sourceWireType('timestamp(3) with time zone') // 'timestamptz'
 */
export function sourceWireType(dataType: string): WireType {
  const t = dataType.toLowerCase();
  if (t === 'smallint') return 'int2';
  if (t === 'integer') return 'int4';
  if (t === 'bigint') return 'int8';
  if (t === 'real') return 'float4';
  if (t === 'double precision') return 'float8';
  if (t === 'boolean') return 'bool';
  if (t === 'bytea') return 'bytea';
  if (t === 'date') return 'date';
  if (t.startsWith('numeric')) return 'numeric';
  if (t === 'text' || t === 'name' || t.startsWith('character varying')) return 'text';
  if (t === 'bpchar' || t === 'character' || t.startsWith('character(')) return 'bpchar';
  if (t.startsWith('timestamp')) return t.endsWith('with time zone') ? 'timestamptz' : 'timestamp';
  if (t.startsWith('time')) return t.endsWith('with time zone') ? 'other' : 'time';
  if (t.startsWith('interval')) return 'interval';
  return 'other';
}

/**
 * The wire form a canonical type is decoded from.
 *
 * @example
 * targetWireType('TIMESTAMP_TZ') // 'timestamptz'
 */
export function targetWireType(t: CanonicalType): Exclude<WireType, 'bpchar' | 'other'> {
  switch (t) {
    case 'INTEGER_1':
    case 'INTEGER_2':
      return 'int2';
    case 'INTEGER_4':
      return 'int4';
    case 'INTEGER_8':
      return 'int8';
    case 'INTEGER_38':
    case 'DECIMAL':
      return 'numeric';
    case 'FLOAT':
      return 'float4';
    case 'DOUBLE':
      return 'float8';
    case 'FIXED_STRING':
    case 'VARIABLE_STRING':
    case 'LARGE_STRING':
      return 'text';
    case 'BINARY':
    case 'LARGE_BINARY':
      return 'bytea';
    case 'DATE':
      return 'date';
    case 'TIME':
      return 'time';
    case 'TIMESTAMP':
      return 'timestamp';
    case 'TIMESTAMP_TZ':
      return 'timestamptz';
    case 'INTERVAL_DS':
    case 'INTERVAL_YM':
    case 'INTERVAL_MDN':
      return 'interval';
    case 'BOOLEAN':
      return 'bool';
    default:
      return assertNever(t, 'canonical type');
  }
}

/**
 * The projection of one column: the quoted name, cast to the target wire type when the source type differs
 * (e.g. `"doc"::text` for json, `"n"::int8` for `--integer-8-columns` on a numeric).
 *
 * @example
 * projectionFor({ name: 'doc', dataType: 'jsonb', canonical: { dataType: 'LARGE_STRING', … }, … }) // '"doc"::text'
 */
export function projectionFor(column: SourceColumn): string {
  const src = sourceWireType(column.dataType);
  const target = targetWireType(column.canonical.dataType);
  const q = quoteIdent(column.name);
  if (src === target || (target === 'text' && src === 'bpchar')) return q;
  return `${q}::${target}`;
}

function decoderFor(column: SourceColumn, type: DataType, options: PostgresValueOptions): ColumnDecoder {
  const name = column.name;
  const t = column.canonical.dataType;
  const ctx = { ...options, name };
  switch (t) {
    case 'INTEGER_1':
      return new Int8Decoder(type, name);
    case 'INTEGER_2':
      return new Swap2Decoder(type, name);
    case 'INTEGER_4':
    case 'FLOAT':
      return new Swap4Decoder(type, name);
    case 'INTEGER_8':
    case 'DOUBLE':
      return new Swap8Decoder(type, name);
    case 'INTEGER_38':
    case 'DECIMAL': {
      const d = type as Decimal;
      return new DecimalDecoder(type, ctx, d.precision, d.scale, d.bitWidth === 256 ? 8 : 4);
    }
    case 'FIXED_STRING':
    case 'VARIABLE_STRING':
    case 'BINARY':
      return new VarDecoder(type, name, false);
    case 'LARGE_STRING':
    case 'LARGE_BINARY':
      return new VarDecoder(type, name, true);
    case 'DATE':
      return new DateDecoder(type, ctx);
    case 'TIME':
      return (column.canonical.scale ?? 6) > 6 ? new TimeNanosDecoder(type, name) : new Swap8Decoder(type, name);
    case 'TIMESTAMP':
    case 'TIMESTAMP_TZ':
      return new TimestampDecoder(type, ctx, (column.canonical.scale ?? 6) > 6);
    case 'INTERVAL_DS':
    case 'INTERVAL_YM':
    case 'INTERVAL_MDN':
      return new IntervalDecoder(type, name, t);
    case 'BOOLEAN':
      return new BoolDecoder(type, name);
    default:
      return assertNever(t, 'canonical type');
  }
}

/** Everything extraction needs for a table's columns. */
export interface ExtractionColumns {
  /** Exactly `arrowSchemaFor(canonical columns)`. */
  readonly schema: Schema;
  readonly projections: readonly string[];
  /** Fresh decoders (one set per COPY stream). */
  decoders(): ColumnDecoder[];
}

/**
 * Projections, the Arrow schema and decoder factories for a table's columns.
 *
 * @throws GoeError `TYPE_UNSUPPORTED` from `arrowSchemaFor` (e.g. an unsized DECIMAL)
 * @example
 * const cols = extractionColumns(table.columns, settings);
 * selectSql(cols.projections, from, where);
 */
export function extractionColumns(columns: readonly SourceColumn[], options: PostgresValueOptions): ExtractionColumns {
  const schema = arrowSchemaFor(columns.map((c) => c.canonical));
  return {
    schema,
    projections: columns.map(projectionFor),
    decoders: () => columns.map((c, i) => decoderFor(c, schema.fields[i]!.type as DataType, options)),
  };
}
