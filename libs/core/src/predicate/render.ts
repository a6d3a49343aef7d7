/** The renderer contract every dialect implements: identifiers quoted with doubling, values bound. */
import type { PredicateAst } from './ast.js';

/** SQL text with positional bind values. */
export interface RenderedSql {
  readonly sql: string;
  readonly params: readonly unknown[];
}
