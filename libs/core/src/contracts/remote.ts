/**
 * The remote transport contract: what a transport that runs elsewhere (a cluster job, a child process, a managed
 * service) gets instead of an in-process `FrontendSession` — one serializable {@link SliceSource} per slice — and
 * the {@link TransportJob} handle it reports so that a job can be polled, cancelled and found again after a crash.
 */
import { GoeError } from '../errors.js';
import type { SourceTable } from '../model/table.js';
import { stagingColumn, type CanonicalColumn } from '../types/column.js';
import type { FrontendSession, Slice, SnapshotKind, SnapshotToken } from './frontend.js';
import type { StagedFiles } from './transport.js';

/**
 * How a transport reads the source: `'session'` (in this process, through `FrontendSession.extract`) or
 * `'source'` (elsewhere, from a serializable {@link SliceSource} per slice). Default `'session'`.
 *
 * @example
 * const reads: TransportReads = transport.capabilities.reads ?? 'session';
 */
export type TransportReads = 'session' | 'source';

/**
 * Connection facts of a {@link SliceSource}: everything a remote reader needs to open a connection, except the
 * secret (see {@link SliceSecret}).
 *
 * @example
 * const connection: SliceConnection = { protocol: 'mydb', host: 'db1', port: 5000, database: 'sales', user: 'goe' };
 */
export interface SliceConnection {
  /** The driver or wire protocol (a JDBC subprotocol, a URL scheme…). */
  readonly protocol: string;
  readonly host?: string;
  readonly port?: number;
  readonly database?: string;
  readonly user?: string;
  /** Driver options without secrets (e.g. `sslmode`). */
  readonly options?: Readonly<Record<string, string>>;
}

/**
 * Where a remote reader finds the secret a {@link SliceSource} leaves out, and what it is.
 *
 * @example
 * const secret: SliceSecret = { ref: 'MYDB_CONN', resolve: 'env', field: 'url' }; // the URL with the password is in $MYDB_CONN
 */
export interface SliceSecret {
  /** The name to resolve: a variable name (`env`), a file path (`file`), a secret manager key… */
  readonly ref: string;
  /** How `ref` resolves: `env` (an environment variable of the reader), `file`, or a scheme the transport knows. */
  readonly resolve: 'env' | 'file' | (string & {});
  /** What the resolved value is: the password alone, or a whole connection URL that carries it. */
  readonly field: 'password' | 'url';
}

/**
 * The snapshot a {@link SliceSource} reads: run `setup` in order on the reader's connection before `sql`, and
 * end the transaction after it.
 *
 * @example
 * const snapshot: SliceSnapshot = { kind: 'exported-snapshot', id: '00000003-1', setup: ['BEGIN …', "SET … '00000003-1'"] };
 */
export interface SliceSnapshot {
  readonly kind: SnapshotKind;
  readonly id: string;
  /** Statements to run before the extraction SQL, in order (isolation level, snapshot import). */
  readonly setup: readonly string[];
}

/** One column a {@link SliceSource} reads: its name in the result and its canonical type text. */
export interface SliceColumn {
  readonly name: string;
  /** The canonical type as text, e.g. `DECIMAL(12,2)`, `TIMESTAMP(6)`, `INTEGER_8`. */
  readonly type: string;
}

/**
 * A JSON-serializable description of one slice that a reader elsewhere can run without GOE: connection facts, a
 * secret reference (never the secret), the complete extraction SQL with binds rendered as quoted literals, the
 * result columns and the snapshot to read in. Built by `FrontendSession.describeSlice`.
 *
 * @example
 * const source: SliceSource = {
 *   sliceId: 's0', frontend: 'mydb',
 *   connection: { protocol: 'mydb', host: 'db1', port: 5000, database: 'sales', user: 'goe' },
 *   secret: { ref: 'MYDB_CONN', resolve: 'env', field: 'url' },
 *   sql: "SELECT id, amount FROM sh.sales WHERE region = 'EU'",
 *   columns: [{ name: 'ID', type: 'INTEGER_8' }, { name: 'AMOUNT', type: 'DECIMAL(12,2)' }],
 * };
 */
export interface SliceSource {
  readonly sliceId: string;
  /** The frontend adapter's name. */
  readonly frontend: string;
  readonly connection: SliceConnection;
  /** Absent when the connection needs no secret. */
  readonly secret?: SliceSecret;
  /** The complete extraction SELECT of the slice, binds rendered as literals. */
  readonly sql: string;
  /** The result columns, in order. */
  readonly columns: readonly SliceColumn[];
  /** The shared snapshot; absent when the source has none (each slice then reads at its own time). */
  readonly snapshot?: SliceSnapshot;
}

/** Options of `FrontendSession.describeSlice`. */
export interface DescribeSliceOptions {
  /** The snapshot every slice of the offload shares. */
  readonly snapshot?: SnapshotToken;
}

