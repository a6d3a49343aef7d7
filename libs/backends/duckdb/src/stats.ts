/**
 * Backend statistics after a load (GOE's "Compute backend statistics" step, `--offload-stats NATIVE`): DuckDB's
 * `ANALYZE` of the final table, which refreshes the statistics its optimizer reads (distinct counts, min/max).
 */
import type { DuckdbConnection } from './connection.js';
import { tableRef, type DuckdbSchema } from './sql-text.js';

/**
 * The statement that computes a table's statistics.
 *
 * @example
 * analyzeSql({ catalog: 'warehouse', schema: 'sh' }, 'sales') // 'ANALYZE "warehouse"."sh"."sales"'
 */
export function analyzeSql(schema: DuckdbSchema, table: string): string {
  return `ANALYZE ${tableRef(schema, table)}`;
}

/**
 * Computes the statistics of `schema.table` on `conn` (a read-write connection).
 *
 * @example
 * await computeTableStats(conn, { catalog: conn.catalog, schema: 'sh' }, 'sales');
 */
export async function computeTableStats(conn: DuckdbConnection, schema: DuckdbSchema, table: string): Promise<void> {
  await conn.run(analyzeSql(schema, table));
}
