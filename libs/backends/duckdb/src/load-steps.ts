/**
 * The per-chunk steps GOE records and lets a user skip one by one: stage load (a view over the staged Parquet
 * files), validate staged data (rows per file, NOT NULL), validate casts (values the final load would lose or
 * reject), final load (typed INSERT … SELECT in one transaction), drop staged.
 */
import { fileURLToPath } from 'node:url';
import {
  columnTransformOf,
  GoeError,
  type AdapterContext,
  type ColumnTransform,
  type CanonicalColumn,
  type LoadChunk,
  type LossyAllowances,
  type OffloadPlan,
  type ValidationResult,
} from '@goe/core';
import type { DuckdbConnection } from './connection.js';
import { DUCKDB_SQL, type ColumnLoad } from './sql.js';
import { quoteIdent, tableRef, type DuckdbSchema } from './sql-text.js';
import { duckdbTypeFor, stagedDuckdbType } from './type-map.js';

/** The staging view of a chunk: `<table>_load_<chunk>`, in the target database. @example loadViewName('sales', 3) // 'sales_load_3' */
export function loadViewName(table: string, chunk: number): string {
  return `${table}_load_${chunk}`;
}

/**
 * The local path of a staged file URI (DuckDB here reads local files only: no httpfs extension).
 *
 * @throws GoeError `OPTION_INVALID` for a non-`file:` URI.
 * @example
 * stagedPath('file:///tmp/s/a.parquet') // '/tmp/s/a.parquet'
 */
export function stagedPath(uri: string): string {
  if (uri.startsWith('file:')) return fileURLToPath(uri);
  if (!/^[a-z][a-z0-9+.-]*:/i.test(uri)) return uri;
  throw new GoeError(
    'OPTION_INVALID',
    `DuckDB cannot read staged file ${uri}: only local files (file://) are supported`,
    {
      hint: 'Use OFFLOAD_FS_SCHEME=file with QUERY_ENGINE=DUCKDB',
    },
  );
}

/**
 * Date/time types checked after the load reads them, each with a range every value of which DuckDB converts (the
 * years 1 to 9999, 1700 to 2200 for nanoseconds): only a value outside it is cast to text to find out (a cast of
 * every value cost ~0.2 s per million rows of three columns; the range test is a comparison of the stored integer).
 */
const TIMELIKE: ReadonlyMap<string, readonly [string, string]> = new Map([
  ['DATE', ["DATE '0001-01-01'", "DATE '9999-12-31'"]],
  ['TIMESTAMP', ["TIMESTAMP '0001-01-01'", "TIMESTAMP '9999-12-31 23:59:59.999999'"]],
  ['TIMESTAMP_NS', ["TIMESTAMP_NS '1700-01-01'", "TIMESTAMP_NS '2200-01-01'"]],
  ['TIMESTAMP WITH TIME ZONE', ["TIMESTAMPTZ '0001-01-02 00:00:00+00'", "TIMESTAMPTZ '9999-12-30 23:59:59.999999+00'"]],
]);
const INTERVAL_PARSER = {
  INTERVAL_YM: 'goe_interval_ym',
  INTERVAL_DS: 'goe_interval_ds',
  INTERVAL_MDN: 'goe_interval_mdn',
} as const;

/**
 * How a column goes from its staged type to its final type: intervals parsed from text (a value that does not
 * parse, overflows DuckDB's INTERVAL or — without the allowance — has sub-microsecond digits fails the check),
 * equal types copied (a date/timestamp DuckDB reads as ±infinity or cannot convert fails: outside its range, e.g.
 * the int64 nanosecond extremes), anything else `CAST` (a value `TRY_CAST` turns into NULL fails).
 *
 * @example
 * columnLoad(col, 'VARCHAR', 'INTERVAL', allow).expr // 'goe_interval_ds("I")'
 */
export function columnLoad(
  column: CanonicalColumn,
  stagedType: string,
  finalType: string,
  allow: LossyAllowances,
): ColumnLoad {
  const src = quoteIdent(column.name);
  const t = column.dataType;
  if ((t === 'INTERVAL_YM' || t === 'INTERVAL_DS' || t === 'INTERVAL_MDN') && stagedType === 'VARCHAR') {
    const expr = `${INTERVAL_PARSER[t]}(${src})`;
    const sub = t !== 'INTERVAL_YM' && !allow.nanosecondTimestamps ? ` OR goe_interval_subus(${src})` : '';
    return { name: column.name, expr, check: `${src} IS NOT NULL AND (try(${expr}) IS NULL${sub})` };
  }
  if (stagedType === finalType) {
    const range = TIMELIKE.get(finalType);
    return range !== undefined
      ? {
          name: column.name,
          expr: src,
          check:
            // CASE, not AND: DuckDB then formats only the rare values outside the range (an AND formatted every
            // value: 2.3 s → 0.6 s for three columns of 10 M rows, most of it TIMESTAMPTZ → VARCHAR)
            `${src} IS NOT NULL AND (isinf(${src}) OR CASE WHEN ${src} NOT BETWEEN ${range[0]} AND ${range[1]} ` +
            `THEN try(CAST(${src} AS VARCHAR)) IS NULL ELSE false END)`,
        }
      : { name: column.name, expr: src };
  }
  return {
    name: column.name,
    expr: `CAST(${src} AS ${finalType})`,
    check: `${src} IS NOT NULL AND TRY_CAST(${src} AS ${finalType}) IS NULL`,
  };
}

