/**
 * Every SQL statement of the SQLite repository, prepared once per connection, with the row ↔ contract mapping.
 * Owner and table names are matched case-insensitively through upper-case `*_key` columns.
 */
import type { Database, Statement } from 'better-sqlite3';
import type {
  CommandExecution,
  CommandStep,
  ExecutionStatus,
  IncrementalPredicateType,
  OffloadChunkRecord,
  OffloadMetadata,
  TargetOwnership,
} from '@goe/core';

/** A `command_execution` row. */
export interface CommandRow {
  id: string;
  command: string;
  command_line: string;
  owner: string | null;
  table_name: string | null;
  status: string;
  started_at: string;
  ended_at: string | null;
  log_path: string | null;
  error: string | null;
  goe_version?: string | null;
}

/** A `command_step` row. */
export interface StepRow {
  execution_id: string;
  step_id: string;
  title: string;
  status: string;
  started_at: string;
  ended_at: string | null;
  details: string | null;
}

/** An `offload_chunk` row. */
export interface ChunkRow {
  execution_id: string;
  chunk_number: number;
  status: string;
  chunk_rows: number | null;
  scope: string;
  started_at: string;
  ended_at: string | null;
}

/** An `offload_metadata` row. */
export interface MetadataRow {
  owner: string;
  table_name: string;
  backend_database: string;
  backend_table: string;
  offload_type: 'FULL' | 'INCREMENTAL';
  incremental_key: string | null;
  high_water_mark: string | null;
  predicates: string | null;
  predicate_type: IncrementalPredicateType | null;
  incremental_range: 'PARTITION' | 'SUBPARTITION' | null;
  /** JSON array of string arrays. */
  high_values: string | null;
  /** JSON array of GOE `COL:fn(params)` texts. */
  column_transforms: string | null;
  snapshot: string | null;
  execution_id: string;
  updated_at: string;
}

/** An `offload_target` row. */
export interface TargetRow {
  backend_database: string;
  backend_table: string;
  owner: string;
  table_name: string;
  execution_id: string;
  claimed_at: string;
}

/** The prepared statements of one connection. */
export interface Queries {
  readonly insertCommand: Statement;
  readonly endCommand: Statement;
  readonly getCommand: Statement<[string], CommandRow>;
  readonly listCommands: Statement<[{ ownerKey: string | null; tableKey: string | null; limit: number }], CommandRow>;
  readonly insertStep: Statement;
  readonly endOpenStep: Statement;
  readonly endLatestStep: Statement;
  readonly listSteps: Statement<[string], StepRow>;
  readonly insertChunk: Statement;
  readonly endChunk: Statement;
  readonly listChunks: Statement<[string], ChunkRow>;
  readonly getMetadata: Statement<[string, string], MetadataRow>;
  readonly upsertMetadata: Statement;
  readonly deleteMetadata: Statement;
  readonly getTarget: Statement<[string, string], TargetRow>;
  readonly upsertTarget: Statement;
  readonly deleteTarget: Statement;
}

/**
 * Prepares every statement on `db`.
 *
 * @example
 * const q = prepareQueries(db); q.getCommand.get(id);
 */
