/**
 * `@goe/frontend-postgres`: the PostgreSQL frontend of GOE (pg or PGlite; COPY binary → Arrow).
 *
 * @packageDocumentation
 */
export {
  postgresFrontend,
  POSTGRES_CAPABILITIES,
  PGLITE_CAPABILITIES,
  PGLITE_SESSION_CAPABILITIES,
} from './postgres-frontend.js';
export {
  POSTGRES_CONFIG,
  POSTGRES_SSL_MODES,
  POSTGRES_SPLIT_METHODS,
  resolvePostgresSettings,
  demoConnection,
  type PostgresSettings,
  type PostgresSslMode,
  type PostgresSplitMethod,
  type PostgresValueOptions,
} from './config.js';
export { openPostgresSession, type PostgresFrontendSession } from './session.js';
export { mapPostgresType, type CanonicalMapping, type PgColumnType } from './type-map.js';
