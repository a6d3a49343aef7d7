/**
 * Fetched Oracle values → Arrow, with the values made by node-oracledb's own wire codecs (its BaseBuffer: the Oracle
 * NUMBER, BINARY_FLOAT/DOUBLE and INTERVAL encoders and decoders the thin driver runs on every fetched row), not by
 * copies of them; DATE/TIMESTAMP arrive as the server's TO_CHAR text. Every value is read back from the Arrow batch
 * and compared exactly; a value that does not fit its column is an error naming it.
 */
import { describe, expect, it } from 'vitest';
import { canonicalColumn, type CanonicalColumn } from '@goe/core';
import { arrowVectorValues } from '@goe/conformance';
import { goeErrorOf } from '../../../../tools/test-support/goe-error.js';
import { extractProjection, oracleBatch } from '../src/index.js';
import { double, float, intervalDS, intervalYM, number } from './support/driver-codecs.js';

const col = (name: string, c: Omit<Parameters<typeof canonicalColumn>[0], 'name'>) => canonicalColumn({ name, ...c });
const values = (columns: CanonicalColumn[], rows: unknown[][]) => {
  const batch = oracleBatch(columns, rows);
  return columns.map((_, i) => arrowVectorValues(batch.getChildAt(i)!));
};

describe('NUMBER through the driver’s decoder (fetched as text)', () => {
  it('keeps every digit: 38-digit integers and decimals, tiny and negative values, the driver’s "-.5" form', () => {
    const texts = [
      '0',
      '1',
      '-1',
      '12.5',
      '-0.5',
      '99999999999999999999999999999999999999',
      '-0.00000000000000000000000000000000000001',
    ];
    const fetched = texts.map(number);
    expect(fetched).toContain('-.5'); // the driver writes no leading zero
    const dec = col('D', { dataType: 'DECIMAL', precision: 38, scale: 38 });
    const i38 = col('I', { dataType: 'INTEGER_38', precision: 38 });
    const [decimals] = values([dec], [[number('0.12345678901234567890123456789012345678')], [number('-0.5')], [null]]);
    expect(decimals).toEqual([
      '0.12345678901234567890123456789012345678',
      '-0.50000000000000000000000000000000000000',
      null,
    ]);
    const [integers] = values(
      [i38],
      [
        [number('99999999999999999999999999999999999999')],
        [number('-99999999999999999999999999999999999999')],
        [number('0')],
      ],
    );
    expect(integers).toEqual([
      '99999999999999999999999999999999999999',
      '-99999999999999999999999999999999999999',
      '0',
    ]);
  });

  it('writes Int8/16/32/64, and a 38-digit NUMBER into a 76-digit decimal', () => {
    const columns = [
      col('I1', { dataType: 'INTEGER_1', precision: 2 }),
      col('I2', { dataType: 'INTEGER_2', precision: 4 }),
      col('I4', { dataType: 'INTEGER_4', precision: 9 }),
      col('I8', { dataType: 'INTEGER_8', precision: 18 }),
      col('BIG', { dataType: 'DECIMAL', precision: 76, scale: 38 }),
    ];
    const rows = [
      [
        number('-99'),
        number('9999'),
        number('-999999999'),
        number('999999999999999999'),
        number('1234567890123456789012345678.9012345678'),
      ],
      [number('99'), number('-9999'), number('999999999'), number('-999999999999999999'), number('1e30')],
      [null, null, null, null, null],
    ];
    expect(values(columns, rows)).toEqual([
      [-99, 99, null],
      [9999, -9999, null],
      [-999999999, 999999999, null],
      [999999999999999999n, -999999999999999999n, null],
      [
        '1234567890123456789012345678.90123456780000000000000000000000000000',
        '1000000000000000000000000000000.00000000000000000000000000000000000000',
        null,
      ],
    ]);
  });

  it('refuses, naming the column, a value with more fractional digits than the scale, too many digits, or out of range', async () => {
    const money = col('AMOUNT', { dataType: 'DECIMAL', precision: 5, scale: 2 });
    expect((await goeErrorOf(() => oracleBatch([money], [[number('1.005')]]))).message).toBe(
      'Column AMOUNT: 1.005 has more than 2 fractional digits',
    );
    expect((await goeErrorOf(() => oracleBatch([money], [[number('1000')]]))).message).toBe(
      'Column AMOUNT: 1000 has more than 5 digits',
    );
    const small = col('N', { dataType: 'INTEGER_1', precision: 2 });
    expect(await goeErrorOf(() => oracleBatch([small], [['128']]))).toMatchObject({
      code: 'VALIDATION_MISMATCH',
      column: 'N',
      message: 'Column N: 128 is out of the 8-bit integer range',
    });
    expect((await goeErrorOf(() => oracleBatch([small], [['x']]))).message).toBe('Column N: x is not a decimal number');
  });
});

