/**
 * Exact conversion between canonical JS values ({@link CanonicalValue}) and Apache Arrow columns in the types
 * `@goe/core` assigns (`arrowTypeFor`). Reading goes through the raw buffers (Arrow JS's `get()` turns timestamps
 * into lossy millisecond numbers), so nanoseconds, 256-bit decimals and pre-1970 values come back exactly.
 */
import {
  makeData,
  makeVector,
  RecordBatch,
  Struct,
  Table,
  TimeUnit,
  Type,
  type Data,
  type DataType,
  type Schema,
  type Vector,
} from 'apache-arrow';
import { arrowSchemaFor, arrowTypeFor, ARROW_CANONICAL_TYPE_KEY, GoeError, type CanonicalColumn } from '@goe/core';
import {
  canonicalText,
  formatDecimal,
  isDateValue,
  parseDate,
  parseTimestamp,
  toDecimalValue,
  toEpochNanos,
  type CanonicalValue,
  type DateValue,
} from './values.js';

const UNIT_NS: Record<number, bigint> = {
  [TimeUnit.SECOND]: 1_000_000_000n,
  [TimeUnit.MILLISECOND]: 1_000_000n,
  [TimeUnit.MICROSECOND]: 1_000n,
  [TimeUnit.NANOSECOND]: 1n,
};

const UNIT_NAME: Record<number, string> = {
  [TimeUnit.SECOND]: 's',
  [TimeUnit.MILLISECOND]: 'ms',
  [TimeUnit.MICROSECOND]: 'us',
  [TimeUnit.NANOSECOND]: 'ns',
};

/**
 * A short, exact description of an Arrow type, for equality checks and messages.
 *
 * @example
 * arrowTypeSignature(new Decimal(10, 38, 128)) // 'Decimal128(38,10)'
 * arrowTypeSignature(new Timestamp(TimeUnit.NANOSECOND, 'UTC')) // 'Timestamp(ns,UTC)'
 */
export function arrowTypeSignature(type: DataType): string {
  const t = type as DataType & {
    bitWidth?: number;
    precision?: number;
    scale?: number;
    unit?: number;
    timezone?: string | null;
    isSigned?: boolean;
  };
  switch (type.typeId) {
    case Type.Decimal:
      return `Decimal${t.bitWidth}(${t.precision},${t.scale})`;
    case Type.Timestamp:
      return `Timestamp(${UNIT_NAME[t.unit!]},${t.timezone ?? ''})`;
    case Type.Time:
      return `Time${t.bitWidth}(${UNIT_NAME[t.unit!]})`;
    case Type.Int:
      return `${t.isSigned ? 'Int' : 'Uint'}${t.bitWidth}`;
    default:
      return String(type);
  }
}

/**
 * Differences between an Arrow schema and the expected one (field count, names, exact types, nullability and the
 * `goe:type` metadata); empty when they are equal.
 *
 * @example
 * schemaDifferences(batch.schema, arrowSchemaFor(columns)) // []
 */
export function schemaDifferences(actual: Schema, expected: Schema): string[] {
  const out: string[] = [];
  if (actual.fields.length !== expected.fields.length) {
    out.push(`${actual.fields.length} fields, expected ${expected.fields.length}`);
  }
  expected.fields.forEach((e, i) => {
    const a = actual.fields[i];
    if (!a) return;
    if (a.name !== e.name) out.push(`field ${i}: name ${a.name}, expected ${e.name}`);
    const at = arrowTypeSignature(a.type);
    const et = arrowTypeSignature(e.type);
    if (at !== et) out.push(`field ${e.name}: type ${at}, expected ${et}`);
    if (a.nullable !== e.nullable) out.push(`field ${e.name}: nullable ${a.nullable}, expected ${e.nullable}`);
    const am = a.metadata.get(ARROW_CANONICAL_TYPE_KEY);
    const em = e.metadata.get(ARROW_CANONICAL_TYPE_KEY);
    if (am !== em)
      out.push(`field ${e.name}: metadata ${ARROW_CANONICAL_TYPE_KEY}=${String(am)}, expected ${String(em)}`);
  });
  return out;
}

