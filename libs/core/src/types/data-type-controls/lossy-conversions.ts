/**
 * Lossless by default (architecture §4): numeric, floating-point and date/time conversions that can lose data are
 * refused unless their `--allow-*` option was given.
 */
import { GoeError } from '../../errors.js';
import type { BackendCapabilities } from '../../contracts/backend.js';
import type { LossyAllowances } from '../../plan/offload-plan.js';
import type { CanonicalType } from '../canonical.js';
import type { CanonicalColumn } from '../column.js';
import { resolveLossyAllowances } from './options.js';
import { sourceCanonical, type SourceColumnLike } from './overrides.js';
import { describeCanonicalType } from './type-text.js';
import { widerOption } from './value-ranges.js';

const FLOATS: readonly CanonicalType[] = ['FLOAT', 'DOUBLE'];

/**
 * Backend limits read by {@link checkLossyConversions}.
 *
 * @example
 * checkLossyConversions(source, final, { maxDecimalPrecision: 38, maxDecimalScale: 37, maxDatetimeScale: 6, nanInfinity: true });
 */
export type LossyCheckLimits = Pick<
  BackendCapabilities,
  'maxDecimalPrecision' | 'maxDecimalScale' | 'maxDatetimeScale' | 'nanInfinity'
> & {
  /** Largest number of integral digits of a backend decimal; default 38. */
  readonly maxDecimalIntegralMagnitude?: number;
};

/**
 * CLI names of the `--allow-*` options, by {@link LossyAllowances} key.
 *
 * @example
 * LOSSY_ALLOWANCE_OPTIONS.nanosecondTimestamps // '--allow-nanosecond-timestamp-columns'
 */
export const LOSSY_ALLOWANCE_OPTIONS = Object.freeze({
  decimalScaleRounding: '--allow-decimal-scale-rounding',
  floatingPointConversions: '--allow-floating-point-conversions',
  nanosecondTimestamps: '--allow-nanosecond-timestamp-columns',
} as const satisfies Record<keyof LossyAllowances, string>);

const INTEGER_MAX: Partial<Record<CanonicalType, bigint>> = {
  INTEGER_1: 127n,
  INTEGER_2: 32_767n,
  INTEGER_4: 2_147_483_647n,
  INTEGER_8: 9_223_372_036_854_775_807n,
};
const FLOAT_EXACT_INTEGER: Partial<Record<CanonicalType, bigint>> = { FLOAT: 2n ** 24n, DOUBLE: 2n ** 53n };

const pow10 = (n: number): bigint => (n <= 0 ? 1n : 10n ** BigInt(n));

/** Largest integral magnitude and fractional digits an exact numeric column holds; `undefined` parts are unknown. */
function exactShape(col: CanonicalColumn, role: 'source' | 'target'): { maxAbs?: bigint; scale?: number } | undefined {
  const t = col.dataType;
  const intMax = INTEGER_MAX[t];
  if (intMax !== undefined) {
    if (role === 'source' && col.precision !== undefined) {
      const byPrecision = pow10(col.precision) - 1n;
      return { maxAbs: byPrecision < intMax ? byPrecision : intMax, scale: 0 };
    }
    return { maxAbs: intMax, scale: 0 };
  }
  if (t === 'INTEGER_38') return { maxAbs: pow10(col.precision ?? 38) - 1n, scale: 0 };
  if (t === 'DECIMAL') {
    const p = col.precision;
    const s = col.scale;
    if (p === undefined) return { scale: s === undefined ? undefined : Math.max(s, 0) };
    const integral = p - (s ?? 0);
    return { maxAbs: integral > 0 ? pow10(integral) - 1n : 0n, scale: Math.max(s ?? 0, 0) };
  }
  return undefined;
}

