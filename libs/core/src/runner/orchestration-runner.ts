/**
 * GOE's `OrchestrationRunner`: one offload command from options to result — configuration and adapters, the log
 * file, the command record, the table lock (execute mode, taken before any session is opened and released in
 * `finally`), the steps, and masking of every text that leaves the process.
 */
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { GoeError, isGoeError } from '../errors.js';
import { NULL_EVENTS, type EventSink, type GoeEvent } from '../events.js';
import type { ResolvedConfig } from '../config/schema.js';
import { commonConfig } from '../config/common.js';
import { loadConfig, resolveOffloadHome, type ConfigEnv, type LoadedConfig } from '../config/load.js';
import { configPathOrigin } from '../config/paths.js';
import { maskArgv, maskObject, maskSecrets } from '../config/mask.js';
import type { AdapterContext } from '../contracts/context.js';
import type { LockHandle, OrchestrationLock } from '../contracts/lock.js';
import type { MetadataRepository } from '../contracts/repository.js';
import { createLogger, type Logger } from '../logging.js';
import { createRegistry, type Registry } from '../registry.js';
import {
  adapterSchemas,
  chooseOffloadTransport,
  resolveAdapters,
  type OffloadAdapters,
  type ResolvedAdapters,
} from './adapters.js';
import { fileTimestamp, standardFileName } from './command-log.js';
import { maskedError, runOffloadFlow, type Collected, type OffloadResult } from './offload-flow.js';
import { normalizeOffloadOptions, type NormalizedOffloadOptions, type OffloadOptions } from './options.js';
import { checkStatsMethod, resolveRunSettings } from './run-settings.js';
import { StepRunner } from './step-runner.js';
import { faultPointsFrom } from './fault-points.js';
import { applyOptionOverrides } from './option-variables.js';
import { checkRepositoryVersion, GOE_VERSION } from './version-check.js';

/** What an {@link OrchestrationRunner} uses; everything is optional. */
export interface OffloadDeps {
  /** Validated configuration; default: loaded from `OFFLOAD_HOME/conf/offload.env` and the environment for the adapters in use. */
  readonly config?: ResolvedConfig;
  /** Environment; default `process.env` (also read by the test hooks `GOE_TEST_PAUSE_*`). */
  readonly env?: ConfigEnv;
  /** `OFFLOAD_HOME`; default the loaded configuration's, else `$OFFLOAD_HOME`, else `~/.goe`. */
  readonly offloadHome?: string;
  /**
   * Where named adapters come from; default `createRegistry()`: no catalog, so only injected adapters and
   * `GOE_PLUGINS` (`@goe/stack`'s `offload` defaults it to GOE's first-party catalog).
   */
  readonly registry?: Registry;
  /** Adapters to use instead of those the configuration names (library users and tests). */
  readonly adapters?: Partial<OffloadAdapters>;
  /** Receives typed events (`step:start`, `step:end`, `progress`, `warning`, `notice`, `log`), secrets masked. */
  readonly events?: EventSink;
  /** Cancels the offload between steps and inside long operations. */
  readonly signal?: AbortSignal;
}

/**
 * Runs offload commands.
 *
 * @example
 * const runner = new OrchestrationRunner({ events: bus });
 * const result = await runner.offload({ table: 'SH.SALES', execute: true });
 * console.log(result.rows, result.verification);
 */
export class OrchestrationRunner {
  constructor(private readonly deps: OffloadDeps = {}) {}

