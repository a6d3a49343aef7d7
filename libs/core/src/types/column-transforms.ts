/**
 * `--transform-column COL:fn[(params)]` (GOE's hidden option, types reference §3.0 "column transformations"): a
 * BACKEND capability applied by the backend's final load from the staged (untransformed) data. This module parses
 * the values, checks them against the source columns, the backend's `transformations` capability and the offload's
 * key and predicate columns, and gives the final columns their transformed shape — all pure.
 *
 * Functions: `null` (the column keeps its type and holds NULL; it becomes nullable), `suppress` (the column is left
 * out of the backend table; it is still staged, so the backend's final load simply omits it), `regexp_replace(p, r)`
 * and `translate(from, to)` (string columns only; the type is kept), `encrypt` and `tokenize` (only where a backend
 * defines them).
 */
import { GoeError } from '../errors.js';
import { isStringType } from './canonical.js';
import { cloneColumn, type CanonicalColumn } from './column.js';
import { expandColumnsCsv, formatNameList } from './data-type-controls/column-lists.js';
import type { ColumnListInput } from './data-type-controls/options.js';

/** GOE's transformation functions and their parameter counts. @example TRANSFORM_FUNCTIONS.translate // 2 */
export const TRANSFORM_FUNCTIONS: Readonly<Record<TransformFunction, number>> = Object.freeze({
  encrypt: 0,
  null: 0,
  suppress: 0,
  tokenize: 0,
  regexp_replace: 2,
  translate: 2,
});

/** A transformation function name. @example const fn: TransformFunction = 'regexp_replace'; */
export type TransformFunction = 'encrypt' | 'null' | 'suppress' | 'tokenize' | 'regexp_replace' | 'translate';

/**
 * One planned column transformation (`OffloadPlan.columnTransforms`): the source column (as the source spells it),
 * the function and its literal parameters (quotes removed).
 *
 * @example
 * const t: ColumnTransform = { column: 'EMAIL', fn: 'regexp_replace', params: ['@.*$', '@x'] };
 */
export interface ColumnTransform {
  readonly column: string;
  readonly fn: TransformFunction;
  readonly params: readonly string[];
}

/**
 * A parsed `--transform-column` value before it is matched to the source columns.
 *
 * @example
 * parseTransformColumn("name:translate('ab', 'xy')") // { value: "name:translate('ab', 'xy')", column: 'name', fn: 'translate', params: ['ab', 'xy'] }
 */
export interface ParsedTransformColumn {
  /** The option value as given (for messages). */
  readonly value: string;
  /** The column as written (not yet matched). */
  readonly column: string;
  readonly fn: TransformFunction;
  readonly params: readonly string[];
}

const OPTION = '--transform-column';

function invalid(value: string, why: string, column?: string): GoeError {
  return new GoeError('OPTION_INVALID', `${OPTION} ${value}: ${why}`, {
    variable: OPTION,
    ...(column === undefined ? {} : { column }),
  });
}

/**
 * Splits a parameter list on top-level commas. A parameter is either quoted (`'…'` or `"…"`, the quote doubled
 * inside, anything else — commas, parentheses, backslashes — taken literally) or bare (trimmed; parentheses must
 * balance). Returns `undefined` for an unterminated quote, text after a closing quote, or unbalanced parentheses.
 */