function lossy(column: string, what: string, allowKey: keyof LossyAllowances | undefined, hint?: string): GoeError {
  const option = allowKey === undefined ? undefined : LOSSY_ALLOWANCE_OPTIONS[allowKey];
  const tail = option === undefined ? '' : `. Include ${option} option to proceed with the offload`;
  return new GoeError('TYPE_LOSSY_CONVERSION', `Lossy conversion for column ${column}: ${what}${tail}`, {
    column,
    variable: option,
    hint: hint ?? (option === undefined ? undefined : `Add ${option} if the loss is acceptable`),
  });
}

/**
 * The lossless-by-default gate (architecture §4). Compares each final canonical column with its source column
 * (matched by name, case-insensitively; final columns without a source, e.g. synthetic ones, are skipped) and with
 * the backend limits, and throws on the first conversion that can lose data unless its `--allow-*` option was given:
 *
 * | loss | allowed by |
 * |---|---|
 * | decimal scale reduced (incl. DECIMAL(p,s>0) → integer), scale above the backend maximum | `--allow-decimal-scale-rounding` |
 * | integral digits narrowed by a user override (`--integer-N-columns`, `--decimal-columns-type`) | not judged here: the data decides ({@link checkValueRanges}) |
 * | integral digits narrowed without an override | never (names the wider option) |
 * | exact number → FLOAT/DOUBLE (unless every value is an integer the float holds exactly), FLOAT/DOUBLE → DECIMAL, DOUBLE → FLOAT, NaN/±Infinity into a backend without them | `--allow-floating-point-conversions` |
 * | fractional seconds above the backend's `maxDatetimeScale` (e.g. nanoseconds into a µs backend) or above the final column's scale | `--allow-nanosecond-timestamp-columns` |
 * | DECIMAL precision above the backend maximum, or more than 38 integral digits | never: use `--decimal-columns` |
 * | TIMESTAMP → DATE | allowed when requested with `--date-columns` (a notice is returned); refused otherwise |
 *
 * Unknown source precision/scale (e.g. an unbounded NUMBER) is not judged here: sampling sizes such columns and
 * staged-data validation catches what remains.
 *
 * @returns notices for explicitly requested losses (e.g. `--date-columns` dropping a time part).
 * @throws GoeError `TYPE_LOSSY_CONVERSION` naming the column and the option that allows the loss.
 * @example
 * checkLossyConversions(source, final, backend.capabilities, { decimalScaleRounding: true })
 */
