/**
 * The repository schema as numbered migrations. A `schema_version` table records every migration applied; opening
 * a repository applies the missing ones in one `BEGIN IMMEDIATE` transaction (so two processes opening a new file at
 * once migrate it once) and refuses a file written by a newer GOE.
 */
import type { Database } from 'better-sqlite3';
import { GoeError } from '@goe/core';

/** One schema change. */
export interface Migration {
  /** 1, 2, 3… without gaps. */
  readonly version: number;
  readonly description: string;
  /** SQL run once, inside the migration transaction. */
  readonly sql: string;
}

/**
 * Every migration, oldest first. Never edit a released one: add the next.
 *
 * - 1: command executions, steps, chunks, per-table offload metadata (GOE's repository, reference §4.1).
 * - 2: the first execution id of each table's metadata (GOE's `command_execution_id_initial`) and an index for
 *   listing the commands of one table.
 * - 3: a step of a command cannot be started again while its previous start is unfinished (per-chunk steps start
 *   again only after they ended).
 * - 4: ownership of backend tables (`offload_target`: which source's offload created each one), filled from the
 *   existing offload metadata.
 * - 5: the GOE version that wrote each command execution (`goe_version`), read by the version check.
 * - 6: offload variants: predicate type, incremental range and high values.
 * - 7: the `--transform-column` settings of each offloaded table (`column_transforms`, JSON), applied again on append.
 *
 * @example
 * MIGRATIONS.at(-1)?.version // SQLITE_SCHEMA_VERSION
 */
export const MIGRATIONS: readonly Migration[] = Object.freeze([
  {
    version: 1,
    description: 'command executions, steps, chunks and offload metadata',
    sql: `
      CREATE TABLE command_execution (
        id           TEXT PRIMARY KEY,
        command      TEXT NOT NULL,
        command_line TEXT NOT NULL,
        owner        TEXT,
        table_name   TEXT,
        owner_key    TEXT,
        table_key    TEXT,
        status       TEXT NOT NULL,
        started_at   TEXT NOT NULL,
        ended_at     TEXT,
        log_path     TEXT,
        error        TEXT
      );
      CREATE TABLE command_step (
        seq          INTEGER PRIMARY KEY AUTOINCREMENT,
        execution_id TEXT NOT NULL REFERENCES command_execution(id) ON DELETE CASCADE,
        step_id      TEXT NOT NULL,
        title        TEXT NOT NULL,
        status       TEXT NOT NULL,
        started_at   TEXT NOT NULL,
        ended_at     TEXT,
        details      TEXT
      );
      CREATE INDEX command_step_execution_idx ON command_step(execution_id, step_id);
      CREATE TABLE offload_chunk (
        execution_id TEXT NOT NULL REFERENCES command_execution(id) ON DELETE CASCADE,
        chunk_number INTEGER NOT NULL CHECK (chunk_number > 0),
        status       TEXT NOT NULL,
        chunk_rows   INTEGER,
        scope        TEXT NOT NULL,
        started_at   TEXT NOT NULL,
        ended_at     TEXT,
        PRIMARY KEY (execution_id, chunk_number)
      );
      CREATE TABLE offload_metadata (
        owner_key        TEXT NOT NULL,
        table_key        TEXT NOT NULL,
        owner            TEXT NOT NULL,
        table_name       TEXT NOT NULL,
        backend_database TEXT NOT NULL,
        backend_table    TEXT NOT NULL,
        offload_type     TEXT NOT NULL CHECK (offload_type IN ('FULL', 'INCREMENTAL')),
        incremental_key  TEXT,
        high_water_mark  TEXT,
        predicates       TEXT,
        snapshot         TEXT,
        execution_id     TEXT NOT NULL,
        updated_at       TEXT NOT NULL,
        PRIMARY KEY (owner_key, table_key)
      );`,
  },
  {
    version: 2,
    description: 'initial execution id of offload metadata; index of commands by table',
    sql: `
      ALTER TABLE offload_metadata ADD COLUMN execution_id_initial TEXT;
      UPDATE offload_metadata SET execution_id_initial = execution_id WHERE execution_id_initial IS NULL;
      CREATE INDEX command_execution_table_idx ON command_execution(owner_key, table_key, started_at);`,
  },
  {
    version: 3,
    description: 'at most one open (unfinished) row per step of a command',
    sql: `
      UPDATE command_step SET ended_at = started_at, status = 'ERROR'
        WHERE ended_at IS NULL AND seq NOT IN (SELECT MAX(seq) FROM command_step WHERE ended_at IS NULL GROUP BY execution_id, step_id);
      CREATE UNIQUE INDEX command_step_open_idx ON command_step(execution_id, step_id) WHERE ended_at IS NULL;`,
  },
  {
    version: 4,
    description: 'ownership of backend tables',
    sql: `
      CREATE TABLE offload_target (
        database_key     TEXT NOT NULL,
        table_key        TEXT NOT NULL,
        backend_database TEXT NOT NULL,
        backend_table    TEXT NOT NULL,
        owner            TEXT NOT NULL,
        table_name       TEXT NOT NULL,
        execution_id     TEXT NOT NULL,
        claimed_at       TEXT NOT NULL,
        PRIMARY KEY (database_key, table_key)
      );
      INSERT OR IGNORE INTO offload_target
        (database_key, table_key, backend_database, backend_table, owner, table_name, execution_id, claimed_at)
        SELECT upper(backend_database), upper(backend_table), backend_database, backend_table, owner, table_name,
               COALESCE(execution_id_initial, execution_id), updated_at
        FROM offload_metadata ORDER BY updated_at;`,
  },
  {
    version: 5,
    description: 'GOE version of each command execution',
    sql: `ALTER TABLE command_execution ADD COLUMN goe_version TEXT;`,
  },
  {
    version: 6,
    description: 'offload variants: predicate type, incremental range and high values (JSON) of the offload metadata',
    sql: `
      ALTER TABLE offload_metadata ADD COLUMN predicate_type TEXT;
      ALTER TABLE offload_metadata ADD COLUMN incremental_range TEXT;
      ALTER TABLE offload_metadata ADD COLUMN high_values TEXT;`,
  },
  {
    version: 7,
    description: 'column transformations (--transform-column, JSON) of the offload metadata',
    sql: `ALTER TABLE offload_metadata ADD COLUMN column_transforms TEXT;`,
  },
]);

