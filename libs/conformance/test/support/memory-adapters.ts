/**
 * In-memory reference adapters that pass every conformance suite, and deliberately broken variants of the frontend
 * and backend that must fail them (proof that the suites can fail).
 */
import { hostname } from 'node:os';
import { Readable } from 'node:stream';
import { Table } from 'apache-arrow';
import {
  canonicalColumn,
  DEFAULT_BACKEND_CAPABILITIES,
  defineBackend,
  defineConfigSchema,
  defineFrontend,
  defineLock,
  defineRepository,
  defineStorage,
  GoeError,
  UNPARTITIONED,
  type AggregateResult,
  type AggregateSpec,
  type BackendCapabilities,
  type BackendSession,
  type CanonicalColumn,
  type CanonicalType,
  type CommandExecution,
  type CommandStep,
  type FrontendSession,
  type LockHolder,
  type MetadataRepository,
  type OffloadChunkRecord,
  type OffloadMetadata,
  type TargetOwnership,
  type OffloadPlan,
  type OffloadScope,
  type OrchestrationLock,
  type PartitionScheme,
  type PredicateAst,
  type PredicateValue,
  type Slice,
  type SourceTable,
  type StagingStore,
} from '@goe/core';
import {
  arrowVectorValues,
  canonicalText,
  createStatementCounter,
  fixtureTable,
  formatDecimal,
  recordBatchFromValues,
  toDecimalValue,
  type BackendHarness,
  type CanonicalValue,
  type FrontendHarness,
  type LockHarness,
  type RepositoryStatementsHarness,
  type StatementCounter,
  type StorageHarness,
} from '@goe/conformance';

const configSchema = defineConfigSchema({ group: 'memory', title: 'In-memory reference adapters', variables: [] });

/** A range partition of an in-memory table: IDs `[lo, hi)`, optionally hash sub-partitioned on ID. */
interface MemPartition {
  readonly name: string;
  readonly lo: number;
  readonly hi: number;
  /** Sub-partition names; sub-partition `j` holds the IDs with `ID % subpartitions.length === j`. */
  readonly subpartitions: readonly string[];
}

/** Rows held column-wise as canonical values. */
interface MemTable {
  readonly columns: readonly CanonicalColumn[];
  readonly values: CanonicalValue[][];
  /** Range partitions on ID (none: unpartitioned). */
  readonly partitions?: readonly MemPartition[];
}

/**
 * The "driver" of an in-memory adapter: every operation sends its statements through `run`, which the harness wraps
 * with a {@link StatementCounter}, as an engine adapter's test wraps the real driver.
 */
interface MemDriver {
  run(sql: string): void;
}

/** A driver whose statements `counter` counts. */
function countedDriver(): { driver: MemDriver; statements: StatementCounter } {
  const driver: MemDriver = { run: () => undefined };
  const statements = createStatementCounter();
  statements.wrap(driver, ['run']);
  return { driver, statements };
}

function rowCount(t: MemTable): number {
  return t.values[0]?.length ?? 0;
}

function fromArrow(columns: readonly CanonicalColumn[], table: Table): MemTable {
  return { columns, values: columns.map((_, i) => table.batches.flatMap((b) => arrowVectorValues(b.getChildAt(i)!))) };
}

function columnIndex(t: MemTable, name: string): number {
  const i = t.columns.findIndex((c) => c.name.toUpperCase() === name.toUpperCase());
  if (i < 0) throw new GoeError('OPTION_INVALID', `No column ${name}`);
  return i;
}

function compareValues(column: CanonicalColumn, a: CanonicalValue, b: CanonicalValue): number {
  switch (column.dataType) {
    case 'INTEGER_1':
    case 'INTEGER_2':
    case 'INTEGER_4':
    case 'INTEGER_8':
    case 'INTEGER_38':
    case 'DECIMAL': {
      const x = toDecimalValue(a);
      const y = toDecimalValue(b);
      const s = Math.max(x.scale, y.scale);
      const d = x.unscaled * 10n ** BigInt(s - x.scale) - y.unscaled * 10n ** BigInt(s - y.scale);
      return d < 0n ? -1 : d > 0n ? 1 : 0;
    }
    default: {
      const x = canonicalText(column, a)!;
      const y = canonicalText(column, b)!;
      return x < y ? -1 : x > y ? 1 : 0;
    }
  }
}

function literal(column: CanonicalColumn, v: PredicateValue): CanonicalValue {
  switch (v.kind) {
    case 'numeric':
      return v.value;
    case 'string':
      return v.value;
    case 'datetime':
      return v.value.replace(' ', 'T');
    default:
      return canonicalText(column, null);
  }
}

