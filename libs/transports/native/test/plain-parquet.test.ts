import { describe, expect, it } from 'vitest';
import { Decimal, Field, makeData, RecordBatch, Schema, Struct, type Data } from 'apache-arrow';
import { arrowSchemaFor, canonicalColumn, isGoeError, type CanonicalColumn, type GoeError } from '@goe/core';
import { collectRows, recordBatchFromValues } from '@goe/conformance';
import { CompactWriter } from '../src/parquet/thrift-compact.js';
import { PAGE_ROWS, plainParquetEncoderFactory } from '../src/parquet/plain-encoder.js';
import { parquetColumnOf, PHYSICAL } from '../src/parquet/plain-columns.js';
import { memoryStore } from './support/memory-store.js';
import { parquetInfo, readParquetTable } from './support/parquet-read.js';

describe('CompactWriter (Thrift compact protocol)', () => {
  it('writes short field headers, zigzag varints, strings and the stop field', () => {
    const w = new CompactWriter();
    w.structBegin();
    w.i32(1, 7);
    w.string(2, 'x');
    w.structEnd();
    expect([...w.bytes()]).toEqual([0x15, 0x0e, 0x18, 0x01, 0x78, 0x00]);
  });

  it('writes long field-id jumps, negatives, booleans, i8/i16/i64 and long lists', () => {
    const w = new CompactWriter();
    w.structBegin();
    w.i32(20, -1); // delta 20 > 15: type byte, then the zigzag id
    w.bool(21, true);
    w.bool(22, false);
    w.i8(23, 255);
    w.i16(24, -2);
    w.i64(25, 2 ** 40);
    w.listField(26, 'i32', 15); // 15 elements: the long list header
    for (let i = 0; i < 15; i++) w.listI32(i);
    w.structEnd();
    const b = [...w.bytes()];
    expect(b.slice(0, 4)).toEqual([0x05, 40, 0x01, 0x11]); // i32 id 20, -1 → 1; bool true (delta 1)
    expect(b.slice(4, 8)).toEqual([0x12, 0x13, 0xff, 0x14]); // bool false; i8 255; i16 header
    expect(b[8]).toBe(3); // zigzag(-2)
    expect(b[9]).toBe(0x16); // i64 header
    expect(b.slice(16, 18)).toEqual([0x19, 0xf5]); // list header, long form: 0xf0 | i32
    expect(b.at(-1)).toBe(0);
  });
});

const col = (name: string, dataType: CanonicalColumn['dataType'], extra: Partial<CanonicalColumn> = {}) =>
  canonicalColumn({ name, dataType, ...extra } as never);

/** Encodes batches into one file of the plain writer; returns the file's bytes. */
async function encode(batches: RecordBatch[], rowGroupRows: number, schema = batches[0]!.schema): Promise<Uint8Array> {
  const store = memoryStore();
  const file = plainParquetEncoderFactory(store, schema, rowGroupRows)('t/f.parquet');
  for (const b of batches) await file.write(b);
  const bytes = await file.end();
  expect(bytes).toBe(store.bytes('t/f.parquet').byteLength);
  return store.bytes('t/f.parquet');
}

