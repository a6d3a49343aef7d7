import { expect, test } from 'vitest';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { engineSuite, env, uniqueName } from './engine-env';

engineSuite('azurite', ['GOE_TEST_AZURE_BLOB_ENDPOINT'], () => {
  test('container and blobs via @azure/storage-blob', async () => {
    const svc = new BlobServiceClient(
      env.GOE_TEST_AZURE_BLOB_ENDPOINT,
      new StorageSharedKeyCredential(env.GOE_TEST_AZURE_ACCOUNT, env.GOE_TEST_AZURE_KEY),
      { retryOptions: { maxTries: 1 } },
    );
    const container = svc.getContainerClient(uniqueName('goe-az'));
    await container.create();
    const data = Buffer.alloc(5 * 1024 * 1024, 7); // > one 4 MiB block
    await container.getBlockBlobClient('stage/part-0001.bin').uploadData(data, { blockSize: 4 * 1024 * 1024 });
    await container.getBlockBlobClient('other/x.txt').upload('x', 1);
    const names: string[] = [];
    for await (const b of container.listBlobsFlat({ prefix: 'stage/' })) names.push(b.name);
    expect(names).toEqual(['stage/part-0001.bin']);
    const back = await container.getBlockBlobClient('stage/part-0001.bin').downloadToBuffer();
    expect(back.equals(data)).toBe(true);
    await container.delete();
  });
});
