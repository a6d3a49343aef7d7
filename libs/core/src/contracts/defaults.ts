/**
 * How `define*` factories complete an adapter definition: capability defaults merged per field (nested objects one
 * level deep), and optional session methods filled in on the sessions an adapter opens (the role of Kysely's
 * `DialectAdapterBase`: adding a capability or an optional method to a contract is not a breaking change).
 */

/**
 * A capability object as an adapter definition may give it: every field optional, and a field holding a plain
 * object may itself be given in part (it is merged one level deep with the default).
 *
 * @example
 * const given: CapabilitiesInput<BackendCapabilities> = { maxIdentifierLength: 63, clustering: { maxColumns: 4 } };
 */
export type CapabilitiesInput<C> = {
  readonly [K in keyof C]?: C[K] extends readonly unknown[] | ((...args: never[]) => unknown)
    ? C[K]
    : C[K] extends object
      ? Partial<C[K]>
      : C[K];
};

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null);

/**
 * Merges given capabilities over defaults: per field, a given value replaces the default, except that a plain
 * object is merged one level deep (`{ ...default[field], ...given[field] }`); arrays and functions replace. Fields
 * given as `undefined` keep the default. Returns a frozen object.
 *
 * @example
 * mergeCapabilities({ a: 1, o: { x: 1, y: 2 } }, { o: { y: 3 } }) // { a: 1, o: { x: 1, y: 3 } }
 */
export function mergeCapabilities<C extends object>(defaults: C, given: CapabilitiesInput<C> | undefined): C {
  const out: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [key, value] of Object.entries(given ?? {})) {
    if (value === undefined) continue;
    const base = out[key];
    out[key] = isPlainObject(value) && isPlainObject(base) ? Object.freeze({ ...base, ...value }) : value;
  }
  return Object.freeze(out) as C;
}

/**
 * Fills missing optional methods of a session (or store, repository, lock) with defaults. A session that has every
 * method is returned unchanged (no wrapper on the hot path); otherwise a proxy serves the defaults for the missing
 * ones and forwards everything else to the session, bound to it (class instances with private fields keep working).
 *
 * @example
 * const session = withMethodDefaults(raw, ['close'], () => ({ close: async () => {} }));
 * await session.close(); // the adapter's close, or the no-op default
 */
export function withMethodDefaults<S extends object>(
  session: S,
  names: readonly string[],
  defaults: (session: S) => Readonly<Record<string, unknown>>,
): S {
  const target = session as Record<string | symbol, unknown>;
  const missing = names.filter((name) => typeof target[name] !== 'function');
  if (missing.length === 0) return session;
  const filled = new Set(missing);
  const fallback = defaults(session);
  return new Proxy(session, {
    get(t, prop) {
      if (typeof prop === 'string' && filled.has(prop)) return fallback[prop];
      const value: unknown = Reflect.get(t, prop, t);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(t) : value;
    },
    has(t, prop) {
      return (typeof prop === 'string' && filled.has(prop)) || Reflect.has(t, prop);
    },
  });
}
