/** The DuckDB {@link BackendSession}: databases (schemas), tables, DDL, per-chunk steps, counts and aggregates. */
import {
  aggregateKey,
  GoeError,
  type AggregateResult,
  type AggregateSpec,
  type BackendSession,
  type BackendTable,
  type LoadChunk,
  type OffloadPlan,
  type OffloadScope,
  type ValidationResult,
} from '@goe/core';
import type { DuckdbConnection } from './connection.js';
import { DuckdbLoadSteps } from './load-steps.js';
import { scopeWhere } from './predicate.js';
import { DUCKDB_SQL } from './sql.js';
import type { DuckdbSchema } from './sql-text.js';
import { canonicalComment, canonicalFromDuckdb, duckdbTypeFor } from './type-map.js';

/**
 * GOE's refusal when partition options reach a backend that cannot partition (reference §5.4).
 *
 * @example
 * session.ddlFor(planWithPartitionColumns) // throws OPTION_INVALID starting with TOO_MANY_PARTITION_COLUMNS
 */
export const TOO_MANY_PARTITION_COLUMNS = 'Too many partition columns for backend system';
/**
 * GOE's refusal when sort columns reach a backend that cannot cluster.
 *
 * @example
 * session.ddlFor(planWithSortColumns) // throws OPTION_INVALID starting with TOO_MANY_SORT_COLUMNS
 */
export const TOO_MANY_SORT_COLUMNS = 'Too many sort columns specified for backend system';

function refuseUnsupported(plan: OffloadPlan): void {
  const parts = plan.partitioning?.columns ?? [];
  if (parts.length > 0) {
    throw new GoeError(
      'OPTION_INVALID',
      `${TOO_MANY_PARTITION_COLUMNS}: DuckDB supports 0, got ${parts.length} (${parts.map((p) => p.sourceColumn).join(', ')})`,
      {
        hint: 'DuckDB tables are not partitioned: remove --partition-columns and the other --partition-* options',
      },
    );
  }
  const sort = plan.partitioning?.sortColumns ?? [];
  if (sort.length > 0) {
    throw new GoeError('OPTION_INVALID', `${TOO_MANY_SORT_COLUMNS}: DuckDB supports 0, got ${sort.length}`, {
      hint: 'DuckDB tables are not clustered: remove --sort-columns',
    });
  }
}

/**
 * The refusal of a write on a read-only session (a preview): `GoeError` `INTERNAL` — the runner never writes in
 * preview, so reaching it is a bug of the caller, not something the user can fix.
 *
 * @example
 * await previewSession.createTable(plan) // throws INTERNAL starting with READ_ONLY_REFUSED
 */
export const READ_ONLY_REFUSED = 'DuckDB session is read-only (preview): nothing is created or changed';

/**
 * An open DuckDB backend session. Opened read-only (`AdapterContext.readOnly`), every reading method works (an
 * absent database file reads as an empty warehouse) and every writing method throws `INTERNAL`
 * ({@link READ_ONLY_REFUSED}) before touching DuckDB.
 *
 * @example
 * const session = await duckdbBackend.connect(ctx); // a DuckdbSession
 * await session.count('sh', 'sales') // 1000000n
 */
export class DuckdbSession implements BackendSession {
  private readonly steps: DuckdbLoadSteps;

  /**
   * @param onClose runs once when the session closes (e.g. removes the AbortSignal listener that interrupts queries).
   */
  constructor(
    private readonly conn: DuckdbConnection,
    private readonly onClose: () => void = () => {},
  ) {
    this.steps = new DuckdbLoadSteps(conn);
  }

  /** Refuses `operation` on a read-only session. */
  private writable(operation: string): void {
    if (this.conn.readOnly) {
      throw new GoeError('INTERNAL', `${READ_ONLY_REFUSED}: ${operation} refused`, {
        hint: 'A preview (no -x) only reads; run with -x to change the backend',
      });
    }
  }

  private schema(database: string): DuckdbSchema {
    return { catalog: this.conn.catalog, schema: database };
  }

  async serverVersion(): Promise<string> {
    const [row] = await this.conn.rows('SELECT version()');
    return `DuckDB ${String(row?.[0] ?? '?')}`;
  }

  async databaseExists(database: string): Promise<boolean> {
    const [row] = await this.conn.rows(DUCKDB_SQL.schemaExists(), [database]);
    return Number(row?.[0] ?? 0) > 0;
  }

  async createDatabase(database: string): Promise<void> {
    this.writable(`create database ${database}`);
    await this.conn.run(DUCKDB_SQL.createSchema(this.schema(database)));
  }

  async tableExists(database: string, table: string): Promise<boolean> {
    const [row] = await this.conn.rows(DUCKDB_SQL.tableExists(), [database, table]);
    return Number(row?.[0] ?? 0) > 0;
  }

