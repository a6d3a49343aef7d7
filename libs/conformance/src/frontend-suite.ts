/**
 * `frontendSuite(harness)`: the contract of a frontend (source) adapter, checked against a table the harness creates
 * from the canonical fixtures.
 */
import type { RecordBatch } from 'apache-arrow';
import {
  arrowSchemaFor,
  type AdapterContext,
  type AggregateSpec,
  type CanonicalColumn,
  type FrontendAdapter,
  type FrontendSession,
  type PredicateAst,
  type Slice,
  type SnapshotToken,
  type SourceColumn,
  type SourceTable,
} from '@goe/core';
import {
  comparison,
  expectedAggregate,
  FULL_SCOPE,
  idBelow,
  normalizeAggregateText,
  singleAggregateValue,
} from './aggregates.js';
import { schemaDifferences } from './arrow-values.js';
import {
  check,
  checkEqual,
  conformanceContext,
  fail,
  isAbortError,
  lazy,
  rejection,
  show,
  swapCase,
  uniqueSuffix,
  withTimeout,
} from './check.js';
import { checkColumnValues, checkRowCoverage, collectRows } from './compare.js';
import {
  canonicalFixtures,
  type CanonicalFixtures,
  type CanonicalFixturesOptions,
  type FixtureColumn,
} from './fixtures.js';
import { checkMapping, columnExclusion, describeMapping, skipIf, type ExpectedMapping } from './mapping.js';
import { frontendStatementCases, type PartitionedTables } from './frontend-statements.js';
import type { StatementCounter } from './statement-counter.js';
import { makeSuite, type CaseDefinition, type Suite } from './suite.js';

/** Where the harness created the fixture table. */
export interface TableRef {
  readonly owner: string;
  readonly table: string;
}

/** How {@link frontendSuite} reaches an engine. */
export interface FrontendHarness {
  /** Engine or variant name, shown as `frontendSuite[<name>]`. */
  readonly name: string;
  readonly adapter: FrontendAdapter;
  /** Context for `adapter.connect`. Default `conformanceContext()` (no configuration). */
  readonly context?: AdapterContext;
  /**
   * The case unquoted identifiers fold to in this engine: the suite's own tables are named in it so that they
   * resolve unquoted. Default `'lower'`.
   */
  readonly identifierCase?: 'upper' | 'lower';
  /**
   * Creates the fixture table (`fixtures.tableColumns`, rows from `fixtures.rows()`, primary key `ID`) with the
   * engine's nearest types and returns where it is. Columns and cases the harness excluded are already removed
   * (cases are NULL).
   */
  createTable(fixtures: CanonicalFixtures): Promise<TableRef>;
  /** Drops the table again (run by the teardown). */
  dropTable?(ref: TableRef): Promise<void>;
  /** Expected canonical mapping by fixture column key (`INTEGER_1`, `DECIMAL_5_M3`…) where it is not the fixture type. */
  readonly expectedMapping?: Readonly<Record<string, ExpectedMapping>>;
  /** Fixture columns (by key) or cases (by id) the engine cannot hold, with the reason; their cases are skipped. */
  readonly exclude?: Readonly<Record<string, string>>;
  /** Cases to skip: case id (or prefix ending in `*`) → reason. */
  readonly skip?: Readonly<Record<string, string>>;
  /** Fixture options (e.g. a smaller `lobBytes` for a slow live system). Default: `canonicalFixtures()` defaults. */
  readonly fixtures?: CanonicalFixturesOptions;
  /**
   * Counts the statements the adapter's driver runs (e.g. `countPgQueries(counter, pg.Client.prototype)`); without
   * it the `statements.*` cases are skipped.
   */
  readonly statements?: StatementCounter;
  /** Creates range-partitioned tables for the `statements.*` cases; without it they are skipped. */
  readonly partitionedTables?: PartitionedTables;
}

const PARALLELISMS = [1, 2, 3, 4] as const;
const ABORT_TIMEOUT_MS = 10_000;

function findColumn(table: SourceTable, name: string): SourceColumn | undefined {
  const n = name.toUpperCase();
  return table.columns.find((c) => c.name.toUpperCase() === n);
}

async function drain(iterable: AsyncIterable<RecordBatch>, into: RecordBatch[]): Promise<void> {
  for await (const batch of iterable) into.push(batch);
}

