#!/usr/bin/env node
/**
 * Fidelity check of one offload result against its PostgreSQL source (used by bench/run.mjs for goe and every peer).
 *
 *   node bench/peers/fidelity.mjs --pg URL --table schema.table --duckdb FILE [--duckdb-table schema.table]
 *
 * Per source column it compares, in one scan on each side:
 *   - the DuckDB type the tool chose with the type that keeps the source's values exactly (EXPECTED_TYPES below);
 *   - the number of rows and of NULLs;
 *   - the sum of a 60-bit hash (the first 15 hex digits of md5) of each value's canonical text, computed in PostgreSQL
 *     over the source and in DuckDB over the result. The canonical text is the same on both sides:
 *       integers, numeric/DECIMAL   exact decimal text with the column's scale (12.30, not 12.3)
 *       float8/real vs DOUBLE/FLOAT 17 significant digits, `1.4285714285714285e-01` (round-trips every double
 *                                   exactly); nan, inf, -inf
 *       date                        2000-01-31
 *       timestamp                   2000-01-31T12:34:56.000001 (microseconds always)
 *       timestamptz                 the same, in UTC
 *       boolean                     true / false
 *       text, varchar, others       the value's text
 *     The DuckDB side picks its expression from the DuckDB type, so a value stored under another type (a DECIMAL as
 *     DOUBLE, a timestamp as VARCHAR) shows as a value mismatch; a timestamptz stored as a UTC TIMESTAMP keeps equal
 *     values and shows as a type mismatch.
 * Columns the source lacks (dlt's _dlt_load_id, _dlt_id) are listed in `extraColumns` and otherwise ignored.
 *
 * `sourceChecksums` runs once per benchmark (the source does not change between rounds); `resultChecksums` once per
 * result; `compare` turns both into { ok, rows, columns, mismatches, extraColumns }.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { fileURLToPath } from 'node:url';

const HASH_HEX_DIGITS = 15; // 60 bits: fits a BIGINT on both sides; the sums go to numeric / HUGEINT

/** The DuckDB type that holds a PostgreSQL type's values exactly; null = not checked. */
export function expectedDuckdbType(pgType) {
  const t = pgType.toLowerCase();
  const numeric = /^numeric\((\d+),(\d+)\)$/.exec(t);
  if (numeric) return Number(numeric[1]) <= 38 ? `DECIMAL(${numeric[1]},${numeric[2]})` : null;
  if (/^(character varying|character|varchar|char)(\(\d+\))?$/.test(t) || t === 'text') return 'VARCHAR';
  return EXPECTED_TYPES[t] ?? null;
}
const EXPECTED_TYPES = {
  bigint: 'BIGINT',
  integer: 'INTEGER',
  smallint: 'SMALLINT',
  'double precision': 'DOUBLE',
  real: 'FLOAT',
  boolean: 'BOOLEAN',
  date: 'DATE',
  'timestamp without time zone': 'TIMESTAMP',
  'timestamp with time zone': 'TIMESTAMP WITH TIME ZONE',
  bytea: 'BLOB',
  uuid: 'UUID',
};

const pgIdent = (s) => `"${s.replaceAll('"', '""')}"`;
const duckIdent = pgIdent;
const splitTable = (qualified) => {
  const at = qualified.lastIndexOf('.');
  return at < 0
    ? { schema: null, table: qualified }
    : { schema: qualified.slice(0, at), table: qualified.slice(at + 1) };
};

/** PostgreSQL expression: the canonical text of column `c` of type `pgType`. */
function pgCanonical(c, pgType) {
  const t = pgType.toLowerCase();
  const ts = `'YYYY-MM-DD"T"HH24:MI:SS.US'`;
  if (t === 'double precision' || t === 'real') {
    const x = `${c}::float8`;
    return `CASE WHEN ${x} = 'NaN'::float8 THEN 'nan' WHEN ${x} = 'Infinity'::float8 THEN 'inf' WHEN ${x} = '-Infinity'::float8 THEN '-inf' ELSE ltrim(to_char(${x}, '9.9999999999999999EEEE')) END`;
  }
  if (t === 'timestamp without time zone') return `to_char(${c}, ${ts})`;
  if (t === 'timestamp with time zone') return `to_char(${c} AT TIME ZONE 'UTC', ${ts})`;
  if (t === 'boolean') return `CASE WHEN ${c} THEN 'true' WHEN NOT ${c} THEN 'false' END`;
  return `${c}::text`;
}

