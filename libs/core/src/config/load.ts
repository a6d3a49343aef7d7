/**
 * Loads configuration: `OFFLOAD_HOME/conf/offload.env` (shell/dotenv syntax) merged with the process environment
 * (the environment wins), validated against the adapters' schemas before any step runs. Errors are GoeError
 * `CONFIG_INVALID` naming the variable (and the file line), and never contain a secret value.
 */
import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { editDistance } from '../did-you-mean.js';
import { GoeError } from '../errors.js';
import type { EventSink } from '../events.js';
import { createMasker, MASK, type Masker } from './mask.js';
import { ensureDirectory, pathError, pathValueProblem } from './paths.js';
import { hasControlCharacter, quoteInput, showInput } from './text.js';
import {
  assertConfigSchema,
  renderEnvVariable,
  type ConfigSchema,
  type ConfigValue,
  type ConfigVariable,
  type ResolvedConfig,
} from './schema.js';

/** A process-environment-like record (`process.env`, or a plain object in tests and libraries). */
export type ConfigEnv = Readonly<Record<string, string | undefined>>;

/** Where a configuration value came from. */
export type ConfigSource = 'option' | 'environment' | 'file' | 'default';

/** A non-fatal configuration finding (also emitted as a `warning` event with code `CONFIG_<code>`). */
export interface ConfigWarning {
  /** `UNKNOWN_VARIABLE` (likely misspelt), `DUPLICATE_VARIABLE` (set twice in the file), `FILE_PERMISSIONS`. */
  readonly code: 'UNKNOWN_VARIABLE' | 'DUPLICATE_VARIABLE' | 'FILE_PERMISSIONS';
  /** The variable concerned (absent for file-level findings). */
  readonly variable?: string;
  /** One line for the user. */
  readonly message: string;
  /** The known variable the unknown one probably means. */
  readonly suggestion?: string;
}

/** `OFFLOAD_HOME` as resolved by {@link resolveOffloadHome}. */
export interface OffloadHome {
  /** Absolute directory. */
  readonly path: string;
  /** True when `OFFLOAD_HOME` was unset and `~/.goe` is used. */
  readonly isDefault: boolean;
  /** When `isDefault`, the line the CLI prints once on stderr. */
  readonly notice?: string;
}

/**
 * Resolves `OFFLOAD_HOME`: the variable (made absolute against the current directory) or, when unset,
 * `~/.goe` with `isDefault: true` and a `notice` for the CLI to print once on stderr. A variable that is set but
 * empty (or blank) is refused, not taken as unset: `OFFLOAD_HOME=` in a script is a mistake, and every default path
 * (`log/`, the repository file under `repo/`…) would otherwise land somewhere unexpected.
 *
 * @param env default `process.env`
 * @param home the user's home directory; default `os.homedir()`
 * @throws GoeError `CONFIG_INVALID` naming `OFFLOAD_HOME` when it is set but empty, or holds a control character
 * @example
 * const { path, notice } = resolveOffloadHome();
 * if (notice) process.stderr.write(notice + '\n'); // "OFFLOAD_HOME is not set; using /home/me/.goe"
 */
export function resolveOffloadHome(env: ConfigEnv = process.env, home: string = homedir()): OffloadHome {
  const value = env['OFFLOAD_HOME'];
  if (value !== undefined) return { path: resolve(expandHome(checkOffloadHome(value), home)), isDefault: false };
  const path = join(home, '.goe');
  return { path, isDefault: true, notice: `OFFLOAD_HOME is not set; using ${path}` };
}

/** `OFFLOAD_HOME` trimmed, or a `CONFIG_INVALID` naming it. */
function checkOffloadHome(value: string): string {
  const problem = pathValueProblem(value);
  if (problem === undefined) return value.trim();
  throw new GoeError(
    'CONFIG_INVALID',
    problem === 'is set but empty'
      ? 'OFFLOAD_HOME is set but empty: unset it to use ~/.goe, or give a directory'
      : `OFFLOAD_HOME ${problem} (${quoteInput(value)}): give a directory name without one`,
    { variable: 'OFFLOAD_HOME' },
  );
}

/**
 * The configuration file of an `OFFLOAD_HOME`: `<home>/conf/offload.env`.
 *
 * @example
 * offloadEnvPath('/opt/goe'); // '/opt/goe/conf/offload.env'
 */
export function offloadEnvPath(offloadHome: string): string {
  return join(offloadHome, 'conf', 'offload.env');
}

/** One assignment of an `offload.env` file. */
export interface EnvFileEntry {
  readonly key: string;
  /** Value after unquoting, escapes and `${VAR}` expansion. */
  readonly value: string;
  /** 1-based line of the assignment. */
  readonly line: number;
  /**
   * Plain `${NAME}` references in the value whose variable was unset (expanded to nothing) or set but empty,
   * including those inherited from an earlier line the value references (`via`). `${NAME:-default}` and
   * `${NAME-default}` are deliberate and not listed. Absent when there are none.
   */
  readonly references?: readonly EnvReference[];
}

