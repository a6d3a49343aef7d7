/**
 * Typed configuration schemas: every adapter declares the variables it reads (name, type, default, secret,
 * description); core validates them before any step and masks secrets everywhere.
 */
import { GoeError } from '../errors.js';

export * from './text.js';
export * from './paths.js';

/**
 * The value types a configuration variable may have, and what the loader turns each into:
 * `string` → string (kept even when empty), `integer` → number (within `min`/`max`), `boolean` → boolean
 * (`true/false`, `Y/N`, `yes/no`, `on/off`, `1/0`, any case), `enum` → one of `values` (matched
 * case-insensitively, normalized to the declared spelling), `url` → string that parses as a URL (scheme in
 * `schemes` when given), `path` → string with a leading `~/` expanded, `list` → comma-separated strings.
 *
 * A `path` (and the path part of a `url` whose scheme is in `pathSchemes`, e.g. `quack:<path>`) is checked before
 * use: a value that is set but empty or blank, that holds a control character (newline, NUL…), or that came from
 * an `offload.env` line referencing an unset or empty variable (`${UNDEFINED}/x`) is refused with `CONFIG_INVALID`
 * naming the variable, instead of silently pointing at the file system root. Declare every variable that names a
 * file or directory as a `path` (or a `url` with `pathSchemes`).
 */
export type ConfigValueType = 'string' | 'integer' | 'boolean' | 'enum' | 'url' | 'path' | 'list';

/** One configuration variable (an `offload.env` / environment variable). */
export interface ConfigVariable {
  /** Upper-case variable name, e.g. `ACME_CONN`. */
  readonly name: string;
  readonly type: ConfigValueType;
  /** One-line description; goes into the generated `offload.env.template.*`. */
  readonly description: string;
  /**
   * Default as text (what a template shows); absent means no default. `${VAR}` references are expanded by the
   * loader (e.g. `${OFFLOAD_HOME}/log`; `OFFLOAD_HOME` is always defined there).
   */
  readonly default?: string;
  /** Secrets are never printed, logged or stored; URLs may be secret because of embedded passwords. */
  readonly secret?: boolean;
  /** Allowed values of an `enum` (compared case-insensitively, normalized to this spelling); for a `list`, allowed items. */
  readonly values?: readonly string[];
  /** Must be set (after defaults). */
  readonly required?: boolean;
  /** Inclusive bounds of an `integer`. */
  readonly min?: number;
  readonly max?: number;
  /** Other accepted names (GOE's legacy names, e.g. `SRCDB_VENDOR`); the canonical name wins when both are set. */
  readonly aliases?: readonly string[];
  /** Allowed URL schemes of a `url`, without `:` (e.g. `['quack', 'acme']`); any scheme when absent. */
  readonly schemes?: readonly string[];
  /**
   * Schemes of a `url` whose remainder is a local path (e.g. `['quack']` for `quack:<path>`, `['acme-local']` for
   * `acme-local://<dir>`): that path is checked like a `path` value (not empty, no control character, no reference
   * to an unset or empty variable), and the variable, like a `path`, is refused when set but empty instead of
   * taking its default.
   */
  readonly pathSchemes?: readonly string[];
  /** Regular expression (source text, matched case-insensitively against the whole value) a `string` must match. */
  readonly pattern?: string;
  /** What `pattern` means, for error messages and templates (e.g. `a size such as 16G`). */
  readonly patternHint?: string;
}

