/**
 * Lexer of the `--offload-predicate` DSL: turns text into tokens, validating each `column(...)`, `numeric(...)`,
 * `datetime(...)` and `string("...")` call on the way, and builds the positioned syntax errors every stage uses.
 *
 * Outside `string("...")` only printable ASCII and the whitespace characters space, tab, CR and LF are accepted,
 * so look-alike characters (full-width `＝`, Cyrillic `с`), NUL, other control characters, SQL comments and `;`
 * are rejected with a message saying what was found and where.
 */
import { GoeError } from '../errors.js';
import type { ColumnRef, ComparisonOp, PredicateDatetimeValue, PredicateNumericValue, PredicateValue } from './ast.js';

/**
 * Default limits of {@link parsePredicate} / {@link tokenizePredicate}; each can be overridden per call.
 *
 * - `maxLength`: 65 536 UTF-16 code units of input;
 * - `maxDepth`: 64 levels of nested parentheses (IN-list parentheses are not counted);
 * - `maxInListLength`: 1 000 values in one IN / NOT IN list (the smallest literal-list limit among common SQL sources).
 *
 * @example
 * parsePredicate(text, { maxInListLength: PREDICATE_LIMITS.maxInListLength * 10 });
 */
export const PREDICATE_LIMITS = { maxLength: 65_536, maxDepth: 64, maxInListLength: 1_000 } as const;

/**
 * The DSL keywords (matched case-insensitively).
 *
 * @example
 * const k: PredicateKeyword = 'NOT'; // from `not`, `Not`, `NOT`
 */
export type PredicateKeyword = 'AND' | 'OR' | 'IN' | 'NOT' | 'IS' | 'NULL';

/**
 * A token with its `[start, end)` UTF-16 offsets in the input; calls arrive validated as `column` / `value`.
 *
 * @example
 * tokenizePredicate('column(a) = numeric(1)')[2] // { kind: 'value', value: { kind: 'numeric', value: '1', isDecimal: false }, start: 12, end: 22 }
 */
export type PredicateToken = { readonly start: number; readonly end: number } & (
  | { readonly kind: '(' | ')' | ',' | 'eof' }
  | { readonly kind: 'op'; readonly op: ComparisonOp }
  | { readonly kind: 'keyword'; readonly keyword: PredicateKeyword }
  | { readonly kind: 'column'; readonly ref: ColumnRef }
  | { readonly kind: 'value'; readonly value: PredicateValue }
);

/**
 * @internal Outcome of validating the argument of one DSL call; `offset` is relative to the argument.
 *
 * @example
 * const r: PredicateScan<PredicateNumericValue> = scanPredicateNumeric('1e5'); // { ok: false, offset: 1, reason: 'exponent…' }
 */
export type PredicateScan<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly offset: number; readonly reason: string };

const FORBIDDEN_IN_STRING = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu;

/** A short, terminal-safe description of the character at `i`. */
function describeChar(text: string, i: number): string {
  if (i >= text.length) return 'end of input';
  const cp = text.codePointAt(i)!;
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  const ch = String.fromCodePoint(cp);
  if (FORBIDDEN_IN_STRING.test(ch)) return `control or invisible character ${hex}`;
  if (cp > 0x7e) return `non-ASCII character '${ch}' (${hex})`;
  return `'${ch}'`;
}

function sanitize(s: string): string {
  return s.replace(UNPRINTABLE, '?');
}

/**
 * @internal Builds the `PREDICATE_INVALID` error for a problem at `offset` of `text`: the message starts with
 * GOE's "Unexpected offload predicate syntax", gives the 1-based line and column (in code points), the reason,
 * and a caret excerpt of the line (at most 40 characters each side, control characters shown as `?`).
 *
 * @example
 * predicateSyntaxError('column(x);', 9, "';' is not allowed").message
 * // "Unexpected offload predicate syntax at line 1, column 10: ';' is not allowed\n  column(x);\n           ^"
 */
