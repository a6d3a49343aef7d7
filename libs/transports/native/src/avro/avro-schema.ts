/**
 * Canonical columns → Avro schema with logical types: decimals as `bytes` + `decimal`, dates as `int` + `date`,
 * timestamps as `long` + `(local-)timestamp-micros|nanos`, times as `long` + `time-micros` (nanosecond times as
 * text), intervals as their exact text (core's `formatInterval`).
 */
import { arrowTypeFor, assertNever, timeUnitForScale, type CanonicalColumn } from '@goe/core';
import type { Decimal } from 'apache-arrow';

/**
 * An Avro type as JSON.
 *
 * @example
 * const t: AvroType = { type: 'long', logicalType: 'timestamp-micros' };
 */
export type AvroType = string | { readonly type: string; readonly [k: string]: unknown } | readonly unknown[];

/**
 * An Avro record field.
 *
 * @example
 * const f: AvroField = { name: '_GOE_SPECIAL_CHAR_COLUMN_1', type: 'long', goeSourceName: 'ORDER-ID' };
 */
export interface AvroField {
  readonly name: string;
  readonly type: AvroType;
  /** The column name when it is not a valid Avro name (GOE's `_GOE_SPECIAL_CHAR_COLUMN_<position>`). */
  readonly goeSourceName?: string;
}

/**
 * The Avro record schema of a staging file.
 *
 * @example
 * const s: AvroRecordSchema = { type: 'record', name: 'sales', fields: [{ name: 'ID', type: 'long' }] };
 */
export interface AvroRecordSchema {
  readonly type: 'record';
  readonly name: string;
  readonly namespace?: string;
  readonly fields: readonly AvroField[];
}

const AVRO_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The staging field name of a column: its own name when valid in Avro, else `_GOE_SPECIAL_CHAR_COLUMN_<n>` with
 * `n` the 1-based column position.
 *
 * @example
 * avroFieldName('ORDER-ID', 3) // '_GOE_SPECIAL_CHAR_COLUMN_3'
 */
export function avroFieldName(name: string, position: number): string {
  return AVRO_NAME.test(name) ? name : `_GOE_SPECIAL_CHAR_COLUMN_${position}`;
}

/**
 * The non-null Avro type of a canonical column.
 *
 * @example
 * avroTypeFor(canonicalColumn({ name: 'AMT', dataType: 'DECIMAL', precision: 12, scale: 2 }))
 * // { type: 'bytes', logicalType: 'decimal', precision: 12, scale: 2 }
 */
export function avroTypeFor(column: CanonicalColumn): AvroType {
  const t = column.dataType;
  switch (t) {
    case 'FIXED_STRING':
    case 'LARGE_STRING':
    case 'VARIABLE_STRING':
    case 'INTERVAL_YM':
    case 'INTERVAL_DS':
    case 'INTERVAL_MDN':
      return 'string';
    case 'BINARY':
    case 'LARGE_BINARY':
      return 'bytes';
    case 'INTEGER_1':
    case 'INTEGER_2':
    case 'INTEGER_4':
      return 'int';
    case 'INTEGER_8':
      return 'long';
    case 'INTEGER_38':
    case 'DECIMAL': {
      const d = arrowTypeFor(column) as Decimal;
      return { type: 'bytes', logicalType: 'decimal', precision: d.precision, scale: d.scale };
    }
    case 'FLOAT':
      return 'float';
    case 'DOUBLE':
      return 'double';
    case 'DATE':
      return { type: 'int', logicalType: 'date' };
    case 'TIME':
      return timeUnitForScale(column.scale) === 'us' ? { type: 'long', logicalType: 'time-micros' } : 'string';
    case 'TIMESTAMP':
      return {
        type: 'long',
        logicalType: `local-timestamp-${timeUnitForScale(column.scale) === 'us' ? 'micros' : 'nanos'}`,
      };
    case 'TIMESTAMP_TZ':
      return { type: 'long', logicalType: `timestamp-${timeUnitForScale(column.scale) === 'us' ? 'micros' : 'nanos'}` };
    case 'BOOLEAN':
      return 'boolean';
    default:
      return assertNever(t, 'canonical type');
  }
}

/**
 * The Avro record schema of a table: nullable columns are `["null", T]` unions.
 *
 * @example
 * avroSchemaFor('sales', 'sh', plan.columns).fields[0] // { name: 'ID', type: 'long' }
 */
export function avroSchemaFor(
  table: string,
  namespace: string | undefined,
  columns: readonly CanonicalColumn[],
): AvroRecordSchema {
  const fields = columns.map((c, i): AvroField => {
    const name = avroFieldName(c.name, i + 1);
    const type = avroTypeFor(c);
    return {
      name,
      type: c.nullable ? ['null', type] : type,
      ...(name === c.name ? {} : { goeSourceName: c.name }),
    };
  });
  const ns = namespace === undefined ? undefined : namespace.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  return {
    type: 'record',
    name: avroFieldName(table.toLowerCase(), 0).replace(/^_GOE_SPECIAL_CHAR_COLUMN_0$/, 'goe_staging'),
    ...(ns === undefined || ns === '' || !/^[a-z_]/.test(ns) ? {} : { namespace: ns }),
    fields,
  };
}
