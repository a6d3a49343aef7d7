/** Shared source-table fixtures for data-type control, lossy-conversion and partition tests. */
import { canonicalColumn, type CanonicalColumnInput, type SourceColumn } from '@goe/core';

/** A source column in a PostgreSQL-like dialect with its canonical mapping. */
export function sourceColumn(
  name: string,
  dialectType: string,
  canonical: Omit<CanonicalColumnInput, 'name'>,
  extra: Partial<SourceColumn> = {},
): SourceColumn {
  const c = canonicalColumn({ name, ...canonical });
  return {
    name,
    dataType: dialectType,
    nullable: c.nullable,
    safeMapping: c.safeMapping,
    ...(c.precision !== undefined ? { precision: c.precision } : {}),
    ...(c.scale !== undefined ? { scale: c.scale } : {}),
    ...(c.dataLength !== undefined ? { dataLength: c.dataLength } : {}),
    ...(c.charLength !== undefined ? { charLength: c.charLength } : {}),
    ...extra,
    canonical: c,
  };
}

/** A table with one column of every interesting kind. */
export const SALES: readonly SourceColumn[] = [
  sourceColumn('id', 'bigint', { dataType: 'INTEGER_8', nullable: false }),
  sourceColumn('qty', 'integer', { dataType: 'INTEGER_4' }),
  sourceColumn('price', 'numeric', { dataType: 'DECIMAL', precision: 12, scale: 4 }),
  sourceColumn('amount', 'numeric', { dataType: 'DECIMAL', safeMapping: false }),
  sourceColumn('big_num', 'numeric', { dataType: 'DECIMAL', precision: 30, scale: 0 }),
  sourceColumn('rate', 'double precision', { dataType: 'DOUBLE' }),
  sourceColumn('ratio', 'real', { dataType: 'FLOAT' }),
  sourceColumn('created', 'timestamp', { dataType: 'TIMESTAMP', scale: 6 }),
  sourceColumn('created_tz', 'timestamptz', { dataType: 'TIMESTAMP_TZ', scale: 6 }),
  sourceColumn('sale_date', 'date', { dataType: 'DATE' }),
  sourceColumn('name', 'varchar', {
    dataType: 'VARIABLE_STRING',
    charLength: 100,
    dataLength: 400,
    charSemantics: 'CHAR',
  }),
  sourceColumn('code', 'char', {
    dataType: 'FIXED_STRING',
    charLength: 3,
    dataLength: 12,
    charSemantics: 'CHAR',
    nullable: false,
  }),
  sourceColumn('notes', 'text', { dataType: 'LARGE_STRING' }),
  sourceColumn('flag', 'boolean', { dataType: 'BOOLEAN' }),
  sourceColumn('payload', 'bytea', { dataType: 'LARGE_BINARY' }),
  sourceColumn('t', 'time', { dataType: 'TIME', scale: 6 }),
];

/** Limits of a BigQuery-like backend (precision 76, scale 38, µs). */
export const BIGQUERY_LIMITS = {
  maxDecimalPrecision: 76,
  maxDecimalScale: 38,
  maxDatetimeScale: 6,
  nanInfinity: true,
  notNullConstraints: true,
};
/** Limits of a Snowflake-like backend (38, 37, ns). */
export const SNOWFLAKE_LIMITS = {
  maxDecimalPrecision: 38,
  maxDecimalScale: 37,
  maxDatetimeScale: 9,
  nanInfinity: true,
  notNullConstraints: true,
};
/** Limits of a Synapse-like backend (38, 38, 100 ns, no NaN). */
export const SYNAPSE_LIMITS = {
  maxDecimalPrecision: 38,
  maxDecimalScale: 38,
  maxDatetimeScale: 7,
  nanInfinity: false,
  notNullConstraints: true,
};
/** Limits of a Hive-like backend (38, 38, ns, no NOT NULL). */
export const HIVE_LIMITS = {
  maxDecimalPrecision: 38,
  maxDecimalScale: 38,
  maxDatetimeScale: 9,
  nanInfinity: true,
  notNullConstraints: false,
};
