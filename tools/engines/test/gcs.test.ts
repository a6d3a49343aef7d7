import { expect, test } from 'vitest';
import { Storage } from '@google-cloud/storage';
import { engineSuite, env, uniqueName } from './engine-env';

engineSuite('fake-gcs', ['GOE_TEST_GCS_ENDPOINT'], () => {
  test('bucket and objects via @google-cloud/storage', async () => {
    const storage = new Storage({
      apiEndpoint: env.GOE_TEST_GCS_ENDPOINT,
      projectId: env.GOE_TEST_GCS_PROJECT,
      // explicit fake credentials: never touch the metadata server or ADC files
      credentials: { client_email: 'goe@goe-test.iam.example', private_key: 'unused' },
      useAuthWithCustomEndpoint: false,
      retryOptions: { autoRetry: false },
    });
    const [bucket] = await storage.createBucket(uniqueName('goe-gcs'));
    const small = 'id,name\n1,a\n';
    await bucket.file('stage/part-0001.csv').save(small, { resumable: false, contentType: 'text/csv' });
    const big = Buffer.alloc(3 * 1024 * 1024 + 17, 3);
    await bucket.file('stage/part-0002.bin').save(big, { resumable: true, chunkSize: 1024 * 1024 * 2 });
    await bucket.file('other/x.txt').save('x', { resumable: false });
    const [files] = await bucket.getFiles({ prefix: 'stage/' });
    expect(files.map((f) => f.name).sort()).toEqual(['stage/part-0001.csv', 'stage/part-0002.bin']);
    const [meta] = await bucket.file('stage/part-0002.bin').getMetadata();
    expect(Number(meta.size)).toBe(big.length);
    const [back] = await bucket.file('stage/part-0001.csv').download();
    expect(back.toString()).toBe(small);
    const [bigBack] = await bucket.file('stage/part-0002.bin').download({ validation: false });
    expect(bigBack.equals(big)).toBe(true);
    await bucket.deleteFiles({ force: true });
    await bucket.delete();
  });
});
