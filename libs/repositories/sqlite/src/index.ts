/**
 * `@goe/repository-sqlite`: GOE's embedded metadata repository, a SQLite file under `OFFLOAD_HOME`.
 *
 * @packageDocumentation
 */
export { sqliteRepository, openSqliteRepository } from './sqlite-repository.js';
export type { SqliteRepositoryOptions } from './sqlite-repository.js';
export { SQLITE_REPOSITORY_CONFIG, DEFAULT_BUSY_TIMEOUT_MS, sqlitePathFromUrl } from './config.js';
export { SQLITE_SCHEMA_VERSION, MIGRATIONS, migrate } from './migrations.js';
export type { Migration } from './migrations.js';
