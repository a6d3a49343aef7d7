/**
 * Narrowing decided by the data (GOE's "Validate type conversions", made exact and early): a user override that
 * narrows a column's integral range (`--integer-2-columns` on a `bigint`, `--decimal-columns-type 6,2` on a
 * `numeric(12,2)`) is not refused from the declared types — the declared type cannot tell whether the values fit.
 * Instead {@link narrowedColumns} lists those columns and {@link checkValueRanges} reads their exact minimum and
 * maximum in the offload scope from the source before anything is created, and refuses a column whose values do
 * not fit, naming the column, the offending range and the option that would hold it.
 */
import { GoeError } from '../../errors.js';
import type { CanonicalType } from '../canonical.js';
import type { CanonicalColumn } from '../column.js';
import { CANONICAL_TYPE_OPTION_NAMES } from './options.js';
import { sourceCanonical, type SourceColumnLike } from './overrides.js';
import { describeCanonicalType } from './type-text.js';

/** Inclusive value ranges of the fixed-width integer types. */
const INTEGER_RANGES: ReadonlyArray<readonly [CanonicalType, bigint, bigint]> = [
  ['INTEGER_1', -128n, 127n],
  ['INTEGER_2', -32_768n, 32_767n],
  ['INTEGER_4', -2_147_483_648n, 2_147_483_647n],
  ['INTEGER_8', -9_223_372_036_854_775_808n, 9_223_372_036_854_775_807n],
];

const pow10 = (n: number): bigint => (n <= 0 ? 1n : 10n ** BigInt(n));

/**
 * The inclusive integral range a canonical exact-number column holds (fractions ignored: a DECIMAL(p,s) holds
 * integral parts up to `10^(p−s) − 1`), or `undefined` when it is not an exact number or its size is unknown.
 *
 * @example
 * integralRange(canonicalColumn({ name: 'Q', dataType: 'INTEGER_2' })) // { min: -32768n, max: 32767n }
 * integralRange(canonicalColumn({ name: 'A', dataType: 'DECIMAL', precision: 6, scale: 2 })) // { min: -9999n, max: 9999n }
 */
export function integralRange(column: CanonicalColumn): { readonly min: bigint; readonly max: bigint } | undefined {
  const fixed = INTEGER_RANGES.find(([t]) => t === column.dataType);
  if (fixed !== undefined) {
    if (column.precision !== undefined && !column.fromOverride) {
      const m = pow10(column.precision) - 1n;
      if (m < fixed[2]) return { min: -m, max: m };
    }
    return { min: fixed[1], max: fixed[2] };
  }
  if (column.dataType === 'INTEGER_38') {
    const m = pow10(column.precision ?? 38) - 1n;
    return { min: -m, max: m };
  }
  if (column.dataType === 'DECIMAL' && column.precision !== undefined) {
    const m = pow10(column.precision - Math.max(column.scale ?? 0, 0)) - 1n;
    return { min: -m, max: m };
  }
  return undefined;
}

/**
 * One column whose values must be checked against its final type (see {@link narrowedColumns}).
 *
 * @example
 * const n: NarrowedColumn = { column: 'QTY', option: '--integer-2-columns', type: 'INTEGER_2', min: -32768n, max: 32767n };
 */
export interface NarrowedColumn {
  readonly column: string;
  /** The option that asked for the narrower type. */
  readonly option: string;
  /** The final type, as text (`INTEGER_2`, `DECIMAL(6,2)`). */
  readonly type: string;
  /** Inclusive integral range of the final type. */
  readonly min: bigint;
  readonly max: bigint;
  /** Fractional digits of the final type (0 for integers). */
  readonly scale: number;
}

/**
 * The override columns (`fromOverride`) whose final integral range is narrower than their source's declared range:
 * only the data can tell whether they fit. Columns of unknown source size are not listed (sampling sized them, and
 * the backend's cast check catches what remains).
 *
 * @example
 * narrowedColumns(source, plan.columns) // [{ column: 'QTY', option: '--integer-2-columns', type: 'INTEGER_2', … }]
 */
export function narrowedColumns(
  sourceColumns: readonly SourceColumnLike[],
  finalColumns: readonly CanonicalColumn[],
): readonly NarrowedColumn[] {
  const sources = new Map(sourceColumns.map((c) => [sourceCanonical(c).name.toUpperCase(), sourceCanonical(c)]));
  const out: NarrowedColumn[] = [];
  for (const col of finalColumns) {
    if (!col.fromOverride) continue;
    const src = sources.get(col.name.toUpperCase());
    if (src === undefined) continue;
    const to = integralRange(col);
    const from = integralRange(src);
    if (to === undefined || from === undefined) continue;
    if (from.min >= to.min && from.max <= to.max) continue;
    out.push({
      column: col.name,
      option: CANONICAL_TYPE_OPTION_NAMES[col.dataType] ?? 'a data-type control option',
      type: describeCanonicalType(col),
      min: to.min,
      max: to.max,
      scale: col.dataType === 'DECIMAL' ? Math.max(col.scale ?? 0, 0) : 0,
    });
  }
  return out;
}

