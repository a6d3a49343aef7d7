/**
 * `--transform-column COL:fn[(params)]` (GOE's hidden option): parsed and, until the extraction can apply them,
 * refused naming the function and why — never accepted and ignored.
 */
import { GoeError } from '../../errors.js';

/** GOE's transformation functions and their parameter counts. @example TRANSFORM_FUNCTIONS.translate // 2 */
export const TRANSFORM_FUNCTIONS: Readonly<Record<string, number>> = Object.freeze({
  encrypt: 0,
  null: 0,
  suppress: 0,
  tokenize: 0,
  regexp_replace: 2,
  translate: 2,
});

const WHY: Readonly<Record<string, string>> = {
  encrypt: 'GOE defines no encryption algorithm or key for it here',
  tokenize: 'GOE defines no tokenization algorithm for it here',
};

/**
 * Checks `--transform-column` values: each `COL:fn` or `COL:fn(p1,p2)` with one of {@link TRANSFORM_FUNCTIONS} and
 * its parameter count. Every transformation is then refused: none is applied by the extraction yet (encrypt and
 * tokenize have no defined algorithm at all).
 *
 * @throws GoeError `OPTION_INVALID` (`--transform-column`) naming the value and the function.
 * @example
 * checkTransformColumns([]) // ok
 * checkTransformColumns(['NAME:tokenize']) // throws: --transform-column NAME:tokenize: tokenize is not supported (…)
 */
export function checkTransformColumns(values: readonly string[] | undefined): void {
  for (const value of values ?? []) {
    const m = /^\s*([^:]+?)\s*:\s*([a-z_]+)\s*(?:\((.*)\))?\s*$/i.exec(value);
    const fn = m?.[2]?.toLowerCase();
    const fail = (why: string) =>
      new GoeError('OPTION_INVALID', `--transform-column ${value}: ${why}`, { variable: '--transform-column' });
    if (!m || fn === undefined || !(fn in TRANSFORM_FUNCTIONS)) {
      throw fail(`expected COLUMN:function[(parameters)] with one of ${Object.keys(TRANSFORM_FUNCTIONS).join(', ')}`);
    }
    const params = m[3] === undefined || m[3].trim() === '' ? 0 : m[3].split(',').length;
    if (params !== TRANSFORM_FUNCTIONS[fn])
      throw fail(`${fn} takes ${TRANSFORM_FUNCTIONS[fn]} parameter(s), got ${params}`);
    throw fail(`${fn} is not supported (${WHY[fn] ?? 'the extraction does not apply column transformations yet'})`);
  }
}
