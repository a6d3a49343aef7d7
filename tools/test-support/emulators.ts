/**
 * Emulators for `npm test`: the binaries `tools/engines/engines install <engine>` puts in `tools/engines/.bin`,
 * started by a package's Vitest globalSetup on a free loopback port and stopped in its teardown.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Where tools/engines installs emulator binaries. */
export const ENGINES_BIN = join(REPO_ROOT, 'tools', 'engines', '.bin');
/** Caches tools/engines keeps between runs (e.g. bigquery-emulator's compiled WebAssembly). */
export const ENGINES_CACHE = join(REPO_ROOT, 'tools', 'engines', '.cache');

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A started emulator: its process and how to stop it. */
export interface RunningEmulator {
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts `tools/engines/.bin/<binary>` with `args` and waits until `healthUrl` answers 200.
 *
 * @returns undefined when the binary is not installed (the caller skips, or fails with CI=true)
 * @throws Error when it exits or does not answer within `timeoutMs`
 */
export async function startEmulator(options: {
  readonly binary: string;
  readonly args: readonly string[];
  readonly healthUrl: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
}): Promise<RunningEmulator | undefined> {
  const bin = join(ENGINES_BIN, options.binary);
  if (!existsSync(bin)) return undefined;
  mkdirSync(ENGINES_CACHE, { recursive: true });
  const child = spawn(bin, [...options.args], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, ...options.env },
  });
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${options.binary} exited with ${child.exitCode}`);
    try {
      if ((await fetch(options.healthUrl)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${options.binary} did not answer ${options.healthUrl} in time`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    child,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(undefined) : child.once('exit', r)));
    },
  };
}
