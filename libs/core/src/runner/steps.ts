/**
 * GOE's offload steps (orchestration reference §2.5, §3.3): repository code, `--skip-steps` id (the title
 * lower-cased with spaces → `_`) and title, in execution order.
 */
import { GoeError } from '../errors.js';

/** One offload step. */
export interface StepDefinition {
  /** GOE's repository step code, e.g. `STAGING_TRANSPORT`; also the `step` of `step:*` events. */
  readonly code: string;
  /** GOE's `--skip-steps` id: the title lower-cased, spaces → `_`. */
  readonly id: string;
  /** GOE's title, printed underlined before the step runs. */
  readonly title: string;
  /** Mandatory steps refuse `--skip-steps` ("Step "X" is mandatory and cannot be skipped"). */
  readonly mandatory: boolean;
  /** Runs for every chunk. */
  readonly perChunk: boolean;
}

const step = (code: string, title: string, mandatory = false, perChunk = false): StepDefinition =>
  Object.freeze({ code, id: stepIdOf(title), title, mandatory, perChunk });

/**
 * The offload steps in execution order. Differences from GOE: verification runs **before** metadata is saved
 * (a failed verification leaves the loaded rows and no new metadata), and the staging load of a chunk (external or
 * load table) is part of "Transport data to staging", as in GOE.
 *
 * @example
 * OFFLOAD_STEPS.STAGING_TRANSPORT.id // 'transport_data_to_staging'
 */
export const OFFLOAD_STEPS = Object.freeze({
  FIND_OFFLOAD_DATA: step('FIND_OFFLOAD_DATA', 'Find data to offload', true),
  ANALYZE_DATA_TYPES: step('ANALYZE_DATA_TYPES', 'Analyzing data types', true),
  DDL_FILE: step('DDL_FILE', 'Create DDL file'),
  CREATE_DB: step('CREATE_DB', 'Create backend database'),
  DROP_TABLE: step('DROP_TABLE', 'Drop backend table'),
  CREATE_TABLE: step('CREATE_TABLE', 'Create backend table'),
  STAGING_SETUP: step('STAGING_SETUP', 'Setup staging area'),
  STAGING_MINI_CLEANUP: step('STAGING_MINI_CLEANUP', 'Empty staging area', false, true),
  STAGING_TRANSPORT: step('STAGING_TRANSPORT', 'Transport data to staging', false, true),
  VALIDATE_DATA: step('VALIDATE_DATA', 'Validate staged data', false, true),
  VALIDATE_CASTS: step('VALIDATE_CASTS', 'Validate type conversions', false, true),
  FINAL_LOAD: step('FINAL_LOAD', 'Load staged data', false, true),
  COMPUTE_STATS: step('COMPUTE_STATS', 'Compute backend statistics'),
  STAGING_CLEANUP: step('STAGING_CLEANUP', 'Cleanup staging area'),
  VERIFY_EXPORTED_DATA: step('VERIFY_EXPORTED_DATA', 'Verify exported data'),
  SAVE_METADATA: step('SAVE_METADATA', 'Save offload metadata'),
  MESSAGES: step('MESSAGES', 'Messages'),
});

/** A step code. */
export type StepCode = keyof typeof OFFLOAD_STEPS;

/** Every step in execution order. @example OFFLOAD_STEP_LIST[0]?.title // 'Find data to offload' */
export const OFFLOAD_STEP_LIST: readonly StepDefinition[] = Object.freeze(Object.values(OFFLOAD_STEPS));

/** GOE's step id of a title. @example stepIdOf('Verify exported data') // 'verify_exported_data' */
export function stepIdOf(title: string): string {
  return title.trim().toLowerCase().replace(/\s+/g, '_');
}

/**
 * Finds a step by id, code or title (case-insensitive).
 *
 * @throws GoeError `OPTION_INVALID` naming `option` and listing the ids when nothing matches
 * @example
 * findStep('verify_exported_data').code // 'VERIFY_EXPORTED_DATA'
 * findStep('Create backend table').code // 'CREATE_TABLE'
 */
export function findStep(name: string, option = '--skip-steps'): StepDefinition {
  const n = name.trim().toLowerCase();
  const hit = OFFLOAD_STEP_LIST.find(
    (s) => s.id === n || s.code.toLowerCase() === n || s.title.toLowerCase() === n || stepIdOf(n) === s.id,
  );
  if (hit === undefined) {
    throw new GoeError('OPTION_INVALID', `Unknown step for ${option}: ${name}`, {
      variable: option,
      hint: `Step ids: ${OFFLOAD_STEP_LIST.map((s) => s.id).join(', ')}`,
    });
  }
  return hit;
}

/**
 * Parses `--skip-steps` (CSV or list of ids, codes or titles) into step codes.
 *
 * @throws GoeError `OPTION_INVALID` for an unknown step, or `Step "<title>" is mandatory and cannot be skipped`
 * @example
 * parseSkipSteps('validate_type_conversions,verify_exported_data') // Set { 'VALIDATE_CASTS', 'VERIFY_EXPORTED_DATA' }
 */
export function parseSkipSteps(input: string | readonly string[] | undefined): ReadonlySet<string> {
  const items = (typeof input === 'string' ? input.split(',') : (input ?? []).flatMap((s) => s.split(',')))
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const out = new Set<string>();
  for (const item of items) {
    const s = findStep(item);
    if (s.mandatory)
      throw new GoeError('OPTION_INVALID', `Step "${s.title}" is mandatory and cannot be skipped`, {
        variable: '--skip-steps',
      });
    out.add(s.code);
  }
  return out;
}
