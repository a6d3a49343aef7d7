/**
 * The statement-count cases of {@link frontendSuite} (issue #11, no N+1): describing a table and verifying a scope
 * (count, aggregate) issue as many statements for a table of 40 partitions as for one of 2.
 */
import { aggregateKey, type AggregateSpec, type FrontendSession, type OffloadScope, type SourceTable } from '@goe/core';
import { normalizeAggregateText } from './aggregates.js';
import { check, checkEqual, lazy, uniqueSuffix } from './check.js';
import type { FrontendHarness, TableRef } from './frontend-suite.js';
import { checkStatementBound, type StatementCounter } from './statement-counter.js';
import type { CaseDefinition } from './suite.js';

/**
 * The partitioned table {@link PartitionedTables.create} makes.
 *
 * @example
 * { name: 'goe_stmt_40p_2s_k3x9q2ab', partitions: 40, subpartitions: 2, rowsPerPartition: 2 }
 * // PostgreSQL: PARTITION BY RANGE (id), partition i FOR VALUES FROM (2i) TO (2i + 2) PARTITION BY HASH (id)
 */
export interface PartitionedTableSpec {
  /** Table name (unique per run; upper or lower case as the frontend's `identifierCase`). */
  readonly name: string;
  /**
   * Range partitions on `ID`: partition `i` (0-based) holds the IDs `[i × rowsPerPartition, (i + 1) ×
   * rowsPerPartition)`, and the table holds every ID of every partition.
   */
  readonly partitions: number;
  /** Sub-partitions of every partition (e.g. hash of `ID`); 0 for none. */
  readonly subpartitions: number;
  /** Rows per partition. */
  readonly rowsPerPartition: number;
}

/**
 * The optional harness capability behind the statement-count cases: creating range-partitioned tables with
 * columns `ID` (8-byte integer, NOT NULL) and `VAL` (a string, e.g. `'v' || ID`).
 *
 * @example
 * partitionedTables: {
 *   subpartitions: true,
 *   create: async (spec) => {
 *     await admin.query(partitionedTableSql(schema, spec));
 *     return { owner: schema, table: spec.name };
 *   },
 *   drop: (ref) => admin.query(`DROP TABLE ${ref.owner}.${ref.table}`),
 * }
 */
export interface PartitionedTables {
  /** Creates the table (in any owner/schema) and returns where it is. */
  create(spec: PartitionedTableSpec): Promise<TableRef>;
  /** Drops it again (run by the teardown, before the fixture table is dropped). */
  drop?(ref: TableRef): Promise<void>;
  /** Whether `create` can sub-partition (`spec.subpartitions > 0`); the sub-partition case is skipped otherwise. */
  readonly subpartitions?: boolean;
}

/** @internal Partition counts the cases compare. */
export const FRONTEND_STATEMENT_SIZES = { small: 2, large: 40, subpartitions: 2, rowsPerPartition: 2 } as const;

/** @internal What {@link frontendStatementCases} needs from the suite. */
export interface FrontendStatementInput {
  readonly harness: FrontendHarness;
  /** The suite's session, after the fixture table was described on it (warm). */
  readonly session: () => Promise<FrontendSession>;
}

/**
 * @internal The `statements.*` cases of the frontend suite and the teardown dropping their tables:
 * `statements.describe-partitions`, `statements.describe-subpartitions`, `statements.count-partitions`,
 * `statements.aggregate-partitions`.
 */