  /**
   * Offloads one table (or previews it). See {@link OffloadOptions} for the options and their defaults.
   *
   * @throws GoeError — `OPTION_INVALID`/`CONFIG_INVALID` before anything is recorded; `LOCK_HELD` (command recorded
   *   as `LOCKED`); `ALREADY_OFFLOADED`; `VALIDATION_MISMATCH`; `TYPE_*`; `ENGINE_ERROR`… (command recorded as `ERROR`)
   */
  async offload(options: OffloadOptions): Promise<OffloadResult> {
    const env = this.deps.env ?? process.env;
    const opts = normalizeOffloadOptions(options, env);
    const faults = faultPointsFrom(env, undefined, opts.errorOnToken);
    const executionId = options.executionId ?? randomUUID();
    const { config, resolved, offloadHome } = await this.prepare(opts, env);
    const secretMask = (text: string) => maskSecrets(config.mask(text));
    const collected: Collected = { notices: [], warnings: [] };
    const userEvents = this.deps.events ?? NULL_EVENTS;
    const settings = resolveRunSettings(opts, config, { offloadHome });
    checkStatsMethod(settings, resolved.backend);
    const logPath = join(settings.logDir, standardFileName('offload', opts.key, fileTimestamp(new Date()), '.log'));
    const logger = createLogger({
      file: logPath,
      level: settings.logLevel,
      format: settings.logFormat,
      mask: secretMask,
      sink: userEvents,
      origin:
        options.logPath !== undefined
          ? { option: '--log-path', purpose: 'log directory' }
          : configPathOrigin(config, 'OFFLOAD_LOGDIR', 'log directory'),
    });
    const events: EventSink = { emit: (e) => route(maskEvent(e, secretMask), userEvents, logger, collected) };
    // The repository records every command, a preview's too: it alone is opened writable in preview.
    const repoCtx: AdapterContext = {
      config,
      events,
      offloadHome,
      ...(this.deps.signal === undefined ? {} : { signal: this.deps.signal }),
      ...(options.adapterOptions === undefined ? {} : { adapterOptions: Object.freeze({ ...options.adapterOptions }) }),
    };
    // Preview (no -x; --ddl-file switches execute off): adapters create and change nothing.
    const ctx: AdapterContext = opts.execute
      ? { ...repoCtx, ...(faults.armed ? { faultPoint: faults.hit } : {}) }
      : { ...repoCtx, readOnly: true };

    const commandLine = recordedCommandLine(options, config, secretMask);
    logger.info('GOE for TypeScript: offload');
    logger.info(`Log file: ${logPath}`);
    logger.info(`${options.executionId === undefined ? 'Generated' : 'Using overridden'} ExecutionId: ${executionId}`);
    logger.info(`Command: ${commandLine}`);
    logger.info(`Mode: ${opts.execute ? 'execute' : 'preview (no changes are made; add -x to execute)'}`);
    logger.debug(`Run settings: ${JSON.stringify(settings)}`);
    for (const o of opts.overrides.values()) logger.debug(`Option ${o.flag} sets ${o.variable}=${String(o.value)}`);

    let repo;
    /** Whether this command's row was recorded (only then is it this command's to close). */
    let started = false;
    try {
      const adapters: OffloadAdapters = { ...resolved, ...(await chooseOffloadTransport(resolved, ctx)) };
      logger.info(
        `Adapters: frontend ${adapters.frontend.name}, backend ${adapters.backend.name}, transport ${adapters.transport.name}, storage ${adapters.storage.name}, repository ${adapters.repository.name}, lock ${adapters.lock.name}`,
      );
      const opened = (repo = await adapters.repository.open(repoCtx));
      await checkRepositoryVersion(opened, { skip: options.noVersionCheck === true });
      if (options.executionId !== undefined && (await opened.getCommand(executionId)) !== undefined) {
        throw new GoeError('OPTION_INVALID', `ExecutionId ${executionId} was already used by another command`, {
          variable: '--execution-id',
          hint: 'Omit --execution-id to generate one',
        });
      }
      await opened.startCommand({
        id: executionId,
        command: 'OFFLOAD',
        commandLine,
        owner: opts.owner.toUpperCase(),
        table: opts.tableName.toUpperCase(),
        startedAt: new Date().toISOString(),
        logPath,
        goeVersion: GOE_VERSION,
        status: opts.execute ? 'EXECUTING' : 'PREVIEW',
      });
      started = true;
      const lock = opts.execute
        ? await this.takeLock(adapters, ctx, opts, executionId, async (message) => {
            logger.error(message);
            await repo!.endCommand(executionId, 'LOCKED', message);
          })
        : undefined;
      try {
        if (lock !== undefined) await closeAbandonedCommands(repo, opts, executionId, logger);
        const steps = new StepRunner({
          executionId,
          execute: opts.execute,
          options: opts,
          repository: repo,
          events,
          logger,
          mask: secretMask,
          pauseFile: opts.pauseFile ?? join(offloadHome, 'goe-test-pause'),
          ...(faults.armed ? { faults } : {}),
          ...(this.deps.signal === undefined ? {} : { signal: this.deps.signal }),
        });
        const notice = (message: string) => events.emit({ type: 'notice', message });
        const warn = (message: string) => events.emit({ type: 'warning', message });
        const result = await runOffloadFlow(
          { opts, executionId, settings, ctx, adapters, repo, logger, steps, mask: secretMask, notice, warn },
          collected,
          logPath,
        );
        await repo.endCommand(executionId, result.status);
        logger.info(opts.execute ? `Offload of ${opts.key} succeeded` : `Preview of ${opts.key} done`);
        return result;
      } finally {
        await lock?.handle.release().catch((e: unknown) => logger.warn(`Releasing the lock failed: ${String(e)}`));
        await lock?.service.close().catch(() => undefined);
      }
    } catch (e) {
      const err = maskedError(e, secretMask);
      logger.error(`${err.code}: ${err.message}${err.hint ? ` (${err.hint})` : ''}`);
      if (repo !== undefined && started && err.code !== 'LOCK_HELD') {
        await repo
          .endCommand(executionId, err.code === 'ABORTED' ? 'INTERRUPTED' : 'ERROR', `${err.code}: ${err.message}`)
          .catch((re: unknown) => logger.warn(`Recording the failure failed: ${String(re)}`));
      }
      throw err;
    } finally {
      await repo?.close().catch(() => undefined);
      logger.close();
    }
  }

