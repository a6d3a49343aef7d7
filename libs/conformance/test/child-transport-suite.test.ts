/**
 * transportSuite on a transport that runs elsewhere: a child `node` process whose module graph holds no @goe/*
 * package reads each slice with plain `pg` from its slice source alone (the secret from its own environment),
 * against a real PostgreSQL server; the writer of `transport.snapshot-shared` commits while the child waits
 * between two slices (IPC hook). A variant that drops the snapshot from the sources must fail that case.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import * as parquet from 'parquet-wasm';
import type { TransportAdapter } from '@goe/core';
import { openLocalStore, type LocalStagingStore } from '@goe/storage-local';
import { afterAll, describe, expect, it } from 'vitest';
import { executeSuite, runSuite, transportSuite, type TransportHarness } from '../src/index.js';
import { childTransport, type ChildTransport } from './support/child-transport.js';
import { postgresSource, startPostgres } from './support/postgres-source.js';

const server = await startPostgres();
const source = await postgresSource(server.url);
const dir = mkdtempSync(join(tmpdir(), 'goe-child-transport-'));
const child = childTransport({ env: { POSTGRES_CONN: source.readerUrl }, jobsDir: join(dir, 'jobs') });
let store: LocalStagingStore | undefined;

const harness = (c: ChildTransport, transport: TransportAdapter, name: string): TransportHarness => ({
  name,
  transport,
  source: source.harness,
  openStore: async () => (store ??= await openLocalStore({ root: join(dir, 'staging'), fsync: false })),
  readStaged: async ({ store: s, files }) =>
    files.files.flatMap(
      (f) =>
        tableFromIPC(parquet.readParquet(readFileSync((s as LocalStagingStore).localPath(f.path))).intoIPCStream())
          .batches,
    ),
  betweenSlices: (hook) => c.betweenSlices(hook),
  secrets: [source.password],
});

runSuite(transportSuite(harness(child, child.transport, 'childproc')), { describe, it, afterAll });

describe('the child transport', () => {
  it('ran workers whose module graph holds pg and no @goe/* module', () => {
    expect(child.moduleGraphs.length).toBeGreaterThan(0);
    for (const graph of child.moduleGraphs) {
      expect(graph.some((m) => m.includes('/node_modules/pg/'))).toBe(true);
      expect(graph.some((m) => m.includes('/node_modules/parquet-wasm/'))).toBe(true);
      expect(graph.some((m) => m.includes('/node_modules/apache-arrow/'))).toBe(true);
      expect(graph.filter((m) => /@goe[/\\]|[/\\]libs[/\\]/.test(m))).toEqual([]);
    }
  });

  it('fails transport.snapshot-shared when the sources lose their snapshot', async () => {
    const broken = childTransport({ env: { POSTGRES_CONN: source.readerUrl }, jobsDir: join(dir, 'jobs-broken') });
    const transport: TransportAdapter = {
      ...broken.transport,
      run: (input, ctx) =>
        broken.transport.run({ ...input, sources: input.sources?.map(({ snapshot: _s, ...rest }) => rest) }, ctx),
    };
    const result = await executeSuite(
      transportSuite({
        ...harness(broken, transport, 'childproc-without-snapshot'),
        skip: {
          'transport.stages-every-row': 'not this test',
          'transport.rows-unknown-ok': 'not this test',
          'transport.slice-source-has-no-secret': 'not this test',
          'transport.abort': 'not this test',
          'transport.job-found-again': 'not this test',
        },
      }),
      { log: () => undefined },
    );
    expect(result.failures.map((f) => f.id)).toEqual(['transport.snapshot-shared']);
  });
});

afterAll(async () => {
  await source.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});
