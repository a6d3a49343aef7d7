/**
 * Small assertion helpers shared by the suites (no test-runner dependency) and the conformance context.
 */
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import {
  isGoeError,
  NULL_EVENTS,
  type AdapterContext,
  type ConfigValue,
  type GoeErrorCode,
  type ResolvedConfig,
} from '@goe/core';

/**
 * The error a failing conformance case throws: the contract the adapter broke, in one message.
 *
 * @example
 * throw new ConformanceError('count returned 13, expected 14');
 */
export class ConformanceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConformanceError';
  }
}

/** @internal Throws a {@link ConformanceError}. */
export function fail(message: string): never {
  throw new ConformanceError(message);
}

/** @internal Fails unless `condition`. */
export function check(condition: unknown, message: string): asserts condition {
  if (!condition) fail(message);
}

/** @internal A readable form of any value for messages (bigint with `n`, long strings shortened). */
export function show(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'string') return JSON.stringify(shorten(value));
  if (value instanceof Uint8Array) return `Uint8Array(${value.length})`;
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) ?? String(value);
  } catch {
    return String(value);
  }
}

/** @internal Shortens long text for messages, keeping its length visible. */
export function shorten(text: string, max = 80): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} chars)`;
}

/** @internal Fails unless `actual` and `expected` are identical (`Object.is`). */
export function checkEqual(actual: unknown, expected: unknown, what: string): void {
  if (!Object.is(actual, expected)) fail(`${what}: got ${show(actual)}, expected ${show(expected)}`);
}

/**
 * @internal Awaits `p` and returns its rejection; fails when it resolves, or when `code` is given and the rejection
 * is not a GoeError with that code.
 */
export async function rejection(
  p: Promise<unknown> | (() => unknown),
  what: string,
  code?: GoeErrorCode,
): Promise<unknown> {
  let error: unknown;
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    error = e;
  }
  if (error === undefined)
    fail(`${what}: expected a rejection${code ? ` with GoeError ${code}` : ''}, but it succeeded`);
  if (code !== undefined && !(isGoeError(error) && error.code === code)) {
    fail(
      `${what}: expected GoeError ${code}, got ${isGoeError(error) ? `GoeError ${error.code}` : String(error)}: ${error instanceof Error ? error.message : ''}`,
    );
  }
  return error;
}

/** @internal Memoizes an async computation (a rejection is kept, so dependants fail with the same cause). */
export function lazy<T>(fn: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= fn());
}

/** @internal Rejects when `p` does not settle within `ms`. */
export async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ConformanceError(`${what}: no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A short random suffix for names a suite creates (tables, prefixes, lock keys), so runs never collide.
 *
 * @example
 * `goe_conformance_${uniqueSuffix()}` // 'goe_conformance_k3x9q2'
 */
export function uniqueSuffix(): string {
  return randomBytes(6)
    .toString('base64url')
    .replace(/[^a-zA-Z0-9]/g, '')
    .toLowerCase()
    .slice(0, 8)
    .padEnd(8, '0');
}

/** @internal Upper-case letters to lower and lower to upper: `Sh.Sales` → `sH.sALES`. */
export function swapCase(text: string): string {
  return [...text].map((ch) => (ch === ch.toUpperCase() ? ch.toLowerCase() : ch.toUpperCase())).join('');
}

/**
 * The pid of a process that has just exited (a child `node -e ''`), for stale-lock tests.
 *
 * @example
 * await lock.acquire('SH.SALES', { pid: deadProcessId(), host: hostname() });
 */
export function deadProcessId(): number {
  const child = spawnSync(process.execPath, ['-e', ''], { stdio: 'ignore' });
  if (child.pid === undefined) throw new ConformanceError(`Cannot start a child process: ${String(child.error)}`);
  return child.pid;
}

/** True when an error means "aborted": a DOM `AbortError` or GoeError `ABORTED`. @example isAbortError(e) */
export function isAbortError(error: unknown): boolean {
  return (error instanceof Error && error.name === 'AbortError') || (isGoeError(error) && error.code === 'ABORTED');
}

/**
 * An {@link AdapterContext} for tests: a configuration from plain values (no validation), events dropped unless a
 * sink is given.
 *
 * @param options `config` values by variable name (default none), `events` (default a sink that drops
 *   everything), `offloadHome`, `signal`.
 * @example
 * const ctx = conformanceContext({ config: { POSTGRES_CONN: 'pglite://memory' } });
 * ctx.config.require('POSTGRES_CONN') // 'pglite://memory'
 */
export function conformanceContext(
  options: {
    config?: Readonly<Record<string, ConfigValue>>;
    events?: AdapterContext['events'];
    offloadHome?: string;
    signal?: AbortSignal;
  } = {},
): AdapterContext {
  const values = { ...(options.config ?? {}) };
  const config: ResolvedConfig = {
    get: <T extends ConfigValue>(name: string) => values[name] as T | undefined,
    require<T extends ConfigValue>(name: string): T {
      const v = values[name];
      if (v === undefined) throw new ConformanceError(`conformanceContext: ${name} is not set`);
      return v as T;
    },
    keys: () => Object.keys(values),
    mask: (text: string) => text,
  };
  return {
    config,
    events: options.events ?? NULL_EVENTS,
    ...(options.offloadHome !== undefined ? { offloadHome: options.offloadHome } : {}),
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
  };
}