describe('BINARY_FLOAT/DOUBLE through the driver’s decoder', () => {
  it('keeps NaN, ±Infinity, −0, the smallest subnormal and the largest double', () => {
    const edge = [NaN, Infinity, -Infinity, -0, 5e-324, 1.7976931348623157e308];
    const [doubles] = values(
      [col('D', { dataType: 'DOUBLE' })],
      edge.map((n) => [double(n)]),
    );
    expect(doubles!.map((v) => (Object.is(v, -0) ? '-0' : v))).toEqual([
      NaN,
      Infinity,
      -Infinity,
      '-0',
      5e-324,
      1.7976931348623157e308,
    ]);
    const [floats] = values(
      [col('F', { dataType: 'FLOAT' })],
      [[float(3.4028234663852886e38)], [float(NaN)], [float(-1.5)]],
    );
    expect(floats).toEqual([3.4028234663852886e38, NaN, -1.5]);
  });

  it('refuses a double in a FLOAT column when it is not a single-precision value', async () => {
    expect((await goeErrorOf(() => oracleBatch([col('F', { dataType: 'FLOAT' })], [[0.1]]))).message).toBe(
      'Column F: 0.1 is not a single-precision value',
    );
  });
});

describe('DATE and TIMESTAMP as the server’s TO_CHAR text', () => {
  it('reads year 1 to 9999 into µs columns and the nanosecond range into ns columns, DST-free (UTC text)', () => {
    const ts9 = col('T9', { dataType: 'TIMESTAMP', scale: 9 });
    const ts0 = col('T0', { dataType: 'TIMESTAMP', scale: 0 });
    const tz = col('TZ', { dataType: 'TIMESTAMP_TZ', scale: 6 });
    const rows = [
      [' 2262-04-11 23:47:16.854775807', ' 0001-01-01 00:00:00', ' 2024-03-31 01:00:00.000001000'],
      [' 1677-09-21 00:12:43.145224192', ' 9999-12-31 23:59:59', ' 1969-12-31 23:59:59.999999000'],
      [null, null, null],
    ];
    expect(values([ts9, ts0, tz], rows)).toEqual([
      [9223372036854775807n, -9223372036854775808n, null],
      [-62135596800000000000n, 253402300799000000000n, null],
      [1711846800000001000n, -1000n, null],
    ]);
  });

  it('refuses a nanosecond timestamp outside 1677–2262, naming the scale that holds it', async () => {
    const ts9 = col('T9', { dataType: 'TIMESTAMP', scale: 9 });
    expect((await goeErrorOf(() => oracleBatch([ts9], [[' 9999-12-31 23:59:59.999999999']]))).message).toBe(
      'Column T9:  9999-12-31 23:59:59.999999999 is outside the years 1677–2262 a nanosecond timestamp can hold (a scale of 6 or less holds years 1–9999)',
    );
  });

  it('refuses BC dates, fractions finer than the column, and text that is not a datetime', async () => {
    const ts = col('SOLD_AT', { dataType: 'TIMESTAMP', scale: 6 });
    expect((await goeErrorOf(() => oracleBatch([ts], [['-4712-01-01 00:00:00']]))).message).toBe(
      'Column SOLD_AT: -4712-01-01 00:00:00 is before year 1, which the canonical TIMESTAMP cannot hold',
    );
    expect((await goeErrorOf(() => oracleBatch([ts], [[' 2024-01-01 00:00:00.000000001']]))).message).toContain(
      'is finer than microseconds',
    );
    expect((await goeErrorOf(() => oracleBatch([ts], [['31/01/2024']]))).message).toContain('is not a datetime text');
  });

  it('a DATE override reads whole days and refuses a time of day', async () => {
    const d = col('D', { dataType: 'DATE' });
    expect(values([d], [[' 2024-02-29 00:00:00'], [' 1970-01-01 00:00:00']])).toEqual([[{ days: 19782 }, { days: 0 }]]);
    expect((await goeErrorOf(() => oracleBatch([d], [[' 2024-02-29 10:00:00']]))).message).toContain(
      'has a time of day',
    );
  });
});

