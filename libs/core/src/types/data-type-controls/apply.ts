/**
 * {@link applyDataTypeControls}: the data-type control options applied to the source columns' canonical mappings
 * (user overrides, decimal specs, unicode strings, NOT NULL), in GOE's order.
 */
import { GoeError } from '../../errors.js';
import type { BackendCapabilities } from '../../contracts/backend.js';
import { isStringType, type CanonicalType } from '../canonical.js';
import { canonicalColumn, cloneColumn, type CanonicalColumn } from '../column.js';
import { expandColumnsCsv, formatNameList } from './column-lists.js';
import { parseDecimalSpec } from './decimal-spec.js';
import { applyNotNullControls, normalizeNotNullPropagation } from './not-null.js';
import { DATA_TYPE_CONTROL_OPTIONS, type ColumnListInput, type DataTypeControls } from './options.js';
import { sourceCanonical, validCanonicalOverride, type SourceColumnLike } from './overrides.js';
import { describeCanonicalType } from './type-text.js';
import { checkTransformColumns } from './transform-columns.js';

/**
 * What {@link applyDataTypeControls} needs to know about the backend and the frontend.
 *
 * @example
 * const context: DataTypeControlContext = { backend: backend.capabilities, existingBackendTable: false };
 */
export interface DataTypeControlContext {
  /** Backend limits: decimal spec bounds, TIMESTAMP_TZ scale; `notNullConstraints` only for a notice. */
  readonly backend: Pick<BackendCapabilities, 'maxDecimalPrecision' | 'maxDecimalScale' | 'maxDatetimeScale'> &
    Partial<Pick<BackendCapabilities, 'notNullConstraints'>>;
  /** The frontend's override rule; default {@link validCanonicalOverride} on the source's canonical mapping. */
  readonly validOverride?: (source: SourceColumnLike, target: CanonicalType) => boolean;
  /**
   * True when offloading into an existing backend table (incremental append): every option is ignored with a
   * notice and the source canonical columns are returned unchanged. Default `false`.
   */
  readonly existingBackendTable?: boolean;
}

/**
 * The result of {@link applyDataTypeControls}.
 *
 * @example
 * const { columns, overrides, notices } = applyDataTypeControls(source, controls, context);
 */
export interface DataTypeControlResult {
  /** Final canonical columns, in source order. */
  readonly columns: readonly CanonicalColumn[];
  /** The option that typed each overridden column (column name → option); `--unicode-string-columns` included. */
  readonly overrides: Readonly<Record<string, string>>;
  /** Notices for the user (e.g. options ignored on append). */
  readonly notices: readonly string[];
}

/**
 * The scale `--timestamp-tz-columns` gives a column: the backend's maximum datetime scale, capped by the source's
 * own fractional-second digits (a DATE source has none; an unknown scale takes the backend maximum), so a
 * `timestamp(6)` into a nanosecond backend stays at 6 and never asks for digits the data cannot have.
 *
 * @example
 * timestampTzScale(canonicalColumn({ name: 'TS', dataType: 'TIMESTAMP', scale: 6 }), 9) // 6
 * timestampTzScale(canonicalColumn({ name: 'D', dataType: 'DATE' }), 6) // 0
 */
export function timestampTzScale(source: CanonicalColumn, maxDatetimeScale: number): number {
  const own = source.dataType === 'DATE' ? 0 : source.scale;
  return own === undefined ? maxDatetimeScale : Math.min(own, maxDatetimeScale);
}

function optionGiven(controls: DataTypeControls, key: keyof DataTypeControls): boolean {
  const v = controls[key];
  if (typeof v === 'string') return v.trim() !== '';
  return Array.isArray(v) && v.length > 0;
}

/**
 * Applies GOE's data-type control options to the source columns' canonical mappings (reference §3.7):
 * 1. every list is upper-cased, split and wildcard-expanded against the source column names;
 * 2. options assign types in GOE's order ({@link DATA_TYPE_CONTROL_OPTIONS}); a column named by two options is a
 *    conflict; `--decimal-columns`/`--decimal-columns-type` pair positionally and are validated against the backend;
 *    TIMESTAMP_TZ gets the backend's maximum datetime scale capped by the source's ({@link timestampTzScale});
 * 3. each override is checked against its source type ("Invalid data type conversion for column …");
 * 4. override columns carry only type, precision/scale, the source nullability, `safeMapping: true` and
 *    `fromOverride: true` — no lengths;
 * 5. `--unicode-string-columns` sets char semantics UNICODE (string sources only);
 * 6. NOT NULL rules ({@link applyNotNullControls}).
 *
 * @throws GoeError `OPTION_INVALID` for malformed lists, wildcards matching nothing, unknown names, conflicts,
 *   unbalanced or invalid decimal specs and invalid conversions; every message names the column(s) and the option.
 * @example
 * const { columns } = applyDataTypeControls(source, { integer4Columns: 'qty', decimalColumns: ['PRICE'], decimalColumnsType: ['12,2'] },
 *   { backend: { maxDecimalPrecision: 38, maxDecimalScale: 37, maxDatetimeScale: 6 } });
 */