function splitParams(text: string): string[] | undefined {
  if (text.trim() === '') return [];
  const out: string[] = [];
  let i = 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    let param = '';
    const q = text[i];
    if (q === "'" || q === '"') {
      i++;
      for (;;) {
        if (i >= text.length) return undefined;
        if (text[i] === q) {
          if (text[i + 1] === q) {
            param += q;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        param += text[i++];
      }
      while (i < text.length && /\s/.test(text[i]!)) i++;
      if (i < text.length && text[i] !== ',') return undefined;
    } else {
      let depth = 0;
      while (i < text.length && !(depth === 0 && text[i] === ',')) {
        const c = text[i]!;
        if (c === '(') depth++;
        if (c === ')' && --depth < 0) return undefined;
        param += c;
        i++;
      }
      if (depth !== 0) return undefined;
      param = param.trim();
    }
    out.push(param);
    if (i >= text.length) return out;
    i++; // the comma
  }
}

/**
 * Parses one `--transform-column` value: `COL:fn` or `COL:fn(p1, p2)` with fn one of {@link TRANSFORM_FUNCTIONS}
 * (case-insensitive) and its parameter count; parameters may be quoted (`'a,b'`, `"x)"`, a quote doubled inside).
 *
 * @throws GoeError `OPTION_INVALID` (`--transform-column`) for a malformed value, an unknown function or a wrong
 *   parameter count, naming the value.
 * @example
 * parseTransformColumn("EMAIL:regexp_replace('@.*$', '@x')").params // ['@.*$', '@x']
 * parseTransformColumn('SSN:null') // { value: 'SSN:null', column: 'SSN', fn: 'null', params: [] }
 */
export function parseTransformColumn(value: string): ParsedTransformColumn {
  const m = /^\s*([^:]+?)\s*:\s*([a-z_]+)\s*(?:\(([\s\S]*)\))?\s*$/i.exec(value);
  const fn = m?.[2]?.toLowerCase();
  if (!m || fn === undefined || !(fn in TRANSFORM_FUNCTIONS)) {
    throw invalid(
      value,
      `expected COLUMN:function[(parameters)] with one of ${Object.keys(TRANSFORM_FUNCTIONS).join(', ')}`,
    );
  }
  const f = fn as TransformFunction;
  const params = splitParams(m[3] ?? '');
  if (params === undefined) throw invalid(value, `malformed parameters of ${f}: (${m[3] ?? ''})`);
  if (params.length !== TRANSFORM_FUNCTIONS[f]) {
    throw invalid(value, `${f} takes ${TRANSFORM_FUNCTIONS[f]} parameter(s), got ${params.length}`);
  }
  return { value, column: m[1]!, fn: f, params };
}

/**
 * Checks the syntax of `--transform-column` values ({@link parseTransformColumn} on each). Kept under its old name:
 * transformations are no longer refused here — whether they apply is decided by {@link planColumnTransforms}
 * against the source columns and the backend.
 *
 * @throws GoeError `OPTION_INVALID` (`--transform-column`) for a malformed value.
 * @example
 * checkTransformColumns(['NAME:null']) // ok
 * checkTransformColumns(['N:translate(a)']) // throws: --transform-column N:translate(a): translate takes 2 parameter(s), got 1
 */
export function checkTransformColumns(values: readonly string[] | undefined): void {
  for (const value of values ?? []) parseTransformColumn(value);
}

/**
 * What {@link planColumnTransforms} checks the values against.
 *
 * @example
 * const ctx: ColumnTransformContext = { columns: plan.columns, supported: ['null', 'suppress'], backendName: 'Quack' };
 */
export interface ColumnTransformContext {
  /** The final canonical columns (after data-type controls), in source order. */
  readonly columns: readonly CanonicalColumn[];
  /** The backend's `transformations` capability. */
  readonly supported: readonly string[];
  /** The backend's product name for messages. */
  readonly backendName: string;
  /** Columns that identify the offloaded data or partition the backend table (partition / incremental keys). Default none. */
  readonly keyColumns?: readonly string[];
  /** Columns the offload predicate references. Default none. */
  readonly predicateColumns?: readonly string[];
  /** `--not-null-columns` as given (a `null` column may not be NOT NULL). Default none. */
  readonly notNullColumns?: ColumnListInput;
}

/**
 * Plans `--transform-column` values: each parsed ({@link parseTransformColumn}), its column matched
 * case-insensitively to a source column, and checked: a column given twice, a function the backend does not list
 * in `transformations`, `regexp_replace`/`translate` on a non-string column, a transformed partition/incremental key
 * or predicate column, and `null` on a `--not-null-columns` column are refused.
 *
 * @returns the transformations, in the order given, with the source's spelling of each column.
 * @throws GoeError `OPTION_INVALID` (`variable: '--transform-column'`) naming the value and the column.
 * @example
 * planColumnTransforms(['email:null'], { columns, supported: ['null'], backendName: 'Quack' })
 * // [{ column: 'EMAIL', fn: 'null', params: [] }]
 */
export function planColumnTransforms(
  values: readonly string[] | undefined,
  context: ColumnTransformContext,
): ColumnTransform[] {
  const out: ColumnTransform[] = [];
  if (values === undefined || values.length === 0) return out;
  const byName = new Map(context.columns.map((c) => [c.name.toUpperCase(), c]));
  const keys = new Set((context.keyColumns ?? []).map((c) => c.toUpperCase()));
  const predicate = new Set((context.predicateColumns ?? []).map((c) => c.toUpperCase()));
  const notNull = new Set(
    expandColumnsCsv(
      context.notNullColumns,
      context.columns.map((c) => c.name),
      { option: '--not-null-columns' },
    ).map((n) => n.toUpperCase()),
  );
  for (const value of values) {
    const parsed = parseTransformColumn(value);
    const column = byName.get(parsed.column.toUpperCase());
    if (column === undefined) {
      throw new GoeError(
        'OPTION_INVALID',
        `Unknown columns specified for ${OPTION}: ${formatNameList([parsed.column])}`,
        { variable: OPTION, column: parsed.column },
      );
    }
    const name = column.name;
    if (out.some((t) => t.column === name)) {
      throw new GoeError(
        'OPTION_INVALID',
        `Data type conflict for columns ${formatNameList([name])} when assigning a transformation with ${OPTION}`,
        { variable: OPTION, column: name },
      );
    }
    if (!context.supported.includes(parsed.fn)) {
      const list = context.supported.length === 0 ? 'none' : context.supported.join(', ');
      throw new GoeError(
        'OPTION_INVALID',
        `${OPTION} ${name}:${parsed.fn} is not supported by the ${context.backendName} backend (it supports: ${list})`,
        { variable: OPTION, column: name },
      );
    }
    if ((parsed.fn === 'regexp_replace' || parsed.fn === 'translate') && !isStringType(column.dataType)) {
      throw invalid(value, `${parsed.fn} needs a string column, ${name} is ${column.dataType}`, name);
    }
    if (keys.has(name.toUpperCase())) {
      throw invalid(value, `${name} is a partition key column of this offload and cannot be transformed`, name);
    }
    if (predicate.has(name.toUpperCase())) {
      throw invalid(value, `${name} is referenced by the offload predicate and cannot be transformed`, name);
    }
    if (parsed.fn === 'null' && notNull.has(name.toUpperCase())) {
      throw invalid(
        value,
        `${name} is also in --not-null-columns: a column transformed to NULL cannot be NOT NULL`,
        name,
      );
    }
    out.push({ column: name, fn: parsed.fn, params: parsed.params });
  }
  return out;
}

/**
 * The final columns with the transformations' effect on their shape: a `null` column becomes nullable; every other
 * column is returned as is (suppressed columns stay in the plan's columns — they are staged — and are left out by
 * {@link backendColumns}).
 *
 * @example
 * transformedColumns(columns, [{ column: 'SSN', fn: 'null', params: [] }]).find((c) => c.name === 'SSN')?.nullable // true
 */
export function transformedColumns(
  columns: readonly CanonicalColumn[],
  transforms: readonly ColumnTransform[],
): CanonicalColumn[] {
  const nulled = new Set(transforms.filter((t) => t.fn === 'null').map((t) => t.column));
  return columns.map((c) => (nulled.has(c.name) && !c.nullable ? cloneColumn(c, { nullable: true }) : c));
}

/**
 * The columns of the backend table: the plan's columns without `suppress`ed ones (default: all of them).
 *
 * @example
 * backendColumns({ columns, columnTransforms: [{ column: 'NOTE', fn: 'suppress', params: [] }] }) // columns without NOTE
 */
export function backendColumns(plan: {
  readonly columns: readonly CanonicalColumn[];
  readonly columnTransforms?: readonly ColumnTransform[];
}): CanonicalColumn[] {
  const suppressed = new Set(
    (plan.columnTransforms ?? []).filter((t) => t.fn === 'suppress').map((t) => t.column.toUpperCase()),
  );
  return plan.columns.filter((c) => !suppressed.has(c.name.toUpperCase()));
}

/**
 * The transformation of one column of a plan, if any (names compare case-insensitively).
 *
 * @example
 * columnTransformOf(plan, 'ssn')?.fn // 'null'
 */
export function columnTransformOf(
  plan: { readonly columnTransforms?: readonly ColumnTransform[] },
  column: string,
): ColumnTransform | undefined {
  return plan.columnTransforms?.find((t) => t.column.toUpperCase() === column.toUpperCase());
}

/**
 * A transformation as GOE writes it: `COL:fn` or `COL:fn('p1', 'p2')` (quotes doubled inside).
 *
 * @example
 * describeColumnTransform({ column: 'N', fn: 'translate', params: ["a'", 'b'] }) // "N:translate('a''', 'b')"
 */
export function describeColumnTransform(t: ColumnTransform): string {
  if (t.params.length === 0) return `${t.column}:${t.fn}`;
  return `${t.column}:${t.fn}(${t.params.map((p) => `'${p.replace(/'/g, "''")}'`).join(', ')})`;
}