export function predicateSyntaxError(text: string, offset: number, reason: string, hint?: string): GoeError {
  const at = Math.max(0, Math.min(offset, text.length));
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  let lineEnd = text.indexOf('\n', at);
  if (lineEnd < 0) lineEnd = text.length;
  if (text[lineEnd - 1] === '\r' && lineEnd - 1 >= at) lineEnd -= 1;
  const line = text.slice(0, lineStart).split('\n').length;
  const before = text.slice(lineStart, at);
  const column = [...before].length + 1;
  const pre = sanitize(before.length > 40 ? `…${before.slice(-40)}` : before);
  const rest = text.slice(at, lineEnd);
  const post = sanitize(rest.length > 40 ? `${rest.slice(0, 40)}…` : rest);
  const caret = ' '.repeat([...pre].length);
  const message =
    `Unexpected offload predicate syntax at line ${line}, column ${column}: ${reason}\n` +
    `  ${pre}${post}\n  ${caret}^`;
  return new GoeError('PREDICATE_INVALID', message, hint === undefined ? {} : { hint });
}

/**
 * Usage hints (GOE's `RULE_HINT`) attached to syntax errors as `GoeError.hint`.
 *
 * @example
 * try { parsePredicate('column(a) = numeric(1e3)') } catch (e) { isGoeError(e) && e.hint === PREDICATE_HINTS.numeric } // true
 */
export const PREDICATE_HINTS = {
  column: 'column: column(<column_name>) or column(<alias>.<column_name>)',
  numeric: 'numeric value: numeric(<signed_integer>) or numeric(<signed_decimal>)',
  datetime:
    'datetime value: datetime(<yyyy-mm-dd>), datetime(<yyyy-mm-dd hh24:mi:ss>) or datetime(<yyyy-mm-dd hh24:mi:ss.f1-9>)',
  string: 'string value: string("<text>") with \\" and \\\\ as the only escapes',
  operator: 'operator: =, !=, >, >=, <, <=',
  list: 'value list: IN (<value>, <value>, ...) or NOT IN (...)',
  nullTest: 'null test: IS NULL, IS NOT NULL',
  group: 'AND / OR: mixing them needs parentheses, e.g. (a AND b) OR c',
} as const;

const fail = (offset: number, reason: string): { ok: false; offset: number; reason: string } => ({
  ok: false,
  offset,
  reason,
});

/**
 * @internal Validates and normalizes the argument of `numeric(...)`: an optional single sign, digits, an optional
 * `.` and digits (`3.`, `.5` and `-0.0` are decimals). Exponents, separators and a second sign are rejected.
 *
 * @example
 * scanPredicateNumeric('+00012.3400') // { ok: true, value: { kind: 'numeric', value: '12.34', isDecimal: true } }
 */
