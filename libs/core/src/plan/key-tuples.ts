/**
 * Multi-column partition keys as tuples (types reference §4.5, §5.3): GOE compares high values lexicographically,
 * one component per key column, and expands a tuple threshold into `c1 < v1 OR (c1 = v1 AND c2 < v2) …`. A
 * `MAXVALUE` component truncates the tuple and makes it inclusive (the rows equal to the prefix are below it).
 * Pure: no engine, no I/O.
 */
import { GoeError } from '../errors.js';
import type { PartitionBound, SourceTable } from '../model/table.js';
import {
  andPredicates,
  orPredicates,
  predicateColumn,
  predicateDatetime,
  predicateNumeric,
  predicateString,
  type ComparisonOp,
  type PredicateAst,
  type PredicateValue,
} from '../predicate/ast.js';
import { printPredicate } from '../predicate/printer.js';
import type { CanonicalType } from '../types/canonical.js';
import { compareKeyText, KEY_KINDS, type KeyKind } from './partition-append.js';

/** One partition key column: its source name, canonical type and how its values compare. */
export interface KeyColumn {
  readonly column: string;
  readonly dataType: CanonicalType;
  readonly kind: KeyKind;
}

/** Value texts, one per key column (as {@link compareKeyText} reads them); may be a prefix of the key. */
export type KeyTuple = readonly string[];

/**
 * A partition bound as a tuple: `MAXVALUE` components truncate the tuple and make it inclusive (GOE §4.5); a
 * `MINVALUE` component truncates it and leaves it exclusive.
 */
export interface KeyBound {
  readonly values: KeyTuple;
  readonly inclusive: boolean;
}

/**
 * The key columns named (a table's partition or subpartition key), or the reason they cannot be compared as
 * tuples (an unknown or expression column, an unsupported type, a name the predicate DSL cannot write).
 *
 * @example
 * keyColumns(table, ['YEAR', 'MONTH']) // { keys: [{ column: 'YEAR', dataType: 'INTEGER_4', kind: 'number' }, …] }
 * keyColumns(table, ['RATIO']) // { reason: 'partition key column RATIO (DOUBLE) of SH.SALES is not supported …' }
 */