export function applyDataTypeControls(
  sourceColumns: readonly SourceColumnLike[],
  controls: DataTypeControls,
  context: DataTypeControlContext,
): DataTypeControlResult {
  checkTransformColumns(controls.transformColumns);
  const baseColumns = sourceColumns.map(sourceCanonical);
  const notices: string[] = [];

  if (context.existingBackendTable) {
    const ignored = [
      ...DATA_TYPE_CONTROL_OPTIONS.filter((o) => optionGiven(controls, o.key)).map((o) => o.option),
      ...(optionGiven(controls, 'decimalColumnsType') && !optionGiven(controls, 'decimalColumns')
        ? ['--decimal-columns-type']
        : []),
      ...(optionGiven(controls, 'unicodeStringColumns') ? ['--unicode-string-columns'] : []),
      ...(optionGiven(controls, 'notNullColumns') ? ['--not-null-columns'] : []),
    ];
    if (ignored.length > 0) {
      notices.push(`Retaining column data types of the existing backend table: ignoring ${ignored.join(', ')}`);
    }
    return { columns: baseColumns, overrides: {}, notices };
  }

  const names = baseColumns.map((c) => c.name);
  const assigned = new Map<string, { option: string; column: CanonicalColumn }>();

  const assign = (
    option: string,
    type: CanonicalType,
    list: ColumnListInput | undefined,
    precision?: number,
    scale?: number,
  ) => {
    const matched = expandColumnsCsv(list, names, { option });
    if (matched.length === 0) return;
    const conflicting = matched.filter((n) => assigned.has(n.toUpperCase()));
    if (conflicting.length > 0) {
      throw new GoeError(
        'OPTION_INVALID',
        `Data type conflict for columns ${formatNameList(conflicting)} when assigning type with ${option}`,
        { variable: option, column: conflicting[0] },
      );
    }
    for (const name of matched) {
      const index = names.indexOf(name);
      const source = baseColumns[index]!;
      const column = canonicalColumn({
        name: source.name,
        dataType: type,
        precision,
        scale: type === 'TIMESTAMP_TZ' ? timestampTzScale(source, context.backend.maxDatetimeScale) : scale,
        nullable: source.nullable,
        safeMapping: true,
        fromOverride: true,
      });
      assigned.set(name.toUpperCase(), { option, column });
    }
  };

  for (const spec of DATA_TYPE_CONTROL_OPTIONS) {
    if (spec.type === 'DECIMAL') {
      const groups = controls.decimalColumns ?? [];
      const types = controls.decimalColumnsType ?? [];
      if (groups.length === 0 && types.length === 0) continue;
      if (groups.length !== types.length) {
        throw new GoeError(
          'OPTION_INVALID',
          `Unbalanced --decimal-columns, --decimal-columns-type pairs (--decimal-columns * ${groups.length}, --decimal-columns-type * ${types.length})`,
          { variable: '--decimal-columns', hint: 'Give one --decimal-columns-type "p,s" per --decimal-columns list' },
        );
      }
      groups.forEach((group, i) => {
        const text = typeof group === 'string' ? group : group.join(',');
        const { precision, scale } = parseDecimalSpec(types[i]!, context.backend, text);
        assign('--decimal-columns', 'DECIMAL', group, precision, scale);
      });
    } else if (spec.type === 'TIMESTAMP_TZ') {
      assign(spec.option, spec.type, controls[spec.key] as ColumnListInput | undefined);
    } else {
      assign(spec.option, spec.type, controls[spec.key] as ColumnListInput | undefined);
    }
  }

  const overrides: Record<string, string> = {};
  let columns = baseColumns.map((base, i) => {
    const hit = assigned.get(base.name.toUpperCase());
    if (!hit) return base;
    const source = sourceColumns[i]!;
    const valid = context.validOverride
      ? context.validOverride(source, hit.column.dataType)
      : validCanonicalOverride(base, hit.column.dataType);
    if (!valid) {
      throw new GoeError(
        'OPTION_INVALID',
        `Invalid data type conversion for column ${base.name}: ${source.dataType} -> ${describeCanonicalType(hit.column)} (${hit.option})`,
        { column: base.name, variable: hit.option },
      );
    }
    overrides[base.name] = hit.option;
    return hit.column;
  });

  const unicode = expandColumnsCsv(controls.unicodeStringColumns, names, { option: '--unicode-string-columns' });
  if (unicode.length > 0) {
    const wanted = new Set(unicode.map((n) => n.toUpperCase()));
    columns = columns.map((col, i) => {
      if (!wanted.has(col.name.toUpperCase())) return col;
      const base = baseColumns[i]!;
      if (!isStringType(base.dataType)) {
        throw new GoeError(
          'OPTION_INVALID',
          `Invalid data type conversion for column ${base.name}: ${sourceColumns[i]!.dataType} is not string based (--unicode-string-columns)`,
          { column: base.name, variable: '--unicode-string-columns' },
        );
      }
      overrides[col.name] ??= '--unicode-string-columns';
      return cloneColumn(col, { charSemantics: 'UNICODE', fromOverride: true });
    });
  }

  if (optionGiven(controls, 'notNullColumns') && context.backend.notNullConstraints === false) {
    notices.push(
      'NOT NULL constraints are not supported by the backend system: --not-null-columns is used for staged-data validation only',
    );
  }
  columns = applyNotNullControls(
    columns,
    controls.notNullColumns,
    normalizeNotNullPropagation(controls.notNullPropagation),
  );

  return { columns, overrides, notices };
}
