import { expect, test } from 'vitest';
import {
  S3Client, CreateBucketCommand, PutObjectCommand, GetObjectCommand, ListObjectsV2Command,
  DeleteObjectCommand, DeleteBucketCommand, HeadObjectCommand,
} from '@aws-sdk/client-s3';
import { engineSuite, env, uniqueName } from './engine-env';

engineSuite('s3rver', ['GOE_TEST_S3_ENDPOINT'], () => {
  test('bucket and objects via @aws-sdk/client-s3', async () => {
    const s3 = new S3Client({
      endpoint: env.GOE_TEST_S3_ENDPOINT,
      region: env.GOE_TEST_S3_REGION,
      forcePathStyle: true,
      credentials: { accessKeyId: env.GOE_TEST_S3_ACCESS_KEY_ID, secretAccessKey: env.GOE_TEST_S3_SECRET_ACCESS_KEY },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 1,
    });
    const Bucket = uniqueName('goe-s3');
    await s3.send(new CreateBucketCommand({ Bucket }));
    const body = 'id,name\n1,a\n2,b\n';
    await s3.send(new PutObjectCommand({ Bucket, Key: 'stage/part-0001.csv', Body: body }));
    await s3.send(new PutObjectCommand({ Bucket, Key: 'other/x.txt', Body: 'x' }));
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'stage/part-0001.csv' }));
    expect(head.ContentLength).toBe(body.length);
    const list = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'stage/' }));
    expect(list.Contents?.map((o) => o.Key)).toEqual(['stage/part-0001.csv']);
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'stage/part-0001.csv' }));
    expect(await got.Body?.transformToString()).toBe(body);
    for (const Key of ['stage/part-0001.csv', 'other/x.txt']) await s3.send(new DeleteObjectCommand({ Bucket, Key }));
    await s3.send(new DeleteBucketCommand({ Bucket }));
    s3.destroy();
  });
});
