/**
 * The backend (warehouse) contract: databases and tables, DDL text, and the per-chunk steps GOE records and
 * lets a user skip one by one (stage load, validate staged, validate casts, final load, drop staged).
 */
import type { CanonicalType } from '../types/canonical.js';
import type { BackendTable } from '../model/table.js';
import type { OffloadPlan } from '../plan/offload-plan.js';
import type { AggregateResult, AggregateSpec, OffloadScope } from './frontend.js';
import type { StagedFiles } from './transport.js';
import type { AdapterBase, Branded } from './adapter.js';
import { brandAdapter } from './adapter.js';
import { mergeCapabilities, withMethodDefaults, type CapabilitiesInput } from './defaults.js';
import type { StagingFormat } from './storage.js';
import type { CanonicalColumn } from '../types/column.js';
import type { StagingEncoding } from '../plan/staging-encoding.js';
import type { AdapterContext } from './context.js';

/**
 * Backend partitioning kinds: `date` (native date partitions), `integer-range` (native integer ranges), `string`
 * (partitions by string values), `function` (partitions by a user function of a column, `--partition-functions`).
 */
export type BackendPartitionKind = 'date' | 'integer-range' | 'string' | 'function';

/**
 * How a backend partitions tables: the data the partition planner reads (`--partition-*` options).
 *
 * @example
 * // a backend with native date and integer-range partitions, one column, integer synthetic numbers:
 * const partitioning: BackendPartitioning = { kinds: ['date', 'integer-range', 'function'], maxColumns: 1,
 *   dateGranularities: ['Y', 'M', 'D'], defaultDateGranularity: 'M', integerRange: { min: -(2n ** 63n), max: 2n ** 63n - 1n },
 *   synthetic: 'non-native', syntheticNumbers: 'integer' };
 */
export interface BackendPartitioning {
  /** What it can partition by; empty: it cannot partition tables. Default `[]`. */
  readonly kinds: readonly BackendPartitionKind[];
  /** Most partition columns; 0 when it cannot partition. Default 0. */
  readonly maxColumns: number;
  /** Accepted date granularities (`--partition-granularity` of date keys). Default `['Y', 'M', 'D']`. */
  readonly dateGranularities: readonly string[];
  /** Granularity of date keys given without one. Default `'M'`. */
  readonly defaultDateGranularity: string;
  /** Bounds `--partition-lower-value`/`--partition-upper-value` must lie within. Default: unbounded. */
  readonly integerRange?: { readonly min: bigint; readonly max: bigint };
  /**
   * When a key gets a synthetic `GOE_PART_…` column: `'always'` (every key); `'non-native'` (keys the backend cannot
   * partition by natively: dates without the `date` kind, integers other than 1–8 bytes or without `integer-range`,
   * decimals, floats, strings, dates landed as strings); `'never'` (only keys with a partition function). Default
   * `'non-native'`.
   */
  readonly synthetic: 'never' | 'non-native' | 'always';
  /**
   * How synthetic numbers are stored: `'integer'` (numeric and function keys need `--partition-lower-value` and
   * `--partition-upper-value`) or `'string'` (zero-padded to `--partition-digits`). Default `'integer'`.
   */
  readonly syntheticNumbers: 'integer' | 'string';
  /** Database of partition functions given without one (`--partition-functions`). Default: none (refused). */
  readonly defaultFunctionDatabase?: string;
  /** Overrides {@link BackendPartitioning.synthetic} per key. Default: absent. */
  readonly needsSyntheticColumn?: (
    column: CanonicalColumn,
    key: { readonly function?: string; readonly dateAsString: boolean },
  ) => boolean;
  /** Whether a (final canonical) column may partition a table. Default: date, number and string types. */
  readonly isValidType?: (column: CanonicalColumn) => boolean;
}

/**
 * How a backend clusters (sorts) tables (`--sort-columns`).
 *
 * @example
 * const clustering: BackendClustering = { maxColumns: 4, defaultToPrimaryKey: true };
 */
export interface BackendClustering {
  /** Most sort columns; 0 when it cannot cluster. Default 0. */
  readonly maxColumns: number;
  /** Cluster by the source primary key when `--sort-columns` is not set. Default `false`. */
  readonly defaultToPrimaryKey: boolean;
  /** Whether a (final canonical) column may cluster a table. Default: any. */
  readonly isValidType?: (column: CanonicalColumn) => boolean;
}

/**
 * How a retried chunk is made exact (see {@link BackendLoad.retry}).
 *
 * @example
 * const retry: LoadRetry = 'delete-scope';
 */
