/**
 * Test helper: runs the `goe` program in this process (the TypeScript source of `apps/cli/src/program.ts`, through
 * the workspace aliases), for tests that run many cases and cannot pay a process start for each.
 *
 * `main(argv)` takes only argv: it reads `process.env`, `process.argv` and `process.exitCode` and writes to
 * `process.stdout`/`process.stderr`. So this helper swaps those for the duration of one run (runs are serialized),
 * and restores them afterwards. A run that does not settle within `timeoutMs` is reported as `timedOut` (the
 * program keeps running in the background: callers must treat the process as tainted, and should send cases that
 * may block the event loop — e.g. paths under /proc — through the bundled binary instead).
 */
import { main } from '../../src/program.js';

/** What one in-process run printed, its exit code, and whether it timed out. */
export interface InProcessRun {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
  readonly timedOut: boolean;
  readonly ms: number;
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs `goe args…` in this process with exactly `env` as the environment (nothing inherited), capturing stdout and
 * stderr. Calls are queued: one run at a time.
 *
 * @example
 * const r = await runGoeInProcess(['offload', '-t', 'sh.small'], { OFFLOAD_HOME: home, POSTGRES_CONN: `pglite://${pg}` });
 * r.code // 0
 */
export function runGoeInProcess(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  timeoutMs = 20_000,
): Promise<InProcessRun> {
  const run = queue.then(() => runOne(args, env, timeoutMs));
  queue = run.catch(() => undefined);
  return run;
}

async function runOne(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  timeoutMs: number,
): Promise<InProcessRun> {
  const savedEnv = { ...process.env };
  const savedArgv = process.argv;
  const savedExitCode = process.exitCode;
  const savedOut = process.stdout.write;
  const savedErr = process.stderr.write;
  let out = '';
  let err = '';
  const capture =
    (append: (s: string) => void) =>
    (chunk: unknown, encoding?: unknown, cb?: unknown): boolean => {
      append(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      const done = typeof encoding === 'function' ? encoding : cb;
      if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
      return true;
    };
  // the real environment object is edited in place: os.homedir() and native code read the process environment
  for (const k of Object.keys(process.env)) delete process.env[k];
  Object.assign(process.env, env);
  const argv = [process.execPath, 'goe', ...args];
  process.argv = argv;
  process.exitCode = undefined;
  process.stdout.write = capture((s) => (out += s)) as typeof process.stdout.write;
  process.stderr.write = capture((s) => (err += s)) as typeof process.stderr.write;
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const result = await Promise.race([
      main(argv).then((code) => ({ code, timedOut: false })),
      new Promise<{ code: null; timedOut: true }>((resolve) => {
        timer = setTimeout(() => resolve({ code: null, timedOut: true }), timeoutMs);
      }),
    ]);
    return { ...result, out, err, ms: Date.now() - started };
  } finally {
    clearTimeout(timer);
    process.stdout.write = savedOut;
    process.stderr.write = savedErr;
    process.argv = savedArgv;
    process.exitCode = savedExitCode;
    for (const k of Object.keys(process.env)) delete process.env[k];
    Object.assign(process.env, savedEnv);
  }
}
