/**
 * The DuckDB backend's configuration (`QUERY_ENGINE=DUCKDB`): database file, memory limit, threads, and how long
 * to wait for a database file another process holds open.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { defineConfigSchema, GoeError, type ResolvedConfig } from '@goe/core';

/**
 * The DuckDB config schema (group `duckdb`, template `offload.env.template.duckdb`).
 *
 * | Variable | Default | Meaning |
 * |---|---|---|
 * | DUCKDB_DATABASE | `${OFFLOAD_HOME}/warehouse/goe.duckdb` | database file (`:memory:` for a throw-away database) |
 * | DUCKDB_MEMORY_LIMIT | `128MB` | DuckDB `memory_limit` |
 * | DUCKDB_THREADS | (DuckDB: one per core) | DuckDB `threads` |
 * | DUCKDB_BUSY_TIMEOUT | `10` | seconds to retry opening a file another process holds |
 *
 * @example
 * loadConfig({ schemas: [COMMON_CONFIG, DUCKDB_CONFIG] }).get('DUCKDB_MEMORY_LIMIT'); // '128MB'
 */
export const DUCKDB_CONFIG = defineConfigSchema({
  group: 'duckdb',
  title: 'DuckDB backend (QUERY_ENGINE=DUCKDB)',
  variables: [
    {
      name: 'DUCKDB_DATABASE',
      type: 'path',
      default: '${OFFLOAD_HOME}/warehouse/goe.duckdb',
      description:
        'DuckDB database file offloaded tables are written to (created with its directory when missing), or :memory: ' +
        'for a throw-away in-memory database. DuckDB lets one process write a file at a time.',
    },
    {
      name: 'DUCKDB_MEMORY_LIMIT',
      type: 'string',
      default: '128MB',
      pattern: '[0-9]+(\\.[0-9]+)?\\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)',
      patternHint: 'a size such as 512MB or 2GiB',
      description:
        "DuckDB memory_limit: most memory DuckDB's buffer manager uses before spilling to <database>.tmp. DuckDB's own " +
        'default is 80% of RAM, far more than an offload needs. DuckDB uses 80-150 MB beyond the limit while loading ' +
        '(measured loading the 10M-row benchmark table: 64MB peaks at 200 MB, 128MB at 270 MB, 256MB at 405 MB, at ' +
        'the same speed within 10%), so the limit sets the peak of an offload into DuckDB; below 128MB, values of ' +
        'several MB (LOBs) fail with Out of Memory.',
    },
    {
      name: 'DUCKDB_THREADS',
      type: 'integer',
      min: 1,
      description: 'DuckDB threads used by loads and validation queries. Unset: one per CPU core.',
    },
    {
      name: 'DUCKDB_BUSY_TIMEOUT',
      type: 'integer',
      min: 0,
      default: '10',
      description:
        'Seconds to keep retrying when another process holds the DuckDB database file, before failing with ' +
        'BACKEND_BUSY (exit code 3).',
    },
  ],
});

/**
 * Resolved DuckDB settings.
 *
 * @example
 * const s: DuckdbSettings = { database: ':memory:', memoryLimit: '256MB', threads: 2, busyTimeoutMs: 0 };
 * const preview: DuckdbSettings = { ...s, database: '/data/goe.duckdb', readOnly: true };
 */
export interface DuckdbSettings {
  /** Absolute database path, or `:memory:`. */
  readonly database: string;
  /** DuckDB `memory_limit`, e.g. `1GB`. */
  readonly memoryLimit: string;
  /** DuckDB `threads`; `undefined` keeps DuckDB's default (one per core). */
  readonly threads?: number;
  /** Milliseconds to retry opening a locked database file. */
  readonly busyTimeoutMs: number;
  /**
   * Preview (`AdapterContext.readOnly`): open an existing file `READ_ONLY`, create no missing file or directory,
   * refuse every write. Default `false`.
   */
  readonly readOnly?: boolean;
}

const SIZE_RE = /^[0-9]+(\.[0-9]+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i;

/**
 * Reads the DuckDB settings from validated configuration, applying the defaults when a variable is unset.
 *
 * @throws GoeError `CONFIG_INVALID` naming a malformed variable.
 * @example
 * resolveDuckdbSettings(config, '/home/goe/.goe')
 * // { database: '/home/goe/.goe/warehouse/goe.duckdb', memoryLimit: '1GB', busyTimeoutMs: 10000 }
 */
export function resolveDuckdbSettings(config: ResolvedConfig | undefined, offloadHome?: string): DuckdbSettings {
  const home = offloadHome ?? config?.get<string>('OFFLOAD_HOME') ?? join(homedir(), '.goe');
  const db = config?.get<string>('DUCKDB_DATABASE');
  const database =
    db === undefined || db.trim() === ''
      ? join(home, 'warehouse', 'goe.duckdb')
      : db.trim() === ':memory:'
        ? ':memory:'
        : resolve(db.trim());
  const memoryLimit = String(config?.get('DUCKDB_MEMORY_LIMIT') ?? '128MB').trim();
  if (!SIZE_RE.test(memoryLimit)) {
    throw new GoeError(
      'CONFIG_INVALID',
      `DUCKDB_MEMORY_LIMIT must be a size such as 512MB or 2GiB, got ${JSON.stringify(memoryLimit)}`,
      {
        variable: 'DUCKDB_MEMORY_LIMIT',
      },
    );
  }
  const threads = integer(config, 'DUCKDB_THREADS', 1);
  const busy = integer(config, 'DUCKDB_BUSY_TIMEOUT', 0) ?? 10;
  return { database, memoryLimit, ...(threads === undefined ? {} : { threads }), busyTimeoutMs: busy * 1000 };
}

function integer(config: ResolvedConfig | undefined, name: string, min: number): number | undefined {
  const raw = config?.get(name);
  if (raw === undefined || raw === '') return undefined;
  const n = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isInteger(n) || n < min) {
    throw new GoeError('CONFIG_INVALID', `${name} must be an integer of at least ${min}, got ${JSON.stringify(raw)}`, {
      variable: name,
    });
  }
  return n;
}