/** A `${NAME}` reference of an `offload.env` value that expanded to nothing. */
export interface EnvReference {
  /** The variable referenced. */
  readonly name: string;
  /** `unset`: neither in the environment, earlier in the file, nor known (e.g. `OFFLOAD_HOME`); `empty`: set to "". */
  readonly state: 'unset' | 'empty';
  /** The variable of an earlier line through which the value got it (`B=${A}` where `A=${UNSET}`). */
  readonly via?: string;
}

/** Options of {@link parseEnvFile}. */
export interface ParseEnvFileOptions {
  /** Name used in error messages; default `offload.env`. */
  readonly file?: string;
  /** Looks up `${VAR}` references before the file's own earlier assignments (the environment wins); default none. */
  readonly lookup?: (name: string) => string | undefined;
  /** Looks up `${VAR}` references not found anywhere else (e.g. `OFFLOAD_HOME`). */
  readonly fallback?: (name: string) => string | undefined;
  /** Known variable names: a line holding only such a name (no `=`) is reported by name; others are not echoed. */
  readonly isKnownName?: (name: string) => boolean;
}

const KEY_RE = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=[ \t]*/;

/**
 * Parses `offload.env` text the way GOE's python-dotenv loading reads it: blank lines and `#` comments,
 * `KEY=value` or `export KEY=value`, unquoted values (trailing ` # comment` removed), `'single'` quotes (literal),
 * `"double"` quotes (escapes `\n \t \r \" \\ \$`; may span lines), and `${VAR}`, `${VAR:-default}` and
 * `${VAR-default}` expansion in unquoted and double-quoted values (from `lookup`, then earlier lines, then
 * `fallback`; unknown → empty, and listed in the entry's `references` together with empty ones, for
 * {@link loadConfig} to refuse). A later assignment of the same key wins.
 *
 * @throws GoeError `CONFIG_INVALID` naming the file and line (and the variable when known); the line's text is
 *   never echoed, since it may hold a secret.
 * @example
 * parseEnvFile('export A=1\nB="${A}-x" # note\n'); // [{ key: 'A', value: '1', line: 1 }, { key: 'B', value: '1-x', line: 2 }]
 */
