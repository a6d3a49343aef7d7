/**
 * `backendSuite(harness)`: the contract of a backend (warehouse) adapter: databases, DDL, the per-chunk load steps
 * with the fixture rows staged by the harness, validation, counts and aggregates, idempotent drops.
 */
import type { RecordBatch, Table } from 'apache-arrow';
import type {
  AdapterContext,
  AggregateSpec,
  BackendAdapter,
  BackendCapabilities,
  BackendSession,
  CanonicalColumn,
  LoadChunk,
  OffloadPlan,
  StagedFiles,
  StagingEncoding,
} from '@goe/core';
import { expectedAggregate, FULL_SCOPE, idBelow, normalizeAggregateText, singleAggregateValue } from './aggregates.js';
import { check, checkEqual, conformanceContext, fail, lazy, rejection, show, uniqueSuffix } from './check.js';
import { checkColumnValues, checkRowCoverage, collectRows } from './compare.js';
import {
  canonicalFixtures,
  fixtureTable,
  type CanonicalFixtures,
  type CanonicalFixturesOptions,
  type FixtureColumn,
} from './fixtures.js';
import { checkMapping, columnExclusion, describeMapping, skipIf, type ExpectedMapping } from './mapping.js';
import { backendStatementCases } from './backend-statements.js';
import type { StatementCounter } from './statement-counter.js';
import { makeSuite, type CaseDefinition, type Suite } from './suite.js';

/** What {@link BackendHarness.stage} receives. */
export interface BackendStageInput {
  /** The plan the suite loads (target database and table, columns, staging format and prefix). */
  readonly plan: OffloadPlan;
  /** The fixture rows in the canonical Arrow schema of `plan.columns`. */
  readonly table: Table;
  readonly fixtures: CanonicalFixtures;
  /** The chunk number the files are for (1). */
  readonly chunk: number;
}

/** What {@link BackendHarness.readBack} receives. */
export interface BackendReadBackInput {
  readonly session: BackendSession;
  readonly database: string;
  readonly table: string;
  readonly plan: OffloadPlan;
}

/** How {@link backendSuite} reaches an engine. */
export interface BackendHarness {
  /** Engine or variant name, shown as `backendSuite[<name>]`. */
  readonly name: string;
  readonly adapter: BackendAdapter;
  /** Context for `adapter.connect`. Default `conformanceContext()`. */
  readonly context?: AdapterContext;
  /** Database (schema, dataset) the suite creates. Default `goe_conformance_<random>`, cased per `identifierCase`. */
  readonly database?: string;
  /** Writes the rows as staging files the backend loads (e.g. Parquet in a local store) and describes them. */
  stage(input: BackendStageInput): Promise<StagedFiles>;
  /**
   * Reads the final table back as Arrow, in any Arrow types `arrowVectorValues` decodes (interval columns as their
   * text form); columns are matched by name, case-insensitively.
   */
  readBack(input: BackendReadBackInput): Promise<Table | readonly RecordBatch[]>;
  /** Drops the database (and load database) and staged files; run by the teardown after the session is closed. */
  cleanup?(input: { readonly database: string; readonly loadDatabase?: string }): Promise<void>;
  /** Expected canonical mapping back from the backend type, by fixture column key, where it differs. */
  readonly expectedMapping?: Readonly<Record<string, ExpectedMapping>>;
  /** Extra fixture columns (key) or cases (id) to leave out, with the reason (capabilities exclude some already). */
  readonly exclude?: Readonly<Record<string, string>>;
  /** Cases to skip: case id (or prefix ending in `*`) → reason. */
  readonly skip?: Readonly<Record<string, string>>;
  /** Fixture options. Default: `canonicalFixtures()` defaults. */
  readonly fixtures?: CanonicalFixturesOptions;
  /**
   * Counts the statements the adapter's driver runs (e.g. `countDuckDBStatements(counter,
   * DuckDBConnection.prototype, DuckDBPreparedStatement.prototype)`); without it the `statements.*` cases are
   * skipped.
   */
  readonly statements?: StatementCounter;
  /**
   * Adds backend partitioning on `ID` to a plan (columns `ID` INTEGER_8 and `VAL`) so that every `idsPerPartition`
   * consecutive IDs from 0 land in one partition; `statements.partitions` is skipped without it.
   */
  partitionedPlan?(plan: OffloadPlan, idsPerPartition: number): OffloadPlan;
}

