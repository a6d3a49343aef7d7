/**
 * `describeSlice` of the Oracle frontend: a slice as a serializable {@link SliceSource} for a transport that reads
 * the source itself elsewhere (Spark, Sqoop…). The SQL is what `extract` runs for the slice — the same exact wire
 * forms (`TO_CHAR` datetimes), `AS OF SCN`, partitions, ROWID ranges and conditions — one SELECT per read joined with
 * `UNION ALL`, binds rendered as literals (numbers bare, text quoted with `'` doubled); the scope's predicate in
 * GOE's literal form (reference §4.3). The password stays out: the reader resolves `ORA_APP_PASS` itself.
 */
import {
  describeCanonicalType,
  GoeError,
  renderPredicate,
  predicateColumnResolver,
  type Slice,
  type SliceConnection,
  type SliceSource,
  type SnapshotToken,
  type SourceTable,
} from '@goe/core';
import type { OracleSettings } from './config.js';
import { extractProjection } from './extract/columns.js';
import { ORACLE_LITERAL_DIALECT } from './predicate.js';
import { sliceReads } from './slices.js';
import { ORACLE_SQL } from './sql.js';

/**
 * The secret reference of every Oracle slice source: the reader's `ORA_APP_PASS` holds the app user's password.
 *
 * @example
 * process.env[ORACLE_SLICE_SECRET.ref] // the password of ORA_APP_USER
 */
export const ORACLE_SLICE_SECRET = Object.freeze({ ref: 'ORA_APP_PASS', resolve: 'env', field: 'password' } as const);

/**
 * Connection facts of a connect string: an Easy Connect `[tcps://]host[:port]/service` as host, port (default 1521,
 * 2484 for tcps) and service; anything else (a tnsnames.ora alias, a full descriptor) as `options.connectString`.
 *
 * @example
 * oracleSliceConnection('db1:1522/FREEPDB1', 'goe_app')
 * // { protocol: 'oracle', host: 'db1', port: 1522, database: 'FREEPDB1', user: 'goe_app', options: { connectString: 'db1:1522/FREEPDB1' } }
 */
export function oracleSliceConnection(connectString: string, user: string): SliceConnection {
  const m = /^(?:(tcps?):\/\/)?([\w.-]+)(?::(\d+))?\/([\w.$-]+)$/i.exec(connectString.trim());
  const options = { connectString };
  if (m === null) return { protocol: 'oracle', user, options };
  const tls = m[1]?.toLowerCase() === 'tcps';
  return {
    protocol: 'oracle',
    host: m[2]!,
    port: m[3] === undefined ? (tls ? 2484 : 1521) : Number(m[3]),
    database: m[4]!,
    user,
    options: tls ? { ...options, protocol: 'tcps' } : options,
  };
}

/**
 * `sql` with its binds (`:name`) replaced by literals outside quoted text: integers bare, anything else quoted.
 *
 * @throws GoeError `INTERNAL` for a bind the SQL names that `binds` lacks
 * @example
 * inlineBinds(`SELECT 1 FROM t AS OF SCN :scn WHERE c = :bind_0`, { scn: '42', bind_0: "O'Brien" })
 * // "SELECT 1 FROM t AS OF SCN 42 WHERE c = 'O''Brien'"
 */
export function inlineBinds(sql: string, binds: Readonly<Record<string, string | number | bigint | null>>): string {
  return sql.replace(/'(?:[^']|'')*'|"[^"]*"|:(\w+)/g, (whole, name: string | undefined) => {
    if (name === undefined) return whole;
    if (!(name in binds)) throw new GoeError('INTERNAL', `No value for the bind :${name} of ${sql}`);
    const v = binds[name];
    if (v === null || v === undefined) return 'NULL';
    const text = String(v);
    return /^-?\d+$/.test(text) ? text : `'${text.replace(/'/g, "''")}'`;
  });
}

/**
 * Describes one slice for a transport that reads elsewhere (see the module comment).
 *
 * @example
 * const source = describeOracleSlice({ settings, table, slice, snapshot });
 * source.sql // 'SELECT "ID", TO_CHAR("SOLD", …) AS "SOLD" FROM "SH"."SALES" PARTITION ("P1") AS OF SCN 4242 UNION ALL …'
 */
export function describeOracleSlice(input: {
  readonly settings: Pick<OracleSettings, 'app'>;
  readonly table: SourceTable;
  readonly slice: Slice;
  readonly snapshot?: SnapshotToken;
}): SliceSource {
  const { settings, table, slice, snapshot } = input;
  const scn = snapshot?.kind === 'scn' ? { scn: snapshot.id } : {};
  let scopeWhere = { sql: '', binds: {} };
  if (slice.scope.kind === 'predicate') {
    const types = new Map(table.columns.map((c) => [c.name, c.dataType]));
    const resolve = predicateColumnResolver([...types.keys()]);
    const rendered = renderPredicate(slice.scope.predicate, ORACLE_LITERAL_DIALECT, {
      resolveColumn: resolve,
      columnType: (ref) => types.get(resolve(ref)),
    });
    scopeWhere = { sql: rendered.sql, binds: {} };
  }
  const projections = table.columns.map(extractProjection);
  const ref = { owner: table.owner, table: table.name };
  const sql = sliceReads(slice, scn, scopeWhere)
    .map((read) => inlineBinds(ORACLE_SQL.extract(ref, projections, read), read.binds ?? {}))
    .join('\nUNION ALL\n');
  return {
    sliceId: slice.id,
    frontend: 'oracle',
    connection: oracleSliceConnection(settings.app.connectString, settings.app.user),
    secret: { ...ORACLE_SLICE_SECRET },
    sql,
    columns: table.columns.map((c) => ({ name: c.canonical.name, type: describeCanonicalType(c.canonical) })),
    // the session settings extraction runs with; the SCN is in the SQL itself (AS OF SCN)
    snapshot:
      snapshot?.kind === 'scn'
        ? { kind: 'scn', id: snapshot.id, setup: ORACLE_SQL.sessionSetup() }
        : { kind: 'none', id: 'none', setup: ORACLE_SQL.sessionSetup() },
  };
}