describe('strings, LOBs, binary, intervals, ROWID and BOOLEAN', () => {
  it('keeps NULL apart from the empty string, multi-byte text, and large values', () => {
    const big = 'é'.repeat(300_000);
    const columns = [col('S', { dataType: 'VARIABLE_STRING', charLength: 10 }), col('L', { dataType: 'LARGE_STRING' })];
    expect(
      values(columns, [
        ['', big],
        [null, 'Grüße, 漢字, 😀'],
        ['x', null],
      ]),
    ).toEqual([
      ['', null, 'x'],
      [big, 'Grüße, 漢字, 😀', null],
    ]);
  });

  it('RAW and BLOB bytes as they are; a non-binary value is refused', async () => {
    const columns = [col('R', { dataType: 'BINARY', dataLength: 4 }), col('B', { dataType: 'LARGE_BINARY' })];
    const blob = Buffer.alloc(1 << 20, 0xab);
    const [raw, lob] = values(columns, [
      [Buffer.from([0, 255]), blob],
      [Buffer.alloc(0), null],
    ]);
    expect(raw).toEqual([new Uint8Array([0, 255]), new Uint8Array(0)]);
    expect((lob![0] as Uint8Array).length).toBe(1 << 20);
    expect(lob![1]).toBeNull();
    expect((await goeErrorOf(() => oracleBatch([columns[0]!], [['00ff']]))).message).toBe(
      'Column R: 00ff is not binary',
    );
  });

  it('INTERVAL DAY TO SECOND and YEAR TO MONTH through the driver, negative ones included, as ISO 8601 text', () => {
    const ds = col('DS', { dataType: 'INTERVAL_DS', precision: 9, scale: 9 });
    const ym = col('YM', { dataType: 'INTERVAL_YM', precision: 9 });
    const rows = [
      [
        intervalDS({ days: 1, hours: 2, minutes: 3, seconds: 4, fseconds: 500_000_000 }),
        intervalYM({ years: 1, months: 2 }),
      ],
      [
        intervalDS({ days: -999999999, hours: -23, minutes: -59, seconds: -59, fseconds: -999_999_999 }),
        intervalYM({ years: -5, months: -11 }),
      ],
      [intervalDS({ days: 0, hours: 0, minutes: 0, seconds: 0, fseconds: 1 }), null],
    ];
    expect(values([ds, ym], rows)).toEqual([
      ['P1DT2H3M4.5S', '-P999999999DT23H59M59.999999999S', 'P0DT0H0M0.000000001S'],
      ['P1Y2M', '-P5Y11M', null],
    ]);
  });

  it('ROWID text and 23ai BOOLEAN', () => {
    const columns = [col('RID', { dataType: 'VARIABLE_STRING', charLength: 18 }), col('OK', { dataType: 'BOOLEAN' })];
    expect(
      values(columns, [
        ['AAAR3sAAEAAAACXAAA', true],
        ['AAAR3sAAEAAAACXAAB', false],
        [null, null],
      ]),
    ).toEqual([
      ['AAAR3sAAEAAAACXAAA', 'AAAR3sAAEAAAACXAAB', null],
      [true, false, null],
    ]);
  });
});

