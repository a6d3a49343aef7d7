/**
 * Prints a {@link PredicateAst} back to canonical DSL text (GOE's `GenericPredicate.dsl`), e.g. for the
 * repository's stored predicate list and for messages.
 */
import type { ColumnRef, PredicateAst, PredicateValue } from './ast.js';
import { assertPredicateAst } from './ast.js';

function printColumn(c: ColumnRef): string {
  return `column(${c.alias === undefined ? '' : `${c.alias}.`}${c.name})`;
}

function printPredicateValue(v: PredicateValue): string {
  switch (v.kind) {
    case 'numeric':
      return `numeric(${v.value}${v.isDecimal && !v.value.includes('.') ? '.0' : ''})`;
    case 'datetime':
      return `datetime(${v.value})`;
    case 'string':
      return `string("${v.value.replace(/[\\"]/g, (c) => `\\${c}`)}")`;
  }
}

function print(ast: PredicateAst): string {
  switch (ast.kind) {
    case 'comparison': {
      const side = (s: ColumnRef | PredicateValue): string =>
        s.kind === 'column' ? printColumn(s) : printPredicateValue(s);
      return `${side(ast.left)} ${ast.op} ${side(ast.right)}`;
    }
    case 'in':
      return `${printColumn(ast.column)} ${ast.negated ? 'NOT IN' : 'IN'} (${ast.values.map(printPredicateValue).join(', ')})`;
    case 'null':
      return `${printColumn(ast.column)} ${ast.negated ? 'IS NOT NULL' : 'IS NULL'}`;
    case 'and':
    case 'or':
      return `(${ast.items.map(print).join(ast.kind === 'and' ? ' AND ' : ' OR ')})`;
    case 'group':
      return ast.inner.kind === 'and' || ast.inner.kind === 'or' || ast.inner.kind === 'group'
        ? print(ast.inner)
        : `(${print(ast.inner)})`;
  }
}

/**
 * Prints canonical DSL text: upper-case keywords and names, single spaces, `, ` in lists, every AND/OR group in
 * parentheses, e.g. `(column(A) = numeric(1) AND column(S.B) NOT IN (string("x")))`. For every AST without
 * `group` nodes (every AST the parser and the combiners produce) `parsePredicate(printPredicate(ast))` deep-equals
 * `ast`, so equal predicates print equal text; a hand-built `group` prints as parentheses and reads back as its
 * inner node.
 *
 * Differences from GOE's `dsl`: a date-only datetime prints as written (`datetime(2020-01-01)`, GOE pads it to
 * `00:00:00`), fractional seconds keep their written digits, and decimals print exactly (never via a float).
 *
 * @throws GoeError `PREDICATE_INVALID` when the AST fails {@link assertPredicateAst} (hand-built ASTs only).
 * @example
 * printPredicate(parsePredicate('column(c1) not in (numeric(1))')) // 'column(C1) NOT IN (numeric(1))'
 */
export function printPredicate(ast: PredicateAst): string {
  assertPredicateAst(ast);
  return print(ast);
}
