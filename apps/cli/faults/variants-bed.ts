/**
 * The bed of the offload-variant end-to-end tests (issue #13): one real PostgreSQL server (the fault tests' global
 * setup) holding schema `variants` — LIST, LIST_AS_RANGE, multi-column RANGE, sub-partitioned, RANGE and
 * non-partitioned tables seeded once — and, per case, a fresh OFFLOAD_HOME (DuckDB warehouse, local staging, SQLite
 * repository, file lock) driven through the bundled `goe` binary as a child process, as the fault bed does.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { commandStatuses, duckRenderedRows, homeEnv, openRepo, pgRenderedRows, runOffload } from './bed-support.js';

/** Source schema of the variant tests. */
export const VARIANTS_SCHEMA = 'variants';

/** Every table has these columns (only the partition keys differ). */
const COLUMNS = `id bigint NOT NULL, region text NOT NULL, yr int NOT NULL, mon int NOT NULL, day date NOT NULL,
  name text, amount numeric(38,10), ts timestamptz, note text`;

/**
 * `n` rows from id `from`: regions EU/US/APAC/ANZ/LATAM in turn, `day` from `dayExpr` (in `g`), `yr`/`mon` of
 * `day`; NULLs, '' against NULL, multi-byte text, a numeric(38,10) with 10 decimals and 20 integer digits, and
 * timestamps with microseconds.
 */
const rows = (n: number, from = 1, dayExpr = `DATE '2024-01-01' + (g % 120)`) => `
  SELECT g, (ARRAY['EU','US','APAC','ANZ','LATAM'])[1 + g % 5], extract(year FROM d)::int, extract(month FROM d)::int, d,
         CASE WHEN g % 97 = 0 THEN NULL ELSE 'n' || g END,
         CASE WHEN g % 89 = 0 THEN NULL ELSE (g * 1234567.0123456789 - 98765432101234567.5)::numeric(38,10) END,
         CASE WHEN g % 83 = 0 THEN NULL ELSE TIMESTAMPTZ '2024-03-10 01:30:00+00' + g * interval '1 second 7 microseconds' END,
         CASE WHEN g % 13 = 0 THEN '' WHEN g % 11 = 0 THEN NULL WHEN g % 7 = 0 THEN 'ünïcödé €😀 ' || g ELSE 'note ' || g END
  FROM (SELECT g, ${dayExpr} AS d FROM generate_series(${from}, ${from + n - 1}) g) s`;

const S = VARIANTS_SCHEMA;
const monthly = (table: string, extra = '') =>
  [1, 2, 3, 4]
    .map(
      (m) =>
        `CREATE TABLE ${S}.${table}_2024_0${m} PARTITION OF ${S}.${table}
           FOR VALUES FROM ('2024-0${m}-01') TO ('2024-0${m + 1}-01')${extra};`,
    )
    .join('\n');

/** Row count of every seeded table (before late rows are added). */
export const VARIANT_ROWS = 3_000;
/** First id of the late-arriving rows `addLateRows` inserts into `late_t`. */
export const LATE_FIRST_ID = 100_001;

/**
 * Creates (again) schema `variants`:
 * - `list_t` LIST (region): `list_t_eu` (EU), `list_t_us` (US), `list_t_apac` (APAC, ANZ), `list_t_def` DEFAULT (LATAM);
 * - `las_t` LIST (day), one day per partition `las_t_d0226` … `las_t_d0302`, DEFAULT `las_t_def` (2024-03-03);
 * - `mc_t` RANGE (yr, mon): `mc_t_2024_01` … `mc_t_2024_04` ([(2024,m), (2024,m+1))), `mc_t_max` to (MAXVALUE, MAXVALUE);
 * - `sub_rr` RANGE (day) monthly, each sub-partitioned by RANGE (id) at 1000 and 2000 (January also at 1500);
 * - `sub_lr` LIST (region) as `list_t`, each sub-partitioned by RANGE (day) monthly;
 * - `rng_t` and `late_t` RANGE (day) monthly; `pred_t` not partitioned.
 */
