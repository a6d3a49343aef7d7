/** GOE's data-sampling trigger: which number- and date-based columns must be sampled before they are typed. */
import { GoeError } from '../../errors.js';
import type { BackendCapabilities } from '../../contracts/backend.js';
import { isDateType, isNumberType, type CanonicalType } from '../canonical.js';
import { integralCanonicalType } from '../integral.js';
import type { CanonicalColumn } from '../column.js';
import { DATA_TYPE_CONTROL_DEFAULTS } from './options.js';
import { sourceCanonical, type SourceColumnLike } from './overrides.js';

/**
 * Backend limits that decide whether a column must be sampled.
 *
 * @example
 * const limits: SamplingLimits = { maxDecimalScale: 37, maxDecimalIntegralMagnitude: 38 };
 */
export interface SamplingLimits extends Pick<BackendCapabilities, 'maxDecimalScale'> {
  /** Largest number of integral digits of a backend decimal; default 38 (every GOE backend). */
  readonly maxDecimalIntegralMagnitude?: number;
}

/**
 * GOE's sampling trigger (`offload_source_to_canonical_mappings`, reference §2.1 and §1.4): a column is sampled
 * when its canonical mapping is number- or date-based and unsafe (`safeMapping: false`); or numeric with source
 * `precision − scale` above the backend's integral magnitude (38); or numeric with a canonical scale above the
 * backend's maximum scale; or date-based when the frontend's minimum datetime is below the backend's
 * (`dateBelowBackendMin`). Override columns (`fromOverride`) are never sampled: the user chose their type.
 *
 * @example
 * needsDataSampling(src, canonicalColumn({ name: 'N', dataType: 'DECIMAL', safeMapping: false }), { maxDecimalScale: 37 }) // true
 */
export function needsDataSampling(
  source: SourceColumnLike,
  canonical: CanonicalColumn,
  limits: SamplingLimits,
  options: { readonly dateBelowBackendMin?: boolean } = {},
): boolean {
  if (canonical.fromOverride) return false;
  const t = canonical.dataType;
  const number = isNumberType(t);
  const date = isDateType(t);
  if ((number || date) && canonical.safeMapping === false) return true;
  if (number) {
    const src = sourceCanonical(source);
    const p = source.precision ?? src.precision;
    const s = source.scale ?? src.scale ?? 0;
    if (p !== undefined && p - s > (limits.maxDecimalIntegralMagnitude ?? 38)) return true;
    if (canonical.scale !== undefined && canonical.scale > limits.maxDecimalScale) return true;
  }
  return date && options.dateBelowBackendMin === true;
}

/**
 * Data sampling settings a frontend applies when it describes a table (GOE's `--data-sample-percent`,
 * `--data-sample-parallelism`, `--decimal-padding-digits`), after {@link normalizeSamplingOptions}.
 *
 * @example
 * const sampling: SamplingOptions = { percent: 5, parallelism: 2, paddingDigits: 2 };
 */
export interface SamplingOptions {
  /**
   * `-1` = AUTO (the frontend's own choice: GOE sizes the sample by the table size); `0` = no sampling (columns
   * lacking a safe precision then map to their widest safe type or are refused naming the option that allows
   * them); otherwise the percentage of rows to sample, above 0 and at most 100. Undefined: the frontend's own
   * setting decides (its configuration variable, else AUTO).
   */
  readonly percent?: number;
  /** Degree of parallelism of the sampling query; 0 and 1 = serial. Undefined: the database decides. */
  readonly parallelism?: number;
  /**
   * Digits added to the integral part and to the scale of a **sampled** DECIMAL (headroom for values the sample
   * missed), capped at the backend precision by the mapping; integral (INTEGER_n) results are not padded.
   * Default 2.
   */
  readonly paddingDigits: number;
}

/**
 * The option values {@link normalizeSamplingOptions} reads (a subset of {@link DataTypeControls}).
 *
 * @example
 * const input: SamplingOptionsInput = { dataSamplePercent: 'AUTO', decimalPaddingDigits: 2 };
 */
export interface SamplingOptionsInput {
  readonly dataSamplePercent?: string | number;
  readonly dataSampleParallelism?: number | string;
  readonly decimalPaddingDigits?: number | string;
}

function integerIn(value: number | string, option: string, min: number, max: number): number {
  const n = typeof value === 'number' ? value : /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new GoeError(
      'OPTION_INVALID',
      `${option} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`,
      {
        variable: option,
      },
    );
  }
  return n;
}

/**
 * Checks and normalizes GOE's sampling options (pure; helper "validation" calls it from option validation):
 * - `--data-sample-percent`: `AUTO` (any case) → `-1`; a number from 0 to 100 (decimals allowed, e.g. `0.5`);
 *   not given → undefined (the frontend's own setting);
 * - `--data-sample-parallelism`: integer 0–1024; not given → undefined;
 * - `--decimal-padding-digits`: integer 0–38; default 2 ({@link DATA_TYPE_CONTROL_DEFAULTS}).
 *
 * @throws GoeError `OPTION_INVALID` naming the option (exit 2).
 * @example
 * normalizeSamplingOptions({ dataSamplePercent: 'auto' }) // { percent: -1, paddingDigits: 2 }
 * normalizeSamplingOptions({ dataSamplePercent: '5', dataSampleParallelism: 2, decimalPaddingDigits: 0 }) // { percent: 5, parallelism: 2, paddingDigits: 0 }
 */
