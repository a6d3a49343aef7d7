/**
 * Applies a plan's staging encoding (core's `StagingEncoding`) to conformed batches: decimals as their exact text,
 * times and timestamps as plain 64-bit integers in their unit (the same buffer, re-labelled: no copy), binary as
 * base64 text. Columns the encoding leaves alone pass through untouched.
 */
import {
  LargeUtf8,
  makeData,
  RecordBatch,
  Struct,
  Utf8,
  type Data,
  type DataType,
  type Schema,
  type Type,
} from 'apache-arrow';
import { Int64 } from 'apache-arrow';
import { stagingEncodingOf, type CanonicalColumn, type StagingEncoding } from '@goe/core';
import { bytesReader, decimalReader, isValid } from './arrow-values.js';

/**
 * Plain decimal text of an unscaled value: `-12.50` for (-1250n, 2), `12000` for (12n, -3); no exponent.
 *
 * @example
 * decimalText(-1250n, 2) // '-12.50'
 */
export function decimalText(unscaled: bigint, scale: number): string {
  if (scale <= 0) return (unscaled * 10n ** BigInt(-scale)).toString();
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

const encoder = new TextEncoder();

/** A Utf8 (32-bit offsets) or LargeUtf8 (64-bit offsets) column of `length` values from `text(i)` (null: NULL). */
function textData(type: Utf8 | LargeUtf8, source: Data, text: (i: number) => string | null): Data {
  const length = source.length;
  const parts: Uint8Array[] = new Array(length);
  let total = 0;
  for (let i = 0; i < length; i++) {
    const t = text(i);
    const b = t === null ? new Uint8Array(0) : encoder.encode(t);
    parts[i] = b;
    total += b.length;
  }
  const values = new Uint8Array(total);
  const large = type instanceof LargeUtf8;
  const offsets = large ? new BigInt64Array(length + 1) : new Int32Array(length + 1);
  let at = 0;
  for (let i = 0; i < length; i++) {
    values.set(parts[i]!, at);
    at += parts[i]!.length;
    if (large) (offsets as BigInt64Array)[i + 1] = BigInt(at);
    else (offsets as Int32Array)[i + 1] = at;
  }
  return makeData({
    type: type as Utf8,
    length,
    nullCount: source.nullCount,
    nullBitmap: copyValidity(source),
    valueOffsets: offsets as Int32Array,
    data: values,
  });
}

/** The validity bitmap of `data` re-based to offset 0 (undefined when there are no NULLs). */
function copyValidity(data: Data): Uint8Array | undefined {
  if (data.nullCount === 0) return undefined;
  const out = new Uint8Array((data.length + 7) >> 3);
  for (let i = 0; i < data.length; i++) if (isValid(data, i)) out[i >> 3]! |= 1 << (i & 7);
  return out;
}

function encodeColumn(kind: 'decimal' | 'timelike' | 'binary', data: Data): Data {
  switch (kind) {
    case 'decimal': {
      const read = decimalReader(data as Data<DataType<Type.Decimal>>);
      const scale = (data.type as unknown as { scale: number }).scale;
      return textData(new Utf8(), data, (i) => {
        const v = read(i);
        return v === null ? null : decimalText(v, scale);
      });
    }
    case 'timelike':
      return makeData({
        type: new Int64(),
        length: data.length,
        nullCount: data.nullCount,
        nullBitmap: copyValidity(data),
        data: data.values as BigInt64Array,
      });
    case 'binary': {
      const read = bytesReader(data);
      return textData(new LargeUtf8(), data, (i) => {
        const v = read(i);
        return v === null ? null : Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
      });
    }
  }
}

/**
 * Re-encodes a batch conformed to the plan's canonical schema into the staged schema (`arrowSchemaFor(
 * stagedColumns(columns, encoding))`); returns it unchanged when no column is encoded.
 *
 * @example
 * const staged = encodeStagedBatch(conformBatch(batch, schema), plan.columns, plan.staging.encoding, stagedSchema);
 */
export function encodeStagedBatch(
  batch: RecordBatch,
  columns: readonly CanonicalColumn[],
  encoding: StagingEncoding | undefined,
  staged: Schema,
): RecordBatch {
  if (encoding === undefined) return batch;
  const kinds = columns.map((c) => stagingEncodingOf(c, encoding));
  if (kinds.every((k) => k === undefined)) return batch;
  const children = batch.data.children.map((d, i) => {
    const kind = kinds[i];
    return kind === undefined ? d : encodeColumn(kind, d);
  });
  const data = makeData({ type: new Struct(staged.fields), length: batch.numRows, nullCount: 0, children });
  return new RecordBatch(staged, data);
}
