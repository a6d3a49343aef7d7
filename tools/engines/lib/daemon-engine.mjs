// Builds an engine object for the common case: one (or more) long-running processes we spawn ourselves.
import fs from 'node:fs';
import { spawnDaemon, stopDaemon, waitFor, writeState, readState, clearState, writeEngineEnv, readPid, isAlive, dataDir, mkdirp } from './common.mjs';

/**
 * spec.launch(ctx) returns { processes: [{ id, cmd, args, env, cwd, health, timeoutMs }], env, state }.
 * Each process gets .run/<id>.pid and .run/<id>.log; health() is polled until truthy.
 */
export function daemonEngine(spec) {
  const ids = () => readState(spec.name)?.processes ?? [spec.name];
  return {
    supported: true,
    ...spec,
    async start() {
      await this.stop(); // only ours: pid files under .run
      const dir = dataDir(spec.name);
      fs.rmSync(dir, { recursive: true, force: true });
      mkdirp(dir);
      const plan = await spec.launch({ dataDir: dir });
      const processes = plan.processes.map((p) => p.id ?? spec.name);
      writeState(spec.name, { status: 'starting', processes, ...plan.state });
      for (const p of plan.processes) {
        const daemon = spawnDaemon(p.id ?? spec.name, p.cmd, p.args, { env: p.env, cwd: p.cwd ?? dir });
        await waitFor(p.id ?? spec.name, p.health, { daemon, timeoutMs: p.timeoutMs ?? 60_000, intervalMs: p.intervalMs ?? 300 });
      }
      writeState(spec.name, { status: 'running', processes, ...plan.state });
      writeEngineEnv(spec.name, plan.env);
      return plan.state;
    },
    pid: () => readPid(ids()[0]),
    pids: () => ids().map(readPid),
    async health() {
      const st = readState(spec.name);
      if (!st || st.status !== 'running' || !ids().every((id) => isAlive(readPid(id)))) return false;
      return spec.healthy ? spec.healthy(st) : true;
    },
    async stop() {
      for (const id of [...ids()].reverse()) await stopDaemon(id, { graceMs: spec.stopGraceMs ?? 15_000 });
      clearState(spec.name);
    },
  };
}
