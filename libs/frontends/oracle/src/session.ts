/**
 * The Oracle {@link FrontendSession}: the app user's connection for the dictionary and verification reads, the admin
 * user's (opened when first needed; the app connection when both are the same login) for `V$DATABASE` and `DBA_*`,
 * and a connection of its own per extracted slice, so slices read in parallel — all at one SCN (`AS OF SCN`).
 */
import {
  aggregateKey,
  GoeError,
  isGoeError,
  type AdapterContext,
  type AggregateResult,
  type AggregateSpec,
  type ConnectCheck,
  type DescribeSliceOptions,
  type DescribeTableOptions,
  type ExtractOptions,
  type FrontendSession,
  type OffloadScope,
  type PredicateAst,
  type RenderedSql,
  type Slice,
  type SliceSource,
  type SnapshotToken,
  type SourceColumn,
  type SourceTable,
  type VerificationReadOptions,
} from '@goe/core';
import type { RecordBatch } from 'apache-arrow';
import { oracleSettings, type OracleSettings } from './config.js';
import { connectOracle, type OracleBinds, type OracleConnection, type OracleDriver } from './connection.js';
import { extractSlice } from './extract/extract.js';
import { describeOracleTable, type DictionaryReader, type OracleTableInfo } from './introspect.js';
import { oracleFilter, renderOraclePredicate } from './predicate.js';
import { sampleOracleColumns } from './sampling.js';
import { describeOracleSlice } from './slice-source.js';
import {
  MAX_UNION_ALL_SPLITS,
  planOracleSlices,
  sliceReads,
  type OracleExtent,
  type SlicePlanInput,
} from './slices.js';
import { ORACLE_SQL, type OracleAggregate, type ReadOptions } from './sql.js';
import { oracleBaseType } from './type-map.js';

/** Rows fetched per round trip when the runner gives no fetch size (GOE's `--offload-transport-fetch-size`). */
export const DEFAULT_FETCH_ROWS = 5000;

/**
 * Rows fetched per round trip from a table with LOB columns (CLOB, NCLOB, BLOB, XMLTYPE). CLOB/NCLOB/BLOB values
 * arrive in line up to a few kilobytes, longer ones by locator (`LOB_INLINE_LIMIT`, read one at a time, batches cut
 * at `LOB_BATCH_BYTES`); XMLTYPE values arrive whole in the fetched array, so the array is kept this small.
 */
export const LOB_FETCH_ROWS = 1000;

/** Errors that mean "this user may not read that view" (a fallback applies). */
const NOT_GRANTED = new Set(['ORA-00942', 'ORA-01031']);

/** True for a mapped driver error saying a view does not exist or is not granted. */
export function isNotGranted(e: unknown): boolean {
  return isGoeError(e) && NOT_GRANTED.has(e.engineCode ?? '');
}

/** An Oracle frontend session: the {@link FrontendSession} contract plus statements as the app user. */
export interface OracleFrontendSession extends FrontendSession {
  /** Runs one statement as the app user (ORA_APP_USER): rows as arrays. */
  query(sql: string, binds?: OracleBinds): Promise<unknown[][]>;
}

/** What opening a session needs besides the adapter context. */
export interface OracleSessionOptions {
  /** The driver; default node-oracledb in thin mode (tests hand in a fake typed against its published types). */
  readonly driver?: OracleDriver;
}

/** A WHERE clause and its binds (`''` for none). */
interface Where {
  readonly sql: string;
  readonly binds: Readonly<Record<string, string>>;
}

const NO_WHERE: Where = { sql: '', binds: {} };

const keyOf = (t: Pick<SourceTable, 'owner' | 'name'>) => `${t.owner}\u0000${t.name}`;

/** A column of `table` by name, case-insensitively. */
function columnNamed(table: SourceTable, name: string): SourceColumn {
  const column =
    table.columns.find((c) => c.name === name) ??
    table.columns.find((c) => c.name.toUpperCase() === name.toUpperCase());
  if (column === undefined) {
    throw new GoeError('OPTION_INVALID', `Column ${name} does not exist in ${table.owner}.${table.name}`, {
      column: name,
    });
  }
  return column;
}

/** A scope's predicate as a WHERE clause with binds (partition scopes and full scopes have none). */
function scopeWhere(table: SourceTable, scope: OffloadScope): Where {
  if (scope.kind !== 'predicate') return NO_WHERE;
  return oracleFilter(scope.predicate, columnTypes(table));
}