/**
 * A column load with its `--transform-column` transformation applied: none → unchanged; `suppress` → `undefined`
 * (the final load omits the column); `null` → a typed NULL with nothing to check; `regexp_replace`/`translate` →
 * the function over the load expression, keeping the load's cast check.
 *
 * @example
 * transformedLoad({ name: 'E', expr: '"E"' }, { column: 'E', fn: 'null', params: [] }, 'VARCHAR') // { name: 'E', expr: 'CAST(NULL AS VARCHAR)' }
 */
export function transformedLoad(
  load: ColumnLoad,
  transform: ColumnTransform | undefined,
  finalType: string,
): ColumnLoad | undefined {
  if (transform === undefined) return load;
  if (transform.fn === 'suppress') return undefined;
  const expr = DUCKDB_SQL.columnTransform(transform, load.expr, finalType);
  if (transform.fn === 'null') return { name: load.name, expr };
  return { ...load, expr };
}

/**
 * The per-chunk steps over one connection.
 *
 * @example
 * const steps = new DuckdbLoadSteps(conn, ctx.faultPoint); await steps.stageLoad(plan, chunk);
 */
export class DuckdbLoadSteps {
  /**
   * @param faultPoint the fault harness's hook: `finalLoad` reports `load:before-commit` inside its transaction.
   */
  constructor(
    private readonly conn: DuckdbConnection,
    private readonly faultPoint?: AdapterContext['faultPoint'],
  ) {}

  private schema(plan: OffloadPlan): DuckdbSchema {
    return { catalog: this.conn.catalog, schema: plan.target.database };
  }

  async stageLoad(plan: OffloadPlan, chunk: LoadChunk): Promise<void> {
    if (chunk.files.format !== 'PARQUET') {
      throw new GoeError('OPTION_INVALID', `DuckDB loads Parquet staging files only, not ${chunk.files.format}`, {
        hint: 'Set OFFLOAD_STAGING_FORMAT=PARQUET (DuckDB here has no Avro extension)',
      });
    }
    const database = this.schema(plan);
    const view = loadViewName(plan.target.table, chunk.number);
    const paths = chunk.files.files.map((f) => stagedPath(f.uri));
    if (paths.length === 0) {
      await this.conn.run(
        DUCKDB_SQL.createEmptyLoadView(
          database,
          view,
          plan.columns.map((c) => ({ name: c.name, type: stagedDuckdbType(c) })),
        ),
      );
      return;
    }
    await this.conn.run(
      DUCKDB_SQL.createLoadView(
        database,
        view,
        plan.columns.map((c) => c.name),
        paths,
      ),
    );
  }

  /** Staged column types by upper-cased name. */
  private async stagedTypes(plan: OffloadPlan, chunk: LoadChunk): Promise<Map<string, string>> {
    const rows = await this.conn.rows(
      DUCKDB_SQL.describeView(this.schema(plan), loadViewName(plan.target.table, chunk.number)),
    );
    return new Map(rows.map((r) => [String(r[0]).toUpperCase(), String(r[1])]));
  }

  async validateStaged(plan: OffloadPlan, chunk: LoadChunk): Promise<ValidationResult> {
    const types = await this.stagedTypes(plan, chunk);
    const missing = plan.columns.filter((c) => !types.has(c.name.toUpperCase())).map((c) => c.name);
    if (missing.length > 0) return { ok: false, message: `Staged files lack column(s): ${missing.join(', ')}` };
    const notNull = plan.columns.filter((c) => !c.nullable).map((c) => c.name);
    const expected = new Map(chunk.files.files.map((f) => [stagedPath(f.uri), f.rows]));
    const details: Record<string, string | number> = {};
    let loadRows = 0;
    const nulls = new Array<number>(notNull.length).fill(0);
    if (expected.size > 0) {
      for (const row of await this.conn.rows(DUCKDB_SQL.stagedCounts([...expected.keys()], notNull))) {
        const file = String(row[0]);
        const rows = Number(row[1]);
        loadRows += rows;
        notNull.forEach((_, i) => (nulls[i]! += Number(row[2 + i])));
        // a transport that runs elsewhere may not know a file's rows: the count read here is the truth then
        const staged = expected.get(file);
        if (staged !== undefined && staged !== rows) details[file] = `${rows} rows read, ${staged} staged`;
      }
    }
    details.stagedRows = chunk.files.rows ?? 'unknown';
    details.loadRows = loadRows;
    const nullColumns = notNull.filter((_, i) => nulls[i]! > 0);
    if (nullColumns.length > 0)
      return { ok: false, message: `NOT NULL column has NULL values: ${nullColumns.join(', ')}`, details };
    if ((chunk.files.rows !== undefined && loadRows !== chunk.files.rows) || Object.keys(details).length > 2) {
      return { ok: false, message: 'Offload row count does not match load table row count', details };
    }
    return { ok: true, message: `${loadRows} staged rows in ${expected.size} file(s)`, details };
  }

