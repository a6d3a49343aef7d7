/**
 * The statement-count cases of {@link repositorySuite} (issue #11, no N+1): listing commands, steps and chunks,
 * reading a command, writing one more step or chunk, and saving and reading offload metadata issue as many
 * statements for a command with 60 steps and 60 chunks (a table with 60 commands, metadata with 60 predicates) as
 * for one with 3.
 */
import { randomUUID } from 'node:crypto';
import type { MetadataRepository, OffloadMetadata } from '@goe/core';
import { check, checkEqual, ConformanceError, lazy, uniqueSuffix } from './check.js';
import type { RepositoryHarness } from './repository-suite.js';
import { checkStatementBound, type StatementCounter, type StatementMeasurement } from './statement-counter.js';
import type { CaseDefinition } from './suite.js';

/**
 * What the statement-count cases read from a repository harness: {@link RepositoryHarness} plus a statement counter.
 * Declare the harness with this type to wire the counter (the cases are skipped without it).
 *
 * @example
 * import Database from 'better-sqlite3';
 * const statements = createStatementCounter();
 * countBetterSqlite3Statements(statements, Database);
 * const harness: RepositoryStatementsHarness = { name: 'sqlite', adapter: sqliteRepository, context, statements };
 * runSuite(repositorySuite(harness), { describe, it, afterAll });
 */
export interface RepositoryStatementsHarness extends RepositoryHarness {
  /**
   * Counts the statements the repository's driver runs (e.g. `countBetterSqlite3Statements(counter, Database)`);
   * without it the `statements.*` cases are skipped.
   */
  readonly statements?: StatementCounter;
}

/** @internal Sizes the cases compare. */
export const REPOSITORY_STATEMENT_SIZES = { small: 3, large: 60 } as const;

const iso = (offsetMs = 0) => new Date(Date.UTC(2024, 0, 2, 3, 4, 5) + offsetMs).toISOString();

/** One populated command (or table) and its size, for messages. */
interface Populated {
  readonly size: number;
  /** The last command of the table: it has `size` steps and `size` chunks. */
  readonly command: StartedCommand;
  readonly table: string;
}

type StartedCommand = Parameters<MetadataRepository['startCommand']>[0];

/**
 * The `statements.*` cases of {@link repositorySuite}: `statements.list-commands`, `statements.get-command`,
 * `statements.list-steps`, `statements.list-chunks`, `statements.write-step`, `statements.write-chunk`,
 * `statements.metadata`. Each compares a command (table) with 3 steps, chunks, commands or predicates to one with
 * 60; the populating runs before the measurements.
 *
 * @param harness The suite's harness; its `statements` counter (see {@link RepositoryStatementsHarness}) enables the
 *   cases, else they are skipped with the reason.
 * @param repo The suite's (memoized) repository session.
 * @example
 * // at the end of repositorySuite's case list
 * ...repositoryStatementCases(harness, repo),
 */
