/**
 * The rerun path of a backend whose final load is not atomic: a chunk that an earlier command started and never
 * recorded as ended (the process was killed, or its failed load could not be undone) may be in the backend in part.
 * Before "Find data to offload" reads the backend (row counts, `MAX(key)`, the re-run matrix), its scope is deleted,
 * so the backend holds whole chunks only and every later decision (repair, unrecorded append, predicate overlap)
 * is the one an atomic backend gets.
 */
import { effectiveCapabilities } from '../contracts/effective-capabilities.js';
import { describeOffloadScope } from '../plan/format-plan.js';
import { deleteChunkScope, parseRecordedScope } from './load-retry.js';
import type { Discovery, RunState } from './run-state.js';

/** Commands read back to find unfinished chunks (newest first). */
const COMMANDS_READ = 50;

/**
 * Deletes the scope of every chunk an earlier command of this table left `EXECUTING` and records the chunk as
 * `ERROR`, so each is cleaned once. Execute mode, an existing table, a backend whose `load.atomic` is false, and no
 * `--reset-backend-table` (which drops the table) only. @internal
 *
 * @throws GoeError `OPTION_INVALID` when the backend session cannot delete by scope
 */
export async function cleanUnfinishedLoads(
  s: RunState,
  found: Pick<Discovery, 'backend' | 'source' | 'target' | 'tableExists'>,
): Promise<void> {
  if (!s.opts.execute || !found.tableExists || s.opts.raw.resetBackendTable === true) return;
  const { backend, source, target } = found;
  if (effectiveCapabilities(s.adapters.backend, backend).load.atomic) return;
  const commands = await s.repo.listCommands({ owner: source.owner, table: source.name, limit: COMMANDS_READ });
  for (const command of commands) {
    if (command.id === s.executionId || command.status === 'PREVIEW') continue;
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
