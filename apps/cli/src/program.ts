/** The `goe` program: global options, subcommands, error → exit code mapping. */
import { Command, CommanderError, Option } from 'commander';
import {
  ENGINE_OPTION_PROVIDERS,
  engineOptionRefusal,
  STACK_COMMON_CONFIG,
  type EngineOptionProvider,
} from '@goe/stack';
import {
  configPathOrigin,
  ensureDirectory,
  escapeControl,
  exitCodeFor,
  GoeError,
  loadConfig,
  quoteInput,
  resolveOffloadHome,
  type ConfigEnv,
} from '@goe/core';
import { groupedHelp, withHelpSections } from './help.js';
import { errorJson, outputOptions, Reporter } from './output.js';
import { offloadCommand } from './commands/offload.js';
import { connectCommand } from './commands/connect.js';
import { demoCommand } from './commands/demo.js';
import { initCommand } from './commands/init.js';
import { completionCommand } from './completion.js';
import { cliVersion } from './version.js';
import { loadCliAdapters, type CliAdapters } from './adapters.js';
import { REFUSED_GOE_OPTIONS, refusedOptionError } from './goe-option-outcomes.js';

export { cliVersion };

/** Adds the output options every command has. */
export function withOutputOptions(cmd: Command): Command {
  return cmd
    .option('--json', 'print one JSON document on stdout instead of text')
    .option('-v, --verbose', 'verbose output')
    .option('--vv', 'very verbose output (implies -v; stack traces on errors)')
    .option('--quiet', 'only errors and the final summary')
    .option('--no-ansi', 'no colours (also NO_COLOR)');
}

/** Options of {@link buildProgram}. */
export interface BuildProgramOptions {
  /** `--json` was given: option errors become one JSON document on stdout instead of a line on stderr. */
  readonly json?: boolean;
  /**
   * The adapters `goe offload` offers options of (from {@link loadCliAdapters}); default none: GOE's options
   * only, and the registry is made when the command runs.
   */
  readonly adapters?: CliAdapters;
}

/**
 * Builds the `goe` command tree.
 *
 * @example
 * await buildProgram().parseAsync(['node', 'goe', 'offload', '-t', 'sh.sales', '-x']);
 */
export function buildProgram(options: BuildProgramOptions = {}): Command {
  const program = new Command('goe')
    .description('GOE for TypeScript: offload tables from operational databases into analytic warehouses')
    .version(cliVersion(), '--version', 'print the version and exit')
    .configureHelp({ formatHelp: groupedHelp })
    .showSuggestionAfterError(true)
    .exitOverride();
  const offload = offloadCommand(options.adapters);
  const guards = addGoeOptionGuards(offload);
  program.addCommand(offload);
  program.addCommand(connectCommand());
  program.addCommand(demoCommand());
  program.addCommand(initCommand());
  program.addCommand(completionCommand(() => program));
  const output = {
    writeErr: (s: string) => process.stderr.write(s),
    outputError: (s: string, write: (s: string) => void) => {
      const line = commanderErrorLine(s);
      if (!options.json) write(line);
      else {
        const message = line.replace(/^error OPTION_INVALID: /, '').trimEnd();
        process.stdout.write(JSON.stringify(errorJson(new GoeError('OPTION_INVALID', message))) + '\n');
      }
    },
  };
  addHelpSections(program);
  program.configureOutput(output);
  for (const c of program.commands) {
    c.exitOverride()
      .configureHelp({ formatHelp: groupedHelp })
      .showSuggestionAfterError(true)
      .configureOutput(output)
      // stray words are refused in preAction, naming them (commander would only count them)
      .allowExcessArguments(true);
  }
  program.hook('preAction', (_program, action) => {
    const opts = action.opts();
    if (action.name() === 'offload' && opts['version'] === true) {
      process.stdout.write(`${cliVersion()}\n`);
      throw new CommanderError(0, 'commander.version', cliVersion());
    }
    refuseStrayArguments(action);
    if (action.name() === 'offload') {
      checkGoeOptionGuards(opts, guards);
      if (opts['suppressStdout'] === true) suppressStdout();
    }
    preflight(action.name(), opts);
  });
  return program;
}

