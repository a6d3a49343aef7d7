import { describe, expect, it } from 'vitest';
import { ALL_CANONICAL_TYPES, arrowSchemaFor } from '@goe/core';
import {
  arrowTypeSignature,
  arrowVectorValues,
  canonicalFixtures,
  canonicalText,
  DEFAULT_LOB_BYTES,
  fixtureTable,
  largeBinary,
  largeText,
  parseTimestamp,
  schemaDifferences,
} from '@goe/conformance';

describe('canonicalFixtures', () => {
  const fixtures = canonicalFixtures({ lobBytes: 4096 });

  it('covers every canonical type with at least one column, each starting with a NULL case', () => {
    for (const type of ALL_CANONICAL_TYPES) expect(fixtures.byType(type).length, type).toBeGreaterThan(0);
    for (const fc of fixtures.columns) {
      expect(fc.column.name).toBe(`C_${fc.key}`);
      expect(fc.column.nullable).toBe(true);
      expect(fc.cases[0]).toMatchObject({ name: 'null', value: null, text: null, row: 0 });
      fc.cases.forEach((k, row) => expect(k.row).toBe(row));
    }
  });

  it('has unique case ids and a documented table layout', () => {
    const ids = fixtures.columns.flatMap((fc) => fc.cases.map((k) => k.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(fixtures.tableColumns[0]).toMatchObject({ name: 'ID', dataType: 'INTEGER_8', nullable: false });
    expect(fixtures.primaryKey).toEqual(['ID']);
    expect(fixtures.rowCount).toBe(Math.max(...fixtures.columns.map((fc) => fc.cases.length)));
    expect(fixtures.valueAt(3, 'ID')).toBe(3n);
    expect(fixtures.valueAt(fixtures.rowCount - 1, 'BOOLEAN')).toBeNull();
    const rows = [...fixtures.rows()];
    expect(rows).toHaveLength(fixtures.rowCount);
    expect(rows[1]!.C_INTEGER_1).toBe(-128);
  });

  it('holds the promised edge values in their exact representation and text form', () => {
    const text = (id: string) => fixtures.caseById(id)?.text;
    const value = (id: string) => fixtures.caseById(id)?.value;
    expect(value('INTEGER_8.min')).toBe(-9223372036854775808n);
    expect(text('INTEGER_38.max')).toBe('9'.repeat(38));
    expect(text('DECIMAL.zero')).toBe('0.0000');
    expect(text('DECIMAL_38_10.max')).toBe(`${'9'.repeat(28)}.${'9'.repeat(10)}`);
    expect(text('DECIMAL_38_38.smallest-positive')).toBe(`0.${'0'.repeat(37)}1`);
    expect(text('DECIMAL_76_38.min')).toBe(`-${'9'.repeat(38)}.${'9'.repeat(38)}`);
    expect(text('DECIMAL_5_M3.max')).toBe('99999000');
    expect(fixtures.column('DECIMAL_5_M3')!.column.scale).toBe(-3);
    expect(text('FLOAT.negative-zero')).toBe('-0');
    expect(text('FLOAT.nan')).toBe('NaN');
    expect(text('FLOAT.fraction')).toBe('0.10000000149011612');
    expect(text('DOUBLE.negative-infinity')).toBe('-Infinity');
    expect(text('DOUBLE.min-subnormal')).toBe('5e-324');
    expect(text('DATE.year-1')).toBe('0001-01-01');
    expect(value('DATE.year-1')).toEqual({ days: -719162 });
    expect(text('DATE.year-9999')).toBe('9999-12-31');
    expect(text('DATE.julian-gap')).toBe('1582-10-10');
    expect(text('TIME.last-microsecond')).toBe('23:59:59.999999');
    expect(text('TIMESTAMP.year-1')).toBe('0001-01-01T00:00:00.000000');
    expect(text('TIMESTAMP.pre-1970')).toBe('1969-12-31T23:59:59.999999');
    expect(text('TIMESTAMP.dst-gap-new-york')).toBe('2024-03-10T02:30:00.000000');
    expect(text('TIMESTAMP_NS.nanoseconds')).toBe('2024-01-02T03:04:05.123456789');
    expect(text('TIMESTAMP_NS.min')).toBe('1677-09-21T00:12:43.145224192');
    expect(text('TIMESTAMP_NS.max')).toBe('2262-04-11T23:47:16.854775807');
    expect(text('TIMESTAMP_TZ.year-9999')).toBe('9999-12-31T23:59:59.999999Z');
    expect(text('TIMESTAMP_TZ.london-spring-after')).toBe('2024-03-31T01:00:00.000000Z');
    expect(text('INTERVAL_DS.negative')).toBe('-P1DT2H3M4.5S');
    expect(text('INTERVAL_YM.max')).toBe('P999999999Y11M');
    expect(text('INTERVAL_MDN.mixed-signs')).toBe('P14M-3DT0.000001S');
    expect(text('VARIABLE_STRING.empty')).toBe('');
    expect(text('VARIABLE_STRING.combining')).toBe('e\u0301 a\u0308 n\u0303');
    expect(text('BINARY.edges')).toBe('007f80ff');
    expect(text('BINARY.empty')).toBe('');
    expect(text('BOOLEAN.false')).toBe('false');
  });

  it('puts every zoned DST case at the wall clock it claims in its zone', () => {
    const zoned = fixtures.columns.flatMap((fc) => fc.cases).filter((k) => k.zoned);
    expect(zoned.length).toBeGreaterThanOrEqual(9);
    for (const k of zoned) {
      // the instant equals the local wall clock with its offset
      expect(parseTimestamp(k.zoned!.local), k.id).toBe(k.value);
      // and the zone really is at that offset then (checked with the ICU time zone database)
      const offset = k.zoned!.local.slice(-6);
      const ms = Number((k.value as bigint) / 1_000_000n);
      const name = new Intl.DateTimeFormat('en-GB', { timeZone: k.zoned!.zone, timeZoneName: 'longOffset' })
        .formatToParts(new Date(ms))
        .find((p) => p.type === 'timeZoneName')!.value;
      expect(name === 'GMT' ? '+00:00' : name.replace('GMT', ''), k.id).toBe(offset);
    }
  });

  it('makes the large objects lazily, deterministically and at the exact size', () => {
    const big = canonicalFixtures();
    expect(big.lobBytes).toBe(DEFAULT_LOB_BYTES);
    const lob = big.caseById('LARGE_STRING.lob')!;
    expect(lob.large).toBe(true);
    // an accessor, not data: nothing is generated until a value is read
    expect(typeof Object.getOwnPropertyDescriptor(lob, 'value')?.get).toBe('function');
    expect(typeof Object.getOwnPropertyDescriptor(lob, 'text')?.get).toBe('function');
    const again = canonicalFixtures();
    const textValue = lob.value as string;
    expect(Buffer.byteLength(textValue)).toBe(DEFAULT_LOB_BYTES);
    expect(lob.value).toBe(textValue); // memoized
    expect(again.caseById('LARGE_STRING.lob')!.value).toBe(textValue);
    expect(/[é漢😀]/u.test(textValue.slice(0, 4096))).toBe(true);
    const bin = big.caseById('LARGE_BINARY.lob')!.value as Uint8Array;
    expect(bin.length).toBe(DEFAULT_LOB_BYTES);
    expect(Buffer.from(largeBinary(DEFAULT_LOB_BYTES)).equals(Buffer.from(bin))).toBe(true);
    expect(Buffer.byteLength(largeText(12345))).toBe(12345);
  });

  it('excludes columns and cases with a reason, and refuses unknown keys', () => {
    const less = fixtures.exclude({
      TIMESTAMP_NS: 'microseconds only',
      'FLOAT.nan': 'no NaN',
      C_INTERVAL_YM: 'no such type',
    });
    expect(less.column('TIMESTAMP_NS')).toBeUndefined();
    expect(less.column('INTERVAL_YM')).toBeUndefined();
    expect(less.caseById('FLOAT.nan')).toMatchObject({ value: null, text: null, excluded: 'no NaN' });
    expect(less.exclusions).toMatchObject({ TIMESTAMP_NS: 'microseconds only' });
    expect(less.tableColumns.length).toBe(fixtures.tableColumns.length - 2);
    expect(() => fixtures.exclude({ NOPE: 'x' })).toThrow(/names no fixture column or case/);
  });
});

describe('fixtureTable', () => {
  const fixtures = canonicalFixtures({ lobBytes: 100_000 });
  const table = fixtureTable(fixtures);

  it('has exactly the canonical Arrow schema of the fixture columns', () => {
    expect(schemaDifferences(table.schema, arrowSchemaFor(fixtures.tableColumns))).toEqual([]);
    const sig = (name: string) => arrowTypeSignature(table.schema.fields.find((f) => f.name === name)!.type);
    expect(sig('C_DECIMAL_76_38')).toBe('Decimal256(76,38)');
    expect(sig('C_DECIMAL_38_10')).toBe('Decimal128(38,10)');
    expect(sig('C_DECIMAL_5_M3')).toBe('Decimal128(8,0)');
    expect(sig('C_TIMESTAMP_NS')).toBe('Timestamp(ns,)');
    expect(sig('C_TIMESTAMP_TZ')).toBe('Timestamp(us,UTC)');
    expect(sig('C_LARGE_STRING')).toBe('LargeUtf8');
    expect(table.numRows).toBe(fixtures.rowCount);
  });

  it('holds every fixture value exactly (read back through the raw buffers)', () => {
    fixtures.columns.forEach((fc, i) => {
      const values = arrowVectorValues(table.getChildAt(i + 1)!);
      fc.cases.forEach((k) => expect(canonicalText(fc.column, values[k.row]), k.id).toBe(k.text));
    });
    expect(arrowVectorValues(table.getChild('ID')!)).toEqual(
      Array.from({ length: fixtures.rowCount }, (_, i) => BigInt(i)),
    );
  });
});
