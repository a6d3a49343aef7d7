/**
 * The PostgreSQL frontend's configuration: the variables it reads (`offload.env` / environment) and their
 * parsed, typed form. Secrets (the password inside `POSTGRES_CONN`) are never printed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfigSchema, GoeError, type ResolvedConfig } from '@goe/core';

/**
 * TLS modes of `POSTGRES_SSLMODE` (libpq's names).
 *
 * @example
 * POSTGRES_SSL_MODES.includes('verify-full') // true
 */
export const POSTGRES_SSL_MODES = ['disable', 'require', 'verify-ca', 'verify-full'] as const;
/** A `POSTGRES_SSLMODE` value. */
export type PostgresSslMode = (typeof POSTGRES_SSL_MODES)[number];

/**
 * Ways a table can be split into parallel slices (`POSTGRES_SPLIT_METHOD`).
 *
 * @example
 * POSTGRES_SPLIT_METHODS[0] // 'auto'
 */
export const POSTGRES_SPLIT_METHODS = ['auto', 'partition', 'page-range', 'id_range', 'mod'] as const;
/** A `POSTGRES_SPLIT_METHOD` value. */
export type PostgresSplitMethod = (typeof POSTGRES_SPLIT_METHODS)[number];

/**
 * The variables the PostgreSQL frontend reads (group `postgres`).
 *
 * | Variable | Default | Meaning |
 * |---|---|---|
 * | POSTGRES_CONN | `pglite://$OFFLOAD_HOME/demo` once `goe demo` created it, else required | `postgres://user:pass@host:port/db?sslmode=…` or `pglite://<dir>` (`pglite://memory`: in memory) |
 * | POSTGRES_SSLMODE | from the URL, else `disable` | `disable`, `require`, `verify-ca`, `verify-full` |
 * | POSTGRES_SSLROOTCERT / POSTGRES_SSLCERT / POSTGRES_SSLKEY | — | PEM files for TLS |
 * | POSTGRES_STATEMENT_TIMEOUT | 0 | milliseconds per statement, 0 = none |
 * | POSTGRES_CONNECT_TIMEOUT | 30 | seconds to open a connection |
 * | POSTGRES_DATA_SAMPLE_PERCENT | AUTO | `--data-sample-percent` for unconstrained `numeric` columns; 0 disables |
 * | POSTGRES_SPLIT_METHOD | auto | `auto`, `partition`, `page-range`, `id_range`, `mod` |
 * | POSTGRES_ALLOW_NUMERIC_SPECIAL_VALUES | false | numeric NaN/±Infinity become NULL instead of failing |
 * | POSTGRES_ALLOW_INFINITE_DATES | false | date/timestamp ±infinity become NULL instead of failing |
 * | POSTGRES_ALLOW_BC_DATES | false | dates/timestamps before 0001-01-01 are kept (proleptic Gregorian) instead of failing |
 *
 * @example
 * const config = loadConfig({ schemas: [COMMON_CONFIG, POSTGRES_CONFIG] });
 */