export function prepareQueries(db: Database): Queries {
  return {
    insertCommand: db.prepare(`INSERT INTO command_execution
      (id, command, command_line, owner, table_name, owner_key, table_key, status, started_at, log_path, error,
       goe_version)
      VALUES (@id, @command, @commandLine, @owner, @table, @ownerKey, @tableKey, @status, @startedAt, @logPath, @error,
       @goeVersion)`),
    endCommand: db.prepare(`UPDATE command_execution SET status = @status, ended_at = @endedAt,
      error = COALESCE(@error, error) WHERE id = @id`),
    getCommand: db.prepare('SELECT * FROM command_execution WHERE id = ?'),
    listCommands: db.prepare(`SELECT * FROM command_execution
      WHERE (@ownerKey IS NULL OR owner_key = @ownerKey) AND (@tableKey IS NULL OR table_key = @tableKey)
      ORDER BY started_at DESC, rowid DESC LIMIT @limit`),
    insertStep: db.prepare(`INSERT INTO command_step (execution_id, step_id, title, status, started_at, details)
      VALUES (@executionId, @stepId, @title, 'EXECUTING', @startedAt, @details)`),
    endOpenStep:
      db.prepare(`UPDATE command_step SET status = @status, ended_at = @endedAt, details = COALESCE(@details, details)
      WHERE seq = (SELECT MAX(seq) FROM command_step
                   WHERE execution_id = @executionId AND step_id = @stepId AND ended_at IS NULL)`),
    endLatestStep:
      db.prepare(`UPDATE command_step SET status = @status, ended_at = @endedAt, details = COALESCE(@details, details)
      WHERE seq = (SELECT MAX(seq) FROM command_step WHERE execution_id = @executionId AND step_id = @stepId)`),
    listSteps: db.prepare('SELECT * FROM command_step WHERE execution_id = ? ORDER BY seq'),
    insertChunk:
      db.prepare(`INSERT INTO offload_chunk (execution_id, chunk_number, status, chunk_rows, scope, started_at)
      VALUES (@executionId, @chunkNumber, 'EXECUTING', @rows, @scope, @startedAt)`),
    endChunk:
      db.prepare(`UPDATE offload_chunk SET status = @status, ended_at = @endedAt, chunk_rows = COALESCE(@rows, chunk_rows)
      WHERE execution_id = @executionId AND chunk_number = @chunkNumber`),
    listChunks: db.prepare('SELECT * FROM offload_chunk WHERE execution_id = ? ORDER BY chunk_number'),
    getMetadata: db.prepare('SELECT * FROM offload_metadata WHERE owner_key = ? AND table_key = ?'),
    upsertMetadata: db.prepare(`INSERT INTO offload_metadata
      (owner_key, table_key, owner, table_name, backend_database, backend_table, offload_type, incremental_key,
       high_water_mark, predicates, predicate_type, incremental_range, high_values, column_transforms, snapshot, execution_id,
       execution_id_initial, updated_at)
      VALUES (@ownerKey, @tableKey, @owner, @table, @backendDatabase, @backendTable, @offloadType, @incrementalKey,
       @highWaterMark, @predicates, @predicateType, @incrementalRange, @highValues, @columnTransforms, @snapshot, @executionId,
       @executionId, @updatedAt)
      ON CONFLICT (owner_key, table_key) DO UPDATE SET
        owner = excluded.owner, table_name = excluded.table_name, backend_database = excluded.backend_database,
        backend_table = excluded.backend_table, offload_type = excluded.offload_type,
        incremental_key = excluded.incremental_key, high_water_mark = excluded.high_water_mark,
        predicates = excluded.predicates, predicate_type = excluded.predicate_type,
        incremental_range = excluded.incremental_range, high_values = excluded.high_values,
        column_transforms = excluded.column_transforms, snapshot = excluded.snapshot, execution_id = excluded.execution_id,
        updated_at = excluded.updated_at`),
    deleteMetadata: db.prepare('DELETE FROM offload_metadata WHERE owner_key = ? AND table_key = ?'),
    getTarget: db.prepare('SELECT * FROM offload_target WHERE database_key = ? AND table_key = ?'),
    upsertTarget: db.prepare(`INSERT INTO offload_target
      (database_key, table_key, backend_database, backend_table, owner, table_name, execution_id, claimed_at)
      VALUES (@databaseKey, @tableKey, @backendDatabase, @backendTable, @owner, @table, @executionId, @claimedAt)
      ON CONFLICT (database_key, table_key) DO UPDATE SET
        backend_database = excluded.backend_database, backend_table = excluded.backend_table, owner = excluded.owner,
        table_name = excluded.table_name, execution_id = excluded.execution_id, claimed_at = excluded.claimed_at`),
    deleteTarget: db.prepare('DELETE FROM offload_target WHERE database_key = ? AND table_key = ?'),
  };
}

/** The case-insensitive key of an owner or table name. @example nameKey('sh') // 'SH' */
export function nameKey(name: string): string {
  return name.toUpperCase();
}

/** Maps a row to a {@link CommandExecution}. @example toCommand(q.getCommand.get(id)!) */
export function toCommand(r: CommandRow): CommandExecution {
  return strip<CommandExecution>({
    id: r.id,
    command: r.command,
    commandLine: r.command_line,
    owner: r.owner,
    table: r.table_name,
    status: r.status as ExecutionStatus,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    logPath: r.log_path,
    error: r.error,
    goeVersion: r.goe_version,
  });
}

/** Maps a row to a {@link CommandStep}. @example q.listSteps.all(id).map(toStep) */
export function toStep(r: StepRow): CommandStep {
  return strip<CommandStep>({
    executionId: r.execution_id,
    stepId: r.step_id,
    title: r.title,
    status: r.status as ExecutionStatus,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    details: r.details === null ? null : (JSON.parse(r.details) as Record<string, unknown>),
  });
}

/** Maps a row to an {@link OffloadChunkRecord}. @example q.listChunks.all(id).map(toChunk) */
export function toChunk(r: ChunkRow): OffloadChunkRecord {
  return strip<OffloadChunkRecord>({
    executionId: r.execution_id,
    chunkNumber: r.chunk_number,
    status: r.status as ExecutionStatus,
    rows: r.chunk_rows,
    scope: r.scope,
    startedAt: r.started_at,
    endedAt: r.ended_at,
  });
}

/** Maps a row to {@link OffloadMetadata}. @example toMetadata(q.getMetadata.get('SH', 'SALES')!) */
export function toMetadata(r: MetadataRow): OffloadMetadata {
  return strip<OffloadMetadata>({
    owner: r.owner,
    table: r.table_name,
    backendDatabase: r.backend_database,
    backendTable: r.backend_table,
    offloadType: r.offload_type,
    incrementalKey: r.incremental_key,
    highWaterMark: r.high_water_mark,
    predicates: r.predicates === null ? null : (JSON.parse(r.predicates) as string[]),
    predicateType: r.predicate_type,
    incrementalRange: r.incremental_range,
    highValues: r.high_values === null ? null : (JSON.parse(r.high_values) as string[][]),
    columnTransforms: r.column_transforms === null ? null : (JSON.parse(r.column_transforms) as string[]),
    snapshot: r.snapshot,
    executionId: r.execution_id,
    updatedAt: r.updated_at,
  });
}

/** Maps a row to {@link TargetOwnership}. @example toTarget(q.getTarget.get('SH', 'SALES')!) */
export function toTarget(r: TargetRow): TargetOwnership {
  return {
    backendDatabase: r.backend_database,
    backendTable: r.backend_table,
    owner: r.owner,
    table: r.table_name,
    executionId: r.execution_id,
    claimedAt: r.claimed_at,
  };
}

/** Drops `null` members so optional contract fields are absent rather than null. */
function strip<T>(o: { [K in keyof T]: T[K] | null }): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== null && v !== undefined) out[k] = v;
  return out as T;
}
