/**
 * SQL text helpers shared by every DuckDB builder: quoting, canonical-text rendering and the session macros that
 * turn the staged ISO interval text into DuckDB INTERVALs and back.
 */
import { assertNever, GoeError, type CanonicalColumn } from '@goe/core';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f]/;

/**
 * A quoted DuckDB identifier (`"` doubled).
 *
 * @throws GoeError `OPTION_INVALID` for an empty name or one with control characters.
 * @example
 * quoteIdent('a"b') // '"a""b"'
 */
export function quoteIdent(name: string): string {
  if (name === '' || CONTROL.test(name))
    throw new GoeError('OPTION_INVALID', `Invalid DuckDB identifier ${JSON.stringify(name)}`);
  return `"${name.replace(/"/g, '""')}"`;
}

/** A quoted DuckDB string literal (`'` doubled). @example quoteString("it's") // "'it''s'" */
export function quoteString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * A schema (GOE's backend "database") inside a DuckDB catalog (the attached database file). Names are always
 * qualified with the catalog: a schema named like the database file (`sh` in `sh.duckdb`) would otherwise be
 * ambiguous.
 *
 * @example
 * tableRef({ catalog: 'goe', schema: 'sh' }, 'sales') // '"goe"."sh"."sales"'
 */
export interface DuckdbSchema {
  readonly catalog: string;
  readonly schema: string;
}

/** `"catalog"."schema"`. @example schemaRef({ catalog: 'goe', schema: 'sh' }) // '"goe"."sh"' */
export function schemaRef(s: DuckdbSchema): string {
  return `${quoteIdent(s.catalog)}.${quoteIdent(s.schema)}`;
}

/** `"catalog"."schema"."table"`. @example tableRef({ catalog: 'goe', schema: 'sh' }, 'sales') // '"goe"."sh"."sales"' */
export function tableRef(s: DuckdbSchema, table: string): string {
  return `${schemaRef(s)}.${quoteIdent(table)}`;
}

/** A list literal of file paths for `read_parquet`. @example pathList(['/a.parquet']) // "['/a.parquet']" */
export function pathList(paths: readonly string[]): string {
  return `[${paths.map(quoteString).join(', ')}]`;
}

const ISO_YM = '-?P[0-9]+Y[0-9]+M';
const ISO_DS = '(-)?P([0-9]+)DT([0-9]+)H([0-9]+)M([0-9]+)(\\.([0-9]{1,9}))?S';
const ISO_MDN = 'P(-?[0-9]+)M(-?[0-9]+)DT(-?)([0-9]+)(\\.([0-9]{1,9}))?S';

/**
 * Statements run on every new connection: UTC as the session time zone (TIMESTAMPTZ text and casts are UTC), and
 * temporary macros that parse core's interval text (`formatInterval`) into INTERVAL (NULL when the text does not
 * match; an out-of-range component raises, which `try()` turns into NULL) and render INTERVAL back into it.
 * Sub-microsecond digits are truncated by the parsers; `goe_interval_subus` tells whether a text has any.
 *
 * @example
 * for (const sql of SESSION_SETUP) await conn.run(sql);
 */
export const SESSION_SETUP: readonly string[] = [
  `SET TimeZone = 'UTC'`,
  `CREATE OR REPLACE TEMP MACRO goe_interval_ym(s) AS CASE WHEN regexp_full_match(s, '${ISO_YM}') THEN to_months(CAST((CASE WHEN starts_with(s, '-') THEN -1 ELSE 1 END) * (CAST(regexp_extract(s, 'P([0-9]+)Y', 1) AS HUGEINT) * 12 + CAST(regexp_extract(s, 'Y([0-9]+)M', 1) AS HUGEINT)) AS INTEGER)) END`,
  `CREATE OR REPLACE TEMP MACRO goe_frac_us(f) AS CAST(left(rpad(f, 6, '0'), 6) AS BIGINT)`,
  `CREATE OR REPLACE TEMP MACRO goe_interval_ds(s) AS CASE WHEN regexp_full_match(s, '${ISO_DS}') THEN to_days(CAST((CASE regexp_extract(s, '^${ISO_DS}$', 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(regexp_extract(s, '^${ISO_DS}$', 2) AS HUGEINT) AS INTEGER)) + to_microseconds(CAST((CASE regexp_extract(s, '^${ISO_DS}$', 1) WHEN '-' THEN -1 ELSE 1 END) * (((CAST(regexp_extract(s, '^${ISO_DS}$', 3) AS HUGEINT) * 60 + CAST(regexp_extract(s, '^${ISO_DS}$', 4) AS HUGEINT)) * 60 + CAST(regexp_extract(s, '^${ISO_DS}$', 5) AS HUGEINT)) * 1000000 + goe_frac_us(regexp_extract(s, '^${ISO_DS}$', 7))) AS BIGINT)) END`,
  `CREATE OR REPLACE TEMP MACRO goe_interval_mdn(s) AS CASE WHEN regexp_full_match(s, '${ISO_MDN}') THEN to_months(CAST(regexp_extract(s, '^${ISO_MDN}$', 1) AS INTEGER)) + to_days(CAST(regexp_extract(s, '^${ISO_MDN}$', 2) AS INTEGER)) + to_microseconds(CAST((CASE regexp_extract(s, '^${ISO_MDN}$', 3) WHEN '-' THEN -1 ELSE 1 END) * (CAST(regexp_extract(s, '^${ISO_MDN}$', 4) AS HUGEINT) * 1000000 + goe_frac_us(regexp_extract(s, '^${ISO_MDN}$', 6))) AS BIGINT)) END`,
  `CREATE OR REPLACE TEMP MACRO goe_interval_subus(s) AS coalesce(CAST(nullif(substr(regexp_extract(s, '\\.([0-9]{1,9})S$', 1), 7), '') AS INTEGER) <> 0, false)`,
  `CREATE OR REPLACE TEMP MACRO goe_interval_us(i) AS CAST(datepart('hour', i) AS HUGEINT) * 3600000000 + datepart('minute', i) * 60000000 + datepart('microseconds', i)`,
  `CREATE OR REPLACE TEMP MACRO goe_seconds_text(us) AS concat(CASE WHEN us < 0 THEN '-' ELSE '' END, abs(us) // 1000000, CASE WHEN abs(us) % 1000000 = 0 THEN '' ELSE '.' || rtrim(lpad(CAST(abs(us) % 1000000 AS VARCHAR), 6, '0'), '0') END)`,
  `CREATE OR REPLACE TEMP MACRO goe_interval_mdn_text(i) AS CASE WHEN i IS NOT NULL THEN concat('P', datepart('year', i) * 12 + datepart('month', i), 'M', datepart('day', i), 'DT', goe_seconds_text(goe_interval_us(i)), 'S') END`,
  `CREATE OR REPLACE TEMP MACRO goe__ym_text(m) AS concat(CASE WHEN m < 0 THEN '-' ELSE '' END, 'P', abs(m) // 12, 'Y', abs(m) % 12, 'M')`,
  `CREATE OR REPLACE TEMP MACRO goe_interval_ym_text(i) AS CASE WHEN i IS NULL THEN NULL WHEN datepart('day', i) <> 0 OR goe_interval_us(i) <> 0 THEN goe_interval_mdn_text(i) ELSE goe__ym_text(datepart('year', i) * 12 + datepart('month', i)) END`,
  `CREATE OR REPLACE TEMP MACRO goe__ds_text(t) AS concat(CASE WHEN t < 0 THEN '-' ELSE '' END, 'P', abs(t) // 86400000000, 'DT', abs(t) % 86400000000 // 3600000000, 'H', abs(t) % 3600000000 // 60000000, 'M', goe_seconds_text(abs(t) % 60000000), 'S')`,
  `CREATE OR REPLACE TEMP MACRO goe_interval_ds_text(i) AS CASE WHEN i IS NULL THEN NULL WHEN datepart('year', i) <> 0 OR datepart('month', i) <> 0 THEN goe_interval_mdn_text(i) ELSE goe__ds_text(CAST(datepart('day', i) AS HUGEINT) * 86400000000 + goe_interval_us(i)) END`,
];

/**
 * SQL rendering `expr` (a value of `column`'s DuckDB type) as exact text in the canonical form of
 * `@goe/conformance` (binary as lower-case hex, `YYYY-MM-DDTHH:MM:SS.ffffff[Z]` timestamps in UTC, ISO intervals,
 * `NaN`/`Infinity` floats); values DuckDB holds as ±infinity render as `infinity`/`-infinity` and never equal a
 * real value.
 *
 * @example
 * canonicalTextSql(canonicalColumn({ name: 'B', dataType: 'BINARY' }), '"B"') // 'lower(hex("B"))'
 */
export function canonicalTextSql(column: CanonicalColumn, expr: string): string {
  const t = column.dataType;
  switch (t) {
    case 'FIXED_STRING':
    case 'VARIABLE_STRING':
    case 'LARGE_STRING':
      return expr;
    case 'BINARY':
    case 'LARGE_BINARY':
      return `lower(hex(${expr}))`;
    case 'INTEGER_1':
    case 'INTEGER_2':
    case 'INTEGER_4':
    case 'INTEGER_8':
    case 'INTEGER_38':
    case 'DECIMAL':
    case 'DATE':
    case 'TIME':
    case 'BOOLEAN':
      return `CAST(${expr} AS VARCHAR)`;
    case 'FLOAT':
    case 'DOUBLE':
      return `CASE WHEN isnan(${expr}) THEN 'NaN' WHEN isinf(${expr}) THEN (CASE WHEN ${expr} > 0 THEN 'Infinity' ELSE '-Infinity' END) ELSE CAST(${expr} AS VARCHAR) END`;
    case 'TIMESTAMP':
      return `CASE WHEN isinf(${expr}) THEN CAST(${expr} AS VARCHAR) ELSE strftime(${expr}, '%Y-%m-%dT%H:%M:%S.${(column.scale ?? 6) > 6 ? '%n' : '%f'}') END`;
    case 'TIMESTAMP_TZ':
      return `CASE WHEN isinf(${expr}) THEN CAST(${expr} AS VARCHAR) ELSE strftime(timezone('UTC', ${expr}), '%Y-%m-%dT%H:%M:%S.%fZ') END`;
    case 'INTERVAL_YM':
      return `goe_interval_ym_text(${expr})`;
    case 'INTERVAL_DS':
      return `goe_interval_ds_text(${expr})`;
    case 'INTERVAL_MDN':
      return `goe_interval_mdn_text(${expr})`;
    default:
      return assertNever(t, 'canonical type');
  }
}
