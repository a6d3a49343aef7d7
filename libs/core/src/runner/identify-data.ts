/**
 * The data half of "Find data to offload": for a partition append, which partitions the backend already holds (its
 * `MAX(key)`) and which to offload now; for a predicate-based offload, whether the source has matching rows and the
 * backend has them already. Sets the plan scope, the chunks and the verification scopes, or marks a no-op.
 */
import { GoeError } from '../errors.js';
import type { OffloadScope } from '../contracts/frontend.js';
import { andPredicates } from '../predicate/ast.js';
import {
  compareKeyText,
  keyComparison,
  PARTITION_APPEND_MESSAGES,
  partitionsBetween,
  planPartitionAppend,
} from '../plan/partition-append.js';
import { must, type RunState } from './run-state.js';

/**
 * Texts of predicate-based offloads (reference §2.6: "Already offloaded", "(overlap)").
 *
 * @example
 * PREDICATE_OFFLOAD_MESSAGES.alreadyOffloaded('column(ID) < numeric(3)') // 'Already offloaded: column(ID) < numeric(3)'
 */
export const PREDICATE_OFFLOAD_MESSAGES = Object.freeze({
  noRows: (dsl: string) => `No rows to offload: the source has no rows matching ${dsl}`,
  alreadyOffloaded: (dsl: string) => `Already offloaded: ${dsl}`,
  overlap: (dsl: string, backend: bigint, source: bigint) =>
    `Already offloaded (overlap): ${backend} backend rows match ${dsl}, the source has ${source}`,
});