export function keyColumns(
  table: SourceTable,
  columns: readonly string[],
): { readonly keys: KeyColumn[] } | { readonly reason: string } {
  const name = `${table.owner}.${table.name}`;
  if (columns.length === 0) return { reason: `${name} has no partition key columns` };
  const keys: KeyColumn[] = [];
  for (const c of columns) {
    const column = table.columns.find((x) => x.name.toUpperCase() === c.toUpperCase());
    if (column === undefined) return { reason: `partition key ${c} of ${name} is not a column of the table` };
    const dataType = column.canonical.dataType;
    const kind = KEY_KINDS[dataType];
    if (!/^[A-Za-z0-9.$#_]+$/.test(column.name))
      return {
        reason: `partition key column "${column.name}" of ${name} has characters the predicate DSL cannot name (letters, digits, . $ # _)`,
      };
    if (kind === undefined)
      return {
        reason: `partition key column ${column.name} (${dataType}) of ${name} is not supported for partition append (supported: integers, decimals, dates, timestamps without time zone, strings)`,
      };
    keys.push({ column: column.name, dataType, kind });
  }
  return { keys };
}

/**
 * Compares two key tuples lexicographically with each column's {@link KeyKind}. A shorter tuple is a prefix: the
 * common prefix is compared first, then the shorter tuple sorts first.
 *
 * @throws GoeError `OPTION_INVALID` when a component is not a value of its column's kind
 * @example
 * compareKeyTuples(keys, ['2020', '10'], ['2020', '9']) // 1 (numbers compare as numbers)
 * compareKeyTuples(keys, ['2020'], ['2020', '1']) // -1
 */
export function compareKeyTuples(keys: readonly KeyColumn[], a: KeyTuple, b: KeyTuple): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareKeyText(keyAt(keys, i).kind, a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/**
 * A partition's bound (one {@link PartitionBound} per key column) as a {@link KeyBound}: a `MAXVALUE` component
 * truncates the tuple before it and makes it inclusive, a `MINVALUE` component truncates it exclusive; a leading
 * `MAXVALUE` is the open top (`'MAXVALUE'`, GOE's `OUT-OF-RANGE`).
 *
 * @throws GoeError `ENGINE_ERROR` for an empty bound, more components than key columns, a NULL or DEFAULT
 *   component, or a value that is not of its column's kind
 * @example
 * boundFromPartition(keys, [v(2020), v(6)]) // { values: ['2020', '6'], inclusive: false }
 * boundFromPartition(keys, [v(2020), { kind: 'MAXVALUE' }]) // { values: ['2020'], inclusive: true }
 * boundFromPartition(keys, [{ kind: 'MAXVALUE' }, { kind: 'MAXVALUE' }]) // 'MAXVALUE'
 */
export function boundFromPartition(
  keys: readonly KeyColumn[],
  bounds: readonly PartitionBound[],
): KeyBound | 'MAXVALUE' {
  if (bounds.length === 0 || bounds.length > keys.length)
    throw new GoeError(
      'ENGINE_ERROR',
      `A partition bound has ${bounds.length} values for a ${keys.length}-column key (${keys.map((k) => k.column).join(', ')})`,
    );
  const values: string[] = [];
  for (const [i, b] of bounds.entries()) {
    const key = keys[i]!;
    if (b.kind === 'MAXVALUE') return i === 0 ? 'MAXVALUE' : { values, inclusive: true };
    if (b.kind === 'MINVALUE') return { values, inclusive: false };
    if (b.kind !== 'value') throw new GoeError('ENGINE_ERROR', `A partition bound on ${key.column} is ${b.kind}`);
    if (b.value === null) throw new GoeError('ENGINE_ERROR', `A partition bound on ${key.column} is NULL`);
    const text = String(b.value);
    try {
      compareKeyText(key.kind, text, text);
    } catch {
      throw new GoeError(
        'ENGINE_ERROR',
        `A partition bound on ${key.column} (${key.dataType}) is not a value of its type: ${text}`,
      );
    }
    values.push(text);
  }
  return { values, inclusive: false };
}

/**
 * Splits user CSV into components: `,` separates, a component in double quotes may hold commas (`""` is a quote).
 * Unquoted components keep their spaces (callers trim where the kind allows).
 *
 * @throws GoeError `OPTION_INVALID` naming `option` for an unterminated quote or text after a closing quote
 * @example
 * splitKeyCsv('"a,b", 7', '--equal-to-values') // ['a,b', ' 7']
 */
export function splitKeyCsv(text: string, option: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    let j = i;
    while (text[j] === ' ') j++;
    if (text[j] === '"') {
      let value = '';
      j++;
      for (;;) {
        if (j >= text.length)
          throw new GoeError('OPTION_INVALID', `Unterminated quote in ${option} value: ${text}`, { variable: option });
        if (text[j] === '"' && text[j + 1] === '"') {
          value += '"';
          j += 2;
        } else if (text[j] === '"') {
          j++;
          break;
        } else value += text[j++];
      }
      while (text[j] === ' ') j++;
      if (j < text.length && text[j] !== ',')
        throw new GoeError('OPTION_INVALID', `Unexpected text after a quoted value in ${option}: ${text}`, {
          variable: option,
        });
      out.push(value);
      i = j;
    } else {
      const end = text.indexOf(',', i);
      out.push(end < 0 ? text.slice(i) : text.slice(i, end));
      i = end < 0 ? text.length : end;
    }
    if (i >= text.length) return out;
    i++; // the comma
  }
}

const HUMAN_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:([ T])(\d{1,2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?$/;

/**
 * One key component as the user wrote it, validated with its column's kind and normalised: numbers and dates
 * trimmed, dates `YYYY-M[M]-D[D][ HH:MI[:SS[.f]]]` zero-padded (`2020-1-5` → `2020-01-05`; a DATE key takes a
 * time of day only at midnight and drops it), strings as written.
 *
 * @throws GoeError `OPTION_INVALID` naming `option` when the text is not a value of the kind
 * @example
 * normaliseKeyValue({ column: 'TIME_ID', dataType: 'DATE', kind: 'datetime' }, '2020-1-5', '--less-than-value') // '2020-01-05'
 */
export function normaliseKeyValue(key: KeyColumn, text: string, option: string): string {
  const invalid = () =>
    new GoeError(
      'OPTION_INVALID',
      `Invalid ${option} value for partition key ${key.column} (${key.dataType}): ${text}`,
      {
        variable: option,
      },
    );
  if (key.kind === 'string') return text;
  let value = text.trim();
  if (key.kind === 'datetime') {
    const m = HUMAN_DATE.exec(value);
    if (m === null) throw invalid();
    const pad = (s: string) => s.padStart(2, '0');
    const date = `${m[1]}-${pad(m[2]!)}-${pad(m[3]!)}`;
    const time = m[4] === undefined ? '' : `${pad(m[5]!)}:${m[6]}:${m[7] ?? '00'}${m[8] ?? ''}`;
    // a DATE key holds days: a time of day is accepted only at midnight (and dropped)
    if (key.dataType === 'DATE' && time !== '' && !/^00:00:00(\.0*)?$/.test(time)) throw invalid();
    value = key.dataType === 'DATE' || time === '' ? date : `${date} ${time}`;
  }
  try {
    compareKeyText(key.kind, value, value);
  } catch {
    throw invalid();
  }
  return value;
}

/**
 * Parses a user tuple (`--less-than-value`, one `--equal-to-values` value): CSV of 1..n components for an n-column
 * key, `"…"` quoting a string that holds commas; each component validated and normalised with its column's kind
 * ({@link normaliseKeyValue}). Fewer components than key columns is a prefix.
 *
 * @throws GoeError `OPTION_INVALID` naming `option` for an empty text, too many components, an unterminated quote
 *   or a component that is not a value of its column's kind
 * @example
 * parseKeyTuple([yearKey, monthKey], '2020,5', '--less-than-value') // ['2020', '5']
 * parseKeyTuple([dateKey], '2020-1-5', '--older-than-date') // ['2020-01-05']
 * parseKeyTuple([regionKey, idKey], '"a,b", 7', '--equal-to-values') // ['a,b', '7']
 */
export function parseKeyTuple(keys: readonly KeyColumn[], text: string, option: string): KeyTuple {
  if (text.trim() === '') throw new GoeError('OPTION_INVALID', `Empty ${option} value`, { variable: option });
  const parts = splitKeyCsv(text, option);
  if (parts.length > keys.length)
    throw new GoeError(
      'OPTION_INVALID',
      `${option} value ${text} has ${parts.length} values; the partition key has ${keys.length} column${keys.length === 1 ? '' : 's'} (${keys.map((k) => k.column).join(', ')})`,
      { variable: option },
    );
  return parts.map((p, i) => normaliseKeyValue(keys[i]!, p, option));
}

/**
 * A typed DSL literal for a key value text: numbers exact, dates `YYYY-MM-DD` (time dropped for DATE keys),
 * timestamps `YYYY-MM-DD HH:MI:SS[.f]`, strings as-is.
 *
 * @throws GoeError `PREDICATE_INVALID` when the text is not a literal of the kind (e.g. a string with control characters)
 * @example
 * keyLiteral({ column: 'TS', dataType: 'TIMESTAMP', kind: 'datetime' }, '2020-01-01T10:00:00.500') // datetime(2020-01-01 10:00:00.500)
 */
export function keyLiteral(key: KeyColumn, value: string): PredicateValue {
  if (key.kind === 'number') return predicateNumeric(value.trim());
  if (key.kind === 'string') return predicateString(value);
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?$/.exec(value.trim());
  if (m === null || key.dataType === 'DATE' || m[2] === undefined) return predicateDatetime(m?.[1] ?? value);
  return predicateDatetime(`${m[1]} ${m[2]}:${m[3]}:${m[4] ?? '00'}${m[5] ?? ''}`);
}

function keyAt(keys: readonly KeyColumn[], i: number): KeyColumn {
  const key = keys[i];
  if (key === undefined)
    throw new GoeError('INTERNAL', `A key tuple has more values than the ${keys.length}-column key`);
  return key;
}

function cmp(key: KeyColumn, op: ComparisonOp, value: string): PredicateAst {
  return { kind: 'comparison', op, left: predicateColumn(key.column), right: keyLiteral(key, value) };
}

/** `c1 = v1 AND … AND c(i-1) = v(i-1) AND ci op vi` for each i; the last op is `lastOp`. */
function expansion(keys: readonly KeyColumn[], bound: KeyBound, op: '<' | '>', lastOp: ComparisonOp): PredicateAst {
  const n = bound.values.length;
  if (n === 0) throw new GoeError('INTERNAL', 'An empty key bound has no threshold predicate');
  const terms = bound.values.map((v, i) => {
    const eqs = bound.values.slice(0, i).map((p, j) => cmp(keyAt(keys, j), '=', p));
    const last = cmp(keyAt(keys, i), i === n - 1 ? lastOp : op, v);
    return eqs.length === 0 ? last : andPredicates(...eqs, last);
  });
  return terms.length === 1 ? terms[0]! : orPredicates(...terms);
}

/**
 * Backend side of a high value: the rows below it (`inclusive` adds the equality), GOE's lexicographic expansion
 * with the equality folded into the last term (`c1 < v1 OR (c1 = v1 AND c2 <= v2)` rather than GOE's separate
 * `OR (c1 = v1 AND c2 = v2)`; equivalent).
 *
 * @throws GoeError `INTERNAL` for a bound without values
 * @example
 * printPredicate(tupleBelow([yearKey, monthKey], { values: ['2020', '6'], inclusive: false }))
 * // '(column(YEAR) < numeric(2020) OR (column(YEAR) = numeric(2020) AND column(MONTH) < numeric(6)))'
 */
export function tupleBelow(keys: readonly KeyColumn[], bound: KeyBound): PredicateAst {
  return expansion(keys, bound, '<', bound.inclusive ? '<=' : '<');
}

/**
 * Source side of a high value: the rows at or above it, the complement of {@link tupleBelow} (for NOT NULL keys).
 *
 * @throws GoeError `INTERNAL` for a bound without values
 * @example
 * printPredicate(tupleAtOrAbove([yearKey, monthKey], { values: ['2020'], inclusive: true })) // 'column(YEAR) > numeric(2020)'
 */
export function tupleAtOrAbove(keys: readonly KeyColumn[], bound: KeyBound): PredicateAst {
  return expansion(keys, bound, '>', bound.inclusive ? '>' : '>=');
}

/**
 * The rows with `lower ≤ key < upper` (each side optional; a bound is read as {@link tupleBelow} reads it, so
 * `lower` is the previous high value): a chunk's or a run's range, for verification and the backend delete scope.
 * `undefined` when neither side restricts.
 *
 * @example
 * printPredicate(tupleRange(keys, { values: ['2020', '1'], inclusive: false }, { values: ['2020', '6'], inclusive: false })!)
 * // '((column(YEAR) > numeric(2020) OR (column(YEAR) = numeric(2020) AND column(MONTH) >= numeric(1))) AND (…))'
 */
export function tupleRange(
  keys: readonly KeyColumn[],
  lower: KeyBound | undefined,
  upper: KeyBound | undefined,
): PredicateAst | undefined {
  const items: PredicateAst[] = [];
  if (lower !== undefined && lower.values.length > 0) items.push(tupleAtOrAbove(keys, lower));
  if (upper !== undefined && upper.values.length > 0) items.push(tupleBelow(keys, upper));
  return items.length === 0 ? undefined : andPredicates(...items);
}

/**
 * GOE's DSL text of {@link tupleBelow} (the `as_predicate_dsl` of a high value, e.g. ANDed to a late-arriving
 * predicate).
 *
 * @example
 * tupleBelowDsl([aKey, bKey], { values: ['1', '5'], inclusive: true })
 * // '(column(A) < numeric(1) OR (column(A) = numeric(1) AND column(B) <= numeric(5)))'
 */
export function tupleBelowDsl(keys: readonly KeyColumn[], bound: KeyBound): string {
  return printPredicate(tupleBelow(keys, bound));
}

/**
 * An identity text of a tuple: two tuples compare equal under {@link compareKeyTuples} exactly when their ids are
 * equal (numbers normalised as exact decimals, dates and timestamps as calendar instants), for sets and maps.
 *
 * @throws GoeError `OPTION_INVALID` when a component is not a value of its column's kind
 * @example
 * keyTupleId([idKey, dateKey], ['007', '2020-01-01']) === keyTupleId([idKey, dateKey], ['7.0', '2020-01-01 00:00:00']) // true
 */
export function keyTupleId(keys: readonly KeyColumn[], tuple: KeyTuple): string {
  return tuple
    .map((v, i) => {
      const key = keyAt(keys, i);
      compareKeyText(key.kind, v, v); // validates
      if (key.kind === 'number') return predicateNumeric(v.trim()).value;
      if (key.kind === 'string') return v;
      const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/.exec(v.trim())!;
      return `${m[1]}T${m[2] ?? '00'}:${m[3] ?? '00'}:${m[4] ?? '00'}.${(m[5] ?? '').padEnd(9, '0')}`;
    })
    .join('\u0000');
}

/**
 * A tuple for messages: components joined by `, ` (a single value is itself).
 *
 * @example
 * formatKeyTuple(['2020', '6']) // '2020, 6'
 */
export function formatKeyTuple(tuple: KeyTuple): string {
  return tuple.join(', ');
}
