/**
 * The typed AST of GOE's `--offload-predicate` DSL (reference §4.1). Numeric literals stay exact (decimal
 * strings); datetimes keep nanoseconds; there is no `literal()` node (GOE's pass-through is not accepted from
 * users).
 */

/** A column reference; names and aliases are upper-cased by the parser. */
export interface ColumnRef {
  readonly kind: 'column';
  readonly alias?: string;
  readonly name: string;
}

/** A literal value. */
export type PredicateValue =
  | {
      readonly kind: 'numeric';
      /** Exact decimal text, normalized: optional `-`, no `+`, no leading zeros, e.g. `-12.50`→`-12.5`, `3.`→`3`. */
      readonly value: string;
      /** True when written with a decimal point. */
      readonly isDecimal: boolean;
    }
  | {
      readonly kind: 'datetime';
      /** `YYYY-MM-DD`, `YYYY-MM-DD HH:MI:SS` or with `.f{1,9}`, as written. */
      readonly value: string;
      readonly hasTime: boolean;
      /** Fractional digits written (0-9). */
      readonly fractionalDigits: number;
    }
  | { readonly kind: 'string'; readonly value: string };

/** Comparison operators. */
export type ComparisonOp = '=' | '!=' | '>' | '>=' | '<' | '<=';

/** A predicate AST node. */
export type PredicateAst =
  | { readonly kind: 'comparison'; readonly op: ComparisonOp; readonly left: ColumnRef | PredicateValue; readonly right: ColumnRef | PredicateValue }
  | { readonly kind: 'in'; readonly negated: boolean; readonly column: ColumnRef; readonly values: readonly PredicateValue[] }
  | { readonly kind: 'null'; readonly negated: boolean; readonly column: ColumnRef }
  | { readonly kind: 'and' | 'or'; readonly items: readonly PredicateAst[] }
  | { readonly kind: 'group'; readonly inner: PredicateAst };