function matches(t: MemTable, row: number, ast: PredicateAst): boolean {
  switch (ast.kind) {
    case 'and':
      return ast.items.every((x) => matches(t, row, x));
    case 'or':
      return ast.items.some((x) => matches(t, row, x));
    case 'group':
      return matches(t, row, ast.inner);
    case 'null': {
      const v = t.values[columnIndex(t, ast.column.name)]![row];
      return (v === null || v === undefined) !== ast.negated;
    }
    case 'in': {
      const i = columnIndex(t, ast.column.name);
      const v = t.values[i]![row];
      if (v === null || v === undefined) return false;
      const found = ast.values.some((x) => compareValues(t.columns[i]!, v, literal(t.columns[i]!, x)) === 0);
      return found !== ast.negated;
    }
    case 'comparison': {
      if (ast.left.kind !== 'column' || ast.right.kind === 'column')
        throw new GoeError('PREDICATE_INVALID', 'memory: only column <op> value');
      const i = columnIndex(t, ast.left.name);
      const v = t.values[i]![row];
      if (v === null || v === undefined) return false;
      const c = compareValues(t.columns[i]!, v, literal(t.columns[i]!, ast.right));
      return { '=': c === 0, '!=': c !== 0, '<': c < 0, '<=': c <= 0, '>': c > 0, '>=': c >= 0 }[ast.op];
    }
    default:
      return false;
  }
}

function inPartitions(t: MemTable, row: number, names: ReadonlySet<string>): boolean {
  const id = Number(t.values[columnIndex(t, 'ID')]![row]);
  return (t.partitions ?? []).some((p) => {
    if (id < p.lo || id >= p.hi) return false;
    if (names.has(p.name)) return true;
    const sub = p.subpartitions[id % Math.max(1, p.subpartitions.length)];
    return sub !== undefined && names.has(sub);
  });
}

function rowsInScope(t: MemTable, scope: OffloadScope): number[] {
  const rows = Array.from({ length: rowCount(t) }, (_, i) => i);
  if (scope.kind === 'predicate') return rows.filter((r) => matches(t, r, scope.predicate));
  if (scope.kind === 'partitions' && t.partitions !== undefined) {
    const names = new Set(scope.partitions);
    return rows.filter((r) => inPartitions(t, r, names));
  }
  return rows;
}

function describePartitions(t: MemTable): PartitionScheme {
  if (t.partitions === undefined) return UNPARTITIONED;
  const bound = (v: number) => [{ kind: 'value' as const, value: v, text: String(v) }];
  return {
    method: 'range',
    columns: ['ID'],
    partitions: t.partitions.map((p) => ({
      name: p.name,
      lowerBound: bound(p.lo),
      upperBound: bound(p.hi),
      ...(p.subpartitions.length > 0
        ? {
            subpartitions: p.subpartitions.map((name, j) => ({
              name,
              hash: { modulus: p.subpartitions.length, remainder: j },
            })),
          }
        : {}),
    })),
    ...(t.partitions.some((p) => p.subpartitions.length > 0)
      ? { subpartitioning: { method: 'hash' as const, columns: ['ID'] } }
      : {}),
  };
}

function select(t: MemTable, rows: readonly number[]): MemTable {
  return { columns: t.columns, values: t.values.map((col) => rows.map((r) => col[r] ?? null)) };
}

function aggregate(t: MemTable, scope: OffloadScope, specs: readonly AggregateSpec[]): AggregateResult {
  const rows = rowsInScope(t, scope);
  const out: Record<string, string | null> = {};
  for (const spec of specs) {
    const i = columnIndex(t, spec.column);
    const column = t.columns[i]!;
    const values = rows.map((r) => t.values[i]![r]).filter((v) => v !== null && v !== undefined);
    let result: string | null;
    if (spec.fn === 'count') result = String(values.length);
    else if (spec.fn === 'count_distinct') result = String(new Set(values.map((v) => canonicalText(column, v))).size);
    else if (values.length === 0) result = null;
    else if (spec.fn === 'sum') {
      const ds = values.map((v) => toDecimalValue(v));
      const s = Math.max(...ds.map((d) => d.scale));
      result = formatDecimal({
        unscaled: ds.reduce((acc, d) => acc + d.unscaled * 10n ** BigInt(s - d.scale), 0n),
        scale: s,
      });
    } else {
      const sorted = [...values].sort((a, b) => compareValues(column, a, b));
      const v = spec.fn === 'min' ? sorted[0] : sorted[sorted.length - 1];
      result = canonicalText(column, v ?? null);
    }
    out[`${spec.fn}(${column.name})`] = result;
  }
  return out;
}