/** Each column's Oracle type by name (what predicate rendering reads). */
function columnTypes(table: SourceTable): ReadonlyMap<string, string> {
  return new Map(table.columns.map((c) => [c.name, c.dataType]));
}

/** An aggregate's text as the verification compares it: trimmed (`TO_CHAR`'s sign column), UTC zones spelled out. */
function aggregateText(value: unknown, type: string): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  return type.startsWith('TIMESTAMP WITH') ? `${text}+00:00` : text;
}

/** Version and character sets of the database (`ORACLE_SQL.databaseInfo`). */
interface DatabaseFacts {
  readonly version: string;
  readonly charset: string;
  readonly ncharset: string;
}

/** The national character set thin mode reads (node-oracledb's thin mode cannot decode UTF8 NCHAR data). */
const THIN_NCHARSET = 'AL16UTF16';

/** Undo retention below which `goe connect` warns (Oracle's default, 15 minutes). */
const MIN_UNDO_RETENTION_SECONDS = 900;

/** A check's failure text: the error's code and message. */
function failureOf(e: unknown): string {
  if (isGoeError(e)) return `${e.code}: ${e.message}${e.hint === undefined ? '' : ` (${e.hint})`}`;
  return e instanceof Error ? e.message : String(e);
}

class Session implements OracleFrontendSession {
  private adm: Promise<OracleConnection> | undefined;
  private facts: Promise<DatabaseFacts> | undefined;
  private readonly infos = new Map<string, OracleTableInfo>();
  /** The admin user's dictionary reads, through a connection opened on first use. */
  private readonly admReader: DictionaryReader = {
    query: async (sql, binds) => (await this.admin()).query(sql, binds),
  };

  constructor(
    private readonly app: OracleConnection,
    private readonly settings: OracleSettings,
    private readonly driver: OracleDriver | undefined,
    private readonly ctx: Pick<AdapterContext, 'events'>,
  ) {}

  private admin(): Promise<OracleConnection> {
    if (this.settings.adm === this.settings.app) return Promise.resolve(this.app);
    this.adm ??= connectOracle(this.settings.adm, this.settings, this.driver);
    return this.adm;
  }

  /** Version and character sets, read once per session. */
  private databaseFacts(): Promise<DatabaseFacts> {
    this.facts ??= this.app.query(ORACLE_SQL.databaseInfo()).then((rows: unknown[][]) => {
      const [version, charset, ncharset] = rows[0] ?? [];
      return {
        version: String(version ?? this.app.serverVersion),
        charset: String(charset ?? 'unknown'),
        ncharset: String(ncharset ?? 'unknown'),
      };
    });
    return this.facts;
  }

