/**
 * A tiny structured logger: one line per message, `ISO-timestamp LEVEL message`, appended to a command's log file
 * (created with mode 600) and/or sent to an {@link EventSink} as `log` events. Every line is masked before it is
 * written anywhere. No dependencies.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { GoeError } from './errors.js';
import type { EventSink } from './events.js';
import { maskObject, maskSecrets, type Masker } from './config/mask.js';
import { ensureDirectory, pathError, type PathOrigin } from './config/paths.js';

/** Log levels, most verbose first: GOE's `debug`, `detail`, `info`, plus `warn` and `error` (default `info`). @example LOG_LEVELS.indexOf('detail') < LOG_LEVELS.indexOf('info') // true */
export const LOG_LEVELS = ['debug', 'detail', 'info', 'warn', 'error'] as const;
/** A log level. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** `data` with the text masker applied to its JSON too (a secret in a value the key masking missed), else `'***'`. */
function maskJson(data: unknown, maskText: (s: string) => string): unknown {
  try {
    return JSON.parse(maskText(JSON.stringify(data) ?? 'null')) as unknown;
  } catch {
    return '***';
  }
}

/** Log file formats (default `text`). @example LOG_FORMATS // ['text', 'json'] */
export const LOG_FORMATS = ['text', 'json'] as const;
/** A log file format. */
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** Log file, appended to; its directory is created (mode 700); a new file gets mode 600. Default: no file. */
  readonly file?: string;
  /**
   * Where the log directory came from, named when it cannot be created or written: `{ option: '--log-path' }`
   * (`OPTION_INVALID`), or the result of `configPathOrigin(config, 'OFFLOAD_LOGDIR', 'log directory')`
   * (`OFFLOAD_LOGDIR`, or `OFFLOAD_HOME` when the default put the directory there). Default
   * `{ variable: 'OFFLOAD_LOGDIR', purpose: 'log directory' }`.
   */
  readonly origin?: PathOrigin;
  /** Lowest level written; default `info` (so `detail` and `debug` are dropped). */
  readonly level?: LogLevel;
  /**
   * `text` (default): `time LEVEL message` lines, a multi-line message as several lines. `json`: one object a call,
   * `{"time","level","message"[,"data"]}` (the message whole, `data` as masked JSON), for log shippers.
   */
  readonly format?: LogFormat;
  /**
   * Masks every line: a {@link Masker}, or a function such as `config.mask`. URL passwords and `password=…` pairs
   * are masked in any case. Default: that built-in masking only.
   */
  readonly mask?: Masker | ((text: string) => string);
  /** Also receives each line as a `log` event (`detail` is reported as `debug`). */
  readonly sink?: EventSink;
  /** Clock for timestamps; default `() => new Date()`. */
  readonly now?: () => Date;
}

/** A logger made by {@link createLogger}. Logging never throws. */
export interface Logger {
  /** The log file, when there is one. */
  readonly file: string | undefined;
  readonly level: LogLevel;
  /** True when `level` would be written. */
  enabled(level: LogLevel): boolean;
  /** Logs `message` (each of its lines gets the prefix); `data`, when given, is appended as masked JSON. */
  log(level: LogLevel, message: string, data?: unknown): void;
  debug(message: string, data?: unknown): void;
  detail(message: string, data?: unknown): void;
  info(message: string, data?: unknown): void;
  warn(message: string, data?: unknown): void;
  error(message: string, data?: unknown): void;
  /** Closes the file (idempotent); later lines still reach the sink. */
  close(): void;
}

const RANK: Readonly<Record<LogLevel, number>> = { debug: 10, detail: 20, info: 30, warn: 40, error: 50 };

