/**
 * How the CLI talks: one clear line per error, plain lines or a progress bar on a TTY, `--json`, `NO_COLOR`,
 * `-v`/`--vv`/`--quiet`. Renders core's typed events.
 */
import { isGoeError, type GoeEvent } from '@goe/core';

/** Output settings from the global options and the environment. */
export interface OutputOptions {
  readonly json: boolean;
  readonly verbose: number;
  readonly quiet: boolean;
  readonly color: boolean;
  readonly tty: boolean;
}

/** Reads `--json`, `-v`, `--vv`, `--quiet`, `NO_COLOR`, `--no-ansi` and whether stderr is a terminal. */
export function outputOptions(opts: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): OutputOptions {
  const tty = Boolean(process.stderr.isTTY) && !opts.json;
  return {
    json: Boolean(opts.json),
    verbose: opts.vv ? 2 : opts.verbose ? 1 : 0,
    quiet: Boolean(opts.quiet),
    color: tty && env.NO_COLOR === undefined && opts.ansi !== false,
    tty,
  };
}

const paint = (on: boolean, code: number) => (s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

function human(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return String(n);
}

/** Renders events to stderr (stdout is kept for results and `--json`). */
export class Reporter {
  private readonly red: (s: string) => string;
  private readonly dim: (s: string) => string;
  private readonly bold: (s: string) => string;
  private readonly slices = new Map<string, { rows: number; bytes: number }>();
  private total?: number;
  private started = Date.now();
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly o: OutputOptions,
    private readonly err: NodeJS.WritableStream = process.stderr,
  ) {
    this.red = paint(o.color, 31);
    this.dim = paint(o.color, 2);
    this.bold = paint(o.color, 1);
  }

  /** Handles one core event. */
  event(e: GoeEvent): void {
    if (this.o.json) return;
    switch (e.type) {
      case 'step:start':
        this.started = Date.now();
        this.slices.clear();
        this.print(this.bold(e.title));
        break;
      case 'step:end':
        this.clearBar();
        if (this.o.verbose && !this.o.quiet)
          this.print(this.dim(`  ${e.title}: ${e.status} (${(e.ms / 1000).toFixed(1)} s)`));
        break;
      case 'progress':
        this.progress(e);
        break;
      case 'warning':
        this.print(`WARNING: ${e.message}`);
        break;
      case 'notice':
        if (!this.o.quiet) this.print(e.message);
        break;
      case 'log':
        if (this.o.verbose >= (e.level === 'debug' ? 2 : 1)) this.print(this.dim(e.message));
        break;
    }
  }

  private progress(e: Extract<GoeEvent, { type: 'progress' }>): void {
    this.slices.set(e.slice ?? '*', { rows: e.rows, bytes: e.bytes });
    if (e.totalRows !== undefined) this.total = e.totalRows;
    const now = Date.now();
    if (now - this.lastDraw < (this.o.tty ? 100 : 5000)) return;
    this.lastDraw = now;
    let rows = 0;
    let bytes = 0;
    for (const [k, v] of this.slices) {
      if (k === '*') continue;
      rows += v.rows;
      bytes += v.bytes;
    }
    if (rows === 0 && this.slices.has('*')) ({ rows, bytes } = this.slices.get('*')!);
    const secs = Math.max((now - this.started) / 1000, 0.001);
    const rate = rows / secs;
    let text = `  ${human(rows)} rows, ${human(bytes)}B, ${human(Math.round(rate))} rows/s, ${this.slices.size} slice(s)`;
    if (this.total) {
      const pct = Math.min(rows / this.total, 1);
      const width = 24;
      const bar = '#'.repeat(Math.round(pct * width)).padEnd(width, '.');
      const eta = rate > 0 ? Math.max(0, (this.total - rows) / rate) : 0;
      text = `  [${bar}] ${(pct * 100).toFixed(0)}%${text.slice(1)} ETA ${eta.toFixed(0)} s`;
    }
    if (this.o.tty) {
      this.err.write(`\r\u001b[K${text}`);
      this.drawn = true;
    } else if (!this.o.quiet) this.print(text);
  }

  private clearBar(): void {
    if (this.drawn) this.err.write('\r\u001b[K');
    this.drawn = false;
  }

  /** Prints one line to stderr (never in `--json` mode). */
  print(line: string): void {
    if (this.o.json) return;
    this.clearBar();
    this.err.write(line + '\n');
  }

  /** Prints one clear error line (code, message, hint); the stack only with `--vv`. */
  error(error: unknown): void {
    this.clearBar();
    if (isGoeError(error)) {
      this.err.write(`${this.red('error')} ${error.code}: ${error.message}\n`);
      if (error.hint) this.err.write(`  hint: ${error.hint}\n`);
    } else {
      this.err.write(`${this.red('error')}: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    if (this.o.verbose >= 2 && error instanceof Error && error.stack) this.err.write(this.dim(error.stack) + '\n');
  }
}

/** The `--json` form of an error. */
export function errorJson(error: unknown): Record<string, unknown> {
  if (isGoeError(error)) return { status: 'error', error: error.toJSON() };
  return {
    status: 'error',
    error: { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) },
  };
}