  /**
   * `goe connect` for Oracle: the database and its character sets, the SCN snapshot (V$DATABASE), undo retention,
   * FLASHBACK privileges and the DBA views the planner falls back without — one statement each, none fatal to the
   * others.
   */
  async connectChecks(): Promise<readonly ConnectCheck[]> {
    const checks: ConnectCheck[] = [];
    const run = async (
      name: string,
      fn: () => Promise<Omit<ConnectCheck, 'name'>>,
      onError: ConnectCheck['status'],
    ) => {
      try {
        checks.push({ name, ...(await fn()) });
      } catch (e) {
        checks.push({ name, status: onError, detail: failureOf(e) });
      }
    };
    const adm = this.settings.adm.user;
    await run(
      'Database',
      async () => {
        const f = await this.databaseFacts();
        const detail = `Oracle ${f.version}, character set ${f.charset}, national ${f.ncharset}`;
        return f.ncharset === THIN_NCHARSET
          ? { status: 'ok', detail }
          : {
              status: 'warning',
              detail: `${detail}: NCHAR, NVARCHAR2 and NCLOB columns cannot be read in thin mode (${THIN_NCHARSET} only); offload views converting them with TO_CHAR/TO_CLOB`,
            };
      },
      'failed',
    );
    await run(
      'Snapshot SCN',
      async () => {
        const [[scn] = []] = await this.admReader.query(ORACLE_SQL.currentScn());
        return { status: 'ok', detail: `current SCN ${String(scn)} (V$DATABASE readable by ${adm})` };
      },
      'failed',
    );
    await run(
      'Undo retention',
      async () => {
        const [[value] = []] = await this.admReader.query(ORACLE_SQL.undoRetention());
        const seconds = Number(value);
        const detail = `undo_retention ${seconds} s: an AS OF SCN read lasting longer may fail with ORA-01555 (snapshot too old)`;
        return seconds >= MIN_UNDO_RETENTION_SECONDS
          ? { status: 'ok', detail }
          : {
              status: 'warning',
              detail: `${detail}; raise it (ALTER SYSTEM SET UNDO_RETENTION = ${MIN_UNDO_RETENTION_SECONDS} or more) or offload in smaller chunks`,
            };
      },
      'warning',
    );
    await run(
      'Flashback privilege',
      async () => {
        const [[anyTable, granted, byRole] = []] = await this.app.query(ORACLE_SQL.flashbackPrivileges());
        const user = this.settings.app.user;
        if (Number(anyTable) > 0) return { status: 'ok', detail: `${user} has FLASHBACK ANY TABLE` };
        const tables = Number(granted) + Number(byRole);
        if (tables > 0) {
          return {
            status: 'ok',
            detail: `${user} has FLASHBACK on ${tables} table(s); every offloaded table it does not own needs it (GRANT FLASHBACK ON owner.table TO ${user})`,
          };
        }
        return {
          status: 'warning',
          detail: `${user} has no FLASHBACK privilege: AS OF SCN reads of other users' tables fail (ORA-01031); GRANT FLASHBACK ON owner.table TO ${user}, or FLASHBACK ANY TABLE`,
        };
      },
      'warning',
    );
    await run(
      'DBA views',
      async () => {
        const probe = { owner: 'SYS', table_name: 'GOE_CONNECT_PROBE' };
        const missing: string[] = [];
        for (const [view, sql, fallback] of [
          ['DBA_SEGMENTS', ORACLE_SQL.dbaSegmentSizes(), 'table sizes estimated from row counts'],
          ['DBA_EXTENTS', ORACLE_SQL.dbaExtents(), 'slices split by MOD(ORA_HASH) instead of ROWID ranges'],
        ] as const) {
          try {
            await this.admReader.query(sql, probe);
          } catch (e) {
            if (!isNotGranted(e)) throw e;
            missing.push(`${view} (${fallback})`);
          }
        }
        return missing.length === 0
          ? { status: 'ok', detail: `${adm} reads DBA_SEGMENTS and DBA_EXTENTS` }
          : { status: 'warning', detail: `${adm} cannot read ${missing.join(', ')}: GRANT SELECT ON them to ${adm}` };
      },
      'warning',
    );
    return checks;
  }

  private notice(message: string): void {
    this.ctx.events?.emit({ type: 'notice', message });
  }

  query(sql: string, binds?: OracleBinds): Promise<unknown[][]> {
    return this.app.query(sql, binds);
  }

  async serverVersion(): Promise<string> {
    return this.app.serverVersion;
  }

  async describeTable(owner: string, table: string, options: DescribeTableOptions = {}): Promise<SourceTable> {
    const described = await describeOracleTable(this.app, this.admReader, owner, table);
    const national = described.table.columns.filter((c) => /^N(CHAR|VARCHAR2|CLOB)\b/.test(c.dataType));
    if (national.length > 0) {
      const { ncharset } = await this.databaseFacts();
      if (ncharset !== THIN_NCHARSET) {
        const column = national[0]!.name;
        throw new GoeError(
          'TYPE_UNSUPPORTED',
          `Column ${column} is ${national[0]!.dataType} in the national character set ${ncharset}, which node-oracledb's thin mode cannot read`,
          {
            column,
            hint: `Offload a view that converts it (TO_CHAR(${column}) or TO_CLOB(${column})); thin mode reads NCHAR data in ${THIN_NCHARSET} only`,
          },
        );
      }
    }
    for (const n of described.notices) this.notice(n);
    this.infos.set(keyOf(described.table), described.info);
    const sampled = await sampleOracleColumns(this.app, described.table, options.sampling, this.ctx.events);
    return sampled;
  }

  private async info(table: SourceTable): Promise<OracleTableInfo> {
    const known = this.infos.get(keyOf(table));
    if (known !== undefined) return known;
    const described = await describeOracleTable(this.app, this.admReader, table.owner, table.name);
    this.infos.set(keyOf(table), described.info);
    return described.info;
  }