export function parseEnvFile(text: string, options: ParseEnvFileOptions = {}): EnvFileEntry[] {
  const file = options.file ?? 'offload.env';
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const entries: EnvFileEntry[] = [];
  const own = new Map<string, string>();
  const ownReferences = new Map<string, readonly EnvReference[]>();
  let references: EnvReference[] = [];
  const lookup = (name: string, bare: boolean): string | undefined => {
    const fromLookup = options.lookup?.(name);
    let value = fromLookup;
    if (value === undefined && own.has(name)) {
      value = own.get(name);
      for (const r of ownReferences.get(name) ?? []) references.push({ ...r, via: r.via ?? name });
    }
    value ??= options.fallback?.(name);
    if (bare && (value === undefined || value === ''))
      references.push({ name, state: value === undefined ? 'unset' : 'empty' });
    return value;
  };
  const fail = (line: number, reason: string, variable?: string, hint?: string): never => {
    throw new GoeError('CONFIG_INVALID', `${file} line ${line}: ${reason}`, {
      ...(variable === undefined ? {} : { variable }),
      hint: hint ?? 'Write KEY=value; quote values containing spaces or #, e.g. KEY="a b # c".',
    });
  };

  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const content = lines[i]!.trim();
    if (content === '' || content.startsWith('#')) continue;
    const m = KEY_RE.exec(content);
    if (m === null) {
      // name the key only when it surely is one: the line's text may be a pasted secret
      const word = /^(export\s+)?([A-Za-z_][A-Za-z0-9_]*)(\s|$)/.exec(content);
      const key =
        word !== null && (word[1] !== undefined || options.isKnownName?.(word[2]!) === true) ? word[2] : undefined;
      fail(lineNo, key === undefined ? 'not a KEY=value assignment' : `${key} has no "=" (expected ${key}=value)`, key);
    }
    const key = m![1]!;
    references = [];
    let rest = content.slice(m![0].length);
    let value: string;
    const quote = rest[0];
    if (quote === '"' || quote === "'") {
      // a quoted value may continue on the following lines
      let body = rest.slice(1);
      let close = findClosingQuote(body, quote);
      while (close < 0 && i + 1 < lines.length) {
        i++;
        body += '\n' + lines[i]!;
        close = findClosingQuote(body, quote);
      }
      if (close < 0) fail(lineNo, `${key} has an unterminated ${quote === '"' ? 'double' : 'single'} quote`, key);
      const after = body.slice(close + 1);
      if (!/^\s*(#.*)?$/s.test(after)) fail(lineNo, `${key} has text after its closing quote`, key);
      const inner = body.slice(0, close);
      value =
        quote === "'"
          ? inner.replace(/\\(['\\])/g, '$1')
          : expand(inner, true, lookup, (r) => fail(lineNo, `${key} ${r}`, key));
    } else {
      rest = rest.replace(/\s+#.*$/, '').trimEnd();
      if (rest.startsWith('#')) rest = '';
      value = expand(rest, false, lookup, (r) => fail(lineNo, `${key} ${r}`, key));
    }
    own.set(key, value);
    ownReferences.set(key, references);
    entries.push({ key, value, line: lineNo, ...(references.length === 0 ? {} : { references }) });
  }
  return entries;
}

function findClosingQuote(body: string, quote: string): number {
  for (let j = 0; j < body.length; j++) {
    const c = body[j];
    if (c === '\\' && (quote === '"' || body[j + 1] === "'" || body[j + 1] === '\\')) {
      j++;
      continue;
    }
    if (c === quote) return j;
  }
  return -1;
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '"': '"', "'": "'", '\\': '\\', $: '$' };

function expand(
  s: string,
  escapes: boolean,
  lookup: (name: string, bare: boolean) => string | undefined,
  fail: (reason: string) => never,
): string {
  let out = '';
  for (let j = 0; j < s.length; j++) {
    const c = s[j]!;
    if (escapes && c === '\\' && j + 1 < s.length) {
      const next = s[j + 1]!;
      out += ESCAPES[next] ?? `\\${next}`;
      j++;
    } else if (c === '$' && s[j + 1] === '{') {
      const end = s.indexOf('}', j + 2);
      if (end < 0) fail('has an unterminated ${ reference');
      const ref = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?)-(.*))?$/s.exec(s.slice(j + 2, end));
      if (ref === null) fail('has an invalid ${…} reference (expected ${NAME} or ${NAME:-default})');
      const [, name, colon, fallback] = ref!;
      const v = lookup(name!, fallback === undefined);
      out += v === undefined || (v === '' && colon === ':') ? (fallback ?? '') : v;
      j = end;
    } else {
      out += c;
    }
  }
  return out;
}

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** Schemas whose variables are validated; a variable declared twice takes its last declaration. */
  readonly schemas: readonly ConfigSchema[];
  /** Process environment; default `process.env`. It wins over the file. */
  readonly env?: ConfigEnv;
  /** `OFFLOAD_HOME`; default {@link resolveOffloadHome}`(env).path`. Always available to `${OFFLOAD_HOME}`. */
  readonly offloadHome?: string;
  /**
   * The file to read; default `<offloadHome>/conf/offload.env` when it exists (no file: defaults and environment
   * only). An explicit path must exist. `false` reads no file.
   */
  readonly file?: string | false;
  /** More names not to warn about as unknown (e.g. variables of adapters not loaded this time). */
  readonly knownVariables?: readonly string[];
  /** Receives each warning as a `warning` event (code `CONFIG_<code>`). */
  readonly events?: EventSink;
}

/** The result of {@link loadConfig}: a {@link ResolvedConfig} plus where values came from and warnings. */
export interface LoadedConfig extends ResolvedConfig {
  /** The `OFFLOAD_HOME` used. */
  readonly offloadHome: string;
  /** The file read, or `undefined` when none was. */
  readonly file: string | undefined;
  /** Unknown (probably misspelt) variables, duplicates, a world-readable file. */
  readonly warnings: readonly ConfigWarning[];
  /** Masks this configuration's secrets (also in argv and objects). */
  readonly masker: Masker;
  /** Where a declared variable's value came from, or `undefined` when unset. */
  source(name: string): ConfigSource | undefined;
  /** Declared values with every secret shown as `***` (also what `JSON.stringify` and `console.log` print). */
  toJSON(): Record<string, ConfigValue>;
}

/** Variables core reads itself (not part of any schema). */
const IMPLICIT_VARIABLES: readonly string[] = ['OFFLOAD_HOME'];
/** Undeclared variables whose values are masked anyway. */
const SECRET_NAME_RE = /(_PASS|_PASSWORD|_PASSWD|_PASSPHRASE|_SECRET|_TOKEN|_KEY)$/;
const ENV_NAME_RE = /^[A-Z][A-Z0-9_]*$/;

interface RawValue {
  readonly raw: string;
  readonly source: ConfigSource;
  /** The name the value was found under (an alias or the canonical name). */
  readonly as: string;
  readonly line?: number;
  /** File values: `${NAME}` references that expanded to nothing. */
  readonly references?: readonly EnvReference[];
}

/**
 * Loads and validates configuration. Order of precedence per variable: environment (canonical name, then GOE alias),
 * then `offload.env` (same), then the schema default (with `${VAR}` expanded). Every variable of every schema is
 * checked: type, enum values (case-insensitive, normalized to the declared spelling), integer bounds, URL syntax
 * and scheme, boolean forms (`true/false`, `Y/N`, `yes/no`, `on/off`, `1/0`), pattern, required. Unknown variables
 * that look like GOE's (a known prefix such as `OFFLOAD_`, or close to a known name) give a warning with a
 * "did you mean" suggestion, never an error.
 *
 * @throws GoeError `CONFIG_INVALID` with `variable` set (all problems in one message; secret values are never
 *   included), or `ADAPTER_INVALID` for a malformed schema.
 * @example
 * const config = loadConfig({ schemas: [COMMON_CONFIG] });
 * config.get<number>('OFFLOAD_TRANSPORT_PARALLELISM'); // 2
 * for (const w of config.warnings) console.warn(w.message); // "Unknown variable OFFLOAD_TRANSPRT …; did you mean OFFLOAD_TRANSPORT?"
 */
export function loadConfig(options: LoadConfigOptions): LoadedConfig {
  const env: ConfigEnv = options.env ?? process.env;
  const home =
    options.offloadHome !== undefined ? resolve(checkOffloadHome(options.offloadHome)) : resolveOffloadHome(env).path;

  // 1. the declared variables (last declaration wins) and their aliases
  const declared = new Map<string, ConfigVariable>();
  for (const schema of options.schemas) {
    assertConfigSchema(schema);
    for (const v of schema.variables) {
      declared.delete(v.name);
      declared.set(v.name, v);
    }
  }
  const aliasOf = new Map<string, string>();
  for (const v of declared.values()) for (const a of v.aliases ?? []) if (!declared.has(a)) aliasOf.set(a, v.name);
  const isSecretName = (name: string) => {
    const v = declared.get(name) ?? declared.get(aliasOf.get(name) ?? '');
    return v?.secret === true;
  };

  // 2. secrets known before the file is read, so that every message below can be masked
  const masker = createMasker();
  const registerSecrets = (name: string, value: string | undefined) => {
    if (value === undefined || value === '') return;
    if (isSecretName(name) || (SECRET_NAME_RE.test(name) && value.length >= 4)) masker.add(value);
  };
  for (const [name, value] of Object.entries(env)) registerSecrets(name, value);

  // 3. the file
  const warnings: ConfigWarning[] = [];
  const fileValues = new Map<string, { value: string; line: number; references?: readonly EnvReference[] }>();
  let file: string | undefined;
  const explicit = typeof options.file === 'string';
  const candidate =
    options.file === false ? undefined : explicit ? resolve(options.file as string) : offloadEnvPath(home);
  if (candidate !== undefined) {
    const text = readConfigFile(candidate, explicit, explicit ? undefined : home);
    if (text !== undefined) {
      file = candidate;
      const entries = parseEnvFile(text, {
        file,
        lookup: (name) => env[name],
        fallback: (name) => (name === 'OFFLOAD_HOME' ? home : undefined),
        isKnownName: (name) => declared.has(name) || aliasOf.has(name),
      });
      for (const e of entries) {
        const previous = fileValues.get(e.key);
        if (previous !== undefined) {
          warnings.push({
            code: 'DUPLICATE_VARIABLE',
            variable: e.key,
            message: `${e.key} is set twice in ${file} (lines ${previous.line} and ${e.line}); line ${e.line} wins`,
          });
        }
        fileValues.set(e.key, {
          value: e.value,
          line: e.line,
          ...(e.references === undefined ? {} : { references: e.references }),
        });
        registerSecrets(e.key, e.value);
      }
      // a secret URL without a password (e.g. the default repository URL, a local file) holds no secret
      const holdsSecret = (key: string, value: string) =>
        value.trim() !== '' &&
        (SECRET_NAME_RE.test(key) ||
          (isSecretName(key) &&
            (declared.get(aliasOf.get(key) ?? key)?.type !== 'url' ||
              /^[a-z][a-z0-9+.-]*:\/\/[^/@\s]*:[^@\s]*@/i.test(value))));
      const permissions = filePermissionsWarning(
        file,
        [...fileValues].some(([k, f]) => holdsSecret(k, f.value)),
      );
      if (permissions !== undefined) warnings.push(permissions);
    }
  }

  // 4. raw values by precedence; defaults expanded against environment, file and OFFLOAD_HOME
  const lookup = (name: string): string | undefined =>
    env[name] ?? fileValues.get(name)?.value ?? (name === 'OFFLOAD_HOME' ? home : undefined);
  const raws = new Map<string, RawValue>();
  for (const v of declared.values()) {
    const names = [v.name, ...(v.aliases ?? []).filter((a) => aliasOf.get(a) === v.name)];
    let found: RawValue | undefined;
    for (const n of names) {
      const e = env[n];
      if (e !== undefined) {
        found = { raw: e, source: 'environment', as: n };
        break;
      }
    }
    if (found === undefined) {
      for (const n of names) {
        const f = fileValues.get(n);
        if (f !== undefined) {
          found = {
            raw: f.value,
            source: 'file',
            as: n,
            line: f.line,
            ...(f.references === undefined ? {} : { references: f.references }),
          };
          break;
        }
      }
    }
    // an empty typed value means "use the default", as in GOE (an empty string stays a value); an empty path is
    // refused below instead: it would put files at the root or in the current directory. A string with a pattern
    // (a size, AUTO or a percentage…) counts as typed: empty can never match its pattern
    const typed = v.type !== 'string' || v.pattern !== undefined;
    if (found !== undefined && typed && !namesLocation(v) && found.raw.trim() === '') found = undefined;
    if (found === undefined && v.default !== undefined) {
      const raw = expand(v.default, false, lookup, () => {
        throw new GoeError('ADAPTER_INVALID', `The default of ${v.name} has a malformed \${…} reference`, {
          variable: v.name,
        });
      });
      found = { raw, source: 'default', as: v.name };
    }
    if (found !== undefined) {
      raws.set(v.name, found);
      if (v.secret) masker.add(found.raw);
    }
  }

  // 5. validation
  const values = new Map<string, ConfigValue>();
  const sources = new Map<string, ConfigSource>();
  const problems: { variable: string; message: string; hint?: string }[] = [];
  const where = (r: RawValue) =>
    r.source === 'file' ? ` (${file} line ${r.line})` : r.source === 'environment' ? ' (environment)' : ' (default)';
  for (const v of declared.values()) {
    const r = raws.get(v.name);
    const label = r !== undefined && r.as !== v.name ? `${r.as} (GOE's name for ${v.name})` : v.name;
    if (r === undefined || (r.raw.trim() === '' && v.type !== 'string' && !namesLocation(v))) {
      if (v.required) {
        problems.push({
          variable: v.name,
          message: `${label} is required but not set`,
          hint: `Set ${v.name} in ${file ?? offloadEnvPath(home)} or in the environment: ${v.description}`,
        });
      }
      continue;
    }
    const reference = unresolvedReference(v, r);
    if (reference !== undefined) {
      problems.push({
        variable: v.name,
        message: masker.mask(`${file} line ${r.line}: ${label} ${reference.message}`),
        hint: reference.hint,
      });
      continue;
    }
    if (namesLocation(v) && r.raw.trim() === '') {
      problems.push({
        variable: v.name,
        message: `${label} is set but empty${where(r)}: unset it${v.default === undefined ? '' : ` to use the default ${v.default}`}, or give a ${v.type === 'path' ? 'path' : 'URL'}`,
      });
      continue;
    }
    // every value is one line: a newline (e.g. an injected second assignment), NUL, ESC… is refused (a tab is
    // kept in text; paths refuse it too, below)
    if (hasControlCharacter((v.type === 'string' ? r.raw : r.raw.trim()).replace(/\t/g, ''))) {
      const shown = v.secret ? 'value hidden' : `got ${quoteInput(masker.mask(r.raw.trim()), { max: 80 })}`;
      problems.push({
        variable: v.name,
        message: masker.mask(`${label} contains a control character (${shown})${where(r)}`),
        hint: `Write ${v.name} on one line without control characters (newline, NUL, escape…); in offload.env check its quotes`,
      });
      continue;
    }
    const result = coerce(v, r.raw);
    if (result.ok) {
      if (v.required && v.type === 'string' && result.value === '') {
        problems.push({ variable: v.name, message: `${label} is required but empty${where(r)}` });
        continue;
      }
      values.set(v.name, result.value);
      sources.set(v.name, r.source);
    } else {
      const shown = v.secret ? 'value hidden' : `got ${quoteInput(masker.mask(r.raw.trim()), { max: 80 })}`;
      problems.push({
        variable: v.name,
        message: masker.mask(`${label} ${result.problem} (${shown})${where(r)}`),
        ...(result.hint === undefined ? {} : { hint: masker.mask(result.hint) }),
      });
    }
  }

  // 6. unknown variables that look like ours
  const known = new Set<string>([
    ...declared.keys(),
    ...aliasOf.keys(),
    ...IMPLICIT_VARIABLES,
    ...(options.knownVariables ?? []),
  ]);
  const prefixes = new Set([...declared.keys()].map((n) => n.split('_')[0]!));
  const warned = new Set<string>();
  const unknown = (name: string, place: string, requireSuggestion: boolean) => {
    if (known.has(name) || warned.has(name) || !ENV_NAME_RE.test(name)) return;
    const suggestion = suggestName(name, [...declared.keys()]);
    if (suggestion === undefined && (requireSuggestion || !prefixes.has(name.split('_')[0]!))) return;
    warned.add(name);
    warnings.push({
      code: 'UNKNOWN_VARIABLE',
      variable: name,
      message:
        `Unknown variable ${name} ${place}` +
        (suggestion === undefined ? '; GOE does not use it' : `; did you mean ${suggestion}?`),
      ...(suggestion === undefined ? {} : { suggestion }),
    });
  };
  for (const [name, f] of fileValues) unknown(name, `in ${file} line ${f.line}`, false);
  for (const name of Object.keys(env)) unknown(name, 'in the environment', true);

  for (const w of warnings)
    options.events?.emit({ type: 'warning', message: masker.mask(w.message), code: `CONFIG_${w.code}` });

  if (problems.length > 0) {
    const first = problems[0]!;
    const message =
      problems.length === 1
        ? first.message
        : `${problems.length} configuration problems: ${problems.map((p) => p.message).join('; ')}`;
    throw new GoeError('CONFIG_INVALID', message, {
      variable: first.variable,
      hint:
        problems.length === 1 && first.hint !== undefined
          ? first.hint
          : `Fix ${problems.map((p) => p.variable).join(', ')} in ${file ?? offloadEnvPath(home)} or in the environment`,
    });
  }

  return createLoadedConfig({ declared, aliasOf, values, sources, env, fileValues, home, file, warnings, masker });
}

function createLoadedConfig(state: {
  declared: ReadonlyMap<string, ConfigVariable>;
  aliasOf: ReadonlyMap<string, string>;
  values: ReadonlyMap<string, ConfigValue>;
  sources: ReadonlyMap<string, ConfigSource>;
  env: ConfigEnv;
  fileValues: ReadonlyMap<string, { value: string }>;
  home: string;
  file: string | undefined;
  warnings: readonly ConfigWarning[];
  masker: Masker;
}): LoadedConfig {
  const { declared, aliasOf, values, sources, env, fileValues, masker } = state;
  const canonical = (name: string) => aliasOf.get(name) ?? name;
  const get = <T extends ConfigValue = ConfigValue>(name: string): T | undefined => {
    const n = canonical(name);
    if (declared.has(n)) return values.get(n) as T | undefined;
    // undeclared: the raw text, unvalidated (environment first)
    return (env[name] ?? fileValues.get(name)?.value) as T | undefined;
  };
  const toJSON = (): Record<string, ConfigValue> => {
    const out: Record<string, ConfigValue> = {};
    for (const [name, value] of values) {
      out[name] = declared.get(name)?.secret ? MASK : typeof value === 'string' ? masker.mask(value) : value;
    }
    return out;
  };
  const config: LoadedConfig = {
    offloadHome: state.home,
    file: state.file,
    warnings: Object.freeze([...state.warnings]),
    masker,
    get,
    require<T extends ConfigValue = ConfigValue>(name: string): T {
      const value = get<T>(name);
      if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) {
        const v = declared.get(canonical(name));
        throw new GoeError('CONFIG_INVALID', `${name} is required but not set`, {
          variable: canonical(name),
          hint: `Set ${canonical(name)} in ${state.file ?? offloadEnvPath(state.home)} or in the environment${v === undefined ? '' : `: ${v.description}`}`,
        });
      }
      return value;
    },
    keys: () => Object.freeze([...values.keys()]),
    mask: (text: string) => masker.mask(text),
    source: (name: string) => sources.get(canonical(name)),
    toJSON,
  };
  Object.defineProperty(config, Symbol.for('nodejs.util.inspect.custom'), { value: toJSON, enumerable: false });
  return Object.freeze(config);
}

/** The result of {@link coerceConfigValue}: the typed value, or why the text is refused. */
export type Coerced = { ok: true; value: ConfigValue } | { ok: false; problem: string; hint?: string };

const TRUE_FORMS = new Set(['true', 't', 'y', 'yes', 'on', '1']);
const FALSE_FORMS = new Set(['false', 'f', 'n', 'no', 'off', '0']);

/**
 * Checks and types one value of a declared variable exactly as {@link loadConfig} does (integer bounds, enum values
 * case-insensitively, boolean forms, pattern, URL, path, list). Pure; used by the option override layer so that an
 * option and its variable accept the same values.
 *
 * @example
 * coerceConfigValue({ name: 'OFFLOAD_TRANSPORT_PARALLELISM', type: 'integer', min: 1, description: '' }, '0')
 * // { ok: false, problem: 'must be an integer at least 1' }
 */
export function coerceConfigValue(v: ConfigVariable, raw: string): Coerced {
  return coerce(v, raw);
}

function coerce(v: ConfigVariable, raw: string): Coerced {
  const text = v.type === 'string' ? raw : raw.trim();
  switch (v.type) {
    case 'string': {
      if (v.pattern !== undefined && text !== '' && !new RegExp(`^(?:${v.pattern})$`, 'i').test(text.trim())) {
        return { ok: false, problem: `must be ${v.patternHint ?? `text matching /${v.pattern}/`}` };
      }
      return { ok: true, value: text };
    }
    case 'integer': {
      if (!/^[+-]?\d+$/.test(text) || !Number.isSafeInteger(Number(text)))
        return { ok: false, problem: 'must be an integer' };
      const n = Number(text);
      if ((v.min !== undefined && n < v.min) || (v.max !== undefined && n > v.max)) {
        const range =
          v.min !== undefined && v.max !== undefined
            ? `between ${v.min} and ${v.max}`
            : v.min !== undefined
              ? `at least ${v.min}`
              : `at most ${v.max}`;
        return { ok: false, problem: `must be an integer ${range}` };
      }
      return { ok: true, value: n };
    }
    case 'boolean': {
      const t = text.toLowerCase();
      if (TRUE_FORMS.has(t)) return { ok: true, value: true };
      if (FALSE_FORMS.has(t)) return { ok: true, value: false };
      return { ok: false, problem: 'must be a boolean (true/false, Y/N, yes/no, on/off, 1/0)' };
    }
    case 'enum': {
      const match = (v.values ?? []).find((x) => x.toLowerCase() === text.toLowerCase());
      if (match !== undefined) return { ok: true, value: match };
      const suggestion = suggestName(
        text.toUpperCase(),
        (v.values ?? []).map((x) => x.toUpperCase()),
      );
      const original = (v.values ?? []).find((x) => x.toUpperCase() === suggestion);
      return {
        ok: false,
        problem: `must be one of ${(v.values ?? []).join(', ')}`,
        ...(original === undefined ? {} : { hint: `Did you mean ${original}?` }),
      };
    }
    case 'url': {
      const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1]?.toLowerCase();
      let ok = scheme !== undefined;
      try {
        new URL(text);
      } catch {
        ok = false;
      }
      if (!ok)
        return {
          ok: false,
          problem: `must be a URL (scheme:…${v.schemes === undefined ? '' : `, scheme ${v.schemes.join(' or ')}`})`,
        };
      if (v.schemes !== undefined && v.schemes.length > 0 && !v.schemes.some((s) => s.toLowerCase() === scheme)) {
        return { ok: false, problem: `must use scheme ${v.schemes.map((s) => `${s}:`).join(' or ')}, not ${scheme}:` };
      }
      // the URL parser drops tabs and newlines silently: refuse them rather than use another value than written
      if (hasControlCharacter(text)) return { ok: false, problem: 'contains a control character' };
      if (isPathScheme(v, scheme)) {
        const path = text.slice(scheme!.length + 1).replace(/^\/\/(localhost)?(?=\/|$)/i, '');
        if (path.trim() === '')
          return {
            ok: false,
            // no scheme in the text: the value is secret and masking would hide a short one such as "file:"
            problem: 'has no path after the scheme',
            hint: `Give ${v.name} a path after the scheme, or unset it${v.default === undefined ? '' : ' to use the default'}`,
          };
      }
      return { ok: true, value: text };
    }
    case 'path': {
      const problem = pathValueProblem(text);
      if (problem !== undefined) return { ok: false, problem };
      return { ok: true, value: expandHome(text, homedir()) };
    }
    case 'list': {
      const items = text
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
      if (v.values === undefined) return { ok: true, value: Object.freeze(items) };
      const out: string[] = [];
      for (const item of items) {
        const match = v.values.find((x) => x.toLowerCase() === item.toLowerCase());
        if (match === undefined)
          return { ok: false, problem: `must be a comma-separated list of ${v.values.join(', ')}` };
        out.push(match);
      }
      return { ok: true, value: Object.freeze(out) };
    }
  }
}