describe('extractProjection', () => {
  it('reads dates and timestamps as server text (UTC for time-zoned ones), everything else as it is', () => {
    expect(extractProjection({ name: 'TIME_ID', dataType: 'DATE' })).toBe(
      `TO_CHAR("TIME_ID", 'SYYYY-MM-DD HH24:MI:SS') AS "TIME_ID"`,
    );
    expect(extractProjection({ name: 'T', dataType: 'TIMESTAMP(9)' })).toBe(
      `TO_CHAR("T", 'SYYYY-MM-DD HH24:MI:SS.FF9') AS "T"`,
    );
    expect(extractProjection({ name: 'U', dataType: 'TIMESTAMP(6) WITH LOCAL TIME ZONE' })).toBe(
      `TO_CHAR(SYS_EXTRACT_UTC("U"), 'SYYYY-MM-DD HH24:MI:SS.FF9') AS "U"`,
    );
    expect(extractProjection({ name: 'AMOUNT', dataType: 'NUMBER(12,2)' })).toBe('"AMOUNT"');
  });
});

describe('fast paths agree with the exact path at their edges', () => {
  it('integers: 15 digits read as numbers, 16 and more as BigInt; out of range refused either way', async () => {
    const i8 = col('I8', { dataType: 'INTEGER_8', precision: 18 });
    const i4 = col('I4', { dataType: 'INTEGER_4', precision: 9 });
    // (Oracle NUMBER has no −0: the driver's encoder turns '-0' into '-.', not a server value)
    const texts = ['999999999999999', '-999999999999999', '9007199254740993', '-9223372036854775808', '0', '007'];
    expect(
      values(
        [i8],
        texts.map((t) => [number(t)]),
      )[0],
    ).toEqual([999999999999999n, -999999999999999n, 9007199254740993n, -9223372036854775808n, 0n, 7n]);
    expect(values([i4], [['2147483647'], ['-2147483648']])[0]).toEqual([2147483647, -2147483648]);
    expect((await goeErrorOf(() => oracleBatch([i4], [['2147483648']]))).message).toBe(
      'Column I4: 2147483648 is out of the 32-bit integer range',
    );
  });

  it('decimals: up to 15 scaled digits as numbers, more through BigInt, the driver’s "-.01" form, both widths', () => {
    const d12 = col('D12', { dataType: 'DECIMAL', precision: 12, scale: 2 });
    const d38 = col('D38', { dataType: 'DECIMAL', precision: 38, scale: 10 });
    expect(values([d12], [['9999999999.99'], ['-.01'], ['-0'], ['5']])[0]).toEqual([
      '9999999999.99',
      '-0.01',
      '0.00',
      '5.00',
    ]);
    expect(values([d38], [['12345.6789012345'], ['123456.1'], ['-99999.9999999999'], ['-100000']])[0]).toEqual([
      '12345.6789012345',
      '123456.1000000000',
      '-99999.9999999999',
      '-100000.0000000000',
    ]);
  });

  it('timestamps: microseconds as numbers within ±285 years of 1970, through BigInt beyond, the same values', () => {
    const ts = col('TS', { dataType: 'TIMESTAMP', scale: 6 });
    const expected = (y: number, mo: number, d: number, h: number, mi: number, s: number, us: number) =>
      BigInt(Date.UTC(y, mo - 1, d, h, mi, s)) * 1000n + BigInt(us);
    const [got] = values(
      [ts],
      [
        [' 2255-01-01 00:00:00.000001000'],
        [' 2255-06-01 00:00:00.000001000'],
        [' 1684-01-01 23:59:59.999999000'],
        [' 1969-12-31 23:59:59.999999000'],
        ['2024-02-29 12:00:00.5'],
      ],
    );
    // arrowVectorValues reads microsecond timestamps as nanoseconds
    expect(got).toEqual(
      [
        expected(2255, 1, 1, 0, 0, 0, 1),
        expected(2255, 6, 1, 0, 0, 0, 1),
        expected(1684, 1, 1, 23, 59, 59, 999999),
        -1n,
        expected(2024, 2, 29, 12, 0, 0, 500000),
      ].map((us) => us * 1000n),
    );
  });
});
