/**
 * How the CLI talks: one clear line per error, plain lines or a progress bar on a TTY, `--json`, `NO_COLOR`,
 * `-v`/`--vv`/`--quiet`. Renders core's typed events.
 *
 * `--quiet` (GOE: "turns off -v/--vv") shows only errors and the command's result lines ({@link Reporter.print});
 * step titles, notices, warnings, progress and log lines still go to the log file (and warnings to `--json`).
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { escapeControl, isGoeError, loadConfig, resolveOffloadHome, type GoeEvent } from '@goe/core';
import { STACK_COMMON_CONFIG } from '@goe/stack';

/** Output settings from the global options and the environment. */
export interface OutputOptions {
  readonly json: boolean;
  readonly verbose: number;
  readonly quiet: boolean;
  readonly color: boolean;
  readonly tty: boolean;
  /** `--suppress-stdout` (GOE: "log file only"): no screen output but errors; the log file is still written. */
  readonly suppress?: boolean;
}

/**
 * Reads `--json`, `-v`, `--vv`, `--quiet`, `--suppress-stdout`, `NO_COLOR`, `--no-ansi` and whether stderr is a
 * terminal. `--quiet` turns `-v`/`--vv` off, as in GOE; `--suppress-stdout` implies `--quiet` and hides result lines
 * too (errors are still shown).
 *
 * @example
 * outputOptions({ quiet: true, vv: true }).verbose // 0
 */
export function outputOptions(opts: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): OutputOptions {
  const suppress = Boolean(opts.suppressStdout);
  const tty = Boolean(process.stderr.isTTY) && !opts.json && !suppress;
  const quiet = Boolean(opts.quiet) || suppress;
  return {
    json: Boolean(opts.json),
    verbose: quiet ? 0 : opts.vv ? 2 : opts.verbose ? 1 : 0,
    quiet,
    color: tty && env.NO_COLOR === undefined && opts.ansi !== false,
    tty,
    suppress,
  };
}