  async snapshot(token?: string): Promise<SnapshotToken> {
    let scn: string;
    if (token !== undefined) {
      if (!/^\d{1,20}$/.test(token.trim())) {
        throw new GoeError('OPTION_INVALID', `Invalid Oracle snapshot: ${token} is not an SCN`, {
          variable: '--offload-transport-snapshot',
          hint: 'Give a system change number, e.g. 1234567 (SELECT current_scn FROM v$database)',
        });
      }
      scn = token.trim();
    } else {
      try {
        const [[current] = []] = await this.admReader.query(ORACLE_SQL.currentScn());
        scn = String(current);
      } catch (e) {
        if (!isNotGranted(e)) throw e;
        throw new GoeError('CONFIG_INVALID', `Cannot read the current SCN as ${this.settings.adm.user}`, {
          variable: 'ORA_ADM_USER',
          hint: `GRANT SELECT ON V_$DATABASE TO ${this.settings.adm.user}, or give an SCN with --offload-transport-snapshot`,
          cause: e,
        });
      }
    }
    return { kind: 'scn', id: scn, release: async () => undefined };
  }

  async planSlices(table: SourceTable, scope: OffloadScope, parallelism: number): Promise<readonly Slice[]> {
    const info = await this.info(table);
    const input: SlicePlanInput = { table, info, scope, parallelism, extents: [] };
    let plan = planOracleSlices(input);
    if (plan.method === 'mod' && info.iotType === null) {
      plan = planOracleSlices({ ...input, extents: await this.extents(table) });
    } else if (plan.method === 'mod' && table.primaryKey.length === 1) {
      const key = columnNamed(table, table.primaryKey[0]!);
      if (/^INTEGER_/.test(key.canonical.dataType)) {
        const [[lo, hi] = []] = await this.app.query(
          ORACLE_SQL.keyRange({ owner: table.owner, table: table.name }, key.name),
        );
        if (lo !== null && lo !== undefined && hi !== null && hi !== undefined) {
          plan = planOracleSlices({ ...input, keyRange: { min: String(lo), max: String(hi) } });
        }
      }
    }
    for (const n of plan.notices) this.notice(n);
    return plan.slices;
  }

  /** The table's extents, or undefined when `DBA_EXTENTS` is not granted. */
  private async extents(table: SourceTable): Promise<readonly OracleExtent[] | undefined> {
    try {
      const rows = await this.admReader.query(ORACLE_SQL.dbaExtents(), { owner: table.owner, table_name: table.name });
      return rows.map(([dataObjectId, relativeFno, blockId, blocks, partition]) => ({
        dataObjectId: Number(dataObjectId),
        relativeFno: Number(relativeFno),
        blockId: Number(blockId),
        blocks: Number(blocks),
        partition: partition === null || partition === undefined ? null : String(partition),
      }));
    } catch (e) {
      if (isNotGranted(e)) return undefined;
      throw e;
    }
  }

  async *extract(table: SourceTable, slice: Slice, options: ExtractOptions = {}): AsyncIterable<RecordBatch> {
    const scn = options.snapshot?.kind === 'scn' ? { scn: options.snapshot.id } : {};
    const reads = sliceReads(slice, scn, scopeWhere(table, slice.scope));
    options.signal?.throwIfAborted();
    const lobs = table.columns.some(
      (c) => c.canonical.dataType === 'LARGE_STRING' || c.canonical.dataType === 'LARGE_BINARY',
    );
    // one fetched array is one batch: the fetch size, never more than a batch holds
    const rows = Math.min(options.fetchRows ?? options.batchRows ?? DEFAULT_FETCH_ROWS, options.batchRows ?? Infinity);
    const fetchRows = lobs ? Math.min(rows, LOB_FETCH_ROWS) : rows;
    const conn = await connectOracle(this.settings.app, this.settings, this.driver);
    try {
      for (const read of reads) yield* extractSlice(conn, table, read, fetchRows, options.signal);
    } finally {
      await conn.close().catch(() => undefined);
    }
  }

  async describeSlice(table: SourceTable, slice: Slice, options: DescribeSliceOptions = {}): Promise<SliceSource> {
    return describeOracleSlice({
      settings: this.settings,
      table,
      slice,
      ...(options.snapshot === undefined ? {} : { snapshot: options.snapshot }),
    });
  }

