/**
 * Vitest globalSetup: a real GCS emulator for the tests. `GOE_TEST_GCS_ENDPOINT` (tools/engines' env) when set;
 * else fake-gcs-server from `tools/engines/.bin` (installed by `tools/engines/engines install fake-gcs`) started on a
 * free port with the flags tools/engines uses, and stopped in teardown. Without either the tests skip, printing
 * why — except with `CI=true`, where they fail.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The emulator's endpoint, or '' when none runs. */
    gcsEndpoint: string;
    /** Why there is no emulator, when `gcsEndpoint` is ''. */
    gcsMissing: string;
  }
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
/** Where `tools/engines/engines install fake-gcs` puts the binary. */
export const FAKE_GCS_BIN = join(ROOT, 'tools', 'engines', '.bin', 'fake-gcs-server');

function freePort(): Promise<number> {
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

async function healthy(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`fake-gcs-server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/storage/v1/b?project=goe-test`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('fake-gcs-server did not answer within 30 s');
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.GOE_TEST_GCS_ENDPOINT;
  if (external) {
    console.log(`storage-gcs: testing against ${external} (GOE_TEST_GCS_ENDPOINT)`);
    project.provide('gcsEndpoint', external);
    project.provide('gcsMissing', '');
    return async () => undefined;
  }
  if (!existsSync(FAKE_GCS_BIN)) {
    const why = `fake-gcs-server is not installed (run: tools/engines/engines install fake-gcs), and GOE_TEST_GCS_ENDPOINT is not set`;
    console.log(`storage-gcs: ${process.env.CI === 'true' ? 'FAILING' : 'skipping'} the emulator tests: ${why}`);
    project.provide('gcsEndpoint', '');
    project.provide('gcsMissing', why);
    return async () => undefined;
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    FAKE_GCS_BIN,
    [
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
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  await healthy(url, child);
  console.log(`storage-gcs: fake-gcs-server pid ${child.pid} at ${url}`);
  project.provide('gcsEndpoint', url);
  project.provide('gcsMissing', '');
  return async () => {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(undefined) : child.once('exit', r)));
  };
}
