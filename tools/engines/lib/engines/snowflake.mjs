// Snowflake: fakesnow (PyPI, DuckDB + sqlglot) in server mode, behind our Arrow->JSON proxy for snowflake-sdk.
import path from 'node:path';
import { ROOT, freePort, httpGet, tcpOpen, runSync } from '../common.mjs';
import { daemonEngine } from '../daemon-engine.mjs';
import { ensureVenv, venvReady, venvBin, ensureNodeModules, nodeModulesReady } from '../toolchains.mjs';

export default daemonEngine({
  name: 'snowflake',
  what: 'Snowflake (fakesnow server + Arrow->JSON proxy)',
  installed: () => venvReady('fakesnow') && nodeModulesReady(),
  async install() {
    // apache-arrow (for the proxy) comes with npm ci
    const [, venv] = await Promise.all([ensureNodeModules(), ensureVenv('fakesnow')]);
    return venv;
  },
  version: () => `fakesnow ${runSync(venvBin('fakesnow', 'python'), ['-c', 'import importlib.metadata as m;print(m.version("fakesnow"), "duckdb", m.version("duckdb"))']).out}`,
  async launch({ dataDir }) {
    const rawPort = await freePort();
    const port = await freePort();
    return {
      state: { port, rawPort },
      processes: [
        {
          id: 'snowflake-fakesnow',
          cmd: venvBin('fakesnow', 'fakesnow'),
          args: ['-s', '--host', '127.0.0.1', '-p', String(rawPort)],
          env: { PYTHONUNBUFFERED: '1' },
          cwd: dataDir,
          // no GET route; any HTTP answer (405/404) means uvicorn is serving
          health: async () => (await httpGet(`http://127.0.0.1:${rawPort}/session`)).status > 0,
          timeoutMs: 60_000,
        },
        {
          id: 'snowflake-proxy',
          cmd: process.execPath,
          args: [path.join(ROOT, 'lib', 'snowflake-proxy.mjs'), String(port), String(rawPort)],
          health: () => tcpOpen(port),
        },
      ],
      env: {
        GOE_TEST_SNOWFLAKE_ACCESS_URL: `http://127.0.0.1:${port}`,
        GOE_TEST_SNOWFLAKE_HOST: '127.0.0.1',
        GOE_TEST_SNOWFLAKE_PORT: port,
        GOE_TEST_SNOWFLAKE_ACCOUNT: 'goe',
        GOE_TEST_SNOWFLAKE_USER: 'goe',
        GOE_TEST_SNOWFLAKE_PASSWORD: 'goe',
        GOE_TEST_SNOWFLAKE_FAKESNOW_URL: `http://127.0.0.1:${rawPort}`,
        GOE_TEST_SNOWFLAKE_STAGE_DIR: path.join(dataDir, 'stage'),
      },
    };
  },
});