  /** How a verification read of `scope` is written: its snapshot, partitions, predicate and parallel hint. */
  private readOf(
    table: SourceTable,
    scope: OffloadScope,
    snapshot: SnapshotToken | undefined,
    options: VerificationReadOptions | undefined,
  ): { read: ReadOptions; binds: Record<string, string> } {
    const where = scopeWhere(table, scope);
    const asOf = snapshot?.kind === 'scn';
    return {
      read: {
        asOfScn: asOf,
        where: where.sql,
        ...(scope.kind === 'partitions' ? { partitions: { names: scope.partitions } } : {}),
        ...(options?.parallelism === undefined ? {} : { parallel: options.parallelism }),
      },
      binds: { ...(asOf ? { scn: snapshot.id } : {}), ...where.binds },
    };
  }

  async count(
    table: SourceTable,
    scope: OffloadScope,
    snapshot?: SnapshotToken,
    options?: VerificationReadOptions,
  ): Promise<bigint> {
    const ref = { owner: table.owner, table: table.name };
    // at most MAX_UNION_ALL_SPLITS partitions a statement (GOE's limit): a larger scope sums a few statements
    const scopes: OffloadScope[] =
      scope.kind === 'partitions' && scope.partitions.length > MAX_UNION_ALL_SPLITS
        ? Array.from({ length: Math.ceil(scope.partitions.length / MAX_UNION_ALL_SPLITS) }, (_, i) => ({
            kind: 'partitions',
            partitions: scope.partitions.slice(i * MAX_UNION_ALL_SPLITS, (i + 1) * MAX_UNION_ALL_SPLITS),
          }))
        : [scope];
    let total = 0n;
    for (const s of scopes) {
      const { read, binds } = this.readOf(table, s, snapshot, options);
      const [[n] = []] = await this.app.query(ORACLE_SQL.count(ref, read), binds);
      total += BigInt(String(n ?? 0));
    }
    return total;
  }

  async aggregate(
    table: SourceTable,
    scope: OffloadScope,
    specs: readonly AggregateSpec[],
    snapshot?: SnapshotToken,
    options?: VerificationReadOptions,
  ): Promise<AggregateResult> {
    if (specs.length === 0) return {};
    if (scope.kind === 'partitions' && scope.partitions.length > MAX_UNION_ALL_SPLITS) {
      throw new GoeError(
        'OPTION_INVALID',
        `Aggregate verification reads at most ${MAX_UNION_ALL_SPLITS} partitions in one statement; this scope has ${scope.partitions.length}`,
        {
          variable: '--verify',
          hint: 'Verify with --verify=minus (row counts), or offload fewer partitions at a time',
        },
      );
    }
    const aggregates: OracleAggregate[] = specs.map((s) => {
      const column = columnNamed(table, s.column);
      return { column: column.name, fn: s.fn, type: oracleBaseType(column.dataType) };
    });
    const { read, binds } = this.readOf(table, scope, snapshot, options);
    const [row = []] = await this.app.query(
      ORACLE_SQL.aggregate({ owner: table.owner, table: table.name }, aggregates, read),
      binds,
    );
    return Object.fromEntries(
      specs.map((s, i) => [aggregateKey(s), aggregateText(row[i], aggregates[i]!.type)] as const),
    );
  }

  renderPredicate(ast: PredicateAst, table: SourceTable): RenderedSql {
    return renderOraclePredicate(ast, columnTypes(table));
  }

  async close(): Promise<void> {
    const adm = this.adm;
    this.adm = undefined;
    const closing = [this.app.close()];
    if (adm !== undefined) closing.push(adm.then((c) => c.close()).catch(() => undefined));
    await Promise.all(closing);
  }
}

/**
 * Opens a session from an adapter context (reads `ORA_*` from `ctx.config`); connects the app user at once, so a
 * wrong connect string or password fails here with `CONNECTION_FAILED` (the password never in the message).
 *
 * @throws GoeError `CONFIG_INVALID`, `CONNECTION_FAILED`
 * @example
 * const session = await openOracleSession(ctx);
 * const table = await session.describeTable('SH', 'SALES');
 */
export async function openOracleSession(
  ctx: Pick<AdapterContext, 'config' | 'events'>,
  options: OracleSessionOptions = {},
): Promise<OracleFrontendSession> {
  const settings = oracleSettings(ctx.config);
  const app = await connectOracle(settings.app, settings, options.driver);
  return new Session(app, settings, options.driver, ctx);
}
