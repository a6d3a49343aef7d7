/**
 * GOE's data identification options (orchestration reference §2.1 "Data identification"): which partitions or rows
 * an offload takes. Validated up front, before anything is opened. Pure.
 */
import { GoeError } from '../errors.js';
import { INCREMENTAL_PREDICATE_TYPES, type IncrementalPredicateType } from '../contracts/repository.js';
import type { PredicateAst } from '../predicate/ast.js';
import { parsePredicate } from '../predicate/parser.js';
import { printPredicate } from '../predicate/printer.js';

/** GOE's `--offload-type`. */
export type OffloadType = 'FULL' | 'INCREMENTAL';

/** The data identification options of an offload (GOE's names, camel-cased). */
export interface DataIdentificationOptions {
  /** `--less-than-value`: RANGE partition append of the partitions whose high value is ≤ this value. */
  readonly lessThanValue?: string;
  /** `--older-than-date YYYY-MM-DD`: the same with a date. */
  readonly olderThanDate?: string;
  /** `--older-than-days N`: the same with today − N days (UTC). */
  readonly olderThanDays?: number | string;
  /** `--partition-names`: the partition whose high value is the new high-water mark (one name for RANGE). */
  readonly partitionNames?: string | readonly string[];
  /** `--offload-predicate`: predicate-based offload of the rows matching a predicate DSL text. */
  readonly offloadPredicate?: string;
  /** `--offload-type FULL|INCREMENTAL`; default: from the metadata, else INCREMENTAL when identification options are given. */
  readonly offloadType?: string;
  /**
   * `--equal-to-values` (repeatable): LIST partition append of the partitions listing exactly these values, each
   * option one partition's values as CSV (`"…"` quotes a value holding commas).
   */
  readonly equalToValues?: string | readonly string[];
  /** `--offload-predicate-type`: GOE's INCREMENTAL_PREDICATE_TYPE; default from the table's partitioning and the options. */
  readonly offloadPredicateType?: string;
  /** `--offload-by-subpartition`: offload by subpartition (GOE's automatic switch may also set it); default false. */
  readonly offloadBySubpartition?: boolean;
  /** `--no-modify-hybrid-view`: offload the predicate's rows without recording the predicate; default false. */
  readonly noModifyHybridView?: boolean;
  /** `--reset-hybrid-view`: replace the recorded predicates with this command's; default false. */
  readonly resetHybridView?: boolean;
}

/** What the options identify. */
export type DataIdentification =
  | { readonly kind: 'none' }
  /** Partitions whose high value is ≤ `value` (text as the user gave it; `option` names the option for messages). */
  | { readonly kind: 'less-than'; readonly value: string; readonly option: string }
  | { readonly kind: 'partition-name'; readonly name: string }
  /** `--partition-names` with several names (LIST tables only). */
  | { readonly kind: 'partition-names'; readonly names: readonly string[] }
  /** `--equal-to-values`: one CSV text per partition (decoded against the key once the table is known). */
  | { readonly kind: 'equal-to-values'; readonly values: readonly string[] }
  | { readonly kind: 'predicate'; readonly predicate: PredicateAst; readonly dsl: string };

/** {@link normalizeDataIdentification}'s result. */
export interface NormalizedDataIdentification {
  readonly identification: DataIdentification;
  readonly offloadType?: OffloadType;
  /** `--offload-predicate-type`, upper-cased and validated. */
  readonly predicateType?: IncrementalPredicateType;
  readonly offloadBySubpartition?: boolean;
  readonly noModifyHybridView?: boolean;
  readonly resetHybridView?: boolean;
}

/**
 * GOE's texts for data identification (Appendix A).
 *
 * @example
 * IDENTIFICATION_MESSAGES.conflicting // 'Conflicting data identification options'
 */
export const IDENTIFICATION_MESSAGES = Object.freeze({
  conflicting: 'Conflicting data identification options',
  onePartitionName: 'Only one partition name can be included for a RANGE partition offload',
  resetHybridViewNeedsIdentification: 'Offload data identification options required with --reset-hybrid-view',
  invalidPredicateType: (value: string) =>
    `Invalid --offload-predicate-type value: ${value} (${INCREMENTAL_PREDICATE_TYPES.join(', ')})`,
});

/**
 * Validates the data identification options. `today` (UTC, `YYYY-MM-DD`) resolves `--older-than-days`.
 *
 * @throws GoeError `OPTION_INVALID` naming the option: more than one identification option ("Conflicting data
 *   identification options"), a malformed date or day count, a bad `--offload-type`, a predicate syntax error
 * @example
 * normalizeDataIdentification({ olderThanDate: '2020-03-01' }).identification
 * // { kind: 'less-than', value: '2020-03-01', option: '--older-than-date' }
 * normalizeDataIdentification({ olderThanDays: 1 }, '2020-03-02').identification.value // '2020-03-01'
 */
