/**
 * The negative corpus of the SQL checker: per dialect, statements the engine refuses that the checker must refuse
 * too, each with a part of the checker's error and what is wrong. `goldenSqlSuite` runs the corpus of its dialect
 * beside the golden files, so a checker that stopped catching them (a looser sqlglot, a lost rule) fails CI.
 *
 * @example
 * NEGATIVE_CORPUS.oracle?.[0]?.sql // 'SELECT * FROM "SH"."SALES" LIMIT 5'
 */

/** One statement the checker must refuse. */
export interface NegativeCase {
  readonly sql: string;
  /** A part of the checker's error. */
  readonly error: string;
  /** Why the engine refuses it. */
  readonly why: string;
}

const PARSE = 'ParseError: Invalid expression / Unexpected token';

/** Every dialect's negative corpus. */
export const NEGATIVE_CORPUS: Readonly<Record<string, readonly NegativeCase[]>> = {
  oracle: [
    {
      sql: 'SELECT * FROM "SH"."SALES" LIMIT 5',
      error: 'does not round-trip in oracle',
      why: 'Oracle has no LIMIT (FETCH FIRST n ROWS ONLY)',
    },
    {
      sql: 'SELECT TOP 5 "ID" FROM "SH"."SALES"',
      error: 'does not round-trip in oracle',
      why: 'TOP is SQL Server',
    },
    {
      sql: `SELECT "ID" FROM "SH"."SALES" WHERE "REGION" ILIKE 'e%'`,
      error: 'does not round-trip in oracle',
      why: 'Oracle has no ILIKE',
    },
    {
      sql: 'SELECT "ID" FROM "SH"."SALES" WHERE "FLAG" = TRUE',
      error: 'oracle forbids TRUE/FALSE literals',
      why: 'no BOOLEAN literals in SQL before 23ai',
    },
    {
      sql: 'SELECT s."ID" FROM "SH"."SALES" AS s',
      error: 'oracle forbids AS before a table alias',
      why: 'ORA-00933: a table alias takes no AS',
    },
    {
      sql: 'SELECT "AMOUNT"::NUMBER FROM "SH"."SALES"',
      error: 'oracle forbids :: casts',
      why: 'PostgreSQL cast syntax',
    },
    { sql: 'SELECT 1', error: 'oracle forbids a SELECT without FROM', why: 'ORA-00923 before 23ai: FROM dual' },
    {
      sql: `SELECT "ID" FROM "SH"."SALES" WHERE "SOLD" < DATE "2024-01-01"`,
      error: PARSE,
      why: 'a double-quoted string is an identifier, not a DATE literal',
    },
    {
      sql: `SELECT "ID" FROM "SH"."SALES" WHERE "SOLD_AT" < TIMESTAMP "2024-01-01 00:00:00"`,
      error: PARSE,
      why: 'a double-quoted string is an identifier, not a TIMESTAMP literal',
    },
    { sql: 'SELECT `ID` FROM "SH"."SALES"', error: PARSE, why: 'backticks quote nothing in Oracle' },
    {
      sql: `SELECT COUNT(*) FROM "SH"."SALES" AS OF SCN 'x'`,
      error: PARSE,
      why: 'AS OF SCN takes a number (the checker removes only AS OF SCN :bind or an integer)',
    },
  ],
  postgres: [
    { sql: 'SELECT `id` FROM sh.sales', error: PARSE, why: 'backticks quote nothing in PostgreSQL' },
    { sql: 'SELECT TOP 5 id FROM sh.sales', error: PARSE, why: 'TOP is SQL Server' },
  ],
  duckdb: [
    { sql: 'SELECT `id` FROM sh.sales', error: PARSE, why: 'backticks quote nothing in DuckDB' },
    { sql: 'SELECT TOP 5 id FROM sh.sales', error: PARSE, why: 'TOP is SQL Server' },
  ],
  bigquery: [{ sql: 'SELECT TOP 5 id FROM `p`.`sh`.`sales`', error: PARSE, why: 'TOP is SQL Server' }],
};
