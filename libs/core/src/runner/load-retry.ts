/**
 * Backends whose final load is not atomic (`BackendCapabilities.load`): the deterministic load id, the backend form
 * of a chunk's scope (what `deleteScope` deletes), whether a chunk covers whole backend partitions, and the session
 * check. Pure, except {@link deleteChunkScope}.
 */
import { createHash } from 'node:crypto';
import { GoeError } from '../errors.js';
import type { BackendCapabilities, BackendSession, LoadChunk } from '../contracts/backend.js';
import type { OffloadScope } from '../contracts/frontend.js';
import type { PartitionBound, SourceTable } from '../model/table.js';
import type { OffloadPlan } from '../plan/offload-plan.js';
import { describeOffloadScope } from '../plan/format-plan.js';
import {
  compareKeyText,
  keyComparison,
  partitionAppendKey,
  type PartitionAppendKey,
} from '../plan/partition-append.js';
import { andPredicates, type PredicateAst } from '../predicate/ast.js';
import { parsePredicate } from '../predicate/parser.js';

/**
 * The deterministic id of a chunk's load: `goe-` and 32 hex digits of a SHA-256 over the target table, the chunk's
 * scope and the base names of its staged files (sorted), so a rerun that stages the same files gets the same id.
 *
 * @example
 * loadIdOf(plan, chunk) // 'goe-6b1f…' (36 characters)
 */
