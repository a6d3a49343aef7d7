/**
 * The fault bed of the BigQuery stack: the shared PostgreSQL source (schema `faultbq`, fewer rows: the emulator loads
 * slowly), the NATIVE transport into GCS (fake-gcs-server, one bucket per case), BigQuery (a bigquery-emulator per
 * case: deleting tables leaks the emulator's memory), the SQLite repository and the file lock, driven through the
 * bundled `goe` binary as a child process. BigQuery's final load is not atomic with the repository: the kills at
 * `load:job-submitted` (a load job left RUNNING), `load:staged`, `load:before-commit` and `load:inserted` (rows
 * loaded, not recorded) must all end, after a plain rerun, with the source's rows exactly once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BigQuery } from '@google-cloud/bigquery';
import { bigqueryClientOptions, sdkApi } from '@goe/backend-bigquery';
import type { FaultBed, FaultHarness, FaultScenario, FaultState } from '@goe/conformance';
import {
  bigqueryLaunch,
  freePort,
  startEmulator,
  type RunningEmulator,
} from '../../../tools/test-support/emulators.js';
import { homeEnv, pgRenderedRows, repositoryState, tracedRun } from './bed-support.js';
import { FAULT_SCENARIOS, FAULT_SCHEMA, filesUnder, renderPg, SOURCES } from './embedded-bed.js';

/** Source schema of the BigQuery fault tests. */
export const BIGQUERY_FAULT_SCHEMA = 'faultbq';
/** Rows per source table (the emulator loads a few hundred rows a second). */
export const BIGQUERY_FAULT_ROWS = 600;

const inSchema = (argv: readonly string[]) =>
  argv.map((a) =>
    a.startsWith(`${FAULT_SCHEMA}.`) ? `${BIGQUERY_FAULT_SCHEMA}.${a.slice(FAULT_SCHEMA.length + 1)}` : a,
  );

/**
 * The scenarios: a full offload killed at every point, and a partition append in 3 chunks killed at the load points
 * (each chunk's scope deleted before it is loaded again).
 */
export const BIGQUERY_FAULT_SCENARIOS: readonly FaultScenario[] = FAULT_SCENARIOS.filter((s) =>
  ['full', 'partition-append'].includes(s.id),
).map((s) => ({
  ...s,
  argv: inSchema(s.argv),
  ...(s.id === 'partition-append'
    ? { killAt: ['load:*', 'before:FINAL_LOAD', 'after:FINAL_LOAD', 'before:SAVE_METADATA'] }
    : {}),
}));

async function createBucket(gcs: string): Promise<string> {
  const name = `goe-fault-${randomBytes(5).toString('hex')}`;
  const res = await fetch(`${gcs}/storage/v1/b?project=goe-test`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  if (!res.ok) throw new Error(`cannot create bucket ${name}: HTTP ${res.status}`);
  return name;
}

async function objects(gcs: string, bucket: string): Promise<string[]> {
  const res = await fetch(`${gcs}/storage/v1/b/${bucket}/o`);
  const body = (await res.json()) as { items?: { name: string }[] };
  return (body.items ?? []).map((o) => o.name);
}

/** Renders the backend rows as `renderPg` does (amounts with their two decimals, timestamps as epoch µs). */
async function bigqueryRows(endpoint: string, dataset: string, table: string): Promise<string[]> {
  const api = sdkApi(new BigQuery(bigqueryClientOptions({ endpoint, project: 'goe-test', maximumBytesBilled: 1e12 })));
  if ((await api.table(dataset, table)) === undefined) return [];
  const { rows } = await api.query(
    `SELECT CAST(id AS STRING), name, CAST(amount AS STRING), FORMAT_DATE('%Y-%m-%d', day), CAST(UNIX_MICROS(ts) AS STRING), note
     FROM \`goe-test\`.\`${dataset}\`.\`${table}\``,
  );
  const amount = (v: string) => {
    const [i = '0', f = ''] = v.split('.');
    return `${i}.${f.padEnd(2, '0')}`;
  };
  return rows
    .map((r) =>
      [r[0], r[1], r[2] === null ? null : amount(r[2]!), r[3], r[4], r[5]].map((v) => v ?? '<NULL>').join('|'),
    )
    .sort();
}

/** A bed: a fresh OFFLOAD_HOME, bucket and bigquery-emulator for one case of `scenario`. */
export async function bigqueryBed(pgUrl: string, gcs: string, scenario: FaultScenario): Promise<FaultBed> {
  const spec = SOURCES[scenario.id] ?? SOURCES.full!;
  const home = mkdtempSync(join(tmpdir(), `goe-fault-bq-${scenario.id}-`));
  const [port, grpc] = [await freePort(), await freePort()];
  const endpoint = `http://127.0.0.1:${port}`;
  const emulator: RunningEmulator | undefined = await startEmulator({
    binary: 'bigquery-emulator',
    ...bigqueryLaunch(endpoint, port, grpc, gcs),
  });
  if (emulator === undefined)
    throw new Error('bigquery-emulator is not installed (tools/engines/engines install bigquery)');
  const bucket = await createBucket(gcs);
  const baseEnv = homeEnv(home, pgUrl, {
    QUERY_ENGINE: 'BIGQUERY',
    BIGQUERY_ENDPOINT: endpoint,
    BIGQUERY_DATASET_PROJECT: 'goe-test',
    OFFLOAD_FS_SCHEME: 'gs',
    OFFLOAD_FS_CONTAINER: bucket,
    OFFLOAD_FS_PREFIX: 'goe',
    OFFLOAD_FS_GCS_ENDPOINT: gcs,
  });
  return {
    run: tracedRun(home, baseEnv),
    sourceRows: () => pgRenderedRows(pgUrl, renderPg(spec.where, spec.table, BIGQUERY_FAULT_SCHEMA)),
    backendRows: () => bigqueryRows(endpoint, BIGQUERY_FAULT_SCHEMA, spec.table),
    async state(): Promise<FaultState> {
      return {
        ...repositoryState(home, BIGQUERY_FAULT_SCHEMA, spec.table),
        locks: filesUnder(join(home, 'run')),
        staging: await objects(gcs, bucket),
      };
    },
    async dispose() {
      await emulator.stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** The harness of `faultSuite` for PostgreSQL → NATIVE → GCS → BigQuery on the emulators. */
export function bigqueryFaultHarness(pgUrl: string, gcs: string, concurrency = 2): FaultHarness {
  return {
    name: 'postgres→native→gcs→bigquery',
    scenarios: BIGQUERY_FAULT_SCENARIOS,
    concurrency,
    skip: {
      'steps.every-step-has-a-kill-point': 'the DuckDB harness traces every step (its reset scenario drops the table)',
    },
    bed: (scenario) => bigqueryBed(pgUrl, gcs, scenario),
  };
}