/**
 * The frontend conformance suite. Cases (ids):
 * - `session.server-version`; `describe.columns` (names, order, `ID` NOT NULL INTEGER_8), `describe.canonical.<KEY>`
 *   per fixture column (canonical type; precision/scale of decimals, scale of times), `describe.primary-key`,
 *   `describe.case-insensitive`, `describe.table-not-found` (GoeError `TABLE_NOT_FOUND`);
 * - `extract.schema` (every batch's schema equals `arrowSchemaFor` of the described canonical columns, types and
 *   `goe:type` metadata included), `extract.rows`, `extract.values.<KEY>` (values equal the fixtures in canonical
 *   text), `extract.batch-rows`, `extract.predicate`;
 * - `slices.parallelism-1…4` (at most p slices, unique ids, every row exactly once), `slices.serializable`,
 *   `slices.snapshot-sessions` (slices read concurrently by two sessions sharing one snapshot);
 * - `count.full`, `count.predicate`, `count.empty-vs-null`; `aggregate.id`, `aggregate.multiple-specs`,
 *   `aggregate.integer-8`, `aggregate.decimal`, `aggregate.date`, `aggregate.string-count`;
 * - `predicate.binds-values` (a hostile string appears only in `params`), `predicate.numeric-exact`;
 * - `snapshot.token`; `extract.abort-before`, `extract.abort-during` (the `AbortSignal` is honoured);
 * - `statements.describe-partitions`, `statements.describe-subpartitions`, `statements.count-partitions`,
 *   `statements.aggregate-partitions`: no N+1, describeTable, count and aggregate issue no more statements for a
 *   table of 40 partitions than for one of 2 (needs `harness.statements` and `harness.partitionedTables`).
 *
 * Capability gates: `snapshot: 'none'` skips the snapshot cases, `maxParallelism: 1` the two-session case.
 *
 * @example
 * import { afterAll, describe, it } from 'vitest';
 * import { frontendSuite, runSuite } from '@goe/conformance';
 * runSuite(frontendSuite({
 *   name: 'pglite', adapter: postgresFrontend, context,
 *   createTable: (fixtures) => createFixtureTable(db, fixtures),
 *   expectedMapping: { INTEGER_1: 'INTEGER_2', INTERVAL_YM: 'INTERVAL_MDN', INTERVAL_DS: 'INTERVAL_MDN' },
 *   exclude: { TIMESTAMP_NS: 'PostgreSQL timestamps hold microseconds' },
 * }), { describe, it, afterAll });
 */