  /**
   * Configuration and adapters: injected, or loaded in two passes (common variables name the adapters, whose
   * schemas complete the configuration). `GOE_PLUGINS` load from `GOE_PLUGINS_ROOT` before any adapter name is
   * checked, so a plugin's names are as valid as the catalog's.
   */
  private async prepare(
    opts: NormalizedOffloadOptions,
    env: ConfigEnv,
  ): Promise<{ config: ResolvedConfig; resolved: ResolvedAdapters; offloadHome: string }> {
    const registry = this.deps.registry ?? createRegistry();
    const injected = this.deps.adapters ?? {};
    const method = opts.raw.offloadTransportMethod;
    if (this.deps.config !== undefined) {
      // options are the top layer over every configuration (option > environment > offload.env > default)
      const config = applyOptionOverrides(this.deps.config, opts.overrides);
      const offloadHome =
        this.deps.offloadHome ??
        (config as Partial<LoadedConfig>).offloadHome ??
        config.get<string>('OFFLOAD_HOME') ??
        resolveOffloadHome(env).path;
      await loadConfiguredPlugins(registry, config, offloadHome);
      return { config, resolved: await resolveAdapters(config, registry, injected, method), offloadHome };
    }
    const base = { env, ...(this.deps.offloadHome === undefined ? {} : { offloadHome: this.deps.offloadHome }) };
    const commonSchema = commonConfig(registry.catalog?.defaults);
    const common = applyOptionOverrides(loadConfig({ ...base, schemas: [commonSchema] }), opts.overrides);
    await loadConfiguredPlugins(registry, common, common.offloadHome);
    const resolved = await resolveAdapters(common, registry, injected, method);
    const config = applyOptionOverrides(
      loadConfig({
        ...base,
        offloadHome: common.offloadHome,
        schemas: [commonSchema, ...adapterSchemas(resolved)],
        ...(this.deps.events ? { events: this.deps.events } : {}),
      }),
      opts.overrides,
    );
    return { config, resolved, offloadHome: config.offloadHome };
  }

  /** Takes the table lock; a refusal is recorded (status `LOCKED`) and re-thrown as `LOCK_HELD`. */
  private async takeLock(
    adapters: OffloadAdapters,
    ctx: AdapterContext,
    opts: NormalizedOffloadOptions,
    executionId: string,
    onRefused: (message: string) => Promise<void>,
  ): Promise<{ service: OrchestrationLock; handle: LockHandle }> {
    const service = await adapters.lock.open(ctx);
    try {
      const handle = await service.acquire(opts.key, { pid: process.pid, host: hostname(), executionId });
      return { service, handle };
    } catch (e) {
      await service.close().catch(() => undefined);
      if (isGoeError(e) && e.code === 'LOCK_HELD') await onRefused(ctx.config.mask(e.message));
      throw e;
    }
  }
}