const paint = (on: boolean, code: number) => (s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

function human(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return String(n);
}

/** Most per-slice progress lines shown on a terminal. @example MAX_SLICE_LINES // 8 */
export const MAX_SLICE_LINES = 8;

function bar(pct: number, width = 24): string {
  return `[${'#'.repeat(Math.round(pct * width)).padEnd(width, '.')}]`;
}

/**
 * True for the runner's log lines that frame a step in the log file (`Title` over dashes, `Done`, blank): the
 * terminal shows the step's own start and end lines instead.
 *
 * @example
 * isStepChrome('Load staged data\n----------------') // true
 */
export function isStepChrome(message: string): boolean {
  if (message === '' || message === 'Done') return true;
  const m = /^([^\n]+)\n(-+)$/.exec(message);
  return m !== null && m[1]!.length === m[2]!.length;
}

/** Renders events to stderr (stdout is kept for results and `--json`). */
export class Reporter {
  private readonly red: (s: string) => string;
  private readonly dim: (s: string) => string;
  private readonly bold: (s: string) => string;
  /** Per-slice progress (rows, bytes, the slice's estimated rows). */
  private readonly slices = new Map<string, { rows: number; bytes: number; total?: number }>();
  /** Progress events without a slice (the transport's overall line). */
  private overall?: { rows: number; bytes: number };
  private total?: number;
  private started = Date.now();
  private lastDraw = 0;
  /** Lines of the progress display now on screen (TTY). */
  private drawn = 0;

  constructor(
    private readonly o: OutputOptions,
    private readonly err: NodeJS.WritableStream = process.stderr,
  ) {
    this.red = paint(o.color, 31);
    this.dim = paint(o.color, 2);
    this.bold = paint(o.color, 1);
  }

  /** Handles one core event (with `--quiet` or `--json`, none is shown: they all reach the log file). */
  event(e: GoeEvent): void {
    if (this.o.json || this.o.quiet) return;
    switch (e.type) {
      case 'step:start':
        this.started = Date.now();
        this.slices.clear();
        this.overall = undefined;
        this.total = undefined;
        this.line(this.bold(escapeControl(e.title)));
        break;
      case 'step:end':
        this.clearBar();
        // the step's last progress, exact (the transport's final event carries the totals), even off a terminal
        if (this.overall !== undefined || this.slices.size > 0) this.line(this.finalProgressLine(Date.now()));
        this.overall = undefined;
        this.slices.clear();
        if (this.o.verbose)
          this.line(this.dim(escapeControl(`  ${e.title}: ${e.status} (${(e.ms / 1000).toFixed(1)} s)`)));
        break;
      case 'progress':
        this.progress(e);
        break;
      case 'warning':
        this.print(`WARNING: ${e.message}`);
        break;
      case 'notice':
        this.print(e.message);
        break;
      case 'log':
        if (this.o.verbose < (e.level === 'debug' ? 2 : 1) || isStepChrome(e.message)) break;
        // a multi-line message (the plan, a CREATE TABLE) as lines, each with its control characters escaped
        for (const l of e.message.split(/\r\n|\n|\r/)) this.line(this.dim(escapeControl(l)));
        break;
    }
  }

  /**
   * A status line that replaces itself (e.g. "Seeding 300,000 of 1,000,000 rows"): redrawn on a terminal, printed at
   * most every 5 s otherwise; hidden by `--quiet` and `--json`. The next line printed clears it.
   */
  status(text: string): void {
    if (this.o.json || this.o.quiet) return;
    const now = Date.now();
    if (this.o.tty) {
      this.clearBar();
      this.err.write(escapeControl(text));
      this.drawn = 1;
    } else if (now - Math.max(this.lastDraw, this.started) >= 5000) {
      this.lastDraw = now;
      this.line(escapeControl(text));
    }
  }

  private progress(e: Extract<GoeEvent, { type: 'progress' }>): void {
    if (e.slice === undefined) {
      this.overall = { rows: e.rows, bytes: e.bytes };
      if (e.totalRows !== undefined) this.total = e.totalRows;
    } else {
      this.slices.set(e.slice, {
        rows: e.rows,
        bytes: e.bytes,
        ...(e.totalRows === undefined ? {} : { total: e.totalRows }),
      });
    }
    const now = Date.now();
    // a terminal redraws every 100 ms; a log or pipe gets a line every 5 s (and the exact one at the step's end)
    if (this.o.tty ? now - this.lastDraw < 100 : now - Math.max(this.lastDraw, this.started) < 5000) return;
    this.lastDraw = now;
    const lines = this.progressLines(now);
    if (this.o.tty) {
      this.clearBar();
      this.err.write(lines.join('\n'));
      this.drawn = lines.length;
    } else this.print(lines[0]!);
  }

  /**
   * The progress display: the overall line (rows, bytes, rows/s, slices, and a bar with ETA when the total is
   * known) and, on a terminal with several slices, one bar per slice (at most {@link MAX_SLICE_LINES}).
   */
  private progressLines(now: number): string[] {
    const { rows, bytes } = this.totals();
    const secs = Math.max((now - this.started) / 1000, 0.001);
    const rate = rows / secs;
    const count = Math.max(this.slices.size, 1);
    let text = `  ${human(rows)} rows, ${human(bytes)}B, ${human(Math.round(rate))} rows/s, ${count} slice(s)`;
    if (this.total) {
      const pct = Math.min(rows / this.total, 1);
      const eta = rate > 0 ? Math.max(0, (this.total - rows) / rate) : 0;
      text = `  ${bar(pct)} ${(pct * 100).toFixed(0)}%${text.slice(1)} ETA ${eta.toFixed(0)} s`;
    }
    const out = [text];
    if (this.o.tty && this.slices.size > 1) {
      const shown = [...this.slices].slice(0, MAX_SLICE_LINES);
      for (const [id, v] of shown) {
        const pct = v.total ? Math.min(v.rows / v.total, 1) : undefined;
        out.push(
          this.dim(
            `    ${id.padEnd(12)} ${pct === undefined ? '' : `${bar(pct, 16)} ${(pct * 100).toFixed(0).padStart(3)}% `}${human(v.rows)} rows`,
          ),
        );
      }
      if (this.slices.size > shown.length) out.push(this.dim(`    … ${this.slices.size - shown.length} more slice(s)`));
    }
    return out;
  }

  /** Rows and bytes so far: the slices' sum, or the overall event when it is ahead. */
  private totals(): { rows: number; bytes: number } {
    let rows = 0;
    let bytes = 0;
    for (const v of this.slices.values()) {
      rows += v.rows;
      bytes += v.bytes;
    }
    return this.overall !== undefined && this.overall.rows >= rows ? { ...this.overall } : { rows, bytes };
  }

  /** The step's last progress line: exact counts, the elapsed time and the mean rate (no bar, no ETA). */
  private finalProgressLine(now: number): string {
    const { rows, bytes } = this.totals();
    const secs = Math.max((now - this.started) / 1000, 0.001);
    const slices = Math.max(this.slices.size, 1);
    return `  ${rows.toLocaleString('en-US')} rows, ${human(bytes)}B in ${secs.toFixed(1)} s (${human(Math.round(rows / secs))} rows/s, ${slices} slice(s))`;
  }

  private clearBar(): void {
    if (this.drawn === 0) return;
    let seq = '\r\u001b[K';
    for (let i = 1; i < this.drawn; i++) seq += '\u001b[1A\r\u001b[K';
    this.err.write(seq);
    this.drawn = 0;
  }

  /**
   * Prints one line to stderr (never in `--json` mode): a command's own output, e.g. its result line, shown even
   * with `--quiet`. Control characters in `line` are shown escaped, so it stays one line.
   */
  print(line: string): void {
    if (this.o.json || this.o.suppress) return;
    this.line(escapeControl(line));
  }

  /**
   * Prints an informational line that `--quiet` hides (e.g. "Seeding 1,000 rows…"), unlike {@link print} which is
   * for result lines.
   */
  note(line: string): void {
    if (this.o.quiet) return;
    this.print(line);
  }

  /** Writes one line as it is (already escaped, maybe coloured). */
  private line(text: string): void {
    if (this.o.json) return;
    this.clearBar();
    this.err.write(text + '\n');
  }

  /**
   * Prints one clear error line (code and message), then the hint, if any, on its own line; the stack only with
   * `--vv`. Control characters in the message and hint (user input echoed back) are shown escaped, so each stays
   * one line.
   */
  error(error: unknown): void {
    this.clearBar();
    if (isGoeError(error)) {
      this.err.write(`${this.red('error')} ${error.code}: ${escapeControl(error.message)}\n`);
      if (error.hint) this.err.write(`  hint: ${escapeControl(error.hint)}\n`);
    } else {
      const message = error instanceof Error ? error.message : String(error);
      this.err.write(`${this.red('error')}: ${escapeControl(message)}\n`);
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

/** Levels of the developer log, most verbose first. @example DEV_LOG_LEVELS[0] // 'debug' */
export const DEV_LOG_LEVELS = ['debug', 'detail', 'info', 'warn', 'error'] as const;
/** A developer log level. */
export type DevLogLevel = (typeof DEV_LOG_LEVELS)[number];

/**
 * GOE's hidden `--dev-log FILE|stdout` with `--dev-log-level` (default `warn`): the command's events (log lines,
 * notices, warnings, step starts and ends, the final error) at or above the level, one `ISO-time LEVEL message`
 * line each. `stdout` writes them as they come; any other value writes them, when the command ends, to
 * `dev_<log name>` next to the command's log file (GOE's `<log_path>/dev_<logname>`). Log lines reach it as far as
 * the run's logger emits them (`--log-level debug` for debug lines).
 */
export class DevLog {
  private readonly lines: string[] = [];
  private readonly min: number;

  /**
   * @param target `stdout`, or any other text for the file next to the log (GOE: `FILE`)
   * @param level lowest level written; default `warn`
   * @param write where `stdout` lines go; default `process.stdout.write`
   * @example
   * const dev = new DevLog('stdout', 'info');
   */
  constructor(
    target: string,
    level: DevLogLevel = 'warn',
    private readonly write: (text: string) => void = (t) => void process.stdout.write(t),
    private readonly now: () => Date = () => new Date(),
  ) {
    this.min = Math.max(DEV_LOG_LEVELS.indexOf(level.toLowerCase() as DevLogLevel), 0);
    this.toStdout = target.toLowerCase() === 'stdout';
  }

  /** `--dev-log stdout` (any case). */
  private readonly toStdout: boolean;

  /** Records one event at its level (progress: debug; step lines and notices: info; warnings: warn). */
  event(e: GoeEvent): void {
    switch (e.type) {
      case 'log':
        return this.add(e.level, e.message);
      case 'notice':
        return this.add('info', e.message);
      case 'warning':
        return this.add('warn', e.message);
      case 'step:start':
        return this.add('info', `Step ${e.step}: ${e.title}`);
      case 'step:end':
        return this.add('info', `Step ${e.title}: ${e.status} (${e.ms} ms)`);
      case 'progress':
        return this.add('debug', `progress ${e.slice ?? 'all'}: ${e.rows} rows, ${e.bytes} bytes`);
    }
  }

  /** Records the error the command ended with. */
  error(error: unknown): void {
    const text = isGoeError(error)
      ? `${error.code}: ${error.message}`
      : error instanceof Error
        ? error.message
        : String(error);
    this.add('error', text);
  }

  /**
   * Ends the log: for a file target, writes `dev_<log name>` next to `logPath` (or, without one, `fallbackPath`);
   * returns the file written, if any.
   */
  finish(logPath: string | undefined, fallbackPath?: string): string | undefined {
    if (this.toStdout) return undefined;
    const path = logPath !== undefined ? join(dirname(logPath), `dev_${basename(logPath)}`) : fallbackPath;
    if (path === undefined) return undefined;
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    appendFileSync(path, this.lines.join(''), { mode: 0o600 });
    return path;
  }

  private add(level: DevLogLevel, message: string): void {
    if (DEV_LOG_LEVELS.indexOf(level) < this.min) return;
    const line = `${this.now().toISOString()} ${level.toUpperCase()} ${escapeControl(message)}\n`;
    if (this.toStdout) this.write(line);
    else this.lines.push(line);
  }
}

/**
 * Where `--dev-log FILE` goes when the command failed before its log file was named: `dev_offload_<table>_<time>.log`
 * in the log directory (`--log-path`, else `OFFLOAD_LOGDIR`, else `${OFFLOAD_HOME}/log`); `undefined` when no log
 * directory can be resolved.
 *
 * @example
 * devLogFallbackPath({ logPath: '/tmp/log', table: 'sh.sales' }, new Date(0)) // '/tmp/log/dev_offload_SH.SALES_19700101T000000Z.log'
 */
export function devLogFallbackPath(
  opts: Record<string, unknown>,
  now: Date = new Date(),
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  let dir = typeof opts.logPath === 'string' ? opts.logPath : undefined;
  try {
    dir ??=
      loadConfig({ schemas: [STACK_COMMON_CONFIG], env }).get<string>('OFFLOAD_LOGDIR') ??
      join(resolveOffloadHome(env).path, 'log');
  } catch {
    return undefined;
  }
  const table = String(opts.table ?? 'unknown')
    .toUpperCase()
    .replace(/[^A-Za-z0-9._$#-]/g, '_');
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
  return join(dir, `dev_offload_${table}_${stamp}.log`);
}