describe('plain Parquet writer', () => {
  const columns = [
    col('D5', 'DECIMAL', { precision: 5, scale: 2 }),
    col('D18', 'DECIMAL', { precision: 18, scale: 4 }),
    col('D38', 'DECIMAL', { precision: 38, scale: 10 }),
    col('D60', 'DECIMAL', { precision: 60, scale: 5 }),
    col('I1', 'INTEGER_1'),
    col('I2', 'INTEGER_2'),
    col('F4', 'FLOAT'),
    col('F8', 'DOUBLE', { nullable: false }),
    col('LS', 'LARGE_STRING'),
    col('LB', 'LARGE_BINARY'),
    col('B', 'BOOLEAN'),
    col('TS9', 'TIMESTAMP_TZ', { scale: 9 }),
    col('T6', 'TIME', { scale: 6 }),
  ];
  const n = 21;
  const pick = <T>(i: number, values: T[]): T | null => (i % 4 === 3 ? null : values[i % values.length]!);
  const values = [
    Array.from({ length: n }, (_, i) => pick(i, ['999.99', '-999.99', '0.01', '0'])),
    Array.from({ length: n }, (_, i) => pick(i, ['99999999999999.9999', '-99999999999999.9999', '1.5'])),
    Array.from({ length: n }, (_, i) =>
      pick(i, ['9999999999999999999999999999.9999999999', '-9999999999999999999999999999.9999999999', '-1']),
    ),
    Array.from({ length: n }, (_, i) => pick(i, [`${'9'.repeat(55)}.99999`, `-${'9'.repeat(55)}.99999`, '-0.00001'])),
    Array.from({ length: n }, (_, i) => pick(i, [-128, 127, 0])),
    Array.from({ length: n }, (_, i) => pick(i, [-32768, 32767, -1])),
    Array.from({ length: n }, (_, i) => pick(i, [NaN, Infinity, -Infinity, 1.5])),
    Array.from({ length: n }, (_, i) => [NaN, -0, Number.MAX_VALUE, Number.MIN_VALUE, -Infinity][i % 5]!),
    Array.from({ length: n }, (_, i) => pick(i, ['', 'ünïcødé 東京 🚀', 'x'.repeat(100)])),
    Array.from({ length: n }, (_, i) =>
      pick(i, [new Uint8Array([0, 255]), new Uint8Array(0), new Uint8Array(70).fill(7)]),
    ),
    Array.from({ length: n }, (_, i) => pick(i, [true, false, false, true, true])),
    Array.from({ length: n }, (_, i) => pick(i, ['1677-09-22T00:00:00.000000001Z', '2262-04-11T23:47:16.854775807Z'])),
    Array.from({ length: n }, (_, i) => pick(i, ['00:00:00', '23:59:59.999999'])),
  ];

  it('maps decimals by precision: INT32 ≤ 9, INT64 ≤ 18, big-endian FIXED_LEN_BYTE_ARRAY above', () => {
    const schema = arrowSchemaFor(columns);
    const physical = schema.fields.slice(0, 4).map((f) => [parquetColumnOf(f).physical, parquetColumnOf(f).typeLength]);
    expect(physical).toEqual([
      [PHYSICAL.INT32, undefined],
      [PHYSICAL.INT64, undefined],
      [PHYSICAL.FLBA, 16],
      [PHYSICAL.FLBA, 32],
    ]);
  });

  it('writes every value exactly (read back by arrow-rs), across row groups, pages and unaligned slices', async () => {
    const batch = recordBatchFromValues(columns, values);
    // batches sliced at offsets 0, 5 and 13 (validity bits not byte-aligned), row groups of 4 rows
    const bytes = await encode([batch.slice(0, 5), batch.slice(5, 13), batch.slice(13, n)], 4, batch.schema);
    const info = await parquetInfo(bytes);
    expect(info.rows).toBe(n);
    expect(info.rowGroups).toEqual([4, 4, 4, 4, 4, 1]);
    const back = readParquetTable(bytes);
    expect(back.schema.fields.map((f) => `${f.name}:${String(f.type)}:${f.nullable}`)).toEqual(
      batch.schema.fields.map((f) => `${f.name}:${String(f.type)}:${f.nullable}`),
    );
    const got = collectRows(back.batches);
    const want = collectRows([batch]);
    expect(got.rowCount).toBe(n);
    for (const c of columns) {
      const a = got.columns.get(c.name)!;
      const b = want.columns.get(c.name)!;
      b.forEach((v, r) => {
        if (typeof v === 'number' && Number.isNaN(v))
          expect(Number.isNaN(a[r] as number), `${c.name}[${r}]`).toBe(true);
        else expect(a[r], `${c.name}[${r}]`).toEqual(v);
      });
    }
    // -0 keeps its sign
    expect(Object.is(got.columns.get('F8')![1], -0)).toBe(true);
  });

  it(`splits a large batch into pages of at most ${PAGE_ROWS} rows`, async () => {
    const id = col('ID', 'INTEGER_8', { nullable: false });
    const note = col('NOTE', 'VARIABLE_STRING');
    const rows = PAGE_ROWS * 2 + 17;
    const batch = recordBatchFromValues(
      [id, note],
      [
        Array.from({ length: rows }, (_, i) => BigInt(i)),
        Array.from({ length: rows }, (_, i) => (i % 9 ? `n${i}` : null)),
      ],
    );
    const bytes = await encode([batch], 1_000_000);
    const back = readParquetTable(bytes);
    expect(back.numRows).toBe(rows);
    const ids = back.getChild('ID')!;
    expect(ids.get(rows - 1)).toBe(BigInt(rows - 1));
    expect(back.getChild('NOTE')!.get(PAGE_ROWS + 2)).toBe(`n${PAGE_ROWS + 2}`);
    expect(back.getChild('NOTE')!.get(9 * 7283)).toBeNull();
  });

  it('writes an empty file that carries the schema', async () => {
    const batch = recordBatchFromValues(columns, values).slice(0, 0);
    const bytes = await encode([batch], 10);
    expect((await parquetInfo(bytes)).rows).toBe(0);
    expect(readParquetTable(bytes).schema.fields.map((f) => f.name)).toEqual(columns.map((c) => c.name));
  });

  it('refuses a decimal beyond its precision and NULLs in a NOT NULL column, naming the column', async () => {
    const field = new Field('AMOUNT', new Decimal(2, 12, 128), true);
    const words = new Uint32Array([0, 0, 1, 0]); // 2^64: beyond the 64 bits of a DECIMAL(12,2)
    const data = makeData({ type: field.type, length: 1, nullCount: 0, data: words } as never) as Data;
    const schema = new Schema([field]);
    const batch = new RecordBatch(
      schema,
      makeData({ type: new Struct(schema.fields), length: 1, nullCount: 0, children: [data] }),
    );
    const err = await encode([batch], 10).catch((e: unknown) => e);
    expect(isGoeError(err) && (err as GoeError).code).toBe('VALIDATION_MISMATCH');
    expect((err as GoeError).column).toBe('AMOUNT');

    const id = new Field('ID', new Decimal(0, 5, 128), false);
    const nulls = makeData({
      type: id.type,
      length: 2,
      nullCount: 1,
      nullBitmap: new Uint8Array([1]),
      data: new Uint32Array(8),
    } as never) as Data;
    const s2 = new Schema([id]);
    const b2 = new RecordBatch(
      s2,
      makeData({ type: new Struct(s2.fields), length: 2, nullCount: 0, children: [nulls] }),
    );
    await expect(encode([b2], 10)).rejects.toThrow('NOT NULL column has NULL values: ID');
  });

  it('refuses an Arrow type core never stages', () => {
    expect(() => parquetColumnOf(new Field('X', new Struct([]), true))).toThrow(/No Parquet mapping/);
  });
});
