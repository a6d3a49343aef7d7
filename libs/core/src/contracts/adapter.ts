/**
 * What every adapter has in common: a kind, a name, an `apiVersion`, a config schema, capabilities as data,
 * and a `Symbol.for` brand so two copies of `@goe/core` accept each other's adapters.
 */
import { GoeError } from '../errors.js';
import type { ConfigSchema } from '../config/schema.js';

/** The adapter API version this copy of core implements. */
export const API_VERSION = 1;
/** Adapter API versions this copy of core accepts. */
export const SUPPORTED_API_VERSIONS: readonly number[] = [1];

/** Adapter kinds, one per seam. */
export const ADAPTER_KINDS = ['frontend', 'backend', 'transport', 'storage', 'repository', 'lock'] as const;
/** An adapter kind. */
export type AdapterKind = (typeof ADAPTER_KINDS)[number];

/** The brand every `define*` factory stamps; `Symbol.for` so it is shared across copies of core. */
export const ADAPTER_BRAND: unique symbol = Symbol.for('goe:adapter') as never;

/** Fields every adapter definition has. */
export interface AdapterBase<K extends AdapterKind> {
  readonly kind: K;
  /** Lower-case name, e.g. `postgres`, `duckdb`, `native`, `file`. */
  readonly name: string;
  /** The adapter API the adapter was written against; must be in {@link SUPPORTED_API_VERSIONS}. */
  readonly apiVersion: number;
  /** One line for `goe connect` and `--help`. */
  readonly description?: string;
  /** Configuration variables the adapter reads. */
  readonly configSchema: ConfigSchema;
  /** Other accepted names (e.g. `QUERY_IMPORT` for `native`). */
  readonly aliases?: readonly string[];
}

/** A branded adapter. */
export type Branded<T> = T & { readonly [ADAPTER_BRAND]: AdapterKind };

/**
 * Checks and brands an adapter definition. Used by every `define*` factory.
 *
 * @throws GoeError `ADAPTER_INVALID` when the name is empty or the `apiVersion` unsupported.
 */
export function brandAdapter<K extends AdapterKind, T extends AdapterBase<K>>(kind: K, definition: T): Branded<T> {
  if (definition.kind !== kind) {
    throw new GoeError(
      'ADAPTER_INVALID',
      `Adapter ${definition.name} declares kind ${String(definition.kind)}, expected ${kind}`,
    );
  }
  assertAdapterShape(definition);
  return Object.freeze({ ...definition, [ADAPTER_BRAND]: kind }) as Branded<T>;
}

/** Validates name and apiVersion of any adapter-like value. @throws GoeError `ADAPTER_INVALID` */
export function assertAdapterShape(value: unknown): asserts value is AdapterBase<AdapterKind> {
  const v = value as Partial<AdapterBase<AdapterKind>> | null;
  if (typeof v !== 'object' || v === null) throw new GoeError('ADAPTER_INVALID', 'An adapter must be an object');
  if (typeof v.name !== 'string' || !/^[a-z][a-z0-9_-]*$/.test(v.name)) {
    throw new GoeError(
      'ADAPTER_INVALID',
      `Invalid adapter name: ${JSON.stringify(v.name)} (lower-case letters, digits, - and _)`,
    );
  }
  if (!ADAPTER_KINDS.includes(v.kind as AdapterKind)) {
    throw new GoeError('ADAPTER_INVALID', `Adapter ${v.name} has unknown kind ${JSON.stringify(v.kind)}`);
  }
  if (typeof v.apiVersion !== 'number' || !SUPPORTED_API_VERSIONS.includes(v.apiVersion)) {
    throw new GoeError(
      'ADAPTER_INVALID',
      `Adapter ${v.kind} ${v.name} targets GOE adapter API version ${String(v.apiVersion)}; this @goe/core supports ${SUPPORTED_API_VERSIONS.join(', ')}`,
      { hint: 'Upgrade @goe/core or install a release of the adapter built for this core' },
    );
  }
}

/**
 * True when `value` was made by a `define*` factory of any copy of `@goe/core` (optionally of a given kind).
 *
 * @example
 * isAdapter(postgresFrontend, 'frontend') // true
 */
export function isAdapter(value: unknown, kind?: AdapterKind): value is Branded<AdapterBase<AdapterKind>> {
  if (typeof value !== 'object' || value === null) return false;
  const brand = (value as Record<symbol, unknown>)[ADAPTER_BRAND];
  return typeof brand === 'string' && (kind === undefined || brand === kind);
}