/** GOE options `goe offload` registers hidden only to refuse them by name (see {@link addGoeOptionGuards}). */
export interface GoeOptionGuards {
  readonly engine: readonly { readonly provider: EngineOptionProvider; readonly attribute: string }[];
  readonly refused: readonly { readonly flag: string; readonly reason: string; readonly attribute: string }[];
}

/**
 * Registers, hidden, GOE's engine options that no loaded adapter declared (`ENGINE_OPTION_PROVIDERS`) and the
 * options of {@link REFUSED_GOE_OPTIONS}, so that {@link checkGoeOptionGuards} refuses them by name instead of
 * "unknown option". A flag already taken (an installed adapter declares it) is left to its adapter.
 *
 * @example
 * const guards = addGoeOptionGuards(offloadCommand(adapters));
 */
export function addGoeOptionGuards(cmd: Command): GoeOptionGuards {
  const taken = new Set(cmd.options.flatMap((o) => [o.long, o.short]).filter((f) => f !== undefined));
  const hidden = (flag: string) => {
    const opt = new Option(`${flag} [value]`).hideHelp();
    cmd.addOption(opt);
    taken.add(flag);
    return opt.attributeName();
  };
  const engine = ENGINE_OPTION_PROVIDERS.filter((p) => !taken.has(p.flag)).map((provider) => ({
    provider,
    attribute: hidden(provider.flag),
  }));
  const refused = Object.entries(REFUSED_GOE_OPTIONS)
    .filter(([flag]) => !taken.has(flag))
    .map(([flag, reason]) => ({ flag, reason, attribute: hidden(flag) }));
  return { engine, refused };
}

/**
 * Refuses the first guarded GOE option given (see {@link addGoeOptionGuards}): an engine option names its packages
 * and the backend (`--target`, else `QUERY_ENGINE`) or transport method this command uses.
 *
 * @throws GoeError `OPTION_INVALID` naming the option, e.g. "--purge is a GOE option of the Hive and Impala
 *   backends; it needs @goe/backend-hive or @goe/backend-impala with QUERY_ENGINE=HIVE|IMPALA (this command uses
 *   DUCKDB)"
 * @example
 * checkGoeOptionGuards(cmd.opts(), guards); // throws for `goe offload -t sh.sales --purge` on DuckDB
 */
export function checkGoeOptionGuards(
  opts: Record<string, unknown>,
  guards: GoeOptionGuards,
  env: ConfigEnv = process.env,
): void {
  for (const r of guards.refused) {
    if (opts[r.attribute] !== undefined) throw refusedOptionError(r.flag, r.reason);
  }
  for (const { provider, attribute } of guards.engine) {
    if (opts[attribute] === undefined) continue;
    const current =
      provider.kind === 'backend'
        ? selected(opts['target'], 'QUERY_ENGINE', env)
        : selected(opts['offloadTransportMethod'], 'OFFLOAD_TRANSPORT', env);
    throw new GoeError('OPTION_INVALID', engineOptionRefusal(provider, current), { variable: provider.flag });
  }
}

/** An option's value, else the variable's (environment, `offload.env`, default); `undefined` when unreadable. */
function selected(option: unknown, variable: string, env: ConfigEnv): string | undefined {
  if (typeof option === 'string' && option.trim() !== '') return option.trim();
  try {
    return loadConfig({ schemas: [STACK_COMMON_CONFIG], env }).get<string>(variable);
  } catch {
    return undefined;
  }
}

let restoreStdout: (() => void) | undefined;

/** `--suppress-stdout`: nothing reaches stdout until {@link main} returns (the log file is still written). */
function suppressStdout(): void {
  if (restoreStdout !== undefined) return;
  const original = process.stdout.write;
  process.stdout.write = ((..._args: unknown[]) => true) as typeof process.stdout.write;
  restoreStdout = () => {
    process.stdout.write = original;
    restoreStdout = undefined;
  };
}