export function repositoryStatementCases(
  harness: RepositoryHarness,
  repo: () => Promise<MetadataRepository>,
): CaseDefinition[] {
  const counter: StatementCounter | undefined = (harness as RepositoryStatementsHarness).statements;
  const { small, large } = REPOSITORY_STATEMENT_SIZES;
  const skip = counter === undefined ? 'the harness wires no statement counter (harness.statements)' : undefined;
  const owner = `CONFORMANCE_STMT_${uniqueSuffix().toUpperCase()}`;

  /** A table with `size` commands; the last one has `size` steps and `size` chunks, all ended. */
  const populate = (size: number) =>
    lazy(async (): Promise<Populated> => {
      const r = await repo();
      const table = `T_STMT_${size}`;
      let command: StartedCommand | undefined;
      for (let i = 0; i < size; i++) {
        command = {
          id: randomUUID(),
          command: 'OFFLOAD',
          commandLine: `goe offload -t ${owner}.${table} -x`,
          owner,
          table,
          startedAt: iso(i * 1000),
        };
        await r.startCommand(command);
      }
      const id = command!.id;
      for (let i = 1; i <= size; i++) {
        await r.startStep({ executionId: id, stepId: `STEP_${i}`, title: `Step ${i}`, startedAt: iso(i) });
        await r.endStep(id, `STEP_${i}`, 'SUCCESS', { rows: i });
        await r.startChunk({ executionId: id, chunkNumber: i, scope: `P${i}`, startedAt: iso(i) });
        await r.endChunk(id, i, 'SUCCESS', i * 10);
      }
      return { size, command: command!, table };
    });
  const populated = { small: populate(small), large: populate(large) };

  /** Measures `op` on the small and the large population and checks the counts. */
  const compare = async <T>(
    what: string,
    growth: string,
    op: (r: MetadataRepository, p: Populated) => Promise<T>,
    verify?: (result: T, p: Populated) => void,
  ) => {
    const [a, b] = [await populated.small(), await populated.large()];
    const r = await repo();
    const ma: StatementMeasurement<T> = await counter!.measure(() => op(r, a));
    const mb: StatementMeasurement<T> = await counter!.measure(() => op(r, b));
    verify?.(ma.result, a);
    verify?.(mb.result, b);
    checkStatementBound(what, [`${a.size} ${growth}`, ma], [`${b.size} ${growth}`, mb], growth);
  };
  /** Runs every check, then fails with all their messages. */
  const all = async (...checks: (() => Promise<void>)[]) => {
    const failures: string[] = [];
    for (const c of checks) {
      try {
        await c();
      } catch (e) {
        if (!(e instanceof ConformanceError)) throw e;
        failures.push(e.message);
      }
    }
    check(failures.length === 0, failures.join('; '));
  };
  const metadata = (p: Populated, predicates: number): OffloadMetadata => ({
    owner,
    table: p.table,
    backendDatabase: owner.toLowerCase(),
    backendTable: p.table.toLowerCase(),
    offloadType: 'INCREMENTAL',
    incrementalKey: 'ID',
    highWaterMark: String(predicates),
    predicates: Array.from({ length: predicates }, (_, i) => `column(ID) = numeric(${i})`),
    executionId: p.command.id,
    updatedAt: iso(),
  });
  const of = (title: string): Pick<CaseDefinition, 'title'> & { skip?: string } => ({
    title,
    ...(skip !== undefined ? { skip } : {}),
  });

  return [
    {
      id: 'statements.list-commands',
      ...of(`listCommands of a table issues as many statements for ${large} commands as for ${small}`),
      run: () =>
        compare(
          'listCommands',
          'commands',
          (r, p) => r.listCommands({ owner, table: p.table }),
          (list, p) => checkEqual(list.length, p.size, `commands of ${p.table}`),
        ),
    },
    {
      id: 'statements.get-command',
      ...of(`getCommand issues as many statements for a command with ${large} steps and chunks as with ${small}`),
      run: () =>
        compare(
          'getCommand',
          'steps and chunks',
          (r, p) => r.getCommand(p.command.id),
          (c, p) => checkEqual(c?.id, p.command.id, 'getCommand id'),
        ),
    },
    {
      id: 'statements.list-steps',
      ...of(`listSteps issues as many statements for ${large} steps as for ${small}`),
      run: () =>
        compare(
          'listSteps',
          'steps',
          (r, p) => r.listSteps(p.command.id),
          (steps, p) => checkEqual(steps.length, p.size, 'steps listed'),
        ),
    },
    {
      id: 'statements.list-chunks',
      ...of(`listChunks issues as many statements for ${large} chunks as for ${small}`),
      run: () =>
        compare(
          'listChunks',
          'chunks',
          (r, p) => r.listChunks(p.command.id),
          (chunks, p) => checkEqual(chunks.length, p.size, 'chunks listed'),
        ),
    },
    {
      id: 'statements.write-step',
      ...of(`starting and ending one more step issues as many statements after ${large} steps as after ${small}`),
      run: () =>
        all(
          () =>
            compare('startStep', 'steps', (r, p) =>
              r.startStep({ executionId: p.command.id, stepId: 'STEP_NEXT', title: 'Next', startedAt: iso() }),
            ),
          () => compare('endStep', 'steps', (r, p) => r.endStep(p.command.id, 'STEP_NEXT', 'SUCCESS', { rows: 1 })),
        ),
    },
    {
      id: 'statements.write-chunk',
      ...of(`starting and ending one more chunk issues as many statements after ${large} chunks as after ${small}`),
      run: () =>
        all(
          () =>
            compare('startChunk', 'chunks', (r, p) =>
              r.startChunk({ executionId: p.command.id, chunkNumber: p.size + 1, scope: 'NEXT', startedAt: iso() }),
            ),
          () => compare('endChunk', 'chunks', (r, p) => r.endChunk(p.command.id, p.size + 1, 'SUCCESS', 1)),
        ),
    },
    {
      id: 'statements.metadata',
      ...of(
        `saveMetadata and getMetadata issue as many statements with ${large} predicates (after ${large} chunks) as with ${small}`,
      ),
      run: () =>
        all(
          () => compare('saveMetadata', 'predicates', (r, p) => r.saveMetadata(metadata(p, p.size))),
          () =>
            compare(
              'getMetadata',
              'predicates',
              (r, p) => r.getMetadata(owner, p.table),
              (m, p) => checkEqual(m?.predicates?.length, p.size, `predicates of ${p.table}`),
            ),
        ),
    },
  ];
}