/**
 * The known name closest to `name` (optimal string alignment distance: edits and adjacent transpositions),
 * when close enough to be a likely typo: at most 1 edit for names up to 5 characters, 2 up to 10, 3 beyond.
 *
 * @example
 * suggestName('OFFLOAD_TRANSPRT', ['OFFLOAD_TRANSPORT', 'QUERY_ENGINE']); // 'OFFLOAD_TRANSPORT'
 */
export function suggestName(name: string, candidates: readonly string[]): string | undefined {
  const limit = name.length <= 5 ? 1 : name.length <= 10 ? 2 : 3;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of [...candidates].sort()) {
    if (c === name || Math.abs(c.length - name.length) > limit) continue;
    const d = editDistance(name, c);
    if (d <= limit && d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** Reads the configuration file; `home` when it is the default file of that `OFFLOAD_HOME` (named in errors). */
function readConfigFile(path: string, mustExist: boolean, home?: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !mustExist) return undefined;
    if (code === 'ENOENT')
      throw new GoeError('CONFIG_INVALID', `Configuration file ${showInput(path)} does not exist`, {
        hint: 'Check OFFLOAD_HOME and the permissions of conf/offload.env',
        cause: e,
      });
    const error = pathError(
      e,
      { path, action: 'read the configuration file' },
      home === undefined ? {} : { variable: 'OFFLOAD_HOME', base: home, purpose: 'directory' },
    );
    throw new GoeError('CONFIG_INVALID', error.message, {
      ...(home === undefined ? {} : { variable: 'OFFLOAD_HOME' }),
      hint: 'Check OFFLOAD_HOME and the permissions of conf/offload.env',
      cause: e,
    });
  }
}

