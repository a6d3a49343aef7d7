/**
 * Secret masking for everything GOE prints, logs or records: declared secret values (raw, URL-encoded,
 * URL-decoded and JSON-escaped), the password of any `scheme://user:password@host` URL, `password=…` pairs,
 * command lines and JSON values. Maskers never throw.
 */

/** What a masked secret is replaced with. @example maskSecrets('pw=1', ['1']) // 'pw=***' */
export const MASK = '***';

/**
 * Command-line options whose value is always masked by {@link maskArgv}, in both `--opt value` and
 * `--opt=value` forms. Any option ending in `-password`, `-passwd`, `-pass`, `-secret`, `-token`, `-passphrase`,
 * `-conn` or `-dsn` is masked too.
 *
 * @example
 * maskArgv(argv, { secretOptions: [...DEFAULT_SECRET_OPTIONS, '--vault-ref'] });
 */
export const DEFAULT_SECRET_OPTIONS: readonly string[] = Object.freeze([
  '--password',
  '--passwd',
  '--pass',
  '--conn',
  '--connection',
  '--dsn',
  '--secret',
  '--token',
  '--api-key',
  '--passphrase',
]);

const SECRET_OPTION_SUFFIX = /-(password|passwd|pass|secret|token|passphrase|conn|dsn|api-key)$/i;

/**
 * Object keys whose values {@link maskObject} always replaces (`password`, `ACME_APP_PASS`, `apiToken`, `conn`, …).
 *
 * @example
 * SECRET_KEY_PATTERN.test('ACME_PASS'); // true
 */
export const SECRET_KEY_PATTERN =
  /(pass(word|wd|phrase)?|secret|token|credentials?|api_?key|private_?key)$|(^|_)conn$|^pwd$/i;

/** A masker bound to a set of secrets; every method accepts anything and never throws. */
export interface Masker {
  /** Masks secrets and URL passwords in `text` (non-strings are converted with `String`). */
  mask(text: unknown): string;
  /** {@link maskArgv} with this masker's secrets. */
  maskArgv(argv: readonly unknown[], options?: Omit<MaskArgvOptions, 'secrets' | 'masker'>): string[];
  /** {@link maskObject} with this masker's secrets. */
  maskObject(value: unknown): unknown;
  /** Adds secrets (e.g. a password read later); empty strings are ignored. */
  add(...secrets: readonly unknown[]): void;
  /** How many distinct secrets are registered. */
  readonly size: number;
}

/**
 * Creates a {@link Masker}. Each non-empty secret is masked in every form it may appear in: raw,
 * `encodeURIComponent`/`encodeURI` (upper- and lower-case hex, `+` for spaces), URL-decoded, JSON-escaped; a
 * secret that is a URL with a password also registers that password (raw and decoded). Independently of the
 * secrets, the password of every `scheme://user:password@host` URL and the value of `password=…`-style pairs are
 * masked. Secrets of any length are masked, so do not declare trivial values as secret.
 *
 * @example
 * const masker = createMasker(['S3cr3t-p@ss']);
 * masker.mask('login with S3cr3t-p%40ss failed'); // 'login with *** failed'
 * masker.mask('acme://goe:other@db/x');           // 'acme://goe:***@db/x'
 */
export function createMasker(secrets: readonly unknown[] = []): Masker {
  const forms = new Set<string>();
  const registered = new Set<string>();
  let pattern: RegExp | undefined;

  const add = (...values: readonly unknown[]) => {
    for (const value of values) {
      if (typeof value !== 'string' || value === '' || registered.has(value)) continue;
      registered.add(value);
      for (const form of secretForms(value)) forms.add(form);
    }
    pattern = buildPattern(forms);
  };
  add(...secrets);

  const mask = (text: unknown): string => {
    let s = safeString(text);
    try {
      if (pattern !== undefined) s = s.replace(pattern, MASK);
      return maskPatterns(s);
    } catch {
      return MASK;
    }
  };
  const masker: Masker = {
    mask,
    maskArgv: (argv, options = {}) => maskArgv(argv, { ...options, masker }),
    maskObject: (value) => maskObject(value, { masker }),
    add,
    get size() {
      return registered.size;
    },
  };
  return masker;
}

/**
 * Masks `secrets` (in all forms, see {@link createMasker}) and URL passwords in `text`.
 *
 * @example
 * maskSecrets('conn=acme://goe:pw@h/db', []); // 'conn=acme://goe:***@h/db'
 */
