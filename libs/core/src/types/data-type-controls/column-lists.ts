/**
 * Column lists of the data-type control options: CSV parsing, `*` wildcards matched case-insensitively against the
 * source column names, and the `['A', 'B']` list text GOE's messages use.
 */
import { GoeError } from '../../errors.js';
import type { ColumnListInput } from './options.js';

/**
 * Python's `str(list)` of names, as GOE prints them in messages: `['A', 'B']`.
 *
 * @example
 * formatNameList(['A', 'B']) // "['A', 'B']"
 */
export function formatNameList(names: readonly string[]): string {
  return `[${names.map((n) => `'${n}'`).join(', ')}]`;
}

/**
 * Splits a column-list option: comma-separated, each item trimmed and **upper-cased**; an empty item
 * (`'A,,B'`, `'A,'`) is an error. An empty or blank string (or an empty list) means "not given" and returns `[]`.
 * Duplicates are removed, first occurrence kept.
 *
 * @param option the option name for messages (default `'column list'`)
 * @throws GoeError `OPTION_INVALID` on an empty item.
 * @example
 * parseColumnsCsv(' id , amount_* ') // ['ID', 'AMOUNT_*']
 * parseColumnsCsv(['a', 'b,c']) // ['A', 'B', 'C']
 */
export function parseColumnsCsv(input: ColumnListInput | undefined | null, option = 'column list'): string[] {
  if (input === undefined || input === null) return [];
  const raw = typeof input === 'string' ? input : input.join(',');
  if (raw.trim() === '') return [];
  const out: string[] = [];
  for (const item of raw.split(',')) {
    const name = item.trim().toUpperCase();
    if (name === '') {
      throw new GoeError('OPTION_INVALID', `Empty column name in ${option}: ${JSON.stringify(raw)}`, {
        variable: option,
        hint: 'Remove the doubled or trailing comma',
      });
    }
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

/**
 * The regular expression of a column pattern: case-insensitive, anchored at both ends, `*` matches any run of
 * characters and **every other character is literal** (GOE's `wildcard_matches_in_list`).
 *
 * @example
 * columnPatternRegExp('AMOUNT_*').test('amount_usd') // true
 * columnPatternRegExp('A.B').test('AXB') // false ('.' is literal)
 */
export function columnPatternRegExp(pattern: string): RegExp {
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[\\^$.|?+()[\]{}]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, 'i');
}

/**
 * Names in `names` matching a column pattern (see {@link columnPatternRegExp}), in `names` order.
 *
 * @example
 * matchColumnPattern('*_ID', ['CUST_ID', 'ID', 'PROD_ID']) // ['CUST_ID', 'PROD_ID']
 */
export function matchColumnPattern(pattern: string, names: readonly string[]): string[] {
  const re = columnPatternRegExp(pattern);
  return names.filter((n) => re.test(n));
}

/**
 * Options of {@link expandColumnsCsv}.
 *
 * @example
 * expandColumnsCsv('ID,NOPE', names, { option: '--sort-columns', retainNonMatching: true }) // ['ID', 'NOPE']
 */
export interface ExpandColumnsOptions {
  /** Option name for messages; default `'column list'`. */
  readonly option?: string;
  /**
   * Keep names/patterns that match nothing (as upper-cased text) instead of failing, so the caller can report them
   * with its own message (GOE's `retain_non_matching_names`, used by NOT NULL, sort and partition columns).
   * Default `false`.
   */
  readonly retainNonMatching?: boolean;
}

/**
 * GOE's `expand_columns_csv`: parses a column list ({@link parseColumnsCsv}) and expands `*` wildcards against
 * `referenceNames`, returning the **reference spelling** of every match, in option order, without duplicates.
 *
 * @throws GoeError `OPTION_INVALID` "No columns match pattern: P" for a wildcard matching nothing, and
 *   "Unknown columns specified for OPTION: ['X']" for plain names matching nothing (unless `retainNonMatching`).
 * @example
 * expandColumnsCsv('id,amount_*', ['id', 'amount_usd', 'amount_eur', 'note']) // ['id', 'amount_usd', 'amount_eur']
 */
export function expandColumnsCsv(
  input: ColumnListInput | undefined | null,
  referenceNames: readonly string[],
  options: ExpandColumnsOptions = {},
): string[] {
  const option = options.option ?? 'column list';
  const out: string[] = [];
  const unknown: string[] = [];
  const add = (n: string) => {
    if (!out.includes(n)) out.push(n);
  };
  for (const pattern of parseColumnsCsv(input, option)) {
    if (pattern.includes('*')) {
      const matches = matchColumnPattern(pattern, referenceNames);
      if (matches.length === 0) {
        if (options.retainNonMatching) {
          add(pattern);
          continue;
        }
        throw new GoeError('OPTION_INVALID', `No columns match pattern: ${pattern} (${option})`, { variable: option });
      }
      matches.forEach(add);
    } else {
      const match = referenceNames.find((n) => n.toUpperCase() === pattern);
      if (match !== undefined) add(match);
      else if (options.retainNonMatching) add(pattern);
      else unknown.push(pattern);
    }
  }
  if (unknown.length > 0) {
    throw new GoeError('OPTION_INVALID', `Unknown columns specified for ${option}: ${formatNameList(unknown)}`, {
      variable: option,
      column: unknown[0],
    });
  }
  return out;
}
