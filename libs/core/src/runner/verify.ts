/**
 * "Verify exported data" (orchestration reference §8.1): `minus` compares row counts of the offloaded scope in the
 * source and the backend table; `aggregate` compares aggregates of sampled columns. Runs before metadata is saved.
 */
import { GoeError } from '../errors.js';
import type { AggregateResult, AggregateSpec, FrontendSession, SnapshotToken } from '../contracts/frontend.js';
import type { BackendSession } from '../contracts/backend.js';
import type { SourceTable } from '../model/table.js';
import type { OffloadPlan } from '../plan/offload-plan.js';
import type { CanonicalType } from '../types/canonical.js';

/** GOE's verification texts. */
export const VERIFY_MESSAGES = Object.freeze({
  matches: (backend: string) => `Source and ${backend} table data matches: offload successful`,
  mismatch: (diff: bigint, origin: bigint, backend: bigint) =>
    `Source and Hybrid mismatch: ${diff} differences, ${origin} origin_rows, ${backend} backend_rows`,
  aggregateMismatch: 'Source and target mismatch',
  skippedNoData: 'Skipped data verification, no data was transferred',
});

const DISPLAY: Readonly<Record<string, string>> = {
  bigquery: 'BigQuery',
  duckdb: 'DuckDB',
  snowflake: 'Snowflake',
  synapse: 'Synapse',
  hive: 'Hive',
  impala: 'Impala',
};

/** The product name of a backend adapter for messages. @example backendDisplayName('duckdb') // 'DuckDB' */
export function backendDisplayName(name: string): string {
  return DISPLAY[name.toLowerCase()] ?? name;
}

/** Inputs of {@link verifyOffload}. */
export interface VerifyInput {
  readonly mode: 'minus' | 'aggregate';
  readonly plan: OffloadPlan;
  readonly table: SourceTable;
  readonly frontend: FrontendSession;
  readonly backend: BackendSession;
  readonly snapshot?: SnapshotToken;
}

/** Result of a successful verification. */
export interface VerifyResult {
  readonly message: string;
  readonly sourceRows?: bigint;
  readonly backendRows?: bigint;
}

/**
 * Verifies the offload.
 *
 * @throws GoeError `VALIDATION_MISMATCH` with GOE's mismatch text
 * @example
 * const { message } = await verifyOffload({ mode: 'minus', plan, table, frontend, backend });
 * // 'Source and DuckDB table data matches: offload successful'
 */
export async function verifyOffload(input: VerifyInput): Promise<VerifyResult> {
  const { plan, table, frontend, backend } = input;
  const display = backendDisplayName(plan.target.backend);
  if (input.mode === 'minus') {
    const origin = await frontend.count(table, plan.scope, input.snapshot);
    const target = await backend.count(plan.target.database, plan.target.table);
    if (origin !== target) {
      const diff = origin > target ? origin - target : target - origin;
      throw new GoeError('VALIDATION_MISMATCH', VERIFY_MESSAGES.mismatch(diff, origin, target), {
        hint: 'The loaded rows were kept and no metadata was saved; rerun with --reset-backend-table after finding the cause',
      });
    }
    return { message: VERIFY_MESSAGES.matches(display), sourceRows: origin, backendRows: target };
  }
  const specs = aggregateSpecs(plan);
  const origin = await frontend.aggregate(table, plan.scope, specs, input.snapshot);
  const target = await backend.aggregate(plan.target.database, plan.target.table, specs);
  const diffs = compareAggregates(origin, target);
  if (diffs.length > 0) {
    throw new GoeError('VALIDATION_MISMATCH', `${VERIFY_MESSAGES.aggregateMismatch}: ${diffs.join('; ')}`, {
      hint: 'The loaded rows were kept and no metadata was saved; rerun with --reset-backend-table after finding the cause',
    });
  }
  return { message: VERIFY_MESSAGES.matches(display) };
}

const NOT_AGGREGATED: readonly CanonicalType[] = ['LARGE_STRING', 'LARGE_BINARY', 'BINARY', 'BOOLEAN', 'INTERVAL_DS', 'INTERVAL_YM', 'INTERVAL_MDN'];

/**
 * The aggregates compared by `--verify aggregate`: `count` of the first column, and `min`, `max` and
 * `count_distinct` of up to five columns (GOE's default sample: the first, the last and those between), skipping
 * LOB, binary, boolean and interval columns.
 *
 * @example
 * aggregateSpecs(plan).map((s) => `${s.fn}(${s.column})`) // ['count(ID)', 'min(ID)', 'max(ID)', ...]
 */
export function aggregateSpecs(plan: OffloadPlan): AggregateSpec[] {
  const cols = plan.columns.filter((c) => !NOT_AGGREGATED.includes(c.dataType));
  const first = plan.columns[0];
  const picked = cols.length <= 5 ? cols : [cols[0]!, ...cols.slice(1, 4), cols[cols.length - 1]!];
  const specs: AggregateSpec[] = first === undefined ? [] : [{ column: first.name, fn: 'count' }];
  for (const c of picked) for (const fn of ['min', 'max', 'count_distinct'] as const) specs.push({ column: c.name, fn });
  return specs;
}

/**
 * Differences between two aggregate results, compared key by key after normalizing numbers (`1.50` = `1.5`,
 * `-0` = `0`) and trimming text. Keys missing on one side count as different.
 *
 * @example
 * compareAggregates({ 'max(X)': '1.50' }, { 'max(X)': '1.5' }) // []
 */
export function compareAggregates(a: AggregateResult, b: AggregateResult): string[] {
  const out: string[] = [];
  for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    const x = normalize(a[key]);
    const y = normalize(b[key]);
    if (x !== y) out.push(`${key}: source ${String(a[key] ?? 'NULL')}, backend ${String(b[key] ?? 'NULL')}`);
  }
  return out;
}

function normalize(v: string | null | undefined): string | null | undefined {
  if (v === null || v === undefined) return v;
  const t = v.trim();
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(t);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return t;
  const int = m[2]!.replace(/^0+(?=\d)/, '') || '0';
  const frac = (m[3] ?? '').replace(/0+$/, '');
  const body = frac === '' ? int : `${int}.${frac}`;
  return body === '0' ? '0' : `${m[1] === '-' ? '-' : ''}${body}`;
}
