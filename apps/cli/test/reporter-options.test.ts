/**
 * The CLI's output settings and Reporter outside the progress bar: -v/--vv/--quiet/--json/NO_COLOR/--no-ansi,
 * log levels, step timings, large numbers on a plain (non-TTY) progress line, and errors of every kind, in
 * plain text and --json.
 */
import type { Writable } from 'node:stream';
import { capture as captureText } from './support/capture.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GoeError, type GoeEvent } from '@goe/core';
import { errorJson, outputOptions, Reporter, type OutputOptions } from '../src/output.js';

const PLAIN: OutputOptions = { json: false, verbose: 0, quiet: false, color: false, tty: false };

function capture(): { stream: Writable; lines: () => string[]; text: () => string } {
  const c = captureText();
  return {
    stream: c.stream,
    text: c.text,
    lines: () =>
      c
        .text()
        .split('\n')
        .filter((l) => l !== ''),
  };
}

function report(o: Partial<OutputOptions>, events: GoeEvent[]): string[] {
  const c = capture();
  const r = new Reporter({ ...PLAIN, ...o }, c.stream);
  for (const e of events) r.event(e);
  return c.lines();
}

const stderrTty = Object.getOwnPropertyDescriptor(process.stderr, 'isTTY');
afterEach(() => {
  if (stderrTty) Object.defineProperty(process.stderr, 'isTTY', stderrTty);
  else delete (process.stderr as { isTTY?: boolean }).isTTY;
});
function onTerminal(): void {
  Object.defineProperty(process.stderr, 'isTTY', { value: true, configurable: true });
}

describe('outputOptions', () => {
  it('maps -v and --vv to verbosity 1 and 2, and --quiet turns both off', () => {
    expect(outputOptions({}, {}).verbose).toBe(0);
    expect(outputOptions({ verbose: true }, {}).verbose).toBe(1);
    expect(outputOptions({ vv: true }, {}).verbose).toBe(2);
    expect(outputOptions({ vv: true, verbose: true, quiet: true }, {})).toMatchObject({ verbose: 0, quiet: true });
  });

  it('colours only a terminal, and not with NO_COLOR, --no-ansi or --json', () => {
    onTerminal();
    expect(outputOptions({}, {})).toMatchObject({ tty: true, color: true, json: false });
    expect(outputOptions({}, { NO_COLOR: '' })).toMatchObject({ tty: true, color: false });
    expect(outputOptions({ ansi: false }, {})).toMatchObject({ tty: true, color: false });
    expect(outputOptions({ json: true }, {})).toMatchObject({ tty: false, color: false, json: true });
  });

  it('never colours when stderr is not a terminal', () => {
    Object.defineProperty(process.stderr, 'isTTY', { value: false, configurable: true });
    expect(outputOptions({}, {})).toMatchObject({ tty: false, color: false });
  });
});