/**
 * Error recorded on a command whose process ended without recording its outcome (closed by the next run that takes
 * the table lock).
 *
 * @example
 * (await repo.getCommand(killedId))?.error === ABANDONED_COMMAND_MESSAGE
 */
export const ABANDONED_COMMAND_MESSAGE =
  'INTERNAL: abandoned: the process ended without recording an outcome (killed?)';

/**
 * With the table lock held, no other command on the table can be running: commands still `EXECUTING` were left by
 * a process that died (e.g. SIGKILL) and are closed as `ERROR` ({@link ABANDONED_COMMAND_MESSAGE}).
 */
async function closeAbandonedCommands(
  repo: MetadataRepository,
  opts: NormalizedOffloadOptions,
  executionId: string,
  logger: Logger,
): Promise<void> {
  const open = (await repo.listCommands({ owner: opts.owner, table: opts.tableName, limit: 50 })).filter(
    (c) => c.status === 'EXECUTING' && c.id !== executionId,
  );
  for (const c of open) {
    logger.warn(`Closing command ${c.id} (started ${c.startedAt}): its process ended without recording an outcome`);
    await repo.endCommand(c.id, 'ERROR', ABANDONED_COMMAND_MESSAGE);
  }
}

/** The command line as recorded: given argv/text masked, else the options as masked JSON (GOE records API parameters). */
function recordedCommandLine(options: OffloadOptions, config: ResolvedConfig, mask: (t: string) => string): string {
  const masker = (config as Partial<LoadedConfig>).masker;
  if (Array.isArray(options.commandLine))
    return mask(maskArgv(options.commandLine, masker ? { masker } : {}).join(' '));
  if (typeof options.commandLine === 'string') return mask(options.commandLine);
  const { commandLine: _omit, ...rest } = options;
  return mask(`offload ${JSON.stringify(maskObject(rest, masker ? { masker } : {}))}`);
}

function maskEvent(e: GoeEvent, mask: (t: string) => string): GoeEvent {
  return 'message' in e ? ({ ...e, message: mask(e.message) } as GoeEvent) : e;
}

/** Notices and warnings are collected and logged; adapters' log lines go through the command's logger. */
function route(e: GoeEvent, user: EventSink, logger: ReturnType<typeof createLogger>, collected: Collected): void {
  switch (e.type) {
    case 'notice':
      collected.notices.push(e.message);
      logger.info(`Notice: ${e.message}`);
      break;
    case 'warning':
      collected.warnings.push(e.message);
      logger.warn(e.message);
      break;
    case 'log':
      logger.log(e.level, e.message);
      return;
    default:
      break;
  }
  user.emit(e);
}

/**
 * Loads the `GOE_PLUGINS` packages from `GOE_PLUGINS_ROOT` (default `${OFFLOAD_HOME}/plugins`). A root that is set
 * explicitly must be an existing directory, whether or not plugins are named: a mistyped root is refused at once.
 *
 * @throws GoeError `CONFIG_INVALID` naming GOE_PLUGINS_ROOT; `ADAPTER_INVALID` naming GOE_PLUGINS
 */
async function loadConfiguredPlugins(registry: Registry, config: ResolvedConfig, offloadHome: string): Promise<void> {
  const root = config.get<string>('GOE_PLUGINS_ROOT') ?? join(offloadHome, 'plugins');
  const source = (config as Partial<LoadedConfig>).source?.('GOE_PLUGINS_ROOT');
  if (source !== undefined && source !== 'default' && !isDirectory(root)) {
    throw new GoeError('CONFIG_INVALID', `GOE_PLUGINS_ROOT ${root} is not a directory`, {
      variable: 'GOE_PLUGINS_ROOT',
      hint: 'Set it to the directory plugins are installed in (npm i --prefix <root> goe-<kind>-<name>), or unset it',
    });
  }
  const plugins = config.get<readonly string[]>('GOE_PLUGINS');
  if (plugins === undefined || plugins.length === 0) return;
  await registry.loadPlugins(plugins.join(','), { root });
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
