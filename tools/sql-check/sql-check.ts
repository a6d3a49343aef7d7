/**
 * The one SQL checker of GOE's golden files: sqlglot (pinned in requirements.txt) in a virtual environment of its
 * own (`tools/sql-check/.venv`, created on first use with the machine's `python3`), asked once per batch.
 *
 * @example
 * const [r] = await checkSql([{ id: 'count', dialect: 'bigquery', sql: 'SELECT COUNT(*) FROM `p.d.t`' }]);
 * r.ok // true
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const VENV = join(HERE, '.venv');
const PYTHON = join(VENV, 'bin', 'python');
const STAMP = join(VENV, 'requirements.txt');

/** One text to parse. */
export interface SqlCheckItem {
  readonly id: string;
  /** A sqlglot dialect name: `bigquery`, `duckdb`, `postgres`, `oracle`, `snowflake`, `tsql`, `teradata`, `hive`… */
  readonly dialect: string;
  readonly sql: string;
}

/** What sqlglot said of one text. */
export type SqlCheckResult =
  | { readonly id: string; readonly ok: true; readonly statements: number }
  | { readonly id: string; readonly ok: false; readonly error: string };

/**
 * Creates the virtual environment and installs the pinned sqlglot when missing or when requirements.txt changed
 * (from PyPI; `PIP_INDEX_URL` and friends apply). Returns the Python to run.
 *
 * @throws Error with pip's output when the install fails
 */
export function ensureSqlChecker(): string {
  const wanted = readFileSync(join(HERE, 'requirements.txt'), 'utf8');
  const ready = () => existsSync(PYTHON) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === wanted;
  if (ready()) return PYTHON;
  // Built beside the final place and renamed into it, so test files running at once never see half a venv.
  const building = `${VENV}.${process.pid}-${Date.now()}`;
  const python = process.env.GOE_SQL_CHECK_PYTHON ?? 'python3';
  try {
    execFileSync(python, ['-m', 'venv', building], { stdio: 'pipe' });
    const pip = spawnSync(
      join(building, 'bin', 'python'),
      ['-m', 'pip', 'install', '--disable-pip-version-check', '-q', '-r', join(HERE, 'requirements.txt')],
      { encoding: 'utf8' },
    );
    if (pip.status !== 0) throw new Error(`sql-check: pip install failed:\n${pip.stdout}\n${pip.stderr}`);
    writeFileSync(join(building, 'requirements.txt'), wanted);
    if (ready()) return PYTHON; // another process finished first
    rmSync(VENV, { recursive: true, force: true });
    try {
      renameSync(building, VENV);
    } catch (e) {
      if (!ready()) throw e;
    }
    return PYTHON;
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
}

/**
 * Parses every item with sqlglot in one Python process.
 *
 * @returns one result per item, in order, and the sqlglot version
 */
export function checkSql(items: readonly SqlCheckItem[]): {
  readonly sqlglot: string;
  readonly results: readonly SqlCheckResult[];
} {
  const python = ensureSqlChecker();
  const run = spawnSync(python, [join(HERE, 'check.py')], {
    input: JSON.stringify({ items }),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`sql-check: check.py failed (${run.status}):\n${run.stderr}`);
  return JSON.parse(run.stdout) as { sqlglot: string; results: SqlCheckResult[] };
}