export function checkLossyConversions(
  sourceColumns: readonly SourceColumnLike[],
  finalColumns: readonly CanonicalColumn[],
  backendCaps: LossyCheckLimits,
  allow: Partial<LossyAllowances> = {},
): readonly string[] {
  const ok = resolveLossyAllowances(allow);
  const notices: string[] = [];
  const maxIntegral = backendCaps.maxDecimalIntegralMagnitude ?? 38;
  const sources = new Map(sourceColumns.map((c) => [sourceCanonical(c).name.toUpperCase(), sourceCanonical(c)]));

  for (const col of finalColumns) {
    const name = col.name;
    const t = col.dataType;
    const dst = describeCanonicalType(col);

    // Backend decimal limits.
    if (t === 'DECIMAL' && col.precision !== undefined) {
      const s = col.scale ?? 0;
      const hint = `Use --decimal-columns ${name} --decimal-columns-type p,s with p <= ${backendCaps.maxDecimalPrecision} and p - s <= ${maxIntegral}`;
      if (col.precision > backendCaps.maxDecimalPrecision) {
        throw lossy(
          name,
          `${dst} exceeds the backend maximum precision ${backendCaps.maxDecimalPrecision}`,
          undefined,
          hint,
        );
      }
      if (col.precision - s > maxIntegral) {
        throw lossy(name, `${dst} has more than ${maxIntegral} integral digits, the backend maximum`, undefined, hint);
      }
      if (s > backendCaps.maxDecimalScale && !ok.decimalScaleRounding) {
        throw lossy(
          name,
          `${dst} has a scale above the backend maximum ${backendCaps.maxDecimalScale}; values would be rounded`,
          'decimalScaleRounding',
        );
      }
    }

    const src = sources.get(name.toUpperCase());
    if (src === undefined) continue;
    const st = src.dataType;
    const from = describeCanonicalType(src);

    // Numbers.
    const srcExact = exactShape(src, 'source');
    const dstExact = exactShape(col, 'target');
    if (srcExact && dstExact) {
      if (
        srcExact.scale !== undefined &&
        dstExact.scale !== undefined &&
        dstExact.scale < srcExact.scale &&
        !ok.decimalScaleRounding
      ) {
        throw lossy(
          name,
          `${from} -> ${dst} reduces the scale from ${srcExact.scale} to ${dstExact.scale}; values would be rounded`,
          'decimalScaleRounding',
        );
      }
      // A user override that narrows the integral range is decided by the data (checkValueRanges), not here.
      if (
        !col.fromOverride &&
        srcExact.maxAbs !== undefined &&
        dstExact.maxAbs !== undefined &&
        dstExact.maxAbs < srcExact.maxAbs
      ) {
        throw lossy(
          name,
          `${from} -> ${dst} narrows the number; large values would not fit`,
          undefined,
          `Use ${widerOption(name, -srcExact.maxAbs, srcExact.maxAbs, srcExact.scale ?? 0)}`,
        );
      }
    }
    const floatLimit = FLOAT_EXACT_INTEGER[t];
    if (srcExact && floatLimit !== undefined && !ok.floatingPointConversions) {
      const exact = srcExact.scale === 0 && srcExact.maxAbs !== undefined && srcExact.maxAbs <= floatLimit;
      if (!exact) {
        throw lossy(name, `${from} -> ${dst} is not exact in binary floating point`, 'floatingPointConversions');
      }
    }
    if (FLOATS.includes(st) && !ok.floatingPointConversions) {
      if (dstExact)
        throw lossy(
          name,
          `${from} -> ${dst} cannot hold NaN, Infinity or every binary fraction`,
          'floatingPointConversions',
        );
      if (st === 'DOUBLE' && t === 'FLOAT')
        throw lossy(name, `${from} -> ${dst} loses precision`, 'floatingPointConversions');
      if (FLOATS.includes(t) && !backendCaps.nanInfinity) {
        throw lossy(
          name,
          `${dst} NaN and Infinity values cannot be stored by the backend and would be loaded as NULL`,
          'floatingPointConversions',
        );
      }
    }

    // Dates and times.
    if (st === 'TIMESTAMP' && t === 'DATE') {
      if (!col.fromOverride) {
        throw lossy(
          name,
          `${from} -> DATE drops the time part`,
          undefined,
          `Request it explicitly with --date-columns ${name}`,
        );
      }
      notices.push(`Column ${name}: --date-columns drops the time part of ${from} values`);
    }
    if ((t === 'TIMESTAMP' || t === 'TIMESTAMP_TZ' || t === 'TIME') && !ok.nanosecondTimestamps) {
      const srcScale =
        st === 'DATE' ? 0 : st === 'TIMESTAMP' || st === 'TIMESTAMP_TZ' || st === 'TIME' ? src.scale : undefined;
      const max = backendCaps.maxDatetimeScale;
      if (srcScale !== undefined && srcScale > max) {
        throw lossy(
          name,
          `${from} has ${srcScale} fractional second digits but the backend holds ${max}; the extra digits would be truncated`,
          'nanosecondTimestamps',
        );
      }
      if (srcScale !== undefined && col.scale !== undefined && col.scale < srcScale) {
        throw lossy(
          name,
          `${from} -> ${dst} truncates fractional seconds from ${srcScale} to ${col.scale} digits`,
          'nanosecondTimestamps',
        );
      }
      if (srcScale === undefined && col.scale !== undefined && col.scale > max) {
        throw lossy(
          name,
          `${dst} has ${col.scale} fractional second digits but the backend holds ${max}`,
          'nanosecondTimestamps',
        );
      }
    }
  }
  return notices;
}