/**
 * Refuses positional arguments of a command that takes none (`goe offload -t sh.sales surplus`), naming the first.
 *
 * @throws GoeError `OPTION_INVALID`
 */
function refuseStrayArguments(action: Command): void {
  const declared =
    (action as unknown as { registeredArguments?: readonly unknown[]; _args?: readonly unknown[] })
      .registeredArguments ??
    (action as unknown as { _args?: readonly unknown[] })._args ??
    [];
  if (declared.length > 0 || action.args.length === 0) return;
  throw new GoeError(
    'OPTION_INVALID',
    `Unexpected argument ${quoteInput(action.args[0])} for goe ${action.name()}: options start with - or --`,
    { hint: `See goe ${action.name()} --help; quote a value that contains spaces` },
  );
}

/**
 * One line for a commander error: `error OPTION_INVALID: …`, the user's text with control characters escaped
 * (an option or command name holding a newline stays on the line), and a "(Did you mean …?)" suggestion appended
 * to the same line.
 *
 * @example
 * commanderErrorLine("error: unknown option '--x'\n(Did you mean --y?)\n")
 * // "error OPTION_INVALID: unknown option '--x' (Did you mean --y?)\n"
 */
export function commanderErrorLine(text: string): string {
  let body = text.replace(/\n$/, '');
  let suggestion = '';
  const m = /\n(\(Did you mean [^\n]*\?\))$/.exec(body);
  if (m !== null) {
    suggestion = ` ${m[1]!}`;
    body = body.slice(0, m.index);
  }
  return `${escapeControl(body).replace(/^error: /, 'error OPTION_INVALID: ')}${suggestion}\n`;
}

/**
 * Checks an offload can write where it will, before any step: `OFFLOAD_HOME` (set but empty is refused), the log
 * directory (`--log-path`: `OPTION_INVALID` naming the option; `OFFLOAD_LOGDIR`, or `OFFLOAD_HOME` when the log
 * directory is its default `${OFFLOAD_HOME}/log`: `CONFIG_INVALID`), created as the offload would create it, and
 * that `OFFLOAD_HOME` takes new entries when the repository or the lock default to it (`goe demo`: always). Each
 * problem is one line with the operating system's reason (EACCES, EROFS, ENOENT, ENOTDIR), never a hang (e.g.
 * under /proc). `goe connect` reports its own checks.
 *
 * @throws GoeError `CONFIG_INVALID` or `OPTION_INVALID`
 * @example
 * preflight('offload', { logPath: '/proc/nope' }); // OPTION_INVALID "--log-path /proc/nope: cannot create the log directory (ENOENT: …)"
 */
export function preflight(command: string, opts: Record<string, unknown>, env: ConfigEnv = process.env): void {
  if (command === 'demo') {
    // the demo database, warehouse, repository and log all go under OFFLOAD_HOME
    ensureDirectory(
      resolveOffloadHome(env).path,
      { variable: 'OFFLOAD_HOME', purpose: 'directory' },
      { writable: true },
    );
    return;
  }
  if (command !== 'offload') return;
  const home = resolveOffloadHome(env);
  const logPath = opts['logPath'];
  if (typeof logPath === 'string') {
    ensureDirectory(logPath, { option: '--log-path', purpose: 'log directory' }, { mode: 0o700 });
  }
  const config = loadConfig({ schemas: [STACK_COMMON_CONFIG], env, offloadHome: home.path });
  const logDir = config.get<string>('OFFLOAD_LOGDIR');
  if (typeof logPath !== 'string' && logDir !== undefined) {
    ensureDirectory(logDir, configPathOrigin(config, 'OFFLOAD_LOGDIR', 'log directory'), { mode: 0o700 });
  }
  const usesHome =
    config.source('OFFLOAD_REPOSITORY_URL') === 'default' ||
    (opts['execute'] === true && config.get<string>('OFFLOAD_LOCK') === 'file');
  if (usesHome) ensureDirectory(home.path, { variable: 'OFFLOAD_HOME', purpose: 'directory' }, { writable: true });
}

