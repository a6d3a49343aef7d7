/**
 * What earlier commands of a table left unfinished, handled before "Find data to offload" reads the backend: read
 * once ({@link unfinishedCommands}), then the transport jobs they submitted are checked (`settleTransportJobs`) and,
 * on a backend whose final load is not atomic, the chunks they left in part are deleted ({@link cleanUnfinishedLoads}).
 *
 * A chunk that an earlier command started and never recorded as ended (the process was killed, or its failed load
 * could not be undone) may be in a non-atomic backend in part. Its scope is deleted before the backend is read (row
 * counts, `MAX(key)`, the re-run matrix), so the backend holds whole chunks only and every later decision (repair,
 * unrecorded append, predicate overlap) is the one an atomic backend gets.
 */
import { effectiveCapabilities } from '../contracts/effective-capabilities.js';
import type { CommandExecution, ExecutionStatus } from '../contracts/repository.js';
import { describeOffloadScope } from '../plan/format-plan.js';
import { deleteChunkScope, parseRecordedScope } from './load-retry.js';
import type { Discovery, RunState } from './run-state.js';
import { settleTransportJobs } from './unfinished-jobs.js';

/** Commands read back to find unfinished work (newest first). */
const COMMANDS_READ = 50;

/**
 * Statuses of a command that cannot have left a chunk or a transport job unfinished: it succeeded, previewed, was
 * refused the lock, or found nothing to do. (An abandoned `EXECUTING` command was closed as `ERROR` when the lock
 * was taken.)
 */
const FINISHED: ReadonlySet<ExecutionStatus> = new Set(['SUCCESS', 'PREVIEW', 'LOCKED', 'NOOP']);

/**
 * The earlier commands of the source table (up to 50, newest first) that may have left work unfinished: not this
 * command, and not `SUCCESS`, `PREVIEW`, `LOCKED` or `NOOP`. One `listCommands`; nothing else is read. @internal
 *
 * @example
 * const commands = await unfinishedCommands(s, source); // [{ id: 'e1', status: 'ERROR', … }]
 */
export async function unfinishedCommands(
  s: RunState,
  source: Pick<Discovery['source'], 'owner' | 'name'>,
): Promise<readonly CommandExecution[]> {
  const commands = await s.repo.listCommands({ owner: source.owner, table: source.name, limit: COMMANDS_READ });
  return commands.filter((c) => c.id !== s.executionId && !FINISHED.has(c.status));
}

/**
 * Handles what earlier commands of this table left unfinished (execute mode only): reads them once, checks their
 * transport jobs, then cleans their unfinished loads. Called by "Find data to offload" before the backend is read.
 * @internal
 *
 * @throws GoeError `OPTION_INVALID` when a non-atomic backend's session cannot delete by scope
 */
export async function cleanUpUnfinishedWork(
  s: RunState,
  found: Pick<Discovery, 'backend' | 'source' | 'target' | 'tableExists'>,
): Promise<void> {
  if (!s.opts.execute) return;
  const commands = await unfinishedCommands(s, found.source);
  if (commands.length === 0) return;
  await settleTransportJobs(s, commands);
  await cleanUnfinishedLoads(s, found, commands);
}

/**
 * Deletes the scope of every chunk one of `commands` ({@link unfinishedCommands}) left `EXECUTING` and records the
 * chunk as `ERROR`, so each is cleaned once. Execute mode, an existing table, a backend whose `load.atomic` is
 * false, and no `--reset-backend-table` (which drops the table) only. @internal
 *
 * @throws GoeError `OPTION_INVALID` when the backend session cannot delete by scope
 */
export async function cleanUnfinishedLoads(
  s: RunState,
  found: Pick<Discovery, 'backend' | 'source' | 'target' | 'tableExists'>,
  commands: readonly CommandExecution[],
): Promise<void> {
  if (!s.opts.execute || !found.tableExists || s.opts.raw.resetBackendTable === true) return;
  const { backend, source, target } = found;
  if (effectiveCapabilities(s.adapters.backend, backend).load.atomic) return;
  for (const command of commands) {
    for (const chunk of await s.repo.listChunks(command.id)) {
      if (chunk.status !== 'EXECUTING') continue;
      const scope = parseRecordedScope(chunk.scope);
      const deleted = await deleteChunkScope({
        session: backend,
        adapter: s.adapters.backend.name,
        target,
        source,
        scope,
      });
      await s.repo.endChunk(command.id, chunk.chunkNumber, 'ERROR');
      s.notice(
        `Chunk ${chunk.chunkNumber} (${describeOffloadScope(scope)}) of execution ${command.id} did not finish: deleted its ${deleted === undefined ? '' : `${deleted} `}row(s) from ${target.database}.${target.table} (the backend's loads are not atomic) before loading again`,
      );
    }
  }
}
