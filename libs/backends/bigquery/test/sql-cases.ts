/** One representative rendering per builder of BIGQUERY_SQL (shared by the golden test and the emulator test). */
import { canonicalColumn, type CanonicalColumn } from '@goe/core';
import {
  BIGQUERY_SQL,
  castCheckOf,
  bigqueryTypeFor,
  canonicalDescription,
  quoteIdent,
  type DatasetRef,
} from '../src/index.js';

const ENCODING = { decimal: 'text', timelike: 'epoch-int64', binary: 'base64' } as const;
const ALLOW = { decimalScaleRounding: false, floatingPointConversions: false, nanosecondTimestamps: false };

/** The dataset the renderings name; the emulator test renders the same builders for its own dataset. */
export function sqlCases(
  ds: DatasetRef,
  load: DatasetRef,
): Record<keyof typeof BIGQUERY_SQL, () => string | readonly string[]> {
  const columns: CanonicalColumn[] = [
    canonicalColumn({ name: 'ID', dataType: 'INTEGER_8', nullable: false }),
    canonicalColumn({ name: 'AMOUNT', dataType: 'DECIMAL', precision: 12, scale: 2 }),
    canonicalColumn({ name: 'BIG', dataType: 'DECIMAL', precision: 40, scale: 10 }),
    canonicalColumn({ name: 'Code x', dataType: 'FIXED_STRING', charLength: 3 }),
    canonicalColumn({ name: 'PAYLOAD', dataType: 'LARGE_BINARY' }),
    canonicalColumn({ name: 'SALE_DATE', dataType: 'DATE', nullable: false }),
    canonicalColumn({ name: 'T', dataType: 'TIME', scale: 6 }),
    canonicalColumn({ name: 'CREATED', dataType: 'TIMESTAMP', scale: 6 }),
    canonicalColumn({ name: 'UPDATED', dataType: 'TIMESTAMP_TZ', scale: 6 }),
    canonicalColumn({ name: 'DS', dataType: 'INTERVAL_DS', scale: 6 }),
    canonicalColumn({ name: 'RATIO', dataType: 'DOUBLE' }),
    canonicalColumn({ name: 'FLAG', dataType: 'BOOLEAN' }),
  ];
  const defs = columns.map((c) => {
    const description = canonicalDescription(c);
    return { name: c.name, type: bigqueryTypeFor(c), nullable: c.nullable, ...(description ? { description } : {}) };
  });
  return {
    createSchema: () => [
      BIGQUERY_SQL.createSchema(ds, { description: 'Offload dataset for GOE', location: 'US' }),
      BIGQUERY_SQL.createSchema(load, { description: "Offload load dataset for GOE's staging" }),
    ],
    createTable: () => [
      BIGQUERY_SQL.createTable(ds, 'sales', defs),
      BIGQUERY_SQL.createTable(ds, 'sales_by_month', defs.slice(0, 6), {
        partition: { kind: 'time', column: 'SALE_DATE', columnType: 'DATE', granularity: 'MONTH' },
        cluster: ['ID', 'AMOUNT'],
        description: 'Offloaded from SH.SALES by GOE',
      }),
      BIGQUERY_SQL.createTable(ds, 'sales_by_id', defs.slice(0, 2), {
        partition: { kind: 'range', column: 'ID', start: 0n, end: 1_000_000n, interval: 1000n },
      }),
      BIGQUERY_SQL.createTable(ds, 'sales_by_day', [...defs.slice(0, 1), defs[8]!], {
        partition: { kind: 'time', column: 'UPDATED', columnType: 'TIMESTAMP', granularity: 'DAY' },
      }),
    ],
    describeColumns: () => BIGQUERY_SQL.describeColumns(ds),
    dropTable: () => BIGQUERY_SQL.dropTable(ds, 'sales'),
    count: () => [BIGQUERY_SQL.count(ds, 'sales', ''), BIGQUERY_SQL.count(ds, 'sales', '`ID` < CAST(@p0 AS INT64)')],
    aggregate: () =>
      BIGQUERY_SQL.aggregate(
        ds,
        'sales',
        [
          { column: 'ID', fn: 'count' },
          { column: 'ID', fn: 'count_distinct' },
          { column: 'AMOUNT', fn: 'sum' },
          { column: 'CREATED', fn: 'min', type: 'DATETIME' },
          { column: 'UPDATED', fn: 'max', type: 'TIMESTAMP' },
        ],
        '`SALE_DATE` >= CAST(@p0 AS DATE)',
      ),
    maxValue: () => [BIGQUERY_SQL.maxValue(ds, 'sales', 'SALE_DATE', 'DATE'), BIGQUERY_SQL.maxValue(ds, 'sales', 'ID')],
    deleteScope: () => [
      BIGQUERY_SQL.deleteScope(ds, 'sales', '`ID` >= CAST(@p0 AS INT64)'),
      BIGQUERY_SQL.deleteScope(ds, 'sales', ''),
    ],
    stagedCheck: () =>
      BIGQUERY_SQL.stagedCheck(load, 'sales_1', [
        { name: 'ID', notNull: true },
        { name: 'AMOUNT', notNull: false },
        { name: 'SALE_DATE', notNull: true },
      ]),
    castCheck: () =>
      BIGQUERY_SQL.castCheck(load, 'sales_1', [
        castCheckOf(columns[1]!, ENCODING, ALLOW)!,
        castCheckOf(columns[2]!, ENCODING, ALLOW)!,
        { column: 'CREATED', fails: '`CREATED` < -62135596800000000 OR `CREATED` > 253402300799999999' },
        { column: 'T', fails: '`T` < 0 OR `T` > 86399999999' },
        { column: 'PAYLOAD', fails: 'SAFE.FROM_BASE64(`PAYLOAD`) IS NULL' },
        { column: 'Code x', fails: 'LENGTH(`Code x`) > 3' },
      ]),
    keyValues: () => [
      BIGQUERY_SQL.keyValues(
        ds,
        'sales',
        [
          { name: 'SALE_DATE', type: 'DATE' },
          { name: 'ID', type: 'INT64' },
        ],
        'max',
      ),
      BIGQUERY_SQL.keyValues(
        ds,
        'sales',
        [
          { name: 'CREATED', type: 'DATETIME' },
          { name: 'UPDATED', type: 'TIMESTAMP' },
        ],
        'distinct',
      ),
    ],
    partitionFunctionCheck: () => [
      BIGQUERY_SQL.partitionFunctionCheck([ds.project, `${ds.dataset}_udfs`, 'region_len'], 'STRING'),
      BIGQUERY_SQL.partitionFunctionCheck([ds.project, `${ds.dataset}_udfs`, 'amount_bucket'], 'NUMERIC(12,2)'),
    ],
    insertFinal: () =>
      BIGQUERY_SQL.insertFinal(ds, load, 'sales', 'sales', [
        { name: 'ID', expr: `${quoteIdent('ID')}` },
        { name: 'SALE_DATE', expr: `${quoteIdent('SALE_DATE')}` },
        { name: 'AMOUNT', expr: `CAST(${quoteIdent('AMOUNT')} AS NUMERIC(12,2))` },
        { name: 'CREATED', expr: `DATETIME(TIMESTAMP_MICROS(${quoteIdent('CREATED')}))` },
        { name: 'UPDATED', expr: `TIMESTAMP_MICROS(${quoteIdent('UPDATED')})` },
        { name: 'T', expr: `TIME(TIMESTAMP_MICROS(${quoteIdent('T')}))` },
      ]),
  };
}
