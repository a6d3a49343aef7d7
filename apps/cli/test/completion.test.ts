/**
 * `goe completion bash|zsh|fish`: scripts generated from the command definitions, checked by each shell's own
 * parser (`bash -n`, `zsh -n`, `fish -n`) and by completing words in bash (`compgen` through the script's function)
 * and fish (`complete -C`). A shell that is not installed is skipped with its reason — except under CI, where
 * `.ci/run` installs zsh and fish and a missing shell fails.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../src/program.js';
import { commandSpecs, completionScript, SHELLS } from '../src/completion.js';
import { runGoeInProcess } from './support/in-process.js';

let dir: string;
const scripts: Record<string, string> = {};

function shellMissing(shell: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${shell}`], { encoding: 'utf8' }).status === 0;
  if (found) return undefined;
  if (process.env.CI === 'true')
    throw new Error(`${shell} is not installed: .ci/run installs it (apt-get install ${shell})`);
  return `${shell} is not installed here (CI installs it)`;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'goe-completion-'));
  for (const shell of SHELLS) {
    scripts[shell] = completionScript(buildProgram(), shell);
    writeFileSync(join(dir, `goe.${shell}`), scripts[shell]!);
  }
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** What bash completes for the words of a command line (the last word is the one being completed). */
function bashComplete(...words: string[]): string[] {
  const script = `source ${JSON.stringify(join(dir, 'goe.bash'))}
COMP_WORDS=(${words.map((w) => JSON.stringify(w)).join(' ')}); COMP_CWORD=${words.length - 1}
_goe; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const r = spawnSync('bash', ['-c', script], { encoding: 'utf8', cwd: dir });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.split('\n').filter((l) => l !== '');
}

describe('goe completion', () => {
  it('knows every command and its visible options, from the command definitions', () => {
    const specs = commandSpecs(buildProgram());
    expect(specs.map((c) => c.name)).toEqual(['offload', 'connect', 'demo', 'init', 'completion']);
    const offload = specs.find((c) => c.name === 'offload')!;
    const longs = offload.flags.map((f) => f.long);
    expect(longs).toEqual(expect.arrayContaining(['--table', '--execute', '--json', '--help']));
    // hidden guard options (GOE options refused by name) are not offered
    expect(longs).not.toContain('--purge');
    expect(specs.find((c) => c.name === 'completion')!.argChoices).toEqual(['bash', 'zsh', 'fish']);
  });

  it.each(SHELLS)('the %s script passes the shell’s own parser', (shell) => {
    const missing = shellMissing(shell);
    if (missing !== undefined) {
      console.log(`skipped: ${missing}`);
      return;
    }
    const r = spawnSync(shell, ['-n', join(dir, `goe.${shell}`)], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
  });

  it('bash completes commands, options, option values and the shell argument', () => {
    expect(bashComplete('goe', '')).toEqual([
      'offload',
      'connect',
      'demo',
      'init',
      'completion',
      'help',
      '--help',
      '--version',
    ]);
    expect(bashComplete('goe', 'co')).toEqual(['connect', 'completion']);
    expect(bashComplete('goe', 'offload', '--tab')).toEqual(['--table']);
    expect(bashComplete('goe', '--json', 'offload', '-x', '--ex')).toEqual(expect.arrayContaining(['--execute']));
    expect(bashComplete('goe', 'init', '--fr')).toEqual(['--frontend']);
    expect(bashComplete('goe', 'completion', '')).toEqual(['bash', 'zsh', 'fish']);
    expect(bashComplete('goe', 'help', 'd')).toEqual(['demo']);
    expect(bashComplete('goe', 'nonsense', '--')).toEqual([]);
  });

  it('zsh loads the script under compinit; fish completes from it', () => {
    const zsh = shellMissing('zsh');
    if (zsh === undefined) {
      const r = spawnSync(
        'zsh',
        [
          '-f',
          '-c',
          `autoload -U compinit && compinit -u -D && source ${JSON.stringify(join(dir, 'goe.zsh'))} && echo loaded`,
        ],
        { encoding: 'utf8', env: { ...process.env, HOME: dir } },
      );
      expect(r.stdout.trim(), r.stderr).toBe('loaded');
    } else console.log(`skipped: ${zsh}`);
    const fish = shellMissing('fish');
    if (fish !== undefined) {
      console.log(`skipped: ${fish}`);
      return;
    }
    const r = spawnSync(
      'fish',
      [
        '--no-config',
        '-c',
        `source ${JSON.stringify(join(dir, 'goe.fish'))}; complete -C 'goe off'; complete -C 'goe completion '`,
      ],
      { encoding: 'utf8', env: { ...process.env, HOME: dir } },
    );
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.split('\n').filter((l) => l !== '');
    expect(lines[0]).toMatch(/^offload\tCopy a table/);
    expect(lines.slice(1)).toEqual(['bash', 'fish', 'zsh']);
  });

  it('goe completion prints the script on stdout; an unknown shell is an option error', async () => {
    const r = await runGoeInProcess(['completion', 'bash'], { NO_COLOR: '1', HOME: dir });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe(scripts.bash);
    const bad = await runGoeInProcess(['completion', 'tcsh'], { NO_COLOR: '1', HOME: dir });
    expect(bad.code).toBe(2);
    expect(bad.err).toContain(
      "error OPTION_INVALID: command-argument value 'tcsh' is invalid for argument 'shell'. Allowed choices are bash, zsh, fish.",
    );
    expect(() => completionScript(buildProgram(), 'tcsh')).toThrow('goe completion "tcsh": no such shell');
  });
});