/** DuckDB expression: the canonical text of column `c` of DuckDB type `duckType`. */
function duckCanonical(c, duckType) {
  const t = duckType.toUpperCase();
  const ts = `'%Y-%m-%dT%H:%M:%S.%f'`;
  if (t === 'DOUBLE' || t === 'FLOAT' || t === 'REAL') return `printf('%.16e', ${c}::DOUBLE)`;
  if (t === 'TIMESTAMP WITH TIME ZONE') return `strftime(make_timestamp(epoch_us(${c})), ${ts})`;
  if (t.startsWith('TIMESTAMP')) return `strftime(${c}::TIMESTAMP, ${ts})`;
  return `${c}::VARCHAR`;
}

const pgHashSum = (expr) => `sum(('x' || substr(md5(${expr}), 1, ${HASH_HEX_DIGITS}))::bit(60)::bigint)::text`;
const duckHashSum = (expr) => `sum(('0x' || substr(md5(${expr}), 1, ${HASH_HEX_DIGITS}))::BIGINT)::VARCHAR`;

/** Rows, per-column type, NULL count and hash sum of the source table, in one scan. */
export async function sourceChecksums(url, qualified) {
  const { schema, table } = splitTable(qualified);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`SET DateStyle = 'ISO, YMD'`);
    const cols = await client.query(
      `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
         FROM pg_attribute a WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
      [`${schema ? pgIdent(schema) + '.' : ''}${pgIdent(table)}`],
    );
    const select = cols.rows.flatMap((col, i) => {
      const c = pgIdent(col.name);
      return [`count(*) - count(${c}) AS n${i}`, `${pgHashSum(pgCanonical(c, col.type))} AS h${i}`];
    });
    const from = `${schema ? pgIdent(schema) + '.' : ''}${pgIdent(table)}`;
    const started = Date.now();
    const r = await client.query(`SELECT count(*) AS rows, ${select.join(', ')} FROM ${from}`);
    const row = r.rows[0];
    return {
      table: qualified,
      rows: Number(row.rows),
      seconds: (Date.now() - started) / 1000,
      columns: cols.rows.map((col, i) => ({
        name: col.name,
        pgType: col.type,
        nulls: Number(row[`n${i}`]),
        hashSum: row[`h${i}`] ?? '0',
      })),
    };
  } finally {
    await client.end();
  }
}

/** Finds the result table in a DuckDB file: the given schema.table, else a table of that name in any schema. */
async function findTable(conn, qualified) {
  const { schema, table } = splitTable(qualified);
  const found = (
    await conn.runAndReadAll(
      `SELECT table_schema, table_name FROM information_schema.tables
        WHERE lower(table_name) = lower($1) ORDER BY (lower(table_schema) = lower($2)) DESC, table_schema`,
      [table, schema ?? ''],
    )
  ).getRowObjectsJson();
  if (found.length === 0) throw new Error(`no table ${qualified} in the DuckDB file`);
  return { schema: String(found[0].table_schema), table: String(found[0].table_name) };
}

/** Rows, per-column DuckDB type, NULL count and hash sum of the result table (source columns only), in one scan. */
export async function resultChecksums(duckdbPath, qualified, source) {
  const instance = await DuckDBInstance.create(duckdbPath, { access_mode: 'READ_ONLY', threads: '2' });
  const conn = await instance.connect();
  try {
    const { schema, table } = await findTable(conn, qualified);
    const cols = (
      await conn.runAndReadAll(
        `SELECT column_name, data_type FROM information_schema.columns
          WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
        [schema, table],
      )
    ).getRowObjectsJson();
    const byName = new Map(cols.map((c) => [String(c.column_name).toLowerCase(), c]));
    const wanted = source.columns.map((s) => byName.get(s.name.toLowerCase())).filter(Boolean);
    const select = wanted.flatMap((col, i) => {
      const c = duckIdent(String(col.column_name));
      return [`count(*) - count(${c}) AS n${i}`, `${duckHashSum(duckCanonical(c, String(col.data_type)))} AS h${i}`];
    });
    const started = Date.now();
    const row = (
      await conn.runAndReadAll(
        `SELECT count(*)::VARCHAR AS rows${select.length ? ', ' + select.join(', ') : ''} FROM ${duckIdent(schema)}.${duckIdent(table)}`,
      )
    ).getRowObjectsJson()[0];
    const sourceNames = new Set(source.columns.map((s) => s.name.toLowerCase()));
    return {
      table: `${schema}.${table}`,
      rows: Number(row.rows),
      seconds: (Date.now() - started) / 1000,
      columns: wanted.map((col, i) => ({
        name: String(col.column_name),
        duckdbType: String(col.data_type),
        nulls: Number(row[`n${i}`]),
        hashSum: row[`h${i}`] === null ? '0' : String(row[`h${i}`]),
      })),
      extraColumns: cols.map((c) => String(c.column_name)).filter((n) => !sourceNames.has(n.toLowerCase())),
    };
  } finally {
    conn.closeSync();
    instance.closeSync?.();
  }
}

