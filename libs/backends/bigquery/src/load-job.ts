/**
 * Load jobs a rerun finds again: a deterministic id prefix (a hash of the destination and the staged files) plus an
 * attempt number. Before submitting attempt n the backend looks the id up: a job still PENDING or RUNNING (left by a
 * killed run) is waited for, never submitted twice; a DONE job that loaded the table is taken as the load; a failed
 * one, or one whose table was dropped since, moves on to attempt n + 1.
 */
import { createHash } from 'node:crypto';
import { GoeError } from '@goe/core';
import type { BigqueryApi, JobStatus, LoadJobSpec } from './api.js';

/** The most attempts of one chunk's load job (each a new id). */
export const MAX_LOAD_ATTEMPTS = 5;

/**
 * The id prefix of a chunk's load job: `goe_load_` + 32 hex digits of a SHA-256 over the project, destination and
 * staged file URIs (sorted) — the same in a rerun of the same chunk.
 *
 * @example
 * loadJobPrefix('acme', { dataset: 'sh_load', table: 'sales_1', uris: ['gs://b/f.parquet'] }) // 'goe_load_3f…'
 */
export function loadJobPrefix(
  project: string,
  load: { readonly dataset: string; readonly table: string; readonly uris: readonly string[] },
): string {
  const h = createHash('sha256');
  h.update(JSON.stringify([project, load.dataset, load.table, [...load.uris].sort()]));
  return `goe_load_${h.digest('hex').slice(0, 32)}`;
}

/** How {@link runLoadJob} waits and reports. */
export interface LoadJobOptions {
  /** First poll interval (ms), doubled up to {@link LoadJobOptions.maxPollMs}. Default 250. */
  readonly pollMs?: number;
  /** Longest poll interval (ms). Default 5,000. */
  readonly maxPollMs?: number;
  readonly signal?: AbortSignal;
  /** Told when a job of an earlier run is found still running, or finished. */
  readonly onFound?: (jobId: string, state: JobStatus['state']) => void;
  /** Told when this call has submitted a job (before waiting for it). */
  readonly onSubmitted?: (jobId: string) => void;
}

/** What {@link runLoadJob} did: the id of the job that loaded the table and whether this call submitted it. */
export interface LoadJobOutcome {
  readonly jobId: string;
  readonly submitted: boolean;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', abort);
      resolve();
    }, ms);
    const abort = () => {
      clearTimeout(t);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', abort, { once: true });
  });

async function waitDone(api: BigqueryApi, jobId: string, options: LoadJobOptions): Promise<JobStatus> {
  let delay = options.pollMs ?? 250;
  for (;;) {
    const status = await api.job(jobId);
    if (status === undefined) throw new GoeError('ENGINE_ERROR', `Load job ${jobId} disappeared while it ran`);
    if (status.state === 'DONE') return status;
    await sleep(delay, options.signal);
    delay = Math.min(delay * 2, options.maxPollMs ?? 5000);
  }
}

/**
 * Loads staged files into a table at most once per attempt id (see the module documentation).
 *
 * @throws GoeError `ENGINE_ERROR` with BigQuery's message when the job this call submitted fails, or after
 *   {@link MAX_LOAD_ATTEMPTS} failed attempts.
 * @example
 * const { jobId, submitted } = await runLoadJob(api, spec, { signal });
 */
export async function runLoadJob(
  api: BigqueryApi,
  spec: LoadJobSpec,
  options: LoadJobOptions = {},
): Promise<LoadJobOutcome> {
  const prefix = loadJobPrefix(api.project, spec);
  let lastError = '';
  for (let attempt = 1; attempt <= MAX_LOAD_ATTEMPTS; attempt++) {
    const jobId = `${prefix}_${attempt}`;
    const found = await api.job(jobId);
    if (found === undefined) {
      await api.insertLoadJob(jobId, spec);
      options.onSubmitted?.(jobId);
      const done = await waitDone(api, jobId, options);
      if (done.error !== undefined) {
        throw new GoeError('ENGINE_ERROR', `Load job ${jobId} failed: ${done.error}`, {
          hint: 'The staged files do not match the load table schema, or BigQuery cannot read them from the bucket',
        });
      }
      return { jobId, submitted: true };
    }
    options.onFound?.(jobId, found.state);
    const done = found.state === 'DONE' ? found : await waitDone(api, jobId, options);
    if (done.error !== undefined) {
      lastError = done.error;
      continue;
    }
    if ((await api.table(spec.dataset, spec.table)) !== undefined) return { jobId, submitted: false };
  }
  throw new GoeError(
    'ENGINE_ERROR',
    `Load of ${spec.dataset}.${spec.table} failed ${MAX_LOAD_ATTEMPTS} times${lastError === '' ? '' : `: ${lastError}`}`,
  );
}
