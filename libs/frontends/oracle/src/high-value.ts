/**
 * Decoding of Oracle's partition bound text (`ALL_TAB_PARTITIONS.HIGH_VALUE`, a LONG holding SQL expressions), by
 * reference §2.2: the text is split on top-level commas (a `TO_DATE(…)` keeps its commas), `MAXVALUE` and `DEFAULT`
 * are markers, dates come from `TO_DATE(' yyyy-mm-dd hh24:mi:ss', 'SYYYY-…')` or `TIMESTAMP' …'`, strings lose their
 * quotes, numbers are exact. Anything else is an error naming the partition, never a guess.
 */
import { GoeError, type CanonicalType, type PartitionBound } from '@goe/core';

/**
 * Splits a HIGH_VALUE text on its top-level commas, keeping quoted text (with `''` escapes) and parentheses whole.
 *
 * @example
 * splitHighValue("TO_DATE(' 2024-01-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN'), 100")
 * // ["TO_DATE(' 2024-01-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')", '100']
 */
export function splitHighValue(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === "'") {
        if (text[i + 1] === "'") i++;
        else quoted = false;
      }
    } else if (c === "'") quoted = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
    if (depth < 0) throw new Error('unbalanced parentheses');
  }
  if (quoted || depth !== 0) throw new Error('unbalanced quotes or parentheses');
  parts.push(text.slice(start).trim());
  return parts;
}

const INTEGER_TYPES: readonly CanonicalType[] = ['INTEGER_1', 'INTEGER_2', 'INTEGER_4', 'INTEGER_8', 'INTEGER_38'];
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)(E[+-]?\d+)?$/i;
/** `TO_DATE(' 2024-01-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')` (BC years are negative). */
const TO_DATE =
  /^TO_DATE\(\s*'\s*(-?\d{1,4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})'\s*,\s*'S?YYYY-MM-DD HH24:MI:SS'(\s*,\s*'[^']*')?\s*\)$/i;
/** `TIMESTAMP' 2024-01-01 00:00:00'` or with up to 9 fractional digits. */
const TIMESTAMP = /^TIMESTAMP\s*'\s*(-?\d{1,4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,9})?)'$/i;
/** A quoted string, optionally national (`N'…'`). */
const STRING = /^N?'((?:[^']|'')*)'$/i;

/**
 * One bound value of a HIGH_VALUE, typed by its key column's canonical type (integers as numbers, or bigints beyond
 * 2^53; other numbers and dates as their exact text).
 *
 * @throws Error for text that is none of the forms above (the caller names the partition)
 * @example
 * highValueBound("TIMESTAMP' 2024-03-01 00:00:00.5'", 'TIMESTAMP') // { kind: 'value', value: '2024-03-01 00:00:00.5', text: "TIMESTAMP' 2024-03-01 00:00:00.5'" }
 */
export function highValueBound(text: string, type?: CanonicalType): PartitionBound {
  const t = text.trim();
  const word = t.toUpperCase();
  if (word === 'MAXVALUE') return { kind: 'MAXVALUE' };
  if (word === 'DEFAULT') return { kind: 'DEFAULT' };
  if (word === 'NULL') return { kind: 'value', value: null, text: 'NULL' };
  const date = TO_DATE.exec(t) ?? TIMESTAMP.exec(t);
  if (date) return { kind: 'value', value: date[1]!, text: t };
  const string = STRING.exec(t);
  if (string) return { kind: 'value', value: string[1]!.replace(/''/g, "'"), text: t };
  if (NUMBER.test(t)) {
    if (type !== undefined && INTEGER_TYPES.includes(type) && /^[+-]?\d+$/.test(t)) {
      const n = Number(t);
      return { kind: 'value', value: Number.isSafeInteger(n) ? n : BigInt(t), text: t };
    }
    return { kind: 'value', value: t, text: t };
  }
  throw new Error(`unrecognised bound ${t}`);
}

/**
 * A range partition's HIGH_VALUE as bounds, one per key column (`MAXVALUE` markers included), or a list partition's
 * as its values (`DEFAULT` for the default partition). `types` are the key columns' canonical types, in key order.
 *
 * @throws GoeError `ENGINE_ERROR` naming the partition and the text it cannot decode
 * @example
 * decodeHighValue('SALES_2024_01', "TO_DATE(' 2024-02-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')", ['TIMESTAMP'])
 * // [{ kind: 'value', value: '2024-02-01 00:00:00', text: "TO_DATE(' 2024-02-01 00:00:00', …)" }]
 */
export function decodeHighValue(
  partition: string,
  text: string,
  types: readonly (CanonicalType | undefined)[] = [],
): PartitionBound[] {
  try {
    return splitHighValue(text).map((part, i) => highValueBound(part, types[i] ?? types[0]));
  } catch (e) {
    throw new GoeError(
      'ENGINE_ERROR',
      `Cannot decode the HIGH_VALUE of partition ${partition}: ${text} (${(e as Error).message})`,
      { hint: 'Partition keys of DATE, TIMESTAMP, NUMBER and character types are supported' },
    );
  }
}

/**
 * A list partition's HIGH_VALUE as its value tuples: `'EU', 'US'` (one key column) or `('EU', 1), ('US', 2)`
 * (several); `DEFAULT` makes it the default partition.
 *
 * @throws GoeError `ENGINE_ERROR` naming the partition and the text it cannot decode
 * @example
 * decodeListValues('P_EU', "'EU', 'UK'", ['VARIABLE_STRING'])
 * // { values: [[{ kind: 'value', value: 'EU', text: "'EU'" }], [{ kind: 'value', value: 'UK', text: "'UK'" }]], isDefault: false }
 */
export function decodeListValues(
  partition: string,
  text: string,
  types: readonly (CanonicalType | undefined)[] = [],
): { readonly values: PartitionBound[][]; readonly isDefault: boolean } {
  if (text.trim().toUpperCase() === 'DEFAULT') return { values: [], isDefault: true };
  try {
    const values = splitHighValue(text).map((part) => {
      const tuple = /^\((.*)\)$/s.exec(part);
      const items = tuple ? splitHighValue(tuple[1]!) : [part];
      return items.map((item, i) => highValueBound(item, types[i] ?? types[0]));
    });
    return { values, isDefault: false };
  } catch (e) {
    throw new GoeError(
      'ENGINE_ERROR',
      `Cannot decode the HIGH_VALUE of partition ${partition}: ${text} (${(e as Error).message})`,
      { hint: 'Partition keys of DATE, TIMESTAMP, NUMBER and character types are supported' },
    );
  }
}
