// GCS: fake-gcs-server (Go module, go install into .bin), plain http, in-memory backend.
import path from 'node:path';
import { BIN, freePort, httpGet, exists, runSync } from '../common.mjs';
import { daemonEngine } from '../daemon-engine.mjs';
import { goInstall } from '../toolchains.mjs';

const VERSION = 'v1.56.1';
const EXE = path.join(BIN, 'fake-gcs-server');

export default daemonEngine({
  name: 'fake-gcs',
  what: 'GCS (fsouza/fake-gcs-server, Go)',
  installed: () => exists(EXE),
  install: () => goInstall('fake-gcs-server', { pkg: `github.com/fsouza/fake-gcs-server@${VERSION}` }),
  version: () => runSync('go', ['version', '-m', EXE]).out.match(/mod\s+github.com\/fsouza\/fake-gcs-server\s+(\S+)/)?.[1] ?? VERSION,
  async launch() {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    return {
      state: { port },
      processes: [
        {
          cmd: EXE,
          args: ['-scheme', 'http', '-host', '127.0.0.1', '-port', String(port), '-external-url', url,
            '-public-host', `127.0.0.1:${port}`, '-backend', 'memory', '-log-level', 'warn'],
          health: async () => (await httpGet(`${url}/storage/v1/b?project=goe-test`)).status === 200,
        },
      ],
      env: {
        GOE_TEST_GCS_ENDPOINT: url,
        GOE_TEST_GCS_PROJECT: 'goe-test',
      },
    };
  },
});
