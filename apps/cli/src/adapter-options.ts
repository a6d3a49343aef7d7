/**
 * Command-line options that adapters add (`AdapterOption`): registered on `goe offload` under one help heading per
 * adapter, read back after parsing (an option with a variable sets that variable for the run; one without goes to
 * `OffloadOptions.adapterOptions`), and options of catalog packages that are not installed refused by name.
 */
import { Option, type Command } from 'commander';
import {
  GoeError,
  isGoeError,
  quoteInput,
  type AdapterOption,
  type AnyAdapter,
  type CatalogEntry,
  type Registry,
} from '@goe/core';
import { groupOption } from './help.js';
import type { CliAdapters, MissingProvider } from './adapters.js';

/** One adapter option registered on a command, with the adapter that declares it. */
export interface RegisteredAdapterOption {
  readonly option: AdapterOption;
  readonly adapter: AnyAdapter;
  /** Commander's attribute name for the flag. */
  readonly attribute: string;
}

/** One option of a catalog package that is not loaded, registered hidden so that it is refused by name. */
export interface RefusedAdapterOption {
  readonly flag: string;
  readonly provider: MissingProvider;
  readonly attribute: string;
}

/** The adapter options {@link addAdapterOptions} registered on a command. */
export interface AdapterOptionTable {
  readonly installed: readonly RegisteredAdapterOption[];
  readonly refused: readonly RefusedAdapterOption[];
}

/** What the adapter options given on a command line ask for. */
export interface AdapterOptionValues {
  /** Configuration variables the options set for this run (they win over the environment and `offload.env`). */
  readonly variables: Readonly<Record<string, string>>;
  /** Options without a variable, by flag (e.g. `--quack-hint`), for `OffloadOptions.adapterOptions`. */
  readonly adapterOptions: Readonly<Record<string, string | number | boolean>>;
}

const FLAG_RE = /^--(?!no-)[a-z0-9][a-z0-9-]*$/;

/**
 * The help heading of an adapter's options: its display name (else its name), its kind and its package.
 *
 * @example
 * adapterOptionHeading({ kind: 'backend', name: 'quack' }, 'goe-backend-quack')
 * // 'Options of the quack backend (goe-backend-quack)'
 */
export function adapterOptionHeading(
  adapter: { readonly kind: string; readonly name: string; readonly displayName?: string },
  pkg: string | undefined,
): string {
  return `Options of the ${adapter.displayName ?? adapter.name} ${adapter.kind}${pkg ? ` (${pkg})` : ''}`;
}

/**
 * Commander flags for an adapter option: `boolean` takes no value, `integer` takes `<n>`, `string` (the default)
 * `<value>`.
 *
 * @example
 * adapterOptionFlags({ flag: '--quack-threads', type: 'integer', description: '' }) // '--quack-threads <n>'
 */
export function adapterOptionFlags(option: AdapterOption): string {
  if (option.type === 'boolean') return option.flag;
  return `${option.flag} ${option.type === 'integer' ? '<n>' : '<value>'}`;
}

/**
 * An adapter option's help line: its description, followed by its variable when the description does not name it.
 *
 * @example
 * adapterOptionDescription({ flag: '--quack-threads', variable: 'QUACK_THREADS', description: 'loader threads' })
 * // 'loader threads (QUACK_THREADS)'
 */
export function adapterOptionDescription(option: AdapterOption): string {
  const v = option.variable;
  return v === undefined || option.description.includes(v) ? option.description : `${option.description} (${v})`;
}

/** The package an adapter comes from: its `GOE_PLUGINS` package, its own `package`, else its catalog entry's. */
function packageOf(adapter: AnyAdapter, adapters: CliAdapters): string | undefined {
  return (
    adapters.origins.get(adapter) ??
    adapter.package ??
    adapters.registry.catalogEntry(adapter.kind, adapter.name)?.package
  );
}

/** Every registered adapter, kind by kind in registry order. */
function registered(registry: Registry): AnyAdapter[] {
  return (['frontend', 'backend', 'transport', 'storage', 'repository', 'lock'] as const).flatMap(
    (kind) => registry.list(kind) as readonly AnyAdapter[],
  );
}

/**
 * Registers the options of every registered adapter that declares some, after the command's own options, each
 * adapter's under its own help heading (see {@link adapterOptionHeading}); and, hidden, the options of catalog
 * packages that are not loaded, so that {@link readAdapterOptions} refuses them naming the package. A flag that is
 * not `--lower-case-words`, starts with `--no-`, or is already taken (by GOE's options or an adapter registered
 * before) is skipped: GOE's options always win.
 *
 * @example
 * const table = addAdapterOptions(cmd, await loadCliAdapters(process.argv));
 */
