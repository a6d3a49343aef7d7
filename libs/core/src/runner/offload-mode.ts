/**
 * Which kind of offload a command is (GOE's `offload_source_data_factory` and `get_offload_type_for_config`,
 * orchestration reference §2.6): full, RANGE partition append (IPA) or predicate-based (PBO), from the data
 * identification options, the source's partitioning and the table's offload metadata. Pure.
 */
import { GoeError } from '../errors.js';
import type { OffloadMetadata } from '../contracts/repository.js';
import type { SourceTable } from '../model/table.js';
import type { PredicateAst } from '../predicate/ast.js';
import { predicateColumnRefs } from '../predicate/ast.js';
import type { NormalizedDataIdentification } from '../plan/data-identification.js';
import { partitionAppendKey, type PartitionAppendKey } from '../plan/partition-append.js';

/** The kind of offload. */
export type OffloadMode =
  | { readonly kind: 'full' }
  | { readonly kind: 'range'; readonly key: PartitionAppendKey }
  | { readonly kind: 'predicate'; readonly predicate: PredicateAst; readonly dsl: string };

/**
 * GOE's texts for offload types and predicate types (Appendix A).
 *
 * @example
 * OFFLOAD_MODE_MESSAGES.missingPredicate.startsWith('Missing --offload-predicate option') // true
 */
export const OFFLOAD_MODE_MESSAGES = Object.freeze({
  predicateTypeChange: 'INCREMENTAL_PREDICATE_TYPE cannot be changed for offloaded table',
  missingPredicate:
    'Missing --offload-predicate option. This option is mandatory to offload tables with an INCREMENTAL_PREDICATE_TYPE configuration of PREDICATE',
  fullWithPredicate: 'OFFLOAD_TYPE FULL is not compatible with INCREMENTAL_PREDICATE_TYPE PREDICATE',
  unresolvedColumn: (name: string) => `Unable to resolve column ${name} of --offload-predicate`,
  incrementalNotValid: (table: string, reason: string) =>
    `Offload type INCREMENTAL is not valid for ${table} (${reason}): offloading the whole table`,
});

/** Inputs of {@link decideOffloadMode}. */
export interface OffloadModeInput {
  readonly source: SourceTable;
  readonly identification: NormalizedDataIdentification;
  /** The table's offload metadata; pass `undefined` when `--reset-backend-table` discards it. */
  readonly metadata?: OffloadMetadata;
}

/**
 * Decides the kind of offload.
 *
 * | identification | metadata | outcome |
 * |---|---|---|
 * | `--offload-predicate` | none, or predicate-based | predicate-based |
 * | `--offload-predicate` | partition append | refused: "INCREMENTAL_PREDICATE_TYPE cannot be changed…" |
 * | `--less-than-value`, `--older-than-*`, `--partition-names` | any | RANGE partition append (refused when the table cannot be) |
 * | none | partition append | RANGE partition append of every remaining partition |
 * | none | predicate-based | refused: "Missing --offload-predicate option…" |
 * | none, `--offload-type INCREMENTAL` | none | partition append, or full with a warning when the table cannot be |
 * | none | none or FULL | full |
 *
 * @throws GoeError `OPTION_INVALID` naming the option
 * @example
 * decideOffloadMode({ source, identification: { identification: { kind: 'none' } } }) // { mode: { kind: 'full' }, warnings: [] }
 */
