/**
 * A test transport that runs elsewhere (`reads: 'source'`): `run` spawns `node` on child-transport-worker.mjs, a
 * plain program importing only `pg`, `apache-arrow` and `parquet-wasm`, hands it the slice sources over IPC and
 * gives its environment only the secret variables. The worker writes Parquet into the local store's directory and
 * reports no row counts (the backend counts). Each run is a job whose state lives in a file under `jobsDir`, so
 * `findJob` finds it from another process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  defineConfigSchema,
  defineTransport,
  GoeError,
  type JobStatus,
  type StagedFiles,
  type TransportAdapter,
  type TransportJob,
} from '@goe/core';
import type { LocalStagingStore } from '@goe/storage-local';

const WORKER = fileURLToPath(new URL('./child-transport-worker.mjs', import.meta.url));

/** What the worker reports at the end. */
interface Done {
  readonly files: readonly { path: string; bytes: number; sliceId: string }[];
  readonly modules: readonly string[];
}

/** Options of {@link childTransport}. */
export interface ChildTransportOptions {
  /** The child's whole environment besides PATH (the secrets its slice sources reference). */
  readonly env: Readonly<Record<string, string>>;
  /** Where job state files live. */
  readonly jobsDir: string;
}

/** The transport, the between-slices hook setter and the module graphs the workers reported. */
export interface ChildTransport {
  readonly transport: TransportAdapter;
  betweenSlices(hook: ((sliceId: string) => Promise<void>) | undefined): void;
  /** One entry per successful run: every module URL or path the worker loaded. */
  readonly moduleGraphs: (readonly string[])[];
}

interface JobFile {
  pid: number;
  state: JobStatus['state'];
  message?: string;
  files?: StagedFiles;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Creates a child-process transport named `childproc`.
 *
 * @example
 * const child = childTransport({ env: { POSTGRES_CONN: url }, jobsDir });
 * await child.transport.run({ plan, table, sources, store, events }, ctx);
 */
export function childTransport(options: ChildTransportOptions): ChildTransport {
  mkdirSync(options.jobsDir, { recursive: true });
  let hook: ((sliceId: string) => Promise<void>) | undefined;
  const moduleGraphs: (readonly string[])[] = [];
  const jobPath = (id: string) => join(options.jobsDir, `${id.replace(/[^A-Za-z0-9-]/g, '_')}.json`);
  const writeJob = (id: string, job: JobFile) => writeFileSync(jobPath(id), JSON.stringify(job));
  const readJob = (id: string): JobFile | undefined =>
    existsSync(jobPath(id)) ? (JSON.parse(readFileSync(jobPath(id), 'utf8')) as JobFile) : undefined;
  const handle = (id: string): TransportJob => ({
    id,
    async poll() {
      const job = readJob(id);
      if (job === undefined) return { state: 'failed', message: 'job state lost' };
      if (job.state === 'running' && !alive(job.pid)) return { state: 'failed', message: 'worker process gone' };
      return {
        state: job.state,
        ...(job.message === undefined ? {} : { message: job.message }),
        ...(job.files === undefined ? {} : { files: job.files }),
      };
    },
    async cancel() {
      const job = readJob(id);
      if (job?.state !== 'running') return;
      if (alive(job.pid)) process.kill(job.pid, 'SIGKILL');
      writeJob(id, { ...job, state: 'cancelled' });
    },
  });

  const transport = defineTransport({
    kind: 'transport',
    name: 'childproc',
    apiVersion: 2,
    description: 'Test transport: a plain node process reads each slice source with pg and writes Parquet',
    configSchema: defineConfigSchema({ group: 'childproc-test', title: 'childproc test transport', variables: [] }),
    capabilities: {
      method: 'CHILDPROC',
      parallel: false,
      staging: { schemes: ['file'], formats: ['PARQUET'] },
      reads: 'source',
    },
    available: async () => ({ ok: true }),
    findJob: async (id) => (readJob(id) === undefined ? undefined : handle(id)),
    async run(input, ctx) {
      const sources = input.sources;
      if (sources === undefined) throw new GoeError('INTERNAL', 'childproc reads slice sources, and none were given');
      const signals = [input.signal, ctx.signal].filter((s): s is AbortSignal => s !== undefined);
      const abortError = () => new GoeError('ABORTED', 'Transport cancelled');
      if (signals.some((s) => s.aborted)) throw abortError();
      const store = input.store as LocalStagingStore;
      const prefix = input.plan.staging.prefix;
      const id = `childproc-${randomUUID()}`;
      const child: ChildProcess = spawn(process.execPath, [WORKER], {
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
        env: { PATH: process.env.PATH ?? '', ...options.env },
      });
      let stderr = '';
      child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
      writeJob(id, { pid: child.pid ?? -1, state: 'running' });
      const currentHook = hook;
      let first = true;
      const done = new Promise<Done>((resolve, reject) => {
        child.on('message', (m: { type: string; sliceId?: string; message?: string } & Partial<Done>) => {
          if (m.type === 'slice-read') {
            const h = first ? currentHook : undefined;
            first = false;
            void Promise.resolve(h?.(m.sliceId!)).then(
              () => child.connected && child.send({ type: 'continue' }),
              (e: unknown) => reject(e instanceof Error ? e : new Error(String(e))),
            );
          } else if (m.type === 'done') resolve({ files: m.files!, modules: m.modules! });
          else if (m.type === 'error') reject(new GoeError('ENGINE_ERROR', `childproc worker: ${m.message}`));
        });
        child.on('exit', (code, sig) =>
          reject(new GoeError('ENGINE_ERROR', `childproc worker exited (${sig ?? code}) ${stderr.trim()}`)),
        );
      });
      const aborted = new Promise<never>((_, reject) => {
        const onAbort = () => reject(abortError());
        for (const s of signals) s.addEventListener('abort', onAbort, { once: true });
      });
      void done.catch(() => undefined);
      void aborted.catch(() => undefined);
      try {
        // the job is recorded before the worker starts; the worker waits for this message
        await input.onJob?.(handle(id));
        child.send({ type: 'job', sources, prefix, root: store.root });
        const result = await Promise.race([done, aborted]);
        moduleGraphs.push(result.modules);
        const files: StagedFiles = {
          format: 'PARQUET',
          files: result.files.map((f) => ({
            path: f.path,
            uri: store.uri(f.path),
            bytes: f.bytes,
            sliceId: f.sliceId,
          })),
        };
        writeJob(id, { pid: child.pid ?? -1, state: 'succeeded', files });
        return files;
      } catch (error) {
        child.kill('SIGKILL');
        writeJob(id, { pid: child.pid ?? -1, state: signals.some((s) => s.aborted) ? 'cancelled' : 'failed' });
        await store.delete(prefix).catch(() => undefined);
        throw error;
      }
    },
  });
  return { transport, betweenSlices: (h) => (hook = h), moduleGraphs };
}
