/**
 * The statement-count cases of {@link backendSuite} (issue #11, no N+1): describeTable, count, aggregate and
 * maxPartitionValue (and partitionKeyValues when implemented) issue as many statements on a table loaded in 5 chunks of 400 rows as on one loaded in 1 chunk
 * of 10 rows, and (when the harness can partition backend tables) on 40 partitions as on 2.
 */
import {
  canonicalColumn,
  type AggregateSpec,
  type BackendSession,
  type CanonicalColumn,
  type OffloadPlan,
} from '@goe/core';
import { FULL_SCOPE } from './aggregates.js';
import { tableFromValues } from './arrow-values.js';
import { check, checkEqual, ConformanceError, lazy } from './check.js';
import type { BackendHarness } from './backend-suite.js';
import type { CanonicalFixtures } from './fixtures.js';
import { checkStatementBound, type StatementCounter, type StatementMeasurement } from './statement-counter.js';
import type { CaseDefinition } from './suite.js';

/** @internal Table sizes the cases compare. */
export const BACKEND_STATEMENT_SIZES = {
  small: { chunks: 1, rowsPerChunk: 10 },
  large: { chunks: 5, rowsPerChunk: 400 },
  /** Partitioned tables: `ID`s per partition, partitions per chunk. */
  idsPerPartition: 5,
  partitions: { small: 2, large: 40, perChunk: 10 },
} as const;

/** @internal What {@link backendStatementCases} needs from the suite. */
export interface BackendStatementInput {
  readonly harness: BackendHarness;
  readonly fixtures: CanonicalFixtures;
  readonly database: string;
  /** The suite's session with the database created. */
  readonly session: () => Promise<BackendSession>;
  /** The suite's plan for a table name (cased for the backend). */
  readonly planFor: (table: string) => OffloadPlan;
  /** Registers a table the suite's teardown drops. */
  readonly track: (table: string) => void;
}

/** One loaded table: how it was loaded, for messages. */
interface Loaded {
  readonly table: string;
  readonly label: string;
  readonly id: string;
}

/**
 * @internal The `statements.*` cases of the backend suite: `statements.describe-table`, `statements.count`,
 * `statements.aggregate`, `statements.max-partition-value`, `statements.partition-key-values` (1 vs 5 chunks) and `statements.partitions` (2 vs 40
 * partitions, every operation).
 */