export function frontendStatementCases(input: FrontendStatementInput): {
  cases: CaseDefinition[];
  teardown: () => Promise<void>;
} {
  const { harness } = input;
  const counter: StatementCounter | undefined = harness.statements;
  const tables = harness.partitionedTables;
  const { small, large, subpartitions, rowsPerPartition } = FRONTEND_STATEMENT_SIZES;
  const created: TableRef[] = [];
  const run = uniqueSuffix();
  const ident = (s: string) => (harness.identifierCase === 'upper' ? s.toUpperCase() : s.toLowerCase());
  const skip =
    counter === undefined
      ? 'the harness wires no statement counter (harness.statements)'
      : tables === undefined
        ? 'the harness cannot create partitioned tables (harness.partitionedTables)'
        : undefined;
  const subSkip =
    skip ?? (tables?.subpartitions ? undefined : 'the harness cannot sub-partition (partitionedTables.subpartitions)');

  const table = (partitions: number, subs: number) =>
    lazy(async () => {
      const ref = await tables!.create({
        name: ident(`goe_stmt_${partitions}p${subs > 0 ? `_${subs}s` : ''}_${run}`),
        partitions,
        subpartitions: subs,
        rowsPerPartition,
      });
      created.push(ref);
      return ref;
    });
  const refs = {
    small: table(small, 0),
    large: table(large, 0),
    smallSub: table(small, subpartitions),
    largeSub: table(large, subpartitions),
  };
  const describe = (ref: () => Promise<TableRef>) =>
    lazy(async () => {
      const r = await ref();
      return (await input.session()).describeTable(r.owner, r.table);
    });
  const described = { small: describe(refs.small), large: describe(refs.large) };

  const checkPartitions = (t: SourceTable, partitions: number, subs: number) => {
    const what = `the ${partitions}-partition table ${t.owner}.${t.name}`;
    checkEqual(t.partitioning.partitions.length, partitions, `partitions described for ${what}`);
    if (subs > 0) {
      const counts = t.partitioning.partitions.map((p) => p.subpartitions?.length ?? 0);
      check(
        counts.every((n) => n === subs),
        `${what}: sub-partitions per partition ${counts.join(',')}, expected ${subs} each`,
      );
    }
  };
  const allPartitions = (t: SourceTable): OffloadScope => ({
    kind: 'partitions',
    partitions: t.partitioning.partitions.map((p) => p.name),
  });
  const column = (t: SourceTable, name: string) => t.columns.find((c) => c.name.toUpperCase() === name)?.name ?? name;

  /** Describes a small and a large table on the warm session and checks the statement counts. */
  const describeCase = async (smallRef: () => Promise<TableRef>, largeRef: () => Promise<TableRef>, subs: number) => {
    const s = await input.session();
    const [a, b] = [await smallRef(), await largeRef()];
    const ma = await counter!.measure(() => s.describeTable(a.owner, a.table));
    const mb = await counter!.measure(() => s.describeTable(b.owner, b.table));
    checkPartitions(ma.result, small, subs);
    checkPartitions(mb.result, large, subs);
    const unit = (n: number) => (subs > 0 ? `${n}×${subs} sub-partitions` : `${n} partitions`);
    checkStatementBound('describeTable', [unit(small), ma], [unit(large), mb], 'partitions');
  };

  /** Runs `op` over every partition of the small and of the large table and checks the statement counts. */
  const scopeCase = async <T>(
    what: string,
    op: (s: FrontendSession, t: SourceTable) => Promise<T>,
    verify: (result: T, partitions: number) => void,
  ) => {
    const s = await input.session();
    const [a, b] = [await described.small(), await described.large()];
    const ma = await counter!.measure(() => op(s, a));
    const mb = await counter!.measure(() => op(s, b));
    verify(ma.result, small);
    verify(mb.result, large);
    checkStatementBound(what, [`${small} partitions`, ma], [`${large} partitions`, mb], 'partitions in scope');
  };

  const cases: CaseDefinition[] = [
    {
      id: 'statements.describe-partitions',
      title: `describeTable issues as many statements for ${large} partitions as for ${small}`,
      ...(skip !== undefined ? { skip } : {}),
      run: () => describeCase(refs.small, refs.large, 0),
    },
    {
      id: 'statements.describe-subpartitions',
      title: `describeTable issues as many statements for ${large}×${subpartitions} sub-partitions as for ${small}×${subpartitions}`,
      ...(subSkip !== undefined ? { skip: subSkip } : {}),
      run: () => describeCase(refs.smallSub, refs.largeSub, subpartitions),
    },
    {
      id: 'statements.count-partitions',
      title: `count of a scope of ${large} partitions issues as many statements as of ${small}`,
      ...(skip !== undefined ? { skip } : {}),
      run: () =>
        scopeCase(
          'count',
          (s, t) => s.count(t, allPartitions(t)),
          (n, partitions) =>
            checkEqual(n, BigInt(partitions * rowsPerPartition), `count of all ${partitions} partitions`),
        ),
    },
    {
      id: 'statements.aggregate-partitions',
      title: `aggregate (count, min, max, sum of ID) of a scope of ${large} partitions issues as many statements as of ${small}`,
      ...(skip !== undefined ? { skip } : {}),
      run: () =>
        scopeCase(
          'aggregate',
          async (s, t) => {
            const id = column(t, 'ID');
            const specs: AggregateSpec[] = (['count', 'min', 'max', 'sum'] as const).map((fn) => ({ column: id, fn }));
            return { max: aggregateKey(specs[2]!), result: await s.aggregate(t, allPartitions(t), specs) };
          },
          ({ max, result }, partitions) =>
            checkEqual(
              normalizeAggregateText('INTEGER_8', result[max] ?? null),
              String(partitions * rowsPerPartition - 1),
              `max(ID) of all ${partitions} partitions`,
            ),
        ),
    },
  ];

  const teardown = async () => {
    const errors: unknown[] = [];
    for (const ref of created.splice(0)) await tables?.drop?.(ref).catch((e: unknown) => errors.push(e));
    if (errors.length > 0) throw errors[0];
  };
  return { cases, teardown };
}