export type LoadRetry = 'atomic' | 'delete-scope' | 'replace-partitions' | 'load-id';

/**
 * How a backend's final load behaves when it fails, is killed, or is retried. Default
 * `{ atomic: true, retry: 'atomic' }`.
 *
 * `retry` says how the runner makes a chunk it loads again exact:
 * - `'atomic'` (needs `atomic: true`): a final load is all of the chunk or nothing; there is nothing to undo.
 * - `'delete-scope'`: when a final load fails, and before a chunk a killed command may have loaded in part is
 *   loaded again, the runner calls {@link BackendSession.deleteScope}, which deletes the rows of the chunk's scope
 *   from the final table (required on the session).
 * - `'replace-partitions'`: `finalLoad` replaces whole backend partitions, so loading a chunk again overwrites what
 *   an earlier attempt left. Used only for a chunk that covers whole backend partitions (the full table, or source
 *   partitions whose key is the backend partition column, aligned to its granularity); for any other chunk the
 *   runner deletes its scope first (`deleteScope`), or refuses with `OPTION_INVALID` before loading when the session
 *   has none.
 * - `'load-id'`: `finalLoad` receives a deterministic {@link FinalLoadOptions.loadId} (a hash of the target, the
 *   chunk's scope and its staged file names) and makes a load job with that id take effect at most once.
 *
 * On every rerun path (a chunk a killed command left unfinished, found by the next command; a failed final load
 * undone; an unrecorded load repaired or appended to) a non-atomic backend's chunk is first made exact with
 * `deleteScope` when the session has it.
 *
 * @example
 * const load: BackendLoad = { atomic: false, retry: 'delete-scope' }; // a session with deleteScope
 */
export interface BackendLoad {
  /** Whether a final load is all of a chunk or nothing (a killed load leaves no part of the chunk). */
  readonly atomic: boolean;
  /** How a retried chunk is made exact (see above). */
  readonly retry: LoadRetry;
}

/**
 * What the runner passes to {@link BackendSession.finalLoad} besides the plan and the chunk.
 *
 * @example
 * await session.finalLoad(plan, chunk, { loadId: 'goe-3f2a…' });
 */
export interface FinalLoadOptions {
  /**
   * A deterministic id of this chunk's load: the same target, chunk scope and staged file names give the same id,
   * in this run and in a rerun (`goe-` + 32 hex digits). A `retry: 'load-id'` backend names its load job with it.
   */
  readonly loadId: string;
}

/**
 * What a backend can do; read by the planner, the runner and CLI validation. A session may narrow it
 * ({@link BackendSession.capabilities}); core reads `effectiveCapabilities(adapter, session)`.
 */
export interface BackendCapabilities {
  /** Partitioning traits (the partition planner's input). Default: cannot partition. */
  readonly partitioning: BackendPartitioning;
  /** Clustering traits. Default: cannot cluster. */
  readonly clustering: BackendClustering;
  /** Largest decimal precision (data-type controls and the lossy-conversion gate). Default 38. */
  readonly maxDecimalPrecision: number;
  /** Largest decimal scale. Default 38. */
  readonly maxDecimalScale: number;
  /** Fractional-second digits of its timestamps (6 = µs, 9 = ns). Default 6. */
  readonly maxDatetimeScale: number;
  /** Whether floating-point NaN and ±Infinity are stored (the lossy-conversion gate). Default `false`. */
  readonly nanInfinity: boolean;
  /** Case of the names GOE gives databases and tables (unless `BACKEND_IDENTIFIER_CASE` says otherwise). Default `'lower'`. */
  readonly identifierCase: 'upper' | 'lower' | 'preserve';
  /** Longest database or table name. Default 128. */
  readonly maxIdentifierLength: number;
  /** How final loads behave on a retry. Default `{ atomic: true, retry: 'atomic' }`. */
  readonly load: BackendLoad;
  /** Whether loads go through a separate `<db>_load` database (target naming). Default `false`. */
  readonly loadDatabase: boolean;
  /** Whether NOT NULL constraints are enforced (`--not-null-columns`). Default `true`. */
  readonly notNullConstraints: boolean;
  /** Canonical types this backend cannot hold at all (refused at plan time). Default none. */
  readonly unsupportedTypes: readonly CanonicalType[];
  /**
   * Staging it can load from: URI `schemes` (matched against the store's `scheme`) and file `formats`; checked at
   * plan time against the transport and the store. Default `{ schemes: ['file'], formats: ['PARQUET'] }`.
   * `encoding` (optional): column representations its loader needs instead of the logical staging types (decimals
   * as text, times as epoch integers, binary as base64; see {@link StagingEncoding}); copied into
   * `plan.staging.encoding` for the transport. Default: none (logical types).
   */
  readonly staging: {
    readonly schemes: readonly string[];
    readonly formats: readonly StagingFormat[];
    readonly encoding?: StagingEncoding;
  };
  /**
   * Whether the backend can take statistics copied from the source (`--offload-stats COPY`); without it COPY is
   * refused up front ("Invalid --offload-stats value for <backend> backend: COPY"). Optional; default `false`.
   */
  readonly statsCopy?: boolean;
  /**
   * `--transform-column` functions its final load applies (of `encrypt`, `null`, `suppress`, `tokenize`,
   * `regexp_replace`, `translate`; see `types/column-transforms`); a requested function not listed is refused at plan
   * time. Optional; default `[]` (none).
   */
  readonly transformations?: readonly string[];
}

