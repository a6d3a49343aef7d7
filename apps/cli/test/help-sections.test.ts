/**
 * `--help` after the options: examples that use only the command's own options, the variables the options mirror
 * (from the options' descriptions), and the exit codes generated from core's `EXIT_CODES`/`ERROR_CODES`.
 */
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, EXIT_CODES } from '@goe/core';
import { buildProgram } from '../src/program.js';
import { exitCodesSection, mirroredVariables } from '../src/help.js';
import { runGoeInProcess } from './support/in-process.js';

const COMMANDS = ['offload', 'connect', 'demo', 'init', 'completion'];

/** The lines of a help section (after its heading, up to the next blank line). */
function section(help: string, heading: string): string[] {
  const lines = help.split('\n');
  const at = lines.findIndex((l) => l.startsWith(heading));
  if (at < 0) return [];
  const end = lines.findIndex((l, i) => i > at && l.trim() === '');
  return lines.slice(at + 1, end < 0 ? undefined : end);
}

describe('help sections', () => {
  it('every exit code has its meaning and the error codes that give it', () => {
    const lines = exitCodesSection();
    expect(lines[0]).toBe('Exit codes:');
    for (const exit of Object.values(EXIT_CODES)) expect(lines.some((l) => l.startsWith(`  ${exit}  `))).toBe(true);
    for (const code of Object.keys(ERROR_CODES)) expect(lines.join('\n')).toContain(code);
    expect(lines).toContain(
      '  3  refused by the state of the table, the lock or the backend (ALREADY_OFFLOADED, TARGET_NOT_OWNED, LOCK_HELD, BACKEND_BUSY)',
    );
  });

  it('offload lists the variables its options mirror, from the option descriptions', () => {
    const offload = buildProgram().commands.find((c) => c.name() === 'offload')!;
    const mirrored = new Map(mirroredVariables(offload));
    expect(mirrored.get('MAX_OFFLOAD_CHUNK_SIZE')).toBe('--max-offload-chunk-size');
    expect(mirrored.get('OFFLOAD_TRANSPORT_PARALLELISM')).toBe('--offload-transport-parallelism');
    expect(mirrored.get('OFFLOAD_FS_SCHEME')).toBe('--offload-fs-scheme');
  });

  it.each(COMMANDS)('goe %s --help: examples with known options only, environment and exit codes', async (name) => {
    const r = await runGoeInProcess([name, '--help'], { NO_COLOR: '1', HOME: '/nonexistent-home' });
    expect(r.code, r.err).toBe(0);
    const help = r.out;
    const examples = section(help, 'Examples:');
    expect(examples.length).toBeGreaterThan(0);
    const cmd = buildProgram().commands.find((c) => c.name() === name)!;
    const known = new Set(cmd.options.flatMap((o) => [o.long, o.short]));
    for (const example of examples) {
      const words = example
        .replace(/#.*$/, '')
        .replace(/'[^']*'/g, "'x'")
        .trim()
        .split(/\s+/);
      const at = words.findIndex((w) => /(^|\()goe$/.test(w));
      expect(words[at + 1], example).toBe(name);
      for (const w of words.slice(at + 2)) {
        if (w.startsWith('-')) expect(known.has(w), `${example}: ${w}`).toBe(true);
      }
    }
    expect(section(help, 'Exit codes:').length).toBeGreaterThan(1);
    if (name === 'offload') {
      const env = section(help, 'Environment');
      expect(env).toContainEqual(
        expect.stringMatching(/^ {2}MAX_OFFLOAD_CHUNK_SIZE +mirrored by --max-offload-chunk-size$/),
      );
      expect(env).toContainEqual(expect.stringMatching(/^ {2}OFFLOAD_HOME +configuration, logs/));
    }
  });

  it('goe --help ends with examples of every command, the environment and the exit codes', async () => {
    const r = await runGoeInProcess(['--help'], { NO_COLOR: '1', HOME: '/nonexistent-home' });
    expect(r.code).toBe(0);
    const examples = section(r.out, 'Examples:').join('\n');
    for (const name of ['demo', 'init', 'connect', 'offload']) expect(examples).toContain(`goe ${name}`);
    expect(section(r.out, 'Environment').map((l) => l.trim().split(/\s+/)[0])).toEqual([
      'OFFLOAD_HOME',
      'FRONTEND_DISTRIBUTION',
      'QUERY_ENGINE',
      'GOE_PLUGINS',
      'NO_COLOR',
    ]);
    expect(section(r.out, 'Exit codes:')).toHaveLength(Object.keys(EXIT_CODES).length);
  });
});
