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

/** How {@link provideEmulator} starts one emulator. */
export interface EmulatorSetup {
  /** Shown in the log line, e.g. `storage-gcs`. */
  readonly label: string;
  /** Prefix of the provided keys: `<key>Endpoint` and `<key>Missing`. */
  readonly key: string;
  /** The variable naming an already running emulator, e.g. `GOE_TEST_GCS_ENDPOINT`. */
  readonly envVar: string;
  /** The binary in tools/engines/.bin and the tools/engines engine that installs it. */
  readonly binary: string;
  readonly engine: string;
  /** Arguments, health URL, environment and start timeout for an emulator at `url` (ports are free). */
  launch(url: string, port: number, extraPort: number): Omit<Parameters<typeof startEmulator>[0], 'binary'>;
}

/**
 * A Vitest globalSetup body: provides `<key>Endpoint` (the emulator's URL, or '') and `<key>Missing` (why there is
 * none) from `envVar` when set, else from the binary started on free ports; returns the teardown.
 *
 * @example
 * export default (project: TestProject) => provideEmulator(project, { label: 'storage-gcs', key: 'gcs', … });
 */
export async function provideEmulator(
  project: { provide(key: never, value: never): void },
  setup: EmulatorSetup,
): Promise<() => Promise<void>> {
  const provide = (endpoint: string, missing: string) => {
    project.provide(`${setup.key}Endpoint` as never, endpoint as never);
    project.provide(`${setup.key}Missing` as never, missing as never);
  };
  const external = process.env[setup.envVar];
  if (external) {
    console.log(`${setup.label}: testing against ${external} (${setup.envVar})`);
    provide(external, '');
    return async () => undefined;
  }
  const [port, extraPort] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${port}`;
  const emulator = await startEmulator({ binary: setup.binary, ...setup.launch(url, port, extraPort) });
  if (emulator === undefined) {
    const why = `${setup.binary} is not installed (run: tools/engines/engines install ${setup.engine}), and ${setup.envVar} is not set`;
    console.log(`${setup.label}: ${process.env.CI === 'true' ? 'FAILING' : 'skipping'} the emulator tests: ${why}`);
    provide('', why);
    return async () => undefined;
  }
  console.log(`${setup.label}: ${setup.binary} pid ${emulator.child.pid} at ${url}`);
  provide(url, '');
  return () => emulator.stop();
}

/**
 * fake-gcs-server as tools/engines starts it (in-memory, HTTP on a free loopback port): provides `gcsEndpoint` and
 * `gcsMissing`; `GOE_TEST_GCS_ENDPOINT` names one already running.
 *
 * @example
 * export default (project: TestProject) => provideEmulator(project, fakeGcsSetup('storage-gcs'));
 */
export function fakeGcsSetup(label: string): EmulatorSetup {
  return {
    label,
    key: 'gcs',
    envVar: 'GOE_TEST_GCS_ENDPOINT',
    binary: 'fake-gcs-server',
    engine: 'fake-gcs',
    launch: (url, port) => ({
      args: [
        '-scheme',
        'http',
        '-host',
        '127.0.0.1',
        '-port',
        String(port),
        '-external-url',
        url,
        '-public-host',
        `127.0.0.1:${port}`,
        '-backend',
        'memory',
        '-log-level',
        'warn',
      ],
      healthUrl: `${url}/storage/v1/b?project=goe-test`,
    }),
  };
}

/**
 * bigquery-emulator as tools/engines starts it (project `goe-test`, the wazero compiler cache), reading `gs://` from
 * fake-gcs-server at `gcsEndpoint`. Deleting a table leaks the emulator's WebAssembly memory (its catalog is rebuilt
 * each time; after a few dozen deletes it panics with "slice bounds out of range" and answers 500), so a suite that
 * deletes many tables starts its own with {@link startEmulator}.
 *
 * @example
 * const emulator = await startEmulator({ binary: 'bigquery-emulator', ...bigqueryLaunch(url, port, grpcPort, gcs) });
 */
export function bigqueryLaunch(
  url: string,
  port: number,
  grpcPort: number,
  gcsEndpoint: string,
): Omit<Parameters<typeof startEmulator>[0], 'binary'> {
  return {
    args: [
      '--project',
      'goe-test',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--grpc-port',
      String(grpcPort),
      '--log-level',
      'warn',
    ],
    healthUrl: `${url}/bigquery/v2/projects/goe-test/datasets`,
    env: {
      GOOGLESQLITE_WASM_COMPILATION_MODE: 'compiler',
      GOOGLESQLITE_WASM_CACHE_DIR: join(ENGINES_CACHE, 'googlesqlite-wasm'),
      ...(gcsEndpoint === '' ? {} : { STORAGE_EMULATOR_HOST: gcsEndpoint }),
    },
    timeoutMs: 180_000,
  };
}