/** A named group of variables (one template file per group). */
export interface ConfigSchema {
  /** Template group, e.g. `common`, or the adapter's name (`acme`). */
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
 * Declares a configuration schema (identity function, frozen; the loader checks it with
 * {@link assertConfigSchema}).
 *
 * @example
 * export const acmeConfig = defineConfigSchema({
 *   group: 'acme', title: 'Acme frontend',
 *   variables: [{ name: 'ACME_CONN', type: 'url', secret: true, description: 'acme:// URL or acme-local://<dir>' }],
 * });
 */
export function defineConfigSchema<const T extends ConfigSchema>(schema: T): T {
  return Object.freeze(schema);
}

/** True when `value` has the shape of a {@link ConfigSchema} (`group` string and `variables` array). @example isConfigSchema(COMMON_CONFIG) // true */
export function isConfigSchema(value: unknown): value is ConfigSchema {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { group?: unknown; variables?: unknown };
  return typeof v.group === 'string' && Array.isArray(v.variables);
}

const NAME_RE = /^[A-Z][A-Z0-9_]*$/;
const TYPES: readonly ConfigValueType[] = ['string', 'integer', 'boolean', 'enum', 'url', 'path', 'list'];

/**
 * Checks a schema definition (not values): group name, upper-case unique variable names, known types, enum
 * values, integer bounds, a compilable `pattern`. Used by the loader and the template generator.
 *
 * @throws GoeError `ADAPTER_INVALID` naming the group and the variable
 * @example
 * assertConfigSchema(COMMON_CONFIG); // returns quietly
 */
export function assertConfigSchema(schema: ConfigSchema): void {
  const fail = (message: string, variable?: string): never => {
    throw new GoeError(
      'ADAPTER_INVALID',
      `Config schema "${String(schema.group)}": ${message}`,
      variable === undefined ? {} : { variable },
    );
  };
  if (!isConfigSchema(schema)) fail('a config schema needs a string group and a variables array');
  if (!/^[a-z][a-z0-9-]*$/.test(schema.group)) fail('group must be lower-case letters, digits and -');
  const seen = new Set<string>();
  for (const v of schema.variables) {
    const name = typeof v?.name === 'string' ? v.name : String(v?.name);
    if (!NAME_RE.test(name))
      fail(`variable name ${JSON.stringify(name)} must be upper-case letters, digits and _`, name);
    for (const n of [name, ...(v.aliases ?? [])]) {
      if (seen.has(n)) fail(`variable ${n} is declared twice`, n);
      seen.add(n);
    }
    if (!TYPES.includes(v.type)) fail(`variable ${name} has unknown type ${JSON.stringify(v.type)}`, name);
    if (typeof v.description !== 'string' || v.description.trim() === '')
      fail(`variable ${name} needs a description`, name);
    if (v.type === 'enum' && (v.values === undefined || v.values.length === 0)) fail(`enum ${name} needs values`, name);
    if (v.pathSchemes !== undefined && v.type !== 'url')
      fail(`variable ${name} has pathSchemes but is not a url`, name);
    if (v.min !== undefined && v.max !== undefined && v.min > v.max) fail(`variable ${name} has min > max`, name);
    if (v.pattern !== undefined) {
      try {
        new RegExp(v.pattern, 'i');
      } catch {
        fail(`variable ${name} has an invalid pattern`, name);
      }
    }
  }
}

/** Options of {@link renderEnvTemplate}. */
export interface RenderEnvTemplateOptions {
  /** First comment lines (without `# `); default: a generated-file notice naming the group. */
  readonly header?: readonly string[];
  /** Wrap description comments at this width; default 110. */
  readonly width?: number;
}

/**
 * Renders one variable as `offload.env` text: `# description` lines, then `# secret`, `# one of: …`,
 * `# type: …` (integer bounds, URL schemes, list, pattern hint) and `# default: …` lines, then `NAME=default`, or
 * `# NAME=` when there is no default (`commented: true` comments the assignment out in every case).
 *
 * @example
 * renderEnvVariable({ name: 'OFFLOAD_LOCK', type: 'enum', values: ['file', 'repository'], default: 'file', description: 'Lock kind' });
 * // '# Lock kind\n# one of: file, repository\n# default: file\nOFFLOAD_LOCK=file\n'
 */
export function renderEnvVariable(
  variable: ConfigVariable,
  options: { commented?: boolean; width?: number } = {},
): string {
  const width = options.width ?? 110;
  const lines = wrapComment(variable.description, width);
  if (variable.secret)
    lines.push('# secret: never printed or logged; keep this file readable by its owner only (chmod 600)');
  if (variable.values !== undefined && variable.values.length > 0) {
    lines.push(`# ${variable.type === 'list' ? 'comma-separated list of' : 'one of'}: ${variable.values.join(', ')}`);
  }
  const type = describeType(variable);
  if (type !== undefined) lines.push(`# type: ${type}`);
  if (variable.aliases !== undefined && variable.aliases.length > 0)
    lines.push(`# also accepted as: ${variable.aliases.join(', ')}`);
  if (variable.required) lines.push('# required');
  if (variable.default !== undefined)
    lines.push(`# default: ${variable.default === '' ? '(empty)' : variable.default}`);
  const assignment =
    variable.default === undefined ? `# ${variable.name}=` : `${variable.name}=${quoteEnvValue(variable.default)}`;
  lines.push(options.commented && !assignment.startsWith('#') ? `# ${assignment}` : assignment);
  return lines.join('\n') + '\n';
}

/**
 * Renders a whole `offload.env.template.<group>` file: header comment, then every variable (see
 * {@link renderEnvVariable}) separated by blank lines. Deterministic: same schema, same text.
 *
 * @example
 * writeFileSync('templates/conf/offload.env.template.common', renderEnvTemplate(COMMON_CONFIG));
 */
export function renderEnvTemplate(schema: ConfigSchema, options: RenderEnvTemplateOptions = {}): string {
  const header = options.header ?? [
    `GOE offload.env template: ${schema.title} (group "${schema.group}").`,
    'Generated by tools/generate-env-templates.mjs from the config schema; do not edit by hand.',
    'Copy what you need into $OFFLOAD_HOME/conf/offload.env. Variables set in the process environment win over',
    'this file. Values may use ${VAR} references, single or double quotes, and "export KEY=value".',
  ];
  const parts = [header.map((l) => (l === '' ? '#' : `# ${l}`)).join('\n') + '\n'];
  for (const v of schema.variables)
    parts.push(renderEnvVariable(v, options.width === undefined ? {} : { width: options.width }));
  return parts.join('\n');
}

/**
 * Quotes a value for `offload.env` when needed: plain values stay bare, anything with spaces, quotes, `#`, `\`
 * or control characters is double-quoted (keeping `${VAR}` references working).
 *
 * @example
 * quoteEnvValue('16G'); // '16G'
 * quoteEnvValue('a b'); // '"a b"'
 */
export function quoteEnvValue(value: string): string {
  if (/^[A-Za-z0-9_./:@%+,=~${}-]*$/.test(value)) return value;
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`;
}

function describeType(v: ConfigVariable): string | undefined {
  switch (v.type) {
    case 'integer': {
      if (v.min !== undefined && v.max !== undefined) return `integer from ${v.min} to ${v.max}`;
      if (v.min !== undefined) return `integer, at least ${v.min}`;
      if (v.max !== undefined) return `integer, at most ${v.max}`;
      return 'integer';
    }
    case 'boolean':
      return 'boolean (true/false, Y/N)';
    case 'url':
      return v.schemes !== undefined && v.schemes.length > 0
        ? `URL (${v.schemes.map((s) => `${s}:`).join(', ')})`
        : 'URL';
    case 'path':
      return 'path';
    case 'list':
      return v.values === undefined ? 'comma-separated list' : undefined;
    case 'string':
      return v.patternHint;
    case 'enum':
      return undefined;
  }
}

function wrapComment(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '#';
  for (const word of text.trim().split(/\s+/)) {
    if (line !== '#' && line.length + 1 + word.length > width) {
      out.push(line);
      line = '#';
    }
    line += ` ${word}`;
  }
  out.push(line);
  return out;
}
