/**
 * Data sampling for Oracle (reference §2.1): plain `NUMBER` and `FLOAT` columns have no precision a backend can
 * use, so one `SAMPLE BLOCK` query (`ORACLE_SQL.sample`) finds, per column, the largest integral digit count and
 * scale of `TO_CHAR(ABS(x), 'TM')`, and each column becomes the number those give (core's `sampledNumber`, padded by
 * `--decimal-padding-digits`), still `safeMapping: false`. Driven by GOE's options: `--data-sample-percent` (AUTO by
 * the table's size, 0 = no sampling: the column stays unsized and the planner names `--decimal-columns`),
 * `--data-sample-parallelism` (the query's parallel hint; default NO_PARALLEL). A sample holding a value that
 * `TO_CHAR` writes in exponent notation (GOE's "suspect") keeps the column unsized, with a warning.
 */
import {
  autoSamplePercent,
  canonicalColumn,
  isNumberType,
  padSampledDecimal,
  sampledNumber,
  skipSamplingOptions,
  type EventSink,
  type SamplingOptions,
  type SourceColumn,
  type SourceTable,
} from '@goe/core';
import type { DictionaryReader } from './introspect.js';
import { ORACLE_SQL } from './sql.js';

/** Columns data sampling sizes: unsafe numbers (plain NUMBER and FLOAT; every other Oracle number is safe). */
export function columnsToSample(table: SourceTable): readonly SourceColumn[] {
  return table.columns.filter((c) => !c.canonical.safeMapping && isNumberType(c.canonical.dataType));
}

/**
 * `table` with its plain NUMBER/FLOAT columns sized by a data sample (one statement), or `table` itself when none
 * needs it or sampling is off (`percent` 0). Emits a notice per sized column with the options that skip sampling next
 * time, and a warning per column the sample could not size.
 *
 * @example
 * const sized = await sampleOracleColumns(app, table, { percent: -1, paddingDigits: 2 }, events);
 */
export async function sampleOracleColumns(
  reader: DictionaryReader,
  table: SourceTable,
  options: SamplingOptions | undefined,
  events: EventSink | undefined,
): Promise<SourceTable> {
  const targets = columnsToSample(table);
  const percent = autoSamplePercent(options?.percent ?? -1, table.sizeBytes);
  if (targets.length === 0 || percent <= 0) return table;
  const sql = ORACLE_SQL.sample(
    { owner: table.owner, table: table.name },
    targets.map((c) => ({ name: c.name, kind: 'number' as const })),
    percent,
    options?.parallelism ?? 0,
  );
  const [row = []] = await reader.query(sql);
  const sized = new Map<string, SourceColumn>();
  targets.forEach((column, i) => {
    const [digits, scale, suspect] = [row[3 * i], row[3 * i + 1], row[3 * i + 2]];
    const warn = (message: string) => events?.emit({ type: 'warning', code: 'SAMPLE_UNSIZED', message });
    if (digits === null || digits === undefined || scale === null || scale === undefined) {
      warn(
        `Column ${column.name}: ${column.dataType} without precision and no value in the sample; give --decimal-columns ${column.name} --decimal-columns-type p,s`,
      );
      return;
    }
    if (Number(suspect) > 0) {
      warn(
        `Column ${column.name}: the sample holds values Oracle writes in exponent notation (beyond 38 digits either side of the point); give --decimal-columns ${column.name} --decimal-columns-type p,s or --double-columns ${column.name}`,
      );
      return;
    }
    const number = padSampledDecimal(sampledNumber(Number(digits), Number(scale)), options?.paddingDigits ?? 0);
    events?.emit({
      type: 'notice',
      message:
        `Sampled ${column.dataType} column ${column.name}: ${Number(digits)} integral digits, scale ${Number(scale)} → ${number.dataType}` +
        `${number.dataType === 'DECIMAL' ? `(${number.precision},${number.scale})` : ''}; to skip sampling next time: ` +
        skipSamplingOptions(column.name, number),
    });
    sized.set(column.name, {
      ...column,
      canonical: canonicalColumn({ ...column.canonical, ...number, safeMapping: false }),
    });
  });
  return sized.size === 0 ? table : { ...table, columns: table.columns.map((c) => sized.get(c.name) ?? c) };
}
