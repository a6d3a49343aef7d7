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
import { must, type Discovery, type Identification, type RunState } from './run-state.js';

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

/** Identifies the data of an incremental offload (nothing to identify for a full one: `{}`). @internal */
export async function identifyData(s: RunState, found: Discovery): Promise<Identification> {
  const { mode, source, target, backend } = found;
  if (mode.kind === 'full') return {};
  const hasTable = found.tableExists && found.action.kind !== 'reset';
  /** Appending to this source's table that has rows but no metadata (a first run stopped before saving it). */
  const unrecorded = hasTable && found.metadata === undefined && found.action.kind === 'append';
  const noop = (message: string) => {
    s.notice(message);
    return message;
  };
  if (mode.kind === 'range') {
    const backendMax = hasTable
      ? await backend.maxPartitionValue(target.database, target.table, mode.key.column)
      : null;
    const append = planPartitionAppend({
      table: source,
      key: mode.key,
      identification: s.opts.identification.identification,
      backendMax,
      maxChunkCount: s.settings.maxChunkCount,
      maxChunkBytes: s.settings.maxChunkBytes,
    });
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
      const nothing = { append, noop: noop(PARTITION_APPEND_MESSAGES.noPartitions) };
      const recorded = found.metadata?.highWaterMark;
      const now = append.highWaterMark;
      if (
        s.opts.execute &&
        recorded !== undefined &&
        now !== undefined &&
        found.metadata?.incrementalKey !== undefined &&
        compareKeyText(mode.key.kind, now.value, recorded) > 0
      ) {
        // a run loaded these partitions and stopped before saving metadata: verify them, then save it
        s.notice(PARTITION_APPEND_MESSAGES.metadataLags(recorded, now.partition, now.value));
        return {
          ...nothing,
          catchUp: { from: recorded, to: now.value },
          verifyScopes: {
            source: { kind: 'partitions', partitions: partitionsBetween(source, mode.key, recorded, now.value) },
            backend: {
              kind: 'predicate',
              predicate: andPredicates(
                keyComparison(mode.key, '>=', recorded),
                keyComparison(mode.key, '<', now.value),
              ),
            },
          },
        };
      }
      if (s.opts.execute && unrecorded && now !== undefined && append.alreadyOffloaded.length > 0) {
        // this source's table holds partitions a first run loaded before it could save metadata: verify, then save
        return {
          ...nothing,
          catchUp: { from: '', to: now.value },
          verifyScopes: {
            source: { kind: 'partitions', partitions: append.alreadyOffloaded },
            backend: { kind: 'predicate', predicate: keyComparison(mode.key, '<', now.value) },
          },
        };
      }
      return nothing;
    }
    const scope: OffloadScope = { kind: 'partitions', partitions: append.partitions };
    const planned = {
      append,
      planScope: scope,
      chunkScopes: append.chunks.map((partitions): OffloadScope => ({ kind: 'partitions', partitions })),
    };
    const highWaterMark = () => must(append.highWaterMark, 'the high-water mark').value;
    if (unrecorded && append.alreadyOffloaded.length > 0) {
      // a first run loaded some partitions and stopped before saving metadata: verify them with this run's
      return {
        ...planned,
        verifyScopes: {
          source: { kind: 'partitions', partitions: [...append.alreadyOffloaded, ...append.partitions] },
          backend: { kind: 'predicate', predicate: keyComparison(mode.key, '<', highWaterMark()) },
        },
      };
    }
    const recorded = found.metadata?.incrementalKey === undefined ? undefined : found.metadata.highWaterMark;
    const lagging = recorded === undefined ? [] : partitionsBetween(source, mode.key, recorded, highWaterMark());
    if (recorded !== undefined && lagging.length > append.partitions.length) {
      // partitions a previous run loaded without saving metadata: verify them with this run's
      s.notice(PARTITION_APPEND_MESSAGES.verifyingLag(recorded));
      return {
        ...planned,
        verifyScopes: {
          source: { kind: 'partitions', partitions: lagging },
          backend: {
            kind: 'predicate',
            predicate: andPredicates(
              keyComparison(mode.key, '>=', recorded),
              keyComparison(mode.key, '<', highWaterMark()),
            ),
          },
        },
      };
    }
    return {
      ...planned,
      verifyScopes: {
        source: scope,
        ...(append.backendScope === undefined
          ? {}
          : { backend: { kind: 'predicate', predicate: append.backendScope } }),
      },
    };
  }
  const scope: OffloadScope = { kind: 'predicate', predicate: mode.predicate };
  const sourceRows = await found.frontend.count(source, scope);
  s.logger.info(`Predicate ${mode.dsl}: ${sourceRows} source rows`);
  if (sourceRows === 0n) return { noop: noop(PREDICATE_OFFLOAD_MESSAGES.noRows(mode.dsl)) };
  if (hasTable) {
    const backendRows = await backend.count(target.database, target.table, scope);
    s.logger.info(`Predicate ${mode.dsl}: ${backendRows} backend rows`);
    if (backendRows === sourceRows) {
      const nothing = { noop: noop(PREDICATE_OFFLOAD_MESSAGES.alreadyOffloaded(mode.dsl)) };
      // loaded by a first run that stopped before saving metadata: verify, then save it
      if (s.opts.execute && unrecorded)
        return { ...nothing, catchUp: { from: '', to: '' }, verifyScopes: { source: scope, backend: scope } };
      return nothing;
    }
    if (backendRows > 0n) {
      throw new GoeError('ALREADY_OFFLOADED', PREDICATE_OFFLOAD_MESSAGES.overlap(mode.dsl, backendRows, sourceRows), {
        hint: 'Offload a predicate that does not overlap the rows offloaded before, or the whole table again with --reset-backend-table',
      });
    }
  }
  return { planScope: scope, verifyScopes: { source: scope, backend: scope } };
}