  async describeTable(database: string, table: string): Promise<BackendTable> {
    const rows = await this.conn.rows(DUCKDB_SQL.describeColumns(), [database, table]);
    if (rows.length === 0) throw new GoeError('TABLE_NOT_FOUND', `Table ${database}.${table} does not exist in DuckDB`);
    return {
      database,
      name: table,
      columns: rows.map((r) =>
        canonicalFromDuckdb(String(r[0]), String(r[1]), r[2] === true || r[2] === 'YES', r[3] as string | null),
      ),
      backendTypes: rows.map((r) => String(r[1])),
    };
  }

  ddlFor(plan: OffloadPlan): readonly string[] {
    refuseUnsupported(plan);
    const columns = plan.columns.map((c) => {
      const comment = canonicalComment(c);
      return {
        name: c.name,
        type: duckdbTypeFor(c, plan.allow),
        nullable: c.nullable,
        ...(comment === undefined ? {} : { comment }),
      };
    });
    return DUCKDB_SQL.createTable(this.schema(plan.target.database), plan.target.table, columns);
  }

  async createTable(plan: OffloadPlan): Promise<void> {
    this.writable(`create table ${plan.target.database}.${plan.target.table}`);
    const statements = this.ddlFor(plan);
    await this.conn.transaction(async () => {
      for (const sql of statements) await this.conn.run(sql);
    });
  }

  async stageLoad(plan: OffloadPlan, chunk: LoadChunk): Promise<void> {
    this.writable('stage load');
    return this.steps.stageLoad(plan, chunk);
  }

  validateStaged(plan: OffloadPlan, chunk: LoadChunk): Promise<ValidationResult> {
    return this.steps.validateStaged(plan, chunk);
  }

  validateCasts(plan: OffloadPlan, chunk: LoadChunk): Promise<ValidationResult> {
    return this.steps.validateCasts(plan, chunk);
  }

  async finalLoad(plan: OffloadPlan, chunk: LoadChunk): Promise<bigint> {
    this.writable('final load');
    return this.steps.finalLoad(plan, chunk);
  }

  async dropStaged(plan: OffloadPlan, chunk: LoadChunk): Promise<void> {
    this.writable('drop staged');
    return this.steps.dropStaged(plan, chunk);
  }

  private async where(database: string, table: string, scope: OffloadScope | undefined) {
    if (scope === undefined || scope.kind === 'full') return undefined;
    const described = await this.describeTable(database, table);
    return scopeWhere(scope, new Map(described.columns.map((c, i) => [c.name, described.backendTypes[i]!])));
  }

  async count(database: string, table: string, scope?: OffloadScope): Promise<bigint> {
    const where = await this.where(database, table, scope);
    const [row] = await this.conn.rows(
      DUCKDB_SQL.count(this.schema(database), table, where?.sql),
      (where?.params ?? []) as string[],
    );
    return BigInt(row?.[0] as bigint | number);
  }

  async aggregate(
    database: string,
    table: string,
    specs: readonly AggregateSpec[],
    scope?: OffloadScope,
  ): Promise<AggregateResult> {
    if (specs.length === 0) return {};
    const described = await this.describeTable(database, table);
    const byName = new Map(described.columns.map((c) => [c.name.toUpperCase(), c]));
    const resolved = specs.map((spec) => {
      const column = byName.get(spec.column.toUpperCase());
      if (column === undefined)
        throw new GoeError('OPTION_INVALID', `Column ${spec.column} does not exist in ${database}.${table}`, {
          column: spec.column,
        });
      return { spec, column };
    });
    const where =
      scope === undefined || scope.kind === 'full'
        ? undefined
        : scopeWhere(scope, new Map(described.columns.map((c, i) => [c.name, described.backendTypes[i]!])));
    const [row = []] = await this.conn.rows(
      DUCKDB_SQL.aggregate(this.schema(database), table, resolved, where?.sql),
      (where?.params ?? []) as string[],
    );
    const out: Record<string, string | null> = {};
    specs.forEach(
      (spec, i) => (out[aggregateKey(spec)] = row[i] === null || row[i] === undefined ? null : String(row[i])),
    );
    return out;
  }

  async maxPartitionValue(database: string, table: string, column: string): Promise<string | null> {
    const described = await this.describeTable(database, table);
    const col = described.columns.find((c) => c.name.toUpperCase() === column.toUpperCase());
    if (col === undefined)
      throw new GoeError('OPTION_INVALID', `Column ${column} does not exist in ${database}.${table}`, { column });
    const [row] = await this.conn.rows(DUCKDB_SQL.maxValue(this.schema(database), table, col));
    return row?.[0] === null || row?.[0] === undefined ? null : String(row[0]);
  }

  async dropTable(database: string, table: string): Promise<void> {
    this.writable(`drop table ${database}.${table}`);
    await this.conn.run(DUCKDB_SQL.dropTable(this.schema(database), table));
  }

  async close(): Promise<void> {
    this.onClose();
    await this.conn.close();
  }
}