function readWords(values: Uint32Array, at: number, words: number): bigint {
  let x = 0n;
  for (let k = words - 1; k >= 0; k--) x = (x << 32n) | BigInt(values[at + k]!);
  if ((values[at + words - 1]! & 0x80000000) !== 0) x -= 1n << BigInt(32 * words);
  return x;
}

function writeWords(target: Uint32Array, at: number, words: number, value: bigint) {
  let x = value < 0n ? value + (1n << BigInt(32 * words)) : value;
  for (let k = 0; k < words; k++) {
    target[at + k] = Number(x & 0xffffffffn);
    x >>= 32n;
  }
}

/** Decodes every value of one Arrow `Data` chunk into `out`. */
function decodeData(data: Data, out: CanonicalValue[]): void {
  const t = data.type as DataType & { bitWidth: number; scale: number; unit: number };
  const n = data.length;
  const values = data.values as ArrayLike<number | bigint>;
  const each = (f: (i: number) => CanonicalValue) => {
    for (let i = 0; i < n; i++) out.push(data.getValid(i) ? f(i) : null);
  };
  switch (data.typeId) {
    case Type.Int:
      if (t.bitWidth === 64) each((i) => BigInt(values[i]!));
      else each((i) => Number(values[i]));
      return;
    case Type.Float:
      if (t.bitWidth === 16 || (data.type as { precision?: number }).precision === 0) {
        const v = makeVector(data);
        each((i) => v.get(i) as number);
      } else each((i) => values[i] as number);
      return;
    case Type.Decimal: {
      const words = t.bitWidth / 32;
      const raw = data.values as Uint32Array;
      each((i) => formatDecimal({ unscaled: readWords(raw, i * words, words), scale: t.scale }, t.scale));
      return;
    }
    case Type.Date:
      // DateDay holds days; DateMillisecond milliseconds
      if ((data.type as { unit?: number }).unit === 0) each((i): DateValue => ({ days: Number(values[i]) }));
      else each((i): DateValue => ({ days: Math.floor(Number(values[i]) / 86_400_000) }));
      return;
    case Type.Time:
    case Type.Timestamp: {
      const mult = UNIT_NS[t.unit]!;
      each((i) => BigInt(values[i]!) * mult);
      return;
    }
    case Type.Utf8:
    case Type.LargeUtf8:
    case Type.Binary:
    case Type.LargeBinary:
    case Type.FixedSizeBinary:
    case Type.Bool:
    case Type.Null: {
      const v = makeVector(data);
      each((i) => v.get(i) as CanonicalValue);
      return;
    }
    default:
      throw new GoeError('TYPE_UNSUPPORTED', `Arrow type ${String(data.type)} has no canonical value`);
  }
}

/**
 * Every value of an Arrow vector as canonical JS values (see the table in `values.ts`): `bigint` for Int64,
 * decimal text for Decimal128/256, {@link DateValue} for dates, `bigint` nanoseconds for times and timestamps,
 * `Uint8Array` for binaries, `null` for NULL.
 *
 * @example
 * arrowVectorValues(batch.getChild('C_TIMESTAMP_NS')!) // [null, 1704164645123456789n, …]
 */
export function arrowVectorValues(vector: Vector): CanonicalValue[] {
  const out: CanonicalValue[] = [];
  for (const data of vector.data) decodeData(data, out);
  return out;
}

/**
 * One value of an Arrow vector, exactly (see {@link arrowVectorValues}).
 *
 * @example
 * readArrowValue(batch.getChild('ID')!, 0) // 0n
 */
export function readArrowValue(vector: Vector, index: number): CanonicalValue {
  let i = index;
  for (const data of vector.data) {
    if (i < data.length) {
      const out: CanonicalValue[] = [];
      decodeData(data.slice(i, 1), out);
      return out[0];
    }
    i -= data.length;
  }
  throw new GoeError('INTERNAL', `Row ${index} is beyond the ${vector.length} rows of the vector`);
}

function lossy(column: CanonicalColumn, value: CanonicalValue, why: string): GoeError {
  const shown = typeof value === 'bigint' ? `${value}n` : String(canonicalText(column, value));
  return new GoeError('VALIDATION_MISMATCH', `Column ${column.name}: ${shown} ${why}`, { column: column.name });
}

