/**
 * GOE's data-type control options (reference §3.7) applied to canonical columns, GOE's NOT NULL rules, the
 * data-sampling trigger, and the **lossless-by-default** checks (architecture §4).
 *
 * Order of use in a planner: {@link applyDataTypeControls} (user overrides, unicode, NOT NULL) → data sampling
 * of the columns {@link needsDataSampling} selects → {@link checkLossyConversions} on the final columns.
 *
 * Deliberate differences from GOE (each one makes a silent loss or a silent no-op loud):
 * - a plain (wildcard-free) column name that matches no source column is an error
 *   (`Unknown columns specified for --option`); GOE silently ignores it;
 * - a wildcard pattern that matches nothing is an error even when another pattern of the same option
 *   matched; GOE only fails when the whole option matched nothing;
 * - `--decimal-columns-type` without `--decimal-columns` is "unbalanced"; GOE ignores it;
 * - override columns are never re-typed by data sampling (GOE's sampling could replace a user override).
 *
 * One module per concern under `data-type-controls/`: option definitions and defaults (`options`), column lists
 * and wildcards (`column-lists`), the decimal spec (`decimal-spec`), override validity (`overrides`), type text
 * (`type-text`), NOT NULL (`not-null`), {@link applyDataTypeControls} (`apply`), the sampling trigger (`sampling`)
 * and the lossless-by-default checks (`lossy-conversions`).
 */
export * from './data-type-controls/options.js';
export * from './data-type-controls/column-lists.js';
export * from './data-type-controls/decimal-spec.js';
export * from './data-type-controls/overrides.js';
export * from './data-type-controls/type-text.js';
export * from './data-type-controls/not-null.js';
export * from './data-type-controls/apply.js';
export * from './data-type-controls/sampling.js';
export * from './data-type-controls/lossy-conversions.js';
export * from './data-type-controls/value-ranges.js';
export * from './data-type-controls/scale-rounding.js';
export * from './data-type-controls/transform-columns.js';
