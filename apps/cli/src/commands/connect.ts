/**
 * `goe connect`: checks configuration, connectivity and versions of the frontend and backend, staging
 * writability, the repository and the lock directory. GOE's exit codes: 0 all passed, 1 fatal, 2 a check failed,
 * 3 warnings only.
 */
import { hostname } from 'node:os';
import { Command } from 'commander';
import { STACK_COMMON_CONFIG } from '@goe/stack';
import {
  adapterSchemas,
  chooseTransport,
  isGoeError,
  loadConfig,
  offloadEnvPath,
  resolveAdapters,
  resolveOffloadHome,
  upgradeEnvironmentFile,
  type AdapterContext,
  type GoeEvent,
} from '@goe/core';
import { outputOptions, Reporter } from '../output.js';
import { registerFirstParty } from '../adapters.js';

/** One check's outcome. */
export interface CheckResult {
  readonly name: string;
  readonly status: 'ok' | 'warning' | 'failed';
  readonly detail: string;
}

/** GOE's `connect` exit code for a list of results: 0 ok, 2 any failure, 3 warnings only. @example connectExitCode([]) // 0 */
export function connectExitCode(results: readonly CheckResult[]): number {
  if (results.some((r) => r.status === 'failed')) return 2;
  if (results.some((r) => r.status === 'warning')) return 3;
  return 0;
}

async function check(
  results: CheckResult[],
  name: string,
  fn: () => Promise<string>,
  mask: (s: string) => string,
): Promise<boolean> {
  try {
    results.push({ name, status: 'ok', detail: mask(await fn()) });
    return true;
  } catch (e) {
    const msg = isGoeError(e) ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e);
    results.push({ name, status: 'failed', detail: mask(msg) });
    return false;
  }
}

/** Builds the `connect` subcommand. */
export function connectCommand(): Command {
  return new Command('connect')
    .description('Check configuration and connectivity of every component an offload uses')
    .option(
      '--upgrade-environment-file',
      'append variables missing from OFFLOAD_HOME/conf/offload.env (with their defaults, commented)',
    )
    .option('--json', 'print the results as one JSON document on stdout')
    .option('-v, --verbose', 'verbose output')
    .option('--vv', 'very verbose output')
    .option('--quiet', 'only failures and the summary')
    .option('--no-ansi', 'no colours (also NO_COLOR)')
    .action(async (parsed: Record<string, unknown>) => {
      const o = outputOptions(parsed);
      const reporter = new Reporter(o);
      const results: CheckResult[] = [];
      const home = resolveOffloadHome(process.env);
      if (home.isDefault && !o.json) reporter.print(home.notice ?? `OFFLOAD_HOME not set, using ${home.path}`);
      const registry = await registerFirstParty();
      const events = { emit: (e: GoeEvent) => reporter.event(e) };
      let mask = (s: string) => s;
      const base = loadConfig({ schemas: [STACK_COMMON_CONFIG], offloadHome: home.path });
      mask = (s) => base.mask(s);
      const resolved = await resolveAdapters(base, registry, {}, undefined);
      const schemas = [STACK_COMMON_CONFIG, ...adapterSchemas(resolved)];
      if (parsed.upgradeEnvironmentFile) {
        const r = upgradeEnvironmentFile(offloadEnvPath(home.path), schemas);
        reporter.print(`Upgraded ${offloadEnvPath(home.path)}: ${JSON.stringify(r)}`);
      }
      const config = loadConfig({ schemas, offloadHome: home.path });
      mask = (s) => config.mask(s);
      results.push({
        name: 'Configuration',
        status: config.warnings.length ? 'warning' : 'ok',
        detail: config.warnings.length
          ? config.warnings.map((w) => mask(w.message)).join('; ')
          : `${config.file ?? 'no offload.env'} (OFFLOAD_HOME ${home.path})`,
      });
      const ctx: AdapterContext = { config, events, offloadHome: home.path };
      // the frontend and backend checks only read: they must not create a database file or directory
      const adapterChecks: CheckResult[] = [];
      const readCtx: AdapterContext = { ...ctx, readOnly: true };
      await check(
        results,
        `Frontend (${resolved.frontend.name})`,
        async () => {
          const s = await resolved.frontend.connect(readCtx);
          try {
            const version = await s.serverVersion();
            for (const c of (await s.connectChecks?.()) ?? []) {
              adapterChecks.push({
                name: `Frontend (${resolved.frontend.name}): ${c.name}`,
                status: c.status,
                detail: c.detail,
              });
            }
            return version;
          } finally {
            await s.close();
          }
        },
        mask,
      );
      results.push(...adapterChecks.map((c) => ({ ...c, detail: mask(c.detail) })));
      await check(
        results,
        `Backend (${resolved.backend.name})`,
        async () => {
          const s = await resolved.backend.connect(readCtx);
          try {
            return await s.serverVersion();
          } finally {
            await s.close();
          }
        },
        mask,
      );
      await check(results, 'Transport', async () => (await chooseTransport(resolved, ctx)).name, mask);
      await check(
        results,
        `Staging (${resolved.storage.name})`,
        async () => {
          const store = await resolved.storage.open(ctx);
          try {
            const probe = `goe-connect-probe-${process.pid}`;
            const path = `${probe}/probe.txt`;
            await store.put(path, new TextEncoder().encode('goe connect'));
            const uri = store.uri(path);
            await store.delete(probe);
            return `writable (probe ${uri} written and deleted)`;
          } finally {
            await store.close();
          }
        },
        mask,
      );
      await check(
        results,
        `Repository (${resolved.repository.name})`,
        async () => {
          const repo = await resolved.repository.open(ctx);
          try {
            return `schema version ${await repo.schemaVersion()}`;
          } finally {
            await repo.close();
          }
        },
        mask,
      );
      await check(
        results,
        `Lock (${resolved.lock.name})`,
        async () => {
          const lock = await resolved.lock.open(ctx);
          try {
            const h = await lock.acquire(`GOE_CONNECT.PROBE_${process.pid}`, { pid: process.pid, host: hostname() });
            await h.release();
            return 'lock can be taken and released';
          } finally {
            await lock.close();
          }
        },
        mask,
      );
      const code = connectExitCode(results);
      if (o.json)
        process.stdout.write(
          JSON.stringify({ status: ['ok', 'fatal', 'failed', 'warnings'][code], checks: results }) + '\n',
        );
      else {
        for (const r of results) {
          if (o.quiet && r.status === 'ok') continue;
          reporter.print(
            `${r.status === 'ok' ? 'OK     ' : r.status === 'warning' ? 'WARNING' : 'FAILED '} ${r.name}: ${r.detail}`,
          );
        }
        reporter.print(
          code === 0 ? 'All checks passed' : code === 3 ? 'Checks passed with warnings' : 'Some checks failed',
        );
      }
      process.exitCode = code;
    });
}