function exactDivide(column: CanonicalColumn, value: CanonicalValue, ns: bigint, unit: bigint): bigint {
  if (ns % unit !== 0n) throw lossy(column, value, `is finer than the column's Arrow unit`);
  return ns / unit;
}

function toTimeNanos(column: CanonicalColumn, value: CanonicalValue): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'string') return parseTimestamp(`1970-01-01T${value}`);
  throw new GoeError('VALIDATION_MISMATCH', `Column ${column.name}: not a time of day: ${String(value)}`, {
    column: column.name,
  });
}

function encodeAll(strings: readonly (string | Uint8Array | null)[], large: boolean) {
  const enc = new TextEncoder();
  const parts = strings.map((s) => (s === null ? null : typeof s === 'string' ? enc.encode(s) : s));
  const total = parts.reduce((n, p) => n + (p?.length ?? 0), 0);
  const data = new Uint8Array(total);
  const offsets = large ? new BigInt64Array(parts.length + 1) : new Int32Array(parts.length + 1);
  if (!large && total > 0x7fffffff)
    throw new GoeError('VALIDATION_MISMATCH', 'More than 2 GiB in one 32-bit-offset Arrow column');
  let at = 0;
  parts.forEach((p, i) => {
    if (p) data.set(p, at);
    at += p?.length ?? 0;
    offsets[i + 1] = (large ? BigInt(at) : at) as never;
  });
  return { data, offsets };
}

/**
 * An Arrow vector of a canonical column from exact JS values, in the Arrow type `arrowTypeFor(column)` assigns.
 * Values are converted without loss or refused.
 *
 * @throws GoeError `VALIDATION_MISMATCH` when a value does not fit the column (too many digits, finer than the
 *   Arrow time unit, out of range).
 * @example
 * arrowVectorFromValues(canonicalColumn({ name: 'N', dataType: 'DECIMAL', precision: 38, scale: 10 }), ['1.5', null])
 */