/** Identifies the data of an incremental offload (nothing to do for a full one). @internal */
export async function identifyData(s: RunState): Promise<void> {
  const mode = must(s.mode, 'the offload mode');
  if (mode.kind === 'full') return;
  const source = must(s.source, 'the source table');
  const target = must(s.target, 'the target');
  const backend = must(s.backend, 'the backend session');
  const hasTable = s.tableExists === true && must(s.action, 'the re-run action').kind !== 'reset';
  /** Appending to this source's table that has rows but no metadata (a first run stopped before saving it). */
  const unrecorded = hasTable && s.metadata === undefined && s.action?.kind === 'append';
  if (mode.kind === 'range') {
    const backendMax = hasTable
      ? await backend.maxPartitionValue(target.database, target.table, mode.key.column)
      : null;
    const append = (s.append = planPartitionAppend({
      table: source,
      key: mode.key,
      identification: s.opts.identification.identification,
      backendMax,
      maxChunkCount: s.settings.maxChunkCount,
      maxChunkBytes: s.settings.maxChunkBytes,
    }));
    s.logger.info(
      [
        `Partition append on ${mode.key.column} (${mode.key.dataType}); backend MAX(${mode.key.column}): ${backendMax ?? 'none'}`,
        `Already offloaded: ${append.alreadyOffloaded.join(', ') || 'none'}`,
        `Partitions to offload: ${append.partitions.join(', ') || 'none'}${append.chunks.length > 1 ? ` in ${append.chunks.length} chunks` : ''}`,
        `High-water mark: ${append.highWaterMark === undefined ? 'none' : `${append.highWaterMark.partition} (${append.highWaterMark.value})`}`,
      ].join('\n'),
    );
    for (const n of append.notices) s.notice(n);
    if (append.partitions.length === 0) {
      noop(s, PARTITION_APPEND_MESSAGES.noPartitions);
      const recorded = s.metadata?.highWaterMark;
      const now = append.highWaterMark;
      if (
        s.opts.execute &&
        recorded !== undefined &&
        now !== undefined &&
        s.metadata?.incrementalKey !== undefined &&
        compareKeyText(mode.key.kind, now.value, recorded) > 0
      ) {
        // a run loaded these partitions and stopped before saving metadata: verify them, then save it
        s.catchUp = { from: recorded, to: now.value };
        s.notice(PARTITION_APPEND_MESSAGES.metadataLags(recorded, now.partition, now.value));
        s.verifyScopes = {
          source: { kind: 'partitions', partitions: partitionsBetween(source, mode.key, recorded, now.value) },
          backend: {
            kind: 'predicate',
            predicate: andPredicates(keyComparison(mode.key, '>=', recorded), keyComparison(mode.key, '<', now.value)),
          },
        };
      } else if (s.opts.execute && unrecorded && now !== undefined && append.alreadyOffloaded.length > 0) {
        // this source's table holds partitions a first run loaded before it could save metadata: verify, then save
        s.catchUp = { from: '', to: now.value };
        s.verifyScopes = {
          source: { kind: 'partitions', partitions: append.alreadyOffloaded },
          backend: { kind: 'predicate', predicate: keyComparison(mode.key, '<', now.value) },
        };
      }
      return;
    }
    const scope: OffloadScope = { kind: 'partitions', partitions: append.partitions };
    s.planScope = scope;
    s.chunkScopes = append.chunks.map((partitions) => ({ kind: 'partitions', partitions }));
    s.verifyScopes = {
      source: scope,
      ...(append.backendScope === undefined ? {} : { backend: { kind: 'predicate', predicate: append.backendScope } }),
    };
    if (unrecorded && append.alreadyOffloaded.length > 0) {
      // a first run loaded some partitions and stopped before saving metadata: verify them with this run's
      s.verifyScopes = {
        source: { kind: 'partitions', partitions: [...append.alreadyOffloaded, ...append.partitions] },
        backend: {
          kind: 'predicate',
          predicate: keyComparison(mode.key, '<', must(append.highWaterMark, 'the high-water mark').value),
        },
      };
      return;
    }
    const recorded = s.metadata?.incrementalKey === undefined ? undefined : s.metadata.highWaterMark;
    const lagging =
      recorded === undefined
        ? []
        : partitionsBetween(source, mode.key, recorded, must(append.highWaterMark, 'the high-water mark').value);
    if (recorded !== undefined && lagging.length > append.partitions.length) {
      // partitions a previous run loaded without saving metadata: verify them with this run's
      s.notice(PARTITION_APPEND_MESSAGES.verifyingLag(recorded));
      s.verifyScopes = {
        source: { kind: 'partitions', partitions: lagging },
        backend: {
          kind: 'predicate',
          predicate: andPredicates(
            keyComparison(mode.key, '>=', recorded),
            keyComparison(mode.key, '<', append.highWaterMark!.value),
          ),
        },
      };
    }
    return;
  }
  const scope: OffloadScope = { kind: 'predicate', predicate: mode.predicate };
  const frontend = must(s.frontend, 'the frontend session');
  const sourceRows = await frontend.count(source, scope);
  s.logger.info(`Predicate ${mode.dsl}: ${sourceRows} source rows`);
  if (sourceRows === 0n) return noop(s, PREDICATE_OFFLOAD_MESSAGES.noRows(mode.dsl));
  if (hasTable) {
    const backendRows = await backend.count(target.database, target.table, scope);
    s.logger.info(`Predicate ${mode.dsl}: ${backendRows} backend rows`);
    if (backendRows === sourceRows) {
      noop(s, PREDICATE_OFFLOAD_MESSAGES.alreadyOffloaded(mode.dsl));
      if (s.opts.execute && unrecorded) {
        // loaded by a first run that stopped before saving metadata: verify, then save it
        s.catchUp = { from: '', to: '' };
        s.verifyScopes = { source: scope, backend: scope };
      }
      return;
    }
    if (backendRows > 0n) {
      throw new GoeError('ALREADY_OFFLOADED', PREDICATE_OFFLOAD_MESSAGES.overlap(mode.dsl, backendRows, sourceRows), {
        hint: 'Offload a predicate that does not overlap the rows offloaded before, or the whole table again with --reset-backend-table',
      });
    }
  }
  s.planScope = scope;
  s.verifyScopes = { source: scope, backend: scope };
}

function noop(s: RunState, message: string): void {
  s.noop = message;
  s.notice(message);
}
