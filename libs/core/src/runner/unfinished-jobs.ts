/**
 * Jobs of a transport that runs elsewhere (`capabilities.reads: 'source'`) can outlive the command that submitted
 * them: a killed process leaves a cluster job running, still writing staging files and holding resources. Each job is
 * recorded in the repository the moment it is submitted (a step record of the command, {@link TRANSPORT_JOB_RECORD});
 * the next execute command on the table finds the jobs of earlier unsuccessful commands again with
 * `TransportAdapter.findJob`, cancels those still running, and records that it checked each one, so every job is
 * handled once.
 */
import type { TransportJob } from '../contracts/remote.js';
import type { CommandExecution, CommandStep } from '../contracts/repository.js';
import type { RunState } from './run-state.js';
import type { StepDetails } from './step-runner.js';
import { OFFLOAD_STEPS } from './steps.js';

/**
 * The step record of a submitted transport job: started and ended at once (status `SUCCESS`: the submission was
 * recorded) inside "Transport data to staging", with details {@link TransportJobDetails}.
 *
 * @example
 * steps.filter((s) => s.stepId === TRANSPORT_JOB_RECORD.stepId).map((s) => s.details?.jobId)
 */
export const TRANSPORT_JOB_RECORD = Object.freeze({ stepId: 'TRANSPORT_JOB', title: 'Transport job submitted' });

/**
 * The step record a later command adds to the command that submitted a job once it has checked the job (found and
 * cancelled it, found it ended, or warned that it cannot look): details {@link TransportJobCheckDetails}. A job with
 * this record is not checked again.
 *
 * @example
 * steps.some((s) => s.stepId === TRANSPORT_JOB_CHECKED.stepId && s.details?.jobId === id)
 */
export const TRANSPORT_JOB_CHECKED = Object.freeze({ stepId: 'TRANSPORT_JOB_CHECKED', title: 'Transport job checked' });

/** Details of a {@link TRANSPORT_JOB_RECORD} record. */
export interface TransportJobDetails {
  readonly jobId: string;
  /** The transport adapter's name. */
  readonly transport: string;
  /** The chunk number the job transports. */
  readonly chunk: number;
}

/** Details of a {@link TRANSPORT_JOB_CHECKED} record. */
export interface TransportJobCheckDetails {
  readonly jobId: string;
  /** What the check found: a job state, `unknown` (the transport cannot find it) or `not-found`. */
  readonly found: 'running' | 'succeeded' | 'failed' | 'cancelled' | 'unknown' | 'not-found';
  /** `cancelled` when it was running and this command cancelled it; otherwise `none`. */
  readonly action: 'cancelled' | 'none';
  /** The command that checked it. */
  readonly checkedBy: string;
}

/**
 * Records a submitted job of chunk `chunk` in the repository (execute mode only; a preview submits nothing), logs
 * `Transport job <id> submitted`, and lists the run's jobs in the details of "Transport data to staging" (`jobs`:
 * once that step succeeded, they ended). The runner's `onJob`: the transport awaits it before waiting on the job, so
 * the id is stored before anything can kill this process unnoticed. @internal
 *
 * @example
 * onJob: (job) => recordTransportJob(s, job, { chunk: 1, details })
 */
export async function recordTransportJob(
  s: RunState,
  job: TransportJob,
  at: { readonly chunk: number; readonly details: StepDetails },
): Promise<void> {
  const chunk = at.chunk;
  const jobs = (s.transportJobs ??= []);
  jobs.push(job.id);
  at.details({ jobs: [...jobs] });
  s.logger.info(`Transport job ${job.id} submitted`);
  if (!s.opts.execute) return;
  const details: TransportJobDetails = { jobId: job.id, transport: s.adapters.transport.name, chunk };
  await s.repo.startStep({
    executionId: s.executionId,
    ...TRANSPORT_JOB_RECORD,
    startedAt: new Date().toISOString(),
    details: { ...details },
  });
  await s.repo.endStep(s.executionId, TRANSPORT_JOB_RECORD.stepId, 'SUCCESS', { ...details });
}

