/**
 * Data sampling (GOE §2.1) for unconstrained `numeric` columns: the largest integral digit count and scale
 * found in a sample give the column a precision, with `safeMapping: false` (so 17–18 digit integers round up
 * to INTEGER_38, as GOE does). Driven by GOE's options (core's `SamplingOptions`):
 * - `--data-sample-percent`: AUTO (−1) → {@link autoSamplePercent}; 0 → no sampling (the column stays an
 *   unsized DECIMAL, which the planner then refuses naming `--decimal-columns`); N → `TABLESAMPLE SYSTEM (N)`.
 *   SYSTEM (block sampling, like GOE's Oracle `SAMPLE BLOCK`) is chosen over BERNOULLI: it reads only the sampled
 *   pages, which is the point of sampling a large table; 100 % reads the whole table without a sample clause.
 * - `--data-sample-parallelism`: the query runs in a read-only transaction with
 *   `SET LOCAL max_parallel_workers_per_gather = N` (0 for 0 and 1: serial); unset → the server's setting.
 * - `--decimal-padding-digits`: a sampled DECIMAL(p,s) becomes DECIMAL(p+2d, s+d) — d more integral digits and d
 *   more scale — capped at 38 digits (integral digits first); integral results (INTEGER_n) are not padded.
 */
import { padSampledDecimal, skipSamplingOptions, type EventSink, type SamplingOptions } from '@goe/core';
import type { PgConnection } from './connection.js';
import { sampleNumericSql } from './sql.js';
import { sampledNumericMapping, type CanonicalMapping } from './type-map.js';

// GOE's sampling policy is core's (shared by every frontend); re-exported where this package's callers found it.
export { autoSamplePercent, padSampledDecimal, skipSamplingOptions } from '@goe/core';

/** The outcome of sampling one column. */
export interface SampleOutcome {
  /** The new mapping, or `undefined` when the sample held no finite value. */
  readonly mapping?: CanonicalMapping;
  /** NaN/±Infinity values seen. */
  readonly specials: number;
}

/**
 * The statements run before the sampling query for `--data-sample-parallelism` (inside its transaction), or none.
 *
 * @example
 * samplingSetupSql(4) // ['SET LOCAL max_parallel_workers_per_gather = 4']
 * samplingSetupSql(1) // ['SET LOCAL max_parallel_workers_per_gather = 0']
 */
export function samplingSetupSql(parallelism: number | undefined): readonly string[] {
  if (parallelism === undefined) return [];
  return [`SET LOCAL max_parallel_workers_per_gather = ${parallelism <= 1 ? 0 : Math.trunc(parallelism)}`];
}

/**
 * Samples unconstrained numeric columns and maps each to its sized canonical type (padded by
 * `options.paddingDigits`, default 0 here: core passes GOE's default 2). Emits a notice per sized column with the
 * GOE option that skips sampling next time (`--integer-2-columns X`, `--decimal-columns X --decimal-columns-type
 * p,s`), and a warning for special values or columns the sample could not size.
 *
 * @example
 * const outcomes = await sampleNumericColumns(conn, '"sh"."t"', ['x'], 100, events, { parallelism: 2, paddingDigits: 2 });
 */
export async function sampleNumericColumns(
  conn: PgConnection,
  from: string,
  columns: readonly string[],
  percent: number,
  events: EventSink | undefined,
  options: Partial<SamplingOptions> = {},
): Promise<Map<string, SampleOutcome>> {
  const out = new Map<string, SampleOutcome>();
  if (columns.length === 0) return out;
  const sql = sampleNumericSql(
    from,
    columns.map((name) => ({ name })),
    percent,
  );
  const setup = samplingSetupSql(options.parallelism);
  let rows: Record<string, number | string | null>[];
  if (setup.length === 0) rows = await conn.query<Record<string, number | string | null>>(sql);
  else {
    try {
      await conn.query('BEGIN READ ONLY');
      for (const statement of setup) await conn.query(statement);
      rows = await conn.query<Record<string, number | string | null>>(sql);
      await conn.query('COMMIT');
    } catch (error) {
      await conn.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }
  const row = rows[0] ?? {};
  columns.forEach((name, i) => {
    const intDigits = row[`i${i}`];
    const scale = row[`s${i}`];
    const specials = Number(row[`x${i}`] ?? 0);
    if (specials > 0) {
      events?.emit({
        type: 'warning',
        code: 'NUMERIC_SPECIAL_VALUES',
        message: `Column ${name} holds numeric NaN or Infinity values: extraction fails unless POSTGRES_ALLOW_NUMERIC_SPECIAL_VALUES=true (then they become NULL)`,
      });
    }
    if (intDigits === null || intDigits === undefined || scale === null || scale === undefined) {
      events?.emit({
        type: 'warning',
        code: 'SAMPLE_EMPTY',
        message: `Column ${name}: numeric without precision and no value in the sample; give --decimal-columns ${name} --decimal-columns-type p,s`,
      });
      out.set(name, { specials });
      return;
    }
    const mapping = padSampledDecimal(
      sampledNumericMapping(name, Number(intDigits), Number(scale)),
      options.paddingDigits ?? 0,
    );
    events?.emit({
      type: 'notice',
      message:
        `Sampled numeric column ${name}: ${Number(intDigits)} integral digits, scale ${Number(scale)} → ${mapping.dataType}` +
        `${mapping.dataType === 'DECIMAL' ? `(${mapping.precision},${mapping.scale})` : ''}; to skip sampling next time: ` +
        skipSamplingOptions(name, mapping),
    });
    out.set(name, { mapping, specials });
  });
  return out;
}
