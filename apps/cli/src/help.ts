/** `--help` with options grouped the way GOE documents them. */
import type { Command, Help, Option } from 'commander';

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