function aborted(signal: AbortSignal | undefined) {
  signal?.throwIfAborted();
}

/** Ways {@link brokenMemoryFrontend} breaks the contract. */
export interface FrontendBreaks {
  /** Each slice loses its last row. */
  readonly dropLastRowOfSlice?: boolean;
  /** TIMESTAMP and TIMESTAMP_TZ values lose everything below the millisecond. */
  readonly truncateTimestampsToMs?: boolean;
  /** describeTable only finds exact-case names. */
  readonly caseSensitiveNames?: boolean;
  /** renderPredicate pastes string values into the SQL. */
  readonly inlineLiterals?: boolean;
  /** extract ignores its AbortSignal. */
  readonly ignoreAbort?: boolean;
  /** describeTable reads each partition with its own statement, count and aggregate each partition in scope (N+1). */
  readonly statementPerPartition?: boolean;
}

/** Every frontend breakage at once. */
export const ALL_FRONTEND_BREAKS: FrontendBreaks = {
  dropLastRowOfSlice: true,
  truncateTimestampsToMs: true,
  caseSensitiveNames: true,
  inlineLiterals: true,
  ignoreAbort: true,
  statementPerPartition: true,
};

function truncateMs(t: MemTable): MemTable {
  return {
    columns: t.columns,
    values: t.values.map((col, i) => {
      const type = t.columns[i]!.dataType;
      if (type !== 'TIMESTAMP' && type !== 'TIMESTAMP_TZ') return col;
      return col.map((v) => (typeof v === 'bigint' ? v - (v % 1_000_000n) : v));
    }),
  };
}

/**
 * The harness of the in-memory frontend (with optional breakages). `widen` stores some fixture columns in a wider
 * canonical type, like an engine without that type would (PostgreSQL has no 1-byte integer).
 */