export function loadIdOf(plan: OffloadPlan, chunk: LoadChunk): string {
  const names = chunk.files.files.map((f) => f.uri.slice(f.uri.lastIndexOf('/') + 1)).sort();
  const text = JSON.stringify([
    plan.target.database.toLowerCase(),
    plan.target.table.toLowerCase(),
    describeOffloadScope(chunk.scope),
    names,
  ]);
  return `goe-${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
}

/**
 * Checks that a backend's `load` capability is coherent and that its session can honour it: `atomic: false` with
 * `retry: 'atomic'` is a contradiction, and `retry: 'delete-scope'` needs `session.deleteScope`.
 *
 * @throws GoeError `INTERNAL` naming the adapter (an adapter bug, not a user error)
 * @example
 * checkLoadRetry('quack', { atomic: false, retry: 'delete-scope' }, session) // throws unless session.deleteScope
 */
export function checkLoadRetry(
  adapter: string,
  load: BackendCapabilities['load'],
  session: Pick<BackendSession, 'deleteScope'>,
): void {
  if (!load.atomic && load.retry === 'atomic')
    throw new GoeError(
      'INTERNAL',
      `Backend ${adapter} declares a final load that is not atomic with retry 'atomic': a retried chunk could not be made exact`,
      { hint: "The adapter must declare load.retry 'delete-scope', 'replace-partitions' or 'load-id'" },
    );
  if (load.retry === 'delete-scope' && typeof session.deleteScope !== 'function')
    throw new GoeError(
      'INTERNAL',
      `Backend ${adapter} declares load.retry 'delete-scope' but its session has no deleteScope method`,
      { hint: 'The adapter must implement BackendSession.deleteScope' },
    );
}

/** The key range of consecutive source partitions: the key, the lower bound (absent: open) and the upper bound. */
interface PartitionsRange {
  readonly key: PartitionAppendKey;
  readonly lower?: string;
  readonly upper: string;
}

/**
 * The key range of source partitions (consecutive RANGE partitions of `source`): from the lower bound of the first
 * (its own, else the previous partition's upper bound, else open) to the upper bound of the last.
 *
 * @throws GoeError `OPTION_INVALID` when the table has no single-column RANGE key or a partition is unknown
 */
function partitionsRange(source: SourceTable, partitions: readonly string[]): PartitionsRange {
  const found = partitionAppendKey(source);
  if (!('key' in found))
    throw new GoeError('OPTION_INVALID', `Cannot find the backend rows of source partitions: ${found.reason}`, {
      hint: 'Reload the table with --reset-backend-table',
    });
  const key = found.key;
  const boundOf = (b: PartitionBound | undefined) =>
    b?.kind === 'value' && b.value !== null ? String(b.value) : undefined;
  const ranged = source.partitioning.partitions
    .filter((p) => boundOf(p.upperBound?.[0]) !== undefined)
    .map((p) => ({ name: p.name.toUpperCase(), upper: boundOf(p.upperBound?.[0])!, lower: boundOf(p.lowerBound?.[0]) }))
    .sort((a, b) => compareKeyText(key.kind, a.upper, b.upper));
  const wanted = new Set(partitions.map((p) => p.toUpperCase()));
  const indexes = ranged.flatMap((p, i) => (wanted.has(p.name) ? [i] : []));
  if (indexes.length === 0 || indexes.length !== wanted.size)
    throw new GoeError(
      'OPTION_INVALID',
      `Cannot find the backend rows of partitions ${partitions.join(', ')}: not all are RANGE partitions of ${source.owner}.${source.name} with a high value`,
      { hint: 'Reload the table with --reset-backend-table' },
    );
  const first = indexes[0]!;
  const lower = ranged[first]!.lower ?? ranged[first - 1]?.upper;
  return { key, ...(lower === undefined ? {} : { lower }), upper: ranged[indexes.at(-1)!]!.upper };
}

/**
 * The key range of source partitions as a predicate on the partition key, for a backend that holds them as rows:
 * `key >= <lower bound of the first> AND key < <upper bound of the last>` (no lower side when the first has none).
 *
 * @throws GoeError `OPTION_INVALID` when the table has no single-column RANGE key or a partition is unknown
 * @example
 * partitionsPredicate(source, ['P_2024_02']) // column(DAY) >= datetime(2024-02-01) AND column(DAY) < datetime(2024-03-01)
 */
export function partitionsPredicate(source: SourceTable, partitions: readonly string[]): PredicateAst {
  const { key, lower, upper } = partitionsRange(source, partitions);
  const below = keyComparison(key, '<', upper);
  return lower === undefined ? below : andPredicates(keyComparison(key, '>=', lower), below);
}

/**
 * A scope in backend form: `full` and `predicate` unchanged, source partitions as their key range
 * ({@link partitionsPredicate}).
 *
 * @example
 * backendScope(source, { kind: 'partitions', partitions: ['P1'] }) // { kind: 'predicate', predicate: … }
 */
export function backendScope(source: SourceTable, scope: OffloadScope): OffloadScope {
  if (scope.kind !== 'partitions') return scope;
  return { kind: 'predicate', predicate: partitionsPredicate(source, scope.partitions) };
}

/**
 * Reads back a chunk scope as the repository records it (`describeOffloadScope`): `full table`,
 * `partitions A, B`, `predicate <DSL>`.
 *
 * @throws GoeError `INTERNAL` for any other text
 * @example
 * parseRecordedScope('partitions P1, P2') // { kind: 'partitions', partitions: ['P1', 'P2'] }
 */
export function parseRecordedScope(text: string): OffloadScope {
  if (text === 'full table') return { kind: 'full' };
  if (text.startsWith('partitions ')) return { kind: 'partitions', partitions: text.slice(11).split(', ') };
  if (text.startsWith('predicate ')) return { kind: 'predicate', predicate: parsePredicate(text.slice(10)) };
  throw new GoeError('INTERNAL', `Cannot read the recorded chunk scope ${JSON.stringify(text)}`);
}

/** The first day of a granularity period: `Y` → `MM-DD` is `01-01`, `M` → `DD` is `01`, `D` → any date. */
function alignedDate(value: string, granularity: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$/.exec(value.trim());
  if (m === null) return false;
  if (granularity === 'Y') return m[2] === '01' && m[3] === '01';
  if (granularity === 'M') return m[3] === '01';
  return granularity === 'D';
}

/**
 * Whether a chunk covers whole backend partitions (`retry: 'replace-partitions'` may then reload it by replacing
 * them): the full table does; source partitions do when the table's single backend partition column is their
 * (native, not function) key and the chunk's key range starts and ends on granularity boundaries (dates `Y`/`M`/`D`,
 * integers on a multiple of the bucket width from `--partition-lower-value`); a predicate never does.
 *
 * @example
 * coversWholeBackendPartitions(plan, source, { kind: 'full' }) // true
 */
export function coversWholeBackendPartitions(plan: OffloadPlan, source: SourceTable, scope: OffloadScope): boolean {
  if (scope.kind === 'full') return true;
  if (scope.kind === 'predicate') return false;
  const columns = plan.partitioning?.columns ?? [];
  const found = partitionAppendKey(source);
  if (columns.length !== 1 || !('key' in found)) return false;
  const column = columns[0]!;
  if (column.function !== undefined || column.sourceColumn.toUpperCase() !== found.key.column.toUpperCase())
    return false;
  const range = partitionsRange(source, scope.partitions);
  const values = [...(range.lower === undefined ? [] : [range.lower]), range.upper];
  if (found.key.kind === 'datetime') return values.every((v) => alignedDate(v, column.granularity));
  if (found.key.kind === 'number' && /^\d+$/.test(column.granularity)) {
    const width = BigInt(column.granularity);
    const origin = BigInt(column.lowerValue ?? '0');
    return width > 0n && values.every((v) => /^-?\d+$/.test(v) && (BigInt(v) - origin) % width === 0n);
  }
  return false;
}

/**
 * Deletes the rows of a scope (turned into backend form, {@link backendScope}) from the target table through
 * `session.deleteScope`; returns the rows deleted (`undefined`: the backend cannot tell).
 *
 * @throws GoeError `OPTION_INVALID` when the session cannot delete by scope
 * @example
 * await deleteChunkScope({ session, adapter: 'quack', target: { database: 'sh', table: 'sales' }, source, scope });
 */
export async function deleteChunkScope(input: {
  readonly session: BackendSession;
  readonly adapter: string;
  readonly target: { readonly database: string; readonly table: string };
  readonly source: SourceTable;
  readonly scope: OffloadScope;
}): Promise<bigint | undefined> {
  const { session, target, scope } = input;
  if (typeof session.deleteScope !== 'function')
    throw new GoeError(
      'OPTION_INVALID',
      `Backend ${input.adapter} cannot delete the rows of ${describeOffloadScope(scope)} from ${target.database}.${target.table} (its session has no deleteScope), so a partly loaded chunk cannot be made exact`,
      { hint: 'Reload the table with --reset-backend-table' },
    );
  return session.deleteScope(target.database, target.table, backendScope(input.source, scope));
}