export function normalizeDataIdentification(
  options: DataIdentificationOptions,
  today: string = new Date().toISOString().slice(0, 10),
): NormalizedDataIdentification {
  const given = (
    [
      ['--less-than-value', options.lessThanValue],
      ['--older-than-date', options.olderThanDate],
      ['--older-than-days', options.olderThanDays],
      ['--partition-names', options.partitionNames],
      ['--equal-to-values', options.equalToValues],
      ['--offload-predicate', options.offloadPredicate],
    ] as const
  ).filter(([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0));
  if (given.length > 1) {
    throw new GoeError('OPTION_INVALID', IDENTIFICATION_MESSAGES.conflicting, {
      variable: given[1]![0],
      hint: `Give one of ${given.map(([o]) => o).join(', ')}`,
    });
  }
  const offloadType = normalizeOffloadType(options.offloadType);
  const predicateType = normalizePredicateType(options.offloadPredicateType);
  if (options.resetHybridView === true && given.length === 0)
    throw invalid('--reset-hybrid-view', IDENTIFICATION_MESSAGES.resetHybridViewNeedsIdentification);
  const flags = {
    ...(offloadType === undefined ? {} : { offloadType }),
    ...(predicateType === undefined ? {} : { predicateType }),
    ...(options.offloadBySubpartition === true ? { offloadBySubpartition: true } : {}),
    ...(options.noModifyHybridView === true ? { noModifyHybridView: true } : {}),
    ...(options.resetHybridView === true ? { resetHybridView: true } : {}),
  };
  const typed = (identification: DataIdentification): NormalizedDataIdentification => ({ identification, ...flags });
  const [option] = given[0] ?? [];
  switch (option) {
    case undefined:
      return typed({ kind: 'none' });
    case '--less-than-value': {
      const value = String(options.lessThanValue).trim();
      if (value === '') throw invalid('--less-than-value', 'Invalid --less-than-value: empty value');
      return typed({ kind: 'less-than', value, option });
    }
    case '--older-than-date': {
      const value = String(options.olderThanDate).trim();
      if (!isCalendarDate(value))
        throw invalid('--older-than-date', `Invalid --older-than-date value: ${value} (expected YYYY-MM-DD)`);
      return typed({ kind: 'less-than', value, option });
    }
    case '--older-than-days': {
      const text = String(options.olderThanDays).trim();
      if (!/^\d{1,6}$/.test(text))
        throw invalid(
          '--older-than-days',
          `Invalid --older-than-days value: ${text} (expected a non-negative integer)`,
        );
      if (!isCalendarDate(today)) throw invalid('--older-than-days', `Invalid date for today: ${today}`);
      const day = new Date(`${today}T00:00:00Z`);
      day.setUTCDate(day.getUTCDate() - Number(text));
      const value = day.toISOString().slice(0, 10);
      if (!isCalendarDate(value))
        throw invalid('--older-than-days', `Invalid --older-than-days value: ${text} (reaches before year 1)`);
      return typed({ kind: 'less-than', value, option });
    }
    case '--partition-names': {
      const raw = options.partitionNames!;
      const names = (typeof raw === 'string' ? raw.split(',') : [...raw]).map((n) => n.trim());
      if (names.some((n) => n === ''))
        throw invalid('--partition-names', 'Invalid --partition-names: empty partition name');
      // several names are for LIST tables: decided with the table (GOE's onePartitionName for RANGE)
      return typed(names.length > 1 ? { kind: 'partition-names', names } : { kind: 'partition-name', name: names[0]! });
    }
    case '--equal-to-values': {
      const raw = options.equalToValues!;
      const values = typeof raw === 'string' ? [raw] : [...raw];
      if (values.some((v) => v.trim() === ''))
        throw invalid('--equal-to-values', 'Invalid --equal-to-values: empty value');
      return typed({ kind: 'equal-to-values', values });
    }
    case '--offload-predicate': {
      const predicate = parsePredicate(String(options.offloadPredicate));
      return typed({ kind: 'predicate', predicate, dsl: printPredicate(predicate) });
    }
  }
}

function normalizeOffloadType(value: string | undefined): OffloadType | undefined {
  if (value === undefined || value === '') return undefined;
  const upper = value.trim().toUpperCase();
  if (upper !== 'FULL' && upper !== 'INCREMENTAL')
    throw invalid('--offload-type', `Invalid --offload-type value: ${value} (FULL or INCREMENTAL)`);
  return upper;
}

function normalizePredicateType(value: string | undefined): IncrementalPredicateType | undefined {
  if (value === undefined || value === '') return undefined;
  const upper = value.trim().toUpperCase();
  const found = INCREMENTAL_PREDICATE_TYPES.find((t) => t === upper);
  if (found === undefined)
    throw invalid('--offload-predicate-type', IDENTIFICATION_MESSAGES.invalidPredicateType(value));
  return found;
}

function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const d = new Date(0);
  d.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function invalid(option: string, message: string): GoeError {
  return new GoeError('OPTION_INVALID', message, { variable: option });
}