export function memoryFrontend(
  breaks: FrontendBreaks = {},
  name = 'memory',
  widen: Readonly<Record<string, CanonicalType>> = {},
): FrontendHarness {
  const catalog = new Map<string, { owner: string; name: string; data: MemTable }>();
  const key = (owner: string, table: string) => `${owner}.${table}`;
  let snapshots = 0;
  const { driver, statements } = countedDriver();
  /** One statement per partition in scope when broken, else one. */
  const verify = (t: MemTable, scope: OffloadScope, what: string) => {
    const n = breaks.statementPerPartition && scope.kind === 'partitions' ? scope.partitions.length : 1;
    for (let i = 0; i < n; i++) driver.run(`SELECT ${what} FROM t${n > 1 ? ` PARTITION (${i})` : ''}`);
  };
  const adapter = defineFrontend({
    kind: 'frontend',
    name: 'memory',
    apiVersion: 1,
    configSchema,
    capabilities: {
      snapshot: 'exported-snapshot',
      maxParallelism: 4,
    },
    connect: async (): Promise<FrontendSession> => {
      const find = (owner: string, table: string) => {
        const exact = catalog.get(key(owner, table));
        if (exact || breaks.caseSensitiveNames) return exact;
        return [...catalog.values()].find(
          (e) => e.owner.toUpperCase() === owner.toUpperCase() && e.name.toUpperCase() === table.toUpperCase(),
        );
      };
      const data = (t: SourceTable) => {
        const entry = find(t.owner, t.name);
        if (!entry) throw new GoeError('TABLE_NOT_FOUND', `Table ${t.owner}.${t.name} does not exist`);
        return entry.data;
      };
      return {
        serverVersion: async () => 'memory 1.0',
        describeTable: async (owner, table) => {
          driver.run('SELECT owner, name FROM catalog WHERE owner = ? AND name = ?');
          const entry = find(owner, table);
          if (!entry) throw new GoeError('TABLE_NOT_FOUND', `Table ${owner}.${table} does not exist`);
          driver.run('SELECT * FROM columns WHERE table_id = ?');
          const parts = entry.data.partitions ?? [];
          if (!breaks.statementPerPartition) driver.run('SELECT * FROM partitions WHERE table_id = ?');
          else
            for (const p of parts) {
              driver.run('SELECT bound FROM partitions WHERE name = ?');
              for (const _ of p.subpartitions) driver.run('SELECT bound FROM subpartitions WHERE name = ?');
            }
          return {
            owner: entry.owner,
            name: entry.name,
            columns: entry.data.columns.map((c) => ({
              ...c,
              dataType: `mem_${c.dataType.toLowerCase()}`,
              canonical: c,
            })),
            primaryKey: ['ID'],
            partitioning: describePartitions(entry.data),
            rowEstimate: rowCount(entry.data),
          };
        },
        snapshot: async () => ({ kind: 'exported-snapshot', id: `snap-${++snapshots}`, release: async () => {} }),
        planSlices: async (_t, scope, parallelism): Promise<Slice[]> =>
          Array.from({ length: parallelism }, (_, i) => ({
            id: `mod-${parallelism}-${i}`,
            method: 'mod',
            scope,
            params: { modulus: parallelism, remainder: i },
          })),
        async *extract(t, slice, options = {}) {
          const signal = breaks.ignoreAbort ? undefined : options.signal;
          aborted(signal);
          const source = data(t);
          const mod = Number(slice.params.modulus ?? 1);
          const rem = Number(slice.params.remainder ?? 0);
          const id = columnIndex(source, 'ID');
          const rows = rowsInScope(source, slice.scope).filter((r) => Number(source.values[id]![r]) % mod === rem);
          if (breaks.dropLastRowOfSlice) rows.pop();
          let picked = select(source, rows);
          if (breaks.truncateTimestampsToMs) picked = truncateMs(picked);
          const batch = recordBatchFromValues(picked.columns, picked.values);
          const size = options.batchRows ?? 65_536;
          for (let at = 0; at < batch.numRows; at += size) {
            await new Promise((r) => setImmediate(r));
            aborted(signal);
            yield batch.slice(at, Math.min(at + size, batch.numRows));
          }
        },
        count: async (t, scope) => {
          verify(data(t), scope, 'count(*)');
          return BigInt(rowsInScope(data(t), scope).length);
        },
        aggregate: async (t, scope, specs) => {
          verify(data(t), scope, 'aggregates');
          return aggregate(data(t), scope, specs);
        },
        renderPredicate(ast) {
          const params: unknown[] = [];
          const value = (v: PredicateValue) => {
            if (v.kind === 'string' && breaks.inlineLiterals) return `'${v.value}'`;
            params.push(v.value);
            return '?';
          };
          const operand = (x: Extract<PredicateAst, { kind: 'comparison' }>['left']) =>
            x.kind === 'column' ? `"${x.name}"` : value(x);
          const render = (a: PredicateAst): string => {
            switch (a.kind) {
              case 'comparison':
                return `${operand(a.left)} ${a.op === '!=' ? '<>' : a.op} ${operand(a.right)}`;
              case 'in':
                return `"${a.column.name}" ${a.negated ? 'NOT IN' : 'IN'} (${a.values.map(value).join(', ')})`;
              case 'null':
                return `"${a.column.name}" IS ${a.negated ? 'NOT ' : ''}NULL`;
              case 'group':
                return `(${render(a.inner)})`;
              default:
                return a.items.map(render).join(` ${a.kind.toUpperCase()} `);
            }
          };
          return { sql: render(ast), params };
        },
        close: async () => {},
      };
    },
  });
  return {
    name,
    identifierCase: 'upper',
    adapter,
    createTable: async (fixtures) => {
      const table = `FIXTURES_${catalog.size + 1}`;
      const columns = fixtures.tableColumns.map((c) => {
        const to = widen[c.name.replace(/^C_/, '')];
        return to ? canonicalColumn({ ...c, dataType: to }) : c;
      });
      const { values } = fromArrow(fixtures.tableColumns, fixtureTable(fixtures));
      catalog.set(key('CONFORMANCE', table), { owner: 'CONFORMANCE', name: table, data: { columns, values } });
      return { owner: 'CONFORMANCE', table };
    },
    dropTable: async (ref) => {
      catalog.delete(key(ref.owner, ref.table));
    },
    statements,
    partitionedTables: {
      subpartitions: true,
      create: async ({ name, partitions, subpartitions, rowsPerPartition }) => {
        const columns = [
          canonicalColumn({ name: 'ID', dataType: 'INTEGER_8', nullable: false }),
          canonicalColumn({ name: 'VAL', dataType: 'VARIABLE_STRING' }),
        ];
        const ids = Array.from({ length: partitions * rowsPerPartition }, (_, i) => BigInt(i));
        const parts = Array.from({ length: partitions }, (_, i) => ({
          name: `${name}_P${i}`,
          lo: i * rowsPerPartition,
          hi: (i + 1) * rowsPerPartition,
          subpartitions: Array.from({ length: subpartitions }, (_, j) => `${name}_P${i}_S${j}`),
        }));
        const data: MemTable = { columns, values: [ids, ids.map((i) => `v${i}`)], partitions: parts };
        catalog.set(key('CONFORMANCE', name), { owner: 'CONFORMANCE', name, data });
        return { owner: 'CONFORMANCE', table: name };
      },
      drop: async (ref) => {
        catalog.delete(key(ref.owner, ref.table));
      },
    },
  };
}