/**
 * Defaults of a backend's capabilities, field by field (see {@link BackendCapabilities}): no partitioning
 * (`kinds: []`, `maxColumns: 0`, granularities `Y`/`M`/`D` with default `M`, `synthetic: 'non-native'`,
 * `syntheticNumbers: 'integer'`), no clustering (`maxColumns: 0`, `defaultToPrimaryKey: false`), decimals 38/38,
 * datetime scale 6, no NaN/Infinity, lower-case identifiers up to 128 characters, atomic loads, no load database,
 * NOT NULL enforced, every type supported, staging from `file` in Parquet, no column transformations.
 *
 * @example
 * DEFAULT_BACKEND_CAPABILITIES.partitioning.kinds // []
 */
export const DEFAULT_BACKEND_CAPABILITIES: BackendCapabilities = Object.freeze<BackendCapabilities>({
  partitioning: Object.freeze({
    kinds: [],
    maxColumns: 0,
    dateGranularities: ['Y', 'M', 'D'],
    defaultDateGranularity: 'M',
    synthetic: 'non-native',
    syntheticNumbers: 'integer',
  }),
  clustering: Object.freeze({ maxColumns: 0, defaultToPrimaryKey: false }),
  maxDecimalPrecision: 38,
  maxDecimalScale: 38,
  maxDatetimeScale: 6,
  nanInfinity: false,
  identifierCase: 'lower',
  maxIdentifierLength: 128,
  load: Object.freeze({ atomic: true, retry: 'atomic' }),
  loadDatabase: false,
  notNullConstraints: true,
  unsupportedTypes: [],
  staging: Object.freeze({ schemes: ['file'], formats: ['PARQUET'] }),
  transformations: Object.freeze([]),
});

/** One chunk of a load: the files a transport staged for it. */
export interface LoadChunk {
  /** 1-based chunk number within the command. */
  readonly number: number;
  readonly files: StagedFiles;
  readonly scope: OffloadScope;
}

/** Result of a validation step. */
export interface ValidationResult {
  readonly ok: boolean;
  readonly message: string;
  readonly details?: Readonly<Record<string, string | number>>;
  /**
   * Sentences the runner shows as notices and records with the step (e.g. `2 values of AMT rounded to scale 2`
   * when `--allow-decimal-scale-rounding` let the load's cast round). Default none.
   */
  readonly notices?: readonly string[];
}

