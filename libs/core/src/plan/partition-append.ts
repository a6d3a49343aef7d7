/**
 * Incremental partition append (IPA) of a RANGE partitioned source (orchestration reference §2.6, §2.7): which
 * partitions are already in the backend, which to offload now, the new high-water mark, the chunks, and the
 * boundaries verification counts. Frontend- and backend-neutral, pure.
 *
 * Detection reads the backend's `MAX(key)`, not the metadata (GOE's rule): a partition is already offloaded when its
 * lower bound is ≤ the backend maximum, so a run that loaded partitions but crashed before saving metadata is not
 * loaded twice.
 */
import { GoeError } from '../errors.js';
import type { PartitionBound, SourcePartition, SourceTable } from '../model/table.js';
import {
  andPredicates,
  predicateColumn,
  predicateDatetime,
  predicateNumeric,
  predicateString,
  type PredicateAst,
  type PredicateValue,
} from '../predicate/ast.js';
import type { CanonicalType } from '../types/canonical.js';
import type { DataIdentification } from './data-identification.js';

/** How partition key values compare: exact decimals, calendar date/times, or code-point strings. */
export type KeyKind = 'number' | 'datetime' | 'string';

/** How each canonical type of a partition key compares; a type missing here cannot be a partition-append key. */
export const KEY_KINDS: Readonly<Partial<Record<CanonicalType, KeyKind>>> = {
  INTEGER_1: 'number',
  INTEGER_2: 'number',
  INTEGER_4: 'number',
  INTEGER_8: 'number',
  INTEGER_38: 'number',
  DECIMAL: 'number',
  DATE: 'datetime',
  TIMESTAMP: 'datetime',
  VARIABLE_STRING: 'string',
  FIXED_STRING: 'string',
};

/**
 * GOE's partition append texts (reference §2.6, §2.9).
 *
 * @example
 * PARTITION_APPEND_MESSAGES.noPartitions // 'No partitions to offload'
 */
export const PARTITION_APPEND_MESSAGES = Object.freeze({
  noPartitions: 'No partitions to offload',
  outOfRange: (name: string) => `Not offloading partition ${name} with high_value of OUT-OF-RANGE`,
  unknownPartition: (name: string, table: string) => `Partition ${name} does not exist in ${table}`,
  verifyingLag: (recorded: string) =>
    `The backend table holds partitions above the recorded high-water mark ${recorded} (a previous run loaded them and stopped before saving metadata): verifying them with this run's`,
  metadataLags: (recorded: string, partition: string, value: string) =>
    `Offload metadata high-water mark ${recorded} lags the backend table, which holds the partitions up to ${partition} (${value}): a previous run loaded them and stopped before saving metadata; verifying them and saving metadata`,
});

/** The partition key of a RANGE partition append. */
export interface PartitionAppendKey {
  /** Source column name. */
  readonly column: string;
  readonly dataType: CanonicalType;
  readonly kind: KeyKind;
}

/**
 * The key of a RANGE partition append, or a reason why the table cannot be offloaded by partition append.
 *
 * @example
 * partitionAppendKey(table) // { key: { column: 'TIME_ID', dataType: 'DATE', kind: 'datetime' } }
 * partitionAppendKey(unpartitioned) // { reason: 'SH.T is not partitioned' }
 */
