/**
 * Session narrowing: a session may declare that it can do less than its adapter (an embedded engine with one
 * connection and no exported snapshot); core reads the merged view.
 */

/**
 * The capabilities core uses for a session: the adapter's, with the fields the session declares in its own
 * `capabilities` winning (shallow, per field). Without a session, or a session that declares none, the adapter's.
 *
 * @example
 * effectiveCapabilities(quackFrontend, embeddedSession) // { ...quackFrontend.capabilities, snapshot: 'none', maxParallelism: 1 }
 * effectiveCapabilities(quackBackend) // quackBackend.capabilities
 */
export function effectiveCapabilities<C extends object>(
  adapter: { readonly capabilities: C },
  session?: { readonly capabilities?: Partial<C> } | undefined,
): C {
  const narrowed = session?.capabilities;
  if (narrowed === undefined || narrowed === adapter.capabilities) return adapter.capabilities;
  const out: Record<string, unknown> = { ...(adapter.capabilities as Record<string, unknown>) };
  for (const [key, value] of Object.entries(narrowed)) if (value !== undefined) out[key] = value;
  return out as C;
}