/**
 * The in-memory frontend with breakages (all of them by default): it must fail `frontendSuite`.
 *
 * @example
 * await executeSuite(frontendSuite(brokenMemoryFrontend({ truncateTimestampsToMs: true })))
 */
export function brokenMemoryFrontend(breaks: FrontendBreaks = ALL_FRONTEND_BREAKS): FrontendHarness {
  return memoryFrontend(breaks, 'broken-memory');
}

/** Ways {@link brokenMemoryBackend} breaks the contract. */
export interface BackendBreaks {
  /** finalLoad keeps only milliseconds of TIMESTAMP and TIMESTAMP_TZ values. */
  readonly truncateTimestampsToMs?: boolean;
  /** validateStaged accepts any row count. */
  readonly acceptAnyStagedCount?: boolean;
  /** count() reports one row less. */
  readonly countOneShort?: boolean;
  /** dropTable fails when the table is already gone. */
  readonly dropTableTwiceFails?: boolean;
  /**
   * describeTable, count, aggregate and maxPartitionValue read each storage unit (a loaded chunk, or a partition of
   * a partitioned table) with its own statement (N+1).
   */
  readonly statementPerUnit?: boolean;
}

/** Every backend breakage at once. */
export const ALL_BACKEND_BREAKS: BackendBreaks = {
  truncateTimestampsToMs: true,
  acceptAnyStagedCount: true,
  countOneShort: true,
  dropTableTwiceFails: true,
  statementPerUnit: true,
};

const memoryBackendCapabilities: BackendCapabilities = {
  ...DEFAULT_BACKEND_CAPABILITIES,
  partitioning: { ...DEFAULT_BACKEND_CAPABILITIES.partitioning, kinds: ['integer-range'], maxColumns: 1 },
  maxDecimalPrecision: 76,
  maxDecimalScale: 76,
  maxDatetimeScale: 9,
  nanInfinity: true,
};