/** The schema version this package writes. @example SQLITE_SCHEMA_VERSION // 7 */
export const SQLITE_SCHEMA_VERSION: number = MIGRATIONS.at(-1)!.version;

/**
 * Brings a database to `target` (default {@link SQLITE_SCHEMA_VERSION}) and returns the version it is at. Runs in
 * one `BEGIN IMMEDIATE` transaction: concurrent openers wait (busy_timeout) and then find the work done.
 *
 * @param where the file, for error messages
 * @throws GoeError `CONFIG_INVALID` when the file is at a newer version than this package knows
 * @example
 * migrate(db, '/home/goe/.goe/repo/goe.sqlite'); // 3
 */
export function migrate(db: Database, where: string, target: number = SQLITE_SCHEMA_VERSION): number {
  const run = db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_version (
      version     INTEGER PRIMARY KEY,
      description TEXT NOT NULL,
      applied_at  TEXT NOT NULL
    )`);
    const current = currentVersion(db);
    if (current > SQLITE_SCHEMA_VERSION) {
      throw new GoeError(
        'CONFIG_INVALID',
        `The GOE repository ${where} is at schema version ${current}, newer than this @goe/repository-sqlite supports (${SQLITE_SCHEMA_VERSION})`,
        {
          variable: 'OFFLOAD_REPOSITORY_URL',
          hint: 'Upgrade GOE on this host, or point OFFLOAD_REPOSITORY_URL at another file',
        },
      );
    }
    const insert = db.prepare('INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)');
    for (const m of MIGRATIONS) {
      if (m.version <= current || m.version > target) continue;
      db.exec(m.sql);
      insert.run(m.version, m.description, new Date().toISOString());
    }
    return currentVersion(db);
  });
  return run.immediate();
}

/** The highest applied migration, 0 for a new file. @example currentVersion(db) // 2 */
export function currentVersion(db: Database): number {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").get();
  if (exists === undefined) return 0;
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null };
  return row.v ?? 0;
}