export const POSTGRES_CONFIG = defineConfigSchema({
  group: 'postgres',
  title: 'PostgreSQL frontend',
  variables: [
    {
      name: 'POSTGRES_CONN',
      type: 'url',
      secret: true,
      schemes: ['postgres', 'postgresql', 'pglite'],
      pathSchemes: ['pglite'],
      description:
        'Source PostgreSQL: postgres://user:password@host:port/database[?sslmode=require] (driver pg), or ' +
        'pglite://<directory> for the embedded PGlite engine (pglite://memory: in memory, single connection). ' +
        'Unset: the demo database pglite://$OFFLOAD_HOME/demo once goe demo has created it.',
    },
    {
      name: 'POSTGRES_SSLMODE',
      type: 'enum',
      values: POSTGRES_SSL_MODES,
      description: 'TLS mode when POSTGRES_CONN has no sslmode parameter: disable, require, verify-ca or verify-full.',
    },
    {
      name: 'POSTGRES_SSLROOTCERT',
      type: 'path',
      description: 'PEM file of the certificate authorities to trust (verify-ca, verify-full).',
    },
    { name: 'POSTGRES_SSLCERT', type: 'path', description: 'PEM client certificate for TLS client authentication.' },
    { name: 'POSTGRES_SSLKEY', type: 'path', description: 'PEM private key of POSTGRES_SSLCERT.' },
    {
      name: 'POSTGRES_STATEMENT_TIMEOUT',
      type: 'integer',
      min: 0,
      default: '0',
      description:
        'statement_timeout of every source session in milliseconds (0 = no limit; COPY counts as one statement).',
    },
    {
      name: 'POSTGRES_CONNECT_TIMEOUT',
      type: 'integer',
      min: 1,
      default: '30',
      description: 'Seconds to wait for a source connection to open.',
    },
    {
      name: 'POSTGRES_DATA_SAMPLE_PERCENT',
      type: 'string',
      default: 'AUTO',
      pattern: '^(AUTO|\\d+(\\.\\d+)?)$',
      patternHint: 'AUTO or a percentage from 0 to 100',
      description:
        'Sample size sizing unconstrained numeric columns (GOE --data-sample-percent): AUTO (100 % up to 1 GiB, ' +
        'less above), a percentage, or 0 to disable sampling (such columns then need --decimal-columns).',
    },
    {
      name: 'POSTGRES_SPLIT_METHOD',
      type: 'enum',
      values: POSTGRES_SPLIT_METHODS,
      default: 'auto',
      description:
        'How parallel slices split a table: auto (leaf partitions, else page ranges), partition, page-range (ctid), ' +
        'id_range (ranges of an integer primary key) or mod (integer primary key modulo the parallelism).',
    },
    {
      name: 'POSTGRES_ALLOW_NUMERIC_SPECIAL_VALUES',
      type: 'boolean',
      default: 'false',
      description:
        'Offload numeric NaN, Infinity and -Infinity as NULL instead of failing (the column becomes nullable).',
    },
    {
      name: 'POSTGRES_ALLOW_INFINITE_DATES',
      type: 'boolean',
      default: 'false',
      description:
        'Offload date/timestamp infinity and -infinity as NULL instead of failing (the column becomes nullable).',
    },
    {
      name: 'POSTGRES_ALLOW_BC_DATES',
      type: 'boolean',
      default: 'false',
      description:
        'Offload dates and timestamps before 0001-01-01 (BC) as proleptic Gregorian values instead of failing.',
    },
  ],
});

/** Options that relax value checks; each defaults to `false` (refuse the value, naming the column). */
export interface PostgresValueOptions {
  /** numeric NaN/±Infinity → NULL (`POSTGRES_ALLOW_NUMERIC_SPECIAL_VALUES`). */
  readonly allowNumericSpecialValues: boolean;
  /** date/timestamp ±infinity → NULL (`POSTGRES_ALLOW_INFINITE_DATES`). */
  readonly allowInfiniteDates: boolean;
  /** Dates before year 1 kept as proleptic Gregorian (`POSTGRES_ALLOW_BC_DATES`). */
  readonly allowBcDates: boolean;
}

