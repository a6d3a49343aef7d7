/**
 * PostgreSQL → NATIVE transport → GCS (fake-gcs-server): `transportSuite` with the GCS store as the staging store,
 * so every staged file is a streamed resumable upload; files are read back through the store (`get`, CRC32C
 * checked) and decoded by an independent Parquet reader (parquet-wasm).
 */
import { conformanceContext, runSuite, transportSuite } from '@goe/conformance';
import { nativeTransport } from '@goe/transport-native';
import { afterAll, describe, it } from 'vitest';
import { openGcsStore, type GcsStagingStore } from '../src/index.js';
import { postgresSource, startPostgres } from '../../../conformance/test/support/postgres-source.js';
import { readParquetTable } from '../../../transports/native/test/support/parquet-read.js';
import { emulatorDescribe, endpoint, freshBucket } from './emulator.js';

async function bytesOf(store: GcsStagingStore, path: string): Promise<Uint8Array> {
  const parts: Buffer[] = [];
  for await (const c of await store.get(path)) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

const server = endpoint === '' ? undefined : await startPostgres();
const source = server === undefined ? undefined : await postgresSource(server.url);

emulatorDescribe('transportSuite: PostgreSQL → native → GCS', () => {
  let store: GcsStagingStore | undefined;
  afterAll(async () => {
    await source?.close();
    await server?.stop();
  });
  if (source === undefined) return;
  runSuite(
    transportSuite({
      name: 'native→gs',
      transport: nativeTransport,
      context: conformanceContext({ config: { OFFLOAD_TRANSPORT_ENCODE_THREADS: 0 } }),
      source: source.harness,
      openStore: async () =>
        (store ??= await openGcsStore({ bucket: await freshBucket(), prefix: 'goe', endpoint, chunkMiB: 1 })),
      readStaged: async ({ store: s, files }) => {
        const out = [];
        for (const f of files.files) out.push(...readParquetTable(await bytesOf(s as GcsStagingStore, f.path)).batches);
        return out;
      },
      secrets: [source.password],
    }),
    { describe, it, afterAll },
  );
});