function filePermissionsWarning(path: string, holdsSecrets: boolean): ConfigWarning | undefined {
  if (!holdsSecrets || process.platform === 'win32') return undefined;
  try {
    if ((statSync(path).mode & 0o004) === 0) return undefined;
  } catch {
    return undefined;
  }
  return {
    code: 'FILE_PERMISSIONS',
    message: `${path} holds secrets and is readable by every user; restrict it with chmod 600 (or 640)`,
  };
}

function expandHome(path: string, home: string): string {
  return path === '~' ? home : path.startsWith('~/') ? join(home, path.slice(2)) : path;
}

/**
 * True for a variable that names a place: a `path`, or a `url` with `pathSchemes`. Set but empty, such a variable
 * is refused (not taken as unset): an empty place is a mistake, and files would land at the root or in the
 * current directory.
 */
function namesLocation(v: ConfigVariable): boolean {
  return v.type === 'path' || (v.type === 'url' && (v.pathSchemes?.length ?? 0) > 0);
}

/** True when `scheme` is one of the variable's `pathSchemes` (a `url` whose remainder is a local path). */
function isPathScheme(v: ConfigVariable, scheme: string | undefined): boolean {
  return scheme !== undefined && (v.pathSchemes ?? []).some((s) => s.toLowerCase() === scheme);
}

