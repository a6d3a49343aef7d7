/**
 * GOE's re-run matrix (orchestration reference §2.6 `defaults_for_existing_table`, §2.9), with ownership of the backend table:
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
  ownedByOther: (db: string, t: string, owner: string, source: string) =>
    `Backend table ${db}.${t} belongs to the offload of ${owner}: offloading ${source} into it would overwrite that offload's data`,
  resetNotOwned: (db: string, t: string) =>
    `Backend table ${db}.${t} was not created by GOE: --reset-backend-table would drop it`,
  emptyNotOwned: (db: string, t: string) =>
    `Empty table ${db}.${t} was not created by GOE. Offload with --force to populate it`,
  repair: (db: string, t: string, execution: string) =>
    `Backend table ${db}.${t} holds the rows of an offload that stopped before saving metadata (execution ${execution}): verifying them instead of loading again`,
  takeOver: (db: string, t: string, owner: string) =>
    `--force: taking over backend table ${db}.${t} from the offload of ${owner} (its offload metadata is removed)`,
});

/**
 * Who owns the backend table, as {@link decideRerun} sees it: this source's offload (`self`), another source's
 * (`other`, named), or nobody (`none`: GOE did not create it, or it does not exist and nobody claimed it).
 */
export type TargetOwnerKind =
  | { readonly kind: 'self'; readonly executionId: string }
  | { readonly kind: 'other'; readonly owner: string; readonly executionId: string }
  | { readonly kind: 'none' };

/** The state {@link decideRerun} reads. */
export interface RerunState {
  readonly database: string;
  readonly table: string;
  /** The source table, `OWNER.TABLE`, for messages. */
  readonly source: string;
  readonly tableExists: boolean;
  /** Rows in the backend table (when it exists). */
  readonly backendRows: bigint;
  readonly hasMetadata: boolean;
  /** Who owns the backend table (the repository's record). */
  readonly owner: TargetOwnerKind;
  readonly reset: boolean;
  readonly reuse: boolean;
  /** `--force`: use a table that another source's offload owns, or that GOE did not create. */
  readonly force: boolean;
  /** An incremental offload (partition append or predicate): rows are expected, and found by the backend's data. */
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
  | { readonly kind: 'append'; readonly notices: readonly string[] }
  /**
   * The table is this source's and holds rows but no metadata was saved (a full offload stopped after its load):
   * verify it against the source and save the metadata, loading nothing.
   */
  | { readonly kind: 'repair'; readonly notices: readonly string[] };

/**
 * Decides the re-run outcome. Ownership first (a table is never overwritten or filled unless this source's offload
 * created it, or `--force` says so), then GOE's matrix:
 *
 * | backend table | owner | metadata | options | outcome |
 * |---|---|---|---|---|
 * | any | other source | any | – | refused: "…belongs to the offload of …" (`TARGET_NOT_OWNED`) |
 * | exists | nobody | any | reset | refused: "…was not created by GOE…" (`TARGET_NOT_OWNED`) |
 * | any | self, or `force` | any | reset | drop table and metadata, offload |
 * | missing | self/nobody, or `force` | any | – | create and offload |
 * | has rows | any | incremental | `incremental` | append |
 * | has rows | any | present | – | refused: "Target table … already has data…" (`ALREADY_OFFLOADED`) |
 * | has rows | self | absent | `incremental` | append (what is loaded is found from the backend's data) |
 * | has rows | self | absent | – | repair: verify, then save metadata |
 * | has rows | nobody, other + `force` | absent | – | refused: "Missing metadata for table…" (`ALREADY_OFFLOADED`) |
 * | empty | any | present | – | refused: "Empty table … has metadata…" (`ALREADY_OFFLOADED`) |
 * | empty | any | present | `reuseBackendTable` | populate |
 * | empty | self, or `force` | absent | – | populate, notice "Allowing Offload to populate existing empty table" |
 * | empty | nobody | absent | – | refused: "Empty table … was not created by GOE…" (`TARGET_NOT_OWNED`) |
 *
 * @throws GoeError `ALREADY_OFFLOADED` with GOE's text (the hint names a failed verification of the last run), or
 *   `TARGET_NOT_OWNED` naming the owner
 * @example
 * decideRerun({ database: 'sh', table: 'sales', source: 'SH.SALES', tableExists: true, backendRows: 0n,
 *   hasMetadata: false, owner: { kind: 'self', executionId: 'e1' }, reset: false, reuse: false, force: false })
 * // { kind: 'populate', notices: ['Allowing Offload to populate existing empty table'] }
 */
export function decideRerun(s: RerunState): RerunAction {
  const { database: db, table: t, owner } = s;
  const forced: string[] = [];
  if (owner.kind === 'other') {
    if (!s.force)
      throw new GoeError('TARGET_NOT_OWNED', RERUN_MESSAGES.ownedByOther(db, t, owner.owner, s.source), {
        hint: `Choose another --target-name, or add --force to take the table over (the offload metadata of ${owner.owner} is removed)`,
      });
    forced.push(RERUN_MESSAGES.takeOver(db, t, owner.owner));
  }
  if (s.reset) {
    if (s.tableExists && owner.kind === 'none' && !s.force)
      throw new GoeError('TARGET_NOT_OWNED', RERUN_MESSAGES.resetNotOwned(db, t), {
        hint: 'Add --force to drop it and offload into a new table, or choose another --target-name',
      });
    return { kind: 'reset', notices: forced };
  }
  if (!s.tableExists) return { kind: 'create', notices: forced };
  const refuse = (message: string, hint: string) =>
    new GoeError('ALREADY_OFFLOADED', message, {
      hint: s.lastFailure === undefined ? hint : `${s.lastFailure}. ${hint}`,
    });
  if (s.backendRows > 0n) {
    if (s.hasMetadata && s.incremental === true) return { kind: 'append', notices: forced };
    if (s.hasMetadata) throw refuse(RERUN_MESSAGES.alreadyHasData(db, t), 'The table was offloaded before');
    if (owner.kind === 'self')
      return s.incremental === true
        ? { kind: 'append', notices: [] }
        : { kind: 'repair', notices: [RERUN_MESSAGES.repair(db, t, owner.executionId)] };
    throw refuse(
      RERUN_MESSAGES.missingMetadata(db, t),
      owner.kind === 'none'
        ? 'The backend table has rows and was not created by GOE: add --reset-backend-table --force to drop and replace it, or choose another --target-name'
        : 'The backend table has rows of another offload: add --reset-backend-table --force to drop and replace it',
    );
  }
  if (s.hasMetadata) {
    if (s.reuse) return { kind: 'populate', notices: forced };
    throw refuse(RERUN_MESSAGES.emptyWithMetadata(db, t), 'The table was offloaded before and has since been emptied');
  }
  if (owner.kind === 'none' && !s.force)
    throw new GoeError('TARGET_NOT_OWNED', RERUN_MESSAGES.emptyNotOwned(db, t), {
      hint: 'GOE populates an existing empty table only when its offload created it; --force allows a table created outside GOE',
    });
  return { kind: 'populate', notices: [...forced, RERUN_MESSAGES.populateEmpty] };
}