export function frontendSuite(harness: FrontendHarness): Suite {
  const all = canonicalFixtures(harness.fixtures);
  const fixtures = all.exclude(harness.exclude ?? {});
  const caps = harness.adapter.capabilities;
  const ctx = harness.context ?? conformanceContext();
  const sessions: FrontendSession[] = [];
  const connect = async () => {
    const s = await harness.adapter.connect(ctx);
    sessions.push(s);
    return s;
  };
  let created: TableRef | undefined;
  const ref = lazy(async () => (created = await harness.createTable(fixtures)));
  const session = lazy(async () => {
    await ref();
    return connect();
  });
  const table = lazy(async () => {
    const r = await ref();
    return (await session()).describeTable(r.owner, r.table);
  });
  const extractSlices = async (
    s: FrontendSession,
    t: SourceTable,
    slices: readonly Slice[],
    options: { batchRows?: number; snapshot?: SnapshotToken } = {},
  ) => {
    const batches: RecordBatch[] = [];
    for (const slice of slices) await drain(s.extract(t, slice, options), batches);
    return batches;
  };
  const fullExtract = lazy(async () => {
    const [s, t] = [await session(), await table()];
    return extractSlices(s, t, await s.planSlices(t, FULL_SCOPE, 1));
  });
  const fullRows = lazy(async () => collectRows(await fullExtract()));
  const allIds = Array.from({ length: fixtures.rowCount }, (_, i) => i);
  const describedColumn = async (fc: FixtureColumn): Promise<CanonicalColumn> =>
    findColumn(await table(), fc.column.name)?.canonical ?? fc.column;

  const excluded = (key: string) => columnExclusion(fixtures.exclusions, key);
  const needs = (...keys: string[]) => {
    for (const key of keys) {
      const reason = excluded(key);
      if (reason !== undefined) return `needs C_${key}, excluded: ${reason}`;
    }
    return undefined;
  };
  const column = (key: string) => fixtures.column(key)!;
  const statementCases = frontendStatementCases({
    harness,
    session: async () => {
      await table();
      return session();
    },
  });

  const aggregateOne = async (key: string, fn: AggregateSpec['fn']) => {
    const [s, t] = [await session(), await table()];
    const name = key === 'ID' ? findColumn(t, 'ID')!.name : findColumn(t, column(key).column.name)!.name;
    const result = await s.aggregate(t, FULL_SCOPE, [{ column: name, fn }]);
    return singleAggregateValue(result, `aggregate ${fn}(${name})`);
  };
  const checkAggregates = async (key: string, fns: readonly AggregateSpec['fn'][]) => {
    const fc = column(key);
    const type = (await describedColumn(fc)).dataType;
    for (const fn of fns) {
      const got = normalizeAggregateText(type, await aggregateOne(key, fn));
      const want = normalizeAggregateText(
        fn === 'count' || fn === 'count_distinct' ? 'INTEGER_8' : type,
        expectedAggregate(fc, fn),
      );
      checkEqual(got, want, `${fn}(${fc.column.name})`);
    }
  };
  const idAggregates = (fn: AggregateSpec['fn']): string => {
    const n = BigInt(fixtures.rowCount);
    return { count: n, count_distinct: n, min: 0n, max: n - 1n, sum: (n * (n - 1n)) / 2n }[fn].toString();
  };

  const cases: CaseDefinition[] = [
    {
      id: 'session.server-version',
      title: 'serverVersion() names the engine version',
      run: async () => {
        const v = await (await session()).serverVersion();
        check(typeof v === 'string' && v.trim().length > 0, `serverVersion() returned ${show(v)}`);
      },
    },
    {
      id: 'describe.columns',
      title: 'describeTable reports every column in order with a canonical mapping; ID is a NOT NULL INTEGER_8',
      run: async () => {
        const t = await table();
        const got = t.columns.map((c) => c.name.toUpperCase());
        const want = fixtures.tableColumns.map((c) => c.name.toUpperCase());
        checkEqual(got.join(','), want.join(','), 'columns (upper-cased, in order)');
        for (const c of t.columns)
          check(
            c.canonical !== undefined && typeof c.canonical.dataType === 'string',
            `${c.name}: no canonical mapping`,
          );
        const id = findColumn(t, 'ID')!;
        checkEqual(id.canonical.dataType, 'INTEGER_8', 'ID: canonical type');
        checkEqual(id.canonical.nullable, false, 'ID: canonical nullable');
      },
    },
    ...all.columns.map((fc): CaseDefinition => {
      const reason = excluded(fc.key);
      return {
        id: `describe.canonical.${fc.key}`,
        title: `${fc.column.name} maps to ${describeMapping(fc, harness.expectedMapping?.[fc.key])}`,
        ...(reason !== undefined ? { skip: `C_${fc.key} excluded: ${reason}` } : {}),
        run: async () => {
          const c = findColumn(await table(), fc.column.name);
          if (!c) fail(`no column ${fc.column.name}`);
          checkMapping(c.canonical, fc, harness.expectedMapping?.[fc.key]);
          checkEqual(c.canonical.nullable, true, `${fc.column.name}: canonical nullable`);
        },
      };
    }),
    {
      id: 'describe.primary-key',
      title: 'describeTable reports the primary key ID',
      run: async () => checkEqual((await table()).primaryKey.map((k) => k.toUpperCase()).join(','), 'ID', 'primaryKey'),
    },
    {
      id: 'describe.case-insensitive',
      title: 'owner and table resolve case-insensitively',
      run: async () => {
        const r = await ref();
        const t = await (await session()).describeTable(swapCase(r.owner), swapCase(r.table));
        checkEqual(t.name.toUpperCase(), r.table.toUpperCase(), 'table name');
        checkEqual(t.owner.toUpperCase(), r.owner.toUpperCase(), 'owner');
        checkEqual(t.columns.length, fixtures.tableColumns.length, 'column count');
      },
    },
    {
      id: 'describe.table-not-found',
      title: 'a missing table is GoeError TABLE_NOT_FOUND',
      run: async () => {
        const r = await ref();
        const s = await session();
        await rejection(
          s.describeTable(r.owner, `GOE_NO_SUCH_TABLE_${uniqueSuffix()}`),
          'describeTable of a missing table',
          'TABLE_NOT_FOUND',
        );
      },
    },
    {
      id: 'extract.schema',
      title: 'every batch has the exact canonical Arrow schema (arrowSchemaFor of the described columns)',
      run: async () => {
        const expected = arrowSchemaFor((await table()).columns.map((c) => c.canonical));
        const batches = await fullExtract();
        check(batches.length > 0, 'extract yielded no batch');
        batches.forEach((b, i) => {
          const diff = schemaDifferences(b.schema, expected);
          if (diff.length > 0) fail(`batch ${i}: ${diff.join('; ')}`);
        });
      },
    },
    {
      id: 'extract.rows',
      title: 'a full extract returns every row exactly once',
      run: async () => checkRowCoverage(await fullRows(), allIds, 'full extract'),
    },
    ...all.columns.map((fc): CaseDefinition => {
      const reason = excluded(fc.key);
      return {
        id: `extract.values.${fc.key}`,
        title: `${fc.column.name} values equal the fixtures (${fc.cases.length} cases)`,
        ...(reason !== undefined ? { skip: `C_${fc.key} excluded: ${reason}` } : {}),
        run: async () => {
          const current = fixtures.column(fc.key)!;
          checkColumnValues(await fullRows(), fixtures, current, await describedColumn(current));
        },
      };
    }),
    {
      id: 'extract.batch-rows',
      title: 'batchRows bounds the rows of every batch',
      run: async () => {
        const [s, t] = [await session(), await table()];
        const batches = await extractSlices(s, t, await s.planSlices(t, FULL_SCOPE, 1), { batchRows: 3 });
        const sizes = batches.map((b) => b.numRows);
        check(
          sizes.every((n) => n <= 3),
          `batch sizes ${sizes.join(',')} exceed batchRows 3`,
        );
        checkRowCoverage(collectRows(batches), allIds, 'extract with batchRows 3');
      },
    },
    {
      id: 'extract.predicate',
      title: 'slices of a predicate scope (ID < 5) return exactly the matching rows',
      run: async () => {
        const [s, t] = [await session(), await table()];
        const n = Math.min(5, fixtures.rowCount);
        const batches = await extractSlices(s, t, await s.planSlices(t, idBelow(n), 2));
        checkRowCoverage(collectRows(batches), allIds.slice(0, n), `extract of ID < ${n}`);
      },
    },
    ...PARALLELISMS.map(
      (p): CaseDefinition => ({
        id: `slices.parallelism-${p}`,
        title: `planSlices(…, ${p}) returns 1-${p} slices with unique ids that cover every row exactly once`,
        run: async () => {
          const [s, t] = [await session(), await table()];
          const slices = await s.planSlices(t, FULL_SCOPE, p);
          check(
            slices.length >= 1 && slices.length <= p,
            `planSlices returned ${slices.length} slices for parallelism ${p}`,
          );
          checkEqual(new Set(slices.map((x) => x.id)).size, slices.length, 'distinct slice ids');
          checkRowCoverage(
            collectRows(await extractSlices(s, t, slices)),
            allIds,
            `${slices.length} slices of parallelism ${p}`,
          );
        },
      }),
    ),
    {
      id: 'slices.serializable',
      title: 'slices survive a JSON round trip (they are handed to workers and job files)',
      run: async () => {
        const [s, t] = [await session(), await table()];
        const slices = await s.planSlices(t, FULL_SCOPE, 4);
        const copy = JSON.parse(JSON.stringify(slices)) as Slice[];
        checkEqual(JSON.stringify(copy), JSON.stringify(slices), 'slices after JSON round trip');
        checkRowCoverage(collectRows(await extractSlices(s, t, copy)), allIds, 'slices read back from JSON');
      },
    },
    {
      id: 'slices.snapshot-sessions',
      title: 'two sessions read the slices concurrently from one shared snapshot',
      ...(caps.snapshot === 'none'
        ? { skip: "capabilities.snapshot is 'none'" }
        : caps.maxParallelism < 2
          ? { skip: 'capabilities.maxParallelism is 1' }
          : {}),
      run: async () => {
        const [a, t] = [await session(), await table()];
        const token = await a.snapshot();
        const b = await connect();
        try {
          const slices = await a.planSlices(t, FULL_SCOPE, 2);
          const parts = await Promise.all(
            slices.map((slice, i) => extractSlices(i % 2 === 0 ? a : b, t, [slice], { snapshot: token })),
          );
          checkRowCoverage(collectRows(parts.flat()), allIds, 'concurrent slices in two sessions');
        } finally {
          await token.release();
        }
      },
    },
    {
      id: 'count.full',
      title: 'count of the full scope equals the fixture rows',
      run: async () =>
        checkEqual(await (await session()).count(await table(), FULL_SCOPE), BigInt(fixtures.rowCount), 'count(full)'),
    },
    {
      id: 'count.predicate',
      title: 'count of a predicate scope (ID < 5)',
      run: async () => {
        const n = Math.min(5, fixtures.rowCount);
        checkEqual(await (await session()).count(await table(), idBelow(n)), BigInt(n), `count(ID < ${n})`);
      },
    },
    {
      id: 'count.empty-vs-null',
      title: "an empty string is not NULL: count(C_VARIABLE_STRING = '') and count(C_VARIABLE_STRING IS NULL)",
      ...skipIf(needs('VARIABLE_STRING')),
      run: async () => {
        const [s, t] = [await session(), await table()];
        const fc = column('VARIABLE_STRING');
        const empties = fc.cases.filter((k) => k.value === '').length;
        const nulls = fixtures.rowCount - fc.cases.filter((k) => k.value !== null && k.value !== undefined).length;
        const name = findColumn(t, fc.column.name)!.name;
        const eq: PredicateAst = comparison(name, '=', { kind: 'string', value: '' });
        const isNull: PredicateAst = {
          kind: 'null',
          negated: false,
          column: { kind: 'column', name: name.toUpperCase() },
        };
        checkEqual(await s.count(t, { kind: 'predicate', predicate: eq }), BigInt(empties), `count(${name} = '')`);
        checkEqual(await s.count(t, { kind: 'predicate', predicate: isNull }), BigInt(nulls), `count(${name} IS NULL)`);
      },
    },
    {
      id: 'aggregate.id',
      title: 'count, count_distinct, min, max and sum of ID',
      run: async () => {
        for (const fn of ['count', 'count_distinct', 'min', 'max', 'sum'] as const) {
          checkEqual(normalizeAggregateText('INTEGER_8', await aggregateOne('ID', fn)), idAggregates(fn), `${fn}(ID)`);
        }
      },
    },
    {
      id: 'aggregate.multiple-specs',
      title: 'one aggregate call with five specs returns five values',
      run: async () => {
        const [s, t] = [await session(), await table()];
        const id = findColumn(t, 'ID')!.name;
        const fns = ['count', 'count_distinct', 'min', 'max', 'sum'] as const;
        const result = await s.aggregate(
          t,
          FULL_SCOPE,
          fns.map((fn) => ({ column: id, fn })),
        );
        const got = Object.values(result)
          .map((v) => normalizeAggregateText('INTEGER_8', v))
          .sort();
        checkEqual(got.join(','), fns.map(idAggregates).sort().join(','), 'aggregate values (sorted)');
      },
    },
    {
      id: 'aggregate.integer-8',
      title: 'min, max and count of C_INTEGER_8 are exact at the Int64 limits',
      ...skipIf(needs('INTEGER_8')),
      run: () => checkAggregates('INTEGER_8', ['min', 'max', 'count']),
    },
    {
      id: 'aggregate.decimal',
      title: 'min, max and sum of C_DECIMAL_38_10 are exact',
      ...skipIf(needs('DECIMAL_38_10')),
      run: () => checkAggregates('DECIMAL_38_10', ['min', 'max', 'sum']),
    },
    {
      id: 'aggregate.date',
      title: 'min and max of C_DATE are years 1 and 9999',
      ...skipIf(needs('DATE')),
      run: () => checkAggregates('DATE', ['min', 'max']),
    },
    {
      id: 'aggregate.string-count',
      title: 'count and count_distinct of C_VARIABLE_STRING count the empty string',
      ...skipIf(needs('VARIABLE_STRING')),
      run: () => checkAggregates('VARIABLE_STRING', ['count', 'count_distinct']),
    },
    {
      id: 'predicate.binds-values',
      title: 'renderPredicate binds string values: a hostile string appears only in params',
      ...skipIf(needs('VARIABLE_STRING')),
      run: async () => {
        const t = await table();
        const hostile = "x' OR '1'='1'; DROP TABLE goe_conformance; --";
        const name = findColumn(t, column('VARIABLE_STRING').column.name)!.name;
        const rendered = (await session()).renderPredicate(
          comparison(name, '=', { kind: 'string', value: hostile }),
          t,
        );
        check(
          !rendered.sql.includes(hostile) && !rendered.sql.includes("'1'='1"),
          `the value appears in the SQL text: ${rendered.sql}`,
        );
        check(rendered.params.includes(hostile), `the value is not among the params: ${show(rendered.params)}`);
        check(
          rendered.sql.toUpperCase().includes(name.toUpperCase()),
          `the column ${name} does not appear in ${rendered.sql}`,
        );
      },
    },
    {
      id: 'predicate.numeric-exact',
      title: 'renderPredicate keeps every digit of a numeric literal',
      run: async () => {
        const t = await table();
        const text = '12345678901234567890123456789.123456789';
        const ast: PredicateAst = {
          kind: 'in',
          negated: false,
          column: { kind: 'column', name: 'ID' },
          values: [{ kind: 'numeric', value: text, isDecimal: true }],
        };
        const rendered = (await session()).renderPredicate(ast, t);
        const exact = rendered.params.some((p) => String(p) === text) || rendered.sql.includes(text);
        check(exact, `${text} lost digits: sql ${rendered.sql}, params ${show(rendered.params)}`);
      },
    },
    {
      id: 'snapshot.token',
      title: `snapshot() returns a '${caps.snapshot}' token that count and extract accept, and release() frees it`,
      ...(caps.snapshot === 'none' ? { skip: "capabilities.snapshot is 'none'" } : {}),
      run: async () => {
        const [s, t] = [await session(), await table()];
        const token = await s.snapshot();
        try {
          checkEqual(token.kind, caps.snapshot, 'snapshot kind');
          check(typeof token.id === 'string' && token.id.length > 0, `snapshot id ${show(token.id)}`);
          checkEqual(await s.count(t, FULL_SCOPE, token), BigInt(fixtures.rowCount), 'count at the snapshot');
          checkRowCoverage(
            collectRows(await extractSlices(s, t, await s.planSlices(t, FULL_SCOPE, 1), { snapshot: token })),
            allIds,
            'extract at the snapshot',
          );
        } finally {
          await token.release();
        }
      },
    },
    {
      id: 'extract.abort-before',
      title: 'extract with an aborted signal rejects with an abort error',
      run: async () => {
        const [s, t] = [await session(), await table()];
        const [slice] = await s.planSlices(t, FULL_SCOPE, 1);
        const controller = new AbortController();
        controller.abort();
        const error = await withTimeout(
          rejection(drain(s.extract(t, slice!, { signal: controller.signal }), []), 'extract with an aborted signal'),
          ABORT_TIMEOUT_MS,
          'extract with an aborted signal',
        );
        check(isAbortError(error), `expected an AbortError or GoeError ABORTED, got ${String(error)}`);
      },
    },
    {
      id: 'extract.abort-during',
      title: 'aborting during extract stops the stream with an abort error',
      run: async () => {
        const [s, t] = [await session(), await table()];
        const [slice] = await s.planSlices(t, FULL_SCOPE, 1);
        const controller = new AbortController();
        let rows = 0;
        const consume = async () => {
          for await (const batch of s.extract(t, slice!, { signal: controller.signal, batchRows: 1 })) {
            rows += batch.numRows;
            controller.abort();
          }
        };
        const error = await withTimeout(
          rejection(consume(), 'extract aborted after the first batch'),
          ABORT_TIMEOUT_MS,
          'extract after abort',
        );
        check(isAbortError(error), `expected an AbortError or GoeError ABORTED, got ${String(error)}`);
        check(
          rows < fixtures.rowCount,
          `all ${rows} rows arrived although the signal was aborted after the first batch`,
        );
      },
    },
    ...statementCases.cases,
  ];

  return makeSuite(`frontendSuite[${harness.name}]`, cases, harness.skip, async () => {
    const errors: unknown[] = [];
    for (const s of sessions.splice(0)) await s.close().catch((e: unknown) => errors.push(e));
    await statementCases.teardown().catch((e: unknown) => errors.push(e));
    if (created && harness.dropTable) await harness.dropTable(created).catch((e: unknown) => errors.push(e));
    if (errors.length > 0) throw errors[0];
  });
}