/** The parsed configuration of one PostgreSQL frontend session. */
export interface PostgresSettings extends PostgresValueOptions {
  /** `pg` for a server, `pglite` for the embedded engine. */
  readonly engine: 'pg' | 'pglite';
  /** pg: the connection URL (secret). */
  readonly url?: string;
  /** pglite: the data directory, or `memory://` for an in-memory database. */
  readonly dataDir?: string;
  /** pg: TLS options for `pg.Client`, `undefined` when the URL decides or TLS is off. */
  readonly ssl?:
    | false
    | { rejectUnauthorized: boolean; ca?: string; cert?: string; key?: string; checkServerIdentity?: () => undefined };
  /** Milliseconds, 0 = none. Default 0. */
  readonly statementTimeoutMs: number;
  /** Milliseconds. Default 30 000. */
  readonly connectTimeoutMs: number;
  /** `-1` for AUTO, else 0–100. Default AUTO. */
  readonly dataSamplePercent: number;
  /** Default `auto`. */
  readonly splitMethod: PostgresSplitMethod;
  /** Always `goe`. */
  readonly applicationName: string;
  /**
   * Preview (`AdapterContext.readOnly`): read-only transactions, and a `pglite://<dir>` without a database is
   * refused instead of created. Default `false`.
   */
  readonly readOnly?: boolean;
}

function bool(config: ResolvedConfig, name: string): boolean {
  const v = config.get(name);
  if (v === undefined) return false;
  if (typeof v === 'boolean') return v;
  return /^(true|y|yes|on|1)$/i.test(String(v));
}

function int(config: ResolvedConfig, name: string, dflt: number): number {
  const v = config.get(name);
  if (v === undefined || v === '') return dflt;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n) || n < 0)
    throw new GoeError('CONFIG_INVALID', `${name} must be a non-negative integer`, { variable: name });
  return n;
}

/**
 * Parses `POSTGRES_DATA_SAMPLE_PERCENT`: `AUTO` → -1, else a number from 0 to 100.
 *
 * @throws GoeError `CONFIG_INVALID` naming the variable
 * @example
 * parseSamplePercent('AUTO') // -1
 * parseSamplePercent('5') // 5
 */
export function parseSamplePercent(text: string | undefined): number {
  if (text === undefined || text === '' || /^auto$/i.test(text)) return -1;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0 || n > 100) {
    throw new GoeError(
      'CONFIG_INVALID',
      `POSTGRES_DATA_SAMPLE_PERCENT must be AUTO or 0-100, got ${JSON.stringify(text)}`,
      {
        variable: 'POSTGRES_DATA_SAMPLE_PERCENT',
      },
    );
  }
  return n;
}

function readPem(config: ResolvedConfig, name: string): string | undefined {
  const path = config.get<string>(name);
  if (path === undefined || path === '') return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (cause) {
    throw new GoeError('CONFIG_INVALID', `${name}: cannot read ${path}`, { variable: name, cause });
  }
}

function sslOptions(config: ResolvedConfig, url: URL): PostgresSettings['ssl'] {
  if (url.searchParams.has('sslmode')) return undefined; // the URL decides (pg parses it)
  const mode = (config.get<string>('POSTGRES_SSLMODE') ?? 'disable') as PostgresSslMode;
  if (!POSTGRES_SSL_MODES.includes(mode)) {
    throw new GoeError('CONFIG_INVALID', `POSTGRES_SSLMODE must be one of ${POSTGRES_SSL_MODES.join(', ')}`, {
      variable: 'POSTGRES_SSLMODE',
    });
  }
  if (mode === 'disable') return false;
  const ca = readPem(config, 'POSTGRES_SSLROOTCERT');
  const cert = readPem(config, 'POSTGRES_SSLCERT');
  const key = readPem(config, 'POSTGRES_SSLKEY');
  const files = {
    ...(ca === undefined ? {} : { ca }),
    ...(cert === undefined ? {} : { cert }),
    ...(key === undefined ? {} : { key }),
  };
  if (mode === 'require') return { rejectUnauthorized: false, ...files };
  if (mode === 'verify-ca') return { rejectUnauthorized: true, ...files, checkServerIdentity: () => undefined };
  return { rejectUnauthorized: true, ...files };
}

/**
 * `pglite://<offloadHome>/demo` when that PGlite database exists (created by `goe demo`), else undefined.
 *
 * @example
 * demoConnection('/home/me/.goe') // 'pglite:///home/me/.goe/demo' after `goe demo`
 */