/** An open connection to a backend. */
export interface BackendSession {
  /**
   * What this session can do when it can do less than its adapter declares (fields given here win). Default: none.
   */
  readonly capabilities?: Partial<BackendCapabilities>;
  /** Backend server version text. Optional in a definition; default `'unknown'`. */
  serverVersion(): Promise<string>;
  databaseExists(database: string): Promise<boolean>;
  createDatabase(database: string): Promise<void>;
  tableExists(database: string, table: string): Promise<boolean>;
  describeTable(database: string, table: string): Promise<BackendTable>;
  /** The DDL the plan would run, as text (preview and `--ddl-file`). */
  ddlFor(plan: OffloadPlan): readonly string[];
  /**
   * Read-only checks of a plan against the backend that its capabilities cannot express (e.g. that a partition
   * function exists and takes the key's type), run by "Analyzing data types" in preview and execute mode before
   * anything is written. Throws a `GoeError` (`OPTION_INVALID`, naming the option) to refuse the plan.
   * Optional: without it nothing more is checked.
   *
   * @example
   * await session.checkPlan?.(plan); // throws OPTION_INVALID: Partition function ds.f returns STRING, not INT64
   */
  checkPlan?(plan: OffloadPlan): Promise<void>;
  createTable(plan: OffloadPlan): Promise<void>;
  /** Loads staged files into a staging table, where the backend needs one. Optional in a definition; default: a no-op. */
  stageLoad(plan: OffloadPlan, chunk: LoadChunk): Promise<void>;
  /** Checks the staged rows. Optional in a definition; default: ok, "not needed". */
  validateStaged(plan: OffloadPlan, chunk: LoadChunk): Promise<ValidationResult>;
  /** Checks values the final cast would reject. Optional in a definition; default: ok, "not needed". */
  validateCasts(plan: OffloadPlan, chunk: LoadChunk): Promise<ValidationResult>;
  /**
   * Inserts the chunk into the final table; returns rows inserted. `options.loadId` is always given (see
   * {@link FinalLoadOptions}); a backend whose load is not atomic must follow its {@link BackendLoad.retry}.
   */
  finalLoad(plan: OffloadPlan, chunk: LoadChunk, options?: FinalLoadOptions): Promise<bigint>;
  /**
   * Deletes the rows of `scope` from a final table (a `full` scope: every row), so that loading a chunk again is
   * exact; safe when none of them were loaded. Returns the rows deleted, or `undefined` when the backend cannot
   * tell. The runner gives the scope in backend form, as for `count`: `full`, or a `predicate` over the table's
   * columns (source partitions become the key range they cover). It is called before a plan exists (for a chunk a
   * killed command left unfinished), so it takes names, not a plan. Needed by a backend whose `load` is not atomic
   * (`retry: 'delete-scope'`, and as the fallback of the other kinds); no default.
   *
   * @example
   * await session.deleteScope?.('sh', 'sales', { kind: 'predicate', predicate }); // 1250n
   */
  deleteScope?(database: string, table: string, scope: OffloadScope): Promise<bigint | undefined>;
  /** Drops what `stageLoad` created. Optional in a definition; default: a no-op. */
  dropStaged(plan: OffloadPlan, chunk: LoadChunk): Promise<void>;
  count(database: string, table: string, scope?: OffloadScope): Promise<bigint>;
  aggregate(
    database: string,
    table: string,
    specs: readonly AggregateSpec[],
    scope?: OffloadScope,
  ): Promise<AggregateResult>;
  /** The largest value of a partition/high-water-mark column, as text, or null for an empty table. */
  maxPartitionValue(database: string, table: string, column: string): Promise<string | null>;
  /**
   * Values of several partition key columns in one query, each rendered as `maxPartitionValue` renders it (NULL as
   * `null`): `'max'` the lexicographic maximum tuple (`ORDER BY c1 DESC, c2 DESC … LIMIT 1`, rows with a NULL key
   * component ignored; `[]` for an empty table), `'distinct'` every distinct tuple (any order). Optional: without it
   * core reads a single-column maximum with `maxPartitionValue` and refuses multi-column and LIST partition appends.
   *
   * @example
   * await session.partitionKeyValues?.('sh', 'sales', ['YEAR', 'MONTH'], 'max'); // [['2024', '3']]
   */
  partitionKeyValues?(
    database: string,
    table: string,
    columns: readonly string[],
    mode: 'max' | 'distinct',
  ): Promise<readonly (readonly (string | null)[])[]>;
  dropTable(database: string, table: string): Promise<void>;
  /**
   * Computes the statistics of a final table after its load (GOE's optional "Compute backend statistics" step,
   * `--offload-stats NATIVE`). Optional: without it the step is recorded as skipped ("not supported by …").
   *
   * @example
   * await session.computeStats?.('sh', 'sales');
   */
  computeStats?(database: string, table: string): Promise<void>;
  /** Releases the connection. Optional in a definition; default: a no-op. */
  close(): Promise<void>;
}

/** The methods a {@link BackendDefinition}'s session may leave out (see {@link BackendSession} for their defaults). */
export type OptionalBackendSessionMethod =
  | 'serverVersion'
  | 'stageLoad'
  | 'validateStaged'
  | 'validateCasts'
  | 'dropStaged'
  | 'close';
/** A session as an adapter's `connect` returns it: {@link OptionalBackendSessionMethod}s may be missing. */
export type BackendSessionInput = Omit<BackendSession, OptionalBackendSessionMethod> &
  Partial<Pick<BackendSession, OptionalBackendSessionMethod>>;