/**
 * Fixture columns and cases a backend's declared capabilities rule out: unsupported types, decimals beyond
 * `maxDecimalPrecision`/`maxDecimalScale`, fractional seconds beyond `maxDatetimeScale` (nanoseconds need 9),
 * NaN/±Infinity without `nanInfinity`.
 *
 * @example
 * capabilityExclusions(canonicalFixtures(), duckdbBackend.capabilities) // { DECIMAL_76_38: 'capabilities.maxDecimalPrecision is 38', … }
 */
export function capabilityExclusions(fixtures: CanonicalFixtures, caps: BackendCapabilities): Record<string, string> {
  const out: Record<string, string> = {};
  for (const fc of fixtures.columns) {
    const c = fc.column;
    if (caps.unsupportedTypes.includes(fc.type)) out[fc.key] = `capabilities.unsupportedTypes includes ${fc.type}`;
    else if (fc.type === 'DECIMAL' && (c.precision ?? 0) - Math.min(c.scale ?? 0, 0) > caps.maxDecimalPrecision) {
      out[fc.key] = `capabilities.maxDecimalPrecision is ${caps.maxDecimalPrecision}`;
    } else if (fc.type === 'DECIMAL' && (c.scale ?? 0) > caps.maxDecimalScale)
      out[fc.key] = `capabilities.maxDecimalScale is ${caps.maxDecimalScale}`;
    else if (
      (fc.type === 'TIME' || fc.type === 'TIMESTAMP' || fc.type === 'TIMESTAMP_TZ') &&
      (c.scale ?? 6) > caps.maxDatetimeScale
    ) {
      out[fc.key] = `capabilities.maxDatetimeScale is ${caps.maxDatetimeScale}`;
    }
  }
  if (!caps.nanInfinity) {
    for (const key of ['FLOAT', 'DOUBLE']) {
      if (out[key]) continue;
      for (const name of ['nan', 'infinity', 'negative-infinity'])
        out[`${key}.${name}`] = 'capabilities.nanInfinity is false';
    }
  }
  return out;
}

/**
 * The plan {@link backendSuite} loads: the fixture table as `<database>.<table>`, full scope, Parquet (or the
 * backend's first staging format), no lossy conversions allowed.
 *
 * @example
 * const plan = fixturePlan(fixtures, { backend: 'duckdb', database: 'goe_conformance_x', table: 'fixtures' });
 */
export function fixturePlan(
  fixtures: CanonicalFixtures,
  target: {
    backend: string;
    database: string;
    table: string;
    loadDatabase?: string;
    format?: 'PARQUET' | 'AVRO';
    /** The backend's `capabilities.staging.encoding`, as the planner copies it. */
    encoding?: StagingEncoding;
  },
): OffloadPlan {
  return {
    planVersion: 1,
    source: { frontend: 'conformance', owner: 'GOE_CONFORMANCE', table: 'FIXTURES' },
    target: {
      backend: target.backend,
      database: target.database,
      table: target.table,
      ...(target.loadDatabase !== undefined ? { loadDatabase: target.loadDatabase } : {}),
    },
    columns: fixtures.tableColumns,
    scope: FULL_SCOPE,
    transport: { method: 'NATIVE', parallelism: 1, batchRows: 65_536 },
    staging: {
      format: target.format ?? 'PARQUET',
      compression: 'NONE',
      prefix: `conformance/${target.database}/${target.table}`,
      maxFileBytes: 256 * 1024 * 1024,
      rowGroupRows: 65_536,
      ...(target.encoding === undefined ? {} : { encoding: target.encoding }),
    },
    allow: { decimalScaleRounding: false, floatingPointConversions: false, nanosecondTimestamps: false },
    notices: [],
  };
}

