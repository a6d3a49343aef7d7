/** GOE's data-sampling trigger: which number- and date-based columns must be sampled before they are typed. */
import type { BackendCapabilities } from '../../contracts/backend.js';
import { isDateType, isNumberType } from '../canonical.js';
import type { CanonicalColumn } from '../column.js';
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