export function addAdapterOptions(cmd: Command, adapters: CliAdapters): AdapterOptionTable {
  const taken = new Set(cmd.options.flatMap((o) => [o.long, o.short]).filter((f) => f !== undefined));
  taken.add('--help');
  const free = (flag: string) => FLAG_RE.test(flag) && !taken.has(flag);
  const installed: RegisteredAdapterOption[] = [];
  for (const adapter of registered(adapters.registry)) {
    const heading = adapterOptionHeading(adapter, packageOf(adapter, adapters));
    for (const option of adapter.options ?? []) {
      if (!free(option.flag)) continue;
      taken.add(option.flag);
      const opt = new Option(adapterOptionFlags(option), adapterOptionDescription(option));
      cmd.addOption(groupOption(opt, heading));
      installed.push({ option, adapter, attribute: opt.attributeName() });
    }
  }
  const refused: RefusedAdapterOption[] = [];
  for (const provider of adapters.missing) {
    for (const option of provider.entry.options ?? []) {
      if (!free(option.flag)) continue;
      taken.add(option.flag);
      const opt = new Option(`${option.flag} [value]`).hideHelp();
      cmd.addOption(opt);
      refused.push({ flag: option.flag, provider, attribute: opt.attributeName() });
    }
  }
  const notInstalled = [...new Set(refused.map((r) => r.provider.entry))];
  if (notInstalled.length > 0) {
    cmd.addHelpText('after', () => missingHelp(notInstalled));
  }
  return { installed, refused };
}

/** The help lines naming the options of catalog packages that are not installed. */
function missingHelp(entries: readonly CatalogEntry[]): string {
  const lines = entries.map(
    (e) =>
      `  ${e.package} (${e.displayName ?? e.name} ${e.kind}): ${(e.options ?? []).map((o) => o.flag).join(', ')} (npm i ${e.package})`,
  );
  return `Options of packages that are not installed:\n${lines.join('\n')}\n`;
}

/** The refusal of an option whose catalog package is not loaded. */
function refusal(r: RefusedAdapterOption): GoeError {
  const { entry, error } = r.provider;
  const notInstalled = error === undefined || (isGoeError(error) && error.hint === `npm i ${entry.package}`);
  if (notInstalled) {
    return new GoeError(
      'OPTION_INVALID',
      `option ${r.flag} is provided by ${entry.package}, which is not installed (npm i ${entry.package})`,
      { variable: r.flag },
    );
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new GoeError(
    'OPTION_INVALID',
    `option ${r.flag} is provided by ${entry.package}, which failed to load: ${reason}`,
    {
      variable: r.flag,
      cause: error,
    },
  );
}

/**
 * Reads the adapter options commander parsed: a refused option (its package is not installed) throws; an integer
 * option must be an integer; an option with a `variable` sets it (`boolean`: `true`), others go to
 * `adapterOptions` by flag.
 *
 * @throws GoeError `OPTION_INVALID` naming the option
 * @example
 * readAdapterOptions({ quackThreads: '4' }, table)
 * // { variables: { QUACK_THREADS: '4' }, adapterOptions: {} }
 */
export function readAdapterOptions(parsed: Record<string, unknown>, table: AdapterOptionTable): AdapterOptionValues {
  for (const r of table.refused) {
    if (parsed[r.attribute] !== undefined) throw refusal(r);
  }
  const variables: Record<string, string> = {};
  const adapterOptions: Record<string, string | number | boolean> = {};
  for (const { option, attribute } of table.installed) {
    const raw = parsed[attribute];
    if (raw === undefined) continue;
    const value = typed(option, raw);
    if (option.variable !== undefined) variables[option.variable] = String(value);
    else adapterOptions[option.flag] = value;
  }
  return { variables, adapterOptions };
}

/** An option's value as its type says. @throws GoeError `OPTION_INVALID` for a non-integer `integer` option */
function typed(option: AdapterOption, raw: unknown): string | number | boolean {
  if (option.type === 'boolean') return raw === true;
  const text = String(raw);
  if (option.type !== 'integer') return text;
  const n = Number(text.trim());
  if (!/^\s*-?\d+\s*$/.test(text) || !Number.isSafeInteger(n)) {
    throw new GoeError('OPTION_INVALID', `Option ${option.flag} must be an integer, got ${quoteInput(text)}`, {
      variable: option.flag,
    });
  }
  return n;
}
