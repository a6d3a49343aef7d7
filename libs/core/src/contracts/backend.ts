/**
 * The backend (warehouse) contract: databases and tables, DDL text, and the per-chunk steps GOE records and
 * lets a user skip one by one (stage load, validate staged, validate casts, final load, drop staged).
 */
import type { CanonicalType } from '../types/canonical.js';
import type { BackendTable } from '../model/table.js';
import type { OffloadPlan } from '../plan/offload-plan.js';
import type { AggregateResult, AggregateSpec, OffloadScope } from './frontend.js';
import type { StagedFiles } from './transport.js';
import type { AdapterBase, Branded } from './adapter.js';
import { brandAdapter } from './adapter.js';
import type { AdapterContext } from './context.js';

/** Backend partitioning kinds (GOE's capability flags). */
export type BackendPartitionKind = 'date' | 'integer-range' | 'string' | 'function';

/** What a backend can do; read by the planner and CLI validation. */
export interface BackendCapabilities {
  /** Empty when the backend cannot partition tables. */
  readonly partitioning: readonly BackendPartitionKind[];
  readonly maxPartitionColumns: number;
  readonly clustering: boolean;
  readonly maxDecimalPrecision: number;
  readonly maxDecimalScale: number;
  /** Fractional-second digits of its timestamps (6 = µs, 9 = ns). */
  readonly maxDatetimeScale: number;
  readonly nanoseconds: boolean;
  readonly nanInfinity: boolean;
  readonly identifierCase: 'upper' | 'lower' | 'preserve';
  readonly maxIdentifierLength: number;
  /** Whether a final load is atomic (all of a chunk or nothing). */
  readonly transactionalLoad: boolean;
  /** Whether loads go through a separate `<db>_load` database. */
  readonly loadDatabase: boolean;
  readonly notNullConstraints: boolean;
  /** Canonical types this backend cannot hold at all. */
  readonly unsupportedTypes: readonly CanonicalType[];
  /** Staging formats it can load. */
  readonly stagingFormats: readonly ('PARQUET' | 'AVRO')[];
}

/** One chunk of a load: the files a transport staged for it. */
export interface LoadChunk {
  /** 1-based chunk number within the command. */
  readonly number: number;
  readonly files: StagedFiles;
  readonly scope: OffloadScope;
}

/** Result of a validation step. */
export interface ValidationResult {
  readonly ok: boolean;
  readonly message: string;
  readonly details?: Readonly<Record<string, string | number>>;
}

/** An open connection to a backend. */
export interface BackendSession {
  serverVersion(): Promise<string>;
  databaseExists(database: string): Promise<boolean>;
  createDatabase(database: string): Promise<void>;
  tableExists(database: string, table: string): Promise<boolean>;
  describeTable(database: string, table: string): Promise<BackendTable>;
  /** The DDL the plan would run, as text (preview and `--ddl-file`). */
  ddlFor(plan: OffloadPlan): readonly string[];
  createTable(plan: OffloadPlan): Promise<void>;
  stageLoad(plan: OffloadPlan, chunk: LoadChunk): Promise<void>;
  validateStaged(plan: OffloadPlan, chunk: LoadChunk): Promise<ValidationResult>;
  validateCasts(plan: OffloadPlan, chunk: LoadChunk): Promise<ValidationResult>;
  /** Inserts the chunk into the final table; returns rows inserted. */
  finalLoad(plan: OffloadPlan, chunk: LoadChunk): Promise<bigint>;
  dropStaged(plan: OffloadPlan, chunk: LoadChunk): Promise<void>;
  count(database: string, table: string, scope?: OffloadScope): Promise<bigint>;
  aggregate(
    database: string,
    table: string,
    specs: readonly AggregateSpec[],
    scope?: OffloadScope,
  ): Promise<AggregateResult>;
  /** The largest value of a partition/high-water-mark column, as text, or null for an empty table. */
  maxPartitionValue(database: string, table: string, column: string): Promise<string | null>;
  dropTable(database: string, table: string): Promise<void>;
  close(): Promise<void>;
}

/** A backend adapter definition. */
export interface BackendAdapter extends AdapterBase<'backend'> {
  readonly capabilities: BackendCapabilities;
  connect(ctx: AdapterContext): Promise<BackendSession>;
}

/**
 * Defines a backend adapter.
 *
 * @example
 * export const duckdbBackend = defineBackend({ kind: 'backend', name: 'duckdb', apiVersion: 1, configSchema, capabilities, connect });
 */
export function defineBackend<T extends BackendAdapter>(definition: T): Branded<T> {
  return brandAdapter('backend', definition);
}
