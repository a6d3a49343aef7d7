/**
 * What every adapter has in common: a kind, a name, an `apiVersion`, a config schema, capabilities as data,
 * and a `Symbol.for` brand so two copies of `@goe/core` accept each other's adapters.
 */
import { GoeError } from '../errors.js';
import type { ConfigSchema } from '../config/schema.js';

/**
 * The adapter API version this copy of core implements. Version 2 (contract v2) added open adapter names,
 * `define*` defaults, backend traits, staging compatibility, remote transports and non-atomic loads; every field
 * it added is optional, so a version-1 adapter keeps working (it gets the documented defaults).
 *
 * Policy: an API version stays accepted for at least two minor releases of `@goe/core` after its successor ships,
 * and until the next major release; dropping one is a breaking change named in the changelog.
 */
export const API_VERSION = 2;
/** Adapter API versions this copy of core accepts (see {@link API_VERSION} for the policy). */
export const SUPPORTED_API_VERSIONS: readonly number[] = [1, 2];

/**
 * A command-line option (and its configuration variable) that an adapter adds, shown by the CLI's `--help` when
 * the adapter is installed (a remote job's properties, a bulk loader's options, query hints…).
 *
 * @example
 * const option: AdapterOption = { flag: '--offload-transport-quack-properties', variable: 'OFFLOAD_TRANSPORT_QUACK_PROPERTIES',
 *   type: 'string', description: 'Quack job properties as JSON' };
 */
export interface AdapterOption {
  /** Long flag, e.g. `--offload-transport-quack-properties`. */
  readonly flag: string;
  /** The configuration variable the option overrides, when it has one. */
  readonly variable?: string;
  /** Value type; `boolean` options take no value. Default `string`. */
  readonly type?: 'string' | 'integer' | 'boolean';
  /** One line for `--help`. */
  readonly description: string;
}

/**
 * One result of an adapter's own `goe connect` checks (e.g. a source's privileges and settings beyond connecting):
 * `failed` makes `goe connect` exit 2, `warning` exit 3 when nothing failed.
 *
 * @example
 * const check: ConnectCheck = { name: 'Undo retention', status: 'ok', detail: 'undo_retention 900 s' };
 */
export interface ConnectCheck {
  /** What was checked, shown after the adapter's name, e.g. `Flashback privilege`. */
  readonly name: string;
  readonly status: 'ok' | 'warning' | 'failed';
  /** What was found and, for a warning or failure, what to do (no secrets). */
  readonly detail: string;
}

/** Adapter kinds, one per seam. */
export const ADAPTER_KINDS = ['frontend', 'backend', 'transport', 'storage', 'repository', 'lock'] as const;
/** An adapter kind. */
export type AdapterKind = (typeof ADAPTER_KINDS)[number];

/** The brand every `define*` factory stamps; `Symbol.for` so it is shared across copies of core. */
export const ADAPTER_BRAND: unique symbol = Symbol.for('goe:adapter') as never;

/** Fields every adapter definition has. */
export interface AdapterBase<K extends AdapterKind> {
  readonly kind: K;
  /** Lower-case name, e.g. `acme`, `quack`, `native`, `file`. */
  readonly name: string;
  /** The adapter API the adapter was written against; must be in {@link SUPPORTED_API_VERSIONS}. */
  readonly apiVersion: number;
  /** One line for `goe connect` and `--help`. */
  readonly description?: string;
  /** Configuration variables the adapter reads. */
  readonly configSchema: ConfigSchema;
  /** Other accepted names (e.g. `QUERY_IMPORT` for `native`). */
  readonly aliases?: readonly string[];
  /** Product name for messages ("Source and Quack table data matches"). Default: {@link adapterDisplayName}. */
  readonly displayName?: string;
  /** The npm package that provides the adapter, for messages and `goe connect`. */
  readonly package?: string;
  /** Command-line options the adapter adds (shown by `--help` when it is installed). Default none. */
  readonly options?: readonly AdapterOption[];
}

/**
 * The name an adapter is called by in messages: its `displayName`, else its name with a capital first letter.
 *
 * @example
 * adapterDisplayName({ name: 'quack', displayName: 'QuackDB' }) // 'QuackDB'
 * adapterDisplayName({ name: 'acme' }) // 'Acme'
 */
export function adapterDisplayName(adapter: { readonly name: string; readonly displayName?: string }): string {
  return adapter.displayName ?? adapter.name.charAt(0).toUpperCase() + adapter.name.slice(1);
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
 * isAdapter(acmeFrontend, 'frontend') // true
 */
export function isAdapter(value: unknown, kind?: AdapterKind): value is Branded<AdapterBase<AdapterKind>> {
  if (typeof value !== 'object' || value === null) return false;
  const brand = (value as Record<symbol, unknown>)[ADAPTER_BRAND];
  return typeof brand === 'string' && (kind === undefined || brand === kind);
}
