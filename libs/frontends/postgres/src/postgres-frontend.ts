/**
 * The PostgreSQL frontend adapter: wiring and capabilities only (see `session.ts` for the behaviour).
 */
import { defineFrontend, type AdapterContext, type FrontendCapabilities } from '@goe/core';
import { POSTGRES_CONFIG, resolvePostgresSettings } from './config.js';
import { assertSourceExists } from './connection.js';
import { openPostgresSession, type PostgresFrontendSession } from './session.js';

/**
 * Capabilities against a PostgreSQL server (`postgres://`): one exported snapshot shared by every slice, up to 64
 * parallel sessions (slices by leaf partition, ctid page range, integer-key range or modulo).
 *
 * @example
 * POSTGRES_CAPABILITIES.snapshot // 'exported-snapshot'
 */
export const POSTGRES_CAPABILITIES: FrontendCapabilities = Object.freeze<FrontendCapabilities>({
  snapshot: 'exported-snapshot',
  maxParallelism: 64,
});

/**
 * How a PGlite session (`pglite://`) narrows {@link POSTGRES_CAPABILITIES}: a single in-process connection, so no
 * shared snapshot and a parallelism of 1 (each slice still reads in one REPEATABLE READ transaction). The session
 * declares it as `session.capabilities`; core reads `effectiveCapabilities(postgresFrontend, session)`.
 *
 * @example
 * PGLITE_SESSION_CAPABILITIES // { snapshot: 'none', maxParallelism: 1 }
 */
export const PGLITE_SESSION_CAPABILITIES: Partial<FrontendCapabilities> = Object.freeze({
  snapshot: 'none',
  maxParallelism: 1,
});

/**
 * The effective capabilities of a PGlite session: {@link POSTGRES_CAPABILITIES} narrowed by
 * {@link PGLITE_SESSION_CAPABILITIES}.
 *
 * @example
 * PGLITE_CAPABILITIES.maxParallelism // 1
 */
export const PGLITE_CAPABILITIES: FrontendCapabilities = Object.freeze<FrontendCapabilities>({
  ...POSTGRES_CAPABILITIES,
  ...PGLITE_SESSION_CAPABILITIES,
});

/**
 * The PostgreSQL frontend (`FRONTEND_DISTRIBUTION=POSTGRES`): reads `POSTGRES_CONN` (`postgres://…` through
 * `pg`, or `pglite://<dir>` through PGlite) and extracts with `COPY … (FORMAT binary)` decoded into Arrow.
 * Its `capabilities` describe a server; a PGlite session narrows them with {@link PGLITE_SESSION_CAPABILITIES}
 * on `session.capabilities`. In a preview (`ctx.readOnly`) a `pglite://<dir>` holding no database fails with
 * `CONNECTION_FAILED` naming `POSTGRES_CONN` and the directory instead of being initialised.
 *
 * @example
 * import { postgresFrontend } from '@goe/frontend-postgres';
 * registry.use(postgresFrontend);
 * const session = await postgresFrontend.connect(ctx);
 * const table = await session.describeTable('sh', 'sales');
 */
export const postgresFrontend = defineFrontend({
  kind: 'frontend',
  name: 'postgres',
  displayName: 'PostgreSQL',
  apiVersion: 1,
  description:
    'PostgreSQL (pg or PGlite): COPY binary decoded into Arrow, exported snapshots, partition and page-range slices',
  configSchema: POSTGRES_CONFIG,
  capabilities: POSTGRES_CAPABILITIES,
  connect: (ctx) => connectPostgres(ctx),
});

async function connectPostgres(ctx: AdapterContext): Promise<PostgresFrontendSession> {
  if (ctx.readOnly === true)
    assertSourceExists({ ...resolvePostgresSettings(ctx.config, ctx.offloadHome), readOnly: true });
  return openPostgresSession(ctx, { pg: POSTGRES_CAPABILITIES, pglite: PGLITE_CAPABILITIES });
}
