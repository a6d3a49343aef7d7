/** Identifier and literal quoting for PostgreSQL (used by every SQL builder). */

/**
 * Quotes an identifier, doubling embedded quotes.
 *
 * @example
 * quoteIdent('Sales"X') // '"Sales""X"'
 */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Quotes a string literal so it means the same under any `standard_conforming_strings` setting: quotes are
 * doubled, and a text with backslashes becomes an `E'…'` literal with the backslashes doubled.
 *
 * @example
 * quoteLiteral("O'Brien") // "'O''Brien'"
 * quoteLiteral('a\\b') // "E'a\\\\b'"
 */
export function quoteLiteral(text: string): string {
  const q = text.replace(/'/g, "''");
  return text.includes('\\') ? `E'${q.replace(/\\/g, '\\\\')}'` : `'${q}'`;
}

/**
 * `"schema"."table"`.
 *
 * @example
 * qualified('sh', 'Sales') // '"sh"."Sales"'
 */
export function qualified(schema: string, table: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(table)}`;
}
