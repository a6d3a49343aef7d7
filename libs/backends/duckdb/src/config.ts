/**
 * The DuckDB backend's configuration (`QUERY_ENGINE=DUCKDB`): database file, memory limit, threads, and how long
 * to wait for a database file another process holds open.
 */
import { homedir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { defineConfigSchema, GoeError, type ResolvedConfig } from '@goe/core';
import { sizeBytes } from './size.js';

/**
 * The DuckDB config schema (group `duckdb`, template `offload.env.template.duckdb`).
 *
 * | Variable | Default | Meaning |
 * |---|---|---|
 * | DUCKDB_DATABASE | `${OFFLOAD_HOME}/warehouse/goe.duckdb` | database file (`:memory:` for a throw-away database) |
 * | DUCKDB_MEMORY_LIMIT | `32MB` | DuckDB `memory_limit` a session starts at |
 * | DUCKDB_MAX_MEMORY_LIMIT | 80 % of RAM (DuckDB's own default) | highest limit an out-of-memory retry raises it to |
 * | DUCKDB_THREADS | (DuckDB: one per core) | DuckDB `threads` |
 * | DUCKDB_BUSY_TIMEOUT | `10` | seconds to retry opening a file another process holds |
 *
 * @example
 * loadConfig({ schemas: [COMMON_CONFIG, DUCKDB_CONFIG] }).get('DUCKDB_MEMORY_LIMIT'); // '32MB'
 */
const SIZE_PATTERN = '[0-9]+(\\.[0-9]+)?\\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)';

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
      default: '32MB',
      pattern: SIZE_PATTERN,
      patternHint: 'a size such as 512MB or 2GiB',
      description:
        "DuckDB memory_limit a session starts at: most memory DuckDB's buffer manager uses before spilling to " +
        '<database>.tmp. DuckDB uses 50-60 MB beyond it while loading, so the limit sets the peak of an offload into ' +
        'DuckDB (the 10M-row benchmark table, whole goe process: 32MB peaks at 222-230 MB, 64MB at 275 MB, 128MB ' +
        'at 340 MB; the load is about 10% slower at 32MB than at 64MB). A statement that runs out of memory (LOBs of ' +
        'several MB need more) is retried at twice the limit, up to DUCKDB_MAX_MEMORY_LIMIT.',
    },
    {
      name: 'DUCKDB_MAX_MEMORY_LIMIT',
      type: 'string',
      pattern: SIZE_PATTERN,
      patternHint: 'a size such as 512MB or 2GiB',
      description:
        'Highest DuckDB memory_limit an out-of-memory retry raises the limit to (doubling it from ' +
        'DUCKDB_MEMORY_LIMIT; a load is one transaction, rolled back before its retry, so a retry loses nothing). ' +
        "Unset: 80% of RAM, DuckDB's own default. Set it to DUCKDB_MEMORY_LIMIT to never raise the limit.",
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
  /** DuckDB `memory_limit` an instance starts at, e.g. `32MB`. */
  readonly memoryLimit: string;
  /**
   * Highest `memory_limit` a statement that ran out of memory is retried at (the limit doubles each time); unset:
   * never raised.
   */
  readonly maxMemoryLimit?: string;
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

const SIZE_RE = new RegExp(`^${SIZE_PATTERN}$`, 'i');

/**
 * Reads the DuckDB settings from validated configuration, applying the defaults when a variable is unset.
 *
 * @throws GoeError `CONFIG_INVALID` naming a malformed variable.
 * @example
 * resolveDuckdbSettings(config, '/home/goe/.goe')
 * // { database: '/home/goe/.goe/warehouse/goe.duckdb', memoryLimit: '32MB', maxMemoryLimit: '12800MB', busyTimeoutMs: 10000 }
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
  const memoryLimit = size(config, 'DUCKDB_MEMORY_LIMIT') ?? '32MB';
  const maxMemoryLimit = size(config, 'DUCKDB_MAX_MEMORY_LIMIT') ?? defaultMaxMemoryLimit();
  if (sizeBytes(maxMemoryLimit) < sizeBytes(memoryLimit)) {
    throw new GoeError(
      'CONFIG_INVALID',
      `DUCKDB_MAX_MEMORY_LIMIT (${maxMemoryLimit}) is below DUCKDB_MEMORY_LIMIT (${memoryLimit})`,
      { variable: 'DUCKDB_MAX_MEMORY_LIMIT', hint: 'Set it to DUCKDB_MEMORY_LIMIT or more' },
    );
  }
  const threads = integer(config, 'DUCKDB_THREADS', 1);
  const busy = integer(config, 'DUCKDB_BUSY_TIMEOUT', 0) ?? 10;
  return {
    database,
    memoryLimit,
    maxMemoryLimit,
    ...(threads === undefined ? {} : { threads }),
    busyTimeoutMs: busy * 1000,
  };
}

/**
 * The default `DUCKDB_MAX_MEMORY_LIMIT`: 80 % of physical memory in whole MB, DuckDB's own default `memory_limit`.
 *
 * @example
 * defaultMaxMemoryLimit(16e9) // '12800MB'
 */
export function defaultMaxMemoryLimit(total = totalmem()): string {
  return `${Math.max(1, Math.floor((total * 0.8) / 1e6))}MB`;
}

function size(config: ResolvedConfig | undefined, name: string): string | undefined {
  const raw = config?.get(name);
  if (raw === undefined || String(raw).trim() === '') return undefined;
  const value = String(raw).trim();
  if (!SIZE_RE.test(value)) {
    throw new GoeError('CONFIG_INVALID', `${name} must be a size such as 512MB or 2GiB, got ${JSON.stringify(raw)}`, {
      variable: name,
    });
  }
  return value;
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