/** The harness of the in-memory backend (with optional breakages); staged "files" are Arrow tables by URI. */
export function memoryBackend(
  breaks: BackendBreaks = {},
  name = 'memory',
  capabilities: Partial<BackendCapabilities> = {},
): BackendHarness {
  const files = new Map<string, Table>();
  /** A backend table: rows, chunks loaded, and the IDs per partition when partitioned on ID. */
  type BackendTable = MemTable & { chunks: number; idsPerPartition?: number };
  const databases = new Map<string, Map<string, BackendTable>>();
  const { driver, statements } = countedDriver();
  /** Reads a table: one statement, or one per storage unit when broken. */
  const read = (t: BackendTable, what: string) => {
    if (!breaks.statementPerUnit) return driver.run(`SELECT ${what} FROM t`);
    const units = t.idsPerPartition
      ? new Set(t.values[columnIndex(t, 'ID')]!.map((v) => Math.floor(Number(v) / t.idsPerPartition!))).size
      : t.chunks;
    for (let i = 0; i < units; i++) driver.run(`SELECT ${what} FROM t WHERE unit = ?`);
  };
  const staged = new Map<string, MemTable>();
  const lower = (c: CanonicalColumn): CanonicalColumn => ({ ...c, name: c.name.toLowerCase() });
  const tableOf = (database: string, table: string) => {
    const t = databases.get(database)?.get(table);
    if (!t) throw new GoeError('TABLE_NOT_FOUND', `Table ${database}.${table} does not exist`);
    return t;
  };
  const stagedKey = (plan: OffloadPlan, chunk: number) => `${plan.target.database}.${plan.target.table}#${chunk}`;
  const adapter = defineBackend({
    kind: 'backend',
    name: 'memory',
    apiVersion: 1,
    configSchema,
    capabilities: { ...memoryBackendCapabilities, ...capabilities },
    connect: async (): Promise<BackendSession> => ({
      serverVersion: async () => 'memory 1.0',
      databaseExists: async (db) => databases.has(db),
      createDatabase: async (db) => {
        if (!databases.has(db)) databases.set(db, new Map());
      },
      tableExists: async (db, t) => databases.get(db)?.has(t) ?? false,
      describeTable: async (db, t) => {
        const table = tableOf(db, t);
        read(table, 'column_name, data_type');
        return {
          database: db,
          name: t,
          columns: table.columns,
          backendTypes: table.columns.map((c) => `mem_${c.dataType.toLowerCase()}`),
        };
      },
      ddlFor: (plan) => [
        `CREATE TABLE "${plan.target.database}"."${plan.target.table}" (${plan.columns.map((c) => `"${c.name.toLowerCase()}" ${c.dataType}${c.nullable ? '' : ' NOT NULL'}`).join(', ')})`,
      ],
      createTable: async (plan) => {
        const db = databases.get(plan.target.database);
        if (!db) throw new GoeError('ENGINE_ERROR', `Database ${plan.target.database} does not exist`);
        if (db.has(plan.target.table)) throw new GoeError('ENGINE_ERROR', `Table ${plan.target.table} exists`);
        const granularity = plan.partitioning?.columns[0]?.granularity;
        db.set(plan.target.table, {
          columns: plan.columns.map(lower),
          values: plan.columns.map(() => []),
          chunks: 0,
          ...(granularity !== undefined ? { idsPerPartition: Number(granularity) } : {}),
        });
      },
      stageLoad: async (plan, chunk) => {
        const parts = chunk.files.files.map((f) => {
          const t = files.get(f.uri);
          if (!t) throw new GoeError('ENGINE_ERROR', `No staged file ${f.uri}`);
          return fromArrow(plan.columns, t);
        });
        staged.set(stagedKey(plan, chunk.number), {
          columns: plan.columns,
          values: plan.columns.map((_, i) => parts.flatMap((p) => p.values[i]!)),
        });
      },
      validateStaged: async (plan, chunk) => {
        const t = staged.get(stagedKey(plan, chunk.number));
        const rows = t ? rowCount(t) : 0;
        const ok = breaks.acceptAnyStagedCount || rows === chunk.files.rows;
        return {
          ok,
          message: `${rows} rows staged, ${chunk.files.rows} expected`,
          details: { staged: rows, ...(chunk.files.rows === undefined ? {} : { expected: chunk.files.rows }) },
        };
      },
      validateCasts: async () => ({ ok: true, message: 'no lossy casts: staged values are canonical' }),
      finalLoad: async (plan, chunk) => {
        let t = staged.get(stagedKey(plan, chunk.number));
        if (!t) throw new GoeError('ENGINE_ERROR', `Chunk ${chunk.number} is not staged`);
        if (breaks.truncateTimestampsToMs) t = truncateMs(t);
        const target = tableOf(plan.target.database, plan.target.table);
        t.values.forEach((col, i) => target.values[i]!.push(...col));
        target.chunks++;
        return BigInt(rowCount(t));
      },
      dropStaged: async (plan, chunk) => {
        staged.delete(stagedKey(plan, chunk.number));
      },
      count: async (db, t, scope) => {
        const table = tableOf(db, t);
        read(table, 'count(*)');
        return BigInt(rowsInScope(table, scope ?? { kind: 'full' }).length - (breaks.countOneShort ? 1 : 0));
      },
      aggregate: async (db, t, specs, scope) => {
        const table = tableOf(db, t);
        read(table, 'aggregates');
        return aggregate(table, scope ?? { kind: 'full' }, specs);
      },
      maxPartitionValue: async (db, t, column) => {
        const table = tableOf(db, t);
        read(table, `max(${column})`);
        return Object.values(aggregate(table, { kind: 'full' }, [{ column, fn: 'max' }]))[0] ?? null;
      },
      dropTable: async (db, t) => {
        if (breaks.dropTableTwiceFails) tableOf(db, t);
        databases.get(db)?.delete(t);
      },
      close: async () => {},
    }),
  });
  return {
    name,
    adapter,
    stage: async ({ plan, table, chunk }) => {
      const path = `${plan.staging.prefix}/chunk-${chunk}/part-00000.arrow`;
      const uri = `memory://${path}`;
      files.set(uri, table);
      return {
        format: 'PARQUET',
        rows: table.numRows,
        files: [{ path, uri, rows: table.numRows, bytes: 0, sliceId: '0' }],
      };
    },
    readBack: async ({ database, table }) => {
      const t = tableOf(database, table);
      return new Table([recordBatchFromValues(t.columns, t.values)]);
    },
    cleanup: async ({ database }) => {
      databases.delete(database);
    },
    statements,
    partitionedPlan: (plan, idsPerPartition) => ({
      ...plan,
      partitioning: {
        columns: [{ sourceColumn: 'ID', backendColumn: 'ID', synthetic: false, granularity: String(idsPerPartition) }],
        sortColumns: [],
      },
    }),
  };
}

/**
 * The in-memory backend with breakages (all of them by default): it must fail `backendSuite`.
 *
 * @example
 * await executeSuite(backendSuite(brokenMemoryBackend({ countOneShort: true })))
 */
export function brokenMemoryBackend(breaks: BackendBreaks = ALL_BACKEND_BREAKS): BackendHarness {
  return memoryBackend(breaks, 'broken-memory');
}