/** Writes an error the way `--json`/text mode wants and returns the exit code. */
export function reportFailure(error: unknown, opts: Record<string, unknown>): number {
  const o = outputOptions(opts);
  if (o.json) process.stdout.write(JSON.stringify(errorJson(error)) + '\n');
  else new Reporter(o).error(error);
  return exitCodeFor(error);
}

/**
 * The subcommand `argv` runs (`goe help offload` too), or `undefined`.
 *
 * @example
 * commandName(['node', 'goe', '--json', 'offload', '-t', 'sh.sales']) // 'offload'
 */
export function commandName(argv: readonly string[]): string | undefined {
  const words = argv.slice(2).filter((a) => !a.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}

/**
 * Runs the CLI and returns the exit code (never throws).
 *
 * @example
 * process.exitCode = await main(process.argv);
 */
export async function main(argv: readonly string[]): Promise<number> {
  // plugins load before the program is built: commander declares options synchronously
  const adapters = commandName(argv) === 'offload' ? await loadCliAdapters(argv) : undefined;
  const program = buildProgram({ json: argv.includes('--json'), ...(adapters === undefined ? {} : { adapters }) });
  try {
    await program.parseAsync(argv as string[]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    return failure(e, argv);
  } finally {
    restoreStdout?.();
  }
}

/** The exit code of what {@link main} caught, reported as the command line asks. */
function failure(e: unknown, argv: readonly string[]): number {
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
    return 2;
  }
  return reportFailure(e, { json: argv.includes('--json'), vv: argv.includes('--vv') });
}

export { GoeError };

/** The help sections after each command's options: examples, environment and exit codes (see `withHelpSections`). */
function addHelpSections(program: Command): void {
  const command = (name: string) => program.commands.find((c) => c.name() === name)!;
  withHelpSections(program, {
    examples: [
      'goe demo                          # no configuration: seed an embedded PostgreSQL and offload it into DuckDB',
      'goe init --frontend oracle        # write a commented $OFFLOAD_HOME/conf/offload.env',
      'goe connect                       # check every component an offload uses',
      'goe offload -t sh.sales -x        # offload a table',
      'goe help offload                  # every offload option',
    ],
  });
  withHelpSections(command('offload'), {
    examples: [
      'goe offload -t sh.sales                                   # preview: what would be offloaded, nothing written',
      'goe offload -t sh.sales -x                                # offload the whole table',
      'goe offload -t sh.sales -x --older-than-date 2024-01-01   # append the partitions up to a date',
      `goe offload -t sh.sales -x --offload-predicate 'column(REGION) = string("EU")'`,
      'goe offload -t sh.sales -x --target-name dw.sales --create-backend-db --json',
    ],
  });
  withHelpSections(command('connect'), {
    examples: ['goe connect', 'goe connect --json', 'goe connect --upgrade-environment-file'],
    exitCodes: [
      'Exit codes:',
      '  0  every check passed',
      '  1  unexpected error',
      '  2  a check failed',
      '  3  checks passed with warnings',
    ],
  });
  withHelpSections(command('demo'), {
    examples: [
      'goe demo',
      'goe demo --rows 10000',
      'OFFLOAD_HOME=/tmp/goe-demo goe demo --json',
      'goe demo --backend bigquery',
    ],
    environment: [['OFFLOAD_HOME', 'where the demo database, warehouse, repository and logs go (default ~/.goe)']],
  });
  withHelpSections(command('init'), {
    examples: [],
    environment: [['OFFLOAD_HOME', 'where conf/offload.env is written (default ~/.goe)']],
  });
  withHelpSections(command('completion'), {
    examples: [],
    environment: [],
    exitCodes: ['Exit codes:', '  0  the script was printed', '  2  an unknown shell'],
  });
}