export function maskSecrets(text: unknown, secrets: readonly unknown[] = []): string {
  return createMasker(secrets).mask(text);
}

/** Options of {@link maskArgv}. */
export interface MaskArgvOptions {
  /** Options whose value is masked; default {@link DEFAULT_SECRET_OPTIONS} (plus the suffix rule). */
  readonly secretOptions?: readonly string[];
  /** Secret values masked wherever they occur. */
  readonly secrets?: readonly unknown[];
  /** A masker to use instead of `secrets`. */
  readonly masker?: Masker;
}

/**
 * Masks a command line for recording (repository, log file, `--json`): the value of every secret option (`--password
 * x`, `--password=x`, `--conn x`, …) becomes `***`, and every element is masked for secret values and URL
 * passwords. Returns a new array of strings.
 *
 * @example
 * maskArgv(['offload', '--password', 'pw', '--conn=acme://u:pw@h/d', '-x']);
 * // ['offload', '--password', '***', '--conn=***', '-x']
 */
export function maskArgv(argv: readonly unknown[], options: MaskArgvOptions = {}): string[] {
  const masker = options.masker ?? createMasker(options.secrets ?? []);
  const secretOptions = new Set((options.secretOptions ?? DEFAULT_SECRET_OPTIONS).map((o) => o.toLowerCase()));
  const isSecretOption = (name: string) =>
    secretOptions.has(name.toLowerCase()) || (name.startsWith('--') && SECRET_OPTION_SUFFIX.test(name));
  const out: string[] = [];
  let list: readonly unknown[];
  try {
    list = Array.isArray(argv) ? argv : [];
  } catch {
    list = [];
  }
  let maskNext = false;
  for (const item of list) {
    const arg = safeString(item);
    if (maskNext) {
      out.push(MASK);
      maskNext = false;
      continue;
    }
    const eq = arg.indexOf('=');
    if (arg.startsWith('-') && eq > 0 && isSecretOption(arg.slice(0, eq))) {
      out.push(`${arg.slice(0, eq)}=${MASK}`);
      continue;
    }
    if (arg.startsWith('-') && isSecretOption(arg)) maskNext = true;
    out.push(masker.mask(arg));
  }
  return out;
}

/** Options of {@link maskObject}. */
export interface MaskObjectOptions {
  /** Secret values masked in every string. */
  readonly secrets?: readonly unknown[];
  /** A masker to use instead of `secrets`. */
  readonly masker?: Masker;
  /** Keys whose values are replaced whole; default {@link SECRET_KEY_PATTERN}. */
  readonly secretKeys?: RegExp;
  /** Deeper values become `'[Too deep]'`; default 32. */
  readonly maxDepth?: number;
}

/**
 * Deep-copies `value` for a JSON log with secrets masked: strings are masked (secrets, URL passwords), values of
 * secret-looking keys become `***`, errors become `{ name, message, … }`, `Map`/`Set` become object/array, cycles
 * become `'[Circular]'`, functions `'[Function]'`, binary data `'[N bytes]'`. Never throws.
 *
 * @example
 * maskObject({ url: 'acme://u:pw@h/d', password: 'pw', n: 1 });
 * // { url: 'acme://u:***@h/d', password: '***', n: 1 }
 */
