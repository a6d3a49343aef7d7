/**
 * Typed configuration schemas: every adapter declares the variables it reads (name, type, default, secret,
 * description); core validates them before any step and masks secrets everywhere.
 */

/** The value types a configuration variable may have. */
export type ConfigValueType = 'string' | 'integer' | 'boolean' | 'enum' | 'url' | 'path' | 'list';

/** One configuration variable (an `offload.env` / environment variable). */
export interface ConfigVariable {
  /** Upper-case variable name, e.g. `POSTGRES_CONN`. */
  readonly name: string;
  readonly type: ConfigValueType;
  /** One-line description; goes into the generated `offload.env.template.*`. */
  readonly description: string;
  /** Default as text (what a template shows); absent means no default. */
  readonly default?: string;
  /** Secrets are never printed, logged or stored; URLs may be secret because of embedded passwords. */
  readonly secret?: boolean;
  /** Allowed values of an `enum` (compared case-insensitively, normalized to this spelling). */
  readonly values?: readonly string[];
  /** Must be set (after defaults). */
  readonly required?: boolean;
  /** Inclusive bounds of an `integer`. */
  readonly min?: number;
  readonly max?: number;
}

/** A named group of variables (one template file per group). */
export interface ConfigSchema {
  /** Template group, e.g. `common`, `postgres`, `duckdb`. */
  readonly group: string;
  readonly title: string;
  readonly variables: readonly ConfigVariable[];
}

/** A validated configuration value. */
export type ConfigValue = string | number | boolean | readonly string[];

/** Validated configuration, keyed by variable name. */
export interface ResolvedConfig {
  /** A value (after defaults), or `undefined` when unset. */
  get<T extends ConfigValue = ConfigValue>(name: string): T | undefined;
  /** A value that must be set. @throws GoeError `CONFIG_INVALID` naming the variable */
  require<T extends ConfigValue = ConfigValue>(name: string): T;
  /** Every variable name with a value. */
  keys(): readonly string[];
  /** Replaces every secret value occurring in `text` with `***`. */
  mask(text: string): string;
}

/**
 * Declares a configuration schema (identity function with checks done by the loader).
 *
 * @example
 * export const postgresConfig = defineConfigSchema({
 *   group: 'postgres', title: 'PostgreSQL frontend',
 *   variables: [{ name: 'POSTGRES_CONN', type: 'url', secret: true, description: 'postgres:// URL or pglite://<dir>' }],
 * });
 */
export function defineConfigSchema<const T extends ConfigSchema>(schema: T): T {
  return Object.freeze(schema);
}
