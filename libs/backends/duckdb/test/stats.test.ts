/**
 * "Compute backend statistics" (`--offload-stats NATIVE`): the session's `computeStats` runs DuckDB's `ANALYZE` of
 * the final table (counted with the conformance statement counter); a missing table is an engine error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBConnection, DuckDBPreparedStatement } from '@duckdb/node-api';
import { canonicalFixtures, countDuckDBStatements, createStatementCounter, fixtureTable } from '@goe/conformance';
import { analyzeSql } from '../src/stats.js';
import { DUCKDB_CAPABILITIES } from '../src/index.js';
import { load, openPipeline, stage, type Pipeline } from './support/pipeline.js';
import { plan, tempDir } from './support/harness.js';
import { DUCKDB_FIXTURE_EXCLUSIONS } from './support/exclusions.js';

const fixtures = canonicalFixtures({ lobBytes: 64 }).exclude(DUCKDB_FIXTURE_EXCLUSIONS);
const pl = plan('goe_stats', 'fixtures', fixtures.tableColumns);
const statements = createStatementCounter();
const restore = countDuckDBStatements(statements, DuckDBConnection.prototype, DuckDBPreparedStatement.prototype);

let tmp: Awaited<ReturnType<typeof tempDir>>;
let p: Pipeline;
beforeAll(async () => {
  tmp = await tempDir('goe-duckdb-stats-');
  p = await openPipeline(tmp.dir);
  await load(p, pl, await stage(p, pl, fixtureTable(fixtures).batches[0]!));
});
afterAll(async () => {
  restore();
  await p?.close();
  await tmp?.cleanup();
});

describe('DuckDB computeStats', () => {
  it('renders ANALYZE of the qualified table', () => {
    expect(analyzeSql({ catalog: 'goe', schema: 'sh' }, 'sales')).toBe('ANALYZE "goe"."sh"."sales"');
    expect(analyzeSql({ catalog: 'goe', schema: 'sh' }, 'we"ird')).toBe('ANALYZE "goe"."sh"."we""ird"');
  });

  it('runs ANALYZE of the loaded table, and the table still reads the same', async () => {
    const before = await p.session.count('goe_stats', 'fixtures');
    const m = await statements.measure(() => p.session.computeStats!('goe_stats', 'fixtures'));
    expect(m.statements.filter((s) => s.startsWith('ANALYZE'))).toEqual([
      expect.stringMatching(/^ANALYZE "[^"]+"\."goe_stats"\."fixtures"$/),
    ]);
    expect(await p.session.count('goe_stats', 'fixtures')).toBe(before);
    expect(DUCKDB_CAPABILITIES.statsCopy ?? false).toBe(false);
  });

  it('a table that does not exist fails', async () => {
    await expect(p.session.computeStats!('goe_stats', 'missing')).rejects.toThrow(/missing/);
  });
});