export async function seedVariantsSource(url: string, n = VARIANT_ROWS): Promise<void> {
  const subRange = (part: string, bounds: readonly number[]) => {
    const edges = ['MINVALUE', ...bounds.map(String), 'MAXVALUE'];
    return edges
      .slice(0, -1)
      .map(
        (lo, i) =>
          `CREATE TABLE ${S}.${part}_s${i + 1} PARTITION OF ${S}.${part} FOR VALUES FROM (${lo}) TO (${edges[i + 1]});`,
      )
      .join('\n');
  };
  const subDays = (part: string) =>
    [1, 2, 3, 4]
      .map(
        (m) =>
          `CREATE TABLE ${S}.${part}_2024_0${m} PARTITION OF ${S}.${part} FOR VALUES FROM ('2024-0${m}-01') TO ('2024-0${m + 1}-01');`,
      )
      .join('\n');
  const lists: readonly [string, string][] = [
    ['eu', `IN ('EU')`],
    ['us', `IN ('US')`],
    ['apac', `IN ('APAC', 'ANZ')`],
  ];
  const lasDays = ['2024-02-26', '2024-02-27', '2024-02-28', '2024-02-29', '2024-03-01', '2024-03-02'];
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${S} CASCADE; CREATE SCHEMA ${S};
      CREATE TABLE ${S}.list_t (${COLUMNS}) PARTITION BY LIST (region);
      ${lists.map(([p, v]) => `CREATE TABLE ${S}.list_t_${p} PARTITION OF ${S}.list_t FOR VALUES ${v};`).join('\n')}
      CREATE TABLE ${S}.list_t_def PARTITION OF ${S}.list_t DEFAULT;
      INSERT INTO ${S}.list_t ${rows(n)};

      CREATE TABLE ${S}.las_t (${COLUMNS}) PARTITION BY LIST (day);
      ${lasDays.map((d) => `CREATE TABLE ${S}.las_t_d${d.slice(5).replace('-', '')} PARTITION OF ${S}.las_t FOR VALUES IN ('${d}');`).join('\n')}
      CREATE TABLE ${S}.las_t_def PARTITION OF ${S}.las_t DEFAULT;
      INSERT INTO ${S}.las_t ${rows(n, 1, `DATE '2024-02-26' + (g % 7)`)};

      CREATE TABLE ${S}.mc_t (${COLUMNS}) PARTITION BY RANGE (yr, mon);
      ${[1, 2, 3, 4].map((m) => `CREATE TABLE ${S}.mc_t_2024_0${m} PARTITION OF ${S}.mc_t FOR VALUES FROM (2024, ${m}) TO (2024, ${m + 1});`).join('\n')}
      CREATE TABLE ${S}.mc_t_max PARTITION OF ${S}.mc_t FOR VALUES FROM (2024, 5) TO (MAXVALUE, MAXVALUE);
      INSERT INTO ${S}.mc_t ${rows(n)};

      CREATE TABLE ${S}.sub_rr (${COLUMNS}) PARTITION BY RANGE (day);
      ${monthly('sub_rr', ' PARTITION BY RANGE (id)')}
      ${subRange('sub_rr_2024_01', [1000, 1500, 2000])}
      ${[2, 3, 4].map((m) => subRange(`sub_rr_2024_0${m}`, [1000, 2000])).join('\n')}
      INSERT INTO ${S}.sub_rr ${rows(n)};

      CREATE TABLE ${S}.sub_lr (${COLUMNS}) PARTITION BY LIST (region);
      ${lists.map(([p, v]) => `CREATE TABLE ${S}.sub_lr_${p} PARTITION OF ${S}.sub_lr FOR VALUES ${v} PARTITION BY RANGE (day);`).join('\n')}
      CREATE TABLE ${S}.sub_lr_def PARTITION OF ${S}.sub_lr DEFAULT PARTITION BY RANGE (day);
      ${['eu', 'us', 'apac', 'def'].map((p) => subDays(`sub_lr_${p}`)).join('\n')}
      INSERT INTO ${S}.sub_lr ${rows(n)};

      CREATE TABLE ${S}.rng_t (${COLUMNS}) PARTITION BY RANGE (day);
      ${monthly('rng_t')}
      INSERT INTO ${S}.rng_t ${rows(n)};

      CREATE TABLE ${S}.late_t (${COLUMNS}) PARTITION BY RANGE (day);
      ${monthly('late_t')}
      INSERT INTO ${S}.late_t ${rows(n)};

      CREATE TABLE ${S}.pred_t (${COLUMNS}, PRIMARY KEY (id));
      INSERT INTO ${S}.pred_t ${rows(n)};
      ANALYZE;`);
  } finally {
    await client.end();
  }
}

/** Inserts `count` late-arriving rows (ids from {@link LATE_FIRST_ID}, days in February 2024) into `late_t`. */
export async function addLateRows(url: string, count = 200): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO ${S}.late_t ${rows(count, LATE_FIRST_ID, `DATE '2024-02-01' + (g % 29)`)}; ANALYZE ${S}.late_t;`,
    );
  } finally {
    await client.end();
  }
}