export function scanPredicateNumeric(arg: string): PredicateScan<PredicateNumericValue> {
  if (arg === '') return fail(0, 'expected a number, e.g. numeric(10) or numeric(-3.5)');
  let i = 0;
  if (arg[0] === '+' || arg[0] === '-') {
    i = 1;
    if (arg[1] === '+' || arg[1] === '-') return fail(1, 'the sign (+ or -) may be written only once');
  }
  const m = /^([0-9]*)(?:(\.)([0-9]*))?$/.exec(arg.slice(i));
  if (m === null) {
    const tail = arg.slice(i);
    const bad = tail.search(/[^0-9.]/);
    if (bad < 0) return fail(i + tail.indexOf('.', tail.indexOf('.') + 1), "a number may contain only one '.'");
    const ch = tail[bad]!;
    const at = i + bad;
    if (ch === 'e' || ch === 'E') return fail(at, 'exponent notation is not supported; write the number out in full');
    if (ch === '+' || ch === '-') return fail(at, 'a sign is only allowed before the first digit');
    if (ch === '_' || ch === ',') return fail(at, 'digit separators are not supported');
    return fail(at, `expected a digit, found ${describeChar(arg, at)}`);
  }
  const intDigits = m[1] ?? '';
  const frac = (m[3] ?? '').replace(/0+$/, '');
  if (intDigits === '' && (m[3] ?? '') === '') return fail(i, 'expected digits, e.g. numeric(10) or numeric(-3.5)');
  const int = intDigits.replace(/^0+/, '') || '0';
  const magnitude = frac === '' ? int : `${int}.${frac}`;
  const negative = arg[0] === '-' && magnitude !== '0';
  return {
    ok: true,
    value: { kind: 'numeric', value: negative ? `-${magnitude}` : magnitude, isDecimal: m[2] === '.' },
  };
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * @internal Validates the argument of `datetime(...)`: `YYYY-MM-DD`, `YYYY-MM-DD HH:MI:SS` or
 * `YYYY-MM-DD HH:MI:SS.f` with 1-9 fractional digits, one space between date and time, a real calendar date
 * (year 0001-9999, leap years honoured) and time (hour 00-23, minute and second 00-59; no leap second).
 *
 * @example
 * scanPredicateDatetime('2012-01-01 6:00:01') // { ok: false, offset: 11, reason: 'hour must have 2 digits (00-23)...' }
 */
export function scanPredicateDatetime(arg: string): PredicateScan<PredicateDatetimeValue> {
  let i = 0;
  const digits = (n: number, what: string): PredicateScan<number> => {
    for (let k = 0; k < n; k++) if (!isDigit(arg[i + k])) return fail(i, `${what}, found ${describeChar(arg, i + k)}`);
    const v = Number.parseInt(arg.slice(i, i + n), 10);
    i += n;
    if (isDigit(arg[i])) return fail(i, `${what}, found a further digit`);
    return { ok: true, value: v };
  };
  const sep = (c: string, after: string): PredicateScan<null> => {
    if (arg[i] !== c) return fail(i, `expected '${c}' after the ${after}, found ${describeChar(arg, i)}`);
    i += 1;
    return { ok: true, value: null };
  };
  const y = digits(4, 'year must have 4 digits (YYYY-MM-DD)');
  if (!y.ok) return y;
  const mStart = i + 1;
  let r: PredicateScan<unknown> = sep('-', 'year');
  if (!r.ok) return r;
  const mo = digits(2, 'month must have 2 digits (01-12)');
  if (!mo.ok) return mo;
  const dStart = i + 1;
  r = sep('-', 'month');
  if (!r.ok) return r;
  const d = digits(2, 'day must have 2 digits (01-31)');
  if (!d.ok) return d;
  if (y.value === 0) return fail(0, 'year 0000 does not exist; years run from 0001 to 9999');
  if (mo.value < 1 || mo.value > 12)
    return fail(mStart, `month ${arg.slice(mStart, mStart + 2)} is not between 01 and 12`);
  if (d.value < 1 || d.value > daysInMonth(y.value, mo.value))
    return fail(dStart, `day ${arg.slice(dStart, dStart + 2)} does not exist in ${arg.slice(0, 7)}`);
  if (i === arg.length)
    return { ok: true, value: { kind: 'datetime', value: arg, hasTime: false, fractionalDigits: 0 } };
  if (arg[i] === 'T') return fail(i, "separate date and time with one space, not 'T'");
  r = sep(' ', 'date (one space before the time)');
  if (!r.ok) return r;
  const hStart = i;
  const h = digits(2, 'hour must have 2 digits (00-23)');
  if (!h.ok) return h;
  r = sep(':', 'hour');
  if (!r.ok) return r;
  const miStart = i;
  const mi = digits(2, 'minute must have 2 digits (00-59)');
  if (!mi.ok) return mi;
  r = sep(':', 'minute');
  if (!r.ok) return r;
  const sStart = i;
  const s = digits(2, 'second must have 2 digits (00-59)');
  if (!s.ok) return s;
  if (h.value > 23) return fail(hStart, `hour ${arg.slice(hStart, hStart + 2)} is not between 00 and 23`);
  if (mi.value > 59) return fail(miStart, `minute ${arg.slice(miStart, miStart + 2)} is not between 00 and 59`);
  if (s.value > 59) return fail(sStart, `second ${arg.slice(sStart, sStart + 2)} is not between 00 and 59`);
  let fractionalDigits = 0;
  if (arg[i] === '.') {
    const fStart = ++i;
    while (isDigit(arg[i])) i++;
    fractionalDigits = i - fStart;
    if (fractionalDigits === 0) return fail(fStart - 1, "a '.' must be followed by 1 to 9 fractional second digits");
    if (fractionalDigits > 9)
      return fail(fStart + 9, `at most 9 fractional second digits are supported, found ${fractionalDigits}`);
  }
  if (i < arg.length) {
    const c = arg[i];
    if (c === 'Z' || c === '+' || c === '-') return fail(i, 'time zones are not supported in datetime values');
    return fail(i, `unexpected ${describeChar(arg, i)} after the time`);
  }
  return { ok: true, value: { kind: 'datetime', value: arg, hasTime: true, fractionalDigits } };
}

/**
 * @internal Why a column reference could not be written in the DSL, or `undefined` when it can: the name must
 * match `[A-Za-z0-9.$#_]+`, the alias `[A-Za-z]+`, and an alias-less name must not read back as `alias.column`.
 *
 * @example
 * checkPredicateColumnRef({ kind: 'column', name: 'A.B' }) // "column name 'A.B' would read back as alias 'A', column 'B'"
 */
export function checkPredicateColumnRef(ref: ColumnRef): string | undefined {
  if (typeof ref.name !== 'string' || !/^[A-Za-z0-9.$#_]+$/.test(ref.name))
    return `column name '${sanitize(String(ref.name))}' must match [A-Za-z0-9.$#_]+`;
  if (ref.alias !== undefined) {
    if (typeof ref.alias !== 'string' || !/^[A-Za-z]+$/.test(ref.alias))
      return `column alias '${sanitize(String(ref.alias))}' must be letters only`;
    return undefined;
  }
  const m = /^([A-Za-z]+)\.(.+)$/.exec(ref.name);
  if (m !== null) return `column name '${ref.name}' would read back as alias '${m[1]}', column '${m[2]}'`;
  return undefined;
}

/**
 * @internal The offset of the first character a string value may not hold (C0/C1 controls incl. NUL, tab and
 * newline; invisible format characters such as bidi overrides, zero-width space and BOM; line/paragraph
 * separators; lone surrogates), or -1.
 *
 * @example
 * findForbiddenPredicateStringChar('a\u202Eb') // 1
 */
export function findForbiddenPredicateStringChar(value: string): number {
  const m = FORBIDDEN_IN_STRING.exec(value);
  return m === null ? -1 : m.index;
}

const KEYWORDS: Record<string, PredicateKeyword> = {
  and: 'AND',
  or: 'OR',
  in: 'IN',
  not: 'NOT',
  is: 'IS',
  null: 'NULL',
};
const FUNCTIONS = new Set(['column', 'numeric', 'datetime', 'string']);
const SQL_WORDS = new Set(
  (
    'select from where union drop delete insert update merge truncate alter create grant revoke exec execute ' +
    'declare begin commit rollback into table values having group order by limit offset case when then else end ' +
    'cast exists any all some true false escape sleep waitfor'
  ).split(' '),
);
const WS = new Set([' ', '\t', '\r', '\n']);
const COLUMN_CHAR = /[A-Za-z0-9.$#_]/;
const NUMERIC_CHAR = /[A-Za-z0-9+\-._,]/;
const DATETIME_CHAR = /[A-Za-z0-9+\-.:/_ ]/;

function unknownWord(word: string): string {
  const lower = word.toLowerCase();
  if (lower === 'literal')
    return 'literal(...) is not accepted in offload predicates (GOE uses it internally only); use string(...), numeric(...) or datetime(...)';
  if (lower === 'between') return 'BETWEEN is not supported; write (column(X) >= ... AND column(X) <= ...)';
  if (lower === 'like') return 'LIKE is not supported; the DSL compares with =, !=, >, >=, <, <=, IN and IS NULL only';
  if (SQL_WORDS.has(lower)) return `SQL is not accepted: '${word}' is not part of the offload predicate DSL`;
  return `unexpected word '${word}'; write columns as column(NAME) and values as numeric(...), string("..."), datetime(...)`;
}

/**
 * Splits DSL text into tokens (the last is always `eof`). Calls are lexed whole: `column( s.id )` is one
 * `column` token with `{ alias: 'S', name: 'ID' }`, `numeric(-01.50)` one `value` token with `value: '-1.5'`.
 *
 * @param options.maxLength Longest accepted input in UTF-16 code units (default {@link PREDICATE_LIMITS}.maxLength).
 * @throws GoeError `PREDICATE_INVALID` ("Unexpected offload predicate syntax at line L, column C: ...") for the
 *   first character or call that cannot start or form a token.
 * @example
 * tokenizePredicate('column(a) IS NULL').map((t) => t.kind) // ['column', 'keyword', 'keyword', 'eof']
 */
export function tokenizePredicate(text: string, options: { readonly maxLength?: number } = {}): PredicateToken[] {
  if (typeof text !== 'string')
    throw new GoeError('PREDICATE_INVALID', 'Unexpected offload predicate syntax: the predicate must be text');
  const maxLength = options.maxLength ?? PREDICATE_LIMITS.maxLength;
  if (text.length > maxLength)
    throw predicateSyntaxError(
      text,
      maxLength,
      `the predicate is ${text.length} characters long; at most ${maxLength} are accepted`,
    );
  const tokens: PredicateToken[] = [];
  const err = (at: number, reason: string, hint?: string): GoeError => predicateSyntaxError(text, at, reason, hint);
  let i = 0;
  const skipWs = (): void => {
    while (i < text.length && WS.has(text[i]!)) i++;
  };
  const run = (re: RegExp): string => {
    const s = i;
    while (i < text.length && re.test(text[i]!)) i++;
    return text.slice(s, i);
  };
  const close = (fn: string, hint: string): void => {
    skipWs();
    if (text[i] !== ')') throw err(i, `expected ')' to close ${fn}(...), found ${describeChar(text, i)}`, hint);
    i++;
  };
  const scanString = (): string => {
    const open = i++;
    let out = '';
    for (;;) {
      if (i >= text.length)
        throw err(open, "unterminated string: no closing '\"' before the end of input", PREDICATE_HINTS.string);
      const c = text[i]!;
      if (c === '"') break;
      if (c === '\\') {
        const n = text[i + 1];
        if (n !== '"' && n !== '\\')
          throw err(
            i,
            `unsupported escape '\\${n === undefined ? '' : sanitize(n)}' in a string; only \\" and \\\\ are allowed`,
            PREDICATE_HINTS.string,
          );
        out += n;
        i += 2;
        continue;
      }
      const ch = String.fromCodePoint(text.codePointAt(i)!);
      if (FORBIDDEN_IN_STRING.test(ch))
        throw err(i, `${describeChar(text, i)} is not allowed in a string value`, PREDICATE_HINTS.string);
      out += ch;
      i += ch.length;
    }
    i++;
    return out;
  };
  const scanCall = (fn: string, start: number): PredicateToken => {
    const hint = PREDICATE_HINTS[fn as 'column' | 'numeric' | 'datetime' | 'string'];
    skipWs();
    if (text[i] !== '(') throw err(i, `expected '(' after '${fn}', found ${describeChar(text, i)}`, hint);
    i++;
    skipWs();
    const argStart = i;
    if (fn === 'string') {
      if (text[i] === "'")
        throw err(i, 'single quotes are not accepted; write string values in double quotes: string("...")', hint);
      if (text[i] !== '"') throw err(i, `expected a double-quoted string, found ${describeChar(text, i)}`, hint);
      const value = scanString();
      close(fn, hint);
      return { kind: 'value', value: { kind: 'string', value }, start, end: i };
    }
    if (fn === 'column') {
      const name = run(COLUMN_CHAR);
      if (name === '') throw err(i, `expected a column name ([A-Za-z0-9.$#_]+), found ${describeChar(text, i)}`, hint);
      close(fn, hint);
      const m = /^([A-Za-z]+)\.(.+)$/.exec(name);
      const ref: ColumnRef =
        m === null
          ? { kind: 'column', name: name.toUpperCase() }
          : { kind: 'column', alias: m[1]!.toUpperCase(), name: m[2]!.toUpperCase() };
      return { kind: 'column', ref, start, end: i };
    }
    const arg = run(fn === 'numeric' ? NUMERIC_CHAR : DATETIME_CHAR).replace(/ +$/, '');
    close(fn, hint);
    const r = fn === 'numeric' ? scanPredicateNumeric(arg) : scanPredicateDatetime(arg);
    if (!r.ok) throw err(argStart + r.offset, `invalid ${fn} value: ${r.reason}`, hint);
    return { kind: 'value', value: r.value, start, end: i };
  };
  for (;;) {
    skipWs();
    const start = i;
    if (i >= text.length) break;
    const c = text[i]!;
    const n = text[i + 1];
    const single = (kind: '(' | ')' | ','): PredicateToken => ({ kind, start, end: ++i });
    const op = (o: ComparisonOp): PredicateToken => ({ kind: 'op', op: o, start, end: (i += o.length) });
    if (c === '(' || c === ')' || c === ',') tokens.push(single(c));
    else if (c === '=') {
      if (n === '=') throw err(i, "'==' is not an operator; use '='", PREDICATE_HINTS.operator);
      tokens.push(op('='));
    } else if (c === '!') {
      if (n !== '=') throw err(i, "'!' must be followed by '=' (unary NOT is not supported)", PREDICATE_HINTS.operator);
      tokens.push(op('!='));
    } else if (c === '<') {
      if (n === '>') throw err(i, "'<>' is not supported; use '!='", PREDICATE_HINTS.operator);
      tokens.push(op(n === '=' ? '<=' : '<'));
    } else if (c === '>') tokens.push(op(n === '=' ? '>=' : '>'));
    else if (/[A-Za-z]/.test(c)) {
      const word = run(/[A-Za-z0-9_]/);
      const lower = word.toLowerCase();
      const kw = KEYWORDS[lower];
      if (kw !== undefined) tokens.push({ kind: 'keyword', keyword: kw, start, end: i });
      else if (FUNCTIONS.has(lower)) {
        if (word !== lower)
          throw err(
            start,
            `'${word}' must be written in lower case: ${lower}(...)`,
            PREDICATE_HINTS[lower as 'column'],
          );
        tokens.push(scanCall(lower, start));
      } else throw err(start, unknownWord(word));
    } else if (c === ';')
      throw err(i, "';' is not allowed: an offload predicate is one expression, not SQL statements");
    else if ((c === '-' && n === '-') || (c === '/' && n === '*') || c === '#')
      throw err(i, 'comments are not allowed in an offload predicate');
    else if (c === "'")
      throw err(i, 'single quotes are not accepted; write string values as string("...")', PREDICATE_HINTS.string);
    else if (c === '"')
      throw err(i, 'a quoted string must be written as a value: string("...")', PREDICATE_HINTS.string);
    else if (/[0-9+\-.]/.test(c))
      throw err(
        i,
        'numbers and dates must be written as values: numeric(...) or datetime(...)',
        PREDICATE_HINTS.numeric,
      );
    else if (/\s/.test(c)) throw err(i, `${describeChar(text, i)} is not accepted as whitespace; use a plain space`);
    else if (c.charCodeAt(0) > 0x7e || c.charCodeAt(0) < 0x20)
      throw err(
        i,
        `${describeChar(text, i)} is not allowed outside string values (only ASCII is accepted; look-alike characters are rejected)`,
      );
    else throw err(i, `unexpected character ${describeChar(text, i)}`);
  }
  tokens.push({ kind: 'eof', start: text.length, end: text.length });
  return tokens;
}