/**
 * A file value's `${NAME}` reference that expanded to nothing and must be refused: an unset variable in any
 * declared variable (almost always a typo or a missing `export`), and an empty one in a path (`${EMPTY}/x.db`
 * would be `/x.db`).
 */
function unresolvedReference(v: ConfigVariable, r: RawValue): { message: string; hint: string } | undefined {
  if (r.source !== 'file' || r.references === undefined) return undefined;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(r.raw.trim())?.[1]?.toLowerCase();
  const isPath = v.type === 'path' || (v.type === 'url' && isPathScheme(v, scheme));
  const ref = r.references.find((x) => x.state === 'unset') ?? (isPath ? r.references[0] : undefined);
  if (ref === undefined) return undefined;
  const through = ref.via === undefined ? '' : ` (through ${ref.via})`;
  return ref.state === 'unset'
    ? {
        message: `references \${${ref.name}}${through}, which is not set`,
        hint: `Set ${ref.name} in the environment or on an earlier line of the file, or write \${${ref.name}:-default} to give a default`,
      }
    : {
        message: `references \${${ref.name}}${through}, which is set but empty, so the path would change meaning`,
        hint: `Give ${ref.name} a value, or write \${${ref.name}-} if an empty value is intended`,
      };
}

/** What {@link upgradeEnvironmentFile} did. */
export interface UpgradeEnvironmentFileResult {
  readonly path: string;
  /** Variables appended (commented out, with their defaults), in schema order. */
  readonly added: readonly string[];
  /** True when the file did not exist and was created (mode 600). */
  readonly created: boolean;
}