  /**
   * The column loads of a chunk (staged type → final type), with `plan.columnTransforms` applied
   * ({@link transformedLoad}): suppressed columns are left out.
   */
  async loads(plan: OffloadPlan, chunk: LoadChunk): Promise<ColumnLoad[]> {
    const types = await this.stagedTypes(plan, chunk);
    return plan.columns.flatMap((c) => {
      const staged = types.get(c.name.toUpperCase());
      if (staged === undefined)
        throw new GoeError('VALIDATION_MISMATCH', `Staged files lack column ${c.name}`, { column: c.name });
      const finalType = duckdbTypeFor(c, plan.allow);
      const load = transformedLoad(
        columnLoad(c, staged, finalType, plan.allow),
        columnTransformOf(plan, c.name),
        finalType,
      );
      return load === undefined ? [] : [load];
    });
  }

  async validateCasts(plan: OffloadPlan, chunk: LoadChunk): Promise<ValidationResult> {
    const loads = await this.loads(plan, chunk);
    const checked = loads.filter((l) => l.check !== undefined);
    if (checked.length === 0) return { ok: true, message: 'No type conversions to check' };
    const view = loadViewName(plan.target.table, chunk.number);
    const [row = []] = await this.conn.rows(DUCKDB_SQL.castFailures(this.schema(plan), view, loads));
    const details: Record<string, string | number> = {};
    checked.forEach((l, i) => {
      const n = Number(row[i] ?? 0);
      if (n > 0) details[l.name] = n;
    });
    const failing = Object.keys(details);
    if (failing.length === 0) {
      const notices = await this.roundedValues(plan, view, loads);
      return {
        ok: true,
        message: [`${checked.length} column conversion(s) checked`, ...notices].join('; '),
        ...(notices.length === 0 ? {} : { notices }),
      };
    }
    details.sql = DUCKDB_SQL.castFailureSample(
      this.schema(plan),
      view,
      loads.filter((l) => failing.includes(l.name)),
    );
    return {
      ok: false,
      message: `Data type conversion issue in load data: ${failing.map((c) => `${c} (${details[c]} value(s))`).join(', ')}`,
      details,
    };
  }

  /**
   * `--allow-decimal-scale-rounding`: how many staged values of each column staged at a wider decimal
   * (`stagedAs`) the load's CAST changes (DuckDB rounds half away from zero), as `N values of COL rounded to scale S`.
   */
  private async roundedValues(plan: OffloadPlan, view: string, loads: readonly ColumnLoad[]): Promise<string[]> {
    const rounded = plan.columns.filter(
      (c) => c.stagedAs !== undefined && columnTransformOf(plan, c.name) === undefined,
    );
    if (rounded.length === 0) return [];
    const exprs = rounded.map((c) => {
      const src = quoteIdent(c.name);
      return `count(*) FILTER (WHERE ${src} <> ${loads.find((l) => l.name === c.name)!.expr})`;
    });
    const [row = []] = await this.conn.rows(`SELECT ${exprs.join(', ')} FROM ${tableRef(this.schema(plan), view)}`);
    return rounded.map(
      (c, i) =>
        `${Number(row[i] ?? 0)} values of ${c.name} rounded to scale ${c.dataType === 'DECIMAL' ? (c.scale ?? 0) : 0}`,
    );
  }

  async finalLoad(plan: OffloadPlan, chunk: LoadChunk): Promise<bigint> {
    const loads = await this.loads(plan, chunk);
    const sql = DUCKDB_SQL.insertFinal(
      this.schema(plan),
      plan.target.table,
      loadViewName(plan.target.table, chunk.number),
      loads,
    );
    return this.conn.transaction(async () => {
      const rows = await this.conn.run(sql);
      if (chunk.files.rows !== undefined && rows !== chunk.files.rows) {
        throw new GoeError(
          'VALIDATION_MISMATCH',
          `Final load inserted ${rows} rows, ${chunk.files.rows} were staged (rolled back)`,
          { sql },
        );
      }
      this.faultPoint?.('load:before-commit');
      return BigInt(rows);
    });
  }

  async dropStaged(plan: OffloadPlan, chunk: LoadChunk): Promise<void> {
    await this.conn.run(DUCKDB_SQL.dropView(this.schema(plan), loadViewName(plan.target.table, chunk.number)));
  }
}
