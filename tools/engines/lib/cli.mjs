// tools/engines/engines <install|start|status|stop|env|test> <engine...|all>
import { spawnSync } from 'node:child_process';
import { ENGINE_NAMES, ENGINES, loadEngine } from './catalog.mjs';
import { ENV_FILE, ROOT, log, readState, writeState, writeEngineEnv, rebuildEnvFile, clearState, treeRssMiB, secs } from './common.mjs';

const USAGE = `usage: tools/engines/engines <command> [engine...|all]
commands:
  install  install what is missing (npm ci, pip venvs, go install, Maven Central jars)
  start    install if missing, start on free 127.0.0.1 ports, wait until healthy, write ${'.run/engines.env'}
  status   running / failed / stopped, pid, RSS, port
  stop     stop what this tool started (pid files under .run) and forget its env entries
  env      print the env file path and contents
  test     run the smoke tests (vitest) against the started engines; extra args go to vitest
engines: ${ENGINE_NAMES.join(', ')} (default: all)`;

const [cmd, ...rest] = process.argv.slice(2);
const pick = (args) => {
  if (!args.length || args.includes('all')) return ENGINE_NAMES;
  for (const a of args) if (!ENGINE_NAMES.includes(a)) throw new Error(`unknown engine "${a}"\n${USAGE}`);
  return args;
};
const envName = (n) => n.toUpperCase().replace(/-/g, '_');

/** Installs run concurrently (npm, pip, go and Maven downloads overlap); shared steps run once. */
async function install(names) {
  const t00 = Date.now();
  const results = await Promise.all(
    names.map(async (n) => {
      const e = await loadEngine(n);
      const t0 = Date.now();
      try {
        const did = e.installed() ? false : await e.install();
        const ms = Date.now() - t0;
        log(`install ${n}: ${did === false ? 'already installed' : `done after ${secs(ms)}`}`);
        return { engine: n, ok: true, result: did === false ? 'already installed' : 'installed', seconds: +(ms / 1000).toFixed(1) };
      } catch (err) {
        log(`install ${n}: FAILED: ${err.message}`);
        return { engine: n, ok: false, result: `FAILED: ${err.message.split('\n')[0]}`, seconds: +((Date.now() - t0) / 1000).toFixed(1) };
      }
    }),
  );
  console.table(results.map(({ ok, ...r }) => r));
  log(`install: ${secs(Date.now() - t00)} wall clock (concurrent; shared steps such as npm ci counted in each engine)`);
  return results;
}

async function start(names) {
  let failed = 0;
  for (const n of names) {
    const e = await loadEngine(n);
    const spec = ENGINES.find((x) => x.name === n);
    const t0 = Date.now();
    try {
      if (!e.installed()) {
        log(`install ${n} (missing)`);
        await e.install();
      }
      const installMs = Date.now() - t0;
      const t1 = Date.now();
      await e.start();
      const startMs = Date.now() - t1;
      writeState(n, { ...readState(n), installMs, startMs, engineVersion: e.version?.() });
      log(`start ${n}: healthy in ${secs(startMs)} (pid ${e.pid?.() ?? '-'}, RSS ${treeRssMiB(e.pid?.()) ?? '-'} MiB)`);
    } catch (err) {
      failed++;
      log(`start ${n}: FAILED: ${err.message}`);
      try {
        await e.stop();
      } catch {
        /* best effort */
      }
      writeState(n, { status: 'failed', error: err.message.split('\n')[0] });
      writeEngineEnv(`${n}`, {
        [`GOE_ENGINE_${envName(n)}_STATUS`]: 'failed',
        [`GOE_ENGINE_${envName(n)}_ERROR`]: err.message.slice(0, 600),
      });
      if (spec.supported !== true) log(`(${n} is documented as not supported here: ${spec.supported})`);
    }
  }
  rebuildEnvFile();
  return failed;
}

async function status(names) {
  const rows = [];
  for (const n of names) {
    const e = await loadEngine(n);
    const st = readState(n);
    const healthy = st?.status === 'running' ? await e.health().catch(() => false) : false;
    const pid = healthy ? e.pid?.() : null;
    rows.push({
      engine: n,
      status: st ? (st.status === 'running' && !healthy ? 'unhealthy' : st.status) : e.installed() ? 'stopped' : 'not installed',
      port: st?.port ?? '',
      pid: pid ?? '',
      rss_mib: pid ? treeRssMiB(pid) : '',
      start: st?.startMs ? secs(st.startMs) : '',
      version: st?.engineVersion ?? "",
      error: st?.error ?? '',
    });
  }
  console.table(rows);
  return rows.filter((r) => r.status === 'unhealthy').length;
}

async function stop(names) {
  for (const n of [...names].reverse()) {
    const e = await loadEngine(n);
    try {
      await e.stop();
    } catch (err) {
      log(`stop ${n}: ${err.message}`);
    }
    clearState(n);
  }
  rebuildEnvFile();
  log('stopped: ' + names.join(', '));
}

try {
  let code = 0;
  switch (cmd) {
    case 'install': {
      const r = await install(pick(rest));
      code = r.some((x) => !x.ok) ? 1 : 0;
      break;
    }
    case 'start':
      code = (await start(pick(rest))) ? 1 : 0;
      break;
    case 'status':
      code = (await status(pick(rest))) ? 1 : 0;
      break;
    case 'stop':
      await stop(pick(rest));
      break;
    case 'env':
      console.log(`# ${ENV_FILE}`);
      console.log(spawnSync('cat', [ENV_FILE], { encoding: 'utf8' }).stdout ?? '');
      break;
    case 'test': {
      const r = spawnSync('npx', ['--no-install', 'vitest', 'run', ...rest], { cwd: ROOT, stdio: 'inherit' });
      code = r.status ?? 1;
      break;
    }
    default:
      console.log(USAGE);
      code = cmd && !['-h', '--help', 'help'].includes(cmd) ? 2 : 0;
  }
  process.exit(code);
} catch (err) {
  console.error(err.message);
  process.exit(2);
}
