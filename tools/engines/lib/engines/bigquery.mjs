// BigQuery: goccy/bigquery-emulator v0.8.1 (pure Go since 0.7: GoogleSQL compiled to WASM, run by wazero).
// `go install github.com/...@v0.8.1` fails here (the proxy answers 403 to the module's version list, which
// go install reads for deprecation info), so it is built from go/bigquery-emulator/go.mod (a `tool` line).
import path from 'node:path';
import { BIN, CACHE, ROOT, freePort, httpGet, exists, runSync, mkdirp, readState } from '../common.mjs';
import { daemonEngine } from '../daemon-engine.mjs';
import { goInstall } from '../toolchains.mjs';

const EXE = path.join(BIN, 'bigquery-emulator');
const PROJECT = 'goe-test';

export default daemonEngine({
  name: 'bigquery',
  what: 'BigQuery (goccy/bigquery-emulator, Go)',
  installed: () => exists(EXE),
  install: () => goInstall('bigquery-emulator', { toolsModule: path.join(ROOT, 'go', 'bigquery-emulator') }),
  version: () => runSync('go', ['version', '-m', EXE]).out.match(/dep\s+github.com\/goccy\/bigquery-emulator\s+(\S+)/)?.[1] ?? 'v0.8.1',
  async launch() {
    const port = await freePort();
    const grpcPort = await freePort();
    const url = `http://127.0.0.1:${port}`;
    // load jobs from gs:// read through fake-gcs when it is already running (start order puts it first);
    // without STORAGE_EMULATOR_HOST the emulator would try Google's real endpoints (bigquery-emulator #347)
    const gcs = readState('fake-gcs');
    const gcsUrl = gcs?.status === 'running' ? `http://127.0.0.1:${gcs.port}` : null;
    return {
      state: { port, grpcPort },
      processes: [
        {
          cmd: EXE,
          args: ['--project', PROJECT, '--host', '127.0.0.1', '--port', String(port), '--grpc-port', String(grpcPort), '--log-level', 'warn'],
          env: {
            // PR #480: the wazero compiler mode is ~2x faster than the interpreter and uses less memory;
            // the compiled-module cache survives restarts
            GOOGLESQLITE_WASM_COMPILATION_MODE: 'compiler',
            GOOGLESQLITE_WASM_CACHE_DIR: mkdirp(path.join(CACHE, 'googlesqlite-wasm')),
            ...(gcsUrl ? { STORAGE_EMULATOR_HOST: gcsUrl } : {}),
          },
          health: async () => (await httpGet(`${url}/bigquery/v2/projects/${PROJECT}/datasets`, { timeoutMs: 10_000 })).status === 200,
          timeoutMs: 180_000,
          intervalMs: 1000,
        },
      ],
      env: {
        GOE_TEST_BIGQUERY_ENDPOINT: url,
        GOE_TEST_BIGQUERY_PROJECT: PROJECT,
        GOE_TEST_BIGQUERY_GRPC_PORT: grpcPort,
        ...(gcsUrl ? { GOE_TEST_BIGQUERY_GCS_ENDPOINT: gcsUrl } : {}),
      },
    };
  },
});
