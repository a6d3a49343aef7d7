/** The `goe` program: global options, subcommands, error → exit code mapping. */
import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { exitCodeFor, GoeError } from '@goe/core';
import { groupedHelp } from './help.js';
import { errorJson, outputOptions, Reporter } from './output.js';
import { offloadCommand } from './commands/offload.js';
import { connectCommand } from './commands/connect.js';
import { demoCommand } from './commands/demo.js';

/** The CLI's version (from its package.json). */
export function cliVersion(): string {
  try {
    return (createRequire(import.meta.url)('../package.json') as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/** Adds the output options every command has. */
export function withOutputOptions(cmd: Command): Command {
  return cmd
    .option('--json', 'print one JSON document on stdout instead of text')
    .option('-v, --verbose', 'verbose output')
    .option('--vv', 'very verbose output (implies -v; stack traces on errors)')
    .option('--quiet', 'only errors and the final summary')
    .option('--no-ansi', 'no colours (also NO_COLOR)');
}

/**
 * Builds the `goe` command tree.
 *
 * @example
 * await buildProgram().parseAsync(['node', 'goe', 'offload', '-t', 'sh.sales', '-x']);
 */
export function buildProgram(): Command {
  const program = new Command('goe')
    .description('GOE for TypeScript: offload tables from operational databases into analytic warehouses')
    .version(cliVersion(), '--version', 'print the version and exit')
    .configureHelp({ formatHelp: groupedHelp })
    .showSuggestionAfterError(true)
    .exitOverride();
  program.addCommand(offloadCommand());
  program.addCommand(connectCommand());
  program.addCommand(demoCommand());
  const output = {
    writeErr: (s: string) => process.stderr.write(s),
    outputError: (s: string, write: (s: string) => void) => write(s.replace(/^error: /, 'error OPTION_INVALID: ')),
  };
  program.configureOutput(output);
  for (const c of program.commands) {
    c.exitOverride().configureHelp({ formatHelp: groupedHelp }).showSuggestionAfterError(true).configureOutput(output);
  }
  return program;
}

/** Writes an error the way `--json`/text mode wants and returns the exit code. */
export function reportFailure(error: unknown, opts: Record<string, unknown>): number {
  const o = outputOptions(opts);
  if (o.json) process.stdout.write(JSON.stringify(errorJson(error)) + '\n');
  else new Reporter(o).error(error);
  return exitCodeFor(error);
}

/**
 * Runs the CLI and returns the exit code (never throws).
 *
 * @example
 * process.exitCode = await main(process.argv);
 */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv as string[]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help')
        return 0;
      return 2;
    }
    const jsonWanted = argv.includes('--json');
    return reportFailure(e, { json: jsonWanted, vv: argv.includes('--vv') });
  }
}

export { GoeError };