/** A backend adapter, complete (as core reads it). */
export interface BackendAdapter extends AdapterBase<'backend'> {
  readonly capabilities: BackendCapabilities;
  connect(ctx: AdapterContext): Promise<BackendSession>;
}

/** A backend adapter as written: capabilities may be left out or given in part, optional session methods omitted. */
export interface BackendDefinition extends AdapterBase<'backend'> {
  readonly capabilities?: CapabilitiesInput<BackendCapabilities>;
  connect(ctx: AdapterContext): Promise<BackendSessionInput>;
}

/**
 * Defines a backend adapter: fills capability defaults ({@link DEFAULT_BACKEND_CAPABILITIES}, nested objects merged
 * one level deep) and wraps `connect` so every session has the optional methods (`serverVersion` → `'unknown'`,
 * `stageLoad`/`dropStaged`/`close` → no-op, `validateStaged`/`validateCasts` → ok "not needed"). A version-1
 * definition gets the same defaults.
 *
 * @example
 * export const quackBackend = defineBackend({ kind: 'backend', name: 'quack', apiVersion: 2, configSchema,
 *   capabilities: { staging: { schemes: ['gs'] }, clustering: { maxColumns: 4 } }, connect });
 */
export function defineBackend<T extends BackendDefinition>(
  definition: T,
): Branded<
  Omit<T, 'capabilities' | 'connect'> &
    BackendAdapter & { connect(ctx: AdapterContext): Promise<Awaited<ReturnType<T['connect']>> & BackendSession> }
> {
  const capabilities = mergeCapabilities(
    DEFAULT_BACKEND_CAPABILITIES,
    upgradeBackendCapabilities(definition.capabilities),
  );
  return brandAdapter('backend', {
    ...definition,
    capabilities,
    connect: async (ctx: AdapterContext) => withBackendSessionDefaults(await definition.connect(ctx)),
  }) as never;
}

/**
 * Reads version-1 capability shapes into version-2 ones, so an adapter written against API version 1 keeps its
 * meaning: `partitioning: kinds[]` + `maxPartitionColumns` → `partitioning: { kinds, maxColumns }`;
 * `clustering: boolean` → `{ maxColumns: 100 | 0 }`; `stagingFormats` → `staging.formats`; `transactionalLoad` →
 * `load.atomic`. Version-2 shapes pass through unchanged.
 *
 * @example
 * upgradeBackendCapabilities({ partitioning: ['date'], maxPartitionColumns: 1 }) // { partitioning: { kinds: ['date'], maxColumns: 1 } }
 */
export function upgradeBackendCapabilities(
  given: CapabilitiesInput<BackendCapabilities> | undefined,
): CapabilitiesInput<BackendCapabilities> | undefined {
  if (given === undefined) return undefined;
  const v1 = given as Record<string, unknown>;
  const out: Record<string, unknown> = { ...v1 };
  const legacy = ['maxPartitionColumns', 'stagingFormats', 'transactionalLoad', 'nanoseconds'];
  for (const key of legacy) delete out[key];
  if (Array.isArray(v1['partitioning'])) {
    out['partitioning'] = { kinds: v1['partitioning'], maxColumns: Number(v1['maxPartitionColumns'] ?? 0) };
  }
  if (typeof v1['clustering'] === 'boolean') {
    out['clustering'] = { maxColumns: v1['clustering'] ? 100 : 0 };
  }
  if (Array.isArray(v1['stagingFormats']) && out['staging'] === undefined) {
    out['staging'] = { formats: v1['stagingFormats'] };
  }
  if (typeof v1['transactionalLoad'] === 'boolean' && out['load'] === undefined) {
    out['load'] = v1['transactionalLoad']
      ? { atomic: true, retry: 'atomic' }
      : { atomic: false, retry: 'delete-scope' };
  }
  return out as CapabilitiesInput<BackendCapabilities>;
}

const NOT_NEEDED: ValidationResult = Object.freeze({ ok: true, message: 'not needed' });

/** Completes a session with the defaults of its optional methods. @internal */
export function withBackendSessionDefaults(session: BackendSessionInput): BackendSession {
  return withMethodDefaults(
    session as BackendSession,
    ['serverVersion', 'stageLoad', 'validateStaged', 'validateCasts', 'dropStaged', 'close'],
    () => ({
      serverVersion: async () => 'unknown',
      stageLoad: async () => undefined,
      validateStaged: async () => NOT_NEEDED,
      validateCasts: async () => NOT_NEEDED,
      dropStaged: async () => undefined,
      close: async () => undefined,
    }),
  );
}
