/** The frontend-neutral part of mapping an exact source number to a canonical integer type (reference §2.1). */
import type { CanonicalType } from './canonical.js';

/**
 * GOE's integral detection (reference §2.1, `_frontend_decimal_to_integral_type`), shared by every frontend
 * whose exact numbers carry a precision and scale, for scale 0: precision 1–2 → INTEGER_1, 3–4 → INTEGER_2,
 * 5–9 → INTEGER_4, 10–18 → INTEGER_8 (17–18 → INTEGER_38 when the mapping is unsafe, i.e. sampled),
 * 19–38 → INTEGER_38; otherwise `undefined` (use DECIMAL).
 *
 * @example
 * integralCanonicalType(10, 0, true) // 'INTEGER_8'
 * integralCanonicalType(18, 0, false) // 'INTEGER_38'
 */
export function integralCanonicalType(
  precision: number | undefined,
  scale: number,
  safe: boolean,
): CanonicalType | undefined {
  if (scale !== 0 || precision === undefined) return undefined;
  const p = precision;
  if (p >= 1 && p <= 2) return 'INTEGER_1';
  if (p >= 3 && p <= 4) return 'INTEGER_2';
  if (p >= 5 && p <= 9) return 'INTEGER_4';
  if (p >= 17 && p <= 18 && !safe) return 'INTEGER_38';
  if (p >= 10 && p <= 18) return 'INTEGER_8';
  if (p >= 19 && p <= 38) return 'INTEGER_38';
  return undefined;
}
