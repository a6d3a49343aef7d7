/**
 * Offload scopes as BigQuery WHERE clauses: core's predicate DSL rendered with named STRING parameters (`@p0`…) cast
 * to the compared column's type — BIGNUMERIC for numbers (76 digits, exact), DATE/DATETIME/TIMESTAMP for datetimes.
 */
import {
  GoeError,
  predicateColumnResolver,
  predicateComparisonOperands,
  predicateNumeric,
  renderPredicate,
  type ComparisonOp,
  type OffloadScope,
  type PredicateAst,
  type PredicateDialect,
} from '@goe/core';
import { quoteIdent } from './sql.js';
import type { SyntheticColumn } from './synthetic-column.js';

function datetimeCast(columnType: string | undefined, hasTime: boolean): string {
  const t = (columnType ?? '').toUpperCase();
  if (t === 'TIMESTAMP') return 'TIMESTAMP';
  if (t === 'DATE' && !hasTime) return 'DATE';
  return 'DATETIME';
}

/**
 * The BigQuery predicate dialect: `` `COL` ``, `@p<n-1>` STRING parameters, `CAST(@p0 AS BIGNUMERIC)` for numbers
 * and `CAST(@p0 AS DATE|DATETIME|TIMESTAMP)` for datetimes (per the column's type).
 *
 * @example
 * renderPredicate(parsePredicate('column(ID) < numeric(10)'), BIGQUERY_PREDICATE_DIALECT) // { sql: '`ID` < CAST(@p0 AS BIGNUMERIC)', params: ['10'] }
 */
export const BIGQUERY_PREDICATE_DIALECT: PredicateDialect = {
  name: 'bigquery',
  quoteIdentifier: quoteIdent,
  placeholder: (i) => `@p${i - 1}`,
  castPlaceholder: (ph, value, context) => {
    // a synthetic partition column is INT64 and its values integers: compared as INT64, so BigQuery prunes
    if (value.kind === 'numeric' && /^GOE_PART_/i.test(context.columnName)) return `CAST(${ph} AS INT64)`;
    if (value.kind === 'numeric') return `CAST(${ph} AS BIGNUMERIC)`;
    if (value.kind === 'datetime') return `CAST(${ph} AS ${datetimeCast(context.columnType, value.hasTime)})`;
    return ph;
  },
};

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** floor(v / g) * g of a numeric text, exactly; undefined when it is not a plain decimal or leaves INT64. */
function floorTo(text: string, g: bigint): bigint | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (m === null || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const fraction = m[3] ?? '';
  const unscaled = BigInt(`${m[1] === '-' ? '-' : ''}${m[2] || '0'}${fraction}`);
  const divisor = g * 10n ** BigInt(fraction.length);
  let q = unscaled / divisor;
  if (unscaled % divisor !== 0n && unscaled < 0n) q -= 1n;
  const floored = q * g;
  return floored < INT64_MIN || floored > INT64_MAX ? undefined : floored;
}

/** x OP v implies f(x) OP' f(v) for the monotone f(x) = floor(x / g) * g; `!=` implies nothing. */
const SYNTHETIC_OP: Readonly<Record<ComparisonOp, ComparisonOp | undefined>> = {
  '=': '=',
  '<': '<=',
  '<=': '<=',
  '>': '>=',
  '>=': '>=',
  '!=': undefined,
};
const MIRROR: Readonly<Record<ComparisonOp, ComparisonOp>> = {
  '=': '=',
  '!=': '!=',
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
};

/**
 * GOE's synthetic partition expansion (reference §4.3, backend side) so BigQuery prunes partitions: a comparison of
 * the source column of a `GOE_PART_<g>_<COL>` column with a number becomes `(x OP v AND GOE_PART… OP' f(v))`, f
 * being the column's floor to the granularity. GOE's quirk is fixed: `<` and `>` add `<=` and `>=` (f is not strictly
 * monotone, so GOE's reuse of the operator dropped rows), `!=` adds nothing. Partition-function columns are not
 * expanded (BigQuery cannot know the function is monotone). Rows are the same as without the expansion.
 *
 * @example
 * expandSyntheticPredicate(parsePredicate('column(AMOUNT) < numeric(2500)'), { name: 'GOE_PART_1000_AMOUNT', source: 'AMOUNT', granularity: '1000' })
 * // (column(AMOUNT) < numeric(2500) AND column(GOE_PART_1000_AMOUNT) <= numeric(2000))
 */
export function expandSyntheticPredicate(ast: PredicateAst, synthetic: SyntheticColumn | undefined): PredicateAst {
  if (synthetic?.granularity === undefined) return ast;
  const g = BigInt(synthetic.granularity);
  const expand = (node: PredicateAst): PredicateAst => {
    switch (node.kind) {
      case 'and':
      case 'or':
        return { kind: node.kind, items: node.items.map(expand) };
      case 'group':
        return { kind: 'group', inner: expand(node.inner) };
      case 'comparison': {
        const { column, value, columnFirst } = predicateComparisonOperands(node);
        if (column.name.toUpperCase() !== synthetic.source.toUpperCase() || value.kind !== 'numeric') return node;
        const op = SYNTHETIC_OP[columnFirst ? node.op : MIRROR[node.op]];
        const floored = floorTo(value.value, g);
        if (op === undefined || floored === undefined) return node;
        const added: PredicateAst = {
          kind: 'comparison',
          op,
          left: {
            kind: 'column',
            ...(column.alias === undefined ? {} : { alias: column.alias }),
            name: synthetic.name,
          },
          right: predicateNumeric(floored),
        };
        return { kind: 'and', items: [node, added] };
      }
      default:
        return node;
    }
  };
  return expand(ast);
}

/** A WHERE clause and its named parameters. */
export interface ScopeFilter {
  readonly sql: string;
  readonly params: Readonly<Record<string, string>>;
}

/**
 * The WHERE clause of a scope over a table's columns (name → BigQuery type), expanded over the table's synthetic
 * partition column when it has one ({@link expandSyntheticPredicate}); `{ sql: '' }` for the whole table.
 *
 * @throws GoeError `OPTION_INVALID` for a partition scope; `PREDICATE_INVALID` for an unknown column.
 * @example
 * scopeFilter({ kind: 'full' }, new Map()) // { sql: '', params: {} }
 */
export function scopeFilter(
  scope: OffloadScope | undefined,
  columnTypes: ReadonlyMap<string, string>,
  synthetic?: SyntheticColumn,
): ScopeFilter {
  if (scope === undefined || scope.kind === 'full') return { sql: '', params: {} };
  if (scope.kind === 'partitions') {
    throw new GoeError('OPTION_INVALID', 'A partition scope cannot be counted on BigQuery: give it as a predicate', {
      hint: 'The runner passes backend scopes as predicates over the table columns',
    });
  }
  const resolve = predicateColumnResolver([...columnTypes.keys()]);
  const rendered = renderPredicate(expandSyntheticPredicate(scope.predicate, synthetic), BIGQUERY_PREDICATE_DIALECT, {
    resolveColumn: resolve,
    columnType: (ref) => columnTypes.get(resolve(ref)),
  });
  return {
    sql: rendered.sql,
    params: Object.fromEntries(rendered.params.map((v, i) => [`p${i}`, String(v)])),
  };
}