export function partitionAppendKey(
  table: SourceTable,
): { readonly key: PartitionAppendKey } | { readonly reason: string } {
  const name = `${table.owner}.${table.name}`;
  const p = table.partitioning;
  if (p.method === 'none') return { reason: `${name} is not partitioned` };
  if (p.method !== 'range' && p.method !== 'interval')
    return { reason: `${name} is ${p.method.toUpperCase()} partitioned (partition append needs RANGE partitioning)` };
  if (p.columns.length !== 1)
    return {
      reason: `${name} has a ${p.columns.length}-column partition key (${p.columns.join(', ')}); partition append supports one key column`,
    };
  const column = table.columns.find((c) => c.name.toUpperCase() === p.columns[0]!.toUpperCase());
  const dataType = column?.canonical.dataType;
  const kind = dataType === undefined ? undefined : KEY_KINDS[dataType];
  if (column !== undefined && !/^[A-Za-z0-9.$#_]+$/.test(column.name))
    return {
      reason: `partition key column "${column.name}" of ${name} has characters the predicate DSL cannot name (letters, digits, . $ # _)`,
    };
  if (column === undefined || dataType === undefined || kind === undefined)
    return {
      reason: `partition key column ${p.columns[0]} (${dataType ?? 'unknown type'}) of ${name} is not supported for partition append (supported: integers, decimals, dates, timestamps without time zone, strings)`,
    };
  return { key: { column: column.name, dataType, kind } };
}

/** Inputs of {@link planPartitionAppend}. */
export interface PartitionAppendInput {
  readonly table: SourceTable;
  readonly key: PartitionAppendKey;
  /** `less-than`, `partition-name` or `none` (every partition with a value high bound). */
  readonly identification: DataIdentification;
  /** The backend's `MAX(key)` as text; `null` for an empty or new table. */
  readonly backendMax: string | null;
  /** `--max-offload-chunk-count`; default 100. */
  readonly maxChunkCount?: number;
  /** `--max-offload-chunk-size` in bytes; default 16 GiB. */
  readonly maxChunkBytes?: number;
}

/** The partitions one run offloads, and what it records. */
export interface PartitionAppendPlan {
  /** Partitions to offload, oldest first. */
  readonly partitions: readonly string[];
  /** The same split into chunks (each a full transport → load cycle). */
  readonly chunks: readonly (readonly string[])[];
  /** Partitions the backend already holds (by its MAX(key)). */
  readonly alreadyOffloaded: readonly string[];
  /** The high-water mark partition and its high value (value text), when there is one. */
  readonly highWaterMark?: { readonly partition: string; readonly value: string };
  /** Backend rows of this run's partitions: `key >= lower AND key < upper` (either side may be open). */
  readonly backendScope?: PredicateAst;
  readonly notices: readonly string[];
}

/** Default `--max-offload-chunk-count`. @example DEFAULT_MAX_CHUNK_COUNT // 100 */
export const DEFAULT_MAX_CHUNK_COUNT = 100;
/** Default `--max-offload-chunk-size`: 16 GiB. @example DEFAULT_MAX_CHUNK_BYTES // 17179869184 */
export const DEFAULT_MAX_CHUNK_BYTES = 16 * 1024 ** 3;

/**
 * Plans a RANGE partition append.
 *
 * @throws GoeError `OPTION_INVALID` for an unknown `--partition-names` partition or a `--less-than-value` that is not
 *   a value of the key's type
 * @example
 * planPartitionAppend({ table, key, identification: { kind: 'less-than', value: '2020-03-01', option: '--older-than-date' }, backendMax: '2020-01-31' })
 * // { partitions: ['SALES_202002'], alreadyOffloaded: ['SALES_202001'], highWaterMark: { partition: 'SALES_202002', value: '2020-03-01' }, … }
 */
export function planPartitionAppend(input: PartitionAppendInput): PartitionAppendPlan {
  const { table, key, identification } = input;
  const cmp = (a: string, b: string) => compareKeyText(key.kind, a, b);
  const notices: string[] = [];
  const ranged: { p: SourcePartition; upper: string | null; lower: string | null }[] = [];
  const outOfRange: SourcePartition[] = [];
  for (const p of table.partitioning.partitions) {
    const upper = p.upperBound?.[0];
    if (p.isDefault === true || upper === undefined || upper.kind !== 'value') outOfRange.push(p);
    else ranged.push({ p, upper: boundText(upper, p, key), lower: null });
  }
  ranged.sort((a, b) => cmp(a.upper!, b.upper!));
  for (const [i, r] of ranged.entries()) {
    const lower = r.p.lowerBound?.[0];
    r.lower =
      lower === undefined
        ? i === 0
          ? null
          : ranged[i - 1]!.upper
        : lower.kind === 'value'
          ? boundText(lower, r.p, key)
          : null;
  }
  const max = input.backendMax;
  const offloaded = (r: (typeof ranged)[number]) => max !== null && (r.lower === null || cmp(r.lower, max) <= 0);

  let limit: string | undefined;
  if (identification.kind === 'less-than') limit = checkedLimit(identification.value, identification.option, key);
  else if (identification.kind === 'partition-name') {
    const named = namedBoundPartition(ranged, identification.name, table);
    limit = named.upper!;
  } else if (identification.kind === 'predicate') {
    throw new GoeError('INTERNAL', 'planPartitionAppend does not plan predicate-based offloads');
  }
  const inScope = ranged.filter((r) => limit === undefined || cmp(r.upper!, limit) <= 0);
  const done = ranged.filter(offloaded);
  const toOffload = inScope.filter((r) => !offloaded(r));
  if (limit === undefined) for (const p of outOfRange) notices.push(PARTITION_APPEND_MESSAGES.outOfRange(p.name));
  const hwm = limit !== undefined ? inScope.at(-1) : (toOffload.at(-1) ?? done.at(-1));
  const maxCount = input.maxChunkCount ?? DEFAULT_MAX_CHUNK_COUNT;
  const chunks = chunkPartitions(
    toOffload.map((r) => r.p),
    maxCount,
    input.maxChunkBytes ?? DEFAULT_MAX_CHUNK_BYTES,
  );
  const first = toOffload[0];
  const last = toOffload.at(-1);
  const bounds: PredicateAst[] = [];
  if (first?.lower != null) bounds.push(keyComparison(key, '>=', first.lower));
  if (last !== undefined) bounds.push(keyComparison(key, '<', last.upper!));
  return {
    partitions: toOffload.map((r) => r.p.name),
    chunks,
    alreadyOffloaded: done.map((r) => r.p.name),
    ...(hwm === undefined ? {} : { highWaterMark: { partition: hwm.p.name, value: hwm.upper! } }),
    ...(bounds.length === 0 ? {} : { backendScope: bounds.length === 1 ? bounds[0]! : andPredicates(...bounds) }),
    notices,
  };
}

/**
 * The RANGE partitions whose high value is above `above` (exclusive) and at most `upTo`, oldest first: the partitions
 * between two high-water marks.
 *
 * @example
 * partitionsBetween(table, key, '2024-03-01', '2024-04-01') // ['SALES_2024_03']
 */
export function partitionsBetween(table: SourceTable, key: PartitionAppendKey, above: string, upTo: string): string[] {
  const out: { name: string; upper: string }[] = [];
  for (const p of table.partitioning.partitions) {
    const upper = p.upperBound?.[0];
    if (p.isDefault === true || upper === undefined || upper.kind !== 'value') continue;
    const text = boundText(upper, p, key);
    if (compareKeyText(key.kind, text, above) > 0 && compareKeyText(key.kind, text, upTo) <= 0)
      out.push({ name: p.name, upper: text });
  }
  return out.sort((a, b) => compareKeyText(key.kind, a.upper, b.upper)).map((p) => p.name);
}

/**
 * Splits partitions (oldest first) into chunks of at most `maxCount` partitions and, where sizes are known,
 * `maxBytes` bytes (a partition larger than `maxBytes` is a chunk of its own).
 *
 * @example
 * chunkPartitions([{ name: 'A' }, { name: 'B' }, { name: 'C' }], 2, Infinity) // [['A', 'B'], ['C']]
 */
export function chunkPartitions(
  partitions: readonly Pick<SourcePartition, 'name' | 'sizeBytes'>[],
  maxCount: number,
  maxBytes: number,
): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const p of partitions) {
    const size = p.sizeBytes ?? 0;
    if (current.length > 0 && (current.length >= maxCount || bytes + size > maxBytes)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(p.name);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/**
 * Compares two key values given as text (source bound values or backend renderings): numbers exactly as decimals,
 * dates and timestamps as calendar values (`2020-01-01` = `2020-01-01 00:00:00` = `2020-01-01T00:00:00.000`),
 * strings by code point.
 *
 * @throws GoeError `OPTION_INVALID` when a text is not a value of the kind
 * @example
 * compareKeyText('number', '10', '9.50') // 1
 * compareKeyText('datetime', '2020-01-31 10:00:00', '2020-02-01') // -1
 */
export function compareKeyText(kind: KeyKind, a: string, b: string): number {
  if (kind === 'number') return compareDecimalText(a, b);
  if (kind === 'datetime') {
    const x = datetimeSortKey(a);
    const y = datetimeSortKey(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a === b ? 0 : codePointLess(a, b) ? -1 : 1;
}

function codePointLess(a: string, b: string): boolean {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d < 0;
  }
  return x.length < y.length;
}

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d*))?$|^([+-]?)\.(\d+)$/;

function compareDecimalText(a: string, b: string): number {
  const x = decimalParts(a);
  const y = decimalParts(b);
  if (x.sign !== y.sign) return x.sign < y.sign ? -1 : 1;
  if (x.sign === 0) return 0;
  let c = x.int.length !== y.int.length ? (x.int.length < y.int.length ? -1 : 1) : 0;
  if (c === 0) c = x.int < y.int ? -1 : x.int > y.int ? 1 : 0;
  if (c === 0) {
    const n = Math.max(x.frac.length, y.frac.length);
    const fx = x.frac.padEnd(n, '0');
    const fy = y.frac.padEnd(n, '0');
    c = fx < fy ? -1 : fx > fy ? 1 : 0;
  }
  return x.sign * c || 0;
}

function decimalParts(text: string): { sign: -1 | 0 | 1; int: string; frac: string } {
  const m = DECIMAL.exec(text.trim());
  if (!m) throw new GoeError('OPTION_INVALID', `Not a number: ${text}`);
  const neg = (m[1] ?? m[4]) === '-';
  const int = (m[2] ?? '').replace(/^0+/, '');
  const frac = (m[3] ?? m[5] ?? '').replace(/0+$/, '');
  if (int === '' && frac === '') return { sign: 0, int: '', frac: '' };
  return { sign: neg ? -1 : 1, int, frac };
}

function datetimeSortKey(text: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/.exec(text.trim());
  const [y, mo, d, h, mi, sec] = (m ?? []).slice(1, 7).map((x) => Number(x ?? 0));
  const valid =
    m !== null && mo! >= 1 && mo! <= 12 && d! >= 1 && d! <= daysInMonth(y!, mo!) && h! <= 23 && mi! <= 59 && sec! <= 59;
  if (!valid || m === null)
    throw new GoeError('OPTION_INVALID', `Not a date or timestamp (YYYY-MM-DD[ HH:MI:SS[.f]]): ${text}`);
  return `${m[1]}-${m[2]}-${m[3]}T${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}.${(m[7] ?? '').padEnd(9, '0')}`;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** The value text of a bound (the plain value, not the source's quoted literal). */
function boundText(
  bound: Extract<PartitionBound, { kind: 'value' }>,
  p: SourcePartition,
  key: PartitionAppendKey,
): string {
  if (bound.value === null) throw new GoeError('ENGINE_ERROR', `Partition ${p.name} has a NULL bound on ${key.column}`);
  const text = String(bound.value);
  compareKeyText(key.kind, text, text); // validates the form
  return text;
}

function checkedLimit(value: string, option: string, key: PartitionAppendKey): string {
  if (option.startsWith('--older-than-') && key.kind !== 'datetime') {
    throw new GoeError(
      'OPTION_INVALID',
      `${option} needs a date or timestamp partition key; ${key.column} is ${key.dataType} (use --less-than-value)`,
      { variable: option },
    );
  }
  try {
    compareKeyText(key.kind, value, value);
  } catch {
    throw new GoeError(
      'OPTION_INVALID',
      `Invalid ${option} value for partition key ${key.column} (${key.dataType}): ${value}`,
      { variable: option },
    );
  }
  return value;
}

/**
 * A comparison of the key column with a value given as text, as a predicate (typed literal per key kind).
 *
 * @example
 * keyComparison({ column: 'TIME_ID', dataType: 'DATE', kind: 'datetime' }, '<', '2020-03-01') // column(TIME_ID) < datetime(2020-03-01)
 */
export function keyComparison(key: PartitionAppendKey, op: '<' | '>=' | '<=', value: string): PredicateAst {
  const literal: PredicateValue =
    key.kind === 'number'
      ? predicateNumeric(value)
      : key.kind === 'datetime'
        ? predicateDatetime(key.dataType === 'DATE' ? value.slice(0, 10) : value.replace('T', ' '))
        : predicateString(value);
  return { kind: 'comparison', op, left: predicateColumn(key.column), right: literal };
}

/**
 * The partition `--partition-names` names as the high-water mark, among those with a high value (`ranged`), or an
 * `OPTION_INVALID` error naming `--partition-names`: the partition has no high value (MAXVALUE or DEFAULT) or the
 * table has no such partition.
 *
 * @example
 * namedBoundPartition(ranged, 'P_2024_01', table).upper
 */
export function namedBoundPartition<R extends { readonly p: { readonly name: string } }>(
  ranged: readonly R[],
  name: string,
  table: SourceTable,
): R {
  const wanted = name.toUpperCase();
  const named = ranged.find((r) => r.p.name.toUpperCase() === wanted);
  if (named !== undefined) return named;
  const any = table.partitioning.partitions.some((p) => p.name.toUpperCase() === wanted);
  throw new GoeError(
    'OPTION_INVALID',
    any
      ? `Partition ${name} has no high value (MAXVALUE or DEFAULT): it cannot be the high-water mark`
      : PARTITION_APPEND_MESSAGES.unknownPartition(name, `${table.owner}.${table.name}`),
    { variable: '--partition-names' },
  );
}