function checkPath(path: string): void {
  if (path.startsWith('/') || path.split('/').includes('..')) {
    throw new GoeError('OPTION_INVALID', `Staging path ${JSON.stringify(path)} leaves the store`);
  }
}

/** The harness of an in-memory staging store. */
export function memoryStorage(): StorageHarness {
  const objects = new Map<string, Uint8Array>();
  const adapter = defineStorage({
    kind: 'storage',
    name: 'memory',
    apiVersion: 1,
    configSchema,
    capabilities: { scheme: 'memory' },
    open: async (): Promise<StagingStore> => ({
      put: async (path, data) => {
        checkPath(path);
        const chunks: Uint8Array[] = [];
        if (data instanceof Uint8Array) chunks.push(data);
        else
          for await (const chunk of data as AsyncIterable<Uint8Array>)
            chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
        const all = Buffer.concat(chunks);
        objects.set(path, new Uint8Array(all));
        return all.length;
      },
      list: async (prefix) => {
        checkPath(prefix);
        return [...objects]
          .filter(([p]) => p.startsWith(prefix))
          .map(([path, b]) => ({ path, size: b.length }))
          .sort((a, b) => (a.path < b.path ? -1 : 1));
      },
      get: async (path) => {
        checkPath(path);
        const b = objects.get(path);
        if (!b) throw new GoeError('ENGINE_ERROR', `No staged object ${path}`);
        return Readable.from([Buffer.from(b)]);
      },
      exists: async (path) => {
        checkPath(path);
        return objects.has(path);
      },
      delete: async (prefix) => {
        checkPath(prefix);
        const doomed = [...objects.keys()].filter((p) => p.startsWith(prefix));
        for (const p of doomed) objects.delete(p);
        return doomed.length;
      },
      uri: (path) => `memory://${path}`,
      close: async () => {},
    }),
  });
  return { name: 'memory', adapter, largeBytes: 2 * 1024 * 1024 };
}

/** Ways {@link brokenMemoryRepository} breaks the no-N+1 contract. */
export interface RepositoryBreaks {
  /**
   * One statement per row: listing commands, steps and chunks reads each row on its own, getCommand reads each of its
   * steps and chunks, starting a step or chunk reads each existing one, metadata stores each predicate on its own.
   */
  readonly statementPerRow?: boolean;
}