export function demoConnection(offloadHome: string | undefined): string | undefined {
  if (offloadHome === undefined) return undefined;
  const dir = join(offloadHome, 'demo');
  return existsSync(join(dir, 'PG_VERSION')) ? `pglite://${dir}` : undefined;
}

/**
 * Reads and checks the frontend's variables. The password is kept only inside `url` and never appears in an
 * error message. With `POSTGRES_CONN` unset, the embedded demo database `pglite://<offloadHome>/demo` is used when
 * `goe demo` has created it (the embedded default stack).
 *
 * @throws GoeError `CONFIG_INVALID` naming the variable when `POSTGRES_CONN` is missing or malformed
 * @example
 * const settings = resolvePostgresSettings(ctx.config);
 * settings.engine // 'pg' for postgres://…, 'pglite' for pglite://…
 */
export function resolvePostgresSettings(config: ResolvedConfig, offloadHome?: string): PostgresSettings {
  const conn = config.get<string>('POSTGRES_CONN') || demoConnection(offloadHome);
  if (conn === undefined || conn === '') {
    throw new GoeError('CONFIG_INVALID', 'POSTGRES_CONN is not set', {
      variable: 'POSTGRES_CONN',
      hint: 'Set POSTGRES_CONN=postgres://user:password@host:5432/database or pglite://<directory>, or run `goe demo` to create the embedded demo database',
    });
  }
  const common = {
    allowNumericSpecialValues: bool(config, 'POSTGRES_ALLOW_NUMERIC_SPECIAL_VALUES'),
    allowInfiniteDates: bool(config, 'POSTGRES_ALLOW_INFINITE_DATES'),
    allowBcDates: bool(config, 'POSTGRES_ALLOW_BC_DATES'),
    statementTimeoutMs: int(config, 'POSTGRES_STATEMENT_TIMEOUT', 0),
    connectTimeoutMs: int(config, 'POSTGRES_CONNECT_TIMEOUT', 30) * 1000,
    dataSamplePercent: parseSamplePercent(config.get<string>('POSTGRES_DATA_SAMPLE_PERCENT')),
    splitMethod: (config.get<string>('POSTGRES_SPLIT_METHOD') ?? 'auto') as PostgresSplitMethod,
    applicationName: 'goe',
  };
  if (!POSTGRES_SPLIT_METHODS.includes(common.splitMethod)) {
    throw new GoeError('CONFIG_INVALID', `POSTGRES_SPLIT_METHOD must be one of ${POSTGRES_SPLIT_METHODS.join(', ')}`, {
      variable: 'POSTGRES_SPLIT_METHOD',
    });
  }
  if (/^pglite:/i.test(conn)) {
    const rest = conn.replace(/^pglite:(\/\/)?/i, '');
    if (rest === '')
      throw new GoeError('CONFIG_INVALID', 'POSTGRES_CONN pglite:// needs a directory', { variable: 'POSTGRES_CONN' });
    return { engine: 'pglite', dataDir: rest === 'memory' ? 'memory://' : rest, ...common };
  }
  let url: URL;
  try {
    url = new URL(conn);
  } catch {
    throw new GoeError('CONFIG_INVALID', 'POSTGRES_CONN is not a valid URL (value not shown: it may hold a password)', {
      variable: 'POSTGRES_CONN',
    });
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new GoeError(
      'CONFIG_INVALID',
      `POSTGRES_CONN must start with postgres://, postgresql:// or pglite://, got ${url.protocol}//`,
      {
        variable: 'POSTGRES_CONN',
      },
    );
  }
  const ssl = sslOptions(config, url);
  return { engine: 'pg', url: conn, ...(ssl === undefined ? {} : { ssl }), ...common };
}

/**
 * A URL with its password replaced by `***`, for messages.
 *
 * @example
 * redactUrl('postgres://u:secret@h/db') // 'postgres://u:***@h/db'
 */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}
