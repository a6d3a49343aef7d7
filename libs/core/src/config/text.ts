/**
 * Text helpers for messages that embed user input (table names, option values, paths, configuration values):
 * every message stays one line, and control characters are shown escaped, never written to the terminal.
 */

/**
 * Characters that must not reach a terminal or a log line as they are: C0 controls (NUL, newline, ESC…), DEL,
 * C1 controls (U+0080–U+009F, e.g. the one-byte CSI), the Unicode line and paragraph separators, and the
 * bidirectional overrides and isolates (which reorder what the reader sees).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_RE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_GLOBAL_RE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = {
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
  '\v': '\\v',
  '\0': '\\0',
};

function escapeChar(c: string): string {
  return NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * True when `text` holds a character {@link escapeControl} would escape (a control character such as newline,
 * NUL or ESC, a line separator, a bidirectional override).
 *
 * @example
 * hasControlCharacter('/data/goe'); // false
 * hasControlCharacter('/data\n/goe'); // true
 */
export function hasControlCharacter(text: string): boolean {
  return UNSAFE_RE.test(text);
}

/**
 * `text` with every control character shown as an escape (`\n`, `\t`, `\0`, `\u001b`…), so that it prints as
 * one line and cannot move the cursor or recolour a terminal. Other characters (quotes, backslashes, non-ASCII
 * letters) are kept as they are.
 *
 * @example
 * escapeControl('line 1\nline 2\u001b[31m'); // 'line 1\\nline 2\\u001b[31m'
 */
export function escapeControl(text: string): string {
  return text.replace(UNSAFE_GLOBAL_RE, escapeChar);
}

/** Options of {@link quoteInput}. */
export interface QuoteInputOptions {
  /** Longest input shown, in characters, before it is cut with `…` (default 200). */
  readonly max?: number;
}

/**
 * User input quoted for a one-line message, JSON-style: in double quotes, `"` and `\` escaped, control characters
 * escaped ({@link escapeControl}), long input cut with `…`. Anything that is not a string is shown with `String()`
 * first. Use it for every table name, option value or configuration value a message repeats back (never for a
 * secret).
 *
 * @example
 * quoteInput('sh.sales'); // '"sh.sales"'
 * quoteInput('sh.sales\nDROP'); // '"sh.sales\\nDROP"'
 * `Table ${quoteInput(name)} does not exist`;
 */
export function quoteInput(value: unknown, options: QuoteInputOptions = {}): string {
  const max = Math.max(1, options.max ?? 200);
  let text = typeof value === 'string' ? value : String(value);
  const chars = Array.from(text);
  if (chars.length > max) text = chars.slice(0, max - 1).join('') + '…';
  return `"${escapeControl(text.replace(/[\\"]/g, (c) => `\\${c}`))}"`;
}

/**
 * User input for a message: as it is when it is plain (no control character, no leading or trailing space,
 * not empty), else {@link quoteInput quoted}. For paths and names that are usually plain, so that ordinary
 * messages stay readable while a stray newline or an empty value is still visible.
 *
 * @example
 * showInput('/data/goe'); // '/data/goe'
 * showInput(''); // '""'
 * showInput('/data\n'); // '"/data\\n"'
 */
export function showInput(value: unknown, options: QuoteInputOptions = {}): string {
  const text = typeof value === 'string' ? value : String(value);
  const max = Math.max(1, options.max ?? 200);
  if (text === '' || text.trim() !== text || hasControlCharacter(text) || text.length > max)
    return quoteInput(text, options);
  return text;
}
