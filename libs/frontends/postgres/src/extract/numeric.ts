/**
 * PostgreSQL `numeric` (base-10000 digits, weight, sign, display scale) → Arrow Decimal128/256 (little-endian
 * two's complement 32-bit limbs) at the column's scale, exactly: a value that needs more integral digits or more
 * fractional digits than the target has fails with the column named, never rounds.
 */
import { formatInterval, GoeError } from '@goe/core';
import type { DataType } from 'apache-arrow';
import { corrupt, VarDecoder, type DecoderContext } from './decoders.js';
import { FixedBytes, Validity } from './buffers.js';
import { makeData, type Data } from 'apache-arrow';

const POW10 = [1, 10, 100, 1000, 10000];
const TWO32 = 4294967296;
const SAFE = Number.MAX_SAFE_INTEGER;

/**
 * Numeric → Decimal128 (4 limbs) or Decimal256 (8 limbs) at a fixed precision and scale.
 *
 * @example
 * new DecimalDecoder(new Decimal(2, 12, 128), ctx, 12, 2, 4)
 */
export class DecimalDecoder {
  readonly fieldLength = -1;
  private validity = new Validity();
  private values: FixedBytes;
  private words: Uint32Array;
  private wordsOf: Uint8Array;
  private readonly limbs: Uint32Array;
  private acc = 0;
  private big = false;
  private capacity = 0;
  private readonly maxIntDigits: number;
  readonly name: string;

  constructor(
    private readonly type: DataType,
    private readonly ctx: DecoderContext,
    private readonly precision: number,
    private readonly scale: number,
    private readonly nwords: 4 | 8,
  ) {
    this.name = ctx.name;
    this.values = new FixedBytes(nwords * 4);
    this.wordsOf = this.values.bytes;
    this.words = new Uint32Array(this.wordsOf.buffer);
    this.limbs = new Uint32Array(nwords);
    this.maxIntDigits = precision - scale;
  }

  private lossy(what: string): GoeError {
    return new GoeError(
      'TYPE_LOSSY_CONVERSION',
      `Column ${this.name}: a value ${what} DECIMAL(${this.precision},${this.scale}) and would be changed`,
      {
        column: this.name,
        hint: `Give --decimal-columns ${this.name} a wider --decimal-columns-type, or sample every row with --data-sample-percent 100`,
      },
    );
  }

  private mulAdd(m: number, a: number): void {
    if (!this.big) {
      const t = this.acc * m + a;
      if (t <= SAFE) {
        this.acc = t;
        return;
      }
      this.limbs.fill(0);
      this.limbs[0] = this.acc >>> 0;
      this.limbs[1] = Math.floor(this.acc / TWO32);
      this.big = true;
    }
    const l = this.limbs;
    let carry = a;
    for (let j = 0; j < l.length; j++) {
      const t = l[j]! * m + carry;
      l[j] = t >>> 0;
      carry = Math.floor(t / TWO32);
    }
    if (carry !== 0) throw this.lossy('exceeds');
  }

  append(buf: Buffer, p: number, len: number, row: number): void {
    if (len < 8) throw corrupt(`numeric field of ${len} bytes in column ${this.name}`);
    const ndigits = (buf[p]! << 8) | buf[p + 1]!;
    const weight = ((buf[p + 2]! << 24) >> 16) | buf[p + 3]!;
    const sign = (buf[p + 4]! << 8) | buf[p + 5]!;
    if (len !== 8 + 2 * ndigits)
      throw corrupt(`numeric field length ${len} for ${ndigits} digits in column ${this.name}`);
    if (sign !== 0 && sign !== 0x4000) {
      if (sign !== 0xc000 && sign !== 0xd000 && sign !== 0xf000)
        throw corrupt(`numeric sign 0x${sign.toString(16)} in column ${this.name}`);
      if (!this.ctx.allowNumericSpecialValues) {
        const what = sign === 0xc000 ? 'NaN' : sign === 0xd000 ? 'Infinity' : '-Infinity';
        throw new GoeError('TYPE_LOSSY_CONVERSION', `Column ${this.name}: numeric ${what} cannot be offloaded`, {
          column: this.name,
          variable: 'POSTGRES_ALLOW_NUMERIC_SPECIAL_VALUES',
          hint: 'Set POSTGRES_ALLOW_NUMERIC_SPECIAL_VALUES=true to offload NaN and ±Infinity as NULL',
        });
      }
      this.appendNull(row);
      return;
    }
    let q = p + 8;
    if (ndigits > 0 && weight >= 0) {
      const d0 = (buf[q]! << 8) | buf[q + 1]!;
      const intDigits = 4 * weight + (d0 >= 1000 ? 4 : d0 >= 100 ? 3 : d0 >= 10 ? 2 : 1);
      if (intDigits > this.maxIntDigits) throw this.lossy('exceeds');
    }
    this.acc = 0;
    this.big = false;
    let e = 4 * weight + this.scale;
    let i = 0;
    let lastE = -1;
    // Fast path: accumulate in a local double while it stays exact (below 2^53 / 10^4).
    let acc = 0;
    for (; i < ndigits && e >= 0 && acc < 9e11; i++, e -= 4, q += 2) {
      const d = (buf[q]! << 8) | buf[q + 1]!;
      if (d > 9999) throw corrupt(`numeric digit ${d} in column ${this.name}`);
      acc = acc * 10000 + d;
      lastE = e;
    }
    this.acc = acc;
    for (; i < ndigits && e >= 0; i++, e -= 4, q += 2) {
      const d = (buf[q]! << 8) | buf[q + 1]!;
      if (d > 9999) throw corrupt(`numeric digit ${d} in column ${this.name}`);
      this.mulAdd(10000, d);
      lastE = e;
    }
    if (lastE > 0) {
      let k = lastE;
      for (; k >= 4; k -= 4) this.mulAdd(10000, 0);
      if (k > 0) this.mulAdd(POW10[k]!, 0);
    }
    if (i < ndigits) {
      const d = (buf[q]! << 8) | buf[q + 1]!;
      if (d > 9999) throw corrupt(`numeric digit ${d} in column ${this.name}`);
      if (e > -4) {
        const div = POW10[-e]!;
        if (d % div !== 0) throw this.lossy('has more fractional digits than');
        if (lastE < 0) this.acc = d / div;
        else this.mulAdd(1, d / div);
      } else if (d !== 0) throw this.lossy('has more fractional digits than');
      for (i++, q += 2; i < ndigits; i++, q += 2) {
        if (buf[q] !== 0 || buf[q + 1] !== 0) throw this.lossy('has more fractional digits than');
      }
    }
    this.write(row, sign === 0x4000);
  }