/** The state of a {@link TransportJob}. */
export type JobState = 'running' | 'succeeded' | 'failed' | 'cancelled';

/**
 * What {@link TransportJob.poll} reports.
 *
 * @example
 * const status: JobStatus = { state: 'succeeded', files: { format: 'PARQUET', files: [] } };
 */
export interface JobStatus {
  readonly state: JobState;
  /** Why it failed or what it is doing, for logs. */
  readonly message?: string;
  /** The staged files, once `succeeded` (row counts may be unknown). */
  readonly files?: StagedFiles;
}

/**
 * A job a remote transport submitted, reported through `TransportRunInput.onJob` (awaited before the transport
 * waits on it). The runner logs its `id` (`Transport job <id> submitted`) and records it in the repository: when
 * this process dies, the next execute command on the table finds it with `TransportAdapter.findJob` and cancels it
 * if it is still running.
 *
 * @example
 * const status = await job.poll(); if (status.state === 'running') await job.cancel();
 */
export interface TransportJob {
  /** Stable, transport-specific (a cluster application id, a batch name…). */
  readonly id: string;
  poll(): Promise<JobStatus>;
  /** Cancels the job; resolves once it stopped (no-op when it already ended). */
  cancel(): Promise<void>;
}

/**
 * The source table restricted to the plan's columns, each with the plan's canonical mapping (data-type controls
 * applied) as it is staged (`stagingColumn`: a column the backend rounds is extracted at its exact source decimal),
 * in the source's column order.
 *
 * @example
 * const extracted = withPlanColumns(table, plan.columns);
 */
export function withPlanColumns(table: SourceTable, columns: readonly CanonicalColumn[]): SourceTable {
  const byName = new Map(columns.map((c) => [c.name.toUpperCase(), c]));
  return {
    ...table,
    columns: table.columns
      .filter((c) => byName.has(c.name.toUpperCase()))
      .map((c) => ({ ...c, canonical: stagingColumn(byName.get(c.name.toUpperCase())!) })),
  };
}

/** Adapter names, for the error when a frontend cannot describe slices. */
export interface RemoteReadNames {
  readonly frontend: string;
  readonly transport: string;
}

/**
 * Fails unless the frontend session can describe slices for a transport that reads the source itself.
 *
 * @throws GoeError `CONFIG_INVALID` naming both adapters and `--offload-transport-method`.
 * @example
 * assertDescribesSlices(session, { frontend: 'mydb', transport: 'remote' });
 */
export function assertDescribesSlices(
  frontend: FrontendSession,
  names: RemoteReadNames,
): asserts frontend is FrontendSession & Required<Pick<FrontendSession, 'describeSlice'>> {
  if (frontend.describeSlice === undefined) {
    throw new GoeError(
      'CONFIG_INVALID',
      `Transport ${names.transport} reads the source itself, but frontend ${names.frontend} cannot describe a slice for it`,
      { variable: '--offload-transport-method', hint: 'Choose a transport that reads through this process' },
    );
  }
}

/** What {@link describeSliceSources} needs. */
export interface DescribeSliceSourcesInput {
  readonly frontend: FrontendSession;
  /** The source table with the plan's columns ({@link withPlanColumns}). */
  readonly table: SourceTable;
  readonly slices: readonly Slice[];
  readonly snapshot?: SnapshotToken;
  readonly names: RemoteReadNames;
}

/**
 * One {@link SliceSource} per slice, in slice order, checked to carry the slice's id and to be JSON-serializable
 * (`JSON.stringify` succeeds).
 *
 * @throws GoeError `CONFIG_INVALID` when the frontend has no `describeSlice` ({@link assertDescribesSlices});
 *   `INTERNAL` for a source of another slice or one `JSON.stringify` refuses.
 * @example
 * const sources = await describeSliceSources({ frontend, table, slices, snapshot, names: { frontend: 'mydb', transport: 'remote' } });
 */
export async function describeSliceSources(input: DescribeSliceSourcesInput): Promise<readonly SliceSource[]> {
  const { frontend, names } = input;
  assertDescribesSlices(frontend, names);
  const options = input.snapshot === undefined ? {} : { snapshot: input.snapshot };
  const sources = await Promise.all(input.slices.map((slice) => frontend.describeSlice(input.table, slice, options)));
  sources.forEach((source, i) => {
    const slice = input.slices[i]!;
    if (source.sliceId !== slice.id)
      throw new GoeError('INTERNAL', `Frontend ${names.frontend} described slice ${slice.id} as ${source.sliceId}`);
    try {
      JSON.stringify(source);
    } catch (e) {
      throw new GoeError('INTERNAL', `The source of slice ${slice.id} is not JSON-serializable`, { cause: e });
    }
  });
  return sources;
}
