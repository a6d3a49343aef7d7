/**
 * "Verify exported data" (orchestration reference §8.1): `minus` compares row counts of the offloaded scope in the
 * source and the backend table; `aggregate` compares aggregates of sampled columns. Runs before metadata is saved.
 */
import { GoeError } from '../errors.js';
import {
  aggregateKey,
  type AggregateResult,
  type AggregateSpec,
  type FrontendSession,
  type OffloadScope,
  type SnapshotToken,
  type VerificationReadOptions,
} from '../contracts/frontend.js';
import type { BackendSession } from '../contracts/backend.js';
import type { SourceTable } from '../model/table.js';
import type { OffloadPlan } from '../plan/offload-plan.js';
import { CANONICAL_TYPES, type CanonicalType } from '../types/canonical.js';

/**
 * GOE's verification texts.
 *
 * @example
 * VERIFY_MESSAGES.matches('Quack') // 'Source and Quack table data matches: offload successful'
 */
export const VERIFY_MESSAGES = Object.freeze({
  matches: (backend: string) => `Source and ${backend} table data matches: offload successful`,
  mismatch: (diff: bigint, origin: bigint, backend: bigint) =>
    `Source and Hybrid mismatch: ${diff} differences, ${origin} origin_rows, ${backend} backend_rows`,
  aggregateMismatch: 'Source and target mismatch',
  skippedNoData: 'Skipped data verification, no data was transferred',
  transformedSkipped: (columns: readonly string[]) =>
    `Aggregate verification skipped transformed column(s) (--transform-column): ${columns.join(', ')}`,
});

/** Inputs of {@link verifyOffload}. */
export interface VerifyInput {
  readonly mode: 'minus' | 'aggregate';
  readonly plan: OffloadPlan;
  readonly table: SourceTable;
  readonly frontend: FrontendSession;
  readonly backend: BackendSession;
  /**
   * The backend's product name in messages, `adapterDisplayName(backendAdapter)` ("Source and Quack table data
   * matches"). Default: `plan.target.backend` (the adapter name).
   */
  readonly backendName?: string;
  readonly snapshot?: SnapshotToken;
  /** How the frontend runs its reads (`--verify-parallelism`); default none given. */
  readonly readOptions?: VerificationReadOptions;
  /** Source rows to compare; default the plan's scope. */
  readonly sourceScope?: OffloadScope;
  /** Backend rows to compare (a predicate scope: backends cannot read source partitions); default the whole table. */
  readonly backendScope?: OffloadScope;
}

/** Result of a successful verification. */
export interface VerifyResult {
  readonly message: string;
  readonly sourceRows?: bigint;
  readonly backendRows?: bigint;
  /** Sentences for the log (`aggregate`: the transformed columns left out of the comparison). Default none. */
  readonly notices?: readonly string[];
}

/**
 * Verifies the offload.
 *
 * @throws GoeError `VALIDATION_MISMATCH` with GOE's mismatch text
 * @example
 * const { message } = await verifyOffload({ mode: 'minus', plan, table, frontend, backend, backendName: adapterDisplayName(quackBackend) });
 * // 'Source and Quack table data matches: offload successful'
 */
export async function verifyOffload(input: VerifyInput): Promise<VerifyResult> {
  const { plan, table, frontend, backend } = input;
  const display = input.backendName ?? plan.target.backend;
  const sourceScope = input.sourceScope ?? plan.scope;
  const backendScope = input.backendScope;
  if (input.mode === 'minus') {
    const origin = await frontend.count(table, sourceScope, input.snapshot, input.readOptions);
    const target = await backend.count(plan.target.database, plan.target.table, backendScope);
    if (origin !== target) {
      const diff = origin > target ? origin - target : target - origin;
      throw new GoeError('VALIDATION_MISMATCH', VERIFY_MESSAGES.mismatch(diff, origin, target), {
        hint: 'The loaded rows were kept and no metadata was saved; rerun with --reset-backend-table after finding the cause',
      });
    }
    return { message: VERIFY_MESSAGES.matches(display), sourceRows: origin, backendRows: target };
  }
  const specs = aggregateSpecs(plan);
  const origin = await frontend.aggregate(table, sourceScope, specs, input.snapshot, input.readOptions);
  const target = await backend.aggregate(plan.target.database, plan.target.table, specs, backendScope);
  const diffs = compareAggregates(origin, target, aggregateKinds(plan, specs));
  if (diffs.length > 0) {
    throw new GoeError('VALIDATION_MISMATCH', `${VERIFY_MESSAGES.aggregateMismatch}: ${diffs.join('; ')}`, {
      hint: 'The loaded rows were kept and no metadata was saved; rerun with --reset-backend-table after finding the cause',
    });
  }
  const transformed = (plan.columnTransforms ?? []).map((t) => t.column);
  return {
    message: VERIFY_MESSAGES.matches(display),
    ...(transformed.length === 0 ? {} : { notices: [VERIFY_MESSAGES.transformedSkipped(transformed)] }),
  };
}

const NOT_AGGREGATED: readonly CanonicalType[] = [
  'LARGE_STRING',
  'LARGE_BINARY',
  'BINARY',
  'BOOLEAN',
  'INTERVAL_DS',
  'INTERVAL_YM',
  'INTERVAL_MDN',
];