/**
 * The backend conformance suite. Cases (ids):
 * - `session.server-version`, `database.missing`, `database.create`;
 * - `ddl.text` (statements naming the table, nothing executed), `table.create`, `table.describe`,
 *   `table.canonical.<KEY>` (the mapping back to canonical), `table.not-found` (GoeError `TABLE_NOT_FOUND`);
 * - `load.stage`, `load.validate-staged`, `load.validate-staged-wrong-count` (a chunk claiming one row more must
 *   not validate), `load.validate-casts`, `load.final` (returns the row count), `load.rows`, `load.values.<KEY>`
 *   (values read back equal the fixtures in canonical text), `load.drop-staged` (twice);
 * - `count.full`, `count.predicate`, `aggregate.id`, `aggregate.integer-8`, `aggregate.decimal`,
 *   `aggregate.string-count`, `max-partition-value`, `partition-key-values`;
 * - `table.empty` (count 0, max partition value NULL), `table.drop-idempotent` (dropTable twice);
 * - `statements.describe-table`, `statements.count`, `statements.aggregate`, `statements.max-partition-value`: no
 *   N+1, each issues no more statements on a table loaded in 5 chunks of 400 rows than on 1 chunk of 10 rows;
 *   `statements.partitions`: the same on 40 backend partitions as on 2 (needs `harness.statements`, and
 *   `harness.partitionedPlan` for partitions).
 *
 * Columns and cases the backend's capabilities rule out are excluded ({@link capabilityExclusions}) and their
 * cases skipped with the reason.
 *
 * @example
 * runSuite(backendSuite({
 *   name: 'duckdb', adapter: duckdbBackend, context,
 *   stage: ({ plan, table }) => writeParquet(store, plan, table),
 *   readBack: ({ database, table }) => readArrow(db, database, table),
 *   cleanup: ({ database }) => dropSchema(db, database),
 * }), { describe, it, afterAll });
 */
