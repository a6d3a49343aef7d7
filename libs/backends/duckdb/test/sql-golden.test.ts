/**
 * Golden SQL: every builder of DUCKDB_SQL renders one representative statement, compared with
 * test/golden/<builder>.sql, which cites the rule it implements and parses with sqlglot's duckdb dialect
 * (tools/test-support/golden-sql.ts). Rewrite the statements after a deliberate change with `UPDATE_GOLDEN=1`.
 */
import { join } from 'node:path';
import { goldenSqlSuite } from '../../../../tools/test-support/golden-sql.js';
import { canonicalColumn, type LossyAllowances } from '@goe/core';
import { columnLoad, DUCKDB_SQL, duckdbTypeFor, canonicalComment, stagedDuckdbType } from '../src/index.js';

const golden = join(import.meta.dirname, 'golden');
const allow: LossyAllowances = {
  decimalScaleRounding: false,
  floatingPointConversions: false,
  nanosecondTimestamps: false,
};

const columns = [
  canonicalColumn({ name: 'ID', dataType: 'INTEGER_8', nullable: false }),
  canonicalColumn({ name: 'AMOUNT', dataType: 'DECIMAL', precision: 12, scale: 2 }),
  canonicalColumn({ name: 'BIG', dataType: 'INTEGER_38', precision: 38 }),
  canonicalColumn({ name: 'RATIO', dataType: 'DOUBLE' }),
  canonicalColumn({ name: 'Code "x"', dataType: 'FIXED_STRING', charLength: 3 }),
  canonicalColumn({ name: 'PAYLOAD', dataType: 'LARGE_BINARY' }),
  canonicalColumn({ name: 'SALE_DATE', dataType: 'DATE', nullable: false }),
  canonicalColumn({ name: 'T', dataType: 'TIME', scale: 6 }),
  canonicalColumn({ name: 'CREATED', dataType: 'TIMESTAMP', scale: 9 }),
  canonicalColumn({ name: 'UPDATED', dataType: 'TIMESTAMP_TZ', scale: 6 }),
  canonicalColumn({ name: 'YM', dataType: 'INTERVAL_YM' }),
  canonicalColumn({ name: 'DS', dataType: 'INTERVAL_DS', scale: 6 }),
  canonicalColumn({ name: 'MDN', dataType: 'INTERVAL_MDN' }),
  canonicalColumn({ name: 'FLAG', dataType: 'BOOLEAN' }),
];
const defs = columns.map((c) => {
  const comment = canonicalComment(c);
  return { name: c.name, type: duckdbTypeFor(c, allow), nullable: c.nullable, ...(comment ? { comment } : {}) };
});
const loads = columns.map((c) => columnLoad(c, stagedDuckdbType(c), duckdbTypeFor(c, allow), allow));
const paths = [
  '/srv/goe/staging/sh/sales/run-1/s0-00001.parquet',
  "/srv/goe/staging/sh/sales/run-1/it's-00001.parquet",
];
const byName = (n: string) => columns.find((c) => c.name === n)!;
/** The catalog is named like the schema on purpose: every name must still resolve. */
const sh = { catalog: 'sh', schema: 'sh' };

/** One representative rendering per builder; the keys must be exactly DUCKDB_SQL's. */
const CASES: Record<keyof typeof DUCKDB_SQL, () => string | readonly string[]> = {
  sessionSetup: () => DUCKDB_SQL.sessionSetup(),
  createSchema: () => DUCKDB_SQL.createSchema(sh),
  schemaExists: () => DUCKDB_SQL.schemaExists(),
  tableExists: () => DUCKDB_SQL.tableExists(),
  describeColumns: () => DUCKDB_SQL.describeColumns(),
  createTable: () => DUCKDB_SQL.createTable(sh, 'sales', defs),
  dropTable: () => DUCKDB_SQL.dropTable(sh, 'sales'),
  createLoadView: () =>
    DUCKDB_SQL.createLoadView(
      sh,
      'sales_load_1',
      columns.map((c) => c.name),
      paths,
    ),
  createEmptyLoadView: () =>
    DUCKDB_SQL.createEmptyLoadView(
      sh,
      'sales_load_1',
      columns.slice(0, 3).map((c) => ({ name: c.name, type: stagedDuckdbType(c) })),
    ),
  describeView: () => DUCKDB_SQL.describeView(sh, 'sales_load_1'),
  dropView: () => DUCKDB_SQL.dropView(sh, 'sales_load_1'),
  stagedCounts: () => DUCKDB_SQL.stagedCounts(paths, ['ID', 'SALE_DATE']),
  castFailures: () => DUCKDB_SQL.castFailures(sh, 'sales_load_1', loads),
  castFailureSample: () => DUCKDB_SQL.castFailureSample(sh, 'sales_load_1', loads),
  insertFinal: () => DUCKDB_SQL.insertFinal(sh, 'sales', 'sales_load_1', loads),
  columnTransform: () => [
    `SELECT ${DUCKDB_SQL.columnTransform({ column: 'AMOUNT', fn: 'null', params: [] }, '"AMOUNT"', 'DECIMAL(12,2)')}`,
    `SELECT ${DUCKDB_SQL.columnTransform({ column: 'C', fn: 'regexp_replace', params: ["it's \\d+", "\\1'x"] }, '"C"', 'VARCHAR')}`,
    `SELECT ${DUCKDB_SQL.columnTransform({ column: 'C', fn: 'translate', params: ["äb'", 'x\\y'] }, 'CAST("C" AS VARCHAR)', 'VARCHAR')}`,
  ],
  count: () => DUCKDB_SQL.count(sh, 'sales', '("ID" < CAST($1 AS DECIMAL(2,0)) AND "SALE_DATE" >= CAST($2 AS DATE))'),
  aggregate: () =>
    DUCKDB_SQL.aggregate(sh, 'sales', [
      { spec: { column: 'ID', fn: 'count' }, column: byName('ID') },
      { spec: { column: 'ID', fn: 'count_distinct' }, column: byName('ID') },
      { spec: { column: 'AMOUNT', fn: 'sum' }, column: byName('AMOUNT') },
      { spec: { column: 'RATIO', fn: 'min' }, column: byName('RATIO') },
      { spec: { column: 'UPDATED', fn: 'max' }, column: byName('UPDATED') },
      { spec: { column: 'PAYLOAD', fn: 'max' }, column: byName('PAYLOAD') },
    ]),
  maxValue: () => DUCKDB_SQL.maxValue(sh, 'sales', byName('CREATED')),
  keyValues: () => [
    DUCKDB_SQL.keyValues(sh, 'sales', [byName('SALE_DATE'), byName('ID')], 'max'),
    DUCKDB_SQL.keyValues(sh, 'sales', [byName('SALE_DATE'), byName('Code "x"')], 'distinct'),
  ],
  selectCanonicalText: () => DUCKDB_SQL.selectCanonicalText(sh, 'sales', columns, 'ID'),
};

goldenSqlSuite({
  title: 'DuckDB SQL',
  dir: golden,
  dialect: 'duckdb',
  builders: Object.keys(DUCKDB_SQL),
  cases: CASES,
});
