/**
 * Decodes PostgreSQL partition bounds as `pg_get_expr(relpartbound, oid)` prints them:
 * `FOR VALUES FROM (…) TO (…)` (with MINVALUE/MAXVALUE), `FOR VALUES IN (…)`, `FOR VALUES WITH (modulus m,
 * remainder r)` and `DEFAULT`.
 */
import { GoeError, type CanonicalType, type PartitionBound } from '@goe/core';

/** A decoded bound of one partition. */
export interface DecodedBound {
  readonly lowerBound?: PartitionBound[];
  readonly upperBound?: PartitionBound[];
  readonly values?: PartitionBound[][];
  readonly hash?: { modulus: number; remainder: number };
  readonly isDefault?: boolean;
}

type Token =
  | { kind: 'punct'; text: string }
  | { kind: 'string'; text: string; raw: string }
  | { kind: 'word'; text: string };

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')' || ch === ',') {
      out.push({ kind: 'punct', text: ch });
      i++;
    } else if (ch === "'" || ((ch === 'E' || ch === 'e') && text[i + 1] === "'")) {
      const escaped = ch !== "'";
      let j = escaped ? i + 2 : i + 1;
      let value = '';
      for (;;) {
        if (j >= text.length) throw bad(text);
        const c = text[j]!;
        if (c === "'" && text[j + 1] === "'") {
          value += "'";
          j += 2;
        } else if (c === "'") {
          j++;
          break;
        } else if (escaped && c === '\\' && j + 1 < text.length) {
          value += text[j + 1];
          j += 2;
        } else {
          value += c;
          j++;
        }
      }
      out.push({ kind: 'string', text: value, raw: text.slice(i, j) });
      i = j;
    } else {
      let j = i;
      while (j < text.length && !/[\s(),]/.test(text[j]!)) j++;
      out.push({ kind: 'word', text: text.slice(i, j) });
      i = j;
    }
  }
  return out;
}

function bad(text: string): GoeError {
  return new GoeError('ENGINE_ERROR', `Unrecognised partition bound: ${text}`);
}

const INTEGER_TYPES: readonly CanonicalType[] = ['INTEGER_1', 'INTEGER_2', 'INTEGER_4', 'INTEGER_8'];

/** One bound value, typed by the key column's canonical type. */
function boundValue(t: Token, type: CanonicalType | undefined): PartitionBound {
  if (t.kind === 'word') {
    const w = t.text.toUpperCase();
    if (w === 'MINVALUE' || w === 'MAXVALUE') return { kind: w };
    if (w === 'NULL') return { kind: 'value', value: null, text: 'NULL' };
    if (w === 'TRUE' || w === 'FALSE') return { kind: 'value', value: w === 'TRUE', text: w.toLowerCase() };
  }
  if (t.kind === 'punct') throw new GoeError('ENGINE_ERROR', `Unexpected '${t.text}' in a partition bound`);
  const text = t.kind === 'string' ? t.raw : t.text;
  const plain = t.text;
  if (type !== undefined && INTEGER_TYPES.includes(type) && /^-?\d+$/.test(plain)) {
    const n = Number(plain);
    return { kind: 'value', value: Number.isSafeInteger(n) ? n : BigInt(plain), text };
  }
  if (type === 'BOOLEAN' && /^(true|false)$/i.test(plain)) return { kind: 'value', value: /^true$/i.test(plain), text };
  return { kind: 'value', value: plain, text };
}

function list(
  tokens: Token[],
  at: number,
  types: readonly (CanonicalType | undefined)[],
  source: string,
): { items: PartitionBound[]; next: number } {
  if (tokens[at]?.text !== '(') throw bad(source);
  const items: PartitionBound[] = [];
  let i = at + 1;
  for (;;) {
    const t = tokens[i];
    if (t === undefined) throw bad(source);
    items.push(boundValue(t, types[items.length] ?? types[0]));
    i++;
    const sep = tokens[i];
    if (sep?.text === ')') return { items, next: i + 1 };
    if (sep?.text !== ',') throw bad(source);
    i++;
  }
}

/**
 * Decodes one partition bound expression. `keyTypes` are the canonical types of the partition key columns
 * (integers become numbers, or bigints beyond 2^53; other values keep PostgreSQL's text).
 *
 * @throws GoeError `ENGINE_ERROR` for text that is not a partition bound
 * @example
 * decodePartitionBound("FOR VALUES FROM (MINVALUE) TO ('2020-01-01')", ['DATE'])
 * // { lowerBound: [{ kind: 'MINVALUE' }], upperBound: [{ kind: 'value', value: '2020-01-01', text: "'2020-01-01'" }] }
 */
export function decodePartitionBound(text: string, keyTypes: readonly (CanonicalType | undefined)[]): DecodedBound {
  const trimmed = text.trim();
  if (/^DEFAULT$/i.test(trimmed)) return { isDefault: true };
  const tokens = tokenize(trimmed);
  const word = (i: number) => (tokens[i]?.kind === 'word' ? tokens[i]!.text.toUpperCase() : undefined);
  if (word(0) !== 'FOR' || word(1) !== 'VALUES') throw bad(text);
  if (word(2) === 'FROM') {
    const lower = list(tokens, 3, keyTypes, text);
    if (word(lower.next) !== 'TO') throw bad(text);
    const upper = list(tokens, lower.next + 1, keyTypes, text);
    return { lowerBound: lower.items, upperBound: upper.items };
  }
  if (word(2) === 'IN') {
    const values = list(tokens, 3, keyTypes, text);
    return { values: values.items.map((v) => [v]) };
  }
  if (word(2) === 'WITH') {
    const m = /modulus\s+(\d+)\s*,\s*remainder\s+(\d+)/i.exec(trimmed);
    if (!m) throw bad(text);
    return { hash: { modulus: Number(m[1]), remainder: Number(m[2]) } };
  }
  throw bad(text);
}