/** Renders a row the same way in both engines: `|`-joined text, NULL as `<NULL>`, timestamps as epoch µs. */
const renderPg = (table: string, where: string) =>
  `SELECT concat_ws('|', id::text, region, yr::text, mon::text, day::text, coalesce(name, '<NULL>'),
     coalesce(amount::text, '<NULL>'), coalesce(((extract(epoch FROM ts) * 1000000)::bigint)::text, '<NULL>'),
     coalesce(note, '<NULL>')) AS r
   FROM ${S}.${table} WHERE ${where}`;
const renderDuck = (qualified: string) =>
  `SELECT concat_ws('|', id::VARCHAR, region, yr::VARCHAR, mon::VARCHAR, day::VARCHAR, coalesce(name, '<NULL>'),
     coalesce(amount::VARCHAR, '<NULL>'), coalesce(epoch_us(ts)::VARCHAR, '<NULL>'), coalesce(note, '<NULL>')) AS r
   FROM ${qualified}`;

/** What one CLI run did. */
export interface VariantRun {
  readonly argv: readonly string[];
  /** Exit code, `null` when a signal ended it. */
  readonly code: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout + stderr. */
  readonly output: string;
}

/** The last lines of a run, for failure messages and the report. */
export function tail(r: VariantRun, lines = 4): string {
  const text = r.output
    .trim()
    .split('\n')
    .filter((l) => l.trim() !== '');
  return `goe offload ${r.argv.join(' ')} → exit ${r.code ?? r.signal}: ${text.slice(-lines).join(' | ')}`;
}

/** Runs the bundled CLI (`goe offload <argv>`) with exactly `env`. */
async function runCli(argv: readonly string[], env: Record<string, string>): Promise<VariantRun> {
  const r = await runOffload(argv, env, 120_000);
  return { argv, ...r, output: r.stdout + r.stderr };
}

/** A repository row as text values (column name → value), `undefined` when absent. */
export type RepoRow = Readonly<Record<string, unknown>>;

/** Every file under `dir` (relative paths), `[]` when it does not exist. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(dir, f)).isFile());
}

/** One case's OFFLOAD_HOME against the shared source. */
export interface VariantHome {
  readonly home: string;
  /** `goe offload <argv>`; `env` is added to the home's environment (e.g. `GOE_TEST_KILL_AT`). */
  run(argv: readonly string[], env?: Readonly<Record<string, string>>): Promise<VariantRun>;
  /** The source rows of `table` matching `where` (SQL on the source), rendered, sorted. */
  sourceRows(table: string, where?: string): Promise<readonly string[]>;
  /** The backend rows of `table`, rendered the same way, sorted (`[]` when the table does not exist). */
  backendRows(table: string): Promise<readonly string[]>;
  /** The offload metadata row of `table` (every column), `undefined` when none. */
  metadata(table: string): Promise<RepoRow | undefined>;
  /** Status of every command row of `table`, oldest first. */
  commands(table: string): Promise<readonly string[]>;
  /** Lock files and staged files left behind. */
  leftovers(): { readonly locks: readonly string[]; readonly staging: readonly string[] };
  dispose(): Promise<void>;
}

/** A fresh OFFLOAD_HOME for one case (DuckDB warehouse, local staging, SQLite repository, file lock). */
export function variantHome(pgUrl: string, label: string): VariantHome {
  const home = mkdtempSync(join(tmpdir(), `goe-variants-${label}-`));
  const baseEnv = homeEnv(home, pgUrl, { QUERY_ENGINE: 'DUCKDB' });
  const repo = () => openRepo(home);
  return {
    home,
    run: (argv, env = {}) => runCli(argv, { ...baseEnv, ...env }),
    sourceRows: (table, where = 'true') => pgRenderedRows(pgUrl, renderPg(table, where)),
    backendRows: (table) => duckRenderedRows(home, S, table, renderDuck),
    async metadata(table) {
      const db = repo();
      if (db === undefined) return undefined;
      try {
        return db
          .prepare('SELECT * FROM offload_metadata WHERE owner_key = ? AND table_key = ?')
          .get(S.toUpperCase(), table.toUpperCase()) as RepoRow | undefined;
      } finally {
        db.close();
      }
    },
    async commands(table) {
      const db = repo();
      if (db === undefined) return [];
      try {
        return commandStatuses(db, S, table);
      } finally {
        db.close();
      }
    },
    leftovers: () => ({ locks: filesUnder(join(home, 'run')), staging: filesUnder(join(home, 'staging')) }),
    async dispose() {
      rmSync(home, { recursive: true, force: true });
    },
  };
}
