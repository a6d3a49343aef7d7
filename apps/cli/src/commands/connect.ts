/**
 * `goe connect`: checks configuration, connectivity and versions of the frontend and backend, staging
 * writability, the repository and the lock directory. GOE's exit codes: 0 all passed, 1 fatal, 2 a check failed,
 * 3 warnings only.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import { join } from 'node:path';
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
  type Registry,
  type ResolvedAdapters,
  type UpgradeEnvironmentFileResult,
} from '@goe/core';
import { outputOptions, Reporter } from '../output.js';
import { pluginSettings, registerFirstParty } from '../adapters.js';
import { cliVersion } from '../version.js';

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
    let msg = isGoeError(e) ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e);
    if (isGoeError(e) && e.hint !== undefined) msg += ` (${e.hint})`;
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
      let upgraded: UpgradeEnvironmentFileResult | undefined;
      if (parsed.upgradeEnvironmentFile) {
        upgraded = upgradeEnvironmentFile(offloadEnvPath(home.path), schemas);
        if (!o.json) reporter.print(upgradeLine(upgraded));
      }
      const config = loadConfig({ schemas, offloadHome: home.path });
      mask = (s) => config.mask(s);
      const envFile = offloadEnvPath(home.path);
      results.push({
        name: 'Configuration',
        status: config.warnings.length ? 'warning' : 'ok',
        detail: config.warnings.length
          ? config.warnings.map((w) => mask(w.message)).join('; ')
          : config.file !== undefined
            ? `${config.file} (OFFLOAD_HOME ${home.path})`
            : `no offload.env at ${envFile}: settings come from the environment and defaults (goe init writes a commented one)`,
      });
      const plugins = pluginSettings();
      results.push({ name: 'Adapters', status: 'ok', detail: adapterList(resolved, registry, plugins) });
      if (plugins.plugins.length > 0) {
        results.push({
          name: 'Plugins (GOE_PLUGINS)',
          status: 'ok',
          detail: `${plugins.plugins.map((p) => packageVersion(p, plugins.root) ?? p).join(', ')} from ${plugins.root}`,
        });
      }
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
      const unsetSettings = results.some((r) => r.status === 'failed' && / is not set\b/.test(r.detail));
      if (unsetSettings && config.file === undefined) {
        results.push({
          name: 'Settings',
          status: 'failed',
          detail: `settings are missing and there is no ${envFile}: run goe init (e.g. goe init --frontend ${resolved.frontend.name} --backend ${resolved.backend.name}), fill it in, then goe connect again`,
        });
      }
      const code = connectExitCode(results);
      if (o.json)
        process.stdout.write(
          JSON.stringify({
            status: ['ok', 'fatal', 'failed', 'warnings'][code],
            checks: results,
            ...(upgraded === undefined ? {} : { upgraded }),
          }) + '\n',
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

/** One line for `--upgrade-environment-file`: what was added to which file. @example upgradeLine({ path: 'p', added: [], created: false }) */
export function upgradeLine(r: UpgradeEnvironmentFileResult): string {
  const what =
    r.added.length === 0
      ? 'nothing to add: it has every variable'
      : `added ${r.added.length} variable${r.added.length === 1 ? '' : 's'} (commented, with their defaults): ${r.added.join(', ')}`;
  return `${r.created ? 'Created' : 'Upgraded'} ${r.path}: ${what}`;
}

/**
 * A package's version as installed beside the CLI or under the plugin root, `bundled in @goe/cli <v>` for the
 * embedded stack the binary carries, or undefined.
 */
function packageVersion(pkg: string | undefined, pluginRoot: string): string | undefined {
  if (pkg === undefined) return undefined;
  const manifests = [
    () => readFileSync(join(pluginRoot, 'node_modules', pkg, 'package.json'), 'utf8'),
    () => readFileSync(createRequire(import.meta.url).resolve(`${pkg}/package.json`), 'utf8'),
  ];
  for (const manifest of manifests) {
    try {
      const version = (JSON.parse(manifest()) as { version?: unknown }).version;
      if (typeof version === 'string') return `${pkg} ${version}`;
    } catch {
      // not installed there (or its exports hide package.json)
    }
  }
  return pkg.startsWith('@goe/') ? `${pkg}, bundled in @goe/cli ${cliVersion()}` : pkg;
}

/**
 * The adapters an offload would use, each with its package and version, e.g.
 * `frontend postgres (@goe/frontend-postgres, bundled in @goe/cli 0.1.0), …, backend quack (goe-backend-quack 1.2.0)`.
 *
 * @example
 * adapterList(resolved, registry, pluginSettings())
 */
export function adapterList(
  resolved: ResolvedAdapters,
  registry: Registry,
  plugins: { readonly plugins: readonly string[]; readonly root: string },
): string {
  const kinds = ['frontend', 'backend', 'storage', 'repository', 'lock'] as const;
  return kinds
    .map((kind) => {
      const a = resolved[kind];
      // a plugin is named goe-<kind>-<name> (GOE_PLUGINS' convention)
      const plugin = plugins.plugins.find((p) => p.replace(/^@[^/]+\//, '') === `goe-${kind}-${a.name}`);
      const pkg = packageVersion(a.package ?? plugin ?? registry.catalogEntry(kind, a.name)?.package, plugins.root);
      return `${kind} ${a.name}${pkg === undefined ? '' : ` (${pkg})`}`;
    })
    .join(', ');
}