/**
 * The aggregates compared by `--verify aggregate`: `count` of the first column, and `min`, `max` and
 * `count_distinct` of up to five columns (GOE's default sample: the first, the last and those between), skipping
 * LOB, binary, boolean and interval columns and columns the backend transformed (`plan.columnTransforms`: their
 * backend values differ from the source's by design, a suppressed one is absent), which are never the counted one.
 *
 * @example
 * aggregateSpecs(plan).map((s) => `${s.fn}(${s.column})`) // ['count(ID)', 'min(ID)', 'max(ID)', ...]
 */
export function aggregateSpecs(plan: OffloadPlan): AggregateSpec[] {
  const transformed = new Set((plan.columnTransforms ?? []).map((t) => t.column.toUpperCase()));
  const kept = plan.columns.filter((c) => !transformed.has(c.name.toUpperCase()));
  const cols = kept.filter((c) => !NOT_AGGREGATED.includes(c.dataType));
  const first = kept[0];
  const picked = cols.length <= 5 ? cols : [cols[0]!, ...cols.slice(1, 4), cols[cols.length - 1]!];
  const specs: AggregateSpec[] = first === undefined ? [] : [{ column: first.name, fn: 'count' }];
  for (const c of picked)
    for (const fn of ['min', 'max', 'count_distinct'] as const) specs.push({ column: c.name, fn });
  return specs;
}

/** How {@link compareAggregates} reads the values of one result key. */
export type AggregateValueKind = 'number' | 'date' | 'datetime' | 'text';

/**
 * Differences between two aggregate results, compared key by key after normalizing engine spellings: numbers to
 * their shortest exact decimal (`1.50` = `1.5` = `1.5E0`, `-0` = `0`), dates to `YYYY-MM-DD`, timestamps to
 * `YYYY-MM-DDTHH:MM:SS[.fraction without trailing zeros]` (space or `T`; zone `Z`/`+00`/`+00:00` alike). `kinds`
 * says how to read each key (default: numbers only when both sides look numeric). Keys missing on one side differ.
 *
 * @example
 * compareAggregates({ 'max(X)': '1.50' }, { 'max(X)': '1.5' }) // []
 * compareAggregates({ 'max(T)': '1969-12-31 23:59:59' }, { 'max(T)': '1969-12-31T23:59:59.000000' }, { 'max(T)': 'datetime' }) // []
 */
export function compareAggregates(
  a: AggregateResult,
  b: AggregateResult,
  kinds: Readonly<Record<string, AggregateValueKind>> = {},
): string[] {
  const out: string[] = [];
  for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    const kind = kinds[key] ?? 'number';
    const x = normalizeAggregate(a[key], kind);
    const y = normalizeAggregate(b[key], kind);
    if (x !== y) out.push(`${key}: source ${String(a[key] ?? 'NULL')}, backend ${String(b[key] ?? 'NULL')}`);
  }
  return out;
}

/**
 * The {@link AggregateValueKind} of each result key of `specs` over `plan`'s columns.
 *
 * @example
 * aggregateKinds(plan, [{ column: 'SOLD_AT', fn: 'max' }]) // { 'max(SOLD_AT)': 'datetime' }
 */
export function aggregateKinds(plan: OffloadPlan, specs: readonly AggregateSpec[]): Record<string, AggregateValueKind> {
  const out: Record<string, AggregateValueKind> = {};
  for (const s of specs) {
    const t = plan.columns.find((c) => c.name === s.column)?.dataType;
    const kind: AggregateValueKind =
      s.fn === 'count' || s.fn === 'count_distinct' || s.fn === 'sum'
        ? 'number'
        : t === 'DATE'
          ? 'date'
          : t === 'TIMESTAMP' || t === 'TIMESTAMP_TZ' || t === 'TIME'
            ? 'datetime'
            : t !== undefined && CANONICAL_TYPES[t].number
              ? 'number'
              : 'text';
    out[aggregateKey(s)] = kind;
  }
  return out;
}

function normalizeAggregate(v: string | null | undefined, kind: AggregateValueKind): string | null | undefined {
  if (v === null || v === undefined) return v;
  const t = v.trim();
  if (kind === 'number') return normalizeNumber(t) ?? t;
  if (kind === 'date' || kind === 'datetime') {
    const m =
      /^([+-]?\d{4,})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i.exec(
        t,
      );
    if (!m) return t;
    const date = `${m[1]}-${m[2]}-${m[3]}`;
    if (kind === 'date') return date;
    const frac = (m[7] ?? '').replace(/0+$/, '');
    const zone =
      m[8] === undefined
        ? ''
        : /^(z|[+-]00(:?00)?)$/i.test(m[8])
          ? '+00:00'
          : m[8].length === 3
            ? `${m[8]}:00`
            : m[8].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
    return `${date}T${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}${frac === '' ? '' : `.${frac}`}${zone}`;
  }
  return t;
}

/** Shortest exact decimal text of a number literal (with optional exponent), or undefined when not a number. */
function normalizeNumber(t: string): string | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(t);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  let digits = `${m[2]}${m[3] ?? ''}`;
  let point = m[2]!.length + Number(m[4] ?? 0);
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits += '0'.repeat(point - digits.length);
  const int = digits.slice(0, point).replace(/^0+(?=\d)/, '') || '0';
  const frac = digits.slice(point).replace(/0+$/, '');
  const body = frac === '' ? int : `${int}.${frac}`;
  return /^0(\.0*)?$/.test(body) ? '0' : `${m[1] === '-' ? '-' : ''}${body}`;
}
