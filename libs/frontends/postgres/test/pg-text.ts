/**
 * Test-only: renders an Arrow value the way PostgreSQL renders the source value as text (`col::text` with
 * TimeZone UTC, DateStyle ISO, IntervalStyle iso_8601), reading the raw Arrow buffers (not Arrow JS getters).
 */
import { civilFromDays } from '@goe/conformance';
import { parseInterval } from '@goe/core';
import type { Data, RecordBatch } from 'apache-arrow';

const pad = (n: number | bigint, w: number) => String(n).padStart(w, '0');

/** Civil date from days since 1970-01-01 (proleptic Gregorian; year 0 = 1 BC), from the conformance kit. */
export function civil(days: number): { y: number; m: number; d: number } {
  const { year, month, day } = civilFromDays(days);
  return { y: year, m: month, d: day };
}

function dateText(days: number): { text: string; bc: boolean } {
  const { y, m, d } = civil(days);
  const bc = y <= 0;
  return { text: `${pad(bc ? 1 - y : y, 4)}-${pad(m, 2)}-${pad(d, 2)}`, bc };
}

function timeText(us: bigint): string {
  const h = us / 3_600_000_000n;
  const mi = (us / 60_000_000n) % 60n;
  const s = (us / 1_000_000n) % 60n;
  const f = us % 1_000_000n;
  return `${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}${f === 0n ? '' : '.' + pad(f, 6).replace(/0+$/, '')}`;
}

function timestampText(us: bigint, tz: boolean): string {
  const day = us >= 0n ? us / 86_400_000_000n : -((-us + 86_399_999_999n) / 86_400_000_000n);
  const rest = us - day * 86_400_000_000n;
  const d = dateText(Number(day));
  return `${d.text} ${timeText(rest)}${tz ? '+00' : ''}${d.bc ? ' BC' : ''}`;
}

function decimalText(words: Uint32Array, at: number, n: number, scale: number): string {
  let v = 0n;
  for (let j = n - 1; j >= 0; j--) v = (v << 32n) | BigInt(words[at + j]!);
  if (v >> BigInt(n * 32 - 1)) v -= 1n << BigInt(n * 32);
  const neg = v < 0n;
  const digits = (neg ? -v : v).toString().padStart(scale + 1, '0');
  const int = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale);
  return `${neg ? '-' : ''}${int}${scale > 0 ? '.' + frac : ''}`;
}

/** The value of row `i` of one Arrow column chunk, as PostgreSQL text (`null` for NULL). */
export function arrowToPgText(data: Data, i: number): string | null | number {
  if (!data.getValid(i)) return null;
  const type = data.type as unknown as {
    typeId: number;
    scale?: number;
    bitWidth?: number;
    unit?: number;
    timezone?: string | null;
  };
  const name = String(data.type);
  const values = data.values as unknown as ArrayLike<number | bigint> & Uint8Array;
  if (name.startsWith('Int')) return String(values[i]);
  if (name.startsWith('Float')) return Number(values[i]);
  if (name === 'Bool') return (values[i >> 3]! >> (i & 7)) & 1 ? 't' : 'f';
  if (name.startsWith('Decimal')) {
    const n = type.bitWidth! / 32;
    return decimalText(data.values as unknown as Uint32Array, i * n, n, type.scale!);
  }
  if (name === 'Utf8' || name === 'LargeUtf8' || name === 'Binary' || name === 'LargeBinary') {
    const offsets = data.valueOffsets as ArrayLike<number | bigint>;
    const bytes = (data.values as Uint8Array).subarray(Number(offsets[i]), Number(offsets[i + 1]));
    if (name.endsWith('Binary')) return `\\x${Buffer.from(bytes).toString('hex')}`;
    return Buffer.from(bytes).toString('utf8');
  }
  if (name.startsWith('Date32')) {
    const d = dateText(Number(values[i]));
    return `${d.text}${d.bc ? ' BC' : ''}`;
  }
  if (name.startsWith('Timestamp')) return timestampText(BigInt(values[i]!), type.timezone != null);
  if (name.startsWith('Time64')) return timeText(BigInt(values[i]!));
  throw new Error(`no PG text form for ${name}`);
}

/** Every value of a column over batches, as PG text, keyed by the value of the `id` column. */
export function columnTexts(
  batches: readonly RecordBatch[],
  column: string,
  idColumn = 'id',
): Map<string, string | null | number> {
  const out = new Map<string, string | null | number>();
  for (const b of batches) {
    const ids = b.getChild(idColumn)!.data[0]!;
    const col = b.getChild(column)!.data[0]!;
    for (let i = 0; i < b.numRows; i++) out.set(String(arrowToPgText(ids, i)), arrowToPgText(col, i));
  }
  return out;
}

/** PostgreSQL's iso_8601 interval text → months, days, microseconds. */
export function pgIsoInterval(text: string): { months: number; days: number; micros: bigint } {
  const m =
    /^P(?:(-?\d+)Y)?(?:(-?\d+)M)?(?:(-?\d+)W)?(?:(-?\d+)D)?(?:T(?:(-?\d+)H)?(?:(-?\d+)M)?(?:(-?\d+(?:\.\d+)?)S)?)?$/.exec(
      text,
    );
  if (!m) throw new Error(`not an ISO interval: ${text}`);
  const n = (s: string | undefined) => (s === undefined ? 0 : Number(s));
  const secs = m[7] ?? '0';
  const neg = secs.startsWith('-');
  const [w, f = ''] = secs.replace('-', '').split('.');
  const us = BigInt(w!) * 1_000_000n + BigInt(f.padEnd(6, '0') || '0');
  return {
    months: n(m[1]) * 12 + n(m[2]),
    days: n(m[3]) * 7 + n(m[4]),
    micros: BigInt(n(m[5])) * 3_600_000_000n + BigInt(n(m[6])) * 60_000_000n + (neg ? -us : us),
  };
}

/** Our interval text (core `formatInterval`, INTERVAL_MDN) → months, days, microseconds. */
export function goeInterval(text: string): { months: number; days: number; micros: bigint } {
  const v = parseInterval('INTERVAL_MDN', text);
  return { months: v.months, days: v.days, micros: v.nanoseconds / 1000n };
}
