/**
 * Runs one step the way GOE's `offload_step` does: title, `--skip-steps`, test hooks, timing, events, and (in
 * execute mode) a start and an end row in the repository; an error is recorded with the step and re-raised.
 */
import { GoeError, isGoeError } from '../errors.js';
import type { EventSink } from '../events.js';
import type { Logger } from '../logging.js';
import type { MetadataRepository } from '../contracts/repository.js';
import type { NormalizedOffloadOptions } from './options.js';
import type { StepDefinition } from './steps.js';
import { forcedException, pauseAt } from './test-hooks.js';
import type { FaultPoints } from './fault-points.js';

/** What a {@link StepRunner} needs. */
export interface StepRunnerDeps {
  readonly executionId: string;
  /** Steps are recorded in the repository only in execute mode. */
  readonly execute: boolean;
  readonly options: NormalizedOffloadOptions;
  readonly repository: MetadataRepository;
  readonly events: EventSink;
  readonly logger: Logger;
  /** Marker file of the pause hooks. */
  readonly pauseFile: string;
  /** Masks text before it is recorded. */
  readonly mask: (text: string) => string;
  readonly signal?: AbortSignal;
  /** Fault points `before:<STEP>` / `after:<STEP>` (fault tests); default none. */
  readonly faults?: FaultPoints;
}

/** Collects the details a step records with its end row. */
export type StepDetails = (details: Readonly<Record<string, unknown>>) => void;

/** Runs steps; see {@link StepRunner.run}. @internal */
export class StepRunner {
  /** Steps run so far with their seconds, for the timing summary. */
  readonly timings: { readonly code: string; readonly title: string; readonly ms: number }[] = [];

  constructor(private readonly deps: StepRunnerDeps) {}

  /**
   * Runs `body` as `step`, or skips it when `--skip-steps` names it (returns `undefined`).
   *
   * @example
   * const rows = await steps.run(OFFLOAD_STEPS.FINAL_LOAD, async (details) => { const n = await load(); details({ rows: Number(n) }); return n; });
   */
  async run<T>(step: StepDefinition, body: (details: StepDetails) => Promise<T>): Promise<T | undefined> {
    const { deps } = this;
    const { options, logger, events } = deps;
    if (deps.signal?.aborted)
      throw isGoeError(deps.signal.reason) ? deps.signal.reason : new GoeError('ABORTED', 'Offload cancelled');
    logger.info('');
    logger.info(`${step.title}\n${'-'.repeat(step.title.length)}`);
    if (options.skip.has(step.code)) {
      logger.info(`Skipping step: ${step.title} (--skip-steps)`);
      events.emit({ type: 'step:start', step: step.code, title: step.title });
      events.emit({ type: 'step:end', step: step.code, title: step.title, ms: 0, status: 'skipped' });
      return undefined;
    }
    events.emit({ type: 'step:start', step: step.code, title: step.title });
    if (options.pauseBeforeStep === step.code) await this.pause(step, 'before');
    deps.faults?.hit(`before:${step.code}`);
    const started = Date.now();
    if (deps.execute) {
      await deps.repository.startStep({
        executionId: deps.executionId,
        stepId: step.code,
        title: step.title,
        startedAt: new Date(started).toISOString(),
      });
    }
    let details: Record<string, unknown> = {};
    try {
      if (options.errorBeforeStep === step.code) throw forcedException('before', step);
      const result = await body((d) => {
        details = { ...details, ...d };
      });
      if (options.errorAfterStep === step.code) throw forcedException('after', step);
      const ms = Date.now() - started;
      if (deps.execute)
        await deps.repository.endStep(
          deps.executionId,
          step.code,
          'SUCCESS',
          Object.keys(details).length > 0 ? details : undefined,
        );
      deps.faults?.hit(`after:${step.code}`);
      this.timings.push({ code: step.code, title: step.title, ms });
      logger.detail(`Step time: ${(ms / 1000).toFixed(3)}s`);
      logger.info('Done');
      events.emit({ type: 'step:end', step: step.code, title: step.title, ms, status: 'ok' });
      if (options.pauseAfterStep === step.code) await this.pause(step, 'after');
      return result;
    } catch (e) {
      const ms = Date.now() - started;
      const message = deps.mask(e instanceof Error ? e.message : String(e));
      if (deps.execute) {
        await deps.repository
          .endStep(deps.executionId, step.code, 'ERROR', { ...details, error_message: message })
          .catch((re: unknown) => logger.warn(`Could not record the failure of step ${step.title}: ${String(re)}`));
      }
      logger.error(`Error in "${step.title}": ${message}`);
      events.emit({ type: 'step:end', step: step.code, title: step.title, ms, status: 'failed' });
      throw e;
    }
  }

  /**
   * Runs a mandatory step (never skipped: `--skip-steps` refuses it) and returns its result.
   *
   * @throws Error when `step` is not mandatory (a bug)
   * @example
   * const plan = await steps.runMandatory(OFFLOAD_STEPS.ANALYZE_DATA_TYPES, async () => planOffload(input));
   */
  async runMandatory<T>(step: StepDefinition, body: (details: StepDetails) => Promise<T>): Promise<T> {
    if (!step.mandatory) throw new Error(`Internal error: step ${step.code} is not mandatory`);
    let result: { readonly value: T } | undefined;
    await this.run(step, async (details) => {
      result = { value: await body(details) };
    });
    if (result === undefined) throw new Error(`Internal error: mandatory step ${step.code} was skipped`);
    return result.value;
  }

  private async pause(step: StepDefinition, when: 'before' | 'after'): Promise<void> {
    this.deps.logger.info(`Test hook: pausing ${when} step ${step.title} until ${this.deps.pauseFile} is removed`);
    await pauseAt(
      this.deps.pauseFile,
      { pid: process.pid, executionId: this.deps.executionId, step: step.code, when },
      this.deps.signal,
    );
  }
}