/**
 * Creates a {@link Logger}. Lines look like `2025-01-31T12:00:00.000Z INFO Step 1: Find data to offload`.
 *
 * @throws GoeError `CONFIG_INVALID` (or `OPTION_INVALID` for an `origin.option`) naming the variable or option,
 *   the directory or file and the operating system's reason (EACCES, EROFS, ENOENT, ENOTDIR…) when the log
 *   directory cannot be created or the log file cannot be opened; never hangs (see `ensureDirectory`).
 * @example
 * const logger = createLogger({ file: join(config.require<string>('OFFLOAD_LOGDIR'), 'offload_SH.SALES_20250131_120000.log'),
 *   level: config.get<LogLevel>('OFFLOAD_LOG_LEVEL') ?? 'info', mask: config.mask, sink: events });
 * logger.info('Offloading SH.SALES');
 * logger.close();
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  if (!(level in RANK))
    throw new GoeError(
      'OPTION_INVALID',
      `Unknown log level ${JSON.stringify(level)} (one of ${LOG_LEVELS.join(', ')})`,
      { variable: '--log-level' },
    );
  const now = options.now ?? (() => new Date());
  const custom = options.mask;
  const maskText = (text: string): string => {
    let s = text;
    try {
      if (typeof custom === 'function') s = custom(s);
      else if (custom !== undefined) s = custom.mask(s);
    } catch {
      return '***';
    }
    return maskSecrets(s);
  };

  let fd: number | undefined;
  if (options.file !== undefined) {
    const origin: PathOrigin = {
      purpose: 'log directory',
      base: dirname(options.file),
      ...(options.origin ?? { variable: 'OFFLOAD_LOGDIR' }),
    };
    ensureDirectory(dirname(options.file), origin, { mode: 0o700 });
    try {
      fd = openSync(options.file, 'a', 0o600);
    } catch (e) {
      throw pathError(e, { path: options.file, action: 'open the log file' }, origin);
    }
  }

  const enabled = (l: LogLevel) => RANK[l] !== undefined && RANK[l] >= RANK[level];
  const format = options.format ?? 'text';
  if (!(LOG_FORMATS as readonly string[]).includes(format))
    throw new GoeError(
      'OPTION_INVALID',
      `Unknown log format ${JSON.stringify(format)} (one of ${LOG_FORMATS.join(', ')})`,
      { variable: '--log-format' },
    );
  const log = (l: LogLevel, message: string, data?: unknown) => {
    try {
      if (!enabled(l)) return;
      let text = typeof message === 'string' ? message : String(message);
      let maskedData: unknown;
      if (data !== undefined) {
        maskedData = custom !== undefined && typeof custom !== 'function' ? custom.maskObject(data) : maskObject(data);
        if (format === 'text') text += ` ${JSON.stringify(maskedData) ?? String(maskedData)}`;
      }
      const masked = maskText(text);
      if (fd !== undefined) {
        const stamp = safeIso(now);
        const record =
          format === 'json'
            ? JSON.stringify({
                time: stamp,
                level: l,
                message: masked,
                ...(maskedData === undefined ? {} : { data: maskJson(maskedData, maskText) }),
              })
            : masked
                .split(/\r\n|\n|\r/)
                .map((line) => `${stamp} ${l.toUpperCase()} ${line}`)
                .join('\n');
        try {
          writeSync(fd, record + '\n');
        } catch (e) {
          const failed = fd;
          fd = undefined;
          try {
            closeSync(failed);
          } catch {
            // already unusable
          }
          options.sink?.emit({
            type: 'warning',
            message: `Writing the log file ${options.file} failed (${(e as NodeJS.ErrnoException).code ?? 'error'}); no more lines go to it`,
            code: 'LOG_WRITE_FAILED',
          });
        }
      }
      options.sink?.emit({ type: 'log', level: l === 'detail' ? 'debug' : l, message: masked });
    } catch {
      // logging must never break the offload
    }
  };

  return {
    file: options.file,
    level,
    enabled,
    log,
    debug: (m, d) => log('debug', m, d),
    detail: (m, d) => log('detail', m, d),
    info: (m, d) => log('info', m, d),
    warn: (m, d) => log('warn', m, d),
    error: (m, d) => log('error', m, d),
    close() {
      if (fd === undefined) return;
      const f = fd;
      fd = undefined;
      try {
        closeSync(f);
      } catch {
        // nothing to do
      }
    },
  };
}

function safeIso(now: () => Date): string {
  try {
    return now().toISOString();
  } catch {
    return new Date().toISOString();
  }
}