export function backendStatementCases(input: BackendStatementInput): CaseDefinition[] {
  const { harness, database } = input;
  const counter: StatementCounter | undefined = harness.statements;
  const { small, large, idsPerPartition, partitions } = BACKEND_STATEMENT_SIZES;
  const skip = counter === undefined ? 'the harness wires no statement counter (harness.statements)' : undefined;
  const partitionSkip =
    skip ??
    (harness.partitionedPlan === undefined
      ? harness.adapter.capabilities.partitioning.kinds.length === 0
        ? 'capabilities.partitioning.kinds is empty (no partitioned tables)'
        : 'the harness cannot partition backend tables (harness.partitionedPlan)'
      : undefined);

  const columns: CanonicalColumn[] = [
    canonicalColumn({ name: 'ID', dataType: 'INTEGER_8', nullable: false }),
    canonicalColumn({ name: 'VAL', dataType: 'VARIABLE_STRING', charLength: 20, charSemantics: 'CHAR' }),
  ];

  /** Creates `name` and loads `chunks` chunks of `rowsPerChunk` consecutive IDs through every load step. */
  const load = async (name: string, chunks: number, rowsPerChunk: number, partitioned: boolean): Promise<Loaded> => {
    const s = await input.session();
    const base: OffloadPlan = { ...input.planFor(name), columns };
    const plan = partitioned ? harness.partitionedPlan!(base, idsPerPartition) : base;
    await s.createTable(plan);
    input.track(plan.target.table);
    for (let k = 1; k <= chunks; k++) {
      const ids = Array.from({ length: rowsPerChunk }, (_, i) => BigInt((k - 1) * rowsPerChunk + i));
      const chunkPlan: OffloadPlan = { ...plan, staging: { ...plan.staging, prefix: `${plan.staging.prefix}/c${k}` } };
      const table = tableFromValues(columns, [ids, ids.map((i) => `v${i}`)]);
      const files = await harness.stage({ plan: chunkPlan, table, fixtures: input.fixtures, chunk: k });
      const chunk = { number: k, files, scope: FULL_SCOPE };
      await s.stageLoad(chunkPlan, chunk);
      const staged = await s.validateStaged(chunkPlan, chunk);
      check(staged.ok, `validateStaged of chunk ${k} of ${name}: ${staged.message}`);
      const casts = await s.validateCasts(chunkPlan, chunk);
      check(casts.ok, `validateCasts of chunk ${k} of ${name}: ${casts.message}`);
      checkEqual(await s.finalLoad(chunkPlan, chunk), BigInt(rowsPerChunk), `finalLoad of chunk ${k} of ${name}`);
      await s.dropStaged(chunkPlan, chunk);
    }
    const described = await s.describeTable(database, plan.target.table);
    const id = described.columns.find((c) => c.name.toUpperCase() === 'ID')?.name ?? 'ID';
    const label = partitioned
      ? `${(chunks * rowsPerChunk) / idsPerPartition} partitions`
      : `${chunks} chunk${chunks === 1 ? '' : 's'} of ${rowsPerChunk} rows`;
    return { table: plan.target.table, label, id };
  };
  const tables = {
    small: lazy(() => load('stmt_small', small.chunks, small.rowsPerChunk, false)),
    large: lazy(() => load('stmt_large', large.chunks, large.rowsPerChunk, false)),
    smallParts: lazy(() => load('stmt_parts_small', 1, partitions.small * idsPerPartition, true)),
    largeParts: lazy(() =>
      load('stmt_parts_large', partitions.large / partitions.perChunk, partitions.perChunk * idsPerPartition, true),
    ),
  };

  type Operation = readonly [what: string, run: (s: BackendSession, t: Loaded) => Promise<unknown>];
  const operations = {
    describe: ['describeTable', (s, t) => s.describeTable(database, t.table)],
    count: ['count', (s, t) => s.count(database, t.table)],
    aggregate: [
      'aggregate',
      (s, t) => {
        const specs: AggregateSpec[] = (['count', 'min', 'max', 'sum'] as const).map((fn) => ({ column: t.id, fn }));
        return s.aggregate(database, t.table, specs);
      },
    ],
    max: ['maxPartitionValue', (s, t) => s.maxPartitionValue(database, t.table, t.id)],
    keyValues: [
      'partitionKeyValues',
      // a backend without it: the maxPartitionValue core falls back to
      (s, t) =>
        s.partitionKeyValues === undefined
          ? s.maxPartitionValue(database, t.table, t.id)
          : s.partitionKeyValues(database, t.table, [t.id], 'distinct'),
    ],
  } satisfies Record<string, Operation>;

  const measure = async (
    [what, run]: Operation,
    smallTable: () => Promise<Loaded>,
    largeTable: () => Promise<Loaded>,
    growth: string,
  ) => {
    const [a, b] = [await smallTable(), await largeTable()];
    const s = await input.session();
    const ma: StatementMeasurement<unknown> = await counter!.measure(() => run(s, a));
    const mb: StatementMeasurement<unknown> = await counter!.measure(() => run(s, b));
    checkStatementBound(what, [a.label, ma], [b.label, mb], growth);
  };
  const chunkCase = (id: string, op: Operation): CaseDefinition => ({
    id: `statements.${id}`,
    title: `${op[0]} issues as many statements on ${large.chunks} chunks of ${large.rowsPerChunk} rows as on ${small.chunks} chunk of ${small.rowsPerChunk}`,
    ...(skip !== undefined ? { skip } : {}),
    run: () => measure(op, tables.small, tables.large, 'rows and chunks loaded'),
  });

  return [
    chunkCase('describe-table', operations.describe),
    chunkCase('count', operations.count),
    chunkCase('aggregate', operations.aggregate),
    chunkCase('max-partition-value', operations.max),
    chunkCase('partition-key-values', operations.keyValues),
    {
      id: 'statements.partitions',
      title: `describeTable, count, aggregate, maxPartitionValue and partitionKeyValues issue as many statements on ${partitions.large} partitions as on ${partitions.small}`,
      ...(partitionSkip !== undefined ? { skip: partitionSkip } : {}),
      run: async () => {
        const failures: string[] = [];
        for (const op of Object.values(operations)) {
          try {
            await measure(op, tables.smallParts, tables.largeParts, 'partitions');
          } catch (e) {
            if (!(e instanceof ConformanceError)) throw e;
            failures.push(e.message);
          }
        }
        check(failures.length === 0, failures.join('; '));
      },
    },
  ];
}
