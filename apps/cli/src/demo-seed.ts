/**
 * Seeds the demo database: a PGlite data directory with a range-partitioned `sh.sales` holding every
 * PostgreSQL type the frontend supports, generated set-based (no row loop in JS).
 */
import { ensureDirectory } from '@goe/core';

/** DDL of the demo table (one partition per year 2020–2025 plus DEFAULT). */
export const DEMO_DDL = [
  'CREATE SCHEMA IF NOT EXISTS sh',
  'DROP TABLE IF EXISTS sh.sales',
  `CREATE TABLE sh.sales (
    id bigint NOT NULL,
    qty integer,
    small_qty smallint,
    amount numeric(12,2),
    big numeric(38,10),
    ratio double precision,
    ratio4 real,
    code varchar(30),
    region char(2),
    note text,
    payload bytea,
    sale_date date NOT NULL,
    created timestamp(6),
    updated timestamptz(6),
    sale_time time,
    duration interval,
    flag boolean,
    ref uuid,
    attrs jsonb,
    PRIMARY KEY (id, sale_date)
  ) PARTITION BY RANGE (sale_date)`,
  ...[2020, 2021, 2022, 2023, 2024, 2025].map(
    (y) => `CREATE TABLE sh.sales_${y} PARTITION OF sh.sales FOR VALUES FROM ('${y}-01-01') TO ('${y + 1}-01-01')`,
  ),
  'CREATE TABLE sh.sales_other PARTITION OF sh.sales DEFAULT',
];

/** The set-based INSERT generating `rows` rows (NULLs in every nullable column, multi-byte text, edge values). */
export function demoInsert(rows: number): string {
  return `INSERT INTO sh.sales
  SELECT g,
    CASE WHEN g % 17 = 0 THEN NULL ELSE (g % 100)::int END,
    (g % 300)::smallint,
    CASE WHEN g % 19 = 0 THEN NULL ELSE round((g % 100000) / 7.0, 2) END,
    CASE WHEN g % 23 = 0 THEN NULL ELSE (g::numeric * 12345.6789012345 - 5e12)::numeric(38,10) END,
    CASE WHEN g % 29 = 0 THEN NULL ELSE g / 3.0::float8 END,
    (g % 1000 / 8.0)::real,
    CASE WHEN g % 31 = 0 THEN NULL WHEN g % 37 = 0 THEN '' ELSE 'C' || (g % 5000) END,
    (ARRAY['EU','UK','US','JP'])[1 + g % 4],
    CASE WHEN g % 41 = 0 THEN NULL ELSE 'note ' || g || CASE WHEN g % 3 = 0 THEN ' — ünïcødé 東京 🚀' ELSE '' END END,
    CASE WHEN g % 43 = 0 THEN NULL ELSE decode(lpad(to_hex(g), 8, '0'), 'hex') END,
    DATE '2020-01-01' + (g % 2190)::int,
    CASE WHEN g % 47 = 0 THEN NULL ELSE TIMESTAMP '2020-01-01 00:00:00' + (g * interval '37 second') + (g % 1000000) * interval '1 microsecond' END,
    CASE WHEN g % 53 = 0 THEN NULL ELSE TIMESTAMPTZ '2020-03-29 00:30:00+00' + (g * interval '61 second') END,
    CASE WHEN g % 59 = 0 THEN NULL ELSE TIME '00:00:00' + (g % 86400) * interval '1 second' END,
    CASE WHEN g % 61 = 0 THEN NULL ELSE make_interval(0, (g % 14)::int, 0, (g % 40)::int - 20, 0, 0, (g % 3600) + 0.000001 * (g % 7)) END,
    CASE WHEN g % 67 = 0 THEN NULL ELSE g % 2 = 0 END,
    md5(g::text)::uuid,
    CASE WHEN g % 71 = 0 THEN NULL ELSE jsonb_build_object('id', g, 'tag', 'x' || (g % 10)) END
  FROM generate_series(1, ${Math.trunc(rows)}) AS g`;
}

/** A minimal PGlite-like interface (so tests can seed a server too). */
export interface DemoDb {
  exec(sql: string): Promise<unknown>;
  query<T>(sql: string): Promise<{ rows: T[] }>;
}

/**
 * Creates and fills `sh.sales` with `rows` rows; returns the row count.
 *
 * @example
 * await seedDemo(db, 10_000);
 */
export async function seedDemo(db: DemoDb, rows: number): Promise<number> {
  for (const stmt of DEMO_DDL) await db.exec(stmt);
  await db.exec(demoInsert(rows));
  await db.exec('ANALYZE sh.sales');
  const r = await db.query<{ n: string | number }>('SELECT count(*)::text AS n FROM sh.sales');
  return Number(r.rows[0]!.n);
}

/** Makes sure a directory exists. */
export function ensureDir(dir: string): void {
  ensureDirectory(dir, { variable: 'OFFLOAD_HOME', purpose: 'demo directory' });
}
