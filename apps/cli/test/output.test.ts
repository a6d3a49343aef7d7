/** The progress display of the Reporter: one bar per slice on a terminal, one line otherwise, never in --json. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { capture } from './support/capture.js';
import type { GoeEvent } from '@goe/core';
import { MAX_SLICE_LINES, Reporter, type OutputOptions } from '../src/output.js';

const OPTS: OutputOptions = { json: false, verbose: 0, quiet: false, color: false, tty: true };

/** What a terminal shows after the escape sequences (\r, erase line, cursor up) are applied. */
function screen(raw: string): string[] {
  const lines: string[] = [''];
  let row = 0;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (raw.startsWith('\u001b[K', i)) {
      lines[row] = '';
      i += 2;
    } else if (raw.startsWith('\u001b[1A', i)) {
      row = Math.max(0, row - 1);
      i += 3;
    } else if (ch === '\r') {
      lines[row] = '';
    } else if (ch === '\n') {
      row++;
      lines[row] ??= '';
    } else lines[row] += ch;
  }
  return lines.filter((l, i) => l !== '' || i < row);
}

const progress = (p: Omit<Extract<GoeEvent, { type: 'progress' }>, 'type'>): GoeEvent => ({ type: 'progress', ...p });

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-11-26T12:00:00Z'));
});
afterEach(() => vi.useRealTimers());

describe('Reporter progress', () => {
  it('draws the overall bar and one bar per slice on a terminal, redrawing in place', () => {
    const out = capture();
    const r = new Reporter(OPTS, out.stream);
    r.event({ type: 'step:start', step: 'STAGING_TRANSPORT', title: 'Transport data' } as GoeEvent);
    vi.advanceTimersByTime(1000);
    r.event(progress({ slice: 's0', rows: 250, bytes: 1000, totalRows: 500 }));
    vi.advanceTimersByTime(200);
    r.event(progress({ slice: 's1', rows: 100, bytes: 400, totalRows: 500 }));
    vi.advanceTimersByTime(200);
    r.event(progress({ rows: 350, bytes: 1400, totalRows: 1000 }));
    const shown = screen(out.text());
    expect(shown[0]).toBe('Transport data');
    expect(shown).toHaveLength(4);
    expect(shown[1]).toMatch(/^ {2}\[#{8}\.{16}\] 35% 350 rows, 1\.4 kB, \d+ rows\/s, 2 slice\(s\) ETA \d+ s$/);
    expect(shown[2]).toBe('    s0           [########........]  50% 250 rows');
    expect(shown[3]).toBe('    s1           [###.............]  20% 100 rows');
  });

  it('a slice estimate does not replace the overall total', () => {
    const out = capture();
    const r = new Reporter(OPTS, out.stream);
    r.event(progress({ rows: 0, bytes: 0, totalRows: 1000 }));
    vi.advanceTimersByTime(200);
    r.event(progress({ slice: 's0', rows: 100, bytes: 10, totalRows: 100 }));
    expect(screen(out.text())[0]).toContain(' 10% ');
  });

  it(`shows at most ${MAX_SLICE_LINES} slices and says how many more`, () => {
    const out = capture();
    const r = new Reporter(OPTS, out.stream);
    for (let i = 0; i < 11; i++) r.event(progress({ slice: `s${i}`, rows: i, bytes: i }));
    vi.advanceTimersByTime(200);
    r.event(progress({ slice: 's0', rows: 1, bytes: 1 }));
    const shown = screen(out.text());
    expect(shown).toHaveLength(1 + MAX_SLICE_LINES + 1);
    expect(shown.at(-1)).toBe('    … 3 more slice(s)');
  });

  it('prints plain overall lines (no slices, no escapes) when stderr is not a terminal, and nothing with --json', () => {
    const plain = capture();
    const r = new Reporter({ ...OPTS, tty: false }, plain.stream);
    r.event(progress({ slice: 's0', rows: 5, bytes: 5, totalRows: 10 }));
    r.event(progress({ slice: 's1', rows: 5, bytes: 5, totalRows: 10 }));
    expect(plain.text()).not.toContain('\u001b');
    expect(plain.text().trim().split('\n')).toHaveLength(1);
    const json = capture();
    new Reporter({ ...OPTS, json: true }, json.stream).event(progress({ rows: 5, bytes: 5 }));
    expect(json.text()).toBe('');
  });
});
