/** `goe offload`: GOE's offload command. */
import { Command, Option } from 'commander';
import { createEventBus, GoeError, maskArgv, OrchestrationRunner, type OffloadResult } from '@goe/core';
import { groupOption } from '../help.js';
import { GOE_OPTION_GROUPS, OFFLOAD_CLI_OPTIONS, toOffloadOptions } from '../offload-options.js';
import { devLogFallbackPath, DevLog, errorJson, outputOptions, Reporter, type DevLogLevel } from '../output.js';
import { registerFirstParty, type CliAdapters } from '../adapters.js';
import { addAdapterOptions, readAdapterOptions } from '../adapter-options.js';

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

/**
 * Builds the `offload` subcommand: GOE's options, then the options of the adapters in `adapters` (one help section
 * per adapter; see {@link addAdapterOptions}). Without `adapters`, GOE's options only, and the registry is made
 * when the command runs.
 *
 * @example
 * const cmd = offloadCommand(await loadCliAdapters(process.argv));
 */
export function offloadCommand(adapters?: CliAdapters): Command {
  const cmd = new Command('offload').description(
    'Copy a table (or part of it) from the frontend database into the backend warehouse. Without -x it only previews.',
  );
  for (const o of OFFLOAD_CLI_OPTIONS) {
    const opt = new Option(o.flags, o.description);
    if (o.hidden) opt.hideHelp();
    if (o.kind === 'repeat') opt.argParser(collect);
    cmd.addOption(groupOption(opt, o.group));
  }
  const out = GOE_OPTION_GROUPS.execute;
  cmd.addOption(groupOption(new Option('--json', 'print the result as one JSON document on stdout'), out));
  cmd.addOption(groupOption(new Option('-v, --verbose', 'verbose output'), out));
  cmd.addOption(groupOption(new Option('--vv', 'very verbose output (stack traces on errors)'), out));
  cmd.addOption(groupOption(new Option('--quiet', 'only errors and the final summary'), out));
  cmd.addOption(groupOption(new Option('--no-ansi', 'no colours (also NO_COLOR)'), out));
  const adapterOptions = adapters === undefined ? { installed: [], refused: [] } : addAdapterOptions(cmd, adapters);
  cmd.action(async (parsed: Record<string, unknown>) => {
    const o = outputOptions(parsed);
    const reporter = new Reporter(o);
    const options = toOffloadOptions(parsed);
    const fromAdapters = readAdapterOptions(parsed, adapterOptions);
    if (!options.table) {
      throw new GoeError('OPTION_INVALID', 'Option -t or --table required in form SCHEMA.TABLENAME');
    }
    const events = createEventBus();
    events.on('*', (e) => reporter.event(e));
    // --dev-log FILE|stdout: GOE's developer log (see DevLog)
    const devLog =
      typeof parsed.devLog === 'string' ? new DevLog(parsed.devLog, parsed.devLogLevel as DevLogLevel) : undefined;
    if (devLog !== undefined) events.on('*', (e) => devLog.event(e));
    const registry = adapters === undefined ? await registerFirstParty() : adapters.ready();
    // an adapter option's variable wins over the environment, which wins over offload.env
    const variables = Object.keys(fromAdapters.variables).length > 0 ? fromAdapters.variables : undefined;
    const hasAdapterOptions = Object.keys(fromAdapters.adapterOptions).length > 0;
    const interrupt = interruptOnSignals(reporter);
    try {
      const runner = new OrchestrationRunner({
        events,
        registry,
        signal: interrupt.signal,
        ...(variables === undefined ? {} : { env: { ...process.env, ...variables } }),
      });
      const result = await runner.offload({
        ...options,
        ...(hasAdapterOptions ? { adapterOptions: fromAdapters.adapterOptions } : {}),
        commandLine: maskArgv(['goe', ...process.argv.slice(2)]),
      });
      printResult(result, o.json, reporter);
      devLog?.finish(result.logPath);
    } catch (e) {
      devLog?.error(e);
      devLog?.finish(undefined, devLogFallbackPath(parsed));
      if (interrupt.received === undefined) throw e;
      // interrupted: the runner cleaned up and closed the command as INTERRUPTED; exit as the signal asks
      if (o.json) process.stdout.write(JSON.stringify(errorJson(e)) + '\n');
      else reporter.error(e);
      process.exitCode = SIGNAL_EXIT[interrupt.received];
    } finally {
      interrupt.dispose();
    }
  });
  return cmd;
}

/** Exit codes after an interruption: 128 + the signal number, as shells report them. */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * SIGINT/SIGTERM during an offload: the first one aborts the run (its cleanup runs, the lock is released, the
 * command is recorded as INTERRUPTED); a second one exits at once.
 */
function interruptOnSignals(reporter: Pick<Reporter, 'print'>): {
  readonly signal: AbortSignal;
  readonly received: keyof typeof SIGNAL_EXIT | undefined;
  dispose(): void;
} {
  const controller = new AbortController();
  let received: keyof typeof SIGNAL_EXIT | undefined;
  const handlers = (Object.keys(SIGNAL_EXIT) as (keyof typeof SIGNAL_EXIT)[]).map((sig) => {
    const handler = () => {
      if (received !== undefined) {
        process.stderr.write(`${sig} again: exiting without cleanup\n`);
        process.exit(SIGNAL_EXIT[sig]);
      }
      received = sig;
      reporter.print(`Interrupted by ${sig}: stopping and cleaning up (send it again to exit at once)`);
      controller.abort(new GoeError('ABORTED', `Offload interrupted by ${sig}`));
    };
    process.on(sig, handler);
    return [sig, handler] as const;
  });
  return {
    signal: controller.signal,
    get received() {
      return received;
    },
    dispose: () => {
      for (const [sig, handler] of handlers) process.off(sig, handler);
    },
  };
}

function printResult(result: OffloadResult, json: boolean, reporter: Reporter): void {
  if (json) {
    process.stdout.write(
      JSON.stringify({
        status: result.status === 'PREVIEW' ? 'preview' : result.status === 'NOOP' ? 'noop' : 'success',
        executionId: result.executionId,
        source: result.source,
        target: result.target,
        rows: result.rows,
        verification: result.verification ?? null,
        logPath: result.logPath,
        ddlFile: result.ddlFile ?? null,
        notices: result.notices,
        warnings: result.warnings,
        plan: result.plan,
      }) + '\n',
    );
    return;
  }
  const src = `${result.source.owner}.${result.source.table}`;
  const tgt = `${result.target.database}.${result.target.table}`;
  if (result.verification) reporter.print(result.verification);
  if (result.ddlFile) reporter.print(`DDL file: ${result.ddlFile}`);
  reporter.print(
    result.status === 'PREVIEW'
      ? `Preview of ${src} → ${tgt} complete (nothing changed; add -x to execute). Log: ${result.logPath}`
      : result.status === 'NOOP'
        ? `Nothing to offload from ${src} to ${tgt}. Log: ${result.logPath}`
        : `Offloaded ${result.rows} rows from ${src} to ${tgt}. Log: ${result.logPath}`,
  );
}
