/**
 * Checks each batch a frontend yields against the plan's exact Arrow schema (core's canonical → Arrow mapping)
 * and re-labels it with that schema (names, nullability, `goe:type` metadata) without copying data.
 */
import { makeData, RecordBatch, Struct, Type, type DataType, type Schema } from 'apache-arrow';
import { GoeError } from '@goe/core';

/**
 * A comparable signature of an Arrow type: type id plus the attributes that change values (decimal precision,
 * scale and width, time unit, time zone).
 *
 * @example
 * typeSignature(new Decimal(2, 12, 128)) // 'Decimal(12,2,128)'
 */
export function typeSignature(type: DataType): string {
  const t = type as DataType & {
    precision?: number;
    scale?: number;
    bitWidth?: number;
    unit?: number;
    timezone?: string | null;
  };
  switch (type.typeId) {
    case Type.Decimal:
      return `Decimal(${t.precision},${t.scale},${t.bitWidth})`;
    case Type.Timestamp:
      return `Timestamp(${t.unit},${t.timezone ?? ''})`;
    case Type.Time:
      return `Time(${t.unit},${t.bitWidth})`;
    case Type.Int:
      return `Int(${t.bitWidth},${(type as unknown as { isSigned: boolean }).isSigned})`;
    default:
      return `${Type[type.typeId]}:${String(type)}`;
  }
}

/**
 * Returns `batch` re-labelled with `expected` (columns matched by name, case-insensitively, and put in the
 * expected order).
 *
 * @throws GoeError `INTERNAL` when a column is missing or its Arrow type differs (a frontend bug);
 *   `VALIDATION_MISMATCH` "NOT NULL column has NULL values: C" for NULLs in a NOT NULL column.
 * @example
 * const staged = conformBatch(batch, arrowSchemaFor(plan.columns));
 */
export function conformBatch(batch: RecordBatch, expected: Schema): RecordBatch {
  const byName = new Map<string, number>();
  batch.schema.fields.forEach((f, i) => byName.set(f.name.toUpperCase(), i));
  if (batch.schema.fields.length !== expected.fields.length) {
    throw new GoeError(
      'INTERNAL',
      `Frontend batch has ${batch.schema.fields.length} columns, the offload plan ${expected.fields.length} (${expected.fields.map((f) => f.name).join(', ')})`,
    );
  }
  const children = expected.fields.map((field) => {
    const i = byName.get(field.name.toUpperCase());
    if (i === undefined)
      throw new GoeError('INTERNAL', `Frontend batch has no column ${field.name}`, { column: field.name });
    const data = batch.data.children[i]!;
    const got = typeSignature(data.type);
    const want = typeSignature(field.type);
    if (got !== want) {
      throw new GoeError('INTERNAL', `Frontend produced ${got} for column ${field.name}, the plan expects ${want}`, {
        column: field.name,
        hint: `canonical type ${field.metadata.get('goe:type') ?? '?'}; see arrowTypeFor in @goe/core`,
      });
    }
    if (!field.nullable && data.nullCount > 0) {
      throw new GoeError('VALIDATION_MISMATCH', `NOT NULL column has NULL values: ${field.name}`, {
        column: field.name,
      });
    }
    return data;
  });
  const data = makeData({ type: new Struct(expected.fields), length: batch.numRows, nullCount: 0, children });
  return new RecordBatch(expected, data);
}