/** Compares a result with its source: every difference is one line in `mismatches`; ok when there is none. */
export function compare(source, result) {
  const mismatches = [];
  if (source.rows !== result.rows) mismatches.push(`rows: ${result.rows} ≠ source ${source.rows}`);
  const byName = new Map(result.columns.map((c) => [c.name.toLowerCase(), c]));
  const columns = {};
  for (const s of source.columns) {
    const r = byName.get(s.name.toLowerCase());
    const expected = expectedDuckdbType(s.pgType);
    if (!r) {
      columns[s.name] = { pgType: s.pgType, expectedType: expected, duckdbType: null, ok: false };
      mismatches.push(`${s.name}: missing`);
      continue;
    }
    const typeOk = expected === null || r.duckdbType.toUpperCase() === expected;
    const nullsOk = r.nulls === s.nulls;
    const valuesOk = r.hashSum === s.hashSum;
    columns[s.name] = {
      pgType: s.pgType,
      expectedType: expected,
      duckdbType: r.duckdbType,
      type: typeOk ? 'ok' : 'mismatch',
      nulls: nullsOk ? 'ok' : `${r.nulls} ≠ ${s.nulls}`,
      values: valuesOk ? 'ok' : 'mismatch',
      ok: typeOk && nullsOk && valuesOk,
    };
    if (!typeOk) mismatches.push(`${s.name}: type ${r.duckdbType} ≠ ${expected} (source ${s.pgType})`);
    if (!nullsOk) mismatches.push(`${s.name}: ${r.nulls} NULLs ≠ source ${s.nulls}`);
    if (!valuesOk) mismatches.push(`${s.name}: value checksum differs`);
  }
  return {
    ok: mismatches.length === 0,
    table: result.table,
    rows: { source: source.rows, result: result.rows },
    columns,
    mismatches,
    extraColumns: result.extraColumns ?? [],
    seconds: result.seconds,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const url = arg('pg');
  const table = arg('table');
  const duckdb = arg('duckdb');
  if (!url || !table || !duckdb) {
    console.error(
      'usage: node bench/peers/fidelity.mjs --pg URL --table schema.table --duckdb FILE [--duckdb-table T]',
    );
    process.exit(2);
  }
  const source = await sourceChecksums(url, table);
  const result = compare(source, await resultChecksums(duckdb, arg('duckdb-table') ?? table, source));
  console.log(JSON.stringify(result, null, 2));
  process.exit(result.ok ? 0 : 1);
}
