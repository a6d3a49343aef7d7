/** `--help` with options grouped the way GOE documents them. */
import type { Command, Help, Option } from 'commander';
import { ERROR_CODES, EXIT_CODES, optionVariable } from '@goe/core';

const GROUP = Symbol.for('goe:cli:group');

/** Tags an option with its help group. @example groupOption(new Option('-x'), 'Execution') */
export function groupOption(option: Option, group: string): Option {
  (option as unknown as Record<symbol, string>)[GROUP] = group;
  return option;
}

/**
 * A `formatHelp` for commander that prints options under their group headings.
 *
 * @example
 * cmd.configureHelp({ formatHelp: groupedHelp });
 */
export function groupedHelp(cmd: Command, helper: Help): string {
  const width = helper.padWidth(cmd, helper);
  const line = (term: string, desc: string) => `  ${term.padEnd(width)}  ${desc}`;
  const out: string[] = [`Usage: ${helper.commandUsage(cmd)}`, ''];
  const desc = helper.commandDescription(cmd);
  if (desc) out.push(desc, '');
  const groups = new Map<string, string[]>();
  for (const o of helper.visibleOptions(cmd)) {
    const g = (o as unknown as Record<symbol, string>)[GROUP] ?? 'Options';
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g)!.push(line(helper.optionTerm(o), helper.optionDescription(o)));
  }
  for (const [g, lines] of groups) out.push(`${g}:`, ...lines, '');
  const cmds = helper.visibleCommands(cmd);
  if (cmds.length) {
    out.push('Commands:', ...cmds.map((c) => line(helper.subcommandTerm(c), helper.subcommandDescription(c))), '');
  }
  return out.join('\n');
}

/** What each exit code means; every code of core's `EXIT_CODES` has a line (a test checks it). */
const EXIT_MEANING: Readonly<Record<keyof typeof EXIT_CODES, string>> = {
  SUCCESS: 'success (also: nothing left to offload)',
  UNEXPECTED: 'unexpected error or cancelled (SIGINT exits 130, SIGTERM 143)',
  INVALID_INPUT: 'bad options or configuration',
  REFUSED_BY_STATE: 'refused by the state of the table, the lock or the backend',
  DATA_ERROR: 'data the target cannot hold exactly, or validation found a difference',
  ENGINE_ERROR: 'a database or store failed, or could not be reached',
};

/**
 * The "Exit codes:" section, generated from core's `EXIT_CODES` and `ERROR_CODES`: each code, its meaning and the
 * error codes that give it.
 *
 * @example
 * exitCodesSection() // ['Exit codes:', '  0  success (also: nothing left to offload)', …]
 */
export function exitCodesSection(): string[] {
  const byExit = new Map<number, string[]>();
  for (const [code, exit] of Object.entries(ERROR_CODES)) byExit.set(exit, [...(byExit.get(exit) ?? []), code]);
  return [
    'Exit codes:',
    ...Object.entries(EXIT_CODES).map(([name, exit]) => {
      const errors = byExit.get(exit) ?? [];
      const meaning = EXIT_MEANING[name as keyof typeof EXIT_CODES];
      return `  ${exit}  ${meaning}${errors.length > 0 ? ` (${errors.join(', ')})` : ''}`;
    }),
  ];
}

/**
 * The variables a command's visible options mirror: core's `OPTION_VARIABLES` (one precedence rule: option >
 * environment > offload.env > default), else a variable an option's description names as its default (an adapter
 * option: `… (default ACME_BATCH_ROWS)`).
 *
 * @example
 * mirroredVariables(offloadCommand()) // [['MAX_OFFLOAD_CHUNK_COUNT', '--max-offload-chunk-count'], …]
 */
export function mirroredVariables(cmd: Command): [string, string][] {
  const out: [string, string][] = [];
  for (const o of cmd.options) {
    if ((o as Option & { hidden?: boolean }).hidden || o.long === undefined) continue;
    const row = optionVariable(o.long);
    if (row !== undefined) out.push([row.variable, o.long]);
    else for (const m of o.description.matchAll(/\bdefault ([A-Z][A-Z0-9]*_[A-Z0-9_]+)\b/g)) out.push([m[1]!, o.long]);
  }
  return out;
}

/** One command's help sections after the options: examples, the environment and the exit codes. */
export interface HelpSections {
  readonly examples: readonly string[];
  /** `[variable, meaning]` pairs read besides the mirrored options. */
  readonly environment?: readonly (readonly [string, string])[];
  /** Exit codes of its own (connect's), else {@link exitCodesSection}. */
  readonly exitCodes?: readonly string[];
}

/** Variables every command reads. */
export const COMMON_ENVIRONMENT: readonly (readonly [string, string])[] = [
  [
    'OFFLOAD_HOME',
    'configuration, logs, repository and lock directory (default ~/.goe); conf/offload.env is read from it',
  ],
  ['FRONTEND_DISTRIBUTION', 'source adapter (default POSTGRES)'],
  ['QUERY_ENGINE', 'warehouse adapter (default DUCKDB)'],
  ['GOE_PLUGINS', 'adapter packages to load (named goe-<kind>-<name>, installed under GOE_PLUGINS_ROOT)'],
  ['NO_COLOR', 'no colours'],
];

/**
 * Adds the help sections after a command's options (`Examples:`, `Environment:` with the variables its options
 * mirror, `Exit codes:`).
 *
 * @example
 * withHelpSections(cmd, { examples: ['goe connect'] });
 */
export function withHelpSections(cmd: Command, sections: HelpSections): Command {
  return cmd.addHelpText('after', () => {
    const env = [
      ...(sections.environment ?? COMMON_ENVIRONMENT),
      ...mirroredVariables(cmd).map(([v, flag]) => [v, `mirrored by ${flag}`] as const),
    ];
    const lines = sections.examples.length > 0 ? ['', 'Examples:', ...sections.examples.map((e) => `  ${e}`)] : [];
    if (env.length > 0) {
      const width = Math.max(...env.map(([v]) => v.length)) + 2;
      lines.push(
        '',
        'Environment (or $OFFLOAD_HOME/conf/offload.env; an option wins over its variable):',
        ...env.map(([v, what]) => `  ${v.padEnd(width)}${what}`),
      );
    }
    lines.push('', ...(sections.exitCodes ?? exitCodesSection()));
    return lines.join('\n');
  });
}