export function normalizeSamplingOptions(input: SamplingOptionsInput): SamplingOptions {
  const out: { percent?: number; parallelism?: number; paddingDigits: number } = {
    paddingDigits:
      input.decimalPaddingDigits === undefined
        ? DATA_TYPE_CONTROL_DEFAULTS.decimalPaddingDigits
        : integerIn(input.decimalPaddingDigits, '--decimal-padding-digits', 0, 38),
  };
  const pct = input.dataSamplePercent;
  if (pct !== undefined) {
    const text = String(pct).trim();
    if (/^auto$/i.test(text)) out.percent = -1;
    else {
      const n = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
      if (!Number.isFinite(n) || n > 100) {
        throw new GoeError(
          'OPTION_INVALID',
          `--data-sample-percent must be AUTO or a number from 0 to 100, got ${JSON.stringify(pct)}`,
          { variable: '--data-sample-percent' },
        );
      }
      out.percent = n;
    }
  }
  if (input.dataSampleParallelism !== undefined) {
    out.parallelism = integerIn(input.dataSampleParallelism, '--data-sample-parallelism', 0, 1024);
  }
  return out;
}

const GIB = 1024 ** 3;

/**
 * GOE's AUTO sample size (reference §2.1), shared by every frontend that samples: 100 % up to 1 GiB, else
 * `log10(GiB)` GiB worth of the table (at least 1 GiB), floored at 0.000001 %. Explicit percentages (0–100) are
 * returned as given; an unknown size counts as small.
 *
 * @example
 * autoSamplePercent(-1, 500 * 1024 ** 2) // 100
 * autoSamplePercent(-1, 100 * 1024 ** 3) // 2
 */
export function autoSamplePercent(percent: number, sizeBytes: number | undefined): number {
  if (percent >= 0) return percent;
  if (sizeBytes === undefined || sizeBytes <= GIB) return 100;
  const gib = sizeBytes / GIB;
  const pct = (100 * Math.max(1, Math.log10(gib))) / gib;
  return Math.min(100, Math.max(0.000001, pct));
}

/** The numeric part of a canonical mapping that sampling sizes: type, precision and scale. */
export interface SampledNumber {
  readonly dataType: CanonicalType;
  readonly precision?: number;
  readonly scale?: number;
}

/**
 * The canonical number a sample's largest integral digit count and scale give (reference §2.1): a column of
 * precision `digits + scale` (at least 1), scale `scale`, unsafe — so an integral one is INTEGER_n by
 * {@link integralCanonicalType} (17–18 digits round up to INTEGER_38), else DECIMAL(p,s).
 *
 * @example
 * sampledNumber(17, 0) // { dataType: 'INTEGER_38', precision: 17, scale: 0 }
 * sampledNumber(3, 2) // { dataType: 'DECIMAL', precision: 5, scale: 2 }
 */
export function sampledNumber(integralDigits: number, scale: number): Required<SampledNumber> {
  const precision = Math.max(1, integralDigits + scale);
  const integral = integralCanonicalType(precision, scale, false);
  return integral === undefined
    ? { dataType: 'DECIMAL', precision, scale }
    : { dataType: integral, precision, scale: 0 };
}

/** Largest precision a padded sampled decimal gets (every GOE backend holds 38 digits). */
export const MAX_PADDED_PRECISION = 38;

/**
 * GOE's decimal padding (`--decimal-padding-digits`) applied to a sampled DECIMAL: `digits` more integral digits
 * and `digits` more scale, within {@link MAX_PADDED_PRECISION} digits (integral headroom first, then scale).
 * Integral mappings, padding 0 and decimals already at 38 digits are returned unchanged. The net effect is GOE's
 * (p + 2d, s + d), which GOE applies to some backends only; here it is the sample's headroom on every backend.
 *
 * @example
 * padSampledDecimal({ dataType: 'DECIMAL', precision: 13, scale: 1 }, 2) // precision 17, scale 3
 */
export function padSampledDecimal<M extends SampledNumber>(mapping: M, digits: number): M {
  const p = mapping.precision;
  if (mapping.dataType !== 'DECIMAL' || digits <= 0 || p === undefined || p >= MAX_PADDED_PRECISION) return mapping;
  const s = mapping.scale ?? 0;
  const integral = Math.min(p - s + digits, MAX_PADDED_PRECISION - s);
  const scale = Math.min(s + digits, MAX_PADDED_PRECISION - integral);
  return { ...mapping, precision: integral + scale, scale };
}

/**
 * The GOE options that type a sampled column without sampling next time (`--integer-2-columns X`,
 * `--decimal-columns X --decimal-columns-type p,s`), logged after sampling as GOE does.
 *
 * @example
 * skipSamplingOptions('X', { dataType: 'DECIMAL', precision: 7, scale: 2 }) // '--decimal-columns X --decimal-columns-type 7,2'
 */
export function skipSamplingOptions(name: string, mapping: SampledNumber): string {
  switch (mapping.dataType) {
    case 'INTEGER_1':
      return `--integer-1-columns ${name}`;
    case 'INTEGER_2':
      return `--integer-2-columns ${name}`;
    case 'INTEGER_4':
      return `--integer-4-columns ${name}`;
    case 'INTEGER_8':
      return `--integer-8-columns ${name}`;
    case 'INTEGER_38':
      return `--integer-38-columns ${name}`;
    default:
      return `--decimal-columns ${name} --decimal-columns-type ${mapping.precision},${mapping.scale}`;
  }
}
