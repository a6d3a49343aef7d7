// Azure Blob: Azurite 3.35.0 (npm; 3.37 needs Node 22), in memory, no telemetry, any API version.
import fs from 'node:fs';
import { freePort, httpGet, exists } from '../common.mjs';
import { daemonEngine } from '../daemon-engine.mjs';
import { ensureNodeModules, nodeModule } from '../toolchains.mjs';

const ACCOUNT = 'devstoreaccount1';
// Azurite's published well-known development key (not a secret).
const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export default daemonEngine({
  name: 'azurite',
  what: 'Azure Blob (Azurite, npm)',
  installed: () => exists(nodeModule('azurite/package.json')),
  install: ensureNodeModules,
  version: () => JSON.parse(fs.readFileSync(nodeModule('azurite/package.json'), 'utf8')).version,
  async launch({ dataDir }) {
    const port = await freePort();
    const endpoint = `http://127.0.0.1:${port}/${ACCOUNT}`;
    return {
      state: { port },
      processes: [
        {
          cmd: process.execPath,
          args: [
            nodeModule('azurite/dist/src/blob/main.js'),
            '--blobHost', '127.0.0.1', '--blobPort', String(port),
            '--inMemoryPersistence', '--skipApiVersionCheck', '--disableTelemetry', '--loose',
          ],
          // any HTTP answer (it is 400 for an unsigned GET) means the server is up
          health: async () => (await httpGet(`${endpoint}?comp=list`)).status > 0,
        },
      ],
      env: {
        GOE_TEST_AZURE_BLOB_ENDPOINT: endpoint,
        GOE_TEST_AZURE_ACCOUNT: ACCOUNT,
        GOE_TEST_AZURE_KEY: KEY,
        GOE_TEST_AZURE_CONNECTION_STRING: `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${KEY};BlobEndpoint=${endpoint};`,
      },
    };
  },
});