export function maskObject(value: unknown, options: MaskObjectOptions = {}): unknown {
  const masker = options.masker ?? createMasker(options.secrets ?? []);
  const secretKeys = options.secretKeys ?? SECRET_KEY_PATTERN;
  const maxDepth = options.maxDepth ?? 32;
  const seen = new WeakSet<object>();

  const walk = (v: unknown, depth: number): unknown => {
    try {
      if (typeof v === 'string') return masker.mask(v);
      if (v === null || typeof v !== 'object') {
        if (typeof v === 'function') return '[Function]';
        if (typeof v === 'symbol') return masker.mask(v.toString());
        if (typeof v === 'bigint') return v.toString();
        return v;
      }
      if (depth > maxDepth) return '[Too deep]';
      if (seen.has(v)) return '[Circular]';
      seen.add(v);
      try {
        if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
        if (ArrayBuffer.isView(v)) return `[${v.byteLength} bytes]`;
        if (v instanceof ArrayBuffer) return `[${v.byteLength} bytes]`;
        if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
        if (v instanceof Set) return [...v].map((x) => walk(x, depth + 1));
        if (v instanceof Map) {
          const o: Record<string, unknown> = {};
          for (const [k, x] of v) entry(o, safeString(k), () => x as unknown, depth);
          return o;
        }
        if (v instanceof Error) {
          const o: Record<string, unknown> = { name: v.name, message: masker.mask(v.message) };
          const json = (v as { toJSON?: unknown }).toJSON;
          const source = typeof json === 'function' ? (json.call(v) as unknown) : v;
          if (typeof source === 'object' && source !== null) {
            for (const k of Object.keys(source))
              if (k !== 'stack') entry(o, k, () => (source as Record<string, unknown>)[k], depth);
          }
          return o;
        }
        const json = (v as { toJSON?: unknown }).toJSON;
        if (typeof json === 'function') return walk(json.call(v), depth + 1);
        const o: Record<string, unknown> = {};
        for (const k of Object.keys(v)) entry(o, k, () => (v as Record<string, unknown>)[k], depth);
        return o;
      } finally {
        seen.delete(v);
      }
    } catch {
      return '[Unreadable]';
    }
  };
  const entry = (o: Record<string, unknown>, key: string, read: () => unknown, depth: number) => {
    let child: unknown;
    try {
      child = read();
    } catch {
      o[masker.mask(key)] = '[Unreadable]';
      return;
    }
    secretKeys.lastIndex = 0;
    const hide =
      secretKeys.test(key) && child !== undefined && child !== null && child !== '' && typeof child !== 'boolean';
    o[masker.mask(key)] = hide ? MASK : walk(child, depth + 1);
  };
  return walk(value, 0);
}

/** Every text form a secret may take in a message, log line or URL. */
function secretForms(secret: string): Set<string> {
  const forms = new Set<string>();
  const addForm = (s: string | undefined) => {
    if (s === undefined || s === '') return;
    forms.add(s);
    // percent escapes may be written in either case
    if (/%[0-9a-f]{2}/i.test(s)) {
      forms.add(s.replace(/%[0-9a-f]{2}/gi, (m) => m.toUpperCase()));
      forms.add(s.replace(/%[0-9a-f]{2}/gi, (m) => m.toLowerCase()));
    }
  };
  const addAll = (s: string) => {
    addForm(s);
    addForm(tryCall(() => encodeURIComponent(s)));
    addForm(tryCall(() => encodeURIComponent(s).replace(/%20/g, '+')));
    addForm(tryCall(() => encodeURI(s)));
    addForm(tryCall(() => decodeURIComponent(s)));
    addForm(tryCall(() => decodeURIComponent(s.replace(/\+/g, ' '))));
    addForm(tryCall(() => JSON.stringify(s).slice(1, -1)));
  };
  addAll(secret);
  const password = urlPassword(secret);
  if (password !== undefined) {
    addAll(password);
    const decoded = tryCall(() => decodeURIComponent(password));
    if (decoded !== undefined) addAll(decoded);
  }
  return forms;
}

function urlPassword(s: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^\s/?#@:]*:(.*)@[^@]*$/is.exec(s.trim());
  return m?.[1] !== undefined && m[1] !== '' ? m[1] : undefined;
}

function buildPattern(forms: ReadonlySet<string>): RegExp | undefined {
  if (forms.size === 0) return undefined;
  const sorted = [...forms].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
  return new RegExp(sorted.map(escapeRegExp).join('|'), 'g');
}

// scheme://user:password@host — the password runs to the last '@' before whitespace or a quote
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s/?#@:'"<>]*:)([^\s'"<>]*)@/gi;
// password=..., ORA_APP_PASS=..., api_key=... (query strings, JDBC-style and env-style pairs)
const PAIR_SECRET =
  /(^|[^A-Za-z0-9])([A-Za-z0-9_.-]*(?:password|passwd|passphrase|secret|token|api_?key|_pass|pwd)|pass)(\s*=\s*)("[^"]*"|'[^']*'|[^\s&;,'"]+)/gi;

function maskPatterns(s: string): string {
  return s
    .replace(URL_PASSWORD, (all, head: string, password: string) =>
      password === '' || password === MASK || /^\d{1,5}\//.test(password) ? all : `${head}${MASK}@`,
    )
    .replace(PAIR_SECRET, (all, pre: string, key: string, eq: string, value: string) =>
      value === MASK ? all : `${pre}${key}${eq}${MASK}`,
    );
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function tryCall(f: () => string): string | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

function safeString(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    if (value === undefined) return '';
    return String(value);
  } catch {
    return '[Unprintable]';
  }
}
