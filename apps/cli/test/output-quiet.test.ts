/** Issue #11: `--quiet` shows only errors and result lines; every printed line escapes control characters. */
import { capture } from './support/capture.js';
import { describe, expect, it } from 'vitest';
import { GoeError, type GoeEvent } from '@goe/core';
import { outputOptions, Reporter, type OutputOptions } from '../src/output.js';
import { commanderErrorLine } from '../src/program.js';

const BASE: OutputOptions = { json: false, verbose: 0, quiet: false, color: false, tty: false };

const EVENTS: GoeEvent[] = [
  { type: 'step:start', step: 'FIND_DATA', title: 'Find data to offload' } as GoeEvent,
  { type: 'notice', message: 'A notice' } as GoeEvent,
  { type: 'warning', message: 'A warning' } as GoeEvent,
  { type: 'log', level: 'info', message: 'A log line' } as GoeEvent,
  { type: 'step:end', step: 'FIND_DATA', title: 'Find data to offload', status: 'ok', ms: 10 } as GoeEvent,
];

describe('Reporter --quiet', () => {
  it('shows no step title, notice, warning or log line, but result lines and errors', () => {
    const out = capture();
    const r = new Reporter({ ...BASE, quiet: true }, out.stream);
    for (const e of EVENTS) r.event(e);
    r.note('Seeding 10 rows…');
    r.print('Offloaded 10 rows from sh.small to sh.small. Log: /x.log');
    r.error(new GoeError('TABLE_NOT_FOUND', 'Table sh.nope does not exist', { hint: 'Check -t' }));
    expect(out.text()).toBe(
      'Offloaded 10 rows from sh.small to sh.small. Log: /x.log\n' +
        'error TABLE_NOT_FOUND: Table sh.nope does not exist\n  hint: Check -t\n',
    );
  });

  it('without --quiet shows titles, notices and warnings', () => {
    const out = capture();
    const r = new Reporter(BASE, out.stream);
    for (const e of EVENTS) r.event(e);
    r.note('Seeding 10 rows…');
    expect(out.text()).toBe('Find data to offload\nA notice\nWARNING: A warning\nSeeding 10 rows…\n');
  });

  it('--quiet turns -v and --vv off, as in GOE', () => {
    expect(outputOptions({ quiet: true, vv: true }, {})).toMatchObject({ quiet: true, verbose: 0 });
    expect(outputOptions({ vv: true }, {})).toMatchObject({ quiet: false, verbose: 2 });
  });
});

describe('one line per message', () => {
  it('escapes control characters in errors, hints, titles and printed lines', () => {
    const out = capture();
    const r = new Reporter({ ...BASE, verbose: 1 }, out.stream);
    r.error(new GoeError('TABLE_NOT_FOUND', 'Table sh.a\nb does not exist', { hint: 'Check\r-t' }));
    r.error(new Error('plain\nerror'));
    r.event({ type: 'step:start', step: 'X', title: 'Title\u001b[2J' } as GoeEvent);
    r.print('result\nline');
    expect(
      out
        .text()
        .split('\n')
        .filter((l) => l !== ''),
    ).toEqual([
      'error TABLE_NOT_FOUND: Table sh.a\\nb does not exist',
      '  hint: Check\\r-t',
      'error: plain\\nerror',
      'Title\\u001b[2J',
      'result\\nline',
    ]);
  });

  it('keeps colours it adds itself', () => {
    const out = capture();
    new Reporter({ ...BASE, color: true }, out.stream).event({
      type: 'step:start',
      step: 'X',
      title: 'Find data to offload',
    } as GoeEvent);
    expect(out.text()).toBe('\u001b[1mFind data to offload\u001b[0m\n');
  });

  it('puts commander errors and their suggestion on one line', () => {
    expect(commanderErrorLine("error: unknown option '--x'\n(Did you mean --y?)\n")).toBe(
      "error OPTION_INVALID: unknown option '--x' (Did you mean --y?)\n",
    );
    expect(commanderErrorLine("error: unknown option '--a\nb'\n")).toBe(
      "error OPTION_INVALID: unknown option '--a\\nb'\n",
    );
  });
});
