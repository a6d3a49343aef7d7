/**
 * `--allow-decimal-scale-rounding` made effective: a column whose final scale is smaller than its source's is staged
 * at the source's exact DECIMAL ({@link CanonicalColumn.stagedAs}) and rounded by the backend's cast to the final type
 * during the final load — the backend's documented rounding (the embedded warehouse's `CAST` to DECIMAL or to an
 * integer rounds half away from zero: 2.005 → 2.01, −1.2355 → −1.24); the backend counts the changed values
 * (`ValidationResult.notices`: `N values of COL rounded to scale S`).
 */
import { cloneColumn, type CanonicalColumn } from '../column.js';
import type { LossyAllowances } from '../../plan/offload-plan.js';
import { resolveLossyAllowances } from './options.js';
import { sourceCanonical, type SourceColumnLike } from './overrides.js';
import { describeCanonicalType } from './type-text.js';

const EXACT = new Set(['INTEGER_1', 'INTEGER_2', 'INTEGER_4', 'INTEGER_8', 'INTEGER_38', 'DECIMAL']);

/**
 * Marks the columns the backend rounds: exact-number final columns whose scale (0 for integers) is below their
 * source DECIMAL's known scale, when `--allow-decimal-scale-rounding` is given. Without the allowance the columns
 * are returned unchanged (the lossless gate refuses them first). Sources of unknown precision or scale are left
 * alone (their values cannot be staged exactly).
 *
 * @returns the columns (rounded ones with `stagedAs`) and one notice per rounded column.
 * @example
 * planScaleRounding(source, [canonicalColumn({ name: 'AMT', dataType: 'DECIMAL', precision: 10, scale: 2 })], { decimalScaleRounding: true })
 * // columns[0].stagedAs = { dataType: 'DECIMAL', precision: 10, scale: 4 }; notices: ['Column AMT: values are rounded …']
 */
export function planScaleRounding(
  sourceColumns: readonly SourceColumnLike[],
  finalColumns: readonly CanonicalColumn[],
  allow: Partial<LossyAllowances> = {},
): { readonly columns: readonly CanonicalColumn[]; readonly notices: readonly string[] } {
  if (!resolveLossyAllowances(allow).decimalScaleRounding) return { columns: finalColumns, notices: [] };
  const sources = new Map(sourceColumns.map((c) => [sourceCanonical(c).name.toUpperCase(), sourceCanonical(c)]));
  const notices: string[] = [];
  const columns = finalColumns.map((col) => {
    const src = sources.get(col.name.toUpperCase());
    if (src === undefined || src.dataType !== 'DECIMAL' || !EXACT.has(col.dataType)) return col;
    if (src.precision === undefined || src.scale === undefined || src.scale <= 0) return col;
    const finalScale = col.dataType === 'DECIMAL' ? Math.max(col.scale ?? 0, 0) : 0;
    if (finalScale >= src.scale) return col;
    notices.push(
      `Column ${col.name}: values are rounded from scale ${src.scale} to ${finalScale} (${describeCanonicalType(src)} -> ${describeCanonicalType(col)}) by the backend's cast, as --allow-decimal-scale-rounding allows`,
    );
    return cloneColumn(col, {
      stagedAs: { dataType: 'DECIMAL', precision: Math.max(src.precision, src.scale), scale: src.scale },
    });
  });
  return { columns, notices };
}