export function decideOffloadMode(input: OffloadModeInput): { mode: OffloadMode; warnings: string[] } {
  const { source, metadata } = input;
  const { identification: id, offloadType } = input.identification;
  const name = `${source.owner}.${source.name}`;
  const isAppend = metadata?.offloadType === 'INCREMENTAL' && metadata.incrementalKey !== undefined;
  const isPredicate =
    metadata?.offloadType === 'INCREMENTAL' &&
    metadata.incrementalKey === undefined &&
    (metadata.predicates ?? []).length > 0;
  if (id.kind === 'predicate') {
    if (offloadType === 'FULL')
      throw new GoeError('OPTION_INVALID', OFFLOAD_MODE_MESSAGES.fullWithPredicate, { variable: '--offload-type' });
    if (isAppend) {
      throw new GoeError('OPTION_INVALID', OFFLOAD_MODE_MESSAGES.predicateTypeChange, {
        variable: '--offload-predicate',
        hint: `${name} is offloaded by partition append on ${metadata.incrementalKey}; predicate offloads of such a table (late-arriving data) are not supported yet`,
      });
    }
    const columns = new Set(source.columns.map((c) => c.name.toUpperCase()));
    for (const ref of predicateColumnRefs(id.predicate)) {
      if (!columns.has(ref.name.toUpperCase())) {
        throw new GoeError('OPTION_INVALID', OFFLOAD_MODE_MESSAGES.unresolvedColumn(ref.name), {
          variable: '--offload-predicate',
          column: ref.name,
          hint: `Columns of ${name}: ${source.columns.map((c) => c.name).join(', ')}`,
        });
      }
    }
    return { mode: { kind: 'predicate', predicate: id.predicate, dsl: id.dsl }, warnings: [] };
  }
  if (isPredicate) {
    if (id.kind === 'none')
      throw new GoeError('OPTION_INVALID', OFFLOAD_MODE_MESSAGES.missingPredicate, { variable: '--offload-predicate' });
    throw new GoeError('OPTION_INVALID', OFFLOAD_MODE_MESSAGES.predicateTypeChange, {
      variable: id.kind === 'less-than' ? id.option : '--partition-names',
      hint: `${name} is offloaded by predicate; offload more rows with --offload-predicate, or start again with --reset-backend-table`,
    });
  }
  const keyOf = () => partitionAppendKey(source);
  if (id.kind !== 'none') {
    const option = id.kind === 'less-than' ? id.option : '--partition-names';
    if (offloadType === 'FULL') {
      throw new GoeError(
        'OPTION_INVALID',
        `--offload-type FULL offloads every partition: it cannot be combined with ${option}`,
        {
          variable: '--offload-type',
        },
      );
    }
    const k = keyOf();
    if ('reason' in k)
      throw new GoeError('OPTION_INVALID', `${option} cannot be used: ${k.reason}`, { variable: option });
    checkSameKey(k.key, metadata, name);
    return { mode: { kind: 'range', key: k.key }, warnings: [] };
  }
  if (isAppend) {
    if (offloadType === 'FULL') {
      throw new GoeError('OPTION_INVALID', `Switching ${name} from offload type INCREMENTAL to FULL is not supported`, {
        variable: '--offload-type',
        hint: 'Offload the whole table again with --reset-backend-table',
      });
    }
    const k = keyOf();
    if ('reason' in k)
      throw new GoeError('OPTION_INVALID', `${name} was offloaded by partition append but ${k.reason}`, {
        hint: 'Offload the whole table again with --reset-backend-table',
      });
    checkSameKey(k.key, metadata, name);
    return { mode: { kind: 'range', key: k.key }, warnings: [] };
  }
  if (offloadType === 'INCREMENTAL') {
    const k = keyOf();
    if ('reason' in k)
      return { mode: { kind: 'full' }, warnings: [OFFLOAD_MODE_MESSAGES.incrementalNotValid(name, k.reason)] };
    return { mode: { kind: 'range', key: k.key }, warnings: [] };
  }
  return { mode: { kind: 'full' }, warnings: [] };
}

function checkSameKey(key: PartitionAppendKey, metadata: OffloadMetadata | undefined, name: string): void {
  const recorded = metadata?.incrementalKey;
  if (recorded !== undefined && recorded.toUpperCase() !== key.column.toUpperCase()) {
    throw new GoeError(
      'OPTION_INVALID',
      `The partition key of ${name} is now ${key.column} but it was offloaded by partition append on ${recorded}`,
      { hint: 'Offload the whole table again with --reset-backend-table' },
    );
  }
}
