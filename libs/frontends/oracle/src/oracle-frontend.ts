/**
 * The Oracle frontend adapter: wiring and capabilities only (see `session.ts` for the behaviour).
 */
import { defineFrontend, type FrontendCapabilities } from '@goe/core';
import { ORACLE_CONFIG } from './config.js';
import { openOracleSession, type OracleFrontendSession, type OracleSessionOptions } from './session.js';

/**
 * Capabilities of the Oracle frontend: every slice reads `AS OF SCN` one system change number (`snapshot: 'scn'`),
 * each on a session of its own, up to 64 in parallel (slices by partition, subpartition, ROWID range, key range or
 * `ORA_HASH` modulo).
 *
 * @example
 * ORACLE_CAPABILITIES.snapshot // 'scn'
 */
export const ORACLE_CAPABILITIES: FrontendCapabilities = Object.freeze<FrontendCapabilities>({
  snapshot: 'scn',
  maxParallelism: 64,
});

/**
 * An Oracle frontend over a given driver (tests hand in a fake typed against node-oracledb's published types);
 * {@link oracleFrontend} is the one over node-oracledb's thin mode.
 *
 * @example
 * const frontend = createOracleFrontend({ driver: fakeDriver });
 * const session = await frontend.connect(ctx);
 */
export function createOracleFrontend(options: OracleSessionOptions = {}) {
  return defineFrontend({
    kind: 'frontend',
    name: 'oracle',
    displayName: 'Oracle',
    apiVersion: 1,
    description:
      'Oracle Database 12.1+ through node-oracledb thin mode (no Oracle Client): one AS OF SCN snapshot, partition/subpartition/ROWID-range slices',
    configSchema: ORACLE_CONFIG,
    capabilities: ORACLE_CAPABILITIES,
    connect: (ctx): Promise<OracleFrontendSession> => openOracleSession(ctx, options),
  });
}

/**
 * The Oracle frontend (`FRONTEND_DISTRIBUTION=ORACLE`): reads `ORA_CONN`, `ORA_APP_USER`/`ORA_APP_PASS` (and
 * `ORA_ADM_*` for `V$DATABASE` and `DBA_*`), connects in node-oracledb's thin mode and extracts every slice at one
 * SCN into Arrow batches.
 *
 * @example
 * import { oracleFrontend } from '@goe/frontend-oracle';
 * registry.use(oracleFrontend);
 * const session = await oracleFrontend.connect(ctx);
 * const table = await session.describeTable('SH', 'SALES');
 */
export const oracleFrontend = createOracleFrontend();