export function backendSuite(harness: BackendHarness): Suite {
  const caps = harness.adapter.capabilities;
  const all = canonicalFixtures(harness.fixtures);
  const fixtures = all.exclude({ ...capabilityExclusions(all, caps), ...(harness.exclude ?? {}) });
  const ctx = harness.context ?? conformanceContext();
  const ident = (s: string) =>
    caps.identifierCase === 'upper' ? s.toUpperCase() : caps.identifierCase === 'lower' ? s.toLowerCase() : s;
  const database = ident(harness.database ?? `goe_conformance_${uniqueSuffix()}`);
  const loadDatabase = caps.loadDatabase ? ident(`${database}_load`) : undefined;
  const format = caps.staging.formats.includes('PARQUET') ? 'PARQUET' : caps.staging.formats[0];
  const planFor = (table: string) =>
    fixturePlan(fixtures, {
      backend: harness.adapter.name,
      database,
      table: ident(table),
      ...(loadDatabase ? { loadDatabase } : {}),
      ...(format ? { format } : {}),
      ...(caps.staging.encoding === undefined ? {} : { encoding: caps.staging.encoding }),
    });
  const plan = planFor('fixtures');
  const table = plan.target.table;
  const allIds = Array.from({ length: fixtures.rowCount }, (_, i) => i);
  let session: BackendSession | undefined;
  let createdTables: string[] = [];

  const connect = lazy(async () => (session = await harness.adapter.connect(ctx)));
  const databaseReady = lazy(async () => {
    const s = await connect();
    for (const db of [database, ...(loadDatabase ? [loadDatabase] : [])])
      if (!(await s.databaseExists(db))) await s.createDatabase(db);
    return s;
  });
  const created = lazy(async () => {
    const s = await databaseReady();
    await s.createTable(plan);
    createdTables.push(table);
    return s;
  });
  const chunk = lazy(async (): Promise<LoadChunk> => {
    await created();
    const files = await harness.stage({ plan, table: fixtureTable(fixtures), fixtures, chunk: 1 });
    return { number: 1, files, scope: FULL_SCOPE };
  });
  const stageLoaded = lazy(async () => {
    const [s, c] = [await created(), await chunk()];
    await s.stageLoad(plan, c);
    return c;
  });
  const validated = lazy(async () => (await created()).validateStaged(plan, await stageLoaded()));
  const castsValidated = lazy(async () => {
    await validated();
    return (await created()).validateCasts(plan, await stageLoaded());
  });
  const finalLoaded = lazy(async () => {
    await castsValidated();
    return (await created()).finalLoad(plan, await stageLoaded());
  });
  const described = lazy(async () => {
    await created();
    return (await connect()).describeTable(database, table);
  });
  const rows = lazy(async () => {
    await finalLoaded();
    return collectRows(await harness.readBack({ session: await connect(), database, table, plan }));
  });
  const describedByName = async (name: string): Promise<CanonicalColumn | undefined> => {
    const upper = name.toUpperCase();
    return (await described()).columns.find((c) => c.name.toUpperCase() === upper);
  };
  const describedColumn = async (fc: FixtureColumn): Promise<CanonicalColumn> =>
    (await describedByName(fc.column.name)) ?? fc.column;
  const backendName = async (name: string) => (await describedByName(name))?.name ?? name;
  const excluded = (key: string) => columnExclusion(fixtures.exclusions, key);
  const needs = (key: string) => {
    const reason = excluded(key);
    return skipIf(reason === undefined ? undefined : `needs C_${key}, excluded: ${reason}`);
  };
  const aggregateOne = async (columnName: string, fn: AggregateSpec['fn']) => {
    await finalLoaded();
    const name = await backendName(columnName);
    return singleAggregateValue(
      await (await connect()).aggregate(database, table, [{ column: name, fn }]),
      `aggregate ${fn}(${name})`,
    );
  };
  const checkAggregates = async (key: string, fns: readonly AggregateSpec['fn'][]) => {
    const fc = fixtures.column(key)!;
    const type = (await describedColumn(fc)).dataType;
    for (const fn of fns) {
      const got = normalizeAggregateText(type, await aggregateOne(fc.column.name, fn));
      const want = normalizeAggregateText(
        fn === 'count' || fn === 'count_distinct' ? 'INTEGER_8' : type,
        expectedAggregate(fc, fn),
      );
      checkEqual(got, want, `${fn}(${fc.column.name})`);
    }
  };
  const n = BigInt(fixtures.rowCount);

  const cases: CaseDefinition[] = [
    {
      id: 'session.server-version',
      title: 'serverVersion() names the engine version',
      run: async () => {
        const v = await (await connect()).serverVersion();
        check(typeof v === 'string' && v.trim().length > 0, `serverVersion() returned ${show(v)}`);
      },
    },
    {
      id: 'database.missing',
      title: 'databaseExists is false for a database that does not exist',
      run: async () =>
        checkEqual(
          await (await connect()).databaseExists(ident(`goe_no_such_db_${uniqueSuffix()}`)),
          false,
          'databaseExists(missing)',
        ),
    },
    {
      id: 'database.create',
      title: `createDatabase makes ${database}${loadDatabase ? ` and ${loadDatabase}` : ''} exist`,
      run: async () => {
        const s = await databaseReady();
        checkEqual(await s.databaseExists(database), true, `databaseExists(${database})`);
        if (loadDatabase) checkEqual(await s.databaseExists(loadDatabase), true, `databaseExists(${loadDatabase})`);
      },
    },
    {
      id: 'ddl.text',
      title: 'ddlFor returns the DDL as text naming the table, without running it',
      run: async () => {
        const s = await databaseReady();
        const ddlPlan = planFor('fixtures_ddl');
        const statements = s.ddlFor(ddlPlan);
        check(Array.isArray(statements) && statements.length > 0, `ddlFor returned ${show(statements)}`);
        check(
          statements.every((x) => typeof x === 'string' && x.trim().length > 0),
          'ddlFor returned an empty statement',
        );
        check(
          statements.some((x) => x.toUpperCase().includes(ddlPlan.target.table.toUpperCase())),
          `no statement names ${ddlPlan.target.table}: ${show(statements)}`,
        );
        checkEqual(
          await s.tableExists(database, ddlPlan.target.table),
          false,
          'tableExists after ddlFor (nothing may run)',
        );
      },
    },
    {
      id: 'table.create',
      title: 'createTable(plan) creates the final table',
      run: async () =>
        checkEqual(await (await created()).tableExists(database, table), true, `tableExists(${database}, ${table})`),
    },
    {
      id: 'table.describe',
      title: 'describeTable reports the plan columns in order, with a backend type each',
      run: async () => {
        const t = await described();
        checkEqual(
          t.columns.map((c) => c.name.toUpperCase()).join(','),
          plan.columns.map((c) => c.name.toUpperCase()).join(','),
          'columns (upper-cased, in order)',
        );
        checkEqual(t.backendTypes.length, t.columns.length, 'backendTypes per column');
        check(
          t.backendTypes.every((x) => typeof x === 'string' && x.length > 0),
          `empty backend type in ${show(t.backendTypes)}`,
        );
      },
    },
    ...all.columns.map((fc): CaseDefinition => {
      const reason = excluded(fc.key);
      return {
        id: `table.canonical.${fc.key}`,
        title: `${fc.column.name} maps back to ${describeMapping(fc, harness.expectedMapping?.[fc.key])}`,
        ...skipIf(reason === undefined ? undefined : `C_${fc.key} excluded: ${reason}`),
        run: async () => {
          const col = await describedByName(fc.column.name);
          if (!col) fail(`no column ${fc.column.name}`);
          checkMapping(col, fc, harness.expectedMapping?.[fc.key]);
        },
      };
    }),
    {
      id: 'table.not-found',
      title: 'describeTable of a missing table is GoeError TABLE_NOT_FOUND',
      run: async () => {
        const s = await databaseReady();
        await rejection(
          s.describeTable(database, ident(`goe_no_such_table_${uniqueSuffix()}`)),
          'describeTable of a missing table',
          'TABLE_NOT_FOUND',
        );
      },
    },
    {
      id: 'load.stage',
      title: 'stageLoad takes the staged files',
      run: async () => {
        const c = await stageLoaded();
        checkEqual(c.files.rows, fixtures.rowCount, 'rows the harness staged');
      },
    },
    {
      id: 'load.validate-staged',
      title: 'validateStaged accepts the staged rows',
      run: async () => {
        const v = await validated();
        check(v.ok, `validateStaged failed: ${v.message}`);
      },
    },
    {
      id: 'load.validate-staged-wrong-count',
      title: 'validateStaged refuses a chunk whose files claim one row more than was staged',
      run: async () => {
        const c = await stageLoaded();
        await validated();
        const [first, ...rest] = c.files.files;
        // The fixture's rows are known (the harness staged them); a transport may leave them unknown, not this case.
        const staged = c.files.rows ?? c.files.files.reduce((n, f) => n + (f.rows ?? 0), 0);
        const files: StagedFiles = {
          ...c.files,
          rows: staged + 1,
          files: first ? [{ ...first, rows: (first.rows ?? 0) + 1 }, ...rest] : [],
        };
        const v = await (await connect()).validateStaged(plan, { ...c, files });
        check(!v.ok, `validateStaged accepted ${staged + 1} rows for ${staged} staged: ${v.message}`);
      },
    },
    {
      id: 'load.validate-casts',
      title: 'validateCasts finds no value the final cast would lose',
      run: async () => {
        const v = await castsValidated();
        check(v.ok, `validateCasts failed: ${v.message}`);
      },
    },
    {
      id: 'load.final',
      title: 'finalLoad inserts every staged row and returns the count',
      run: async () => checkEqual(await finalLoaded(), n, 'finalLoad rows'),
    },
    {
      id: 'load.rows',
      title: 'the final table holds every row exactly once',
      run: async () => checkRowCoverage(await rows(), allIds, 'final table'),
    },
    ...all.columns.map((fc): CaseDefinition => {
      const reason = excluded(fc.key);
      return {
        id: `load.values.${fc.key}`,
        title: `${fc.column.name} values read back equal the fixtures (${fc.cases.length} cases)`,
        ...skipIf(reason === undefined ? undefined : `C_${fc.key} excluded: ${reason}`),
        run: async () => {
          const current = fixtures.column(fc.key)!;
          checkColumnValues(await rows(), fixtures, current, await describedColumn(current));
        },
      };
    }),
    {
      id: 'count.full',
      title: 'count equals the fixture rows',
      run: async () => {
        await finalLoaded();
        checkEqual(await (await connect()).count(database, table), n, 'count()');
        checkEqual(await (await connect()).count(database, table, FULL_SCOPE), n, 'count(full)');
      },
    },
    {
      id: 'count.predicate',
      title: 'count of a predicate scope (ID < 5)',
      run: async () => {
        await finalLoaded();
        const k = Math.min(5, fixtures.rowCount);
        checkEqual(await (await connect()).count(database, table, idBelow(k)), BigInt(k), `count(ID < ${k})`);
      },
    },
    {
      id: 'aggregate.id',
      title: 'count, count_distinct, min, max and sum of ID',
      run: async () => {
        const want = { count: n, count_distinct: n, min: 0n, max: n - 1n, sum: (n * (n - 1n)) / 2n };
        for (const fn of ['count', 'count_distinct', 'min', 'max', 'sum'] as const) {
          checkEqual(
            normalizeAggregateText('INTEGER_8', await aggregateOne('ID', fn)),
            want[fn].toString(),
            `${fn}(ID)`,
          );
        }
      },
    },
    {
      id: 'aggregate.integer-8',
      title: 'min, max and count of C_INTEGER_8 are exact',
      ...needs('INTEGER_8'),
      run: () => checkAggregates('INTEGER_8', ['min', 'max', 'count']),
    },
    {
      id: 'aggregate.decimal',
      title: 'min, max and sum of C_DECIMAL_38_10 are exact',
      ...needs('DECIMAL_38_10'),
      run: () => checkAggregates('DECIMAL_38_10', ['min', 'max', 'sum']),
    },
    {
      id: 'aggregate.string-count',
      title: 'count and count_distinct of C_VARIABLE_STRING count the empty string',
      ...needs('VARIABLE_STRING'),
      run: () => checkAggregates('VARIABLE_STRING', ['count', 'count_distinct']),
    },
    {
      id: 'max-partition-value',
      title: 'maxPartitionValue(ID) is the largest ID',
      run: async () => {
        await finalLoaded();
        const v = await (await connect()).maxPartitionValue(database, table, await backendName('ID'));
        checkEqual(normalizeAggregateText('INTEGER_8', v), String(n - 1n), 'maxPartitionValue(ID)');
      },
    },
    {
      id: 'partition-key-values',
      title:
        'partitionKeyValues (when implemented): max of (C_INTEGER_8, ID) is the lexicographic maximum ignoring NULLs, distinct every tuple',
      ...needs('INTEGER_8'),
      run: async () => {
        await finalLoaded();
        const s = await connect();
        if (s.partitionKeyValues === undefined) return;
        const names = [await backendName('C_INTEGER_8'), await backendName('ID')];
        const tuples: [bigint, bigint][] = [];
        for (let row = 0; row < fixtures.rowCount; row++) {
          const v = fixtures.valueAt(row, 'INTEGER_8');
          if (typeof v === 'bigint') tuples.push([v, BigInt(row)]);
        }
        tuples.sort((a, b) => (a[0] !== b[0] ? (a[0] < b[0] ? -1 : 1) : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
        const want = tuples.at(-1);
        const max = await s.partitionKeyValues(database, table, names, 'max');
        const norm = (t: readonly (string | null)[]) => t.map((v) => normalizeAggregateText('INTEGER_8', v));
        checkEqual(
          JSON.stringify(max.map(norm)),
          JSON.stringify(want === undefined ? [] : [[String(want[0]), String(want[1])]]),
          'partitionKeyValues max',
        );
        const distinct = await s.partitionKeyValues(database, table, names, 'distinct');
        checkEqual(distinct.length, fixtures.rowCount, 'partitionKeyValues distinct tuples (ID is unique)');
        const zero = distinct.map(norm).find((t) => t[1] === '0');
        checkEqual(JSON.stringify(zero), JSON.stringify([null, '0']), 'distinct tuple of row 0 (NULL in C_INTEGER_8)');
        const empty = await s.partitionKeyValues(database, table, [names[0]!], 'max');
        checkEqual(empty.length, want === undefined ? 0 : 1, 'partitionKeyValues max of one column');
      },
    },
    {
      id: 'load.drop-staged',
      title: 'dropStaged removes the staging data and may run twice',
      run: async () => {
        const c = await stageLoaded();
        await finalLoaded();
        const s = await connect();
        await s.dropStaged(plan, c);
        await s.dropStaged(plan, c);
        checkEqual(await s.count(database, table), n, 'final rows after dropStaged');
      },
    },
    {
      id: 'table.empty',
      title: 'an empty table counts 0 and has no max partition value',
      run: async () => {
        const s = await databaseReady();
        const empty = planFor('fixtures_empty');
        await s.createTable(empty);
        createdTables.push(empty.target.table);
        checkEqual(await s.count(database, empty.target.table), 0n, 'count(empty table)');
        checkEqual(
          await s.maxPartitionValue(database, empty.target.table, await backendName('ID')),
          null,
          'maxPartitionValue(empty table)',
        );
      },
    },
    {
      id: 'table.drop-idempotent',
      title: 'dropTable removes a table and may run again',
      run: async () => {
        const s = await databaseReady();
        const doomed = planFor('fixtures_drop');
        await s.createTable(doomed);
        createdTables.push(doomed.target.table);
        await s.dropTable(database, doomed.target.table);
        checkEqual(await s.tableExists(database, doomed.target.table), false, 'tableExists after dropTable');
        await s.dropTable(database, doomed.target.table);
      },
    },
    ...backendStatementCases({
      harness,
      fixtures,
      database,
      session: databaseReady,
      planFor,
      track: (t) => createdTables.push(t),
    }),
  ];

  return makeSuite(`backendSuite[${harness.name}]`, cases, harness.skip, async () => {
    const errors: unknown[] = [];
    if (session) {
      const s = session;
      for (const t of createdTables) {
        await s
          .tableExists(database, t)
          .then((exists) => (exists ? s.dropTable(database, t) : undefined))
          .catch((e: unknown) => errors.push(e));
      }
      createdTables = [];
      await session.close().catch((e: unknown) => errors.push(e));
    }
    if (harness.cleanup)
      await harness
        .cleanup({ database, ...(loadDatabase ? { loadDatabase } : {}) })
        .catch((e: unknown) => errors.push(e));
    if (errors.length > 0) throw errors[0];
  });
}