describe('Reporter events', () => {
  const logs: GoeEvent[] = [
    { type: 'log', level: 'info', message: 'info line' },
    { type: 'log', level: 'debug', message: 'debug line' },
  ];

  it('shows info logs from -v and debug logs from --vv only', () => {
    expect(report({ verbose: 0 }, logs)).toEqual([]);
    expect(report({ verbose: 1 }, logs)).toEqual(['info line']);
    expect(report({ verbose: 2 }, logs)).toEqual(['info line', 'debug line']);
  });

  it('adds the status and time of each step with -v', () => {
    const step: GoeEvent[] = [
      { type: 'step:start', step: 'STAGING_TRANSPORT', title: 'Transport data to staging' },
      { type: 'step:end', step: 'STAGING_TRANSPORT', title: 'Transport data to staging', status: 'ok', ms: 1234 },
    ];
    expect(report({}, step)).toEqual(['Transport data to staging']);
    expect(report({ verbose: 1 }, step)).toEqual([
      'Transport data to staging',
      '  Transport data to staging: ok (1.2 s)',
    ]);
  });

  it('colours step titles and dims details on a colour terminal', () => {
    const lines = report({ verbose: 1, color: true }, [
      { type: 'step:start', step: 'LOAD', title: 'Load' },
      { type: 'log', level: 'info', message: 'x' },
    ]);
    expect(lines).toEqual(['\u001b[1mLoad\u001b[0m', '\u001b[2mx\u001b[0m']);
  });

  it('off a terminal: no progress line in the first 5 s, then one with G and M units, without a total', () => {
    vi.useFakeTimers({ now: 0 });
    try {
      const c = capture();
      const r = new Reporter(PLAIN, c.stream);
      r.event({ type: 'progress', rows: 1_000, bytes: 10 });
      expect(c.lines()).toEqual([]);
      vi.setSystemTime(5_000);
      r.event({ type: 'progress', rows: 2_500_000_000, bytes: 3_000_000 });
      expect(c.lines()).toHaveLength(1);
      expect(c.lines()[0]).toMatch(/^ {2}2\.50 G rows, 3\.00 MB, [\d.]+ [GMk]? ?rows\/s, 1 slice\(s\)$/);
    } finally {
      vi.useRealTimers();
    }
  });

  it("ends a step's progress with one exact line: every row, the bytes, the time and the mean rate", () => {
    vi.useFakeTimers({ now: 0 });
    try {
      const c = capture();
      const r = new Reporter(PLAIN, c.stream);
      r.event({ type: 'step:start', step: 'STAGING_TRANSPORT', title: 'Transport data to staging' });
      r.event({ type: 'progress', slice: 's0', rows: 1_800, bytes: 0 });
      vi.setSystemTime(2_000);
      r.event({ type: 'progress', rows: 10_000, bytes: 2_144_114, totalRows: 10_000 });
      r.event({
        type: 'step:end',
        step: 'STAGING_TRANSPORT',
        title: 'Transport data to staging',
        status: 'ok',
        ms: 2000,
      });
      expect(c.lines()).toEqual([
        'Transport data to staging',
        '  10,000 rows, 2.14 MB in 2.0 s (5.0 k rows/s, 1 slice(s))',
      ]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("-v leaves out the log file's step frames and shows a multi-line message as lines", () => {
    expect(
      report({ verbose: 1 }, [
        { type: 'log', level: 'info', message: '' },
        { type: 'log', level: 'info', message: 'Load staged data\n----------------' },
        { type: 'log', level: 'info', message: 'CREATE TABLE t (\n  a INT\n)' },
        { type: 'log', level: 'info', message: 'Done' },
        { type: 'log', level: 'info', message: 'Not a frame\n---' },
      ]),
    ).toEqual(['CREATE TABLE t (', '  a INT', ')', 'Not a frame', '---']);
  });

  it('a status line is redrawn on a terminal and printed every 5 s elsewhere', () => {
    vi.useFakeTimers({ now: 0 });
    try {
      const plain = capture();
      const r = new Reporter(PLAIN, plain.stream);
      r.status('Seeding… 1 of 3');
      vi.setSystemTime(6_000);
      r.status('Seeding… 2 of 3');
      r.status('Seeding… 3 of 3');
      expect(plain.lines()).toEqual(['Seeding… 2 of 3']);
      const tty = capture();
      const t = new Reporter({ ...PLAIN, tty: true }, tty.stream);
      t.status('a');
      t.status('b');
      t.print('done');
      expect(tty.text()).toBe('a\r\u001b[Kb\r\u001b[Kdone\n');
      const quiet = capture();
      new Reporter({ ...PLAIN, quiet: true }, quiet.stream).status('hidden');
      expect(quiet.lines()).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows nothing but errors in --json mode, not even print()', () => {
    const c = capture();
    const r = new Reporter({ ...PLAIN, json: true }, c.stream);
    r.event({ type: 'warning', message: 'careful' });
    r.print('result line');
    r.note('note line');
    r.error(new GoeError('OPTION_INVALID', 'bad option'));
    expect(c.lines()).toEqual(['error OPTION_INVALID: bad option']);
  });

  it('--quiet hides notes and events but keeps print() lines', () => {
    const c = capture();
    const r = new Reporter({ ...PLAIN, quiet: true }, c.stream);
    r.event({ type: 'notice', message: 'a notice' });
    r.note('seeding…');
    r.print('result');
    expect(c.lines()).toEqual(['result']);
  });
});

describe('errors', () => {
  it('prints a GoeError with its code and hint, each on one line', () => {
    const c = capture();
    new Reporter(PLAIN, c.stream).error(
      new GoeError('CONFIG_INVALID', 'bad\nvalue', { hint: 'fix\tit', variable: 'X' }),
    );
    expect(c.lines()).toEqual(['error CONFIG_INVALID: bad\\nvalue', '  hint: fix\\tit']);
  });

  it('prints other errors and thrown values as one line, and the stack only with --vv', () => {
    const c = capture();
    new Reporter(PLAIN, c.stream).error('plain string');
    new Reporter(PLAIN, c.stream).error(new Error('boom'));
    expect(c.lines()).toEqual(['error: plain string', 'error: boom']);
    const vv = capture();
    const e = new Error('deep');
    new Reporter({ ...PLAIN, verbose: 2 }, vv.stream).error(e);
    expect(vv.lines()[0]).toBe('error: deep');
    expect(vv.lines().slice(1).join('\n')).toContain(e.stack!.split('\n')[1]!.trim());
    const red = capture();
    new Reporter({ ...PLAIN, color: true }, red.stream).error('x');
    expect(red.lines()).toEqual(['\u001b[31merror\u001b[0m: x']);
  });

  it('--json: a GoeError as its JSON form, anything else as INTERNAL', () => {
    const goe = new GoeError('LOCK_HELD', 'held');
    expect(errorJson(goe)).toEqual({ status: 'error', error: goe.toJSON() });
    expect(errorJson(new Error('boom'))).toEqual({ status: 'error', error: { code: 'INTERNAL', message: 'boom' } });
    expect(errorJson(42)).toEqual({ status: 'error', error: { code: 'INTERNAL', message: '42' } });
  });
});