export function arrowVectorFromValues(column: CanonicalColumn, values: readonly CanonicalValue[]): Vector {
  const type = arrowTypeFor(column) as DataType & { bitWidth: number; precision: number; scale: number; unit: number };
  const length = values.length;
  const nullBitmap = new Uint8Array(Math.ceil(length / 8));
  let nullCount = 0;
  values.forEach((v, i) => {
    if (v === null || v === undefined) nullCount++;
    else nullBitmap[i >> 3]! |= 1 << (i & 7);
  });
  const present = (f: (v: CanonicalValue, i: number) => void) =>
    values.forEach((v, i) => {
      if (v !== null && v !== undefined) f(v, i);
    });
  const common = { type, length, nullCount, nullBitmap };
  switch (type.typeId) {
    case Type.Utf8:
    case Type.LargeUtf8: {
      const texts = values.map((v) => (v === null || v === undefined ? null : canonicalText(column, v)));
      const { data, offsets } = encodeAll(texts, type.typeId === Type.LargeUtf8);
      return makeVector(makeData({ ...common, type, data, valueOffsets: offsets } as never));
    }
    case Type.Binary:
    case Type.LargeBinary: {
      const bytes = values.map((v) => {
        if (v === null || v === undefined) return null;
        if (!(v instanceof Uint8Array)) throw lossy(column, v, 'is not a Uint8Array');
        return v;
      });
      const { data, offsets } = encodeAll(bytes, type.typeId === Type.LargeBinary);
      return makeVector(makeData({ ...common, type, data, valueOffsets: offsets } as never));
    }
    case Type.Int: {
      const bits = type.bitWidth;
      const data =
        bits === 8
          ? new Int8Array(length)
          : bits === 16
            ? new Int16Array(length)
            : bits === 32
              ? new Int32Array(length)
              : new BigInt64Array(length);
      const min = -(1n << BigInt(bits - 1));
      const max = (1n << BigInt(bits - 1)) - 1n;
      present((v, i) => {
        const d = toDecimalValue(v, column.dataType);
        const text = formatDecimal(d);
        if (text.includes('.')) throw lossy(column, v, 'is not an integer');
        const n = BigInt(text);
        if (n < min || n > max) throw lossy(column, v, `is out of the Int${bits} range`);
        data[i] = (bits === 64 ? n : Number(n)) as never;
      });
      return makeVector(makeData({ ...common, data } as never));
    }
    case Type.Decimal: {
      const words = type.bitWidth / 32;
      const data = new Uint32Array(length * words);
      const limit = 10n ** BigInt(type.precision);
      present((v, i) => {
        const d = toDecimalValue(v, column.dataType);
        let unscaled = d.unscaled;
        if (d.scale > type.scale) {
          const f = 10n ** BigInt(d.scale - type.scale);
          if (unscaled % f !== 0n) throw lossy(column, v, `has more than ${type.scale} fractional digits`);
          unscaled /= f;
        } else unscaled *= 10n ** BigInt(type.scale - d.scale);
        if (unscaled >= limit || unscaled <= -limit) throw lossy(column, v, `has more than ${type.precision} digits`);
        writeWords(data, i * words, words, unscaled);
      });
      return makeVector(makeData({ ...common, data } as never));
    }
    case Type.Float: {
      const data =
        (type as { precision?: number }).precision === 1 ? new Float32Array(length) : new Float64Array(length);
      present((v, i) => {
        const n = typeof v === 'number' ? v : Number(canonicalText(column, v));
        if (data instanceof Float32Array && !Number.isNaN(n) && Math.fround(n) !== n)
          throw lossy(column, v, 'is not a single-precision value');
        data[i] = n;
      });
      return makeVector(makeData({ ...common, data } as never));
    }
    case Type.Date: {
      const data = new Int32Array(length);
      present((v, i) => {
        data[i] = isDateValue(v)
          ? v.days
          : typeof v === 'string'
            ? parseDate(v).days
            : Number(exactDivide(column, v, toEpochNanos(v), 86_400_000_000_000n));
      });
      return makeVector(makeData({ ...common, data } as never));
    }
    case Type.Time:
    case Type.Timestamp: {
      const unit = UNIT_NS[type.unit]!;
      const data = new BigInt64Array(length);
      const min = -(1n << 63n);
      const max = (1n << 63n) - 1n;
      present((v, i) => {
        const ns = type.typeId === Type.Time ? toTimeNanos(column, v) : toEpochNanos(v);
        const raw = exactDivide(column, v, ns, unit);
        if (raw < min || raw > max) throw lossy(column, v, `is out of the 64-bit ${UNIT_NAME[type.unit]} range`);
        data[i] = raw;
      });
      return makeVector(makeData({ ...common, data } as never));
    }
    case Type.Bool: {
      const data = new Uint8Array(Math.ceil(length / 8));
      present((v, i) => {
        if (canonicalText(column, v) === 'true') data[i >> 3]! |= 1 << (i & 7);
      });
      return makeVector(makeData({ ...common, data } as never));
    }
    default:
      throw new GoeError('INTERNAL', `No Arrow builder for ${String(type)}`);
  }
}

/**
 * A record batch in the canonical Arrow schema (`arrowSchemaFor(columns)`) from one value array per column.
 *
 * @example
 * recordBatchFromValues([idColumn, nameColumn], [[0n, 1n], ['a', null]]).numRows // 2
 */
export function recordBatchFromValues(
  columns: readonly CanonicalColumn[],
  values: readonly (readonly CanonicalValue[])[],
): RecordBatch {
  const schema = arrowSchemaFor(columns);
  const length = values[0]?.length ?? 0;
  const children = columns.map((c, i) => {
    const v = values[i] ?? [];
    if (v.length !== length)
      throw new GoeError('INTERNAL', `Column ${c.name} has ${v.length} values, expected ${length}`);
    return arrowVectorFromValues(c, v).data[0]!;
  });
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length, nullCount: 0, children }));
}

/**
 * A table of one batch (see {@link recordBatchFromValues}).
 *
 * @example
 * tableFromValues(columns, values).numRows
 */
export function tableFromValues(
  columns: readonly CanonicalColumn[],
  values: readonly (readonly CanonicalValue[])[],
): Table {
  return new Table([recordBatchFromValues(columns, values)]);
}