/** The harness of an in-memory metadata repository (sessions share the data). */
export function memoryRepository(breaks: RepositoryBreaks = {}, name = 'memory'): RepositoryStatementsHarness {
  const commands = new Map<string, CommandExecution>();
  const steps = new Map<string, CommandStep[]>();
  const chunks = new Map<string, OffloadChunkRecord[]>();
  const metadata = new Map<string, OffloadMetadata>();
  const targets = new Map<string, TargetOwnership>();
  const now = () => new Date().toISOString();
  const copy = <T>(v: T): T => structuredClone(v);
  const { driver, statements } = countedDriver();
  /** One statement, plus one per row when broken. */
  const run = (sql: string, rows = 0) => {
    driver.run(sql);
    if (breaks.statementPerRow) for (let i = 0; i < rows; i++) driver.run(`${sql} /* row ${i} */`);
  };
  const adapter = defineRepository({
    kind: 'repository',
    name: 'memory',
    apiVersion: 1,
    schemes: ['memory'],
    configSchema,
    open: async (): Promise<MetadataRepository> => ({
      startCommand: async (exec) => {
        run('INSERT INTO command');
        if (commands.has(exec.id)) throw new GoeError('ENGINE_ERROR', `Command ${exec.id} was already started`);
        commands.set(exec.id, copy({ ...exec, status: exec.status ?? 'EXECUTING' }));
      },
      endCommand: async (id, status, error) => {
        run('UPDATE command');
        const c = commands.get(id);
        if (!c) throw new GoeError('ENGINE_ERROR', `No command ${id}`);
        commands.set(id, { ...c, status, endedAt: now(), ...(error !== undefined ? { error } : {}) });
      },
      getCommand: async (id) => {
        run('SELECT FROM command', (steps.get(id)?.length ?? 0) + (chunks.get(id)?.length ?? 0));
        return copy(commands.get(id));
      },
      listCommands: async (filter = {}) => {
        const listed = copy(
          [...commands.values()]
            .filter(
              (c) =>
                (filter.owner === undefined || c.owner === filter.owner) &&
                (filter.table === undefined || c.table === filter.table),
            )
            .sort((a, b) => (a.startedAt < b.startedAt ? 1 : -1))
            .slice(0, filter.limit ?? Infinity),
        );
        run('SELECT FROM command', listed.length);
        return listed;
      },
      startStep: async (step) => {
        const list = steps.get(step.executionId) ?? [];
        run('INSERT INTO step', list.length);
        if (list.some((s) => s.stepId === step.stepId))
          throw new GoeError('ENGINE_ERROR', `Step ${step.stepId} was already started`);
        steps.set(step.executionId, [...list, copy({ ...step, status: 'EXECUTING' })]);
      },
      endStep: async (executionId, stepId, status, details) => {
        run('UPDATE step');
        steps.set(
          executionId,
          (steps.get(executionId) ?? []).map((s) =>
            s.stepId === stepId ? { ...s, status, endedAt: now(), ...(details ? { details: copy(details) } : {}) } : s,
          ),
        );
      },
      listSteps: async (executionId) => {
        run('SELECT FROM step', steps.get(executionId)?.length ?? 0);
        return copy(steps.get(executionId) ?? []);
      },
      startChunk: async (chunk) => {
        const list = chunks.get(chunk.executionId) ?? [];
        run('INSERT INTO chunk', list.length);
        if (list.some((c) => c.chunkNumber === chunk.chunkNumber))
          throw new GoeError('ENGINE_ERROR', `Chunk ${chunk.chunkNumber} was already started`);
        chunks.set(chunk.executionId, [...list, copy({ ...chunk, status: 'EXECUTING' })]);
      },
      endChunk: async (executionId, chunkNumber, status, rows) => {
        run('UPDATE chunk');
        chunks.set(
          executionId,
          (chunks.get(executionId) ?? []).map((c) =>
            c.chunkNumber === chunkNumber
              ? { ...c, status, endedAt: now(), ...(rows !== undefined ? { rows } : {}) }
              : c,
          ),
        );
      },
      listChunks: async (executionId) => {
        run('SELECT FROM chunk', chunks.get(executionId)?.length ?? 0);
        return copy([...(chunks.get(executionId) ?? [])].sort((a, b) => a.chunkNumber - b.chunkNumber));
      },
      getMetadata: async (owner, table) => {
        run('SELECT FROM metadata', metadata.get(`${owner}.${table}`)?.predicates?.length ?? 0);
        return copy(metadata.get(`${owner}.${table}`));
      },
      saveMetadata: async (m) => {
        run('INSERT INTO metadata', m.predicates?.length ?? 0);
        metadata.set(`${m.owner}.${m.table}`, copy(m));
      },
      deleteMetadata: async (owner, table) => {
        metadata.delete(`${owner}.${table}`);
      },
      getTargetOwner: async (database, table) => copy(targets.get(`${database}.${table}`.toUpperCase())),
      claimTarget: async (o) => {
        targets.set(`${o.backendDatabase}.${o.backendTable}`.toUpperCase(), copy(o));
      },
      releaseTarget: async (database, table) => {
        targets.delete(`${database}.${table}`.toUpperCase());
      },
      schemaVersion: async () => 1,
      close: async () => {},
    }),
  });
  return { name, adapter, statements };
}

/**
 * The in-memory repository issuing one statement per row (N+1): it must fail the repository `statements.*` cases.
 *
 * @example
 * await executeSuite(repositorySuite(brokenMemoryRepository()))
 */
export function brokenMemoryRepository(
  breaks: RepositoryBreaks = { statementPerRow: true },
): RepositoryStatementsHarness {
  return memoryRepository(breaks, 'broken-memory');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The harness of an in-memory orchestration lock (services share the locks, like processes share lock files). */
export function memoryLock(): LockHarness {
  const held = new Map<string, { holder: LockHolder; token: symbol }>();
  const live = (key: string) => {
    const h = held.get(key);
    if (h && h.holder.host === hostname() && !alive(h.holder.pid)) {
      held.delete(key);
      return undefined;
    }
    return h;
  };
  const adapter = defineLock({
    kind: 'lock',
    name: 'memory',
    apiVersion: 1,
    configSchema,
    open: async (): Promise<OrchestrationLock> => ({
      acquire: async (key, holder) => {
        const current = live(key);
        if (current) {
          const h = current.holder;
          throw new GoeError(
            'LOCK_HELD',
            `Another process holds the lock of ${key}: pid ${h.pid} on ${h.host} since ${h.acquiredAt}`,
          );
        }
        const token = Symbol(key);
        held.set(key, { holder: { ...holder, acquiredAt: new Date().toISOString() }, token });
        return {
          key,
          release: async () => {
            if (held.get(key)?.token === token) held.delete(key);
          },
        };
      },
      holder: async (key) => live(key)?.holder,
      close: async () => {},
    }),
  });
  return { name: 'memory', adapter };
}
