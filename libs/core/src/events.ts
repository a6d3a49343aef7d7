/**
 * Typed events the runner and adapters emit; the CLI renders them (progress bars, lines), a library user
 * subscribes with {@link createEventBus}.
 */

/** Every event, discriminated by `type`. */
export type GoeEvent =
  | { readonly type: 'step:start'; readonly step: string; readonly title: string }
  | {
      readonly type: 'step:end';
      readonly step: string;
      readonly title: string;
      readonly ms: number;
      readonly status: 'ok' | 'skipped' | 'failed';
    }
  | {
      readonly type: 'progress';
      /** Slice id, or `undefined` for the overall total. */
      readonly slice?: string;
      readonly rows: number;
      readonly bytes: number;
      /** Rows expected, when known. */
      readonly totalRows?: number;
    }
  | { readonly type: 'warning'; readonly message: string; readonly code?: string }
  | { readonly type: 'notice'; readonly message: string }
  | { readonly type: 'log'; readonly level: 'debug' | 'info' | 'warn' | 'error'; readonly message: string };

/** The `type` of an event. */
export type GoeEventType = GoeEvent['type'];

/** Receives events. */
export interface EventSink {
  emit(event: GoeEvent): void;
}

/** A sink plus typed subscription. */
export interface EventBus extends EventSink {
  /** Subscribes to one event type (or `'*'`); returns an unsubscribe function. */
  on<T extends GoeEventType | '*'>(
    type: T,
    listener: (event: T extends '*' ? GoeEvent : Extract<GoeEvent, { type: T }>) => void,
  ): () => void;
}

/**
 * A small synchronous event bus. A throwing listener does not stop the others or the offload.
 *
 * @example
 * const bus = createEventBus();
 * bus.on('progress', (e) => console.log(e.rows));
 */
export function createEventBus(): EventBus {
  const listeners = new Map<string, Set<(e: GoeEvent) => void>>();
  return {
    emit(event) {
      for (const key of [event.type, '*']) {
        for (const l of listeners.get(key) ?? []) {
          try {
            l(event);
          } catch {
            // listeners must not break the data path
          }
        }
      }
    },
    on(type, listener) {
      let set = listeners.get(type);
      if (!set) listeners.set(type, (set = new Set()));
      set.add(listener as (e: GoeEvent) => void);
      return () => set!.delete(listener as (e: GoeEvent) => void);
    },
  };
}

/** A sink that drops everything. @example NULL_EVENTS.emit({ type: 'notice', message: 'x' }) */
export const NULL_EVENTS: EventSink = Object.freeze({ emit() {} });