/**
 * Appends to an `offload.env` every schema variable it lacks (neither assigned nor present as a commented
 * `# NAME=` line, under its name or an alias), as commented-out template entries with their defaults, so the
 * file documents every setting of this version without changing behaviour (`goe connect
 * --upgrade-environment-file`). Creates the file (mode 600) when missing; writes nothing when nothing is missing.
 *
 * @example
 * const { added } = upgradeEnvironmentFile(offloadEnvPath(home), [COMMON_CONFIG, acmeConfig]);
 * console.log(`Added ${added.length} variables`);
 */
export function upgradeEnvironmentFile(path: string, schemas: readonly ConfigSchema[]): UpgradeEnvironmentFileResult {
  let text: string | undefined;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
      throw pathError(e, { path, action: 'read the configuration file' });
  }
  const present = new Set<string>();
  for (const line of (text ?? '').split(/\r\n|\n|\r/)) {
    const m = /^\s*#?\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line);
    if (m !== null) present.add(m[1]!);
  }
  const added: string[] = [];
  const sections: string[] = [];
  for (const schema of schemas) {
    assertConfigSchema(schema);
    const blocks: string[] = [];
    for (const v of schema.variables) {
      if ([v.name, ...(v.aliases ?? [])].some((n) => present.has(n))) continue;
      present.add(v.name);
      added.push(v.name);
      blocks.push(renderEnvVariable(v, { commented: true }));
    }
    if (blocks.length > 0) sections.push(`# --- ${schema.title} (${schema.group}) ---\n\n${blocks.join('\n')}`);
  }
  if (added.length === 0) return { path, added, created: false };
  const block =
    '# Added by goe connect --upgrade-environment-file: settings of this GOE version missing from this file,\n' +
    '# commented out with their defaults. Uncomment and edit a line to change a setting.\n\n' +
    sections.join('\n');
  if (text === undefined) ensureDirectory(dirname(path), { purpose: 'configuration directory' });
  try {
    if (text === undefined) {
      writeFileSync(path, block, { mode: 0o600, flag: 'wx' });
      return { path, added, created: true };
    }
    const separator = text === '' ? '' : text.endsWith('\n') ? '\n' : '\n\n';
    appendFileSync(path, separator + block);
  } catch (e) {
    throw pathError(e, { path, action: 'write the configuration file' });
  }
  return { path, added, created: false };
}