  private write(row: number, negative: boolean): void {
    const o = this.values.slot(row);
    if (this.values.bytes !== this.wordsOf) {
      this.wordsOf = this.values.bytes;
      this.words = new Uint32Array(this.wordsOf.buffer);
    }
    const w = this.words;
    const base = o >> 2;
    const n = this.nwords;
    if (!this.big) {
      w[base] = this.acc >>> 0;
      w[base + 1] = Math.floor(this.acc / TWO32);
      for (let j = 2; j < n; j++) w[base + j] = 0;
    } else {
      for (let j = 0; j < n; j++) w[base + j] = this.limbs[j]!;
    }
    if (negative) {
      let carry = 1;
      for (let j = 0; j < n; j++) {
        const t = (~w[base + j]! >>> 0) + carry;
        w[base + j] = t >>> 0;
        carry = t > 0xffffffff ? 1 : 0;
      }
    }
    this.validity.set(row);
  }

  appendNull(row: number): void {
    this.values.slot(row);
    this.validity.unset(row);
  }

  bytes(rows: number): number {
    return rows * this.nwords * 4;
  }

  finish(rows: number): Data {
    const bytes = this.values.finish(rows);
    const nullBitmap = this.validity.finish(rows);
    const nullCount = this.validity.nullCount;
    this.capacity = Math.max(this.capacity, rows);
    this.values = new FixedBytes(this.nwords * 4, this.capacity);
    this.validity = new Validity(this.capacity);
    const data = new Uint32Array(bytes.buffer, bytes.byteOffset, rows * this.nwords);
    return makeData({ type: this.type, length: rows, nullCount, nullBitmap, data } as never);
  }
}

/**
 * `interval` (µs, days, months) → Utf8 text in core's `formatInterval` form. INTERVAL_MDN keeps the three
 * components; INTERVAL_DS refuses months, INTERVAL_YM refuses days and time (with the column named).
 *
 * @example
 * new IntervalDecoder(new Utf8(), 'gap', 'INTERVAL_MDN')
 */
export class IntervalDecoder extends VarDecoder {
  override readonly fieldLength = 16;
  constructor(
    type: DataType,
    name: string,
    private readonly kind: 'INTERVAL_MDN' | 'INTERVAL_DS' | 'INTERVAL_YM',
  ) {
    super(type, name, false);
  }
  override append(buf: Buffer, p: number, _len: number, row: number): void {
    const micros = buf.readBigInt64BE(p);
    const days = buf.readInt32BE(p + 8);
    const months = buf.readInt32BE(p + 12);
    if (
      (this.kind === 'INTERVAL_DS' && months !== 0) ||
      (this.kind === 'INTERVAL_YM' && (days !== 0 || micros !== 0n))
    ) {
      throw new GoeError(
        'TYPE_LOSSY_CONVERSION',
        `Column ${this.name}: an interval with ${this.kind === 'INTERVAL_DS' ? 'months' : 'days or time'} does not fit ${this.kind}`,
        {
          column: this.name,
        },
      );
    }
    const text = formatInterval(this.kind, { months, days, nanoseconds: micros * 1000n });
    const out = this.buffer;
    for (let k = 0; k < text.length; k++) out.appendByte(text.charCodeAt(k));
    this.markValid(row);
  }
}
