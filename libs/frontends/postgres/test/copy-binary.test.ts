/**
 * The COPY binary framing: any chunking decodes the same; a corrupted header, field count or field length,
 * a truncated stream or bytes after the trailer fail loudly with ENGINE_ERROR.
 */
import { canonicalColumn, isGoeError, type SourceColumn } from '@goe/core';
import { describe, expect, it } from 'vitest';
import { CopyBinaryDecoder } from '../src/extract/copy-binary.js';
import { extractionColumns } from '../src/extract/columns.js';
import { columnTexts } from './pg-text.js';

const COLUMNS: SourceColumn[] = [
  ['id', 'integer', 'INTEGER_4'],
  ['note', 'text', 'VARIABLE_STRING'],
  ['amount', 'numeric(12,2)', 'DECIMAL'],
].map(([name, dataType, t]) => ({
  name: name!,
  dataType: dataType!,
  nullable: true,
  safeMapping: true,
  canonical: canonicalColumn({ name: name!, dataType: t!, ...(t === 'DECIMAL' ? { precision: 12, scale: 2 } : {}) }),
}));
const OPTIONS = { allowNumericSpecialValues: false, allowInfiniteDates: false, allowBcDates: false };

const int16 = (v: number) => Buffer.from([(v >> 8) & 0xff, v & 0xff]);
const int32 = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(v);
  return b;
};
const field = (bytes: Buffer | null) => (bytes === null ? int32(-1) : Buffer.concat([int32(bytes.length), bytes]));
/** numeric 1234.50: ndigits 2, weight 0, sign +, dscale 2, digits [1234, 5000]. */
const NUMERIC = Buffer.concat([int16(2), int16(0), int16(0), int16(2), int16(1234), int16(5000)]);
const HEADER = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), int32(0), int32(0)]);

function row(id: number, note: string | null, amount: Buffer | null): Buffer {
  return Buffer.concat([int16(3), field(int32(id)), field(note === null ? null : Buffer.from(note)), field(amount)]);
}

const STREAM = Buffer.concat([HEADER, row(1, 'héllo', NUMERIC), row(2, null, null), row(3, '', NUMERIC), int16(-1)]);

function decode(chunks: Buffer[]) {
  const cols = extractionColumns(COLUMNS, OPTIONS);
  const d = new CopyBinaryDecoder(cols.schema, cols.decoders(), { batchRows: 2, batchBytes: 1 << 20 });
  for (const c of chunks) d.push(c);
  d.end();
  return d.take();
}

function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (isGoeError(e)) return `${e.code}: ${e.message}`;
    throw e;
  }
  return 'no error';
}

describe('COPY binary framing', () => {
  it('decodes the same whatever the chunk boundaries', () => {
    const whole = decode([STREAM]);
    expect(whole.map((b) => b.numRows)).toEqual([2, 1]);
    const want = { id: columnTexts(whole, 'note'), amount: columnTexts(whole, 'amount') };
    expect([...want.id.entries()]).toEqual([
      ['1', 'héllo'],
      ['2', null],
      ['3', ''],
    ]);
    expect([...want.amount.entries()]).toEqual([
      ['1', '1234.50'],
      ['2', null],
      ['3', '1234.50'],
    ]);
    for (let cut = 1; cut < STREAM.length; cut++) {
      const parts = decode([STREAM.subarray(0, cut), STREAM.subarray(cut)]);
      expect(columnTexts(parts, 'note')).toEqual(want.id);
      expect(columnTexts(parts, 'amount')).toEqual(want.amount);
    }
    const bytewise = decode([...STREAM].map((b) => Buffer.from([b])));
    expect(columnTexts(bytewise, 'amount')).toEqual(want.amount);
  });

  it.each([
    ['a bad signature', (s: Buffer) => s.fill(0x51, 0, 1), /bad signature/],
    ['an unknown header flag', (s: Buffer) => s.fill(0x01, 13, 14), /header flags/],
    ['a wrong field count', (s: Buffer) => s.fill(0x04, HEADER.length + 1, HEADER.length + 2), /fields, expected 3/],
    [
      'a wrong fixed field length',
      (s: Buffer) => s.fill(0x03, HEADER.length + 5, HEADER.length + 6),
      /field length 3 in column id/,
    ],
    [
      'a negative field length',
      (s: Buffer) => s.writeInt32BE(-2, HEADER.length + 2 + 8),
      /field length -2 in column note/,
    ],
    [
      'a numeric length that disagrees with its digits',
      (s: Buffer) => s.fill(0x09, HEADER.length + 2 + 8 + 4 + 5 + 4 + 1, HEADER.length + 2 + 8 + 4 + 5 + 4 + 2),
      /numeric field length/,
    ],
  ])('fails loudly on %s', (_what, corrupt, message) => {
    const s = Buffer.from(STREAM);
    corrupt(s);
    const got = failure(() => decode([s]));
    expect(got).toMatch(/^ENGINE_ERROR: Corrupted COPY binary stream/);
    expect(got).toMatch(message);
  });

  it('fails loudly on a truncated stream and on bytes after the trailer', () => {
    for (const end of [5, HEADER.length, HEADER.length + 7, STREAM.length - 1]) {
      expect(failure(() => decode([STREAM.subarray(0, end)]))).toMatch(
        /^ENGINE_ERROR: Corrupted COPY binary stream: truncated/,
      );
    }
    expect(failure(() => decode([STREAM, Buffer.from([0])]))).toMatch(/data after the trailer/);
  });

  it('refuses a numeric wider than its DECIMAL, naming the column', () => {
    const wide = Buffer.concat([int16(4), int16(3), int16(0), int16(0), int16(1), int16(0), int16(0), int16(0)]); // 10^12
    const s = Buffer.concat([HEADER, row(1, 'x', wide), int16(-1)]);
    expect(failure(() => decode([s]))).toMatch(/^TYPE_LOSSY_CONVERSION: Column amount/);
    const fine = Buffer.concat([int16(3), int16(-1), int16(0), int16(6), int16(1), int16(2), int16(3)]); // 0.000100020003
    expect(failure(() => decode([Buffer.concat([HEADER, row(1, 'x', fine), int16(-1)])]))).toMatch(
      /more fractional digits/,
    );
  });
});
