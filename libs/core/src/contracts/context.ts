import type { EventSink } from '../events.js';
import type { ResolvedConfig } from '../config/schema.js';

/** What core hands every adapter when it opens a session. */
export interface AdapterContext {
  /** Validated configuration values (from offload.env + environment), secrets included; never print them. */
  readonly config: ResolvedConfig;
  /** Where to report progress, warnings and log lines (masked by core before they reach a sink). */
  readonly events: EventSink;
  /** Cancels long operations. */
  readonly signal?: AbortSignal;
  /** `OFFLOAD_HOME`, for adapters that keep local state. */
  readonly offloadHome?: string;
}