/**
 * The jobs `steps` (one command's step records) show submitted and not known to have ended: not checked by a later
 * command, and not reported by a successful "Transport data to staging" (whose details list the jobs it waited for).
 *
 * @example
 * openTransportJobs(await repo.listSteps(id)) // [{ jobId: 'app-17', transport: 'remote', chunk: 1 }]
 */
export function openTransportJobs(steps: readonly CommandStep[]): readonly TransportJobDetails[] {
  const ended = new Set<string>();
  for (const step of steps) {
    if (step.stepId === TRANSPORT_JOB_CHECKED.stepId && typeof step.details?.jobId === 'string')
      ended.add(step.details.jobId);
    if (step.stepId === OFFLOAD_STEPS.STAGING_TRANSPORT.code && step.status === 'SUCCESS')
      for (const id of jobIdsOf(step.details?.jobs)) ended.add(id);
  }
  return steps.flatMap((step) => {
    const d = step.stepId === TRANSPORT_JOB_RECORD.stepId ? step.details : undefined;
    if (typeof d?.jobId !== 'string' || ended.has(d.jobId)) return [];
    return [{ jobId: d.jobId, transport: String(d.transport), chunk: Number(d.chunk) }];
  });
}

function jobIdsOf(value: unknown): readonly string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * Checks every open job of the earlier `commands` (unsuccessful commands of this table, read once by the caller):
 * with the current transport's `findJob` when it is the adapter that submitted the job, a job still running is
 * cancelled (a notice), one that ended is logged; a job the transport cannot look up gets a warning naming it for
 * the operator. Each checked job gets a {@link TRANSPORT_JOB_CHECKED} record; a lookup that fails is warned about
 * and left open, to be checked again by the next command. Execute mode only. @internal
 */
export async function settleTransportJobs(s: RunState, commands: readonly CommandExecution[]): Promise<void> {
  if (!s.opts.execute) return;
  for (const command of commands) {
    for (const job of openTransportJobs(await s.repo.listSteps(command.id))) {
      try {
        const found = await checkJob(s, command.id, job);
        await markChecked(s, command.id, { jobId: job.jobId, ...found, checkedBy: s.executionId });
      } catch (e) {
        s.warn(
          `Could not check transport job ${job.jobId} of execution ${command.id} (${job.transport}): ${e instanceof Error ? e.message : String(e)}; it may still be running`,
        );
      }
    }
  }
}

async function checkJob(
  s: RunState,
  executionId: string,
  job: TransportJobDetails,
): Promise<Pick<TransportJobCheckDetails, 'found' | 'action'>> {
  const transport = s.adapters.transport;
  const findJob = transport.findJob?.bind(transport);
  if (transport.name !== job.transport || findJob === undefined) {
    const why =
      transport.name === job.transport
        ? `transport ${transport.name} cannot look jobs up`
        : `it was submitted by transport ${job.transport}, this command uses ${transport.name}`;
    s.warn(
      `Transport job ${job.jobId} of execution ${executionId} (chunk ${job.chunk}) may still be running and cannot be checked (${why}): check it and stop it if it is`,
    );
    return { found: 'unknown', action: 'none' };
  }
  const handle = await findJob(job.jobId, s.ctx);
  if (handle === undefined) {
    s.logger.info(`Transport job ${job.jobId} of execution ${executionId}: not found by ${transport.name}`);
    return { found: 'not-found', action: 'none' };
  }
  const status = await handle.poll();
  if (status.state !== 'running') {
    s.logger.info(`Transport job ${job.jobId} of execution ${executionId} had ended (${status.state})`);
    return { found: status.state, action: 'none' };
  }
  await handle.cancel();
  s.notice(
    `Transport job ${job.jobId} of execution ${executionId} was still running: cancelled before transporting again`,
  );
  return { found: 'running', action: 'cancelled' };
}

async function markChecked(s: RunState, executionId: string, details: TransportJobCheckDetails): Promise<void> {
  await s.repo.startStep({
    executionId,
    ...TRANSPORT_JOB_CHECKED,
    startedAt: new Date().toISOString(),
    details: { ...details },
  });
  await s.repo.endStep(executionId, TRANSPORT_JOB_CHECKED.stepId, 'SUCCESS', { ...details });
}
