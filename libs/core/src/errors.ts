/**
 * One error type for the whole product. Every failure a user can see is a {@link GoeError} with a `code`;
 * the CLI maps codes to exit codes with {@link exitCodeFor}.
 */

/** Error codes and the exit code each maps to (architecture §8). */
export const ERROR_CODES = {
  /** A configuration variable (offload.env or environment) is unknown, missing or malformed. */
  CONFIG_INVALID: 2,
  /** A command-line / library option is malformed or contradicts another. */
  OPTION_INVALID: 2,
  /** The `--offload-predicate` text is not valid DSL. */
  PREDICATE_INVALID: 2,
  /** An adapter is not registered, cannot be loaded or has an unsupported `apiVersion`. */
  ADAPTER_INVALID: 2,
  /** The source table (or backend table) does not exist. */
  TABLE_NOT_FOUND: 2,
  /** The table was offloaded before and nothing says to do it again. */
  ALREADY_OFFLOADED: 3,
  /** The backend table belongs to another source's offload, or was not created by GOE (`--force` takes it over). */
  TARGET_NOT_OWNED: 3,
  /** Another process holds the orchestration lock of this table. */
  LOCK_HELD: 3,
  /** The backend refuses a second writer (e.g. an embedded database file open in another process). */
  BACKEND_BUSY: 3,
  /** A source column has a type no canonical type holds. */
  TYPE_UNSUPPORTED: 4,
  /** A conversion would lose data and the matching `--allow-*` option was not given. */
  TYPE_LOSSY_CONVERSION: 4,
  /** Counts or aggregates differ between source and backend, or staged rows do not match. */
  VALIDATION_MISMATCH: 4,
  /** A source or backend engine reported an error; `engineCode` carries the engine's own code. */
  ENGINE_ERROR: 5,
  /** A connection could not be opened. */
  CONNECTION_FAILED: 5,
  /** The operation was cancelled through an `AbortSignal`, or by SIGINT/SIGTERM in the CLI (which exits 130/143). */
  ABORTED: 1,
  /** A bug or an unexpected state. */
  INTERNAL: 1,
} as const;

/** Every {@link GoeError} code. */
export type GoeErrorCode = keyof typeof ERROR_CODES;

/** Exit codes of the `goe` CLI: 0 success (also "nothing to offload"), 1 unexpected, 2 options/config, 3 refused by state, 4 data/validation, 5 engine/connectivity. */
export const EXIT_CODES = {
  SUCCESS: 0,
  UNEXPECTED: 1,
  INVALID_INPUT: 2,
  REFUSED_BY_STATE: 3,
  DATA_ERROR: 4,
  ENGINE_ERROR: 5,
} as const;

/** Details a {@link GoeError} may carry. */
export interface GoeErrorDetails {
  /** What the user can do about it. */
  hint?: string;
  /** The SQL that failed (secrets already masked by the thrower). */
  sql?: string;
  /** The engine's own error code (e.g. a SQLSTATE). */
  engineCode?: string;
  /** The column the error is about. */
  column?: string;
  /** The configuration variable or option the error is about. */
  variable?: string;
  /** The original error. */
  cause?: unknown;
}

const GOE_ERROR_BRAND = Symbol.for('goe:error');

/**
 * The single error class of GOE. Identify it with {@link isGoeError} (works across two copies of core), not
 * `instanceof`.
 *
 * @example
 * throw new GoeError('TABLE_NOT_FOUND', 'Table SH.SALES does not exist', { hint: 'Check -t owner.table' });
 */
export class GoeError extends Error {
  readonly code: GoeErrorCode;
  readonly hint?: string;
  readonly sql?: string;
  readonly engineCode?: string;
  readonly column?: string;
  readonly variable?: string;
  readonly [GOE_ERROR_BRAND] = true;

  constructor(code: GoeErrorCode, message: string, details: GoeErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'GoeError';
    this.code = code;
    if (details.hint !== undefined) this.hint = details.hint;
    if (details.sql !== undefined) this.sql = details.sql;
    if (details.engineCode !== undefined) this.engineCode = details.engineCode;
    if (details.column !== undefined) this.column = details.column;
    if (details.variable !== undefined) this.variable = details.variable;
  }

  /** The CLI exit code for this error (see {@link exitCodeFor}). */
  get exitCode(): number {
    return exitCodeFor(this);
  }

  /** A plain, JSON-serializable form (for `--json` output and the repository). */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { code: this.code, message: this.message };
    for (const k of ['hint', 'sql', 'engineCode', 'column', 'variable'] as const) {
      if (this[k] !== undefined) out[k] = this[k];
    }
    return out;
  }
}

/**
 * True when `value` is a {@link GoeError} from any copy of `@goe/core`.
 *
 * @example
 * try { await offload(opts) } catch (e) { if (isGoeError(e) && e.code === 'LOCK_HELD') retryLater(); }
 */
export function isGoeError(value: unknown): value is GoeError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[GOE_ERROR_BRAND] === true;
}

/**
 * The CLI exit code for any thrown value: a {@link GoeError}'s code table entry, 1 for anything else.
 *
 * @example
 * process.exitCode = exitCodeFor(err); // 3 for LOCK_HELD
 */
export function exitCodeFor(error: unknown): number {
  if (isGoeError(error)) return ERROR_CODES[error.code] ?? EXIT_CODES.UNEXPECTED;
  return EXIT_CODES.UNEXPECTED;
}

/**
 * Throws in an exhaustive `switch` when a case was forgotten; a new union member fails to compile.
 *
 * @example
 * switch (t) { case 'DATE': ...; default: return assertNever(t); }
 */
export function assertNever(value: never, what = 'value'): never {
  throw new GoeError('INTERNAL', `Unexpected ${what}: ${String(value)}`);
}
