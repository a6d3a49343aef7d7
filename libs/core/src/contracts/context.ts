import type { EventSink } from '../events.js';
import type { ResolvedConfig } from '../config/schema.js';

/**
 * What core hands every adapter when it opens a session.
 *
 * @example
 * const ctx: AdapterContext = { config, events: NULL_EVENTS, offloadHome: '/home/goe/.goe', readOnly: true };
 * const session = await quackBackend.connect(ctx); // opens its database file read-only, creates nothing
 */
export interface AdapterContext {
  /** Validated configuration values (from offload.env + environment), secrets included; never print them. */
  readonly config: ResolvedConfig;
  /** Where to report progress, warnings and log lines (masked by core before they reach a sink). */
  readonly events: EventSink;
  /** Cancels long operations. */
  readonly signal?: AbortSignal;
  /** `OFFLOAD_HOME`, for adapters that keep local state. */
  readonly offloadHome?: string;
  /**
   * Preview (no `-x`, or `--ddl-file`): the adapter must not create or change anything — no database file,
   * directory or data directory is created, existing ones are opened read-only, and a write method called anyway
   * is refused with a `GoeError` instead of writing. Reads still run against the real systems (a preview
   * proves connectivity, privileges and the plan). The runner sets it for the frontend, backend, transport and
   * storage of a preview; the metadata repository is always opened writable (it records the `PREVIEW` command).
   * Default `false`.
   */
  readonly readOnly?: boolean;
  /**
   * Deterministic fault points for the fault harness (`GOE_TEST_KILL_AT`, see `@goe/conformance`'s `faultSuite`).
   * Adapters call it at the points where a crash matters, with a stable name of the form `<phase>:<point>`
   * (e.g. `transport:batch` with the rows written so far, `load:before-commit` inside a final load's transaction);
   * the runner kills the process, or sends it a signal, when the point matches the configured one. A no-op
   * unless a test armed it. Default: absent (adapters must call it as `ctx.faultPoint?.(…)`).
   *
   * @example
   * ctx.faultPoint?.('load:before-commit');
   * ctx.faultPoint?.('transport:batch', { rows: written });
   */
  readonly faultPoint?: (name: string, detail?: { readonly rows?: number }) => void;
  /**
   * Values of command-line options that adapters declare without a configuration variable (`AdapterBase.options`),
   * by flag as given (`OffloadOptions.adapterOptions`): an adapter reads its own flags. Options with a `variable`
   * reach `config` instead. Default: absent.
   *
   * @example
   * const hint = ctx.adapterOptions?.['--quack-hint']; // 'fast' after `goe offload … --quack-hint fast`
   */
  readonly adapterOptions?: Readonly<Record<string, string | number | boolean>>;
}
