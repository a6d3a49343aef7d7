/**
 * Numeric controls: the `--decimal-columns-type "p,s"` spec, parsed and checked against GOE's canonical limits and
 * the backend's decimal precision and scale.
 */
import { GoeError } from '../../errors.js';
import type { BackendCapabilities } from '../../contracts/backend.js';

/**
 * GOE's `--decimal-columns-type` syntax: 1–2 digit precision (no leading zero), comma, 1–2 digit scale.
 *
 * @example
 * DECIMAL_SPEC_PATTERN.test('12, 2') // true
 * DECIMAL_SPEC_PATTERN.test('100,2') // false
 */
export const DECIMAL_SPEC_PATTERN = /^([1-9][0-9]?)\s*,\s*([0-9][0-9]?)$/;

/**
 * Backend limits the decimal spec is validated against.
 *
 * @example
 * const limits: DecimalLimits = { maxDecimalPrecision: 38, maxDecimalScale: 37 };
 */
export type DecimalLimits = Pick<BackendCapabilities, 'maxDecimalPrecision' | 'maxDecimalScale'>;

/**
 * GOE's `valid_canonical_decimal_spec`: `1 ≤ p ≤ maxPrecision`, `0 ≤ s ≤ maxScale`, `s ≤ p`.
 *
 * @example
 * validCanonicalDecimalSpec(10, 2, 38, 37) // true
 * validCanonicalDecimalSpec(2, 3, 38, 37) // false (scale above precision)
 */
export function validCanonicalDecimalSpec(
  precision: number,
  scale: number,
  maxPrecision: number,
  maxScale: number,
): boolean {
  return !(precision < 1 || precision > maxPrecision || scale < 0 || scale > maxScale || scale > precision);
}

/**
 * Parses and validates one `--decimal-columns-type` value against the backend limits.
 *
 * @param columns the paired `--decimal-columns` text, named in messages
 * @throws GoeError `OPTION_INVALID` with GOE's texts: `--decimal-columns-type must be of format
 *   "precision,scale" where 1<=precision<=P and 0<=scale<=S and scale<=precision`, or
 *   `--decimal-columns-type precision|scale is beyond backend maximum: x > max`.
 * @example
 * parseDecimalSpec('12, 2', { maxDecimalPrecision: 38, maxDecimalScale: 37 }) // { precision: 12, scale: 2 }
 */
export function parseDecimalSpec(
  spec: string,
  limits: DecimalLimits,
  columns = '',
): { readonly precision: number; readonly scale: number } {
  const p = limits.maxDecimalPrecision;
  const s = limits.maxDecimalScale;
  const where = ` (got ${JSON.stringify(spec)}${columns ? ` for --decimal-columns ${columns}` : ''})`;
  const template = `--decimal-columns-type must be of format "precision,scale" where 1<=precision<=${p} and 0<=scale<=${s} and scale<=precision`;
  const m = DECIMAL_SPEC_PATTERN.exec(spec.trim());
  const fail = (message: string) =>
    new GoeError('OPTION_INVALID', message + where, {
      variable: '--decimal-columns-type',
      column: columns || undefined,
    });
  if (!m) throw fail(template);
  const precision = Number(m[1]);
  const scale = Number(m[2]);
  if (scale > precision) throw fail(template);
  if (precision > p) throw fail(`--decimal-columns-type precision is beyond backend maximum: ${precision} > ${p}`);
  if (scale > s) throw fail(`--decimal-columns-type scale is beyond backend maximum: ${scale} > ${s}`);
  if (!validCanonicalDecimalSpec(precision, scale, p, s)) throw fail(template);
  return { precision, scale };
}
