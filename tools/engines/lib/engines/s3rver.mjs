// S3: s3rver (npm), path-style, any credentials.
import fs from 'node:fs';
import path from 'node:path';
import { freePort, httpGet, exists } from '../common.mjs';
import { daemonEngine } from '../daemon-engine.mjs';
import { ensureNodeModules, nodeModule } from '../toolchains.mjs';

export default daemonEngine({
  name: 's3rver',
  what: 'S3 (s3rver, npm)',
  installed: () => exists(nodeModule('s3rver/package.json')),
  install: ensureNodeModules,
  version: () => JSON.parse(fs.readFileSync(nodeModule('s3rver/package.json'), 'utf8')).version,
  async launch({ dataDir }) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    return {
      state: { port },
      processes: [
        {
          cmd: process.execPath,
          args: [nodeModule('s3rver/bin/s3rver.js'), '-d', path.join(dataDir, 'buckets'), '-a', '127.0.0.1', '-p', String(port), '--silent'],
          health: async () => (await httpGet(`${url}/`)).status === 200,
        },
      ],
      env: {
        GOE_TEST_S3_ENDPOINT: url,
        GOE_TEST_S3_REGION: 'us-east-1',
        GOE_TEST_S3_ACCESS_KEY_ID: 'S3RVER',
        GOE_TEST_S3_SECRET_ACCESS_KEY: 'S3RVER',
        GOE_TEST_S3_FORCE_PATH_STYLE: 'true',
      },
    };
  },
});
