/**
 * Data sampling (GOE §2.1) for unconstrained `numeric` columns: the largest integral digit count and scale
 * found in a sample give the column a precision, with `safeMapping: false` (so 17–18 digit integers round up
 * to INTEGER_38, as GOE does).
 */
import type { EventSink } from '@goe/core';
import type { PgConnection } from './connection.js';
import { sampleNumericSql } from './sql.js';
import { sampledNumericMapping, type CanonicalMapping } from './type-map.js';

const GIB = 1024 ** 3;

/**
 * GOE's AUTO sample size: 100 % up to 1 GiB, else `log10(GiB)` GiB worth of the table (at least 1 GiB),
 * floored at 0.000001 %. Explicit percentages are returned as given.
 *
 * @example
 * autoSamplePercent(-1, 500 * 1024 ** 2) // 100
 * autoSamplePercent(-1, 100 * 1024 ** 3) // 2
 */
export function autoSamplePercent(percent: number, sizeBytes: number | undefined): number {
  if (percent >= 0) return percent;
  if (sizeBytes === undefined || sizeBytes <= GIB) return 100;
  const gib = sizeBytes / GIB;
  const pct = (100 * Math.max(1, Math.log10(gib))) / gib;
  return Math.min(100, Math.max(0.000001, pct));
}

/** The outcome of sampling one column. */
export interface SampleOutcome {
  /** The new mapping, or `undefined` when the sample held no finite value. */
  readonly mapping?: CanonicalMapping;
  /** NaN/±Infinity values seen. */
  readonly specials: number;
}

/**
 * Samples unconstrained numeric columns and maps each to its sized canonical type. Emits a notice per sized
 * column with the `--decimal-columns` options that skip sampling next time, and a warning for special values
 * or columns the sample could not size.
 *
 * @example
 * const outcomes = await sampleNumericColumns(conn, '"sh"."t"', ['x'], 100, events);
 */
export async function sampleNumericColumns(
  conn: PgConnection,
  from: string,
  columns: readonly string[],
  percent: number,
  events: EventSink | undefined,
): Promise<Map<string, SampleOutcome>> {
  const out = new Map<string, SampleOutcome>();
  if (columns.length === 0) return out;
  const rows = await conn.query<Record<string, number | string | null>>(
    sampleNumericSql(
      from,
      columns.map((name) => ({ name })),
      percent,
    ),
  );
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
    const mapping = sampledNumericMapping(name, Number(intDigits), Number(scale));
    events?.emit({
      type: 'notice',
      message:
        `Sampled numeric column ${name}: ${Number(intDigits)} integral digits, scale ${Number(scale)} → ${mapping.dataType}` +
        `${mapping.dataType === 'DECIMAL' ? `(${mapping.precision},${mapping.scale})` : ''}; to skip sampling next time: ` +
        `--decimal-columns ${name} --decimal-columns-type ${mapping.precision},${mapping.scale}`,
    });
    out.set(name, { mapping, specials });
  });
  return out;
}
