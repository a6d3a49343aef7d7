/**
 * GOE's re-run matrix for a full offload (orchestration reference §2.6 `defaults_for_existing_table`, §2.9):
 * what to do given the backend table's state, the repository metadata and `--reset-backend-table` /
 * `--reuse-backend-table`. Pure.
 */
import { GoeError } from '../errors.js';

/**
 * GOE's message texts (Appendix A), `%s.%s` filled with the backend database and table.
 *
 * @example
 * RERUN_MESSAGES.alreadyHasData('sh', 'sales') // 'Target table sh.sales already has data. Offload with --reset-backend-table to overwrite table data'
 */
export const RERUN_MESSAGES = Object.freeze({
  alreadyHasData: (db: string, t: string) =>
    `Target table ${db}.${t} already has data. Offload with --reset-backend-table to overwrite table data`,
  missingMetadata: (db: string, t: string) =>
    `Missing metadata for table ${db}.${t}. Offload with --reset-backend-table to overwrite table data`,
  emptyWithMetadata: (db: string, t: string) =>
    `Empty table ${db}.${t} has metadata. Offload with --reuse-backend-table to populate this table`,
  populateEmpty: 'Allowing Offload to populate existing empty table',
});

/** The state {@link decideRerun} reads. */
export interface RerunState {
  readonly database: string;
  readonly table: string;
  readonly tableExists: boolean;
  /** Rows in the backend table (when it exists). */
  readonly backendRows: bigint;
  readonly hasMetadata: boolean;
  readonly reset: boolean;
  readonly reuse: boolean;
  /** An incremental offload (partition append or predicate) onto a table whose metadata is incremental too: rows are expected. */
  readonly incremental?: boolean;
  /** Why the last command on this table failed, when it failed verification (added as a hint). */
  readonly lastFailure?: string;
}

/** What the offload does with the backend table. */
export type RerunAction =
  /** Create the table (it does not exist). */
  | { readonly kind: 'create'; readonly notices: readonly string[] }
  /** Drop the table (when it exists) and its metadata, then create it. */
  | { readonly kind: 'reset'; readonly notices: readonly string[] }
  /** Load into the existing, empty table. */
  | { readonly kind: 'populate'; readonly notices: readonly string[] }
  /** Append to the existing table (incremental offloads). */
  | { readonly kind: 'append'; readonly notices: readonly string[] };

/**
 * Decides the re-run outcome.
 *
 * | backend table | metadata | options | outcome |
 * |---|---|---|---|
 * | any | any | `resetBackendTable` | drop table and metadata, offload |
 * | missing | any | – | create and offload |
 * | has rows | incremental | `incremental` | append |
 * | has rows | present | – | refused: "Target table … already has data…" (`ALREADY_OFFLOADED`) |
 * | has rows | absent | – | refused: "Missing metadata for table…" (`ALREADY_OFFLOADED`) |
 * | empty | present | – | refused: "Empty table … has metadata…" (`ALREADY_OFFLOADED`) |
 * | empty | present | `reuseBackendTable` | populate |
 * | empty | absent | – | populate, notice "Allowing Offload to populate existing empty table" |
 *
 * @throws GoeError `ALREADY_OFFLOADED` with GOE's text; the hint names a failed verification of the last run
 * @example
 * decideRerun({ database: 'sh', table: 'sales', tableExists: true, backendRows: 0n, hasMetadata: false, reset: false, reuse: false })
 * // { kind: 'populate', notices: ['Allowing Offload to populate existing empty table'] }
 */
export function decideRerun(s: RerunState): RerunAction {
  if (s.reset) return { kind: 'reset', notices: [] };
  if (!s.tableExists) return { kind: 'create', notices: [] };
  const refuse = (message: string, hint: string) =>
    new GoeError('ALREADY_OFFLOADED', message, {
      hint: s.lastFailure === undefined ? hint : `${s.lastFailure}. ${hint}`,
    });
  if (s.backendRows > 0n) {
    if (s.hasMetadata && s.incremental === true) return { kind: 'append', notices: [] };
    if (s.hasMetadata)
      throw refuse(RERUN_MESSAGES.alreadyHasData(s.database, s.table), 'The table was offloaded before');
    throw refuse(
      RERUN_MESSAGES.missingMetadata(s.database, s.table),
      'The backend table has rows that no completed offload recorded (a run failed after loading, or the table was filled outside GOE)',
    );
  }
  if (s.hasMetadata) {
    if (s.reuse) return { kind: 'populate', notices: [] };
    throw refuse(
      RERUN_MESSAGES.emptyWithMetadata(s.database, s.table),
      'The table was offloaded before and has since been emptied',
    );
  }
  return { kind: 'populate', notices: [RERUN_MESSAGES.populateEmpty] };
}
