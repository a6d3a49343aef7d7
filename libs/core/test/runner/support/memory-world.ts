/**
 * Shared state of the in-memory test adapters: a source database, a backend warehouse, a staging store, call
 * records and fault switches. One world per test.
 */
import { canonicalColumn, UNPARTITIONED } from '@goe/core';
import type { CanonicalType, SourceColumn, SourceTable } from '@goe/core';

/** One row, by column name. */
export type Row = Record<string, string | number | null>;

/** Everything the memory adapters share. */
export interface MemoryWorld {
  /** Source tables by `OWNER.TABLE` (upper case). */
  readonly source: Map<string, { table: SourceTable; rows: Row[] }>;
  /** Backend databases (as created). */
  readonly databases: Set<string>;
  /** Backend tables by `db.table`. */
  readonly tables: Map<string, { columns: string[]; rows: Row[] }>;
  /** Staging objects by store path. */
  readonly objects: Map<string, Uint8Array>;
  /** Every adapter call, e.g. `frontend.connect`, `backend.createTable`, `storage.open`. */
  readonly calls: string[];
  /** Fault switches. */
  readonly faults: {
    /** The final load silently loses one row (verification must catch it). */
    dropRowOnLoad?: boolean;
    /** validateCasts fails with this message. */
    castFailure?: string;
    /** Text the frontend writes into a log line, a warning and errors (secret-masking tests). */
    leak?: string;
    /** describeTable fails with a message containing `leak`. */
    failDescribe?: boolean;
    /** createTable fails (an engine error). */
    failCreateTable?: boolean;
    /** The backend's checkPlan refuses the plan with this message (`OPTION_INVALID`). */
    refusePlan?: string;
  };
}

/** A new empty world. @example const world = createWorld(); */
export function createWorld(): MemoryWorld {
  return { source: new Map(), databases: new Set(), tables: new Map(), objects: new Map(), calls: [], faults: {} };
}

/**
 * Adds a source table. Columns are `[name, canonicalType, nullable?]`.
 *
 * @example
 * addSourceTable(world, 'SH', 'SALES', [['ID', 'INTEGER_8', false], ['AMOUNT', 'DECIMAL']], [{ ID: 1, AMOUNT: '1.50' }]);
 */
export function addSourceTable(
  world: MemoryWorld,
  owner: string,
  name: string,
  columns: readonly (readonly [string, CanonicalType, boolean?])[],
  rows: Row[],
): SourceTable {
  const cols: SourceColumn[] = columns.map(([col, type, nullable]) => {
    const canonical = canonicalColumn({
      name: col,
      dataType: type,
      nullable: nullable ?? true,
      ...(type === 'DECIMAL' ? { precision: 18, scale: 2 } : {}),
      ...(type === 'TIMESTAMP' ? { scale: 6 } : {}),
    });
    return {
      name: col,
      dataType: `mem_${type.toLowerCase()}`,
      nullable: canonical.nullable,
      safeMapping: true,
      canonical,
    };
  });
  const table: SourceTable = {
    owner,
    name,
    columns: cols,
    primaryKey: [],
    partitioning: UNPARTITIONED,
    rowEstimate: rows.length,
    serverVersion: 'Memory 1.0',
  };
  world.source.set(`${owner}.${name}`.toUpperCase(), { table, rows });
  return table;
}

/** The standard test table SH.SALES with three rows. @example const t = addSales(world); */
export function addSales(world: MemoryWorld, rows = 3): SourceTable {
  return addSourceTable(
    world,
    'SH',
    'SALES',
    [
      ['ID', 'INTEGER_8', false],
      ['REGION', 'VARIABLE_STRING'],
      ['AMOUNT', 'DECIMAL'],
    ],
    Array.from({ length: rows }, (_, i) => ({ ID: i + 1, REGION: i % 2 === 0 ? 'EU' : 'US', AMOUNT: `${i + 1}.50` })),
  );
}
