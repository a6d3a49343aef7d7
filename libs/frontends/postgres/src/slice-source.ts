/**
 * `describeSlice` of the PostgreSQL frontend: a slice as a serializable {@link SliceSource} for a transport that
 * reads the source itself elsewhere. Connection facts come from `POSTGRES_CONN` without the password (a reader
 * resolves the whole URL from its own `POSTGRES_CONN`); the SQL is the SELECT the COPY of `extract` runs, binds
 * already inline, one `SELECT` per relation of the slice joined with `UNION ALL`.
 */
import {
  describeCanonicalType,
  GoeError,
  type Slice,
  type SliceConnection,
  type SliceSnapshot,
  type SliceSource,
  type SnapshotToken,
  type SourceTable,
} from '@goe/core';
import type { PostgresSettings } from './config.js';
import { extractionColumns } from './extract/columns.js';
import type { PgTableInfo } from './introspect.js';
import { quoteIdent } from './quote.js';
import { sliceSources } from './slices.js';
import { BEGIN_SNAPSHOT_SQL, selectSql, SESSION_SETUP_SQL, setTransactionSnapshotSql } from './sql.js';

/**
 * The secret reference every PostgreSQL slice source carries: the reader's `POSTGRES_CONN` environment variable
 * holds the whole URL.
 *
 * @example
 * process.env[POSTGRES_SLICE_SECRET.ref] // 'postgres://goe:…@db1:5432/sales'
 */
export const POSTGRES_SLICE_SECRET = Object.freeze({ ref: 'POSTGRES_CONN', resolve: 'env', field: 'url' } as const);

/**
 * Connection facts of a `postgres://` URL without its password: host, port (default 5432), database, user and
 * the query parameters (e.g. `sslmode`) except `password`.
 *
 * @example
 * sliceConnection('postgres://goe:s3cret@db1:6432/sales?sslmode=require')
 * // { protocol: 'postgres', host: 'db1', port: 6432, database: 'sales', user: 'goe', options: { sslmode: 'require' } }
 */
export function sliceConnection(url: string): SliceConnection {
  const u = new URL(url);
  const options: Record<string, string> = {};
  for (const [k, v] of u.searchParams) if (k.toLowerCase() !== 'password') options[k] = v;
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  const user = decodeURIComponent(u.username);
  return {
    protocol: 'postgres',
    ...(u.hostname === '' ? {} : { host: u.hostname.replace(/^\[(.*)\]$/, '$1') }),
    port: u.port === '' ? 5432 : Number(u.port),
    ...(database === '' ? {} : { database }),
    ...(user === '' ? {} : { user }),
    ...(Object.keys(options).length === 0 ? {} : { options }),
  };
}

/**
 * The statements a reader runs before the SQL: the session settings extraction uses (UTC, ISO dates and
 * intervals), a REPEATABLE READ read-only transaction and, for an exported snapshot, its import.
 *
 * @example
 * sliceSnapshot({ kind: 'exported-snapshot', id: '00000003-1', release: async () => {} }).setup.at(-1)
 * // "SET TRANSACTION SNAPSHOT '00000003-1'"
 */
export function sliceSnapshot(snapshot: SnapshotToken | undefined): SliceSnapshot {
  const session = SESSION_SETUP_SQL.split(';').map((s) => s.trim());
  if (snapshot?.kind !== 'exported-snapshot')
    return { kind: 'none', id: 'none', setup: [...session, BEGIN_SNAPSHOT_SQL] };
  return {
    kind: snapshot.kind,
    id: snapshot.id,
    setup: [...session, BEGIN_SNAPSHOT_SQL, setTransactionSnapshotSql(snapshot.id)],
  };
}

/** What {@link describePostgresSlice} needs. */
export interface DescribePostgresSliceInput {
  readonly settings: PostgresSettings;
  readonly table: SourceTable;
  readonly info: PgTableInfo;
  readonly slice: Slice;
  readonly snapshot?: SnapshotToken;
}

/**
 * Describes one slice for a transport that reads elsewhere: the same projections and WHERE conditions as the
 * slice's COPY, each column aliased to its canonical name.
 *
 * @throws GoeError `CONFIG_INVALID` for PGlite (`pglite://`: nothing outside this process can reach it)
 * @example
 * const source = describePostgresSlice({ settings, table, info, slice, snapshot });
 * source.sql // 'SELECT "id" AS "ID", … FROM "sh"."sales" WHERE (ctid >= …)'
 */
export function describePostgresSlice(input: DescribePostgresSliceInput): SliceSource {
  const { settings, table, slice } = input;
  if (settings.engine !== 'pg' || settings.url === undefined) {
    throw new GoeError(
      'CONFIG_INVALID',
      'POSTGRES_CONN is a pglite:// database, which a transport reading from elsewhere cannot reach',
      { variable: 'POSTGRES_CONN', hint: 'Use a postgres:// server, or a transport that reads in this process' },
    );
  }
  const projections = extractionColumns(table.columns, settings).projections.map(
    (p, i) => `${p} AS ${quoteIdent(table.columns[i]!.canonical.name)}`,
  );
  const sql = sliceSources(table, input.info, slice)
    .map((s) => selectSql(projections, s.from, s.where))
    .join(' UNION ALL ');
  return {
    sliceId: slice.id,
    frontend: 'postgres',
    connection: sliceConnection(settings.url),
    secret: { ...POSTGRES_SLICE_SECRET },
    sql,
    columns: table.columns.map((c) => ({ name: c.canonical.name, type: describeCanonicalType(c.canonical) })),
    snapshot: sliceSnapshot(input.snapshot),
  };
}