/** The integral part of an engine's number text (`'-12.50'` → `-12n`, `'1e3'` → `1000n`), or undefined. */
export function integralPart(text: string): bigint | undefined {
  const t = text.trim();
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(t);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const sign = m[1] === '-' ? -1n : 1n;
  const digits = `${m[2]}${m[3] ?? ''}`;
  const point = m[2]!.length + Number(m[4] ?? 0);
  const whole = point <= 0 ? '0' : digits.slice(0, point).padEnd(point, '0');
  return sign * BigInt(whole === '' ? '0' : whole);
}

/**
 * The GOE option that holds every value from `min` to `max` for `column`: the narrowest `--integer-N-columns`
 * (1, 2, 4, 8), else `--integer-38-columns` up to 38 digits, else `--decimal-columns … --decimal-columns-type`.
 * With a scale, a `--decimal-columns-type` wide enough for the integral digits.
 *
 * @example
 * widerOption('QTY', -5n, 40000n, 0) // '--integer-4-columns QTY'
 * widerOption('AMT', 0n, 123456n, 2) // '--decimal-columns AMT --decimal-columns-type 8,2'
 */
export function widerOption(column: string, min: bigint, max: bigint, scale: number): string {
  const abs = (v: bigint) => (v < 0n ? -v : v);
  const digits = Math.max(String(abs(min)).length, String(abs(max)).length);
  if (scale > 0) return `--decimal-columns ${column} --decimal-columns-type ${digits + scale},${scale}`;
  const fit = INTEGER_RANGES.find(([, lo, hi]) => min >= lo && max <= hi);
  if (fit !== undefined) return `${CANONICAL_TYPE_OPTION_NAMES[fit[0]]} ${column}`;
  if (digits <= 38) return `--integer-38-columns ${column}`;
  return `--decimal-columns ${column} --decimal-columns-type ${digits},0`;
}

/**
 * Reads `min`/`max` of columns in the offload scope; a frontend session's `aggregate` bound to the table and scope.
 *
 * @example
 * const read: ReadMinMax = (specs) => frontend.aggregate(source, plan.scope, specs);
 */
export type ReadMinMax = (
  specs: readonly { readonly column: string; readonly fn: 'min' | 'max' }[],
) => Promise<Readonly<Record<string, string | null>>>;

/**
 * Checks the exact values of every {@link narrowedColumns} column (one aggregate read of `min` and `max`) and
 * refuses the first column whose values do not fit its final type. Does nothing (and reads nothing) when no
 * column narrows.
 *
 * @returns one log line per checked column (`Column QTY: values 5..300 fit INTEGER_2`).
 * @throws GoeError `TYPE_LOSSY_CONVERSION` (exit 4): `Column QTY: values from -5 to 40000 do not fit INTEGER_2
 *   (-32768 to 32767) requested by --integer-2-columns`, hint `Use --integer-4-columns QTY instead`.
 * @example
 * const lines = await checkValueRanges(narrowedColumns(source.columns, plan.columns), (specs) => frontend.aggregate(source, plan.scope, specs));
 */
export async function checkValueRanges(
  narrowed: readonly NarrowedColumn[],
  read: ReadMinMax,
): Promise<readonly string[]> {
  if (narrowed.length === 0) return [];
  const specs = narrowed.flatMap((n) => [
    { column: n.column, fn: 'min' as const },
    { column: n.column, fn: 'max' as const },
  ]);
  const got = await read(specs);
  const lines: string[] = [];
  for (const n of narrowed) {
    const minText = got[`min(${n.column})`] ?? null;
    const maxText = got[`max(${n.column})`] ?? null;
    if (minText === null || maxText === null) {
      lines.push(`Column ${n.column}: no values in scope; ${n.type} holds them`);
      continue;
    }
    const lo = integralPart(minText);
    const hi = integralPart(maxText);
    if (lo === undefined || hi === undefined) {
      lines.push(`Column ${n.column}: range ${minText}..${maxText} not numeric; left to the load's cast check`);
      continue;
    }
    if (lo < n.min || hi > n.max) {
      const wider = widerOption(n.column, lo < 0n ? lo : 0n, hi > 0n ? hi : 0n, n.scale);
      throw new GoeError(
        'TYPE_LOSSY_CONVERSION',
        `Column ${n.column}: values from ${minText} to ${maxText} do not fit ${n.type} (${n.min} to ${n.max}) requested by ${n.option}`,
        { column: n.column, variable: n.option, hint: `Use ${wider} instead` },
      );
    }
    lines.push(`Column ${n.column}: values ${minText}..${maxText} fit ${n.type}`);
  }
  return lines;
}
